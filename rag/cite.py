"""Citation lookup: where does the corpus say this?

Given a quote or a claim, find the passages that say it, best first:
1. exact matches, after normalising whitespace, quote marks, dashes, case and Markdown markup
   (emphasis, code marks, link brackets and destinations), found by scanning the
   text of every indexed document (a quote must be found even if retrieval would rank it low);
2. near-exact matches: a retrieved sentence window that matches the text up to a few characters
   (a changed word, dropped punctuation), scored like a partial edit-distance ratio;
3. semantically close sentences from hybrid retrieval, scored like the answerer scores them.

Reads the index only.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_right
from difflib import SequenceMatcher

from rag.answerer import ExtractiveAnswerer
from rag.catalog import Catalog
from rag.markers import ANSWER_MARK
from rag.passage import past_heading_marks, read_passages
from rag.retriever import HybridRetriever
from rag.scope import Scope
from rag.sentences import trimmed_span
from rag.types import CiteMatch, MatchKind  # noqa: F401  (the finder's result type)

# Characters people's quotes differ in without changing what was said.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2026": "...",
})
_WORD = re.compile(r"\S+")
# Markdown a rendered page does not show: emphasis and code marks, link brackets, a link's or an
# image's destination. A statement copied from the page (or from the chat, which shows the
# markup as written) must meet the source text, so both are folded without them.
_MARKS = frozenset("*_`[]")
_MAY_HOLD_MARKUP = re.compile(r"[*_`\[\]!]")
_DESTINATION = re.compile(r"\]\([^()\s]*\)")  # "](url)" closing a link or an image
_CONTEXT_CHARS = 240
_MIN_NEAR = 0.85
_SEMANTIC_FLOOR = 0.3


def _markup(word: str) -> set[int]:
    """Offsets of the Markdown markup in one whitespace-free word: a mark not between two letters or
    digits (`**bold**`, `` `UploadFile` ``, `[the`, but not `is_eager` nor `a*b`), the "(url)" after
    a link's "]", and the "!" opening an image. Decided within the word alone, so any whole words
    cut from a text fold as they did inside it."""
    dropped: set[int] = set()
    for m in _DESTINATION.finditer(word):
        dropped.update(range(m.start() + 1, m.end()))
    last = len(word) - 1
    for i, ch in enumerate(word):
        if ch in _MARKS and not (0 < i < last and word[i - 1].isalnum() and word[i + 1].isalnum()):
            dropped.add(i)
        elif ch == "!" and word[i + 1 : i + 2] == "[" and (i == 0 or not word[i - 1].isalnum()):
            dropped.add(i)
    return dropped


class Normalised:
    """A text folded for matching (case, quotes, dashes, whitespace, Markdown markup), with a map from
    each folded character back to the original."""

    __slots__ = ("text", "_folded_starts", "_raw_starts", "_irregular")

    def __init__(self, raw: str) -> None:
        out: list[str] = []
        # One pair of ints per word, not one per character: a whole corpus is held folded in
        # memory for exact lookup, and a per-character map cost 8 bytes a character (GBs at 1M passages).
        folded_starts, raw_starts = array("i"), array("i")
        # Words whose folding changed their length ("…" -> "...", markup dropped): the original
        # index of each folded character, then the word's original end.
        irregular: dict[int, array] = {}
        at = 0
        for match in _WORD.finditer(raw):
            word = match.group()
            dropped = _markup(word) if _MAY_HOLD_MARKUP.search(word) else ()
            kept = "".join(ch for i, ch in enumerate(word) if i not in dropped) if dropped else word
            folded = kept.translate(_FOLD).casefold()
            if not folded:
                continue  # markup alone ("**", a "*" bullet): nothing a reader sees
            if out:
                out.append(" ")
                at += 1
            if dropped or len(folded) != len(word):
                irregular[len(folded_starts)] = array("i", [
                    i for i, ch in enumerate(word, match.start()) if i - match.start() not in dropped
                    for _ in ch.translate(_FOLD).casefold()
                ] + [match.end()])
            folded_starts.append(at)
            raw_starts.append(match.start())
            out.append(folded)
            at += len(folded)
        self.text = "".join(out)
        self._folded_starts, self._raw_starts, self._irregular = folded_starts, raw_starts, irregular

    def _origin(self, at: int) -> tuple[int, int]:
        """The original span of folded character `at`, widened over the markup dropped on either side
        of it within its word: a span that starts or ends at a word takes the word's marks with it
        (`**Typer**`, `[the guide](url)`, not `Typer**` nor `[the guide`)."""
        w = bisect_right(self._folded_starts, at) - 1
        nxt = self._folded_starts[w + 1] if w + 1 < len(self._folded_starts) else len(self.text) + 1
        if at == nxt - 1 and w + 1 < len(self._folded_starts):
            space = self._raw_starts[w + 1] - 1  # the single space standing for the whitespace before a word
            return space, space + 1
        offset = at - self._folded_starts[w]
        chars = self._irregular.get(w)
        if chars is None:
            own = self._raw_starts[w] + offset
            return own, own + 1
        own = chars[offset]
        before = chars[offset - 1] + 1 if offset else self._raw_starts[w]
        return min(before, own), max(chars[offset + 1], own + 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering folded characters [start, end)."""
        return self._origin(start)[0], self._origin(end - 1)[1]


def normalise(text: str) -> str:
    return Normalised(text).text


def _partial_ratio(needle: str, hay: str) -> tuple[float, int, int]:
    """Best ratio of `needle` against any same-length window of `hay`, and that window."""
    if not needle or not hay:
        return 0.0, 0, 0
    if len(hay) <= len(needle):
        return SequenceMatcher(None, needle, hay, autojunk=False).ratio(), 0, len(hay)
    best = (0.0, 0, 0)
    matcher = SequenceMatcher(None, needle, hay, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size == 0:
            continue
        lo = max(0, min(block.b - block.a, len(hay) - len(needle)))
        window = hay[lo : lo + len(needle)]
        ratio = SequenceMatcher(None, needle, window, autojunk=False).ratio()
        if ratio > best[0]:
            best = (ratio, lo, lo + len(needle))
    return best


def _refine(needle: str, hay: str, lo: int, hi: int) -> tuple[float, int, int]:
    """Move each end of a window a few characters to where it matches best: the anchoring block
    of `_partial_ratio` can leave a differing first or last word outside the window."""
    slack = max(3, len(needle) // 8)

    def ratio(a: int, b: int) -> float:
        return SequenceMatcher(None, needle, hay[a:b], autojunk=False).ratio()

    best = ratio(lo, hi)
    for a in range(max(0, lo - slack), min(hi, lo + slack) + 1):
        r = ratio(a, hi)
        if r > best:
            best, lo = r, a
    for b in range(max(lo + 1, hi - slack), min(len(hay), hi + slack) + 1):
        r = ratio(lo, b)
        if r > best:
            best, hi = r, b
    return best, lo, hi


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words so a near match never shows half a word."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return trimmed_span(text, start, end)


class CitationFinder:
    """Finds where the corpus says a given text. One per index; safe to share between threads."""

    def __init__(self, catalog: Catalog, retriever: HybridRetriever, answerer: ExtractiveAnswerer,
                 scan_max_chunks: int = 200_000) -> None:
        self.catalog = catalog
        self.retriever = retriever
        self.answerer = answerer
        # Up to this many passages every document is scanned for an exact quote (and kept folded
        # in memory); above it only the documents retrieval finds for the quote are: at 1M
        # passages the whole-corpus fold held the GIL for minutes after start and took GBs.
        self.scan_max_chunks = scan_max_chunks
        # Folded document texts, keyed by doc id and checked against the content hash so a
        # re-ingested document is folded again.
        self._folded: dict[str, tuple[str, Normalised]] = {}
        self._lock = threading.Lock()
        self._scan_decision: tuple[int, bool] | None = None  # (catalog generation, scans everything)

    def _scans_everything(self) -> bool:
        # Counting the passages is slow on a large catalog, and it changes only with the catalog.
        generation = self.catalog.generation()
        decided = self._scan_decision
        if decided is None or decided[0] != generation:
            decided = self._scan_decision = (generation, self.catalog.counts()[1] <= self.scan_max_chunks)
        return decided[1]

    def warm(self) -> None:
        """Fold every document's text now, so the first lookup does not pay for it."""
        if not self._scans_everything():
            return
        for doc in self.catalog.documents():
            self._folded_text(doc.doc_id, doc.content_hash)

    def find(self, text: str, limit: int = 5, scope: Scope | None = None) -> list[CiteMatch]:
        """Exact matches first, then near-exact, then semantic; no span is reported twice. With
        `scope`, only the documents it lets a question read."""
        retriever = self.retriever.scoped(scope)
        allowed = retriever.allowed()
        query = Normalised(text)
        if not query.text.strip():
            return []
        scan = self._scans_everything() or (allowed is not None and len(allowed) <= self.scan_max_chunks)
        within = None if allowed is None else allowed.doc_ids
        matches = self._exact(query.text, limit, retriever, None if scan else text, within)
        unmarked = ANSWER_MARK.sub("", text)
        if not matches and unmarked != text and unmarked.strip():
            # A sentence copied from an answer with its "[1]": a document that has the marks too
            # was found above; otherwise the words without the answer's marks are what it said.
            text, query = unmarked, Normalised(unmarked)
            matches = self._exact(query.text, limit, retriever, None if scan else text, within)
        if len(matches) < limit:
            matches += self._retrieved(retriever, text, query.text, limit, matches)
        return matches[:limit]

    # -- exact ------------------------------------------------------------------------------
    def _folded_text(self, doc_id: str, content_hash: str) -> Normalised | None:
        with self._lock:
            cached = self._folded.get(doc_id)
        if cached and cached[0] == content_hash:
            return cached[1]
        raw = self.catalog.document_text(doc_id)
        if raw is None:
            return None
        folded = Normalised(raw)
        with self._lock:
            self._folded[doc_id] = (content_hash, folded)
        return folded

    def _exact(self, needle: str, limit: int, retriever: HybridRetriever, retrieve_for: str | None = None,
               within: frozenset[str] | None = None) -> list[CiteMatch]:
        """Exact (folded) occurrences in every document (of `within` when given), or, given
        `retrieve_for`, in the documents of the passages `retriever` finds for that text (a quote
        shares all its words with the passage that holds it, so BM25 ranks that passage near the top)."""
        out: list[CiteMatch] = []
        if retrieve_for is None:
            documents = [d for d in self.catalog.documents() if within is None or d.doc_id in within]
        else:
            hits = retriever.retrieve(retrieve_for, k=50, references_last=False, users_first=False).hits
            wanted = list(dict.fromkeys(h.chunk.doc_id for h in hits))
            found = {d: self.catalog.document(d) for d in wanted}
            documents = [found[d] for d in wanted if found[d] is not None]
        live = {doc.doc_id for doc in documents} if retrieve_for is None and within is None else None
        for doc in documents:
            folded = self._folded_text(doc.doc_id, doc.content_hash)
            if folded is None:
                continue
            at = folded.text.find(needle)
            while at != -1 and len(out) < limit:
                start, end = folded.span(at, at + len(needle))
                out.append(self._match("exact", 1.0, doc.doc_id, start, end))
                at = folded.text.find(needle, at + max(1, len(needle)))
            if len(out) >= limit:
                break
        with self._lock:
            if live is not None:
                for gone in set(self._folded) - live:
                    self._folded.pop(gone, None)
            elif len(self._folded) > 1_000:  # keep only recent documents' folds
                for old in list(self._folded)[: len(self._folded) - 1_000]:
                    self._folded.pop(old, None)
        return out

    # -- near and semantic ------------------------------------------------------------------
    def _retrieved(self, retriever: HybridRetriever, raw: str, needle: str, limit: int,
                   found: list[CiteMatch]) -> list[CiteMatch]:
        retrieval = retriever.retrieve(raw, k=max(limit, 5), references_last=False, users_first=False)
        taken = [(m.doc_id, m.start, m.end) for m in found]

        def overlaps(doc_id: str, start: int, end: int) -> bool:
            return any(d == doc_id and start < e and s < end for d, s, e in taken)

        passages = read_passages(retrieval.hits, self.catalog, self.answerer.embedder)
        near: list[CiteMatch] = []
        for passage in passages:
            chunk, sentences = passage.chunk, passage.sentences
            # Windows of up to three sentences, so a quote spanning a sentence break still matches.
            for i in range(len(sentences)):
                for j in range(i, min(i + 3, len(sentences))):
                    s_start, s_end = sentences[i].start, sentences[j].end
                    window = Normalised(chunk.text[s_start - chunk.start : s_end - chunk.start])
                    if len(window.text) < len(needle) * 0.7:
                        continue
                    ratio, lo, hi = _partial_ratio(needle, window.text)
                    if ratio < _MIN_NEAR - 0.1:
                        continue
                    ratio, lo, hi = _refine(needle, window.text, lo, hi)
                    if ratio < _MIN_NEAR:
                        continue
                    a, b = window.span(lo, hi)
                    a, b = _snap_to_words(chunk.text, s_start - chunk.start + a, s_start - chunk.start + b)
                    start, end = chunk.start + a, chunk.start + b
                    if not overlaps(chunk.doc_id, start, end):
                        near.append(self._match("near", round(ratio, 4), chunk.doc_id, start, end, chunk.page_at(start)))
                        taken.append((chunk.doc_id, start, end))
                    break
        near.sort(key=lambda m: -m.score)

        semantic: list[CiteMatch] = []
        for c in self.answerer.scored_passages(passages, retrieval).candidates:
            if len(found) + len(near) + len(semantic) >= limit or c.score < _SEMANTIC_FLOOR:
                break
            doc_id = c.hit.chunk.doc_id
            if overlaps(doc_id, c.start, c.end):
                continue
            semantic.append(self._match("semantic", round(c.score, 4), doc_id, c.start, c.end, c.hit.chunk.page_at(c.start)))
            taken.append((doc_id, c.start, c.end))
        return near + semantic

    def _match(self, kind: MatchKind, score: float, doc_id: str, start: int, end: int,
               page: int | None = None) -> CiteMatch:
        doc = self.catalog.document(doc_id)
        text = self.catalog.document_text(doc_id) or ""
        # A match from a heading's line shows the heading's words, as an answer's source does.
        start = past_heading_marks(text[:start], text[start:end], start)[1]
        if page is None:
            page = self._page_at(doc_id, start)
        return CiteMatch(
            kind=kind, score=score, doc_id=doc_id, path=doc.path if doc else "", title=doc.title if doc else "",
            start=start, end=end, text=text[start:end], page=page,
            before=text[max(0, start - _CONTEXT_CHARS) : start], after=text[end : end + _CONTEXT_CHARS],
        )

    def _page_at(self, doc_id: str, offset: int) -> int | None:
        for chunk in self.catalog.chunks(self.catalog.chunk_ids_of(doc_id)).values():
            if chunk.start <= offset < chunk.end:
                return chunk.page_at(offset)
        return None

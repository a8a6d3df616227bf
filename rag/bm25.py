"""The sparse side: a bm25s index over the same chunks as Chroma, saved beside it.

`ingest.bm25_writer` brings it in step with the catalog after each ingest that changed something
and swaps it in with a rename, so a reader never sees half of one; this module searches it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

from rag.definition_terms import asked_definition_term, with_definition_terms
from rag.types import Chunk

IDS_FILE = "chunk_ids.json"
META_FILE = "citeline.json"
# Version of what the folder holds beside bm25s's files; another value makes the next ingest
# build it from scratch.
FORMAT = 5  # 3: flags' own terms (`with_flag_terms`); 4: definitions' own (rag/definition_terms.py);
# 5: "We present X, ..." defines X


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


# A command-line flag as written: "--no-sync", "--frozen", "-v" is too short to tell.
_FLAG = re.compile(r"(?<![\w-])--([A-Za-z][\w-]*[A-Za-z0-9])")


def with_flag_terms(text: str) -> str:
    """`text` with one more word per flag it names ("--no-sync" -> "flagnosync"). The tokenizer
    reads "--no-sync" as the stop word "no" and "sync", which every page about syncing has, and
    "--frozen" as the "frozen" of every traceback's "<frozen importlib>": a question naming the flag
    did not find the one passage that documents it (try9, uv's docs: "What does the --no-sync flag
    do?" was declined). The added word is as rare as the flag, so BM25 ranks its passages first."""
    flags = _FLAG.findall(text)
    if not flags:
        return text
    return text + "\n" + " ".join("flag" + re.sub(r"[\W_]", "", f).lower() for f in flags)


def tokenize(texts: list[str]):
    """Lower-cased, English stop words removed, Snowball-stemmed: the same for corpus and queries
    (flags named: `with_flag_terms`; things defined: `with_definition_terms`)."""
    import bm25s

    return bm25s.tokenize([with_definition_terms(with_flag_terms(t)) for t in texts], lower=True,
                          stopwords="en", stemmer=_stemmer(), show_progress=False)


def query_terms(text: str, stopwords: str | list[str] = "en") -> list[str]:
    import bm25s

    return bm25s.tokenize([text], lower=True, stopwords=stopwords, stemmer=_stemmer(), return_ids=False,
                          show_progress=False)[0]


# Words that frame a question rather than say what it is about: question words, auxiliaries and
# pronouns (NLTK's English stop words less its prepositions, quantifiers and comparatives, which
# do carry a claim's meaning: "more", "before", "only", "between").
_QUESTION_FRAME = frozenset(
    "how what which when where why who whom whose do does did doing done can could should would shall may "
    "might must have has had having am were been being i me my myself we our ours ourselves you your yours "
    "yourself yourselves he him his himself she her hers herself its itself them theirs themselves those "
    "here just now so".split()
    # What the tokenizer leaves of contractions ("don't" -> "don", "you've" -> "ve").
    + "don doesn didn isn aren wasn weren haven hasn hadn couldn shouldn wouldn ll ve re".split()
)


# First words that make a sentence a question without its "?".
_QUESTION_OPENERS = frozenset(
    "how what which when where why who whom whose do does did can could should would shall may might must "
    "have has had am is are was were".split()
)


def _asks(text: str) -> bool:
    words = text.split(maxsplit=1)
    return text.rstrip().endswith("?") or bool(words) and words[0].lower().strip("\"'(") in _QUESTION_OPENERS


def search_terms(query: str) -> list[str]:
    """The terms a search looks up: `query_terms`, less the words that frame a question when the
    query is one. Indexed text keeps those words, so this needs no new index. In a question ("How
    do I ...", "Which ... does ...") they matched every passage phrased as a question or an
    instruction, whatever its subject; in a statement (a claim to check) "can" or "have" still
    says something (docs/quality.md)."""
    flagged = with_flag_terms(query)
    if not _asks(query):
        return query_terms(flagged)
    defined = asked_definition_term(query)
    # "What is X?" also looks up where X is defined (rag/definition_terms.py).
    return query_terms(flagged + ("\n" + defined if defined else ""), _question_stopwords())


@lru_cache(maxsize=1)
def _question_stopwords() -> list[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return sorted(_QUESTION_FRAME | set(STOPWORDS_EN))


def indexed_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its document's title, then its text."""
    return f"{chunk.title}\n{chunk.text}"


@dataclass
class BM25Index:
    chunk_ids: list[str]
    generation: int
    _retriever: object | None
    _positions: dict[str, int] | None = field(default=None, repr=False)
    # A query whose every term is in more than this share of the indexed chunks finds nothing.
    MAX_SHARE: ClassVar[float] = 0.5

    @classmethod
    def load(cls, folder: Path) -> "BM25Index | None":
        if not (folder / META_FILE).exists():
            return None
        meta = json.loads((folder / META_FILE).read_text())
        chunk_ids = json.loads((folder / IDS_FILE).read_text())
        retriever = None
        if chunk_ids:
            import bm25s

            retriever = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
        return cls(chunk_ids, int(meta["generation"]), retriever)

    @staticmethod
    def stored_generation(folder: Path) -> int | None:
        try:
            return int(json.loads((folder / META_FILE).read_text())["generation"])
        except (OSError, ValueError, KeyError):
            return None

    @staticmethod
    def current(folder: Path, generation: int) -> bool:
        """Whether the index at `folder` holds the catalog at `generation`, written in this `FORMAT`
        (one of another format lacks terms a search now looks up: the next ingest rebuilds it)."""
        try:
            meta = json.loads((folder / META_FILE).read_text())
            return int(meta["generation"]) == generation and meta.get("format") == FORMAT
        except (OSError, ValueError, KeyError):
            return False

    def document_frequencies(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """The number of indexed chunks, and how many of them contain each (stemmed) term."""
        if self._retriever is None:
            return 0, {}
        scores = self._retriever.scores
        indptr, vocab = scores["indptr"], self._retriever.vocab_dict
        # Column t of bm25s's sparse score matrix holds one entry per chunk containing term t.
        return int(scores["num_docs"]), {t: int(indptr[vocab[t] + 1] - indptr[vocab[t]]) if t in vocab else 0
                                         for t in terms}

    def mask(self, chunk_ids: Collection[str]) -> np.ndarray:
        """Which indexed chunks are in `chunk_ids`, by position: what `search` may return."""
        if self._positions is None:
            # Built on the first scoped search only; an unscoped server never pays for it.
            self._positions = {cid: i for i, cid in enumerate(self.chunk_ids)}
        allowed = np.zeros(len(self.chunk_ids), dtype=bool)
        at = [self._positions[cid] for cid in chunk_ids if cid in self._positions]
        allowed[np.asarray(at, dtype=np.int64)] = True
        return allowed

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Top-k chunk ids with positive BM25 scores, best first; with `allowed` (a `mask`), the
        top k of those chunks alone, so a narrow scope still gets k when k contain a term."""
        if self._retriever is None:
            return []
        terms = search_terms(query)
        vocab = self._retriever.vocab_dict
        terms = [t for t in terms if t in vocab]
        # A term in most passages (a docs site's own name) tells none apart: a question of such
        # terms alone ("What is <project>?") still made a ranking, which fusion's min-max scaling
        # weighed like a real one. Beside a rarer term its low IDF already keeps it small.
        indexed, frequencies = self.document_frequencies(terms)
        if not terms or all(frequencies[t] > self.MAX_SHARE * indexed for t in terms):
            return []
        k = min(k, len(self.chunk_ids))
        # Scores of every chunk, then our own top-k: bm25s.retrieve around the same get_scores was
        # several times slower on large indexes (docs/performance.md, "Figures behind the defaults").
        scores = np.asarray(self._retriever.get_scores(terms))
        if allowed is not None:
            # The same as bm25s's retrieve(weight_mask=...): scores of chunks outside are zeroed.
            scores = np.where(allowed, scores, 0.0)
        best = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        best = best[np.lexsort((best, -scores[best]))]  # best score first, ties by position
        return [(self.chunk_ids[int(i)], float(scores[i])) for i in best if scores[i] > 0]

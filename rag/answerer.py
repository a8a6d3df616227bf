"""The extractive answerer: no LLM, only text the corpus actually contains.

It cuts the top passages into answer units (rag/units.py: sentences, lead-ins with their lists,
lists, code, table rows, short paragraphs), scores how well each ANSWERS the question
(resemblance: cosine of embeddings plus the share of question terms the unit contains; plus the
fit of the unit's form to the question's type, minus penalties for headings, fragments, bare
lead-ins and restatements: rag/unit_scoring.py), abstains when the best is not good enough
(rag/abstention.py), and cites each unit chosen with its exact span in its document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from rag.abstention import NO_ANSWER, Abstention, Signals, TermRarity, asking_terms, function_words, names_unindexed
from rag.asked_example import NAMED
from rag.asked_count import lacks_count
from rag.asked_definition import lacks_definition
from rag.asked_literal import lacks_constraint
from rag.asked_measure import lacks_measure
from rag.asked_quantity import lacks_asked
from rag.asked_reason import lacks_reason
from rag.asked_removal import lacks_removal
from rag.asked_opposite import AskedWays
from rag.terms import terms
from rag.tab_labels import tab_label
from rag.catalog import Catalog
from rag.embeddings import AnyEmbedder
from rag.entry_field import Entry, asked_field, entry_of, gives_field, is_code_name, named_entries
from rag.entry_label import names_setting
from rag.document_marks import code_start, shown_unit
from rag.evidence import Evidence, gather, section_of
from rag.item_sentences import item_sentences
from rag.asked_version import VersionedSection, of_version_units, section_versions, versions
from rag.captions import caption, label_of, named_labels
from rag.followup import FollowUp, goes_on, pointer_words
from rag.leaders import states_what_winner_lacks, with_leaders
from rag.numbered_names import numbered_terms
from rag.page_role import about_project, asks_about_project
from rag.page_window import WEAK_FORMS, best_unread
from rag.named_heading import naming_heading
from rag.passage import Passage, read_passages, source
from rag.pager_code import only_pages
from rag.question_type import QuestionType, followup_type, question_type, without_opening_conjunction
from rag.ref_titles import RefTargets
from rag.repeated_words import Said, repeats, restates, said
from rag.resemblance import resemblance, term_shares
from rag.retriever import Hit, Retrieval
from rag.section_list import lists, next_in_section
from rag.settings import AnswerSettings
from rag.shown_answer import marked
from rag.shown_passage import reads_as_markdown
from rag.sides import names_neither, side_words, sides_named
from rag.types import Answer, AnswerSentence, Source
from rag.unit_scoring import (ENTRY_PART, FIT, PARAGRAPH_PENALTY, SENTENCE_END, SETS_BOTH_APART_FIT, Fit, answer_fit, ends_sentence,
                              illustrates, is_note, shows_code)
from rag.trimmed_code import trimmed
from rag.units import SHORT_PARAGRAPH_CHARS, shown_cut
from rag.unindexed_link import indexed, unindexed_title

# Units picked after the best must score this close to it.
_CLOSE = 0.2
# A how-to's step said right after the statement it points back at ("To do that, use `x`:", "You can achieve the
# same using `hide_input=True`."), within this many characters of it: in the same or the next paragraph, past a
# link line between them.
_SAYS_HOW_OF_BEFORE = re.compile(r"(?:to do (?:that|this|so)|for (?:that|this))\b\s*,"
                                 r"|you can (?:also )?(?:achieve|do|get|accomplish) (?:the same|that|this|it)\b",
                                 re.IGNORECASE)
_HOW_SAID_REACH = 300
# A lead-in whose step is what follows it, whatever code it names ("See `poetry help completions` ..., but the gist
# is as simple as using one of the following:").
_PROMISES = re.compile(r"\b(?:the following|as follows|below)\b[^.:!?]{0,40}[.:]?\s*$", re.IGNORECASE)
# ... and earn their place (`_earns_place`): one this close to the best does on its own strength; one further
# down only where it goes on with the best (its page, within `_SAME_PAGE_CLOSE`; its section) or answers what
# the best does not (a section named for an asked thing the best's is not; a how-to's step).
_NEARLY = 0.1
_SAME_PAGE_CLOSE = 0.15
# What a unit of a page about the project loses against user pages' units, for a question on using it.
_ABOUT_PROJECT_ASIDE = 0.2
# A unit under the label (a content tab) the question names among its siblings gains this much; one
# under a sibling label loses it: it answers for another variant (rag/captions.py).
LABEL_BONUS = 0.15
# A question's own term names a variant only if fewer than this share of the indexed chunks say it:
# one more common is what the corpus is about ("ruff" of a "ruff.toml" tab, in Ruff's docs).
VARIANT_CHUNK_SHARE = 0.2
# A unit speaking of the side of a comparison no unit chosen speaks of may score this far below the best.
_OTHER_SIDE_CLOSE = 0.3
# A how-to answered in prose alone shows the best step (code, with the statement introducing it)
# scoring this close to the best unit: the statement says what the step is for, the code what to do.
_STEP_CLOSE = 0.2
# Units that answer whole: a lead-in with its list or code, a list, a code block. Sentences added
# after one would only dilute it.
_WHOLE = frozenset({"lead_in", "introduced_code", "announced_list", "list", "code"})
# Units showing a sentence with the list or code it introduces.
_LEADING = frozenset({"lead_in", "introduced_code", "announced_list"})
# A pair or paragraph that opens with the best sentence and trails it by no more than the paragraph
# penalty (their resemblance is the same: the sentence wins only for being shorter) is shown in its
# place: it says the same and goes on, often with the very answer ("When enabling a new rule on an
# existing codebase, you may want to ignore all _existing_ violations ..." then "Ruff enables this
# workflow via the `--add-noqa` flag ..."). A pair takes one place among the units shown, a longer
# paragraph one per sentence beyond the second.
_WIDEN = PARAGRAPH_PENALTY + 1e-6
# The widening stays short: the answer with the widened unit in place of its sentence is no longer
# than the longest paragraph a unit shows whole. Past it the sentence alone is shown: a widened unit
# adds context, never length beyond what an answer should have (the XQuAD gate's mean-length ceiling).
_WIDEN_CHARS = SHORT_PARAGRAPH_CHARS
# A factoid ("When did the pier open?", "How many ships ...?") whose best sentence names the kind of
# thing asked (a year, a number, a name) is answered by it: the next sentence only lengthens it.
_FACTOIDS = frozenset({"time", "quantity", "person", "place"})
# Kinds of answer a unit's form shows (a number, a date, a reason, a cost): a follow-up asking one of what
# was said is answered when the sentence said gives it (`FollowUp.unsupported`, `FollowUp.repeats`).
KIND_GIVEN = _FACTOIDS | {"reason", "drawback"}
# A line that ends where a sentence ends may end a paragraph (a plain text sets one per line): the
# widening never reads over one, nor over a blank line (the next block).
_LINE_AFTER_SENTENCE = re.compile(SENTENCE_END + r"[ \t]*\r?\n|\n[ \t]*\r?\n")
# Markdown runs a paragraph to its blank line: a line per sentence ("semantic line breaks", as
# Poetry's pages write) is one paragraph there.
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
# ... and it ends where a sentence does (`ends_sentence`).


@dataclass(frozen=True, slots=True)
class Candidate:
    """One answer unit of a retrieved passage, scored."""

    hit_rank: int
    hit: Hit
    evidence: Evidence
    relevance: float  # resemblance to the question: cosine + overlap_weight * term overlap
    fit: Fit
    score: float  # relevance + fit: how well it answers
    # The parts of the resemblance as asked (bench/unit_misses.py shows them).
    cosine: float = 0.0
    overlap: float = 0.0
    # Set aside as a page about the project (release notes, contributing) for a question about using it.
    aside: bool = False

    @property
    def text(self) -> str:
        """The document's characters at [start, end): what a source quotes."""
        return self.evidence.unit.text

    @property
    def read(self) -> str:
        """The text as scored and shown: a quote's `>` marks blanked (rag/block_quotes.py)."""
        return self.evidence.unit.read

    @property
    def display(self) -> str:
        return self.evidence.unit.display

    @property
    def start(self) -> int:
        return self.evidence.unit.start

    @property
    def end(self) -> int:
        return self.evidence.unit.end


# How far below the best unit, one item of its list, the lead-in holding that list may score and answer in its place.
_LEAD_IN_CLOSE = 0.05


def combined(evidence: Evidence, parts: np.ndarray) -> float:
    """A unit's resemblance from its sentences': a sentence or paragraph, its closest sentence; a
    lead-in, its own sentence, raised halfway towards its closest item (an item that matches
    far better is its own unit); a list, halfway between its closest and its average item."""
    kind = evidence.unit.kind
    if kind in ("lead_in", "introduced_code", "announced_list") and len(parts) > 1:
        return float(max(parts[0], 0.5 * (parts[0] + parts[1:].max())))
    if kind == "list":
        return float(0.5 * parts.max() + 0.5 * parts.mean())
    return float(parts.max())


@dataclass(frozen=True, slots=True)
class Scored:
    """Every unit of the passages, best first, and what the abstention decision saw."""

    candidates: list[Candidate]
    qtype: QuestionType
    question_terms: frozenset[str]
    # A follow-up that leans on the conversation asks for one detail: one unit answers it.
    elliptic: bool = False
    unsupported: bool = False  # ... and one the conversation's documents cannot answer is declined
    # A follow-up answered from the conversation's documents: like an elliptic one, it names
    # words of its own the passages need not repeat ("Why could it still say HTTP/1.1?").
    within: bool = False
    # The labelled lines giving the field asked of the entry the question or conversation names
    # ("Default: ``None``" of SESSION_COOKIE_SAMESITE), best first: the answer, whatever scores
    # more (rag/entry_field.py).
    entry_answers: tuple[Candidate, ...] = ()
    # The chunk read beyond the k passages (rag/page_window.py), "" when none: abstention is decided
    # on what the k passages hold alone.
    added: str = ""
    # The dense search's first, when read beyond the k (rag/leaders.py): it may answer, but whether
    # the question is answered at all is decided, as for `added`, on the k alone.
    leaders: frozenset[str] = frozenset()

    @property
    def beyond(self) -> frozenset[str]:
        """The chunks read beyond the k passages."""
        return self.leaders | {self.added} if self.added else self.leaders

    @property
    def decided_on(self) -> list[Candidate]:
        beyond = self.beyond
        return [c for c in self.candidates if c.hit.chunk.chunk_id not in beyond] if beyond else self.candidates


class ExtractiveAnswerer:
    def __init__(self, embedder: AnyEmbedder, settings: AnswerSettings, catalog: Catalog,
                 rarity: TermRarity | None = None) -> None:
        self.embedder = embedder
        self.settings = settings
        self.catalog = catalog
        self.ref_targets = RefTargets(catalog)
        self.abstention = Abstention(settings, rarity, catalog)

    def _rank(self, evidence: list[Evidence], retrieval: Retrieval, question: str,
              followup: FollowUp | None = None, qtype: QuestionType | None = None,
              variant: frozenset[str] | None = None) -> Scored:
        qtype = qtype or question_type(question)
        q_terms = terms(question)
        elliptic = followup is not None and followup.elliptic
        if not evidence:
            return Scored([], qtype, q_terms, elliptic)
        unit_terms = [terms(e.unit.read) for e in evidence]
        # A unit speaks under its section's heading: in a reference page of short sections
        # ("solver.lazy-wheel", "Request Files") the heading names what its sentences are about.
        sections = [terms(section_of(e.unit, e.hit.chunk)) for e in evidence]
        # A follow-up's new words ("And in PowerShell?") may name only the tab or label a block is under;
        # the numbered thing it asks about ("And Cluster 6?") is one term of the unit naming it.
        captions = [terms(caption(e.hit.chunk, e.unit.start)) | (numbered_terms(e.unit.read) & followup.focus)
                    if followup is not None else frozenset() for e in evidence]
        sections = [s | c for s, c in zip(sections, captions)]
        labels = [label_of(e.hit.chunk, e.unit.start, e.unit.read, e.unit.kind in ("code", "introduced_code"))
                  for e in evidence]
        if variant is None:
            variant = (followup.focus if followup is not None
                       else self._distinctive(q_terms - asking_terms() - terms(qtype.category))
                       if any(labels) or any(e.tabs for e in evidence) else frozenset())
        # A caption right above a unit chooses among the blocks of its section; else the tabs it is in, among the page's.
        gains = [label or tab for label, tab in zip(_label_gains(evidence, labels, variant), _tab_gains(evidence, variant))]
        part_terms = [[terms(t) | section for t in e.part_texts] for e, section in zip(evidence, sections)]
        w = self.settings.overlap_weight

        def overlap(q: frozenset[str]) -> list[np.ndarray]:
            return [term_shares(q, parts) for parts in part_terms]

        def resembling(query: str, vector: np.ndarray) -> np.ndarray:
            shares = overlap(terms(query))
            return np.array([combined(e, resemblance(e.parts @ vector, o, w)) for e, o in zip(evidence, shares)])

        relevance = resembling(retrieval.query, retrieval.query_vector)
        cosines = [combined(e, e.parts @ retrieval.query_vector) for e in evidence]
        overlaps = [combined(e, o) for e, o in zip(evidence, overlap(terms(retrieval.query)))]
        # A question that stands on its own is answered as asked; only one that finds nothing
        # relevant alone (a follow-up) borrows the conversation's wording. A follow-up that goes
        # on with the conversation is scored partly as asked, partly with the question it follows
        # (which says what it is about; its own words and type say what it asks of that: half
        # each when elliptic); the words it adds to the conversation count once more.
        if followup is not None and followup.continued:
            borrowed = resembling(followup.topic, followup.topic_vector)
            # ... not the words pointing back ("its" of "What's its drawback?"): they name nothing.
            own = (followup.focus or terms(question) - asking_terms() - terms(" ".join(pointer_words(question)))) \
                - terms(qtype.category)
            added = np.array([float(np.max(o)) for o in overlap(own)]) if own else 0.0
            weight = followup.own_weight
            relevance = weight * relevance + (1 - weight) * borrowed + w * added
        elif retrieval.alternatives and relevance.max() < self.settings.min_relevance:
            for query, vector in retrieval.alternatives:
                relevance = np.maximum(relevance, resembling(query, vector))
        # The first unit under each heading a passage holds, its notes ("New in version 1.5.") aside
        # (a passage that starts mid-section shows no heading over its first units: their section's
        # start is not there).
        first: dict[tuple[str, str], int] = {}
        for e in evidence:
            if e.unit.heading and e.unit.kind not in ("heading", "entry") and not is_note(e.unit.display):
                key = (e.hit.chunk.chunk_id, e.unit.heading)
                first[key] = min(first.get(key, e.unit.start), e.unit.start)
        # A follow-up going on with a conversation about an entry of a reference page the previous
        # answer named as written ("... list it under extra_css", then "And a script?") may ask for
        # another entry: its description alone does not say which ("Set a list of JavaScript files
        # ..."), the entry unit ("extra_javascript: Set a list ...") does (`_named_descriptions`).
        said: frozenset[Entry] = frozenset()
        if followup is not None and (followup.continued or goes_on(question)) and followup.answer:
            said = named_entries(followup.answer, {entry_of(e.hit.chunk, e.unit.start) for e in evidence})
        # Pages about the project (contributing guide, release notes) answer a question about using it
        # only when no user page does (rag/page_role.py).
        aside = 0.0 if asks_about_project(question) else _ABOUT_PROJECT_ASIDE
        elsewhere = _answering_elsewhere(evidence, unit_terms, sections, followup) if elliptic else frozenset()
        ways = AskedWays.of(question)  # the ways the question asks, read once for every unit
        candidates = []
        near_terms = []
        near_relevance = 0.0
        kind_given = False  # what the previous answer said gives the kind of answer asked
        for e, rel, unit_t, captioned, section, cos, lap, gain in zip(evidence, relevance, unit_terms, captions,
                                                                     sections, cosines, overlaps, gains):
            chunk = e.hit.chunk
            near_doc = followup is not None and (followup.near(chunk.doc_id) or chunk.doc_id in elsewhere)
            if elliptic and not near_doc:
                continue  # what the conversation is not about cannot answer "who said that?"
            if near_doc:
                near_terms.append(unit_t | captioned)
                near_relevance = max(near_relevance, float(rel))
            opens = bool(e.unit.heading) and first.get((chunk.chunk_id, e.unit.heading)) == e.unit.start
            fit = answer_fit(e.unit, qtype, q_terms, unit_t, opens, followup is not None and bool(followup.quotes),
                             section_of(e.unit, chunk))
            gives_kind = qtype.kind in KIND_GIVEN and fit.parts.get("bonus_kind", 0.0) > 0
            if near_doc and gives_kind and followup.said_again(chunk.doc_id, e.unit.start, e.unit.end):  # type: ignore[union-attr]
                kind_given = True
            near = (followup.nearness(chunk.doc_id, e.unit.start, e.unit.end, chunk, gives_kind)
                    - followup.repeats(unit_t, chunk.doc_id, e.unit.start, e.unit.end, gives_kind)
                    + followup.bridges(terms(e.unit.display) | captioned, chunk.doc_id, e.unit.start, e.unit.end, section,
                                       opens) if followup else 0.0)
            project_page = aside > 0 and about_project(chunk.path)
            set_aside = aside if project_page else 0.0
            # A unit saying the way asked where the question sets two apart: on, not off; all views,
            # not one (rag/asked_opposite.py).
            set_aside -= ways.gain(e.unit.display)
            candidates.append(Candidate(e.hit_rank, e.hit, e, float(rel), fit,
                                        float(rel) + fit.value + near + gain - set_aside, cos, lap,
                                        aside=project_page))
        # A version asked by number is answered from its own release note or not at all (rag/asked_version.py).
        asked_versions = versions(question)
        if asked_versions:
            about = [about_project(c.hit.chunk.path) for c in candidates]
            headings = [c.hit.chunk.heading_at(c.evidence.unit.start) for c in candidates]
            kept = of_version_units([VersionedSection(section_versions(h, a), a) for h, a in zip(headings, about)],
                                    [c.evidence.unit.display for c in candidates], asked_versions)
            candidates = [c for c, keep in zip(candidates, kept) if keep]
        # Nor from one saying the other way (rag/asked_opposite.py).
        candidates = [c for c, keep in zip(candidates, ways.not_opposite([c.evidence.unit.display for c in candidates]))
                      if keep]
        if said:
            candidates = _named_descriptions(candidates, said)
        candidates = _unheld_steps(candidates)
        candidates.sort(key=lambda c: (-c.score, c.hit_rank, c.start))
        if followup is not None and followup.asks_to_change_it:
            candidates = _setting_line_first(candidates, followup)
        if followup is not None and followup.asks_announced:
            candidates = _announced_first(candidates, followup)
        if followup is not None and followup.asks_example:
            candidates = _example_first(candidates, followup)
        unsupported = followup is not None and followup.unsupported(near_terms, near_relevance, kind_given=kind_given)
        # A follow-up that goes on with the conversation ("Is anything different for the async
        # client?" after event hooks) is answered from the conversation's documents when they
        # support it: another page about its own words alone answers another question.
        within = (followup is not None and followup.continued and not elliptic and bool(near_terms)
                  and not followup.conversation_fails(near_terms, near_relevance))
        if within:
            candidates = [c for c in candidates if followup.near(c.hit.chunk.doc_id)]  # type: ignore[union-attr]
        candidates, answers = _entry_field(candidates, question, qtype.kind, followup)
        return Scored(candidates, qtype, q_terms, elliptic, unsupported, within, answers)

    def _distinctive(self, asked: frozenset[str]) -> frozenset[str]:
        """The asked terms that may name a variant: not everyday words of the index
        (VARIANT_CHUNK_SHARE); none when the index cannot say."""
        rarity = self.abstention.rarity
        chunks, frequencies = rarity.document_frequencies(asked) if rarity is not None and asked else (0, {})
        return frozenset(t for t in asked if chunks and frequencies.get(t, 0) < VARIANT_CHUNK_SHARE * chunks)

    def scored(self, retrieval: Retrieval, passages: int | None = None, followup: FollowUp | None = None,
               variant: frozenset[str] | None = None) -> Scored:
        """`variant`: the terms naming the variant asked for (a follow-up's own words, for its naive
        reading), when not the follow-up's focus or, for a question asked alone, its own distinctive terms
        (`_label_gains`)."""
        hits = list(retrieval.hits[: passages or self.settings.k])
        if followup is not None:
            taken = {h.chunk.chunk_id for h in followup.hits}
            hits = list(followup.hits) + [h for h in hits if h.chunk.chunk_id not in taken]
        leaders: frozenset[str] = frozenset()
        if followup is None and passages is None:
            hits, leaders = with_leaders(hits, retrieval.leaders)
        read = read_passages(hits, self.catalog, self.embedder)
        # A how-to asked on its own also reads the first page's best chunk the k passages left out
        # (rag/page_window.py); its units are kept from crowding out the read ones (`_guarded`).
        qtype = question_type(retrieval.query)
        if followup is not None:
            qtype = followup_type(retrieval.query, qtype)
        if retrieval.hits and followup is None and passages is None and qtype.kind == "howto":
            added = best_unread(retrieval.hits[0].chunk.doc_id, hits, self.catalog, retrieval.query,
                                retrieval.query_vector, self.settings.overlap_weight)
            if added is not None:
                scored = self.scored_passages(read + [added], retrieval, followup, qtype, variant)
                return _guarded(replace(scored, added=added.chunk.chunk_id, leaders=leaders), retrieval.query)
        scored = _guarded(replace(self.scored_passages(read, retrieval, followup, qtype, variant), leaders=leaders),
                          retrieval.query)
        if followup is None and passages is None and qtype.kind == "list" and scored.candidates \
                and not lists(scored.candidates[0].evidence.unit):
            # A list question whose winner lists nothing: its section may go on to the list in the
            # next chunk (rag/section_list.py).
            winner = scored.candidates[0].hit
            added = next_in_section(winner.chunk, hits, self.catalog, self.embedder)
            if added is not None:
                with_list = _guarded(replace(self.scored_passages(read + [added], retrieval, followup, qtype, variant),
                                             leaders=leaders), retrieval.query)
                return _listed(replace(with_list, added=added.chunk.chunk_id), scored)
        return scored

    def scored_passages(self, passages: list[Passage], retrieval: Retrieval, followup: FollowUp | None = None,
                        qtype: QuestionType | None = None, variant: frozenset[str] | None = None) -> Scored:
        """Every unit of passages already read for `retrieval`, scored; `qtype`: the query's type,
        where the caller has it."""
        evidence = gather(passages, self.catalog, self.embedder, self.ref_targets, readable=retrieval.readable)
        if followup is not None and followup.asks_example:
            evidence += item_sentences(evidence, passages, followup.quoted_spans)
        return self._rank(evidence, retrieval, retrieval.query, followup, qtype, variant)

    def score(self, retrieval: Retrieval, passages: int | None = None) -> list[Candidate]:
        """Every unit of the top passages, best answer first."""
        return self.scored(retrieval, passages).candidates

    def select(self, candidates: list[Candidate], most: int | None = None, close: float = _CLOSE,
               qtype: QuestionType | None = None, asked: frozenset[str] = frozenset()) -> list[Candidate]:
        """The best unit, plus up to two more that score close to it (within `close`; a study may
        try others), earn their place beside it (`_earns_place`; `asked`: the question's terms naming
        what it asks), overlap none chosen and keep the answer short; read in corpus order. A best unit that answers whole (a block with
        its lead-in, a list, code) leads, followed by at most one more that is itself the kind of
        answer asked for: a second reading where the passages disagree."""
        if not candidates:
            return []
        candidates = _holder_first(candidates)
        if qtype is None or qtype.kind != "howto":
            candidates = _lead_in_first(candidates)
        # A table's row the question names by one of its values answers whole: the table's other rows, under
        # the same column names, only resemble the question (rag/named_row.py).
        whole = candidates[0].evidence.unit.kind in _WHOLE or "bonus_row_value" in candidates[0].fit.parts
        if whole:
            most = min(most or 2, 2)
        best = candidates[0].score
        chosen = [candidates[0]]
        length = len(candidates[0].display)
        if most == 1:
            # One unit (an elliptic follow-up's answer): still the paragraph its best sentence opens, shown
            # in its place as for any question; it is one unit, saying the same and going on.
            return [next((c for c in candidates[1:] if c.score >= best - close and _overlap(chosen[0], c)
                          and self._widens(c, chosen, candidates, best - close, length, qtype)), chosen[0])]
        places = 0  # the places taken beyond one per unit (a paragraph shown for the best sentence)
        for c in candidates[1:]:
            if len(chosen) + places >= (most or self.settings.max_answer_sentences) or c.score < best - close:
                break
            if c.evidence.unit.kind == "heading" or any(_repeats(o, c) for o in chosen) or _pages_only(c) \
                    or _teases(c, candidates):
                continue
            if c.aside and not chosen[0].aside:
                continue  # a user page answers: a release note beside it only says when that came (rag/page_role.py)
            if not _earns_place(c, chosen[0], qtype, asked):
                continue
            if whole and (c.fit.bonus <= 0 or c.evidence.unit.kind == "code"):
                continue
            if any(_overlap(o, c) for o in chosen):
                if self._widens(c, chosen, candidates, best - close, length, qtype):
                    length += len(c.display) - len(chosen[0].display)
                    places += max(0, len(c.evidence.parts) - 2)
                    chosen[0] = c
                continue
            if length + len(c.display) > self.settings.max_answer_chars:
                continue
            chosen.append(c)
            length += len(c.display)
        chosen = self._other_side(chosen, candidates, best, qtype, most or self.settings.max_answer_sentences)
        chosen = self._step_shown(chosen, candidates, best, qtype, most or self.settings.max_answer_sentences)
        chosen = self._how_said_next(chosen, candidates, qtype, most or self.settings.max_answer_sentences)
        if whole:
            return chosen  # the block that answers leads; what else may answer follows it
        doc_order: dict[str, int] = {}
        for c in chosen:
            doc_order.setdefault(c.hit.chunk.doc_id, len(doc_order))
        return sorted(chosen, key=lambda c: (doc_order[c.hit.chunk.doc_id], c.start))

    def _other_side(self, chosen: list[Candidate], candidates: list[Candidate], best: float,
                    qtype: QuestionType | None, most: int) -> list[Candidate]:
        """For a comparison whose chosen units all speak of one side only ("Caret requirements allow
        ..." for "How do caret and tilde requirements differ?"), the best unit speaking of the other side
        (`_OTHER_SIDE_CLOSE`) after the best one, in place of those after it when the answer is full: a
        difference needs both sides said. Else, where each side has a section of its own ("###
        include", "### exclude") and every unit chosen is under one side's, the best unit under
        the other's: a reference page says what a thing does under its name, not naming it again."""
        sides = side_words(qtype.compared) if qtype is not None and qtype.kind == "comparison" else ()
        if len(sides) < 2 or most < 2:
            return chosen
        named = {sides_named(c.display, sides) for c in chosen}
        said = named - {(False, False)}
        if len(said) == 1 and (True, True) not in said:
            return self._joined(chosen, candidates, best, most,
                                lambda c: sides_named(c.display, sides) not in said | {(False, False)})
        # An answer already setting the two apart needs no more of either side.
        if any(c.fit.parts.get("bonus_kind", 0.0) >= SETS_BOTH_APART_FIT for c in chosen):
            return chosen

        def under(c: Candidate) -> tuple[bool, ...]:
            return sides_named(section_of(c.evidence.unit, c.hit.chunk), sides)

        sections = {under(c) for c in chosen}
        if len(sections) != 1 or sections & {(True, True), (False, False)}:
            return chosen
        (own,) = sections
        return self._joined(chosen, candidates, best, most, lambda c: under(c) == own[::-1])

    def _joined(self, chosen: list[Candidate], candidates: list[Candidate], best: float, most: int,
                other: Callable[[Candidate], bool]) -> list[Candidate]:
        """`chosen` with the best unit speaking of the `other` side within `_OTHER_SIDE_CLOSE` after the best
        one, in place of those after it when the answer is full. Shown with the paragraph its sentence
        opens, as a pair or paragraph unit within `_WIDEN` of it; it is no repeat of a unit kept nor only a
        page's marks."""
        kept = chosen[:1] if len(chosen) >= most else chosen
        length = sum(len(c.display) for c in kept)

        def fits(c: Candidate) -> bool:
            return (c.evidence.unit.kind != "heading" and not _pages_only(c) and not _teases(c, candidates)
                    and not any(_overlap(o, c) or _repeats(o, c) for o in kept)
                    and length + len(c.display) <= self.settings.max_answer_chars)

        for c in candidates:
            if c.score < best - _OTHER_SIDE_CLOSE:
                break
            if not other(c) or not fits(c):
                continue
            # Its own widening, not `_widens`: that one keeps a sentence alone where a close unit reaches
            # past its paragraph, or the paragraph sets a sentence per line, and the other side's
            # sentence alone often only names it ("Tilde requirements specify a minimal version with
            # some ability to update.") where the lines after it say what it allows.
            wider = next((d for d in candidates if d.evidence.unit.kind in ("pair", "paragraph")
                          and d.hit.chunk.chunk_id == c.hit.chunk.chunk_id and d.start == c.start and d.end > c.end
                          and d.score >= c.score - _WIDEN and fits(d)), None)
            return [*kept, wider or c]
        return chosen

    def _step_shown(self, chosen: list[Candidate], candidates: list[Candidate], best: float,
                    qtype: QuestionType | None, most: int) -> list[Candidate]:
        """For a how-to whose chosen units are all prose ("The `template_folder` setting can be
        used to point to ..."), the best step (code shown, taking the full how-to fit) within
        `_STEP_CLOSE` of the best unit, in place of the weakest units after the best one when the answer
        is full: asked how, the answer shows what to do, not only what it is for. Code showing a case (the
        response "you will receive", `illustrates`) is no step."""
        if qtype is None or qtype.kind != "howto" or most < 2 or any(c.evidence.unit.kind in _WHOLE for c in chosen):
            return chosen
        for c in candidates:
            if c.score < best - _STEP_CLOSE:
                break
            unit = c.evidence.unit
            if (not shows_code(unit) or c.fit.parts.get("bonus_kind", 0.0) < FIT or illustrates(unit) or _pages_only(c)
                    or _teases(c, candidates) or (c.aside and not chosen[0].aside)
                    or any(_overlap(o, c) or _repeats(o, c) for o in chosen)):
                continue
            kept = self._room_for(c, chosen, most)
            return chosen if kept is None else [*kept, c]
        return chosen

    def _room_for(self, c: Candidate, chosen: list[Candidate], most: int) -> list[Candidate] | None:
        """`chosen` less its weakest units after the best one until `c` fits beside them (`most` units, the answer's
        characters); None when it does not fit even beside the best alone."""
        kept = list(chosen)
        while len(kept) > 1 and (len(kept) >= most or sum(len(o.display) for o in kept) + len(c.display)
                                 > self.settings.max_answer_chars):
            # By position: Candidates compare by value, down to their vectors.
            del kept[min(range(1, len(kept)), key=lambda i: kept[i].score)]
        return None if sum(len(o.display) for o in kept) + len(c.display) > self.settings.max_answer_chars else kept

    def _how_said_next(self, chosen: list[Candidate], candidates: list[Candidate], qtype: QuestionType | None,
                       most: int) -> list[Candidate]:
        """For a how-to whose best unit says what can be done and names nothing to use ("You can also configure a
        CLI argument to read a value from an environment variable if it is not provided ..."), the unit of its
        section after it that says how, pointing back at it ("To do that, use the `envvar` parameter for
        `typer.Argument()`:", with its code where a unit holds it), after the best one: the statement restates
        the question, the next one answers it, however less it resembles the question (typer37: t06)."""
        first = chosen[0]
        unit = first.evidence.unit
        if qtype is None or qtype.kind != "howto" or most < 2 or unit.kind not in ("sentence", "pair", "paragraph") \
                or "`" in first.display:
            return chosen
        for c in candidates:
            if (c.hit.chunk.chunk_id != first.hit.chunk.chunk_id or c.start < first.end
                    or c.start - first.end > _HOW_SAID_REACH or c.evidence.unit.heading != unit.heading
                    or not _SAYS_HOW_OF_BEFORE.match(c.display) or "`" not in c.display.split("\n", 1)[0]
                    or _teases(c, candidates) or any(_overlap(o, c) for o in chosen)):
                continue
            kept = self._room_for(c, chosen, most)
            return chosen if kept is None else [kept[0], c, *kept[1:]]
        return chosen

    def _widens(self, c: Candidate, chosen: list[Candidate], candidates: list[Candidate], floor: float,
                length: int, qtype: QuestionType | None = None) -> bool:
        """Whether `c`, a pair or paragraph opening with the best sentence chosen, is shown in its place
        (`_WIDEN`): it overlaps nothing else chosen, keeps the answer short (`_WIDEN_CHARS`), stays on
        one page and in one paragraph of its document, and no other unit close to the best (at least
        `floor`) reaches past it over its text: such a unit is shown on its own ("For example, ...
        This differs from Requests which uses `latin1`." after the sentence it would cut). A factoid
        the best sentence answers (`_FACTOIDS`) keeps it alone."""
        first = chosen[0]
        if (first.evidence.unit.kind != "sentence" or c.evidence.unit.kind not in ("pair", "paragraph")
                or c.hit.chunk.chunk_id != first.hit.chunk.chunk_id or c.start != first.start or c.end < first.end
                or c.score < first.score - _WIDEN or any(_overlap(o, c) for o in chosen[1:])
                or length - len(first.display) + len(c.display) > min(_WIDEN_CHARS, self.settings.max_answer_chars)):
            return False
        if qtype is not None and qtype.kind in _FACTOIDS and first.fit.parts.get("bonus_kind", 0.0) > 0:
            return False
        chunk = c.hit.chunk
        # The page image highlights one page's characters; a paragraph is what the sentence opens.
        breaks = _BLANK_LINE if reads_as_markdown(chunk.path) else _LINE_AFTER_SENTENCE
        if chunk.page_at(c.start) != chunk.page_at(c.end - 1) or breaks.search(c.read.rstrip()) or not ends_sentence(c.read):
            return False
        return not any(d is not first and d is not c and d.score >= floor
                       and d.hit.chunk.chunk_id == c.hit.chunk.chunk_id and _overlap(d, c)
                       and not _holds(d, first) and not _holds(c, d) for d in candidates)

    def decide(self, scored: Scored, retrieval: Retrieval) -> Signals:
        return self.abstention.signals(scored.decided_on, scored.question_terms, retrieval, scored.qtype.kind == "howto")

    def asks_beyond_index(self, retrieval: Retrieval, followup: FollowUp | None) -> bool:
        """A follow-up that names nothing of the conversation ("What is the price of Starlette
        Pro?" after two turns on the test client) and is declined as asked for naming what no
        indexed passage contains: neither the conversation's documents nor the question it
        follows, asked with it, can answer what the documents never mention (both readings had
        answered with release notes). One going on with the conversation, naming something of it
        or opening with "And ...", may say in its own words what the pages say in theirs ("And how
        do I get rid of an environment I no longer need?": no page says "rid")."""
        if followup is None or followup.continues or not followup.quotes or goes_on(retrieval.query):
            return False
        return names_unindexed(self.decide(self.scored(retrieval), retrieval))

    def answer(self, retrieval: Retrieval, followup: FollowUp | None = None,
               variant: frozenset[str] | None = None) -> Answer:
        answer = self.compose(self.scored(retrieval, followup=followup, variant=variant), retrieval)
        # A follow-up that names nothing of the conversation has changed the subject, unless it
        # finds nothing as asked and the conversation's documents support it: then it is read as
        # going on with the conversation.
        if answer.abstained and followup is not None and followup.quotes and not followup.continues:
            scored = self.scored(retrieval, followup=followup.taken_as_continued())
            if scored.within:
                return self.compose(scored, retrieval)
        return answer

    def compose(self, scored: Scored, retrieval: Retrieval) -> Answer:
        signals = self.decide(scored, retrieval)
        if (self.abstention.abstains(signals, scored.elliptic or scored.within) or (scored.elliptic and not scored.candidates)
                or scored.unsupported):
            return Answer(answer=NO_ANSWER, sources=[], abstained=True)
        candidates = scored.candidates
        if scored.entry_answers:
            # The entry's own line answers, at the best score; what else of that entry is close to it
            # may follow it, nothing of another entry.
            lead = scored.entry_answers[0]
            entry = entry_of(lead.hit.chunk, lead.start)
            candidates = [replace(lead, score=candidates[0].score)] + [
                c for c in candidates if c is not lead and entry_of(c.hit.chunk, c.start) == entry]
        # The question's terms naming what it asks (not how it asks, nor a function word).
        asked = scored.question_terms - asking_terms() - function_words()
        chosen = self.select(candidates, 1 if scored.elliptic else None, qtype=scored.qtype, asked=asked)
        if not (scored.elliptic or scored.within):
            shown = " ".join(c.display for c in chosen)
            # A date or a length of time asked and none shown: the passages are on the subject, not
            # on when or how long (rag/asked_quantity.py). A version constraint asked about (^1.2.3)
            # that no unit shown writes: they are on another constraint (rag/asked_literal.py). What
            # is asked named only as the title of a link to a page the index lacks: the answer is on
            # that page, not in the neighbour's sentence that links to it (rag/unindexed_link.py). A
            # setting's count asked and no sentence shown counting that thing: they count other
            # things (rag/asked_count.py). A rate, a price or a dose asked and none stated
            # (rag/asked_measure.py); an uninstall asked and nothing shown removing anything: the
            # install steps (rag/asked_removal.py). What a term is asked and no sentence shown saying
            # it: they mention it in passing (rag/asked_definition.py); unless the best unit opens the
            # section the term heads ("### `typer-slim`": "If you don't want the extra standard optional
            # dependencies, install `typer-slim` instead."): the page's own words on it, in whatever form.
            # Not a pointer elsewhere there ("Read more about them in the FastAPI docs for Middleware.").
            # Why asked and only code shown: an example of what is done, not why (rag/asked_reason.py).
            # Two things compared and neither named, nor by a section shown: the units are about
            # something else (rag/sides.py).
            lead = candidates[0].fit.parts
            heads_its_section = lead.get("bonus_section") and not lead.get("meta")
            displays = [c.display for c in chosen]
            # Each unit and its section's heading, read only by a comparison that reaches that check.
            named = (t for c in chosen for t in (c.display, section_of(c.evidence.unit, c.hit.chunk)))
            if lacks_asked(retrieval.query, shown) or lacks_constraint(retrieval.query, shown) \
                    or lacks_measure(retrieval.query, shown) or lacks_removal(retrieval.query, shown) \
                    or lacks_reason(scored.qtype, [c.evidence.unit.kind for c in chosen]) \
                    or names_neither(scored.qtype.compared, named) \
                    or (lacks_definition(retrieval.query, displays) and not heads_its_section) \
                    or lacks_count(retrieval.query, displays) \
                    or self.unindexed_link_title(asked, chosen):
                return Answer(answer=NO_ANSWER, sources=[], abstained=True)
        return answer_from(chosen, self.catalog)

    def unindexed_link_title(self, asked: frozenset[str], chosen: list[Candidate]) -> str:
        """The title of a link in the units shown to a document not indexed beside the citing one,
        naming one of the `asked` terms (the question's, less how it asks and function words), else ""."""
        if not asked or not any("](" in c.read for c in chosen):  # most answers: no link at all
            return ""
        roots: dict[str, str] = {}
        units = []
        for c in chosen:
            chunk = c.hit.chunk
            if chunk.doc_id not in roots:
                record = self.catalog.document(chunk.doc_id)
                roots[chunk.doc_id] = record.root if record is not None else ""
            units.append(((roots[chunk.doc_id], chunk.path), c.read))
        return unindexed_title(asked, units, lambda citing, link: indexed(self.catalog, citing, link))


def lacks_value_asked(question: str, answer: Answer) -> bool:
    """A follow-up ("And how long did each interview take?") asks a date, a length of time, a version,
    a rate, a price or a dose, and the answer either reading gave states none. `compose` checks a
    question asked alone; an elliptic follow-up's reading is not checked there (its retrieval asks the
    words of the turn before too), nor is its naive reading (the two questions asked as one, whose
    first is not what is asked), so the answer chosen between them is checked here."""
    if answer.abstained:
        return False
    asked = without_opening_conjunction(question)
    return lacks_asked(asked, answer.answer) or lacks_measure(asked, answer.answer)


def _guarded(scored: Scored, question: str) -> Scored:
    """The candidates with the units of the chunks read beyond the k (the added chunk, the dense
    search's first) kept from crowding out the read ones. They count only when the best of them answers better
    than the read winner; they lead only when that winner is weak by its form (`WEAK_FORMS`: a heading,
    a fragment, a bare lead-in, a restatement) or states none of the kind of value `question` asks that the
    best of them states (`states_what_winner_lacks`); else they stand at best second, just below it. Where
    nothing of them answers better, the candidates are the read ones alone, so the answer is the one
    the k passages give."""
    beyond = scored.beyond
    if not beyond:
        return scored
    read = [c for c in scored.candidates if c.hit.chunk.chunk_id not in beyond]
    extra = [c for c in scored.candidates if c.hit.chunk.chunk_id in beyond]
    if not extra:
        return scored
    if not read or extra[0].score <= read[0].score:
        return replace(scored, candidates=read)
    winner = read[0]
    if any(winner.fit.parts.get(p, 0.0) > 0 for p in WEAK_FORMS) \
            or states_what_winner_lacks(question, winner.display, extra[0].display) \
            or _defines_instead(extra[0], winner):
        return scored
    ceiling = winner.score - 1e-6
    capped = [replace(c, score=min(c.score, ceiling)) if c.hit.chunk.chunk_id in beyond else c
              for c in scored.candidates]
    capped.sort(key=lambda c: (-c.score, c.hit_rank, c.start))
    return replace(scored, candidates=capped)


def _defines_instead(extra: Candidate, winner: Candidate) -> bool:
    """`extra` is an entry under the name a what-is question asks about (`ENTRY_PART`) and the read winner
    is not: a definition read beyond the k answers where a passage on the thing's use only mentions it."""
    return extra.fit.parts.get(ENTRY_PART, 0.0) > 0 and winner.fit.parts.get(ENTRY_PART, 0.0) <= 0


def _listed(with_list: Scored, without: Scored) -> Scored:
    """`with_list` (the read passages and the chunk after the winner's, `added`) led by that chunk's best
    unit when it is a list and within FIT of the read winner: the things the winner's section names, where
    the winner listed none. Else `without`: what the read passages give."""
    extra = [c for c in with_list.candidates if c.hit.chunk.chunk_id == with_list.added]
    if not extra or not lists(extra[0].evidence.unit) or extra[0].score < without.candidates[0].score - FIT:
        return without
    lead = extra[0]
    return replace(with_list, candidates=[lead] + [c for c in with_list.candidates if c is not lead])


def _label_gains(evidence: list[Evidence], labels: list[str], asked: frozenset[str]) -> list[float]:
    """Each unit's gain for the label it shows a block under (`labels`, rag/captions.py): LABEL_BONUS
    under one the asked terms name among its siblings (the labels over units of the same section of
    the same page), -LABEL_BONUS under a sibling of one, 0 elsewhere."""
    if not asked:
        return [0.0] * len(evidence)
    keys = [(e.hit.chunk.doc_id, section_of(e.unit, e.hit.chunk)) for e in evidence]
    siblings: dict[tuple[str, str], list[str]] = {}
    for key, label in zip(keys, labels):
        siblings.setdefault(key, []).append(label)
    named = {key: named_labels(found, asked) for key, found in siblings.items()}
    return [0.0 if not label or not named[key] else LABEL_BONUS if label in named[key] else -LABEL_BONUS
            for key, label in zip(keys, labels)]


def _tab_gains(evidence: list[Evidence], asked: frozenset[str]) -> list[float]:
    """Each unit's gain for the content tabs it is in (`Evidence.tabs`): half LABEL_BONUS in one the asked terms
    name among the page's tabs ("How do I install Hatch on Linux?"), -LABEL_BONUS in none of those on a page
    where they name one (its macOS tab's steps), 0 outside tabs. A page's tab sets name the same variants
    (platforms, installers, config files) from section to section. Half: a unit showing its label itself
    (its caption, a lead-in taking the tab's line) keeps its lead over the steps deep in its tab, which
    show theirs only in their locator."""
    if not asked:
        return [0.0] * len(evidence)
    found: dict[str, list[str]] = {}
    for e in evidence:
        found.setdefault(e.hit.chunk.doc_id, []).extend(e.tabs)
    named = {doc: named_labels(labels, asked) for doc, labels in found.items()}
    return [0.0 if not e.tabs or not named[e.hit.chunk.doc_id] else
            LABEL_BONUS / 2 if named[e.hit.chunk.doc_id] & set(e.tabs) else -LABEL_BONUS for e in evidence]


def _answering_elsewhere(evidence: list[Evidence], unit_terms: list[frozenset[str]], sections: list[frozenset[str]],
                         followup: FollowUp | None) -> frozenset[str]:
    """The documents off the conversation's that an elliptic follow-up is answered from too: those
    naming what it asks of what was asked (`FollowUp.names_asked`), when the conversation's own name
    what it asks only apart from that. "How do I test it?" after a WebSocket endpoint answered from
    the routing page asks for the testing page's WebSocket section, not the routing page's "tested
    first". When the conversation's pages never name what it asks, only a page naming most of it and
    of what was asked, by weight, answers (`FollowUp.names_most_asked`): "How can I raise it?" after
    the default timeout is answered by the FAQ's "can be set to alter this value", not by "raise an
    issue" on a page that names Poetry too."""
    if followup is None or not followup.focus or not followup.asked:
        return frozenset()
    # The page's title counts: on the testing page, "first install `httpx`" is what testing needs.
    named = [(e.hit.chunk.doc_id, t | s | terms(e.hit.chunk.title)) for e, t, s in zip(evidence, unit_terms, sections)]
    if not any(followup.near(d) and n & followup.focus for d, n in named):
        # The conversation's pages never name what it asks: a page naming most of it and most of
        # what was asked, by weight, answers it; one sharing a word or two with them does not.
        nameable = frozenset().union(*(n for _, n in named)) & followup.focus
        return frozenset(d for d, n in named if followup.names_most_asked(n, nameable))
    naming = {d for d, n in named if followup.names_asked(n)}
    if any(followup.near(d) for d in naming):
        return frozenset()
    return frozenset(naming)


def _said_entries(candidates: list[Candidate], followup: FollowUp) -> frozenset[Entry]:
    """The entries the previous answer quoted or restated: a quote within one section."""
    found = set()
    for c in candidates:
        chunk = c.hit.chunk
        for q in followup.quotes:
            if q.doc_id == chunk.doc_id and chunk.start <= q.start < q.end <= chunk.end:
                entry = entry_of(chunk, q.start)
                if entry == entry_of(chunk, q.end - 1) and entry.name:
                    found.add(entry)
    return frozenset(found)


def _described_entry(candidates: list[Candidate], field: str) -> frozenset[Entry]:
    """The entry the best unit describes, when a unit gives its `field`: a question naming no entry
    ("What address and port does the preview server use by default?") asks the field of the one its
    best answer is about (dev_addr's "Must be of the format `IP:PORT`."), not of every entry whose
    labelled line resembles "by default" as much. A question asking which things are on by default
    asks a list, not one entry's line."""
    best = entry_of(candidates[0].hit.chunk, candidates[0].start)
    if not names_setting(best):
        return frozenset()
    if any(gives_field(c.evidence.unit.said, field) and entry_of(c.hit.chunk, c.start) == best for c in candidates):
        return frozenset({best})
    return frozenset()


def _entry_field(candidates: list[Candidate], question: str, kind: str,
                 followup: FollowUp | None) -> tuple[list[Candidate], tuple[Candidate, ...]]:
    """For a question asking a field of an entry (its default, its release) that it names, or that
    the conversation it goes on with is about: the candidates without the lines giving that field
    for other entries, and the entry's own such lines, best first (rag/entry_field.py)."""
    field = asked_field(question, kind)
    if not field or not candidates:
        return candidates, ()
    entries = {entry_of(c.hit.chunk, c.start) for c in candidates}
    named = named_entries(question, entries)
    if not named and followup is not None and followup.continued:
        named = _said_entries(candidates, followup)
    if not named and followup is None and kind != "list":
        named = _described_entry(candidates, field)
    if not named:
        return candidates, ()
    kept, answers = [], []
    for c in candidates:
        if not gives_field(c.evidence.unit.said, field):
            kept.append(c)
        elif entry_of(c.hit.chunk, c.start) in named:
            kept.append(c)
            answers.append(c)
    return kept, tuple(answers)


def _leading(candidates: list[Candidate], leads: Callable[[Candidate], bool]) -> list[Candidate]:
    """The candidates `leads` picks first, each group in the order otherwise kept (the sort is stable)."""
    return sorted(candidates, key=lambda c: not leads(c))


def _setting_line_first(candidates: list[Candidate], followup: FollowUp) -> list[Candidate]:
    """For "How do I change it?" after an answer quoting a setting's own line, that line first: its
    flag or key is how (rag/setting_change.py)."""
    return _leading(candidates, lambda c: followup.sets_it(c.evidence.unit.display, c.hit.chunk.doc_id,
                                                           c.evidence.unit.start, c.evidence.unit.end))


def _announced_first(candidates: list[Candidate], followup: FollowUp) -> list[Candidate]:
    """For "What are they?" after an answer quoting a sentence ending in a colon, the units holding what
    it announced first: the sentence again, or another part of the page, does not say what they are."""
    return _leading(candidates, lambda c: followup.gives_announced(c.hit.chunk.doc_id, c.evidence.unit.start,
                                                                   c.evidence.unit.end, c.hit.chunk.text,
                                                                   c.hit.chunk.start))


def _example_first(candidates: list[Candidate], followup: FollowUp) -> list[Candidate]:
    """For "Give an example." after an answer, the units of the quote's paragraph and the next one that
    give an example first, those the writer marks as one (or code) before those naming a particular
    thing: another section's example is of something else (rag/asked_example.py)."""
    def rank(c: Candidate) -> int:
        chunk, unit = c.hit.chunk, c.evidence.unit
        given = followup.gives_example(chunk.doc_id, unit.start, unit.end, unit.display, unit.kind, chunk.text, chunk.start)
        return NAMED + 1 if given is None else given
    ranks = [rank(c) for c in candidates]
    if not candidates or min(ranks) > NAMED:
        return candidates
    # "Give an example." resembles no unit: where the example stands says it answers, so it answers as
    # well as the best unit found.
    best = candidates[0].score
    lifted = [replace(c, score=max(c.score, best)) if r <= NAMED else c for c, r in zip(candidates, ranks)]
    return [c for _, c in sorted(zip(ranks, lifted), key=lambda p: p[0])]  # stable: the order otherwise kept


def _named_descriptions(candidates: list[Candidate], said: frozenset[Entry]) -> list[Candidate]:
    """Each entry unit of an entry not in `said` scored as the best unit opening its description (a
    sentence, a pair, a paragraph starting in its first sentence): where the conversation asks which
    entry, the name with the description says it, the description alone does not."""
    out = []
    for c in candidates:
        entry = entry_of(c.hit.chunk, c.start) if c.evidence.unit.kind == "entry" else None
        if entry is not None and entry not in said and is_code_name(entry):
            opening = [d.score for d in candidates if d.hit.chunk.chunk_id == c.hit.chunk.chunk_id
                       and d.evidence.unit.kind in ("sentence", "pair", "paragraph") and c.start < d.start < c.end]
            if opening and max(opening) > c.score:
                c = replace(c, score=max(opening))
        out.append(c)
    return out


def _earns_place(c: Candidate, best: Candidate, qtype: QuestionType | None, asked: frozenset[str]) -> bool:
    """Whether `c`, close to the `best` unit chosen (within `_CLOSE`), is shown after it rather than padding it
    (a new user's answers went on from the right unit to others from other sections or pages, citing
    passages that do not answer): nearly as strong on its own (`_NEARLY`); on the best's page, close to it
    (`_SAME_PAGE_CLOSE`) or in its section (it goes on with it); under a heading naming an asked thing the
    best's heading does not ("What is Mounting" beside "Include an APIRouter", asked whether mounting is
    including: another part of the question); or another unit of the kind asked: for a how-to, a step (code, with
    the full how-to fit), for a why-question, a reason as close as one of the best's page (Flask's "not designed to be
    particularly secure, stable, or efficient" of another page). Off the best's page and section, one saying a sentence of the
    best again (`restates`) is no other part, whatever its heading."""
    if c.score >= best.score - _NEARLY:
        return True
    # A section by its heading's words: a unit's heading is in display form, a passage's heading path as written.
    section, best_section = (terms(section_of(x.evidence.unit, x.hit.chunk)) for x in (c, best))
    if c.hit.chunk.doc_id == best.hit.chunk.doc_id and (c.score >= best.score - _SAME_PAGE_CLOSE
                                                        or (section and section == best_section)):
        return True
    if restates(_said(best), _said(c)):
        return False  # it says the best's sentence again ("Do not use the development server ..."), not another part
    if asked & section - best_section:
        return True
    # Another of the kind asked: a how-to's step (code, with the full how-to fit); a why-question's reason, as close
    # as one of the best's page must be (a reason is told by words, "because", "as", "therefore", that a sentence
    # of something else holds too: "Therefore, it is not possible to build a distribution" of another page).
    if qtype is None or c.fit.parts.get("bonus_kind", 0.0) < FIT:
        return False
    if qtype.kind == "howto":
        return shows_code(c.evidence.unit)
    return qtype.kind == "reason" and c.score >= best.score - _SAME_PAGE_CLOSE


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.hit.chunk.doc_id == b.hit.chunk.doc_id and a.start < b.end and b.start < a.end


def _repeats(shown: Candidate, c: Candidate) -> bool:
    """`c` would show again what `shown`, a unit chosen before it (so the better-ranked copy, whose
    citation stays), shows: the same display, or, from elsewhere in any document, the same words, or
    words or a sentence of one sitting inside the other (a paragraph pasted into another guide with a
    comma changed: rag/repeated_words.py). Two units over one place of one document are left to
    `_widens`."""
    if c.display.lower() == shown.display.lower():
        return True
    if _overlap(shown, c):
        return False
    return repeats(_said(shown), _said(c)) or _same_code(shown, c) or _same_items(shown, c)


_LISTING_UNITS = frozenset({"lead_in", "announced_list"})


def _same_items(shown: Candidate, c: Candidate) -> bool:
    """Both are lead-ins over the same items: Poetry's license files listed under "Poetry will automatically
    include some license-related files ...:" and again under "By default, Poetry will include the following
    files:" show one list twice."""
    if shown.evidence.unit.kind not in _LISTING_UNITS or c.evidence.unit.kind not in _LISTING_UNITS:
        return False
    items = [x.display.split("\n", 1)[1].split() if "\n" in x.display else [] for x in (shown, c)]
    return bool(items[0]) and items[0] == items[1]


def _same_code(shown: Candidate, c: Candidate) -> bool:
    """Both quote code, and the same lines of it: another lead-in over the same command ("Use `curl` to download the
    script" on one page, "Install with our installer" on another) adds no step."""
    at, other = (code_start(x.display, x.evidence.unit.kind, x.evidence.unit.read) for x in (shown, c))
    if at is None or other is None:
        return False
    code = shown.display[at:].split()
    return bool(code) and code == c.display[other:].split()


def _said(c: Candidate) -> Said:
    at = code_start(c.display, c.evidence.unit.kind, c.read)
    return said(c.read, c.evidence.part_texts, None if at is None else c.display[:at])


def _lead_in_first(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates with the lead-in holding the best one first, when the best is one item or row of
    the list or table a lead-in introduces, that lead-in scores close to it (`_LEAD_IN_CLOSE`) and shows
    its list whole: the item alone answers part of what the list answers ("The username is derived from
    the following sources, in order of precedence:" and its five sources, not the second source). A list
    shown cut may leave out what the item adds; a list of one item is that item (MkDocs a18: the
    `permalink` option, one item between code blocks, shown with the code it announces). Not for a
    how-to (the caller's): the item that does it is the answer ("how do I close it?": `Response.aclose()`,
    HTTPX f05, not the six streaming methods)."""
    best = candidates[0]
    if best.evidence.unit.kind not in ("list_item", "table_row"):
        return candidates
    for c in candidates[1:]:
        if c.score < best.score - _LEAD_IN_CLOSE:
            break
        if (c.evidence.unit.kind == "lead_in" and c.hit.chunk.chunk_id == best.hit.chunk.chunk_id and _holds(c, best)
                and not shown_cut(c.display) and _held_items(c, candidates) > 1):
            return [c, *(d for d in candidates if d is not c)]
    return candidates


def _bare_lead_in(c: Candidate) -> bool:
    """`c` is a sentence ending in ':' (or naming "the following") shown without what it introduces: it
    promises an answer and gives none. Its list or code is in the lead-in unit that holds it."""
    return c.evidence.unit.kind == "sentence" and c.evidence.unit.introduces


def _teases(c: Candidate, candidates: list[Candidate]) -> bool:
    """`c` is a bare lead-in whose list or code a unit among `candidates` holds: shown alone beside other
    units it promises what was set aside. One whose block no unit holds (a tab's include directive, a
    block past the text read) is the only saying of its step there is, and may be shown."""
    return _bare_lead_in(c) and _holder(c, candidates) is not None


def _holder(lead_in: Candidate, candidates: list[Candidate]) -> Candidate | None:
    """The first of `candidates` that is a lead-in unit of `lead_in`'s passage holding it (with its list or code)."""
    return next((c for c in candidates if c.evidence.unit.kind in _LEADING
                 and c.hit.chunk.chunk_id == lead_in.hit.chunk.chunk_id and _holds(c, lead_in)), None)


def _unheld_steps(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates, a bare lead-in naming code whose block no unit holds scored as the statement it is: the block
    is a tab's include directive (`{!> ../docs_src/x.py!}`, a file the corpus does not hold) or past the text read,
    and "To do that, use the `envvar` parameter for `typer.Argument()`:" is the only saying of its step there is
    (rag/units.py keeps it for naming what to use). Penalised as a lead-in that promises what a unit beside it
    shows, it lost to a restatement of the question or to the console sample after the include. Not one that
    names the step as what follows ("... the gist is as simple as using one of the following:"): that is still
    a promise."""
    out = []
    for c in candidates:
        waived = c.fit.parts.get("bare_lead_in", 0.0)
        if waived and "`" in c.display and not _PROMISES.search(c.display) and _holder(c, candidates) is None:
            parts = {k: v for k, v in c.fit.parts.items() if k != "bare_lead_in"}
            c = replace(c, fit=Fit(c.fit.bonus, c.fit.penalty - waived, parts), score=c.score + waived)
        out.append(c)
    return out


def _holder_first(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates with the lead-in unit holding the best one first, when the best is that lead-in's
    sentence alone (the penalty it carries lost to a unit its list or code made weaker, or capped: the
    lead-in shown bare is never the answer). Unchanged when no unit of its passage holds it: its list or
    code is not there, and the best stays the best there is."""
    best = candidates[0]
    if not _bare_lead_in(best):
        return candidates
    holder = _holder(best, candidates)
    return candidates if holder is None else [holder, *(d for d in candidates if d is not holder)]


def _pages_only(c: Candidate) -> bool:
    """`c` quotes code that only pipes a script into a pager: it shows what to read, and does no step (rag/pager_code.py)."""
    at = code_start(c.display, c.evidence.unit.kind, c.evidence.unit.read)
    return at is not None and only_pages(c.display[at:])


def _held_items(lead_in: Candidate, candidates: list[Candidate]) -> int:
    """How many list items or table rows of its passage the lead-in shows."""
    return sum(1 for d in candidates if d.evidence.unit.kind in ("list_item", "table_row")
               and d.hit.chunk.chunk_id == lead_in.hit.chunk.chunk_id and _holds(lead_in, d))


def _holds(outer: Candidate, inner: Candidate) -> bool:
    """`outer` spans all of `inner` (both of one passage)."""
    return outer.start <= inner.start and inner.end <= outer.end


# A shown unit that opens with a list item ("- `path` - ..."): a list, read on lines of its own.
_OPENS_LIST = re.compile(r"[-*+] \S|\d{1,3}[.)] \S")


def _joint(before: str, after: str, opens_code: bool = False) -> str:
    """What stands between two shown units of an answer (`before` as the answer's text holds it, its markers and a cut
    code's note too): a space between sentences, a line break before a list or code (`opens_code`: "It has the
    signature [2] >>> from attr import asdict" read as one line) and after a unit ending in one or in code (a sentence
    run on after a list's last item reads as that item's)."""
    return "\n" if opens_code or _OPENS_LIST.match(after) or "\n" in before else " "


def _repeated_tab_label(before: str, shown: str, code_at: int | None, tabs: tuple[str, ...]) -> tuple[int, int]:
    """Where in `shown` the label line of the content tab its code is in ("macOS and Linux:", the line right above
    the code) lies, when the last line ending in ":" of the unit shown before (its own tab's label) is the same:
    the answer shows the label once over both. (0, 0) when it does not repeat."""
    if not code_at:
        return 0, 0
    start = shown.rfind("\n", 0, code_at - 1) + 1
    line = shown[start:code_at].rstrip("\n")
    if not line.endswith(":") or line[:-1] not in tabs:
        return 0, 0
    last = next((b for b in reversed(before.split("\n")) if b.endswith(":")), None)
    return (start, code_at) if last == line else (0, 0)


def _under_heading(c: Candidate, shown: str, code_at: int | None, earlier: list[str]) -> tuple[str, int | None]:
    """`shown` (and where its code starts) under its section's heading when that names the code the unit only
    points at ("Return an `HTMLResponse` directly" over "In this example, the function ... returns a `Response`"),
    once an answer: `earlier`, the units shown before it."""
    if c.evidence.unit.kind in ("heading", "table_row", "entry"):
        return shown, code_at
    heading = naming_heading(section_of(c.evidence.unit, c.hit.chunk), shown)
    if not heading or any(heading in e for e in earlier):
        return shown, code_at
    prefix = heading + (":\n" if code_at == 0 else ": ")
    return prefix + shown, None if code_at is None else code_at + len(prefix)


def answer_from(chosen: list[Candidate], catalog: Catalog) -> Answer:
    sources: list[Source] = []
    sentences: list[AnswerSentence] = []
    before = ""
    for n, c in enumerate(chosen, 1):
        sources.append(source(n, c.hit.chunk, c.text, c.start, c.end, c.score, catalog, c.evidence.opened,
                              c.evidence.tabs))
        # The document's own "[12]" shown as "[ref 12]": the [n] markers are Citeline's alone.
        shown = shown_unit(c.display, c.evidence.unit.kind, c.hit.chunk.path, c.evidence.unit.read)
        code_at = code_start(shown, c.evidence.unit.kind, c.evidence.unit.read)
        shown_before = shown
        # The tabs it is in, and a tab whose line it holds (a lead-in, then the tab's label and code).
        labels = (*c.evidence.tabs, *filter(None, map(tab_label, c.evidence.unit.read.splitlines())))
        start, end = _repeated_tab_label(before, shown, code_at, labels)
        if end > start:
            shown, code_at = shown[:start] + shown[end:], start
            if not shown[:start].strip():
                shown, code_at = shown.lstrip("\n"), 0
        before = shown_before
        shown, code_at = _under_heading(c, shown, code_at, [s.text for s in sentences])
        cut = trimmed(shown, code_at, left=c.evidence.unit.code_left)
        sentences.append(AnswerSentence(text=cut.text, citations=[n], supported=True, code_at=code_at,
                                        code_cut=cut.cut))
    text = ""
    for k, s in enumerate(sentences):
        text += (_joint(marked(sentences[k - 1]), s.text, s.code_at == 0) if k else "") + marked(s)
    return Answer(answer=text, sources=sources, abstained=False, sentences=sentences)

"""What a follow-up is about: the passages the previous answer quoted, and their neighbourhood.

An extractive answer quotes its document verbatim (each quote is one answer unit's display
form), so the previous answer's sources are found again exactly: retrieval for the answer's own
text, then the unit of those passages whose display is the quoted text. No client has to send
anything beyond the `Message(role, content)` history it already sends.

An elliptic follow-up ("Who said that?", "What do I need to install for that?") is answered from
the previous answer's documents, nearest first; one that finds nothing there abstains rather than
citing unrelated text, and so does one naming something no indexed page mentions ("And on
Netlify?"): the nearest text would answer another question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from rag.abstention import MIN_CHUNKS_FOR_RARITY, NO_ANSWER, RARE_IN_ENGLISH, asking_terms, idf, rare_unseen
from rag.announced import announces, asks_what_they_are, next_start
from rag.asked_example import asks_for_example, example_rank, next_paragraph_end, paragraph_start
from rag.catalog import Catalog
from rag.markers import ANSWER_MARK
from rag.conversation import content_words, last_turn
from rag.document_marks import shown_unit
from rag.entry_field import entry_of
from rag.entry_label import labelled
from rag.english_rarity import plain_words, zipf
from rag.numbered_names import numbered_terms
from rag.passage import read_passages
from rag.question_type import question_type
from rag.retriever import Hit, HybridRetriever
from rag.sentences import split_sentences
from rag.setting_change import asks_only_to_change, sets_a_setting
from rag.shown_passage import reads_as_markdown
from rag.terms import terms
from rag.turn_pronoun import stands_for_turn_before
from rag.types import Chunk, Message
from rag.units import answer_units

# The pronouns that stand for a thing named before; not "that", "this": often a determiner ("that
# detection"), naming the thing itself.
_STANDS_FOR = re.compile(r"\b(it|its|they|them|their|he|she|him|his|her)\b", re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(that|this|it|its|they|them|their|those|these|there|he|she|him|his|her|one|ones|"
                       r"such|same|exactly|instead|else)\b", re.IGNORECASE)
# Words that only place a follow-up relative to what was said ("install it first", "still",
# "again"): not what it asks about.
_RELATIVE = frozenset({"first", "then", "next", "before", "after", "again", "also", "too", "still", "already",
                       "yet", "anymore", "now"})
# Words an answer says how it speaks with ("for example", "for instance"), not what about.
_DISCOURSE = terms("example instance")
# Chunks of a focused document looked at, nearest to the previous answer first.
_NEIGHBOURHOOD_CHUNKS = 24
# Bonuses by nearness to the previous answer: the quoted span itself, its passage, its document.
QUOTED_BONUS = 0.10
PASSAGE_BONUS = 0.06
DOCUMENT_BONUS = 0.03
# A follow-up asks for something not said yet: a unit loses this much times the share of its
# terms the previous answer already used ("Create a templates object" again, after an answer
# saying to create one, for "Which package do I need to add for it?").
REPEAT_PENALTY = 0.15
# A paraphrased answer restates a passage sentence when they resemble each other this much
# (cosine + OVERLAP_WEIGHT x the share of the answer sentence's terms the passage sentence has).
RESTATED = 0.5
OVERLAP_WEIGHT = 0.35
_MAX_ANSWER_SENTENCES = 6
RESTATED_MARGIN = 0.05
_CLOSE_RESTATEMENTS = 3
# A unit naming both the follow-up's new words and the conversation's.
BRIDGE_BONUS = 0.05
# ... plus this much times the idf-weighted share of the conversation's subject it names: the
# install line of the command-line client, not the general one, after a question on that client.
SUBJECT_WEIGHT = 0.4
# ... and, of a follow-up pointing back with a pronoun ("Which languages is it written in?" after "What
# is VESPA?"), this much times the idf-weighted share of what the question it follows asked about: the
# pronoun stands for that thing, so the unit saying it of that thing ("VESPA is written in ...") answers,
# not one saying it of a part the previous answer's words name ("The majority of functions are written ...").
STANDS_FOR_WEIGHT = 0.15
# An elliptic follow-up is unsupported below this weighted share of its focus terms found in
# the conversation's documents and this resemblance of their best unit: between the follow-ups
# those documents cannot answer and the docs sets' answerable ones (docs/quality.md).
SUPPORTED = 0.5
SUPPORTED_RELEVANCE = 0.42
# ... and a follow-up that stands on its own, re-read as going on with the conversation: its own
# words say what it asks, so the conversation's documents must resemble it more ("How do I pin the
# certificate's fingerprint?" after a proxy answer is not about proxies).
CONTINUED_SUPPORTED_RELEVANCE = 0.5
# An elliptic follow-up's resemblance: this much as asked, the rest with the question it follows.
OWN_WEIGHT = 0.5
# ... and for one that stands on its own but goes on with the conversation's subject.
CONTINUED_OWN_WEIGHT = 0.7
# ... and for an elliptic one adding no word of its own ("And the downside?", "Why not?"): its words say
# what kind of answer it wants, the question it follows what about ("The downside is that the gateway
# ..." of another model resembles it most as asked).
KIND_ONLY_OWN_WEIGHT = 0.25


@dataclass(frozen=True, slots=True)
class Quote:
    """A span the previous answer quoted."""

    doc_id: str
    start: int
    end: int
    exact: bool = True  # the quoted span itself; False: a passage found for a paraphrased answer
    announces: bool = False  # quoted as written and ending in a colon (rag/announced.py)


@dataclass(frozen=True)
class FollowUp:
    quotes: tuple[Quote, ...]
    elliptic: bool  # the question leans on the conversation to be understood
    hits: tuple[Hit, ...]  # passages around the quotes, nearest first
    # The follow-up with the question it follows ("What do I need to install for that? How do I
    # receive uploaded files?") and its vector: what the follow-up asks, about what.
    topic: str = ""
    topic_vector: np.ndarray | None = None
    said: frozenset[str] = frozenset()  # the previous answer's terms
    # What the conversation is about (the previous question's and answer's terms), and what the
    # follow-up adds to it: its own topic words the question it follows did not use ("install",
    # "shutdown", "Kubernetes"; the answer may have used them: it quoted "first install ..."), bar
    # the category it names ("Against what threat exactly?": the answer need not say "threat").
    subject: frozenset[str] = frozenset()
    focus: frozenset[str] = frozenset()
    # Each focus term's weight, its BM25 idf in the index: "Rust" and "cost" weigh more than
    # "work" and "need", which any page says.
    focus_weights: Mapping[str, float] = field(default_factory=dict)
    # Whether it goes on with the conversation (elliptic, naming something of it, or with a pronoun
    # standing for the turn before); the topic is kept either way, for one that finds nothing as asked.
    continues: bool = True
    # The subject terms' weights, likewise: "command" and "line" say what the conversation is
    # about, "httpx" (on every page) says nothing.
    subject_weights: Mapping[str, float] = field(default_factory=dict)
    # The words it adds that no indexed chunk contains and that name something (a name, a word rare
    # in English): "And on Netlify?", "And in JupyterLab's own extension?".
    unindexed: str = ""
    # The previous answer's text, its markers removed: the entries it names as written
    # (rag/entry_field.py) say which entry the conversation is about.
    answer: str = ""
    # What the question it follows asked about (its topic words): "websocket", "endpoint" for "How
    # do I write a WebSocket endpoint?".
    asked: frozenset[str] = frozenset()
    # Its focus terms that are everyday English words and no name ("often", "happen"): how a
    # follow-up pointing back with a pronoun asks about what was said ("How often do they
    # happen?"), words the answer need not contain.
    plain_focus: frozenset[str] = frozenset()
    # It points back with a pronoun ("they", "that"), not only by being short.
    pronoun: bool = False
    # ... one that stands for a thing ("it", "them"; not "instead", "one", "there"), and what it may stand
    # for: what the question it follows asked about bar the verb asked to do ("switch" of "How do I switch
    # to the Read the Docs theme?"): a pronoun stands for a thing, not an action.
    stands_for: bool = False
    antecedent: frozenset[str] = frozenset()
    # It asks only what the things it points back at are, after an answer quoting a sentence that
    # ends in a colon ("What are they?" after "The following rules apply:"): what the colon announced.
    asks_announced: bool = False
    # It asks only for an example ("Give an example.") after an answer quoting something as written: the
    # example of that is in the quote's paragraph or the next one (rag/asked_example.py).
    asks_example: bool = False

    def names_asked(self, named: frozenset[str]) -> bool:
        """Whether a unit naming `named` (its terms, its section's and its page's title) names what an
        elliptic follow-up asks (a focus term) of what the question it follows asked about: "test" with
        "websocket" ("Testing WebSocket sessions") for "How do I test it?" after "How do I write a
        WebSocket endpoint?"; not "`/users/me` is tested first" of the routing page it was answered from."""
        return bool(named & self.focus and named & self.asked)

    def names_most_asked(self, named: frozenset[str], nameable: frozenset[str] | None = None) -> bool:
        """Whether `named` holds, by weight, most of what an elliptic follow-up asks (its focus terms)
        and most of what the question it follows asked about: "username" with "publish" and
        "package" (how-to/publish/auth.md) for "Where does it get the username from?" after "How do
        I publish my package?" answered from a page that never says "username"; not "raise an
        issue" on a page naming only "Poetry" (on every page) of "Why do my Poetry requests time
        out?". `nameable`: the focus terms some page read names (one none names weighs most and would
        fail every page)."""
        weight = lambda ts, ws: sum(ws.get(t, 1.0) for t in ts)  # noqa: E731
        focus = self.focus if nameable is None else self.focus & nameable
        return (bool(named & focus) and weight(named & focus, self.focus_weights) >= SUPPORTED * weight(focus, self.focus_weights)
                and weight(named & self.asked, self.subject_weights)
                >= SUPPORTED * weight(self.asked, self.subject_weights))

    def repeats(self, unit_terms: frozenset[str], doc_id: str, start: int, end: int,
                gives_kind: bool = False) -> float:
        """The penalty for a unit that mostly says again what the previous answer said and nothing
        the follow-up asks about; none for the span it quoted ("Against what threat exactly?" asks
        about the quoted sentence). `gives_kind`: the unit gives the kind of answer asked (a
        proportion for "how often"); the sentence a paraphrased answer restated then says more than
        the answer did ("... is calculated to be 2.6%" behind "Arterial puncture, ..., pneumothorax"),
        as a quoted span would."""
        if not unit_terms or not self.said or self.quoted(doc_id, start, end):
            return 0.0
        if gives_kind and self.said_again(doc_id, start, end) and unit_terms - self.said:
            return 0.0
        # A sentence a paraphrased answer restated was said, whatever the follow-up's words it names.
        if unit_terms & self.focus and not self.said_again(doc_id, start, end):
            return 0.0
        return REPEAT_PENALTY * len(unit_terms & self.said) / len(unit_terms)

    def unsupported(self, unit_terms: Sequence[frozenset[str]], best_relevance: float,
                    bar: float = SUPPORTED_RELEVANCE, kind_given: bool = False) -> bool:
        """An elliptic follow-up that the conversation's documents cannot answer: the terms it
        adds are (by weight) mostly in none of their units, and nothing there resembles it much
        ("Is it available in Rust?" after an answer about uploads). Citing the nearest text of
        those documents would answer another question. `kind_given`: what the previous answer
        said gives the kind of answer asked (a proportion); a follow-up pointing back with a
        pronoun whose unfound words are only everyday ones ("How often do they happen?") asks it
        of what was said, and is supported."""
        if not self.elliptic or not self.focus:
            return False
        found = self.focus & frozenset().union(*unit_terms)
        if kind_given and self.pronoun and self.focus - found <= self.plain_focus:
            return False
        weight = lambda ts: sum(self.focus_weights.get(t, 1.0) for t in ts)  # noqa: E731
        return weight(found) < SUPPORTED * weight(self.focus) and best_relevance < bar

    @property
    def beyond_index(self) -> bool:
        """Going on with the conversation to name something no indexed page mentions: neither the
        conversation's documents nor any other can answer it, and the nearest text there (the
        first answer's page again, or another tool's options) would answer another question."""
        return self.continues and bool(self.unindexed)

    def conversation_fails(self, near_terms: Sequence[frozenset[str]], best_relevance: float) -> bool:
        """Whether the conversation's documents fail a follow-up that goes on with it, as they
        would fail an elliptic one (then it is answered from wherever retrieval found)."""
        return FollowUp.unsupported(replace(self, elliptic=True), near_terms, best_relevance,
                                    CONTINUED_SUPPORTED_RELEVANCE)

    @property
    def continued(self) -> bool:
        """Goes on with the conversation: elliptic, or naming something of it."""
        return self.continues and self.topic_vector is not None

    def taken_as_continued(self) -> FollowUp:
        """The follow-up read as going on with the conversation although it names nothing of it
        ("Which extra do I have to install first?" after a SOCKS proxy answer)."""
        return replace(self, continues=True)

    @property
    def own_weight(self) -> float:
        """How much of a unit's resemblance is to the follow-up as asked (the rest: to it with the
        question it follows)."""
        if not self.elliptic:
            return CONTINUED_OWN_WEIGHT
        return OWN_WEIGHT if self.focus else KIND_ONLY_OWN_WEIGHT

    def quoted(self, doc_id: str, start: int, end: int) -> bool:
        """Whether `start:end` of `doc_id` overlaps a span the previous answer quoted verbatim."""
        return any(q.exact and q.doc_id == doc_id and start < q.end and q.start < end for q in self.quotes)

    def said_again(self, doc_id: str, start: int, end: int) -> bool:
        """Whether `start:end` of `doc_id` overlaps what the previous answer said: a span it quoted,
        or the sentence a paraphrased answer restated."""
        return any(q.doc_id == doc_id and start < q.end and q.start < end for q in self.quotes)

    def bridges(self, unit_terms: frozenset[str], doc_id: str = "", start: int = 0, end: int = 0,
                section: frozenset[str] = frozenset(), opens: bool = False) -> float:
        """The bonus for a unit that names both what the follow-up asks about and what the
        conversation is about ("To use `TestClient`, first install `httpx`." for "What do I have
        to install for it?" after a TestClient answer): it answers this follow-up, not another.
        A terse unit naming nothing of the subject speaks of it under its section's heading ("Not
        supported in `project.dependencies`." under "Caret requirements"); it must name what is
        asked itself: a heading naming both would bridge every sentence of its section. Only the unit
        opening a section (`opens`) names what its heading names: "Flask extensions are usually named
        ... You can search PyPI ..." under "Finding Extensions" answers "Where can I find them?"."""
        shared = (unit_terms & self.subject) or (section & self.subject)
        if not ((unit_terms & self.focus or (opens and section & self.focus)) and shared):
            return 0.0
        # One that changed the subject: the conversation's words say less. A unit overlapping a
        # verbatim quote names the conversation's words because it was said: it has the quote's
        # bonus already, and the longer such unit would win for saying more of it again.
        if not self.continues or self.said_again(doc_id, start, end):
            return BRIDGE_BONUS
        total = sum(self.subject_weights.get(t, 1.0) for t in self.subject)
        bonus = BRIDGE_BONUS + SUBJECT_WEIGHT * sum(self.subject_weights.get(t, 1.0) for t in shared) / total
        return bonus + self.stood_for(unit_terms | section)

    def stood_for(self, named: frozenset[str]) -> float:
        """The bonus for a unit naming (itself or its section's heading) what the follow-up's pronoun
        stands for: what the question it follows asked about (its topic terms, by weight)."""
        if not (self.stands_for and self.antecedent):
            return 0.0
        weight = lambda ts: sum(self.subject_weights.get(t, 1.0) for t in ts)  # noqa: E731
        return STANDS_FOR_WEIGHT * weight(named & self.antecedent) / weight(self.antecedent)

    @property
    def asks_to_change_it(self) -> bool:
        """Asks only how to change what its pronoun stands for ("How do I change it?")."""
        return self.stands_for and asks_only_to_change(self.focus)

    def sets_it(self, display: str, doc_id: str, start: int, end: int) -> bool:
        """Whether the unit is the setting line the previous answer quoted and the follow-up asks only
        how to change: that line, naming the flag or key, is how; whatever else the page says of
        changing things is about other settings (rag/setting_change.py)."""
        return self.asks_to_change_it and self.quoted(doc_id, start, end) and sets_a_setting(display)

    def gives_announced(self, doc_id: str, start: int, end: int, passage: str, passage_start: int) -> bool:
        """Whether the unit at `start:end` of `doc_id` (in `passage`, starting at `passage_start`) holds what a quoted sentence ending
        in a colon announced, for a follow-up asking what that is: it starts within the sentence or right
        after it and runs on into the text that comes next ("The following rules apply:" with its list,
        or the list alone)."""
        if not self.asks_announced:
            return False
        for q in self.quotes:
            if not (q.announces and q.doc_id == doc_id):
                continue
            after = next_start(passage, passage_start, q.end)
            if after is not None and q.start <= start <= after < end:
                return True
        return False

    @property
    def quoted_spans(self) -> set[tuple[str, int, int]]:
        """The spans the previous answer quoted as written: (doc_id, start, end)."""
        return {(q.doc_id, q.start, q.end) for q in self.quotes if q.exact}

    def gives_example(self, doc_id: str, start: int, end: int, display: str, kind: str, passage: str,
                      passage_start: int) -> int | None:
        """How well the unit at `start:end` of `doc_id` (in `passage`, starting at `passage_start`) gives the
        example a follow-up asks for (rag/asked_example.py ranks): None unless it stands in a quote's
        paragraph or the paragraph after it, and is not the whole quote again."""
        if not self.asks_example:
            return None
        for q in self.quotes:
            if not (q.exact and q.doc_id == doc_id) or start <= q.start and q.end <= end:
                continue
            if not passage_start <= q.start < passage_start + len(passage):
                continue
            if (paragraph_start(passage, passage_start, q.start) <= start
                    and start < next_paragraph_end(passage, passage_start, q.end)):
                return example_rank(display, kind)
        return None

    def nearness(self, doc_id: str, start: int, end: int, chunk: Chunk, gives_kind: bool = False) -> float:
        """The bonus for a unit at `start:end` of `doc_id` (in `chunk`), by nearness to a quote.
        `gives_kind`: the unit gives the kind of answer asked; the sentence a paraphrased answer
        restated is then what the follow-up asks about, as a quoted span is."""
        best = 0.0
        for q in self.quotes:
            if q.doc_id != doc_id:
                continue
            if start < q.end and q.start < end and (q.exact or gives_kind):
                return QUOTED_BONUS
            best = max(best, PASSAGE_BONUS if chunk.start <= q.start < chunk.end else DOCUMENT_BONUS)
        return best

    def near(self, doc_id: str) -> bool:
        return any(q.doc_id == doc_id for q in self.quotes)


# "Where does uv store its cache?", "How does the client close their connections?": a possessive after
# the question's own subject (the words after its auxiliary, no pronoun) belongs to that subject.
_OWN_POSSESSIVE = re.compile(r"\b(?:does|do|did|can|could|will|would|should|is|are|was|were)\s+"
                             r"(?!(?:i|you|we|it|they|he|she|this|that|these|those|one|ones|there)\b)"
                             r"[\w.-]+(?:\s+[\w.-]+){1,2}?\s+(its|their)\b", re.IGNORECASE)


def without_own_possessive(question: str) -> str:
    """The question with a possessive that belongs to its own subject taken out: it points at
    nothing said before."""
    found = _OWN_POSSESSIVE.search(question)
    return question[:found.start(1)] + question[found.end(1):] if found else question


def is_elliptic(question: str) -> bool:
    """Short on topic words, or pointing back ("that", "they") with few of its own."""
    words = content_words(question, strict=True)
    return len(words) <= 1 or (bool(_ANAPHORA.search(without_own_possessive(question))) and len(words) <= 3)


# "And how do I ...?", "But what if ...?": a question opening with a conjunction goes on from the
# turn before, whatever words it names.
_GOES_ON = re.compile(r"^\W*(and|but|also|so|then|or)\b", re.IGNORECASE)


def goes_on(question: str) -> bool:
    """Opens with a conjunction: says itself that it goes on with the conversation."""
    return bool(_GOES_ON.match(question))


def pointer_words(question: str) -> list[str]:
    """The question's words that point at something said before ("that", "they") or place it
    relative to what was said ("first", "still", "then")."""
    return _ANAPHORA.findall(question) + [w for w in question.lower().split() if w.strip("?.,!;:") in _RELATIVE]


def refers_back(question: str) -> bool:
    """Whether a word of the question points back or places it relative to what was said."""
    return bool(pointer_words(question))


def points_back(question: str) -> bool:
    """Only a pointer to something said before ("Who said that?", "How do I install it?"): with no
    conversation there is nothing it can be about."""
    return bool(_ANAPHORA.search(question)) and len(content_words(question)) <= 1


# A follow-up with nothing to lean on: the answerer abstains on it rather than guess.
UNRESOLVED = FollowUp((), True, ())


def quoted_pieces(answer: str) -> list[str]:
    """The quotes of an extractive answer: the text before each [n] marker."""
    return [p.strip() for p in ANSWER_MARK.split(answer) if p.strip()]


def previous_quotes(history: Sequence[Message], retriever: HybridRetriever) -> list[Quote]:
    """Where the last assistant answer's quotes are in the corpus. An answer that quotes nothing
    verbatim (an LLM's, or one a client wrote) is located by retrieval for it and the question
    it answered: its two best passages. An abstention quotes nothing."""
    answer = last_turn(history, "assistant")
    pieces = quoted_pieces(answer)
    if not pieces or answer.strip() == NO_ANSWER:
        return []
    wanted = set(pieces)
    quotes: list[Quote] = []
    hits = retriever.retrieve(ANSWER_MARK.sub(" ", answer)[:2000], retriever.k).hits
    for hit in hits:
        chunk = hit.chunk
        for unit in answer_units(chunk.text, chunk.start, markdown=reads_as_markdown(chunk.path)):
            shown = shown_unit(unit.display, unit.kind, chunk.path, unit.read)  # as the answer showed it
            # or under its setting's name (rag/entry_label.py)
            said = shown if shown in wanted else labelled(shown, None, entry_of(chunk, unit.start), None).text
            if said in wanted:
                quotes.append(Quote(chunk.doc_id, unit.start, unit.end, announces=announces(said)))
                wanted.discard(said)
        if not wanted:
            break
    if quotes:
        return quotes
    asked = last_turn(history, "user")
    if asked:
        hits = hits + retriever.retrieve(f"{asked} {ANSWER_MARK.sub(' ', answer)}"[:2000], retriever.k).hits
    return paraphrased(ANSWER_MARK.sub(" ", answer), hits, retriever) or [
        Quote(h.chunk.doc_id, h.chunk.start, h.chunk.end, exact=False) for h in hits[:2]]


def paraphrased(answer: str, hits: Sequence[Hit], retriever: HybridRetriever) -> list[Quote]:
    """The sentences a paraphrased answer restates: for each of its sentences, the passage sentence
    of `hits` that resembles it most (cosine + term overlap, as the answerer scores), when that is
    close enough to be a restatement rather than a neighbour."""
    said = [s.text for s in split_sentences(answer)][:_MAX_ANSWER_SENTENCES]
    unique = list({h.chunk.chunk_id: h for h in hits}.values())
    if not said or not unique:
        return []
    store = retriever.store
    passages = read_passages(unique, store.catalog, store.embedder)
    spans = [(p.chunk.doc_id, s) for p in passages for s in p.sentences]
    if not spans:
        return []
    vectors = np.vstack([p.vectors for p in passages])
    span_terms = [terms(s.text) for _, s in spans]
    quotes: list[Quote] = []
    for text, vector in zip(said, store.embedder.encode(said)):
        wanted = terms(text)
        overlap = np.array([len(wanted & t) / len(wanted) if wanted else 0.0 for t in span_terms])
        resemblance = np.nan_to_num(vectors @ vector, nan=-1.0) + OVERLAP_WEIGHT * overlap
        best = float(resemblance.max())
        if best < RESTATED:
            continue
        # A restatement can match a few sentences about as well (the tutorial's and the reference's).
        # The same line shown on several pages (a command the tutorial, the quickstart and the
        # reference all show) is one of them, found on each page: which page the answer took it
        # from, a hair's difference in resemblance cannot tell.
        shown: list[str] = []
        for i in np.argsort(-resemblance):
            if resemblance[i] < best - RESTATED_MARGIN:
                break
            doc_id, sentence = spans[int(i)]
            text = _as_read(sentence.text)
            if text not in shown:
                if len(shown) == _CLOSE_RESTATEMENTS:
                    continue
                shown.append(text)
            quote = Quote(doc_id, sentence.start, sentence.end, exact=False)
            if quote not in quotes:
                quotes.append(quote)
    return quotes


def _as_read(text: str) -> str:
    """A sentence's words, whatever marks and spacing show it."""
    return " ".join(re.findall(r"\w+", text.lower()))


def neighbourhood(quotes: Sequence[Quote], catalog: Catalog) -> list[Hit]:
    """Passages of the quoted documents, nearest to a quote first."""
    by_doc = catalog.chunks_of_documents({q.doc_id for q in quotes})
    ranked: list[tuple[int, int, Chunk]] = []
    for doc_id, chunks in by_doc.items():
        spots = [q.start for q in quotes if q.doc_id == doc_id]
        for c in chunks:
            distance = min(0 if c.start <= s < c.end else min(abs(c.start - s), abs(c.end - s)) for s in spots)
            ranked.append((distance, c.index, c))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [Hit(c, 0.0, None, None) for _, _, c in ranked[:_NEIGHBOURHOOD_CHUNKS]]


def follow_up(question: str, history: Sequence[Message], retriever: HybridRetriever,
              quotes: Sequence[Quote] | None = None) -> FollowUp | None:
    """What the conversation points a follow-up at; None when there is no history, or the
    question stands on its own and the previous answer quoted nothing. `quotes`: the previous
    answer's, when already located (`previous_quotes`)."""
    if not history:
        return None
    quotes = previous_quotes(history, retriever) if quotes is None else list(quotes)
    # "Give an example." says only what kind of answer it wants: of what, the conversation says.
    elliptic = is_elliptic(question) or asks_for_example(question)
    if not quotes:
        # An elliptic question after an answer that quoted nothing (an abstention) has nothing
        # to lean on: the answerer abstains on it rather than guess.
        return UNRESOLVED if elliptic else None
    topic, vector = "", None
    asked = [m.content for m in history if m.role == "user"]
    answer = ANSWER_MARK.sub(" ", last_turn(history, "assistant"))
    said = terms(answer)
    before = _topic_terms(asked[-1]) if asked else frozenset()
    # The answer's topic words only: "Yes, it has ..." says nothing of what it is about.
    subject = (_topic_terms(answer) - _DISCOURSE) | before
    own = _topic_terms(question)
    # A follow-up that names something of the conversation ("the fields" after "update some
    # fields") goes on with it, and so does one whose pronoun stands for the turn before ("Can I set
    # it in my config file instead?" after a debug-mode answer: "it" is debug mode, however new its
    # other words); one that does neither has changed the subject (unless it finds nothing as asked:
    # the answerer then reads it with this topic).
    if asked:
        topic = f"{question} {asked[-1]}"
        vector = retriever.store.embedder.encode([topic])[0]
    pointers = " ".join(pointer_words(question))
    # ... nor the words saying how it asks ("Do I need to install anything?": "need" is no topic).
    focus = own - before - terms(question_type(question).category) - terms(pointers) - asking_terms() \
        - switching_verbs(question)
    # "And Cluster 6?" after "What was Cluster 5 identified as?": what it adds is the number, which
    # no term holds (the tokenizer drops a lone digit), so the numbered name is a focus term itself.
    focus |= numbered_terms(question) - (numbered_terms(asked[-1]) if asked else frozenset())
    chunks, frequencies = retriever.store.document_frequencies(focus | subject)
    weights = idf(chunks, frequencies) if chunks else {}
    hits = tuple(neighbourhood(quotes, retriever.store.catalog))
    # Too few chunks to say what the documents never mention (rag/abstention.py).
    unseen = frozenset(t for t in focus if not frequencies.get(t)) if chunks >= MIN_CHUNKS_FOR_RARITY else frozenset()
    unindexed = rare_unseen(question, unseen, [h.chunk for h in hits], names=True) if unseen else ""
    # A fragment is the question before with one part put in place of another: when no chunk names that
    # part ("children", "ambulances"), however common a word it is, nothing answers it. (A whole
    # question asked with a common word unseen may be answered in other words; only rare ones are read.)
    if not unindexed and focus and unseen == focus and stands_in(question):
        unindexed = rare_unseen(question, unseen, [h.chunk for h in hits], common=True)
    return FollowUp(tuple(quotes), elliptic, hits, topic, vector,
                    said, subject, focus, {t: weights[t] for t in focus if t in weights},
                    elliptic or bool(own & subject) or stands_for_turn_before(question),
                    {t: weights[t] for t in subject if t in weights}, unindexed,
                    answer, before, focus & _plain_terms(question), bool(_ANAPHORA.search(without_own_possessive(question))),
                    bool(_STANDS_FOR.search(without_own_possessive(question))), before - _asked_verb(asked[-1] if asked else ""),
                    asks_what_they_are(question) and focus <= said and any(q.announces for q in quotes),
                    asks_for_example(question) and any(q.exact for q in quotes))


# "Turn it on", "switch them off": the verb of a phrase switching what a pronoun stands for on or off
# says only that (rag/asked_opposite.py reads which way), no topic: "turn" alone is another word ("turns a
# set into a list").
_SWITCHED = re.compile(r"\b([a-z]+)\s+(?:it|them|this|that|these|those)\s+(?:back\s+)?(?:on|off)\b", re.IGNORECASE)


def switching_verbs(question: str) -> frozenset[str]:
    """The terms of the verbs a question switches a thing on or off with ("turn" of "How do I turn it on?")."""
    return terms(" ".join(_SWITCHED.findall(question)))


# "How do I switch ...", "Can you make ...": the word after an auxiliary and its person is the verb asked.
_ASKED_VERB = re.compile(r"\b(?:do|does|did|can|could|should|would|will|may|must)\s+(?:i|you|we|they|one)\s+([a-z]+)",
                         re.IGNORECASE)


def _asked_verb(question: str) -> frozenset[str]:
    """The terms of the verbs a question asks how to do (none in "What is VESPA?")."""
    return terms(" ".join(_ASKED_VERB.findall(question)))


# A word capitalised after the question's first word names something ("Rust", "Netlify", "Node.js"); a
# stop ending the sentence is not part of it.
_NAMED = re.compile(r"(?<=\S)\s+([A-Z][\w-]*(?:\.[\w-]+)*)")


def _plain_terms(question: str) -> frozenset[str]:
    """The terms of the question's everyday English words that name nothing."""
    named = {w.lower() for w in _NAMED.findall(question)}
    return terms(" ".join(w for w in plain_words(question) if w not in named and zipf(w) >= RARE_IN_ENGLISH))


# "And on Windows?", "What about PowerShell?", "And for a whole file?": a fragment opening with "and",
# "or", "what/how about", no question of its own after it (a wh-word or an auxiliary: "And how do I
# ...?", "And can I defer it?"). It puts one thing in place of a part of the question before.
_FRAGMENT = re.compile(r"^\W*(?:and|or|what\s+about|how\s+about)\b(?!\W+(?:what|which|who|whom|whose|why|how|when|"
                       r"where|is|are|was|were|do|does|did|can|could|should|would|will|shall|may|might|must|has|"
                       r"have|had)\b)", re.IGNORECASE)


def is_fragment(question: str) -> bool:
    return bool(_FRAGMENT.match(question))


# "And how many ambulances?", "And how much memory?": a count or an amount of one thing put in place
# of what the question before counted, with no verb of its own.
_COUNT_FRAGMENT = re.compile(r"^\W*(?:and|or)\s+how\s+(?:many|much)(?:\s+[\w'-]+){1,2}\W*$", re.IGNORECASE)


# "What is the capital of it?", "What's its population?": one property asked of what the turn before was
# about, in a whole question, as "And its capital?" asks it in a fragment.
_PROPERTY_OF_IT = re.compile(r"^\W*(?:(?:and|so|but)\W+)?what(?:'s|\s+(?:is|are|was|were))\s+"
                             r"(?:the(?:\s+[\w'-]+){1,2}\s+of\s+(?:it|them|that|this|those|these)|"
                             r"(?:its|their)(?:\s+[\w'-]+){1,2})\W*$", re.IGNORECASE)


def stands_in(question: str) -> bool:
    """Whether the follow-up says only the thing it puts in place of a part of the question before
    ("And in children?", "And how many ambulances?", "What is the capital of it?" after a country's calling
    code): what it asks is that thing, and nothing else."""
    return is_fragment(question) or bool(_COUNT_FRAGMENT.match(question)) or bool(_PROPERTY_OF_IT.match(question))


def _topic_terms(text: str) -> frozenset[str]:
    return terms(" ".join(content_words(text, strict=True)))

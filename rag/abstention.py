"""Whether the retrieved passages answer the question at all.

Two signals, each with a threshold calibrated on questions the index cannot answer (other
corpora's questions, and questions whose own article was left out of the index) against questions
it can (bench/calibrate_abstention.py; figures in docs/quality.md, "Answers"):
- the best unit's answer score (resemblance + fit to the question's type);
- coverage: the share of the question's terms found in the passage of the best unit and the
  units around it. A question about something the documents never mention (a name, a product,
  a place) leaves its key terms uncovered however close the embedding is.

And one rule: a question naming someone or something (a capitalised name, a figure of three
digits or more) that no retrieved passage mentions, and whose other terms the best passage covers
poorly, is not answered from them: "the price of fentanyl in Chicago" from an article that never
says Chicago. Names are matched as the citation
checker matches them (rag/contradiction.py: "Brazil"/"Brazilian", acronyms, misspellings).
A name that no indexed chunk mentions at all ("AWS Lambda", "TOTP" in a web framework's docs) is
declined on a higher key-coverage bar: the index never talks about the thing asked about.
A question naming code (`--reload`, `NO_PROXY`, `poetry.lock`: rag/code_names.py) that none of the
passages read mentions is declined: code has no synonym a page could use instead. So is one naming a
protocol's version ("Does Flask support HTTP/3?": rag/protocol_versions.py) that none of them names. Conversely, a
best unit naming all of the question's code is about it: it is not declined for resembling the
question's other words little ("What does the --reload flag do?": "Run uvicorn with `--reload` to
enable auto-reloading on code changes.").
A question with a word no indexed chunk contains that is rare in English at large ("cyclomatic",
"JupyterLab", "bioavailability": rag/english_rarity.py) is declined too: the word names something the
documents never talk about, not a paraphrase of what they say. So is a how-to with such a word that
one chunk of the index has but no passage read does ("an HTTP proxy" in Poetry's docs, whose only
"proxies" are a contributor's network): retrieval weighs that rare term most, so the passages it read
instead are about something else. Only how-tos: a factoid's rare words are often the asker's
paraphrase of the answer's sentence ("attain" for "obtained"), which another paragraph happens to use.
"""

from __future__ import annotations

import math
import re

from collections.abc import Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from dataclasses import dataclass, replace
from typing import Protocol

from rag import contradiction
from rag.code_names import code_names, mentions, placeholder
from rag.english_rarity import plain_words, zipf
from rag.protocol_versions import unread_version
from rag.retriever import Hit, Retrieval
from rag.settings import AnswerSettings
from rag.termless_names import defines_termless
from rag.terms import terms
from rag.types import Chunk


NO_ANSWER = "The indexed documents do not seem to answer this question."
# A scope no document passes: say so, rather than that the documents are silent.
EMPTY_SCOPE = ("No indexed document is in this question's scope: no document of the collections asked "
               "passes its filters.")
UNKNOWN_NAME_COVERAGE = 0.34
# Calibrated with bench/calibrate_abstention.py (docs/quality.md).
MIN_KEY_COVERAGE = 0.15
MIN_KEY_COVERAGE_UNSEEN = 0.18
# Between the key coverage of the calibration's negatives naming something unindexed and that of
# its one answerable question doing so (docs/quality.md).
MIN_KEY_COVERAGE_UNINDEXED_NAME = 0.5
# A how-to question with a term no chunk contains, whose best unit names little of its key terms
# and is only modestly supported: the instruction shown is for something else near it (rate
# limiting answered with a timeout, log rotation with logging). Between the docs sets' how-to
# unanswerables and XQuAD's answerables (docs/quality.md).
MIN_UNIT_KEY_COVERAGE_UNSEEN = 0.23
WEAK_SUPPORT = 0.9
# However well supported: a how-to whose unseen term is a thing it asks about, not the verb of the
# doing ("turn off" is "disable" in the pages, "uv" or "workspace" is nothing else), declined when
# the best unit names less than this of its key terms (docs/quality.md).
MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT = 0.2
# A weakly supported how-to whose best unit names next to none of its key terms is declined even
# when each term is on some page ("an HTTP proxy" answered with repository credentials).
MIN_UNIT_KEY_COVERAGE = 0.05
# The verb right after how a how-to asks: "How can I turn off ...", "How to pin ...".
_HOWTO_VERB = re.compile(r"^\s*how\s+(?:do|can|could|should|would|to|does one)\s+(?:(?:i|we|you|one)\s+)?([A-Za-z-]+)",
                         re.IGNORECASE)
# A gerund a preposition opens: the doing a how-to asks to stop, start or avoid ("... from touching
# one statement", "without breaking ...", "by adding ..."). A doing is lowercase and has an object
# after it: "from Spring Boot", "from string?", "before morning", "from logging Django" name things.
_GERUND = re.compile(r"\b(?i:from|by|without|before|after|while|instead\s+of)\s+([a-z]+ing)\s+(?=[a-z0-9`'\"(-])")
# Below this many chunks, document frequencies cannot say what is rare (in a 4-chunk article the
# topic's own words are in every chunk, ordinary ones in none): the key-coverage tiers are off.
# They were calibrated on indexes of 264 and 1,278 chunks; on documentation indexes of 158-186
# chunks (HTTPX's with a fifth of its pages left out) they decline questions whose page is gone
# and cost no right answer of those whose page stays (docs/quality.md, issue 14, abst5).
MIN_CHUNKS_FOR_RARITY = 150
# A word no chunk contains that is rarer than this in English (Zipf scale: 2.75 is about one in two
# million words) names something the documents never mention. Ordinary words no chunk contains are
# paraphrases ("folder", "risky", "newest" in right answers); the rarest such word of a right answer on
# the dev sets is "daemon" (2.81, "the Docker daemon"), the unanswerables' "testis" 2.43,
# "bioavailability" 2.57, "JupyterLab" 0 (docs/quality.md, issue 14, abst9).
RARE_IN_ENGLISH = 2.75
# A word of a how-to rarer in English than this (everyday words such as "download", "last" or
# "shown" lie above it) that the index has in MAX_RARE_CHUNKS chunks or fewer, none of them read,
# names a thing the pages mention only in passing elsewhere (`unread_rare`; docs/quality.md, bar27).
RARE_READ_IN_ENGLISH = 4.0
MAX_RARE_CHUNKS = 1


class TermRarity(Protocol):
    def document_frequencies(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]: ...


class Documents(Protocol):
    def chunks_of_documents(self, doc_ids: Iterable[str]) -> dict[str, list[Chunk]]: ...


def idf(chunks: int, frequencies: Mapping[str, int]) -> dict[str, float]:
    """BM25's inverse document frequency (Lucene's form): a term no chunk contains weighs most."""
    return {t: math.log(1.0 + (chunks - df + 0.5) / (df + 0.5)) for t, df in frequencies.items()}


class _Scored(Protocol):
    hit: Hit
    score: float
    relevance: float

    @property
    def read(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Signals:
    best_score: float  # the best unit's answer score
    best_relevance: float  # its resemblance alone
    coverage: float  # share of question terms in the best unit's passage
    unknown_name: str = ""  # a name or figure of the question that no retrieved passage mentions
    # Coverage with each term weighted by its rarity in the index: the question's key terms
    # ("rate limit", "rotation", "TOTP") weigh more than the corpus's everyday words ("request").
    key_coverage: float = 1.0
    unseen: str = ""  # the question's terms that no indexed chunk contains at all (a how-to's own verbs bar)
    unindexed_name: str = ""  # an unknown name none of whose words any indexed chunk contains
    # Key coverage of the best unit alone: the passage may name the question's terms in other
    # sentences than the one that would be shown.
    unit_key_coverage: float = 1.0
    howto: bool = False  # the question asks how to do something: its answer is an instruction
    unread_code: str = ""  # a code name of the question ("--reload") no passage read mentions
    names_code: bool = False  # the question names code, and the best unit names all of it
    rare_unseen: str = ""  # words of the question no indexed chunk contains, rare in English
    # The unknown name is in another chunk of the best unit's own document: the passages read are
    # from the page or paper that talks about it, not from a neighbour of the thing asked.
    name_in_document: bool = False
    # Words of a how-to rare in English that one indexed chunk has and no passage read does ("proxy",
    # said once of a contributor's network): the passages read are about something else.
    unread_rare: str = ""
    # A protocol's version of the question ("HTTP/3") no passage read names: they are on other versions.
    unread_version: str = ""
    # The question asks bare what a name no term can hold is ("What is g?"), and the best unit opens
    # saying it (rag/termless_names.py): coverage, which reads terms, cannot see it.
    defines_termless: bool = False


def _near_miss(word: str, words: frozenset[str]) -> bool:
    """A user's typo of a passage word: letters swapped ("Geegen", "Zeria") or one or two off
    ("ARPNET" for ARPANET). A word of three letters or fewer one letter off is another word, not
    a typo ("AWS" is not "as")."""
    if len(word) < _MIN_TYPO_LETTERS:
        return False
    letters = sorted(word)
    return any(abs(len(w) - len(word)) <= 2 and w[0] == word[0]
               and (sorted(w) == letters or SequenceMatcher(None, w, word).ratio() >= _NEAR)
               for w in words)


_NEAR = 0.8
_MIN_TYPO_LETTERS = 4


def unknown_name(question: str, chunks: Iterable[Chunk]) -> str:
    """A name or figure of `question` that none of `chunks` (their titles included) mentions,
    matched as leniently as the citation checker matches names, typos forgiven."""
    asked = contradiction.tokens(question)
    names = contradiction.names(asked)
    if not names:  # most questions: the passages need not be read
        return ""
    known = contradiction.Vocabulary.of_text("\n".join(f"{c.title}\n{c.text}" for c in chunks))
    return contradiction.missing_name(asked, known, forgive=lambda t: _near_miss(t.lower, known.words))


def coverage(question_terms: frozenset[str], hit: Hit) -> float:
    if not question_terms:
        return 0.0
    return len(question_terms & terms(f"{hit.chunk.title}\n{hit.chunk.text}")) / len(question_terms)


@lru_cache(maxsize=1)
def asking_terms() -> frozenset[str]:
    """Terms that say how a question asks, not what about: rare in documents, so heavy by idf."""
    return terms("what who whom whose which why how when where my me you your we our want need does can could "
                 "should would please tell know mean")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """English function words ("were", "rather than"), which BM25's short stop list keeps."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return terms(" ".join(STOPWORDS_EN_PLUS) + " rather instead else")


def key_coverage(question_terms: frozenset[str], hit: Hit, idf: Mapping[str, float]) -> float:
    """The idf-weighted share of the question's terms in `hit`'s passage (title included)."""
    return weighted_share(question_terms, terms(f"{hit.chunk.title}\n{hit.chunk.text}"), idf)


def weighted_share(question_terms: frozenset[str], found_in: frozenset[str], idf: Mapping[str, float]) -> float:
    """The idf-weighted share of the question's terms (bar how it asks) that `found_in` has."""
    asked = question_terms - asking_terms()
    if not asked:
        return 1.0
    weights = {t: idf.get(t, 1.0) for t in asked}
    return sum(weights[t] for t in asked & found_in) / sum(weights.values())


class Abstention:
    def __init__(self, settings: AnswerSettings, rarity: TermRarity | None = None,
                 documents: Documents | None = None) -> None:
        self.settings = settings
        self.rarity = rarity
        self.documents = documents

    def signals(self, candidates: Sequence[_Scored], question_terms: frozenset[str], retrieval: Retrieval,
                howto: bool = False) -> Signals:
        if not candidates:
            return Signals(0.0, 0.0, 0.0)
        best = candidates[0]
        chunks, frequencies = (self.rarity.document_frequencies(question_terms - asking_terms())
                                if self.rarity is not None else (0, {}))
        read = list({c.hit.chunk.chunk_id: c.hit.chunk for c in candidates}.values())
        unknown = unknown_name(retrieval.query, read)
        signals = Signals(best.score, best.relevance, coverage(question_terms, best.hit),
                          unknown, unread_code=unread_code(retrieval.query, read),
                          unread_version=unread_version(retrieval.query, read),
                          names_code=names_code(retrieval.query, best.read),
                          defines_termless=defines_termless(retrieval.query, best.read),
                          name_in_document=bool(unknown) and self._in_document(retrieval.query, best.hit.chunk, read))
        if chunks < MIN_CHUNKS_FOR_RARITY:
            return signals
        unseen = frozenset(t for t, df in frequencies.items() if df == 0)
        # A function word no chunk contains ("were" in a reference page) is no concept the
        # documents never mention: it neither counts as unseen nor weighs as the rarest term.
        silent = unseen & function_words()
        unseen, key_terms = unseen - silent, question_terms - silent
        weights = idf(chunks, frequencies)
        signals = replace(signals, rare_unseen=rare_unseen(retrieval.query, unseen, read),
                          unindexed_name=unindexed(signals.unknown_name, unseen),
                          unread_rare=unread_rare(retrieval.query, frequencies, read) if howto else "")
        # A how-to's verbs no page uses are the user's words for a doing the pages name otherwise:
        # they weigh in the coverages, but only the things asked about count as never mentioned.
        things = unseen - doing_words(retrieval.query) if howto else unseen
        return replace(signals, key_coverage=key_coverage(key_terms, best.hit, weights),
                       unseen=" ".join(sorted(things)),
                       unit_key_coverage=weighted_share(key_terms, terms(best.read), weights), howto=howto)

    def _in_document(self, question: str, best: Chunk, read: Sequence[Chunk]) -> bool:
        """Whether every name of `question` is in the passages read or the rest of `best`'s document."""
        if self.documents is None:
            return False
        own = self.documents.chunks_of_documents([best.doc_id]).get(best.doc_id, [])
        return not unknown_name(question, [*read, *own])

    def abstains(self, s: Signals, elliptic: bool = False) -> bool:
        """An elliptic follow-up ("Who said that?") names few terms of its own: it is answered
        from the conversation's documents when anything there is relevant at all."""
        st = self.settings
        if s.best_score < st.min_relevance:
            return True
        return not elliptic and declined(s, st.coverage_weight, st.min_answer_support, MIN_KEY_COVERAGE,
                                         MIN_KEY_COVERAGE_UNSEEN)


def unread_code(question: str, chunks: Sequence[Chunk]) -> str:
    """The first code name of `question` that none of `chunks` (titles included) mentions, else "".
    The asker's own placeholder ("myname.github.io") is no code a page could name."""
    names = [n for n in code_names(question) if not placeholder(n)]
    if not names:  # most questions: the passages need not be read
        return ""
    texts = [f"{c.title}\n{c.text}" for c in chunks]
    return next((n for n in names if not any(mentions(n, t) for t in texts)), "")


def unread_rare(question: str, frequencies: Mapping[str, int], chunks: Sequence[Chunk]) -> str:
    """The words of `question` rare in English whose term some indexed chunks hold, no more than
    MAX_RARE_CHUNKS (`frequencies`: chunks per term), none of them among `chunks` (the passages
    read), else "". BM25 weighs such a term most, so when its chunk is still not read, that chunk
    mentions the thing in passing about something else, and what was read is not about it. Only
    the things asked about count: a doing (a how-to's verbs, an "-ing" form) the pages may name in
    their own verb."""
    doing = doing_words(question)
    rare: dict[str, frozenset[str]] = {}
    for word in dict.fromkeys(plain_words(question)):
        if word.endswith("ing"):  # a doing ("avoid repeating"): the pages may name it in their own verb
            continue
        asked = terms(word) - asking_terms() - function_words() - doing
        if asked and zipf(word) < RARE_READ_IN_ENGLISH and all(0 < frequencies.get(t, 0) <= MAX_RARE_CHUNKS for t in asked):
            rare[word] = asked
    if not rare:  # most questions: the passages need not be read
        return ""
    said = terms("\n".join(f"{c.title}\n{c.text}" for c in chunks))
    return " ".join(word for word, asked in rare.items() if not asked & said)


def names_code(question: str, text: str) -> bool:
    """Whether `question` names code and `text` mentions every code name of it."""
    names = code_names(question)
    return bool(names) and all(mentions(n, text) for n in names)


def rare_unseen(question: str, unseen: frozenset[str], chunks: Sequence[Chunk], names: bool = False,
                common: bool = False) -> str:
    """The words of `question` whose term no indexed chunk contains (`unseen`) and that are rare in
    English (or, with `names`, capitalised past the first word: "Windows", "Netlify"; with `common`,
    any word), bar what the passages read say in another form: a typo ("gaurentee", "Ghandi"), two of
    their words run together ("whatare"), an acronym of their capitalised words ("UMC"), a verb with
    "re-" ("restated")."""
    named = frozenset(plain_words(" ".join(t.text for t in contradiction.tokens(question) if t.entity))) if names else frozenset()
    rare = [w for w in dict.fromkeys(plain_words(question))
            if terms(w) & unseen and (common or zipf(w) < RARE_IN_ENGLISH or w in named)]
    if not rare:  # most questions: the passages need not be read
        return ""
    known = contradiction.Vocabulary.of_text("\n".join(f"{c.title}\n{c.text}" for c in chunks))
    return " ".join(w for w in rare if not _said_otherwise(w, known))


def _said_otherwise(word: str, known: contradiction.Vocabulary) -> bool:
    if word in known.acronyms or _typo(word, known.words):
        return True
    if word.startswith("re") and len(word) > 5 and terms(word[2:]) <= terms(" ".join(known.words)):
        return True
    return any(word[:i] in known.words and word[i:] in known.words for i in range(2, len(word) - 1))


def _typo(word: str, words: frozenset[str]) -> bool:
    """A word of `words` misspelt: letters swapped, or a letter or two off (a first letter too when
    the rest is near enough: "awritten"). Long words are forgiven more ("gaurentee")."""
    if len(word) < _MIN_TYPO_LETTERS:
        return False
    near = _NEAR_LONG if len(word) >= 7 else _NEAR
    letters = sorted(word)
    for w in words:
        if abs(len(w) - len(word)) > 2:
            continue
        if sorted(w) == letters:
            return True
        ratio = SequenceMatcher(None, w, word).ratio()
        if ratio >= _NEAR_ANY_START or ratio >= near and w[0] == word[0]:
            return True
    return False


_NEAR_LONG = 0.75
_NEAR_ANY_START = 0.9


def howto_verb(question: str) -> frozenset[str]:
    """The term of the verb a how-to asks with ("turn" in "How can I turn off ..."), if any."""
    found = _HOWTO_VERB.match(question)
    return terms(found.group(1)) if found else frozenset()


def doing_words(question: str) -> frozenset[str]:
    """The terms of a how-to's verbs: the one it asks with ("stop" in "How do I stop the formatter
    from touching ...") and a gerund a preposition opens ("touching"). Pages name the doing in
    their own verb ("disable" for "turn off", "skip" for "stop ... touching"); the thing it is done
    to they can only name."""
    return howto_verb(question) | frozenset(t for m in _GERUND.finditer(question) for t in terms(m.group(1)))


def unindexed(name: str, unseen: frozenset[str]) -> str:
    """`name` when none of its words is in any indexed chunk (`unseen`: the question's terms no
    chunk contains), else ""."""
    words = terms(name)
    return name if words and words <= unseen else ""


def names_unindexed(s: Signals, min_key_unseen: float = MIN_KEY_COVERAGE_UNSEEN,
                    min_key_unindexed_name: float = MIN_KEY_COVERAGE_UNINDEXED_NAME) -> bool:
    """Declined for naming what no indexed passage contains (a term, a name), the rest of the
    question poorly covered besides: what `declined` says of it on those grounds alone."""
    return bool(s.unindexed_name) and s.key_coverage < min_key_unindexed_name \
        or bool(s.unseen) and s.key_coverage < min_key_unseen


def declined(s: Signals, weight: float, min_support: float, min_key: float, min_key_unseen: float,
             min_key_unindexed_name: float = MIN_KEY_COVERAGE_UNINDEXED_NAME) -> bool:
    """Whether a question that stands on its own is declined on its signals."""
    # A name the passages never mention, in a question they cover poorly besides (a name alone
    # is often a typo or a variant: "ARPNET", "the Mark of Anarchy"). Unless the best unit's own
    # document names it: the passages are from the page about it. But a term of the question no
    # indexed chunk contains ("S3") says the index is not about it, whatever a letter of it matches.
    if s.unknown_name and s.coverage < UNKNOWN_NAME_COVERAGE and not (s.name_in_document and not s.unseen):
        return True
    # Code the passages never name ("--reload", "NO_PROXY"): what they say is about other code.
    if s.unread_code:
        return True
    # A protocol's version the passages never name ("HTTP/3"): what they say is of other versions.
    if s.unread_version:
        return True
    # A word rare in English that no indexed page contains: the documents never talk about it.
    if s.rare_unseen:
        return True
    # A rare word the index has only in a chunk not read: what was read is about something else.
    if s.unread_rare:
        return True
    if s.key_coverage < min_key:
        return True
    # A name no indexed chunk mentions, in a question whose key terms the best passage does not
    # mostly cover: the passage is about something else near it ("deploy" without "AWS Lambda").
    if s.unindexed_name and s.key_coverage < min_key_unindexed_name:
        return True
    # A term no indexed passage contains ("Lambda", "rotation", "TOTP"), in a question whose other
    # key terms the best passage covers poorly: the documents do not talk about it.
    if s.unseen and s.key_coverage < min_key_unseen:
        return True
    support = s.best_score + weight * s.coverage
    # An instruction for what the question asks names its key terms; a factoid's answer sentence
    # often paraphrases them (XQuAD), so only how-to questions are held to the unit.
    if s.howto and s.unseen and s.unit_key_coverage < MIN_UNIT_KEY_COVERAGE_UNSEEN and support < WEAK_SUPPORT:
        return True
    # A how-to's `unseen` names only the things it asks about (signals() leaves its verbs out).
    if s.howto and s.unseen and s.unit_key_coverage < MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT:
        return True
    if s.howto and s.unit_key_coverage < MIN_UNIT_KEY_COVERAGE and support < WEAK_SUPPORT:
        return True
    # A best unit naming the very code asked about is about it, however little else of the
    # question it resembles; so is one saying what a name too short for a term is.
    return support < min_support and not s.names_code and not s.defines_termless

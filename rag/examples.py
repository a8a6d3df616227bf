"""Example questions from the corpus' own content, each checked to get a real answer.

Candidates come from the documents' headings ("Install dependencies" -> "How do I install
dependencies?", "`UploadFile`" -> "What is UploadFile?") and definitional sentences ("Tidy data
is a standard way ..." -> "What is tidy data?"). Each candidate is asked; only those answered (no
abstention) with something other than a heading or the document's title are kept.

A question is plain text, as a reader would type it: a code span shows its words, and a heading's title
case goes ("Create and Use Env Vars" -> "How do I create and use env vars?") but for the names the
page's own sentences capitalise ("Python", "Uvicorn"); "SQLModel" and "HTTP" are no title case. Pages
about the project rather than its use (contributing, release notes) are read for examples last.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

from rag.catalog import Catalog
from rag.english_rarity import zipf
from rag.page_role import about_project
from rag.shown_passage import reads_as_markdown
from rag.types import Answer, DocumentRecord, Source
from rag.unit_scoring import looks_like_heading
from rag.units import Unit, answer_units

_GERUND = re.compile(r"^(Using|Creating|Adding|Installing|Defining|Declaring|Running|Testing|Handling|Setting up|"
                     r"Configuring|Reading|Writing|Returning|Deploying)\s+(.+)$")
_IMPERATIVE = re.compile(r"^(Install|Use|Create|Add|Define|Declare|Run|Test|Handle|Set up|Configure|Read|Write|Return|"
                         r"Deploy|Import|Enable|Disable|Build|Start|Stop|Check|Update|Upgrade)\s+(.+)$")
# A verb that is also a noun, before a noun that names a part or a kind of thing, heads a compound noun, not a
# how-to: "Build configuration", "Test options", "Run mode" (try22: "How do I build configuration?").
_COMPOUND_HEAD = re.compile(r"^(Build|Test|Run|Start|Check|Update|Upgrade|Return|Install|Read|Write|Import)\s+"
                            r"(\S+\s+)?(configuration|config|options|settings|reference|hooks?|targets?|matrix|system|"
                            r"process|mode|behaviou?r|output|results|polic(y|ies)|overview|details|backends?|location)$",
                            re.IGNORECASE)
_BASE_FORM = {"Using": "use", "Creating": "create", "Adding": "add", "Installing": "install", "Defining": "define",
              "Declaring": "declare", "Running": "run", "Testing": "test", "Handling": "handle",
              "Setting up": "set up", "Configuring": "configure", "Reading": "read", "Writing": "write",
              "Returning": "return", "Deploying": "deploy"}
_DEFINES = re.compile(r"^((?:[A-Z`][\w`.\-]*)(?: [\w`.\-'’]+){0,4}) (is|are) (?:a|an|the) ")
_INCLUDES = re.compile(r"^((?:[A-Z][\w.\-]*)(?: [\w.\-'’]+){0,3}) (include|includes) \w")
# "Testing and Linting": the gerund is one of two nouns the heading joins, not a verb with its object
# ("How do I test and Linting?").
_JOINED = re.compile(r"^(?:and|or|&)\b", re.IGNORECASE)
# "If the first element is a `Path` object ..." defines nothing: a clause that opens with a
# conjunction has its subject after it (try8: "What is if the first element?").
_CLAUSE = re.compile(r"^(if|when|whenever|while|although|though|because|since|unless|once|as|where|whether|"
                     r"before|after|until|so|and|but|or)\b", re.IGNORECASE)
# A subject holding a verb is a clause ("The `pyproject.toml` file is what ... is the most important": "What is
# the pyproject.toml file is what?"; "Poetry will automatically include": "What do poetry will ...?").
_VERB_IN_SUBJECT = re.compile(r"\b(is|are|was|were|be|will|can|could|should|would|may|might|must|do|does|did)\b",
                              re.IGNORECASE)
# A subject pointing at what follows or went before names nothing ("The following is an example": "What is
# the following?").
_POINTER_SUBJECT = re.compile(r"^(?:the\s+)?(following|above|below|next|former|latter|rest|same|other|others)$",
                              re.IGNORECASE)
# A possessive names its owner elsewhere: "Its first documented use is a mailing list posting" asked "What is its
# first documented use?" (try21, attrs' glossary).
_PRONOUN = re.compile(r"^(this|that|these|those|it|its|they|their|there|here|his|her|our|your|my)\b|"
                      r"\b(it|this|that|these|those|them|itself|themselves)$", re.IGNORECASE)
# A subject opening with an adverb or a preposition is the sentence's predicate turned round, or a phrase
# before the subject: "Notably absent is the context" asked "What is notably absent?" (click's complex.md),
# "By default the command is ..." "What is by default the command?", "To include ..." "What do To include?".
_NO_SUBJECT_START = re.compile(
    r"^(?:by|in|on|at|for|with|without|from|to|of|into|under|over|after|before|notably|also|here|now|then|"
    r"finally|instead|additionally|however|again|similarly|likewise|otherwise|thus|hence|therefore|still|yet|usually|"
    r"typically|generally|often|sometimes|today|currently|only|even|just|especially|particularly|importantly|"
    r"interestingly|unfortunately|fortunately|obviously|clearly|basically|essentially|next|last|first|second|third|"
    r"moreover|furthermore|meanwhile|one|another|each|every|both|all|some|such|other|most|many|several|few|"
    r"what|which|who|whom|whose|how|why|where|when)\b",
    re.IGNORECASE)
# A subject naming nothing but a kind of thing the sentence's context tells ("the only new thing", "the logic
# applied", "a versatile option", "the approach"): asked alone, it names nothing. One with a name or a term in it
# names something ("the `Request` object", "the Drosophila ovary" have none of these words anyway).
_VAGUE = frozenset({
    "thing", "things", "stuff", "approach", "approaches", "method", "methods", "way", "ways", "idea", "ideas", "logic",
    "result", "results", "trick", "difference", "differences", "problem", "problems", "solution", "solutions",
    "point", "goal", "reason", "catch", "answer", "question", "step", "steps", "part", "parts", "case", "cases",
    "issue", "issues", "benefit", "benefits", "advantage", "advantages", "downside", "drawback", "caveat", "purpose",
    "effect", "outcome", "change", "changes", "aim", "focus", "option", "options", "choice", "alternative", "example",
    "examples", "rest", "remainder", "technique", "strategy", "scenario", "situation", "one", "ones", "bit", "piece",
    "key", "trade-off", "tradeoff", "limitation", "limitations", "concept", "notion", "finding", "findings",
    "conclusion", "observation", "process", "procedure", "version", "output", "input", "value", "default", "rule",
})
# A word naming something of its own: a name written capitalised inside the subject, code, a dotted or numbered term.
_LETTERS = re.compile(r"[^\W\d_]{2}")  # "1.2.3 is ..." is a version's line, no subject
_CODE_LIKE = re.compile(r"[`._\d]")
_SPECIFIC = re.compile(rf"^[\w.\-]*[A-Z][\w.\-]*$|{_CODE_LIKE.pattern}")
# "Use case", "Use cases: external service", "Test cases": a noun heading, not a how-to.
_USE_CASE = re.compile(r"^(?:use|test)\s+cases?\b", re.IGNORECASE)
# What a how-to's object holds when it names nothing of its own: "Create an instance", "Add a new one".
_EMPTY_OBJECT = frozenset({"a", "an", "the", "new", "some", "any", "instance", "instances", "object", "objects",
                           "something", "it", "them", "this", "that"})
# A how-to ending in when to do it: "Read the Tutorial first".
_AFTERTHOUGHT = re.compile(r"^(?:first|again|instead|too|later|now)$")
_MAX_WORDS = 6
# A word this common in English (wordfreq's Zipf scale: "configuration" 3.97, "exclude" 3.78; "timeout" 3.21) reads
# as the everyday word, not as a name.
_EVERYDAY = 3.5
_DOCUMENTS = 30
# The chunks of a document read for questions: its first ones, where a page says what it is about. A paper's
# first are its front matter and abstract, which define little: a PDF is read further (the papers corpus offered
# two questions, both from one of its six papers; "What is zero trust?" is in NIST SP 800-207's tenth chunk).
_CHUNKS = 4
_PDF_CHUNKS = 12
_MARKUP = re.compile(r"[`*_\"'’“”]")
_CODE_SPAN = re.compile(r"`+([^`]+)`+")
# A word in title case ("Requirements"), not an acronym ("HTTP") nor a name cased its own way ("SQLModel").
_TITLE_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*")
# A capitalised word after a lower-case one, within a sentence: a name as the page writes it.
_LOWER_WORD = re.compile(r"\b[a-z]+(?:-[a-z]+)*\b")
_NAMED = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*\b")


def folded(question: str) -> str:
    """The question with markup, quotes and case folded away: "What is `uv.lock`?" and "What is
    uv.lock?" are one question to a reader, so the chat must not offer both."""
    return " ".join(_MARKUP.sub("", question).casefold().split())


def _plain(question: str) -> str:
    """The question without Markdown: a code span shown as its text."""
    return _CODE_SPAN.sub(r"\1", question)


def _sentence_case(words: str, names: Collection[str]) -> str:
    """A heading's words with their title case lowered, but in code spans and for `names`."""
    def lowered(part: str) -> str:
        return " ".join(w.lower() if _TITLE_WORD.fullmatch(w) and w not in names else w for w in part.split(" "))

    parts = re.split(r"(`+[^`]+`+)", words)
    return "".join(part if part.startswith("`") else lowered(part) for part in parts)


def _names(units: Iterable[Unit]) -> set[str]:
    """The capitalised words the sentences write after a lower-case one more often than in lower case:
    names ("Python", "Uvicorn"), not a term a page capitalises now and then ("Plugins" of "MkDocs Plugins")."""
    capitalised: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for unit in units:
        if unit.kind == "sentence":
            capitalised.update(_NAMED.findall(unit.display))
            # `ruff check` is the command, not the tool's name written in lower case.
            lower.update(_LOWER_WORD.findall(_CODE_SPAN.sub(" ", unit.display)))
    return {word for word, count in capitalised.items() if count > lower[word.lower()]}


def _about_project(record: DocumentRecord) -> bool:
    return about_project(record.path)


def _names_object(words: str) -> bool:
    """Whether a how-to heading's object names what it is done to: "Create an instance" (of the class its page
    is about) does not, nor does advice on when to do it ("Read the Tutorial first")."""
    plain = [w.lower() for w in _plain(words).split()]
    if not plain or _AFTERTHOUGHT.match(plain[-1]):
        return False
    return not all(w in _VAGUE or w in _EMPTY_OBJECT for w in plain)


@dataclass(frozen=True, slots=True)
class _Made:
    """A question made from a heading or sentence, and its kind's rank: how-tos first, then definitions, terms."""

    priority: int
    question: str


def _from_heading(text: str, names: Collection[str] = ()) -> _Made | None:
    """A question from a heading: how-to headings first, then short terms ("`UploadFile`"); the title case
    of a how-to's object lowered but for `names`."""
    text = text.strip().rstrip(":").strip()
    words = text.split()
    if not words or len(words) > _MAX_WORDS or re.match(r"^\d", text) or "?" in text:
        return None
    if _PRONOUN.search(text):
        return None  # "Run it": about something the heading does not name
    if _USE_CASE.match(text):
        return None  # "Use cases": a noun, not "How do I use cases?"
    if (m := _GERUND.match(text)) and not _JOINED.match(m.group(2)) and _names_object(m.group(2)):
        return _Made(0, f"How do I {_BASE_FORM[m.group(1)]} {_sentence_case(m.group(2), names)}?")
    if (m := _IMPERATIVE.match(text)) and not _COMPOUND_HEAD.match(_plain(text)) and _names_object(m.group(2)):
        return _Made(0, f"How do I {m.group(1).lower()} {_sentence_case(m.group(2), names)}?")
    # A string literal (`"trace"`, an extension's key) is a value its page tells the use of: "What is "trace"?"
    # names nothing alone (httpx's extensions page).
    # A setting named by an everyday word (Ruff's `configuration`) is asked in plain text as that word: "What is
    # configuration?" asks what configuration is, not about the setting.
    code = _CODE_SPAN.sub(r"\1", text)
    if len(words) == 1 and text.startswith("`") and not code.startswith(("\"", "'")) \
            and not (code.isalpha() and code.islower() and zipf(code) >= _EVERYDAY):
        return _Made(2, f"What is {text}?")
    return None


def _lowered(subject: str) -> str:
    first = subject.split()[0]
    return subject[0].lower() + subject[1:] if first in ("The", "A", "An") or first.istitle() and len(subject.split()) > 1 else subject


def _names_something(subject: str) -> bool:
    """Whether a definition's subject names something a reader knows without its page: not a phrase
    before the subject ("Notably absent"), nor a kind of thing ("the only new thing", "the logic applied"),
    nor one pointing back ("the answer to this")."""
    if _NO_SUBJECT_START.match(subject) or _PRONOUN.search(subject) or not _LETTERS.search(subject):
        return False
    words = subject.split()
    # The sentence's first word is capitalised as any sentence's: it names nothing by its case.
    named = any(_SPECIFIC.search(w) for w in words[1:]) or bool(_CODE_LIKE.search(words[0]))
    return named or not any(w.lower().strip(".,") in _VAGUE for w in words)


def _from_sentence(unit: Unit) -> _Made | None:
    """A question from a definition ("X is a ...") or an inventory ("X include ...")."""
    if looks_like_heading(unit.display) or _PRONOUN.match(unit.display) or _CLAUSE.match(unit.display):
        return None
    definition = _DEFINES.match(unit.display)
    found = definition or _INCLUDES.match(unit.display)
    if found is None or _VERB_IN_SUBJECT.search(found.group(1)) or _POINTER_SUBJECT.match(found.group(1)) \
            or not _names_something(found.group(1)):
        return None
    subject, verb = _lowered(found.group(1)), found.group(2)
    if definition:
        # The sentence's own verb: "`.netrc` files are a ..." asks "What are `.netrc` files?" (try9).
        return _Made(1, f"What {verb} {subject}?")
    return _Made(1, f"What {'does' if verb == 'includes' else 'do'} {subject} include?")


def _records(catalog: Catalog, documents: int, within: Collection[str] | None) -> list[DocumentRecord]:
    if within is None:
        return catalog.documents(limit=documents)
    found = (catalog.document(doc_id) for doc_id in sorted(within)[:documents])
    return sorted((r for r in found if r is not None), key=lambda r: (r.path, r.doc_id))


def _new(question: str, seen: Collection[str]) -> bool:
    return folded(question) not in {folded(q) for q in seen}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a question was made: the heading it asks how to follow (its words), or the sentence it asks the
    subject of (its span in the document)."""

    heading: str = ""
    start: int = 0
    end: int = 0

    def covers(self, source: Source) -> bool:
        if self.heading:
            return folded(self.heading) in {folded(step) for step in source.heading.split("›")}
        return source.start < self.end and self.start < source.end


@dataclass(frozen=True, slots=True)
class Candidate:
    question: str
    doc_id: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class _Found:
    made: _Made
    order: int
    origin: Origin


def candidate_questions(catalog: Catalog, documents: int = _DOCUMENTS, within: Collection[str] | None = None
                        ) -> Iterator[Candidate]:
    """Candidate questions, best kinds first within each document, documents in path order; only from the
    documents `within` when given (a scope's)."""
    # Stable: the documents stay in path order, those about the project after the others.
    records = sorted(_records(catalog, documents, within), key=_about_project)
    chunks = catalog.chunks_of_documents(r.doc_id for r in records)
    for record in records:
        own = chunks.get(record.doc_id, [])
        names = _names(unit for chunk in own
                       for unit in answer_units(chunk.text, chunk.start, markdown=reads_as_markdown(chunk.path)))
        # The first form of a question wins.
        found: dict[str, _Found] = {}
        for chunk in own[:_PDF_CHUNKS if record.path.lower().endswith(".pdf") else _CHUNKS]:
            # The heading path the structure-aware chunker records ("Tutorial › Request Files"),
            # where there is one: its last step is a heading even when the text lost its `#`s.
            path = getattr(chunk, "heading", "") or ""
            step = path.split("›")[-1]
            made = _from_heading(step, names) if path else None
            if made:
                found.setdefault(folded(made.question), _Found(made, len(found), Origin(heading=step)))
            for unit in answer_units(chunk.text, chunk.start, markdown=reads_as_markdown(chunk.path)):
                made, origin = None, Origin()
                if unit.kind == "heading" and unit.display != record.title:
                    made, origin = _from_heading(unit.display, names), Origin(heading=unit.display)
                elif unit.kind == "sentence":
                    made, origin = _from_sentence(unit), Origin(start=unit.start, end=unit.end)
                if made:
                    found.setdefault(folded(made.question), _Found(made, len(found), origin))
        for each in sorted(found.values(), key=lambda f: (f.made.priority, f.order)):
            yield Candidate(_plain(each.made.question), record.doc_id, each.origin)


def _real(answer: Answer, titles: set[str], candidate: Candidate) -> bool:
    """Answered from where the question was made: the section of the heading it was made from, or the
    sentence it asks the subject of ("What is Starlette?" of the index page's definition, answered with
    the community page's "Starlette has a rapidly growing community", is offered for an answer it does
    not get; "How do I return a response?" of the "Return a Response" section, answered with another
    page's "You can also add headers when you return a `Response` directly", likewise), and not with a
    title or a heading-like line."""
    if answer.abstained or not answer.sources:
        return False
    if not any(s.doc_id == candidate.doc_id and candidate.origin.covers(s) for s in answer.sources):
        return False
    return not any(s.text.strip() in titles or looks_like_heading(s.text) for s in answer.sources)


def example_questions(catalog: Catalog, ask: Callable[[str], Answer], limit: int = 4, tries: int = 16,
                      within: Collection[str] | None = None) -> list[str]:
    """Up to `limit` questions from the corpus (from the documents `within` when given), one per
    document first, each of which `ask` (e.g. `Engine.ask`) answers for real; at most `tries`
    candidates are asked."""
    titles = {r.title for r in _records(catalog, _DOCUMENTS, within)}
    chosen: list[str] = []
    used_docs: set[str] = set()
    spare: list[Candidate] = []
    asked = 0
    for candidate in candidate_questions(catalog, within=within):
        if len(chosen) >= limit or asked >= tries:
            break
        # Two documents can yield the same question ("What does X include?").
        if not _new(candidate.question, chosen):
            continue
        if candidate.doc_id in used_docs:
            spare.append(candidate)
            continue
        asked += 1
        if _real(ask(candidate.question), titles, candidate):
            chosen.append(candidate.question)
            used_docs.add(candidate.doc_id)
    for candidate in spare:
        if len(chosen) >= limit or asked >= tries:
            break
        if not _new(candidate.question, chosen):
            continue
        asked += 1
        if _real(ask(candidate.question), titles, candidate):
            chosen.append(candidate.question)
    return chosen

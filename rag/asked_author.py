"""Who wrote a document ("Who wrote <title>?", "Who are the authors?") is answered by its author line,
the names a paper sets under its title on page 1, cited to that line's span; a document with no such
line declines.

Read as any other question, it was answered with the abstract (it shares the title's words), a
"Competing interests" or "Author contributions" note, or an acknowledgement naming other people: "Who
wrote Zero Trust Architecture?" quoted "... there are specific individuals who deserve recognition",
"Who wrote Patient Experiences of Structured Heart Failure Programmes?" the paper's objectives. The line
is plain text under the title (ingest/pdf_front_matter.py reads page 1's large lines as paragraphs under
it), which no search ranks first for "who wrote": it shares no word with the question.

The document is the one whose title the question names (among the documents the search found, so within
the request's scope), or, for "the paper", "it" or no subject at all, the one document read: the scope's
only one, or the one the previous answer quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag.abstention import NO_ANSWER
from rag.catalog import Catalog
from rag.passage import source
from rag.retriever import Hit
from rag.types import Answer, AnswerSentence, DocumentRecord

# "Who wrote X?", "Who authored X?"; "Who are the authors of X?", "Who is X's author?", "Who are its
# authors?"; "What are the names of the authors of X?". The subject is what follows (or owns) the authors.
_ASKED = (
    re.compile(r"^who\s+(?:wrote|authored|co-?authored|penned)\b\s*(?P<subject>.*)$", re.IGNORECASE),
    re.compile(r"^who\s+(?:is|are|was|were)\s+(?:the\s+)?(?:(?P<owner>.+?)(?:'s|’s|')\s+)?(?:co-?)?(?:authors?|writers?)"
               r"(?:\s+(?:of|for|behind)\s+(?P<subject>.+))?$", re.IGNORECASE),
    re.compile(r"^(?:what|which)\s+(?:is|are|were|was)\s+(?:the\s+)?names?\s+of\s+(?:the\s+)?authors?"
               r"(?:\s+of\s+(?P<subject>.+))?$", re.IGNORECASE),
)
# A subject that names no document but the one read: "it", "this", "the paper", "this document".
_GENERIC = re.compile(r"^(?:(?:the|this|that|these|its|their)\s+)?(?:it|this|that|them|"
                      r"(?:paper|article|document|report|study|publication|pdf|manuscript|preprint|work|text|book)s?)?$",
                      re.IGNORECASE)
_KINDS = frozenset({"paper", "article", "document", "report", "study", "publication", "pdf", "manuscript",
                    "preprint", "the", "a", "an", "this", "that", "of", "on", "in", "for", "and", "to", "with"})
_KIND = re.compile(r"\b(?:paper|article|document|report|study|publication|pdf|manuscript|preprint)s?\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
# The share of the subject's words a title must hold for the question to name that document.
_NAMES_TITLE = 0.6

# A footnote mark after a name ("Webb1", "Ball1*", "DOUGLAS∗1", "Raghuraman,", "Kumar[+]").
_MARKS = "0-9*∗†‡§¶#+,;\\[\\]"
_MARK_TAIL = re.compile(f"[{_MARKS}]+$")
_MARK_CHARS = 3
# An affiliation opens with its own mark before a word, glued ("1Division of Biological Sciences") or
# standing alone ("... O’Connell1,2 1 Bioinformatics and Molecular Evolution Group").
_AFFILIATION = re.compile(r"(?:(?<=\s)[0-9*∗†‡§¶]+\s*|(?<=\s)[0-9]+)(?=[A-Z][a-z])")
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "del", "della", "di", "du", "dos", "le", "la", "ter",
                        "bin", "al", "el", "y"})
# A name's word: "Oscar", "O’Connell", "Agyeman-Duah", "DOUGLAS", "McGee", "Tomás", "CharlesMunthali" (two glued).
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|[’'\-])*[^\W\d_]$")
_INITIAL = re.compile(r"^(?:[A-Z]\.?){1,3}$|^[A-Z]\.(?:-?[A-Z]\.)+$")
# Lines of this many words are no author line; a name has at most this many words.
_MOST_WORDS = 80
_NAME_WORDS = 5
# The author line stands among the paragraphs right under the title: a subtitle may come between.
_AFTER_TITLE = 2
# How much of a document's start is read for its title and author line.
_FRONT = 8000
_BY = re.compile(r"^by\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AuthorsAsked:
    """An authorship question: `subject` names the document ('' for "the paper", "it" or none)."""

    subject: str


def authors_asked(question: str) -> AuthorsAsked | None:
    """The authorship question `question` asks, or None when it asks something else."""
    text = " ".join(question.split()).rstrip("?.! ")
    for pattern in _ASKED:
        if (m := pattern.match(text)) is None:
            continue
        subject = (m.groupdict().get("subject") or m.groupdict().get("owner") or "").strip()
        subject = subject.strip("\"'“”‘’`*")
        return AuthorsAsked("" if _GENERIC.match(subject) else subject)
    return None


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def named_document(subject: str, titles: Iterable[tuple[str, str]]) -> str | None:
    """The doc id of the (doc id, title) pair whose title holds most of the `subject`'s words (at least
    `_NAMES_TITLE` of them, "paper", "the" and the like aside); None when none does."""
    asked = [w for w in _words(subject) if w not in _KINDS]
    if not asked:
        return None
    best, share = None, 0.0
    for doc_id, title in titles:
        own = set(_words(title))
        found = sum(w in own for w in asked) / len(asked)
        if found > share:
            best, share = doc_id, found
    return best if share >= _NAMES_TITLE else None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each paragraph of `text` (blocks apart by a blank line), stripped."""
    spans = []
    for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        end = m.end() - (len(m.group()) - len(m.group().rstrip()))
        if end > start:
            spans.append((start, end))
    return spans


def _plain(text: str) -> str:
    return " ".join(re.sub(r"^#+\s*", "", text).split()).casefold()


def _title_end(text: str, spans: Sequence[tuple[int, int]], title: str) -> int | None:
    """The index of the paragraph after the title's last one: the title may be set on two ("... Version 1.1:"
    / "Recommendations for ...")."""
    wanted = _plain(title)
    if not wanted:
        return None
    for n, (start, end) in enumerate(spans):
        read = _plain(text[start:end])
        if not read or not wanted.startswith(read):
            continue
        k = n + 1
        while read != wanted and k < len(spans):
            longer = f"{read} {_plain(text[spans[k][0]:spans[k][1]])}"
            if not wanted.startswith(longer):
                break
            read, k = longer, k + 1
        if read == wanted or len(read) >= 0.8 * len(wanted):
            return k
    return None


def names_length(line: str) -> int:
    """How many characters of `line` from its start are a list of people's names ("Andrew E. Webb1, Thomas
    A. Walsh1 and Mary J. O’Connell1,2", the affiliations after them left out); 0 when it is no such list."""
    cut = _AFFILIATION.search(line)
    names = (line[:cut.start()] if cut else line).rstrip(" ,;")
    # A mark after a comma is a name's second mark ("O’Connell1,2"), no person.
    people = [p for p in re.split(r"\s*[,;]\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", names) if _MARK_TAIL.sub("", p.strip())]
    words = [w for person in people for w in person.split()]
    if not people or len(words) > _MOST_WORDS:
        return 0
    for person in people:
        tokens = person.split()
        # A mark may stand apart after the last name ("Dan T Bergstralh 1§"); a number is no mark ("Volume 2010").
        if len(tokens) > 1 and not _MARK_TAIL.sub("", tokens[-1]) and len(tokens[-1]) <= _MARK_CHARS:
            tokens = tokens[:-1]
        own = [_MARK_TAIL.sub("", t) for t in tokens]
        if not all(_NAME_WORD.match(w) and w[0].isupper() or _INITIAL.match(w) or w in _PARTICLES for w in own):
            return 0
        # Names run apart by commas or "and": a person has a few words. Without them ("Scott Rose Oliver
        # Borchert Stu Mitchell") every word is a name's.
        if len(people) > 1 and len(own) > _NAME_WORDS:
            return 0
    plain = [_MARK_TAIL.sub("", w) for w in words]
    # Letter-spaced labels ("R E S E A R C H") are single letters; a name has a word of its own, and one
    # person named alone has two ("Indraneel Datta").
    if sum(len(w.rstrip(".")) == 1 for w in plain) * 2 > len(plain) or len(plain) < 2:
        return 0
    return len(names)


def author_line(text: str, title: str) -> tuple[int, int] | None:
    """The (start, end) in `text` (a document's text from its start) of the names under its `title`, or None."""
    spans = _paragraphs(text[:_FRONT])
    after = _title_end(text, spans, title)
    if after is None:
        return None
    for start, end in spans[after:after + _AFTER_TITLE]:
        by = _BY.match(text[start:end])
        start += by.end() if by else 0
        length = names_length(text[start:end])
        if length:
            return start, start + length
    return None


def _read_document(asked: AuthorsAsked, hits: Sequence[Hit], catalog: Catalog, documents: frozenset[str] | None,
                   quoted: Sequence[str]) -> str | None:
    """The doc id of the document asked about: named by its title among those found, else the one read
    (the scope's only document, the one the previous answer quoted, the index's only one)."""
    found = list(dict.fromkeys(hit.chunk.doc_id for hit in hits))
    if asked.subject:
        titles = {hit.chunk.doc_id: hit.chunk.title for hit in hits}
        return named_document(asked.subject, ((doc_id, titles[doc_id]) for doc_id in found))
    if documents is not None and len(documents) == 1:
        return next(iter(documents))
    if quoted and len(set(quoted)) == 1:
        return quoted[0]
    if documents is None and len(catalog.documents(limit=2)) == 1:
        return catalog.documents(limit=1)[0].doc_id
    return None


def _a_paper(asked: AuthorsAsked, record: DocumentRecord | None) -> bool:
    """Whether the document asked about is a paper: a PDF or a Word file (set out with a page 1), or called one
    ("the paper", "this document", no subject at all)."""
    return not asked.subject or bool(_KIND.search(asked.subject)) \
        or record is not None and record.path.lower().endswith((".pdf", ".docx"))


def authors_answer(question: str, hits: Sequence[Hit], catalog: Catalog, documents: frozenset[str] | None = None,
                   quoted: Sequence[str] = ()) -> Answer | None:
    """The answer to an authorship question about a document: its author line, cited; a declining answer
    when the document is a paper with none, or when the question names no document and several are read.
    None for a question that asks no such thing, names no document found, or one that is no paper and has
    no author line: it is answered as any other.
    `documents`: the scope's doc ids (None: every document); `quoted`: the doc ids the previous answer
    quoted, in its order."""
    asked = authors_asked(question)
    if asked is None:
        return None
    doc_id = _read_document(asked, hits, catalog, documents, quoted)
    if doc_id is None:
        return None if asked.subject else Answer(answer=NO_ANSWER, sources=[], abstained=True)
    record = catalog.document(doc_id)
    span = author_line(catalog.document_slice(doc_id, 0, _FRONT), record.title) if record is not None else None
    chunk = next((c for c in catalog.chunks_of_documents([doc_id]).get(doc_id, [])
                  if span is not None and c.start <= span[0] and span[1] <= c.end), None)
    if span is None or chunk is None:
        # Who wrote a paper (a PDF, or one called a paper, a report...) with no names under its title is not
        # told by its text; "Who wrote FastAPI?" of a page titled "FastAPI" may be, by a sentence of it.
        return Answer(answer=NO_ANSWER, sources=[], abstained=True) if _a_paper(asked, record) else None
    start, end = span
    text = chunk.text[start - chunk.start:end - chunk.start]
    return Answer(answer=f"{text} [1]", sources=[source(1, chunk, text, start, end, 1.0, catalog)], abstained=False,
                  sentences=[AnswerSentence(text=text, citations=[1], supported=True)])

"""An answer's sentence as a face shows it: its prose read for Markdown as its source's page sets it (the same
reader as a shown passage's, rag/shown_markup.py) and the code it quotes as a block of lines as written; code shown
cut (rag/trimmed_code.py) is followed, outside the block, by a note saying how many lines its citation holds past it.

The sentence's text is the answer's, unchanged: this only tells a face which characters are code and which
markup characters (a code span's backticks, bold's stars) it leaves out. `read_answer` reads a whole answer once (its
joints, its sentences, its sources' passages), so that a face that both shows it and sends it (the chat) reads it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rag.shown_markup import Piece, quote_pieces, text_pieces
from rag.shown_passage import ShownQuote, reads_as_markdown, shown_source
from rag.trimmed_code import cut_note
from rag.types import Answer, AnswerSentence


@dataclass(frozen=True, slots=True)
class ShownSentence:
    """`prose`: the sentence up to its code, as pieces to put in as text; `code`: the lines it quotes ('' for none);
    `note`: after a code block shown cut, what to show after it, as text outside the code, before the sentence's
    markers ("… 3 more lines in"; '' when the code is whole)."""

    prose: tuple[Piece, ...]
    code: str
    note: str = ""


def shown_sentence(text: str, code_at: int | None, markdown: bool, cut: int = 0) -> ShownSentence:
    """`text` (an answer's sentence, its code from `code_at`, `cut` lines of it left out) as shown; `markdown`: its
    source is a Markdown page, so a backtick or a star in its prose is markup (in a text file or a PDF it is a
    character of the text)."""
    if code_at is None or not 0 <= code_at <= len(text):
        return ShownSentence(text_pieces(text, markdown), "")
    code = text[code_at:].strip("\n")
    return ShownSentence(text_pieces(text[:code_at].rstrip(), markdown), code, cut_note(cut) if code else "")


def shown_answer_sentence(sentence: AnswerSentence, paths: Mapping[int, str]) -> ShownSentence:
    """`sentence` as shown, read as Markdown when the source it is quoted from (its first citation; `paths`: each
    source's path by its number) is a Markdown page."""
    source = next((paths[n] for n in sentence.citations if n in paths), "")
    return shown_sentence(sentence.text, sentence.code_at, reads_as_markdown(source), sentence.code_cut)


def marked(sentence: AnswerSentence) -> str:
    """A sentence as an answer's text holds it: its text, the note on a line of its own after code shown cut ("… 3
    more lines in"), then its [n] markers, which say where the rest is."""
    note = cut_note(sentence.code_cut) if sentence.code_at is not None else ""
    return sentence.text + (f"\n{note}" if note else "") + "".join(f" [{n}]" for n in sentence.citations)


def sentence_joints(answer: str, sentences: Sequence[AnswerSentence]) -> list[str] | None:
    """What stands between the sentences in `answer` (a space, or a line break after a list or code: rag/answerer.py),
    when its sentences, each with its [n] markers, make it up; None when they do not (a generated answer's text).
    A face builds the answer from its sentences only then: a quoted line of code's own `argv[1]` is no marker."""
    joints: list[str] = []
    at = 0
    for k, sentence in enumerate(sentences):
        if k:
            if answer[at:at + 1] not in (" ", "\n"):
                return None
            joints.append(answer[at])
            at += 1
        said = marked(sentence)
        if not answer.startswith(said, at):
            return None
        at += len(said)
    return joints if sentences and at == len(answer) else None


def shown_joints(joints: Sequence[str], sentences: Sequence[ShownSentence]) -> list[str]:
    """`joints` as a face shows them: a line break after a sentence that ends in its code block, whatever joins
    them in the answer's text (a one-line code unit and the next sentence: a space, rag/answerer.py). The block's
    markers then stand on the line after it, with it, not at the head of the next sentence as its citation."""
    return ["\n" if sentences[k].code else joint for k, joint in enumerate(joints)]


@dataclass(frozen=True, slots=True)
class ShownSource:
    """A source's passage as its page reads (`quote`) and as pieces, its cited words marked (`pieces`)."""

    quote: ShownQuote
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class AnswerReading:
    """An answer as every face shows it. `joints`: `sentence_joints` (None: show the answer's text, its markers
    as links); `sentences`: each of its sentences as shown, in order; `sources`: each source's passage by its number;
    `shown_joints`: `joints` as shown between the sentences (`shown_joints`), None with them."""

    joints: tuple[str, ...] | None
    sentences: tuple[ShownSentence, ...]
    sources: Mapping[int, ShownSource]

    @property
    def shown_joints(self) -> tuple[str, ...] | None:
        return None if self.joints is None else tuple(shown_joints(self.joints, self.sentences))


def read_answer(answer: Answer) -> AnswerReading:
    """`answer` read once for every face: the HTML chat, the API (and so the embed) and the OpenAI-style Markdown."""
    paths = {s.n: s.path for s in answer.sources}
    joints = sentence_joints(answer.answer, answer.sentences)
    sources = {}
    for source in answer.sources:
        quote = shown_source(source)
        sources[source.n] = ShownSource(quote, quote_pieces(quote))
    sentences = tuple(shown_answer_sentence(s, paths) for s in answer.sentences)
    return AnswerReading(None if joints is None else tuple(joints), sentences, sources)

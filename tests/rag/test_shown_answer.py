"""An answer's sentence as a face shows it (rag/shown_answer.py): the prose read for Markdown as its page sets it
when its source is a Markdown page, its quoted code (from `code_at`) a block of its lines as written."""

from __future__ import annotations

from rag.shown_answer import marked, read_answer, sentence_joints, shown_answer_sentence, shown_sentence
from rag.types import Answer, AnswerSentence, Source

LEAD = "To use `uv_build` as a build backend, set it in the `[build-system]` table:\n"
CODE = '[build-system]\nrequires = ["uv_build>=0.8"]\nbuild-backend = "uv_build"'


def _styled(shown) -> list[tuple[str, bool]]:
    return [(p.text, p.style.code) for p in shown.prose]


def test_a_lead_in_reads_its_code_spans_and_quotes_its_code_as_written():
    shown = shown_sentence(LEAD + CODE, len(LEAD), markdown=True)
    assert _styled(shown) == [("To use ", False), ("uv_build", True), (" as a build backend, set it in the ", False),
                              ("[build-system]", True), (" table:", False)]
    # The code keeps every character, its brackets and quotes no Markdown.
    assert shown.code == CODE


def test_a_code_unit_is_all_code():
    shown = shown_sentence(CODE, 0, markdown=True)
    assert shown.prose == () and shown.code == CODE


def test_backticks_of_a_text_file_or_pdf_are_its_characters():
    shown = shown_sentence("Set `x` to 1.", None, markdown=False)
    assert _styled(shown) == [("Set `x` to 1.", False)]


def test_hostile_and_unbalanced_markup_is_text():
    text = "Use `<script>alert(1)</script>` or <img src=x onerror=alert(2)> and `unbalanced **too"
    shown = shown_sentence(text, None, markdown=True)
    assert _styled(shown) == [("Use ", False), ("<script>alert(1)</script>", True),
                              (" or <img src=x onerror=alert(2)> and `unbalanced **too", False)]


def test_the_sentence_reads_as_the_page_its_first_citation_quotes():
    sentence = AnswerSentence(text="Set `x` to 1.", citations=[2, 1])
    assert [p.text for p in shown_answer_sentence(sentence, {1: "notes.txt", 2: "guide.md"}).prose] == ["Set ", "x", " to 1."]
    assert [p.text for p in shown_answer_sentence(sentence, {1: "guide.md", 2: "notes.txt"}).prose] == ["Set `x` to 1."]
    assert [p.text for p in shown_answer_sentence(sentence, {}).prose] == ["Set `x` to 1."]


def test_a_code_at_past_the_text_is_not_trusted():
    assert shown_sentence("Run it.", 99, markdown=True).code == ""


def test_the_sentences_are_found_in_the_answer_with_what_stands_between_them():
    # A line break follows a unit holding code or a list (rag/answerer.py): the answer is still its sentences.
    code = AnswerSentence(text="Add it:\n[build-system]", citations=[1], code_at=8)
    after = AnswerSentence(text="Then build.", citations=[2])
    assert sentence_joints("Add it:\n[build-system] [1]\nThen build. [2]", [code, after]) == ["\n"]
    assert sentence_joints("Add it:\n[build-system] [1] Then build. [2]", [code, after]) == [" "]
    assert sentence_joints("Add it:\n[build-system] [1]\n\nThen build. [2]", [code, after]) is None
    assert sentence_joints("Something else [1]", [code]) is None
    assert sentence_joints("Add it:\n[build-system] [1] more", [code]) is None
    assert sentence_joints("", []) is None


def test_an_answer_is_read_once_for_every_face_its_joints_sentences_and_passages():
    lead = AnswerSentence(text=LEAD + CODE, citations=[1], code_at=len(LEAD))
    after = AnswerSentence(text="Then run `uv build`.", citations=[1])
    source = Source(n=1, doc_id="d", chunk_id="c", path="guide.md", title="Guide", start=3, end=9, text="use it",
                    passage="To use it **now**.", passage_start=0)
    reading = read_answer(Answer(answer=f"{LEAD}{CODE} [1]\nThen run `uv build`. [1]", sources=[source],
                                 abstained=False, sentences=[lead, after]))
    assert reading.joints == ("\n",) and reading.shown_joints == ("\n",)
    paths = {1: "guide.md"}
    assert reading.sentences == (shown_answer_sentence(lead, paths), shown_answer_sentence(after, paths))
    assert reading.sentences[0].code == CODE
    shown = reading.sources[1]
    assert shown.quote.text == source.passage and "".join(p.text for p in shown.pieces if p.marked) == "use it"
    assert "".join(p.text for p in shown.pieces) == "To use it now."
    # A generated answer's text, which its sentences do not make up: no joints, the sentences still read.
    generated = read_answer(Answer(answer="Something else [1]", sources=[source], abstained=False, sentences=[after]))
    assert generated.joints is None and generated.shown_joints is None and len(generated.sentences) == 1


def test_the_joint_after_code_is_shown_as_a_line_break_so_its_markers_stay_with_it():
    # try26 defect 9: a one-line code unit and the next sentence, joined by a space in the answer's text.
    code = AnswerSentence(text="pdm use -f /path/to/venv", citations=[1], code_at=0)
    after = AnswerSentence(text="When none is stored, PDM looks.", citations=[2])
    source = Source(n=1, doc_id="d", chunk_id="c", path="venv.md", title="V", start=0, end=3, text="pdm",
                    passage="pdm use", passage_start=0)
    reading = read_answer(Answer(answer="pdm use -f /path/to/venv [1] When none is stored, PDM looks. [2] Then [1]",
                                 sources=[source], abstained=False,
                                 sentences=[code, after, AnswerSentence(text="Then", citations=[1])]))
    assert reading.joints == (" ", " ") and reading.shown_joints == ("\n", " ")


def test_code_shown_cut_is_noted_after_its_block_and_in_the_answers_text_before_the_markers():
    # rag/trimmed_code.py: the code ends on its last whole line shown, `code_cut` counts the lines left out.
    cut = AnswerSentence(text=LEAD + CODE, citations=[2], code_at=len(LEAD), code_cut=14)
    shown = shown_answer_sentence(cut, {2: "guide.md"})
    assert shown.code == CODE and shown.note == "… 14 more lines in"
    assert marked(cut) == f"{LEAD}{CODE}\n… 14 more lines in [2]"
    after = AnswerSentence(text="Then build.", citations=[1])
    assert sentence_joints(f"{LEAD}{CODE}\n… 14 more lines in [2]\nThen build. [1]", [cut, after]) == ["\n"]
    # Whole code, and prose, carry no note.
    whole = cut.model_copy(update={"code_cut": 0})
    assert shown_answer_sentence(whole, {}).note == "" and marked(whole) == f"{LEAD}{CODE} [2]"
    assert shown_sentence("Run it.", None, markdown=True, cut=3).note == ""

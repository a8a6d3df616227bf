from rag.types import Answer, AnswerSentence, Source
from ui.render import answer_html


def test_document_text_is_escaped_and_sentence_highlighted():
    passage = 'Intro. <script>alert("x")</script> said <img src=x onerror=alert(1)>. Tail.'
    start = passage.index("<script>")
    end = passage.index(". Tail") + 1
    source = Source(n=1, doc_id="d", path="<b>p.txt</b>", title="<i>T</i>", start=start, end=end,
                    text=passage[start:end], chunk_id="c", passage=passage, passage_start=0)
    answer = Answer(answer=f"{passage[start:end]} [1]", sources=[source], abstained=False,
                    sentences=[AnswerSentence(text=passage[start:end], citations=[1])])
    html = answer_html(answer)
    assert "<script>" not in html and "<img" not in html and "<b>p.txt" not in html and "<i>T" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<mark>&lt;script&gt;" in html
    assert 'href="#src-1"' in html


def test_a_source_names_its_collections_as_text():
    source = Source(n=1, doc_id="d", path="p.txt", title="T", start=0, end=4, text="Text", chunk_id="c",
                    passage="Text", collections=["handbook", "<b>legal</b>"])
    html = answer_html(Answer(answer="Text [1]", sources=[source], abstained=False))
    assert "(p.txt, chars 0–4, collections handbook, &lt;b&gt;legal&lt;/b&gt;)" in html and "<b>legal" not in html
    alone = answer_html(Answer(answer="Text [1]", sources=[source.model_copy(update={"collections": []})],
                               abstained=False))
    assert "(p.txt, chars 0–4)" in alone and "collection" not in alone


def test_a_source_shows_the_headings_above_its_passage_less_the_title():
    source = Source(n=1, doc_id="d", path="p.md", title="Guide", start=0, end=4, text="Text", chunk_id="c",
                    passage="Text", heading="Guide › Set-up › <b>Keys</b>")
    html = answer_html(Answer(answer="Text [1]", sources=[source], abstained=False))
    assert '<span class="source-title">Guide</span><span class="source-heading"> › Set-up › &lt;b&gt;Keys&lt;/b&gt;</span>' in html
    flat = source.model_copy(update={"heading": "Guide"})
    assert "source-heading" not in answer_html(Answer(answer="Text [1]", sources=[flat], abstained=False))


def test_the_terminal_names_title_and_heading_path():
    from rich.console import Console

    from ui.terminal import print_answer

    source = Source(n=1, doc_id="d", path="guide.md", title="Guide", start=0, end=4, text="Text", chunk_id="c",
                    heading="Guide › Set-up › Keys")
    console = Console(record=True, width=200)
    print_answer(Answer(answer="Text [1]", sources=[source], abstained=False), console)
    assert "[1] Guide › Set-up › Keys — guide.md, chars 0-4" in console.export_text()


def test_the_terminal_quotes_a_source_as_its_page_reads():
    # try36: the CLI quoted `<font color="#F4BF75"><b>Usage: </b></font>` and `**` as written; the other faces
    # show the page's words. A hostile tag stays text, escaped for rich.
    from rich.console import Console

    from ui.terminal import print_answer

    text = "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to **stop** the [server](https://x.org) [bold]now[/bold] <img onerror=x>."
    source = Source(n=1, doc_id="d", path="guide.md", title="Guide", start=0, end=len(text), text=text, chunk_id="c")
    console = Console(record=True, width=300)
    print_answer(Answer(answer="Press Ctrl+C [1]", sources=[source], abstained=False), console)
    assert "“Press Ctrl+C to stop the server [bold]now[/bold] <img onerror=x>.”" in console.export_text()


def test_the_terminal_keeps_a_code_blocks_marker_with_it():
    from rich.console import Console

    from ui.terminal import print_answer

    source = Source(n=1, doc_id="d", path="guide.md", title="Guide", start=0, end=4, text="text", chunk_id="c")
    sentences = [AnswerSentence(text="pdm run script.py", citations=[1], code_at=0),
                 AnswerSentence(text="When no interpreter is found, PDM asks for one.", citations=[1])]
    answer = Answer(answer="pdm run script.py [1] When no interpreter is found, PDM asks for one. [1]",
                    sources=[source], abstained=False, sentences=sentences)
    console = Console(record=True, width=200)
    print_answer(answer, console)
    assert "pdm run script.py [1]\nWhen no interpreter" in console.export_text()


def _answer_body(sentences: list[AnswerSentence], path: str = "guide.md") -> str:
    source = Source(n=1, doc_id="d", path=path, title="Guide", start=0, end=4, text="text", chunk_id="c")
    answer = Answer(answer=" ".join(s.text + "".join(f" [{n}]" for n in s.citations) for s in sentences),
                    sources=[source], abstained=False, sentences=sentences)
    return answer_html(answer).split("<details")[0]


CITE = '<a class="cite" data-n="1" href="#src-1">[1]</a>'


def test_an_answer_shows_its_code_spans_as_code_and_its_quoted_code_as_a_block():
    # retry20: the answer showed `uv_build` with its backticks and the toml it quotes as plain lines.
    lead = "To use `uv_build`, set the `[build-system]` table:\n"
    code = '[build-system]\nrequires = ["uv_build>=0.8"]'
    body = _answer_body([AnswerSentence(text=lead + code, citations=[1], code_at=len(lead)),
                         AnswerSentence(text="Then run `uv build`.", citations=[1])])
    assert body == ('<div class="text">To use <code>uv_build</code>, set the <code>[build-system]</code> table:'
                    '<pre class="answer-code"><code>[build-system]\nrequires = [&quot;uv_build&gt;=0.8&quot;]</code></pre> '
                    f'{CITE}\nThen run <code>uv build</code>. {CITE}</div>')  # after its code, a line of its own


def test_a_hostile_answer_is_text_whatever_its_backticks_hold():
    text = 'Use `<script>alert(1)</script>` or <img src=x onerror="alert(2)"> and `unbalanced **bold'
    code = "<script>alert(3)</script>\n`not a span`"
    body = _answer_body([AnswerSentence(text=text, citations=[1]),
                         AnswerSentence(text=f"Hostile:\n{code}", citations=[1], code_at=len("Hostile:\n"))])
    assert "<script" not in body and "<img" not in body
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in body
    assert " or &lt;img src=x onerror=&quot;alert(2)&quot;&gt; and `unbalanced **bold " + CITE in body
    assert '<pre class="answer-code"><code>&lt;script&gt;alert(3)&lt;/script&gt;\n`not a span`</code></pre>' in body


def test_an_answer_from_a_text_file_keeps_its_backticks():
    body = _answer_body([AnswerSentence(text="Set `x` to 1.", citations=[1])], path="notes.txt")
    assert body == f'<div class="text">Set `x` to 1. {CITE}</div>'


def test_an_answer_after_code_keeps_its_line_break():
    # retry20: the answerer puts a line break after a unit ending in code; the faces had then fallen back to the
    # raw text (backticks and all), not finding the sentences in it.
    lead = "Add `uv_build`:\n"
    first = AnswerSentence(text=lead + "[build-system]", citations=[1], code_at=len(lead))
    then = AnswerSentence(text="Then run `uv build`.", citations=[1])
    source = Source(n=1, doc_id="d", path="guide.md", title="Guide", start=0, end=4, text="text", chunk_id="c")
    answer = Answer(answer=f"{first.text} [1]\n{then.text} [1]", sources=[source], abstained=False, sentences=[first, then])
    assert answer_html(answer).split("<details")[0] == (
        '<div class="text">Add <code>uv_build</code>:<pre class="answer-code"><code>[build-system]</code></pre> '
        f'{CITE}\nThen run <code>uv build</code>. {CITE}</div>')

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

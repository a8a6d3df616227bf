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

"""The cited spot on the original page: a real server renders PDF pages (a text PDF and a scan) with the
cited span highlighted where pdfium (or the OCR) puts its characters; the route keeps /view's token
rules and renders nothing but indexed PDFs; Chromium shows the page image in the chat's source panel."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import httpx
import pytest

from ingest.pipeline import doc_id_for
from tests.corpus_files import write_pdf
from tests.format_files import write_eml
from tests.ingest.test_mail_attachments import PDF_SENTENCE, _message
from tests.pdf_samples import SCAN_PAGES, write_scanned_pdf
from tests.ui.conftest import TOKEN, start_server, stop_server

# A real dev-corpus PDF (NIST SP 800-218, public domain; bench/data/docsqa/pdfdev/NOTICE).
CUT_FROM = Path(__file__).parents[2] / "bench" / "data" / "docsqa" / "pdfdev" / "corpus" / \
    "nist-sp-800-218-secure-software-development-framework.pdf"
SCALE = 1.5  # the route's default, pixels per point
INTRO = "An introduction that fills the first page so that the cited passage sits on the second. " * 4
HYPHENATED = "The exam-\nple of a broken word sits on two lines of the second page."
TEXT_PAGES = [INTRO, SCAN_PAGES[0] + " " + HYPHENATED, SCAN_PAGES[2]]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from ingest.pipeline import ingest
    from ui.settings import Settings

    corpus = tmp_path_factory.mktemp("pages") / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "plain.pdf", TEXT_PAGES)
    write_pdf(corpus / "changing.pdf", SCAN_PAGES[2:3])
    write_scanned_pdf(corpus / "scan.pdf", SCAN_PAGES[1:2])
    # A PDF cut short: its first pages are read (ingest/pdf_cut.py), and shown from the same bytes.
    (corpus / "cut.pdf").write_bytes(CUT_FROM.read_bytes()[: len(CUT_FROM.read_bytes()) // 2])
    (corpus / "note.txt").write_text("A plain text note about green tea and its brewing time.\n")
    manifest = write_pdf(corpus.parent / "manifest.pdf", [PDF_SENTENCE])
    write_eml(corpus / "march.eml", _message("Harbor papers", {"manifest.pdf": ("application/pdf", manifest.read_bytes())}))
    index = corpus.parent / "index"
    report = ingest([corpus], Settings(index=index))
    assert report.added == 7 and not report.failed, report
    proc, url = start_server(index, corpus.parent / "serve.log", {"CITELINE_API_TOKEN": TOKEN})
    try:
        yield url, corpus.resolve()
    finally:
        stop_server(proc)
        shutil.rmtree(corpus.parent, ignore_errors=True)


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _ask(url: str, question: str, path: str) -> dict:
    r = httpx.post(f"{url}/api/ask", json={"question": question, "llm": "none"}, headers=AUTH, timeout=120)
    assert r.status_code == 200, r.text
    return next(s for s in r.json()["sources"] if s["path"] == path)


def _image(url: str, href: str, headers=AUTH):
    from PIL import Image

    r = httpx.get(url + href, headers=headers, timeout=60)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/png"
    image = Image.open(BytesIO(r.content))
    image.load()  # decodes the whole PNG
    return image.convert("RGB"), r.headers


def _yellow_bbox(image) -> tuple[int, int, int, int]:
    """The bounding box of the highlight's fill (yellow over white paper; text stays dark)."""
    xs, ys = [], []
    pixels = image.load()
    for y in range(image.height):
        for x in range(image.width):
            r, g, b = pixels[x, y]
            if r > 235 and 215 < g < 250 and b < 200:
                xs.append(x)
                ys.append(y)
    assert xs, "no highlighted pixels on the page"
    return min(xs), min(ys), max(xs), max(ys)


def _char_boxes(pdf: Path, page: int, text: str) -> list[tuple[float, float, float, float]]:
    """pdfium's boxes (pixels at SCALE, top-left origin) of the characters of `text` on the page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        p = document[page - 1]
        height = p.get_height()
        textpage = p.get_textpage()
        found = textpage.search(text, match_case=True).get_next()
        assert found, f"{text!r} is not on page {page}"
        index, count = found
        boxes = []
        for i in range(index, index + count):
            left, bottom, right, top = textpage.get_charbox(i)
            if right > left:
                boxes.append((left * SCALE, (height - top) * SCALE, right * SCALE, (height - bottom) * SCALE))
        return boxes
    finally:
        document.close()


def _covers(outer, boxes, slack: float) -> bool:
    return all(outer[0] - slack <= b[0] and b[2] <= outer[2] + slack
               and outer[1] - slack <= b[1] and b[3] <= outer[3] + slack for b in boxes)


def _union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def test_text_pdf_citation_is_highlighted_on_its_page(served):
    url, corpus = served
    source = _ask(url, "How many ships did the harbor master count in March?", "plain.pdf")
    assert "forty-two ships" in source["text"] and source["page"] == 2
    assert source["page_image_url"].startswith(f"/view/{source['doc_id']}/page.png?")
    image, headers = _image(url, source["page_image_url"])
    assert headers["x-citeline-page"] == "2"  # the sentence's page, though its passage starts on page 1
    assert image.size == (round(595.28 * SCALE), round(841.89 * SCALE))
    cited = _char_boxes(corpus / "plain.pdf", 2, source["text"])
    drawn = _yellow_bbox(image)
    # The fill covers every cited character and not much more (2 px padding, a 2 px outline).
    assert _covers(drawn, cited, slack=1)
    assert _covers(_union(cited), [drawn], slack=5)
    header = tuple(int(v) for v in headers["x-citeline-highlight"].split(","))
    assert _covers(header, cited, slack=1)


def test_reflowed_hyphenated_span_maps_to_both_lines(served):
    url, corpus = served
    doc_id = doc_id_for(corpus, "plain.pdf")
    text = httpx.get(f"{url}/api/documents/{doc_id}", headers=AUTH).json()["text"]
    start = text.index("example of a broken word")  # re-flow joined "exam-" and "ple"
    end = start + len("example of a broken word")
    image, headers = _image(url, f"/view/{doc_id}/page.png?start={start}&end={end}")
    assert headers["x-citeline-page"] == "2"
    first, second = _char_boxes(corpus / "plain.pdf", 2, "exam"), _char_boxes(corpus / "plain.pdf", 2, "broken word")
    drawn = _yellow_bbox(image)
    assert _covers(drawn, first + second, slack=1)
    assert drawn[3] - drawn[1] > 1.5 * (second[0][3] - second[0][1])  # two lines, not one
    # Page 1 holds none of it: drawn without a highlight.
    plain, headers = _image(url, f"/view/{doc_id}/page/1.png?start={start}&end={end}")
    assert "x-citeline-highlight" not in headers


def test_scanned_pdf_citation_is_highlighted_where_the_ocr_read_it(served, tmp_path):
    url, corpus = served
    source = _ask(url, "How long do queen bees live?", "scan.pdf")
    assert "queen bees can live for five years" in source["text"]
    image, headers = _image(url, source["page_image_url"])
    # The scan is the text PDF rendered and tilted up to 1.5 degrees: its characters sit where the
    # original's do, give or take the tilt (about 12 px at the page's edge at this scale).
    original = write_pdf(tmp_path / "original.pdf", SCAN_PAGES[1:2])
    cited = _char_boxes(original, 1, "Beekeepers in the valley report that queen bees")
    drawn = _yellow_bbox(image)
    assert _covers(drawn, cited, slack=16)
    whole = _char_boxes(original, 1, source["text"].split("\n")[0]) + _char_boxes(original, 1, "weeks in summer.")
    assert _covers(_union(whole), [drawn], slack=20)


def test_page_route_keeps_the_token_rules_and_renders_only_indexed_pdfs(served):
    url, corpus = served
    doc_id = doc_id_for(corpus, "plain.pdf")
    href = f"/view/{doc_id}/page/1.png"
    assert httpx.get(url + href).status_code == 401
    assert httpx.get(url + href, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert httpx.get(url + href, headers=AUTH).status_code == 200
    for bad in ("/view/0123456789abcdef0123/page/1.png",  # well-formed, not indexed
                "/view/..%2F..%2Fetc%2Fpasswd/page/1.png",
                "/view/%2e%2e/%2e%2e/etc/passwd/page.png?start=0&end=4",
                f"/view/{doc_id_for(corpus, 'note.txt')}/page/1.png",  # indexed, not a PDF
                f"/view/{doc_id}/page/4.png", f"/view/{doc_id}/page/0.png"):
        r = httpx.get(url + bad, headers=AUTH)
        assert r.status_code == 404, (bad, r.status_code, r.text)
        assert r.headers["content-type"] == "application/json"
    r = httpx.get(url + href + "?scale=50", headers=AUTH)
    assert r.status_code == 400 and "scale" in r.json()["detail"]


def test_a_changed_file_is_not_drawn_with_old_offsets(served):
    url, corpus = served
    doc_id = doc_id_for(corpus, "changing.pdf")
    assert httpx.get(f"{url}/view/{doc_id}/page/1.png", headers=AUTH).status_code == 200
    write_pdf(corpus / "changing.pdf", SCAN_PAGES[:1])
    r = httpx.get(f"{url}/view/{doc_id}/page/1.png", headers=AUTH)
    assert r.status_code == 409 and "changed since it was indexed" in r.json()["detail"]


def test_a_cut_pdf_shows_the_pages_it_was_read_from_with_the_span_highlighted(served):
    url, corpus = served
    doc_id = doc_id_for(corpus, "cut.pdf")
    text = httpx.get(f"{url}/api/documents/{doc_id}", headers=AUTH, timeout=60).json()["text"]
    start = text.index("Secure Software Development Framework")
    end = start + len("Secure Software Development Framework")
    image, headers = _image(url, f"/view/{doc_id}/page.png?start={start}&end={end}")
    assert headers["x-citeline-page"] == "1" and headers.get("x-citeline-highlight")
    assert _yellow_bbox(image)
    last = httpx.get(f"{url}/view/{doc_id}/page/99.png", headers=AUTH)
    assert last.status_code == 404 and "has pages 1 to" in last.json()["detail"]


def test_view_page_shows_the_page_image_before_the_text(served):
    url, corpus = served
    source = _ask(url, "How many ships did the harbor master count in March?", "plain.pdf")
    html = httpx.get(url + source["url"].split("#")[0], headers=AUTH).text
    assert f'<img src="{source["page_image_url"].replace("&", "&amp;")}" alt="The page of' in html


def test_a_pdf_attached_to_an_email_is_shown_as_text(served):
    from ui.render import page_image_html

    url, corpus = served
    path = "march.eml#attachment/manifest.pdf"
    source = _ask(url, "How many barrels of salted cod does the cargo manifest list?", path)
    assert source["text"] == PDF_SENTENCE and source["page"] == 1
    # No file of its own to draw: no image link anywhere, and the route says why instead of failing.
    assert source["page_image_url"] is None
    assert page_image_html(source["doc_id"], path, "manifest", source["page"], source["start"], source["end"]) == ""
    html = httpx.get(url + source["url"].split("#")[0], headers=AUTH)
    assert html.status_code == 200 and PDF_SENTENCE in html.text and "page.png" not in html.text
    for href in (f"/view/{source['doc_id']}/page/1.png",
                 f"/view/{source['doc_id']}/page.png?start={source['start']}&end={source['end']}"):
        r = httpx.get(url + href, headers=AUTH)
        assert r.status_code == 404 and "e-mail attachment" in r.json()["detail"], (href, r.text)


def test_chat_source_panel_shows_the_page_image(served, browser, screenshots):
    url, _ = served
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/?token={TOKEN}")
    box = page.locator("#question textarea")
    box.fill("How many ships did the harbor master count in March?")
    box.press("Enter")
    cite = page.locator("#chatbot a.cite").first
    cite.wait_for(timeout=120_000)
    cite.click()
    image = page.locator("#source-panel img.page-image")
    image.wait_for(state="visible", timeout=30_000)
    assert "cited passage" in image.get_attribute("alt")
    page.wait_for_function(
        "() => { const i = document.querySelector('#source-panel img.page-image');"
        " return i && i.complete && i.naturalWidth > 0; }", timeout=30_000)
    assert page.locator("#chatbot img.page-image").first.is_hidden()
    page.screenshot(path=str(screenshots / "source-panel-page-image.png"), full_page=True)
    page.close()


def test_embed_panel_shows_the_page_image_fetched_with_its_token(served, browser):
    url, _ = served
    page = browser.new_page(viewport={"width": 900, "height": 900})
    page.goto(f"{url}/embed#token={TOKEN}")  # no cookie: the image comes with the header
    page.locator("#question").fill("How many ships did the harbor master count in March?")
    page.locator("#question").press("Enter")
    cite = page.locator("#log a.cite").first
    cite.wait_for(timeout=120_000)
    cite.click()
    page.wait_for_function(
        "() => { const i = document.querySelector('#panel-body img.page-image');"
        " return i && i.src.startsWith('data:image/png') && i.complete && i.naturalWidth > 0; }",
        timeout=30_000)
    assert "cited passage" in page.locator("#panel-body img.page-image").get_attribute("alt")
    page.close()

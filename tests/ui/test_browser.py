"""Real headless Chromium (Debian's) against the running server: the chat, the embed on another
origin, and a hostile document that must show as text and run nothing."""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from tests.conftest import ROOT

PAYLOAD = ('Zanzibar memo. The Zanzibar memo warns that <script>window.__xss = 1</script> must never run in a '
           'reader. It also quotes <img src=x onerror="window.__xss = 2"> as a second payload.\n')


@pytest.fixture(scope="module")
def embed_site(server):
    """examples/embed.html served from a different origin (the one the server allows to frame it)."""
    html = (ROOT / "examples" / "embed.html").read_text(encoding="utf-8")
    snippet = '<script src="http://127.0.0.1:7860/embed.js" async></script>'
    assert snippet in html
    html = html.replace(snippet, f'<script src="{server.url}/embed.js" data-token="{server.token}" async></script>')
    (server.embed_dir / "embed.html").write_text(html, encoding="utf-8")
    httpd = server.embed_site
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server.embed_origin + "/embed.html"
    httpd.shutdown()


def _open_chat(page, server) -> None:
    """A browser signs in once with ?token=: the server answers with a cookie and the URL without it."""
    page.goto(f"{server.url}/?token={server.token}")
    assert "token=" not in page.url


def _ask_in_chat(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def test_chat_answer_citation_opens_highlighted_source(server, page, screenshots):
    _open_chat(page, server)
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    _ask_in_chat(page, "Why did operatives relocate their operations?")
    cite = page.locator("#chatbot a.cite").first
    cite.wait_for(timeout=60_000)
    assert "relocate their operations" in page.locator("#chatbot").inner_text()
    page.screenshot(path=str(screenshots / "chat.png"))
    cite.click()
    mark = page.locator("#source-panel mark")
    mark.wait_for(timeout=10_000)
    assert "relocate their operations further away from Sinaloa" in mark.inner_text()
    panel = page.locator("#source-panel").inner_text()
    assert "culiacan_fentanyl_crackdown.txt" in panel and "Mexican Cartels Face Renewed Fear" in panel
    view = page.locator("#source-panel a.view")
    href = view.get_attribute("href")
    assert href.startswith("/view/") and "start=" in href
    page.screenshot(path=str(screenshots / "source-panel.png"))

    doc = page.context.new_page()
    doc.goto(server.url + href)
    assert "relocate their operations" in doc.locator("mark#hl").inner_text()
    doc.close()


def test_the_page_s_own_handlers_still_run_behind_the_guard_s_check(server, page):
    # The Guard refuses a call to a handler outside the API that the page would not send (ui/gradio_calls.py,
    # PageHandler): what the page does send must still run. An example question (load_example, an index),
    # a lookup sent from its box (lookup) and the status refresh on load (on_load) are no other test's.
    _open_chat(page, server)
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    # The example buttons get their text when the load's refresh answers: read one that has it.
    example = page.get_by_text("Example questions").locator("xpath=..").locator("button") \
        .filter(has_text=re.compile(r"\w")).first
    shown = example.inner_text().strip()
    assert shown
    example.click()
    page.wait_for_function("s => document.querySelector('#question textarea').value.trim() === s", arg=shown,
                           timeout=30_000)
    page.get_by_role("tab", name="Citation lookup").click()
    box = page.locator("#cite-text textarea")
    box.fill("The spike in raids has prompted operatives")
    box.press("Shift+Enter")  # a box of several lines sends with Shift+Enter
    page.locator("#cite-results .cite-exact mark").wait_for(timeout=30_000)
    assert not page.locator(".toast-body").count()


def test_clear_empties_the_source_panel(server, page):
    # try7: after Clear (the button or the chat's trash icon) the source of the old conversation
    # stayed in the panel beside the new one: the panel's value had not changed for Gradio.
    _open_chat(page, server)
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    for clear in ("#clear", "#chatbot button[aria-label='Clear']"):
        _ask_in_chat(page, "Why did operatives relocate their operations?")
        cite = page.locator("#chatbot a.cite").first
        cite.wait_for(timeout=60_000)
        cite.click()
        page.locator("#source-panel mark").wait_for(timeout=10_000)
        page.locator(clear).first.click()
        page.locator("#source-panel .placeholder").wait_for(timeout=10_000)
        assert page.locator("#source-panel mark").count() == 0
        assert "culiacan_fentanyl_crackdown.txt" not in page.locator("#source-panel").inner_text()


def test_a_new_question_empties_the_source_panel(server, page):
    # try8: the source an [n] of the previous answer had opened stayed in the panel beside the next answer.
    _open_chat(page, server)
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    for send in ("Enter", "#question button"):
        _ask_in_chat(page, "Why did operatives relocate their operations?")
        page.locator("#chatbot a.cite").first.wait_for(timeout=60_000)
        page.locator("#chatbot a.cite").last.click()
        page.locator("#source-panel mark").wait_for(timeout=10_000)
        box = page.locator("#question textarea")
        box.fill("What do recent initiatives include?")
        box.press("Enter") if send == "Enter" else page.locator(send).first.click()
        page.locator("#source-panel .placeholder").wait_for(timeout=10_000)
        assert page.locator("#source-panel mark").count() == 0
        # Clear once the second answer is in: an answer still running would be shown after it.
        page.locator("#chatbot").get_by_text("Recent initiatives include").first.wait_for(timeout=60_000)
        page.locator("#clear").click()
        page.locator("#chatbot a.cite").first.wait_for(state="detached", timeout=10_000)


def test_embed_on_another_origin_keeps_citations_clickable(server, page, embed_site, screenshots):
    page.goto(embed_site)
    page.locator("#citeline-button").click()
    frame = page.frame_locator("#citeline-frame")
    frame.locator("#question").fill("What do recent initiatives include?")
    frame.locator("#question").press("Enter")
    cite = frame.locator("a.cite").first
    cite.wait_for(timeout=60_000)
    cite.click()
    mark = frame.locator("#panel mark")
    mark.wait_for(timeout=10_000)
    assert "Recent initiatives include increased security measures" in mark.inner_text()
    assert "culiacan_fentanyl_crackdown.txt" in frame.locator("#panel").inner_text()
    page.screenshot(path=str(screenshots / "embed.png"))
    # The document link signs the new tab in (the token becomes a cookie) and shows the span.
    with page.expect_popup() as popup:
        frame.locator("#panel a.view").click()
    doc = popup.value
    doc.locator("mark#hl").wait_for(timeout=30_000)
    assert "Recent initiatives include" in doc.locator("mark#hl").inner_text() and "token=" not in doc.url


def test_embed_takes_no_question_before_its_script_runs(server, page, embed_site):
    """The question box is there as soon as the frame's HTML is, its script a request later: Enter
    then submitted the form natively (the frame reloaded without its token and the question was
    lost), which is how test_embed_on_another_origin failed under load. The box now waits for it."""
    from playwright.sync_api import expect

    held = []
    page.route("**/citeline-static/embed-chat.js", lambda route: held.append(route))  # the script's request, held unanswered
    page.goto(embed_site)
    page.locator("#citeline-button").click()
    frame = page.frame_locator("#citeline-frame")
    expect(frame.locator("#question")).to_be_attached()
    expect(frame.locator("#question")).to_be_disabled()
    expect(frame.locator("#ask button[type=submit]")).to_be_disabled()
    assert len(held) == 1
    held[0].continue_()
    frame.locator("#question").fill("What do recent initiatives include?")
    frame.locator("#question").press("Enter")
    frame.locator("a.cite").first.wait_for(timeout=60_000)
    page.unroute("**/citeline-static/embed-chat.js")


def test_hostile_document_is_shown_as_text_and_runs_nothing(upload_server, page, screenshots, tmp_path):
    # Uploaded through the Documents tab, as a person would.
    hostile = tmp_path / "zanzibar.txt"
    hostile.write_text(PAYLOAD, encoding="utf-8")
    _open_chat(page, upload_server)
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload-files input[type=file]").set_input_files(str(hostile))
    page.locator("#upload-button").click()
    page.locator("#upload-result").get_by_text("added 1").wait_for(timeout=60_000)
    assert "zanzibar.txt" in page.locator("#documents").inner_text()
    listed = httpx.get(upload_server.url + "/api/documents", headers=upload_server.auth).json()["documents"]
    doc_id = next(d["doc_id"] for d in listed if d["path"] == "zanzibar.txt")

    page.get_by_role("tab", name="Citation lookup").click()
    page.locator("#cite-text textarea").fill("THE ZANZIBAR MEMO warns that <script>window.__xss = 1</script>")
    page.locator("#cite-button").click()
    page.locator("#cite-results .cite-exact mark").wait_for(timeout=30_000)
    assert "<script>window.__xss = 1</script>" in page.locator("#cite-results mark").first.inner_text()

    page.get_by_role("tab", name="Chat").click()
    _ask_in_chat(page, "What does the Zanzibar memo warn must never run?")
    page.locator("#chatbot a.cite").first.wait_for(timeout=60_000)
    page.locator("#chatbot a.cite").first.click()
    page.locator("#source-panel mark").wait_for(timeout=10_000)
    assert "<script>window.__xss = 1</script>" in page.locator("#chatbot").inner_text()
    assert page.locator("#chatbot img[src=x], #source-panel img[src=x], #cite-results img[src=x]").count() == 0
    page.screenshot(path=str(screenshots / "hostile-document.png"))
    assert page.evaluate("window.__xss") is None

    page.goto(f"{upload_server.url}/view/{doc_id}?start=0&end=14#hl")
    text = page.locator(".doc-text").inner_text()
    assert "<script>window.__xss = 1</script>" in text and '<img src=x onerror="window.__xss = 2">' in text
    assert page.locator(".doc-text img, .doc-text script").count() == 0
    page.wait_for_load_state("load")  # every resource the page asked for has loaded or failed
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []


def test_embed_is_usable_from_the_keyboard(server, page, embed_site):
    """Enter opens the chat with the question box focused; Escape closes an open source (focus back
    on its [n]), then the chat (focus back on the launcher), from inside the frame or the page."""
    from playwright.sync_api import expect

    page.goto(embed_site)
    launcher = page.locator("#citeline-button")
    launcher.focus()
    page.keyboard.press("Enter")
    frame = page.frame_locator("#citeline-frame")
    expect(frame.locator("#question")).to_be_focused()
    page.keyboard.type("What do recent initiatives include?")
    page.keyboard.press("Enter")
    cite = frame.locator("a.cite").first
    cite.wait_for(timeout=60_000)
    cite.focus()
    page.keyboard.press("Enter")
    expect(frame.locator("#panel-close")).to_be_focused()
    page.keyboard.press("Escape")
    expect(frame.locator("#panel")).to_be_hidden()
    expect(cite).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#citeline-frame")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")
    expect(page.locator("#citeline-frame")).to_be_visible()
    expect(frame.locator("#question")).to_be_focused()
    page.locator("h1").click()  # back on the host page, the chat still open
    page.keyboard.press("Escape")
    expect(page.locator("#citeline-frame")).to_be_hidden()
    expect(launcher).to_be_focused()


def _ask_in_embed(page, question: str) -> None:
    answered = page.locator(".msg.bot:not(.pending)").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    page.locator(".msg.bot:not(.pending)").nth(answered).wait_for(timeout=60_000)


def test_embed_source_panel_follows_the_new_answer_and_clear(server, page):
    # try8: an open source stayed on the old answer's passage after a new answer (and an abstention)
    # came in; the embed had no way to start a conversation over.
    from playwright.sync_api import expect

    asks = []
    page.on("request", lambda r: asks.append(r.post_data_json) if r.url.endswith("/api/ask") else None)
    page.goto(f"{server.url}/embed#token={server.token}")
    _ask_in_embed(page, "What do recent initiatives include?")
    page.locator(".msg.bot a.cite").first.click()
    expect(page.locator("#panel mark")).to_contain_text("Recent initiatives include")

    _ask_in_embed(page, "Why did operatives relocate their operations?")
    # The panel shows the new answer's first source, and the keyboard stays in the question box.
    expect(page.locator("#panel mark")).to_contain_text("relocate their operations")
    expect(page.locator("#panel")).not_to_contain_text("Recent initiatives include")
    expect(page.locator("#question")).to_be_focused()
    new_first = page.locator(".msg.bot").last.locator("a.cite").first
    assert page.locator("#panel .src-title").inner_text().startswith(new_first.inner_text())
    # Escape closes it and gives the keyboard to the [n] of the answer it now belongs to.
    page.locator("#panel-close").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()
    expect(new_first).to_be_focused()

    new_first.click()
    expect(page.locator("#panel")).to_be_visible()
    _ask_in_embed(page, "What is the boiling point of tungsten on Mars?")
    assert page.locator(".msg.bot").last.locator("a.cite").count() == 0
    expect(page.locator("#panel")).to_be_hidden()

    page.locator(".msg.bot a.cite").first.click()
    expect(page.locator("#panel")).to_be_visible()
    page.locator("#clear").click()
    expect(page.locator("#panel")).to_be_hidden()
    assert page.locator("#log .msg").count() == 0
    expect(page.locator("#question")).to_be_focused()
    _ask_in_embed(page, "What do recent initiatives include?")
    assert asks[-1]["history"] == [] and len(asks[-2]["history"]) == 4
    expect(page.locator("#panel")).to_be_hidden()


def test_embed_and_chat_name_the_headings_above_a_source(upload_server, page):
    body = ("# Harbour guide\n\n## Moorings\n\n### Winter berths\n\n"
            "Winter berths at Pellow Quay are allocated every November by the harbour master.\n")
    r = httpx.post(upload_server.url + "/api/ingest", headers=upload_server.auth, timeout=60,
                   files={"files": ("harbour-guide.md", body.encode())})
    assert r.status_code == 200, r.text
    page.goto(f"{upload_server.url}/embed#token={upload_server.token}")
    _ask_in_embed(page, "When are winter berths at Pellow Quay allocated?")
    page.locator(".msg.bot a.cite").first.click()
    assert page.locator("#panel .src-title").inner_text() == "[1] Harbour guide"
    assert page.locator("#panel .src-heading").inner_text() == "Moorings › Winter berths"

    _open_chat(page, upload_server)
    _ask_in_chat(page, "When are winter berths at Pellow Quay allocated?")
    page.locator("#chatbot a.cite").first.wait_for(timeout=60_000)
    page.locator("#chatbot a.cite").first.click()
    page.locator("#source-panel .source-heading").wait_for(timeout=10_000)
    assert page.locator("#source-panel .source-heading").inner_text().strip() == "› Moorings › Winter berths"


def test_embed_scrolls_the_cited_sentence_into_the_panel(upload_server, page):
    # try8: in a long passage (a PDF page's section) the highlighted sentence sat below the panel's fold.
    filler = "\n\n".join(f"Tide table note {i} records the harbour's water level at the usual hour." for i in range(9))
    body = (f"# Tide notes\n\n## Gauges\n\n{filler}\n\nThe Ormsby gauge was recalibrated in the spring of 1994 by the "
            "survey team.\n")
    r = httpx.post(upload_server.url + "/api/ingest", headers=upload_server.auth, timeout=60,
                   files={"files": ("tide-notes.md", body.encode())})
    assert r.status_code == 200, r.text
    page.set_viewport_size({"width": 380, "height": 600})
    page.goto(f"{upload_server.url}/embed#token={upload_server.token}")
    _ask_in_embed(page, "When was the Ormsby gauge recalibrated?")
    page.locator(".msg.bot a.cite").first.click()
    mark = page.locator("#panel mark")
    assert "1994" in mark.inner_text()
    panel_box, mark_box = page.locator("#panel").bounding_box(), mark.bounding_box()
    assert page.evaluate("document.getElementById('panel').scrollHeight > document.getElementById('panel').clientHeight")
    # Within the panel's visible box (a pixel of rounding allowed).
    assert panel_box["y"] - 1 <= mark_box["y"] and mark_box["y"] + mark_box["height"] <= panel_box["y"] + panel_box["height"] + 1
    # try20: scrolled to the sentence, the panel had scrolled its close button out of view with its title.
    assert page.evaluate("document.getElementById('panel').scrollTop > 0")
    # ans20: and then its title, the close button kept: both stay in a sticky header; try21: the headings above
    # the passage and its place in the file had scrolled under that header.
    assert page.locator("#panel .src-heading").inner_text() == "Gauges"
    for kept in ("#panel-close", "#panel .src-title", "#panel .src-heading", "#panel .src-where"):
        box = page.locator(kept).bounding_box()
        assert panel_box["y"] - 1 <= box["y"] and box["y"] + box["height"] <= panel_box["y"] + panel_box["height"] + 1, kept
    assert page.locator("#panel .src-title").inner_text() == "[1] Tide notes"
    where_box, mark_box = page.locator("#panel .src-where").bounding_box(), mark.bounding_box()
    assert where_box["y"] + where_box["height"] <= mark_box["y"] + 1  # the header covers none of the cited words
    page.locator("#panel-close").click()
    from playwright.sync_api import expect
    expect(page.locator("#panel")).to_be_hidden()



def test_an_upload_through_the_documents_tab_keeps_the_name_its_file_had(upload_server, page, tmp_path):
    # Gradio's upload route stores a file under a name it cleaned ('"', '!' and the like go), and
    # gr.File handed over only that path: the title made from the name was "Été river notes", where
    # /api/ingest's was the user's own. Letters outside ASCII stay in the stored name.
    note = tmp_path / 'Été "river" notes!.md'
    note.write_text("Otters fish the river at dusk, mostly for eels.\n", encoding="utf-8")
    _open_chat(page, upload_server)
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload-files input[type=file]").set_input_files(str(note))
    page.locator("#upload-button").click()
    page.locator("#upload-result").get_by_text("added 1").wait_for(timeout=60_000)
    listed = httpx.get(upload_server.url + "/api/documents", headers=upload_server.auth).json()["documents"]
    doc = next(d for d in listed if d["path"].startswith("Été_river_notes~"))
    assert doc["title"] == 'Été "river" notes!', doc
    removed = httpx.delete(upload_server.url + f"/api/documents/{doc['doc_id']}", headers=upload_server.auth, timeout=60)
    removed.raise_for_status()

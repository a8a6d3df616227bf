"""axe-core in real Chromium on the pages people use: the Gradio chat (`/`, each tab, with an answer
and its source shown), the embed chat (`/embed`, a source open) and the document view (`/view/...`).
No critical or serious violation is allowed; our own pages also need an <h1>, a main landmark and
all content inside landmarks.

axe-core is vendored (tests/ui/vendor/axe-core, MPL-2.0): nothing is fetched at test time. The
pages' CSP forbids inline scripts, axe's included, so the audit's browser context bypasses CSP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.ui.conftest import new_context


AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("critical", "serious")
STRUCTURE = ("page-has-heading-one", "landmark-one-main", "region")
QUESTION = "What do recent initiatives include?"


@pytest.fixture
def page(browser):  # noqa: F811
    context = new_context(browser, bypass_csp=True)
    yield context.new_page()
    context.close()


def violations(page, rules: tuple[str, ...] = ()) -> list[str]:
    """The critical and serious violations on the page as it is now, plus any of `rules`."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']} {v['id']} ({v['help']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in BLOCKING or v["id"] in rules]


def settled_violations(page, rules: tuple[str, ...] = (), seconds: float = 5.0) -> list[str]:
    """`violations` once the page stops re-drawing: Gradio mounts each example button's text as a
    component of its own and re-mounts it when the gallery re-renders (seen under CI load), leaving the
    button nameless for a moment. A violation still there after `seconds` is returned."""
    found = violations(page, rules)
    for _ in range(int(seconds / 0.5)):
        if not found:
            break
        page.wait_for_timeout(500)
        found = violations(page, rules)
    return found


def test_chat_page_passes_axe(server, page):
    page.goto(f"{server.url}/?token={server.token}")
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    # The example questions' buttons are drawn before their text: audit the page once it is filled in.
    page.wait_for_function("[...document.querySelectorAll('.gallery-item')]"
                           ".every(b => b.textContent.trim().length > 0)")
    # Audited while the status may still be refreshing (on load): it must be legible then too.
    assert settled_violations(page, ("page-has-heading-one",)) == []
    box = page.locator("#question textarea")
    box.fill(QUESTION)
    box.press("Enter")
    page.locator("#chatbot a.cite").first.wait_for(timeout=60_000)
    page.locator("#chatbot a.cite").first.click()
    page.locator("#source-panel mark").wait_for()
    assert settled_violations(page) == [], "with an answer and its source shown"
    for tab, shown in (("Citation lookup", "#cite-text"), ("Documents", "#upload-files")):
        page.get_by_role("tab", name=tab).click()
        page.locator(shown).wait_for()
        assert settled_violations(page) == [], tab


def test_embed_page_passes_axe(server, page):
    page.goto(f"{server.url}/embed#token={server.token}")
    assert violations(page, STRUCTURE) == [], "empty"
    page.locator("#question").fill(QUESTION)
    page.locator("#question").press("Enter")
    page.locator("a.cite").first.click(timeout=60_000)
    page.locator("#panel mark").wait_for()
    assert violations(page, STRUCTURE) == [], "with an answer and its source shown"


def test_document_view_passes_axe(server, page):
    documents = httpx.get(server.url + "/api/documents", headers=server.auth, timeout=30).json()["documents"]
    page.goto(f"{server.url}{documents[0]['url']}?start=10&end=60&token={server.token}")
    page.locator("mark#hl").wait_for()
    assert violations(page, STRUCTURE) == []

"""A citation marker stays with the code it cites on every face (try26 defect 9): a unit that is only a line of
code is joined to the next sentence by a space in the answer's text (rag/answerer.py), and the chat showed
"[2] The widget tool stores…" on the line after the code block, so [2] read as the next sentence's citation.
The chat's HTML, the API (and so the embed) and the OpenAI-style Markdown put the marker on the line after the
code block and start the next sentence on a line of its own; in Chromium the marker still opens its source."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from rag.types import Answer
from tests.conftest import ingested_page
from tests.ui.conftest import ask_in_chat, ask_in_embed, engine_answer, open_index_server
from ui.api.openai_compat import markdown_content
from ui.api.service import CitelineService
from ui.render import answer_html

CODE = "widget use -f /path/to/venv"
AFTER = "The widget tool stores the chosen environment in the project config."
PAGE = f"""# Virtual environments

## Reuse a virtual environment

To use a virtual environment you created elsewhere as the project's environment, pass its path to `widget use`.
The path must point at the environment's folder.

```bash
{CODE}
```

!!! note

    {AFTER} When no environment is stored, the
    widget tool looks for `.venv` in the project root and uses the first one it finds.
"""
QUESTION = "How does widget pick the virtual environment?"
SHOTS = Path("/tmp/mark26")


@pytest.fixture(scope="module")
def index(tmp_path_factory, embedder):
    return ingested_page(tmp_path_factory, "venv", PAGE)


@pytest.fixture(scope="module")
def answer(index) -> Answer:
    answer = engine_answer(index, QUESTION)
    # The case itself: a code-only unit, joined to the sentence after it by a space in the answer's text.
    texts = [s.text for s in answer.sentences]
    assert CODE in texts and texts[texts.index(CODE) + 1].startswith(AFTER), texts
    assert f"{CODE} [{answer.sentences[texts.index(CODE)].citations[0]}] {AFTER}" in answer.answer
    return answer


def _code_marker(answer: Answer) -> int:
    return next(s.citations[0] for s in answer.sentences if s.text == CODE)


def test_the_chat_puts_the_marker_after_the_code_and_the_next_sentence_on_a_line_of_its_own(answer):
    n = _code_marker(answer)
    html = answer_html(answer).split("<details")[0]
    marker = f'<a class="cite" data-n="{n}" href="#src-{n}">[{n}]</a>'
    # The chat's answer keeps its line breaks (pre-wrap): the marker right after the block, then a line break.
    assert f"{CODE}</code></pre> {marker}\n{AFTER}" in html, html


def test_the_api_sends_the_joints_as_shown_beside_the_answers_own(answer):
    response = CitelineService.to_response(answer)
    k = next(k for k, s in enumerate(response.sentences) if s.text == CODE)
    assert response.joints[k] == " " and response.shown_joints[k] == "\n"
    # The answer's words stay as they are: its joints still make up its text.
    assert response.answer == "".join((response.joints[j - 1] if j else "") + s.text + "".join(
        f" [{c}]" for c in s.citations) for j, s in enumerate(response.sentences))
    assert [j for i, j in enumerate(response.shown_joints) if i != k] == [
        j for i, j in enumerate(response.joints) if i != k]


def test_the_openai_markdown_ends_the_code_paragraph_with_its_marker(answer):
    n = _code_marker(answer)
    # A blank line: a single line break would run the marker and the next sentence into one paragraph.
    assert f"{CODE}\n```\n\n[{n}]\n\n{AFTER}" in markdown_content(CitelineService.to_response(answer))


@pytest.fixture(scope="module")
def served(index, tmp_path_factory):
    with open_index_server(index, tmp_path_factory.mktemp("logs") / "marker.log") as url:
        yield url


# The code's marker and the next sentence's first character, each as its box on the page: the marker below the
# code block, the next sentence below the marker (a line of its own), and nothing of it on the marker's line.
_PLACES = """([scope, n, after]) => {
  const bubble = [...document.querySelectorAll(scope)].pop();
  const marker = [...bubble.querySelectorAll('a.cite')].find(a => a.textContent === `[${n}]` && a.previousElementSibling
      && a.previousElementSibling.tagName === 'PRE');
  if (!marker) return {html: bubble.outerHTML};
  const pre = marker.previousElementSibling;
  const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && !node.data.includes(after)) {}
  const range = document.createRange();
  const at = node.data.indexOf(after);
  range.setStart(node, at);
  range.setEnd(node, at + 1);
  const box = r => ({top: r.top, bottom: r.bottom});
  return {marker: box(marker.getBoundingClientRect()), pre: box(pre.getBoundingClientRect()),
          next: box(range.getBoundingClientRect())};
}"""


def _stays_with_its_code(page, scope: str, n: int) -> None:
    places = page.evaluate(_PLACES, [scope, str(n), AFTER[:10]])
    assert "html" not in places, places
    assert places["marker"]["top"] >= places["pre"]["bottom"] - 1, places
    assert places["next"]["top"] >= places["marker"]["bottom"] - 1, places


def test_the_chat_shows_the_marker_with_its_code_and_it_opens_its_source(served, page, answer):
    n = _code_marker(answer)
    ask_in_chat(page, served, QUESTION, shown="#chatbot pre.answer-code")
    _stays_with_its_code(page, "#chatbot div.text", n)
    page.locator("#chatbot a.cite").get_by_text(f"[{n}]", exact=True).first.click()
    page.locator("#source-panel mark").first.wait_for(timeout=10_000)
    assert CODE in page.locator("#source-panel mark").first.text_content()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "test-chat-marker.png"), full_page=True)


def test_the_embed_shows_the_marker_with_its_code_and_it_opens_its_source(served, page, answer):
    n = _code_marker(answer)
    page.set_viewport_size({"width": 420, "height": 700})
    ask_in_embed(page, served, QUESTION, shown=".msg.bot pre.answer-code")
    _stays_with_its_code(page, ".msg.bot", n)
    page.locator(".msg.bot a.cite").get_by_text(f"[{n}]", exact=True).first.click()
    assert CODE in page.locator("#panel mark").first.text_content()
    assert page.locator("#panel .src-title").text_content().startswith(f"[{n}] ")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "test-embed-marker.png"))

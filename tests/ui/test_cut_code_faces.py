"""Code an answer shows cut (rag/trimmed_code.py) is cut honestly on every face: the code block closes after its
last whole line shown, and outside it a note says that it is cut and where the rest is ("… 3 more lines in [1]").
Before, a line "…" stood inside the block: a copied snippet held a line that is no code, and nothing said how much
was left out or where. The plain answer, the chat's HTML, the API's sentences and the OpenAI-style Markdown (whole
and streamed) say it the same way, from the sentence's `code_cut`, not from a "…" read back out of its text."""

from __future__ import annotations

import json

import httpx
import pytest

from rag.types import Answer
from tests.conftest import ingested_page
from tests.ui.conftest import ask_in_chat, ask_in_embed, engine_answer, open_index_server
from ui.api.openai_compat import markdown_content
from ui.api.service import CitelineService
from ui.render import answer_html
from ui.terminal import answer_text

# After HTTPX's docs (BSD-3 licence, docs/advanced/clients.md): a lead-in, then a block past half the unit budget.
CODE = """import tempfile

import httpx
from tqdm import tqdm

with tempfile.NamedTemporaryFile() as download_file:
    url = "https://speed.hetzner.de/100MB.bin"
    with httpx.stream("GET", url) as response:
        total = int(response.headers["Content-Length"])

        with tqdm(total=total, unit_scale=True, unit_divisor=1024, unit="B") as progress:
            num_bytes_downloaded = response.num_bytes_downloaded
            for chunk in response.iter_bytes():
                download_file.write(chunk)
                progress.update(response.num_bytes_downloaded - num_bytes_downloaded)
                num_bytes_downloaded = response.num_bytes_downloaded"""
PAGE = f"""# Clients

## Monitoring download progress

If you need to monitor download progress of large responses, you can use response streaming and inspect the `response.num_bytes_downloaded` property.

For example, showing a progress bar using the [`tqdm`](https://github.com/tqdm/tqdm) library while a response is being downloaded could be done like this…

```python
{CODE}
```

This interface is required for properly determining the download progress of compressed content.
"""
QUESTION = "How do I show a progress bar while a big file downloads?"


@pytest.fixture(scope="module")
def index(tmp_path_factory, embedder):
    return ingested_page(tmp_path_factory, "clients", PAGE)


@pytest.fixture(scope="module")
def answer(index) -> Answer:
    return engine_answer(index, QUESTION)


def _quoted(answer: Answer):
    """The sentence quoting the block, the code it shows, and the lines of the block it leaves out."""
    sentence = next(s for s in answer.sentences if s.code_at is not None and "import httpx" in s.text)
    shown = sentence.text[sentence.code_at:]
    lines = CODE.split("\n")
    kept = shown.split("\n")
    return sentence, shown, lines[len(kept):]


def test_the_code_is_cut_after_a_whole_line_and_counted(answer):
    sentence, shown, left = _quoted(answer)
    # The case itself: the block is shown cut, on a line boundary of the block as written.
    assert left and CODE.startswith(shown + "\n"), shown
    assert "…" not in shown and sentence.code_cut == len(left)


def test_the_plain_answer_says_how_many_lines_and_where_after_the_code(answer):
    sentence, shown, left = _quoted(answer)
    said = f"{shown}\n… {len(left)} more lines in [{sentence.citations[0]}]"
    assert said in answer.answer, answer.answer
    assert said in answer_text(answer)


def test_the_chat_closes_the_code_block_then_notes_the_cut_outside_it(answer):
    sentence, shown, left = _quoted(answer)
    n = sentence.citations[0]
    html = answer_html(answer).split("<details")[0]
    marker = f'<a class="cite" data-n="{n}" href="#src-{n}">[{n}]</a>'
    # The document's `<` and quotes stay text; the note is the chat's, after the block, the marker after it.
    code = shown.replace('"', "&quot;")
    assert f'{code}</code></pre><span class="code-cut">… {len(left)} more lines in</span> {marker}' in html, html


def test_the_api_sends_the_cut_as_fields_not_as_code(answer):
    response = CitelineService.to_response(answer)
    sentence, shown, left = _quoted(answer)
    [api] = [s for s in response.sentences if s.text == sentence.text]
    assert api.code == shown and api.code_cut == len(left) and api.code_note == f"… {len(left)} more lines in"


def test_the_openai_markdown_closes_the_fence_then_notes_the_cut_with_the_marker(answer):
    sentence, shown, left = _quoted(answer)
    content = markdown_content(CitelineService.to_response(answer))
    assert f"```\n{shown}\n```\n\n… {len(left)} more lines in [{sentence.citations[0]}]" in content, content


@pytest.fixture(scope="module")
def served(index, tmp_path_factory):
    with open_index_server(index, tmp_path_factory.mktemp("logs") / "cut-code.log") as url:
        yield url


def test_the_served_api_and_the_openai_stream_say_it_the_same_way(served, answer):
    sentence, shown, left = _quoted(answer)
    note = f"… {len(left)} more lines in"
    asked = httpx.post(served + "/api/ask", json={"question": QUESTION}, timeout=120).json()
    [api] = [s for s in asked["sentences"] if s["text"] == sentence.text]
    assert (api["code"], api["code_cut"], api["code_note"]) == (shown, len(left), note)
    streamed = ""
    body = {"model": "citeline", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    with httpx.stream("POST", served + "/v1/chat/completions", json=body, timeout=120) as events:
        for line in events.iter_lines():
            if line.startswith("data: {"):
                streamed += "".join(c["delta"].get("content") or "" for c in json.loads(line[6:])["choices"])
    assert f"```\n{shown}\n```\n\n{note} [{sentence.citations[0]}]" in streamed, streamed


# The cut code's block, the note after it and the marker after the note, as the page shows them.
_SHOWN = """([scope, n]) => {
  const bubble = [...document.querySelectorAll(scope)].pop();
  const note = bubble.querySelector('.code-cut');
  if (!note) return {html: bubble.outerHTML};
  const pre = note.previousElementSibling;
  const marker = [...bubble.querySelectorAll('a.cite')].find(a => a.textContent === `[${n}]`);
  return {code: pre.tagName === 'PRE' ? pre.textContent : null, note: note.textContent,
          after: note.nextSibling.textContent + (note.nextSibling.nextSibling || {}).textContent,
          below: note.getBoundingClientRect().top >= pre.getBoundingClientRect().bottom - 1,
          marker: marker && marker.getBoundingClientRect().top < note.getBoundingClientRect().bottom};
}"""


def _shows_the_cut(page, scope: str, answer: Answer) -> None:
    sentence, shown, left = _quoted(answer)
    n = sentence.citations[0]
    places = page.evaluate(_SHOWN, [scope, str(n)])
    assert "html" not in places, places
    # What a reader copies from the block is the code alone; the note stands under it, the marker on its line.
    assert places["code"] == shown and places["note"] == f"… {len(left)} more lines in", places
    assert places["after"] == f" [{n}]" and places["below"] and places["marker"], places


def test_the_chat_page_shows_the_note_under_the_code_block(served, page, answer):
    ask_in_chat(page, served, QUESTION, shown="#chatbot .code-cut")
    _shows_the_cut(page, "#chatbot div.text", answer)


def test_the_embed_shows_the_note_under_the_code_block(served, page, answer):
    page.set_viewport_size({"width": 420, "height": 700})
    ask_in_embed(page, served, QUESTION, shown=".msg.bot .code-cut")
    _shows_the_cut(page, ".msg.bot", answer)

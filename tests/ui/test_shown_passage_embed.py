"""The embed's source panel and the lookup's (cite) panel show a Markdown passage as its page reads, as
the chat's panel and `/view` do: no `//// tab`, `{!include!}`, fence or `<div class="termy">` line, the
mark on exactly the cited words (the server maps the offsets: `sources[].shown`), and the hostile HTML
the passage holds shown as text. The API's `text` and `passage` stay the exact source. A real server, a
real Chromium for the embed; the cite panel's HTML built from `/api/cite`'s matches."""

from __future__ import annotations

import re
from html import escape

import httpx
import pytest

from rag.types import CiteMatch
from tests.conftest import ingested_page
from tests.ui.conftest import open_embed_source, open_index_server
from ui.render import cite_html

SENTENCE = ("If we tried to use `session.refresh()` with it, it would raise an exception <script>window.__xss=1</script>, "
            'because there\'s no data in the database for this hero <img src=x onerror="window.__xss=2">.')
PAGE = f'''# Delete Data - DELETE

## Refresh the Deleted Object

Now the hero is deleted from the database.

//// tab | Python 3.10+

```Python hl_lines="13"
# Code above omitted 👆

{{!./docs_src/tutorial/delete/tutorial001_py310.py[ln:70-84]!}}

# Code below omitted 👇
```

////

{SENTENCE}

<div class="termy">

```console
$ python app.py
INFO Engine ROLLBACK
```

</div>

Nevertheless, the object is still available with its data.
'''
QUESTION = "What happens if we use session.refresh() on a deleted hero?"
# Lines a reader of the built page never sees (shown as text, so matched unescaped and escaped).
FRAMING = re.compile(r"^\s*(////|\{!|```|<!--|</?div|&lt;/?div)|hl_lines", re.MULTILINE)


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    index = ingested_page(tmp_path_factory, "delete", PAGE)
    with open_index_server(index, tmp_path_factory.mktemp("logs") / "embed-shown.log") as url:
        yield url


def test_the_api_keeps_the_source_exact_and_adds_the_shown_passage(served):
    asked = httpx.post(served + "/api/ask", json={"question": QUESTION}, timeout=120).json()
    cited = next(s for s in asked["sources"] if "session.refresh()" in s["text"])
    assert cited["passage"][cited["start"] - cited["passage_start"]:cited["end"] - cited["passage_start"]] \
        == cited["text"]
    assert "//// tab | Python 3.10+" in cited["passage"]
    shown = cited["shown"]
    assert not FRAMING.search(shown["text"]), FRAMING.search(shown["text"])
    assert shown["text"][shown["start"]:shown["end"]] == cited["text"]


def test_the_embed_panel_shows_the_page_reading_and_hostile_html_as_text(served, page):
    open_embed_source(page, served, QUESTION, "session.refresh()")
    quote = page.locator("#panel blockquote.passage").text_content()
    assert not FRAMING.search(quote), FRAMING.search(quote)
    # Its inline code set as code, the backticks left out.
    assert page.locator("#panel mark").text_content() == SENTENCE.replace("`", "")
    assert page.locator("#panel mark code").text_content() == "session.refresh()"
    assert "INFO Engine ROLLBACK" in quote and "# Code above omitted" not in quote
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('#panel script, #panel img[src=x]').length") == 0
    assert page.dialogs == []


def test_the_cite_panel_shows_the_context_as_the_page_reads(served):
    found = httpx.post(served + "/api/cite", json={"text": SENTENCE}, timeout=120).json()["matches"]
    match = next(CiteMatch(**m) for m in found if m["kind"] == "exact")
    assert "```" in match.before + match.after  # the context the API gives is the exact source
    html = cite_html([match])
    quote = html[html.index('<blockquote class="passage">'):html.index("</blockquote>")]
    assert not FRAMING.search(quote.replace("…", "")), FRAMING.search(quote)
    assert quote[quote.index("<mark>") + 6:quote.index("</mark>")] \
        == escape(SENTENCE).replace("`session.refresh()`", "<code>session.refresh()</code>")
    assert "<script>" not in quote and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in quote

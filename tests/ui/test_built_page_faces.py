"""Documents shown as their built pages show them, on every face of a real server (the HTTP API, the
OpenAI-compatible endpoint, the chat through Gradio's API):

- MyST's admonitions (```` ```{note} ````, `:::{important}`, `{versionadded}`) hold prose, not code: their
  sentences are answer units, shown under the box's label ("Note: ..."), their links as their text.
  The pages below are excerpts of MyST-Parser's own docs (executablebooks/MyST-Parser 4ec4cf8, docs/,
  MIT licence), the way they are written there.
- Raw inline HTML in Markdown (`<kbd>Ctrl</kbd>`, `<br>`, `<sup>1</sup>`, `<code>`) shows its text, never its tags.
- The OpenAI endpoint's `content` sets quoted code as a Markdown code block, as the chat shows it on lines
  of its own: a quoted `sys.argv[1]` is no [n] marker a client links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.ui.conftest import corpus_server
from tests.ui.test_quoted_markup_faces import ARGUMENT, SCRIPTS

TOKEN = "built-page-token"
CONFIGURATION = """# Configuration

## Suppressing warnings

Or use `--myst-suppress-warnings="myst.header"` for the [docutils CLI](myst-docutils).

:::{note}
Two known limitations apply to the source lines reported by warnings:
warnings for inline syntax (such as roles and links) report the first line of the enclosing paragraph,
rather than the exact line of the syntax,
and warnings within the rendered output of a [substitution](syntax/substitutions) may map beyond the substitution's own location,
if that output spans more lines than the source.
:::
"""
OPTIONAL = """# Syntax Extensions

## Linkify

To only match URLs that start with schema, such as `http://example.com`, set `myst_linkify_fuzzy_links=False`.

:::{important}
This extension requires that [linkify-it-py](https://github.com/tsutsu3/linkify-it-py) is installed.
Either directly; `pip install linkify-it-py` or *via* `pip install myst-parser[linkify]`.
:::

## GFM Autolinks

```{versionadded} 5.1.0
```

Adding `"gfm_autolink"` to `myst_enable_extensions` will enable the GitHub Flavored Markdown autolink extension.

```{warning}
The autolink extension rewrites every bare URL of a page, including those written inside tables.
```
"""
KEYS = """# Live preview

## Stopping the preview

The preview runs until you stop it: press <kbd>Ctrl</kbd>+<kbd>C</kbd> in its terminal to stop the preview server.<br>
Its port is freed at once<sup>1</sup>.
"""
LIMITS = "What limitations apply to the source lines reported by warnings?"
LINKIFY = "What does the linkify extension require to be installed?"
STOP = "How do I stop the preview server?"


@dataclass
class Served:
    url: str


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    files = {"configuration.md": CONFIGURATION, "optional.md": OPTIONAL, "live-preview.md": KEYS,
             "scripts.md": SCRIPTS}
    with corpus_server(tmp_path_factory.mktemp("built"), files, {"CITELINE_API_TOKEN": TOKEN}) as url:
        yield Served(url)


def _ask(served: Served, question: str) -> dict:
    r = httpx.post(served.url + "/api/ask", json={"question": question},
                   headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def _complete(served: Served, question: str, stream: bool = False) -> str:
    body = {"model": "citeline", "messages": [{"role": "user", "content": question}], "stream": stream}
    r = httpx.post(served.url + "/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {TOKEN}"},
                   timeout=120)
    assert r.status_code == 200, r.text
    if not stream:
        return r.json()["choices"][0]["message"]["content"]
    events = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")]
    return "".join(e["choices"][0]["delta"].get("content") or "" for e in events if e["choices"])


def test_an_admonitions_text_is_prose_under_its_label(served):
    limits = _ask(served, LIMITS)
    assert limits["sources"][0]["path"] == "configuration.md", limits
    first = limits["sentences"][0]["text"]
    # A sentence of the box, under its label, its link as its text; before, the whole box was one code block.
    assert first.startswith("Note: Two known limitations apply to the source lines reported by warnings"), first
    assert ":::" not in limits["answer"] and "](" not in limits["answer"], limits["answer"]
    linkify = _ask(served, LINKIFY)
    assert "Important: This extension requires that linkify-it-py is installed." in linkify["answer"], linkify
    assert "```" not in linkify["answer"] and "{important}" not in linkify["answer"]
    # A box closed at once (```{versionadded} 5.1.0```) labels nothing after it: that paragraph is the page's.
    answer = _ask(served, "What does adding gfm_autolink to myst_enable_extensions enable?")
    assert answer["sources"][0]["path"] == "optional.md", answer
    assert "Adding `\"gfm_autolink\"` to `myst_enable_extensions` will enable" in answer["answer"], answer["answer"]
    assert "Added in version" not in answer["answer"]


def test_inline_html_shows_its_text_on_every_face(served):
    from gradio_client import Client

    answer = _ask(served, STOP)
    assert "press Ctrl+C in its terminal to stop the preview server." in answer["answer"], answer["answer"]
    assert "<kbd>" not in answer["answer"] and "<br>" not in answer["answer"]
    assert "<kbd>" not in _complete(served, STOP)
    client = Client(served.url + "/", headers={"Authorization": f"Bearer {TOKEN}"}, verbose=False)
    chat, _, _ = client.predict(STOP, "none", api_name="/chat")
    html = chat[-1]["content"][0]["text"]
    body = html.split('<details class="sources">')[0]  # the answer, not the passages under it
    assert "press Ctrl+C in its terminal" in body and "kbd" not in body, html


def _linked(content: str) -> list[str]:
    """The [n] a client linking markers by pattern finds outside the content's code blocks."""
    outside = re.sub(r"^(`{3,})[^\n]*\n.*?^\1\s*$", "", content, flags=re.DOTALL | re.MULTILINE)
    return re.findall(r"\[(\d+)\]", outside)


@pytest.mark.parametrize("stream", [False, True])
def test_the_openai_content_sets_quoted_code_as_a_code_block(served, stream):
    api = _ask(served, ARGUMENT)
    assert api["sources"][0]["path"] == "scripts.md", api
    content = _complete(served, ARGUMENT, stream)
    assert '```\nimport sys\n\nname = sys.argv[1]\nfirst = name.split(",", 1)[0]\nprint(first)\n```' in content, content
    assert content.startswith("To read the first argument a script was given, take it from `sys.argv`:\n\n```")
    # Only Citeline's markers are outside code: as many as the answer's sentences cite.
    assert len(_linked(content)) == sum(len(s["citations"]) for s in api["sentences"]), content
    code = next(s for s in api["sentences"] if "sys.argv[1]" in s["text"])
    assert code["text"][code["code_at"]:].startswith("import sys"), code

"""What a new user's docs hold in a quoted answer, shown as their page shows it on every face of a real
server: the HTTP API (the text the OpenAI endpoint and the CLI send too), the chat's HTML through
Gradio's API, and the embed on another site in Chromium.

- A line of code quoted with its lead-in keeps its own brackets (`name.split(",", 1)[0]` was shown
  "[ref 0]": Click's "Example usage:" and `click.edit` code), and the chat and the embed link only
  Citeline's markers (a quoted `sys.argv[1]` was a link to source 1).
- A page written for Sphinx with MyST (pallets/click's docs) shows its roles as the built page does:
  "the {func}`confirm` function" as "the `confirm` function", "{ref}`options <options>`" as "options";
  a ```{code-block}``` shows its code without the directive's `:caption:` option lines.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.ui.conftest import corpus_server, site_origin, static_site

TOKEN = "quoted-markup-token"
SCRIPTS = '''# Command line scripts

## Reading arguments

A script reads the words it was started with from a list. To read the first argument a script was given,
take it from `sys.argv`:

```python
import sys

name = sys.argv[1]
first = name.split(",", 1)[0]
print(first)
```
'''
PROMPTS = '''# User input prompts

## Confirmation prompts

To ask if a user wants to continue with an action, the {func}`confirm` function comes in handy.

## Parameters

Arguments work similarly to {ref}`options <options>` but are positional, and {meth}`~Context.invoke`
calls another command.

## Testing prompts

The test runner can feed a prompt the answer a user would type:

```{code-block} python
:caption: prompt.py
:emphasize-lines: 4

import click

@click.command()
@click.option("--foo", prompt=True)
def prompt(foo):
    click.echo(f"foo={foo}")
```
'''
ARGUMENT = "How do I read the first argument a script was given?"
# A generated or minified line: one "word" of thousands of characters.
LONG_WORD = "wavewave" * 100
WAVES = f"""# Waves

## Wave tokens

The wave token is {LONG_WORD} and it is set with the wave command.
"""
WAVE = "What is the wave token set with?"
CONFIRM = "How do I ask if a user wants to continue with an action?"
FEED = "How can the test runner feed a prompt the answer a user would type?"


@dataclass
class Served:
    url: str
    site: str


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("quoted")
    site_dir = root / "site"
    site_dir.mkdir()
    site = static_site(site_dir)
    origin = site_origin(site)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    files = {"scripts.md": SCRIPTS, "prompts.md": PROMPTS, "waves.md": WAVES}
    try:
        with corpus_server(root, files, {"CITELINE_API_TOKEN": TOKEN,
                                         "CITELINE_ALLOWED_ORIGINS": json.dumps([origin])}) as url:
            (site_dir / "index.html").write_text(
                '<!doctype html><html lang="en"><head><title>A CLI handbook</title></head><body><main>'
                f'<h1>Handbook</h1></main><script src="{url}/embed.js" data-token="{TOKEN}" async></script>'
                '</body></html>', encoding="utf-8")
            yield Served(url, origin)
    finally:
        site.shutdown()
        site.server_close()


def _ask(served: Served, question: str) -> dict:
    r = httpx.post(served.url + "/api/ask", json={"question": question},
                   headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def _markers(body: dict) -> int:
    return sum(len(s["citations"]) for s in body["sentences"])


def test_the_api_shows_quoted_code_and_myst_roles_as_the_page_does(served):
    code = _ask(served, ARGUMENT)
    assert code["sources"][0]["path"] == "scripts.md", code
    assert 'name = sys.argv[1]\nfirst = name.split(",", 1)[0]' in code["answer"], code["answer"]
    assert "[ref" not in code["answer"]
    roles = _ask(served, CONFIRM)
    assert "the `confirm` function comes in handy" in roles["answer"], roles["answer"]
    assert "{func}" not in roles["answer"]
    options = _ask(served, FEED)  # a MyST code-block's options configure it: no line of its code
    assert "import click\n\n@click.command()" in options["answer"], options["answer"]
    assert ":caption:" not in options["answer"] and ":emphasize-lines:" not in options["answer"]


def test_the_chat_links_only_citelines_markers(served):
    from gradio_client import Client

    client = Client(served.url + "/", headers={"Authorization": f"Bearer {TOKEN}"}, verbose=False)
    chat, _, turn = client.predict(ARGUMENT, "none", api_name="/chat")
    turn = json.loads(turn)
    html = chat[-1]["content"][0]["text"]
    assert html.count('<a class="cite"') == _markers(turn) >= 1, html
    assert "sys.argv[1]" in html and "split(&quot;,&quot;, 1)[0]" in html, html
    chat, _, _ = client.predict(CONFIRM, "none", api_name="/chat")
    # The role read as the code span the page shows (ans20: the chat sets the answer's `confirm` as code).
    assert "the <code>confirm</code> function" in chat[-1]["content"][0]["text"]


def test_the_embed_on_another_site_links_only_citelines_markers(served, page):
    page.goto(served.site + "/index.html")
    page.click("#citeline-button")
    frame = page.frame_locator("iframe")
    frame.locator("#question").fill(ARGUMENT)
    frame.locator("#question").press("Enter")
    answer = frame.locator(".msg.bot:not(.pending)").first
    answer.wait_for(timeout=120_000)
    assert answer.locator("a.cite").count() == _markers(_ask(served, ARGUMENT)) >= 1
    assert 'name = sys.argv[1]\nfirst = name.split(",", 1)[0]' in answer.inner_text()
    answer.locator("a.cite").first.click()
    assert "sys.argv[1]" in frame.locator("#panel mark").inner_text()


def _wide(page) -> list:
    """The page's (or the frame's) width and how far it scrolls sideways."""
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def test_a_line_of_one_long_word_wraps_in_every_face(served, page):
    """Shown as text, a line without spaces stays inside the page: the document view scrolled 110,000
    pixels sideways for a line of 12,000 (its title and the highlighted spot out of sight)."""
    wave = _ask(served, WAVE)
    source = wave["sources"][0]
    assert source["path"] == "waves.md" and LONG_WORD in source["passage"], wave
    page.goto(f"{served.url}/view/{source['doc_id']}?start={source['start']}&end={source['end']}&token={TOKEN}#hl")
    page.wait_for_load_state("load")
    width, shown = _wide(page)
    assert width <= shown, (width, shown)
    page.goto(f"{served.url}/embed#token={TOKEN}")
    page.fill("#question", WAVE)
    page.press("#question", "Enter")
    page.locator(".msg.bot:not(.pending) a.cite").first.click()
    page.locator("#panel mark").wait_for()
    width, shown = _wide(page)
    assert width <= shown, (width, shown)
    panel = page.evaluate("[document.getElementById('panel').scrollWidth, document.getElementById('panel').clientWidth]")
    assert panel[0] <= panel[1], panel
    page.goto(f"{served.url}/?token={TOKEN}")
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    page.locator("#question textarea").fill(WAVE)
    page.locator("#question textarea").press("Enter")
    page.locator("#chatbot a.cite").first.click()
    page.locator("#source-panel mark").wait_for()
    for box in ("#chatbot .text", "#source-panel .passage"):
        wide = page.evaluate(f"[...document.querySelectorAll('{box}')].map(e => [e.scrollWidth, e.clientWidth])")
        assert wide and all(w <= c for w, c in wide), (box, wide)

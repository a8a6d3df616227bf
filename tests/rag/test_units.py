"""Answer units cut from passage text, each with its exact span."""

import re

import pytest

from rag.shown_passage import shown_passage
from rag.units import (answer_units, clean, ends_open, ends_with_lead_in, heading_text, holds_fence, open_glossary, segment,
                       shown_cut)
from tests.rag.conftest import PIP_DEFAULT_PATHS

# Trimmed from FastAPI's docs (MIT licence, docs/en/docs/tutorial/request-files.md).
UPLOAD = """## File Parameters with `UploadFile` { #file-parameters-with-uploadfile }

Define a file parameter with a type of `UploadFile`:

{* ../../docs_src/request_files/tutorial001_an_py310.py hl[14] *}

Using `UploadFile` has several advantages over `bytes`:

* You don't have to use `File()` in the default value of the parameter.
* It uses a "spooled" file:
    * A file stored in memory up to a maximum size limit, and after passing this limit it will be stored on disk.
* You can get metadata from the uploaded file.

### `UploadFile` { #uploadfile }

To receive uploaded files, first install `python-multipart`:

```console
$ pip install python-multipart
```

| Parameter | Default | Meaning |
|-----------|---------|---------|
| `max_size` | 1024 | Bytes kept in memory |
"""


def _by_kind(units, kind):
    return [u for u in units if u.kind == kind]


def test_every_unit_is_its_exact_span():
    offset = 1000
    document = "x" * offset + UPLOAD
    units = answer_units(UPLOAD, offset)
    assert units
    for u in units:
        assert document[u.start:u.end] == u.text


def test_lead_in_takes_its_list():
    units = answer_units(UPLOAD)
    [lead] = [u for u in _by_kind(units, "lead_in") if "advantages" in u.text]
    assert lead.text.startswith("Using `UploadFile` has several advantages over `bytes`:")
    assert lead.text.endswith("You can get metadata from the uploaded file.")
    assert "- You don't have to use `File()`" in lead.display
    # The nested item runs on in its parent; no Markdown markers are shown.
    assert "* " not in lead.display
    # The bare lead-in is still a sentence unit (scoring decides), but the include directive is none.
    assert any(u.kind == "sentence" and u.text.endswith("over `bytes`:") and u.introduces for u in units)
    # A lead-in whose content is an include directive introduces nothing that is shown: it stands.
    assert any(u.text == "Define a file parameter with a type of `UploadFile`:" and not u.introduces for u in units)
    assert not any("{*" in u.text for u in units)


def test_lead_in_takes_its_code_block():
    units = answer_units(UPLOAD)
    [lead] = [u for u in _by_kind(units, "lead_in") if "python-multipart" in u.text]
    assert "$ pip install python-multipart" in lead.display and "```" not in lead.display
    [code] = _by_kind(units, "code")
    assert code.text == "$ pip install python-multipart"


def test_lead_in_ending_the_passage_continues_into_the_document():
    passage = UPLOAD[: UPLOAD.index("* You don't")]
    assert ends_with_lead_in(passage)
    units = answer_units(passage, 0, following=UPLOAD[len(passage):])
    [lead] = [u for u in _by_kind(units, "lead_in") if "advantages" in u.text]
    assert lead.end > len(passage) and UPLOAD[lead.start:lead.end] == lead.text
    assert "metadata" in lead.display
    # Without the document's next lines it stays a bare sentence.
    assert not any("advantages" in u.text for u in _by_kind(answer_units(passage), "lead_in"))


# FastAPI's CLI page (docs/en/docs/fastapi-cli.md, MIT): the lead-in, a framing line, then a console block of
# coloured output far longer than the document text read past a passage.
FASTAPI_CLI = """# FastAPI CLI

**FastAPI CLI** is a command line program that you can use to serve your FastAPI app, manage your FastAPI project, and more.

To run your FastAPI app for development, you can use the `fastapi dev` command:

<div class="termy">

```console
$ <font color="#4E9A06">fastapi</font> dev

""" + "".join(f"  <span>INFO</span>  Importing the FastAPI app object, step {n}\n\n" for n in range(60)) + """```

</div>
"""


def test_a_lead_in_whose_code_runs_past_the_text_read_is_bare():
    # FastAPI's "What is the difference between fastapi dev and fastapi run?": the lead-in, cut from its block,
    # led the answer as a sentence that stands ("... you can use the `fastapi dev` command: [1]").
    passage = FASTAPI_CLI[: FASTAPI_CLI.index("```console")]
    following = FASTAPI_CLI[len(passage) : len(passage) + 1500]
    units = answer_units(passage, 0, following=following)
    [lead] = [u for u in units if u.text.startswith("To run your FastAPI app")]
    assert lead.kind == "sentence" and lead.introduces
    # With the whole block in reach it takes its code.
    whole = [u for u in answer_units(FASTAPI_CLI) if u.text.startswith("To run your FastAPI app")]
    assert any(u.kind == "lead_in" for u in whole)


def test_headings_are_units_without_anchors():
    units = answer_units(UPLOAD)
    headings = _by_kind(units, "heading")
    assert [h.display for h in headings] == ["File Parameters with `UploadFile`", "`UploadFile`"]
    assert all("{ #" not in u.display for u in units)
    # hatch's changelog (try22): closing `#`s with a `{: #id }` after them.
    assert heading_text("## 1.26.0 - 2024-11-10 ## {: #hatchling-v1.26.0 }") == "1.26.0 - 2024-11-10"
    lead = next(u for u in units if u.kind == "lead_in")
    assert lead.heading == "File Parameters with `UploadFile`"


def test_table_row_shown_with_its_header():
    [row] = _by_kind(answer_units(UPLOAD), "table_row")
    assert row.text == "| `max_size` | 1024 | Bytes kept in memory |"
    assert row.display == "Parameter: `max_size`; Default: 1024; Meaning: Bytes kept in memory"


def test_list_items_and_short_paragraphs():
    text = "Intro line one. Intro line two.\n\n1. Each variable forms a column.\n2. Each observation forms a row.\n"
    units = answer_units(text)
    assert [u.text for u in _by_kind(units, "list_item")] == [
        "1. Each variable forms a column.", "2. Each observation forms a row."]
    assert [u.text for u in _by_kind(units, "paragraph")] == ["Intro line one. Intro line two."]
    [whole] = _by_kind(units, "list")
    # A numbered list keeps its numbers: its order is part of what it says (list21).
    assert whole.display == "1. Each variable forms a column.\n2. Each observation forms a row."


def test_plain_text_without_markdown_is_sentences():
    text = "GFS uses large chunks.\nWe have chosen 64 MB, which is much larger than typical block sizes."
    units = answer_units(text)
    assert {u.kind for u in units} <= {"sentence", "paragraph"}
    assert any(u.text.startswith("We have chosen 64 MB") for u in units)
    assert [b.kind for b in segment(text)] == ["paragraph"]


def test_an_unclosed_code_fence_takes_no_headings_with_it():
    text = "Run it with:\n\n```console\n$ fastapi dev\n\n## Integrated middlewares { #integrated-middlewares }\n\nMore text here.\n"
    units = answer_units(text)
    assert not any(u.kind in ("code", "lead_in") for u in units)
    assert not any("{ #" in u.display for u in units)
    assert [u.display for u in units if u.kind == "heading"] == ["Integrated middlewares"]


# Trimmed from FastAPI's docs (MIT licence): security/oauth2-jwt.md and deployment/docker.md.
JWT_AND_DOCKER = """When `authenticate_user` is called with a username that doesn't exist in the database, we still run `verify_password` against a dummy hash.

This ensures the endpoint takes roughly the same amount of time to respond whether the username is valid or not, preventing **timing attacks** that could be used to enumerate existing usernames.

To generate a secure random secret key use the command:

<div class="termy">

```console
$ openssl rand -hex 32

09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7
```

</div>

## Deploy the Container Image { #deploy-the-container-image }

After having a Container (Docker) Image there are several ways to deploy it.

For example:

* With Docker Compose in a single server
* With a Docker Swarm Mode cluster

```mermaid
graph LR
browser("Browser") --> proxy
```
"""


def test_a_statement_pairs_with_the_next_paragraphs_first_sentence():
    units = answer_units(JWT_AND_DOCKER)
    pairs = _by_kind(units, "pair")
    assert pairs[0].text.startswith("When `authenticate_user`") and pairs[0].text.endswith("existing usernames.")
    assert "\n\n" in pairs[0].text and "  " not in pairs[0].display
    # Nothing pairs across a heading, a code block or with a lead-in (it is a unit with its block).
    assert not any("To generate" in p.text or "For example:" in p.text or "Deploy the" in p.text for p in pairs)
    assert all(JWT_AND_DOCKER[u.start:u.end] == u.text for u in units)


# From HTTPX's docs (BSD-3 licence, docs/advanced/proxies.md): the reason goes on past the first
# sentence of the paragraph that gives it.
GOTCHA = """!!! tip "Gotcha"
    In most cases, the proxy URL for the `https://` key _should_ use the `http://` scheme (that's not a typo!).

    This is because HTTP proxying requires initiating a connection with the proxy server. While it's possible that your proxy supports doing it via HTTPS, most proxies only support doing it via HTTP.

    For more information, see [FORWARD vs TUNNEL](#forward-vs-tunnel).
"""


def test_a_statement_pairs_with_the_short_paragraph_after_it_whole():
    units = answer_units(GOTCHA)
    pair = next(u for u in _by_kind(units, "pair") if u.text.startswith("In most cases"))
    assert pair.text.endswith("most proxies only support doing it via HTTP.")
    assert GOTCHA[pair.start : pair.end] == pair.text


def test_a_pair_does_not_end_on_a_lead_in_whose_block_is_not_there():
    text = ("Proxies are set per client.\n\nThis keeps each client's routes apart. "
            "To route one host differently, set the following:")
    pairs = [u.text for u in _by_kind(answer_units(text), "pair") if u.text.startswith("Proxies")]
    assert pairs and not any(p.endswith("following:") for p in pairs), pairs


def test_a_lead_in_takes_a_console_block_inside_a_one_tag_html_line():
    lead = [u for u in _by_kind(answer_units(JWT_AND_DOCKER), "lead_in") if u.text.startswith("To generate")]
    assert len(lead) == 1 and "$ openssl rand -hex 32" in lead[0].display
    assert "<div" not in lead[0].display


def test_a_short_lead_in_is_shown_with_the_sentence_before_it():
    lead = [u for u in _by_kind(answer_units(JWT_AND_DOCKER), "lead_in") if "Docker Compose" in u.text]
    assert len(lead) == 1
    assert lead[0].display.startswith("After having a Container (Docker) Image there are several ways to deploy it. "
                                      "For example:\n- With Docker Compose")


def test_a_diagram_fence_is_no_code_unit():
    code = _by_kind(answer_units(JWT_AND_DOCKER), "code")
    assert [c.text.splitlines()[0] for c in code] == ["$ openssl rand -hex 32"]


# From HTTPX's docs (BSD-3 licence, docs/advanced/ssl.md and docs/quickstart.md).
SSL = """## Enabling and disabling verification

By default httpx will verify HTTPS connections, and raise an error for invalid SSL cases...

```pycon
>>> httpx.get("https://expired.badssl.com/")
httpx.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:997)
```

You can disable SSL verification completely and allow insecure requests...

```pycon
>>> httpx.get("https://expired.badssl.com/", verify=False)
<Response [200 OK]>
```

## Streaming Responses

For large downloads you may want to use streaming responses that do not load the entire response body into memory at once.

You can stream the binary content of the response...

```pycon
>>> with httpx.stream("GET", "https://www.example.com") as r:
...     for data in r.iter_bytes():
...         print(data)
```

```mermaid
graph LR
```
"""


def test_a_sentence_then_code_is_a_unit_and_the_sentence_still_one():
    offset = 500
    document = "x" * offset + SSL
    units = answer_units(SSL, offset)
    [insecure] = [u for u in _by_kind(units, "introduced_code") if "verify=False" in u.text]
    assert document[insecure.start:insecure.end] == insecure.text
    assert insecure.display == ('You can disable SSL verification completely and allow insecure requests...\n'
                                '>>> httpx.get("https://expired.badssl.com/", verify=False)\n<Response [200 OK]>')
    # The sentence alone stays a unit, not marked as a bare lead-in: it answers what-is and why.
    [alone] = [u for u in _by_kind(units, "sentence") if u.text.startswith("You can disable")]
    assert not alone.introduces
    # Not across a heading: the last sentence of a section announces nothing in the next one.
    assert not any("For large downloads" in u.text and "verify=False" in u.text for u in units)


def test_the_statement_before_the_announcement_comes_with_it():
    units = _by_kind(answer_units(SSL), "introduced_code")
    streaming = [u for u in units if "iter_bytes" in u.text]
    # The announcement with its code, and the statement of what it is for before it.
    assert [u.display.split("\n")[0] for u in streaming] == [
        "You can stream the binary content of the response...",
        "For large downloads you may want to use streaming responses that do not load the entire response body "
        "into memory at once. You can stream the binary content of the response...",
    ]
    # A diagram is no code to show.
    assert not any("mermaid" in u.text or "graph LR" in u.text for u in units)


def test_a_long_code_block_is_cut_after_a_whole_line_within_the_budget():
    body = "\n".join(f"client.get('https://www.example.com/page/{n}')" for n in range(40))
    text = f"You can send many requests with one client.\n\n```python\n{body}\n```\n"
    [unit] = _by_kind(answer_units(text), "introduced_code")
    assert text[unit.start:unit.end] == unit.text and unit.text.endswith("')")
    assert len(unit.text) <= 600 and len(unit.display) <= 600
    assert "```" not in unit.display and unit.display.count("client.get") > 5


def test_an_announcement_ending_the_passage_takes_its_code_from_the_document():
    passage = SSL[: SSL.index("```pycon\n>>> httpx.get(\"https://expired.badssl.com/\", verify")]
    assert [b for b in segment(passage) if b.kind != "marker"][-1].kind == "paragraph" and not ends_with_lead_in(passage)
    units = answer_units(passage, 0, following=SSL[len(passage):])
    [insecure] = [u for u in _by_kind(units, "introduced_code") if "verify=False" in u.text]
    assert insecure.end > len(passage) and SSL[insecure.start:insecure.end] == insecure.text
    assert not any("verify=False" in u.text for u in answer_units(passage))


def test_no_code_unit_from_an_unclosed_fence_or_a_line_past_the_budget():
    unclosed = "You can install it with pip.\n\n```shell\n$ pip install httpx\n\n## Next section\n\nMore prose.\n"
    assert not _by_kind(answer_units(unclosed), "introduced_code")
    minified = "You can load the bundled script.\n\n```js\n" + "var a=1;" * 100 + "\n```\n"
    assert not _by_kind(answer_units(minified), "introduced_code")
    # The sentence stays a unit in both.
    assert any(u.kind == "sentence" and u.text == "You can load the bundled script." for u in answer_units(minified))


# Trimmed from Poetry's docs (MIT licence, docs/dependency-specification.md): Hugo tabs between a
# lead-in and its code.
GIT = """## `git` dependencies

To depend on a library located in a `git` repository,
the minimum information you need to specify is the location of the repository:

{{< tabs tabTotal="2" tabID1="git-project" tabID2="git-poetry" tabName1="[project]" tabName2="[tool.poetry]">}}

{{< tab tabID="git-project" >}}
```toml
[project]
# ...
dependencies = [
    "requests @ git+https://github.com/requests/requests.git",
]
```
{{< /tab >}}
{{< /tabs >}}

You can explicitly specify which branch, commit hash or tagged ref should be used:

{{< tabs tabTotal="2" tabID1="git-rev-project" tabID2="git-rev-poetry" tabName1="[project]" tabName2="[tool.poetry]">}}

{{< tab tabID="git-rev-project" >}}
Append the information to the git url.

```toml
[project]
# ...
dependencies = [
    "numpy @ git+https://github.com/numpy/numpy.git@v0.13.2",
]
```
{{< /tab >}}
{{< /tabs >}}
"""


def test_shortcode_lines_frame_and_the_lead_in_takes_the_code_past_them():
    units = answer_units(GIT)
    assert not any("{{<" in u.display for u in units)
    [lead] = [u for u in _by_kind(units, "lead_in") if "location of the repository" in u.text]
    assert GIT[lead.start:lead.end] == lead.text
    assert lead.display.startswith("To depend on a library located in a `git` repository, the minimum")
    assert lead.display.endswith('"requests @ git+https://github.com/requests/requests.git",\n]')
    assert any(u.kind == "sentence" and u.text.endswith("location of the repository:") and u.introduces for u in units)


def test_a_short_line_between_a_lead_in_and_its_code_comes_with_both():
    [lead] = [u for u in _by_kind(answer_units(GIT), "lead_in") if "tagged ref" in u.text]
    assert lead.display.split("\n")[:2] == [
        "You can explicitly specify which branch, commit hash or tagged ref should be used:",
        "Append the information to the git url.",
    ]
    assert "@v0.13.2" in lead.display and GIT[lead.start:lead.end] == lead.text


# Trimmed from Poetry's docs (MIT licence, docs/configuration.md and docs/repositories.md).
PRECEDENCE = """When a setting is set in multiple places, Poetry applies the following precedence
(from highest to lowest):

1. Environment variables (for example, `POETRY_VIRTUALENVS_CREATE`)
2. The local `poetry.toml` file (created with `poetry config --local`)
3. The global `config.toml` file
4. The setting's default value
"""

CREDENTIALS = """If you still want to use your username and password, you can do so with the following
call to `config`.

```bash
poetry config http-basic.pypi <username> <password>
```
"""


def test_a_lead_in_wrapped_over_two_lines_takes_its_numbered_list_whole():
    units = answer_units(PRECEDENCE)
    [lead] = _by_kind(units, "lead_in")
    assert lead.start == 0 and lead.display.startswith(
        "When a setting is set in multiple places, Poetry applies the following precedence (from highest to lowest):\n"
        "1. Environment variables")
    assert lead.display.endswith("4. The setting's default value")
    # Both sentences of the wrapped lead-in are bare lead-ins to scoring.
    assert all(u.introduces for u in _by_kind(units, "sentence"))


def test_a_sentence_naming_the_following_call_introduces_its_code():
    units = answer_units(CREDENTIALS)
    [lead] = _by_kind(units, "lead_in")
    assert lead.display.endswith("call to `config`.\npoetry config http-basic.pypi <username> <password>")
    assert [u.introduces for u in _by_kind(units, "sentence")] == [True]


# Trimmed from Poetry's docs (MIT licence, docs/dependency-specification.md).
CARET = """Here are some more examples of caret requirements and the versions that would be allowed with them:

| Requirement | Versions allowed |
| ----------- | ---------------- |
| ^1.2.3      | >=1.2.3 <2.0.0   |
| ^1.2        | >=1.2.0 <2.0.0   |

### Tilde requirements
"""


def test_a_passage_ending_in_a_tables_header_takes_the_rows_from_the_document():
    passage = CARET[: CARET.index("| ----")]
    assert ends_open(passage) and not ends_open("## Heading\n\nText.\n\n### Tilde requirements\n")
    units = answer_units(passage, 0, following=CARET[len(passage):])
    [lead] = _by_kind(units, "lead_in")
    assert lead.display.endswith("Requirement | Versions allowed\n^1.2.3 | >=1.2.3 <2.0.0\n^1.2 | >=1.2.0 <2.0.0")
    rows = [u.display for u in _by_kind(units, "table_row")]
    assert rows == ["Requirement: ^1.2.3; Versions allowed: >=1.2.3 <2.0.0",
                    "Requirement: ^1.2; Versions allowed: >=1.2.0 <2.0.0"]
    assert all(CARET[u.start:u.end] == u.text for u in units)
    # Without the document's text the header stands as a row of its own: what the fix is for.
    assert [u.display for u in _by_kind(answer_units(passage), "table_row")] == ["Requirement | Versions allowed"]


def test_a_lead_in_to_a_long_code_block_shows_its_first_lines():
    body = "\n".join(f'package-{n} = "^1.{n}"' for n in range(80))
    text = f"The dependencies section looks like this:\n\n```toml\n[tool.poetry.dependencies]\n{body}\n```\n"
    [lead] = _by_kind(answer_units(text), "lead_in")
    assert text[lead.start:lead.end] == lead.text and len(lead.display) <= 600
    assert lead.display.startswith("The dependencies section looks like this:\n[tool.poetry.dependencies]\npackage-0")


def test_a_lead_in_whose_block_is_not_there_is_a_bare_lead_in():
    # The list cut away: the lead-in is followed by the next section's heading.
    text = PRECEDENCE[: PRECEDENCE.index("\n\n1.")] + "\n\n## Listing the current configuration\n\nMore prose.\n"
    units = answer_units(text)
    assert not _by_kind(units, "lead_in")
    [lead] = [u for u in _by_kind(units, "sentence") if u.text.endswith("(from highest to lowest):")]
    assert lead.introduces
    # Prose ending in '.' before a heading introduces nothing.
    assert not any(u.introduces for u in answer_units("Poetry reads its settings.\n\n## Next\n\nMore prose.\n"))


# From HTTPX's docs (BSD-3 licence, docs/contributing.md and docs/index.md), wrapped as written.
CONTRIBUTING = """## Development proxy setup

To test and debug requests via a proxy it's best to run a proxy server locally.
Any server should do but HTTPCore's test suite uses
[`mitmproxy`](https://mitmproxy.org/) which is written in Python, it's fully
featured and has excellent UI and tools for introspection of requests.

If something goes wrong with the PyPI job the release can be published using the
`scripts/publish` script.

HTTPX requires Python 3.9+

[sync-support]: https://github.com/encode/httpx/issues/572
"""


def test_a_line_wrapped_before_a_link_or_code_span_goes_on_with_its_sentence():
    offset = 300
    document = "x" * offset + CONTRIBUTING
    sentences = {u.display for u in _by_kind(answer_units(CONTRIBUTING, offset), "sentence")}
    assert ("Any server should do but HTTPCore's test suite uses `mitmproxy` which is written in Python, it's fully "
            "featured and has excellent UI and tools for introspection of requests.") in sentences
    assert ("If something goes wrong with the PyPI job the release can be published using the `scripts/publish` "
            "script.") in sentences
    assert "Any server should do but HTTPCore's test suite uses" not in sentences
    # A finished sentence is not run on into the next line's markup, and every span stays exact.
    assert "To test and debug requests via a proxy it's best to run a proxy server locally." in sentences
    assert all(document[u.start:u.end] == u.text for u in answer_units(CONTRIBUTING, offset))


def test_a_link_reference_definition_is_no_prose():
    units = answer_units(CONTRIBUTING)
    assert any(u.display == "HTTPX requires Python 3.9+" for u in _by_kind(units, "sentence"))
    assert not any("sync-support" in u.text for u in units)


# From HTTPX's docs (BSD-3 licence, docs/third_party_packages.md).
PACKAGES = """## Plugins

### Hishel

[GitHub](https://github.com/karpetrosyan/hishel) - [Documentation](https://hishel.com/)

An elegant HTTP Cache implementation for HTTPX and HTTP Core.

### httpx-retries

A retry layer for HTTPX.

### Authlib

Authlib is a library to build OAuth and OpenID Connect servers and clients.
"""


def test_a_name_as_a_heading_and_its_description_are_an_entry():
    offset = 40
    document = "x" * offset + PACKAGES
    entries = _by_kind(answer_units(PACKAGES, offset), "entry")
    assert [u.display for u in entries] == [
        "Hishel: An elegant HTTP Cache implementation for HTTPX and HTTP Core.",
        "httpx-retries: A retry layer for HTTPX.",
    ]  # "Authlib is ..." names itself: its sentence is the definition already.
    assert all(document[u.start:u.end] == u.text for u in entries)
    # The links between the name and its description are no sentence of their own.
    assert not any(u.display == "GitHub - Documentation" for u in answer_units(PACKAGES))


# From HTTPX's docs (BSD-3 licence, docs/advanced/transports.md).
ASGI = '''### Example

Let's take this Starlette application as an example:

```python
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route


async def hello(request):
    return HTMLResponse("Hello World!")


app = Starlette(routes=[Route("/", hello)])
```

We can make requests directly against the application, like so:

```python
transport = httpx.ASGITransport(app=app)

async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
    r = await client.get("/")
    assert r.status_code == 200
```

### Customization

```python
transport = httpx.ASGITransport(app=app, root_path="/submount")
```
'''


def test_code_defining_what_the_next_code_block_uses_is_its_setup():
    units = answer_units(ASGI)
    setup = [u for u in units if u.sets_up]
    assert {u.kind for u in setup} == {"lead_in", "code"}
    assert all("app = Starlette" in u.text for u in setup)
    # The step itself is no setup, and a block in the next section is another example, not a use.
    assert not any(u.sets_up for u in units if "ASGITransport" in u.text)
    assert not any(u.sets_up for u in answer_units(ASGI.split("We can make")[0]))


def test_a_documents_front_matter_is_no_answer_unit():
    # The head of Poetry's docs/managing-environments.md (MIT licence; bench/data/docsqa/poetry).
    text = ('---\ntitle: "Managing environments"\ndraft: false\ntype: docs\nlayout: "docs"\n\nmenu:\n  docs:\n'
            '    weight: 60\n---\n\n# Managing environments\n\nPoetry makes project environment isolation one of '
            'its core features.\n')
    shown = [u.display for u in answer_units(text)]
    assert "Poetry makes project environment isolation one of its core features." in shown
    assert not any("draft" in s or "weight" in s for s in shown), shown
    # Further into the document the same lines are text like any other (a rule, then a line).
    assert any("draft: false" in u.display for u in answer_units(text, offset=500))


# After Poetry's docs (MIT licence, docs/repositories.md, docs/plugins.md).
NOTED = """#### Supplemental Package Sources

*Introduced in 1.5.0*

Package sources configured as supplemental are only searched if no other (higher-priority) source yields a compatible package distribution.
"""


def test_a_note_under_a_name_is_an_entry_and_the_paragraph_after_it_one_too():
    entries = _by_kind(answer_units(NOTED), "entry")
    assert [u.display for u in entries] == [
        "Supplemental Package Sources: Introduced in 1.5.0",
        "Supplemental Package Sources: Package sources configured as supplemental are only searched if no other "
        "(higher-priority) source yields a compatible package distribution.",
    ]
    assert all(NOTED[u.start:u.end] == u.text for u in entries)


EVENTS = """### Event handler

Plugins can also listen to specific events and act on them if necessary.

These events are fired by [Cleo](https://github.com/python-poetry/cleo)
and are accessible from the `cleo.events.console_events` module.

- `COMMAND`: this event allows attaching listeners before any command is executed.
- `SIGNAL`: this event allows some actions to be performed after the command execution is interrupted.
- `TERMINATE`: this event allows listeners to be attached after the command.

Let's see how to implement an application event handler.
"""


def test_a_sentence_ending_in_a_period_comes_with_the_list_right_after_it():
    announced = _by_kind(answer_units(EVENTS), "announced_list")
    shown = [u.display for u in announced]
    assert shown[0].startswith("These events are fired by Cleo and are accessible from the "
                               "`cleo.events.console_events` module.\n- `COMMAND`: this event")
    # With the statement before it, which says what the events are for.
    assert shown[1].startswith("Plugins can also listen to specific events and act on them if necessary. These events")
    assert all(u.display.endswith("allows listeners to be attached after the command.") for u in announced)
    assert all(EVENTS[u.start:u.end] == u.text for u in announced)
    # The sentence stays a unit of its own, not a bare lead-in.
    alone = [u for u in answer_units(EVENTS) if u.kind == "sentence" and u.display.startswith("These events")]
    assert alone and not alone[0].introduces
    # A heading between them: the list is not the sentence's.
    assert not _by_kind(answer_units(EVENTS.replace("\n\n- `COMMAND`", "\n\n### Events\n\n- `COMMAND`")), "announced_list")


def test_a_code_block_the_passage_end_cuts_is_code_not_prose():
    document = ("Let's see how to load environment variables.\n\n```python\nfrom cleo.events.console_events import COMMAND\n"
                "from dotenv import load_dotenv\n\n\nclass MyPlugin:\n    pass\n```\n\nThen register it.\n")
    cut = document.index("class MyPlugin")
    units = answer_units(document[:cut], 0, document[cut:])
    assert not [u for u in units if u.kind in ("sentence", "paragraph") and "import" in u.display]
    code = _by_kind(units, "code")
    assert code and code[0].display.startswith("from cleo.events.console_events import COMMAND")
    assert all(document[u.start:u.end] == u.text for u in units)


def test_a_bare_fence_the_passage_starts_after_may_close_a_block_and_opens_none():
    # The passage starts inside a code block: its first fence closes it, the prose after it is prose.
    passage = "logging.basicConfig(level=logging.DEBUG)\n```\n\nLogging output includes the `httpcore` logger.\n"
    following = "\n```python\nimport logging\n```\n"
    units = answer_units(passage, 100, following)
    assert not [u for u in units if u.kind == "code" and "Logging output" in u.display]
    assert [u for u in units if u.kind == "sentence" and u.display == "Logging output includes the `httpcore` logger."]


def test_a_statement_that_goes_on_to_its_code_or_list_is_marked_as_announcing_it():
    units = answer_units(SSL)
    [alone] = [u for u in _by_kind(units, "sentence") if u.text.startswith("You can disable")]
    assert alone.announces
    # Not the statement before a diagram, nor one followed by prose or ending its section.
    assert not any(u.announces for u in units if "For large downloads" in u.text and u.kind == "sentence")
    # From Poetry's docs (MIT licence, docs/cli.md): a paragraph ending in the announcing sentence.
    text = ("The `sync` command makes sure that the project's environment is in sync with the `poetry.lock` "
            "file. It is similar to `poetry install` but it additionally removes packages that are not tracked "
            "in the lock file.\n\n```bash\npoetry sync\n```\n")
    units = answer_units(text)
    assert [u.kind for u in units if u.announces] == ["sentence", "paragraph"]
    assert _by_kind(units, "introduced_code") and not any(u.announces for u in _by_kind(units, "introduced_code"))
    listed = answer_units("These events are fired by Cleo.\n\n- `COMMAND`\n- `TERMINATE`\n")
    assert [u.kind for u in listed if u.announces] == ["sentence"]


def test_paragraphs_numbered_under_one_label_are_a_list_the_statement_before_announces():
    # NIST SP 800-218's table: a task, then each example a paragraph of its own.
    text = ("PS.2.1: Make software integrity verification information available to software acquirers.\n\n"
            "Example 1: Post cryptographic hashes for release files on a well-secured website.\n\n"
            "Example 2: Use an established certificate authority for code signing.\n\n"
            "BSAFSS: SM.4, SM.5")
    units = answer_units(text)
    announced = [u for u in units if u.kind == "announced_list"]
    assert len(announced) == 1 and "Example 2: Use" in announced[0].display
    assert [u.display for u in units if u.kind == "list_item"] == [
        "Example 1: Post cryptographic hashes for release files on a well-secured website.",
        "Example 2: Use an established certificate authority for code signing."]
    assert all(u.text == text[u.start:u.end] for u in units)


def test_a_single_labelled_paragraph_or_figures_in_a_row_stay_paragraphs():
    text = "Example 1: a lone example of something.\n\nFigure 1: a chart.\n\nFigure 2: another chart."
    assert not [u for u in answer_units(text) if u.kind in ("list", "list_item")]


def test_a_numbered_section_title_in_capitals_is_a_heading_not_a_list_the_line_before_announces():
    # Tesseract's orientation paper as its PDF text reads: the keywords, then "1. INTRODUCTION".
    # Asked "How does Tesseract detect script and orientation?", the chat answered
    # "Script detection, Page orientation detection, Tesseract\n- INTRODUCTION".
    text = ("Keywords\n\nScript detection, Page orientation detection, Tesseract\n\n1. INTRODUCTION\n\n"
            "This paper focuses on the problem of estimating the script and dominant page orientation.\n\n"
            "5. EXPERIMENTS AND RESULTS\n\nThe test images were used in the end.\n")
    kinds = [b.kind for b in segment(text)]
    assert kinds == ["paragraph", "paragraph", "heading", "paragraph", "heading", "paragraph"]
    units = answer_units(text)
    assert not any("- INTRODUCTION" in u.display or "- EXPERIMENTS" in u.display for u in units)
    assert [u.display for u in units if u.kind == "heading"] == ["1. INTRODUCTION", "5. EXPERIMENTS AND RESULTS"]
    # A real one-item list, or an item in capitals with more after it, stays a list.
    assert [b.kind for b in segment("Steps:\n\n1. Run `make` first\n")] == ["paragraph", "list"]
    assert [b.kind for b in segment("Flags:\n\n1. NO_PROXY\n2. HTTP_PROXY\n")] == ["paragraph", "list"]


def test_unit_scoring_reads_a_fence_as_the_units_do():
    # rag/unit_scoring.py had a pattern of its own ("^\s*(```|~~~)", searched over the unit): a line
    # opening with a code span ("```x``` is inline") was a fence to it and none to the units.
    assert holds_fence("Install it:\n\n```bash\npip install kiln\n```")
    assert holds_fence("Then:\n\n    ~~~~\n    fire\n    ~~~~")
    assert not holds_fence("Write it as:\n```x``` is inline, `x` too.")


# Trimmed from Kubernetes' docs (CC BY 4.0, content/en/docs/concepts/workloads/pods/init-containers.md).
K8S = """<!-- overview -->
This page provides an overview of init containers: specialized containers that run
before app containers in a {{< glossary_tooltip text="Pod" term_id="pod" >}}.
Init containers can contain utilities or setup scripts not present in an app image.

* Init containers can run with a different view of the filesystem than app containers in the
  same Pod. Consequently, they can be given access to
  {{< glossary_tooltip text="Secrets" term_id="secret" >}} that app containers cannot access.
"""


def test_a_shortcode_that_shows_words_is_shown_as_them():
    displays = [u.display for u in answer_units(K8S)]
    assert any(d.endswith("specialized containers that run before app containers in a Pod.") for d in displays)
    assert any("they can be given access to Secrets that app containers cannot access." in d for d in displays)
    assert not any("glossary_tooltip" in d for d in displays)


# Trimmed from Hugo's docs (Apache License 2.0, content/en/content-management/archetypes.md of gohugoio/hugoDocs).
ARCHETYPE = """The `hugo new content` command creates a new file in the `content` directory, using an archetype as a template. This is the default archetype:

{{< code-toggle file=archetypes/default.md fm=true >}}
title = '{{ replace .File.ContentBaseName `-` ` ` | title }}'
date = '{{ .Date }}'
draft = true
{{< /code-toggle >}}

When you create new content, Hugo evaluates the [template actions](g) within the archetype.
"""


def test_a_hugo_code_shortcode_pair_holds_code_that_its_lead_in_shows():
    units = answer_units(ARCHETYPE)
    [code] = _by_kind(units, "code")
    assert code.display == "title = '{{ replace .File.ContentBaseName `-` ` ` | title }}'\ndate = '{{ .Date }}'\ndraft = true"
    [lead] = [u for u in _by_kind(units, "lead_in") if u.text.startswith("This is the default archetype:")]
    assert lead.display == "This is the default archetype:\n" + code.display
    assert ARCHETYPE[lead.start:lead.end] == lead.text


# Trimmed from Hugo's docs (Apache License 2.0, content/en/hugo-modules/use-modules.md of gohugoio/hugoDocs):
# a collapsed reference-style link, its definition at the end of the page.
HUGO_MODULES = """Use `hugo mod init` to initialize a new Hugo module. For example:

```sh
hugo mod init github.com/user/project
```

This will generate a [`go.mod`][] file in the project root.

[`go.mod`]: https://go.dev/ref/mod#go-mod-file
"""

# Trimmed from Poetry's docs (MIT licence, docs/contributing.md of python-poetry/poetry): full ones.
POETRY_CONTRIBUTING = """If you would like help with navigating the code base, are looking for something to work on, or want feedback on a design or change, join us on our [Discord server][Discord] or start a [Discussion][Discussions].
"""


def test_a_reference_style_link_is_shown_as_its_text():
    displays = [u.display for u in answer_units(HUGO_MODULES)]
    assert "This will generate a `go.mod` file in the project root." in displays
    assert not any("][" in d or "go.dev/ref" in d for d in displays)
    displays = [u.display for u in answer_units(POETRY_CONTRIBUTING)]
    assert any(d.endswith("join us on our Discord server or start a Discussion.") for d in displays)
    # Brackets after a word index, they link nothing.
    displays = [u.display for u in answer_units("Read the cell at row i and column j as matrix[i][j] in the loop.\n")]
    assert displays == ["Read the cell at row i and column j as matrix[i][j] in the loop."]


# Trimmed from Hugo's docs (Apache License 2.0, content/en/content-management/page-bundles.md) and from
# MkDocs' docs (BSD 2-Clause licence, docs/user-guide/configuration.md of mkdocs/mkdocs).
ENTITIES = """A _leaf bundle_ is a directory that contains an&nbsp;`index.md`&nbsp;file and zero or more resources. Analogous to a physical leaf, a leaf bundle is at the end of a branch.

When set to True the paragraph symbol (&para; or `&para;`) is used as the link text.
"""


def test_an_html_entity_in_prose_is_shown_as_its_character_and_in_code_as_written():
    displays = [u.display for u in answer_units(ENTITIES)]
    assert "A leaf bundle is a directory that contains an `index.md` file and zero or more resources." in displays
    assert "When set to True the paragraph symbol (¶ or `&para;`) is used as the link text." in displays
    assert not any("&nbsp;" in d for d in displays)


def test_a_word_after_an_ampersand_that_names_no_entity_is_kept_as_written():
    # html.unescape reads a legacy name at the start of any word: "&regex;" was shown "®ex;".
    assert clean("Flags &regex; &notify; &copyright; but &reg; and &#169;") == "Flags &regex; &notify; &copyright; but \u00ae and \u00a9"


# Trimmed from typescript-eslint's docs (MIT licence, docs/contributing/Pull_Requests.mdx).
MDX_COMMENT = """### type

Must be one of the following:

{/* Keep this synchronized with /.github/workflows/pr-title-validation.yml */}

- `docs` - if you only change documentation, and not shipped code
- `feat` - for any new functionality additions
- `fix` - for any bug fixes that don't add new functionality
"""


def test_an_mdx_comment_is_no_text_of_the_page():
    units = answer_units(MDX_COMMENT)
    assert not any("{/*" in u.display or "synchronized" in u.display for u in units)
    assert any(u.display.startswith("Must be one of the following:\n- `docs` - if you only change documentation")
               for u in units)


def test_mdx_comments_left_open_are_dropped_in_linear_time():
    import time

    from rag.units import clean
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    # 50,000 openings and no end: a lazy pattern read the rest of the text from each (about a minute).
    shown = clean("{/* gone */} " + "{/*a" * 50_000 + " kept")
    assert time.process_time() - began < 2
    assert shown.endswith("{/*a kept") and "gone" not in shown


def test_worded_shortcodes_left_open_are_shown_in_linear_time():
    import time

    from rag.units import clean
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    # 10,000 `text=` in one shortcode with no end: each had been tried against all the rest (12 s).
    assert clean("{{< a " + 'text="v" ' * 10_000).startswith("{{< a text=")
    assert time.process_time() - began < 2
    assert clean('See {{< glossary_tooltip term_id="pod" text="Pods" >}} run.') == "See Pods run."


def test_a_fence_longer_than_its_text_has_lines_closes_no_block_by_itself():
    # The closing line is looked up among those after the opening one, whatever the fence's length.
    assert [b.kind for b in segment("``````````\nText after.\n")] == ["marker", "paragraph"]


def test_a_passage_starting_inside_a_code_block_reads_from_past_its_closing_fence():
    # Ruff's docs (MIT licence; bench/data/docsqa/ruff, configuration.md): a chunk boundary falls inside
    # the `pyproject.toml` example. Its TOML comments ("# Enable auto-formatting of code examples ...")
    # are no headings and its settings no sentences: the passage's units start after the closing fence.
    from pathlib import Path

    from rag.units import open_fence

    doc = (Path(__file__).resolve().parents[2] / "bench/data/docsqa/ruff/corpus/configuration.md").read_text()
    at = doc.index("    # Enable auto-formatting of code examples in docstrings")
    end = doc.index("=== \"ruff.toml\"", at) + len("=== \"ruff.toml\"\n")
    opened = open_fence(doc[:at])
    assert opened == "```"
    units = answer_units(doc[at:end], at, "", opened)
    for u in units:
        assert doc[u.start : u.end] == u.text
    assert [u.display for u in units] == []  # the tab's label heads its code, here not in the passage
    # Outside any block, a passage is read as it always was.
    before = doc.index("If left unspecified")
    assert open_fence(doc[:before]) == ""
    assert answer_units(doc[before:end], before, "", "") == answer_units(doc[before:end], before)


# Made up in the shape of SQLModel's tutorial pages: tabs of fenced blocks whose code is in a file
# an include line names, between comments saying what is left out.
INCLUDED = """## Create the Tables

Now everything is ready to create the database and its tables:

//// tab | Python 3.10+

```Python hl_lines="16"
# Code above omitted 👆

{!./docs_src/tutorial/tables/tutorial001_py310.py[ln:20-25]!}

# Code below omitted 👇
```

////

//// tab | Python 3.8+

```Python
--8<-- "docs_src/tutorial/tables/tutorial001.py"
```

////

Calling `create_all()` creates every table registered in the metadata.

To check them, run:

```console
$ python app.py
// ...
CREATE TABLE hero (id INTEGER NOT NULL)
```
"""


def test_a_fenced_block_of_include_lines_is_no_code_and_its_lead_in_no_unit():
    units = answer_units(INCLUDED)
    assert not any("docs_src" in u.display or "omitted" in u.display for u in units)
    # "Now everything is ready to create the database and its tables:" with nothing after it in the
    # text (SQLModel's answers ended so): no unit, alone or closing a pair.
    assert not any("ready to create" in u.text for u in units)
    # One naming code says what to use ("instead of `.first()` we can use `.one()`:"): a unit, marked bare.
    named = answer_units(INCLUDED.replace("Now everything is ready", "Now `create_all()` is ready"))
    [lead] = [u for u in named if u.kind == "sentence" and "is ready to create" in u.text]
    assert lead.introduces
    # A block with a line of its own is code, whatever comments it holds.
    [run] = [u for u in _by_kind(units, "lead_in") if "To check them" in u.text]
    assert "CREATE TABLE hero" in run.display
    assert [u.text for u in _by_kind(units, "code")] == ["$ python app.py\n// ...\nCREATE TABLE hero (id INTEGER NOT NULL)"]


def test_a_passage_cut_inside_a_block_of_include_lines_makes_no_heading_of_its_comments():
    cut = INCLUDED.index("{!")
    units = answer_units(INCLUDED[:cut], following=INCLUDED[cut:])
    assert not _by_kind(units, "heading")[1:]
    assert not any("omitted" in u.display for u in units)


def test_a_links_attribute_list_is_no_word_of_its_display():
    # SQLModel's install page: "create a [virtual environment](virtual-environments.md){.internal-link
    # target=_blank}" was shown with its braces, in the answer to "How do I install SQLModel?".
    [lead] = [u for u in answer_units(
        "Create a [virtual environment](venv.md){.internal-link target=_blank}, activate it, and then install it, for example with:\n\n"
        "```console\n$ pip install sqlmodel\n```\n") if u.kind == "lead_in"]
    assert lead.display == "Create a virtual environment, activate it, and then install it, for example with:\n$ pip install sqlmodel"
    assert clean("[a](b.md) {kept} and [c](d.md){: .x}") == "a {kept} and c"


# Starlette's docs (testclient.md): a sentence announcing a block a little past the unit budget, whose
# last lines (the `websocket_connect` ones) are what answers "How do I test a WebSocket endpoint?".
WEBSOCKET = '''You can also test websocket sessions with the test client. The `httpx` library will be used to build the initial handshake, meaning you can use the same authentication options and other headers between both http and websocket testing.

```python
from starlette.testclient import TestClient
from starlette.websockets import WebSocket


async def app(scope, receive, send):
    assert scope['type'] == 'websocket'
    websocket = WebSocket(scope, receive=receive, send=send)
    await websocket.accept()
    await websocket.send_text('Hello, world!')
    await websocket.close()


def test_app():
    client = TestClient(app)
    with client.websocket_connect('/') as websocket:
        data = websocket.receive_text()
        assert data == 'Hello, world!'
```

The operations on session are standard function calls, not awaitables.
'''


def test_an_announced_block_within_twice_the_budget_is_taken_whole():
    units = [u for u in _by_kind(answer_units(WEBSOCKET), "introduced_code") if u.text.startswith("You can also")]
    [unit] = units
    assert WEBSOCKET[unit.start:unit.end] == unit.text and len(unit.text) > 600
    assert unit.text.endswith("```") and unit.display.endswith("assert data == 'Hello, world!'")


def test_a_block_cut_at_the_budget_counts_the_lines_left_and_ends_on_no_comment_heading_what_is_cut():
    steps = "\n".join(f"    # step {n}: what the next line does\n    run_step({n}, retries=3, timeout=10.0)" for n in range(30))
    text = f"This is how a long job runs.\n\n```python\ndef job():\n{steps}\n\n```\n"
    [unit] = _by_kind(answer_units(text), "introduced_code")
    assert text[unit.start:unit.end] == unit.text and unit.end < len(text) - 5
    # The display ends on the code's last line it holds, no "…" line in the code: the answer's note counts the rest
    # (the blank line before the fence is none of it).
    assert unit.text.endswith(")") and unit.display.endswith(")") and "…" not in unit.display
    assert unit.code_left == steps.count("\n") + 1 - unit.display.count("\n") + 1


def test_code_indented_in_a_tab_is_shown_dedented():
    text = ('=== "Do"\n\n    This is how a middleware reads the headers.\n\n    ```python\n    from starlette.datastructures import Headers\n\n'
            '    class Middleware:\n        def __init__(self, app):\n            self.app = app\n    ```\n')
    units = _by_kind(answer_units(text), "introduced_code")
    assert units and all(u.display.endswith("Headers\n\nclass Middleware:\n    def __init__(self, app):\n        self.app = app") for u in units)
    assert units[0].display.endswith("Headers\n\nclass Middleware:\n    def __init__(self, app):\n        self.app = app")


def test_a_link_whose_words_hold_brackets_is_shown_as_its_words():
    # uv's docs (MIT/Apache-2.0): "[`[build-system]`](../concepts/projects/config.md#build-systems)" was shown raw
    # in the answer to the chat's own example question "How do I use the uv build backend?".
    assert clean("Define a [`[build-system]`](../concepts/projects/config.md#build-systems) table.") == \
        "Define a `[build-system]` table."
    assert clean("[a [b](c.md)") == "[a b"


# uv's docs (concepts/python-versions.md, MIT/Apache-2.0): nine request formats, the ninth past the unit budget.
REQUEST_FORMATS = """The following Python version request formats are supported:

- `<version>` (e.g., `3`, `3.12`, `3.12.3`)
- `<version-specifier>` (e.g., `>=3.12,<3.13`)
- `<version><short-variant>` (e.g., `3.13t`, `3.12.0d`)
- `<version>+<variant>` (e.g., `3.13+freethreaded`, `3.12.0+debug`, `3.14+gil`)
- `<implementation>` (e.g., `cpython` or `cp`)
- `<implementation>@<version>` (e.g., `cpython@3.12`)
- `<implementation><version>` (e.g., `cpython3.12` or `cp312`)
- `<implementation><version-specifier>` (e.g., `cpython>=3.12,<3.13`)
- `<implementation>-<version>-<os>-<arch>-<libc>` (e.g., `cpython-3.12.3-macos-aarch64-none`)
"""


def test_a_list_a_lead_in_introduces_is_whole_when_the_list_alone_fits():
    # try20: "List the Python version request formats uv supports." showed 8 of 9 bullets: the lead-in's 61
    # characters cost the ninth, which the list alone (554 characters from its first item) shows.
    units = answer_units(REQUEST_FORMATS)
    [lead] = [u for u in units if u.kind == "lead_in"]
    assert REQUEST_FORMATS[lead.start:lead.end] == lead.text and lead.text.endswith("aarch64-none`)")
    assert lead.display.count("\n- ") == 9 and "…" not in lead.display
    [whole_list] = [u for u in units if u.kind == "list"]
    assert "<libc>" in whole_list.display and "…" not in whole_list.display


def test_a_list_cut_at_the_budget_says_how_many_items_are_left():
    # Past the budget from its first item the list is cut where the lead-in's budget ends, as before.
    longer = REQUEST_FORMATS + "".join(f"- `<alias-{n}>` (e.g., `py{n}`, `python{n}`, a name some installers give it)\n"
                                       for n in range(3))
    units = answer_units(longer)
    [lead] = [u for u in units if u.kind == "lead_in"]
    assert longer[lead.start:lead.end] == lead.text and "<libc>" not in lead.text
    assert lead.display.endswith("`cpython>=3.12,<3.13`)\n… 4 more in the source")
    [cut_list] = [u for u in units if u.kind == "list"]
    assert cut_list.display.endswith("\n… 3 more in the source") and "alias" not in cut_list.text
    # The answerer tells a list shown cut by that line (an item then keeps its place over its lead-in).
    assert shown_cut(lead.display) and shown_cut(cut_list.display)
    assert not any(shown_cut(u.display) for u in answer_units(REQUEST_FORMATS))


def test_a_list_under_a_long_lead_in_stays_within_twice_the_budget():
    lead = "This sentence runs on at length before it comes to the list it introduces, " * 10 + "as follows:"
    units = answer_units(lead + "\n\n" + REQUEST_FORMATS.split("\n\n", 1)[1])
    [unit] = [u for u in units if u.kind == "lead_in"]
    assert len(unit.text) <= 1200 and "<libc>" not in unit.text
    assert unit.display.endswith("\n… 8 more in the source")


def test_three_stars_are_emphasis_an_answer_shows_without_them():
    # hatch's docs (try22): "***No build dependencies:*** Hatch guarantees ..." was an answer's text.
    assert clean("***No build dependencies:*** Hatch guarantees it.") == "No build dependencies: Hatch guarantees it."
    assert clean("a * b * c and **kwargs") == "a * b * c and **kwargs"


def test_an_image_is_shown_as_its_alt_text_without_its_mark():
    # try21 (attrs' docs): `clean` had kept the image's `!` ("!alt"); a shown passage reads the alt text alone.
    assert clean("See ![the logo](logo.png) here.") == "See the logo here."
    assert clean("Read [the guide](c.md)!") == "Read the guide!"


# attrs' docs (MIT licence, docs/examples.md): a section's heading, not a name its sentence describes.
SLOTS = """## Slots

{term}`Slotted classes <slotted classes>` have several advantages on CPython.
Defining `__slots__` by hand is tedious.
"""


def test_a_plural_heading_its_sentence_names_in_the_singular_makes_no_entry():
    # try21: "Slots: Slotted classes have several advantages on CPython." had glued the heading to the sentence.
    units = answer_units(SLOTS)
    assert not _by_kind(units, "entry")
    assert any(u.display.startswith("Slotted classes have several advantages on CPython.") for u in units)


# After attrs' docs (MIT licence, docs/glossary.md): MyST glossaries in both fences.
GLOSSARY = """# Glossary

{fence}{{glossary}}
dict classes
  A regular class whose attributes are stored in the {{attr}}`object.__dict__` attribute of every single instance.
  This is quite wasteful.

  - A list in the definition
    goes on here.

frozen
  A class whose instances cannot change.
{closing}

After the glossary.
"""


@pytest.mark.parametrize(("fence", "closing"), [(":::", ":::"), ("```", "```")])
def test_a_glossarys_terms_each_head_their_definition(fence, closing):
    # try21: a term and its definition had run on as one paragraph ("dict classes A regular class whose ..."),
    # and "What is a dict class?" found no definition of it.
    text = GLOSSARY.format(fence=fence, closing=closing)
    units = answer_units(text)
    assert [u.display for u in _by_kind(units, "entry")] == [
        "dict classes: A regular class whose attributes are stored in the `object.__dict__` attribute of every "
        "single instance.",
        "frozen: A class whose instances cannot change.",
    ]
    assert not any(u.display.startswith("dict classes A regular") for u in units)
    assert not _by_kind(units, "heading")[1:]  # a term is no heading of the page
    # The definition's sentences are under their term; after the glossary, its section's again.
    assert {u.heading for u in units if "wasteful" in u.display} == {"dict classes"}
    assert [u.heading for u in units if u.display == "After the glossary."] == ["Glossary"]


def test_a_passage_starting_inside_a_glossary_reads_its_terms():
    # A chunk boundary inside attrs' glossary: the passage has no fence, its document says it is inside one.
    text = GLOSSARY.format(fence=":::", closing=":::")
    at = text.index("frozen")
    assert open_glossary(text[:at]) == 0
    assert open_glossary(text) == -1
    units = answer_units(text[at:], at, glossary=open_glossary(text[:at]))
    assert [u.display for u in _by_kind(units, "entry")] == ["frozen: A class whose instances cannot change."]
    assert all(text[u.start:u.end] == u.text for u in units)
    assert [u.heading for u in units if u.display == "After the glossary."] == [""]


def test_a_numbered_list_is_shown_counted_on_from_its_first_number():
    # list21: Ruff's PyCharm steps are all written "1." (Markdown counts them); shown "1. 1. 1." they said no order.
    [whole] = _by_kind(answer_units("1. Open the settings.\n1. Select the checkbox.\n1. Pick a mode.\n"), "list")
    assert whole.display == "1. Open the settings.\n2. Select the checkbox.\n3. Pick a mode."


def test_rows_a_chunk_boundary_cut_from_their_header_read_with_it():
    from rag.units import open_table_header

    before = "## Options\n\n| Option | Default | Description |\n| --- | --- | --- |\n| `path` | | An explicit path. |\n"
    header = open_table_header(before)
    assert header == "| Option | Default | Description |"
    row = "| `installer` | `pip` | When set to `uv`, UV is used in place of pip. |\n"
    units = answer_units(row, len(before), table_header=header)
    shown = next(u.display for u in units if u.kind == "table_row")
    assert shown.startswith("Option: `installer`; Default: `pip`; Description: When set to `uv`"), shown
    # Outside a table, or in one without a header, there is none to read rows with.
    assert open_table_header("Some prose.\n") == ""
    assert open_table_header("| a | b |\n| c | d |\n") == ""
    # A blank line ends the table: rows after it are another table's, not named by this one's columns.
    assert open_table_header(before + "\n") == ""


def test_heading_text_of_a_long_line_of_blanks_is_read_in_linear_time():
    # A heading line with a long run of blanks (a 100 kB line took a minute): the closing `#`s and the
    # attribute list are looked for only from the run's start.
    import time

    line = "## a" + " " * 40_000 + "#x"
    started = time.monotonic()
    assert heading_text(line) == line[3:]
    assert heading_text("## a" + " " * 40_000 + "{#x").startswith("a ")
    assert time.monotonic() - started < 1.0


# A paper's introduction, re-flowed from its PDF (Tully et al. 2010, CC BY): the next section's
# numbered title stands right after the paragraph's last sentence.
PAPER_SECTIONS = """The purpose of this study was to explore patients' experiences of these programmes.

2. Methods

Focus groups were conducted with fifteen participants.
"""


def test_a_numbered_section_title_is_no_list_the_sentence_before_it_announces():
    assert not _by_kind(answer_units(PAPER_SECTIONS), "announced_list")
    # A list of one full item stays what the sentence announces.
    one_item = PAPER_SECTIONS.replace("2. Methods", "1. Run the focus groups in both hospitals.")
    assert _by_kind(answer_units(one_item), "announced_list")

# Django REST framework's docs indent their code four spaces (api-guide/throttling.md, authentication.md).
_INDENTED = ("The default throttling policy may be set globally, using the following settings:\n\n"
             "    REST_FRAMEWORK = {\n        'DEFAULT_THROTTLE_RATES': {\n            'anon': '100/day',\n\n"
             "            'user': '1000/day'\n        }\n    }\n\nThe rate descriptions used may include `second`.\n")


def test_an_indented_code_block_is_code_taken_by_its_lead_in():
    units = answer_units(_INDENTED)
    lead = next(u for u in units if u.kind == "lead_in")
    assert lead.display.endswith("'user': '1000/day'\n    }\n}")
    code = next(u for u in units if u.kind == "code")
    assert code.display.startswith("REST_FRAMEWORK = {\n    'DEFAULT_THROTTLE_RATES'")
    # Never split into sentences, nor glued to the prose after it.
    assert not any(u.kind == "sentence" and "100/day" in u.text for u in units)
    assert any(u.kind == "sentence" and u.display == "The rate descriptions used may include `second`." for u in units)


def test_an_indented_code_block_is_one_block_with_its_blank_lines():
    assert [b.kind for b in segment(_INDENTED)] == ["paragraph", "code", "paragraph"]


@pytest.mark.parametrize("text", [
    # A list item's indented continuation paragraph and nested list (FastAPI, MkDocs, Poetry docs).
    "Steps:\n\n- Install it.\n\n    Then run `poetry install` in the folder.\n\n    - a nested item\n",
    # An admonition's text, and a second paragraph of it.
    "Read this.\n\n!!! note\n\n    The note's text.\n\n    Its second paragraph.\n",
    "!!! note\n    The note's text.\n\n    Its second paragraph.\n",
    # A content tab's text.
    'Pick one.\n\n=== "pip"\n\n    Install it with pip.\n',
    # No blank line: an indented line goes on the paragraph (CommonMark: code does not interrupt one).
    "A paragraph\n    goes on here.\n",
    # A passage opening inside a list, at a lettered item: its indent is lost with the passage's trimmed start,
    # and the items after it stay indented (Pydantic's version-policy.md writes its sub-steps "a.", "b.", "c.").
    "a. If it was in the module, the feature is cloned.\n\n    b. At some point, the code is removed.\n\n"
    "    c. As a last step, it is removed entirely.\n",
    "Then:\n\n    2) Run the tests again.\n",
])
def test_indented_text_of_a_list_item_a_box_or_a_tab_is_no_code(text):
    assert "code" not in [b.kind for b in segment(text)]


def test_emphasis_marks_inside_a_code_span_are_kept():
    assert clean("sending an `Accept: */*` header, or *none*") == "sending an `Accept: */*` header, or none"
    assert clean("Run **`poetry install`** first.") == "Run `poetry install` first."


def test_a_list_item_s_text_after_its_fenced_code_is_no_indented_code():
    # MkDocs' user-guide/choosing-your-theme.md, the passage opening inside the item's fence.
    text = ("```yaml\n        theme:\n          name: readthedocs\n        ```\n\n"
            "        When set to the default (`null`) Google Analytics is disabled.\n\n"
            "    *   **`anonymize_ip`**: To enable anonymous IP address for Google Analytics,\n"
            "        set this to `True`.\n")
    assert [b.kind for b in segment(text)].count("code") == 1


def test_underscore_emphasis_is_shown_without_its_marks_as_commonmark_flanks_it():
    # uv's "`uv cache clean` removes _all_ cache entries" was answered with its underscores.
    assert clean("`uv cache clean` removes _all_ cache entries.") == "`uv cache clean` removes all cache entries."
    assert clean("called _workspace members_, that are") == "called workspace members, that are"
    assert clean("a _foo_bar_ b") == "a foo_bar b"  # an underscore inside a word closes nothing
    # Underscores inside a word, a name's dunders, a lone one, a code span and a bare address are characters.
    for kept in ("my_var_name and snake_case_ here", "__init__ and _private", "x _ y _ z", "run `_x_` now",
                 "see https://x.org/_a_/b now", "a_b_c _d"):
        assert clean(kept) == kept


# After MkDocs' docs (BSD licence; bench/data/docsqa/mkdocs/corpus/user-guide/configuration.md).
QUOTED_NOTE = """### site_dir

The directory where the output HTML and other files are created.

> NOTE:
> If you are using source code control you will normally want to ensure that
> your *build output* files are not committed into the repository. For example, if using `git`
> you might add the following line to your `.gitignore` file:
>
> ```text
> site/
> ```
>
> If you're using another tool, check its documentation.

```console
> not a quote: a prompt in code
```
"""


def test_a_quote_is_read_as_the_markdown_it_quotes():
    units = answer_units(QUOTED_NOTE, 0)
    lead = [u for u in _by_kind(units, "lead_in") if ".gitignore" in u.display]
    assert lead and lead[0].display.endswith("site/"), [u.display for u in units]
    assert not any(">" in u.display for u in units if "prompt" not in u.display), [u.display for u in units]
    assert any(u.display == "> not a quote: a prompt in code" for u in _by_kind(units, "code"))
    # Every unit keeps its span: its text is the document's; it is read with the quote marks blanked.
    for u in units:
        assert QUOTED_NOTE[u.start:u.end] == u.text
        assert len(u.read) == len(u.text) and not re.search(r"^ *>", u.read.replace("> not a quote", ""), re.M)



VERSION_BOXES = """### not_in_nav

> NEW: **New in version 1.6:**
>
> If the `nav` config is not specified at all, pages specified in this config will now be excluded.

If you want to include some docs into the site but intentionally exclude them from the nav, MkDocs warns.

**Changed in version 2.0:**

The warning is shown once per page.
"""


def test_a_version_label_opens_the_text_it_notes_as_a_myst_version_box_does():
    units = answer_units(VERSION_BOXES, 0)
    shown = [u.display for u in units if u.kind == "sentence"]
    assert "NEW: New in version 1.6: If the `nav` config is not specified at all, pages specified in this config " \
           "will now be excluded." in shown, shown
    assert "Changed in version 2.0: The warning is shown once per page." in shown, shown
    # The labels are no units of their own, and the box's text describes no entry: the paragraph after it does.
    assert not any(d.endswith(("1.6:", "2.0:")) for d in shown), shown
    assert not any(u.kind == "entry" and "excluded" in u.display for u in units), [u.display for u in units]


def test_a_loaders_text_shows_its_tags_as_the_page_writes_them():
    # A web page or a PDF writing HTML as its text ("<img src=...>", entered as `&lt;img` in the page's
    # source): words of the page, not markup, as a Markdown file's own inline HTML is.
    text = 'To embed a picture, write <img src="logo.png"> in the page. A &amp; joins the names.'
    shown = " ".join(u.display for u in answer_units(text, markdown=False) if u.kind == "sentence")
    assert '<img src="logo.png">' in shown and "A &amp; joins" in shown
    markdown = " ".join(u.display for u in answer_units(text) if u.kind == "sentence")
    assert "<img" not in markdown and "A & joins" in markdown


# After pip's docs (MIT licence; docs/html/topics/configuration.md): a list item's value as a fenced block
# opened on the item's own line ("- ```"), closed by an indented fence.
ITEM_FENCES = """Dashes (`-`) have to be replaced with underscores (`_`).

- `PIP_TIMEOUT=60` is the same as `--timeout=60`
- ```
  PIP_FIND_LINKS="http://mirror1.example.com http://mirror2.example.com"
  ```

  is the same as

  ```
  --find-links=http://mirror1.example.com --find-links=http://mirror2.example.com
  ```

Repeatable options that do not take a value (such as `--verbose`) can be
specified using the number of repetitions:

- `PIP_VERBOSE=3` is the same as `pip install -vvv`

```{note}
Environment variables set to an empty string (like with `export X=` on Unix) will **not** be treated as false.
```
"""


def test_a_list_items_fence_pairs_with_its_indented_closing_line():
    # The item's closing "  ```" was read as an opening: every later fence paired wrongly, and the `{note}`
    # box after the list was shown as code ("```{note}" in the answer's text).
    units = answer_units(ITEM_FENCES, 0)
    note = [u for u in units if "empty string" in u.display]
    assert note and all("```" not in u.display for u in note), [u.display for u in note]
    assert any(u.display.startswith("Note: Environment variables") for u in note), [u.display for u in note]


def test_a_passage_after_a_list_items_fenced_block_starts_outside_any_code():
    from rag.units import open_fence

    before = ITEM_FENCES[: ITEM_FENCES.index("Repeatable options")]
    assert open_fence(before) == ""
    # Inside the item's block, the item's fence is the one open.
    assert open_fence(ITEM_FENCES[: ITEM_FENCES.index("PIP_FIND_LINKS")]) == "```"


def test_a_list_items_fenced_block_is_code_and_no_item_shows_its_fence():
    # The item "- ```" was read as list text: the answer showed "- ``` PIP_FIND_LINKS=..." as an item.
    units = answer_units(ITEM_FENCES, 0)
    assert all(ITEM_FENCES[u.start : u.end] == u.text for u in units)
    assert not any("```" in u.display for u in units), [u.display for u in units if "```" in u.display]
    code = 'PIP_FIND_LINKS="http://mirror1.example.com http://mirror2.example.com"'
    assert any(u.kind == "code" and u.display == code for u in units)
    assert any(u.kind == "list_item" and u.display == "`PIP_TIMEOUT=60` is the same as `--timeout=60`" for u in units)
    shown = shown_passage(ITEM_FENCES, "configuration.md")
    assert "```" not in shown.text and f"  {code}\n" in shown.text
    at = shown.at(ITEM_FENCES.index(code))
    assert shown.text[at : at + len(code)] == code and any(r.start <= at < r.end for r in shown.code)


# attrs' docs/names.md (MIT): a MyST comment between a lead-in and the list it introduces, and click's
# section targets (BSD-3-Clause), one right under a paragraph.
MYST_COMMENT_AND_TARGETS = """We recommend our modern APIs for new code:

% {func} syntax does currently not work for `.. function` definitions.

- {func}`attrs.define` to define a new class,
- {func}`attrs.mutable` is an alias for {func}`attrs.define`,

A group may be invoked without a command.
% This is no text of the page.
Its callback runs then.

(custom-groups)=

## Custom Groups

You can customize the behavior of a group.
(aliases)=
## Command Aliases
"""


def test_myst_comments_and_section_targets_are_no_text_of_the_page():
    units = answer_units(MYST_COMMENT_AND_TARGETS)
    assert not any("%" in u.display or ")=" in u.display for u in units)
    assert any(u.display == "We recommend our modern APIs for new code:\n- `attrs.define` to define a new class,\n"
                            "- `attrs.mutable` is an alias for `attrs.define`," for u in units)
    sentences = {u.display for u in units if u.kind == "sentence"}
    assert {"A group may be invoked without a command.", "Its callback runs then.",
            "You can customize the behavior of a group."} <= sentences


# attrs' docs/glossary.md (MIT): a footnote's mark in a sentence, and the footnotes at the page's foot.
FOOTNOTES = """\
Their main advantage is that they use less memory on CPython[^pypy] and are slightly faster.
A footnote's mark in code, `x[^y]`, is code.
[^pypy]: On PyPy, there is no memory advantage in using slotted classes.
[^pypyweakref]: On PyPy, slotted classes are naturally weak-referenceable so `weakref_slot=False` has no effect.
"""


def test_a_footnote_shows_neither_its_mark_nor_its_label_and_pairs_with_no_sentence():
    units = answer_units(FOOTNOTES)
    assert all(FOOTNOTES[u.start : u.end] == u.text for u in units)
    shown = [u.display for u in units]
    assert "Their main advantage is that they use less memory on CPython and are slightly faster." in shown
    assert "A footnote's mark in code, `x[^y]`, is code." in shown
    assert "On PyPy, there is no memory advantage in using slotted classes." in shown
    assert not any("[^pypy" in s for s in shown)
    assert not any("is code." in s and "PyPy" in s for s in shown)
    assert not any(s.count("On PyPy") > 1 for s in shown)


def test_a_myst_tabs_code_is_read_under_its_label_and_its_sentence_as_prose():
    # The whole tab was one code block (its fences and sentence in it, no label): "Where is pip's cache stored on
    # Linux?" had no unit with `~/.cache/pip` under "Linux".
    units = answer_units(PIP_DEFAULT_PATHS, 0)
    shown = [u.display for u in units]
    assert "Linux:\n~/.cache/pip" in shown, shown
    assert "Windows:\n%LocalAppData%\\pip\\Cache" in shown, shown
    assert any(u.kind == "sentence" and u.display == "Pip will also respect `XDG_CACHE_HOME`." for u in units), shown
    assert not any("{tab}" in d or "```" in d for d in shown), shown
    # A tab's last sentence introduces no code of the next tab.
    assert not any(d.startswith("Pip will also respect") and "Caches" in d for d in shown), shown


# After pip's docs (MIT licence; docs/html/topics/configuration.md): a MyST tab holding a definition list.
MYST_TAB_DEFINITIONS = """```{tab} Unix

User
: {file}`$HOME/.config/pip/pip.conf`, which respects the `XDG_CONFIG_HOME` environment variable.
```

```{tab} Windows

User
: {file}`%APPDATA%\\\\pip\\\\pip.ini`

  The legacy "per-user" configuration file is also loaded, if it exists: {file}`%HOME%\\\\pip\\\\pip.ini`
```
"""


def test_a_definition_in_a_myst_tab_reads_under_its_term():
    # Read as code, the Unix tab's `: ` markers and raw `{file}` roles answered "the per-user config file on Windows".
    units = answer_units(MYST_TAB_DEFINITIONS, 0)
    shown = [u.display for u in units]
    assert "User: `%APPDATA%\\\\pip\\\\pip.ini`" in shown, shown
    assert any(d.startswith("User: `$HOME/.config/pip/pip.conf`, which respects") for d in shown), shown
    # Only the definition's first units show the term; the text after it is its own.
    assert any(d.startswith("The legacy \"per-user\" configuration file is also loaded") for d in shown), shown
    assert not any("{file}" in d or d.startswith(":") or "```" in d for d in shown), shown
    # The term labels its definition's units: no entry showing the same.
    assert not any(u.kind == "entry" for u in units)


def test_a_definition_list_outside_a_tab_reads_term_then_definition():
    text = ("## Files\n\nSite\n: The file in the virtual environment, `$VIRTUAL_ENV/pip.conf`.\n\n## Next\n\n"
            "```{note}\nA note.\n```\n\nOther text here.\n")
    units = answer_units(text, 0)
    assert "Site: The file in the virtual environment, `$VIRTUAL_ENV/pip.conf`." in [u.display for u in units if u.kind == "sentence"]
    # The section after the list is its own, no term's (a box's closing line gave back the section before the list).
    assert [u.heading for u in units if u.display == "Other text here."] == ["Next"]


# After Click's docs (BSD licence; docs/index.md): the built page shows a table of contents, none of these lines.
TOCTREE = """## Tutorials

```{toctree}
:maxdepth: 1

quickstart
virtualenv
```

## How to Guides
"""


def test_a_toctrees_lines_are_no_unit():
    units = answer_units(TOCTREE, 0)
    assert [u.display for u in units] == ["Tutorials", "How to Guides"]
    assert not any(u.kind == "code" for u in units)


# attrs' docs/hashing.md (MIT): a footnote's text between a lead-in and the list it introduces.
FOOTNOTE_UNDER_LEAD_IN = """\
*attrs* will happily write a `__hash__` method for you [^fn1], however it will *not* do so by default.
Because according to the definition from the official Python docs, the returned hash has to fulfill certain constraints:

[^fn1]: The hash is computed by hashing a tuple that consists of a unique id for the class plus all attribute values.

1. Two objects that are equal, **must** have the same hash.
2. If two objects are not equal, their hash **should** be different.
"""


def test_a_lead_in_takes_its_list_past_a_footnote_and_the_footnote_announces_nothing():
    units = answer_units(FOOTNOTE_UNDER_LEAD_IN)
    assert all(FOOTNOTE_UNDER_LEAD_IN[u.start : u.end] == u.text for u in units)
    shown = {u.kind: u.display for u in units if u.kind in ("lead_in", "announced_list")}
    assert shown == {"lead_in": "Because according to the definition from the official Python docs, the returned hash has "
                                "to fulfill certain constraints:\n1. Two objects that are equal, must have the same hash.\n"
                                "2. If two objects are not equal, their hash should be different."}
    assert "attrs will happily write a `__hash__` method for you, however it will not do so by default." \
        in [u.display for u in units]

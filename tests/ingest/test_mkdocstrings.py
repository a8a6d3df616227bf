"""mkdocstrings' directives (`::: package.Class` with its `options:` YAML under it) are in no passage: the built page
shows the API reference they render, no line of them. Snippets written for these tests, in the form of Starlette's
and FastAPI's docs."""

from __future__ import annotations

from pathlib import Path

from ingest.chunker import ChunkingPolicy, split_into_chunks
from ingest.loaders import load
from ingest.markdown_blocks import markdown_blocks

PAGE = """# Test Client

??? abstract "API Reference"
    ::: starlette.testclient.TestClient
        options:
            show_bases: false
            filters:
                - "__init__"

The test client allows you to make requests against your ASGI application.

::: fastapi.status

## Docusaurus-like boxes stay

::: tip
A tip box is no API reference.
:::

```markdown
::: my_package.my_module
```
"""


def _chunks(tmp_path: Path) -> list[str]:
    path = tmp_path / "testclient.md"
    path.write_text(PAGE, encoding="utf-8")
    doc = load(path, 10_000_000)
    chunks = split_into_chunks(doc.text, doc_id="d", path=path.name, title=doc.title,
                               policy=ChunkingPolicy(400, 0), blocks=doc.blocks)
    return [c.text for c in chunks]


def test_a_directive_and_its_options_are_in_no_passage(tmp_path: Path):
    chunks = _chunks(tmp_path)
    text = "\n".join(chunks)
    for written in ("starlette.testclient.TestClient", "options:", "show_bases", '"__init__"', "fastapi.status"):
        assert written not in text, text
    assert "The test client allows you to make requests against your ASGI application." in text


def test_a_directive_is_a_block_its_span_exact_and_a_colon_box_or_code_is_not():
    blocks = markdown_blocks(PAGE)
    markup = [PAGE[b.start:b.end] for b in blocks if b.kind == "directive"]
    assert markup == ["::: starlette.testclient.TestClient\n        options:\n            show_bases: false\n"
                      '            filters:\n                - "__init__"', "::: fastapi.status"]
    shown = [PAGE[b.start:b.end] for b in blocks if b.kind != "directive"]
    assert "::: tip\nA tip box is no API reference.\n:::" in shown
    assert "```markdown\n::: my_package.my_module\n```" in shown

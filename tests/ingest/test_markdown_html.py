"""A Markdown file's raw HTML blocks and link reference definitions, read as the built page shows them (try23: Django
REST framework's routers.md and authentication.md)."""

from __future__ import annotations

import time
from pathlib import Path

from ingest.chunker import ChunkingPolicy, split_into_chunks
from ingest.loaders import load

_ROUTES = """# Routers

## SimpleRouter

The routes it makes &mdash; one table:

<table border=1>
    <tr><th>URL Style</th><th>HTTP Method</th><th>Action</th></tr>
    <tr><td rowspan=2>{prefix}/</td><td>GET</td><td>list</td></tr>
    <tr><td>POST</td><td>create</td></tr>
</table>

After the table, a [link][cite] and `&amp;` in code.

[cite]: https://example.com/writing/rest "A title"
[other]: <https://example.com/other>
"""


def _load(tmp_path: Path, text: str):
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return load(page, 10_000_000)


def _chunks(doc) -> list[str]:
    return [c.text for c in split_into_chunks(doc.text, doc_id="d", path="page.md", title=doc.title,
                                              policy=ChunkingPolicy(400, 0), blocks=doc.blocks)]


def test_an_html_table_is_read_as_rows_of_its_cells_with_exact_spans(tmp_path):
    doc = _load(tmp_path, _ROUTES)
    rows = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_row"]
    assert rows == ["URL Style | HTTP Method | Action", "{prefix}/ | GET | list", "POST | create"]
    assert all(b.path == ("Routers", "SimpleRouter") for b in doc.blocks if b.kind == "table_row")
    assert "<t" not in doc.text and "<t" not in "".join(_chunks(doc))
    # The Markdown around it stays as written: a cited span is the extracted text's characters.
    assert "a [link][cite] and `&amp;` in code." in doc.text
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == doc.text[block.start:block.end].strip() != ""


def test_link_reference_definitions_are_in_no_passage(tmp_path):
    doc = _load(tmp_path, _ROUTES)
    chunks = _chunks(doc)
    assert not any("https://example.com" in c for c in chunks)
    assert any("[link][cite]" in c for c in chunks)  # the link that uses one is as it was
    assert "[cite]: https://example.com/writing/rest" in doc.text
    # A line that only looks like one inside code or a paragraph stays text.
    doc = _load(tmp_path, "# T\n\n```\n[a]: https://example.com/code\n```\n\nSee [b]: https://example.com/prose\n")
    assert "".join(_chunks(doc)).count("https://example.com/") == 2


def test_hostile_html_blocks_are_read_in_time_and_show_no_tags(tmp_path):
    unclosed = _load(tmp_path, "# T\n\n<table\n<tr><td>cell one</td>\n\nAfter it.\n")
    assert "<t" not in unclosed.text and "cell one" in unclosed.text and "After it." in unclosed.text
    rows = "".join(f"<tr><td>row {n} &mdash;</td><td>&#0; &#x110000; &amp; &bogus;</td></tr>\n" for n in range(1500))
    big = f"# T\n\n<table>\n{rows}</table>\n\nAfter it.\n"
    assert len(big) > 100_000
    started = time.perf_counter()
    doc = _load(tmp_path, big)
    assert time.perf_counter() - started < 5
    shown = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_row"]
    assert len(shown) == 1500 and shown[7] == "row 7 \u2014 | \ufffd \ufffd & &bogus;"
    assert "\x00" not in doc.text and "<td" not in doc.text
    # Nesting too deep to parse in time stays as written (the HTML loader refuses such a page).
    deep = _load(tmp_path, "# T\n\n<div>\n" + "<div>" * 3000 + "\n\nAfter it.\n")
    assert "After it." in deep.text

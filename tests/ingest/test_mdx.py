"""MDX pages (Docusaurus) are read as Markdown: titled from front matter, their `import` lines and
`:::tip` fences in no passage. Real pages of typescript-eslint's docs (fixtures/typescript-eslint, MIT
licence, NOTICE there)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from ingest.chunker import ChunkingPolicy, split_into_chunks
from ingest.loaders import load

FIXTURES = Path(__file__).parent / "fixtures" / "typescript-eslint"
LIMIT = 10_000_000


def _chunks(name: str) -> list[str]:
    doc = load(FIXTURES / name, LIMIT)
    chunks = split_into_chunks(doc.text, doc_id="d", path=name, title=doc.title,
                               policy=ChunkingPolicy(400, 0), blocks=doc.blocks)
    return [c.text for c in chunks]


def test_an_mdx_page_is_read_as_markdown_with_its_front_matter_title():
    doc = load(FIXTURES / "Quickstart.mdx", LIMIT)
    assert doc.kind == "markdown" and doc.title == "Getting Started"
    headings = [b.path for b in doc.blocks if b.kind == "heading"]
    assert ("Quickstart", "Step 3: Running ESLint") in headings
    # Without front matter the H1 names the page, its code marks gone.
    assert load(FIXTURES / "Parser.mdx", LIMIT).title == "@typescript-eslint/parser"


def test_import_statements_and_admonition_fences_are_in_no_passage():
    for name in ("Quickstart.mdx", "Parser.mdx"):
        for text in _chunks(name):
            assert "import Tabs from" not in text and "@theme/TabItem" not in text, text
            assert ":::" not in text, text
    # A code block's own `import` lines are code, kept.
    assert any("import tseslint from 'typescript-eslint';" in text for text in _chunks("Quickstart.mdx"))


def test_a_tip_box_written_without_blank_lines_is_its_own_paragraph():
    # `:::tip` / text / `:::` with no blank line between: one paragraph ":::tip You can ... :::" before.
    doc = load(FIXTURES / "Parser.mdx", LIMIT)
    paragraphs = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]
    tip = next(p for p in paragraphs if "typescript-eslint playground" in p)
    assert tip.startswith("You can select `@typescript-eslint/parser`") and tip.endswith("selecting _ESTree_.")


def test_a_folder_of_mdx_pages_is_ingested_not_skipped(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("Quickstart.mdx", "Parser.mdx"):
        shutil.copy(FIXTURES / name, folder / name)
    done = subprocess.run([sys.executable, "-m", "ui.cli", "ingest", str(folder), "--index", str(tmp_path / "index"), "--json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["added"] == 2 and ".mdx" not in summary["skipped_types"]

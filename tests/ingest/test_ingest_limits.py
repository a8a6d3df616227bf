"""Files that try to make an ingest read too much or reach outside its folder: a .docx that inflates
past the text limit, a file symlink leading out of the ingested folder, HTML nested hundreds deep.
Each is refused (or read) on its own; what the index already held stays whole."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from ingest.loaders import LoadError, load
from ingest.pipeline import ingest
from rag.store import Store
from tests.conftest import ROOT
from tests.corpus_files import write_docx
from ui.settings import Settings

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARAGRAPH = "The harbor master logged one more ship at dawn, and the tide was slow. " * 2  # 144 characters
LIMIT = 100_000


def _docx_with_body(path: Path, body: str) -> Path:
    """A real python-docx package whose main part's body is replaced (repeated paragraphs deflate
    to almost nothing: 5 M characters of text are ~30 KB on disk)."""
    template = write_docx(path.with_suffix(".template.docx"), ["x"])
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}'.encode()
            target.writestr(info.filename, data)
    template.unlink()
    return path


def _paragraphs(count: int) -> str:
    return f"<w:p><w:r><w:t>{PARAGRAPH}</w:t></w:r></w:p>" * count


def _text_bomb(path: Path, paragraphs: int = 35_000) -> Path:
    return _docx_with_body(path, _paragraphs(paragraphs) + "</w:body></w:document>")


def test_a_docx_inflating_past_the_text_limit_is_refused_while_it_is_read(tmp_path):
    bomb = _text_bomb(tmp_path / "bomb.docx")  # 5 M characters of text
    full_text = 35_000 * len(PARAGRAPH)
    assert bomb.stat().st_size < 100_000 < full_text
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as info:
            load(bomb, max_bytes=50_000_000, max_chars=LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(info.value) == "extracted text passes the 100,000-character limit (max_extracted_chars): refused"
    # Reading it all (python-docx's paragraphs, then the text) takes several times the text's size;
    # stopping at the limit keeps Python's allocations to a fraction of it.
    assert peak < full_text / 5, f"peak {peak:,} bytes for {full_text:,} characters of text"


def test_the_docx_loader_stops_reading_at_the_limit(tmp_path):
    # Broken XML right after the limit: a loader that read on would report a corrupt file instead.
    past_limit = LIMIT // len(PARAGRAPH) + 10
    bomb = _docx_with_body(tmp_path / "cut.docx", _paragraphs(past_limit) + "<w:p><w:r><w:t>not closed <<<")
    with pytest.raises(LoadError, match="100,000-character limit"):
        load(bomb, max_bytes=50_000_000, max_chars=LIMIT)
    # Under the limit the same file is read on, to the broken part.
    with pytest.raises(LoadError, match="DOCX"):
        load(bomb, max_bytes=50_000_000, max_chars=10 * LIMIT)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".pdf", ".docx"])
def test_every_loader_keeps_the_text_limit(tmp_path, suffix):
    from tests.corpus_files import write_pdf

    words = [f"Sentence {i} about the ferry that left at noon." for i in range(400)]  # ~19,000 characters
    f = tmp_path / f"long{suffix}"
    if suffix == ".pdf":
        write_pdf(f, [" ".join(words[i : i + 40]) for i in range(0, 400, 40)])
    elif suffix == ".docx":
        write_docx(f, words)
    elif suffix == ".html":
        f.write_text("<html><body>" + "".join(f"<p>{w}</p>" for w in words) + "</body></html>")
    else:
        f.write_text("\n\n".join(words))
    assert len(load(f, 10_000_000, max_chars=50_000).text) > 15_000
    with pytest.raises(LoadError, match=r"^extracted text passes the 5,000-character limit \(max_extracted_chars\)"):
        load(f, 10_000_000, max_chars=5_000)


def test_a_text_bomb_through_ingest_is_one_line_and_keeps_the_indexed_version(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text("Harbor Notes\n\nThe harbor master logged eleven ships at dawn.\n")
    write_docx(corpus / "report.docx", ["Ferry Report", "The ferry left at noon with forty passengers."])
    index = tmp_path / "index"
    # The indexed version (made here: the CLI run under test is the second).
    assert not ingest([corpus], Settings(index=index, max_extracted_chars=LIMIT)).failed
    run = [sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--index", str(index)]
    env = {**os.environ, "CITELINE_MAX_EXTRACTED_CHARS": str(LIMIT)}
    store = Store(index, embedder)
    before = ({d.path: d for d in store.catalog.documents()}, store.catalog.all_chunk_ids(),
              store.catalog.generation())
    store.close()

    _text_bomb(corpus / "report.docx")  # the indexed file, edited into a bomb
    result = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert failures == [f"failed: {corpus / 'report.docx'}: extracted text passes the 100,000-character limit "
                        "(max_extracted_chars): refused"]

    store = Store(index, embedder)
    try:
        docs = {d.path: d for d in store.catalog.documents()}
        assert docs == before[0] and store.catalog.all_chunk_ids() == before[1]
        assert store.catalog.generation() == before[2]
        assert "forty passengers" in store.catalog.document_text(docs["report.docx"].doc_id)
        assert set(store.collection.get(include=[])["ids"]) == before[1]
    finally:
        store.close()


def test_a_file_symlink_out_of_the_ingested_folder_is_refused(tmp_path, make_settings):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\n\nThe vault code is 4471.\n")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "plain.txt").write_text("Harbor Notes\n\nThe harbor master logged eleven ships at dawn.\n")
    (corpus / "notes.txt").write_text("Ferry Notes\n\nThe ferry left at noon.\n")
    settings = make_settings()
    assert ingest([corpus], settings).added == 2

    (corpus / "notes.txt").unlink()  # an indexed file turned into a link out: refused, the indexed one stays
    os.symlink(outside / "secret.txt", corpus / "notes.txt")
    os.symlink(outside / "secret.txt", corpus / "leak.txt")  # absolute, out
    os.symlink("../../private/secret.txt", corpus / "sub" / "leak2.md")  # relative, out
    os.symlink("../plain.txt", corpus / "sub" / "inside.txt")  # stays inside the folder: fine
    report = ingest([corpus], settings)

    refused = "a link to a file outside the ingested folder: refused"
    assert sorted((f.path, f.error) for f in report.failed) == [
        (str(corpus / "leak.txt"), refused), (str(corpus / "notes.txt"), refused),
        (str(corpus / "sub" / "leak2.md"), refused),
    ]
    assert (report.added, report.unchanged, report.removed) == (1, 1, 0)
    store = Store(settings.index, None)
    try:
        docs = {d.path: d for d in store.catalog.documents()}
        assert sorted(docs) == ["notes.txt", "plain.txt", "sub/inside.txt"]
        assert store.catalog.document_text(docs["notes.txt"].doc_id) == "Ferry Notes\n\nThe ferry left at noon.\n"
        assert not any("4471" in c.text for c in store.catalog.iter_chunks())
    finally:
        store.close()


@pytest.mark.parametrize("depth", [150, 201, 500, 1_999])
def test_html_nested_up_to_the_limit_is_read_whole(tmp_path, depth):
    page = tmp_path / "deep.html"
    page.write_text("<html><body><h1>Deep Page</h1>" + "<div>" * depth + "<p>The deepest line of text.</p>"
                    + "</div>" * depth + "<p>After the nest.</p></body></html>")
    assert load(page, 10_000_000).text == "# Deep Page\n\nThe deepest line of text.\n\nAfter the nest."


def test_html_nested_past_the_limit_names_the_depth(tmp_path):
    page = tmp_path / "deeper.html"
    page.write_text("<html><body>" + "<div>" * 2_500 + "text" + "</div>" * 2_500 + "</body></html>")
    with pytest.raises(LoadError) as info:
        load(page, 10_000_000)
    assert str(info.value) == "HTML nested 2,500 elements deep (limit 2,000): refused"


def test_markdown_table_rows_past_the_cap_are_left_out_with_a_warning(tmp_path, monkeypatch):
    # Each row is a sentence with a vector of its own: a 50,000-row table embedded for minutes, where a
    # spreadsheet's rows are capped (ingest.formats.spreadsheet.MAX_ROWS).
    from ingest import markdown_blocks
    from ingest.chunker import ChunkingPolicy, split_into_chunks

    monkeypatch.setattr(markdown_blocks, "MAX_TABLE_ROWS", 10)
    rows = "".join(f"| {i} | item{i} | {i * 7} |\n" for i in range(25))
    path = tmp_path / "inventory.md"
    path.write_text("# Inventory\n\n| n | item | v |\n|---|---|---|\n" + rows
                    + "\nThe count was taken in March.\n\n| a | b |\n|---|---|\n| late | row |\n")
    doc = load(path, LIMIT)
    assert doc.warnings == ["16 table rows past the 10-row cap were not indexed"]
    text = " ".join(c.text for c in split_into_chunks(doc.text, doc_id="d", path=str(path), title=doc.title,
                                                      policy=ChunkingPolicy(), blocks=doc.blocks))
    assert "| 9 | item9 | 63 |" in text and "item10" not in text and "late" not in text
    assert "| n | item | v |" in text and "The count was taken in March." in text
    assert "item10" not in doc.text and [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"] == [
        "The count was taken in March."]


def test_markdown_tables_under_the_cap_are_whole(tmp_path, monkeypatch):
    from ingest import markdown_blocks

    monkeypatch.setattr(markdown_blocks, "MAX_TABLE_ROWS", 10)
    path = tmp_path / "two.md"
    table = "| n | v |\n|---|---|\n" + "".join(f"| {i} | {i} |\n" for i in range(5))
    path.write_text(table + "\n" + table)  # ten body rows in all; the second header is no body row
    doc = load(path, LIMIT)
    assert doc.warnings == [] and [b.kind for b in doc.blocks].count("table_row") == 12

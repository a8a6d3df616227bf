"""Metadata a file gives about itself reaches the catalog with the document, and filters read it."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from rag.scope import Scope

LEAVE = """---
title: Leave policy
author: Ann Smith
date: 2024-03-05
tags: [hr, leave]
Last Reviewed: 2025-01-10
owner: {name: nested maps are left out}
---
# Leave policy

Employees get twenty days of paid leave each year. Leave requests go to the manager.
"""

BROKEN = """---
title: [unclosed
author: !!python/object:os.system ls
---
Broken front matter still leaves the document indexed. Leave it to the parser.
"""

LAUGHS = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
) + "---\nAliases nested exponentially in front matter, about leave.\n"


def _docx(path, author: str, created: datetime) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Parental leave is sixteen weeks, paid in full by the company.")
    document.core_properties.author = author
    document.core_properties.created = created
    document.core_properties.keywords = "parental, leave"
    document.save(str(path))


def _pdf(path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.set_title("Sick leave rules")
    pdf.set_author("Bob Jones")
    pdf.set_creation_date(datetime(2023, 11, 2, 9, 30, tzinfo=timezone.utc))
    pdf.add_page()
    pdf.multi_cell(0, 8, "Sick leave needs a doctor's note after three days of absence.")
    pdf.output(str(path))


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, embedder):
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings

    corpus = tmp_path_factory.mktemp("meta") / "corpus"
    (corpus / "handbook").mkdir(parents=True)
    (corpus / "handbook" / "leave.md").write_text(LEAVE)
    (corpus / "broken.md").write_text(BROKEN)
    (corpus / "laughs.md").write_text(LAUGHS)
    (corpus / "notes.txt").write_text("Holiday notes\n\nLeave the office keys at the desk.\n")
    _docx(corpus / "handbook" / "parental.docx", "Carol White", datetime(2022, 6, 1, 12, 0))
    _pdf(corpus / "sick.pdf")
    old = datetime(2020, 1, 15, tzinfo=timezone.utc).timestamp()
    os.utime(corpus / "notes.txt", (old, old))
    settings = Settings(index=corpus.parent / "index")
    report = ingest([corpus], settings)
    assert report.added == 6 and not report.failed, report.failed
    engine = Engine(settings)
    yield engine, corpus, settings
    engine.close()


def _metadata(engine, path: str) -> list[tuple[str, str]]:
    catalog = engine.store.catalog
    doc = next(d for d in catalog.documents() if d.path == path)
    return catalog.document_metadata(doc.doc_id)


def test_front_matter_fields_are_stored(indexed):
    engine, _, _ = indexed
    meta = _metadata(engine, "handbook/leave.md")
    assert ("author", "Ann Smith") in meta
    assert ("date", "2024-03-05") in meta
    assert ("tags", "hr") in meta and ("tags", "leave") in meta
    assert ("last_reviewed", "2025-01-10") in meta
    assert not any(key == "owner" for key, _ in meta)
    assert any(key == "file_modified" for key, _ in meta)


def test_pdf_and_docx_properties_are_stored(indexed):
    engine, _, _ = indexed
    pdf = dict(_metadata(engine, "sick.pdf"))
    assert pdf["author"] == "Bob Jones" and pdf["created"].startswith("2023-11-02T09:30")
    docx = _metadata(engine, "handbook/parental.docx")
    assert ("author", "Carol White") in docx and ("keywords", "parental, leave") in docx
    assert dict(docx)["created"].startswith("2022-06-01")


def test_hostile_front_matter_is_left_out_not_fatal(indexed):
    engine, _, _ = indexed
    assert [k for k, _ in _metadata(engine, "broken.md")] == ["file_modified"]
    # Nested aliases are not spread (they would be 9**9 values): only plain values are kept.
    assert [k for k, _ in _metadata(engine, "laughs.md")] == ["a"] * 9 + ["file_modified"]


def _paths(engine, *where: str) -> set[str]:
    return {h.chunk.path for h in engine.retrieve("leave", 10, scope=Scope(where=where)).hits}


def test_each_filter_kind(indexed):
    engine, _, _ = indexed
    assert _paths(engine, "type=pdf") == {"sick.pdf"}
    assert _paths(engine, "type=md,docx") == {"handbook/leave.md", "handbook/parental.docx", "broken.md", "laughs.md"}
    assert _paths(engine, "path=handbook/**") == {"handbook/leave.md", "handbook/parental.docx"}
    assert _paths(engine, "path=*.txt") == {"notes.txt"}
    assert _paths(engine, "title=SICK") == {"sick.pdf"}
    assert _paths(engine, "title=*policy") == {"handbook/leave.md"}
    assert _paths(engine, "author=bob jones") == {"sick.pdf"}
    assert _paths(engine, "author=*White") == {"handbook/parental.docx"}
    assert _paths(engine, "tags=leave") == {"handbook/leave.md"}
    assert _paths(engine, "created<2023") == {"handbook/parental.docx"}
    # The front matter's date where there is one, else the file's modified time.
    assert _paths(engine, "date>=2024-01-01", "date<2024-04") == {"handbook/leave.md"}
    assert _paths(engine, "date=2020-01") == {"notes.txt"}
    assert _paths(engine, "date<2021") == {"notes.txt"}
    assert _paths(engine, "type=pdf", "author=Ann Smith") == set()


def test_reingest_replaces_metadata_and_removal_drops_it(indexed):
    from ingest.index_writer import IndexWriter

    engine, corpus, settings = indexed
    writer = IndexWriter(settings)
    note = corpus / "handbook" / "leave.md"
    note.write_text(LEAVE.replace("Ann Smith", "Dan Brown"))
    assert writer.ingest([corpus]).updated == 1
    assert _paths(engine, "author=Ann Smith") == set()
    assert _paths(engine, "author=Dan Brown") == {"handbook/leave.md"}
    doc = next(d for d in engine.store.catalog.documents() if d.path == "handbook/leave.md")
    assert writer.remove(doc.doc_id)
    assert engine.store.catalog.document_metadata(doc.doc_id) == []

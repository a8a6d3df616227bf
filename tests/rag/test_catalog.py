"""The catalog: counts that follow every process's changes, and path-ordered reads that use an index."""

import sqlite3
from dataclasses import replace

from rag.catalog import Catalog
from rag.types import Chunk, DocumentRecord


def _put(catalog: Catalog, name: str, chunks: int) -> None:
    text = " ".join(f"{name} passage {i}." for i in range(chunks))
    record = DocumentRecord(doc_id=name, path=f"{name}.txt", root="r", title=name, content_hash=name * 2,
                            chunks=chunks, ingested_at=0.0, kind="txt")
    parts = [Chunk(chunk_id=f"{name}-{i}", doc_id=name, path=record.path, title=name, index=i,
                   start=0, end=len(text), text=text) for i in range(chunks)]
    catalog.put_document(record, text, parts)


def test_counts_follow_changes_made_through_another_connection(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    server, ingest = Catalog(path), Catalog(path)
    _put(ingest, "a", 2)
    assert server.counts() == (1, 2)
    assert server.counts() == (1, 2)
    _put(ingest, "b", 3)
    assert server.counts() == (2, 5)
    _put(ingest, "a", 1)  # an edit: same document, fewer chunks
    assert server.counts() == (2, 4)
    ingest.remove_document("b")
    assert server.counts() == (1, 1)
    assert ingest.counts() == (1, 1)


def test_path_ordered_reads_walk_an_index_instead_of_sorting_the_table(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    catalog = Catalog(path)
    for name in ("c", "a", "b"):
        _put(catalog, name, 1)
    assert [d.doc_id for d in catalog.documents(limit=2)] == ["a", "b"]
    assert [d for d, _ in catalog.document_versions()] == ["a", "b", "c"]
    plain = sqlite3.connect(path)
    for sql in (
        "SELECT doc_id, path, title FROM documents ORDER BY path, doc_id LIMIT 100 OFFSET 0",
        "SELECT doc_id, content_hash FROM documents ORDER BY path, doc_id",
        # A page of Catalog.documents, with the pages read of a cut file (a table of their own).
        "SELECT doc_id, title, (SELECT partial_pages FROM document_cuts k WHERE k.doc_id = documents.doc_id) "
        "FROM documents ORDER BY path, doc_id LIMIT 100 OFFSET 0",
    ):
        plan = " ".join(str(row[-1]) for row in plain.execute("EXPLAIN QUERY PLAN " + sql))
        assert "USING INDEX documents_path" in plan or "USING COVERING INDEX documents_path" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def test_an_existing_catalog_gets_the_index_when_opened(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    _put(Catalog(path), "a", 1)
    plain = sqlite3.connect(path)
    plain.execute("DROP INDEX documents_path")
    plain.commit()
    Catalog(path)
    names = {row[0] for row in plain.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "documents_path" in names


# The chunks table as catalogs made before heading paths have it.
_OLD_CHUNKS = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, root TEXT NOT NULL, title TEXT NOT NULL,
    content_hash TEXT NOT NULL, kind TEXT NOT NULL, chunks INTEGER NOT NULL, ingested_at REAL NOT NULL,
    text TEXT NOT NULL);
CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, page INTEGER, text TEXT NOT NULL);
INSERT INTO documents VALUES ('old', 'old.txt', 'r', 'Old', 'h', 'text', 1, 0.0, 'Old words here.');
INSERT INTO chunks VALUES ('old-0', 'old', 0, 0, 15, NULL, 'Old words here.');
"""


def test_a_catalog_made_before_headings_opens_unchanged_and_takes_new_chunks_with_headings(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    plain = sqlite3.connect(path)
    plain.executescript(_OLD_CHUNKS)
    plain.commit()
    catalog = Catalog(path)
    old = catalog.chunks(["old-0"])["old-0"]
    assert (old.text, old.start, old.end, old.heading, old.title) == ("Old words here.", 0, 15, "", "Old")
    assert catalog.document_text("old") == "Old words here."
    record = DocumentRecord(doc_id="new", path="new.md", root="r", title="Guide", content_hash="x", chunks=1,
                            ingested_at=0.0, kind="markdown")
    catalog.put_document(record, "# Guide\n\nText.", [Chunk(
        chunk_id="new-0", doc_id="new", path="new.md", title="Guide", index=0, start=0, end=15,
        text="# Guide\n\nText.", heading="Guide › Setup")])
    assert catalog.chunks(["new-0"])["new-0"].heading == "Guide › Setup"
    assert [c.heading for c in catalog.iter_chunks()] == ["Guide › Setup", ""]
    Catalog(path)  # a second opening finds the column there and leaves it
    assert catalog.counts() == (2, 2)


def test_a_chunk_keeps_the_sections_it_runs_into(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    text = "## A\n\nOne.\n\n## B › C\n\nTwo."
    record = DocumentRecord(doc_id="d", path="d.md", root="r", title="Guide", content_hash="x", chunks=1,
                            ingested_at=0.0, kind="markdown")
    catalog.put_document(record, text, [Chunk(
        chunk_id="d-0", doc_id="d", path="d.md", title="Guide", index=0, start=0, end=len(text), text=text,
        heading="A", heading_breaks=((13, 'B › C "quoted"'),))])
    chunk = catalog.chunks(["d-0"])["d-0"]
    assert chunk.heading_breaks == ((13, 'B › C "quoted"'),)
    assert (chunk.heading_at(7), chunk.heading_at(text.index("Two"))) == ("A", 'B › C "quoted"')
    _put(catalog, "plain", 1)
    assert catalog.chunks(["plain-0"])["plain-0"].heading_breaks == ()


def test_a_slice_of_a_document_is_the_same_characters_python_would_cut(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    text = "Größe – naïve café 😀 then ```code``` after. " * 50
    record = DocumentRecord(doc_id="u", path="u.md", root="r", title="u", content_hash="uu", chunks=1,
                            ingested_at=0.0, kind="md")
    catalog.put_document(record, text, [Chunk(chunk_id="u-0", doc_id="u", path="u.md", title="u", index=0,
                                              start=0, end=40, text=text[:40])])
    for start, length in ((0, 10), (17, 25), (40, 1500), (len(text) - 3, 100), (len(text), 10)):
        assert catalog.document_slice("u", start, length) == text[start:start + length]
    assert catalog.document_slice("missing", 0, 10) == ""


def test_a_document_says_whether_it_was_read_whole_and_keeps_a_refused_copy_until_replaced(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    plain = sqlite3.connect(path)
    plain.executescript(_OLD_CHUNKS)  # made before cut files were read: its documents count as whole
    plain.commit()
    catalog = Catalog(path)
    assert catalog.document("old").partial_pages is None and catalog.refused_hash("old") == ""
    record = DocumentRecord(doc_id="cut", path="cut.pdf", root="r", title="Cut", content_hash="h30", chunks=1,
                            ingested_at=0.0, kind="pdf", partial_pages=9)
    chunk = Chunk(chunk_id="cut-0", doc_id="cut", path="cut.pdf", title="Cut", index=0, start=0, end=5, text="Words")
    catalog.put_document(record, "Words", [chunk])
    assert [d.partial_pages for d in catalog.documents()] == [9, None]
    generation = catalog.generation()
    catalog.refuse("cut", "h10")
    assert catalog.refused_hash("cut") == "h10" and catalog.generation() == generation
    assert Catalog(path).document("cut").partial_pages == 9  # a second opening finds the table there
    catalog.put_document(replace(record, content_hash="whole", partial_pages=None), "Words", [chunk])
    assert catalog.document("cut").partial_pages is None and catalog.refused_hash("cut") == ""

"""Collections of a scope, read from the catalog's `document_collections` (the writer's tables);
an index without them holds only the default collection."""

from __future__ import annotations

import time

import pytest

from rag.errors import NotFound
from rag.scope import Scope
from rag.types import Chunk, DocumentRecord

TEXTS = {
    "handbook.md": "Paid leave is a benefit of twenty days a year for every member of staff.",
    "help.md": "The login page is the place where customers reset a password; leave the old one blank.",
    "contract.md": "The supplier contract is a promise of five days of leave to each contractor.",
}


@pytest.fixture
def engine(tmp_path, embedder):
    from ingest.bm25_writer import update_bm25
    from rag.engine import Engine
    from ui.settings import Settings
    from rag.store import Store

    index = tmp_path / "index"
    store = Store(index, embedder, create=True)
    vectors = embedder.encode(list(TEXTS.values()))
    for i, (path, text) in enumerate(TEXTS.items()):
        doc_id = f"d{i}"
        chunk = Chunk(f"{doc_id}-0", doc_id, path, path, 0, 0, len(text), text)
        store.vectors.add([chunk.chunk_id], vectors[i : i + 1], [{"doc_id": doc_id}])
        store.catalog.put_document(DocumentRecord(doc_id, path, "/c", path, f"h{i}", 1, time.time(), "markdown"),
                                   text, [chunk])
    update_bm25(store.catalog, store.paths.bm25, store.catalog.generation())
    store.close()
    engine = Engine(Settings(index=index))
    yield engine
    engine.close()


def _paths(engine, collections) -> set[str]:
    return {h.chunk.path for h in engine.retrieve("days of leave", 5, scope=Scope(collections=collections)).hits}


def test_an_index_without_collections_is_all_default(engine):
    assert _paths(engine, ("default",)) == set(TEXTS)
    with pytest.raises(NotFound, match="collection: no collection named 'docs'"):
        engine.retrieve("leave", 5, scope=Scope(collections=("docs",)))
    engine.check_scope(Scope(collections=("default",)))


def test_collections_read_from_the_catalog(engine):
    con = engine.store.catalog._conn
    # The writer's tables (rag/catalog.py creates them once collections are stored), as it fills them.
    con.execute("CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, created_at REAL NOT NULL, "
                "last_ingest_at REAL)")
    con.execute("CREATE TABLE IF NOT EXISTS document_collections (doc_id TEXT NOT NULL, collection TEXT NOT NULL, "
                "PRIMARY KEY (doc_id, collection))")
    con.execute("DELETE FROM document_collections")
    con.executemany("INSERT OR IGNORE INTO collections VALUES (?, 0, 0)",
                    [("default",), ("public",), ("private",), ("empty",)])
    con.executemany("INSERT INTO document_collections VALUES (?, ?)",
                    [("d0", "default"), ("d1", "public"), ("d1", "default"), ("d2", "private")])
    # The scope is kept per catalog generation: a change of collections comes with a new one.
    con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    assert _paths(engine, ("public",)) == {"help.md"}
    assert _paths(engine, ("private",)) == {"contract.md"}
    assert _paths(engine, ("default",)) == {"handbook.md", "help.md"}
    assert _paths(engine, ("public", "private")) == {"help.md", "contract.md"}
    assert _paths(engine, ("empty",)) == set()
    assert _paths(engine, None) == set(TEXTS)
    hits = engine.retrieve("leave", 5, scope=Scope(collections=("private", "public"), where=("path=help.md",))).hits
    assert {h.chunk.path for h in hits} == {"help.md"}
    with pytest.raises(NotFound, match="'secret'"):
        engine.ask("leave?", scope=Scope(collections=("public", "secret")))
    # A document written before its collection row (an index migrated in place) is the default's.
    con.execute("DELETE FROM document_collections WHERE doc_id = 'd0'")
    con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    assert _paths(engine, ("default",)) == {"handbook.md", "help.md"}
    assert _paths(engine, ("public",)) == {"help.md"}


def test_example_questions_come_from_the_scope(engine):
    from rag.examples import candidate_questions

    catalog = engine.store.catalog
    assert {c.doc_id for c in candidate_questions(catalog)} == {"d0", "d1", "d2"}
    assert {c.doc_id for c in candidate_questions(catalog, within={"d1"})} == {"d1"}
    questions = engine.example_questions(3, scope=Scope(where=("path=help.md",)))
    assert questions == ["What is the login page?"]

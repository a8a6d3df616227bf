"""Collections in one index, with the real embedding model and Chroma on disk: membership without
re-embedding, per-collection sweeps, removing a collection, names, and an index made before them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.index_writer import IndexWriter
from ingest.pipeline import ingest
from rag.bm25 import BM25Index
from rag.errors import BadRequest, NotFound
from rag.scope import DEFAULT_COLLECTION
from rag.status import read_collections
from ui.settings import Settings
from tests.conftest import collection_for, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "index_6d7f910"


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def _state(settings, embedder) -> dict:
    """Documents by path with their collections; the three stores' ids checked equal."""
    store = open_store(settings, embedder)
    try:
        catalog_ids = store.catalog.all_chunk_ids()
        vector_ids = set(store.collection.get(include=[])["ids"])
        bm25 = BM25Index.load(store.paths.bm25)
        assert catalog_ids == vector_ids == set(bm25.chunk_ids)
        assert bm25.generation == store.catalog.generation()
        assert store.catalog.get_meta("dirty") == "0"
        return {d.path: store.catalog.collections_of(d.doc_id) for d in store.catalog.documents()}
    finally:
        store.close()


@pytest.fixture(params=["embedded", "chroma-server"])
def settings(request, tmp_path) -> Settings:
    """The writing tests run twice: vectors in the index folder, and on a real `chroma run` server."""
    remote = {}
    if request.param == "chroma-server":
        remote = {"chroma_url": request.getfixturevalue("chroma_server"), "chroma_collection": collection_for(tmp_path)}
    return Settings(index=tmp_path / "index", **remote)


@pytest.fixture
def folders(tmp_path):
    shared = _write(tmp_path / "shared", {"harbor.txt": "The harbor crew repaired the lighthouse in spring.",
                                          "glacier.txt": "The glacier team measured forty metres of ice."})
    handbook = _write(tmp_path / "handbook", {"leave.txt": "Staff take leave after asking their manager."})
    contracts = _write(tmp_path / "contracts", {"lease.txt": "The lease of the east pier runs for ten years."})
    return shared, handbook, contracts


def test_a_document_in_a_second_collection_joins_without_being_embedded_again(tmp_path, folders, embedder, settings):
    shared, handbook, contracts = folders
    first = ingest([shared, handbook], settings, collection="docs")
    assert (first.added, first.chunks) == (3, 3)
    store = open_store(settings, embedder)
    vectors_before = store.vectors.get(sorted(store.catalog.all_chunk_ids()))
    generation = store.catalog.generation()
    store.close()

    second = ingest([shared, contracts], settings, collection="legal")
    # The shared files are unchanged: nothing read, nothing encoded, only the new file written;
    # they count as joined, not as unchanged (they were not "legal"'s yet).
    assert (second.added, second.joined, second.unchanged, second.chunks, second.reused) == (1, 2, 0, 1, 0)
    assert _state(settings, embedder) == {
        "harbor.txt": ("docs", "legal"), "glacier.txt": ("docs", "legal"),
        "leave.txt": ("docs",), "lease.txt": ("legal",),
    }
    store = open_store(settings, embedder)
    try:
        assert store.catalog.generation() > generation
        after = store.vectors.get(sorted(vectors_before))
        assert all((after[cid] == v).all() for cid, v in vectors_before.items())
        assert store.catalog.counts(("docs",)) == (3, 3) and store.catalog.counts(("legal",)) == (3, 3)
        assert store.catalog.counts(("docs", "legal")) == store.catalog.counts() == (4, 4)
        assert [d.path for d in store.catalog.documents(collections=("legal",))] == \
            ["glacier.txt", "harbor.txt", "lease.txt"]
    finally:
        store.close()
    # Ingested again as it is: a no-op that moves nothing.
    again = ingest([shared, contracts], settings, collection="legal")
    assert (again.added, again.updated, again.removed, again.unchanged, again.joined) == (0, 0, 0, 3, 0)


def test_a_file_gone_from_a_swept_folder_leaves_that_collection_and_the_index_only_when_no_other_holds_it(
        tmp_path, folders, embedder):
    shared, handbook, _ = folders
    settings = Settings(index=tmp_path / "index")
    ingest([shared], settings, collection="docs")
    ingest([shared], settings, collection="legal")
    (shared / "glacier.txt").unlink()

    report = ingest([shared], settings, collection="docs")
    assert report.removed == 1
    assert _state(settings, embedder) == {"harbor.txt": ("docs", "legal"), "glacier.txt": ("legal",)}

    report = ingest([shared], settings, collection="legal")
    assert report.removed == 1
    assert _state(settings, embedder) == {"harbor.txt": ("docs", "legal")}  # vectors and BM25 checked too

    # An edit made while in two collections is one document, updated once for both.
    (shared / "harbor.txt").write_text("The harbor crew repaired the lighthouse and the east pier in spring.")
    report = ingest([shared], settings, collection="docs")
    assert report.updated == 1
    assert _state(settings, embedder) == {"harbor.txt": ("docs", "legal")}


def test_removing_a_collection_removes_only_the_documents_no_other_collection_holds(tmp_path, folders, embedder, settings):
    shared, handbook, contracts = folders
    ingest([shared, handbook], settings, collection="docs")
    ingest([shared, contracts], settings, collection="legal")
    store = open_store(settings, embedder)
    leave_chunks = set(store.catalog.chunk_ids_of(store.catalog.documents(collections=("docs",))[2].doc_id))
    store.close()

    removal = IndexWriter(settings).remove_collection("docs")
    assert (removal.name, removal.removed, removal.kept) == ("docs", 1, 2)
    assert _state(settings, embedder) == {"harbor.txt": ("legal",), "glacier.txt": ("legal",), "lease.txt": ("legal",)}
    store = open_store(settings, embedder)
    try:
        assert [c.name for c in store.catalog.collections()] == ["legal"]
        assert not leave_chunks & set(store.collection.get(include=[])["ids"])
    finally:
        store.close()
    with pytest.raises(NotFound, match=r"^collection: no collection is named 'docs'$"):
        IndexWriter(settings).remove_collection("docs")
    # The same folder ingested into the collection again brings it back, as new.
    assert ingest([handbook], settings, collection="docs").added == 1


def test_removing_one_document_takes_it_out_of_every_collection(tmp_path, folders, embedder):
    shared, _, _ = folders
    settings = Settings(index=tmp_path / "index")
    ingest([shared], settings, collection="docs")
    ingest([shared], settings, collection="legal")
    store = open_store(settings, embedder)
    harbor = next(d for d in store.catalog.documents() if d.path == "harbor.txt")
    store.close()
    assert IndexWriter(settings).remove(harbor.doc_id)
    assert _state(settings, embedder) == {"glacier.txt": ("docs", "legal")}


def _last_ingests(settings) -> dict[str, float]:
    return {c.name: c.last_ingest for c in read_collections(settings.store)}


def test_a_collection_s_last_ingest_moves_whenever_its_content_changes(tmp_path, folders, embedder):
    """Whichever collection's ingest updates (or removes) a file two collections share, both say they
    changed then; a collection that holds none of it, or an ingest that changed nothing, moves no other."""
    shared, handbook, _ = folders
    settings = Settings(index=tmp_path / "index")
    ingest([shared], settings, collection="docs")
    ingest([shared], settings, collection="legal")
    ingest([handbook], settings, collection="hr")
    before = _last_ingests(settings)
    (shared / "harbor.txt").write_text("The harbor crew repainted the lighthouse in autumn.")
    assert ingest([shared], settings, collection="legal").updated == 1
    updated = _last_ingests(settings)
    assert updated["docs"] > before["docs"] and updated["legal"] > before["legal"]
    assert updated["hr"] == before["hr"]

    assert ingest([shared], settings, collection="legal").unchanged == 2
    again = _last_ingests(settings)
    assert again["legal"] > updated["legal"]  # it was ingested into, and checked
    assert (again["docs"], again["hr"]) == (updated["docs"], updated["hr"])

    store = open_store(settings, embedder)
    harbor = next(d for d in store.catalog.documents() if d.path == "harbor.txt")
    store.close()
    assert IndexWriter(settings).remove(harbor.doc_id)
    removed = _last_ingests(settings)
    assert removed["docs"] > again["docs"] and removed["legal"] > again["legal"] and removed["hr"] == again["hr"]


@pytest.mark.parametrize("name", ["", "Docs", "../etc", "a b", "a\nb", "<script>", "-x", "x" * 65, "é", "all"])
def test_a_bad_collection_name_is_one_line_naming_the_field_and_writes_nothing(tmp_path, folders, name):
    shared, _, _ = folders
    settings = Settings(index=tmp_path / "index")
    with pytest.raises(BadRequest) as caught:
        ingest([shared], settings, collection=name)
    message = str(caught.value)
    assert message.startswith("collection: ") and "\n" not in message
    assert not (tmp_path / "index").exists()


def test_an_index_made_before_collections_opens_unchanged_with_every_document_in_the_default_one(tmp_path, embedder):
    """The fixture was made by `citeline ingest corpus --index index` with the code of commit 6d7f910
    (before collections); opening a copy migrates it: every document joins "default"."""
    from rag.engine import Engine

    index = tmp_path / "index"
    shutil.copytree(FIXTURE / "index", index)
    settings = Settings(index=index)
    engine = Engine(settings, IndexWriter(settings))
    try:
        [default] = engine.collections()
        assert (default.name, default.documents, default.chunks) == (DEFAULT_COLLECTION, 3, 3)
        assert default.last_ingest == float(engine.store.catalog.get_meta("last_ingest"))
        page = engine.documents()
        assert [d.path for d in page.documents] == ["glacier.md", "harbor.txt", "orchard.txt"]
        assert engine.documents(collections=(DEFAULT_COLLECTION,)).documents == page.documents
        answer = engine.ask("Why was the orchard moved?")
        assert answer.sources and answer.sources[0].path == "orchard.txt"
        with pytest.raises(NotFound, match="collection: no collection is named 'docs'"):
            engine.documents(collections=("docs",))

        # Writing to it works per collection: another folder into another collection.
        corpus = shutil.copytree(FIXTURE / "corpus", tmp_path / "corpus")
        report = engine.ingest([corpus], collection="docs")
        assert report.added == 3
        assert {c.name: c.documents for c in engine.collections()} == {"default": 3, "docs": 3}
        assert engine.documents(collections=("docs",)).total_documents == 3
    finally:
        engine.close()
    # Reopened, it is migrated once, not again: the new documents stay in "docs" alone.
    _state(settings, embedder)
    store = open_store(settings, embedder)
    try:
        memberships = sorted(store.catalog.collections_of(d.doc_id) for d in store.catalog.documents())
        assert memberships == [("default",)] * 3 + [("docs",)] * 3
    finally:
        store.close()


def test_a_collection_removal_cut_short_leaves_whole_documents_and_running_it_again_finishes(
        tmp_path, folders, embedder, monkeypatch):
    from rag.catalog import Catalog

    shared, handbook, contracts = folders
    settings = Settings(index=tmp_path / "index")
    ingest([shared, handbook, contracts], settings, collection="docs")
    ingest([contracts], settings, collection="legal")
    leave = Catalog.leave
    calls = []

    def leave_then_crash(self, collection, doc_id):
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process stops here: no finish, the index stays dirty
        calls.append(doc_id)
        return leave(self, collection, doc_id)

    monkeypatch.setattr(Catalog, "leave", leave_then_crash)
    with pytest.raises(KeyboardInterrupt):
        IndexWriter(settings).remove_collection("docs")
    monkeypatch.setattr(Catalog, "leave", leave)
    store = open_store(settings, embedder)
    try:
        assert store.catalog.get_meta("dirty") == "1" and "docs" in store.catalog.collection_names()
        for doc in store.catalog.documents():  # each document is in or out whole
            assert len(store.catalog.chunk_ids_of(doc.doc_id)) == doc.chunks and store.catalog.collections_of(doc.doc_id)
    finally:
        store.close()

    # Documents go by path: glacier.txt and harbor.txt had left; lease.txt and leave.txt remain.
    removal = IndexWriter(settings).remove_collection("docs")
    assert (removal.removed, removal.kept) == (1, 1)
    assert _state(settings, embedder) == {"lease.txt": ("legal",)}  # vectors and BM25 match the catalog

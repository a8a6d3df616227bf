"""Ingest with the real embedding model, against an embedded Chroma on disk and a Chroma server."""

import shutil

import pytest

from ingest.index_writer import IndexWriter
from ingest.pipeline import ingest
from rag.bm25 import BM25Index
from rag.store import IndexPaths, Store
from tests.conftest import SAMPLE_CORPUS, SAMPLE_FILE, collection_for, open_store
from tests.corpus_files import write_bad_files, write_mixed_folder


@pytest.fixture(params=["embedded", "chroma-server"])
def make_settings(request, tmp_path):
    """Every test here runs twice: vectors in the index folder, and on a real `chroma run` server."""
    from ui.settings import Settings

    remote = {}
    if request.param == "chroma-server":
        remote = {"chroma_url": request.getfixturevalue("chroma_server"), "chroma_collection": collection_for(tmp_path)}

    def make(**overrides):
        overrides.setdefault("index", tmp_path / "index")
        return Settings(**{**remote, **overrides})

    return make


def _snapshot(settings, embedder):
    store = open_store(settings, embedder)
    try:
        catalog_ids = store.catalog.all_chunk_ids()
        vector_ids = set(store.collection.get(include=[])["ids"])
        bm25 = BM25Index.load(store.paths.bm25)
        docs = {d.path: d for d in store.catalog.documents()}
        return catalog_ids, vector_ids, set(bm25.chunk_ids), docs
    finally:
        store.close()


def test_mixed_folder_with_bad_files(tmp_path, make_settings, embedder):
    corpus = tmp_path / "corpus"
    phrases = write_mixed_folder(corpus)
    bad = write_bad_files(corpus / "bad")
    settings = make_settings()
    report = ingest([corpus, tmp_path / "does-not-exist"], settings)

    assert report.added == len(phrases)
    assert report.skipped == 1 and report.skipped_types == {".png": 1}
    failed = {f.path: f.error for f in report.failed}
    assert len(failed) == len(bad) + 1
    for name, word in bad.items():
        error = failed[str(corpus.resolve() / "bad" / name)]
        assert word.lower() in error.lower() and "\n" not in error
    assert failed[str(tmp_path / "does-not-exist")] == "path does not exist"

    catalog_ids, vector_ids, bm25_ids, docs = _snapshot(settings, embedder)
    assert set(docs) == set(phrases)
    assert catalog_ids == vector_ids == bm25_ids
    store = open_store(settings, embedder)
    for path, phrase in phrases.items():
        text = store.catalog.document_text(docs[path].doc_id)
        assert phrase in text
    pdf_pages = {c.page for c in store.catalog.chunks(catalog_ids).values() if c.path == "report.pdf"}
    assert pdf_pages and pdf_pages <= {1, 2}
    store.close()


def test_reingest_is_a_no_op_and_changes_propagate(tmp_path, make_settings, embedder):
    corpus = tmp_path / "corpus"
    write_mixed_folder(corpus)
    settings = make_settings()
    first = ingest([corpus], settings)
    before = _snapshot(settings, embedder)

    again = ingest([corpus], settings)
    assert (again.added, again.updated, again.removed, again.chunks) == (0, 0, 0, 0)
    assert again.unchanged == first.added
    after = _snapshot(settings, embedder)
    assert before[:3] == after[:3]
    assert {p: d.content_hash for p, d in before[3].items()} == {p: d.content_hash for p, d in after[3].items()}

    (corpus / "plain.txt").write_text("Harbor Report\n\nThe harbor now hosts a floating museum.\n")
    (corpus / "notes" / "guide.md").unlink()
    changed = ingest([corpus], settings)
    assert (changed.added, changed.updated, changed.removed, changed.unchanged) == (0, 1, 1, 3)

    catalog_ids, vector_ids, bm25_ids, docs = _snapshot(settings, embedder)
    assert catalog_ids == vector_ids == bm25_ids
    assert "notes/guide.md" not in docs
    store = open_store(settings, embedder)
    text = store.catalog.document_text(docs["plain.txt"].doc_id)
    assert "floating museum" in text and "forty-two ships" not in text
    chunk_texts = [c.text for c in store.catalog.chunks(catalog_ids).values()]
    assert not any("forty-two" in t or "Queen bees" in t for t in chunk_texts)
    store.close()


def test_removing_one_document_takes_it_out_of_vectors_catalog_and_bm25(tmp_path, make_settings, embedder):
    corpus = tmp_path / "corpus"
    write_mixed_folder(corpus)
    settings = make_settings()
    ingest([corpus], settings)
    before = _snapshot(settings, embedder)
    guide = before[3]["notes/guide.md"]
    store = open_store(settings, embedder)
    guide_chunks = set(store.catalog.chunk_ids_of(guide.doc_id))
    store.close()

    assert IndexWriter(settings).remove(guide.doc_id) is True
    catalog_ids, vector_ids, bm25_ids, docs = _snapshot(settings, embedder)
    assert "notes/guide.md" not in docs and set(docs) == set(before[3]) - {"notes/guide.md"}
    assert catalog_ids == vector_ids == bm25_ids == before[0] - guide_chunks
    assert guide_chunks and not guide_chunks & vector_ids
    assert IndexWriter(settings).remove(guide.doc_id) is False
    # The next ingest of the folder puts it back, as a new document.
    again = ingest([corpus], settings)
    assert (again.added, again.unchanged) == (1, len(before[3]) - 1)


def test_a_failing_file_keeps_its_indexed_version(tmp_path, make_settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = corpus / "a.txt"
    good.write_text("The orchard grows twelve kinds of apples.")
    settings = make_settings()
    ingest([corpus], settings)
    good.write_bytes(b"\xff\xfe broken now")
    report = ingest([corpus], settings)
    assert len(report.failed) == 1 and report.removed == 0
    _, vector_ids, _, docs = _snapshot(settings, embedder)
    store = open_store(settings, embedder)
    assert "twelve kinds of apples" in store.catalog.document_text(docs["a.txt"].doc_id)
    assert vector_ids == store.catalog.all_chunk_ids()
    store.close()


def test_span_invariant_for_every_chunk_of_a_txt(tmp_path, make_settings, embedder):
    corpus = tmp_path / "c"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    settings = make_settings(chunk_size=300, chunk_overlap=100)
    ingest([corpus], settings)
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    store = open_store(settings, embedder)
    chunks = list(store.catalog.iter_chunks())
    assert len(chunks) > 5
    for c in chunks:
        assert text[c.start:c.end] == c.text
    store.close()


def test_settings_change_reprocesses_documents(tmp_path, make_settings, embedder):
    corpus = tmp_path / "c"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    ingest([corpus], make_settings(chunk_size=1000))
    report = ingest([corpus], make_settings(chunk_size=400))
    assert report.updated == 1
    catalog_ids, vector_ids, bm25_ids, _ = _snapshot(make_settings(), embedder)
    assert catalog_ids == vector_ids == bm25_ids


def test_single_file_argument(tmp_path, make_settings, embedder):
    settings = make_settings()
    report = ingest([SAMPLE_FILE], settings)
    assert report.added == 1
    _, _, _, docs = _snapshot(settings, embedder)
    assert list(docs) == [SAMPLE_FILE.name]
    assert IndexPaths(settings.index).exists()


def _long_document(edited: bool) -> str:
    topics = ["harbor", "glacier", "orchard", "volcano", "library", "railway", "desert", "reef"]
    paragraphs = []
    for i, topic in enumerate(topics):
        sentences = [f"Paragraph {i} tells how the {topic} crew logged item {i * 10 + j} on day {j + 1}."
                     for j in range(9)]
        if edited and i == 4:
            sentences.insert(2, "An inspector later added a long note that changes this paragraph alone.")
        paragraphs.append(" ".join(sentences))
    return "Field reports\n\n" + "\n\n".join(paragraphs) + "\n"


def test_an_edit_reuses_the_vectors_of_the_chunks_it_did_not_touch(tmp_path, make_settings, embedder):
    import numpy as np

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "reports.txt"
    doc.write_text(_long_document(edited=False))
    settings = make_settings()
    first = ingest([corpus], settings)
    doc.write_text(_long_document(edited=True))
    edited = ingest([corpus], settings)
    assert first.reused == 0 and edited.updated == 1
    # The chunks before the edit keep their ids; the ones after it move (new offsets, new ids)
    # but keep their text: all of them keep their vectors. Only the edited stretch is encoded.
    assert 0 < edited.reused < edited.chunks, (edited.reused, edited.chunks)

    # Reused vectors are the ones encoding the same input gives now, in both stores.
    fresh = make_settings(index=tmp_path / "fresh", **({"chroma_collection": "fresh-" + settings.chroma_collection}
                                                       if settings.chroma_url else {}))
    assert ingest([corpus], fresh).reused == 0
    ours, theirs = open_store(settings, embedder), open_store(fresh, embedder)
    try:
        ids = sorted(ours.catalog.all_chunk_ids())
        assert ids == sorted(theirs.catalog.all_chunk_ids())
        a = ours.collection.get(ids=ids, include=["embeddings", "metadatas"])
        b = theirs.collection.get(ids=ids, include=["embeddings", "metadatas"])
        # Chunks the edit left in place are not rewritten, yet Chroma matches a fresh ingest:
        # the same ids (no stale ones left), vectors and metadata.
        assert ours.collection.count() == len(ids)
        assert dict(zip(a["ids"], a["metadatas"])) == dict(zip(b["ids"], b["metadatas"]))
        va = dict(zip(a["ids"], np.asarray(a["embeddings"])))
        vb = dict(zip(b["ids"], np.asarray(b["embeddings"])))
        assert min(float(va[i] @ vb[i]) for i in ids) > 0.9999
        sa, sb = ours.catalog.sentence_vectors(ids), theirs.catalog.sentence_vectors(ids)
        for i in ids:
            assert sa[i].shape == sb[i].shape and np.allclose(sa[i], sb[i], atol=2e-3)
    finally:
        ours.close()
        theirs.close()


def test_an_index_made_with_chromas_default_sync_threshold_gets_ours(tmp_path, make_settings, embedder, monkeypatch):
    """Chroma persists its HNSW index every `sync_threshold` vectors; a collection made before
    we set ours (100) is brought to it by the next ingest."""
    import rag.store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The lighthouse keeper logged every passing ship by lamplight.")
    settings = make_settings()
    ours = rag.store.HNSW
    monkeypatch.setattr(rag.store, "HNSW", {**ours, "sync_threshold": 1000})
    ingest([corpus], settings)
    store = open_store(settings, embedder)
    assert store.collection.configuration_json["hnsw"]["sync_threshold"] == 1000
    store.close()

    monkeypatch.setattr(rag.store, "HNSW", ours)
    (corpus / "b.txt").write_text("Fog horns sounded twice a minute when the coast was hidden.")
    assert ingest([corpus], settings).added == 1
    store = open_store(settings, embedder)
    try:
        assert store.collection.configuration_json["hnsw"]["sync_threshold"] == ours["sync_threshold"] == 100
        assert store.collection.count() == 2
    finally:
        store.close()


def test_a_theme_template_is_skipped_not_failed(tmp_path, make_settings):
    # Every MkDocs Material docs tree has overrides/main.html, only `{% extends "base.html" %}`: a
    # failure there made a whole, good tree's ingest end in status 1.
    corpus = tmp_path / "docs"
    (corpus / "overrides").mkdir(parents=True)
    (corpus / "overrides" / "main.html").write_text('{% extends "base.html" %}\n')
    (corpus / "index.md").write_text("# Otters\n\nOtters hold hands while they sleep.\n")
    report = ingest([corpus], make_settings())
    assert report.added == 1 and not report.failed
    assert report.skipped_types == {".html template": 1}


def test_a_fifo_named_like_a_document_is_refused_without_waiting_for_a_writer(tmp_path, embedder):
    import os
    import threading

    from ui.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.md").write_text("# Orchard\n\nThe orchard grows twelve kinds of apples.\n")
    fifo = corpus / "fifo.md"
    os.mkfifo(fifo)
    settings = Settings(index=tmp_path / "index")
    reports = []
    worker = threading.Thread(target=lambda: reports.append(ingest([corpus], settings)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    waited_for_a_writer = worker.is_alive()
    if waited_for_a_writer:  # let the blocked ingest go before failing
        with open(fifo, "wb"):
            pass
        worker.join(timeout=60)
    assert not waited_for_a_writer and reports
    report = reports[0]
    assert report.added == 1
    assert [(f.path, f.error) for f in report.failed] == [(str(fifo.resolve()), "not a regular file")]


def test_a_file_turned_into_one_long_line_is_refused_in_one_line_and_keeps_its_indexed_version(
        tmp_path, make_settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    notes = corpus / "notes.txt"
    notes.write_text("Orchard Notes\n\nThe orchard grows twelve kinds of apples.\n")
    settings = make_settings(max_line_chars=5_000)
    ingest([corpus], settings)
    before = _snapshot(settings, embedder)
    notes.write_text(" ".join(["The orchard grows twelve kinds of apples."] * 200))  # 8,399 characters, one line
    report = ingest([corpus], settings)
    assert [(f.path, f.error) for f in report.failed] == [
        (str(notes), "one line runs 8,399 characters without a line break, past the 5,000-character line limit "
                     "(max_line_chars): minified code or a data dump, not prose: refused")]
    assert (report.added, report.updated, report.removed, report.chunks) == (0, 0, 0, 0)
    assert _snapshot(settings, embedder) == before

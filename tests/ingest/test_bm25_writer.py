"""The BM25 update: after any sequence of changes it is the index bm25s would build from scratch,
and it tokenizes only what changed."""

import hashlib
import json
import random

import bm25s
import numpy as np
import pytest
import scipy.sparse as sp

from ingest.bm25_writer import update_bm25
from ingest.chunker import ChunkingPolicy, split_into_chunks
from rag.bm25 import META_FILE, BM25Index, indexed_text, tokenize
from rag.catalog import Catalog
from rag.types import DocumentRecord
from tests.conftest import SAMPLE_FILE

_WORDS = SAMPLE_FILE.read_text(encoding="utf-8").split()
_POLICY = ChunkingPolicy(300, 50)


def _put(catalog: Catalog, name: str, text: str, title: str | None = None) -> int:
    title = title if title is not None else name
    chunks = split_into_chunks(text, doc_id=name, path=f"{name}.txt", title=title, policy=_POLICY)
    record = DocumentRecord(
        doc_id=name, path=f"{name}.txt", root="r", title=title,
        content_hash=hashlib.sha256(f"{title}\0{text}".encode()).hexdigest(),
        chunks=len(chunks), ingested_at=0.0, kind="txt",
    )
    catalog.put_document(record, text, chunks)
    return len(chunks)


def _text(rng: random.Random) -> str:
    start = rng.randrange(len(_WORDS) - 200)
    return " ".join(_WORDS[start : start + rng.randint(20, 200)])


def _scores_by_term(retriever) -> tuple[sp.csc_matrix, list[str]]:
    s = retriever.scores
    matrix = sp.csc_matrix((np.asarray(s["data"]), np.asarray(s["indices"]), np.asarray(s["indptr"])),
                           shape=(s["num_docs"], len(s["indptr"]) - 1))
    return matrix, sorted(retriever.vocab_dict, key=retriever.vocab_dict.get)[: matrix.shape[1]]


def assert_same_as_from_scratch(catalog: Catalog, folder) -> None:
    """Same chunks in the same order, and the same score for every (chunk, term) as bm25s.index()."""
    chunks = list(catalog.iter_chunks())
    ours = BM25Index.load(folder)
    assert ours.chunk_ids == [c.chunk_id for c in chunks]
    if not chunks:
        assert ours.search("cartel", 5) == []
        return
    plain = bm25s.BM25()
    plain.index(tokenize([indexed_text(c) for c in chunks]), show_progress=False)
    mine, my_terms = _scores_by_term(ours._retriever)
    theirs, their_terms = _scores_by_term(plain)
    # bm25s adds an empty token for queries with no known word; it has no column of scores.
    assert set(my_terms) == set(their_terms) - {""}
    column = {t: i for i, t in enumerate(their_terms)}
    difference = mine - theirs[:, [column[t] for t in my_terms]]
    assert difference.nnz == 0 or abs(difference).max() == 0.0
    for query in ("fentanyl production", "Culiacán cartel laboratories", "army soldiers"):
        assert ours.search(query, 10) == BM25Index([c.chunk_id for c in chunks], 0, plain).search(query, 10)


@pytest.mark.parametrize("slice_documents", [20_000, 3], ids=["one slice", "slices of 3 documents"])
def test_updates_match_a_build_from_scratch_through_adds_edits_renames_and_deletes(tmp_path, monkeypatch,
                                                                                   slice_documents):
    monkeypatch.setattr("ingest.bm25_writer._SLICE_DOCUMENTS", slice_documents)
    rng = random.Random(7)
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    folder = tmp_path / "bm25"
    texts = {f"doc{i:02d}": _text(rng) for i in range(40)}
    for name, text in texts.items():
        _put(catalog, name, text)
    first = update_bm25(catalog, folder, catalog.generation())
    assert first.kept_documents == 0 and first.tokenized_chunks == first.chunks
    assert_same_as_from_scratch(catalog, folder)

    for step in range(6):
        edited = rng.sample(sorted(texts), 3)
        tokenized = 0
        for name in edited:
            texts[name] = _text(rng)
            tokenized += _put(catalog, name, texts[name])
        gone = rng.choice(sorted(set(texts) - set(edited)))
        catalog.remove_document(gone)
        del texts[gone]
        added = f"new{step}"
        texts[added] = _text(rng)
        tokenized += _put(catalog, added, texts[added])
        update = update_bm25(catalog, folder, catalog.generation())
        # Only the edited and the added documents were tokenized; every other row was kept.
        assert update.tokenized_chunks == tokenized
        assert update.kept_documents == len(texts) - 4
        assert_same_as_from_scratch(catalog, folder)
    assert BM25Index.stored_generation(folder) == catalog.generation()


def test_a_new_title_alone_reaches_the_index(tmp_path):
    """A title is indexed with every chunk, and the chunk ids don't change with it: the
    document's version (content hash) is what says its rows are stale."""
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    folder = tmp_path / "bm25"
    text = " ".join(_WORDS[:80])
    _put(catalog, "a", text, title="Old heading")
    _put(catalog, "b", " ".join(_WORDS[100:180]), title="Other")
    update_bm25(catalog, folder, catalog.generation())
    ids_before = BM25Index.load(folder).chunk_ids
    assert BM25Index.load(folder).search("zeppelin", 5) == []

    _put(catalog, "a", text, title="Zeppelin heading")
    update = update_bm25(catalog, folder, catalog.generation())
    assert update.kept_documents == 1
    index = BM25Index.load(folder)
    assert index.chunk_ids == ids_before
    hits = index.search("zeppelin", 5)
    assert hits and {cid for cid, _ in hits} == {c.chunk_id for c in catalog.chunks_of_documents(["a"])["a"]}
    assert_same_as_from_scratch(catalog, folder)


@pytest.mark.parametrize("damage", ["old format", "counts missing", "rows do not add up"])
def test_an_index_without_usable_counts_is_built_from_scratch(tmp_path, damage):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    folder = tmp_path / "bm25"
    for i in range(5):
        _put(catalog, f"d{i}", " ".join(_WORDS[i * 50 : i * 50 + 60]))
    update_bm25(catalog, folder, catalog.generation())
    if damage == "old format":
        meta = json.loads((folder / META_FILE).read_text())
        (folder / META_FILE).write_text(json.dumps({k: v for k, v in meta.items() if k != "format"}))
    elif damage == "counts missing":
        (folder / "counts.data.npy").unlink()
    else:
        (folder / "documents.json").write_text(json.dumps({"doc_ids": ["d0"], "hashes": ["x"], "rows": [1]}))
    _put(catalog, "d9", " ".join(_WORDS[400:460]))
    update = update_bm25(catalog, folder, catalog.generation())
    assert update.kept_documents == 0 and update.tokenized_chunks == update.chunks
    assert_same_as_from_scratch(catalog, folder)


def test_deleting_everything_leaves_an_empty_index_that_can_grow_again(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    folder = tmp_path / "bm25"
    _put(catalog, "only", " ".join(_WORDS[:100]))
    update_bm25(catalog, folder, catalog.generation())
    catalog.remove_document("only")
    assert update_bm25(catalog, folder, catalog.generation()).chunks == 0
    assert_same_as_from_scratch(catalog, folder)
    _put(catalog, "again", " ".join(_WORDS[200:300]))
    update = update_bm25(catalog, folder, catalog.generation())
    assert update.tokenized_chunks == update.chunks > 0
    assert_same_as_from_scratch(catalog, folder)

"""The engine as the faces see it: documents, one document, cite, ingest and remove through a writer."""

import shutil

import pytest

from ingest.index_writer import IndexWriter
from rag.engine import Engine
from rag.errors import IndexBusy, NotFound, Unavailable
from ui.settings import Settings
from tests.conftest import SAMPLE_FILE
from tests.corpus_files import write_mixed_folder


def test_ingest_list_read_cite_and_remove_through_the_engine(tmp_path):
    corpus = tmp_path / "corpus"
    write_mixed_folder(corpus)
    settings = Settings(index=tmp_path / "index")
    IndexWriter(settings).ingest([corpus])
    engine = Engine(settings.engine, IndexWriter(settings.ingest))
    try:
        page = engine.documents(0, 2)
        assert len(page.documents) == 2 and page.total_documents > 2 and page.limit == 2
        everything = engine.documents(limit=None)
        assert len(everything.documents) == page.total_documents
        plain = next(d for d in everything.documents if d.path == "plain.txt")
        assert "forty-two ships" in engine.document(plain.doc_id).text
        assert engine.cite("counted forty-two ships")[0].doc_id == plain.doc_id

        copy = tmp_path / "extra.txt"
        shutil.copy(SAMPLE_FILE, copy)
        report = engine.ingest([copy])
        assert report.added == 1 and not report.failed
        assert engine.documents().total_documents == page.total_documents + 1

        assert engine.remove(plain.doc_id) is True
        with pytest.raises(NotFound, match="doc_id: no indexed document has id"):
            engine.document(plain.doc_id)
        assert not any(m.doc_id == plain.doc_id for m in engine.cite("counted forty-two ships"))
        assert engine.status().documents == page.total_documents
        assert engine.remove(plain.doc_id) is False

        with engine.writing():
            with pytest.raises(IndexBusy, match="another ingest is writing"):
                engine.ingest([copy])
    finally:
        engine.close()


def test_an_engine_without_a_writer_answers_but_refuses_to_write(sample_index):
    engine = Engine(Settings(index=sample_index))
    try:
        assert engine.documents().total_documents >= 1
        with pytest.raises(Unavailable, match="index: this engine was opened read-only"):
            engine.ingest([SAMPLE_FILE])
        with pytest.raises(Unavailable):
            engine.remove("0" * 20)
    finally:
        engine.close()

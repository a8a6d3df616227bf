"""The engine's collections: listing, documents of some collections, ingest and removal through its writer."""

from pathlib import Path

import pytest

from ingest.index_writer import IndexWriter
from rag.engine import Engine
from rag.errors import NotFound, Unavailable
from rag.scope import CollectionInfo, Scope
from rag.types import FinalEvent
from ui.settings import Settings


def _handbook_and_legal(tmp_path: Path) -> tuple[Path, Path]:
    """Two folders: the handbook's leave and pier pages, the legal folder's lease (of the same pier)."""
    handbook, legal = tmp_path / "handbook", tmp_path / "legal"
    handbook.mkdir()
    legal.mkdir()
    (handbook / "leave.txt").write_text("Staff take leave after asking their manager.")
    (handbook / "pier.txt").write_text("The east pier opens at dawn for the ferry crews.")
    (legal / "lease.txt").write_text("The lease of the east pier runs for ten years.")
    return handbook, legal


def test_the_engine_lists_pages_and_removes_collections(tmp_path):
    handbook, legal = _handbook_and_legal(tmp_path)
    settings = Settings(index=tmp_path / "index")
    writer = IndexWriter(settings)
    writer.ingest([handbook], collection="handbook")
    engine = Engine(settings, writer)
    try:
        assert engine.ingest([legal, handbook / "pier.txt"], collection="legal").added == 1

        infos = engine.collections()
        assert [(c.name, c.documents, c.chunks) for c in infos] == [("handbook", 2, 2), ("legal", 2, 2)]
        assert all(isinstance(c, CollectionInfo) and c.last_ingest for c in infos)

        page = engine.documents(collections=("legal",), limit=1)
        assert [d.path for d in page.documents] == ["lease.txt"]
        assert (page.total_documents, page.total_chunks, page.limit) == (2, 2, 1)
        assert [d.path for d in engine.documents(collections=("legal",), offset=1).documents] == ["pier.txt"]
        assert engine.documents(collections=("handbook", "legal")).total_documents == 3
        assert engine.documents().total_documents == 3
        with pytest.raises(NotFound, match=r"^collection: no collection is named 'nope'$"):
            engine.documents(collections=("legal", "nope"))

        ids = {d.path: d.doc_id for d in engine.documents(limit=None).documents}
        assert engine.collections_of(ids["pier.txt"]) == ("handbook", "legal")
        assert engine.collections_of(ids["lease.txt"]) == ("legal",)
        assert engine.collections_of(ids["pier.txt"], among=("legal",)) == ("legal",)
        assert engine.collections_of(ids["leave.txt"], among=("legal",)) == ()
        assert engine.collections_of("0" * 16) == ()
        with pytest.raises(NotFound, match=r"^collection: no collection is named 'nope'$"):
            engine.collections_of(ids["pier.txt"], among=("legal", "nope"))

        removal = engine.remove_collection("handbook")
        assert (removal.removed, removal.kept) == (1, 1)
        assert [(c.name, c.documents) for c in engine.collections()] == [("legal", 2)]
        assert [d.path for d in engine.documents().documents] == ["lease.txt", "pier.txt"]
        with pytest.raises(NotFound):
            engine.remove_collection("handbook")
    finally:
        engine.close()

    read_only = Engine(settings)
    try:
        with pytest.raises(Unavailable):
            read_only.remove_collection("legal")
    finally:
        read_only.close()


def test_sources_name_the_collections_of_their_document_that_the_question_read(tmp_path):
    handbook, legal = _handbook_and_legal(tmp_path)
    settings = Settings(index=tmp_path / "index", llm="none")
    writer = IndexWriter(settings)
    writer.ingest([handbook], collection="handbook")
    writer.ingest([legal, handbook / "pier.txt"], collection="legal")
    engine = Engine(settings, writer)
    question = "When does the east pier open?"
    try:
        def held(answer) -> dict[str, list[str]]:
            return {s.path: s.collections for s in answer.sources}

        everything = engine.ask(question)
        assert held(everything)["pier.txt"] == ["handbook", "legal"]
        # A question that read `legal` alone is not told that `handbook` holds the document too.
        scoped = engine.ask(question, scope=Scope(collections=("legal",)))
        assert held(scoped)["pier.txt"] == ["legal"]
        final = [e for e in engine.stream(question, scope=Scope(collections=("legal",))) if isinstance(e, FinalEvent)]
        assert held(final[0].answer)["pier.txt"] == ["legal"]
        assert final[0].answer.public_json()["sources"][0]["collections"] == ["legal"]
    finally:
        engine.close()


def test_sources_of_an_index_with_the_default_collection_alone_name_none(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "pier.txt").write_text("The east pier opens at dawn for the ferry crews.")
    settings = Settings(index=tmp_path / "index", llm="none")
    IndexWriter(settings).ingest([folder])
    engine = Engine(settings)
    try:
        answer = engine.ask("When does the east pier open?")
        assert answer.sources and all(s.collections == [] for s in answer.sources)
    finally:
        engine.close()


def test_a_ref_shows_no_title_of_a_collection_the_scope_does_not_read(tmp_path):
    """review36: a MyST `{ref}` is shown as the title of its target's heading; a target in a collection the
    question's scope leaves out names nothing (the label is shown as words), while the whole index names it."""
    public, private = tmp_path / "public", tmp_path / "private"
    public.mkdir()
    private.mkdir()
    (public / "release.md").write_text("# Release\n\nThe release freeze is described in {ref}`q3-plans` for staff.\n")
    (private / "plans.md").write_text("(q3-plans)=\n\n# Layoffs planned for the third quarter\n\nDetails.\n")
    settings = Settings(index=tmp_path / "index", llm="none")
    writer = IndexWriter(settings)
    writer.ingest([public], collection="public")
    writer.ingest([private], collection="private")
    engine = Engine(settings, writer)
    try:
        question = "Where is the release freeze described?"
        scoped = engine.ask(question, scope=Scope(collections=("public",)))
        assert "release freeze" in scoped.answer and "Layoffs" not in scoped.answer, scoped.answer
        assert "q3 plans" in scoped.answer
        whole = engine.ask(question)
        assert "described in Layoffs planned for the third quarter" in whole.answer, whole.answer
    finally:
        engine.close()

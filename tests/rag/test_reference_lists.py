"""A passage that is nothing but a list of works cited is read only when nothing else ranks."""

import pytest

from rag.reference_lists import reference_list
from rag.types import Chunk
from tests.conftest import ROOT
from tests.rag.conftest import served

ENTRIES = "12. Geerts WH, Jay RM: A comparison of low-dose heparin with low-molecular-weight heparin. N Engl J Med 1996."


def _chunk(heading: str, breaks: tuple[tuple[int, str], ...] = ()) -> Chunk:
    return Chunk("c", "d", "paper.pdf", "Paper", 0, 0, len(ENTRIES), ENTRIES, heading=heading, heading_breaks=breaks)


def test_a_passage_spanning_only_references_is_a_reference_list():
    assert reference_list(_chunk("Complications of prophylaxis › References"))
    assert reference_list(_chunk("7. Bibliography"))
    # A passage running from the discussion into the references still has sentences to quote.
    assert not reference_list(_chunk("Paper › Discussion", ((40, "Paper › References"),)))
    assert not reference_list(_chunk("Paper › Results"))


@pytest.fixture(scope="module")
def dvt_engine(tmp_path_factory, embedder):
    pdf = ROOT / "bench" / "data" / "docsqa" / "papers" / "corpus" / "sjtrem-2010-dvt-prophylaxis-trauma.pdf"
    yield from served(tmp_path_factory, "dvt", {pdf.name: pdf.read_bytes()})


def test_a_question_its_references_resemble_is_answered_from_the_body(dvt_engine):
    # Reference titles name filters, the cava and trauma: on main all five passages read were
    # references, and the question was declined (papers a55).
    answer = dvt_engine.ask("What can go wrong with inferior vena cava filters?")
    assert not answer.abstained
    assert "filters migrate" in answer.answer


def test_where_a_reference_entry_is_still_finds_it_in_the_list(dvt_engine):
    # Ranking reference lists last is for answering: a reader asking where an entry is cited finds it.
    from rag.reference_lists import reference_list

    catalog = dvt_engine.store.catalog
    (doc_id,) = [d.doc_id for d in dvt_engine.documents().documents]
    listed = [c for c in catalog.chunks_of_documents({doc_id})[doc_id] if reference_list(c)]
    assert listed
    entry = max(listed[0].text.split("\n"), key=len)[:120]
    typo = entry[:40] + ("x" if entry[40] != "x" else "y") + entry[41:]
    matches = dvt_engine.cite(typo)
    assert matches and matches[0].kind in ("exact", "near"), matches
    assert listed[0].start <= matches[0].start < listed[0].end

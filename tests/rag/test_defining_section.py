"""The passage opening the section a what-is question names (rag/defining_section.py)."""

import pytest

from rag.defining_section import defining_chunk
from rag.types import Chunk
from tests.rag.conftest import pages_of

QUESTION = "What is a slotted class?"


def _chunk(cid: str, start: int, heading: str, doc: str = "glossary", breaks: tuple[tuple[int, str], ...] = ()) -> Chunk:
    return Chunk(cid, doc, f"{doc}.md", doc, start // 100, start, start + 100, "text", heading=heading,
                 heading_breaks=breaks)


CHUNKS = {c.chunk_id: c for c in [
    _chunk("gotchas", 1900, "Glossary › slotted classes"),
    _chunk("speed", 400, "How Does It Work? › Immutability › Slotted Classes", doc="how"),
    _chunk("definition", 900, "Glossary › slotted classes"),
    _chunk("dict", 100, "Glossary › dict classes"),
]}


def _read(ids):
    return {cid: CHUNKS[cid] for cid in ids if cid in CHUNKS}


def test_the_first_passage_of_the_best_ranked_section_naming_the_subject():
    # The gotchas rank first; the definition opens their section. Another page's section of the same
    # name ranks below the first match and is not read.
    assert defining_chunk(QUESTION, ["dict", "gotchas", "speed", "definition"], _read) == "definition"
    assert defining_chunk(QUESTION, ["speed", "gotchas", "definition"], _read) == "speed"


def test_a_kind_word_and_a_plural_name_the_same_thing():
    assert defining_chunk("What are slotted classes?", ["definition"], _read) == "definition"
    assert defining_chunk("What is the slotted class option?", ["definition"], _read) == "definition"


def test_no_section_names_the_subject_or_the_question_asks_no_definition():
    assert defining_chunk("What is a frozen class?", ["dict", "gotchas", "definition"], _read) is None
    assert defining_chunk("How do I make a slotted class?", ["gotchas", "definition"], _read) is None
    assert defining_chunk(QUESTION, [], _read) is None


def test_a_section_starting_inside_a_passage_is_opened_by_that_passage():
    running = _chunk("running", 700, "Glossary › dict classes", breaks=((850, "Glossary › slotted classes"),))
    chunks = CHUNKS | {"running": running}
    assert defining_chunk(QUESTION, ["gotchas", "running", "definition"],
                          lambda ids: {cid: chunks[cid] for cid in ids if cid in chunks}) == "running"


def test_only_a_definition_question_reads_the_candidates():
    read: list[str] = []

    def reading(ids):
        read.extend(ids)
        return _read(ids)

    defining_chunk("How do I make a slotted class?", ["gotchas"], reading)
    assert read == []


# On attrs' own pages (bench/data/docsqa/attrs/corpus, MIT): the glossary defines "slotted classes", and the
# passages after the definition, on their gotchas, rank above it. Dev item attrs a19.
ATTRS_PAGES = ["glossary.md", "how-does-it-work.md", "examples.md", "init.md", "hashing.md"]
DEFINITION = "A class whose instances have no"


@pytest.fixture(scope="module")
def attrs(tmp_path_factory, embedder):
    with pages_of(tmp_path_factory, "attrs", ATTRS_PAGES) as engine:
        yield engine


def test_the_definition_read_beyond_the_k_leads_the_answer(attrs):
    retrieval = attrs.retrieve(QUESTION)
    assert not any(DEFINITION in h.chunk.text for h in retrieval.hits)
    assert any(DEFINITION in h.chunk.text for h in retrieval.leaders)
    answer = attrs.ask(QUESTION)
    assert answer.answer.startswith("slotted classes: A class whose instances have no `object.__dict__` attribute"), \
        answer.answer


def test_a_question_asking_no_definition_reads_no_section_for_it(attrs):
    retrieval = attrs.retrieve("How do I monkeypatch a method of a slotted class in my tests?")
    assert not any(DEFINITION in h.chunk.text for h in retrieval.leaders)

"""A list question whose read winner lists nothing reads the next chunk of the winner's section, and a
list there leads (rag/section_list.py, `_listed` in rag/answerer.py). On MkDocs' own pages
(bench/data/docsqa/mkdocs/corpus): dev item MkDocs a49, where "Overriding Template Blocks" is cut between
its prose and "The MkDocs and ReadTheDocs themes provide the following blocks:" with the blocks."""

from pathlib import Path

import pytest

from tests.rag.conftest import served

MKDOCS = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "mkdocs" / "corpus"
PAGES = ("user-guide/customizing-your-theme.md", "dev-guide/themes.md", "user-guide/choosing-your-theme.md")

BLOCKS = "Which template blocks of the built-in themes can I override?"
LISTED = "The MkDocs and ReadTheDocs themes provide the following blocks:"
ITEM = "* `site_meta`: Contains meta tags"  # the list's first item, as the page writes it


@pytest.fixture(scope="module")
def mkdocs(tmp_path_factory, embedder):
    yield from served(tmp_path_factory, "mkdocs-pages", {name: (MKDOCS / name).read_text(encoding="utf-8")
                                                          for name in PAGES})


def test_the_list_is_in_the_chunk_after_the_winners_and_no_passage_read_holds_it(mkdocs):
    from rag.section_list import next_in_section

    retrieval = mkdocs.retrieve(BLOCKS)
    assert not any(ITEM in h.chunk.text for h in retrieval.hits)
    section = next(h for h in retrieval.hits if "individually overridden" in h.chunk.text)
    answerer = mkdocs.answerer
    passage = next_in_section(section.chunk, retrieval.hits, answerer.catalog, answerer.embedder)
    assert passage is not None and ITEM in passage.chunk.text
    assert len(passage.vectors) == len(passage.sentences)


def test_a_list_question_is_answered_with_the_list_its_section_goes_on_to(mkdocs):
    answer = mkdocs.ask(BLOCKS)
    assert not answer.abstained
    assert answer.answer.startswith(LISTED), answer.answer
    assert "`site_meta`" in answer.answer


def test_a_lead_in_lists_only_with_a_list():
    from rag.section_list import lists
    from rag.units import answer_units

    text = "The themes provide the following blocks:\n\n* `site_meta`: Meta tags.\n* `htmltitle`: The title.\n"
    units = answer_units(text)
    assert any(u.kind == "lead_in" and lists(u) for u in units)
    code = "Your `main.html` would contain the following:\n\n```django\n{% extends \"base.html\" %}\n```\n"
    assert not any(lists(u) for u in answer_units(code) if u.kind == "lead_in")

"""A follow-up asking for another entry of a reference page than the one the previous answer named
("And a description?" after `site_name`) is answered with the entry's name and its description: the
description sentence alone ("Set the site description.") does not say which setting it is. On MkDocs'
configuration reference (BSD licence; bench/data/docsqa/mkdocs/NOTICE)."""

from pathlib import Path

import pytest

from rag.types import Message
from tests.rag.conftest import engine_of_files

MKDOCS = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "mkdocs" / "corpus" / "user-guide"


@pytest.fixture(scope="module")
def mkdocs_engine(tmp_path_factory):
    pages = ("configuration.md", "writing-your-docs.md")
    engine = engine_of_files(tmp_path_factory, "mkdocs-config",
                             {name: (MKDOCS / name).read_text(encoding="utf-8") for name in pages})
    yield engine
    engine.close()


# The question, a paraphrased answer naming an entry as written, the follow-up, the entry it asks for.
ANOTHER_ENTRY = [
    ("How do I give my site a name?", "Set site_name in mkdocs.yml; it is required.", "And a description?",
     "site_description"),
    ("How do I give my site a name?", "Set site_name in mkdocs.yml; it is required.", "And its author?",
     "site_author"),
    ("Where does MkDocs write the built site?", "Into the folder set by site_dir, which is site by default.",
     "And the Markdown sources?", "docs_dir"),
]


@pytest.mark.parametrize("question,answer,follow_up,entry", ANOTHER_ENTRY)
def test_a_follow_up_asking_for_another_entry_names_it(mkdocs_engine, question, answer, follow_up, entry):
    history = [Message(role="user", content=question), Message(role="assistant", content=answer)]
    reply = mkdocs_engine.ask(follow_up, history=history)
    assert not reply.abstained and reply.answer.startswith(f"{entry}: "), reply.answer
    # Only a setting's name is shown so: "Writing your docs" heads a section of words, no entry.
    assert "Writing your docs: " not in reply.answer, reply.answer


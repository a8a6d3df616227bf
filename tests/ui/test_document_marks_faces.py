"""A paper's own citation marks ("[1,2]") are shown as the paper's ("[refs 1,2]"), never as a Citeline
[n] marker, on the faces that show an answer's text: the CLI (text and JSON, the shape the HTTP API and
the OpenAI endpoint send) and the chat's HTML, where only Citeline's markers are links. The paper is
Clinical Science 2014's ACE inhibitors paper (bench/data/docsqa/papers, CC BY, see its NOTICE)."""

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ui.cli import app
from ui.render import answer_html

PAPER = (Path(__file__).resolve().parents[2] / "bench/data/docsqa/papers/corpus"
         / "clinical-science-2014-ace-n-domain-inhibitors.pdf")
QUESTION = "What role does ACE play in blood pressure regulation?"


@pytest.fixture(scope="module")
def paper_index(tmp_path_factory) -> Path:
    from ingest.pipeline import ingest
    from ui.settings import Settings

    folder = tmp_path_factory.mktemp("paper")
    shutil.copy(PAPER, folder / PAPER.name)
    index = folder.parent / "paper-index"
    report = ingest([folder], Settings(index=index))
    assert report.added == 1 and not report.failed
    return index


def _ask_json(index: Path) -> dict:
    out = CliRunner().invoke(app, ["ask", QUESTION, "--index", str(index), "--json"])
    return json.loads(out.stdout)


def test_the_papers_marks_are_its_own_and_every_marker_is_a_source(paper_index):
    data = _ask_json(paper_index)
    assert "electrolyte homoeostasis [refs 1,2]." in data["answer"]  # the paper's works cited 1 and 2
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])}
    assert numbers == {s["n"] for s in data["sources"]}  # each [n] left is Citeline's, and names a source
    # The cited span is the paper's text as written.
    assert any("electrolyte homoeostasis [1,2]." in s["text"] for s in data["sources"])


def test_the_chat_links_only_citelines_markers(paper_index):
    from ingest.index_writer import IndexWriter
    from rag.engine import Engine
    from ui.settings import Settings

    settings = Settings(index=paper_index)
    html = answer_html(Engine(settings.engine, IndexWriter(settings.ingest)).ask(QUESTION))
    assert "[refs 1,2]" in html
    assert not re.search(r'<a class="cite"[^>]*>\[refs', html)
    linked = set(re.findall(r'<a class="cite" data-n="(\d+)"', html))
    assert linked and all(f'id="src-{n}"' in html for n in linked)


def test_the_cli_text(paper_index):
    out = CliRunner().invoke(app, ["ask", QUESTION, "--index", str(paper_index)])
    assert "[refs 1,2]" in out.stdout

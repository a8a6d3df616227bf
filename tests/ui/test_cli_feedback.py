"""`citeline feedback export` in-process: the set it writes, and one-line errors."""

import json

from typer.testing import CliRunner

from tests.ui.test_feedback_store import shown
from ui.cli import app
from ui.feedback_store import FeedbackStore

runner = CliRunner()


def test_export_writes_one_rated_answer_a_line_filtered_by_rating(tmp_path):
    store = FeedbackStore(tmp_path)
    up, down, unrated = (store.record(shown(q)) for q in ("liked?", "disliked?", "never rated?"))
    store.rate(up, "up", "<b>good</b>")
    store.rate(down, "down")
    out = tmp_path / "set.jsonl"
    result = runner.invoke(app, ["feedback", "export", "--index", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0 and "2 rated answer(s) exported" in result.stderr
    items = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(i["id"], i["rating"], i["question"]) for i in items] == [(up, "up", "liked?"), (down, "down", "disliked?")]
    assert items[0]["comment"] == "<b>good</b>" and items[0]["sources"][0]["path"] == "/docs/a.txt"
    only_up = runner.invoke(app, ["feedback", "export", "--index", str(tmp_path), "--only", "up"])
    assert [json.loads(line)["id"] for line in only_up.stdout.splitlines()] == [up]


def test_export_errors_are_one_line(tmp_path):
    bad_only = runner.invoke(app, ["feedback", "export", "--index", str(tmp_path), "--only", "sideways"])
    assert bad_only.exit_code == 2 and bad_only.stderr.strip() == "error: --only: must be up, down or all, not 'sideways'"
    missing = runner.invoke(app, ["feedback", "export", "--index", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "no index at" in missing.stderr and len(missing.stderr.splitlines()) == 1
    unwritable = runner.invoke(app, ["feedback", "export", "--index", str(tmp_path), "--out", str(tmp_path / "no" / "f")])
    assert unwritable.exit_code == 2 and "--out" in unwritable.stderr

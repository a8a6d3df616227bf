"""Feedback through the HTTP API of the running server, then exported and run as an eval set."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest

from tests.conftest import ROOT
from tests.ui.test_api import QUESTION, assert_error
from ui.feedback_store import MAX_COMMENT_CHARS, FeedbackStore

HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> **not bold** &amp;'


@pytest.fixture(scope="module")
def api(server):
    with httpx.Client(base_url=server.url, headers=server.auth, timeout=60) as client:
        yield client


def ask(api, question: str = QUESTION, **extra) -> dict:
    r = api.post("/api/ask", json={"question": question, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def stored(server, answer_id: str):
    [record] = FeedbackStore(server.index).rated(answer_id=answer_id)
    return record


def test_an_answer_is_rated_by_its_id_and_stored_with_what_was_shown(api, server):
    history = [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi."}]
    answer = ask(api, history=history)
    assert len(answer["id"]) == 32 and ask(api)["id"] != answer["id"]
    r = api.post("/api/feedback", json={"answer_id": answer["id"], "rating": "up", "comment": "  exactly right  "})
    assert r.status_code == 200, r.text
    saved = r.json()
    assert (saved["answer_id"], saved["rating"], saved["comment"]) == (answer["id"], "up", "exactly right")
    record = stored(server, answer["id"])
    assert record.question == QUESTION and [m.model_dump() for m in record.history] == history
    assert record.answer == answer["answer"] and record.abstained is False and record.llm == "none"
    assert [(s.path, s.start, s.end, s.text) for s in record.sources] == [
        (s["path"], s["start"], s["end"], s["text"]) for s in answer["sources"]]
    # Changing one's mind replaces the rating.
    assert api.post("/api/feedback", json={"answer_id": answer["id"], "rating": "down"}).status_code == 200
    assert (stored(server, answer["id"]).rating, stored(server, answer["id"]).comment) == ("down", "")


def test_a_hostile_comment_is_stored_verbatim_and_returned_as_json_text(api, server):
    answer_id = ask(api)["id"]
    r = api.post("/api/feedback", json={"answer_id": answer_id, "rating": "down", "comment": HOSTILE})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json()["comment"] == HOSTILE and stored(server, answer_id).comment == HOSTILE


def test_bad_feedback_gets_a_one_line_error_naming_the_field(api, server):
    answer_id = ask(api)["id"]
    assert_error(api.post("/api/feedback", json={"answer_id": answer_id, "rating": "up",
                                                 "comment": "x" * (MAX_COMMENT_CHARS + 1)}), 422, "comment", "2000")
    assert_error(api.post("/api/feedback", json={"answer_id": "f" * 32, "rating": "up"}), 404, "answer_id")
    assert_error(api.post("/api/feedback", json={"answer_id": "../../etc/passwd", "rating": "up"}), 422, "answer_id")
    assert_error(api.post("/api/feedback", json={"answer_id": answer_id, "rating": "meh"}), 422, "rating")
    surrogate = b'{"answer_id": "%s", "rating": "up", "comment": "\\ud800"}' % answer_id.encode()
    assert_error(api.post("/api/feedback", content=surrogate, headers={"content-type": "application/json"}),
                 422, "comment", "unicode")
    assert list(FeedbackStore(server.index).rated(answer_id=answer_id)) == []


def test_feedback_is_guarded_like_the_other_writes(api, server):
    answer_id = ask(api)["id"]
    body = {"answer_id": answer_id, "rating": "up"}
    assert_error(httpx.post(server.url + "/api/feedback", json=body), 401, "token")
    assert_error(httpx.post(server.url + "/api/feedback", json=body, headers={"Authorization": "Bearer wrong"}),
                 401, "token")
    assert_error(api.post("/api/feedback", json=body, headers={"Origin": "http://evil.example"}), 403, "origin")
    # The allowed embedding origin may rate (the embed does it from its iframe).
    assert api.post("/api/feedback", json=body, headers={"Origin": server.embed_origin}).status_code == 200


def citeline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_ratings_exported_become_an_eval_set_that_runs_and_reports(api, server, tmp_path):
    up = ask(api, "What do recent initiatives include?")
    down = ask(api)
    for answer, rating in ((up, "up"), (down, "down")):
        assert api.post("/api/feedback", json={"answer_id": answer["id"], "rating": rating,
                                               "comment": HOSTILE}).status_code == 200
    out = tmp_path / "feedback.jsonl"
    exported = citeline("feedback", "export", "--index", str(server.index), "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    items = {item["id"]: item for item in map(json.loads, out.read_text().splitlines())}
    assert items[up["id"]]["rating"] == "up" and items[down["id"]]["rating"] == "down"
    assert items[up["id"]]["comment"] == HOSTILE

    only_down = citeline("feedback", "export", "--index", str(server.index), "--only", "down")
    assert only_down.returncode == 0
    assert {json.loads(line)["rating"] for line in only_down.stdout.splitlines()} == {"down"}

    # Just these two items: the system is unchanged, so the approved answer is kept and the rejected
    # one is given again (an open complaint, not fixed).
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps(items[up["id"]]) + "\n" + json.dumps(items[down["id"]]) + "\n")
    run = citeline("eval", "feedback", "--set", str(mine), "--index", str(server.index), "--json", "--check")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert (report["up_items"], report["up_kept"], report["down_items"], report["down_fixed"]) == (1, 1, 1, 0)
    results = [json.loads(line) for line in open(report["results_file"])]
    assert [r["passed"] for r in results] == [True, False]

    # An approved answer whose evidence is gone is a regression: --check fails and names it.
    moved = dict(items[up["id"]], sources=[dict(s, path="/elsewhere.txt") for s in items[up["id"]]["sources"]])
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(moved) + "\n")
    run = citeline("eval", "feedback", "--set", str(broken), "--index", str(server.index), "--check")
    assert run.returncode == 1
    assert f"regression: {up['id']}" in run.stdout


def test_a_bad_set_line_is_named_with_its_file_and_line(server, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    run = citeline("eval", "feedback", "--set", str(bad), "--index", str(server.index))
    assert run.returncode == 2 and f"{bad}:1:" in run.stderr and len(run.stderr.strip().splitlines()) == 1

"""`citeline ingest --collection`, `citeline collections [--json]` and `citeline collections remove`."""

import json
from datetime import datetime

from typer.testing import CliRunner

from ui.cli import app

runner = CliRunner()


def _folder(path, files):
    path.mkdir(parents=True)
    for name, text in files.items():
        (path / name).write_text(text)
    return str(path)


def test_ingest_into_collections_list_them_and_remove_one(tmp_path):
    index = str(tmp_path / "ix")
    handbook = _folder(tmp_path / "handbook", {"leave.txt": "Staff take leave after asking their manager.",
                                               "pier.txt": "The east pier opens at dawn."})
    contracts = _folder(tmp_path / "contracts", {"lease.txt": "The lease of the east pier runs ten years."})
    for folder, collection in [(handbook, "handbook"), (contracts, "legal"), (handbook, "legal")]:
        result = runner.invoke(app, ["ingest", folder, "--index", index, "--collection", collection, "--json"])
        assert result.exit_code == 0, result.output
    joined = json.loads(result.stdout)
    assert (joined["joined"], joined["unchanged"], joined["added"]) == (2, 0, 0)  # not read again
    again = runner.invoke(app, ["ingest", handbook, "--index", index, "--collection", "legal"])
    assert again.exit_code == 0 and "unchanged 2, joined 0," in again.stdout, again.output

    listed = runner.invoke(app, ["collections", "--index", index, "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(r["name"], r["documents"], r["chunks"]) for r in rows] == [("handbook", 2, 2), ("legal", 3, 3)]
    assert all(isinstance(r["last_ingest"], float) for r in rows)
    # ISO 8601 with its offset, the same instant as the Unix seconds and the same string as the text.
    assert all(datetime.fromisoformat(r["last_ingest_iso"]).tzinfo is not None for r in rows)
    assert all(abs(datetime.fromisoformat(r["last_ingest_iso"]).timestamp() - r["last_ingest"]) < 1 for r in rows)
    plain = runner.invoke(app, ["collections", "--index", index])
    assert plain.exit_code == 0 and plain.stdout.splitlines()[0] == \
        f"handbook\t2 documents\t2 chunks\tlast ingest {rows[0]['last_ingest_iso']}"
    status = json.loads(runner.invoke(app, ["status", "--index", index, "--json"]).stdout)
    assert datetime.fromisoformat(status["last_ingest_iso"]).timestamp() == int(status["last_ingest"])
    assert f"last ingest: {status['last_ingest_iso']}" in runner.invoke(app, ["status", "--index", index]).stdout

    removed = runner.invoke(app, ["collections", "remove", "legal", "--index", index])
    assert removed.exit_code == 0, removed.output
    assert removed.stdout.strip() == "removed collection legal: 1 document removed, 2 kept (other collections hold them)"
    rows = json.loads(runner.invoke(app, ["collections", "--index", index, "--json"]).stdout)
    assert [(r["name"], r["documents"]) for r in rows] == [("handbook", 2)]


def test_bad_and_unknown_collections_are_one_line_errors(tmp_path):
    index = str(tmp_path / "ix")
    folder = _folder(tmp_path / "docs", {"a.txt": "Some text about harbours."})
    bad = runner.invoke(app, ["ingest", folder, "--index", index, "--collection", "Hand Book"])
    assert bad.exit_code == 2
    assert bad.stderr.strip().splitlines() == [
        "error: collection: 'Hand Book' is not a collection name: use lower-case letters, digits, '-', '_' and '.', "
        "starting with a letter or digit"]
    assert not (tmp_path / "ix").exists()

    missing = runner.invoke(app, ["collections", "--index", index])
    assert missing.exit_code == 1 and "citeline ingest" in missing.stderr
    assert runner.invoke(app, ["ingest", folder, "--index", index]).exit_code == 0
    unknown = runner.invoke(app, ["collections", "remove", "nope", "--index", index])
    assert unknown.exit_code == 1
    assert unknown.stderr.strip().splitlines() == ["error: collection: no collection is named 'nope'"]


def test_ask_names_the_collections_a_cited_document_belongs_to(tmp_path):
    index = str(tmp_path / "ix")
    handbook = _folder(tmp_path / "handbook", {"pier.txt": "The east pier opens at dawn for the ferry crews."})
    contracts = _folder(tmp_path / "contracts", {"lease.txt": "The lease of the east pier runs ten years."})
    question = ["ask", "When does the east pier open?", "--index", index, "--llm", "none"]
    assert runner.invoke(app, ["ingest", handbook, "--index", index]).exit_code == 0
    alone = runner.invoke(app, question)
    # The default collection alone: the sources name none, as before collections.
    assert alone.exit_code == 0 and "pier.txt, chars" in alone.stdout and "collection" not in alone.stdout, alone.output
    for folder, collection in [(handbook, "handbook"), (contracts, "legal"), (handbook, "legal")]:
        assert runner.invoke(app, ["ingest", folder, "--index", index, "--collection", collection]).exit_code == 0
    shown = runner.invoke(app, question)
    assert shown.exit_code == 0, shown.output
    assert "pier.txt, chars 0-48, collections default, handbook, legal" in " ".join(shown.stdout.split())
    scoped = runner.invoke(app, [*question, "--collection", "legal", "--json"])
    assert scoped.exit_code == 0, scoped.output
    sources = json.loads(scoped.stdout)["sources"]
    assert {s["path"]: s["collections"] for s in sources}["pier.txt"] == ["legal"]


def test_cite_names_the_collections_a_matched_document_belongs_to(tmp_path):
    index = str(tmp_path / "ix")
    handbook = _folder(tmp_path / "handbook", {"pier.txt": "The east pier opens at dawn for the ferry crews."})
    for collection in ["handbook", "legal"]:
        assert runner.invoke(app, ["ingest", handbook, "--index", index, "--collection", collection]).exit_code == 0
    shown = runner.invoke(app, ["cite", "opens at dawn", "--index", index])
    assert shown.exit_code == 0, shown.output
    assert "pier.txt, chars 14-27, collections handbook, legal" in shown.stdout, shown.output
    scoped = runner.invoke(app, ["cite", "opens at dawn", "--index", index, "--collection", "legal", "--json"])
    assert scoped.exit_code == 0, scoped.output
    assert [m["collections"] for m in json.loads(scoped.stdout)["matches"]] == [["legal"]]

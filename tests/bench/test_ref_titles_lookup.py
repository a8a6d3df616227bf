"""bench/ref_titles_lookup.py runs and finds every label it looks up."""

import json
import sys

from bench import ref_titles_lookup


def test_the_lookup_bench_finds_every_label_and_writes_its_times(tmp_path, monkeypatch):
    out = tmp_path / "ref.json"
    monkeypatch.setattr(sys, "argv", ["ref_titles_lookup", "--pages", "60", "--out", str(out)])
    ref_titles_lookup.main()
    result = json.loads(out.read_text())
    assert result["labels"] == 3 and result["found"] == 3
    assert len(result["next_requests_s"]) == 3 and result["first_request_s"] > 0

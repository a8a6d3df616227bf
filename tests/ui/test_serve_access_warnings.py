"""`citeline serve` with an access file that does not fit the index says so at start: a table for a
collection the index lacks (most often a misspelt name, which leaves the real collection closed), and
the collections no table opens. The server still starts: the collection may be ingested later."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.ui.conftest import start_server, stop_server


def test_serve_warns_of_tables_for_no_collection_and_of_closed_collections(sample_index, tmp_path: Path) -> None:
    access = tmp_path / "access.toml"
    access.write_text('[collections.defualt]\npublic = true\n')  # the sample index holds `default`
    proc, url = start_server(sample_index, tmp_path / "serve.log", {"CITELINE_ACCESS_FILE": str(access),
                                                                    "CITELINE_API_TOKEN": "admin-token-0123456789ab"})
    try:
        log = (tmp_path / "serve.log").read_text()
        assert (f"warning: access file {access}: [collections.defualt] names no collection of this index "
                "(it has: default)") in log, log
        assert f"warning: access file {access}: no table for default: only the server's api_token reads it" in log
        assert httpx.get(url + "/healthz", timeout=30).status_code == 200
    finally:
        stop_server(proc)


def test_serve_is_quiet_when_the_file_fits(sample_index, tmp_path: Path) -> None:
    access = tmp_path / "access.toml"
    access.write_text('[collections.default]\npublic = true\n')
    proc, _ = start_server(sample_index, tmp_path / "serve.log", {"CITELINE_ACCESS_FILE": str(access)})
    try:
        assert "warning" not in (tmp_path / "serve.log").read_text()
    finally:
        stop_server(proc)

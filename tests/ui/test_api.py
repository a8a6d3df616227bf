"""The HTTP API against the running server: answers, lookups, documents, uploads and every error."""

import re
from datetime import datetime

import httpx
import pytest

from tests.conftest import SAMPLE_FILE
from tests.ui.conftest import MAX_UPLOAD

QUESTION = "Why did operatives relocate their operations?"


@pytest.fixture(scope="module")
def api(server):
    with httpx.Client(base_url=server.url, headers=server.auth, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def upload_api(upload_server):
    with httpx.Client(base_url=upload_server.url, headers=upload_server.auth, timeout=60) as client:
        yield client


def assert_still_serving(api):
    assert api.get("/healthz").json()["status"] == "ok"


def assert_error(response, status, *words):
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail
    for word in words:
        assert word in detail, detail


def test_ask_returns_the_cli_json_with_support_and_links(api):
    r = api.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    data = r.json()
    assert {"answer", "sources", "abstained", "sentences"} <= set(data)
    assert "[1]" in data["answer"] and not data["abstained"]
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    src = data["sources"][0]
    assert text[src["start"]:src["end"]] == src["text"]
    assert "relocate their operations" in src["text"]
    assert src["passage"][src["start"] - src["passage_start"]:src["end"] - src["passage_start"]] == src["text"]
    assert src["url"].startswith(f"/view/{src['doc_id']}?start=")
    assert src["collections"] == []  # the default collection alone: no collection is named
    assert all(isinstance(s["supported"], bool) and s["citations"] for s in data["sentences"])


def test_ask_takes_history_k_and_llm(api):
    r = api.post("/api/ask", json={
        "question": "What do recent initiatives include?", "k": 3, "llm": "none",
        "history": [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "They moved. [1]"}]})
    assert r.status_code == 200, r.text
    assert "Recent initiatives include" in r.json()["answer"]


def test_bad_questions_get_clear_4xx(api):
    assert_error(api.post("/api/ask", json={"question": "   "}), 400, "question", "empty")
    assert_error(api.post("/api/ask", json={"question": "why " * 200}), 413, "question", "500")
    assert_error(api.post("/api/ask", json={}), 422, "question")
    assert_error(api.post("/api/ask", json={"question": "x", "k": 0}), 422, "k")
    assert_error(api.post("/api/ask", json={"question": "x", "history": [{"role": "robot", "content": "hi"}]}),
                 422, "history")
    assert_still_serving(api)


def test_a_json_body_not_sent_as_json_is_named_so(api):
    # `curl -d '{"question": …}'` sends a form: the reply was "body: Input should be a valid dictionary or
    # object to extract fields from", which does not say what to change.
    body = b'{"question": "Why did operatives relocate?"}'
    for kind, shown in (("application/x-www-form-urlencoded", "application/x-www-form-urlencoded"),
                        ("text/plain; charset=utf-8", "text/plain"), (None, "missing")):
        for route in ("/api/ask", "/v1/chat/completions"):
            r = api.post(route, content=body, headers={"content-type": kind} if kind else {})
            assert_error(r, 422, f"body: send a JSON object with Content-Type: application/json (this request's is {shown})")
    assert_error(api.post("/api/ask", json=[1]), 422, "body: Input should be a valid dictionary")


def test_token_is_required_and_checked(server):
    no_token = httpx.post(server.url + "/api/ask", json={"question": QUESTION})
    assert_error(no_token, 401, "token")
    wrong = httpx.post(server.url + "/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer nope"})
    assert_error(wrong, 401, "token")
    assert_error(httpx.get(server.url + "/api/documents"), 401, "token")
    assert_error(httpx.post(server.url + "/api/ingest", files={"files": ("a.txt", b"Hello there.")}), 401, "token")
    header = httpx.get(server.url + "/api/documents", headers={"X-Citeline-Token": server.token})
    assert header.status_code == 200
    assert httpx.get(server.url + "/healthz").status_code == 200


def assert_same_instant(row: dict) -> None:
    """`last_ingest` (Unix seconds) and `last_ingest_iso` (ISO 8601 with its offset) say the same time."""
    iso = datetime.fromisoformat(row["last_ingest_iso"])
    assert iso.tzinfo is not None and isinstance(row["last_ingest"], float)
    assert iso.timestamp() == int(row["last_ingest"])  # the ISO string is whole seconds


def test_healthz_and_collections_give_the_last_ingest_in_unix_and_iso_time(api):
    assert_same_instant(api.get("/healthz").json())
    listed = api.get("/api/collections").json()["collections"]
    assert [c["name"] for c in listed] == ["default"]
    for row in listed:
        assert_same_instant(row)


def test_documents_list_and_text(api):
    docs = api.get("/api/documents").json()
    sample = next(d for d in docs["documents"] if d["path"] == "culiacan_fentanyl_crackdown.txt")
    assert sample["chunks"] >= 1 and docs["total_chunks"] >= sample["chunks"]
    assert docs["total_documents"] == len(docs["documents"]) and (docs["offset"], docs["limit"]) == (0, 100)
    page = api.get("/api/documents", params={"limit": 1, "offset": docs["total_documents"] - 1}).json()
    assert page["documents"] == docs["documents"][-1:]
    assert_error(api.get("/api/documents", params={"limit": 0}), 422, "limit")
    one = api.get(f"/api/documents/{sample['doc_id']}").json()
    assert one["text"] == SAMPLE_FILE.read_text(encoding="utf-8") and one["chars"] == len(one["text"])
    assert "root" not in one  # where the file lived on the server is nobody's business


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd",
                                    "..", "0123456789abcdef0123/../x", "ZZZZ"])
def test_path_traversal_ids_are_refused(api, doc_id):
    # Sent raw, so neither the client nor a proxy resolves the dots before the server sees them.
    r = api.get(httpx.URL(api.base_url.join("/api/documents/")).copy_with(raw_path=f"/api/documents/{doc_id}".encode()))
    assert 400 <= r.status_code < 500
    assert "root:" not in r.text
    assert_still_serving(api)


def test_unknown_doc_id_is_404(api):
    assert_error(api.get("/api/documents/0123456789abcdef0123"), 404, "doc_id", "0123456789abcdef0123")
    assert api.get("/view/0123456789abcdef0123").status_code == 404


def test_cite_finds_a_reformatted_quote_exactly(api):
    r = api.post("/api/cite", json={"text": "  THE spike in raids has\nprompted operatives  "})
    assert r.status_code == 200, r.text
    first = r.json()["matches"][0]
    assert first["kind"] == "exact" and first["text"] == "The spike in raids has prompted operatives"
    assert_error(api.post("/api/cite", json={"text": ""}), 400, "text")
    assert_error(api.post("/api/cite", json={"text": "a" * 501}), 413, "text")


def test_upload_errors_name_the_file(upload_api, upload_server):
    assert_error(upload_api.post("/api/ingest", files={"files": ("tool.exe", b"MZ\x00\x00")}), 415, "tool.exe", ".exe")
    big = b"word " * (MAX_UPLOAD // 5 + 10)
    assert_error(upload_api.post("/api/ingest", files={"files": ("big.txt", big)}), 413, "big")
    binary = {"files": ("binary.txt", b"\x00\x01\x02" * 100)}
    assert_error(upload_api.post("/api/ingest", files=binary), 422, "binary.txt")
    assert_error(upload_api.post("/api/ingest"), 422, "files")
    uploads = upload_server.index / "uploads"
    assert not uploads.exists() or not any(p.name.startswith(("tool", "big", "binary")) for p in uploads.iterdir())
    assert_still_serving(upload_api)


def test_an_upload_where_some_files_fail_says_which_went_in(upload_api, upload_server):
    # The reply was a 422 naming empty.md alone, while the good file had gone into the index.
    body = b"# Tide tables\n\nThe Marrowick tide tables are printed every April.\n"
    r = upload_api.post("/api/ingest", files=[("files", ("empty-tides.md", b"")), ("files", ("tides.md", body))])
    assert r.status_code == 207, r.text
    summary = r.json()
    assert summary["added"] == 1 and summary["files"] == ["tides.md"]
    assert [(f["path"], "empty" in f["error"]) for f in summary["failed"]] == [("empty-tides.md", True)]
    assert "tides.md" in [d["path"] for d in upload_api.get("/api/documents", params={"limit": 1000}).json()["documents"]]
    assert not (upload_server.index / "uploads" / "empty-tides.md").exists()
    # None indexed is still an error naming each file.
    r = upload_api.post("/api/ingest", files=[("files", ("empty-a.md", b"")), ("files", ("binary-b.md", b"\x00\x01" * 50))])
    assert_error(r, 422, "file empty-a.md: ", "; file binary-b.md: ")


def test_the_openapi_entry_of_ingest_documents_the_partial_summary(upload_api):
    documented = upload_api.get("/openapi.json").json()["paths"]["/api/ingest"]["post"]["responses"]
    assert documented["207"]["content"]["application/json"]["schema"]["$ref"].endswith("/IngestResponse")


def test_json_nested_too_deeply_is_named_so(api):
    # json.loads' RecursionError was reported as "body: is not valid JSON in UTF-8".
    deep = '{"question": "hi", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    for route in ("/api/ask", "/v1/chat/completions"):
        r = api.post(route, content=deep.encode(), headers={"content-type": "application/json"})
        assert_error(r, 400, "body: JSON nested too deeply")
    assert_error(api.post("/api/ask", content=b'{"question": "hi"', headers={"content-type": "application/json"}),
                 422, "body: is not valid JSON")
    assert_still_serving(api)


def test_an_upload_named_with_a_quote_is_titled_without_its_escape(upload_api):
    r = upload_api.post("/api/ingest", files={"files": ('otter "river" notes.md', b"Otters swim in the river.\n")})
    assert r.status_code == 200, r.text
    stored = r.json()["files"][0]
    assert stored.startswith("otter_river_notes~"), stored
    listed = {d["path"]: d["title"] for d in upload_api.get("/api/documents").json()["documents"]}
    assert "22" not in listed[stored], listed[stored]
    # The title is made from the name sent: no cleaning marks, no digest ("Otter river notes EF045DFC").
    assert listed[stored] == 'Otter "river" notes', listed[stored]


def test_a_title_from_the_name_sent_has_no_format_characters(upload_api):
    # The title is made from the name sent, not the stored one: the right-to-left override stayed in it
    # and turned the documents list's "Evil<U+202E>txt.exe" around (shown as "Evilexe.txt").
    r = upload_api.post("/api/ingest", files={"files": ("evil\u202etxt.exe\u200b.md", b"Kilns fire clay.\n")})
    assert r.status_code == 200, r.text
    stored = r.json()["files"][0]
    assert re.fullmatch(r"evil_txt\.exe~[0-9a-f]{8}\.md", stored), stored
    listed = {d["path"]: d["title"] for d in upload_api.get("/api/documents").json()["documents"]}
    assert listed[stored] == "Eviltxt.exe", ascii(listed[stored])


def test_a_multipart_body_that_cannot_be_read_is_named(upload_api):
    # A file name of 5,000 characters passes the parser's header limit: the reply was "Invalid multipart
    # data." with no field (error.param null) and no cause.
    r = upload_api.post("/api/ingest", files={"files": ("a" * 5000 + ".md", b"# A\n\nA.\n")})
    assert_error(r, 400, "files: the multipart body could not be read (Maximum header size exceeded: a part's "
                         "header, its file name included, may be up to 4,224 bytes)")
    assert r.json()["error"]["param"] == "files"
    broken = upload_api.post("/api/ingest", content=b"--b\r\nno headers at all",
                             headers={"content-type": "multipart/form-data; boundary=b"})
    assert broken.status_code in (400, 422) and broken.json()["error"]["param"], broken.text
    assert_still_serving(upload_api)


def test_an_upload_named_with_an_html_end_tag_keeps_its_name_whole(upload_api, upload_server):
    # The `/` of `</b>` is no folder: the name was stored as `b-….md` and titled "B …".
    body = b"Angles are measured in degrees or radians.\n"
    r = upload_api.post("/api/ingest", files={"files": ("angle <b>bold</b>.md", body)})
    assert r.status_code == 200, r.text
    stored = r.json()["files"][0]
    assert re.fullmatch(r"angle_b_bold_b~[0-9a-f]{8}\.md", stored), stored
    assert (upload_server.index / "uploads" / stored).read_bytes() == body
    listed = {d["path"]: d["title"] for d in upload_api.get("/api/documents").json()["documents"]}
    assert listed[stored] == "Angle <b>bold</b>", listed[stored]
    # A real folder before it still goes; a document's own title still wins over its name.
    r = upload_api.post("/api/ingest", files={"files": ("../x/<i>it</i>/tilt <b>deg</b>.md", b"# Tilts\n\nTilts.\n")})
    stored = r.json()["files"][0]
    assert re.fullmatch(r"tilt_b_deg_b~[0-9a-f]{8}\.md", stored), stored
    listed = {d["path"]: d["title"] for d in upload_api.get("/api/documents").json()["documents"]}
    assert listed[stored] == "Tilts", listed[stored]


def test_upload_is_indexed_under_a_safe_name_and_answerable(upload_api, upload_server):
    body = ("# Lighthouse keeping\n\nThe Brimstone Point lighthouse was automated in 1987, "
            "after which its last keeper moved to the mainland.\n")
    r = upload_api.post("/api/ingest", files={"files": ("../../etc/Light house!.md", body.encode())})
    assert r.status_code == 200, r.text
    # The cleaned name carries a digest of the name sent, so that two names cleaning alike never collide.
    stored = r.json()["files"][0]
    assert r.json()["added"] == 1 and re.fullmatch(r"Light_house~[0-9a-f]{8}\.md", stored), stored
    assert (upload_server.index / "uploads" / stored).read_text() == body
    assert not (upload_server.index.parent / "etc").exists()
    docs = upload_api.get("/api/documents").json()["documents"]
    assert any(d["title"] == "Lighthouse keeping" for d in docs)
    answer = upload_api.post("/api/ask", json={"question": "When was the Brimstone Point lighthouse automated?"}).json()
    assert "1987" in answer["answer"] and answer["sources"][0]["path"] == stored


def test_a_document_is_removed_by_id_and_nothing_else(upload_api, upload_server):
    body = "# Ferry timetable\n\nThe Quillon Sound ferry leaves at 06:40 on weekdays.\n"
    assert upload_api.post("/api/ingest", files={"files": ("ferry.md", body.encode())}).status_code == 200
    docs = upload_api.get("/api/documents", params={"limit": 1000}).json()["documents"]
    ferry = next(d for d in docs if d["title"] == "Ferry timetable")
    question = {"question": "When does the Quillon Sound ferry leave?"}
    assert "06:40" in upload_api.post("/api/ask", json=question).json()["answer"]

    # Without the token, from another origin, or with a bad id: refused, and nothing is removed.
    assert_error(httpx.delete(upload_server.url + f"/api/documents/{ferry['doc_id']}"), 401, "token")
    r = upload_api.delete(f"/api/documents/{ferry['doc_id']}", headers={"Origin": "https://evil.example"})
    assert r.status_code == 403, r.text
    assert_error(upload_api.delete("/api/documents/..%2F..%2Fetc%2Fpasswd"), 400, "doc_id")
    assert_error(upload_api.delete("/api/documents/" + "0" * 20), 404, "doc_id")
    assert upload_api.get(f"/api/documents/{ferry['doc_id']}").status_code == 200

    r = upload_api.delete(f"/api/documents/{ferry['doc_id']}")
    assert r.status_code == 200, r.text
    assert r.json() == {"doc_id": ferry["doc_id"], "path": ferry["path"], "removed": [ferry["doc_id"]]}
    assert_error(upload_api.get(f"/api/documents/{ferry['doc_id']}"), 404, "doc_id")
    answer = upload_api.post("/api/ask", json=question).json()
    assert all(s["path"] != ferry["path"] for s in answer["sources"]) and "06:40" not in answer["answer"]
    left = {d["doc_id"] for d in upload_api.get("/api/documents", params={"limit": 1000}).json()["documents"]}
    assert left == {d["doc_id"] for d in docs} - {ferry["doc_id"]}
    assert_error(upload_api.delete(f"/api/documents/{ferry['doc_id']}"), 404, "doc_id")


def test_a_source_gives_the_heading_path_above_its_passage(upload_api):
    # try8: README promised `heading` on every source; no face gave it (`ask --json`, /api/ask, /v1).
    body = ("# Harbour handbook\n\n## Moorings\n\n### Winter berths\n\n"
            "Winter berths at Quillmoor Dock are allocated every October by the harbour master.\n")
    assert upload_api.post("/api/ingest", files={"files": ("harbour.md", body.encode())}).status_code == 200
    question = "When are winter berths at Quillmoor Dock allocated?"
    source = upload_api.post("/api/ask", json={"question": question}).json()["sources"][0]
    assert "October" in source["text"]
    assert source["heading"] == "Harbour handbook › Moorings › Winter berths"
    reply = upload_api.post("/v1/chat/completions", json={"model": "citeline", "messages": [
        {"role": "user", "content": question}]}).json()
    assert reply["citations"][0]["heading"] == "Harbour handbook › Moorings › Winter berths"


def test_a_sentence_cited_from_a_later_section_of_its_passage_gives_that_sections_path(upload_api):
    # ingest9: the path was the passage's first section's, so this sentence showed "Pilotage".
    body = ("# Estuary guide\n\n## Pilotage\n\nPilots board vessels off the Brannock buoy.\n\n"
            "## Anchorages\n\nSmall craft anchor in the lee of Tolven Spit at neap tides.\n")
    assert upload_api.post("/api/ingest", files={"files": ("estuary.md", body.encode())}).status_code == 200
    question = "Where do small craft anchor in the estuary?"
    source = upload_api.post("/api/ask", json={"question": question}).json()["sources"][0]
    assert "Tolven Spit" in source["text"] and "Pilots board" in source["passage"]
    assert source["heading"] == "Estuary guide › Anchorages"
    reply = upload_api.post("/v1/chat/completions", json={"model": "citeline", "messages": [
        {"role": "user", "content": question}]}).json()
    assert reply["citations"][0]["heading"] == "Estuary guide › Anchorages"

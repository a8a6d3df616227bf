"""Per-collection access through a real `citeline serve` (port 0) with an access settings file: the
token/origin matrix attacked through every route of the process, Gradio's included.

The sample corpus sits in the `default` collection, made private here (read and write tokens, the
intranet's origin); `docs` is the public help-centre collection (no token, one embedding origin).
Whatever a caller without a right to `default` sends, nothing of the sample corpus comes back, and
a request that names `default` is a 403 naming it."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.ui.conftest import start_server, stop_server
from tests.ui.security_http import gradio_call, gradio_join
from tests.ui.security_routes import DOC_ID, route_calls

ADMIN = "admin-token-0123456789ab"
READ = "private-read-0123456789"
WRITE = "private-write-012345678"
DOCS_WRITE = "docs-write-0123456789ab"
WRONG = "nobody-gave-this-token-0"
PUBLIC_SITE = "https://help.example.com"
INTRANET = "https://intranet.example.com"
QUESTION = "Why did operatives relocate their operations?"
# Words of the sample corpus no page, script or error message of Citeline contains.
CORPUS_WORDS = ("Sinaloa", "Culiac", "fentanyl", "Fentanyl")

ACCESS = f"""
# The sample corpus (the default collection) is private here.
[collections.default]
read_tokens = ["{READ}"]
write_tokens = ["{WRITE}"]
allowed_origins = ["{INTRANET}"]

[collections.docs]
public = true
write_tokens = ["{DOCS_WRITE}"]
allowed_origins = ["{PUBLIC_SITE}"]
"""


@dataclass
class AccessServer:
    url: str
    access_file: Path
    doc_id: str  # the sample document's id


def leaks(text: str) -> list[str]:
    return [word for word in CORPUS_WORDS if word in text]


@pytest.fixture(scope="module")
def access_server(sample_index, tmp_path_factory) -> Iterator[AccessServer]:
    folder = tmp_path_factory.mktemp("access")
    index = folder / "index"
    shutil.copytree(sample_index, index)
    access_file = folder / "access.toml"
    access_file.write_text(ACCESS)
    env = {"CITELINE_API_TOKEN": ADMIN, "CITELINE_ACCESS_FILE": str(access_file), "CITELINE_ALLOWED_ORIGINS": "",
           "CITELINE_MAX_QUESTION_CHARS": "500"}
    proc, url = start_server(index, folder / "serve.log", env)
    try:
        docs = httpx.get(url + "/api/documents", headers=bearer(ADMIN), timeout=60).json()["documents"]
        yield AccessServer(url, access_file, docs[0]["doc_id"])
    finally:
        stop_server(proc)


def bearer(token: str | None, origin: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if origin:
        headers["Origin"] = origin
    return headers


def post(server: AccessServer, path: str, body: dict, headers: dict) -> httpx.Response:
    return httpx.post(server.url + path, json=body, headers=headers, timeout=120)


def assert_refused(response: httpx.Response, collection: str = "default") -> None:
    assert response.status_code == 403, (response.status_code, response.text[:300])
    assert response.json()["detail"].startswith(f"collection {collection}: "), response.text[:300]
    assert not leaks(response.text)


# -- at start -------------------------------------------------------------------------------------
def test_a_bad_access_file_stops_the_server_with_one_line(sample_index, tmp_path: Path) -> None:
    bad = tmp_path / "access.toml"
    bad.write_text('[collections.docs]\npublic = true\nread_tokens = ["short"]\n')
    done = subprocess.run([sys.executable, "-m", "ui.cli", "serve", "--index", str(sample_index), "--port", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CITELINE_ACCESS_FILE": str(bad)})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: access file {bad}: collections.docs.read_tokens: "), lines


# -- the matrix through the API -------------------------------------------------------------------
@pytest.mark.parametrize("headers", [bearer(None), bearer(None, PUBLIC_SITE), bearer(READ, PUBLIC_SITE),
                                     bearer(ADMIN, PUBLIC_SITE), bearer(DOCS_WRITE)],
                         ids=["no-token", "public-embed-origin", "private-token-from-public-site",
                              "admin-token-from-public-site", "docs-write-token"])
def test_callers_without_a_right_to_the_private_collection_get_403_naming_it(access_server, headers) -> None:
    s = access_server
    assert_refused(post(s, "/api/ask", {"question": QUESTION, "collection": "default"}, headers))
    assert_refused(post(s, "/api/ask", {"question": QUESTION, "collection": ["docs", "default"]}, headers))
    assert_refused(post(s, "/api/cite", {"text": "operations", "collection": "default"}, headers))
    for path in ("/api/documents", f"/api/documents/{s.doc_id}", f"/view/{s.doc_id}"):
        assert_refused(httpx.get(s.url + path, params={"collection": "default"}, headers=headers, timeout=60))
    for path in (f"/api/documents/{s.doc_id}", f"/view/{s.doc_id}"):
        refused = httpx.get(s.url + path, headers=headers, timeout=60)  # unnamed: not in what it may read
        assert refused.status_code in (403, 404) and not leaks(refused.text), refused.text[:300]
    assert_refused(post(s, "/v1/chat/completions", {"model": "default", "messages": [
        {"role": "user", "content": QUESTION}]}, headers))
    assert_refused(post(s, "/v1/chat/completions", {"model": "citeline", "collection": "default", "messages": [
        {"role": "user", "content": QUESTION}]}, headers))
    assert_refused(httpx.get(s.url + "/v1/models/default", headers=headers, timeout=60))
    models = httpx.get(s.url + "/v1/models", headers=headers, timeout=60).json()["data"]
    assert "default" not in [m["id"] for m in models] and "docs" in [m["id"] for m in models]


def test_a_sandboxed_frame_reads_nothing(access_server) -> None:
    """Origin `null` (a sandboxed iframe, a data: page) is another site no collection lists."""
    s = access_server
    refused = post(s, "/api/ask", {"question": QUESTION}, bearer(READ, "null"))
    assert refused.status_code == 403 and refused.json()["detail"].startswith("origin: null")  # at the door
    # With an access file the origins are per collection: the hint points there, not at the global setting.
    assert "allowed_origins of a collection in the access file" in refused.json()["detail"]
    assert "CITELINE_ALLOWED_ORIGINS" not in refused.json()["detail"]
    assert_refused(httpx.get(s.url + "/api/documents", params={"collection": "default"},
                             headers=bearer(READ, "null"), timeout=60))
    refused = httpx.get(s.url + "/api/documents", headers=bearer(READ, "null"), timeout=60)
    assert refused.status_code == 403 and refused.json()["detail"].startswith("collection: this caller may read no")


def test_a_wrong_token_is_401_everywhere_it_is_looked_at(access_server) -> None:
    for path in ("/api/documents", "/v1/models", "/", "/config"):
        assert httpx.get(access_server.url + path, headers=bearer(WRONG), timeout=60).status_code == 401
    assert post(access_server, "/api/ask", {"question": QUESTION}, bearer(WRONG)).status_code == 401


def test_read_only_and_read_write_tokens(access_server) -> None:
    s = access_server
    answered = post(s, "/api/ask", {"question": QUESTION, "collection": "default", "llm": "none"}, bearer(READ))
    assert answered.status_code == 200 and answered.json()["sources"], answered.text[:300]
    assert leaks(answered.text)  # the control: a reader does get the corpus
    listed = httpx.get(s.url + "/v1/models", headers=bearer(READ), timeout=60).json()["data"]
    assert [m["id"] for m in listed] == ["citeline", "default", "docs"]
    files = {"files": ("note.txt", b"A note about herons.\n", "text/plain")}
    for token in (READ, DOCS_WRITE, None):
        refused = httpx.post(s.url + "/api/ingest", params={"collection": "default"}, files=files,
                             headers=bearer(token), timeout=60)
        assert_refused(refused)
        refused = httpx.delete(s.url + f"/api/documents/{s.doc_id}", params={"collection": "default"},
                               headers=bearer(token), timeout=60)
        assert_refused(refused)
    refused = httpx.post(s.url + "/api/ingest", params={"collection": "docs"}, files=files, headers=bearer(READ),
                         timeout=60)
    assert_refused(refused, "docs")
    assert "write_tokens" in refused.json()["detail"]
    # The intranet page may read the private collection with its token, never the public one's.
    assert post(s, "/api/cite", {"text": "operations", "collection": "default"},
                bearer(READ, INTRANET)).status_code == 200
    assert_refused(post(s, "/api/cite", {"text": "operations", "collection": "docs"}, bearer(READ, INTRANET)), "docs")


def test_the_embed_is_framed_only_by_its_collections_origins(access_server) -> None:
    def ancestors(params: dict) -> str:
        csp = httpx.get(access_server.url + "/embed", params=params, timeout=60).headers["content-security-policy"]
        return csp.split("frame-ancestors", 1)[1].strip()

    assert ancestors({"collection": "docs"}) == f"'self' {PUBLIC_SITE}"
    assert ancestors({"collection": "default"}) == f"'self' {INTRANET}"
    assert ancestors({"collection": ["docs", "default"]}) == "'self'"
    assert ancestors({}) == "'self'"  # names none: only pages every collection allows
    assert ancestors({"collection": "nothing-here"}) == "'self'"  # default deny


# -- every route of the process ------------------------------------------------------------------
@pytest.fixture(scope="module")
def routes(sample_engine):
    from ui.server import create_app
    from ui.settings import ServerSettings

    return route_calls(create_app(sample_engine, ServerSettings()))


def test_every_route_keeps_the_private_collection_from_the_public_embed_origin(access_server, routes) -> None:
    """Each method and path the app declares, Gradio's included, as the public site's visitor (no token,
    its Origin) and as a program with no token: the private collection named in the query and the body.
    A route answers a refusal, or something without a word of the private corpus."""
    s = access_server
    seen = []
    for headers in (bearer(None, PUBLIC_SITE), bearer(None)):
        # A connection per request: a stream cut off by the read timeout leaves none to reuse.
        with httpx.Client(base_url=s.url, headers=headers, timeout=120,
                          limits=httpx.Limits(max_keepalive_connections=0)) as client:
            for call in routes:
                path = call.path.replace(DOC_ID, s.doc_id)
                body = {"question": QUESTION, "text": "operations", "collection": "default",
                        "model": "default", "messages": [{"role": "user", "content": QUESTION}],
                        "data": [QUESTION, "none", "default", ""]}
                status, text = read_some(client, call.method, path, body)
                assert not leaks(text), (call, status, text[:300])
                if path.startswith(("/api/", "/v1/")) and status == 403:
                    assert "collection default" in text or "origin" in text, text[:300]
                seen.append((call.method, call.template, status))
    assert len({(m, t) for m, t, _ in seen}) == len(routes) and len(routes) > 60  # Gradio's routes counted


def read_some(client: httpx.Client, method: str, path: str, body: dict, most: int = 500_000) -> tuple[int, str]:
    """A response's status and its first bytes: Gradio's event streams (heartbeat, queue data) do not end,
    so an event stream is read to its first event, anything else to its end or `most` bytes."""
    data = b""
    with client.stream(method, path, params={"collection": "default"}, timeout=httpx.Timeout(120, read=30),
                       json=body if method in ("POST", "PUT", "PATCH", "DELETE") else None) as response:
        endless = response.headers.get("content-type", "").startswith("text/event-stream")
        try:
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) >= most or endless:
                    break
        except (httpx.ReadTimeout, httpx.RemoteProtocolError):
            pass  # a stream that waits for events, or one the server ended: what came is what is checked
        return response.status_code, data.decode(errors="replace")


@pytest.mark.parametrize("headers", [bearer(None), bearer(READ, PUBLIC_SITE), bearer(DOCS_WRITE)],
                         ids=["no-token", "private-token-from-public-site", "docs-write-token"])
def test_gradio_endpoints_refuse_the_private_collection_whatever_the_script_sends(access_server, headers) -> None:
    """The page's script picks the collection; the server checks it against the request's token and origin,
    at the door: a 403 naming it before Gradio queues the call, whichever route and argument shape."""
    s = access_server
    for call in (gradio_call(s.url, "chat", [QUESTION, "none", "default", ""], headers),
                 gradio_call(s.url, "cite", ["operations", "default", ""], headers),
                 gradio_call(s.url, "upload", [[], "default"], headers),
                 gradio_join(s.url, "chat", [QUESTION, [], [], "none", [], "default", "", None], headers),
                 gradio_join(s.url, "cite", ["operations", "default", ""], headers),
                 gradio_join(s.url, "upload", [[], "default"], headers)):
        assert_refused(httpx.Response(call.status, text=call.stream))
    for path, body in (("/gradio_api/call/v2/chat", {"message": QUESTION, "llm": "none", "collection": "default"}),
                       ("/gradio_api/run/cite", {"data": ["operations", "default", ""]}),
                       ("/gradio_api/call/upload/", {"data": [[], "default"]})):
        assert_refused(post(s, path, body, headers))


def test_the_door_reads_a_gradio_body_as_gradio_does(access_server) -> None:
    """An fn_index sent as a string (Gradio's model takes "0" for 0), a body sent in chunks with no
    length: refused at the door all the same; one over the size limit is a 413 before Gradio sees it."""
    s = access_server
    config = httpx.get(s.url + "/config", timeout=60).json()
    chat = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "chat")
    body = {"data": [QUESTION, [], [], "none", [], "default", "", None], "fn_index": str(chat), "session_hash": "s0123"}
    assert_refused(post(s, "/gradio_api/queue/join", body, {}))

    def chunks(data: bytes, size: int = 1000) -> Iterator[bytes]:
        yield from (data[i:i + size] for i in range(0, len(data), size))

    raw = json.dumps({"data": [QUESTION, "none", "default", ""]}).encode()
    chunked = httpx.post(s.url + "/gradio_api/call/chat", content=chunks(raw), timeout=60,
                         headers={"content-type": "application/json"})
    assert "content-length" not in chunked.request.headers
    assert_refused(chunked)
    big = json.dumps({"data": [QUESTION, "none", "docs", "x" * 2_000_000]}).encode()
    too_large = httpx.post(s.url + "/gradio_api/call/chat", content=chunks(big, 65536), timeout=60,
                           headers={"content-type": "application/json"})
    assert too_large.status_code == 413 and too_large.json()["detail"].startswith("body: "), too_large.text[:300]


def test_gradio_checks_the_write_right_for_uploads(access_server) -> None:
    """A reader of the private collection may search it through Gradio but not add to it."""
    s = access_server
    asked = gradio_call(s.url, "cite", ["operations", "default", ""], bearer(READ))
    assert asked.status == 200 and leaks(asked.stream), asked.stream[:300]
    refused = gradio_call(s.url, "upload", [[], "default"], bearer(READ))
    assert_refused(httpx.Response(refused.status, text=refused.stream))
    assert "write_tokens" in refused.stream


def test_gradio_uploads_into_the_collection_the_documents_tab_names(access_server, tmp_path) -> None:
    """The upload's own collection argument, not the chat's picker: the docs writer adds to `docs`, and
    the answer says where the files went."""
    from gradio_client import Client, handle_file

    s = access_server
    note = tmp_path / "heron-note.txt"
    note.write_text("Grey herons nest in the reeds by the north lake.\n")
    client = Client(s.url, headers=bearer(DOCS_WRITE), verbose=False)
    result, listed, _ = client.predict([handle_file(str(note))], "docs", api_name="/upload")
    try:
        assert "into collection docs: added 1" in result and not leaks(result + listed), result
        docs = httpx.get(s.url + "/api/documents", params={"collection": "docs"}, headers=bearer(DOCS_WRITE),
                         timeout=60).json()["documents"]
        assert [d["path"] for d in docs] == ["heron-note.txt"]
    finally:
        for doc in httpx.get(s.url + "/api/documents", params={"collection": "docs"}, headers=bearer(ADMIN),
                             timeout=60).json()["documents"]:
            removed = httpx.delete(s.url + f"/api/documents/{doc['doc_id']}", headers=bearer(ADMIN), timeout=60)
            removed.raise_for_status()


def test_gradio_chat_answers_a_reader_of_the_private_collection(access_server) -> None:
    chat = gradio_call(access_server.url, "chat", [QUESTION, "none", "default", ""], bearer(READ))
    assert chat.status == 200 and leaks(chat.stream) and "collection default: " not in chat.stream, chat.stream[:500]
    joined = gradio_join(access_server.url, "chat", [QUESTION, [], [], "none", [], "default", "", None], bearer(READ))
    assert joined.status == 200 and leaks(joined.stream), joined.stream[:500]
    assert "collection default: " not in joined.stream


def test_the_chat_page_config_quotes_no_private_document(access_server) -> None:
    # No documents table and no example questions drawn from the private corpus in what every visitor loads.
    for path in ("/", "/config"):
        page = httpx.get(access_server.url + path, timeout=60)
        assert page.status_code == 200 and not leaks(page.text)


def test_asking_without_a_collection_reads_only_what_the_caller_may(access_server) -> None:
    """No collection named: every one the caller may read. The public visitor's is `docs` (nothing
    ingested into it here), so the private corpus stays out of the answer, the list and the chat."""
    s = access_server
    for headers in (bearer(None), bearer(None, PUBLIC_SITE), bearer(DOCS_WRITE)):
        asked = post(s, "/api/ask", {"question": QUESTION}, headers)
        assert not leaks(asked.text), asked.text[:300]
        listed = httpx.get(s.url + "/api/documents", headers=headers, timeout=60)
        assert not leaks(listed.text), listed.text[:300]
        completion = post(s, "/v1/chat/completions", {"messages": [{"role": "user", "content": QUESTION}]}, headers)
        assert not leaks(completion.text), completion.text[:300]
        chat = gradio_call(s.url, "chat", [QUESTION, "none", "(every collection you may read)", ""], headers)
        assert not leaks(chat.stream), chat.stream[:500]
    control = post(s, "/api/ask", {"question": QUESTION, "llm": "none"}, bearer(READ))
    assert leaks(control.text)  # a reader of `default` gets the corpus without naming it


def test_a_source_names_only_the_collections_its_caller_may_read(access_server) -> None:
    """A document in both the public and the private collection: the public visitor's source names
    `docs` alone (the private collection's name is no business of theirs), a reader of both sees both."""
    s = access_server
    files = {"files": ("kingfisher-note.txt", b"Kingfishers dive for minnows from the willow by the mill pond.\n",
                       "text/plain")}
    question = {"question": "Where do kingfishers dive for minnows?", "llm": "none"}
    try:
        for collection, token in (("docs", DOCS_WRITE), ("default", WRITE)):
            httpx.post(s.url + "/api/ingest", params={"collection": collection}, files=files, headers=bearer(token),
                       timeout=120).raise_for_status()

        def held(headers: dict) -> list[list[str]]:
            asked = post(s, "/api/ask", question, headers)
            assert asked.status_code == 200, asked.text[:300]
            return [src["collections"] for src in asked.json()["sources"] if src["path"] == "kingfisher-note.txt"]

        assert held(bearer(READ)) == [["default", "docs"]]
        for visitor in (bearer(None), bearer(None, PUBLIC_SITE), bearer(DOCS_WRITE)):
            assert held(visitor) == [["docs"]]
        chat = gradio_call(s.url, "chat", [question["question"], "none", "(every collection you may read)", ""],
                           bearer(None, PUBLIC_SITE))
        assert "collection docs" in chat.stream and "default" not in chat.stream, chat.stream[:500]
    finally:
        for doc in httpx.get(s.url + "/api/documents", params={"collection": "docs"}, headers=bearer(ADMIN),
                             timeout=60).json()["documents"]:
            if doc["path"] == "kingfisher-note.txt":
                httpx.delete(s.url + f"/api/documents/{doc['doc_id']}", headers=bearer(ADMIN), timeout=60)


def test_a_writer_of_one_collection_cannot_replace_another_collections_upload_by_its_stored_name(
        access_server) -> None:
    """An upload is one document whichever collections hold it. A name stored before the upgrade
    ("My_Report-<digest>.md", its digest joined by "-") is reached by sending it as it stands: the
    public collection's writer replaced the private collection's document that way (as with any name
    stored as sent). Now that needs the right to change every collection holding it, as removing it does."""
    from ui.api.service import earlier_upload_name

    s = access_server
    sent = "My Report.md"
    earlier = earlier_upload_name(sent)
    uploads = s.access_file.parent / "index" / "uploads"
    uploads.mkdir(exist_ok=True)
    (uploads / earlier).write_text("The otter count was 14 in March.\n")  # as 8aa00fa stored it
    try:
        kept = httpx.post(s.url + "/api/ingest", params={"collection": "default"}, headers=bearer(WRITE),
                          files={"files": (sent, b"The otter count was 23 in April.\n", "text/markdown")}, timeout=120)
        assert kept.status_code == 200 and kept.json()["files"] == [earlier], kept.text[:300]
        forged = httpx.post(s.url + "/api/ingest", params={"collection": "docs"}, headers=bearer(DOCS_WRITE),
                            files={"files": (earlier, b"The otter count was 0.\n", "text/markdown")}, timeout=120)
        assert forged.status_code == 409 and "rename the file" in forged.text, forged.text[:300]
        assert not leaks(forged.text) and "default" not in forged.text
        assert (uploads / earlier).read_text() == "The otter count was 23 in April.\n"
        # The same bytes only join the public collection: nothing of the private document changes.
        joined = httpx.post(s.url + "/api/ingest", params={"collection": "docs"}, headers=bearer(DOCS_WRITE),
                            files={"files": (earlier, b"The otter count was 23 in April.\n", "text/markdown")},
                            timeout=120)
        assert joined.status_code == 200, joined.text[:300]
        # A writer of every collection holding it may (it could remove the document and add another).
        replaced = httpx.post(s.url + "/api/ingest", params={"collection": "default"}, headers=bearer(ADMIN),
                              files={"files": (earlier, b"The otter count was 31 in May.\n", "text/markdown")},
                              timeout=120)
        assert replaced.status_code == 200 and (uploads / earlier).read_text() == "The otter count was 31 in May.\n"
    finally:
        for doc in httpx.get(s.url + "/api/documents", headers=bearer(ADMIN), timeout=60).json()["documents"]:
            if doc["path"] == earlier:
                httpx.delete(s.url + f"/api/documents/{doc['doc_id']}", headers=bearer(ADMIN), timeout=60)


def test_the_replace_check_sees_an_upload_of_the_same_name_made_while_it_waited(access_server) -> None:
    """The check that an upload changes no document of a collection its writer may not change ran
    before the ingest lock: the public writer's upload of "harbour-log.md", sent while the private
    writer's upload of that name was being indexed, found no document under it yet, waited for the
    lock and then replaced the private document's text. The check now runs under the lock."""
    import threading
    import time

    s = access_server
    name = "harbour-log.md"
    uploads = s.access_file.parent / "index" / "uploads"
    # Long enough to index that the second upload arrives while the first holds the lock.
    private = "".join(f"Entry {i}: the harbour crew counted {i} crates of tin on pier {i % 7}.\n\n"
                      for i in range(1500)).encode()
    results: dict[str, httpx.Response] = {}

    def send_private() -> None:
        results["private"] = httpx.post(s.url + "/api/ingest", params={"collection": "default"},
                                        headers=bearer(WRITE), files={"files": (name, private, "text/markdown")},
                                        timeout=300)

    first = threading.Thread(target=send_private)
    first.start()
    try:
        deadline = time.monotonic() + 60
        while not (uploads / name).is_file() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert (uploads / name).is_file() and first.is_alive(), "the first upload was not seen being indexed"
        forged = httpx.post(s.url + "/api/ingest", params={"collection": "docs"}, headers=bearer(DOCS_WRITE),
                            files={"files": (name, b"The harbour crew counted no crates.\n", "text/markdown")},
                            timeout=300)
        first.join()
        assert results["private"].status_code == 200, results["private"].text[:300]
        assert forged.status_code == 409 and "rename the file" in forged.text, forged.text[:300]
        assert (uploads / name).read_bytes() == private
    finally:
        first.join()
        for doc in httpx.get(s.url + "/api/documents", headers=bearer(ADMIN), timeout=60).json()["documents"]:
            if doc["path"] == name:
                httpx.delete(s.url + f"/api/documents/{doc['doc_id']}", headers=bearer(ADMIN), timeout=60)


# -- a Gradio session belongs to the caller that opened it -----------------------------------------
def _first_events(client: httpx.Client, path: str, params: dict | None = None) -> tuple[int, str]:
    lines = []
    with client.stream("GET", path, params=params, timeout=httpx.Timeout(60, read=60)) as events:
        if events.status_code != 200:
            return events.status_code, events.read().decode(errors="replace")
        for line in events.iter_lines():
            lines.append(line)
            if "process_completed" in line or (line.startswith("data:") and "heartbeat" in path):
                break
    return 200, "\n".join(lines)


def test_another_caller_cannot_read_or_end_a_session_it_did_not_open(access_server) -> None:
    """The private reader asks in its session; the public site's anonymous visitor and the docs writer,
    given that session's hash, get a 403 naming it from every route that takes one (its answers' stream,
    its heartbeat, one call's stream by its event id, asking in it, cancelling, its components) and nothing
    of the answer, which its owner still reads (try35 found the stream and the conversation open to them;
    review35 the call's stream)."""
    s = access_server
    session = "opened-by-the-reader-" + secrets.token_hex(4)
    with httpx.Client(base_url=s.url, headers=bearer(READ), timeout=60) as owner:
        config = owner.get("/config").json()
        chat = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "chat")
        joined = owner.post("/gradio_api/queue/join", json={
            "data": [QUESTION, [], [], "none", [], "default", "", None], "fn_index": chat,
            "session_hash": session, "event_data": None})
        assert joined.status_code == 200, joined.text[:300]
        for headers in (bearer(None, PUBLIC_SITE), bearer(None), bearer(DOCS_WRITE)):
            with httpx.Client(base_url=s.url, headers=headers, timeout=60) as other:
                refused = [_first_events(other, "/gradio_api/queue/data", {"session_hash": session}),
                           _first_events(other, f"/gradio_api/heartbeat/{session}"),
                           # One call's stream reads its session's whole stream (Gradio's simple_predict_get).
                           _first_events(other, f"/gradio_api/call/chat/{joined.json()['event_id']}")]
                refused += [(r.status_code, r.text) for r in (
                    # Asking in the reader's session would answer with the reader's conversation shown.
                    other.post("/gradio_api/queue/join", json={
                        "data": ["What is the weather like?", [], [], "none", [], "docs", "", None],
                        "fn_index": chat, "session_hash": session, "event_data": None}),
                    other.post("/gradio_api/call/chat", json={"data": ["What is the weather like?", "none", "docs", ""],
                                                              "session_hash": session}),
                    other.post("/gradio_api/cancel", json={"session_hash": session, "fn_index": chat,
                                                           "event_id": joined.json()["event_id"]}),
                    other.post("/gradio_api/component_server", json={
                        "session_hash": session, "component_id": 1, "fn_name": "x", "data": None}))]
                for status, text in refused:
                    assert status == 403, (headers, status, text[:300])
                    assert json.loads(text)["detail"] == f"session_hash: session {session} was opened by another caller"
        status, stream = _first_events(owner, "/gradio_api/queue/data", {"session_hash": session})
        assert status == 200 and "process_completed" in stream and leaks(stream), stream[-300:]


def test_no_call_has_its_inputs_replaced_by_a_stream_post(access_server) -> None:
    """Gradio's POST /stream/EVENT puts its body in place of a queued call's inputs (streamed inputs,
    which no page here has): a caller of the public collection could join a call on it, then have the
    call read the private one, past the door's check of the join and of the inputs (review35: a 200, and the
    chat handler's own check was all that refused it), or end another caller's call by its id."""
    s = access_server
    session = "public-visitor-" + secrets.token_hex(4)
    with httpx.Client(base_url=s.url, headers=bearer(None, PUBLIC_SITE), timeout=60) as visitor:
        config = visitor.get("/config").json()
        chat = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "chat")
        joined = visitor.post("/gradio_api/queue/join", json={
            "data": ["What is the weather like?", [], [], "none", [], "docs", "", None], "fn_index": chat,
            "session_hash": session, "event_data": None})
        assert joined.status_code == 200, joined.text[:300]
        event = joined.json()["event_id"]
        for path in (f"/gradio_api/stream/{event}", f"/gradio_api/stream/{event}/close"):
            replaced = visitor.post(path, json={
                "data": [QUESTION, [], [], "none", [], "default", "", None], "fn_index": chat,
                "session_hash": session, "event_data": None})
            assert replaced.status_code == 404, (path, replaced.status_code, replaced.text[:300])
            assert replaced.json()["detail"] == "path: this server takes no streamed inputs"
        status, stream = _first_events(visitor, "/gradio_api/queue/data", {"session_hash": session})
        assert status == 200 and "process_completed" in stream and not leaks(stream), stream[-300:]


def test_no_deep_link_copies_a_session_into_a_file(access_server) -> None:
    r = httpx.get(access_server.url + "/gradio_api/deep_link", params={"session_hash": "any"},
                  headers=bearer(ADMIN), timeout=60)
    assert r.status_code == 404 and r.json()["detail"] == \
        "path: /gradio_api/deep_link not found (this server makes no deep links)"


@pytest.mark.parametrize("token,status", [(None, 403), (READ, 403), (DOCS_WRITE, 200), (ADMIN, 200)],
                         ids=["no-token", "reader", "docs-writer", "admin"])
def test_only_a_writer_may_put_files_in_gradios_upload_cache(access_server, token, status) -> None:
    """Gradio keeps an upload before any handler asks where it goes: a caller who may add to no collection
    filled the cache the writers need (try35: a 200, and the server's temporary folder in the reply)."""
    from tests.ui.security_http import upload_to_gradio

    r = upload_to_gradio(access_server.url, [("note.md", b"# A note\n\nGrey herons nest here.\n")], bearer(token))
    assert r.status_code == status, r.text[:300]
    if status == 403:
        assert r.json()["detail"] == ("files: this caller may add documents to no collection (a token in some "
                                      "collection's write_tokens may)")

"""The attacks of issue 13 against real `citeline serve` processes, Gradio's routes included.

Two servers: `open_server` runs as `citeline serve` does by default (no token, no allowed origin)
with short limits and timeouts; `server` has a token and one allowed origin. Each attack ends with a
health check: the server keeps serving.
"""

from __future__ import annotations

import os
import time

import httpx
import pytest

from tests.ui.conftest import OPEN_LIMITS
from tests.ui.security_http import (
    detail_of,
    file_data,
    file_urls,
    gradio_call,
    raw_exchange,
    secret_file,
    status_of,
    upload_to_gradio,
)
from tests.ui.security_routes import route_calls

MAX_FILES = int(OPEN_LIMITS["CITELINE_MAX_UPLOAD_FILES"])
MAX_BYTES = int(OPEN_LIMITS["CITELINE_MAX_UPLOAD_BYTES"])


@pytest.fixture(scope="module")
def routes(sample_engine):
    """Every route of the app `citeline serve` builds, read from the app itself (not a list kept by hand)."""
    from ui.server import create_app
    from ui.settings import ServerSettings

    return route_calls(create_app(sample_engine, ServerSettings()))


def assert_serving(url: str) -> None:
    assert httpx.get(url + "/healthz", timeout=30).json()["status"] == "ok"


def cache_holds(open_server, marker: str) -> bool:
    return any(marker.encode() in p.read_bytes() for p in open_server.upload_cache.rglob("*") if p.is_file())


def all_document_text(url: str, headers: dict | None = None) -> str:
    docs = httpx.get(url + "/api/documents", headers=headers or {}, timeout=30).json()["documents"]
    return "".join(httpx.get(url + f"/api/documents/{d['doc_id']}", headers=headers or {}, timeout=30).text
                   for d in docs)


# -- 1. reading server files through Gradio --------------------------------------------------------

def test_the_issue_payload_reads_no_server_file_through_the_chat(open_server, tmp_path):
    secret = secret_file(tmp_path)
    history = [{"role": "user", "content": [{"type": "file", "file": file_data("/proc/self/environ")}]}]
    for data in (["hi", history, "none"],  # the issue's request, verbatim
                 ["hi", [{"role": "user", "content": [{"type": "file", "file": file_data(str(secret.path))}]}], "none"],
                 [file_data(str(secret.path)), "none"], ["hi", file_data("/proc/self/environ")]):
        call = gradio_call(open_server.url, "chat", data)
        assert secret.marker not in call.stream and "PYTHONPATH" not in call.stream
        for url in file_urls(call.stream):
            served = httpx.get(open_server.url + url, timeout=30)
            assert secret.marker not in served.text and "PYTHONPATH" not in served.text, url
    assert not cache_holds(open_server, secret.marker)
    assert_serving(open_server.url)


def test_no_gradio_endpoint_copies_a_named_server_file(open_server, tmp_path):
    """The root cause: Gradio checks FileData paths only for launched Blocks; mounted ones are marked so."""
    secret = secret_file(tmp_path)
    call = gradio_call(open_server.url, "upload", [[file_data(str(secret.path))], "default"])
    assert "not uploaded by a user" in call.stream or call.status >= 400, call.stream
    for api in ("cite", "chat"):
        gradio_call(open_server.url, api, [file_data(str(secret.path))])
    assert not cache_holds(open_server, secret.marker)
    assert_serving(open_server.url)


@pytest.mark.parametrize("path", [
    "/gradio_api/file=/etc/passwd", "/gradio_api/file=/proc/self/environ", "/gradio_api/file/etc/passwd",
    "/gradio_api/file=../../../../etc/passwd", "/gradio_api/file=http://127.0.0.1:9/x",
    "/gradio_api/proxy=http://127.0.0.1:9/x",
])
def test_the_file_routes_serve_no_server_file_and_fetch_no_url(open_server, path):
    r = httpx.get(open_server.url + path, timeout=30)
    assert r.status_code in (403, 404), r.text  # 404: the client resolved the dots away
    assert "root:" not in r.text and "PYTHONPATH" not in r.text
    assert_serving(open_server.url)


def test_the_file_routes_refuse_the_index_and_a_secret(open_server, tmp_path):
    secret = secret_file(tmp_path)
    for target in (secret.path, open_server.index / "catalog.sqlite3", open_server.index / "uploads" / "kept.txt"):
        r = httpx.get(f"{open_server.url}/gradio_api/file={target}", timeout=30)
        assert r.status_code == 403 and secret.marker not in r.text and "herons" not in r.text


# -- 2. ingesting server files ---------------------------------------------------------------------

def test_server_path_ingest_is_refused_and_nothing_is_copied(open_server, tmp_path):
    secret = secret_file(tmp_path)
    before = sorted(p.name for p in (open_server.index / "uploads").iterdir())
    call = gradio_call(open_server.url, "upload", [[file_data(str(secret.path))], "default"])
    assert "added 1" not in call.stream
    assert sorted(p.name for p in (open_server.index / "uploads").iterdir()) == before
    assert secret.marker not in all_document_text(open_server.url)
    assert not cache_holds(open_server, secret.marker)
    assert_serving(open_server.url)


def test_an_uploaded_file_is_ingested_and_its_temporary_copy_deleted(upload_open_server):
    r = upload_to_gradio(upload_open_server.url, [("osprey.txt", b"The osprey census counted forty-one nests in 2019.\n")])
    assert r.status_code == 200, r.text
    (cached,) = r.json()
    call = gradio_call(upload_open_server.url, "upload", [[file_data(cached)], "default"])
    assert "added 1" in call.stream, call.stream
    assert not (upload_open_server.upload_cache / cached).exists() and not os.path.exists(cached)
    assert "forty-one nests" in all_document_text(upload_open_server.url)


def test_too_many_files_in_one_upload_are_refused_and_deleted(upload_open_server):
    files = [(f"many{i}.txt", f"File {i} says little.\n".encode()) for i in range(MAX_FILES + 1)]
    r = upload_to_gradio(upload_open_server.url, files)
    assert r.status_code == 200, r.text
    call = gradio_call(upload_open_server.url, "upload", [[file_data(p) for p in r.json()], "default"])
    assert f"over the limit of {MAX_FILES}" in call.stream, call.stream
    assert not any(os.path.exists(p) for p in r.json())
    assert not any(p.name.startswith("many") for p in (upload_open_server.index / "uploads").iterdir())


def test_names_that_clean_alike_do_not_overwrite_each_other(upload_open_server):
    for name, body in (("evil.txt", b"The lower-case file tells of lanterns.\n"),
                       ("evil.TXT", b"The upper-case file tells of kettles.\n")):
        r = httpx.post(upload_open_server.url + "/api/ingest", files={"files": (name, body)}, timeout=60)
        assert r.status_code == 200, r.text
    stored = [p for p in (upload_open_server.index / "uploads").iterdir() if p.name.startswith("evil")]
    assert len(stored) == 2 and {p.read_text().split()[1] for p in stored} == {"lower-case", "upper-case"}
    text = all_document_text(upload_open_server.url)
    assert "lanterns" in text and "kettles" in text


def test_an_unindexed_upload_left_by_a_killed_server_is_removed_at_start(open_server):
    uploads = open_server.index / "uploads"
    assert not (uploads / open_server.orphan).exists()
    assert (uploads / open_server.kept).exists()
    assert "herons nest" in all_document_text(open_server.url)


# -- 6. limits on Gradio's routes too ----------------------------------------------------------------

@pytest.mark.parametrize("path", ["/gradio_api/call/chat", "/gradio_api/queue/join", "/gradio_api/run/chat",
                                  "/gradio_api/upload", "/config", "/api/ask"])
def test_a_100_mb_body_is_refused_before_it_is_read(open_server, path):
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {100 * 1024 * 1024}\r\n\r\n").encode()
    response = raw_exchange(open_server.url, head + b'{"data": ["hi", [' + b"[]," * 1000)
    assert status_of(response) == 413, response[:300]
    assert_serving(open_server.url)


def test_a_chunked_body_is_cut_off_at_the_limit(open_server):
    def endless():
        yield b'{"data": ["hi", "none"], "fn_index": 0, "session_hash": "x", "pad": "'
        for _ in range(40):  # 2.6 MB, over the 1 MB default
            yield b"x" * 65536

    r = httpx.post(open_server.url + "/gradio_api/queue/join", content=endless(),
                   headers={"content-type": "application/json"}, timeout=60)
    assert r.status_code == 413, r.text
    assert_serving(open_server.url)


def test_a_file_over_the_size_limit_is_refused_by_the_gradio_upload(upload_open_server):
    r = upload_to_gradio(upload_open_server.url, [("big.txt", b"word " * (MAX_BYTES // 5 + 200))])
    assert r.status_code == 413, r.text
    assert not any(p.name == "big.txt" for p in upload_open_server.upload_cache.rglob("*"))
    assert_serving(upload_open_server.url)


def test_the_chat_keeps_only_the_last_turns(open_server):
    """The conversation is server-side session state, trimmed to CITELINE_MAX_HISTORY_MESSAGES (2 here)."""
    from gradio_client import Client

    client = Client(open_server.url + "/", verbose=False)
    lengths = [len(client.predict(f"What do recent initiatives include? ({i})", "none", api_name="/chat")[0])
               for i in range(4)]
    assert lengths == [2, 4, 4, 4]


def test_the_upload_cache_is_capped(upload_open_server):
    limit = int(OPEN_LIMITS["CITELINE_UPLOAD_CACHE_BYTES"])
    sent, refused = [], None
    try:
        for i in range(limit // (MAX_FILES * (MAX_BYTES - 1000)) + 3):
            files = [(f"fill{i}-{j}.txt", b"word " * ((MAX_BYTES - 1000) // 5)) for j in range(MAX_FILES)]
            r = upload_to_gradio(upload_open_server.url, files)
            if r.status_code != 200:
                refused = r
                break
            sent += r.json()
        assert refused is not None and refused.status_code == 507, "the cache took every upload"
        assert "upload cache" in detail_of(refused)
    finally:
        for path in sent:  # what a real user's ingest would have consumed
            os.remove(path)
    small = upload_to_gradio(upload_open_server.url, [("small.txt", b"Small.\n")])
    assert small.status_code == 200
    os.remove(small.json()[0])
    assert_serving(upload_open_server.url)


def test_slow_headers_are_disconnected(open_server):
    """A slow-loris sends its headers a byte at a time: the server closes the connection after
    CITELINE_HTTP_HEADER_TIMEOUT (2 s here) however long the client would go on."""
    assert _dribble(open_server.url, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-Slow: " + b"a" * 400)
    assert_serving(open_server.url)


def test_oversized_headers_are_refused(open_server):
    head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"".join(
        b"X-Pad-%d: %s\r\n" % (i, b"a" * 1000) for i in range(100)) + b"\r\n"  # 100 KB of headers
    response = raw_exchange(open_server.url, head)
    assert status_of(response) in (0, 400, 431), response[:200]  # refused, or cut off
    assert b'"status":"ok"' not in response
    assert_serving(open_server.url)


def test_slow_bodies_are_disconnected(open_server):
    head = b"POST /gradio_api/queue/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" \
           b"Content-Length: 500\r\n\r\n"
    assert _dribble(open_server.url, head, b" " * 400)
    assert_serving(open_server.url)


def _dribble(url: str, head: bytes, tail: bytes, pause: float = 0.1) -> bool:
    """Send `head`, then `tail` one byte per `pause` seconds (40 s for 400 bytes, far past the 2 s
    timeout); True when the server closed the connection before the client was done."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head)
        for byte in tail:
            try:
                sock.sendall(bytes([byte]))
                sock.setblocking(False)
                try:
                    if sock.recv(65536) == b"":
                        return True
                except BlockingIOError:
                    pass
                finally:
                    sock.setblocking(True)
            except OSError:
                return True
            time.sleep(pause)
    return False


# -- 3. CORS -----------------------------------------------------------------------------------------

EVIL = "https://evil.example"


@pytest.mark.parametrize("host", [None, "citeline.example.org"])
@pytest.mark.parametrize("which", ["open_server", "server"])  # no origin allowed (Gradio's CORS was on), one
def test_no_route_grants_an_unlisted_origin(request, which, host, routes):
    target = request.getfixturevalue(which)
    auth = getattr(target, "auth", {})
    headers = {"Origin": EVIL, **auth, **({"Host": host} if host else {})}
    for call in routes:
        if call.method != "GET" or "heartbeat" in call.path or "queue/data" in call.path:
            continue  # event streams: the preflight below covers them
        with httpx.stream("GET", target.url + call.path, headers=headers, timeout=30) as r:
            assert r.headers.get("access-control-allow-origin") in (None, "*"), call.path
            assert "access-control-allow-credentials" not in r.headers, call.path
    for path in ("/config", "/gradio_api/call/chat", "/gradio_api/upload", "/api/ask", "/gradio_api/queue/data"):
        pre = httpx.options(target.url + path, timeout=30, headers={
            "Origin": EVIL, "Access-Control-Request-Method": "POST", **({"Host": host} if host else {})})
        assert pre.headers.get("access-control-allow-origin") is None, path
        assert "access-control-allow-credentials" not in pre.headers, path
    assert_serving(target.url)


def test_the_issue_cors_request_gets_no_grant(open_server):
    r = httpx.get(open_server.url + "/config", headers={"Host": "citeline.example.org", "Origin": EVIL}, timeout=30)
    assert "access-control-allow-origin" not in r.headers and "access-control-allow-credentials" not in r.headers


def test_writes_from_another_origin_are_refused(open_server, server):
    for url, headers in ((open_server.url, {}), (server.url, server.auth)):
        r = httpx.post(url + "/gradio_api/call/chat", json={"data": ["hi", "none"]},
                       headers={"Origin": EVIL, **headers}, timeout=30)
        assert r.status_code == 403 and "origin" in detail_of(r)
        assert "add it to CITELINE_ALLOWED_ORIGINS" in detail_of(r)  # no access file: the global list decides
        r = upload_to_gradio(url, [("x.txt", b"x")], headers={"Origin": EVIL, **headers})
        assert r.status_code == 403
    allowed = httpx.post(server.url + "/api/ask", json={"question": "What do recent initiatives include?"},
                         headers={"Origin": server.embed_origin, **server.auth}, timeout=60)
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == server.embed_origin


# -- 4. the token on every route ----------------------------------------------------------------------

PUBLIC = {"/healthz", "/logout"}  # signing out only drops the cookie
PAGES = {"/embed", "/embed.js", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json",
         "/citeline-static/embed.css"}


def test_every_route_needs_the_token(server, routes):
    calls = routes
    paths = {c.path for c in calls}
    # The routes of the issue are all in the list walked below.
    assert {"/", "/config", "/gradio_api/upload", "/gradio_api/call/chat", "/gradio_api/queue/join",
            "/gradio_api/file=/etc/passwd", "/view/0123456789abcdef0123", "/api/ingest"} <= paths
    assert len(calls) > 60
    wrongs = [{"Authorization": "Bearer wrong"}, {"X-Citeline-Token": "wrong"}, {"Cookie": "citeline_session=forged"},
              {"Authorization": "Basic dGVzdA=="}]
    for i, call in enumerate(calls):
        # No token, and one of the wrong ones in turn (every kind is tried on many routes).
        for headers in ({}, wrongs[i % len(wrongs)]):
            with httpx.stream(call.method, server.url + call.path, headers=headers, timeout=30) as r:
                if call.path in PUBLIC | PAGES:
                    assert r.status_code != 401, (call, headers)
                else:
                    assert r.status_code == 401, (call, headers, r.status_code)
        with httpx.stream(call.method, server.url + call.path, headers=server.auth, timeout=30) as r:
            if r.status_code in (401, 403):  # then not ours: Gradio's own refusal, or the file routes' 403
                assert not r.read().decode().startswith('{"detail":"token:'), call
    assert_serving(server.url)


def test_a_browser_signs_in_once_with_a_cookie(server):
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        assert browser.get("/").status_code == 401
        assert browser.get("/?token=wrong").status_code == 401
        signed = browser.get(f"/view/x?start=1&token={server.token}")
        assert signed.status_code == 303 and signed.headers["location"] == "/view/x?start=1"
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and server.token not in cookie
        assert browser.get("/").status_code == 200
        assert browser.get("/config").status_code == 200
        # The cookie counts for this origin's own requests only.
        assert browser.get("/config", headers={"Sec-Fetch-Site": "same-site"}).status_code == 401
        assert browser.post("/gradio_api/call/chat", json={"data": ["hi", "none"]},
                            headers={"Origin": "http://127.0.0.1:1"}).status_code == 403
        # ui9: a line break in the path (%0d%0a) made the redirect's Location a header uvicorn refused:
        # the connection dropped with no response. The path goes back as the client sent it.
        for path in ("/view/x%0d%0aSet-Cookie:%20evil=1", "/view/%C3%A9t%C3%A9%20x"):
            signed = browser.get(f"{path}?start=1&token={server.token}")
            assert signed.status_code == 303 and signed.headers["location"] == f"{path}?start=1"
            assert "evil" not in signed.headers["set-cookie"]
        # Signing out drops the cookie (try35: /logout was Gradio's, which left it, and the next page was served).
        out = browser.get("/logout")
        assert out.status_code == 303 and out.headers["location"] == "/"
        assert "Max-Age=0" in out.headers["set-cookie"] and "citeline_session=;" in out.headers["set-cookie"]
        assert browser.get("/").status_code == 401


# -- 7. the documents list offset ------------------------------------------------------------------

def test_a_huge_offset_is_a_4xx_naming_the_field(open_server):
    r = httpx.get(open_server.url + "/api/documents", params={"offset": "9223372036854775808"}, timeout=30)
    assert r.status_code == 422 and detail_of(r).startswith("offset:"), r.text
    assert_serving(open_server.url)

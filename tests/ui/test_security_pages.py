"""`CITELINE_PROTECT_PAGES`: the Guard in front of a stand-in app, served by a real uvicorn on port 0
(with the same protocol `citeline serve` uses), with pages open (the default) and protected."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from ui.settings import Settings
from ui.guard import PAGES, Guard
from ui.http_protocol import timed_httptools

TOKEN = "pages-token-7c1e"


async def _stand_in(scope, receive, send) -> None:
    """Answers 200 to anything: what the Guard lets through is all this test looks at."""
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"reached"})


@contextmanager
def guarded(tmp_path, **settings) -> Iterator[str]:
    s = Settings(index=tmp_path / "index", **settings)
    config = uvicorn.Config(Guard(_stand_in, s.server, tmp_path), host="127.0.0.1", port=0, log_level="warning",
                            http=timed_httptools(s.http_header_timeout, s.http_body_timeout, s.max_header_bytes))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.mark.parametrize("protect", [False, True])
def test_pages_follow_the_setting_and_everything_else_needs_the_token(tmp_path, protect):
    with guarded(tmp_path, api_token=TOKEN, protect_pages=protect) as url:
        for page in [*PAGES, "/citeline-static/embed.css"]:
            r = httpx.get(url + page)
            assert r.status_code == (401 if protect else 200), page
            assert httpx.get(url + page, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        for path in ("/", "/config", "/view/abc", "/gradio_api/info", "/api/documents", "/anything"):
            assert httpx.get(url + path).status_code == 401, path
        assert httpx.get(url + "/healthz").status_code == 200


def test_no_token_set_means_no_sign_in(tmp_path):
    with guarded(tmp_path) as url:
        assert httpx.get(url + "/config").text == "reached"
        assert httpx.get(url + "/?token=x").text == "reached"



def test_the_sign_in_cookie_is_secure_over_https_and_dropped_on_sign_out(tmp_path):
    """Over HTTPS (as the server saw the request: here a local proxy's X-Forwarded-Proto, which uvicorn trusts
    from 127.0.0.1) the cookie is `Secure`: a browser sends it back in clear text to no http:// page of the
    host. Signing out drops it either way."""
    with guarded(tmp_path, api_token=TOKEN) as url:
        for headers, secure in (({"X-Forwarded-Proto": "https"}, True), ({}, False)):
            signed = httpx.get(f"{url}/?token={TOKEN}", headers=headers)
            out = httpx.get(f"{url}/logout", headers=headers)
            assert signed.status_code == out.status_code == 303
            cookie = signed.headers["set-cookie"]
            assert cookie.endswith("; Secure") == secure and "Max-Age" not in cookie
            assert out.headers["set-cookie"].startswith("citeline_session=;")
            assert out.headers["set-cookie"].endswith("; Secure; Max-Age=0" if secure else "SameSite=Strict; Max-Age=0")

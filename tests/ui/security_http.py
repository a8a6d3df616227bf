"""Small HTTP tools for the security tests: Gradio's call protocol, raw sockets, a secret on disk."""

from __future__ import annotations

import json
import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx


@dataclass
class GradioCall:
    status: int  # of the POST that queues the call
    stream: str  # the event stream (or the POST's body when it was refused)


def gradio_call(url: str, api: str, data: list, headers: dict | None = None) -> GradioCall:
    """POST /gradio_api/call/API, then read its event stream to the end."""
    with httpx.Client(base_url=url, headers=headers or {}, timeout=60) as client:
        r = client.post(f"/gradio_api/call/{api}", json={"data": data})
        if r.status_code != 200:
            return GradioCall(r.status_code, r.text)
        events = client.get(f"/gradio_api/call/{api}/{r.json()['event_id']}")
        return GradioCall(r.status_code, events.text)


def gradio_join(url: str, api: str, data: list, headers: dict | None = None) -> GradioCall:
    """What the page's script does: POST /gradio_api/queue/join with the dependency's fn_index (from
    /config) and every one of its inputs, then read the session's event stream to the call's end."""
    session = secrets.token_hex(8)
    with httpx.Client(base_url=url, headers=headers or {}, timeout=60) as client:
        config = client.get("/config").json()
        fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == api)
        r = client.post("/gradio_api/queue/join", json={"data": data, "fn_index": fn_index,
                                                        "session_hash": session, "event_data": None})
        if r.status_code != 200:
            return GradioCall(r.status_code, r.text)
        lines = []
        with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session},
                           timeout=httpx.Timeout(60, read=120)) as events:
            for line in events.iter_lines():
                lines.append(line)
                if "process_completed" in line:
                    break
        return GradioCall(r.status_code, "\n".join(lines))


def file_urls(text: str) -> list[str]:
    return re.findall(r"/gradio_api/file=[^\"\s\\]+", text)


def upload_to_gradio(url: str, files: list[tuple[str, bytes]], headers: dict | None = None) -> httpx.Response:
    return httpx.post(url + "/gradio_api/upload", files=[("files", f) for f in files], headers=headers or {},
                      timeout=60)


def file_data(path: str) -> dict:
    return {"path": path, "meta": {"_type": "gradio.FileData"}}


@dataclass
class Secret:
    path: Path
    marker: str


def secret_file(folder: Path, name: str = "secret-notes.md") -> Secret:
    """A server-side file no client uploaded, with a marker that must never come back over HTTP."""
    marker = "SECRET-" + secrets.token_hex(8)
    path = folder / name
    path.write_text(f"# Private notes\n\nThe vault code is {marker}.\n", encoding="utf-8")
    return Secret(path, marker)


def raw_exchange(url: str, request: bytes, read_seconds: float = 20) -> bytes:
    """Send bytes as they are and read what comes back until the server closes or goes quiet."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=read_seconds) as sock:
        try:
            sock.sendall(request)
        except OSError:
            pass  # the server may answer and close before it has read everything
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks):
                    break
        except OSError:
            pass
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    first = response.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) > 1 else 0


def detail_of(response: httpx.Response) -> str:
    try:
        return json.loads(response.text)["detail"]
    except (ValueError, KeyError, TypeError):
        return response.text

"""A small local server speaking the OpenAI chat-completions and Ollama /api/chat protocols
(streaming too), answering from a script. It stands in for remote LLM APIs only."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ScriptedLLMServer:
    """Each request takes the next scripted reply (the last one repeats); requests are recorded."""

    def __init__(self) -> None:
        self.replies: deque[str] = deque()
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *replies: str) -> None:
        self.replies.clear()
        self.replies.extend(replies)
        self.requests.clear()

    def _next(self) -> str:
        return self.replies.popleft() if len(self.replies) > 1 else self.replies[0]

    def __enter__(self) -> "ScriptedLLMServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _start_chunked(self, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()

            def _chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                owner.requests.append({"path": self.path, **body})
                owner.headers.append({k.lower(): v for k, v in self.headers.items()})
                if self.path.endswith("/chat/completions"):
                    self._openai(body)
                elif self.path == "/api/chat":
                    self._ollama(body)
                else:
                    self._send(404, b'{"error": "not found"}', "application/json")

            def _pieces(self, text: str) -> list[str]:
                # Word-sized tokens, spaces kept, as real servers stream them.
                out, word = [], ""
                for ch in text:
                    word += ch
                    if ch == " ":
                        out.append(word)
                        word = ""
                return out + ([word] if word else [])

            def _openai(self, body: dict) -> None:
                text = owner._next()
                base = {"id": "chatcmpl-1", "created": int(time.time()), "model": body.get("model", "scripted")}
                if not body.get("stream"):
                    reply = {**base, "object": "chat.completion", "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}
                    self._send(200, json.dumps(reply).encode(), "application/json")
                    return
                self._start_chunked("text/event-stream")
                first = {"role": "assistant", "content": ""}
                for i, piece in enumerate([""] + self._pieces(text)):
                    delta = first if i == 0 else {"content": piece}
                    chunk = {**base, "object": "chat.completion.chunk",
                             "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                    self._chunk(f"data: {json.dumps(chunk)}\n\n".encode())
                end = {**base, "object": "chat.completion.chunk",
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self._chunk(f"data: {json.dumps(end)}\n\n".encode())
                self._chunk(b"data: [DONE]\n\n")
                self._chunk(b"")

            def _ollama(self, body: dict) -> None:
                text = owner._next()
                model = body.get("model", "scripted")
                now = "2026-01-01T00:00:00Z"
                done = {"model": model, "created_at": now, "message": {"role": "assistant", "content": ""},
                        "done": True, "done_reason": "stop", "total_duration": 1, "load_duration": 1,
                        "prompt_eval_count": 10, "prompt_eval_duration": 1, "eval_count": 10, "eval_duration": 1}
                if body.get("stream") is False:
                    reply = {**done, "message": {"role": "assistant", "content": text}}
                    self._send(200, json.dumps(reply).encode(), "application/json")
                    return
                self._start_chunked("application/x-ndjson")
                for piece in self._pieces(text):
                    line = {"model": model, "created_at": now, "message": {"role": "assistant", "content": piece},
                            "done": False}
                    self._chunk((json.dumps(line) + "\n").encode())
                self._chunk((json.dumps(done) + "\n").encode())
                self._chunk(b"")

        return Handler

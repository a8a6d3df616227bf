"""A real `citeline serve` whose answer generator holds each reply until the test lets it go, so an
answer is running for certain when the test acts (tests/ui/test_chat_clear.py, test_chat_give_back.py)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests.llm_server import ScriptedLLMServer
from tests.ui.conftest import start_server, stop_server

LATE = "Cartel leaders now prioritize the safety of their families [1]."
HELD = "openai:held"


class HeldLLMServer(ScriptedLLMServer):
    """Each reply waits until `release()` (at most a minute): an answer is running until the test says."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def release(self) -> None:
        self.gate.set()

    def hold(self) -> None:
        self.gate.clear()
        self.requests.clear()

    def _next(self) -> str:
        self.gate.wait(60)
        return super()._next()

    def wait_asked(self, seconds: float = 60, page=None) -> None:
        """`page`: a page whose requests the test routes through Python, which playwright serves only
        while the test calls into it (a plain sleep would hold the question's own request back)."""
        deadline = time.time() + seconds
        while not self.requests:
            assert time.time() < deadline, "the answer generator was never asked"
            if page is not None:
                page.wait_for_timeout(50)
            else:
                time.sleep(0.05)


@dataclass
class HeldServer:
    url: str
    llm: HeldLLMServer


@contextmanager
def held_server(sample_index, tmp_path_factory, name: str, env: dict[str, str]) -> Iterator[HeldServer]:
    with HeldLLMServer() as llm:
        llm.script(LATE)
        log = tmp_path_factory.mktemp("logs") / f"{name}-serve.log"
        proc, url = start_server(sample_index, log, {
            "CITELINE_API_TOKEN": "", "CITELINE_ALLOWED_ORIGINS": "",
            "CITELINE_LLM_CHOICES": json.dumps([HELD]), "CITELINE_LLM_BASE_URL": llm.url + "/v1", **env})
        try:
            yield HeldServer(url, llm)
        finally:
            llm.release()
            stop_server(proc)

"""The server's settings slice, and `Settings`: the one `citeline` settings object.

`Settings` composes the engine's slices (`rag.settings`), ingest's (`ingest.settings`) and the
server's (here), read from `CITELINE_*` environment variables with the CLI's flags as overrides.
It lives in `ui/` because only the faces may import every layer. Each part is handed only its
slice: `settings.engine` to the engine, `settings.ingest` to the index writer, `settings.server`
to the HTTP server, its guard and the API service."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import NoDecode

from ingest.settings import IngestSettings
from rag.settings import EngineSettings, slice_of


class ServerSettings(BaseModel):
    """What `citeline serve` reads: where it listens, who may call it, and the limits of a request."""

    host: str = Field("127.0.0.1", description="Address `citeline serve` listens on.")
    port: int = Field(7860, ge=0, le=65535, description="Port `citeline serve` listens on (0: any free port, printed).")
    chat_concurrency: int = Field(
        4,
        ge=1,
        le=64,
        description="Chat answers the Gradio queue computes at once (the others wait in line). "
        "Measured with bench/load_test.py --via chat on 2 cores: see docs/deploy.md.",
    )
    chat_queue_size: int = Field(
        256,
        ge=1,
        description="Chat requests that may wait in the Gradio queue; past that a user is told the queue is full.",
    )
    server_threads: int = Field(
        40,
        ge=1,
        le=256,
        description="Worker threads answering API requests at once in `citeline serve` (more wait in line). "
        "Measured with bench/load_test.py on 2 cores: see docs/deploy.md.",
    )

    api_token: str | None = Field(
        None,
        description="When set, every route of `citeline serve` but /healthz and the pages without index data "
        "requires it (the API, /view, the Gradio chat and its /gradio_api routes), as `Authorization: Bearer TOKEN`, "
        "`X-Citeline-Token: TOKEN`, or in a browser the cookie that opening /?token=TOKEN sets.",
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to embed the chat (CSP frame-ancestors) and to call the API from a "
        "browser (CORS): a JSON list or comma-separated, e.g. 'https://a.org,https://b.org'. "
        "Empty: same origin only; '*' allows any.",
    )
    access_file: Path | None = Field(
        None,
        description="A TOML file giving each collection its own tokens (read-only or read-write) and allowed "
        "origins (docs/deploy.md, 'Collections and access'); checked when `citeline serve` starts. Unset: "
        "api_token and allowed_origins govern every collection.",
    )
    max_upload_bytes: int = Field(20_000_000, ge=1, description="Largest file accepted by an upload.")
    max_request_bytes: int = Field(
        1_000_000, ge=1_000, description="Largest JSON body accepted by /api/* and /v1/* (uploads have their own limit)."
    )
    max_question_chars: int = Field(2000, ge=1, description="Longest question (or cite text) accepted by the API.")
    max_history_messages: int = Field(20, ge=0, description="Earlier turns of a conversation passed to the engine.")
    protect_pages: bool = Field(
        False,
        description="With api_token set, also require it for the pages that carry no index data (/embed, "
        "/embed.js, /citeline-static, /docs, /openapi.json). The Gradio app, /view and every API always need it "
        "then; a browser signs in once with ?token=TOKEN (an HttpOnly SameSite=Strict cookie). See docs/security.md.",
    )
    max_upload_files: int = Field(10, ge=1, description="Most files one upload (web or API) may carry.")
    upload_cache_bytes: int = Field(
        200_000_000, ge=1, description="Most bytes the web app's upload cache may hold; past it uploads are refused."
    )
    http_header_timeout: float = Field(
        10.0, gt=0, description="Seconds a client has to send a request's headers before the connection is closed."
    )
    http_body_timeout: float = Field(
        60.0, gt=0, description="Seconds a client has to send a request's body, from the end of its headers."
    )
    http_keep_alive_timeout: int = Field(5, ge=1, description="Seconds an idle keep-alive connection stays open.")
    http_shutdown_timeout: int = Field(
        5, ge=1, description="Seconds `citeline serve`, once told to stop, lets open requests and event streams finish "
        "before closing them (an open chat tab's stream never ends on its own).",
    )
    max_header_bytes: int = Field(32_768, ge=4_096, description="Largest request line plus headers accepted.")

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [o.strip().rstrip("/") for o in text.split(",") if o.strip()]
        return value


class Settings(EngineSettings, IngestSettings, ServerSettings):
    """Every slice at once, from `CITELINE_*` variables and overrides (env names are the field names)."""

    @property
    def engine(self) -> EngineSettings:
        return slice_of(self, EngineSettings)

    @property
    def ingest(self) -> IngestSettings:
        return slice_of(self, IngestSettings)

    @property
    def server(self) -> ServerSettings:
        return slice_of(self, ServerSettings)


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (None means 'not given')."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})

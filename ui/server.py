"""One process, one port: the API, the embed page and the Gradio UI share one loaded index and model.

    /               Gradio UI (chat with source panel, citation lookup, documents)
    /embed          compact chat for an iframe;  /embed.js  the one-line script that opens it
    /view/{doc_id}  a document with a span highlighted
    /api/*, /v1/*   the HTTP API (OpenAPI docs at /docs)
    /healthz        liveness and index status

With CITELINE_API_TOKEN set, every route but /healthz and the pages without index data needs it,
Gradio's included: `ui/guard.py` wraps the whole app (docs/security.md).
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import tempfile
import threading
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.engine import Engine
from rag.errors import CitelineError
from rag.settings import Settings
from ui.api.models import Health
from ui.api.openai_compat import chat_router
from ui.api.routes import api_router
from ui.api.service import CitelineService, ServiceError
from ui.guard import Guard
from ui.http_protocol import timed_httptools
from ui.pages import PAGE_CSP, document_page, embed_page

STATIC = Path(__file__).parent / "static"


def _validation_message(exc: RequestValidationError) -> str:
    """Pydantic's errors as one line naming the field, e.g. `question: Field required`."""
    parts = []
    for error in exc.errors()[:3]:
        if error.get("type") == "json_invalid":
            position = error.get("loc", ("body", "?"))[-1]
            return f"body: is not valid JSON ({error.get('ctx', {}).get('error', 'decode error')} at character {position})"
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        parts.append(f"{'.'.join(loc) or 'body'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


def create_app(engine: Engine) -> FastAPI:
    import gradio as gr

    from ui.chat import CSS, HEAD, build_chat

    settings = engine.settings
    service = CitelineService(engine)
    app = FastAPI(
        title="Citeline",
        description="Answers from your documents in which every sentence cites its exact source passage.",
        version="0.1.0",
    )
    app.state.service = service

    @app.on_event("startup")
    async def limit_threads() -> None:
        # Sync routes run in anyio's thread pool; its size is how many answers are computed at once.
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.server_threads

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _validation_message(exc)})

    @app.exception_handler(CitelineError)
    async def citeline_error(request: Request, exc: CitelineError) -> JSONResponse:
        # Whatever a route let through (a model gone missing, an index removed): its status and one line.
        return JSONResponse(status_code=exc.status, content={"detail": str(exc)})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 400 and detail == "There was an error parsing the body":
            detail = "body: is not valid JSON in UTF-8"  # FastAPI's words name neither field nor cause
        return JSONResponse(status_code=exc.status_code, content={"detail": detail}, headers=exc.headers)

    # Always configured, even with no origin allowed: a parent CORSMiddleware is what switches off
    # Gradio's own, which reflects any origin with credentials when the Host is not local.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "X-Citeline-Token"],
    )

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz() -> Health:
        return Health(status="ok", **engine.status().model_dump())

    app.include_router(api_router(service))
    app.include_router(chat_router(service))

    @app.get("/embed", response_class=HTMLResponse, include_in_schema=False)
    def embed() -> HTMLResponse:
        return HTMLResponse(embed_page(settings.max_question_chars), headers={"content-security-policy": PAGE_CSP})

    @app.get("/embed.js", include_in_schema=False)
    def embed_js() -> FileResponse:
        # Any page may load the script; what it opens is governed by frame-ancestors.
        return FileResponse(STATIC / "embed.js", media_type="text/javascript",
                            headers={"access-control-allow-origin": "*", "cache-control": "max-age=300"})

    @app.get("/view/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def view(doc_id: str, start: int | None = None, end: int | None = None) -> HTMLResponse:
        try:
            doc = service.document(doc_id)
        except ServiceError as exc:
            raise HTTPException(status_code=exc.status, detail=str(exc)) from None
        return HTMLResponse(document_page(doc, start, end), headers={"content-security-policy": PAGE_CSP})

    app.mount("/citeline-static", StaticFiles(directory=STATIC), name="static")

    # Warm the model and the BM25 index now, not on the first user's question; fold the corpus for
    # citation lookup in the background (seconds on thousands of documents).
    engine.ask("warm up", llm="none")  # the LLM, if any, was loaded (or refused) by `serve`
    threading.Thread(target=engine.warm_cite, name="cite-warm", daemon=True).start()
    uploads = gradio_upload_dir()

    @app.on_event("shutdown")
    def remove_uploads() -> None:
        # uvicorn re-raises SIGTERM after its shutdown, so atexit handlers do not run for a served app.
        shutil.rmtree(uploads, ignore_errors=True)

    service.reconcile_uploads()
    blocks = build_chat(service)
    gr.mount_gradio_app(
        app, blocks, path="/", css=CSS, head=HEAD, max_file_size=settings.max_upload_bytes,
        footer_links=["api"], run_history=False, blocked_paths=[str(Path(settings.index).resolve())],
    )
    # mount_gradio_app never marks the Blocks launched, and Gradio checks the paths named in a request
    # (inputs only from its upload folder) only once they are: without this, any FileData path the
    # client names is copied into the cache and served.
    blocks.has_launched = True
    app.state.gradio_uploads = uploads
    app.add_middleware(Guard, settings=settings, upload_dir=uploads)  # last added: the outermost layer
    return app


def gradio_upload_dir() -> Path:
    """A private upload folder for this process's Gradio app (not the machine-wide /tmp/gradio), removed
    at shutdown (or exit, for an app never served): the only files Gradio will accept as inputs and
    serve are the ones clients put there."""
    folder = Path(tempfile.mkdtemp(prefix="citeline-uploads-"))
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def run(engine: Engine, settings: Settings) -> None:
    import uvicorn

    app = create_app(engine)
    protocol = timed_httptools(settings.http_header_timeout, settings.http_body_timeout, settings.max_header_bytes)
    config = uvicorn.Config(app, log_level="warning", ws="none", http=protocol,
                            timeout_keep_alive=settings.http_keep_alive_timeout)
    # Bound here so that port 0 works: the port printed is the one the kernel gave.
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((settings.host, settings.port))
    host = f"[{settings.host}]" if family == socket.AF_INET6 else settings.host
    print(f"Web uploads are held in {app.state.gradio_uploads} until indexed", flush=True)
    print(f"Citeline is serving on http://{host}:{sock.getsockname()[1]}/", flush=True)
    uvicorn.Server(config).run(sockets=[sock])

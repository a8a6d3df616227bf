"""One process, one port: the API, the embed page and the Gradio UI share one loaded index and model.

    /               Gradio UI (chat with source panel, citation lookup, documents)
    /embed          compact chat for an iframe;  /embed.js  the one-line script that opens it
    /view/{doc_id}  a document with a span highlighted
    /view/{doc_id}/page/{n}.png   a PDF's page n (?start=&end= highlights a span, &scale=)
    /view/{doc_id}/page.png       the page a span starts on, the span highlighted (?start=&end=)
    /api/*, /v1/*   the HTTP API (OpenAPI docs at /docs)
    /healthz        liveness and index status

With CITELINE_API_TOKEN set, every route but /healthz and the pages without index data needs it,
Gradio's included: `ui/guard.py` wraps the whole app (docs/security.md).
"""

from __future__ import annotations

import atexit
import errno
import logging
import os
import shutil
import socket
import tempfile
import threading
from pathlib import Path

from fastapi import FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from rag.engine import Engine
from ui.access import Access
from ui.api.errors import install_error_handlers
from ui.api.models import Health
from ui.api.openai_compat import chat_router
from ui.api.routes import api_router
from ui.api.security import caller_of, carries_known_token
from ui.api.service import CitelineService, has_page_images, page_image_url
from ui.gradio_calls import GradioCalls
from ui.guard import Guard
from ui.labels import iso_time
from ui.http_protocol import timed_httptools
from ui.page_image import DEFAULT_SCALE
from ui.pages import PAGE_CSP, document_page, embed_page
from ui.settings import ServerSettings
from ui.stop_log import ClosedAtStop

STATIC = Path(__file__).parent / "static"


def create_app(engine: Engine, settings: ServerSettings) -> FastAPI:
    import gradio as gr

    from ui.chat import CSS, HEAD, build_chat

    access = Access.from_settings(settings)
    service = CitelineService(engine, settings, access)
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

    install_error_handlers(app)

    # Always configured, even with no origin allowed: a parent CORSMiddleware is what switches off
    # Gradio's own, which reflects any origin with credentials when the Host is not local.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(access.origins()),
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "X-Citeline-Token"],
    )

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz(request: Request) -> Health:
        status = engine.status()
        health = Health(status="ok", **status.model_dump(), last_ingest_iso=iso_time(status.last_ingest))
        # Anyone may probe it: where the index lies on the server's disk is for those with a token.
        if access.checks_tokens and not carries_known_token(request, access):
            health.index = None
        return health

    app.include_router(api_router(service))
    app.include_router(chat_router(service))

    @app.get("/embed", response_class=HTMLResponse, include_in_schema=False)
    def embed(collection: list[str] | None = Query(None)) -> HTMLResponse:
        # Framed only by the pages its collection allows (none listed: no other site), whatever the
        # embedding page asked for; its questions are checked again by /api/ask.
        # One that names none may read any collection (a token may unlock each): only the pages that
        # every collection allows may frame it.
        names = [name for name in collection or [] if name.strip()]
        if not names and not access.open:
            names = access.known_collections(sorted(engine.collection_names()))
        csp = f"{PAGE_CSP}; frame-ancestors {access.frame_ancestors(names or None)}"
        return HTMLResponse(embed_page(settings.max_question_chars), headers={"content-security-policy": csp})

    @app.get("/embed.js", include_in_schema=False)
    def embed_js() -> FileResponse:
        # Any page may load the script; what it opens is governed by frame-ancestors.
        return FileResponse(STATIC / "embed.js", media_type="text/javascript",
                            headers={"access-control-allow-origin": "*", "cache-control": "max-age=300"})

    def page_png(request: Request, doc_id: str, page: int, start: int | None, end: int | None,
                 scale: float) -> Response:
        scope = service.scope(caller_of(request, access), request.query_params.getlist("collection") or None)
        image = service.page_image(doc_id, page, start, end, scale, scope)
        headers = {"cache-control": "private, max-age=3600", "x-citeline-page": str(image.page)}
        if image.highlight is not None:
            box = image.highlight
            headers["x-citeline-highlight"] = f"{box.left},{box.top},{box.right},{box.bottom}"
        return Response(image.png, media_type="image/png", headers=headers)

    # Before /view/{doc_id:path}, which would take the whole path; `:path` here too, so that any id
    # (`../../etc/passwd` included) reaches the catalog lookup and is a plain 404.
    @app.get("/view/{doc_id:path}/page/{page:int}.png", include_in_schema=False)
    def page_image(request: Request, doc_id: str, page: int, start: int | None = None, end: int | None = None,
                   scale: float = DEFAULT_SCALE) -> Response:
        return page_png(request, doc_id, page, start, end, scale)

    # The page the span starts on, found from the span (a link need not know the page).
    @app.get("/view/{doc_id:path}/page.png", include_in_schema=False)
    def span_page_image(request: Request, doc_id: str, start: int, end: int, scale: float = DEFAULT_SCALE) -> Response:
        return page_png(request, doc_id, 0, start, end, scale)

    @app.get("/view/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def view(request: Request, doc_id: str, start: int | None = None, end: int | None = None) -> HTMLResponse:
        named = request.query_params.getlist("collection") or None
        doc = service.document(doc_id, service.scope(caller_of(request, access), named))
        # A span outside the text marks nothing (the page shows the whole document), so it shows no page
        # image either: the image's own route refuses it, and the page showed a broken image.
        spanned = (doc.kind == "pdf" and has_page_images(doc.path) and start is not None and end is not None
                   and 0 <= start <= end <= len(doc.text))
        image = page_image_url(doc_id, start, end) if spanned else None
        return HTMLResponse(document_page(doc, start, end, image), headers={"content-security-policy": PAGE_CSP})

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
        footer_links=["api"], run_history=False, blocked_paths=[str(engine.index_root.resolve())],
        # Gradio's default (None) serves /monitoring/summary, every handler's name and timings, to any caller.
        enable_monitoring=False,
    )
    # mount_gradio_app never marks the Blocks launched, and Gradio checks the paths named in a request
    # (inputs only from its upload folder) only once they are: without this, any FileData path the
    # client names is copied into the cache and served.
    blocks.has_launched = True
    app.state.gradio_uploads = uploads
    # Last added: the outermost layer. It reads which collection a Gradio call picks from the Blocks' own config.
    app.add_middleware(Guard, settings=settings, upload_dir=uploads, access=access,
                       gradio_calls=GradioCalls.from_blocks(blocks, uploads))
    return app


def gradio_upload_dir() -> Path:
    """A private upload folder for this process's Gradio app (not the machine-wide /tmp/gradio), removed
    at shutdown (or exit, for an app never served): the only files Gradio will accept as inputs and
    serve are the ones clients put there."""
    folder = Path(tempfile.mkdtemp(prefix="citeline-uploads-"))
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


class CannotListen(Exception):
    """The address to serve on cannot be bound (a port in use, an address not of this machine): one line to print."""

    def __init__(self, address: str, error: OSError) -> None:
        taken = error.errno == errno.EADDRINUSE
        reason = "the port is already in use (another citeline serve?)" if taken else (error.strerror or str(error))
        super().__init__(f"cannot listen on {address}: {reason[:1].lower()}{reason[1:]}")


def run(engine: Engine, settings: ServerSettings) -> None:
    import uvicorn

    app = create_app(engine, settings)
    protocol = timed_httptools(settings.http_header_timeout, settings.http_body_timeout, settings.max_header_bytes)
    config = uvicorn.Config(app, log_level="warning", ws="none", http=protocol,
                            timeout_keep_alive=settings.http_keep_alive_timeout,
                            timeout_graceful_shutdown=settings.http_shutdown_timeout)
    logging.getLogger("uvicorn.error").addFilter(ClosedAtStop(settings.http_shutdown_timeout))
    # Bound here so that port 0 works: the port printed is the one the kernel gave.
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    host = f"[{settings.host}]" if family == socket.AF_INET6 else settings.host
    try:
        sock.bind((settings.host, settings.port))
    except OSError as exc:
        sock.close()
        raise CannotListen(f"{host}:{settings.port}", exc) from None
    print(f"Web uploads are held in {app.state.gradio_uploads} until indexed", flush=True)
    print(f"Citeline is serving on http://{host}:{sock.getsockname()[1]}/", flush=True)
    uvicorn.Server(config).run(sockets=[sock])

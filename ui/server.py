"""One process, one port: the API, the embed page and the Gradio UI share one loaded index and model.

    /               Gradio UI (chat with source panel, citation lookup, documents)
    /embed          compact chat for an iframe;  /embed.js  the one-line script that opens it
    /view/{doc_id}  a document with a span highlighted
    /api/*, /v1/*   the HTTP API (OpenAPI docs at /docs), token-protected when CITELINE_API_TOKEN is set
    /healthz        liveness and index status
"""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.engine import Engine
from rag.settings import Settings
from ui.api.models import Health
from ui.api.openai_compat import chat_router
from ui.api.routes import api_router
from ui.api.security import frame_ancestors
from ui.api.service import CitelineService, ServiceError
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

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 400 and detail == "There was an error parsing the body":
            detail = "body: is not valid JSON in UTF-8"  # FastAPI's words name neither field nor cause
        return JSONResponse(status_code=exc.status_code, content={"detail": detail}, headers=exc.headers)

    if settings.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Citeline-Token"],
        )

    ancestors = frame_ancestors(settings)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        # Refuse an oversized body from its declared length, before it is read.
        path = request.url.path
        declared = request.headers.get("content-length")
        size = int(declared) if declared and declared.isdigit() else 0
        if path == "/api/ingest":
            # Multipart framing adds a little; allow it on top of the per-file limit.
            if size > settings.max_upload_bytes + 64_000:
                return JSONResponse(status_code=413, content={
                    "detail": f"files: upload is {size:,} bytes, over the {settings.max_upload_bytes:,}-byte limit"})
        elif path.startswith(("/api/", "/v1/")) and request.method == "POST":
            if size > settings.max_request_bytes:
                return JSONResponse(status_code=413, content={
                    "detail": f"body: request is {size:,} bytes, over the {settings.max_request_bytes:,}-byte limit"})
            if not declared:
                # A chunked body could stream without end: the API's bodies are small, ask for a length.
                return JSONResponse(status_code=411, content={"detail": "body: send a Content-Length header"})
        response = await call_next(request)
        # Who may frame our pages: ourselves and the configured origins.
        csp = response.headers.get("content-security-policy")
        directive = f"frame-ancestors {ancestors}"
        response.headers["content-security-policy"] = f"{csp}; {directive}" if csp else directive
        response.headers.setdefault("x-content-type-options", "nosniff")
        return response

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
    engine.ask("warm up")
    threading.Thread(target=service.finder.warm, name="cite-warm", daemon=True).start()
    return gr.mount_gradio_app(
        app, build_chat(service), path="/", css=CSS, head=HEAD, max_file_size=settings.max_upload_bytes,
        footer_links=["api"],
    )


def run(engine: Engine, settings: Settings) -> None:
    import uvicorn

    app = create_app(engine)
    print(f"Citeline is serving on http://{settings.host}:{settings.port}/", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")

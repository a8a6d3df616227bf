"""One process, one port: a FastAPI app with the Gradio chat mounted at `/`."""

from __future__ import annotations

from fastapi import FastAPI

from rag.engine import Engine
from rag.settings import Settings


def create_app(engine: Engine) -> FastAPI:
    import gradio as gr

    from ui.chat import CSS, build_chat

    app = FastAPI(title="Citeline", description="Answers with checked citations.")

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok", **engine.status().model_dump()}

    # Warm the model and the BM25 index now, not on the first user's question.
    engine.ask("warm up")
    return gr.mount_gradio_app(app, build_chat(engine), path="/", css=CSS)


def run(engine: Engine, settings: Settings) -> None:
    import uvicorn

    app = create_app(engine)
    print(f"Citeline is serving on http://{settings.host}:{settings.port}/", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")

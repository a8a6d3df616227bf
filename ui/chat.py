"""The Gradio chat."""

from __future__ import annotations

import gradio as gr

from rag.engine import Engine
from ui.render import answer_html

CSS = """
.sources { margin-top: .6em; border-top: 1px solid #ddd; padding-top: .4em; font-size: .92em; }
.source { margin: .4em 0; }
.source .where { color: #666; }
.passage { margin: .2em 0 .2em .4em; padding-left: .6em; border-left: 3px solid #ccc; white-space: pre-wrap; }
.passage mark { background: #ffe58a; }
a.cite { text-decoration: none; font-weight: 600; }
"""


def build_chat(engine: Engine) -> gr.Blocks:
    def respond(message: str, history: list) -> str:
        if not message or not message.strip():
            return "Please type a question."
        return answer_html(engine.ask(message))

    status = engine.status()
    with gr.Blocks(title="Citeline") as demo:
        gr.Markdown(
            f"## Citeline\nAnswers from **{status.documents}** document(s), {status.chunks} passages. "
            "Every sentence cites the passage it comes from."
        )
        gr.ChatInterface(
            respond,
            chatbot=gr.Chatbot(height=560, label="Citeline"),
            textbox=gr.Textbox(placeholder="Ask a question about the documents", submit_btn=True),
            api_name="chat",
        )
    return demo

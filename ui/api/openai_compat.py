"""`POST /v1/chat/completions` in the OpenAI format, so OpenAI clients work unchanged.

The last user message is the question, earlier messages the history. The sources ride along in an
extra `citations` field (on the response, or on the last chunk of a stream), which OpenAI clients
ignore and citation-aware clients read.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from rag.types import FinalEvent, Message, TokenEvent
from ui.api.models import ApiSource, AskRequest
from ui.api.security import require_token
from ui.api.service import CitelineService, ServiceError

MODEL_NAME = "citeline"


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.get("text", "") for part in self.content if part.get("type") == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    # OpenAI clients send many optional knobs (temperature, top_p, ...): accepted and ignored.
    model_config = ConfigDict(extra="allow")

    model: str = Field(MODEL_NAME, description="'citeline' (the server's default answerer) or an llm setting "
                                                "such as 'none' or 'ollama:MODEL'.")
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    k: int | None = Field(None, ge=1, le=50, description="Citeline extension: passages to consider.")


def _ask_request(body: ChatCompletionRequest) -> AskRequest:
    turns = [m for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise HTTPException(status_code=400, detail="messages: the last message must come from the user")
    history = [Message(role=m.role, content=m.text()) for m in turns[:-1]]
    llm = None if body.model in (MODEL_NAME, "", None) or body.model.startswith(f"{MODEL_NAME}-") else body.model
    return AskRequest(question=turns[-1].text(), history=history, k=body.k, llm=llm)


def _citations(sources: list[ApiSource]) -> list[dict]:
    return [s.model_dump() for s in sources]


def chat_router(service: CitelineService) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[Depends(require_token(service.settings))])

    @router.get("/models", summary="The models this server answers as (OpenAI format)")
    def models() -> dict:
        return {"object": "list", "data": [{"id": MODEL_NAME, "object": "model", "created": 0, "owned_by": "citeline"}]}

    @router.post("/chat/completions", summary="OpenAI-compatible chat, with sources in `citations`")
    def chat_completions(body: ChatCompletionRequest):
        request = _ask_request(body)
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        try:
            if not body.stream:
                response = service.ask(request)
                return {
                    "id": completion_id, "object": "chat.completion", "created": created, "model": body.model,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": response.answer},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                    "citations": _citations(response.sources),
                }
            events = service.stream(request)
        except ServiceError as exc:
            raise HTTPException(status_code=exc.status, detail=str(exc)) from None

        def chunk(delta: dict, finish: str | None = None, **extra: Any) -> str:
            data = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": body.model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
            return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

        def sse() -> Iterator[str]:
            yield chunk({"role": "assistant", "content": ""})
            streamed = False
            for event in events:
                if isinstance(event, TokenEvent) and event.text:
                    streamed = True
                    yield chunk({"content": event.text})
                elif isinstance(event, FinalEvent):
                    response = service.to_response(event.answer)
                    if not streamed:
                        # An extractive answer arrives whole: send it as one delta.
                        yield chunk({"content": response.answer})
                    yield chunk({}, "stop", citations=_citations(response.sources))
            yield "data: [DONE]\n\n"

        return StreamingResponse(sse(), media_type="text/event-stream")

    return router

"""`POST /v1/chat/completions` in the OpenAI format, so OpenAI clients work unchanged.

The last user message is the question, earlier messages the history. `model` names what is read:
`citeline` every collection the caller may read, a collection's name that collection alone (GET
/v1/models lists them); the extra body's `collection` and `where` narrow it further. The sources ride along in an
extra `citations` field (on the response, or on the last chunk of a stream), with `answer_id` to rate
the answer through POST /api/feedback; OpenAI clients ignore both, citation-aware clients read them.
"""

from __future__ import annotations

import bisect
import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from rag.types import FinalEvent, Message, TokenEvent
from ui.api.errors import ApiError, error_responses
from ui.api.models import COLLECTION_DOC, WHERE_DOC, ApiSource, AskRequest, AskResponse
from ui.api.security import caller_of, require_token
from ui.api.service import CitelineService, ServiceError

MODEL_NAME = "citeline"
USAGE_UNIT = "characters"


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.get("text", "") for part in self.content if part.get("type") == "text")
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: StrictBool = Field(False, description="Send a last chunk with `usage` (and no choices) before [DONE].")


class ChatCompletionRequest(BaseModel):
    # OpenAI clients send many optional knobs (temperature, top_p, seed, ...): accepted and ignored.
    # The ones below would change what comes back, so a value Citeline cannot honour is a 400.
    model_config = ConfigDict(extra="allow")

    model: str = Field(MODEL_NAME, description="'citeline' (every collection the caller may read, the server's "
                       "default answerer), a collection's name (that collection, GET /v1/models lists them), or an "
                       "llm setting such as 'none' or 'ollama:MODEL'.")
    collection: str | list[str] | None = Field(None, description=f"Citeline extension. {COLLECTION_DOC}")
    where: list[str] = Field(default_factory=list, max_length=32, description=f"Citeline extension. {WHERE_DOC}")
    messages: list[ChatMessage] = Field(min_length=1)
    # Strict as OpenAI's: "yes" or 1 is a 400 naming the field, not a stream nobody asked for.
    stream: StrictBool = False
    stream_options: StreamOptions | None = Field(None, description="Only with `stream`.")
    k: int | None = Field(None, ge=1, le=50, description="Citeline extension: passages to consider.")
    n: int | None = Field(None, description="Choices to return: only 1 is supported.")
    tools: list[Any] | None = Field(None, description="Not supported: Citeline calls no tools.")
    tool_choice: Any = Field(None, description="Only 'none' or 'auto' (no tools are called).")
    functions: list[Any] | None = Field(None, description="Not supported (the deprecated form of `tools`).")
    function_call: Any = Field(None, description="Only 'none' or 'auto'.")
    response_format: Any = Field(None, description="Only {'type': 'text'}.")
    logprobs: StrictBool | None = Field(None, description="Not supported: only false.")
    top_logprobs: int | None = Field(None, description="Not supported.")
    modalities: list[str] | None = Field(None, description="Only ['text'].")
    audio: Any = Field(None, description="Not supported.")


def unsupported(body: ChatCompletionRequest) -> tuple[str, str] | None:
    """The first parameter set to something Citeline cannot do, and why; None when all can be honoured."""
    no_tools = (None, "none", "auto")
    format_type = body.response_format.get("type") if isinstance(body.response_format, dict) else body.response_format
    checks = [
        ("n", body.n not in (None, 1), "Citeline returns one choice; n must be 1"),
        ("tools", bool(body.tools), "Citeline calls no tools"),
        ("tool_choice", body.tool_choice not in no_tools, "Citeline calls no tools; only 'none' or 'auto'"),
        ("functions", bool(body.functions), "Citeline calls no functions"),
        ("function_call", body.function_call not in no_tools, "Citeline calls no functions; only 'none' or 'auto'"),
        ("response_format", format_type not in (None, "text"), "Citeline answers in cited text; only {'type': 'text'}"),
        ("logprobs", bool(body.logprobs), "Citeline gives no log probabilities"),
        ("top_logprobs", body.top_logprobs is not None, "Citeline gives no log probabilities"),
        ("modalities", any(m != "text" for m in body.modalities or []), "Citeline answers in text only"),
        ("audio", body.audio is not None, "Citeline answers in text only"),
        ("stream_options", body.stream_options is not None and not body.stream, "is only allowed with stream: true"),
    ]
    return next(((param, why) for param, refused, why in checks if refused), None)


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="The answer with its [n] citation markers, as Markdown: quoted code is a "
                         "code block (the `code_at` of the API's sentences); code shown cut is followed, outside "
                         "its block, by a line saying how many more lines the cited passage holds "
                         "(\"… 3 more lines in [2]\").")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    """Sizes in characters (Unicode code points), not tokens: an extractive answer passes through no
    tokenizer, and each generator counts tokens its own way. `unit` says so."""

    prompt_tokens: int = Field(description="Characters of the messages' text.")
    completion_tokens: int = Field(description="Characters of the answer.")
    total_tokens: int
    unit: Literal["characters"] = Field(USAGE_UNIT, description="Citeline extension: what the counts count.")


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    citations: list[ApiSource] = Field(description="Citeline extension: the sources the [n] markers point at.")
    answer_id: str | None = Field(None, description="Citeline extension: names this answer in POST /api/feedback; "
                                  "null when the server cannot keep answers (a read-only index folder).")


class ChunkDelta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: ChunkDelta
    finish_reason: Literal["stop"] | None = None


class ChatCompletionChunk(BaseModel):
    """One `data:` event of a stream. The chunk that finishes the answer carries `citations`; with
    `stream_options.include_usage` a last chunk with no choices carries `usage`."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    citations: list[ApiSource] | None = None
    answer_id: str | None = Field(None, description="Citeline extension: on the chunk with `citations`, names the answer in POST /api/feedback; "
                                  "null when the server cannot keep answers (a read-only index folder).")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "citeline"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


def _ask_request(body: ChatCompletionRequest, collections: set[str] = frozenset()) -> AskRequest:
    """The API request this completion asks; `collections`: the names `model` may give (every one the
    server knows, readable or not, so that an unreadable one is a 403 naming it, not an unknown llm)."""
    refused = unsupported(body)
    if refused is not None:
        param, why = refused
        raise ApiError(400, f"{param}: {why}", param=param, code="unsupported_parameter")
    turns = [m for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise HTTPException(status_code=400, detail="messages: the last message must come from the user")
    question = turns[-1].text()
    if not question.strip():
        # Only an image part, or blanks: the request has a `messages` field, not the API's `question`.
        raise ApiError(400, "messages: the last user message has no text to ask", param="messages")
    history = [Message(role=m.role, content=m.text()) for m in turns[:-1]]
    collection = body.collection
    # `citeline` stays the every-collection model even when a collection carries that name (it is
    # still reachable through `collection`), or one `citeline ingest --collection citeline` would
    # turn every client's default model into that collection alone.
    if body.model in collections and body.model != MODEL_NAME:
        if collection is not None:
            raise ApiError(400, "collection: give the collection in `model` or in `collection`, not both",
                           param="collection")
        collection, llm = body.model, None
    else:
        llm = None if body.model in (MODEL_NAME, "", None) or body.model.startswith(f"{MODEL_NAME}-") else body.model
    return AskRequest(question=question, history=history, k=body.k, llm=llm, collection=collection,
                      where=body.where)


# A tag's opening "<" outside code: a client rendering Markdown with its inline HTML would run a
# document's "<script>" or "<img onerror>"; CommonMark shows "\<" as "<". Code spans and blocks show
# what they hold as written.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_BACKTICKS = re.compile(r"`+")


def _html_as_text(prose: str) -> str:
    """`prose` with every tag opening outside its code spans escaped. A span runs from a backtick run to
    the next run of the same length (CommonMark's rule), found by position: no pattern backtracking."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(prose)]
    of_length: dict[int, list[int]] = {}
    for n, (start, end) in enumerate(runs):
        of_length.setdefault(end - start, []).append(n)
    out, at, n = [], 0, 0
    while n < len(runs):
        start, end = runs[n]
        same = of_length[end - start]
        later = bisect.bisect_right(same, n)
        if later == len(same):
            n += 1
            continue
        close = same[later]
        out += [_TAG_OPEN.sub(r"\\<", prose[at:start]), prose[start:runs[close][1]]]
        at, n = runs[close][1], close + 1
    return "".join(out) + _TAG_OPEN.sub(r"\\<", prose[at:])


def markdown_content(response: AskResponse) -> str:
    """The answer as an OpenAI client's Markdown shows it: as the chat does, its quoted code a code
    block (its lines kept, and its own `argv[1]` no [n] marker a client would link; closed after its
    last line shown, then a line of the lines left out with the marker), and what a document or the
    model wrote as HTML shown as its text. The answer as it is when its sentences do
    not make it up (a generated answer's text)."""
    sentences = response.sentences
    joints = response.joints
    if joints is None or all(s.code_at is None for s in sentences):
        return _html_as_text(response.answer)
    pieces = []
    for sentence in sentences:
        markers = "".join(f" [{n}]" for n in sentence.citations)
        if sentence.code_at is None:
            pieces.append(_html_as_text(sentence.text) + markers)
            continue
        prose, code = _html_as_text(sentence.text[:sentence.code_at].rstrip()), sentence.code
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
        block = f"{fence}\n{code}\n{fence}"
        # After code shown cut, its marker line says how many more lines the source holds: "… 3 more lines in [2]".
        tail = f"{sentence.code_note}{markers}" if sentence.code_note else markers.strip()
        pieces.append(f"{prose}\n\n{block}\n\n{tail}" if prose else f"{block}\n\n{tail}")
    # After a code block a blank line: its marker line is a paragraph of its own, not the next sentence's head.
    joints = ["\n\n" if sentences[k].code_at is not None else joint for k, joint in enumerate(joints)]
    return "".join((joints[k - 1] if k else "") + piece for k, piece in enumerate(pieces))


def _usage(body: ChatCompletionRequest, answer: str) -> Usage:
    prompt = sum(len(m.text()) for m in body.messages)
    return Usage(prompt_tokens=prompt, completion_tokens=len(answer), total_tokens=prompt + len(answer))


def _unknown_model(model: str, also: str = "") -> ApiError:
    also = f", or {also}" if also else ""
    return ApiError(404, f"model: no model named {model[:200]!r}; this server answers as '{MODEL_NAME}' and as each "
                    f"collection GET /v1/models lists{also}", param="model", code="model_not_found")


STREAM_DOC = ("With `stream: true`: server-sent events, one `data: <ChatCompletionChunk JSON>` per piece of the "
              "answer, then `data: [DONE]`.")


def chat_router(service: CitelineService) -> APIRouter:
    access = service.access
    router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[Depends(require_token(access))],
                       responses=error_responses(401))

    def known() -> set[str]:
        return set(access.known_collections(sorted(service.engine.collection_names())))

    @router.get("/models", response_model=ModelList, summary="The models this server answers as (OpenAI format): "
                "'citeline' (every collection the caller may read) and each collection it may read")
    def models(request: Request) -> ModelList:
        readable = [c.name for c in service.collections(caller_of(request, access)) if c.name != MODEL_NAME]
        return ModelList(data=[ModelCard(id=name) for name in [MODEL_NAME, *readable]])

    @router.get("/models/{model}", response_model=ModelCard, summary="One model (OpenAI format)",
                responses=error_responses(403, 404))
    def model(model: str, request: Request) -> ModelCard:
        if model in known() and model != MODEL_NAME:
            try:
                access.check(caller_of(request, access), [model])
            except ServiceError as exc:
                raise ApiError(exc.status, str(exc), param="model") from None
        elif model != MODEL_NAME:
            raise _unknown_model(model)
        return ModelCard(id=model)

    @router.post(
        "/chat/completions", summary="OpenAI-compatible chat, with sources in `citations`", response_model=None,
        responses={200: {"model": ChatCompletion, "description": f"The answer. {STREAM_DOC}",
                         "content": {"text/event-stream": {"schema": {"type": "string", "description": STREAM_DOC}}}},
                   **error_responses(400, 403, 404, 411, 413, 422, 503)},
    )
    def chat_completions(body: ChatCompletionRequest, http: Request):
        request = _ask_request(body, known())
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        try:
            scope = service.scope(caller_of(http, access), request.collections(), request.where)
            if not body.stream:
                response = service.ask(request, scope)
                content = markdown_content(response)
                return ChatCompletion(
                    id=completion_id, created=created, model=body.model,
                    choices=[Choice(message=AssistantMessage(content=content))],
                    usage=_usage(body, content), citations=response.sources,
                    answer_id=response.id,
                )
            events = service.stream(request, scope)
        except ServiceError as exc:
            # The question and the history come from `messages`: that is the parameter an OpenAI client sent.
            if exc.field == "llm" and request.llm == body.model:
                # Most often a misspelt collection: say what `model` may be, not only the generators.
                raise _unknown_model(body.model, also=str(exc).removeprefix("llm: must be ")) from None
            param = "messages" if exc.field.startswith(("question", "history")) else exc.field
            if exc.field.startswith("collection") and body.model in known():
                param = "model"
            raise ApiError(exc.status, str(exc), param=param) from None
        include_usage = body.stream_options is not None and body.stream_options.include_usage

        def chunk(choices: list[ChunkChoice], **extra: Any) -> str:
            data = ChatCompletionChunk(id=completion_id, created=created, model=body.model, choices=choices, **extra)
            # OpenAI sends `usage: null` on every chunk when usage was asked for, and no key otherwise.
            shown = data.model_dump(exclude={"choices", "usage", "citations", "answer_id"})
            shown["choices"] = [{"index": c.index, "delta": c.delta.model_dump(exclude_none=True),
                                 "finish_reason": c.finish_reason} for c in choices]
            if include_usage:
                shown["usage"] = data.usage.model_dump() if data.usage else None
            if data.citations is not None:
                shown["citations"] = [source.model_dump() for source in data.citations]
                shown["answer_id"] = data.answer_id
            return f"data: {json.dumps(shown, ensure_ascii=False)}\n\n"

        def delta(content: str | None, role: bool = False, finish: bool = False) -> list[ChunkChoice]:
            return [ChunkChoice(delta=ChunkDelta(role="assistant" if role else None, content=content),
                                finish_reason="stop" if finish else None)]

        def sse() -> Iterator[str]:
            yield chunk(delta("", role=True))
            streamed, answer = False, ""
            for event in events:
                if isinstance(event, TokenEvent) and event.text:
                    streamed = True
                    yield chunk(delta(event.text))
                elif isinstance(event, FinalEvent):
                    response = service.shown_streamed(request, event.answer)
                    answer = response.answer
                    if not streamed:
                        # An extractive answer arrives whole: send it as one delta.
                        answer = markdown_content(response)
                        yield chunk(delta(answer))
                    yield chunk(delta(None, finish=True), citations=response.sources, answer_id=response.id)
            if include_usage:
                yield chunk([], usage=_usage(body, answer))
            yield "data: [DONE]\n\n"

        return StreamingResponse(sse(), media_type="text/event-stream")

    return router

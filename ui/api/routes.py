"""Thin HTTP routes over `CitelineService`: parse and call. What the service refuses (a CitelineError)
becomes its status and one-line body in the app's handler (ui/api/errors.py), not here."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from ui.api.errors import error_responses
from rag.scope import DEFAULT_COLLECTION
from ui.api.models import (
    COLLECTION_DOC,
    AskRequest,
    AskResponse,
    CiteRequest,
    CiteResponse,
    CollectionList,
    CollectionOut,
    DocumentDetail,
    DocumentList,
    DocumentRemoved,
    FeedbackRequest,
    FeedbackResponse,
    IngestResponse,
)
from ui.api.security import caller_of, require_token
from ui.api.service import CitelineService

_READ_CHUNK = 1 << 20
# SQLite's OFFSET is a signed 64-bit integer: a larger one was a 500 from the driver.
MAX_OFFSET = 2**53
PARTLY_INDEXED = ("Some files were indexed and some could not be: the summary of those indexed, with `failed` "
                  "naming each other file and why (when none could be, a 422 names them).")


def api_router(service: CitelineService) -> APIRouter:
    settings = service.server
    access = service.access
    router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(require_token(access))],
                       responses=error_responses(401))
    # What the Guard (ui/guard.py) refuses before a POST reaches its route, and what its body may get.
    post_errors = (400, 403, 411, 413, 422)
    collection_query = Query(None, description=COLLECTION_DOC)

    @router.post("/ask", response_model=AskResponse, summary="Answer a question with numbered, checked citations",
                 responses=error_responses(*post_errors, 404, 503))
    def ask(body: AskRequest, request: Request) -> AskResponse:
        return service.ask(body, service.scope(caller_of(request, access), body.collections(), body.where))

    @router.post("/cite", response_model=CiteResponse, summary="Find where the corpus says a quote or claim",
                 responses=error_responses(*post_errors, 404))
    def cite(body: CiteRequest, request: Request) -> CiteResponse:
        scope = service.scope(caller_of(request, access), body.collections(), body.where)
        return CiteResponse(matches=service.cite(body.text, body.limit, scope))

    @router.get("/collections", response_model=CollectionList, summary="The collections this caller may read")
    def collections(request: Request) -> CollectionList:
        readable = service.collections(caller_of(request, access))
        return CollectionList(collections=[CollectionOut.of(c) for c in readable])

    @router.get("/documents", response_model=DocumentList, summary="The indexed documents",
                responses=error_responses(400, 403, 404, 422))
    def documents(
        request: Request,
        offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Documents to skip (by path order)."),
        limit: int = Query(100, ge=1, le=1000, description="Documents in this page."),
        collection: list[str] | None = collection_query,
    ) -> DocumentList:
        return service.documents(offset, limit, service.scope(caller_of(request, access), collection))

    # `:path` so that ids with slashes (`../../etc/passwd`) reach the validator and get a clear 400.
    @router.get("/documents/{doc_id:path}", response_model=DocumentDetail, summary="One indexed document's text",
                responses=error_responses(400, 403, 404))
    def document(doc_id: str, request: Request, collection: list[str] | None = collection_query) -> DocumentDetail:
        return service.document(doc_id, service.scope(caller_of(request, access), collection))

    @router.delete("/documents/{doc_id:path}", response_model=DocumentRemoved,
                   summary="Take one document (and an e-mail's attachments) out of the index",
                   responses=error_responses(400, 403, 404, 409))
    def remove(doc_id: str, request: Request, collection: list[str] | None = collection_query) -> DocumentRemoved:
        caller = caller_of(request, access)
        if collection:
            service.scope(caller, collection, write=True)
        return service.remove(doc_id, caller=caller)

    @router.post("/ingest", response_model=IngestResponse, summary="Upload files and index them",
                 responses={**error_responses(*post_errors, 409, 415), 207: {
                     "model": IngestResponse, "description": PARTLY_INDEXED}})
    async def ingest(request: Request, response: Response, files: list[UploadFile] = File(description="Files to index."),
                     collection: str = Query(DEFAULT_COLLECTION, description="The collection the files join "
                                             "(a token that may write it is needed).")) -> IngestResponse:
        limit = settings.max_upload_bytes
        received: list[tuple[str, bytes]] = []
        caller = caller_of(request, access)
        service.scope(caller, [collection], write=True)
        for upload in files:
            name = upload.filename or ""
            service.check_upload(name)
            data = bytearray()
            while chunk := await upload.read(_READ_CHUNK):
                data += chunk
                if len(data) > limit:
                    service.check_upload(name, len(data))
            received.append((name, bytes(data)))
        result = await run_in_threadpool(service.ingest_files, received, collection, caller=caller)
        if result.failed and len(result.failed) == len(received):
            raise HTTPException(
                status_code=422, detail="; ".join(f"file {f.path}: {f.error}" for f in result.failed)
            )
        if result.failed:
            # Some files are in the index now: a 422 said nothing was done, and a client that retried
            # the whole upload would not learn which files had gone in.
            response.status_code = 207
        return result

    @router.post("/feedback", response_model=FeedbackResponse,
                 summary="Rate an answer (thumbs up or down, optional comment), by the id /api/ask gave it",
                 responses=error_responses(*post_errors, 404))
    def feedback(body: FeedbackRequest) -> FeedbackResponse:
        rated = service.rate(body.answer_id, body.rating, body.comment)
        return FeedbackResponse(answer_id=rated.id, rating=rated.rating, comment=rated.comment, rated_at=rated.rated_at)

    return router

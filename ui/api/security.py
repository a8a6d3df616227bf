"""The API's token dependency and the caller a route acts for (ui/access.py decides what it may read)."""

from __future__ import annotations

from fastapi import HTTPException, Request

from ui.access import Access, Caller


def caller_of(request: Request, access: Access) -> Caller:
    """The token and cross-site origin this request came with, as the server saw them."""
    return Caller.from_headers(request.headers, access)


def carries_known_token(request: Request, access: Access) -> bool:
    """The request carries one of the server's configured tokens."""
    caller = caller_of(request, access)
    return caller.token is not None and access.known_token(caller.token)


def require_token(access: Access):
    """A FastAPI dependency: 401 unless the request carries a configured token, or none where this
    server lets callers without one in (the Guard checks the same at the door)."""

    def check(request: Request) -> None:
        if not access.checks_tokens:
            return
        if carries_known_token(request, access):
            return
        if caller_of(request, access).token is None and not access.needs_token:
            return
        raise HTTPException(
            status_code=401,
            detail="token: missing or wrong API token (send Authorization: Bearer TOKEN)",
            headers={"WWW-Authenticate": "Bearer"},
        )

    return check

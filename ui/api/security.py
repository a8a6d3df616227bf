"""The optional API token and the embedding policy (CSP frame-ancestors, CORS)."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from ui.settings import ServerSettings


def token_of(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-citeline-token")


def token_ok(settings: ServerSettings, given: str | None) -> bool:
    if not settings.api_token:
        return True
    return given is not None and hmac.compare_digest(given.encode(), settings.api_token.encode())


def require_token(settings: ServerSettings):
    """A FastAPI dependency: 401 unless the request carries the configured token (when one is set)."""

    def check(request: Request) -> None:
        if not token_ok(settings, token_of(request)):
            raise HTTPException(
                status_code=401,
                detail="token: missing or wrong API token (send Authorization: Bearer TOKEN)",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check


def frame_ancestors(settings: ServerSettings) -> str:
    """CSP source list of the pages allowed to put Citeline in an iframe."""
    if "*" in settings.allowed_origins:
        return "*"
    return " ".join(["'self'", *settings.allowed_origins])

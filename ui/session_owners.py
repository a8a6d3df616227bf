"""Which caller each Gradio session belongs to, so that one caller cannot read or end another's.

Gradio keys a conversation by the `session_hash` its page makes up: whoever sends it may read that
session's event stream (`queue/data`: the answers, over whatever collection its owner may read), end it
(`heartbeat` then disconnect, `cancel`) or call its components. Behind one token that is one party; with
an access file, a public collection's anonymous visitor and each token's holder are different parties,
and a session hash seen in a log, a proxy or a shared screen must not open another's answers. So the
first caller to use a session hash owns it, and a request naming it from anyone else is refused before
Gradio sees it.

A caller is who its token says (the same token from a header or the browser's cookie is one caller); all
callers without a token are one, "anonymous": they may read only public collections anyway. A token nobody
configured (an open server lets any through) says nobody: it is anonymous too.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import OrderedDict
from dataclasses import dataclass, field

from rag.errors import BadRequest, Forbidden
from ui.gradio_calls import QUEUE_DATA, QUEUE_JOIN

# Routes whose body names the session (JSON `session_hash`), besides the calls (/call, /run, /api), whose
# body may.
BODY_ROUTES = (QUEUE_JOIN, "/gradio_api/cancel", "/gradio_api/component_server")
# Routes whose path names it.
_PATH_SESSION = re.compile(r"^/gradio_api/(?:heartbeat|stream)/(?P<session>[^/]+)(?:/|$)")
# Sessions remembered per caller; its oldest is forgotten first (a forgotten session is claimed by its next
# caller). Callers are the configured tokens and the anonymous one, so memory stays bounded.
MOST_SESSIONS = 100_000
ANONYMOUS = ""


def caller_key(token: str | None) -> str:
    """One caller per token, without keeping the token itself in memory beside the session."""
    return ANONYMOUS if token is None else hashlib.sha256(token.encode()).hexdigest()


def session_in_request(method: str, path: str, query_session: str | None) -> str | None:
    """The session hash a GET names in its path or query, None when it names none."""
    if method not in ("GET", "HEAD"):
        return None
    if path.rstrip("/") == QUEUE_DATA:
        return query_session
    named = _PATH_SESSION.match(path)
    return named.group("session") if named else None


def session_in_body(body: bytes, required: bool) -> str | None:
    """The `session_hash` a JSON body names; BadRequest when `required` and it names none (or the body is
    no JSON object), else None for Gradio to refuse."""
    try:
        sent = json.loads(body)
    except (ValueError, RecursionError):
        sent = None
    session = sent.get("session_hash") if isinstance(sent, dict) else None
    if isinstance(session, str):
        return session
    if required:
        raise BadRequest("session_hash", "a JSON body naming the session (session_hash) is required")
    return None


def _session_key(session: str) -> bytes:
    """A session remembered by a digest of its name: the name is whatever its caller sent (up to a body's
    limit), and JSON may send a lone surrogate, which plain UTF-8 cannot encode."""
    return hashlib.sha256(session.encode("utf-8", "surrogatepass")).digest()


@dataclass
class SessionOwners:
    """Each caller's sessions, its least recently named forgotten first once it holds `most`: forgotten
    by that caller's own use alone, since a session pushed out by another's (made-up hashes, a heartbeat
    each) would be claimed by whoever names it next."""

    most: int = MOST_SESSIONS
    _owners: dict[bytes, str] = field(default_factory=dict)
    _held: dict[str, OrderedDict[bytes, None]] = field(default_factory=dict)

    def admit(self, session: str, caller: str) -> None:
        """Claims `session` for `caller` when nobody holds it; Forbidden when another caller does."""
        key, caller = _session_key(session), sys.intern(caller)  # one string per caller, not one per session
        owner = self._owners.get(key)
        if owner is not None and owner != caller:
            raise Forbidden("session_hash", f"session {session[:100]} was opened by another caller")
        held = self._held.setdefault(caller, OrderedDict())
        held[key] = None
        held.move_to_end(key)
        self._owners[key] = caller
        if len(held) > self.most:
            forgotten, _ = held.popitem(last=False)
            del self._owners[forgotten]

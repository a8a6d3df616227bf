"""Who may read and write which collection: the access settings file, and the decisions made from it.

Every face asks this module, with what the server itself saw of the request (the token presented,
the `Origin` of a page on another site), never with what the client says about itself:

- `Caller.from_headers` reads the token (`Authorization: Bearer`, `X-Citeline-Token`, or the
  browser cookie the Guard set) and the cross-origin `Origin`;
- `Access.scope` turns the collections a request names (none: every one the caller may read) into
  the `Scope` handed to the engine, or raises `Forbidden` (403) naming the first collection refused.

Without a settings file (`CITELINE_ACCESS_FILE` unset) every collection is governed by the global
`api_token` and `allowed_origins`, exactly as before collections: the Guard decides, and whoever it
lets in may read and write them all. With one, each collection has its own tokens and origins, and
a collection the file does not name is closed to everyone but the global token's holder
(docs/deploy.md, "Collections and access").
"""

from __future__ import annotations

import hashlib
import hmac
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator
from starlette.datastructures import Headers

from rag.engine import every_collection, is_collection_name
from rag.errors import BadRequest, CitelineError, Forbidden
from rag.scope import Scope
from ui.settings import ServerSettings

COOKIE = "citeline_session"
MIN_TOKEN_CHARS = 16


class AccessFileError(CitelineError):
    """The access settings file cannot be used: one line naming the file and the field."""

    status = 500
    exit_code = 2


def session_value(token: str) -> str:
    """What the browser cookie holds: derived from the token, so the cookie never carries the token itself."""
    return hmac.new(token.encode(), b"citeline-browser-session", hashlib.sha256).hexdigest()


def _origin(value: str) -> str:
    """The origin as a browser sends it in `Origin` (lower-case scheme and host, no default port): an entry
    written otherwise (`https://Help.example.com:443`) would never match and silently shut the site out."""
    value = value.strip().rstrip("/")
    if value == "*":
        return value
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        port = -1
    scheme = parts.scheme.lower()
    if (scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment
            or parts.username is not None or port == -1):
        raise ValueError(f"{value[:200]!r} is not an origin (scheme://host[:port], no path), nor '*'")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    shown_port = "" if port in (None, {"http": 80, "https": 443}[scheme]) else f":{port}"
    return f"{scheme}://{host}{shown_port}"


class CollectionAccess(BaseModel):
    """One `[collections.NAME]` table of the settings file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Strict: TOML has booleans, so `public = "false"` is a mistake to name, not a string to read as true or false.
    public: StrictBool = Field(False, description="Readable without a token (a public help-centre embed).")
    read_tokens: tuple[str, ...] = Field((), description="Tokens that may read this collection.")
    write_tokens: tuple[str, ...] = Field((), description="Tokens that may read it, upload to it and delete from it.")
    allowed_origins: tuple[str, ...] = Field(
        (), description="Pages (origins) that may embed it or call the API for it from a browser; none: no embed.")

    @field_validator("read_tokens", "write_tokens")
    @classmethod
    def _tokens(cls, tokens: tuple[str, ...]) -> tuple[str, ...]:
        for token in tokens:
            if len(token) < MIN_TOKEN_CHARS or token != token.strip():
                raise ValueError(f"a token of {len(token)} characters: use {MIN_TOKEN_CHARS} or more, "
                                 "without spaces around it")
        return tokens

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, origins: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_origin(o) for o in origins)


class AccessFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    collections: dict[str, CollectionAccess] = Field(min_length=1)

    @field_validator("collections")
    @classmethod
    def _names(cls, collections: dict[str, CollectionAccess]) -> dict[str, CollectionAccess]:
        for name in collections:
            if not is_collection_name(name):
                raise ValueError(f"{name[:80]!r} is not a collection name (lower-case letters, digits, '.', '_', '-'; "
                                 "64 at most, starting with a letter or digit)")
        return collections


def read_access_file(path: Path) -> AccessFile:
    """The parsed file; AccessFileError naming the file and the field when it cannot be used."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AccessFileError(f"access file {path}: cannot be read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AccessFileError(f"access file {path}: is not TOML ({exc})") from None
    try:
        return AccessFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "is not a setting (known: public, read_tokens, write_tokens, allowed_origins; tables under [collections.NAME])"
        raise AccessFileError(f"access file {path}: {where}: {message}") from None


@dataclass(frozen=True, slots=True)
class ServerItself:
    """The server acting on its own account (a trusted path with no request behind it): no token to
    check. Passed by name where it is meant, so a face that forgets its caller fails, not passes."""


SERVER = ServerItself()


@dataclass(frozen=True, slots=True)
class Caller:
    """What the server saw of a request: the token it presented, and the page's origin when that page is
    on another site (None for a same-origin page or a program, which sends no `Origin`)."""

    token: str | None
    cross_origin: str | None

    @classmethod
    def from_headers(cls, headers: Headers, access: "Access") -> "Caller":
        origin = headers.get("origin")
        same = bool(origin) and urlsplit(origin).netloc.lower() == headers.get("host", "").lower()
        cross = origin if origin and not same else None  # "null" (a sandboxed frame) is another site too
        auth = headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else headers.get("x-citeline-token")
        if token is None:
            token = access.cookie_token(headers)
        return cls(token=token, cross_origin=cross)


class Access:
    """The policy of one server: `open` (no settings file) or per collection."""

    def __init__(self, admin_token: str | None, allowed_origins: Sequence[str],
                 rules: dict[str, CollectionAccess] | None = None, source: Path | None = None) -> None:
        self.admin_token = admin_token
        self.global_origins = tuple(allowed_origins)
        self.rules = rules
        self.source = source
        tokens = {admin_token} if admin_token else set()
        for rule in (rules or {}).values():
            tokens.update(rule.read_tokens, rule.write_tokens)
        self._tokens = tuple(sorted(tokens))
        self._sessions = {session_value(t): t for t in self._tokens}

    @classmethod
    def from_settings(cls, settings: ServerSettings) -> "Access":
        path = settings.access_file
        rules = read_access_file(Path(path)).collections if path else None
        return cls(settings.api_token, settings.allowed_origins, rules, Path(path) if path else None)

    # -- who is calling -----------------------------------------------------------------------
    @property
    def open(self) -> bool:
        return self.rules is None

    @property
    def checks_tokens(self) -> bool:
        """Whether the door looks at tokens at all: an open server without api_token lets everyone in."""
        return not self.open or bool(self.admin_token)

    @property
    def needs_token(self) -> bool:
        """Whether a request with no token is refused at the door (401) rather than per collection."""
        if self.open:
            return bool(self.admin_token)
        return not any(rule.public for rule in self.rules.values())

    def known_token(self, token: str) -> bool:
        # compare_digest with every token: how long the check takes says nothing about which matched.
        found = False
        for known in self._tokens:
            found |= hmac.compare_digest(token.encode(), known.encode())
        return found

    def cookie_token(self, headers: Headers) -> str | None:
        """The token a browser signed in with, from its session cookie; honoured only for the server's
        own pages (another site's page, or another port of this host, is not signed in by it)."""
        value = _cookie(headers, COOKIE)
        if value is None:
            return None
        origin = headers.get("origin")
        if origin and urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
            return None
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return None
        for session, token in self._sessions.items():
            if hmac.compare_digest(value.encode(), session.encode()):
                return token
        return None

    def origins(self) -> tuple[str, ...]:
        """Every origin some collection lets in: CORS and the write check at the door use the union,
        the collection's own list decides per request."""
        union = dict.fromkeys(self.global_origins)
        for rule in (self.rules or {}).values():
            union.update(dict.fromkeys(rule.allowed_origins))
        return tuple(union)

    def frame_ancestors(self, collections: Sequence[str] | None = None) -> str:
        """CSP source list of the pages that may frame this server: for the embed of `collections`, the
        origins every one of them allows (none listed: no other site); for everything else (None), the
        global allowed_origins. An open server (no settings file) uses the global list throughout."""
        if self.open or collections is None:
            chosen = list(self.global_origins)
        else:
            sets = [set(self._origins_of(name)) for name in collections] or [set()]
            concrete = [s for s in sets if "*" not in s]
            if not concrete:
                return "*"
            chosen = sorted(set.intersection(*concrete))
        if "*" in chosen:
            return "*"
        return " ".join(["'self'", *chosen])

    def _origins_of(self, name: str) -> tuple[str, ...]:
        if self.rules is None:
            return self.global_origins
        rule = self.rules.get(name)
        return rule.allowed_origins if rule else ()

    # -- decisions ----------------------------------------------------------------------------
    def refusal(self, caller: Caller, name: str, write: bool = False) -> str | None:
        """Why `caller` may not read (or write) collection `name`; None when it may."""
        if self.rules is None:
            return None  # the Guard let it in: today's one-token policy
        # The file is named, not its path: a refusal reaches anonymous callers too.
        where = f"[collections.{name}] in the access file"
        rule = self.rules.get(name)
        origin = caller.cross_origin
        if origin is not None and not (rule and ("*" in rule.allowed_origins or origin in rule.allowed_origins)):
            return (f"pages on {origin[:200]} may not read it (its allowed_origins in {where} "
                    "do not list that origin)")
        if self.is_admin(caller):
            return None
        if rule is None:
            return f"is not open to this caller (no {where}; only the server's api_token reaches it)"
        token = caller.token
        writer = token is not None and token in rule.write_tokens
        if write:
            if writer:
                return None
            reader = token is not None and token in rule.read_tokens
            return ("this token may only read it (a token in write_tokens may change it)" if reader
                    else "changing it needs a token listed in its write_tokens")
        if writer or rule.public or (token is not None and token in rule.read_tokens):
            return None
        return "needs a token that may read it" if token is None else "this token may not read it"

    def is_admin(self, caller: Caller) -> bool:
        """The global api_token: read and write on every collection (from origins some rule allows)."""
        return bool(self.admin_token and caller.token
                    and hmac.compare_digest(caller.token.encode(), self.admin_token.encode()))

    def writes_somewhere(self, caller: Caller) -> bool:
        """Whether `caller` may add documents to some collection (any, on an open server)."""
        return (self.rules is None or self.is_admin(caller)
                or any(self.refusal(caller, name, write=True) is None for name in self.rules))

    def check(self, caller: Caller, names: Iterable[str], write: bool = False) -> None:
        for name in names:
            why = self.refusal(caller, name, write)
            if why is not None:
                raise Forbidden(f"collection {name}", why)

    def readable(self, caller: Caller, names: Iterable[str]) -> list[str]:
        return [name for name in names if self.refusal(caller, name) is None]

    def known_collections(self, existing: Iterable[str]) -> list[str]:
        """The collections a server speaks of: those in the index and those the file names."""
        return sorted(set(existing) | set(self.rules or ()))

    def scope(self, caller: Caller, requested: Sequence[str] | None, where: Sequence[str] = (),
              existing: Iterable[str] = (), write: bool = False) -> Scope:
        """The scope a request reads: the collections it names, each checked, or, when it names none or
        "all" among them, every collection the caller may read (all of them, unrestricted, for an open
        server). Every way in reads "all" so, the guard's check of a Gradio call as its handler."""
        requested = [name.strip() for name in requested or () if name.strip()]
        if not write and every_collection(requested):
            requested = []
        if requested:
            for name in requested:
                if not is_collection_name(name):
                    raise BadRequest("collection", f"{name[:80]!r} is not a collection name")
            self.check(caller, requested, write)
            return Scope(collections=tuple(dict.fromkeys(requested)), where=tuple(where))
        if self.open:
            return Scope(collections=None, where=tuple(where))
        existing = set(existing)
        known = self.known_collections(existing)
        mine = [name for name in known if self.refusal(caller, name, write) is None]
        if not mine:
            raise Forbidden("collection", "this caller may read no collection of this server"
                            + (f" (pages on {caller.cross_origin[:200]} are listed in no allowed_origins)"
                               if caller.cross_origin else ""))
        if len(mine) == len(known):
            return Scope(collections=None, where=tuple(where))
        # Only collections the index holds: one the file names but nothing was ingested into yet is no
        # error when the caller did not ask for it by name.
        held = [name for name in mine if name in existing]
        return Scope(collections=tuple(held or mine), where=tuple(where))


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None

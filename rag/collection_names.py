"""What a collection may be called: a short name that fits a URL, a model id and a shell word."""

from __future__ import annotations

import re

from rag.errors import BadRequest

MAX_LENGTH = 64
_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")
# Names the faces already give a meaning: `--collection all` (and the API's `"collection": "all"`) reads every
# collection. (/v1's model `citeline` does too, but a collection of that name stays reachable there through
# `collection`.)
EVERY_COLLECTION = "all"
RESERVED = {EVERY_COLLECTION: "it means every collection (`citeline ask --collection all`)"}


def is_collection_name(name: str) -> bool:
    """Whether `name` is spelled as a collection name (reserved names included)."""
    return isinstance(name, str) and len(name) <= MAX_LENGTH and bool(_NAME.fullmatch(name))


def every_collection(names: list[str] | tuple[str, ...] | None) -> bool:
    """Whether a request naming `names` asks for every collection it may read: none named, or "all" among them."""
    return not names or any(name.strip() == EVERY_COLLECTION for name in names)


def check_collection_name(name: str) -> str:
    """`name` when it is a valid collection name, else BadRequest naming the `collection` field."""
    if not isinstance(name, str) or not name:
        raise BadRequest("collection", "a collection needs a name")
    shown = repr(name[:MAX_LENGTH]) + ("..." if len(name) > MAX_LENGTH else "")
    if len(name) > MAX_LENGTH:
        raise BadRequest("collection", f"{shown} is longer than {MAX_LENGTH} characters")
    if not _NAME.fullmatch(name):
        raise BadRequest("collection", f"{shown} is not a collection name: use lower-case letters, digits, "
                                       "'-', '_' and '.', starting with a letter or digit")
    if name in RESERVED:
        raise BadRequest("collection", f"{shown} is reserved: {RESERVED[name]}")
    return name

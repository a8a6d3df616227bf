"""A protocol or format named with its version as a slash writes it ("HTTP/3", "HTTP/1.1", "TLS/1.3"),
and whether a passage names that version.

The version is what is asked: a page on HTTP/1.1 and HTTP/2 says nothing of HTTP/3, however much
of "HTTP" it says, and a version number has no synonym a page could use instead. So, as for code
(rag/code_names.py), the passage that answers writes it: "HTTP/2", "HTTP/2.0", or as code
("http2=True"). Only the slash form: "Python 3.14" is answered by "Python 3.10 and newer", and
"Cluster 4" is a label, not a version.
"""

from __future__ import annotations

import re

from collections.abc import Sequence

from rag.types import Chunk

# An acronym in capitals, a slash, a version: not a path's part ("/api/v1", "docs/2").
_VERSIONED = re.compile(r"(?<![\w/.-])([A-Z]{2,})/(\d+(?:\.\d+)*)(?![\w/]|\.\d)")


def protocol_versions(question: str) -> list[str]:
    """The slash-versioned names of `question`, as written ("HTTP/3")."""
    return [m.group(0) for m in _VERSIONED.finditer(question)]


def names_version(versioned: str, text: str) -> bool:
    """Whether `text` names `versioned` ("HTTP/2"), letter case aside: with a slash, a space or
    nothing between name and version ("http2"), or a finer version of it ("HTTP/2.0"), never
    another version ("HTTP/2" is not said by "HTTP/1.1" nor "HTTP/20"), nor a status class ("HTTP 3xx")."""
    name, version = versioned.rsplit("/", 1)
    said = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?:/|\s)?" + re.escape(version) + r"(?![0-9A-Za-z])", re.IGNORECASE)
    return said.search(text) is not None


def unread_version(question: str, chunks: Sequence[Chunk]) -> str:
    """The first slash-versioned name of `question` that none of `chunks` (titles included) names,
    else ""."""
    asked = protocol_versions(question)
    if not asked:  # most questions: the passages need not be read
        return ""
    texts = [f"{c.title}\n{c.text}" for c in chunks]
    return next((v for v in asked if not any(names_version(v, t) for t in texts)), "")

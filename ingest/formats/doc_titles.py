"""The titles of a Sphinx project's pages, as a built page names them where the source names a file.

`:doc:`/deploying/index`` and a `toctree` entry `deploying/index` name a document by its file; the built
page shows that document's title ("Deploying to Production"), a file name no reader would write. The
title is read from the named file's own title lines, and nothing else of it: the file's text stays its own
document's (an include is still refused, ingest/formats/sphinx_markup.py).

Only files of the project are read: a name is found from the Sphinx source folder (the nearest folder up
holding `conf.py`, else the document's own), and what it names must lie inside that folder (no `..` or
link out of it), end in `.rst` or `.md`, and be a regular file; only its head is read. A name not found so
has no title: the caller shows what it showed before.
"""

from __future__ import annotations

import re
from pathlib import Path

from rag.sphinx_roles import role_text

# Sphinx's source folder is at most this many folders above a document (`docs/api/v2/page.rst`).
_ROOT_LEVELS = 4
# A document's title is in its first lines; the rest of the file is never read.
_HEAD_BYTES = 16_384
# Names looked up per document: a page of ten thousand toctree entries reads no more files than this.
MAX_LOOKUPS = 500
_SUFFIXES = (".rst", ".md")
# A reST section title: a line of text under an optional overline, over an underline of one punctuation
# character repeated.
_RST_TITLE = re.compile(r"^(?:([!-/:-@\[-`{-~])\1{2,}[ \t]*\n)?[ \t]*(?P<title>[^\s].*?)[ \t]*\n"
                        r"([!-/:-@\[-`{-~])\3{2,}[ \t]*$", re.MULTILINE)
_MD_TITLE = re.compile(r"^#[ \t]+(?P<title>\S.*?)[ \t#]*$", re.MULTILINE)
# Inline markup a title may hold: a role (`:mod:`flask``), a literal, emphasis.
_ROLE = re.compile(r":[\w:+.-]+:`([^`]*)`")
_MARKS = re.compile(r"``|\*\*|\*|`")
_EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<[^<>]*>$", re.DOTALL)


class DocTitles:
    """The titles of the documents `:doc:` and `toctree` name from the document at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.here = path.parent
        self.root = _source_root(path.parent)
        self.lookups = 0
        self._found: dict[str, str] = {}

    def title(self, name: str) -> str:
        """The title of the document `name` names (`/cli`, `../api`, `usage/index`), "" when none is found."""
        name = name.strip()
        if name not in self._found:
            self._found[name] = self._read(name) if self.lookups < MAX_LOOKUPS else ""
        return self._found[name]

    def _read(self, name: str) -> str:
        self.lookups += 1
        if not name or "\0" in name or "\\" in name:
            return ""
        base = self.root if name.startswith("/") else self.here
        try:
            root = self.root.resolve()
            for suffix in _SUFFIXES:
                target = (base / f"{name.lstrip('/')}{suffix}").resolve()
                # A page naming itself is no other page (Sphinx leaves such a toctree entry out).
                if target.is_relative_to(root) and target.is_file() and target != self.path.resolve():
                    with target.open("rb") as file:
                        head = file.read(_HEAD_BYTES).decode("utf-8", errors="replace")
                    return _title_of(head, suffix)
        except (OSError, ValueError, RuntimeError):  # a name the file system refuses, a link loop
            return ""
        return ""


def shown_title(text: str) -> str:
    """The title a role or entry writes itself (`Deploying <deploying/index>` -> `Deploying`), else ""."""
    explicit = _EXPLICIT.match(text.strip())
    return " ".join(explicit.group("title").split()) if explicit else ""


def _source_root(folder: Path) -> Path:
    for level, above in enumerate([folder, *folder.parents]):
        if level > _ROOT_LEVELS:
            break
        try:
            if (above / "conf.py").is_file():
                return above
        except OSError:
            break
    return folder


def _title_of(head: str, suffix: str) -> str:
    found = (_MD_TITLE if suffix == ".md" else _RST_TITLE).search(head.replace("\r\n", "\n").replace("\0", ""))
    if found is None:
        return ""
    title = _MARKS.sub("", _ROLE.sub(lambda m: role_text(m.group(1)), found.group("title")))
    return " ".join(title.split())[:200]

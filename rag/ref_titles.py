"""The titles of the sections MyST's `{ref}` roles name: what Sphinx shows for `` {ref}`shell-completion` ``.

MyST marks a section with a target line above its heading (`(shell-completion)=` over `# Shell Completion`),
and a `{ref}` without a title of its own shows that heading's words. The target may be on any page of the
corpus, so its title is looked up in the catalog's Markdown documents when a passage holding such a role is
read (the text stays the file's own: the title is what the role's display shows, rag/sphinx_roles.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.catalog import Catalog
from rag.units import HEADING_MARKS, clean, heading_text

# Labels looked up per passage: a page of a thousand references reads no more than this.
MAX_LABELS = 20
# How far under its target line a heading is looked for (blank lines, another target between).
_HEADING_LOOKAHEAD = 400
# A target line: `(label)=` alone on its line, as `_heading_after` reads it (spaces around it allowed).
TARGET_LINE = re.compile(r"^[ \t]*(?P<target>\((?P<label>[^()\s]+)\)=)[ \t]*\r?$", re.MULTILINE)
# Documents holding a label's target line read for its heading, at most.
_DOCUMENTS_READ = 20
_LINE_BREAKS = re.compile(r"\r\n?|\n")


class RefTargets:
    """Where each label's target line stands in the catalog's Markdown documents, and the title under it: read
    in one pass over the documents holding any target, once per catalog generation (a lookup per label was a
    scan of every document's text, per passage read: 0.2 s a label at 90 MB of Markdown)."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        # The generation read and what it holds, replaced as one (requests may look up from several threads).
        self._read: tuple[int, dict[str, list[tuple[str, str]]]] = (-1, {})

    def holders(self, label: str) -> list[tuple[str, str]]:
        """(doc_id, title) of each document holding `label`'s target line, in path order; the title of its
        first such line ("" when no heading is right under it)."""
        generation = self._catalog.generation()
        read = self._read
        if read[0] != generation:
            read = self._read = (generation, _targets(self._catalog))
        return read[1].get(label, [])


def _targets(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    # In path order, so that two targets of one label give the same title each time.
    for doc_id in catalog.column("SELECT doc_id FROM documents WHERE kind = 'markdown' AND instr(text, ')=') > 0 "
                                 "ORDER BY path"):
        text = catalog.document_text(doc_id) or ""
        seen: set[str] = set()
        for line in TARGET_LINE.finditer(text):
            label = line.group("label")
            if label not in seen:
                seen.add(label)
                at = line.start("target")
                title = _heading_after(text[at : at + len(line.group("target")) + _HEADING_LOOKAHEAD], line.group("target"))
                found.setdefault(label, []).append((doc_id, title))
    return found


def ref_titles(targets: RefTargets, labels: Iterable[str], known: dict[str, str] | None = None,
               readable: frozenset[str] | None = None) -> dict[str, str]:
    """label -> the title of the section its target heads, for the `labels` a Markdown document of the
    catalog marks (`(label)=` on a line of its own, a heading under it); a label not found has no entry.
    Only the `readable` documents are looked in (None: all): a heading of a collection the caller may not
    read is not shown through a `{ref}` of one it may (review36). `known` holds the labels looked up already
    (found or not: "" when not), and is filled in."""
    known = {} if known is None else known
    for label in sorted(set(labels))[:MAX_LABELS]:
        if label not in known:
            known[label] = _title(targets, label, readable) if label and "\n" not in label else ""
    return {label: title for label, title in known.items() if title}


def _title(targets: RefTargets, label: str, readable: frozenset[str] | None) -> str:
    holders = [(d, title) for d, title in targets.holders(label) if readable is None or d in readable]
    return next((title for _, title in holders[:_DOCUMENTS_READ] if title), "")


def _heading_after(text: str, target: str) -> str:
    """The words of the heading right under the target line `text` opens with ("" when none is)."""
    lines = _LINE_BREAKS.split(text)
    if not lines or lines[0].strip() != target:
        return ""
    for line in lines[1:]:
        if not line.strip() or re.fullmatch(r"\s*\([^()\s]+\)=\s*", line):
            continue  # a blank line, or another target of the same heading
        return clean(heading_text(line)) if HEADING_MARKS.match(line) else ""
    return ""

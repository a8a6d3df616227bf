"""Whether the answer shown sends the reader to a page of its own documents that is not indexed.

Documentation links its pages to each other: a sentence on a neighbouring page names the topic asked
about in the title of the link to the page that treats it ("I'll tell you more ... in a future
chapter: [FastAPI in Containers - Docker](docker.md)", "read more in [CORS (Cross-Origin Resource
Sharing)](../tutorial/cors.md)", "Make sure you [Upgrade the FastAPI version](../deployment/
versions.md) ..."). When that page is indexed, retrieval finds it and the answer is taken from it;
when the link's page is not (a part of the documentation indexed, a page left out), the sentence
shown names the question's words only as the title of a page the index does not have: what is asked
is there, not here (docs/quality.md, issue 14, abst17).

Read: Markdown links `[title](relative/path.md#anchor)` and Hugo's `[title]({{< relref "page" >}})`
in the cited text, outside code (an example link in backticks is no reference). Only links to a
document (a text file: .md, .rst, .html, ...; or a folder, "../deployment/") relative to the citing
page or the site's root: a web address, an image or a paper's "[Ca(2+)](i)" says nothing of the index. A title that is a code name alone (`` [`line-length`]
(settings.md#line-length) ``) names the option the sentence itself is about, as reference pages link
every setting they name: it is not read.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from rag.catalog import Catalog
from rag.code_spans import code_spans
from rag.terms import terms

# No bracket in a title and no bracket or parenthesis in a target: each match then ends at the first
# place it can, and "[a](" repeated is read in linear time (a target reading on to every later "(" was not).
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(\s*<?([^()\[\]\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)"
                   r"|\[([^\[\]\n]+)\]\(\{\{<\s*relref\s+\"([^\"\n]+)\"\s*>\}\}(?:\s+\"[^\"\n]*\")?\s*\)")
_FENCE_OPENING = re.compile(r"(`{3,}|~{3,})")
# A root-relative link's tails read as paths within the folder: a folder nests documents this deep at
# most, and each tail is a handful of query parameters (SQLite takes 32,766).
_DEEPEST = 16
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_DOCUMENT_SUFFIXES = frozenset({".md", ".mdx", ".markdown", ".rst", ".txt", ".html", ".htm"})
# A page's title as a reference names it ("[CORS (Cross-Origin Resource Sharing)](...)", "see [Proxies:
# FORWARD vs TUNNEL](...)"): it opens with a capital. A running word of the sentence made a link
# ("reasonable [timeouts](quickstart.md#timeouts) for all network operations") is said in the sentence
# itself, and a code name (`` [`line-length`](settings.md) ``) is the option the sentence is about.
_PAGE_TITLE = re.compile(r"\s*[A-Z]")


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    target: str  # the path, anchor and query dropped
    relref: bool  # Hugo's relref: a page name, not a path


def links(text: str) -> Iterator[Link]:
    """The links to other documents in `text` (not in code, not to a web address or a file of
    another kind, not to a place in the same page)."""
    text = _without_fenced_code(text)
    spans = code_spans(text)
    starts = [span.start for span in spans]
    for m in _LINK.finditer(text):
        at = bisect.bisect_left(starts, m.start()) - 1
        if at >= 0 and spans[at].start < m.start() < spans[at].end:
            continue
        title, target = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
        target = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not target or _SCHEME.match(target):
            continue
        relref = m.group(3) is not None
        # A page's file ("cors.md") or folder ("../deployment/"): "[Ca(2+)](i)" in a paper is notation.
        if not (relref or target.endswith("/")
                or posixpath.splitext(target)[1].lower() in _DOCUMENT_SUFFIXES):
            continue
        yield Link(title, target, relref)


def _without_fenced_code(text: str) -> str:
    """`text` with its fenced code blocks blanked (lengths kept), one pass over the lines: a fence
    closes on a later line that is the same fence alone; one that never closes fences nothing."""
    lines = text.split("\n")
    closings: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        bare = line.rstrip()
        if bare and bare[0] in "`~" and bare == bare[0] * len(bare) and len(bare) >= 3:
            closings.setdefault(bare, []).append(number)
    number = 0
    while number < len(lines):
        opening = _FENCE_OPENING.match(lines[number])
        later = closings.get(opening.group(1), []) if opening else []
        at = bisect.bisect_right(later, number)
        if at == len(later):
            number += 1
            continue
        closing = later[at]
        for blanked in range(number, closing + 1):
            lines[blanked] = " " * len(lines[blanked])
        number = closing + 1
    return "\n".join(lines)


def candidate_paths(citing: str, link: Link) -> tuple[str, ...]:
    """The document paths (relative to the indexed folder) `link` in the document at `citing` may
    name: relative to the citing page or to the folder, with a text suffix or as a folder's index."""
    found: list[str] = []
    readings = [posixpath.join(posixpath.dirname(citing), link.target), link.target.lstrip("/")]
    if link.target.startswith("/"):
        # A path from the site's root: where the indexed folder sits on the site ("/docs/") is
        # unknown, so each tail of it may be the path within the folder, the empty one its index.
        parts = [p for p in link.target.split("/") if p]
        readings += ["/".join(parts[i:]) or "." for i in range(max(1, len(parts) - _DEEPEST), len(parts) + 1)]
    for joined in readings:
        path = posixpath.normpath(joined).rstrip("/")
        if path == ".":
            found += ["index.md", "_index.md", "README.md", "index.rst"]
            continue
        if path.startswith(("../", "/")) or path == "..":
            continue
        stem = re.sub(r"\.html?$", "", path)
        found += [path, f"{stem}.md", f"{stem}.mdx", f"{stem}.rst", f"{path}/index.md", f"{path}/_index.md",
                  f"{path}/README.md", f"{path}/index.rst"]
    return tuple(dict.fromkeys(found))


def unindexed_title(asked: frozenset[str], units: Iterable[tuple[tuple[str, str], str]],
                    indexed: Callable[[tuple[str, str], Link], bool]) -> str:
    """The title of a link in `units` ((citing document's (root, path), cited text) pairs) to a
    document the index does not have (`indexed(citing, link)` false) that names one of the `asked`
    terms that the text outside its links does not, else "". A sentence that names it in its own words too
    ("Kiln is a static site generator ...; see the [Kiln documentation](docs/index.md)") is about it,
    whatever it links to."""
    for citing, text in units:
        said = None
        for link in links(text):
            named = asked & terms(link.title) if _PAGE_TITLE.match(link.title) else frozenset()
            if not named:
                continue
            if said is None:
                said = terms(_LINK.sub(" ", text))
            if named - said and not indexed(citing, link):
                return link.title
    return ""


def indexed(catalog: Catalog, citing: tuple[str, str], link: Link) -> bool:
    """Whether the index has a document `link` (in the document at `citing`, (root, path)) may name.
    A link that leaves the indexed folder, or a citing document of no known root, says nothing of
    the index: taken as indexed."""
    root, path = citing
    # A web page's links are the site's, not the index's (its path is its address).
    if _SCHEME.match(path):
        return True
    paths = candidate_paths(path, link)
    if not root or not paths:
        return True
    marks = ",".join("?" * len(paths))
    if catalog.column(f"SELECT 1 FROM documents WHERE root = ? AND path IN ({marks}) LIMIT 1", [root, *paths]):
        return True
    if not link.relref:
        return False
    # Hugo's relref names a page by its path from the content folder or by its name alone. A page
    # named so is no section: the section the indexed folder is ("docs", Hugo's documentation section,
    # or the folder's own name) is taken as indexed.
    name = link.target.strip("/").rsplit("/", 1)[-1]
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    named = [f"{escaped}.%", f"%/{escaped}.%", f"{escaped}/%", f"%/{escaped}/%"]
    if catalog.column("SELECT 1 FROM documents WHERE root = ? AND (" + " OR ".join(["path LIKE ? ESCAPE '\\'"] * 4)
                      + ") LIMIT 1", [root, *named]):
        return True
    return name in ("docs", posixpath.basename(root.rstrip("/")))

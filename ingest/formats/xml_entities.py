"""Refuse an Office package whose XML declares a DOCTYPE or refers to an entity: Office writes
neither, and entities are how a file reaches outside itself (`<!ENTITY xxe SYSTEM "file:///etc/hostname">`)
or swells in memory (nested entities). The parsers resolve none of them, but each failed its own way:
a declared entity was indexed as nothing (the file's words around it kept, its own silently gone), an
undeclared one was "corrupt DOCX (XML: Entity 'xxe' not defined…)" or "unreadable PPTX (XMLSyntaxError)".
"""

from __future__ import annotations

import re
import zipfile
import zlib

from ingest.loaders import LoadError

_CHUNK = 65_536
_UNDECLARED = re.compile(r"Entity '([^']{1,40})' not defined")


def _doctype(member) -> bool:
    """Whether the part declares a DOCTYPE: read until its root element opens, no further."""
    from lxml import etree

    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False)
    try:
        while chunk := member.read(_CHUNK):
            parser.feed(chunk)
            for _, element in parser.read_events():
                return bool(element.getroottree().docinfo.doctype)
    except etree.XMLSyntaxError:
        # Nested entities swelling past libxml2's cap (a "billion laughs") fail the very chunk that opened the
        # root: the elements read before the error still tell whether a DOCTYPE came first.
        return any(bool(element.getroottree().docinfo.doctype) for _, element in parser.read_events())
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        # A broken part (bad XML, a damaged or encrypted stream, an unknown compression) is the loader's
        # to report in its one line; raised here, it escaped the pipeline's LoadError handling.
        return False
    return False


def refuse_doctype(archive: zipfile.ZipFile, kind: str) -> None:
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(info) as member:
            if _doctype(member):
                raise LoadError(f"{kind} part {info.filename[:80]} declares a DOCTYPE (entity declarations), "
                                "which Office never writes: refused")


def undeclared_entity(kind: str, error: Exception) -> LoadError | None:
    """The refusal for a parser's error on an entity no DOCTYPE declares (None for other errors)."""
    found = _UNDECLARED.search(str(error))
    if found is None:
        return None
    return LoadError(f"{kind} refers to an XML entity (&{found.group(1)};), which Office never writes: refused")

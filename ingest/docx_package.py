"""What python-docx cannot open in a .docx package, found before it tries: parts the relationships
point at but the zip lacks (a missing image does not stop Word from showing the text; python-docx
loads every part and fails, so the loader fills such parts with empty bytes; XML parts stay missing,
without them there is no text to show), and Strict Open XML packages."""

from __future__ import annotations

import io
import posixpath
import zipfile

_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# ISO 29500 Strict names its relationships (and XML) here; Word writes Transitional unless asked.
_STRICT = b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


def is_strict(archive: zipfile.ZipFile) -> bool:
    """A Strict Open XML package, which python-docx does not read (it knows Transitional names only)."""
    try:
        return _STRICT in archive.read("_rels/.rels")
    except KeyError:
        return False


def _source_folder(rels_name: str) -> str:
    """`word/_rels/document.xml.rels` -> `word`: where a part's relative targets start."""
    return posixpath.dirname(posixpath.dirname(rels_name))


def missing_media(archive: zipfile.ZipFile) -> list[str]:
    """Members the package's relationships name, missing from the zip, that are not XML parts."""
    from lxml import etree

    present = set(archive.namelist())
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    missing: set[str] = set()
    for name in present:
        if not name.endswith(".rels"):
            continue
        try:
            root = etree.fromstring(archive.read(name), parser)
        except etree.XMLSyntaxError:
            continue  # python-docx reports it
        for rel in root.iter(_RELATIONSHIP):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(_source_folder(name), target))
            if member not in present and not member.endswith((".xml", ".rels")) and not member.startswith(".."):
                missing.add(member)
    return sorted(missing)


def with_empty_parts(archive: zipfile.ZipFile, names: list[str]) -> io.BytesIO:
    """A copy of the package with the named members added, empty. Stored, not compressed again: it
    is read once, right away (python-docx holds every part in memory anyway)."""
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
        for info in archive.infolist():
            out.writestr(info.filename, archive.read(info.filename))
        for name in names:
            out.writestr(name, b"")
    copy.seek(0)
    return copy

"""Office files are zips: refuse ones that are not, or that would inflate far beyond any real file."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.formats.xml_entities import refuse_doctype
from ingest.loaders import LoadError

MAX_INFLATED = 200_000_000
# Password-protected Office files are OLE2 compound files holding the encrypted zip.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refuse_encrypted(path: Path, kind: str) -> None:
    """Refuse a password-protected file by name; zipfile would call it "not a zip archive"."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from None
    if head == _OLE2_MAGIC:
        raise LoadError(f"encrypted {kind} (password-protected) or an old binary Office file: refused")


def check_office_zip(path: Path, kind: str) -> None:
    refuse_encrypted(path, kind)
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
            if inflated <= MAX_INFLATED:
                refuse_doctype(archive, kind)
    except zipfile.BadZipFile:
        raise LoadError(f"corrupt {kind} (not a zip archive)") from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from None
    if inflated > MAX_INFLATED:
        raise LoadError(f"{kind} inflates to {inflated:,} bytes: refused as a likely zip bomb")


def is_strict_package(path: Path) -> bool:
    """An ISO 29500 Strict package (`purl.oclc.org` names), which python-pptx and openpyxl do not read:
    they open it and find no slides or cells."""
    from ingest.docx_package import is_strict

    try:
        with zipfile.ZipFile(path) as archive:
            return is_strict(archive)
    except (zipfile.BadZipFile, OSError):
        return False

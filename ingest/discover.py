"""Find the files an ingest should consider, each with the root its path is relative to."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ingest.ignore import SelectionRules, folder_filter
from ingest.loaders import LoadedDocument, is_supported


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document to consider: a file on disk, or text already in memory (`inline`)."""

    file: Path | None
    root: Path | str
    relpath: str
    inline: LoadedDocument | None = None
    # Why the file must not be read: it fails with this reason, and a version indexed before stays.
    refused: str | None = None
    # How reports name an in-memory document (default: its relpath), e.g. the mail file an attachment is in.
    shown: str | None = None


OUTSIDE_LINK = "a link to a file outside the ingested folder: refused"


def _leads_outside(file: Path, root: Path) -> bool:
    """A symlink whose target is not under `root` (already resolved). realpath, not Path.resolve:
    a link loop then stays a path under the folder and fails later as the broken link it is."""
    target = os.path.realpath(file)
    return os.path.commonpath([target, str(root)]) != str(root)


def file_type(name: str) -> str:
    """How a report names a file's type: its suffix in lower case (".png"), or the name of a file that
    has none ("Makefile")."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix and suffix != "." else name


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    # Folder roots walked in full: documents under them that no longer exist get removed.
    swept_roots: list[Path | str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Files of a type no loader reads, counted by type (see `file_type`), so a report can say what was left out.
    skipped_types: dict[str, int] = field(default_factory=dict)
    # Files left out by --exclude/--include or a .citelineignore (those of an excluded folder,
    # which is not walked, are not counted).
    excluded: int = 0


def discover(paths: list[Path], rules: SelectionRules = SelectionRules()) -> Discovery:
    """Walk folders recursively (hidden entries and symlinked folders are not followed, nor a file
    symlink leading out of the walked folder: a shared folder must not publish the server's files).
    A file named on its own is read wherever its link leads: whoever named it chose it."""
    found = Discovery()
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            root = given.resolve()
            found.swept_roots.append(root)
            selection = folder_filter(rules, root)
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                folder = Path(dirpath)
                # Built from strings once per folder: Path.relative_to per file was most of a
                # 20,000-file walk.
                prefix = folder.relative_to(root).as_posix() + "/" if folder != root else ""
                dirnames[:] = sorted(d for d in dirnames
                                     if not d.startswith(".") and selection.walks_folder(prefix + d))
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    file = folder / name
                    if not is_supported(file):
                        kind = file_type(name)
                        found.skipped_types[kind] = found.skipped_types.get(kind, 0) + 1
                        continue
                    if not selection.takes_file(prefix + name):
                        found.excluded += 1
                        continue
                    if file not in seen:
                        seen.add(file)
                        refused = OUTSIDE_LINK if file.is_symlink() and _leads_outside(file, root) else None
                        found.candidates.append(Candidate(file, root, prefix + name, refused=refused))
        elif given.exists() or given.is_symlink():
            # A file named explicitly is always attempted, so an unsupported one is reported.
            root = given.absolute().parent.resolve()
            file = root / given.name
            if not folder_filter(rules, None).takes_file(given.name):
                found.excluded += 1
                continue
            if file not in seen:
                seen.add(file)
                found.candidates.append(Candidate(file, root, given.name))
        else:
            found.missing.append(str(given))
    return found

"""Which files of an ingested folder to leave out: `--exclude`/`--include` globs and a
`.citelineignore` file at the folder's root, both in gitignore syntax (via `pathspec`).

A file is taken when it matches an include (or none are given) and is not excluded; a folder
that is excluded is not walked. Because an ingest removes indexed documents of a walked folder that
it did not see, a file that becomes excluded leaves the index on the next ingest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

IGNORE_FILE = ".citelineignore"


class SelectionError(ValueError):
    """A glob or a .citelineignore that cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class SelectionRules:
    """The globs given on the command line; the folder's own file is read per root."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass
class FolderFilter:
    """The rules as they apply under one root: paths are relative to it, POSIX-style."""

    _exclude: object = None
    _include: object = None

    def takes_file(self, relpath: str) -> bool:
        if self._exclude is not None and self._exclude.match_file(relpath):
            return False
        return self._include is None or self._include.match_file(relpath)

    def walks_folder(self, relpath: str) -> bool:
        return self._exclude is None or not self._exclude.match_file(relpath.rstrip("/") + "/")


def _spec(lines: list[str], source: str):
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
    except (ValueError, TypeError) as exc:  # pathspec's GitWildMatchPatternError is a ValueError
        raise SelectionError(f"{source}: invalid pattern ({exc})") from None


def folder_filter(rules: SelectionRules, root: Path | None) -> FolderFilter:
    """The filter for a walked folder `root` (its .citelineignore read), or for named files (None)."""
    lines: list[str] = []
    source = "--exclude"
    if root is not None and (root / IGNORE_FILE).is_file():
        ignore = root / IGNORE_FILE
        source = f"{ignore} or --exclude"
        try:
            lines = ignore.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            # Ingesting the folder without its rules could index what it says to leave out.
            raise SelectionError(f"{ignore}: cannot be read ({exc})") from None
    # The command line's excludes come last, so they win over a `!pattern` of the file.
    return FolderFilter(_spec([*lines, *rules.exclude], source), _spec(list(rules.include), "--include"))

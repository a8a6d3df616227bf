"""A version asked by number ("What changed in Hatchling 1.26.3?") is answered from the section whose
heading holds that number, never from a neighbouring release's: their sections read alike, and the one
asked may sit in the same chunk as the next."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A dotted version number, with an optional leading "v": 1.26.3, v2.0. Not a date (2024-11-12). What follows
# it is no digit nor a dot going on into a word ("1.2.x" is a series, not 1.2); a full stop ending a
# sentence ("... in Hatchling 1.26.3.") may.
_NUMBER_END = r"(?!\d|\.\w)"
_VERSION = re.compile(rf"(?<![\w.])v?(\d+(?:\.\d+)+){_NUMBER_END}")
# Outside release notes, a heading is about a version only when it says so ("Hatch v1.6.0",
# "Version 1.6"): "1.1 Background" is a PDF's section number.
_SAID_VERSION = re.compile(rf"(?:\bv|\b(?:version|release)\s+)(\d+(?:\.\d+)+){_NUMBER_END}", re.IGNORECASE)


def _normal(number: str) -> str:
    """Trailing zero parts dropped: "1.6" and "1.6.0" are one version."""
    parts = number.split(".")
    while len(parts) > 1 and parts[-1].strip("0") == "":
        parts.pop()
    return ".".join(parts)


def versions(text: str) -> frozenset[str]:
    """The version numbers `text` (a question) names."""
    return frozenset(_normal(n) for n in _VERSION.findall(text))


def section_versions(heading: str, release_notes: bool) -> frozenset[str]:
    """The versions a section is about, read from its heading path; on `release_notes` (a page about
    the project) any dotted number in a heading is one."""
    return frozenset(_normal(n) for n in (_VERSION if release_notes else _SAID_VERSION).findall(heading))


@dataclass(frozen=True, slots=True)
class VersionedSection:
    """A candidate unit's section: the versions its heading path is about (`section_versions`), and whether
    its page is about the project (release notes)."""

    versions: frozenset[str]
    release_notes: bool


def of_version(sections: list[VersionedSection], asked: frozenset[str]) -> list[bool]:
    """Which of the sections may answer a question asking about the versions `asked`: one about another
    version never, nor, when sections of the release notes about versions are among them, one of the
    release notes about none (their preamble, "All notable changes ... will be documented in this file", is
    no answer, whether the version asked is there or not)."""
    releases = any(s.versions and s.release_notes for s in sections)
    return [bool(s.versions & asked) if s.versions else not (releases and s.release_notes) for s in sections]


# In running text a version may end a sentence ("... the release of 3.16.").
_VERSION_IN_TEXT = re.compile(r"(?<![\w.])v?(\d+(?:\.\d+)+)(?!\.?\d)")


def other_version_only(text: str, asked: frozenset[str]) -> bool:
    """Whether `text` (a unit outside any versioned section) names a version, none of them asked: "we are
    happy to announce the release of 3.16" does not say when 3.16.1 was released."""
    named = frozenset(_normal(n) for n in _VERSION_IN_TEXT.findall(text))
    return bool(named) and not named & asked


def of_version_units(sections: list[VersionedSection], texts: list[str], asked: frozenset[str]) -> list[bool]:
    """`of_version`, and, when a section about an asked version is among them, no unit outside a versioned
    section that names only other versions (an announcement of the minor release around its patch's note)."""
    kept = of_version(sections, asked)
    if not any(k and s.versions for k, s in zip(kept, sections)):
        return kept
    return [k and (bool(s.versions) or not other_version_only(t, asked)) for k, s, t in zip(kept, sections, texts)]

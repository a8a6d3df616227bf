"""A thing the question names by a label and its number ("Cluster 4", "Step 3", "Table 2").

A paper or a manual numbers things of one kind: clusters, groups, steps, tasks, examples. A
sentence about "Cluster 5" resembles a question about "Cluster 4" in every word but the one that
matters, so resemblance alone cannot tell them apart; the number can. A unit naming the asked thing
is about it; a unit naming others of its kind, and not it, is about them.
"""

from __future__ import annotations

import re

# "Cluster 4", "Clusters 0 and 3", "Group 2": a capitalised label, then an integer (no version
# number: "Python 3.9" is a release, rag.question_type reads those).
_NUMBERED = re.compile(r"\b([A-Z][a-z]{2,15}?)s? (\d{1,3})\b(?![.,]\d)((?:(?:,| and| or|,? and) \d{1,3}\b(?![.,]\d))*)")


def numbered_names(text: str) -> dict[str, frozenset[int]]:
    """Each label in `text` with the numbers it names ("Clusters 0 and 3" names 0 and 3)."""
    found: dict[str, set[int]] = {}
    for m in _NUMBERED.finditer(text):
        numbers = {int(m.group(2))} | {int(n) for n in re.findall(r"\d{1,3}", m.group(3))}
        found.setdefault(m.group(1).lower(), set()).update(numbers)
    return {label: frozenset(n) for label, n in found.items()}


def numbered_terms(text: str) -> frozenset[str]:
    """The numbered things `text` names ("Cluster 6", "Table 2"), each as one term ("cluster 6"),
    so that a unit naming the one a follow-up asks about shares a term with it."""
    return frozenset(f"{label} {n}" for label, numbers in numbered_names(text).items() for n in numbers)


def names_asked(asked: dict[str, frozenset[int]], unit_text: str) -> bool | None:
    """True when the unit names a numbered thing the question asks about (`asked`, from
    numbered_names of the question); False when it names others of that label and not it; None
    when the question names none or the unit no such label."""
    if not asked:
        return None
    named = numbered_names(unit_text)
    shared = [label for label in asked if label in named]
    if not shared:
        return None
    return any(asked[label] & named[label] for label in shared)

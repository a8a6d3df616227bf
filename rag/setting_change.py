"""A follow-up asking how to change the setting the previous answer named, and the line that sets it.

"What is the default keep-alive timeout?" answered from an option line ("`--timeout-keep-alive <int>`
- Close Keep-Alive connections ... Default: 5."), then "How do I change it?": "it" is that setting,
and the way to change it is the option line itself, its flag or key. Another unit of the page saying
"change" (a reload option's "file changes trigger a reload") answers another setting's question.
"""

from __future__ import annotations

import re

from rag.terms import terms

# What a reader does to a setting's value.
_CHANGE_VERBS = terms("change set configure override modify adjust customize customise alter increase decrease "
                      "raise lower specify")
# A line opening with a setting's name as code writes it: a flag (`--port <int>`), or a key with
# "_", "." or "-" inside (`remote_branch`, `tool.ruff`).
_SETTING_LINE = re.compile(r"^\W{0,3}`(?:--?[A-Za-z][\w-]*|[A-Za-z][\w-]*[_.-][\w.-]*)[^`]*`")


def asks_only_to_change(focus: frozenset[str]) -> bool:
    """Whether the follow-up's own words (its focus terms) say only to change something."""
    return bool(focus) and focus <= _CHANGE_VERBS


def sets_a_setting(display: str) -> bool:
    """Whether the unit is a setting's own line: it opens with the setting's flag or key."""
    return _SETTING_LINE.match(display) is not None

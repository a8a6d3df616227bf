"""Whether the answer shown says how to remove what a question asks to uninstall.

"How do I uninstall Ruff after installing it with the standalone installer?" answered with the
standalone installer's commands: the install page names every word of the question but the one
that asks, and its steps do the opposite. An answer that uninstalls says so ("uninstall", "remove",
"delete", "rm"); one that never does is on installing (issue 14, una23).
"""

from __future__ import annotations

import re

_ASKED = re.compile(r"\bun-?install", re.IGNORECASE)
_REMOVES = re.compile(r"\bun-?install|\bremov(?:e|es|ed|ing|al)\b|\bdelet(?:e|es|ed|ing|ion)\b|\brm\s|\bpurge",
                      re.IGNORECASE)


def lacks_removal(question: str, shown: str) -> bool:
    """`question` asks to uninstall something and `shown` says nothing of removing it."""
    return bool(_ASKED.search(question)) and not _REMOVES.search(shown)

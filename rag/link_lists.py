"""A list whose every item is a link and nothing else: a page's table of contents.

"You can jump directly to a page listed below ..." then "- [Installation](installation.md)", "- [Configuration]
(configuration.md)": the items name the pages to read, not what they say, so such a list shows no step of
anything done. Read from the unit's source text: shown, a link is only its title ("- Installation").
"""

from __future__ import annotations

import re

# A list item's marker ("- ", "* ", "+ ", "1. "), its indentation aside.
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
# The whole item one link: inline ("[Title](page.md)", with an optional title string) or by reference
# ("[Title][ref]", "[Title]"), in optional emphasis.
_LINK_ONLY = re.compile(r"^[*_]{0,2}\[[^\[\]\n]+\](?:\([^()\s]+(?:\s+\"[^\"\n]*\")?\)|\[[^\[\]\n]*\])?[*_]{0,2}$")


def links_only(read: str) -> bool:
    """Whether the list in `read` (after any lead-in line) has two items or more, each only a link."""
    items = [m.group(1).strip() for line in read.splitlines() if (m := _ITEM.match(line))]
    return len(items) >= 2 and all(_LINK_ONLY.match(item) for item in items)

"""Code that only pages text: each of its commands pipes what it fetches into a pager (`curl URL | less`,
`irm URL | more`). Such code shows a script to read before running it; it performs no step of a how-to, so an
answer that has a step does not add it as a second one (a page's "may be inspected before use" tip, try25)."""

from __future__ import annotations

import re

# A prompt a console block writes before its command (`$ `, `PS> `, `> `, `% `).
_PROMPT = re.compile(r"^\s*(?:PS[^>\n]*>|[$>%#])\s+")
# A command whose last stage is a pager with, at most, its options.
_PAGED = re.compile(r"\|\s*(?:less|more|most)(?:\s+-\S+)*\s*[\"']?\s*$")


def only_pages(code: str) -> bool:
    """Whether every command line of `code` (its output lines, without a prompt, are skipped when some line has
    one) ends by piping into a pager; False for code with no command."""
    lines = [line for line in code.splitlines() if line.strip()]
    prompted = [line for line in lines if _PROMPT.match(line)]
    commands = [_PROMPT.sub("", line, count=1) for line in (prompted or lines)]
    return bool(commands) and all(_PAGED.search(command) for command in commands)

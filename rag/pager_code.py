"""Code that only pages text: each of its commands pipes what it fetches into a pager (`curl URL | less`,
`irm URL | more`). Such code shows a script to read before running it; it performs no step of a how-to, so an
answer that has a step does not add it as a second one (a page's "may be inspected before use" tip, try25)."""

from __future__ import annotations

import re

# A prompt a console block writes before its command (`$ `, `PS> `, `> `, `% `). Not a root's `# `: in a
# script block that is a comment, and a commented-out pager line is no command of the block.
_PROMPT = re.compile(r"^\s*(?:PS[^>\n]*>|[$>%])\s+")
_COMMENT = re.compile(r"^\s*#")
# A command whose last stage is a pager with, at most, its options.
_PAGED = re.compile(r"\|\s*(?:less|more|most)(?:\s+-\S+)*\s*[\"']?\s*$")


def only_pages(code: str) -> bool:
    """Whether every command line of `code` (its comments skipped, and its output lines, without a prompt, when
    some line has one) ends by piping into a pager; False for code with no command."""
    lines = [line for line in code.splitlines() if line.strip() and not _COMMENT.match(line)]
    prompted = [line for line in lines if _PROMPT.match(line)]
    commands = [_PROMPT.sub("", line, count=1) for line in (prompted or lines)]
    return bool(commands) and all(_PAGED.search(command) for command in commands)

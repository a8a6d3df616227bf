"""A console sample that runs the page's example program and shows what it prints.

Tutorials show a terminal session after each step (Typer's `<div class="termy">` blocks: `$ python main.py
--help` then the help screen the program prints). Such a block shows what the code the page just built does;
its command types nothing a how-to asks for, only the example's file name, and its output resembles the
question most ("help", "option", "--name" are all over a help screen) while it says nothing to do. A command
line a reader types to do the step (`$ pip install httpx[socks]`, `$ openssl rand -hex 32`, `$ mkdocs serve`
then its log) is a step: the command there is a tool's, not a script of the page. Answer-time only (read by
rag/unit_scoring.py): no index is built from it.
"""

from __future__ import annotations

import re

# A console line's prompt, then the command typed (`$ python main.py`, `% python3 app.py`).
_PROMPT = re.compile(r"^\s*[$%]\s+(?=\S)")
# A comment a console sample writes between its lines (termynal's `// Check the help`, a shell's `# ...`
# right after the prompt is the command's, not output).
_COMMENT = re.compile(r"^\s*//")
# Environment variables set for the one command (`MY_NAME="Wade Wilson" python main.py`).
_ASSIGNMENTS = r"(?:[A-Za-z_]\w*=(?:\"[^\"\n]*\"|'[^'\n]*'|\S*)\s+)*"
# A Python script run by its file, maybe through a project's runner: the page's example program.
_RUNS_SCRIPT = re.compile(rf"{_ASSIGNMENTS}(?:(?:uv|poetry|pdm|hatch)\s+run\s+)?(?:python[\d.]*|py)\s+(?:-[A-Za-z]\S*\s+)*"
                          r"[\w./\\-]+\.py(?:\s|$)")


def runs_example(code: str) -> bool:
    """`code` is a console session whose first command runs a Python script file and which shows output (a
    line neither typed nor a comment): what the example prints, not a step."""
    lines = [line for line in code.splitlines() if line.strip()]
    commands = [n for n, line in enumerate(lines) if _PROMPT.match(line)]
    if not commands:
        return False
    first = _PROMPT.sub("", lines[commands[0]], count=1)
    if not _RUNS_SCRIPT.match(first):
        return False
    typed = set(commands)
    return any(n not in typed and not _COMMENT.match(line) for n, line in enumerate(lines))


"""Documentation markup: reStructuredText through docutils (its text, markup removed), AsciiDoc as
plain text with the title from its "= Title" line."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.loaders import LoadedDocument, LoadError, _decode_text, _first_line_title

# Directives that read files or embed raw output would let a document pull in other files.
_SAFE_RST = {
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "input_encoding": "unicode",
}


def load_rst(path: Path) -> LoadedDocument:
    from docutils.core import publish_doctree
    from docutils.nodes import system_message, title as title_node

    source = _decode_text(path)
    try:
        tree = publish_doctree(source, source_path=path.name, settings_overrides=_SAFE_RST)
    except Exception as exc:  # docutils raises its own kinds on broken markup; one line is the contract
        raise LoadError(f"unreadable reStructuredText ({type(exc).__name__})") from None
    # A refused or broken directive leaves a system message quoting its source: not document text.
    for message in list(tree.findall(system_message)):
        message.parent.remove(message)
    text = tree.astext()
    titles = list(tree.findall(title_node))
    title = titles[0].astext().strip() if titles else _first_line_title(text, path.stem)
    return LoadedDocument(text=text, title=title[:200] or path.stem, kind="rst")


_ADOC_TITLE = re.compile(r"^=\s+(\S.*)$", re.MULTILINE)


def load_adoc(path: Path) -> LoadedDocument:
    text = _decode_text(path)
    heading = _ADOC_TITLE.search(text)
    title = heading.group(1).strip() if heading else _first_line_title(text, path.stem)
    return LoadedDocument(text=text, title=title[:200] or path.stem, kind="asciidoc")

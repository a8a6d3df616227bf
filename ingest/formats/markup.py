"""Documentation markup: reStructuredText through docutils (its text, markup removed), AsciiDoc as
plain text with the title from its "= Title" line."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.formats.rst_substitutions import BUDGET_SETTING
from ingest.loaders import LoadedDocument, LoadError, TextBudget, _decode_text, _first_line_title

# Directives that read files or embed raw output would let a document pull in other files.
_SAFE_RST = {
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "input_encoding": "unicode",
}


_FILE_FIELDS = re.compile(r"\A(?:[ \t]*\n)*(?::[\w-]+:[^\n]*\n)+(?=[ \t]*\n)")
# Files a directive would pull in: not read (see _SAFE_RST), but said, since their text is missing.
_INCLUDE = re.compile(r"^\s*\.\.\s+(?:literalinclude|include)::", re.MULTILINE)


def load_rst(path: Path, budget: TextBudget) -> LoadedDocument:
    """The page as its HTML rendering reads (headings, lists, code, tables as blocks), Sphinx's roles
    and directives shown as a built page shows them (ingest.formats.sphinx_markup)."""
    return rst_document(_decode_text(path, budget), path, budget)


def rst_document(source: str, path: Path, budget: TextBudget) -> LoadedDocument:
    """`source` (the text of `path`, refused past the budget but not charged) read as
    reStructuredText; see `load_rst`. The budget is charged with the text as the page is read, and
    weighs what the file's substitutions would expand to before docutils expands them."""
    from docutils.core import publish_doctree, publish_from_doctree
    from docutils.nodes import system_message
    from docutils.writers.html5_polyglot import Writer
    from selectolax.lexbor import LexborHTMLParser

    from ingest.formats.doc_titles import DocTitles
    from ingest.formats.sphinx_markup import DOC_TITLES_SETTING, rst_parser, rst_reader
    from ingest.html_blocks import html_block_text
    from ingest.loaders import check_html_depth

    # Sphinx reads a field list opening the file (`:orphan:`, `:tocdepth: 2`) as the file's metadata;
    # docutils would print it and, standing above the title, take the title away ("orphan:").
    source = _FILE_FIELDS.sub("", source, count=1)
    try:
        tree = publish_doctree(source, source_path=path.name, reader=rst_reader(), parser=rst_parser(),
                               settings_overrides={**_SAFE_RST, BUDGET_SETTING: budget,
                                                   DOC_TITLES_SETTING: DocTitles(path)})
        # A refused or broken directive leaves a system message quoting its source: not document text.
        for message in list(tree.findall(system_message)):
            message.parent.remove(message)
        terms_with_their_definitions(tree)
        list_items_marked(tree)
        writer = Writer()
        publish_from_doctree(tree, writer=writer, settings_overrides=_SAFE_RST)
    except LoadError:
        raise  # the budget's refusal, said as it is
    except RecursionError:
        raise LoadError("reStructuredText nests its content too deeply: refused") from None
    except Exception as exc:  # docutils raises its own kinds on broken markup; one line is the contract
        raise LoadError(f"unreadable reStructuredText ({type(exc).__name__})") from None
    markup = writer.parts["html_body"]
    check_html_depth(markup.encode())
    body = html_block_text(LexborHTMLParser(markup).body, budget.take)
    title = (writer.parts.get("title") or "").strip()
    title = LexborHTMLParser(title).text().strip() if title else _first_line_title(body.text, path.stem)
    warnings = unfollowed_includes(len(_INCLUDE.findall(source)))
    return LoadedDocument(text=body.text, title=title[:200] or path.stem, kind="rst", blocks=body.blocks,
                          warnings=warnings)


# Sphinx's info fields (`:param url:`, `:rtype:`) as its built page names them.
_INFO_FIELDS = {
    **dict.fromkeys(("param", "parameter", "arg", "argument", "key", "keyword", "kwarg", "kwparam",
                     "var", "ivar", "cvar"), "{}"),
    **dict.fromkeys(("type", "vartype"), "Type of {}"),
    **dict.fromkeys(("raises", "raise", "except", "exception"), "Raises {}"),
    **dict.fromkeys(("returns", "return"), "Returns"),
    "rtype": "Return type",
}
# A label that ends as a sentence or a lead-in does: its definition follows it after a space alone.
_LABEL_ENDS = ":.?!"


def _field_label(name: str) -> str:
    """A field's name as the built page shows it: Sphinx's `param url` as "url", `returns` as "Returns"."""
    words = name.split()
    shape = _INFO_FIELDS.get(words[0]) if words else None
    if shape is None or (shape.count("{}") != (len(words) > 1)):
        return " ".join(words)
    return shape.format(words[-1]) if len(words) > 1 else shape


def terms_with_their_definitions(tree) -> None:
    """Each definition list's term and each field's name read with its definition, "response: The
    response generated from a Request.", as the built page sets them side by side or one above the
    other: a term had been a paragraph of its own ("response:"), its definition a sentence naming
    nothing, and a classifier glued to it ("timeoutfloat"). A definition opening with a list or code
    keeps its term above it, as its lead-in ("options:")."""
    from docutils import nodes

    def join(item, label: list, body) -> None:
        text = "".join(node.astext() for node in label).rstrip()
        if not text or body is None:
            return
        first = body.children[0] if body.children else None
        if isinstance(first, nodes.paragraph):
            first.insert(0, nodes.Text(" " if text[-1] in _LABEL_ENDS else ": "))
            for node in reversed(label):
                first.insert(0, node)
        else:
            ending = [] if text[-1] in _LABEL_ENDS else [nodes.Text(":")]
            body.insert(0, nodes.paragraph("", "", *label, *ending))
        for child in [c for c in item.children if c is not body]:
            item.remove(child)

    for item in list(tree.findall(nodes.definition_list_item)):
        label: list = []
        for child in item.children:
            if isinstance(child, nodes.term):
                label += [*([nodes.Text(", ")] if label else []), *child.children]
            elif isinstance(child, nodes.classifier):
                label += [nodes.Text(f" ({' '.join(child.astext().split())})")]
        body = next((c for c in item.children if isinstance(c, nodes.definition)), None)
        join(item, [node.deepcopy() for node in label], body)
    for field in list(tree.findall(nodes.field)):
        name = next((c for c in field.children if isinstance(c, nodes.field_name)), None)
        body = next((c for c in field.children if isinstance(c, nodes.field_body)), None)
        if name is not None:
            join(field, [nodes.Text(_field_label(name.astext()))], body)
    for item in list(tree.findall(nodes.option_list_item)):
        group = next((c for c in item.children if isinstance(c, nodes.option_group)), None)
        body = next((c for c in item.children if isinstance(c, nodes.description)), None)
        if group is not None:
            join(item, [nodes.Text(", ".join(_option_text(option) for option in group.children))], body)


def _option_text(option) -> str:
    """An option list's option as written, "-o FILE", "--output=FILE" (an argument's text holds its delimiter)."""
    return " ".join(option.astext().split())


def list_items_marked(tree) -> None:
    """Each list item's text opened with its marker, "- " or "2. ", as a Markdown page writes it: answer
    units are built from the text alone, which held a list's items as paragraphs of their own, so "First,
    make sure that:" was a lead-in cited without the list it introduces. Items in a table's cell stay
    as they were (a row is one line of its cells), and so do a nested list's: the text keeps no indent,
    and marked they were read as more items of the list around them."""
    from docutils import nodes

    for listing in list(tree.findall(lambda node: isinstance(node, (nodes.bullet_list, nodes.enumerated_list)))):
        if any(isinstance(parent, (nodes.entry, nodes.list_item)) for parent in _ancestors(listing)):
            continue
        numbered = isinstance(listing, nodes.enumerated_list) and listing.get("enumtype", "arabic") == "arabic"
        start = listing.get("start", 1) if numbered else 1
        items = [child for child in listing.children if isinstance(child, nodes.list_item)]
        for n, item in enumerate(items, start):
            first = item.children[0] if item.children else None
            if isinstance(first, nodes.paragraph):
                first.insert(0, nodes.Text(f"{n}. " if numbered else "- "))


def _ancestors(node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


_ADOC_TITLE = re.compile(r"^=\s+(\S.*)$", re.MULTILINE)


def unfollowed_includes(count: int) -> list[str]:
    """The warning for `count` include directives, which are not followed (a document reads only its own file)."""
    return [f"{count} include/literalinclude directive(s) not followed: the files they name are "
            f"not read (ingest those files themselves)"] if count else []


def load_adoc(path: Path, budget: TextBudget) -> LoadedDocument:
    text = budget.take(_decode_text(path, budget))
    heading = _ADOC_TITLE.search(text)
    title = heading.group(1).strip() if heading else _first_line_title(text, path.stem)
    return LoadedDocument(text=text, title=title[:200] or path.stem, kind="asciidoc")

"""Real .docx packages with the WordprocessingML python-docx cannot author (text boxes, notes, tracked
changes, content controls): a python-docx package whose main part is replaced and parts added."""

from __future__ import annotations

import io
import zipfile
from html import escape
from pathlib import Path
from typing import Callable

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*inline: str, style: str | None = None, ppr: str = "") -> str:
    """A paragraph of inline XML pieces (plain strings are runs)."""
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    body = "".join(piece if piece.startswith("<") else run(piece) for piece in inline)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


def text_box(*paragraphs: str, fallback: bool = True) -> str:
    """A run holding a text box the way Word writes it: a DrawingML shape in mc:Choice and, unless
    `fallback` is off, the same text again as VML in mc:Fallback."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    )
    vml = f'<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>'
    return f"<w:r><mc:AlternateContent>{choice}{vml if fallback else ''}</mc:AlternateContent></w:r>"


def vml_text_box(*paragraphs: str) -> str:
    """An older text box: VML only."""
    return f"<w:r><w:pict><v:shape><v:textbox><w:txbxContent>{''.join(paragraphs)}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"


def table(*rows: list[str], header_rows: int = 0) -> str:
    def row(n: int, cells: list[str]) -> str:
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if n < header_rows else ""
        return f"<w:tr>{trpr}{''.join(f'<w:tc>{para(c)}</w:tc>' for c in cells)}</w:tr>"

    return f"<w:tbl><w:tblPr/>{''.join(row(n, r) for n, r in enumerate(rows))}</w:tbl>"


def note_ref(kind: str, note_id: int) -> str:
    return f'<w:r><w:{kind}Reference w:id="{note_id}"/></w:r>'


def notes_part(kind: str, notes: dict[int, str]) -> str:
    """A footnotes/endnotes part with Word's separator notes and the given notes."""
    layout = "".join(
        f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        for i, t in ((-1, "separator"), (0, "continuationSeparator"))
    )
    body = "".join(
        f'<w:{kind} w:id="{i}"><w:p><w:r><w:{kind}Ref/></w:r>{run(" " + text)}</w:p></w:{kind}>'
        for i, text in notes.items()
    )
    return f'{_DECLARATION}<w:{kind}s {NAMESPACES}>{layout}{body}</w:{kind}s>'


def write_docx_xml(path: Path, body: str, parts: dict[str, str] | None = None, prolog: str = "",
                   title: str | None = None) -> Path:
    """A .docx whose body is `body`; `parts` maps "footnotes"/"endnotes" to a part's XML (related and
    typed like Word does) and any other name (e.g. "word/x.xml") to raw bytes of that member."""
    import docx

    template = io.BytesIO()
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.save(template)
    parts = parts or {}
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = f"{prolog or _DECLARATION}<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>".encode()
            elif info.filename == "word/_rels/document.xml.rels":
                rels = "".join(
                    f'<Relationship Id="rIdNote{kind}" Type="{_RELS}{kind}" Target="{kind}.xml"/>'
                    for kind in ("footnotes", "endnotes") if kind in parts
                )
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                types = "".join(
                    f'<Override PartName="/word/{kind}.xml" ContentType="{_TYPES}{kind}+xml"/>'
                    for kind in ("footnotes", "endnotes") if kind in parts
                )
                data = data.replace(b"</Types>", types.encode() + b"</Types>")
            out.writestr(info, data)
        for name, xml in parts.items():
            out.writestr(f"word/{name}.xml" if name in ("footnotes", "endnotes") else name, xml)
    return path


def edit_members(path: Path, change: Callable[[dict[str, bytes]], object]) -> Path:
    """Rewrite the package with `change` applied to its members (name -> bytes), in place."""
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    change(members)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path

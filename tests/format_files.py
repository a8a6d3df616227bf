"""Slides, spreadsheets, e-mail and markup files, written by the tests themselves."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path


def write_pptx(path: Path, slides: list[tuple[str, str, str]], title: str | None = None) -> Path:
    """slides: (title, body, speaker notes) each; the second slide also gets a table."""
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    if title:
        deck.core_properties.title = title
    for i, (heading, body, notes) in enumerate(slides):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = heading
        slide.placeholders[1].text = body
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        if i == 1:
            table = slide.shapes.add_table(2, 2, Inches(1), Inches(5), Inches(4), Inches(1)).table
            for r, row in enumerate([("Port", "Ships"), ("Harwich", "42")]):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    deck.save(str(path))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(str(path))
    return path


def email_message(subject: str, body: str, attachments: dict[str, bytes] | None = None,
                  html: bool = False) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Ada Harbor <ada@example.org>"
    message["To"] = "crew@example.org"
    message["Date"] = "Tue, 03 Mar 2026 09:15:00 +0000"
    message["Subject"] = subject
    if html:
        message.set_content(f"<html><body><p>{body}</p><script>alert(1)</script></body></html>", subtype="html")
    else:
        message.set_content(body)
    for name, data in (attachments or {}).items():
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message


def write_eml(path: Path, message: EmailMessage) -> Path:
    path.write_bytes(bytes(message))
    return path


def write_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.mbox(str(path))
    for message in messages:
        box.add(message)
    box.flush()
    box.close()
    return path


def add_smartart(path: Path, words: list[str]) -> Path:
    """Give the first slide of a saved deck a SmartArt diagram whose nodes say `words`: a graphic
    frame pointing (r:dm) at a diagram data part, as PowerPoint writes one (python-pptx cannot)."""
    import pptx
    from lxml import etree
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    deck = pptx.Presentation(str(path))
    slide = deck.slides[0]
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    dgm = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
    points = "".join(f'<dgm:pt modelId="{i}"><dgm:t><a:bodyPr/><a:p><a:r><a:t>{w}</a:t></a:r></a:p></dgm:t></dgm:pt>'
                     for i, w in enumerate(words))
    data = Part(PackURI("/ppt/diagrams/data1.xml"), "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml",
                deck.part.package, f'<dgm:dataModel xmlns:dgm="{dgm}" xmlns:a="{a}"><dgm:ptLst>{points}</dgm:ptLst></dgm:dataModel>'.encode())
    rid = slide.part.relate_to(data, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData")
    frame = etree.fromstring(
        f'<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{a}" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<p:nvGraphicFramePr><p:cNvPr id="99" name="Diagram 1"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        f'<p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm><a:graphic><a:graphicData uri="{dgm}">'
        f'<dgm:relIds xmlns:dgm="{dgm}" r:dm="{rid}" r:lo="" r:qs="" r:cs=""/></a:graphicData></a:graphic></p:graphicFrame>')
    slide.shapes._spTree.append(frame)
    deck.save(str(path))
    return path

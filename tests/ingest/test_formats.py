"""Slides, spreadsheets, e-mail, reStructuredText and AsciiDoc: what is kept (units like pages,
headers with every row, notes, attachments) and how hostile files fail (one line, the reason)."""

import zipfile

import pytest

from ingest.formats import spreadsheet
from ingest.loaders import LoadError, load
from tests.corpus_files import write_docx, write_pdf
from tests.format_files import add_smartart, email_message, write_eml, write_mbox, write_pptx, write_xlsx

LIMIT = 50_000_000


def _peak_while_refused(path, max_chars: int, match: str) -> int:
    """The most memory loading `path` took before it was refused past `max_chars` characters."""
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match=match):
            load(path, LIMIT, max_chars=max_chars)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _unit(doc, n):
    """The text of unit n (1-based): slide, sheet or message."""
    starts = doc.page_starts + [len(doc.text) + 2]
    return doc.text[starts[n - 1] : starts[n] - 2]


def test_pptx_slide_by_slide_with_notes_and_tables(tmp_path):
    path = write_pptx(tmp_path / "deck.pptx", [
        ("Harbor Review", "Forty-two ships came in March.", "Mention the storm closures."),
        ("Ports", "Harwich was the busiest port.", ""),
    ])
    doc = load(path, LIMIT)
    assert doc.kind == "pptx" and doc.title == "Harbor Review" and len(doc.page_starts) == 2
    first, second = _unit(doc, 1), _unit(doc, 2)
    assert "Forty-two ships came in March." in first and "Notes: Mention the storm closures." in first
    assert "Harwich was the busiest port." in second and "Port | Ships" in second and "Harwich | 42" in second


def test_xlsx_rows_carry_their_headers_and_sheets_are_units(tmp_path):
    path = write_xlsx(tmp_path / "ships.xlsx", {
        "Arrivals": [["Port", "Ships", "Month"], ["Harwich", 42, "March"], [None, None, None], ["Dover", 17, "April"]],
        "Crew": [["Name", "Role"], ["Ada", "harbor master"]],
    })
    doc = load(path, LIMIT)
    assert doc.kind == "xlsx" and len(doc.page_starts) == 2 and doc.warnings == []
    arrivals = _unit(doc, 1).splitlines()
    assert arrivals == ["Sheet Arrivals", "[Arrivals row 2] Port: Harwich; Ships: 42; Month: March",
                        "[Arrivals row 4] Port: Dover; Ships: 17; Month: April"]
    assert _unit(doc, 2).endswith("[Crew row 2] Name: Ada; Role: harbor master")


def test_slides_and_sheets_head_their_lines(tmp_path):
    # A citation of a slide's line or a sheet's row names its slide (with its title) or sheet, as a
    # .docx citation names its section; each line is a block, so a chunk holds whole lines.
    deck = load(write_pptx(tmp_path / "deck.pptx", [("Harbor Review", "Forty-two ships came in March.", "Storms."),
                                                    ("Ports", "Harwich was the busiest port.", "")]), LIMIT)
    paths = {deck.text[b.start:b.end]: b.path for b in deck.blocks if b.kind == "paragraph"}
    assert paths["Notes: Storms."] == ("Slide 1: Harbor Review",)
    assert paths["Harwich was the busiest port."] == ("Slide 2: Ports",)
    book = load(write_xlsx(tmp_path / "ships.xlsx", {"Arrivals": [["Port", "Ships"], ["Dover", 17]]}), LIMIT)
    rows = [(book.text[b.start:b.end], b.path) for b in book.blocks if b.kind == "table_row"]
    assert rows == [("[Arrivals row 2] Port: Dover; Ships: 17", ("Sheet Arrivals",))]


def test_pptx_line_break_inside_a_paragraph_is_no_new_line(tmp_path):
    # POI's HowWeRefactor.pptx titles its deck "How We Refactor, and" Shift+Enter "How We Know It": one
    # paragraph, one line, as the title is one heading.
    path = write_pptx(tmp_path / "deck.pptx", [("Harbor Review", "Forty-two ships came in March", "Mention storms")])
    import pptx

    deck = pptx.Presentation(str(path))
    deck.slides[0].shapes.title.text_frame.paragraphs[0].add_line_break()
    deck.slides[0].shapes.title.text_frame.paragraphs[0].add_run().text = "and Outlook"
    deck.save(str(path))
    doc = load(path, LIMIT)
    assert _unit(doc, 1).splitlines() == ["Slide 1", "Harbor Review and Outlook", "Forty-two ships came in March",
                                          "Notes: Mention storms"]


def test_pptx_smartart_words_and_a_placeholder_title(tmp_path):
    # PowerPoint's "PowerPoint Presentation" names no deck; a SmartArt diagram's words are slide text
    # (a deck of Apache POI's tests, smartart-simple.pptx, lost its diagram's "abc def ghi").
    path = write_pptx(tmp_path / "deck.pptx", [("Harbor Review", "Forty-two ships came in March.", "")],
                      title="PowerPoint Presentation")
    doc = load(add_smartart(path, ["Dredging the inner basin", "Pilotage fees"]), LIMIT)
    assert doc.title == "Harbor Review"
    assert "Dredging the inner basin\nPilotage fees" in _unit(doc, 1)


def test_pptx_slide_number_date_and_footer_are_no_slide_text(tmp_path):
    import pptx

    path = write_pptx(tmp_path / "deck.pptx", [("Harbor Review", "Forty-two ships came in March.", "")])
    deck = pptx.Presentation(str(path))
    slide = deck.slides[0]
    for placeholder in slide.slide_layout.placeholders:
        if placeholder.placeholder_format.type in (15, 16, 13):  # footer, date, slide number
            slide.shapes.clone_placeholder(placeholder)
    texts = {15: "Harbor Authority internal", 16: "3", 13: "3"}
    for shape in slide.placeholders:
        if shape.placeholder_format.type in texts:
            shape.text_frame.text = texts[shape.placeholder_format.type]
    deck.save(str(path))
    assert _unit(load(path, LIMIT), 1).splitlines() == ["Slide 1", "Harbor Review", "Forty-two ships came in March."]


def _set_dimension(path, ref):
    """Rewrite the first sheet's recorded size, as some writers leave it ("A1:G1" over many rows)."""
    import re

    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"<dimension [^>]*/>", "", sheet)
    sheet = re.sub(r"(<worksheet[^>]*>)", rf'\1<dimension ref="{ref}"/>', sheet, count=1)
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_xlsx_rows_past_a_stale_dimension_are_read(tmp_path):
    # Apache POI's craftonhills…goalpriorityreport.xlsx says A1:I1 over 4 rows: 39 of its 46 words were lost.
    path = write_xlsx(tmp_path / "goals.xlsx", {"Report": [["Unit", "Goal"], ["Police", "Dispatch services"],
                                                           ["Library", "Longer opening hours"]]})
    _set_dimension(path, "A1:B1")
    lines = _unit(load(path, LIMIT), 1).splitlines()
    assert lines[1:] == ["[Report row 2] Unit: Police; Goal: Dispatch services",
                         "[Report row 3] Unit: Library; Goal: Longer opening hours"]


def test_xlsx_title_lines_and_a_sheet_without_a_header(tmp_path):
    path = write_xlsx(tmp_path / "harbor.xlsx", {
        "Traffic": [["Harbor traffic, spring 2024"], [], ["Port", "Ships", "Share"], ["Harwich", 42, 0.13079200000000002]],
        "Codes": [["Harwich", 111], ["Dover", 222]],
        "Years": [["Port", 2023, 2024], ["Dover", 17, 19]],
        "Notes": [["Port", "Pilot required"], ["Dover"]],
        "Budget": [[None, "MONTHLY INCOME", None, "SUMMARY"], [None, "Rent", 800]],
    })
    doc = load(path, LIMIT)
    assert _unit(doc, 1).splitlines()[1:] == ["[Traffic row 1] Harbor traffic, spring 2024",
                                              "[Traffic row 4] Port: Harwich; Ships: 42; Share: 0.130792"]
    assert _unit(doc, 2).splitlines()[1:] == ["[Codes row 1] column A: Harwich; column B: 111",
                                              "[Codes row 2] column A: Dover; column B: 222"]
    assert _unit(doc, 3).splitlines()[1:] == ["[Years row 2] Port: Dover; 2023: 17; 2024: 19"]
    # A header word no row repeats as a key ("Pilot required") is a line of its own, not lost.
    assert _unit(doc, 4).splitlines()[1:] == ["[Notes row 1] Port; Pilot required", "[Notes row 2] Port: Dover"]
    # Labels with empty columns between them (a budget form laid out on the grid) are no header.
    assert _unit(doc, 5).splitlines()[1:] == ["[Budget row 1] MONTHLY INCOME; SUMMARY",
                                              "[Budget row 2] column B: Rent; column C: 800"]


def test_xlsx_a_wide_header_with_an_unnamed_column_and_a_header_ending_in_a_colon(tmp_path):
    """As FedRAMP's OSCAL registry and a separation-of-duties matrix lay them out: a title row, then a header
    that leaves one column unnamed; a header cell "Role:". Before, the first sheet's rows were keyed
    "column A: …" under five rows read as titles, and the second's read "Role:: sys-admin"."""
    path = write_xlsx(tmp_path / "registry.xlsx", {
        "Risk Metrics": [["DRAFT", "Risk Metrics"],
                         ["Title", "Name", "class=", "system=", "Accepted Values", "Notes", None, "Syntax"],
                         ["Likelihood (Initial)", "likelihood", "initial", "https://fedramp.gov", "high, moderate, low",
                          None, None, "<risk-metric name='likelihood'>"],
                         ["Priority", "priority", None, "https://fedramp.gov", "1, 2, 3, etc."]],
        "Duties": [["Role:", "Add/remove users and hardware", "Read access to GRC tool"],
                   ["system-owner", None, "X"], ["sys-admin", "X"]],
    })
    doc = load(path, LIMIT)
    assert _unit(doc, 1).splitlines()[1:] == [
        "[Risk Metrics row 1] DRAFT; Risk Metrics",
        "[Risk Metrics row 2] Title; Name; class=; system=; Accepted Values; Notes; Syntax",
        "[Risk Metrics row 3] Title: Likelihood (Initial); Name: likelihood; class=: initial; system=: https://fedramp.gov; "
        "Accepted Values: high, moderate, low; Syntax: <risk-metric name='likelihood'>",
        "[Risk Metrics row 4] Title: Priority; Name: priority; system=: https://fedramp.gov; Accepted Values: 1, 2, 3, etc."]
    assert _unit(doc, 2).splitlines()[1:] == ["[Duties row 2] Role: system-owner; Read access to GRC tool: X",
                                              "[Duties row 3] Role: sys-admin; Add/remove users and hardware: X"]


def test_xlsx_hidden_sheet_named_and_a_blank_title(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Shown"
    book.active.append(["Port", "Ships"])
    book.active.append(["Dover", 17])
    hidden = book.create_sheet("Rates")
    hidden.append(["Port", "Fee"])
    hidden.append(["Dover", 12])
    hidden.sheet_state = "hidden"
    book.properties.title = " "
    book.save(tmp_path / "fees.xlsx")
    doc = load(tmp_path / "fees.xlsx", LIMIT)
    assert doc.title == "fees"
    assert _unit(doc, 2).splitlines() == ["Sheet Rates (hidden)", "[Rates (hidden) row 2] Port: Dover; Fee: 12"]


def test_xlsx_parts_openpyxl_drops_print_no_warning(tmp_path):
    import re
    import warnings

    path = write_xlsx(tmp_path / "ext.xlsx", {"S": [["Port", "Ships"], ["Dover", 17]]})
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    members["xl/worksheets/sheet1.xml"] = re.sub(
        rb"</worksheet>$", b'<extLst><ext uri="{00000000-0000-0000-0000-000000000000}"/></extLst></worksheet>',
        members["xl/worksheets/sheet1.xml"].strip())
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = load(path, LIMIT)
    assert "Port: Dover; Ships: 17" in doc.text and [str(w.message) for w in caught] == []


def test_xlsx_text_is_charged_cell_by_cell():
    # Apache POI's poc-shared-strings.xlsx points 4,000 rows at one 1 MB shared string.
    def rows():
        for number in range(1, 100):
            if number > 30:
                raise AssertionError("rows read past the character limit")
            yield ["x" * 1_000_000]

    with pytest.raises(LoadError, match="character limit"):
        spreadsheet._document([("S", rows())], "t", "xlsx")


def test_csv_rows_and_the_row_cap(tmp_path, monkeypatch):
    path = tmp_path / "ledger.csv"
    path.write_text("item;amount\n" + "".join(f"rope {i};{i}\n" for i in range(1, 31)))
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 10)
    doc = load(path, LIMIT)
    lines = doc.text.splitlines()
    assert lines[1] == "[ledger row 2] item: rope 1; amount: 1" and len(lines) == 11
    assert doc.warnings == ["sheet 'ledger': 20 rows past the 10-row cap were not indexed"]


def test_eml_headers_body_and_attachments(tmp_path):
    pdf = write_pdf(tmp_path / "manifest.pdf", ["The cargo manifest lists forty barrels of cod."]).read_bytes()
    message = email_message("Harbor arrivals for March", "Forty-two ships arrived in March.",
                            {"manifest.pdf": pdf, "photos.zip": b"PK\x03\x04 not read"})
    doc = load(write_eml(tmp_path / "note.eml", message), LIMIT)
    assert doc.title == "Harbor arrivals for March" and doc.kind == "email"
    assert doc.text.startswith("From: Ada Harbor <ada@example.org>\nTo: crew@example.org\n")
    assert "Forty-two ships arrived in March." in doc.text
    assert "Attachments: manifest.pdf\n" in doc.text and "barrels" not in doc.text
    [attachment] = doc.attachments
    assert attachment.part == "attachment/manifest.pdf" and attachment.error is None
    assert attachment.document.text == "The cargo manifest lists forty barrels of cod."
    assert doc.warnings == ["attachments not indexed (unsupported type): photos.zip"]


def test_eml_html_body_goes_through_the_html_loader(tmp_path):
    doc = load(write_eml(tmp_path / "h.eml", email_message("Tides", "High tide at <b>six</b>.", html=True)), LIMIT)
    assert "High tide at six." in doc.text and "alert" not in doc.text and "<b>" not in doc.text


def test_mbox_messages_are_units(tmp_path):
    path = write_mbox(tmp_path / "list.mbox", [email_message("First", "The pier opened in April."),
                                               email_message("Second", "The quarry closed in May.",
                                                             {"note.txt": b"The quarry reopens in June."})])
    doc = load(path, LIMIT)
    assert len(doc.page_starts) == 2
    assert [(a.part, a.document.text) for a in doc.attachments] == [
        ("message/2/attachment/note.txt", "The quarry reopens in June.")]
    assert "The pier opened in April." in _unit(doc, 1) and "The quarry closed in May." in _unit(doc, 2)


def test_rst_text_without_markup_and_no_file_inclusion(tmp_path):
    (tmp_path / "secret.txt").write_text("TOP SECRET CONTENT")
    path = tmp_path / "guide.rst"
    path.write_text("Beekeeping Guide\n================\n\nQueen bees live for **five years**.\n\n"
                    ".. include:: secret.txt\n\n.. raw:: html\n\n   <script>x</script>\n")
    doc = load(path, LIMIT)
    assert doc.title == "Beekeeping Guide" and "Queen bees live for five years." in doc.text
    assert "TOP SECRET" not in doc.text and "<script>" not in doc.text and "**" not in doc.text


def test_adoc_is_text_with_its_title(tmp_path):
    path = tmp_path / "notes.adoc"
    path.write_text(":toc:\n\n= Volcano Notes\n\nMount Etna erupted in 2021.\n")
    doc = load(path, LIMIT)
    assert doc.title == "Volcano Notes" and doc.text == path.read_text()


def _bomb(path, member):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(member, "w", force_zip64=True) as fh:
            for _ in range(210):
                fh.write(b"\0" * (1 << 20))


def _encrypted_xlsx(path):
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(path.with_suffix(".plain.xlsx"), {"S": [["a"], ["b"]]})
    source = io.BytesIO(plain.read_bytes())
    with open(path, "wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    plain.unlink()


def _encrypted_docx(path):
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_docx(path.with_suffix(".plain.docx"), ["The harbor opens at six."])
    with open(path, "wb") as out:
        OOXMLFile(io.BytesIO(plain.read_bytes())).encrypt("secret", out)
    plain.unlink()


def _strict_xlsx(path):
    """An ISO 29500 Strict workbook: the package's relationship names are purl.oclc.org's."""
    write_xlsx(path, {"S": [["Port", "Ships"], ["Dover", 17]]})
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    members["_rels/.rels"] = members["_rels/.rels"].replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("corrupt.pptx", lambda p: p.write_bytes(b"PK\x03\x04 truncated"), "corrupt PPTX (not a zip archive)"),
    ("corrupt.xlsx", lambda p: p.write_bytes(b"not a zip at all"), "corrupt XLSX (not a zip archive)"),
    ("bomb.xlsx", lambda p: _bomb(p, "xl/workbook.xml"), "refused as a likely zip bomb"),
    ("bomb.pptx", lambda p: _bomb(p, "ppt/presentation.xml"), "refused as a likely zip bomb"),
    ("locked.xlsx", _encrypted_xlsx, "encrypted XLSX (password-protected)"),
    ("empty.xlsx", lambda p: write_xlsx(p, {"S": []}), "no text: the spreadsheet has no cells"),
    ("zero.docx", lambda p: p.write_bytes(b""), "no text: the file is empty (0 bytes)"),
    ("zero.xlsx", lambda p: p.write_bytes(b""), "no text: the file is empty (0 bytes)"),
    ("locked.docx", _encrypted_docx, "encrypted DOCX (password-protected)"),
    ("strict.xlsx", _strict_xlsx, "Strict Open XML .xlsx"),
    ("latin1.csv", lambda p: p.write_bytes("caf\xe9;cr\xe8me\n".encode("latin-1")), "not valid UTF-8"),
    ("junk.eml", lambda p: p.write_bytes(b"\n\n"), "no text"),
    ("bad.rst", lambda p: p.write_bytes(b"Title\n=====\n\ncaf\xe9"), "UTF-8"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_hostile_files_fail_with_one_line(tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(LoadError) as caught:
        load(path, LIMIT)
    assert reason in str(caught.value) and "\n" not in str(caught.value) and str(path) not in str(caught.value)


def _frames_at_one_diagram(path, copies):
    """Repeat the first slide's SmartArt frame `copies` times, every copy pointing at the same data part."""
    import re

    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    slide = members["ppt/slides/slide1.xml"].decode()
    frame = re.search(r"<p:graphicFrame>.*?</p:graphicFrame>", slide, flags=re.S).group(0)
    members["ppt/slides/slide1.xml"] = slide.replace(frame, frame * copies).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_pptx_a_diagram_part_is_read_once_and_charged_as_read(tmp_path):
    # An 82 KB deck of frames all pointing at one data part gave 194 M characters (2.4 GB, 43 s).
    words = [f"Berth {i} is dredged to twelve metres" for i in range(500)]
    path = write_pptx(tmp_path / "deck.pptx", [("Harbor Review", "Forty-two ships came in March.", "")])
    path = _frames_at_one_diagram(add_smartart(path, words), 60)
    assert load(path, LIMIT).text.count("Berth 7 is dredged") == 1
    assert _peak_while_refused(path, 5_000, "character limit") < 4_000_000


def test_pptx_an_external_smartart_link_leaves_the_deck_readable(tmp_path):
    path = add_smartart(write_pptx(tmp_path / "deck.pptx", [("Harbor Review", "Forty-two ships came in March.", "")]),
                        ["Dredging the inner basin"])
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    rels = members["ppt/slides/_rels/slide1.xml.rels"].decode()
    members["ppt/slides/_rels/slide1.xml.rels"] = rels.replace(
        'Target="../diagrams/data1.xml"', 'Target="http://example.org/data1.xml" TargetMode="External"').encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert _unit(load(path, LIMIT), 1).splitlines() == ["Slide 1", "Harbor Review", "Forty-two ships came in March."]


def test_xlsx_rows_past_excel_and_the_rows_read_per_file(tmp_path, monkeypatch):
    # A 4.8 KB file with a cell at row 10^12 never finished: openpyxl yields every empty row up to it.
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Far"
    book.active.append(["Port", "Ships"])
    book.active.append(["Dover", 17])
    book.active.cell(row=150, column=1, value="late")
    second = book.create_sheet("Next")
    for i in range(1, 31):
        second.append([f"Berth {i}", i])
    book.save(tmp_path / "far.xlsx")
    monkeypatch.setattr(spreadsheet, "EXCEL_ROWS", 100, raising=False)
    monkeypatch.setattr(spreadsheet, "MAX_ROWS_READ", 120, raising=False)
    doc = load(tmp_path / "far.xlsx", LIMIT)
    assert "late" not in doc.text and "[Far row 2] Port: Dover; Ships: 17" in doc.text
    assert "Berth 20" in doc.text and "Berth 21" not in doc.text
    assert doc.warnings == ["sheet 'Far': rows past Excel's 100 were not read",
                            "sheet 'Next': reading stopped at row 21, past the 120 rows (empty ones too) read per file"]


def test_xlsx_a_shared_string_is_charged_before_its_cells_are_built(tmp_path):
    # 15 KB: one 10 MB shared string in 200 cells took 48 s and 2.2 GB before it was refused.
    path = write_xlsx(tmp_path / "wide.xlsx", {"S": [["ab " * 70_000] * 200]})
    assert _peak_while_refused(path, 1_000_000, "1,000,000-character limit") < 15_000_000


def test_xlsx_the_header_line_counts_against_the_row_cap(monkeypatch):
    # The header inserted past the cap left -1 rows: the next sheet's rows vanished with no warning.
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    doc = spreadsheet._document([("One", iter([["Name", "Note"], ["a", ""], ["b", ""], ["c", ""], ["d", ""]])),
                                 ("Two", iter([["Name"], ["x"], ["y"]]))], "t", "xlsx")
    assert doc.text.splitlines() == ["Sheet One", "[One row 1] Name; Note", "[One row 2] Name: a",
                                     "[One row 3] Name: b"]
    assert doc.warnings == ["sheet 'One': 2 rows past the 3-row cap were not indexed",
                            "sheet 'Two': 3 rows past the 3-row cap were not indexed"]


def test_pptx_text_is_charged_slide_by_slide(tmp_path, monkeypatch):
    # The deck's text is charged as each shape is read: a deck past the limit stops there, not at its end.
    from ingest.formats import slides

    path = write_pptx(tmp_path / "deck.pptx", [(f"Slide {i}", "Forty-two ships came in. " * 40, "") for i in range(30)])
    read = []
    paragraphs = slides._paragraphs
    monkeypatch.setattr(slides, "_paragraphs", lambda frame: read.append(1) or paragraphs(frame))
    with pytest.raises(LoadError, match="5,000-character limit"):
        load(path, LIMIT, max_chars=5_000)
    assert len(read) < 15


def test_a_header_repeated_on_every_row_is_charged_before_its_lines_are_built(tmp_path):
    # Each row's line repeats the header's names: a 100 KB name over 600 rows built 60 MB of lines
    # (a 181 MB peak) before the text was measured.
    path = tmp_path / "wide.csv"
    path.write_text("Port " + "x" * 100_000 + ",Ships\n" + "".join(f"Dover,{i}\n" for i in range(600)))
    assert _peak_while_refused(path, 1_000_000, "1,000,000-character limit") < 15_000_000


def test_slides_and_sheets_charge_the_budget_they_are_given(tmp_path):
    # One budget per file, handed down: the loaders charged one of their own, made from its limit.
    from ingest.formats.slides import load_pptx
    from ingest.loaders import TextBudget

    deck = write_pptx(tmp_path / "deck.pptx", [("Harbor Review", "Forty-two ships came in March.", "")])
    sheet = tmp_path / "ships.csv"
    sheet.write_text("Port,Ships\nDover,17\n")
    for loader, path in ((load_pptx, deck), (spreadsheet.load_csv, sheet),
                         (spreadsheet.load_xlsx, write_xlsx(tmp_path / "ships.xlsx", {"S": [["Port", "Ships"], ["Dover", 17]]}))):
        budget = TextBudget(1_000)
        loader(path, budget)
        assert budget.used >= len("Dover")


def test_xlsx_columns_past_the_cap_are_named_in_a_warning(tmp_path, monkeypatch):
    """They were dropped without a word (a sheet of 10,000 columns kept its first 200)."""
    monkeypatch.setattr(spreadsheet, "MAX_COLUMNS", 3)
    path = write_xlsx(tmp_path / "wide.xlsx", {"Ledger": [["Ship", "Port", "Crew", "Cargo"],
                                                          ["Osprey", "Dover", "12", "grain"],
                                                          ["Tern", "Hull", "9", None]]})
    doc = load(path, LIMIT)
    assert "grain" not in doc.text and "Crew: 12" in doc.text
    assert doc.warnings == ["sheet 'Ledger': cells past the 3-column cap were not indexed (2 rows have some)"]


def test_xlsx_formulas_without_a_saved_result_are_counted_not_calculated(tmp_path):
    """openpyxl saves no results: `=SUM(1,2)` and a web service's call vanished without a word."""
    path = write_xlsx(tmp_path / "formulas.xlsx", {"Budget": [["Item", "Value"], ["sum", "=SUM(1,2)"],
                                                              ["web", '=WEBSERVICE("http://127.0.0.1:9/x")'],
                                                              ["pier", "9120"]]})
    doc = load(path, LIMIT)
    assert "SUM" not in doc.text and "127.0.0.1" not in doc.text and "Value: 9120" in doc.text
    assert doc.warnings == ["sheet 'Budget': 2 formula cells have no saved result and were not indexed (nothing "
                            "is calculated here: open and save the file in Excel or LibreOffice)"]


def test_xlsx_escaped_characters_are_decoded(tmp_path):
    """Excel's `_xHHHH_` escapes were shown as they stand; `_x005F_` escapes the underscore itself."""
    path = write_xlsx(tmp_path / "escaped.xlsx", {"Notes": [["Name", "Note"], ["Osprey", "a_x0000_b"],
                                                            ["Tern", "c_x0041_d"], ["Gull", "e_x005F_x0041_f"]]})
    lines = _unit(load(path, LIMIT), 1).splitlines()
    assert lines[1:] == ["[Notes row 2] Name: Osprey; Note: a b", "[Notes row 3] Name: Tern; Note: cAd",
                         "[Notes row 4] Name: Gull; Note: e_x0041_f"]


def test_csv_cells_keep_what_looks_like_an_excel_escape(tmp_path):
    """Only a workbook's strings carry Excel's escapes: a CSV's `_x0041_` (a column of XML names, say) was
    shown as "A"; its control characters are spaces, as a workbook's are."""
    path = tmp_path / "escapes.csv"
    path.write_text("Name,Note\nTern,c_x0041_d\nGull,e\x07f\n", encoding="utf-8")
    lines = _unit(load(path, LIMIT), 1).splitlines()
    assert lines[1:] == ["[escapes row 2] Name: Tern; Note: c_x0041_d", "[escapes row 3] Name: Gull; Note: e f"]


def _rewritten(path, member: str, edit) -> None:
    """`path` with its zip member `member` passed through `edit` (str to str)."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            out.writestr(info, edit(data.decode()).encode() if info.filename == member else data)


@pytest.mark.parametrize("edit, reason", [
    (lambda xml: xml.replace("?>", '?><!DOCTYPE p:sld [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>', 1)
     .replace("Harbor dues", "Harbor dues &xxe;"),
     r"^PPTX part ppt/slides/slide1\.xml declares a DOCTYPE \(entity declarations\)"),
    (lambda xml: xml.replace("Harbor dues", "Harbor dues &xxe;"),
     r"^PPTX refers to an XML entity \(&xxe;\), which Office never writes"),
])
def test_pptx_entities_are_refused_by_name(tmp_path, edit, reason):
    """A declared entity was indexed as nothing, the slide's other words kept; an undeclared one was
    "unreadable PPTX (XMLSyntaxError)"."""
    path = write_pptx(tmp_path / "deck.pptx", [("Harbor dues", "Ships pay by the ton.", "")])
    _rewritten(path, "ppt/slides/slide1.xml", edit)
    with pytest.raises(LoadError, match=reason):
        load(path, LIMIT)


def test_xlsx_a_character_escaped_as_two_halves_is_one_character(tmp_path):
    """`_xD83D__xDE00_` (an emoji past U+FFFF) was decoded into two lone surrogates, text no store can encode."""
    path = write_xlsx(tmp_path / "halves.xlsx", {"Notes": [["Name", "Note"], ["Osprey", "ok _xD83D__xDE00_ go"],
                                                           ["Tern", "half _xD83D_ only"]]})
    lines = _unit(load(path, LIMIT), 1).splitlines()
    assert lines[1:] == ["[Notes row 2] Name: Osprey; Note: ok \U0001F600 go",
                         "[Notes row 3] Name: Tern; Note: half \ufffd only"]
    "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize("kind", ["pptx", "xlsx"])
def test_a_damaged_part_is_one_line_naming_the_kind(tmp_path, kind):
    """The DOCTYPE check read every XML part; a damaged deflate stream raised zlib.error out of the loader,
    past the pipeline's LoadError handling, where one broken file stopped the whole ingest."""
    path = (write_pptx(tmp_path / "deck.pptx", [("Harbor dues", "Ships pay by the ton.", "")]) if kind == "pptx"
            else write_xlsx(tmp_path / "book.xlsx", {"Ledger": [["Ship", "Port"], ["Osprey", "Dover"]]}))
    part = "ppt/slides/slide1.xml" if kind == "pptx" else "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8  # the part's deflate stream, not its header
    path.write_bytes(bytes(data))
    with pytest.raises(LoadError):
        load(path, LIMIT)


# Nested entities that swell past libxml2's amplification cap (the "billion laughs"): the parser's error came in
# the very chunk that opened the root, and the DOCTYPE check read it as a broken part, not as a DOCTYPE.
_LAUGHS = "".join(f'<!ENTITY l{n + 1} "{("&l" + str(n) + ";") * 10}">' for n in range(9))


def _laughs(root: str):
    def edit(xml: str) -> str:
        doctype = f'<!DOCTYPE {root} [<!ENTITY l0 "lol">{_LAUGHS}]>'
        xml = xml.replace("?>", "?>" + doctype, 1) if xml.startswith("<?xml") else '<?xml version="1.0"?>' + doctype + xml
        return xml.replace("Harbor dues", "Harbor dues &l9;", 1)
    return edit


@pytest.mark.parametrize("kind, write, member, root", [
    ("DOCX", lambda p: write_docx(p, ["Harbor dues are paid by the ton."]), "word/document.xml", "w:document"),
    ("XLSX", lambda p: write_xlsx(p, {"Dues": [["Item", "Note"], ["Harbor dues", "by the ton"]]}),
     "xl/worksheets/sheet1.xml", "worksheet"),
    ("PPTX", lambda p: write_pptx(p, [("Harbor dues", "Ships pay by the ton.", "")]), "ppt/slides/slide1.xml", "p:sld"),
])
def test_an_entity_bomb_is_refused_as_a_doctype(tmp_path, kind, write, member, root):
    """It was "corrupt XLSX (ValueError)", "unreadable PPTX (XMLSyntaxError)" or "corrupt DOCX (XML: Maximum entity
    amplification factor exceeded, see xmlCtxtSetMaxAmplification. …)": refused, but not saying why."""
    path = write(tmp_path / f"laughs.{kind.lower()}")
    with zipfile.ZipFile(path) as package:
        assert "Harbor dues" in package.read(member).decode()
    _rewritten(path, member, _laughs(root))
    with pytest.raises(LoadError, match=rf"^{kind} part {member.replace('.', chr(92) + '.')} declares a DOCTYPE \(entity declarations\)"):
        load(path, LIMIT)

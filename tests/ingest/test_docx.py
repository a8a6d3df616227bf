"""A .docx as Word shows it: text boxes, notes, accepted changes, content controls, tables in place
with their captions, headings from styles and outline levels; hostile packages fail with one line."""

from __future__ import annotations

import pytest

from ingest.loaders import LoadError, load
from tests.docx_files import (
    edit_members, note_ref, notes_part, para, run, table, text_box, vml_text_box, write_docx_xml,
)
from tests.ingest.test_blocks import _exact

LIMIT = 50_000_000


def _texts(doc) -> list[str]:
    return [text for _, text, _ in _exact(doc)]


def test_a_document_all_in_text_boxes_is_read_once_per_box(tmp_path):
    body = para(text_box(para("The lighthouse stands on Fair Isle."),
                         para("Its lamp was lit in 1892."))) + para(vml_text_box(para("Keepers left in 1998.")))
    doc = load(write_docx_xml(tmp_path / "boxes.docx", body), LIMIT)
    assert _texts(doc) == ["The lighthouse stands on Fair Isle.", "Its lamp was lit in 1892.",
                           "Keepers left in 1998."]
    assert doc.text.count("Fair Isle") == 1  # the VML fallback copy is not read again


def test_a_text_box_follows_the_paragraph_it_is_anchored_in(tmp_path):
    body = (para("Before the box,", text_box(para("inside the box.")), " after it.")
            + para("The next paragraph."))
    doc = load(write_docx_xml(tmp_path / "anchored.docx", body), LIMIT)
    assert _texts(doc) == ["Before the box, after it.", "inside the box.", "The next paragraph."]


def test_footnotes_follow_their_paragraph_and_endnotes_go_to_the_end(tmp_path):
    body = (para("Puffins nest in burrows.", note_ref("footnote", 2), " They fish at sea.", note_ref("endnote", 1))
            + para("Gannets dive from height.", note_ref("footnote", 5))
            + para("Skuas steal fish.", note_ref("footnote", 2)))
    parts = {"footnotes": notes_part("footnote", {2: "Burrows are up to a metre long.", 5: "Up to 30 metres.",
                                                   7: "Never referred to."}),
             "endnotes": notes_part("endnote", {1: "Seen on Skomer in 2019."})}
    doc = load(write_docx_xml(tmp_path / "notes.docx", body, parts), LIMIT)
    assert _texts(doc) == [
        "Puffins nest in burrows. They fish at sea.", "[footnote 1] Burrows are up to a metre long.",
        "Gannets dive from height.", "[footnote 2] Up to 30 metres.",
        "Skuas steal fish.",  # a second reference to footnote 1 does not repeat it
        "[endnote 1] Seen on Skomer in 2019.",
    ]
    assert doc.warnings == []


def test_a_notes_part_that_is_not_xml_leaves_the_body_and_a_warning(tmp_path):
    body = para("Terns migrate farthest.", note_ref("footnote", 1))
    doc = load(write_docx_xml(tmp_path / "bad.docx", body, {"footnotes": "<w:footnotes <<<"}), LIMIT)
    assert _texts(doc) == ["Terns migrate farthest."]
    assert doc.warnings == ["the footnotes part is not well-formed XML: its notes were left out"]


def test_tracked_changes_are_read_as_accepted(tmp_path):
    deleted_mark = '<w:rPr><w:del w:id="9" w:author="a" w:date="2026-01-01T00:00:00Z"/></w:rPr>'
    body = (
        para("The ferry left at ", '<w:ins w:id="1" w:author="a">' + run("noon") + "</w:ins>",
             '<w:del w:id="2" w:author="a"><w:r><w:delText>dawn</w:delText></w:r></w:del>', ".")
        + para('<w:moveFrom w:id="3" w:author="a">' + run("Moved away.") + "</w:moveFrom>")
        + para("Forty", ppr=deleted_mark) + para("passengers boarded.")
        + para('<w:moveTo w:id="4" w:author="a">' + run("Moved here.") + "</w:moveTo>")
        + table(["Port", "Ships"], ["Harwich", "42"], ["Deleted", "0"], header_rows=1).replace(
            "<w:tr><w:tc><w:p><w:r><w:t xml:space=\"preserve\">Deleted",
            '<w:tr><w:trPr><w:del w:id="5" w:author="a"/></w:trPr><w:tc><w:p><w:r><w:t xml:space="preserve">Deleted')
    )
    doc = load(write_docx_xml(tmp_path / "changes.docx", body), LIMIT)
    assert _texts(doc) == ["The ferry left at noon.", "Forty passengers boarded.", "Moved here.",
                           "Port | Ships", "Port: Harwich; Ships: 42"]


def test_hidden_text_and_ruby_guides_are_not_read(tmp_path):
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>secret draft note</w:t></w:r>'
    ruby = '<w:ruby><w:rt>' + run("とうきょう") + '</w:rt><w:rubyBase>' + run("東京") + "</w:rubyBase></w:ruby>"
    doc = load(write_docx_xml(tmp_path / "hidden.docx", para("Shown words.", hidden) + para(ruby, "に着いた。")), LIMIT)
    assert _texts(doc) == ["Shown words.", "東京に着いた。"]


def test_content_controls_block_inline_and_around_rows(tmp_path):
    sdt = '<w:sdt><w:sdtPr><w:alias w:val="Client"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>'
    placeholder = sdt.replace("</w:sdtPr>", "<w:showingPlcHdr/></w:sdtPr>")
    cells = "".join(f"<w:tc>{para(c)}</w:tc>" for c in ("Rope", "12"))
    rows = table(["Item", "Cost"], header_rows=1).replace("</w:tbl>", sdt.format(f"<w:tr>{cells}</w:tr>") + "</w:tbl>")
    body = (sdt.format(para("A block control holds this paragraph."))
            + para("Client: ", sdt.format(run("Harbor Trust")), " signed.")
            + para("Date: ", placeholder.format(run("Click or tap to enter a date.")))
            + placeholder.format(para("Click or tap here to enter text."))
            + rows)
    doc = load(write_docx_xml(tmp_path / "controls.docx", body), LIMIT)
    assert _texts(doc) == ["A block control holds this paragraph.", "Client: Harbor Trust signed.", "Date:",
                           "Item | Cost", "Item: Rope; Cost: 12"]


def test_tables_stay_where_they_stand_with_their_captions(tmp_path):
    import docx

    path = tmp_path / "report.docx"
    document = docx.Document()
    document.add_heading("Harbor Report", level=1)
    document.add_paragraph("Traffic grew in spring.")
    document.add_paragraph("Table 1: Ships per port", style="Caption")
    ships = document.add_table(rows=3, cols=3, style="Light Grid Accent 1")  # a style with a header row
    for r, values in enumerate([("Port", "Ships", "Month"), ("Harwich", "42", ""), ("Dover", "17", "")]):
        for c, value in enumerate(values):
            ships.cell(r, c).text = value
    ships.cell(1, 2).merge(ships.cell(2, 2)).text = "March"  # one cell over two rows
    ships.cell(2, 1).add_paragraph("(two in dry dock)")
    document.add_paragraph("Table 2: Crew", style="Caption")
    crew = document.add_table(rows=2, cols=3)
    crew.cell(0, 0).merge(crew.cell(0, 1)).paragraphs[0].add_run("Name and role").bold = True
    crew.cell(0, 2).paragraphs[0].add_run("Since:").bold = True
    for c, value in enumerate(("Ada", "master", "2019")):
        crew.cell(1, c).text = value
    document.add_paragraph("Storms closed the harbor twice.")
    form = document.add_table(rows=2, cols=2)  # a form: labels in the first column, no header row
    for r, values in enumerate([("Vessel", "Northern Star"), ("Master", "Ada Harbor")]):
        for c, value in enumerate(values):
            form.cell(r, c).text = value
    document.add_paragraph("Figure 1: The vessel's form", style="Caption")
    document.save(str(path))
    doc = load(path, LIMIT)
    assert [(k, t) for k, t, _ in _exact(doc)] == [
        ("heading", "Harbor Report"), ("paragraph", "Traffic grew in spring."),
        ("caption", "Table 1: Ships per port"),
        ("table_row", "Port | Ships | Month"), ("table_row", "Port: Harwich; Ships: 42; Month: March"),
        ("table_row", "Port: Dover; Ships: 17\n(two in dry dock); Month: March"),
        ("caption", "Table 2: Crew"),
        # A header spanning two columns names no single one of them.
        ("table_row", "Name and role | Since:"), ("table_row", "Ada; master; Since: 2019"),
        ("paragraph", "Storms closed the harbor twice."),
        ("table_row", "Vessel | Northern Star"), ("table_row", "Master | Ada Harbor"),
        ("paragraph", "Figure 1: The vessel's form"),  # below its table: introduces nothing
    ]
    assert all(path == ("Harbor Report",) for _, _, path in _exact(doc)[1:])


def test_a_caption_goes_into_the_chunk_of_the_table_it_introduces(tmp_path):
    from ingest.block_chunks import pack_blocks

    rows = [["Port", "Ships"]] + [[f"Port number {n}", str(n)] for n in range(12)]
    body = (para("The harbor board counts every ship that docks in the county's ports each spring. " * 3)
            + para("Table 1: Ships per port", style="Caption") + table(*rows, header_rows=1))
    doc = load(write_docx_xml(tmp_path / "long-table.docx", body), LIMIT)
    caption = doc.text.index("Table 1")
    chunks = pack_blocks(doc.text, doc.blocks, 400, 0)
    assert len(chunks) > 1
    holding = next(c for c in chunks if c.start <= caption < c.end)
    assert holding.start == caption and "Port: Port number 0; Ships: 0" in doc.text[holding.start : holding.end]


def test_repeated_header_rows_label_every_row(tmp_path):
    body = table(["Port", "Ships"], ["", "in March"], ["Harwich", "42"], header_rows=2)
    doc = load(write_docx_xml(tmp_path / "header.docx", body), LIMIT)
    assert _texts(doc) == ["Port | Ships", "in March", "Port: Harwich; Ships in March: 42"]


def test_headings_from_outline_levels_and_styles_based_on_headings(tmp_path):
    styles_extra = (
        '<w:style w:type="paragraph" w:styleId="ChapterTitle"><w:name w:val="Chapter Title"/>'
        '<w:basedOn w:val="Heading1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Sidehead"><w:name w:val="Sidehead"/>'
        '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    )
    body = (para("Seabirds", style="Title") + para("Cliffs", style="ChapterTitle")
            + para("Gulls", ppr='<w:outlineLvl w:val="1"/>') + para("Gulls nest on ledges.")
            + para("Eggs", style="Sidehead") + para("Three eggs.")
            + para("Not a heading", style="Sidehead", ppr='<w:outlineLvl w:val="9"/>')
            + para("Numbered item", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    path = write_docx_xml(tmp_path / "outline.docx", body)
    edit_members(path, lambda m: m.update({"word/styles.xml": m["word/styles.xml"].replace(
        b"</w:styles>", styles_extra.encode() + b"</w:styles>")}))
    doc = load(path, LIMIT)
    assert [(k, t, p) for k, t, p in _exact(doc)] == [
        ("heading", "Seabirds", ("Seabirds",)), ("heading", "Cliffs", ("Seabirds", "Cliffs")),
        ("heading", "Gulls", ("Seabirds", "Cliffs", "Gulls")),
        ("paragraph", "Gulls nest on ledges.", ("Seabirds", "Cliffs", "Gulls")),
        ("heading", "Eggs", ("Seabirds", "Cliffs", "Gulls", "Eggs")),
        ("paragraph", "Three eggs.", ("Seabirds", "Cliffs", "Gulls", "Eggs")),
        ("paragraph", "Not a heading", ("Seabirds", "Cliffs", "Gulls", "Eggs")),
        ("list_item", "Numbered item", ("Seabirds", "Cliffs", "Gulls", "Eggs")),
    ]
    assert doc.title == "Seabirds"


# -- hostile packages ------------------------------------------------------------------------------

def test_a_package_declaring_entities_is_refused_by_name(tmp_path):
    """Its entities were never resolved, but the file was indexed with their runs empty: the words a
    reader sees where one stands were gone without a word."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-HARBOR-CODE")
    prolog = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">'
              '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    body = para("Visible words.") + para("<w:r><w:t>&xxe;</w:t></w:r>") + para("<w:r><w:t>&d;&d;&d;</w:t></w:r>")
    parts = {"footnotes": notes_part("footnote", {1: "n"}).replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', prolog.replace("w:document", "w:footnotes"))
        .replace("> n<", ">&xxe;<")}
    path = write_docx_xml(tmp_path / "xxe.docx", body + para("Noted.", note_ref("footnote", 1)), parts, prolog=prolog)
    with pytest.raises(LoadError, match=r"^DOCX part word/document\.xml declares a DOCTYPE \(entity declarations\)"):
        load(path, LIMIT)


def test_an_undeclared_entity_is_refused_by_name(tmp_path):
    """It was "corrupt DOCX (XML: Entity 'xxe' not defined…)": safe, but no reader could tell why."""
    path = write_docx_xml(tmp_path / "xxe.docx", para("Visible words.") + para("<w:r><w:t>&xxe;</w:t></w:r>"))
    with pytest.raises(LoadError, match=r"^DOCX refers to an XML entity \(&xxe;\), which Office never writes"):
        load(path, LIMIT)


def _nested(depth: int) -> str:
    sdt = "<w:sdt><w:sdtContent>"
    return sdt * depth + para("deep") + "</w:sdtContent></w:sdt>" * depth


@pytest.mark.parametrize("name, make, reason", [
    ("deep.docx", lambda p: write_docx_xml(p, _nested(3000)), "corrupt DOCX (XML: Excessive depth"),
    ("missing-notes.docx", lambda p: edit_members(write_docx_xml(
        p, para("x", note_ref("footnote", 1)), {"footnotes": notes_part("footnote", {1: "n"})}),
        lambda m: m.pop("word/footnotes.xml")), "missing part: There is no item named 'word/footnotes.xml'"),
    ("no-body.docx", lambda p: edit_members(write_docx_xml(p, para("x")), lambda m: m.pop("word/document.xml")), "'word/document.xml'"),
    ("boxes-empty.docx", lambda p: write_docx_xml(p, para(text_box(para("  ")))), "empty"),
    ("strict.docx", lambda p: edit_members(write_docx_xml(p, para("Strict words.")), _as_strict), "Strict Open XML .docx"),
])
def test_hostile_packages_fail_with_one_line(tmp_path, name, make, reason):
    path = make(tmp_path / name)
    with pytest.raises(LoadError) as failure:
        load(path, LIMIT)
    message = str(failure.value)
    assert reason in message and "\n" not in message and len(message) < 200


def _as_strict(members: dict[str, bytes]) -> None:
    """The package's main relationship named as ISO 29500 Strict names it (as Word's "Strict Open XML
    Document" does, along with every namespace)."""
    members["_rels/.rels"] = members["_rels/.rels"].replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")


def test_a_missing_image_leaves_the_text_and_a_warning(tmp_path):
    import docx
    from PIL import Image

    Image.new("RGB", (4, 4), "navy").save(tmp_path / "flag.png")
    document = docx.Document()
    document.add_paragraph("The harbor flag is navy blue.")
    document.add_picture(str(tmp_path / "flag.png"))
    document.save(str(tmp_path / "flag.docx"))
    path = edit_members(tmp_path / "flag.docx", lambda m: m.pop("word/media/image1.png"))
    doc = load(path, LIMIT)
    assert _texts(doc) == ["The harbor flag is navy blue."]
    assert doc.warnings == ["1 part(s) the package refers to are missing from it (e.g. word/media/image1.png): left out"]


def test_text_in_boxes_and_notes_counts_against_the_text_limit(tmp_path):
    words = "The harbor was quiet. " * 400
    path = write_docx_xml(tmp_path / "big.docx", para(text_box(para(words), fallback=False), note_ref("footnote", 1)),
                          {"footnotes": notes_part("footnote", {1: words})})
    with pytest.raises(LoadError, match="character limit"):
        load(path, LIMIT, max_chars=len(words) + 100)
    assert len(load(path, LIMIT, max_chars=3 * len(words)).text) > 2 * len(words) - 10


def test_answers_cite_spans_inside_a_text_box_and_a_table_row(tmp_path, make_settings, embedder):
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from tests.conftest import open_store

    corpus = tmp_path / "docs"
    corpus.mkdir()
    write_docx_xml(corpus / "lighthouse.docx", para(text_box(
        para("Fair Isle Lighthouse", style="Heading1"),
        para("The lamp of the Fair Isle lighthouse was first lit in 1892. Keepers lived there until 1998."),
    )))
    write_docx_xml(corpus / "arrivals.docx", para("Table 3: Arrivals by port", style="Caption") + table(
        ["Port", "Ships", "Month"], ["Harwich", "42", "March"], ["Dover", "17", "April"], header_rows=1))
    settings = make_settings()
    report = ingest([corpus], settings)
    assert report.added == 2 and not report.failed
    engine = Engine(settings)
    store = open_store(settings, embedder)
    try:
        cited = {}
        for question, path in (("When was the lamp of the Fair Isle lighthouse first lit?", "lighthouse.docx"),
                               ("How many ships arrived at Dover?", "arrivals.docx")):
            answer = engine.ask(question)
            assert not answer.abstained, question
            for source in answer.sources:
                assert store.catalog.document_text(source.doc_id)[source.start : source.end] == source.text
            cited[path] = [s.text for s in answer.sources if s.path == path]
    finally:
        store.close()
    assert any("first lit in 1892" in text for text in cited["lighthouse.docx"])
    assert "Port: Dover; Ships: 17; Month: April" in cited["arrivals.docx"]  # one row, with its header


def test_headers_and_footers_are_read_when_the_body_has_no_text(tmp_path):
    # A letterhead whose words all sit in the header and footer was refused as "the document is empty".
    import docx

    def saved(name: str, body: str) -> object:
        document = docx.Document()
        section = document.sections[0]
        section.header.paragraphs[0].text = "Harbor Office of Tides"
        section.footer.paragraphs[0].text = "The pier closes at nine."
        second = document.add_section()
        second.header.is_linked_to_previous = False
        second.header.paragraphs[0].text = "Dredging Schedule"
        if body:
            document.add_paragraph(body)
        document.save(tmp_path / name)
        return tmp_path / name

    assert _texts(load(saved("letterhead.docx", ""), LIMIT)) == [
        "Harbor Office of Tides", "The pier closes at nine.", "Dredging Schedule"]
    # Where the body has text, they are running furniture and stay out of it.
    assert _texts(load(saved("memo.docx", "Forty-two ships came in."), LIMIT)) == ["Forty-two ships came in."]


def test_only_the_headers_a_section_shows_are_read(tmp_path):
    # A first-page header of a section without titlePg, or an even-page one without evenAndOddHeaders,
    # is kept in the package but never shown: it was read as the letterhead's text all the same.
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Harbor Office of Tides"
    section.first_page_header.paragraphs[0].text = "Old cover page of 2019"
    section.even_page_footer.paragraphs[0].text = "Old even-page footer"
    document.save(tmp_path / "hidden.docx")
    assert _texts(load(tmp_path / "hidden.docx", LIMIT)) == ["Harbor Office of Tides"]

    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    document.save(tmp_path / "shown.docx")
    assert _texts(load(tmp_path / "shown.docx", LIMIT)) == [
        "Old cover page of 2019", "Harbor Office of Tides", "Old even-page footer"]

"""E-mail attachments as documents of their own (`MAIL#attachment/NAME`): read by their own loader,
cited with exact spans, kept and removed with their mail, and hostile ones failing alone in one line."""

import zipfile
from email.message import EmailMessage

from ingest.loaders import load
from ingest.index_writer import IndexWriter
from ingest.pipeline import ingest
from tests.conftest import document_texts, open_store
from tests.corpus_files import write_docx, write_pdf
from tests.format_files import write_eml

PDF_SENTENCE = "The cargo manifest lists forty barrels of salted cod for the Harwich cooperative."
DOCX_SENTENCE = "The night crew repaints the lighthouse lantern room every second October."


def _message(subject: str, attachments: dict[str, tuple[str, bytes]]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Ada Harbor <ada@example.org>"
    message["To"] = "crew@example.org"
    message["Subject"] = subject
    message.set_content("Attached are the manifest and the crew notes for March.")
    for name, (mime, data) in attachments.items():
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def _files(tmp_path):
    made = tmp_path / "made"
    made.mkdir()
    pdf = write_pdf(made / "manifest.pdf", [PDF_SENTENCE])
    docx = write_docx(made / "crew.docx", ["Crew notes", DOCX_SENTENCE])
    return pdf, docx


def test_attachments_are_cited_documents(tmp_path, make_settings, embedder):
    from rag.engine import Engine

    pdf, docx = _files(tmp_path)
    mail = tmp_path / "mail"
    mail.mkdir()
    write_eml(mail / "march.eml", _message("Harbor papers for March", {
        "manifest.pdf": ("application/pdf", pdf.read_bytes()),
        "crew.docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.read_bytes()),
        "photo.png": ("image/png", b"\x89PNG\r\n\x1a\n not read"),
    }))
    settings = make_settings()
    report = ingest([mail], settings)
    assert (report.added, report.failed) == (3, [])
    assert [w.warning for w in report.warnings] == ["attachments not indexed (unsupported type): photo.png"]
    docs = document_texts(settings, embedder)
    assert set(docs) == {"march.eml", "march.eml#attachment/manifest.pdf", "march.eml#attachment/crew.docx"}
    assert "Attachments: manifest.pdf, crew.docx" in docs["march.eml"] and PDF_SENTENCE not in docs["march.eml"]
    # The attachment's document is exactly what its loader reads from the original file.
    assert docs["march.eml#attachment/manifest.pdf"] == load(pdf, 10**8).text
    assert docs["march.eml#attachment/crew.docx"] == load(docx, 10**8).text

    engine = Engine(settings)
    for question, path, sentence in [
        ("How many barrels of salted cod does the cargo manifest list?", "march.eml#attachment/manifest.pdf",
         PDF_SENTENCE),
        ("How often does the night crew repaint the lighthouse lantern room?", "march.eml#attachment/crew.docx",
         DOCX_SENTENCE),
    ]:
        answer = engine.ask(question)
        assert not answer.abstained, question
        cited = answer.sources[answer.sentences[0].citations[0] - 1]
        assert cited.path == path
        assert docs[path][cited.start:cited.end] == cited.text
        assert cited.text in sentence or sentence in cited.text

    again = ingest([mail], settings)
    assert (again.unchanged, again.added, again.updated, again.removed) == (1, 0, 0, 0)
    (mail / "march.eml").unlink()
    assert ingest([mail], settings).removed == 3 and document_texts(settings, embedder) == {}


def test_a_changed_mail_named_on_its_own_drops_attachments_it_lost(tmp_path, make_settings, embedder):
    pdf, docx = _files(tmp_path)
    both = {"manifest.pdf": ("application/pdf", pdf.read_bytes()),
            "crew.docx": ("application/msword", docx.read_bytes())}
    eml = write_eml(tmp_path / "note.eml", _message("Papers", both))
    settings = make_settings()
    assert ingest([eml], settings).added == 3
    write_eml(eml, _message("Papers, again", {"manifest.pdf": both["manifest.pdf"]}))
    report = ingest([eml], settings)
    assert (report.updated, report.unchanged, report.removed) == (1, 1, 1)
    assert set(document_texts(settings, embedder)) == {"note.eml", "note.eml#attachment/manifest.pdf"}


def test_removing_a_mail_removes_its_attachments_and_nothing_else(tmp_path, make_settings, embedder):
    pdf, docx = _files(tmp_path)
    mail = tmp_path / "mail"
    mail.mkdir()
    write_eml(mail / "march.eml", _message("Papers", {"manifest.pdf": ("application/pdf", pdf.read_bytes())}))
    # A file whose name starts like the mail's is not one of its attachments.
    write_eml(mail / "march.eml.old.eml", _message("Old papers", {"crew.docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.read_bytes())}))
    settings = make_settings()
    assert ingest([mail], settings).added == 4
    store = open_store(settings, embedder)
    try:
        march = next(d for d in store.catalog.documents() if d.path == "march.eml")
    finally:
        store.close()
    assert IndexWriter(settings).remove(march.doc_id) is True
    assert set(document_texts(settings, embedder)) == {"march.eml.old.eml", "march.eml.old.eml#attachment/crew.docx"}


def _zip_bomb() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(210):
                fh.write(b"\0" * (1 << 20))
    return buffer.getvalue()


def test_hostile_attachments_fail_alone_in_one_line(tmp_path, make_settings, embedder):
    pdf, _ = _files(tmp_path)
    message = _message("Hostile", {
        "bomb.docx": ("application/octet-stream", _zip_bomb()),
        "../../escape.txt": ("text/plain", b"The escaped note says the tide table moved to the quay."),
        "manifest.pdf": ("application/pdf", pdf.read_bytes()),
        "ü" * 300 + ".txt": ("text/plain", b"The long-named note says the ferry leaves at noon."),
        "broken.pdf": ("application/pdf", b"placeholder"),
    })
    raw = bytes(message)
    # Damage broken.pdf's base64 body: its part is the last one.
    head, _, tail = raw.rpartition(b"cGxhY2Vob2xkZXI=")
    eml = tmp_path / "in" / "hostile.eml"
    eml.parent.mkdir()
    eml.write_bytes(head + b"cGxh!!Y2V*ob2x" + tail)
    settings = make_settings()
    report = ingest([eml.parent], settings)
    failures = {f.path: f.error for f in report.failed}
    assert set(failures) == {f"{eml}#attachment/bomb.docx", f"{eml}#attachment/broken.pdf"}
    assert "refused as a likely zip bomb" in failures[f"{eml}#attachment/bomb.docx"]
    assert failures[f"{eml}#attachment/broken.pdf"].startswith("damaged base64 in the attachment")
    assert all("\n" not in e for e in failures.values())
    assert "attachment '../../escape.txt' renamed 'escape.txt' (folders and control characters dropped)" in [
        w.warning for w in report.warnings]
    docs = document_texts(settings, embedder)
    long_name = "hostile.eml#attachment/" + "ü" * 146 + ".txt"
    assert set(docs) == {"hostile.eml", "hostile.eml#attachment/escape.txt", "hostile.eml#attachment/manifest.pdf",
                         long_name}
    assert docs[long_name] == "The long-named note says the ferry leaves at noon."
    assert docs["hostile.eml#attachment/escape.txt"].startswith("The escaped note says")
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()


def test_an_attachment_is_read_within_the_callers_character_limit(tmp_path):
    # Attachments were read with the default limit whatever max_extracted_chars the caller set.
    log = ("The tide rose a foot above the mark at the quay. " * 120).encode()  # 6,000 characters
    eml = tmp_path / "long.eml"
    eml.write_bytes(bytes(_message("Tide log", {"log.txt": ("text/plain", log)})))
    [within] = load(eml, 50_000_000, 10_000).attachments
    assert within.document is not None and within.error is None
    [past] = load(eml, 50_000_000, 5_000).attachments
    assert past.document is None and "5,000-character limit" in (past.error or ""), past

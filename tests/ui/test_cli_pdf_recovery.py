"""`citeline ingest --json` on scanned and font-garbled PDFs: each is indexed readable with a
warning, or reported failed with the reason; answers cite the recovered text with its page."""

import json

from typer.testing import CliRunner

from ingest import page_words
from ingest.pipeline import doc_id_for
from tests.conftest import open_store
from tests.corpus_files import write_pdf
from tests.pdf_samples import SCAN_PAGES, write_garbled_pdf, write_scanned_pdf
from ui.cli import app

runner = CliRunner()


def test_ingest_reports_ocr_warnings_and_unreadable_pdfs(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_scanned_pdf(corpus / "scan.pdf", SCAN_PAGES[1:2])
    write_garbled_pdf(corpus / "garbled.pdf", SCAN_PAGES[2:3])
    write_garbled_pdf(corpus / "hopeless.pdf", SCAN_PAGES[:1], invisible=True)
    write_pdf(corpus / "plain.pdf", SCAN_PAGES[:1])
    index = str(tmp_path / "ix")

    result = runner.invoke(app, ["ingest", str(corpus), "--index", index, "--json"])

    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert summary["added"] == 3
    warnings = {w["path"].rsplit("/", 1)[-1]: w["warning"] for w in summary["warnings"]}
    assert warnings == {
        "scan.pdf": "1 of 1 pages had no text layer: OCR used",
        "garbled.pdf": "1 of 1 pages had an unreadable text layer (font encoding): OCR used",
    }
    [failure] = summary["failed"]
    assert failure["path"].endswith("hopeless.pdf")
    assert "text layer is unreadable (font encoding" in failure["error"] and "OCR found no text" in failure["error"]
    assert "warning: " in result.stderr and "scan.pdf: 1 of 1 pages had no text layer" in result.stderr

    asked = runner.invoke(app, ["ask", "How much did the price of bread fall before the winter?", "--json",
                                "--index", index])
    assert asked.exit_code == 0, asked.output
    top = json.loads(asked.stdout)["sources"][0]
    assert top["path"] == "garbled.pdf" and top["page"] == 1
    assert "price of bread fell by a third" in top["text"]

    # Word boxes of the OCRed pages sit beside the index, indexing the stored text exactly.
    from ui.settings import Settings

    root = corpus.resolve()
    store = open_store(Settings(index=index), embedder)
    try:
        scan_id = doc_id_for(root, "scan.pdf")
        text = store.catalog.document_text(scan_id)
    finally:
        store.close()
    [page] = page_words.read(tmp_path / "ix", scan_id)
    assert page.page == 1 and page.dpi == 200 and len(page.words) == len(text.split())
    assert [text[w.start : w.end] for w in page.words] == text.split()
    honey = next(w for w in page.words if text[w.start : w.end] == "honey")
    left, top, right, bottom = honey.box
    assert 0 <= left < right <= page.width and 0 <= top < bottom <= page.height
    assert page_words.read(tmp_path / "ix", doc_id_for(root, "garbled.pdf"))
    assert page_words.read(tmp_path / "ix", doc_id_for(root, "plain.pdf")) == []

    (corpus / "scan.pdf").unlink()
    assert json.loads(runner.invoke(app, ["ingest", str(corpus), "--index", index, "--json"]).stdout)["removed"] == 1
    assert page_words.read(tmp_path / "ix", scan_id) == []

"""A folder of slides, a workbook, e-mail and markup through `citeline ingest`, then `ask`: every file
indexed, and the cited span is text of the file's unit (slide, sheet row) the reader sees."""

import json

from typer.testing import CliRunner

from tests.corpus_files import write_pdf
from tests.format_files import email_message, write_eml, write_pptx, write_xlsx
from ui.cli import app

runner = CliRunner()


def test_new_types_ingest_and_are_cited(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pptx(corpus / "deck.pptx", [("Lighthouse Budget", "The lamp upgrade costs nine thousand euros.",
                                       "Say the council approved it."),
                                      ("Schedule", "Work starts in June.", "")])
    write_xlsx(corpus / "fleet.xlsx", {"Boats": [["Boat", "Length", "Home port"], ["Sea Swift", "12 m", "Harwich"],
                                                 ["Grey Heron", "9 m", "Whitby"]]})
    manifest = write_pdf(tmp_path / "manifest.pdf", ["The cargo manifest lists forty barrels of salted cod."])
    write_eml(corpus / "cargo.eml", email_message("Cargo for Friday", "See the manifest attached.",
                                                  {"manifest.pdf": manifest.read_bytes()}))
    (corpus / "guide.rst").write_text("Knots\n=====\n\nThe bowline makes a fixed loop at the end of a rope.\n")
    (corpus / "tides.adoc").write_text("= Tides\n\nSpring tides follow the full moon.\n")
    (corpus / "crew.csv").write_text("name,role\nAda,harbor master\nBen,ferry pilot\n")
    index = str(tmp_path / "ix")

    result = runner.invoke(app, ["ingest", str(corpus), "--index", index, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    # The PDF attached to the e-mail is a document of its own.
    assert summary["added"] == 7 and summary["failed"] == [] and summary["warnings"] == []

    def cited(question, phrase):
        """The source citing `phrase` (each row, slide line or body line is its own citable sentence)."""
        asked = runner.invoke(app, ["ask", question, "--json", "--index", index])
        assert asked.exit_code == 0, asked.output
        sources = json.loads(asked.stdout)["sources"]
        hits = [s for s in sources if phrase in s["text"]]
        assert hits, sources
        return hits[0]

    boat = cited("Which boat has Whitby as its home port?", "Boat: Grey Heron; Length: 9 m; Home port: Whitby")
    assert boat["path"] == "fleet.xlsx" and boat["page"] == 1 and boat["text"].startswith("[Boats row 3]")
    cod = cited("How many barrels of salted cod are in the cargo manifest?", "forty barrels of salted cod")
    assert cod["path"] == "cargo.eml#attachment/manifest.pdf"
    lamp = cited("How much does the lamp upgrade cost?", "nine thousand euros")
    assert lamp["path"] == "deck.pptx" and lamp["page"] == 1

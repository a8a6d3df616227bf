"""A citation's page is the page its sentence is on, also when its passage began pages earlier."""

import json

from typer.testing import CliRunner

from ingest.pipeline import doc_id_for
from ui.settings import Settings
from tests.conftest import open_store
from tests.corpus_files import write_pdf
from tests.pdf_samples import SCAN_PAGES
from ui.cli import app

runner = CliRunner()


def test_a_sentence_on_page_three_of_a_passage_starting_on_page_one_cites_page_three(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "town.pdf", SCAN_PAGES)
    index = str(tmp_path / "ix")
    assert runner.invoke(app, ["ingest", str(corpus), "--index", index, "--json"]).exit_code == 0

    asked = runner.invoke(app, ["ask", "How much did the price of bread fall before the winter?", "--json",
                                "--index", index])
    assert asked.exit_code == 0, asked.output
    top = json.loads(asked.stdout)["sources"][0]
    assert "price of bread fell by a third" in top["text"]

    store = open_store(Settings(index=index), embedder)
    try:
        doc_id = doc_id_for(corpus.resolve(), "town.pdf")
        text = store.catalog.document_text(doc_id)
        chunks = store.catalog.chunks_of_documents([doc_id])[doc_id]
    finally:
        store.close()
    assert text[top["start"]:top["end"]] == top["text"]
    # The passage holding the sentence starts on page 1: a page taken from it would say 1.
    assert [c.page for c in chunks if c.start <= top["start"] < c.end] == [1]
    assert top["page"] == 3

"""Console output exported with a terminal's colours (FastAPI's docs, bench/data/docsqa/fastapi) is
shown in an answer as the terminal showed it; the document's text and an HTML example stay as written."""

from pathlib import Path

from rag.document_marks import shown_unit
from rag.terminal_markup import without_terminal_markup

FASTAPI_CLI = Path(__file__).resolve().parents[2] / "bench/data/docsqa/fastapi/corpus/fastapi-cli.md"


def test_a_console_block_is_shown_without_its_exported_colours():
    text = FASTAPI_CLI.read_text(encoding="utf-8")
    block = text[text.index("```console"):text.index("```", text.index("```console") + 3) + 3]
    shown = shown_unit(block, "code", "fastapi-cli.md")
    assert "$ fastapi dev" in shown and "Importing from /home/user/code/awesomeapp" in shown
    assert "['/home/user/code/awesomeapp']" in shown  # &apos; as the terminal printed it
    assert "<font" not in shown and "<span" not in shown and "&apos;" not in shown
    assert "<font color=" in text  # the document keeps them: a cited span is exact
    # A console block longer than a passage is cut: a passage without the closing fence reads its
    # lines as prose.
    line = next(row for row in block.splitlines() if "Uvicorn running on" in row)
    assert " ".join(shown_unit(line, "sentence", "fastapi-cli.md").split()) == (
        "INFO Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to")


def test_html_that_is_no_terminal_export_is_code_as_written():
    template = '<p>Item: <b>{{ id }}</b> <span style="color:red">new</span></p>'
    assert without_terminal_markup(template) == template
    assert shown_unit(template, "code", "templates.md") == template

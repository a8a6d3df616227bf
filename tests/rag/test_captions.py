"""The label a block stands under (a content tab, a bold line) and the one a question names."""

from pathlib import Path

import pytest

from rag.captions import caption, label_of, named_labels
from rag.terms import terms
from rag.types import Chunk, Message
from tests.rag.conftest import engine_of_files


def test_a_caption_names_the_block_under_it():
    text = ("Activate it:\n\n{{< tab tabID=\"powershell\" >}}\n\n```ps1\nPS1> Invoke-Expression (x)\n```\n"
            "**Windows (Powershell)**\n```powershell\nirm x | py -\n```\n"
            "=== \"Fish\"\n\n    ```\n    eval (x)\n    ```\n"
            "Some prose.\n```\nplain\n```\n"
            "//// tab | Windows PowerShell\n\n<div class=\"termy\">\n\n```console\n$ $Env:APP_NAME = \"x\"\n```\n")
    chunk = Chunk("c", "d", "p.md", "P", 0, 100, 100 + len(text), text)
    at = lambda code: 100 + text.index(code)  # noqa: E731
    assert caption(chunk, at("PS1>")) == "powershell"
    assert caption(chunk, at("irm x")) == "Windows (Powershell)"
    assert caption(chunk, at("eval (x)")) == "Fish"
    assert caption(chunk, at("$ $Env")) == "Windows PowerShell"
    assert caption(chunk, at("plain")) == ""  # prose stands between: it introduces the block, if anything
    assert caption(chunk, at("Some prose")) == ""  # a closing fence is markup, the code above is not


def test_a_unit_shows_the_label_it_holds_before_its_block():
    text = ("To enable it, run one of the following:\n\n=== \"Bash\"\n\n    ```bash\n    echo bash\n    ```\n\n"
            "=== \"PowerShell / pwsh\"\n\n    ```powershell\n    Add-Content x\n    ```\n")
    chunk = Chunk("c", "d", "p.md", "P", 0, 0, len(text), text)
    lead_in = text[: text.index("    ```\n\n===") + 8]
    assert label_of(chunk, 0, lead_in, False) == "Bash"  # the lead-in takes the first tab's block with it
    label_line = text.index('=== "PowerShell')
    assert label_of(chunk, label_line, text[label_line:], True) == "PowerShell / pwsh"
    assert label_of(chunk, text.index("Add-Content"), "Add-Content x", True) == "PowerShell / pwsh"
    assert label_of(chunk, 0, "To enable it, run one of the following:", False) == ""


def test_a_bold_line_names_a_variant_only_over_code():
    text = "**Update Poetry**\n\nPoetry updates itself.\n\n**Windows (Powershell)**\n```powershell\nirm x | py -\n```\n"
    chunk = Chunk("c", "d", "p.md", "P", 0, 0, len(text), text)
    prose, code = text.index("Poetry updates"), text.index("irm x")
    assert caption(chunk, prose) == "Update Poetry"  # a follow-up may still read it as the section's words
    assert label_of(chunk, prose, "Poetry updates itself.", False) == ""  # over prose: a heading
    assert label_of(chunk, code, "irm x | py -", True) == "Windows (Powershell)"


def test_the_asked_terms_choose_among_sibling_labels():
    labels = ["Bash", "", "Zsh", "PowerShell / pwsh", "PowerShell / pwsh"]
    assert named_labels(labels, terms("powershell")) == {"PowerShell / pwsh"}
    assert named_labels(labels, terms("windows")) == frozenset()  # names none
    # Naming every label chooses none: the question is about what they all show.
    assert named_labels(["ruff.toml", "ruff.toml"], terms("ruff")) == frozenset()


# Ruff's documentation (MIT, bench/data/docsqa/ruff/NOTICE): one block per shell or editor, each
# under its MkDocs-Material tab, which alone names it.
RUFF_DOCS = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "ruff" / "corpus"
RUFF_PAGES = ("linter.md", "faq.md", "configuration.md", "installation.md", "editors/settings.md", "editors/setup.md")


@pytest.fixture(scope="module")
def ruff_engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "ruff-tabs", {p: (RUFF_DOCS / p).read_text(encoding="utf-8")
                                                              for p in RUFF_PAGES})
    yield engine
    engine.close()


# The question and what its answer must hold: the block under the tab it names. Each failed before
# (the lead-in with the first tab's block, Bash's, or another editor's block answered).
NAMED_TABS = [
    ("How do I enable Ruff's shell completion in PowerShell?", "generate-shell-completion powershell"),
    ("How do I enable shell completion for Ruff in Zsh?", ".zshrc"),
    ("How do I turn off fixAll in Zed?", '"fixAll": false'),
    ("How do I make the Ruff server prefer the editor settings over the config file in Neovim?",
     'configurationPreference = "'),
]


@pytest.mark.parametrize("question,wanted", NAMED_TABS)
def test_a_question_naming_a_tab_is_answered_from_the_block_under_it(ruff_engine, question, wanted):
    reply = ruff_engine.ask(question)
    assert not reply.abstained and wanted in reply.answer, reply.answer


def test_a_follow_up_naming_a_tab_is_answered_from_the_block_under_it(ruff_engine):
    reply = ruff_engine.ask("What about PowerShell?", history=[
        Message(role="user", content="How do I enable shell completion for Ruff in bash?"),
        Message(role="assistant", content='Add eval "$(ruff generate-shell-completion bash)" to your ~/.bashrc.')])
    assert "generate-shell-completion powershell" in reply.answer and "bashrc" not in reply.answer, reply.answer

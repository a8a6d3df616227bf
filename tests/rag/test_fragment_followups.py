"""A fragment follow-up ("And on Windows?", "And for a whole file?") is the question before with one
part put in place of another: asked with that question it is a whole question, and its answer is
kept when it goes on with the conversation's pages past what was said and names what the fragment
adds (rag/readings.py, `choose`). On Ruff's and MkDocs' pages (MIT and BSD licences;
bench/data/docsqa/ruff/NOTICE, bench/data/docsqa/mkdocs/NOTICE)."""

from pathlib import Path

import pytest

from rag.readings import is_fragment
from tests.rag.conftest import ask_after, engine_of_files

DOCSQA = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa"
RUFF_PAGES = ("linter.md", "faq.md", "configuration.md", "installation.md")
MKDOCS_PAGES = ("user-guide/choosing-your-theme.md", "user-guide/configuration.md")


def _engine(tmp_path_factory, name: str, pages: tuple[str, ...]):
    corpus = DOCSQA / name / "corpus"
    return engine_of_files(tmp_path_factory, f"{name}-fragments",
                           {p: (corpus / p).read_text(encoding="utf-8") for p in pages})


@pytest.fixture(scope="module")
def ruff_engine(tmp_path_factory):
    engine = _engine(tmp_path_factory, "ruff", RUFF_PAGES)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def mkdocs_engine(tmp_path_factory):
    engine = _engine(tmp_path_factory, "mkdocs", MKDOCS_PAGES)
    yield engine
    engine.close()


def test_what_a_fragment_is():
    for question in ("And on Windows?", "What about PowerShell?", "And for a whole file?", "or in dark mode?",
                     "How about the formatter?"):
        assert is_fragment(question), question
    for question in ("And how do I force it on?", "And can I defer it?", "And which remote does it push to?",
                     "Android support?", "What is the default?", "Orange or red?"):
        assert not is_fragment(question), question


# The question, a paraphrased answer (as a client may send), the fragment, what its answer must hold.
# The first three fail on the code before (the conversation reading answered the standalone installer's
# code block, a configuration example, `color_mode`); the others hold both before and after.
FRAGMENTS = [
    ("ruff", "How do I suppress a rule on a single line?",
     "Put a noqa comment with the rule code at the end of the line, for example x = 1  # noqa: F841.",
     "And for a whole file?", "ruff: noqa"),
    ("ruff", "Where does Ruff look for a user-wide configuration file on Linux?",
     "In ~/.config/ruff/ruff.toml; it respects XDG_CONFIG_HOME.", "And on Windows?", "AppData"),
    ("mkdocs", "How do I choose the highlight.js style of the mkdocs theme?",
     "Set hljs_style to the name of the style; the default is github.", "And in dark mode?", "hljs_style_dark"),
    # The naive answer names no "Windows": it answers the question before again.
    ("ruff", "Where does Ruff look for a user-wide configuration file on macOS?", "In ~/.config/ruff/ruff.toml.",
     "What about Windows?", "AppData"),
    # The naive answer leads with what the previous answer restated (bash's line).
    ("ruff", "How do I enable shell completion for Ruff in bash?",
     'Add eval "$(ruff generate-shell-completion bash)" to your ~/.bashrc and restart the shell.',
     "What about PowerShell?", "generate-shell-completion powershell"),
    # The conversation reading names another entry: which one is what "And a script?" asks.
    ("mkdocs", "How do I add my own stylesheet to the site?",
     "Put the CSS file in your docs folder and list it under extra_css in mkdocs.yml.", "And a script?",
     "extra_javascript"),
]


@pytest.mark.parametrize("corpus,question,answer,follow_up,wanted", FRAGMENTS)
def test_a_fragment_is_answered_as_the_question_before_with_its_part_replaced(request, corpus, question, answer,
                                                                              follow_up, wanted):
    engine = request.getfixturevalue(f"{corpus}_engine")
    reply = ask_after(engine, question, answer, follow_up)
    assert not reply.abstained and wanted in reply.answer, reply.answer

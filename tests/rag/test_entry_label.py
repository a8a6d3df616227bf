"""A unit of a reference entry whose text never names the entry is shown under the entry's name, and a
question asking a default without naming the entry is answered with the default of the entry its best
unit describes: on a settings page written here in MkDocs' manner (each setting named by its heading only)."""

import pytest

from rag.entry_field import Entry
from rag.entry_label import labelled, names_setting
from rag.types import Message
from tests.rag.conftest import served

_PAGE = """# Settings

Settings are read from `sitegen.toml` in the project's folder.

## Build

### output_folder

Where the generated pages are written, relative to the settings file.

**default**: `'public'`

### fail_on_warning

Set to `true` to stop the build at the first warning instead of printing it and going on.

**default**: `false`

## Preview

### listen_addr

Determines the address the preview server listens on while you edit. Must be of the format `HOST:PORT`.

Allows a custom default to be set without passing the `--listen` option every time the preview is started.

**default**: `'127.0.0.1:4000'`

### reload_delay

How long the preview server waits after a change before it rebuilds, in milliseconds.

**default**: `250`
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    yield from served(tmp_path_factory, "entry-label", {"settings.md": _PAGE})


def test_a_setting_named_by_its_heading_only_is_named_before_its_unit():
    entry = Entry("d", "Settings › Preview › listen_addr")
    shown = labelled("Must be of the format `HOST:PORT`.", None, entry, None)
    assert shown.text == "listen_addr: Must be of the format `HOST:PORT`."
    # Where code starts moves with the text.
    assert labelled("Set it so:\nlisten_addr = 1", 11, Entry("d", "A › `port`"), None).code_at == 11 + len("`port`: ")
    # Not again after a sentence of the same entry, nor where the text names it, nor before code or a list item.
    assert labelled("Must be ...", None, entry, entry).text == "Must be ..."
    assert labelled("Set `listen_addr` to ...", None, entry, None).text == "Set `listen_addr` to ..."
    assert labelled("x = 1", 0, entry, None).text == "x = 1"
    assert labelled("- `en`: English", None, entry, None).text == "- `en`: English"


@pytest.mark.parametrize("path, setting", [
    ("Settings › listen_addr", True), ("Settings › `cache-dir`", True), ("Settings › `installer.max-workers`", True),
    ("Settings › configurationPreference", True),
    # English words joined by a hyphen, a product's name, a release, a page's own title: no setting.
    ("Suppression › Line-level", False), ("Integrations › pre-commit", False), ("Deploying › GitHub", False),
    ("Release Notes › 1.4.0", False), ("sitegen_cli", False), ("Settings › Build", False)])
def test_which_headings_name_a_setting(path, setting):
    assert names_setting(Entry("d", path)) is setting


def test_an_answer_from_a_setting_s_description_names_the_setting(engine):
    answer = engine.ask("In what format do I write the address of the preview server?")
    assert not answer.abstained, answer.answer
    assert answer.answer.startswith("listen_addr: "), answer.answer
    # The name is shown, not cited: the answer is still made of its sentences, whose citation is the
    # document's own sentence.
    from rag.shown_answer import sentence_joints

    assert sentence_joints(answer.answer, answer.sentences) is not None
    assert answer.sentences[0].text.startswith("listen_addr: ")
    assert not any(s.text.startswith("listen_addr") for s in answer.sources), [s.text for s in answer.sources]


def test_a_default_asked_of_an_unnamed_setting_is_that_setting_s_default(engine):
    answer = engine.ask("Which host and port does the preview server listen on by default?")
    assert not answer.abstained, answer.answer
    assert "127.0.0.1:4000" in answer.answer, answer.answer
    # Another setting's default line resembles "by default" as much: not shown.
    for other in ("'public'", "`false`", "`250`"):
        assert other not in answer.answer, answer.answer


def test_a_follow_up_finds_the_named_sentences_it_follows_as_quoted(engine):
    # rag/followup.py reads the previous answer's quotes back from the units: shown under a setting's name, a
    # sentence is still the quote it was, not a paraphrase looked up by retrieval.
    from rag.followup import previous_quotes

    question = "In what format do I write the address of the preview server?"
    answer = engine.ask(question)
    assert answer.answer.startswith("listen_addr: "), answer.answer
    history = [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]
    quotes = previous_quotes(history, engine.retriever)
    assert quotes and all(q.exact for q in quotes), quotes
    # ... so "What's the default?" asks the default of the setting it quoted.
    reply = engine.ask("What's the default?", history=history)
    assert "127.0.0.1:4000" in reply.answer and "`250`" not in reply.answer, reply.answer


def test_the_extractive_answer_a_model_falls_back_on_names_the_setting_too(engine, free_port):
    from rag.engine import Engine
    from rag.settings import EngineSettings

    question = "In what format do I write the address of the preview server?"
    offline = Engine(EngineSettings(index=engine.settings.index, llm_base_url=f"http://127.0.0.1:{free_port}/v1",
                                    llm_timeout=5))
    try:
        answer = offline.ask(question, llm="openai:nobody-home")
    finally:
        offline.close()
    assert answer.mode == "fallback" and answer.answer == engine.ask(question).answer, answer.answer
    assert answer.answer.startswith("listen_addr: "), answer.answer

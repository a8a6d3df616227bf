"""A follow-up whose pronoun stands for the turn before ("Can I set it in my config file instead?" after
a debug-mode answer) goes on with the conversation though its other words name nothing of it: the
sentence saying it of debug mode answers, not one saying it of another setting (pages written here
after a web framework's docs)."""

import pytest

from rag.followup import follow_up
from rag.turn_pronoun import stands_for_turn_before
from rag.types import Message
from tests.rag.conftest import engine_of_files

CONFIG = """# Configuration Handling

Applications need some kind of configuration. There are different settings you might want to change
depending on the application environment, like toggling the debug mode or setting the secret key.

## Debug Mode

The DEBUG config value is special because it may behave inconsistently if changed after the app has
begun setting up. In order to set debug mode reliably, use the --debug option on the run command.

    $ web --app hello run --debug

Using the option is recommended. While it is possible to set DEBUG in your config or code, this is
strongly discouraged. It can't be read early by the run command.

## Configuring from Files

Configuration becomes more useful if you can store it in a separate file. The config is a subclass of a
dictionary and can be modified just like any dictionary:

    app.config['TESTING'] = True
"""

CLI = """# Command Line Interface

## Environment Variables From dotenv

Every option of the run command can be set with an environment variable, instead of passing it. For
example, to set the port for the run command, instead of web run --port 8000:

    $ export WEB_RUN_PORT=8000
    $ web run
"""

PAGES = {"config.md": CONFIG, "cli.md": CLI}
# The turn a debug-mode follow-up goes on from.
HISTORY = [Message(role="user", content="How do I turn on debug mode?"),
           Message(role="assistant", content="Pass the --debug option to the run command, for example "
                                             "web --app hello run --debug.")]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "turn-pronoun", PAGES)
    yield engine
    engine.close()


def test_the_pronoun_after_the_verb_goes_on_with_the_conversation(engine):
    assert stands_for_turn_before("Can I set it in my config file instead?")
    assert not stands_for_turn_before("Is it possible to set the port in a config file?")
    followup = follow_up("Can I set it in my config file instead?", HISTORY, engine.retriever)
    assert followup is not None and followup.continues


def test_setting_it_in_the_config_file_is_said_of_debug_mode(engine):
    answer = engine.ask("Can I set it in my config file instead?", history=HISTORY)
    assert not answer.abstained and "strongly discouraged" in answer.answer, answer.answer


# The same command line shown on four more pages: which one the paraphrased answer took it from, a hair's
# difference in resemblance cannot tell, so it is one restatement found on each page, and the reference
# page's sentence saying the option is found too (not three copies of the line and nothing else).
SHOWN_TOO = {f"{name}.md": f"# Debug mode\n\nThe {name} page runs it in debug mode:\n\n    $ web --app hello run --debug\n"
             for name in ("quickstart", "tutorial", "server", "testing")}


@pytest.fixture(scope="module")
def shown_everywhere(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "turn-pronoun-shown", PAGES | SHOWN_TOO)
    yield engine
    engine.close()


def test_a_line_shown_on_many_pages_is_found_on_each(shown_everywhere):
    followup = follow_up("Can I set it in my config file instead?", HISTORY, shown_everywhere.retriever)
    assert followup is not None
    paths = {shown_everywhere.store.catalog.document(q.doc_id).path for q in followup.quotes}
    assert {"config.md", "quickstart.md", "tutorial.md", "server.md", "testing.md"} <= {p.rpartition("/")[2] for p in paths}, paths

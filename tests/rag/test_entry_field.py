"""A field asked of one reference entry (its default, its release) is answered from that entry's own
labelled line, never another entry's: on Flask's config.rst (tests/rag/data/flask, BSD-3-Clause) and
Django's settings page kept as .txt (tests/ingest/fixtures/django, read as reST)."""

import threading
import time
from pathlib import Path

import pytest

from rag.entry_field import asked_field, gives_field
from rag.followup import is_elliptic
from rag.types import Message
from tests.rag.conftest import engine_of_files

FLASK = Path(__file__).parent / "data" / "flask"
DJANGO = Path(__file__).parent.parent / "ingest" / "fixtures" / "django"


@pytest.fixture(scope="module")
def flask_engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "flask", {"config.rst": (FLASK / "config.rst").read_text(encoding="utf-8")})
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def django_engine(tmp_path_factory):
    files = {name: (DJANGO / name).read_text(encoding="utf-8") for name in ("settings.txt", "install.txt", "transactions.txt")}
    engine = engine_of_files(tmp_path_factory, "django", files)
    yield engine
    engine.close()


def _history(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained
    return [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]


def test_the_fields_asked_and_the_lines_giving_them():
    # "Since" and "What's" name nothing: both lean on the conversation (fu12's reading).
    assert is_elliptic("Since which version?") and is_elliptic("What's the default?")
    assert not is_elliptic("What's the default port of the development server?")
    assert asked_field("Since which version?") == "version"
    assert asked_field("What's the default?") == "default"
    assert asked_field("What is the default of SESSION_COOKIE_AGE?") == "default"
    # Why or how to: no field asked, "by default" or not.
    assert asked_field("Why doesn't httpx follow redirects by default?", "reason") == ""
    assert asked_field("What does SESSION_COOKIE_SAMESITE do?") == ""
    assert gives_field("Default: None", "default") and gives_field("Default value: `\"fromEnvironment\"`", "default")
    assert gives_field("Added in version 1.0.", "version") and gives_field("NEW: New in MkDocs 1.6.", "version")
    assert not gives_field("By default, editor configuration is prioritized.", "default")


def _finishes(call, seconds: float = 5.0):
    """`call`'s result, asserting it came within `seconds` (a regex holds the interpreter while it runs,
    so the time taken is checked too, not only that the thread ended)."""
    result = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(timeout=seconds)
    took = time.monotonic() - started
    assert not worker.is_alive() and took < seconds, f"took {took:.1f} s"
    return result[0]


def test_a_long_hostile_text_is_read_in_linear_time():
    # Quadratic before: "A" + ": " * 20000 took 31 s, "which version " * 5000 took 4 s.
    assert _finishes(lambda: gives_field("A" + ": " * 40000, "version")) is False
    assert _finishes(lambda: asked_field("which version " * 20000)) == ""
    assert _finishes(lambda: asked_field("when was it " * 20000)) == ""
    # The same matches on ordinary text.
    assert _finishes(lambda: gives_field("Note: : Added in version 2.0.", "version")) is True
    assert asked_field("Which version was the option added in?") == "version"


def test_since_which_version_is_the_entry_s_own_note(flask_engine):
    history = _history(flask_engine, "What does SESSION_COOKIE_SAMESITE do?")
    assert "Restrict how cookies are sent" in history[1].content
    answer = flask_engine.ask("Since which version?", history=history)
    # The entry's note, not the entry before's ("Added in version 3.1.") nor the page's history.
    assert not answer.abstained and "Added in version 1.0." in answer.answer, answer.answer
    for other in ("0.11", "3.1", "2.3"):
        assert other not in answer.answer, answer.answer


def test_the_default_after_an_entry_is_its_own(flask_engine):
    history = _history(flask_engine, "What does SESSION_COOKIE_SAMESITE do?")
    answer = flask_engine.ask("What's the default?", history=history)
    assert not answer.abstained and answer.sources, answer.answer
    assert answer.sources[0].heading.endswith("SESSION_COOKIE_SAMESITE"), answer.sources[0].heading
    assert "Default: None" in answer.answer, answer.answer


@pytest.mark.parametrize("setting, default", [("ABSOLUTE_URL_OVERRIDES", "Default: {} (Empty dictionary)"),
                                              ("ADMINS", "Default: [] (Empty list)")])
def test_the_default_of_a_named_setting_is_its_default_line(django_engine, setting, default):
    answer = django_engine.ask(f"What is the default of {setting}?")
    assert not answer.abstained, answer.answer
    assert default in answer.answer and answer.answer.index(default) < 40, answer.answer
    # Nothing of another entry, nor the page's lead-in on "their default values".
    assert all(s.heading.endswith(setting) for s in answer.sources), answer.answer

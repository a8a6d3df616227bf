"""Every user-facing error is one line, with a status and an exit code, whatever raised it."""

import pytest

from rag import errors
from rag.errors import BadRequest, CitelineError, IndexBusy, ModelNotFound, NotFound, render, status_of
from rag.llms.spec import parse_spec
from rag.store import IndexMissing


def test_a_message_with_newlines_is_shown_on_one_line():
    exc = ModelNotFound("embedding model folder not found:\n  /x/y\n(hub names are not fetched)")
    assert render(exc) == str(exc) == "embedding model folder not found: /x/y (hub names are not fetched)"
    assert (exc.status, exc.exit_code) == (503, 1)


def test_request_errors_name_their_field():
    exc = BadRequest("history[2].content", "has an unpaired surrogate")
    assert str(exc) == "history[2].content: has an unpaired surrogate" and exc.field == "history[2].content"
    assert (exc.status, exc.exit_code) == (400, 2)
    assert (NotFound("doc_id", "x").status, IndexBusy("busy").status) == (404, 409)


def test_the_old_import_paths_raise_the_same_classes():
    assert IndexMissing is errors.IndexMissing
    with pytest.raises(errors.InvalidLLMSpec) as caught:
        parse_spec("gpt5")
    assert isinstance(caught.value, ValueError) and caught.value.exit_code == 2


def test_every_error_class_has_a_status_and_an_exit_code():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, CitelineError)]
    assert len(classes) >= 15
    for cls in classes:
        assert 400 <= cls.status <= 599 and cls.exit_code in (1, 2), cls


def test_anything_else_is_still_one_line():
    assert render(KeyError("a\nb")) == "KeyError: 'a\\nb'" and status_of(KeyError()) == 500
    assert render(RuntimeError()) == "RuntimeError"

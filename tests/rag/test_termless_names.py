"""A name too short for a term ("What is g?") read where a definition writes it (real index)."""

import pytest

from rag.termless_names import defines_termless, termless_name
from tests.rag.conftest import served

# After Flask's docs (BSD-3-Clause licence, docs/api.rst and docs/tutorial/database.rst): the API page
# describes `g` under a one-letter object entry, the tutorial in a sentence opening with it.
API = """API
===

Application Globals
-------------------

To share data that is valid for one request only from one function to
another, a global variable is not good enough because it would break in
threaded environments. Flask provides you with a special object that
ensures it is only valid for the active request.

.. data:: g

    A proxy to a namespace object used to store data during a single request or
    app context. An instance of :attr:`.Flask.app_ctx_globals_class`, which
    defaults to :class:`._AppCtxGlobals`.

    This is a good place to store resources during a request. For example, a
    :meth:`~.Flask.before_request` function could load a user object from a
    session id, then set ``g.user`` to be used in the view function.

.. data:: current_app

    A proxy to the Flask application handling the current request or other
    activity.
"""

DATABASE = """Define and Access the Database
==============================

Connect to the Database
-----------------------

The first thing to do when working with a SQLite database is to create a
connection to it. Any queries and operations are performed using the
connection, which is closed after the work is finished.

:data:`g` is a special object that is unique for each request. It is used to
store data that might be accessed by multiple functions during the request.
The connection is stored and reused instead of creating a new connection if
``get_db`` is called a second time in the same request.
"""


@pytest.fixture(scope="module")
def flask_engine(tmp_path_factory):
    yield from served(tmp_path_factory, "termless", {"api.rst": API, "tutorial/database.rst": DATABASE})


def test_the_name_asked_bare_as_written():
    assert termless_name("What is g?") == "g"
    assert termless_name("What is `g`?") == "g"
    assert termless_name("What is G?") == "G"
    # A name with a term, or more than a bare name, is read by the terms as any question is.
    assert termless_name("What is current_app?") == ""
    assert termless_name("What is the g object?") == ""
    assert termless_name("What is it?") == ""


def test_a_definition_opens_with_the_name_as_written():
    assert defines_termless("What is g?", "g is a special object that is unique for each request.")
    assert defines_termless("What is g?", "g: A proxy to a namespace object.")
    assert defines_termless("What is g?", "`g` is a special object.")
    # Another name, another letter case, or the name in passing says nothing of what it is.
    assert not defines_termless("What is g?", "G is a constant of gravitation.")
    assert not defines_termless("What is g?", "gevent is a coroutine library.")
    assert not defines_termless("What is g?", "Set g.user in the view function.")
    assert not defines_termless("What is g?", "The connection is stored on g.")


def test_what_a_one_letter_object_is_is_answered(flask_engine):
    answer = flask_engine.ask("What is g?")
    assert not answer.abstained
    assert "special object that is unique for each request" in answer.answer \
        or "proxy to a namespace object" in answer.answer


def test_a_one_letter_name_no_page_defines_is_still_declined(flask_engine):
    assert flask_engine.ask("What is x?").abstained

"""Material for MkDocs' markup that a built page renders, shown in answers as the page shows it (snippets written for
these tests, in the form Starlette's docs use)."""

from rag.units import answer_units

COLLAPSIBLE = """The middleware will handle both standard and streaming responses.

??? info "Buffer on streaming responses"
    On streaming responses, the middleware will buffer the response before compressing it.

???+ note
    The buffer is flushed when the response ends.
"""

TABS = """As an example, this would replace the response body, if an `X-Mock` header is present...

=== "✅ Do"

    ```python
    class MockResponseBodyMiddleware:
        def __init__(self, app):
            self.app = app
    ```

=== "❌ Don't"

    ```python
    class MockResponseBodyMiddleware:
        should_mock = False
    ```
"""


def test_a_collapsible_admonitions_line_is_shown_in_no_answer():
    units = answer_units(COLLAPSIBLE)
    for unit in units:
        assert "???" not in unit.display, unit.display
    assert any(u.display == "On streaming responses, the middleware will buffer the response before compressing it."
               for u in units)
    assert any(u.display == "The buffer is flushed when the response ends." for u in units)


def test_a_content_tabs_label_is_a_label_and_its_code_is_evenly_de_indented():
    units = answer_units(TABS)
    code = "class MockResponseBodyMiddleware:\n    def __init__(self, app):\n        self.app = app"
    shown = [u for u in units if "class MockResponseBodyMiddleware" in u.display and "X-Mock" in u.display]
    assert shown, [u.display for u in units]
    for unit in shown:
        assert '===' not in unit.display and unit.display.endswith(f"✅ Do:\n{code}"), unit.display
    assert any(u.kind == "code" and u.display == code for u in units)


def test_a_known_emoji_shortcode_is_shown_as_its_emoji_an_unknown_one_as_written():
    text = "This release replaces the HTTP client (`requests` :arrow_right: `httpx`); see :unknown_thing: and `:x:`.\n"
    [unit] = [u for u in answer_units(text) if u.kind == "sentence"]
    assert unit.display == "This release replaces the HTTP client (`requests` → `httpx`); see :unknown_thing: and `:x:`."


AUTODOC = """??? abstract "API Reference"
    ::: starlette.testclient.TestClient
        options:
            show_bases: false
            filters:
                - "__init__"

The test client allows you to make requests against your ASGI application.
"""


def test_a_mkdocstrings_directive_and_its_options_are_in_no_answer():
    shown = [u.display for u in answer_units(AUTODOC)]
    assert shown == ["The test client allows you to make requests against your ASGI application."], shown

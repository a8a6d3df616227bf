"""Material for MkDocs' markup that a built page renders, shown in answers as the page shows it (snippets written for
these tests, in the form Starlette's docs use)."""

from pathlib import Path

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
    # The right way's code is shown with its label too: alone it is one of two classes alike.
    assert not any(u.kind == "code" and "def __init__" in u.display for u in units), [u.display for u in units]


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


def test_a_tabs_code_is_a_unit_with_its_label_and_under_a_warning_label_never_without_it():
    units = answer_units(TABS)
    dont = "❌ Don't:\nclass MockResponseBodyMiddleware:\n    should_mock = False"
    assert any(u.kind == "introduced_code" and u.display == dont for u in units), [u.display for u in units]
    assert any(u.display == "✅ Do:\nclass MockResponseBodyMiddleware:\n    def __init__(self, app):\n        self.app = app"
               for u in units)
    # The wrong way's code is shown with its label only.
    assert not any("should_mock" in u.display and not u.display.startswith("❌ Don't:") for u in units)
    for u in units:
        assert TABS[u.start : u.end] == u.text


BLOCKS_TABS = """Set the variable:

//// tab | Bad

```python
app.state.counter = 0
```

////

//// tab | Good

```python
request.state.counter = 0
```

////
"""


def test_a_pymdown_blocks_tabs_label_heads_its_code():
    units = answer_units(BLOCKS_TABS)
    shown = [u.display for u in units]
    assert "Bad:\napp.state.counter = 0" in shown, shown
    assert "Good:\nrequest.state.counter = 0" in shown, shown
    assert not any(u.kind == "code" and "app.state" in u.display for u in units)


def test_a_tab_holding_an_empty_fence_gives_no_unit_of_its_label_alone():
    # Textual's docs put a screenshot in a tab as a fence with no lines (the build draws it): the label
    # over nothing says nothing, and shown as "Output (after hover):" it took an answer's place.
    page = (
        "Here is how to add a tooltip.\n\n"
        '=== "tooltip01.py"\n\n'
        "    ```python\n"
        '    button.tooltip = "Click me"\n'
        "    ```\n\n"
        '=== "Output (after hover)"\n\n'
        '    ```{.textual path="docs/examples/tooltip01.py" hover="Button"}\n'
        "    ```\n"
    )
    shown = [u.display for u in answer_units(page)]
    assert not any(d.startswith("Output (after hover):\n") or d.strip() == "```" for d in shown), shown
    assert any(d.startswith("tooltip01.py:") and 'button.tooltip = "Click me"' in d for d in shown), shown


THIRD_PARTY = Path(__file__).resolve().parents[1] / "ingest/fixtures/starlette/third-party-packages.md"


def test_an_html_link_under_a_name_runs_into_no_description():
    # Each package's heading has a paragraph that is one `<a>` link ("GitHub"), then what the package is.
    text = THIRD_PARTY.read_text()
    shown = [u.display for u in answer_units(text)]
    assert not any(d.startswith("GitHub ") or d.endswith(": GitHub") or d == "GitHub" for d in shown), \
        [d for d in shown if "GitHub" in d][:5]
    assert any(d.startswith("Starlette Compress: Starlette-Compress is a fast and simple middleware") for d in shown)


def test_a_tab_label_line_is_no_unit_of_its_own():
    page = ("Here is how to add a tooltip.\n\n"
            '=== "tooltip01.py"\n\n'
            "    ```python\n"
            '    button.tooltip = "Click me"\n'
            "    ```\n")
    shown = [u.display for u in answer_units(page)]
    assert not any(d.endswith("tooltip01.py:") for d in shown), shown
    assert 'tooltip01.py:\nbutton.tooltip = "Click me"' in shown, shown
    # A label naming one of several alike (a file, a version) leaves its code a unit alone as well.
    assert 'button.tooltip = "Click me"' in shown, shown

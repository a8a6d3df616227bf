"""A shown passage's Markdown read as the page sets it (rag/shown_markup.py): what it reads as markup, and
what it leaves as the document's characters."""

from __future__ import annotations

from rag.shown_markup import quote_pieces, text_pieces
from rag.shown_passage import ShownQuote
from rag.sphinx_roles import shown_roles


def _shown(text: str) -> str:
    return "".join(p.text for p in text_pieces(text, True))


def test_indexing_after_a_word_is_no_reference_link():
    # As rag/units.py's `clean` reads it: `m[i][j]` indexes, it links nothing, and the page shows its brackets.
    assert _shown("The cell m[i][j] and x[a][b] index.") == "The cell m[i][j] and x[a][b] index."
    assert _shown("See [the guide][guide] here.") == "See the guide here."


def test_a_mark_on_nothing_stays_at_its_place_inside_a_line():
    text = "One line of words here."
    at = text.index("words")
    pieces = quote_pieces(ShownQuote(text, at, at, True, ()))
    assert [(p.text, p.marked) for p in pieces] == [("One line of ", False), ("", True), ("words here.", False)]


def test_a_links_attribute_list_is_markup():
    # FastAPI's and SQLModel's docs write attr_list after a link; the page shows the link's words, no braces,
    # as rag/units.py's `clean` shows them in an answer.
    assert _shown("Make a [virtual environment](venv.md){.internal-link target=_blank} first.") == \
        "Make a virtual environment first."
    assert _shown("A [link](https://x.org){: .x } b and {braces} stay.") == "A link b and {braces} stay."


def test_bold_pairs_as_commonmark_flanks_it():
    # The `**` of `**kwargs` opens nothing: `**more**` is the bold, as rag/units.py's `clean` reads it.
    pieces = text_pieces("Use **kwargs and **more** here.", True)
    assert [(p.text, p.style.bold) for p in pieces] == [("Use **kwargs and ", False), ("more", True), (" here.", False)]


def test_a_headings_closing_marks_and_attribute_list_are_markup():
    # FastAPI's `{ #query-params }` and hatch's changelog `## [1.26.0](…) - 2024-11-10 ## {: #hatchling-v1.26.0 }`
    # (try22) were shown in the source panel's headings.
    assert _shown("## Query Parameters { #query-params }\n") == "Query Parameters\n"
    assert _shown("## [1.26.0](https://x.org/r) - 2024-11-10 ## {: #hatchling-v1.26.0 }\n") == "1.26.0 - 2024-11-10\n"
    assert _shown("## C# ##\n") == "C#\n"


def test_single_stars_are_emphasis_as_commonmark_flanks_them():
    # attrs' docs write *attrs* everywhere; `2*3*4` and `*args` open nothing.
    pieces = text_pieces("In *attrs* it is 2*3*4 with *args.", True)
    assert [(p.text, p.style.italic) for p in pieces] == [("In ", False), ("attrs", True), (" it is 2*3*4 with *args.", False)]


def test_a_myst_role_shows_as_the_built_page():
    # rag/sphinx_roles.py's `shown_roles` shows an answer's roles so; a passage shows the same words, a code
    # role's as code.
    pieces = text_pieces("{term}`Slotted classes <slotted classes>` use {func}`attrs.define`, "
                         "{class}`~attrs.Attribute`, {doc}`/api/index` and {py:meth}`!.x.go`.", True)
    assert [(p.text, p.style.code) for p in pieces] == [
        ("Slotted classes", False), (" use ", False), ("attrs.define", True), (", ", False), ("Attribute", True),
        (", ", False), ("api/index", False), (" and ", False), ("x.go", True), (".", False)]


def test_a_myst_role_with_nothing_to_show_shows_nothing_and_two_backticks_make_none():
    # As `shown_roles` shows them: "{func}``" is no role (no code span follows), "{func}`~`" shows nothing.
    pieces = text_pieces("Call {func}`~` or {doc}`/`, not {func}`` alone.", True)
    assert [(p.text, p.style.code) for p in pieces] == [("Call ", False), (" or ", False), (", not {func}`` alone.", False)]
    assert shown_roles("Call {func}`~` or {doc}`/`, not {func}`` alone.") == "Call  or , not {func}`` alone."


def test_braces_before_a_code_span_that_name_no_role_stay():
    assert _shown("Write file.{txt}`x` and {a}`b` and `{func}`.") == "Write file.{txt}x and {a}b and {func}."


def test_three_stars_are_bold_and_italic():
    # hatch's changelog writes "***Changed:***" (try22): it was shown with its stars.
    pieces = text_pieces("***Changed:*** the *x* and **y**, 2*3*4.", True)
    assert [(p.text, p.style.bold, p.style.italic) for p in pieces] == [
        ("Changed:", True, True), (" the ", False, False), ("x", False, True), (" and ", False, False),
        ("y", True, False), (", 2*3*4.", False, False)]


def test_a_heading_with_a_long_run_of_blanks_is_read_in_linear_time():
    import time

    text = "# a" + " \t" * 20_000 + "x"
    started = time.monotonic()
    pieces = text_pieces(text, True)
    assert time.monotonic() - started < 1.0
    assert "".join(p.text for p in pieces) == text[2:] and all(p.style.heading for p in pieces)


def test_an_entity_is_shown_as_its_character_outside_code_and_marked_whole():
    # try23: Django REST framework's `> &mdash; Django documentation` was shown as written in /view.
    assert _shown("Quoted &mdash; Django &amp; co, `&amp;` in code, &#0; &#x110000; &bogus; R&D;") == \
        "Quoted \u2014 Django & co, &amp; in code, \ufffd \ufffd &bogus; R&D;"
    text = "One &mdash; two."
    at = text.index("mdash")  # a span starting inside the entity marks the character it writes
    pieces = quote_pieces(ShownQuote(text, at, len(text), True, ()))
    assert [(p.text, p.marked) for p in pieces] == [("One ", False), ("\u2014 two.", True)]


def test_a_word_after_an_ampersand_that_names_no_entity_is_shown_as_written():
    # html.unescape reads a legacy name at the start of any word ("&regex;" as "®ex;"); CommonMark, and a
    # browser reading the rendered page, show only a whole entity name's character.
    assert _shown("Flags &regex; &notify; &copyright; but &reg; and &not;") == "Flags &regex; &notify; &copyright; but \u00ae and \u00ac"


def test_underscore_emphasis_is_italic_as_commonmark_flanks_it():
    # uv's "removes _all_ cache entries" was shown with its underscores, not as emphasis.
    pieces = text_pieces("`uv cache clean` removes _all_ cache entries", True)
    assert [(p.text, p.style.italic, p.style.code) for p in pieces] == [
        ("uv cache clean", False, True), (" removes ", False, False), ("all", True, False), (" cache entries", False, False)]
    assert [(p.text, p.style.italic) for p in text_pieces("a _foo_bar_ b", True)] == [
        ("a ", False), ("foo_bar", True), (" b", False)]
    # Underscores inside a word, a lone one, a code span's and a bare address's are the document's characters.
    for kept in ("my_var_name and snake_case_ here", "x _ y _ z and _private", "see https://x.org/_a_/b now"):
        assert [(p.text, p.style.italic) for p in text_pieces(kept, True)] == [(kept, False)]
    assert [(p.text, p.style.code) for p in text_pieces("run `_x_` now", True)] == [
        ("run ", False), ("_x_", True), (" now", False)]


def test_a_bare_web_address_is_shown_whole_and_read_once():
    import time

    # An address is no link's text: a stray "](...)" after it on the line hid it and the words between.
    assert _shown("x https://e.com/x ](https://y) z") == "x https://e.com/x ](https://y) z"
    # An entity in it is one character, as in the rest of the line.
    assert _shown("see https://e.com/?a=1&amp;b=2 now") == "see https://e.com/?a=1&b=2 now"
    # A line of many addresses was rescanned to its end from each one for a link's closing bracket.
    line = "http://a " * 11_000
    started = time.monotonic()
    assert _shown(line) == line
    assert time.monotonic() - started < 1.0


def test_a_line_of_unclosed_bold_underscores_is_read_in_linear_time():
    import time

    # Each "__" opener searched the rest of the line for a closer not after a blank: 100 kB of them took minutes.
    line = "__a " * 25_000
    started = time.monotonic()
    assert _shown(line) == line
    assert time.monotonic() - started < 1.0
    assert [(p.text, p.style.bold) for p in text_pieces("x __a __b__ c", True)] == [("x ", False), ("a __b", True), (" c", False)]


def test_a_line_of_unclosed_brackets_is_read_in_linear_time():
    import time

    # Each "[" counted brackets to the end of its line for its closing one: 100 kB of them took minutes.
    line = "[a " * 33_000
    started = time.monotonic()
    assert _shown(line) == line
    assert time.monotonic() - started < 1.0
    assert _shown("[a [b](https://x.org) c\n[d [e] f](g) h") == "[a b c\nd [e] f h"


def test_a_line_of_bold_underscores_after_blanks_is_read_in_linear_time():
    import time

    # Each line's " __" looked back past its line's start, over every line before, for a closer not after a
    # blank: 20 kB of such lines took seconds.
    lines = " __\n" * 5_000
    started = time.monotonic()
    assert _shown(lines) == lines
    assert time.monotonic() - started < 2.0
    assert _shown("a __b__ c\n __ d __e__ f") == "a b c\n __ d e f"


def test_inline_html_shows_its_words_as_the_answer_does():
    # try35: the answer read "Press Ctrl+C", the source panel "<kbd>Ctrl</kbd>+<kbd>C</kbd>".
    assert _shown("Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop.") == "Press Ctrl+C to stop."
    assert _shown("One<br>two and <abbr title=\"Object > Relational\">ORM</abbr>.") == "One two and ORM."
    # What is no listed element's tag stays text: a type, a script tag, an autolink, code.
    assert _shown("A List<int> and <script>x</script>, `<kbd>`.") == "A List<int> and <script>x</script>, <kbd>."
    link = text_pieces("See <https://x.org> now.", True)
    assert [(p.text, p.style.href) for p in link] == [("See ", ""), ("https://x.org", "https://x.org"), (" now.", "")]
    # The cited words are marked on the words the page shows.
    text = "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop."
    pieces = quote_pieces(ShownQuote(text, text.index("Ctrl"), text.index("to"), True, ()))
    assert "".join(p.text for p in pieces if p.marked) == "Ctrl+C "

"""Sphinx sources kept as .txt (Django's documentation, trimmed copies in fixtures/django with its
licence) read as .rst is: sections with heading paths, roles as their shown text (Django's own
`:setting:` too), notes labelled in their paragraph, a console session as code. A plain .txt with
underlined headings but no reST markup stays plain text, byte for byte."""

from pathlib import Path

from ingest.loaders import load

LIMIT = 50_000_000
DJANGO = Path(__file__).parent / "fixtures" / "django"


def _block_of(doc, words):
    return next(b for b in doc.blocks if words in doc.text[b.start:b.end])


def test_a_django_page_has_its_title_and_sections():
    doc = load(DJANGO / "settings.txt", LIMIT)
    # Read as plain text the title was the overline "========" and nothing had a heading path.
    assert doc.title == "Settings"
    age = _block_of(doc, "The age of session cookies, in seconds.")
    assert age.path == ("Settings", "Core Settings", "SESSION_COOKIE_AGE")
    assert "Default: 1209600 (2 weeks, in seconds)" in doc.text


def test_roles_and_directives_are_not_shown_raw():
    doc = load(DJANGO / "settings.txt", LIMIT)
    # Django's own role (`:setting:`), unknown to docutils and Sphinx alike, shows its text.
    assert "such as STATICFILES_FINDERS." in doc.text
    assert "When DEBUG=False and AdminEmailHandler is configured in LOGGING (done by default)" in doc.text
    prose = doc.text.replace("```", "")
    for raw in (":setting:", ":class:", ".. setting::", ".. contents::", "``", ":local:"):
        assert raw not in prose
    # The page's local table of contents is navigation: the first text is the warning.
    assert doc.text.startswith("# Settings\n\nWarning: Be careful when you override settings")


# docs/topics/cache.txt: the text starts on the line after the directive, with no blank line.
SEE_ALSO = """\
Django's cache framework
========================

.. seealso::
    The :ref:`Cache Framework design philosophy <cache-design-philosophy>`
    explains a few of the design decisions of the framework.
"""


def test_notes_and_titled_boxes(tmp_path):
    see_also = tmp_path / "cache.txt"
    see_also.write_text(SEE_ALSO)
    assert load(see_also, LIMIT).text.endswith("\n\nSee also: The Cache Framework design philosophy explains a "
                                               "few of the design decisions of the framework.")
    doc = load(DJANGO / "transactions.txt", LIMIT)
    # A one-word "Warning" paragraph was cited as an answer; the label now opens the note's text.
    assert "Warning: While the simplicity of this transaction model is appealing" in doc.text
    assert "\nWarning\n" not in doc.text
    streaming = _block_of(doc, "such code runs outside of the transaction")
    assert streaming.path[-1] == "Per-request transactions and streaming responses"
    assert [b.label for b in doc.blocks if b.kind == "heading"][-1] == "Avoid catching exceptions inside atomic!"
    after = _block_of(doc, "In practice, this feature wraps every view function")
    assert after.path[-1] == "Tying transactions to HTTP requests"


def test_a_console_session_is_code():
    doc = load(DJANGO / "install.txt", LIMIT)
    code = next(b for b in doc.blocks if b.kind == "code")
    assert doc.text[code.start:code.end] == "```\n$ python -m pip install Django\n```"
    assert _block_of(doc, "This is the recommended way").path[-1] == "Installing an official release with pip"


def test_only_restructured_text_is_read_as_such(tmp_path):
    assert load(DJANGO / "transactions.txt", LIMIT).kind == "rst"
    plain = ("Meeting notes\n=============\n\nWe agreed on the budget: 12,000.\n\nActions\n-------\n\n"
             "- Ann: send the minutes.\n- Bo: book the room (see: the wiki).\n")
    path = tmp_path / "notes.txt"
    path.write_text(plain)
    doc = load(path, LIMIT)
    assert doc.kind == "text" and doc.text == plain and doc.blocks == []
    sample = Path(__file__).parents[2] / "sample_corpus" / "culiacan_fentanyl_crackdown.txt"
    assert load(sample, LIMIT).kind == "text"
    # reST nested too deeply for docutils (refused as .rst): the .txt is still indexed, as plain text.
    text = "Title\n=====\n\nSee :ref:`x`.\n\n" + "".join("  " * n + "* item\n\n" for n in range(3000))
    deep = tmp_path / "deep.txt"
    deep.write_text(text)
    doc = load(deep, LIMIT)
    assert doc.kind == "text" and doc.text == text


def test_a_hostile_txt_is_judged_quickly():
    # Every .txt, an upload's too, is checked for reST; a lazy title pattern and an unbounded role name
    # took seconds on a line of spaces or of ':a-' (quadratic), holding the ingest lock meanwhile.
    import time

    from ingest.formats.rst_detect import is_restructured_text

    for text in (":a-" * 30_000, "x" + " " * 60_000 + "y\n", ":role:`x`\n" + "x" + " " * 60_000 + "z\n"):
        started = time.process_time()  # CPU time: a loaded machine stretches the wall clock
        is_restructured_text(text)
        assert time.process_time() - started < 1.0, text[:20]

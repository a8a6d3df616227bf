from rag.unit_scoring import is_note
from rag.version_notes import is_label_line, is_version_note


def test_a_label_alone_with_a_colon_introduces_the_text_after_it():
    assert is_label_line("NEW: **New in version 1.6:**")
    assert is_label_line("  DANGER: **Changed in version 1.6:**\n")
    assert is_label_line("**Deprecated since version 2.1**:")
    assert not is_label_line("NEW: **New in version 1.5.**")  # the whole note
    assert not is_label_line("Changed in version 2.0: the warning is shown once.")
    assert not is_label_line("The settings new in version 2 are:")


def test_a_text_opening_with_a_version_label_is_a_note():
    for text in ("NEW: New in version 1.6: If the `nav` config is not specified at all, pages are excluded.",
                 "Changed in version 2.0: The warning is shown once per page, whatever the theme says.",
                 "Added in version 3.1: Hooks may also be given as a list of files in the config."):
        assert is_version_note(text) and is_note(text), text
    assert not is_note("If you want to include some docs into the site but exclude them from the nav, MkDocs warns.")
    assert not is_version_note("The new in-version check runs on every build of the site.")


def test_a_long_run_of_stars_is_read_in_linear_time():
    import time

    # `^\W*` and the `[*_]*` after it both read a star: a run of them was split every way before failing
    # (5,000 stars took seconds).
    stars = "*" * 5_000
    started = time.monotonic()
    assert not is_version_note(stars) and not is_label_line(stars)
    assert not is_version_note(stars + "x") and not is_label_line("> " + stars + ":")
    assert time.monotonic() - started < 2.0
    assert is_version_note("* **New in version 1.0**: x") and is_label_line("> ***Changed in version 2:***")

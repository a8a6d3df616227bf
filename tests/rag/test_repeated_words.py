"""Units that would show the same words twice: as word sequences, whole or one sentence of each."""

from rag.repeated_words import repeats, restates, said, words

REASON = "We differ in behaviour here [because auto-redirects can easily mask unnecessary network calls being made]."


def test_words_leave_case_punctuation_markup_and_spacing_aside():
    assert words("Unlike `requests`, HTTPX does **not  follow**\nredirects.") == "unlike requests httpx does not follow redirects"


def test_words_strip_the_edges_a_regex_strips_whatever_the_script():
    # Words edged by letters, digits or "_" in any script are kept as they are, without the regex;
    # the rest lose what `\W` matches at their edges.
    import re

    edges = re.compile(r"^\W+|\W+$")
    for c in "a_1é٣²½ß*`.,;:()[]“”’\u200b—":
        for text in (f"{c}x{c}", f"x{c}", f"{c}x", c, f"{c}{c}", f"x{c}y"):
            assert words(text) == edges.sub("", text.lower()), text


def test_a_copy_with_a_comma_changed_repeats():
    copy = REASON.replace("here ", "here, ")
    assert repeats(said(REASON, [REASON]), said(copy, [copy]))


def test_a_unit_inside_a_longer_one_repeats_it_either_way():
    longer = "Unlike `requests`, HTTPX does not follow redirects by default. " + REASON
    assert repeats(said(longer, [longer]), said(REASON, [REASON]))
    assert repeats(said(REASON, [REASON]), said(longer, [longer]))


def test_two_units_sharing_one_sentence_repeat():
    first = "By default, HTTPX will not follow redirects. " + REASON
    second = "Unlike `requests`, HTTPX does not follow redirects by default. " + REASON.replace("here ", "here, ")
    assert repeats(said(first, first.split(". ")), said(second, second.split(". ")))


def test_a_short_sentence_in_common_is_no_copy():
    first = "For example: set `follow_redirects=True` on the request."
    second = "For example: pass a timeout to the client."
    assert not repeats(said(first, ["For example:", "set `follow_redirects=True` on the request."]),
                       said(second, ["For example:", "pass a timeout to the client."]))


def test_a_sentence_fragment_inside_another_unit_is_no_copy():
    # Ruff a15: "Python code examples in docstrings." is what sentence splitting left of a line of the
    # paragraph that opens the docstring section; the sentence chosen says it too, and something else.
    opening = "The Ruff formatter provides an opt-in feature for automatically formatting"
    paragraph = opening + "\nPython code examples in docstrings."
    chosen = "Users may also configure the line length limit used for reformatting Python code examples in docstrings."
    assert not repeats(said(chosen, [chosen]), said(paragraph, [opening, "Python code examples in docstrings."]))


def test_code_that_differs_inside_a_word_is_no_copy():
    # FastAPI a11: the exact pin, then the range pin; the exact one is no sentence of the other's.
    exact = "If you use a `requirements.txt` file you could specify the version with:\nfastapi[standard]==0.112.0"
    ranged = "Or you could also pin it with:\nfastapi[standard]>=0.112.0,<0.113.0"
    assert not repeats(said(exact, exact.split("\n")), said(ranged, ranged.split("\n")))


def test_code_sharing_a_boilerplate_line_is_no_copy():
    # Ruff's pre-commit hooks, without and with notebooks: the same "# Ruff version." lines, other hooks.
    lint = "- repo: https://github.com/astral-sh/ruff-pre-commit\n  # Ruff version.\n  rev: v0.16.4\n  hooks:\n    - id: ruff-check"
    typed = lint + "\n      types_or: [ python, pyi ]"
    parts = ["- repo: https://github.com/astral-sh/ruff-pre-commit\n  # Ruff version.", "rev: v0.16.4\n  hooks:\n    - id: ruff-check"]
    with_types = said(typed, parts[1:] + ["types_or: [ python, pyi ]"], "")
    assert not repeats(said(lint, parts[1:], ""), with_types)
    assert repeats(with_types, said(lint, parts[1:], ""))  # the block inside one shown is a copy
    # ... while the lead-ins before two blocks are prose as any other.
    lead = "To only install the project itself with no dependencies, use the `--only-root` flag:"
    assert repeats(said(lead + "\npoetry sync --only-root", [lead, "poetry sync --only-root"], lead),
                   said(lead + "\npoetry install --only-root", [lead, "poetry install --only-root"], lead))


def test_units_without_words_repeat_nothing():
    assert not repeats(said("---", ["---"]), said(REASON, [REASON]))
    assert not repeats(said("| --- | --- |", []), said("---", []))


def test_a_unit_saying_a_sentence_of_another_again_restates_it_whatever_it_adds():
    # Flask's docs (BSD-3, tests/rag/data/flask): the deploying page's pair says the server page's warning again.
    warning = ("Warning: Do not use the development server when deploying to production. It is intended for use only "
               "during local development.")
    pair = ('"Production" means "not development", which applies whether you are serving your application publicly. '
            "Do not use the development server when deploying to production.")
    shown, unit = said(warning, warning.split(". ")), said(pair, pair.split(". "))
    assert restates(shown, unit) and not repeats(shown, unit)
    reason = ("The development server is provided for convenience, but is not designed to be particularly secure, "
              "stable, or efficient.")
    assert not restates(shown, said(reason, [reason]))

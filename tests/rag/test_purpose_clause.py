"""A how-to's lead-in that states the purpose asked ("To avoid running on Jupyter Notebooks, remove
...:") answers over a statement or a case beside it that names the same things (Ruff's pre-commit
section and its README copy)."""

from rag.purpose_clause import purpose_terms, states_purpose_asked
from rag.question_type import question_type
from rag.terms import terms
from rag.unit_scoring import answer_fit
from rag.units import Unit

_HOOK = """```yaml
- repo: https://github.com/acme/sprocket-pre-commit
  rev: v1.2.0
  hooks:
    - id: sprocket-check
{extra}    - id: sprocket-format
```
"""

_INTEGRATIONS = f"""# Integrations

## pre-commit

Sprocket can be used as a [pre-commit](https://pre-commit.com) hook via `sprocket-pre-commit`:

{_HOOK.format(extra="")}
To enable lint fixes, add the `--fix` argument to the lint hook:

{_HOOK.format(extra="      args: [ --fix ]" + chr(10))}
To avoid running on Jupyter Notebooks, remove `jupyter` from the list of allowed filetypes:

{_HOOK.format(extra="      types_or: [ python, pyi ]" + chr(10))}
When running with `--fix`, the lint hook should be placed before the formatter hook.
"""

_README = f"""# Sprocket

An extremely fast Python linter and code formatter.

## Usage

Sprocket can also be used as a [pre-commit](https://pre-commit.com) hook via `sprocket-pre-commit`:

{_HOOK.format(extra="")}
Sprocket can also be used as a VS Code extension or with various other editors.
"""


def _fit(question, unit):
    return answer_fit(unit, question_type(question), terms(question), terms(unit.display))


def test_the_purpose_clause_is_read_from_the_sentence_before_the_code():
    assert purpose_terms("To avoid running on Jupyter Notebooks, remove `jupyter` from the list:") == terms(
        "avoid running Jupyter Notebooks")
    assert purpose_terms("Ruff supports a `noqa` system. To ignore an individual violation, add `# noqa` like so:") \
        == terms("ignore individual violation")
    assert "quot" in purpose_terms("For example, to configure the formatter to use single quotes, format code "
                                   "examples in docstrings, and tab indentation, add the following to")
    # A statement, or a purpose with no step after it, states none.
    assert not purpose_terms("Sprocket can be used as a pre-commit hook via `sprocket-pre-commit`:")
    assert not purpose_terms("To be clear, this is an example:")


def test_only_a_purpose_naming_what_is_asked_fits_more():
    question = "How do I keep the pre-commit hooks from running on notebooks?"
    asked = terms(question)
    hook = terms("- repo: sprocket-pre-commit hooks: - id: sprocket-check")
    avoid = "To avoid running on Jupyter Notebooks, remove `jupyter` from the list:"
    assert states_purpose_asked(avoid, asked, terms(avoid) | hook)
    # One shared word ("hook") is any lead-in of the section, not the purpose asked.
    fix = "To enable lint fixes, add the `--fix` argument to the lint hook:"
    assert not states_purpose_asked(fix, asked, terms(fix) | hook)
    # The purpose shared, but not the means asked ("with environment variables in CI").
    change = "To change or otherwise add a new configuration setting, you can pass a value after its name:"
    assert not states_purpose_asked(change, terms("How do I change a Poetry setting with environment variables in CI?"),
                                    terms(change + " poetry config virtualenvs.path /tmp"))
    # The same words, doing the opposite of what is asked.
    optional = "To install all dependency groups including the optional groups, use the `--all-groups` flag."
    assert not states_purpose_asked(optional, terms("How do I make a dependency group optional so it isn't installed?"),
                                    terms(optional + " poetry install --all-groups"))
    code = "\n- repo: https://github.com/acme/sprocket-pre-commit\n  hooks:\n    - id: sprocket-check\n      types_or: [ python ]"
    purpose = Unit("lead_in", "x", 0, 1, "To avoid running on Jupyter Notebooks, remove `jupyter` from the list "
                                         "of allowed filetypes:" + code)
    statement = Unit("lead_in", "x", 0, 1, "Sprocket can be used as a pre-commit hook via `sprocket-pre-commit`:" + code)
    assert _fit(question, purpose).parts.get("bonus_purpose") and not _fit(question, statement).parts.get("bonus_purpose")
    # Asked something else, the same lead-in gets no more than its kind's bonus.
    assert not _fit("What is a pre-commit hook?", purpose).parts.get("bonus_purpose")


def test_the_lead_in_stating_the_purpose_asked_answers(tmp_path_factory):
    from tests.rag.conftest import engine_of_files

    engine = engine_of_files(tmp_path_factory, "purpose", {"integrations.md": _INTEGRATIONS, "README.md": _README})
    try:
        answer = engine.ask("How do I keep the Sprocket pre-commit hooks from running on notebooks?")
    finally:
        engine.close()
    assert not answer.abstained
    # The statement opening the section resembles the question most and is shown first; the step for
    # the purpose asked must be shown with it (base26b showed the statement's code alone).
    assert "To avoid running on Jupyter Notebooks" in answer.answer and "types_or" in answer.answer, answer.answer

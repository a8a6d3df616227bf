"""Which side of a comparison a unit names, and whether it sets the two apart (rag/sides.py); the
sentences are Poetry's, Ruff's, FastAPI's and MkDocs' own (bench/data/docsqa)."""

from rag.sides import (items_apart, labels_apart, named_together, names_neither, recommends, set_against_section,
                       sets_apart, side_words)
from tests.rag.conftest import leave_one_out


def test_a_side_is_named_by_the_first_word_the_other_lacks():
    # The head noun said once is both sides': "Caret requirements allow ..." names no tilde requirement.
    assert [s.words for s in side_words(("caret", "tilde version requirements"))] == [
        frozenset({"caret"}), frozenset({"tild"})]
    assert side_words(("UploadFile",)) == ()


def test_code_is_named_as_written():
    # "project" of `project.requires-python` is not `project.dependencies` (Poetry's pyproject page).
    poetry = side_words(("project.dependencies", "tool.poetry.dependencies"))
    assert not sets_apart("For example, the following is invalid and will result in an error, because versions `4.0` "
                          "and greater are allowed by `tool.poetry.dependencies`, but not by "
                          "`project.requires-python`.", poetry)


def test_each_side_in_a_clause_of_its_own_across_a_contrast_sets_them_apart():
    poetry = side_words(("project.dependencies", "tool.poetry.dependencies"))
    assert sets_apart("While dependencies in `tool.poetry.dependencies` are specified using toml tables, dependencies "
                      "in `project.dependencies` are specified as strings according to PEP 508.", poetry)
    ruff = side_words(("a safe fix", "an unsafe fix"))
    assert sets_apart("The meaning and intent of your code will be retained when applying safe fixes, but the "
                      "meaning could change when applying unsafe fixes.", ruff)
    fastapi = side_words(("FastAPI's HTTPException", "Starlette's"))
    assert sets_apart("The only difference is that FastAPI's `HTTPException` accepts any JSON-able data for the "
                      "`detail` field, while Starlette's `HTTPException` only accepts strings for it.", fastapi)


def test_both_sides_named_together_or_one_alone_set_nothing_apart():
    poetry = side_words(("project.dependencies", "tool.poetry.dependencies"))
    # Both in the first clause, one after "However": the contrast is not between them.
    assert not sets_apart("In many cases, `tool.poetry.dependencies` can be replaced with `project.dependencies`. "
                          "However, there are some cases where you might still need to use "
                          "`tool.poetry.dependencies`.", poetry)
    assert not sets_apart("The dependencies declared in `project.dependencies` respectively "
                          "`tool.poetry.dependencies` are part of an implicit `main` group.", poetry)


def test_a_long_run_of_punctuation_before_a_marker_is_read_in_linear_time():
    import time
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    # Each "." had been read on to the word after the run, whose end is no clause's opening (minutes).
    sets_apart("alpha" + " ." * 100_000 + " x while beta, gamma", side_words(("alpha", "gamma")))
    assert time.process_time() - began < 2


def test_sides_joined_as_one_subject_are_named_together():
    # NIST SP 800-207's sentences (public domain): a series naming both says the same of each.
    nist = side_words(("the policy engine", "the policy administrator"))
    assert named_together("The policy engine, policy administrator, and PEPs use the control plane to communicate.", nist)
    assert named_together("The policy administrator and policy engine could be an enterprise local asset.", nist)
    assert named_together("The primary difference between the analyses (basic/advanced) is found in one phase.",
                          side_words(("basic", "advanced")))
    # A verb between them relates one to the other; sentences apart each say something of their own.
    assert not named_together("The policy administrator forwards the request to the policy engine for evaluation.", nist)
    assert not named_together("The policy engine makes and logs the decision. The policy administrator executes the "
                              "decision.", nist)
    assert not named_together("Using `UploadFile` has several advantages over `bytes`:", side_words(("UploadFile", "bytes")))
    # A comma closing a clause joins nothing (Ruff's FAQ).
    assert not named_together("Unlike Pylint, Ruff is capable of automatically fixing its own lint violations.",
                              side_words(("Ruff", "Pylint")))



def test_a_label_setting_one_side_against_the_other_announces_their_difference():
    # A glossary item of a report: "Singular versus contextual: A singular TA ...". The sides as asked
    # share their head noun ("a singular and a contextual trust algorithm").
    sides = side_words(("a singular", "a contextual trust algorithm"))
    assert labels_apart("Singular versus contextual: A singular TA treats each request on its own.", sides)
    assert labels_apart("Contextual vs. singular: the one reads the history, the other does not.", sides)
    # Both on one side of "versus", or no label at all: nothing announced.
    assert not labels_apart("Singular and contextual versus static: all three are kinds of TA.", sides)
    assert not labels_apart("A singular TA treats each request on its own, versus a contextual one: it reads history.",
                            sides)
    assert not labels_apart("Singular: A singular TA treats each request on its own.", sides)


def test_a_label_after_a_long_run_of_spaces_is_read_at_once():
    sides = side_words(("static", "dynamic"))
    assert labels_apart("- " + " " * 20_000 + "Static versus dynamic: a static table never changes.", sides)
    assert not labels_apart(" " * 20_000 + ":", sides)


def test_a_sentence_comparing_the_other_side_with_its_sections_sets_them_apart():
    # MkDocs' theme page has a section per theme; the "readthedocs" section's sentence names only the other theme.
    themes = side_words(("the readthedocs theme", "the default mkdocs theme"))
    clone = ("A clone of the default theme used by the Read the Docs service, which offers the same restricted "
             "feature set as its parent theme.")
    assert set_against_section(clone, "readthedocs", themes)
    hooks = side_words(("a hook", "a plugin"))
    assert set_against_section("This does not enable any new abilities compared to plugins, it only simplifies "
                               "one-off usages.", "hooks", hooks)


def test_a_section_sets_nothing_apart_where_its_sentence_compares_nothing_or_names_its_own_side():
    themes = side_words(("the readthedocs theme", "the default mkdocs theme"))
    # Naming the other side without comparing with it ...
    assert not set_against_section("Copy the default theme's templates to start.", "readthedocs", themes)
    # ... under a heading naming neither side or both, or naming the section's own side.
    clone = "A clone of the default theme, which offers the same feature set as its parent theme."
    assert not set_against_section(clone, "Choosing your Theme", themes)
    assert not set_against_section(clone, "readthedocs and the default theme", themes)
    assert not set_against_section(clone, "mkdocs default", themes)
    assert not set_against_section("The readthedocs theme has fewer options than the default theme.", "readthedocs",
                                   themes)


def test_an_answer_naming_neither_side_compared_is_about_something_else():
    compared = ("caret", "tilde version requirements")
    semver = ("While Poetry does not enforce any release convention, it used to encourage the use of semantic "
              "versioning within the scope of PEP 440 and supports version constraints that are especially "
              "suitable for semver.")
    assert names_neither(compared, [semver, "## Versioning"])
    # One side named, by a sentence or by its section's heading, may be the whole difference.
    assert not names_neither(compared, ["**Tilde requirements** specify a minimal version.", semver])
    assert not names_neither(compared, [semver, "## Caret requirements"])
    # A side with no word of its own is not read; nor is a question comparing nothing.
    assert not names_neither(("a container", "a container image"), ["Cloud services handle replication."])
    assert not names_neither(("HTTP/2", "HTTP/1.1"), ["The http_version key of the response."])
    assert not names_neither((), ["anything"])
    assert not names_neither(compared, [])


def test_a_comparison_whose_page_is_not_indexed_is_declined(tmp_path_factory, embedder):
    # Poetry a46, the dependency specification left out (`eval abstain --docs`): answered with the
    # libraries page's sentence on semantic versioning, naming neither caret nor tilde.
    question = "How do caret and tilde version requirements differ?"
    with leave_one_out(tmp_path_factory, "poetry", ["libraries.md", "dependency-specification.md"],
                       "dependency-specification.md") as engines:
        declined = engines[False].ask(question)
        answer = engines[True].ask(question)
    assert declined.abstained, declined.answer
    assert not answer.abstained and "tilde" in answer.answer.lower(), answer.answer


def test_a_list_giving_each_side_an_item_of_its_own_sets_them_apart():
    cli = side_words(("a CLI argument", "a CLI option"))
    assert items_apart(["So, by default:", "- A CLI argument is required", "- A CLI option is optional"], cli)
    # One side alone, or an item naming both: nothing set apart.
    assert not items_apart(["- A CLI option is optional", "- A CLI option starts with --"], cli)
    assert not items_apart(["- A CLI argument and a CLI option are parameters", "- A CLI option is optional"], cli)


def test_a_recommendation_of_one_side_by_name():
    progress = side_words(("typer.progressbar", "Rich"))
    assert recommends("If you can, you should use Rich as explained above, it has more features.", progress)
    assert recommends("Prefer Rich over `typer.progressbar` for new code.", progress)
    # What can be used, what should not, or a recommendation of both: no choice made.
    assert not recommends("You can use `typer.progressbar()` with a `with` statement.", progress)
    assert not recommends("You should not use Rich in a pipe.", progress)
    assert not recommends("We recommend using typer.progressbar and Rich together.", progress)
    clients = side_words(("httpx.get", "a Client"))
    assert recommends("We recommend using a Client for anything more than experimentation.", clients)

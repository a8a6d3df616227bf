"""Question typing from the wording: what kind of unit would answer it."""

import pytest

from rag.question_type import question_type


@pytest.mark.parametrize("question,kind", [
    ("What is the difference between UploadFile and bytes for file uploads?", "comparison"),
    ("What are the three principles of tidy data?", "list"),
    ("What chunk size does GFS use?", "quantity"),
    ("How many people live in Warsaw?", "quantity"),
    ("How do I declare a query parameter?", "howto"),
    ("What do I need to install for that?", "howto"),
    ("What is dependency injection?", "definition"),
    ("Who said that?", "person"),
    ("When did the Ottoman Empire fall?", "time"),
    # "When does ..." of a rule asks under what condition, not a date.
    ("When does the tool bump its minor version number?", "other"),
    ("When should I pin the interpreter?", "other"),
    ("When was version 1.6 released?", "time"),
    ("Where is the Rhine's source?", "place"),
    ("Why did operatives relocate their operations?", "reason"),
    ("Against what threat exactly?", "other"),
    ("Which web servers can run an ASGI app?", "list"),
    ("Apart from lists, which other containers can I declare?", "list"),
    ("What does this do?", "definition"),
    ("What do parameters do?", "other"),
    ("Who was St. Patrick?", "person"),
    # The last sentence is the question; the first only sets the scene.
    ("My app runs behind a proxy that strips /api. How do I make the docs work?", "howto"),
    # ... also when it opens with a conjunction (a follow-up asked with the question before it).
    ("How can I limit a path parameter to a few values? And what size can it have?", "quantity"),
    ("How can I limit a path parameter to a few values? And what if it holds a path?", "other"),
    # "list" the verb of a task asks how to do it; "list the ..." on its own asks for a list.
    ("How can I list the plugins I have?", "howto"),
    ("List the options the CORS middleware supports.", "list"),
    # The alternatives there are for a thing, asked by their plural: named one by one.
    ("What are the options for cleaning up old files?", "list"),
    ("What are the ways to run the tests?", "list"),
    ("What are the main advantages of caching?", "list"),
    ("Which executive order prompted NIST to update the SSDF?", "other"),
    ("How do I order the results?", "howto"),
    ("How do I choose the order in which pages appear in the site menu?", "howto"),
])
def test_kind(question, kind):
    assert question_type(question).kind == kind


def test_comparison_names_what_is_compared():
    assert question_type("What is the difference between UploadFile and bytes for file uploads?").compared == (
        "UploadFile", "bytes")
    assert question_type("Is Flask vs Django better for APIs?").compared == ("Flask", "Django")
    assert question_type("How do caret and tilde requirements differ?").compared == ("caret", "tilde requirements")
    assert question_type("When should I run poetry update rather than poetry install?").compared == (
        "poetry update", "poetry install")
    assert question_type("How does Ruff compare with Pylint?").compared == ("Ruff", "Pylint")
    assert question_type("How does FastAPI's HTTPException differ from Starlette's?").compared == (
        "FastAPI's HTTPException", "Starlette's")
    # A version's dot is no sentence's end: "HTTP/1.1" is compared, not "HTTP/1".
    assert question_type("How is HTTP/2 different from HTTP/1.1?").compared == ("HTTP/2", "HTTP/1.1")
    assert question_type("What is the difference between v1.2 and v2.0?").compared == ("v1.2", "v2.0")
    assert question_type("What is the difference between a list and a tuple.").compared == ("a list", "a tuple")
    # How and why questions with "instead of" ask how or why, not which of two.
    assert question_type("How do I return an HTML page instead of JSON?").kind == "howto"
    assert question_type("Why should I use a Client instead of calling httpx.get over and over?").kind == "reason"


@pytest.mark.parametrize("question,asked", [
    ("What storm had the most significant impact on Jacksonville?", "storm"),
    ("What type of plea is sometimes taken as an act of disobedience?", "plea"),
    ("What kind of division of power did Kublai's government have?", "division"),
    ("What happened to the crew during the test?", ""),
    ("Against what threat exactly?", ""),  # answered by what follows "against"
])
def test_the_noun_asked_for(question, asked):
    assert question_type(question).asked == asked


@pytest.mark.parametrize("question,subject", [
    ("What is dependency injection?", "dependency injection"),
    ("What was the white population of Jacksonville as of 2010?", "white population"),
    ("What does JWT stand for?", "jwt"),
    # What a role is of is what is asked to define (the NIST zero-trust paper of the papers set).
    ("What is the job of the policy enforcement point?", "policy enforcement point"),
    ("What is the role of a proxy in HTTPX?", "proxy"),
    # attrs a14: a dot inside a name does not end it; the article after it does.
    ("What is attrs.frozen an alias for?", "attrs.frozen"),
    ("What is pyproject.toml?", "pyproject.toml"),
    ("What is a slotted class.", "slotted class"),
])
def test_what_a_what_is_question_asks_to_define(question, subject):
    assert question_type(question).subject == subject


@pytest.mark.parametrize("question,kind", [("And how do I remove it?", "howto"), ("Also, how do I install it?", "howto"),
                                           ("But why is it slow?", "reason"), ("And on Windows?", "other"),
                                           ("Andrew asked how?", "other")])
def test_a_follow_ups_opening_conjunction_does_not_hide_what_it_asks(question, kind):
    assert question_type(question).kind == kind


@pytest.mark.parametrize("question", ["How many cells are in Cluster 4?", "In Cluster 4, which genes are marked?",
                                      "Which genes mark Cluster 4? The atlas has many."])
def test_the_numbered_thing_a_question_names_is_read_as_asked(question):
    # The labels are capitalised: read before the rules lower-case the question or keep its last sentence.
    assert question_type(question).numbered == (("cluster", frozenset({4})),)
    assert question_type("Does it support Python 3.9?").numbered == ()


def test_the_code_a_question_names_is_kept_as_written():
    assert question_type("What does the --reload flag do?").code == ("--reload",)
    assert question_type("In which version did `solver.lazy-wheel` arrive?").code == ("solver.lazy-wheel",)
    assert question_type("How do I reload my app?").code == ()


# Ruff's and Poetry's docs questions: a scene set in a clause before the question word, after ";" or
# ",", says nothing of the answer's form; the clause the question word opens is what is asked.
@pytest.mark.parametrize("question,kind", [
    ("I already have a folder with code; how do I set it up as a Poetry project?", "howto"),
    ("My tests folder has its own Ruff config; how can it reuse the settings of the config in the parent folder?",
     "howto"),
    ("In CI, how do I check that code is formatted without rewriting any files?", "howto"),
    ("With preview on, how do I opt in to experimental rules one by one instead of getting every one in a category?",
     "howto"),
    ("When using --fix in pre-commit, why must the Ruff lint hook run before the formatter?", "reason"),
    ("I only want Ruff as a formatter in my editor, with no lint diagnostics; what do I set?", "howto"),
    # A scene with the question word inside it is no clause of its own.
    ("Besides Flake8, which tools can Ruff replace?", "list"),
])
def test_the_clause_the_question_word_opens_is_what_is_asked(question, kind):
    assert question_type(question).kind == kind


def test_a_relative_clause_after_a_comma_is_no_question_of_its_own():
    # XQuAD: ", which gave ..." says more of the player; the question is still "Which Panthers player?".
    asked = question_type("Which Panthers player got a penalty, which gave the Broncos a new set of downs?")
    assert (asked.asked, asked.qualifiers) == ("player", ("panthers",))


@pytest.mark.parametrize("question,subject", [
    # Ruff a35, a42, FastAPI a26: the question ends on what its subject does.
    ("What does Ruff's preview mode turn on?", "ruff's preview mode"),
    ("What does the RUF104 diagnostic report?", "the ruf104 diagnostic"),
    ("What does the lifespan parameter of the app expect?", "the lifespan parameter"),
    ("What does the NO_PROXY variable do?", "the no_proxy variable"),
])
def test_what_a_thing_does_is_asked_of_the_subject(question, subject):
    asked = question_type(question)
    assert (asked.kind, asked.subject, asked.does) == ("definition", subject, True)


def test_what_a_thing_means_or_says_about_something_is_not_what_it_does():
    assert question_type("What does JWT stand for?").does is False
    assert question_type("What is Poetry?").does is False
    # A preposition before the last word puts a noun there, not a verb.
    assert question_type("What does he say about taxes?").kind == "other"


def test_a_what_does_question_of_many_spaces_is_read_in_linear_time():
    import time
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    question_type("what does" + " " * 200_000 + "x")
    assert time.process_time() - began < 2
    assert question_type("What does Ruff's preview mode turn on?").does


@pytest.mark.parametrize("question, category", [
    ("Is there a downside to that?", "downside"),
    ("And the downside?", "downside"),
    ("What's its drawback?", "drawback"),
    ("What is the main disadvantage of the resource portal model?", "disadvantage"),
])
def test_a_cost_asked_is_its_own_kind_and_the_word_asking_it_the_category(question, category):
    # The answer states the cost ("must maintain ...") and need not say "downside" (rag/followup.py
    # leaves the category out of what a follow-up adds).
    asked = question_type(question)
    assert (asked.kind, asked.category, asked.asked) == ("drawback", category, "")


def test_a_cost_asked_why_or_how_or_counted_keeps_that_kind():
    assert question_type("Why is that a downside?").kind == "reason"
    assert question_type("How do I avoid the downside?").kind == "howto"
    assert question_type("What are the three drawbacks?").kind == "list"


def test_a_year_after_which_is_no_count_of_a_list():
    assert question_type("Which two markers does it use?").kind == "list"
    assert question_type("What 1990 storm hit Miami?").kind != "list"
    assert question_type("Which 2021 release added async support?").kind != "list"


@pytest.mark.parametrize("question,able", [
    ("Can readers switch it themselves?", True),
    ("Can a child config add one more item to a list from the parent?", True),
    ("And can it do that as a Bitbucket Pipelines step?", True),
    # The asker's own "Can I ...?" asks how (rag/question_type.followup_type), not whether.
    ("Can I export the whole site to PDF as well?", False),
    ("How can readers switch it?", False),
])
def test_whether_a_thing_or_someone_else_can_is_an_ability_asked(question, able):
    assert question_type(question).ability is able


def test_a_choice_between_two_is_a_comparison_of_them():
    # "Should I <verb> A or B ...?": the asker weighs two things, as "the difference between A and B" does.
    assert question_type("Should I use a tuple or a list to hold fixed records?").compared == ("a tuple", "a list")
    # A preposition both share starts the first where it last occurs before "or".
    assert question_type("Should I keep the token in an env file or in the keyring?").compared == (
        "an env file", "the keyring")
    # ... or another one: the last before "or" opens the first.
    assert question_type("Should I keep the cache in memory or on disk?").compared == ("memory", "disk")
    # The choice opening a question is what is weighed, whatever the sentence after it asks.
    assert question_type("Should we write a script or a plugin? What does a plugin give us that a script doesn't?"
                         ).compared == ("a script", "a plugin")
    # "... or not" asks whether, not which.
    # The verb after "need to", "have to" or "rather" is no side.
    assert question_type("Do I need to use Poetry or pip?").compared == ("Poetry", "pip")
    assert question_type("Should I pin the interpreter or not?").kind != "comparison"
    assert question_type("Should I use a virtual environment?").kind != "comparison"


def test_different_from_compares():
    assert question_type("How is a thread different from a process?").compared == ("a thread", "a process")
    assert question_type("How does the async client behave differently from the sync one?").compared == (
        "the async client", "the sync one")


def test_how_a_comparing_is_done_is_no_comparison():
    # attrs a33: what attrs does to order two instances, not how two things differ.
    assert question_type("How does attrs compare two instances for ordering?").kind == "howto"
    assert question_type("How do I compare different multiple sequence alignments of a gene family?").kind == "howto"
    assert question_type("How do Uvicorn, Starlette and FastAPI compare?").kind == "comparison"
    assert question_type("How does httpx compare with requests?").compared == ("httpx", "requests")


def test_what_if_asks_about_a_case():
    assert question_type("And what if the parameter holds a path?").case == "the parameter holds a path"
    assert question_type("How do I limit it? What happens if that variable isn't set?").case == "that variable isn't set"
    assert question_type("What about the parameter?").case == ""


def test_long_runs_of_spaces_are_read_at_once():
    # Several groups of the choice, comparison and case patterns take spaces: a question padded with
    # a run of them made them backtrack for seconds (a 2,000-character question took 14 s).
    for question in ("Should I use" + " " * 20_000 + "a?", "How is" + " " * 20_000 + "it differences?",
                     "How does" + " " * 20_000 + "it differ?", "What if" + " " * 20_000 + "?"):
        assert question_type(question).case == ""



@pytest.mark.parametrize("question, category", [
    # A function word or pronoun after "what"/"which" names no kind of thing the answer is.
    ("Which of them decides whether access is granted?", ""),
    ("What if the parameter holds a path?", ""),
    ("Which one is recommended first?", ""),
    ("What else do I need if I format on save?", ""),
    ("Which other logger shows up in that output?", ""),
    ("What exactly does the timer measure?", ""),
    ("How do I keep the password out of what my endpoint returns?", ""),
    # A hyphenated noun is one word; a count stands before the noun asked; a compound's last noun is its head.
    ("Which pre-commit hooks does the tool ship?", "hooks"),
    ("Which two event hooks can I register on a client?", "hooks"),
    ("What storm hit the coast?", "storm"),
    ("Which Python version does httpx need?", "version"),
    ("Which PyCharm version supports Ruff out of the box?", "version"),
    ("Which SBOM format, SPDX or CycloneDX, does the standard require?", "format"),
    ("What address and port does the preview server use?", "address"),
    # Without an auxiliary to end the phrase, a verb may be in it: the first noun is asked.
    ("Which residue contributes most to its selectivity?", "residue"),
])
def test_the_category_is_the_noun_after_what_or_which(question, category):
    asked = question_type(question)
    assert (asked.category, asked.asked) == (category, category)


@pytest.mark.parametrize("question", [
    "What counts as an origin for CORS?",
    "What distinguishes Cluster 2 from Cluster 1?",
    "What happens to extras I don't list?",
])
def test_a_verb_after_what_names_no_category(question):
    assert (question_type(question).category, question_type(question).asked) == ("", "")


def test_a_compound_asked_keeps_the_words_qualifying_its_head():
    asked = question_type("Which file extensions does MkDocs treat as Markdown pages?")
    assert (asked.category, asked.asked, asked.qualifiers) == ("extensions", "extensions", ("file",))
    # "What cell type" asks for a kind of cell, as "what type of cell" does.
    assert question_type("What cell type was Cluster 4 identified as?").asked == "cell"
    assert question_type("Which kinds of version constraints can I use?").asked == "constraints"
    # The version asked of stays what the release number is of.
    assert question_type("Which Python version does httpx need?").version == "python"


def test_things_named_with_a_hyphenated_word_are_a_list():
    assert question_type("Which ruff-lsp settings should I delete?").kind == "list"
    assert question_type("Which built-in themes can I pick from?").kind == "list"
    assert question_type("Which ruff-lsp setting should I delete?").kind != "list"


def test_things_placed_by_an_of_phrase_are_a_list():
    assert question_type("Which template blocks of the built-in themes can I override?").kind == "list"
    assert question_type("Which settings of the search plugin can I change?").kind == "list"
    # One thing asked is no list, whatever follows it.
    assert question_type("Which block of the built-in theme can I override?").kind != "list"


def test_a_choice_between_two_is_marked():
    assert question_type("Should I use typer.progressbar or Rich to show progress?").choice
    assert question_type("Should I write a hook or a plugin? What does a plugin give me?").choice
    assert not question_type("What is the difference between a CLI argument and a CLI option?").choice


@pytest.mark.parametrize("question", ["What is the typer command for?", "What is the src option used for?",
                                      "What are environment markers for?"])
def test_what_a_thing_is_for_asks_what_it_does(question):
    # "The `typer` command provides completion ..." answers it; what it is ("X is a ...") answers too.
    read = question_type(question)
    assert read.kind == "definition" and read.does and not read.acts
    assert not question_type("What is the typer command?").does

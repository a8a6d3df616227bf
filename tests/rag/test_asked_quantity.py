"""A date or a duration asked for, and whether the answer shown holds one."""

import pytest

from rag.asked_quantity import asked, holds, lacks_asked, names_version_of


@pytest.mark.parametrize("question,kind", [
    ("By what date must federal agencies have adopted zero trust?", "date"),
    ("When was SSDF version 1.1 published?", "date"),
    ("In what year was the Interstate Highway System created?", "date"),
    ("How many weeks did the rehabilitation programmes last?", "units"),
    ("How long did the homology search take?", "duration"),
    ("How long is the Aletsch Glacier?", None),  # a length, as often as a time
    # A condition, a manner, a count of things: other values answer them.
    ("When is Celery a better choice than BackgroundTasks?", None),
    ("When does immunodeficiency occur?", None),
    ("How long can a query be?", None),
    ("How many workers should I run?", None),
    # An average time: an amount of time answers, not when it was measured.
    ("What was the average outpatient waiting time at Kamuzu Central Hospital?", "units"),
    ("What is the average time complexity of a lookup?", None),
    ("What was the average age of the patients?", None),
    # A default time or a version asked of documentation: a value, whatever the page's words.
    ("For how long can browsers cache CORS responses by default?", "duration"),
    ("What is Poetry's default HTTP request timeout?", "duration"),
    ("How long is the default timeout?", "duration"),
    ("How do I change the default timeout?", None),
    ("Since which version can Poetry no longer manage Python 2.7 environments?", "version"),
    ("Which Python version does Poetry need?", "version"),
    ("In which version did hooks arrive?", "version"),
    ("Which kinds of version constraints can I use in Poetry?", None),  # a syntax
    ("How do I check which version of MkDocs I have installed?", None),  # a command
])
def test_only_questions_nothing_but_a_date_or_duration_answers_are_read(question, kind):
    assert asked(question) == kind


def test_the_answer_shown_must_hold_a_value_of_the_kind_asked():
    assert holds("date", "SSDF 1.1 was published in February 2022.")
    assert holds("date", "The system was created in the 1950s.")
    assert holds("duration", "The search took five hours.")
    assert holds("duration", "A key must be at least 32 characters long.")
    assert holds("units", "Programmes ran for 12 weeks.") and not holds("units", "Programmes began in 2019.")
    assert lacks_asked("What was the average outpatient waiting time at Kamuzu Central Hospital?",
                       "OPD II recorded a total of 1015 patients in June 2010, an average daily attendance of 42 patients.")
    assert not lacks_asked("What was the average waiting time?", "Patients waited 3.5 hours on average.")
    assert holds("date", "The movement began in the mid-18th century.")
    assert holds("duration", "The plague lasted until the second quarter of the 19th century.")
    assert lacks_asked("By what date must agencies adopt zero trust?",
                       "Federal agencies have been urged to move to security based on zero trust principles.")
    assert not lacks_asked("What is zero trust?", "A security model with no implicit trust.")
    assert holds("version", "Poetry requires Python 3.9+.") and holds("version", "Added in 1.4.")
    assert not holds("version", "Poetry will not install a Python interpreter for you.")
    assert holds("duration", "Timeouts default to 5 seconds.")
    assert lacks_asked("What is Poetry's default HTTP request timeout?",
                       "Set the maximum number of retries in an unstable network.")
    # A share is no year: HTTPX a51 with advanced/timeouts.md left out was answered with "100% test coverage".
    assert lacks_asked("How long is the default timeout?", "- Strict timeouts everywhere. - 100% test coverage.")
    assert holds("date", "In 1850, 40 % of the land was farmed.")
    assert lacks_asked("How long is the default timeout?", "- 100 percent test coverage.")
    assert lacks_asked("When was it released?", "About 250 per cent more downloads.")


def test_a_date_asked_and_none_shown_is_declined(sample_engine):
    # The sample article tells of the cartels' fear and the arrests; it gives no year of anything.
    question = "In what year did the Sinaloa Cartel start producing fentanyl in Culiacán?"
    assert not sample_engine.answerer.abstention.abstains(sample_engine.abstention_signals(question))
    answer = sample_engine.ask(question)
    assert answer.abstained and not answer.sources, answer.answer


def test_a_word_amount_needs_a_space_before_its_unit():
    # "as" is no "a s(econd)", "ones" no "one s", "aft" no "a ft": Malawi's bottleneck sentence ("41% of
    # them cited 'staff performance' as the major problem") had held a duration through its "as".
    assert not holds("duration", "41% of them cited staff performance as the major problem.")
    assert not holds("duration", "The ones that ran aft of the tens were kept.")
    assert holds("duration", "Each lasted a few days.") and holds("duration", "It took 10s.")
    assert holds("duration", "It took an hour.") and holds("duration", "A two-week programme.")
    assert holds("units", "It ran for 5 ms.") and not holds("units", "It ran as planned.")


def test_a_version_of_what_the_question_names():
    """"HTTP/1.1" holds a version (the lenient check of `holds`), but not the Python version asked."""
    question = "Which Python version does httpx need?"
    assert holds("version", "HTTP/1.1 is a mature transport layer.")
    assert not names_version_of(question, "HTTP/1.1 is a mature transport layer.")
    assert names_version_of(question, "HTTPX requires Python 3.9+")
    assert names_version_of("What version of Poetry do I need?", "Poetry 2.0 or later is required.")
    assert not names_version_of("What version of Poetry do I need?", "pip 23.1 or later is required.")
    # A word saying which of the versions names no subject: any version counts.
    assert names_version_of("Which minimum version is supported?", "Version 1.2 and later.")


def test_a_bare_value_whose_unit_the_sentence_names_is_a_duration():
    # A settings reference: "in seconds" once, the value bare. Before, only a number touching its unit counted,
    # so this line alone left "What is the default ping interval?" declined.
    assert holds("duration", "Set the WebSockets ping interval, in seconds. Default: 20.0.")
    assert not holds("duration", "Set the WebSockets ping interval in seconds.")  # no value at all
    assert not holds("duration", "Default: 20.0.")  # a number of no named unit

"""Clear while an answer is still running (issue 14: "Clearing the chat, by any control, clears the
history"): the late answer must neither land in the emptied chat nor come back as history. A real
server whose answer generator is an OpenAI-compatible server that holds its reply until the test
lets it go, so the answer is running for certain when Clear is pressed."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import closing

import pytest
from gradio_client import Client

from tests.ui.conftest import new_context
from tests.ui.held_server import HELD, HeldServer, held_server

FIRST = "What are cartel leaders prioritizing now?"
FOLLOW_UP = "And what about their families?"  # answered only from a conversation about the first


def _ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def _choose_answers(page, label: str) -> None:
    page.locator("#llm input").click()
    page.get_by_role("option").filter(has_text=label).first.click()


def _ask_first_while_the_llm_holds(held, page) -> None:
    """FIRST asked with the held LLM, which has received it and not yet replied."""
    held.llm.hold()
    page.goto(held.url + "/")
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    _choose_answers(page, HELD)
    _ask(page, FIRST)
    held.llm.wait_asked()


@pytest.mark.parametrize("control", ["#clear", "#chatbot button[aria-label='Clear']"])  # the button, the trash icon
def test_clear_drops_the_answer_still_running_and_its_history(held, page, control):
    from playwright.sync_api import expect

    _ask_first_while_the_llm_holds(held, page)
    # While it runs the question shows, with the answer pending, and the box is free for the next one.
    expect(page.locator("#chatbot")).to_contain_text(FIRST)
    expect(page.locator("#question textarea")).to_have_value("")
    page.locator(control).first.click()
    expect(page.locator("#chatbot")).not_to_contain_text(FIRST)

    # Asked at once after Clear, extractively: it waits for the running answer (it is not ignored as
    # a second submit), then is answered with no history.
    _choose_answers(page, "Quoted from the documents")
    _ask(page, FOLLOW_UP)
    held.llm.release()
    chat = page.locator("#chatbot")
    expect(chat).to_contain_text("do not seem to answer", timeout=60_000)
    time.sleep(1)  # anything still on its way from the old conversation arrives now
    shown = chat.inner_text()
    assert FIRST not in shown and "families [1]" not in shown and shown.count(FOLLOW_UP) == 1
    assert chat.locator("a.cite").count() == 0  # the elliptic follow-up had nothing to answer from


def test_a_question_sent_while_an_answer_runs_is_kept_and_asked_next(held, page):
    from playwright.sync_api import expect

    _ask_first_while_the_llm_holds(held, page)
    # The box is emptied as the question is sent: the follow-up is typed into the emptied box, as a
    # visitor would (typed before, it would be sent with the first question).
    expect(page.locator("#question textarea")).to_have_value("")
    _ask(page, FOLLOW_UP)  # typed and sent while the first answer runs
    held.llm.release()
    chat = page.locator("#chatbot")
    expect(chat).to_contain_text(FOLLOW_UP, timeout=60_000)
    expect(chat.locator(".sources")).to_have_count(2, timeout=60_000)  # both answered, in order
    shown = chat.inner_text()
    assert shown.index(FIRST) < shown.index(FOLLOW_UP)


def test_an_api_client_clearing_mid_answer_keeps_no_history(held):
    held.llm.hold()
    with closing(Client(held.url + "/", verbose=False)) as client:
        job = client.submit(FIRST, HELD, api_name="/chat")
        held.llm.wait_asked()
        client.predict(api_name="/clear")
        held.llm.release()
        turn = json.loads(job.result(timeout=60)[2])
        assert turn["question"] == FIRST  # the caller still gets what it asked for, as data
        assert turn["cleared"] is True  # and that it was dropped, which the browser reads too
        result = client.predict(FOLLOW_UP, "none", api_name="/chat")
        # A blank question (a second Enter that waited for the first answer finds the box emptied)
        # changes nothing in the chat; the caller is told why.
        blank = client.predict("  ", "none", api_name="/chat")
    assert json.loads(blank[2])["error"] == "question: is empty"
    assert len(result[0]) == 2  # only this turn is shown
    assert json.loads(result[2])["abstained"] is True  # and nothing of the cleared one was history


@pytest.fixture(scope="module")
def held_in_line(sample_index, tmp_path_factory) -> Iterator[HeldServer]:
    """One chat answer at a time: a second visitor's question waits in Gradio's queue."""
    with held_server(sample_index, tmp_path_factory, "held-in-line", {"CITELINE_CHAT_CONCURRENCY": "1"}) as server:
        yield server


def test_what_a_visitor_types_while_their_question_waits_in_line_is_kept(held_in_line, page, browser):
    from playwright.sync_api import expect

    _ask_first_while_the_llm_holds(held_in_line, page)  # another visitor's answer holds the one place
    context = new_context(browser)
    try:
        waiting = context.new_page()
        waiting.goto(held_in_line.url + "/")
        waiting.locator("#index-status").get_by_text("document(s)").wait_for()
        _ask(waiting, FIRST)
        box = waiting.locator("#question textarea")
        expect(box).to_have_value("")  # taken at once, though it waits for the other answer
        box.fill("Where do they hide")  # the next question, being typed
        held_in_line.llm.release()
        expect(waiting.locator("#chatbot .sources")).to_have_count(1, timeout=60_000)
        expect(box).to_have_value("Where do they hide")
    finally:
        context.close()

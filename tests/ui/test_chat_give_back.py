"""A question the chat sent and did not get answered comes back to the box, so the visitor need not type
it again: the box is emptied in the browser when a question is sent (so that typing during a slow answer is
never wiped), and a refusal or a failure used to lose the question. Real servers, real Chromium: an error
raised while answering (a "Search in" filter refused), the queue full, a session whose token no longer
opens the door, a rate limit in front of the server, a network failure (Gradio reloads the page)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest

from tests.ui.conftest import PAGE_WAIT_MS, TOKEN, new_context
from tests.ui.held_server import HELD, HeldServer, held_server
from tests.ui.test_chat_clear import FIRST, FOLLOW_UP, _ask, _ask_first_while_the_llm_holds, _choose_answers
from ui.chat import RELOADED, TURN_DONE, cleared_turn

QUESTION = "Why did operatives relocate their operations?"
ANSWER = "relocate their operations further away from Sinaloa"
BAD_FILTER = "date>=someday"


def _open(page, url: str) -> None:
    page.goto(url)
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    # Gradio's load event, which gives back a question kept over a reload, can land after the page has drawn.
    page.wait_for_function("() => window.citeline && window.citeline.loaded === true")


def _search_in(page, where: str) -> None:
    page.locator("#where input, #where textarea").first.fill(where)


def test_a_question_whose_answer_fails_comes_back_to_the_box(open_server, page):
    from playwright.sync_api import expect

    _open(page, open_server.url + "/")
    _ask(page, QUESTION)
    chat, box = page.locator("#chatbot"), page.locator("#question textarea")
    expect(chat.locator(".sources")).to_have_count(1, timeout=60_000)
    _search_in(page, BAD_FILTER)
    _ask(page, FIRST)
    # The error in one line, in the chat under the question; the question back in the box.
    expect(chat.locator(".error")).to_have_text("where: 'date>=someday': a date is YYYY, YYYY-MM or YYYY-MM-DD")
    expect(box).to_have_value(FIRST)
    # The filter mended, Enter sends it again: answered.
    _search_in(page, "")
    box.press("Enter")
    expect(chat).to_contain_text("prioritize survival over profits", timeout=60_000)
    expect(box).to_have_value("")
    # The failed turn is no history: an elliptic follow-up is answered from the conversation as it stands
    # (this server shows and keeps the last two turns: the answered one and the follow-up).
    _ask(page, FOLLOW_UP)
    expect(chat.locator(".sources")).to_have_count(2, timeout=60_000)
    assert chat.inner_text().index(FOLLOW_UP) > chat.inner_text().index("prioritize survival over profits")


@pytest.fixture(scope="module")
def one_in_line(sample_index, tmp_path_factory) -> Iterator[HeldServer]:
    """One answer at a time and one question waiting: a third is refused, the queue is full."""
    with held_server(sample_index, tmp_path_factory, "one-in-line",
                      {"CITELINE_CHAT_CONCURRENCY": "1", "CITELINE_CHAT_QUEUE_SIZE": "1"}) as server:
        yield server


def test_the_full_queue_gives_the_question_back_and_typing_is_never_replaced(one_in_line, page, browser):
    from playwright.sync_api import expect

    _ask_first_while_the_llm_holds(one_in_line, page)  # another visitor's answer holds the one place
    waiting_context = new_context(browser)
    refused_context = new_context(browser)
    try:
        # A second visitor's question waits in line (the queue is now full); its filter will be refused.
        waiting = waiting_context.new_page()
        _open(waiting, one_in_line.url + "/")
        _search_in(waiting, BAD_FILTER)
        _ask(waiting, "Where do cartels produce fentanyl now?")
        waiting_box = waiting.locator("#question textarea")
        expect(waiting_box).to_have_value("")
        time.sleep(1)  # in line for certain before the third visitor asks
        # A third visitor is refused at once: told so, and the question is still theirs.
        refused = refused_context.new_page()
        _open(refused, one_in_line.url + "/")
        _ask(refused, QUESTION)
        expect(refused.locator(".toast-body").first).to_contain_text("busy", timeout=PAGE_WAIT_MS)
        refused_box = refused.locator("#question textarea")
        expect(refused_box).to_have_value(QUESTION)
        # Meanwhile the second visitor types the next question; their answer fails when its turn comes:
        # what they typed stays, the failed question stays in the chat above its error.
        waiting_box.fill("Where do they hide")
        one_in_line.llm.release()
        expect(waiting.locator("#chatbot .error")).to_contain_text("where:", timeout=60_000)
        expect(waiting.locator("#chatbot")).to_contain_text("Where do cartels produce fentanyl now?")
        time.sleep(1)
        expect(waiting_box).to_have_value("Where do they hide")
        # The refused visitor sends it again, now that there is room: answered.
        refused_box.press("Enter")
        expect(refused.locator("#chatbot .sources")).to_have_count(1, timeout=60_000)
        expect(refused.locator("#chatbot")).to_contain_text(ANSWER)
    finally:
        waiting_context.close()
        refused_context.close()


def test_a_session_whose_token_no_longer_opens_gives_the_question_back(server, page):
    from playwright.sync_api import expect

    _open(page, f"{server.url}/?token={TOKEN}")  # signed in: the server set its cookie
    page.context.clear_cookies()  # the session ends (cookie expired, cleared, the token changed)
    _ask(page, QUESTION)
    # Gradio's client opens its heartbeat stream with the first question when none is open: refused too, it
    # may land before the question's own refusal and replace its toast with "Connection ... lost" (Gradio's
    # words; its reconnection then keeps being refused). Either way the question comes back.
    expect(page.locator(".toast-body").first).to_contain_text(
        re.compile(r"token: missing or wrong API token|Connection to the server was lost"), timeout=PAGE_WAIT_MS)
    # Given back when the question's own refusal lands, which may follow the heartbeat's toast by seconds on
    # a loaded machine (the default 5 s ran out under the eval runs' load).
    expect(page.locator("#question textarea")).to_have_value(QUESTION, timeout=PAGE_WAIT_MS)


@pytest.mark.parametrize("body,content_type", [
    (json.dumps({"detail": "rate limit: 10 questions a minute"}), "application/json"),
    ("<html><body><h1>429 Too Many Requests</h1></body></html>", "text/html"),  # a proxy's own page
])
def test_a_rate_limit_in_front_of_the_server_gives_the_question_back(open_server, page, body, content_type):
    """A reverse proxy's rate limit (Citeline has none of its own) answers Gradio's queue with a 429."""
    from playwright.sync_api import expect

    _open(page, open_server.url + "/")
    _ask(page, FIRST)
    expect(page.locator("#chatbot .sources")).to_have_count(1, timeout=60_000)

    def limited(route):  # the question's call (not the page's own load events)
        if QUESTION in (route.request.post_data or ""):
            route.fulfill(status=429, body=body, content_type=content_type)
        else:
            route.continue_()

    page.route("**/gradio_api/queue/join*", limited)
    _ask(page, QUESTION)
    expect(page.locator(".toast-body").first).to_be_visible(timeout=PAGE_WAIT_MS)
    box = page.locator("#question textarea")
    expect(box).to_have_value(QUESTION)
    # The conversation stays in view: Gradio's opaque "Error" badge covered the whole chat.
    assert page.evaluate("""() => {
        const answer = document.querySelector('#chatbot .sources'), box = answer.getBoundingClientRect();
        return answer.contains(document.elementFromPoint(box.left + 20, box.top + box.height / 2));
    }""")
    page.unroute("**/gradio_api/queue/join*")
    box.press("Enter")
    expect(page.locator("#chatbot").locator(".sources")).to_have_count(2, timeout=60_000)


def test_a_question_lost_with_the_connection_comes_back_after_the_reload(open_server, page):
    """A network failure (or the server restarting) breaks Gradio's connection: it reloads the page when
    the server answers again, which starts a new session; the question is kept in the tab meanwhile."""
    from playwright.sync_api import expect

    _open(page, open_server.url + "/")
    broken = []

    def once(route):  # this question's connection breaks (not the page's own load events, nor after the reload)
        if broken or QUESTION not in (route.request.post_data or ""):
            route.continue_()
        else:
            broken.append(route.request.url)
            route.abort("connectionreset")

    page.route("**/gradio_api/queue/join*", once)
    _ask(page, QUESTION)
    page.wait_for_event("load", timeout=60_000)  # Gradio's reconnection reloads the page
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    box = page.locator("#question textarea")
    expect(box).to_have_value(QUESTION, timeout=PAGE_WAIT_MS)
    box.press("Enter")
    expect(page.locator("#chatbot .sources")).to_have_count(1, timeout=60_000)
    # Answered: a later reload gives nothing back.
    page.reload()
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    page.wait_for_function("() => window.citeline && window.citeline.loaded === true")
    expect(box).to_have_value("")



@pytest.mark.parametrize("control", ["#clear", "#chatbot button[aria-label='Clear']"])  # the button, the trash icon
def test_a_question_dropped_by_clear_is_not_given_back_by_a_reload(held, page, control):
    from playwright.sync_api import expect

    _ask_first_while_the_llm_holds(held, page)
    page.locator(control).first.click()
    expect(page.locator("#chatbot")).not_to_contain_text(FIRST)
    page.reload()  # as Gradio reloads the page when the server comes back
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    page.wait_for_function("() => window.citeline && window.citeline.loaded === true")
    expect(page.locator("#question textarea")).to_have_value("")
    held.llm.release()


def test_an_answer_failing_after_clear_does_not_give_its_question_back(open_server, page):
    """The turn the chat's handler gives an answer that failed after Clear (the error kept for an API
    client), as the page's own script reads it once the answer ends: the question was dropped."""
    from playwright.sync_api import expect

    _open(page, open_server.url + "/")
    page.evaluate("(q) => window.citeline.sent(q)", FIRST)  # as the box's Enter does
    failed = json.dumps({"question": FIRST, "error": "error: the answer generator is unavailable"})
    turn = cleared_turn(FIRST, failed)
    assert json.loads(turn)["error"] == json.loads(failed)["error"]  # an API client still reads why
    page.evaluate(f"() => ({TURN_DONE})({json.dumps(turn)})")
    box = page.locator("#question textarea")
    expect(box).to_have_value("")
    page.reload()
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    page.wait_for_function("() => window.citeline && window.citeline.loaded === true")
    expect(box).to_have_value("")


def _as_in_config(js: str) -> str:
    """A script as Gradio writes it in the page's config: a JSON string, `<>&'` as escapes."""
    escapes = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}
    return "".join(escapes.get(c, c) for c in json.dumps(js)[1:-1])


def _deferring_the_load_event(page) -> list[str]:
    """Gradio's load event held until the test runs it (`window.__citelineLoad()`): its script, as the
    page's config names it, is swapped for one keeping it. Where the config was found, for the test to see."""
    swapped: list[str] = []
    written, held = (_as_in_config(js) for js in (RELOADED, f"() => {{ window.__citelineLoad = {RELOADED}; }}"))

    def defer(route):
        if route.request.resource_type != "document" and "config" not in route.request.url:
            route.continue_()
            return
        response = route.fetch()
        body = response.text()
        if written in body:
            swapped.append(route.request.url)
            body = body.replace(written, held)
        route.fulfill(response=response, body=body)

    page.route("**/*", defer)
    return swapped


@pytest.fixture(scope="module")
def held_alone(sample_index, tmp_path_factory) -> Iterator[HeldServer]:
    """An answer that runs until the test lets it go, on a server no other test has asked."""
    with held_server(sample_index, tmp_path_factory, "held-before-load", {}) as server:
        yield server


def test_a_question_sent_before_the_load_event_is_not_given_back_while_it_is_answered(held_alone, page):
    """Gradio's load event, which gives back a question an earlier page left unanswered, can land after
    the page has drawn and the visitor has sent a question from it (a fresh clone's CI saw it): that
    question is being answered, and it does not come back into the box. The load event is held here until
    the test lets it run, right after the question was sent."""
    from playwright.sync_api import expect

    swapped = _deferring_the_load_event(page)
    held_alone.llm.hold()
    page.goto(held_alone.url + "/")
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    assert swapped, "the load event's script was not found in the page's config"
    # Gradio has dispatched the load event (its held script keeps the real one) and the real one has not run.
    page.wait_for_function("() => typeof window.__citelineLoad === 'function'")
    assert page.evaluate("() => !window.citeline.loaded")
    _choose_answers(page, HELD)
    _ask(page, FIRST)
    held_alone.llm.wait_asked(page=page)
    page.evaluate("() => window.__citelineLoad()")  # the load event lands now, the answer still running
    assert page.evaluate("() => window.citeline.loaded")
    box = page.locator("#question textarea")
    time.sleep(0.5)
    expect(box).to_have_value("")
    held_alone.llm.release()
    expect(page.locator("#chatbot .sources")).to_have_count(1, timeout=60_000)
    expect(box).to_have_value("")

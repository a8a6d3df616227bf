"""Thumbs and comments in real Chromium: the Gradio chat's like buttons and the embed's, stored on the
server with the answer; a hostile comment comes back as text and runs nothing."""

from __future__ import annotations

import time

from tests.ui.test_browser import _ask_in_chat, _open_chat, embed_site  # noqa: F401  (fixture)
from tests.ui.test_feedback_api import HOSTILE
from ui.feedback_store import FeedbackStore

CHAT_QUESTION = "Why did operatives relocate their operations?"
EMBED_QUESTION = "What do recent initiatives include?"


def rated_since(server, started: float, question: str):
    return [r for r in FeedbackStore(server.index).rated() if r.rated_at >= started and r.question == question]


def wait_for_rating(page, server, started: float, question: str, rating: str, comment: str = ""):
    """The browser's request is asynchronous: poll the store until it holds what was clicked."""
    found = []
    for _ in range(100):
        found = [r for r in rated_since(server, started, question) if (r.rating, r.comment) == (rating, comment)]
        if found:
            return found
        page.wait_for_timeout(100)  # yields to the browser's event loop between polls
    raise AssertionError(f"no {rating} rating with comment {comment!r}: {rated_since(server, started, question)}")


def test_the_chat_rates_an_answer_and_keeps_a_hostile_comment_as_text(server, page, screenshots):
    started = time.time()
    _open_chat(page, server)
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    _ask_in_chat(page, CHAT_QUESTION)
    page.locator("#chatbot a.cite").first.wait_for(timeout=60_000)
    chat = page.locator("#chatbot")
    chat.get_by_role("button", name="Dislike", exact=True).last.click()
    page.locator("#feedback-note").get_by_text("not helpful").wait_for(timeout=30_000)
    [record] = wait_for_rating(page, server, started, CHAT_QUESTION, "down")
    assert "relocate their operations" in record.answer and record.sources
    assert "relocate their operations" in record.sources[0].text

    box = page.locator("#feedback-comment textarea")
    box.fill(HOSTILE)
    box.press("Enter")
    note = page.locator("#feedback-note")
    note.get_by_text("Comment saved").wait_for(timeout=30_000)
    assert HOSTILE in note.inner_text()
    assert note.locator("img, script, strong").count() == 0
    assert page.evaluate("window.__xss") is None
    [record] = wait_for_rating(page, server, started, CHAT_QUESTION, "down", HOSTILE)
    page.screenshot(path=str(screenshots / "chat-feedback.png"))

    # A change of mind on the same answer replaces the rating, comment and all.
    chat.get_by_role("button", name="Like", exact=True).last.click()
    page.locator("#feedback-note").get_by_text("rated helpful").wait_for(timeout=30_000)
    [again] = wait_for_rating(page, server, started, CHAT_QUESTION, "up")
    assert again.id == record.id
    # The same thumb again takes the rating back, as the button shows.
    chat.get_by_role("button", name="Liked", exact=True).last.click()
    page.locator("#feedback-note").get_by_text("Rating withdrawn").wait_for(timeout=30_000)
    assert rated_since(server, started, CHAT_QUESTION) == []


def test_the_embed_rates_an_answer_with_a_comment(server, page, embed_site):  # noqa: F811
    started = time.time()
    page.goto(embed_site)
    page.locator("#citeline-button").click()
    frame = page.frame_locator("#citeline-frame")
    frame.locator("#question").fill(EMBED_QUESTION)
    frame.locator("#question").press("Enter")
    frame.locator("a.cite").first.wait_for(timeout=60_000)
    # The thumbs are drawn, not emoji: without an emoji font (this machine has none) an emoji is an empty box.
    for name in ("Helpful", "Not helpful"):
        thumb = frame.get_by_role("button", name=name, exact=True)
        assert thumb.inner_text().strip() == ""
        icon = thumb.locator("svg path").bounding_box()
        assert icon is not None and icon["width"] >= 8 and icon["height"] >= 8
    frame.get_by_role("button", name="Helpful", exact=True).click()
    frame.locator(".feedback-note").get_by_text("Thanks").wait_for(timeout=30_000)
    assert frame.get_by_role("button", name="Helpful", exact=True).get_attribute("aria-pressed") == "true"
    [record] = wait_for_rating(page, server, started, EMBED_QUESTION, "up")
    assert "Recent initiatives include" in record.answer

    comment = frame.locator(".feedback-comment input")
    comment.fill(HOSTILE)
    comment.press("Enter")
    note = frame.locator(".feedback-note")
    note.get_by_text("Comment saved").wait_for(timeout=30_000)
    assert HOSTILE in note.inner_text() and note.locator("img, script").count() == 0
    assert page.evaluate("window.__xss") is None
    [saved] = wait_for_rating(page, server, started, EMBED_QUESTION, "up", HOSTILE)
    assert saved.id == record.id

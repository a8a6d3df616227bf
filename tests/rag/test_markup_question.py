"""A question made only of markup is declined as one that asks nothing (rag/markup_question.py)."""

from __future__ import annotations

import pytest

from rag.abstention import NO_ANSWER
from rag.markup_question import only_markup
from tests.rag.conftest import served

SECURITY = """# Security notes

Cross-site scripting happens when a page shows what a user typed without escaping it.

An attacker may send a payload such as this one:

```html
<svg onload=alert(document.cookie)>
<img src=x onerror=alert(1)>
```

Always escape user input before showing it in a page.
"""


@pytest.mark.parametrize("question", ["<svg onload=alert(1)>", "<script>alert(1)</script>", "<b></b>",
                                      "<svg/onload=alert(1)>", "<img src=x onerror='alert(1)'>", "<!-- hi -->"])
def test_tags_alone_say_nothing(question):
    assert only_markup(question)


@pytest.mark.parametrize("question", ["What does <kbd>Ctrl</kbd> do?", "Is List<int> allowed?",
                                      "<details><summary>More</summary></details>", "???", "a < b > c",
                                      "svg onload alert"])
def test_words_around_or_inside_markup_are_asked(question):
    assert not only_markup(question)


@pytest.fixture(scope="module")
def security_engine(tmp_path_factory, embedder):
    yield from served(tmp_path_factory, "security", {"security.md": SECURITY})


def test_a_payload_asked_alone_is_declined_not_answered_from_the_page_quoting_it(security_engine):
    answer = security_engine.ask("<svg onload=alert(1)>")
    assert answer.abstained and answer.answer == NO_ANSWER and not answer.sources
    events = list(security_engine.stream("<script>alert(1)</script>"))
    assert events[-1].answer.abstained


def test_the_payloads_words_written_as_words_are_still_asked(security_engine):
    answer = security_engine.ask("Which payload may an attacker send?")
    assert not answer.abstained

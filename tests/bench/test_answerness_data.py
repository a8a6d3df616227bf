"""bench/answerness_data.py: question headings found by our own Markdown parser, the first unit of
each one's section taken as its answer, units embedded as ingest embeds them (real encoder)."""

import numpy as np

from bench.answerness_data import is_question, section_units, sections
from rag.embeddings import get_embedder

PAGE = """---
title: How do I pin a tool's version?
---

Write the version after the name: `tool@1.2`.

# Installing

The installer puts the tool on your PATH.

## Why is my build slow?

Builds run without a cache by default. Turn the cache on with `--cache`.

## Can I run it offline?

Yes: pass `--offline` and nothing is downloaded.
"""


def test_question_headings():
    assert is_question("Why is my build slow?")
    assert is_question("How to Get Started")
    assert not is_question("Installing")
    assert not is_question("Why not?")  # too short to say what it asks


def test_sections_of_a_page_and_their_questions():
    found = sections(PAGE)
    assert [s.heading for s in found if s.question] == [
        "How do I pin a tool's version?", "Why is my build slow?", "Can I run it offline?"]
    titled = found[0]
    units = section_units(PAGE, titled, None)
    assert units[0][0].display.startswith("Write the version after the name")  # no heading unit


def test_first_unit_under_the_heading_is_the_answer_with_a_vector_per_sentence():
    slow = next(s for s in sections(PAGE) if s.heading == "Why is my build slow?")
    units = section_units(PAGE, slow, get_embedder())
    kinds = [u.kind for u, _ in units]
    assert kinds[0] == "heading"
    answer, vectors = units[1]
    assert answer.display.startswith("Builds run without a cache")
    assert PAGE[answer.start:answer.end] == answer.text
    assert vectors.shape[1] == 384 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)

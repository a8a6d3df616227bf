"""Inline code spans paired as CommonMark pairs them, in linear time (rag/code_spans.py), the one
reading units' clean, document marks and unindexed links share."""

from rag.code_spans import CodeSpan, code_spans, outside_code


def _shown(text: str) -> list[str]:
    return [text[span.start:span.end] for span in code_spans(text)]


def test_a_run_of_backticks_closes_only_at_a_run_of_its_length():
    assert _shown("See `a` and ``b ` c`` then `d`.") == ["`a`", "``b ` c``", "`d`"]
    # A longer run neither closes a shorter one nor is split to do it.
    assert _shown("`a ``b`` c`") == ["`a ``b`` c`"]
    assert _shown("`&amp;`` and ```x") == []
    assert code_spans("x `y`") == [CodeSpan(2, 5)]


def test_what_lies_outside_code_is_changed_the_code_kept_as_written():
    assert outside_code("a `a` ``a`` a", str.upper) == "A `a` ``a`` A"
    assert outside_code("no code", str.upper) == "NO CODE"


def test_hostile_backticks_are_paired_in_linear_time():
    import time
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    text = "".join("`" * n + "a" for n in range(1, 400)) * 20 + "`" * 50_000
    spans = code_spans(text)
    assert spans and all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert time.process_time() - began < 2

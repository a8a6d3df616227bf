"""An include line (rag/include_line.py) is a whole line naming a file; code that merely starts `{*` or
`{!` is none. Read alike by the answer units, placeholder code and shown passages."""

import pytest

from rag.include_line import INCLUDE_LINE, is_include_line
from rag.placeholder_code import shows_no_code
from rag.units import segment


@pytest.mark.parametrize("line", ['--8<-- "x.md"', "--8<-- 'docs/x.py'", "--8<--", "{!./docs_src/x.py!}",
                                  "{!> ./docs_src/x.py!}", "    {* ./docs_src/x.py hl[3] *}  "])
def test_include_directives_are_include_lines(line):
    assert is_include_line(line)


@pytest.mark.parametrize("line", ["{*a, *b}", "{**a, **b}", "{!r}", "{*a, *b} | c", "--8<-- x.md and more",
                                  "print('{!./docs_src/x.py!}')"])
def test_code_that_starts_like_one_is_not(line):
    assert not is_include_line(line)


def test_search_finds_a_whole_include_line_in_a_text():
    assert INCLUDE_LINE.search('Intro:\n\n--8<-- "x.md"\n\nMore.')
    assert not INCLUDE_LINE.search("Intro:\n\n{*a, *b}\n")


def test_a_snippet_line_frames_like_the_other_includes():
    kinds = [b.kind for b in segment('Run it:\n\n--8<-- "docs/example.md"\n\nThen read on.\n')]
    assert kinds == ["paragraph", "marker", "paragraph"]
    assert shows_no_code(['--8<-- "docs/example.py"'])
    assert not shows_no_code(["{*a, *b}"])

"""A MyST glossary's terms head their definitions (ingest/myst_glossary.py, ingest/markdown_blocks.py), as the .rst
reader heads a `.. glossary::` entry.

The page is cut from python-attrs/attrs' docs/glossary.md (MIT, Copyright (c) 2015 Hynek Schlawack and the attrs
contributors)."""

from ingest.markdown_blocks import markdown_blocks
from ingest.myst_glossary import glossaries

PAGE = """\
# Glossary

:::{glossary}
dunder methods
  "Dunder" is a contraction of "double underscore".

  It's methods like `__init__` or `__eq__` that are sometimes also called *magic methods*.


slotted classes
  A class whose instances have no {attr}`object.__dict__` attribute.

  - Slotted classes don't allow for any other attribute to be set:

    ```{doctest}
    >>> c.z = 3
    ```
:::

After the glossary, the page's own text.
"""


def _paths(text: str) -> dict[str, tuple[str, ...]]:
    return {text[b.start : b.end].split("\n")[0]: b.path for b in markdown_blocks(text)}


def test_each_term_heads_its_definition_and_the_page_takes_over_after_the_fence():
    paths = _paths(PAGE)
    assert paths['"Dunder" is a contraction of "double underscore".'] == ("Glossary", "dunder methods")
    assert paths["It's methods like `__init__` or `__eq__` that are sometimes also called *magic methods*."] \
        == ("Glossary", "dunder methods")
    assert paths["A class whose instances have no {attr}`object.__dict__` attribute."] == ("Glossary", "slotted classes")
    assert paths["```{doctest}"] == ("Glossary", "slotted classes")
    assert paths["After the glossary, the page's own text."] == ("Glossary",)
    headings = [(b.level, b.label) for b in markdown_blocks(PAGE) if b.kind == "heading"]
    assert headings == [(1, "Glossary"), (2, "dunder methods"), (2, "slotted classes")]


def test_a_term_is_a_heading_of_its_own_line_only():
    [glossary] = glossaries(PAGE)
    assert [PAGE[t.start : t.end] for t in glossary.terms] == ["dunder methods", "slotted classes"]
    assert PAGE[glossary.end :].startswith(":::\n\nAfter the glossary")
    for block in markdown_blocks(PAGE):
        assert block.kind == "heading" or "dunder methods" not in PAGE[block.start : block.end]


def test_a_glossary_shown_as_code_or_left_open_reads_as_written():
    shown = "# Writing a glossary\n\n````markdown\n:::{glossary}\nterm\n  Its definition.\n:::\n````\n"
    assert glossaries(shown) == []
    assert [b.label for b in markdown_blocks(shown) if b.kind == "heading"] == ["Writing a glossary"]
    unclosed = "## Terms\n\n:::{glossary}\nbuild\n  What a builder makes.\n"
    [glossary] = glossaries(unclosed)
    assert glossary.end == len(unclosed)
    assert _paths(unclosed)["What a builder makes."] == ("Terms", "build")
    assert glossaries("No glossary {glossary} here, only the word.\n") == []

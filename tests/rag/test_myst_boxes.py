"""MyST's boxes: the fences whose text is the page's, under a label (rag/myst_boxes.py)."""

from rag.myst_boxes import box_label, box_opening, contents_opening, tab_opening_label
from rag.tab_labels import tab_label


def test_a_sphinx_inline_tab_is_a_box_under_its_argument():
    # pip's docs (MIT licence; docs/html/installation.md): ````{tab} Linux```` then the tab's Markdown.
    line = "````{tab} Linux"
    assert box_opening(line) is not None
    assert box_label(line) == "Linux"
    assert tab_opening_label(line) == "Linux"
    assert tab_label(line) == "Linux"
    assert tab_opening_label("```{tab}   Windows  PowerShell ") == "Windows PowerShell"


def test_other_directives_open_no_tab():
    assert tab_opening_label("```{note}") is None
    assert tab_opening_label("```{tab-set}") is None
    assert tab_opening_label("```{tab}") is None
    assert tab_label("```python") is None


def test_a_toctree_is_a_table_of_contents_not_a_box():
    assert contents_opening("```{toctree}")
    assert contents_opening(":::{toctree}")
    assert box_opening("```{toctree}") is None
    assert not contents_opening("```{note}")
    assert not contents_opening("```python")

"""Answer units of a MyST page's eval-rst blocks: their code, prose and tab labels as the built page shows them,
no directive line in any answer, every unit still an exact span of the file.

The page is Click's docs/shell-completion.md (tests/ingest/fixtures/click, BSD-3-Clause, Copyright 2014 Pallets)."""

from pathlib import Path

from rag.shown_passage import shown_passage
from rag.units import _last_fresh_part, answer_units, open_fence, open_rst, segment

PAGE = (Path(__file__).parent.parent / "ingest" / "fixtures" / "click" / "shell-completion.md").read_text()
# The section with the two blocks of tabs; the one after it is plain Markdown.
SECTION = PAGE[PAGE.index("## Enabling Completion") : PAGE.index("## Custom Type Completion")]


def _exact(text: str, units) -> None:
    assert units and all(text[u.start : u.end] == u.text for u in units)


def test_a_tab_lead_in_and_its_code_are_one_unit_under_the_tab_label():
    units = answer_units(SECTION)
    _exact(SECTION, units)
    shown = [u.display for u in units]
    assert 'Bash: Add this to ``~/.bashrc``:\neval "$(_FOO_BAR_COMPLETE=bash_source foo-bar)"' in shown
    assert "Zsh: Save the script somewhere.\n_FOO_BAR_COMPLETE=zsh_source foo-bar > ~/.foo-bar-complete.zsh" in shown
    assert not any(".. " in s or "eval-rst" in s for s in shown)
    assert any(s.startswith("Using `eval` means that the command is invoked and evaluated") for s in shown)


def test_directive_lines_are_markers_and_code_is_code():
    kinds = {SECTION[b.start : b.end].strip(): b.kind for b in segment(SECTION)}
    assert kinds["```{eval-rst}"] == kinds[".. tabs::"] == kinds[".. code-block:: bash"] == "marker"
    assert kinds['eval "$(_FOO_BAR_COMPLETE=bash_source foo-bar)"'] == "code"


def test_a_passage_starting_in_a_code_directive_s_body_opens_with_code():
    start = PAGE.index("_FOO_BAR_COMPLETE=fish_source foo-bar | source")
    before = PAGE[:start]
    assert open_fence(before) == "```" and open_rst(before) is not None
    end = PAGE.index("## Custom Type Completion")
    units = answer_units(PAGE[start:end], start, rst=open_rst(before))
    _exact(PAGE, units)
    assert units[0].kind == "code" and units[0].display == "_FOO_BAR_COMPLETE=fish_source foo-bar | source"
    assert "This is the same file used for the activation script method below." in [u.display for u in units]
    # Past the block's closing fence, Markdown again.
    assert any(u.display.startswith("Using `eval` means") for u in units)


def test_a_passage_starting_in_a_paragraph_of_the_block():
    start = PAGE.index("Save the script to ``~/.config/fish")
    units = answer_units(PAGE[start:], start, rst=open_rst(PAGE[:start]))
    _exact(PAGE, units)
    assert any(u.kind == "lead_in" and u.display.startswith("Save the script to") and "\n_FOO_BAR" in u.display
               for u in units)
    assert open_rst("```{eval-rst}\nx\n```\n") is None and open_rst("```python\nx\n") is None


def test_an_admonition_opens_its_text_with_its_label_and_roles_show_as_text():
    text = ("```{eval-rst}\n.. caution::\n\n   Writing to :attr:`~click.Context.params` directly bypasses Click's\n"
            "   per-parameter pipeline.\n```\n")
    units = answer_units(text)
    _exact(text, units)
    assert "Caution: Writing to `params` directly bypasses Click's per-parameter pipeline." in [u.display for u in units]


def test_fields_are_no_pair_with_the_sentence_before():
    text = "```{eval-rst}\nGreets someone.\n\n:param name: who to greet.\n:returns: the greeting.\n```\n"
    shown = [u.display for u in answer_units(text)]
    assert "name: who to greet." in shown and "returns: the greeting." in shown
    assert not any(":param" in s or ":returns:" in s for s in shown)


def test_hostile_blocks_keep_their_text():
    # Unterminated: read as reST to the end, as MyST reads it.
    text = "```{eval-rst}\n.. note::\n\n   Unclosed text.\n"
    assert [u.display for u in answer_units(text)] == ["Note: Unclosed text."]
    # A longer fence holds a shorter one: the inner fence lines are the code's.
    text = "````{eval-rst}\n.. code-block:: markdown\n\n    ```\n    x = 1\n    ```\n````\nAfter.\n"
    units = answer_units(text)
    _exact(text, units)
    assert [u.display for u in units] == ["```\nx = 1\n```", "After."]
    # A directive with no body, an empty block, a lone opening line.
    for text in ("```{eval-rst}\n.. code-block:: python\n```\nAfter.\n", "```{eval-rst}\n```\nAfter.\n"):
        assert [u.display for u in answer_units(text)] == ["After."]
    assert answer_units("```{eval-rst}") == []


def test_an_unterminated_block_s_body_is_read_from_its_last_part_at_the_margin():
    # The parts before it end before the passage: what they hold changes nothing of its units.
    body = "A paragraph\nrunning on.\n\n.. code-block:: python\n\n    x = 1\n\n    y = 2\n\n"
    assert body[_last_fresh_part(body) :] == ".. code-block:: python\n\n    x = 1\n\n    y = 2\n\n"
    assert _last_fresh_part(body.replace("\n", "\r\n")) == body.replace("\n", "\r\n").index(".. code-block")
    assert _last_fresh_part("Only one part\nrunning on\n") == 0
    opening = "# Page\n\n```{eval-rst}\n"
    tail = ":param name: who to greet.\n\n.. code-block:: python\n\n" + "    x = 1\n" * 2000
    passage = "    y = 2\n\nAfter the code.\n"
    short, long = opening + tail, opening + "Greets someone.\n\n" * 100_000 + tail

    def shown(before: str) -> list[tuple[str, str]]:
        units = answer_units(passage, len(before), rst=open_rst(before))
        return [(u.kind, u.display) for u in units]

    # The code directive's line lies 20,000 characters before the passage: its body is still code.
    assert shown(short) == shown(long) == [("code", "y = 2"), ("sentence", "After the code.")]


# attrs' docs/extending.md (MIT, Copyright (c) 2015 Hynek Schlawack and the attrs contributors).
SIGNATURE = """\
This hook must have the following signature:

```{eval-rst}
.. function:: your_hook(cls: type, fields: list[attrs.Attribute]) -> list[attrs.Attribute]
   :noindex:
```

- *cls* is your class right *before* it is being converted into an attrs class.
"""


def test_a_lead_in_to_a_signature_takes_the_signature_as_its_code():
    units = answer_units(SIGNATURE)
    _exact(SIGNATURE, units)
    signature = "your_hook(cls: type, fields: list[attrs.Attribute]) -> list[attrs.Attribute]"
    assert f"This hook must have the following signature:\n{signature}" in [u.display for u in units]
    assert not any(".. function" in u.display or "noindex" in u.display for u in units)
    shown = shown_passage(SIGNATURE, "extending.md")
    assert f"signature:\n\n{signature}\n" in shown.text and ".. function" not in shown.text
    at = shown.at(SIGNATURE.index(signature))
    assert shown.text[at : at + len(signature)] == signature
    assert any(r.start <= at < r.end for r in shown.code)

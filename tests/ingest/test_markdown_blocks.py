"""A MyST page's eval-rst blocks as ingest reads them (ingest/markdown_blocks.py): the reST's code, paragraphs
and items as blocks of their own, its fences and directive lines markup, every block an exact span.

The snippet is from pallets/click's docs/options.md (BSD-3-Clause, Copyright 2014 Pallets)."""

from ingest.markdown_blocks import markdown_blocks
from ingest.pipeline import pipeline_fingerprint
from ingest.settings import IngestSettings

PAGE = """\
## Setting a Default

```{eval-rst}
.. click:example::

    @click.command()
    @click.option('--n', default=1)
    def dots(n):
        click.echo('.' * n)

.. click:run::

    invoke(dots, args=['--help'])
```

## Multi Value Options

To make an option take multiple values, pass in `nargs`.

```{eval-rst}
.. note::

   The values are passed as a tuple:

   * one
   * two
```
"""


def _blocks(text: str) -> list[tuple[str, str]]:
    return [(b.kind, text[b.start : b.end]) for b in markdown_blocks(text)]


def test_eval_rst_blocks_are_read_as_their_rest():
    blocks = _blocks(PAGE)
    assert ("code", "@click.command()\n    @click.option('--n', default=1)\n    def dots(n):\n"
                    "        click.echo('.' * n)") in blocks
    assert ("markup", "```{eval-rst}") in blocks and ("markup", ".. click:example::") in blocks
    assert ("markup", "invoke(dots, args=['--help'])") in blocks
    assert ("paragraph", "The values are passed as a tuple:") in blocks
    assert ("list_item", "* one") in blocks and ("list_item", "* two") in blocks
    assert ("paragraph", "To make an option take multiple values, pass in `nargs`.") in blocks
    paths = {text: b.path for b, (_, text) in zip(markdown_blocks(PAGE), blocks)}
    assert paths["* two"] == ("Multi Value Options",)


def test_hostile_eval_rst_blocks_keep_their_text():
    for text, kept in [("```{eval-rst}\nUnclosed text::\n\n    code\n", [("paragraph", "Unclosed text:"), ("code", "code")]),
                       ("````{eval-rst}\n.. code-block:: md\n\n    ```\n    x\n    ```\n````\nAfter.\n",
                        [("code", "```\n    x\n    ```"), ("paragraph", "After.")]),
                       ("```{eval-rst}\n.. code-block:: python\n```\nAfter.\n", [("paragraph", "After.")]),
                       ("```{eval-rst}\n", [])]:
        blocks = markdown_blocks(text)
        assert all(0 <= b.start < b.end <= len(text) for b in blocks)
        assert [(kind, t) for kind, t in _blocks(text) if kind != "markup"] == kept


def test_the_pipeline_fingerprint_names_this_reading():
    assert pipeline_fingerprint(IngestSettings()).startswith("v44|")

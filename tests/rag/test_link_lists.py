"""A list of links and nothing else is a table of contents: it shows no step of a how-to."""

import pytest

from rag.link_lists import links_only

_GUIDE = """# User Guide

The Sprocket User Guide documents everything about Sprocket. You can jump directly to a
page listed below, or use the *next* and *previous* buttons in the navigation
bar at the top of the page to move through the guide in order.

- [Installation](installation.md)
- [Writing Your Pages](writing.md)
- [Previewing Your Pages](preview.md)
- [Publishing Your Pages][publishing]

[publishing]: publishing.md
"""

_PREVIEW = """# Previewing

Sprocket comes with a development server that lets you look at your pages while you edit them.
Start the server from the project folder:

```
sprocket preview
```
"""


@pytest.mark.parametrize("text,contents", [
    ("You can jump directly to a page listed below:\n- [Installation](installation.md)\n- [Configuration][config]", True),
    ("1. [First steps](first.md \"Start here\")\n2. **[Deploying](deploy.md)**\n3. [Themes]", True),
    # Items saying something beside their link, one item only, no list at all.
    ("Steps:\n- [Install](install.md) the package\n- [Configure](config.md) it", False),
    ("See the page:\n- [Installation](installation.md)", False),
    ("Read [Installation](installation.md) and [Configuration](config.md).", False),
])
def test_a_list_of_links_alone_is_a_table_of_contents(text, contents):
    assert links_only(text) is contents


@pytest.fixture(scope="module")
def guide_engine(tmp_path_factory):
    from tests.rag.conftest import served

    yield from served(tmp_path_factory, "toc", {"guide/README.md": _GUIDE, "preview.md": _PREVIEW})


def test_the_instruction_answers_a_how_to_not_the_guide_s_table_of_contents(guide_engine):
    answer = guide_engine.ask("How do I preview my pages?")
    assert not answer.abstained
    # The guide's contents name "Previewing Your Pages", the question's words, and say nothing to do: they
    # were shown after the step.
    assert "sprocket preview" in answer.answer and "Installation" not in answer.answer, answer.answer

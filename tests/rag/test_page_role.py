"""Pages about the project (contributing guide, release notes) answer after the user pages, unless the
question asks about contributing, releases or changes."""

from rag.page_role import about_project, asks_about_project

# Starlette's docs (BSD-3), cut down: the user page's install line and the contributing guide's.
_INDEX = """# Introduction

Starlette is a lightweight ASGI framework/toolkit, which is ideal for building async web services in Python.

## Installation

```shell
pip install starlette
```

You'll also want to install an ASGI server, such as uvicorn, daphne, or hypercorn.

```shell
pip install uvicorn
```
"""
_CONTRIBUTING = """# Contributing

Thank you for being interested in contributing to Starlette.

## Development

To start developing Starlette, create a **fork** of the Starlette repository on GitHub.

Then clone your fork with the following command replacing `YOUR-USERNAME` with your GitHub username:

```shell
$ git clone https://github.com/YOUR-USERNAME/starlette
```

You can now install the project and its dependencies using:

```shell
$ cd starlette
$ scripts/install
```
"""


def test_pages_about_the_project_are_told_by_their_path():
    assert about_project("contributing.md") and about_project("about/release-notes.md")
    assert about_project("CHANGELOG.md") and about_project("changelog/0.3.md")
    assert not about_project("index.md") and not about_project("tutorial/install.md")
    # A security/ folder holds user pages (FastAPI's tutorial on authentication), not a security policy.
    assert not about_project("tutorial/security/first-steps.md") and about_project("SECURITY.md")


def test_questions_about_the_project_are_told_by_their_words():
    assert asks_about_project("How do I contribute to Starlette?")
    assert asks_about_project("What changed in version 0.17?")
    assert asks_about_project("What happened to GraphQL support?")
    assert not asks_about_project("How do I install Starlette?")
    assert not asks_about_project("How do I serve static files?")


def test_install_is_answered_from_the_user_page_not_the_contributing_guide(tmp_path_factory):
    from tests.rag.conftest import engine_of_files

    engine = engine_of_files(tmp_path_factory, "role", {"index.md": _INDEX, "contributing.md": _CONTRIBUTING})
    answer = engine.ask("How do I install Starlette?")
    assert not answer.abstained
    assert answer.sources[0].path.endswith("index.md"), answer.answer
    assert "pip install starlette" in answer.answer
    # Asked about contributing, the contributing guide answers.
    answer = engine.ask("How do I install Starlette to contribute to it?")
    assert answer.sources[0].path.endswith("contributing.md"), answer.answer



def test_pages_about_the_project_leave_room_for_user_pages(sprocket_engine):
    from dataclasses import replace

    from rag.page_role import room_for_user_pages

    pool = sprocket_engine.retriever.retrieve("What is Sprocket?", 12, users_first=False).hits
    about = [h for h in pool if about_project(h.chunk.path)]
    users = [h for h in pool if not about_project(h.chunk.path)]
    # Hatch's docs rank its build page 7th, after six release notes, and close to them: so ranked, the
    # user pages are read in place of the last release notes.
    close = [replace(h, score=about[4].score * 0.95) for h in users]
    kept = room_for_user_pages(about + close, 5)
    assert 1 <= len(users) <= 3 and kept == about[:5 - len(users)] + close
    # Far below them, they are not.
    far = [replace(h, score=about[4].score * 0.5) for h in users]
    assert room_for_user_pages(about + far, 5) == about[:5]
    # With user pages among the first k, the order stays.
    mixed = users + about
    assert room_for_user_pages(mixed, 5) == mixed[:5]


def test_what_the_product_is_is_answered_from_a_user_page(sprocket_engine):
    answer = sprocket_engine.ask("What is Sprocket?")
    assert answer.sources and answer.sources[0].path == "config/build.md", answer.answer
    assert "standards-compliant build backend" in answer.answer

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

# MkDocs' docs (BSD-2), cut down: a setting's entry in the user guide and the release note about it.
_CONFIGURATION = """# Configuration

## Build directories

### use_directory_urls

This setting controls the directory structure of the generated documentation, and thereby the URL format used for linking to pages.

The following tables demonstrate how the directory structure and URLs used on the site differ when
setting `use_directory_urls` to `true` or `false`.

**`use_directory_urls: false`**

This setting is needed when the documentation is hosted on systems that can't
access the file `X/index.html` when given the URL `X`. When set to `false`,
no additional `X` directory is created, and the file is simply stored as `X.html`.
Links are created that point directly to the target *file* rather than a target
*directory*.

Source file      | Generated File     | URL Format
---------------- | ------------------ | -------------------
index.md         | index.html         | /index.html
api-guide.md     | api-guide.html     | /api-guide.html
about/license.md | about/license.html | /about/license.html

For example, this needs to be set to `false` when:

* opening pages directly from the file system
* publishing the documentation to a static S3 website.

**`use_directory_urls: true`**

The default style of `use_directory_urls: true` creates more user friendly URLs,
and is usually what you'll want to use.

Source file      | Generated File            | URL Format
---------------- | ------------------------- | ---------------
index.md         | /index.html               | /
api-guide.md     | /api-guide/index.html     | /api-guide/
about/license.md | /about/license/index.html | /about/license/

**default**: `true`

"""
_RELEASE_NOTES = """# Release Notes

## Version 1.0 (2018-08-03)

### Backward Incompatible Changes

###### URLs have changed when `use_directory_urls` is `False`

Previously, all Markdown pages would be have their filenames altered to be index
pages regardless of how the [use_directory_urls] setting was configured.
However, the path munging is only needed when `use_directory_urls` is set to
`True` (the default). The path mangling no longer happens when
`use_directory_urls` is set to `False`, which will result in different URLs for
all pages that were not already index files. As this behavior only effects a
non-default configuration, and the most common user-case for setting the option
to `False` is for local file system (`file://`) browsing, its not likely to
effect most users. However, if you have `use_directory_urls` set to `False`
for a MkDocs site hosted on a web server, most of your URLs will now be broken.
As you can see below, the new URLs are much more sensible.

Markdown file   | Old URL              | New URL
--------------- | -------------------- | --------------
`index.md`      | `index.html`         | `index.html`
`foo.md`        | `foo/index.html`     | `foo.html`
`foo/bar.md`    | `foo/bar/index.html` | `foo/bar.html`

Note that there has been no change to URLs or file paths when
`use_directory_urls` is set to `True` (the default), except that MkDocs more
consistently includes an ending slash on all internally generated URLs.

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
    assert asks_about_project("What changes in 2.0?") and asks_about_project("Which changes did 1.6 bring?")


def test_changing_a_setting_is_a_users_question():
    # "Change" is what a user does to a setting and what it does to the site; the project's changes
    # are a release's.
    assert not asks_about_project("How do I change the dev server's port?")
    assert not asks_about_project("How do my page URLs change when I turn use_directory_urls off?")
    assert not asks_about_project("How do I rebuild when my source code changes?")
    # A decimal measure is no release: the timeout, not a version, changes.
    assert not asks_about_project("How do I change the timeout to 2.5 seconds?")
    assert not asks_about_project("How much does memory use change with 1.5 GB of data?")
    assert asks_about_project("Does the change to Python 3.12 break it?")


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


def test_what_a_setting_changes_is_answered_from_the_user_guide_not_the_release_notes(tmp_path_factory):
    from tests.rag.conftest import engine_of_files

    engine = engine_of_files(tmp_path_factory, "role-change", {"user-guide/configuration.md": _CONFIGURATION,
                                                               "about/release-notes.md": _RELEASE_NOTES})
    answer = engine.ask("How do my page URLs change when I turn use_directory_urls off?")
    assert not answer.abstained
    assert answer.sources[0].path.endswith("configuration.md"), answer.answer
    assert "X.html" in answer.answer or "api-guide.html" in answer.answer, answer.answer


# uvicorn's docs (BSD-3), cut down: a setting's line, and the release note that added it.
_SETTINGS = """# Settings

## Implementation

* `--ws <str>` - Set the WebSockets protocol implementation. **Default:** *'auto'*.
* `--ws-ping-interval <float>` - Set the WebSockets ping interval, in seconds. Only available with the `websockets` protocol. **Default:** *20.0*.
* `--ws-ping-timeout <float>` - Set the WebSockets ping timeout, in seconds. Only available with the `websockets` protocol. **Default:** *20.0*.
"""
_UVICORN_NOTES = """# Release notes

## 0.15.0 (August 13, 2021)

### Added

- Add option to set websocket ping interval and timeout (#1048)
- Adapt bind_socket to make it usable with multiple processes (#1009)
"""


def test_a_release_note_is_not_shown_beside_a_user_pages_answer(tmp_path_factory):
    from tests.rag.conftest import engine_of_files

    engine = engine_of_files(tmp_path_factory, "role-beside", {"settings.md": _SETTINGS,
                                                               "release-notes.md": _UVICORN_NOTES})
    answer = engine.ask("What is the default WebSocket ping interval?")
    assert not answer.abstained, answer.answer
    assert {s.path for s in answer.sources} == {"settings.md"}, answer.answer
    assert "20.0" in answer.answer
    # Asked about the releases, the release note answers.
    answer = engine.ask("In which release was the WebSocket ping interval option added?")
    assert any(s.path == "release-notes.md" for s in answer.sources), answer.answer

"""Policy and concept pages of a small tool's docs, whose right passage is ranked first: a condition
asked with "when", a count stated as a formula ("N-2"), a definition after an opening clause
(docs/quality.md, uvq25)."""

import pytest

from tests.rag.conftest import served

VERSIONING = """# Versioning

Quill is used in production and is stable software.

Quill uses a custom versioning scheme in which the minor version number is bumped for breaking
changes, and the patch version number is bumped for bug fixes and other non-breaking changes.

## Cache versioning

Cache versions are considered internal to Quill and may change in a minor or patch release.
"""

RELEASING = """# Releasing a package

## Updating your version

The `quill version` command can bump the minor version of your package:

```console
$ quill version --bump minor
hello 1.2.3 => 1.3.0
```

When provided more than once, the components will be applied in order, from largest (`major`) to
smallest (`dev`).
"""

TOOLCHAIN = """# Toolchain support

The minimum supported Go toolchain required to compile Quill is listed in the `go` line of the
`go.mod` file. It may change in any release (minor or patch). It will never be newer than N-2
Go toolchains, where N is the latest stable toolchain. For example, if the latest stable Go
toolchain is 1.24, the minimum supported Go toolchain will be at most 1.22.

This is only relevant to users who build Quill from source.
"""

PLATFORMS = """# Platform support

## Windows versions

The minimum supported Windows versions are Windows 10 and Windows Server 2016, following the Go
toolchain's own support policy.
"""

WORKSPACES = """# Using workspaces

Inspired by the [Lerna](https://lerna.js.org/) concept of the same name, a workspace is "a
collection of one or more packages, called _workspace members_, that are managed together."

In a workspace, each package defines its own `quill.toml`, but the workspace shares a single
lockfile, ensuring that the workspace operates with a consistent set of dependencies.

Workspaces organize large codebases by splitting them into multiple packages with common
dependencies, all in the same Git repository.

## Getting started

By default, `quill run` and `quill sync` operate on the workspace root.

To create a workspace, add a `tool.quill.workspace` table to a `pyproject.toml`.
"""

CONFIGURATION = """# Configuration files

Quill reads `quill.toml` files from the current directory and its parents.

The workspace root is the directory holding the workspace's top-level `quill.toml`.

In workspaces, Quill will begin its search at the workspace root, ignoring any configuration defined
in workspace members.
"""

PAGES = {"policies/versioning.md": VERSIONING, "guides/releasing.md": RELEASING,
         "policies/toolchain.md": TOOLCHAIN, "policies/platforms.md": PLATFORMS,
         "concepts/workspaces.md": WORKSPACES, "concepts/configuration.md": CONFIGURATION}


@pytest.fixture(scope="module")
def quill(tmp_path_factory, embedder):
    yield from served(tmp_path_factory, "quill", PAGES)


def test_when_asked_as_a_condition_is_answered_by_the_condition(quill):
    # Not the bump command's example, read as the "time" the minor bump happens.
    answer = quill.ask("When does Quill bump its minor version number?")
    assert not answer.abstained
    assert "bumped for breaking" in answer.answer.split("[1]")[0], answer.answer


def test_a_count_stated_as_a_formula_answers_how_many_behind(quill):
    answer = quill.ask("How many Go toolchains behind the latest stable can Quill's minimum supported toolchain be?")
    assert not answer.abstained, answer.answer
    assert "N-2" in answer.answer, answer.answer


def test_a_definition_after_an_opening_clause_is_the_definition(quill):
    answer = quill.ask("What is a workspace?")
    assert "a workspace is" in answer.answer.split("[1]")[0], answer.answer

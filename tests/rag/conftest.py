"""A small structured corpus (Markdown docs, a paper's Markdown, PDF-like plain text) ingested once.

The texts are the issue's real examples, trimmed: FastAPI's request-files and templates pages
(MIT licence, github.com/fastapi/fastapi docs/en/docs), the principles from Wickham's "Tidy Data"
(J. Stat. Softw. 59(10), CC BY 3.0) and section 2.5 of the GFS paper with the figure labels a PDF
extraction leaves around it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

UPLOAD = """# Request Files { #request-files }

You can define files to be uploaded by the client using `File`.

/// note

To receive uploaded files, first install [`python-multipart`](https://github.com/Kludex/python-multipart).

Add it to your project:

```console
$ uv add python-multipart
```

This is because uploaded files are sent as "form data".

///

## Import `File` { #import-file }

Import `File` and `UploadFile` from `fastapi`:

{* ../../docs_src/request_files/tutorial001_an_py310.py hl[3] *}

If you declare the type of your *path operation function* parameter as `bytes`, **FastAPI** will read the file for you and you will receive the contents as `bytes`.

Keep in mind that this means that the whole contents will be stored in memory. This will work well for small files.

But there are several cases in which you might benefit from using `UploadFile`.

## File Parameters with `UploadFile` { #file-parameters-with-uploadfile }

Define a file parameter with a type of `UploadFile`:

{* ../../docs_src/request_files/tutorial001_an_py310.py hl[14] *}

Using `UploadFile` has several advantages over `bytes`:

* You don't have to use `File()` in the default value of the parameter.
* It uses a "spooled" file:
    * A file stored in memory up to a maximum size limit, and after passing this limit it will be stored on disk.
* This means that it will work well for large files like images, videos, large binaries, etc. without consuming all the memory.
* You can get metadata from the uploaded file.
* It has a file-like `async` interface.

### `UploadFile` { #uploadfile }

`UploadFile` has the following `async` methods. They all call the corresponding file methods underneath.

* `write(data)`: Writes `data` (`str` or `bytes`) to the file.
* `read(size)`: Reads `size` (`int`) bytes/characters of the file.
* `seek(offset)`: Goes to the byte position `offset` (`int`) in the file.
* `close()`: Closes the file.

As all these methods are `async` methods, you need to "await" them.
"""

TEMPLATES = """# Templates { #templates }

You can use any template engine you want with **FastAPI**.

A common choice is Jinja2, the same one used by Flask and other tools.

## Install dependencies { #install-dependencies }

Make sure you create a virtual environment, activate it, and install `jinja2`:

```console
$ pip install jinja2
```

## Using `Jinja2Templates` { #using-jinja2templates }

Import `Jinja2Templates`, create a `templates` object that you can reuse later, and declare a `Request` parameter in the path operation that will return a template.
"""

TIDY = """# Tidy Data

## 1. Introduction

It is often said that 80% of data analysis is spent on the cleaning and preparing data. This paper tackles a small, but important, component of data cleaning: data tidying. Section 2 begins by defining the three characteristics that make a dataset tidy. Since most real world datasets are not tidy, Section 3 describes the operations needed to make messy datasets tidy.

## 2. Defining tidy data

Tidy data is a standard way of mapping the meaning of a dataset to its structure. A dataset is messy or tidy depending on how rows, columns and tables are matched up with observations, variables and types. In tidy data:

1. Each variable forms a column.
2. Each observation forms a row.
3. Each type of observational unit forms a table.

This is Codd's 3rd normal form, but with the constraints framed in statistical language.
"""

GFS = """The Google File System

2.4 Single Master
Having a single master vastly simplifies our design and enables the master to make sophisticated chunk placement and replication decisions using global knowledge.

GFS chunkserverGFS chunkserver
(chunk handle, byte range)
chunk data
Figure 1: GFS Architecture

2.5 Chunk Size
Chunk size is one of the key design parameters. We have chosen 64 MB, which is much larger than typical file system block sizes. Each chunk replica is stored as a plain Linux file on a chunkserver and is extended only as needed.
"""

# After pip's docs (MIT licence; docs/html/topics/caching.md): sphinx-inline-tabs' MyST tabs, each a code block and
# a sentence under the tab's label.
PIP_DEFAULT_PATHS = """### Default paths

````{tab} Linux
```
~/.cache/pip
```

Pip will also respect `XDG_CACHE_HOME`.
````

````{tab} MacOS
```
~/Library/Caches/pip
```

Pip will also respect `XDG_CACHE_HOME`.
````

````{tab} Windows
```
%LocalAppData%\\pip\\Cache
```
````
"""

STRUCTURED = {"request-files.md": UPLOAD, "templates.md": TEMPLATES, "tidy-data.md": TIDY, "gfs.txt": GFS}


def ask_after(engine, question: str, answer: str, follow_up: str):
    """`engine`'s answer to `follow_up`, asked after one turn: `question` and its `answer`."""
    from rag.types import Message

    return engine.ask(follow_up, history=[Message(role="user", content=question),
                                          Message(role="assistant", content=answer)])


def best_unit(engine, question: str):
    """The unit the answerer scored best for `question`, and `engine`'s answer (which shows it among others, in page
    order); the question must be answered, not declined."""
    chosen: list[str] = []
    select = engine.answerer.select

    def recorded(candidates, *args, **kwargs):
        chosen.append(candidates[0].display if candidates else "")
        return select(candidates, *args, **kwargs)

    engine.answerer.select = recorded
    try:
        answer = engine.ask(question)
    finally:
        del engine.answerer.select
    assert not answer.abstained
    return chosen[-1], answer


def engine_of_files(tmp_path_factory, name: str, files: dict[str, str | bytes]):
    """A real index of `files` (relative path: text, or a file's bytes) under a fresh folder, and an Engine over it."""
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings

    folder = tmp_path_factory.mktemp(name) / "docs"
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            (folder / relative).write_bytes(text)
        else:
            (folder / relative).write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp(f"{name}-index") / "index"
    report = ingest([folder], Settings(index=index))
    assert report.added == len(files) and not report.failed
    return Engine(Settings(index=index))


def served(tmp_path_factory, name: str, files: dict[str, str | bytes]):
    """`engine_of_files`, closed when the fixture that yields from it ends."""
    engine = engine_of_files(tmp_path_factory, name, files)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def structured_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("structured") / "docs"
    folder.mkdir()
    for name, text in STRUCTURED.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def structured_engine(structured_corpus, tmp_path_factory, embedder):
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings

    index = tmp_path_factory.mktemp("structured-index") / "index"
    report = ingest([structured_corpus], Settings(index=index))
    assert report.added == len(STRUCTURED) and not report.failed
    return Engine(Settings(index=index))


def _engine_on(tmp_path_factory, set_name: str, names: tuple[str, ...]):
    """An engine on the pages `names` of a docs-QA set's corpus, ingested into a new index."""
    from ingest.ignore import SelectionRules
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from tests.conftest import ROOT
    from ui.settings import Settings

    corpus = ROOT / "bench" / "data" / "docsqa" / set_name / "corpus"
    settings = Settings(index=tmp_path_factory.mktemp(set_name) / "index")
    report = ingest([corpus], settings, rules=SelectionRules(include=names))
    assert not report.failed
    return Engine(settings)


@contextmanager
def pages_of(tmp_path_factory, set_name: str, names: list[str]) -> Iterator:
    """An engine on a few pages of a docs-QA set's corpus; closed on leaving."""
    engine = _engine_on(tmp_path_factory, set_name, tuple(names))
    try:
        yield engine
    finally:
        engine.close()


@contextmanager
def leave_one_out(tmp_path_factory, set_name: str, names: list[str], left_out: str) -> Iterator[dict]:
    """Engines on a few pages of a docs-QA set's corpus: {False: without `left_out`, True: with it},
    as `eval abstain --docs` asks a question whose page a fold leaves out; closed on leaving."""
    engines = {with_page: _engine_on(tmp_path_factory, set_name,
                                     tuple(n for n in names if with_page or n != left_out))
               for with_page in (False, True)}
    try:
        yield engines
    finally:
        for engine in engines.values():
            engine.close()


# A build backend's user page and its release notes, written after Hatch's (MIT): every release names
# the product, the user page says once what it is; a patch release sits in the chunk of the next.
SPROCKET_BUILD = """# Build configuration

## Build system

To be compatible with the broader Python packaging ecosystem, you must define the build system as follows:

```toml
[build-system]
requires = ["sprocket"]
build-backend = "sprocket.build"
```

The version of the backend defined here will be used to build all targets. Sprocket is a
standards-compliant build backend and is a dependency of Gearbox itself.

## Building

Invoke the build command of Gearbox to build your project's source distribution and wheel.
"""
SPROCKET_HISTORY = """# Sprocket history

All notable changes to Sprocket will be documented in this file.

## [1.12.0](https://example.org/releases/sprocket-v1.12.0) - 2024-12-10

***Added:***

- Improve Sprocket's error messages for the `env` context string formatting field
- Add support for the `sources` option of the wheel target

## [1.11.1](https://example.org/releases/sprocket-v1.11.1) - 2024-11-12

***Fixed:***

- Support an old import path of Sprocket that is still used by some consumers

## [1.11.0](https://example.org/releases/sprocket-v1.11.0) - 2024-11-10

***Changed:***

- The `license-files` metadata field is now just an array of glob patterns

## [1.10.0](https://example.org/releases/sprocket-v1.10.0) - 2024-10-10

***Added:***

- Fix the handling of symlinks inside the source distribution
- Validate the `only-include` option

## [1.9.0](https://example.org/releases/sprocket-v1.9.0) - 2024-09-10

***Added:***

- Build hooks may now set the `dependencies` of a target
- Write reproducible archives by default

## [1.8.0](https://example.org/releases/sprocket-v1.8.0) - 2024-08-10

***Added:***

- Remove the dependency on `editables`
- Fix the detection of the project root

## [1.7.0](https://example.org/releases/sprocket-v1.7.0) - 2024-07-10

***Added:***

- Speed up Sprocket's file inclusion checks
- Support the `force-include` option

## [1.6.0](https://example.org/releases/sprocket-v1.6.0) - 2024-06-10

***Added:***

- Add support for the `sources` option of the wheel target
- Improve the logging of build hooks

## [1.5.0](https://example.org/releases/sprocket-v1.5.0) - 2024-05-10

***Added:***

- Validate the `only-include` option
- Read the `license-files` metadata field

## [1.4.0](https://example.org/releases/sprocket-v1.4.0) - 2024-04-10

***Added:***

- Write reproducible archives by default
- Fix the core metadata written for dynamic fields

## [1.3.0](https://example.org/releases/sprocket-v1.3.0) - 2024-03-10

***Added:***

- Fix the detection of the project root
- No longer crash when the `packages` option is empty
## [1.2.6](https://example.org/releases/sprocket-v1.2.6) - 2024-02-06

***Fixed:***

- Fix building wheels from a read-only source tree

## [1.2.5](https://example.org/releases/sprocket-v1.2.5) - 2024-02-05

***Fixed:***

- Raise a clearer error for an unknown build target

## [1.2.4](https://example.org/releases/sprocket-v1.2.4) - 2024-02-04

***Fixed:***

- Support `SOURCE_DATE_EPOCH` for reproducible builds

## [1.2.3](https://example.org/releases/sprocket-v1.2.3) - 2024-02-03

***Fixed:***

- Fix the order of files in archives

## [1.2.2](https://example.org/releases/sprocket-v1.2.2) - 2024-02-02

***Fixed:***

- Accept relative paths in the `packages` option

## [1.2.1](https://example.org/releases/sprocket-v1.2.1) - 2024-02-01

***Fixed:***

- Handle empty `README` files

## [1.1.6](https://example.org/releases/sprocket-v1.1.6) - 2024-01-06

***Fixed:***

- Fix the shared data of the wheel target

## [1.1.5](https://example.org/releases/sprocket-v1.1.5) - 2024-01-05

***Fixed:***

- Warn about files excluded twice

## [1.1.4](https://example.org/releases/sprocket-v1.1.4) - 2024-01-04

***Fixed:***

- Speed up reading `.gitignore` files

## [1.1.3](https://example.org/releases/sprocket-v1.1.3) - 2024-01-03

***Fixed:***

- Support Python 3.13

## [1.1.2](https://example.org/releases/sprocket-v1.1.2) - 2024-01-02

***Fixed:***

- Drop support for Python 3.7

## [1.1.1](https://example.org/releases/sprocket-v1.1.1) - 2024-01-01

***Fixed:***

- Fix the `dev-mode-dirs` option
"""
SPROCKET = {"config/build.md": SPROCKET_BUILD, "history/sprocket.md": SPROCKET_HISTORY}


@pytest.fixture(scope="session")
def sprocket_engine(tmp_path_factory):
    return engine_of_files(tmp_path_factory, "sprocket", SPROCKET)

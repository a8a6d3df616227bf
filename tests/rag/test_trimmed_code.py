"""An answer's quoted code cut to its head when it would be a wall of text, on a line boundary, the lines left out
counted for the note a face shows outside the code; the citation stays whole."""

import pytest

from rag.shown_answer import marked
from rag.trimmed_code import cut_note, trimmed
from rag.units import MAX_UNIT_CHARS
from tests.rag.conftest import engine_of_files

_ECHO = "".join(f'INFO Engine PRAGMA main.table_info("{t}")\nINFO Engine [raw sql] ()\n' for t in ("team", "hero"))
_TABLES = "".join(
    f"INFO Engine\nCREATE TABLE {t} (\n        id INTEGER,\n        name VARCHAR NOT NULL,\n"
    f"        secret_name VARCHAR NOT NULL,\n        PRIMARY KEY (id)\n)\n\n\nINFO Engine [no key 0.00010s] ()\n"
    for t in ("team", "hero", "power"))
PAGE = f"""# Create Connected Tables

## Run the Code

If we run the code we have up to now, it will go and create the database file `database.db` and the tables in it we just defined, `team` and `hero`:

<div class="termy">

```console
$ python app.py

// Automatically start a new transaction
INFO Engine BEGIN (implicit)

// Check if the tables exist already
{_ECHO}
// Create the tables
{_TABLES}INFO Engine COMMIT
```

</div>

## Recap

Using the same techniques as before we can define the tables and their columns.
"""


def test_long_code_is_shown_to_the_last_line_that_fits_and_the_lines_left_are_counted():
    head = "Run it:\n"
    shown = head + "\n".join(f"line {n} of the output" for n in range(60))
    cut = trimmed(shown, len(head))
    # No "…" line in the code: a copied snippet holds only the document's lines, each whole.
    assert len(cut.text) <= MAX_UNIT_CHARS and cut.text.endswith(" of the output") and "…" not in cut.text
    assert cut.text.startswith(head + "line 0 of the output\nline 1 of the output") and shown.startswith(cut.text + "\n")
    assert cut.cut == 60 - cut.text.count("\n")


def test_code_that_fits_and_prose_are_shown_whole():
    whole = trimmed("Run it:\n$ poetry install", 8)
    assert (whole.text, whole.cut) == ("Run it:\n$ poetry install", 0)
    prose = "A long sentence. " * 60
    assert trimmed(prose, None).text == prose and trimmed(prose, None).cut == 0


def test_lines_a_unit_left_out_are_counted_with_those_cut_here():
    # A unit holding only the head of a block longer than itself (rag/units.py) shows what it holds and counts the rest.
    assert trimmed("Run it:\n$ poetry install", 8, left=4).cut == 4
    head = "Run it:\n"
    shown = head + "\n".join(f"line {n} of the output" for n in range(60))
    assert trimmed(shown, len(head), left=4).cut == trimmed(shown, len(head)).cut + 4


def test_the_note_says_how_many_lines_are_left():
    assert cut_note(1) == "… 1 more line in" and cut_note(14) == "… 14 more lines in" and cut_note(0) == ""


def test_the_cut_does_not_end_on_a_blank_line_or_a_comment_heading_what_is_cut():
    head = "Run it:\n"
    shown = head + "$ python app.py\n\n// Create the tables\n" + "x" * 700
    cut = trimmed(shown, len(head))
    assert (cut.text, cut.cut) == (head + "$ python app.py", 3)


def test_a_long_console_block_is_shown_to_its_last_command_that_fits():
    head = "Create the tables:\n"
    shown = head + "$ cd project\n$ python app.py\n" + "\n".join(f"INFO Engine statement {n}" for n in range(40))
    cut = trimmed(shown, len(head))
    assert (cut.text, cut.cut) == (head + "$ cd project\n$ python app.py", 40)


@pytest.fixture(scope="module")
def tables_page(tmp_path_factory, embedder):
    # Two pages of one index: SQLModel's tables page, and Starlette's responses (STREAMING, below).
    engine = engine_of_files(tmp_path_factory, "tables-page", {"create-connected-tables.md": PAGE, "responses.md": STREAMING})
    yield engine
    engine.close()


def test_a_console_dump_is_no_wall_of_text_and_its_citation_stays_whole(tables_page):
    # SQLModel's "How do I create the database and the tables?": the lead-in came with its whole
    # console block (~1,100 characters of SQL echo) as the answer.
    answer = tables_page.ask("How do I create the database and the tables?")
    assert not answer.abstained
    quoted = next(s for s in answer.sentences if "$ python app.py" in s.text)
    assert quoted.text.endswith("`team` and `hero`:\n$ python app.py"), quoted.text
    # The console block's lines after the command, each counted, and the answer's text says so before the marker.
    assert quoted.code_cut == PAGE.split("$ python app.py\n", 1)[1].split("\n```")[0].count("\n") + 1
    assert f"$ python app.py\n{cut_note(quoted.code_cut)} [{quoted.citations[0]}]" in answer.answer
    assert marked(quoted) in answer.answer
    cited = answer.sources[quoted.citations[0] - 1]
    assert "INFO Engine COMMIT" in cited.text and PAGE[cited.start : cited.end] == cited.text


# Starlette's docs (responses.md, BSD-3): the block announced by "Takes an async generator ..." ends
# 7 characters past the unit budget, with the line that streams.
STREAMING = '''# Responses

### StreamingResponse

Takes an async generator or a normal generator/iterator and streams the response body.

```python
from starlette.responses import StreamingResponse
import asyncio


async def slow_numbers(minimum, maximum):
    yield '<html><body><ul>'
    for number in range(minimum, maximum + 1):
        yield '<li>%d</li>' % number
        await asyncio.sleep(0.5)
    yield '</ul></body></html>'


async def app(scope, receive, send):
    assert scope['type'] == 'http'
    generator = slow_numbers(1, 10)
    response = StreamingResponse(generator, media_type='text/html')
    await response(scope, receive, send)
```

Have in mind that file-like objects (like those created by `open()`) are normal iterators.
'''


def test_announced_code_ending_past_the_budget_is_no_longer_cut_without_a_sign(tables_page):
    # Before: the unit ended at the last line within 600 characters of its sentence, so the answer
    # showed the block without `await response(...)` and nothing said so.
    answer = tables_page.ask("How do I stream a response?")
    quoted = next(s for s in answer.sentences if "StreamingResponse(generator" in s.text)
    assert quoted.text.endswith("await response(scope, receive, send)") or quoted.code_cut > 0
    cited = answer.sources[quoted.citations[0] - 1]
    assert "await response(scope, receive, send)" in cited.text and STREAMING[cited.start : cited.end] == cited.text


# Starlette's middleware page (docs/middleware.md, BSD-3): the CORS setup, a short snippet after two sentences.
CORS = """# Middleware

## CORSMiddleware

Adds appropriate [CORS headers](https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS) to outgoing responses in order to allow cross-origin requests from browsers.

The default parameters used by the CORSMiddleware implementation are restrictive by default,
so you'll need to explicitly enable particular origins, methods, or headers, in order
for browsers to be permitted to use them in a Cross-Domain context.

```python
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

routes = ...

middleware = [
    Middleware(CORSMiddleware, allow_origins=['*'])
]

app = Starlette(routes=routes, middleware=middleware)
```

The following arguments are supported:

* `allow_origins` - A list of origins that should be permitted to make cross-origin requests.
"""


def test_a_short_snippet_is_shown_whole_past_the_budget():
    head = "Set it up, as the two long sentences before the code say, " * 9 + ":\n"
    code = "app = Starlette()\n\nmiddleware = [\n    Middleware(CORSMiddleware)\n]\n\napp.run()"
    assert len(head + code) > MAX_UNIT_CHARS
    assert trimmed(head + code, len(head)).text == head + code


def test_a_copied_setup_snippet_is_not_broken(tmp_path_factory, embedder):
    # As a new user asked Starlette's docs: the block ended "]\n…", without `app = Starlette(...)`.
    engine = engine_of_files(tmp_path_factory, "cors", {"middleware.md": CORS})
    try:
        answer = engine.ask("How do I enable CORS?")
    finally:
        engine.close()
    quoted = next(s for s in answer.sentences if s.code_at is not None)
    assert quoted.text.endswith("app = Starlette(routes=routes, middleware=middleware)"), quoted.text

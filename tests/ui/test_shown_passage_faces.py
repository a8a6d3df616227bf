"""A cited passage of a Markdown page in SQLModel's shape shown as the page reads on every face that
shows one, through a real server: the chat's source panel (its HTML, built from the API's sources), the
`/view` page, and `citeline ask`'s quote. No `//// tab`, `/// details`, `{!include!}`, `<div class="termy">`
or fence info string (`hl_lines="13"`) line is shown; the mark covers exactly the cited words (offsets
mapped, not searched for); the API's `text` stays the exact source.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import escape

import httpx
import pytest

from rag.types import Answer, Source
from tests.conftest import ROOT, ingested_page
from tests.ui.conftest import open_index_server
from ui.render import answer_html

PAGE = '# Delete Data - DELETE\n\nNow let\'s delete some data using **SQLModel**.\n\n## Delete the Hero from the Session\n\nNow, to delete the hero, we call `session.delete()` with the object:\n\n//// tab | Python 3.10+\n\n```Python hl_lines="13"\n# Code above omitted 👆\n\n{!./docs_src/tutorial/delete/tutorial001_py310.py[ln:70-80]!}\n\n# Code below omitted 👇\n```\n\n////\n\n//// tab | Python 3.7+\n\n```Python hl_lines="13"\n# Code above omitted 👆\n\n{!./docs_src/tutorial/delete/tutorial001.py[ln:72-82]!}\n\n# Code below omitted 👇\n```\n\n////\n\n/// details | 👀 Full file preview\n\n//// tab | Python 3.10+\n\n```Python\n{!./docs_src/tutorial/delete/tutorial001_py310.py!}\n```\n\n////\n\n///\n\nThis commit after deleting the hero will generate this output:\n\n<div class="termy">\n\n```console\n$ python app.py\n\n// The SQL to delete the hero in the database\nINFO Engine DELETE FROM hero WHERE hero.id = ?\nINFO Engine COMMIT\n```\n\n</div>\n\n## Print the Deleted Object\n\nNow the hero is deleted from the database.\n\nIf we tried to use `session.refresh()` with it, it would raise an exception, because there\'s no data in the database for this hero.\n\nNevertheless, the object is still available with its data, but now it\'s not connected to the session and it no longer exists in the database.\n\nBecause of that, the object still contains its attributes with the data in it, so we can print it:\n\n//// tab | Python 3.10+\n\n```Python hl_lines="16"\n# Code above omitted 👆\n\n{!./docs_src/tutorial/delete/tutorial001_py310.py[ln:70-84]!}\n\n# Code below omitted 👇\n```\n\n////\n\n<!-- The same for Python 3.7+ -->\n\n## Recap\n\nTo delete a row, get its object and give it to `session.delete()`, then commit the session.\n'
REFRESH = "What happens if we use session.refresh() on a deleted hero?"
SENTENCE = ("If we tried to use `session.refresh()` with it, it would raise an exception, because there's no data "
            "in the database for this hero.")
DELETE = "How do I delete the hero from the session?"
# Lines a reader of the built page never sees.
FRAMING = re.compile(r"^\s*(///|\{!|```|&lt;/?div|&lt;!--)|hl_lines", re.MULTILINE)
MARKUP = ("///", "{!", "```", "<div", "hl_lines")


@pytest.fixture(scope="module")
def sqlmodel(tmp_path_factory, embedder):
    index = ingested_page(tmp_path_factory, "delete", PAGE)
    with open_index_server(index, tmp_path_factory.mktemp("logs") / "sqlmodel-serve.log") as url:
        yield url, index


def _ask(url: str, question: str) -> dict:
    r = httpx.post(url + "/api/ask", json={"question": question}, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def _marked(html: str, opening: str = "<mark>") -> str:
    return html[html.index(opening) + len(opening):html.index("</mark>")]


# The cited sentence as the panels set it: its inline code as code, its backticks left out.
SHOWN = escape(SENTENCE).replace("`session.refresh()`", "<code>session.refresh()</code>")


def test_the_source_panel_and_the_view_show_the_page_with_the_cited_sentence_marked(sqlmodel):
    url, _ = sqlmodel
    asked = _ask(url, REFRESH)
    cited = next(s for s in asked["sources"] if SENTENCE in s["text"])
    document = httpx.get(url + f"/api/documents/{cited['doc_id']}", timeout=60).json()["text"]
    assert document[cited["start"]:cited["end"]] == cited["text"]  # the API stays exact
    assert "//// tab | Python 3.10+" in cited["passage"]  # and the passage raw: the face leaves it out

    sources = [Source(chunk_id="", **{k: v for k, v in s.items() if k in Source.model_fields}) for s in asked["sources"]]
    panel = answer_html(Answer(answer=asked["answer"], abstained=asked["abstained"], sources=sources))
    source = panel[panel.index(f'id="src-{cited["n"]}"'):]
    source = source[:source.index("</blockquote>")]
    assert not FRAMING.search(source), FRAMING.search(source)
    assert _marked(source) == escape(cited["text"]).replace(escape(SENTENCE), SHOWN) and SHOWN in _marked(source)
    # A fenced block of include lines and omission comments only shows nothing the built page shows.
    assert "Now the hero is deleted from the database." in source and "# Code above omitted" not in source

    view = httpx.get(url + f"/view/{cited['doc_id']}", params={"start": cited["start"], "end": cited["end"]},
                     timeout=60)
    assert view.status_code == 200
    body = view.text[view.text.index('<pre class="doc-text">'):]
    assert not FRAMING.search(body), FRAMING.search(body)
    assert _marked(body, '<mark id="hl">') == escape(cited["text"]).replace(escape(SENTENCE), SHOWN)
    assert "INFO Engine DELETE FROM hero WHERE hero.id = ?" in body
    assert '<b class="passage-heading">Print the Deleted Object</b>' in body and "## " not in body


def test_the_command_line_quotes_a_lead_in_and_its_code_without_the_markup(sqlmodel):
    _, index = sqlmodel
    out = subprocess.run([sys.executable, "-m", "ui.cli", "ask", DELETE, "--index", str(index)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    quotes = [line.strip() for line in out.stdout.splitlines() if line.startswith("    “")]
    assert any(q.startswith("“Now, to delete the hero, we call `session.delete()` with the object:") for q in quotes), quotes
    assert not any(mark in q for q in quotes for mark in MARKUP), quotes

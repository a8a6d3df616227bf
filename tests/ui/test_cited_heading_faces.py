"""Through the real server, every face that shows a cited span shows an entry's heading as its words,
not its Markdown marks: `/api/ask` sources, `/v1/chat/completions` citations, `/api/cite` matches and
the chat's source panel (its HTML, built from the API's sources). Ruff's editor settings page
(bench/data/docsqa/ruff, see its NOTICE)."""

from pathlib import Path

import httpx
import pytest

from rag.types import Answer, Source
from tests.ui.conftest import open_index_server
from ui.render import answer_html

PAGE = Path(__file__).resolve().parents[2] / "bench/data/docsqa/ruff/corpus/editors/settings.md"
QUESTION = "What does the logLevel setting do?"
QUOTE = "`logLevel`\n\nThe log level to use for the server."


@pytest.fixture(scope="module")
def settings_server(tmp_path_factory, embedder):
    from ingest.pipeline import ingest
    from ui.settings import Settings

    folder = tmp_path_factory.mktemp("ruff-settings") / "docs"
    folder.mkdir()
    (folder / "settings.md").write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    index = tmp_path_factory.mktemp("ruff-settings-index") / "index"
    assert ingest([folder], Settings(index=index)).added == 1
    with open_index_server(index, tmp_path_factory.mktemp("logs") / "ruff-settings-serve.log") as url:
        yield url


def _post(url: str, body: dict) -> dict:
    r = httpx.post(url, json=body, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def test_every_face_shows_the_entrys_heading_as_words(settings_server):
    asked = _post(settings_server + "/api/ask", {"question": QUESTION})
    first = asked["sources"][0]
    assert first["text"] == QUOTE, first["text"]
    document = httpx.get(settings_server + f"/api/documents/{first['doc_id']}", timeout=60).json()["text"]
    assert document[first["start"]:first["end"]] == first["text"]  # still the exact passage

    completed = _post(settings_server + "/v1/chat/completions",
                      {"model": "citeline", "messages": [{"role": "user", "content": QUESTION}]})
    assert completed["citations"][0]["text"] == QUOTE

    found = _post(settings_server + "/api/cite", {"text": "### " + QUOTE})
    assert found["matches"][0]["text"] == QUOTE

    # The chat's source panel marks the span inside its passage: the mark opens on the heading's words, set
    # as a heading (its `###` left out) and as code (its backticks left out).
    # (The API leaves out the internal chunk id, which the panel does not show.)
    sources = [Source(chunk_id="", **{k: v for k, v in s.items() if k in Source.model_fields}) for s in asked["sources"]]
    answer = Answer(answer=asked["answer"], abstained=asked["abstained"], sources=sources)
    assert '<mark><b class="passage-heading"><code>logLevel</code></b>\n\nThe log level' in answer_html(answer)

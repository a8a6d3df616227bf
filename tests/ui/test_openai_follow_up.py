"""A follow-up over `/v1/chat/completions` is answered from what the conversation is about: "Who won
it?" after a Super Bowl question cites the Super Bowl article, not the other articles indexed."""

import json

import httpx
import pytest

from tests.ui.conftest import open_index_server

ARTICLES = ["Super_Bowl_50", "Warsaw", "Normans", "Nikola_Tesla"]


@pytest.fixture(scope="module")
def xquad_server(xquad_file, tmp_path_factory, embedder):
    from ingest.pipeline import ingest
    from ui.settings import Settings

    folder = tmp_path_factory.mktemp("xquad-articles") / "docs"
    folder.mkdir()
    for article in json.loads(xquad_file.read_text(encoding="utf-8"))["data"]:
        if article["title"] in ARTICLES:
            text = "\n\n".join(p["context"] for p in article["paragraphs"])
            (folder / f"{article['title']}.txt").write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("xquad-articles-index") / "index"
    assert ingest([folder], Settings(index=index)).added == len(ARTICLES)
    with open_index_server(index, tmp_path_factory.mktemp("logs") / "xquad-serve.log") as url:
        yield url


def _complete(url: str, messages: list[dict]) -> dict:
    r = httpx.post(url + "/v1/chat/completions", json={"model": "citeline", "messages": messages}, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def test_who_won_it_is_answered_from_the_super_bowl_article(xquad_server):
    question = "Where was Super Bowl 50 played?"
    first = _complete(xquad_server, [{"role": "user", "content": question}])
    assert {c["path"] for c in first["citations"]} == {"Super_Bowl_50.txt"}
    answer = first["choices"][0]["message"]["content"]
    follow_up = _complete(xquad_server, [{"role": "user", "content": question},
                                         {"role": "assistant", "content": answer},
                                         {"role": "user", "content": "Who won it?"}])
    assert follow_up["citations"] and {c["path"] for c in follow_up["citations"]} == {"Super_Bowl_50.txt"}
    # Alone, "it" is nothing: no article is cited for it.
    alone = _complete(xquad_server, [{"role": "user", "content": "Who won it?"}])
    assert not alone["citations"], alone["choices"][0]["message"]["content"]

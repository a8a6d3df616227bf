"""An answer naming what is asked only as the title of a link to a page the index lacks is declined
(rag/unindexed_link.py; docs/quality.md, issue 14, abst17)."""

import pytest

from rag.terms import terms
from rag.unindexed_link import Link, candidate_paths, indexed, links, unindexed_title
from tests.rag.conftest import leave_one_out


def test_links_to_documents_are_read_outside_code():
    text = ("I'll tell you more in a future chapter: [FastAPI in Containers - Docker](docker.md). "
            "See [Proxies: FORWARD vs TUNNEL](advanced/proxies.md#forward-vs-tunnel) and "
            "[Introduction]({{< relref \"docs\" >}} \"Introduction\"). "
            "Link it as `[link](/dir2/bar.md)`, read [MDN](https://developer.mozilla.org/), "
            "![logo](img/logo.png), [above](#setup), [Ca(2+)](i).\n```md\n[x](y.md)\n```\n")
    assert list(links(text)) == [Link("FastAPI in Containers - Docker", "docker.md", False),
                                 Link("Proxies: FORWARD vs TUNNEL", "advanced/proxies.md", False),
                                 Link("Introduction", "docs", True)]


def test_a_link_is_read_relative_to_its_page_or_the_folder():
    paths = candidate_paths("tutorial/dependencies/index.md", Link("t", "../../deployment/versions.md", False))
    assert paths[0] == "deployment/versions.md"
    assert "deployment/index.md" in candidate_paths("tutorial/first-steps.md", Link("t", "../deployment/", False))
    # Leaving the indexed folder says nothing of the index.
    assert candidate_paths("index.md", Link("t", "../../release-notes.md", False)) == ()


def test_only_a_title_naming_what_is_asked_and_not_a_code_name_counts():
    units = [(("/docs", "advanced/response-headers.md"),
              "you need to add them (read more in [CORS (Cross-Origin Resource Sharing)](../tutorial/cors.md))"),
             (("/docs", "configuration.md"), "Set [`line-length`](settings.md#line-length) to 100.")]
    nothing = lambda citing, link: False  # noqa: E731
    assert unindexed_title(terms("What counts as an origin for CORS?"), units, nothing) == \
        "CORS (Cross-Origin Resource Sharing)"
    assert unindexed_title(terms("How do I set the line length?"), units, nothing) == ""
    assert unindexed_title(terms("What counts as an origin for CORS?"), units, lambda citing, link: True) == ""


@pytest.fixture(scope="module")
def fastapi_pages(tmp_path_factory, embedder):
    """A few of FastAPI's pages (docs-QA set) on headers, middleware and content types, with and
    without the CORS page the response-headers page links to."""
    names = ["advanced/response-headers.md", "advanced/strict-content-type.md", "advanced/middleware.md",
             "tutorial/response-status-code.md", "tutorial/cors.md"]
    with leave_one_out(tmp_path_factory, "fastapi", names, "tutorial/cors.md") as engines:
        yield engines


def test_an_answer_from_a_link_to_the_page_not_indexed_is_declined(fastapi_pages):
    # FastAPI a19 with tutorial/cors.md left out: the response-headers page names CORS only as the
    # title of its link to that page.
    question = "What counts as an origin for CORS?"
    assert fastapi_pages[False].ask(question).abstained
    answer = fastapi_pages[True].ask(question)
    assert not answer.abstained
    assert any(s.path == "tutorial/cors.md" for s in answer.sources), answer.answer


def test_a_title_naming_what_the_sentence_also_names_in_its_own_words_does_not_count():
    nothing = lambda citing, link: False  # noqa: E731
    units = [(("/docs", "README.md"), "Kiln is a static site generator for notes; see the "
                                      "[Kiln documentation](docs/index.md).")]
    assert unindexed_title(terms("What is Kiln?"), units, nothing) == ""
    units = [(("/docs", "README.md"), "Read the [Kiln documentation](docs/index.md).")]
    assert unindexed_title(terms("What is Kiln?"), units, nothing) == "Kiln documentation"


def test_links_are_read_as_written_in_a_page_address_or_percent_encoded():
    assert list(links("See [My Page](my%20page.md).")) == [Link("My Page", "my page.md", False)]
    # A crawled page's path is its address: its links are the site's, never "not indexed".
    assert indexed(None, ("/crawl", "https://a.org/docs/x.md"), Link("T", "y.md", False))


def test_hostile_link_text_is_read_in_linear_time_and_bounded():
    import time
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    assert list(links("[a](" * 40_000)) == []
    assert list(links("[" * 40_000 + "](x.md)")) == []
    assert list(links("`" * 40_000 + " [T](t.md)")) == [Link("T", "t.md", False)]
    assert list(links("```\n[T](t.md)\n" * 20_000)) != []  # fences that never close fence nothing
    assert time.process_time() - began < 2
    # A root-relative link of thousands of parts asks for a bounded number of paths.
    assert len(candidate_paths("a.md", Link("T", "/a" * 5000, False))) < 200


def test_fenced_code_and_code_spans_hold_no_links():
    text = "```md\n[A](a.md)\n```\nSee `[B](b.md)` and ``[C](c.md)`` then [D](d.md).\n~~~\n[E](e.md)\n~~~\n"
    assert [link.title for link in links(text)] == ["D"]

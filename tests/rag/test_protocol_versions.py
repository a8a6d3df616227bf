"""A protocol's version asked ("HTTP/3") is answered only from passages naming that version."""

from rag.protocol_versions import names_version, protocol_versions, unread_version
from rag.types import Chunk


def test_a_protocol_written_with_its_version_is_found_in_the_question():
    assert protocol_versions("Does the server support HTTP/3?") == ["HTTP/3"]
    assert protocol_versions("How is HTTP/2 different from HTTP/1.1?") == ["HTTP/2", "HTTP/1.1"]
    # A path's part, a share of time or a word pair is no version.
    assert protocol_versions("The proxy serves the app under /api/v1 and docs/2; open 24/7, and/or not") == []
    # "Python 3.14" is answered by "Python 3.10 and newer": only the slash form names one version.
    assert protocol_versions("Does it work with Python 3.14?") == []


def test_a_version_is_named_as_written_or_finer_never_as_another():
    assert names_version("HTTP/2", "Clients may use HTTP/2.0 when the server offers it.")
    assert names_version("HTTP/2", "client = httpx.Client(http2=True)")
    assert names_version("HTTP/1", "It speaks HTTP/1.1 by default.")
    assert not names_version("HTTP/3", "It speaks HTTP/1.1 and HTTP/2.")
    assert not names_version("HTTP/2", "HTTP/20 is no version.")
    assert not names_version("HTTP/1.1", "HTTP/1.10 is no version either.")
    assert not names_version("HTTP/3", "Redirects are HTTP 3xx responses.")  # a status class (review34)
    assert names_version("HTTP/2", "Set http2_enabled in the config.")


def test_a_version_no_passage_read_names_declines_the_question():
    from rag.abstention import Abstention, Signals
    from rag.settings import AnswerSettings

    text = "Enable HTTP/2 support with `http2=True`; connections fall back to HTTP/1.1 otherwise."
    chunk = Chunk("c", "d", "http2.md", "HTTP/2", 0, 0, len(text), text)
    assert unread_version("Does the client support HTTP/3?", [chunk]) == "HTTP/3"
    assert unread_version("Why is HTTP/2 not the default?", [chunk]) == ""
    assert unread_version("Which protocols does the client speak?", [chunk]) == ""
    abstention = Abstention(AnswerSettings())
    strong = dict(best_score=1.2, best_relevance=0.8, coverage=0.8)
    assert abstention.abstains(Signals(**strong, unread_version="HTTP/3"))
    assert not abstention.abstains(Signals(**strong))

"""A PDF cut short (an interrupted download or copy): the pages still in its bytes are read, with one
warning naming the damage; a file with no page left is refused on one line; a cut copy never replaces
a whole version already indexed."""

from pathlib import Path

import pytest

from ingest.loaders import LoadError, load
from ingest.pdf_recovery import split_pages
from ingest.pipeline import ingest
from tests.conftest import open_store

LIMIT = 50_000_000
# A real dev-corpus PDF (NIST SP 800-218, public domain): its page objects stand early in the file in
# page order, its page tree and fonts at the end, as in many writers' output.
NIST = Path(__file__).parents[2] / "bench" / "data" / "docsqa" / "pdfdev" / "corpus" / \
    "nist-sp-800-218-secure-software-development-framework.pdf"


def _cut(tmp_path: Path, fraction: float, name: str = "cut.pdf") -> Path:
    data = NIST.read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


@pytest.fixture(scope="module")
def whole():
    return load(NIST, LIMIT)


@pytest.mark.parametrize("fraction, at_least", [(0.3, 5), (0.5, 15), (0.7, 30)])
def test_a_cut_pdf_keeps_the_pages_still_in_its_bytes(tmp_path, whole, fraction, at_least):
    doc = load(_cut(tmp_path, fraction), LIMIT)
    pages = split_pages(doc)
    assert doc.partial and len(pages) >= at_least
    assert doc.warnings[0].startswith("the file is cut short or damaged") and "\n" not in doc.warnings[0]
    assert doc.title.startswith("Secure Software Development Framework")  # the metadata title was at the end
    # The words of the pages read are the document's own, in its order: the cover, then its front matter.
    assert "Secure Software Development Framework" in pages[0]
    words = set(whole.text.split())
    read = [w for w in doc.text.split() if w.isalpha() and len(w) > 3]
    assert sum(w in words for w in read) / len(read) > 0.97


def test_more_of_the_file_reads_more_pages(tmp_path):
    counts = [len(load(_cut(tmp_path, f, f"cut{f}.pdf"), LIMIT).page_starts) for f in (0.3, 0.5, 0.7)]
    assert counts == sorted(counts) and counts[0] < counts[-1]


@pytest.mark.parametrize("fraction", [0.02, 0.1])
def test_a_pdf_cut_before_its_first_page_is_refused_on_one_line(tmp_path, fraction):
    with pytest.raises(LoadError) as refused:
        load(_cut(tmp_path, fraction), LIMIT)
    assert str(refused.value).startswith("corrupt PDF") and "\n" not in str(refused.value)


def test_random_bytes_are_still_refused(tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(LoadError):
        load(junk, LIMIT)


def test_a_cut_pdf_is_indexed_with_its_warning_but_never_replaces_a_whole_one(tmp_path, embedder, whole):
    from ui.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = Settings(index=tmp_path / "index")
    cut = _cut(corpus, 0.5, "framework.pdf")
    report = ingest([corpus], settings)
    assert report.failed == [] and report.added == 1
    assert [w.warning for w in report.warnings][0].startswith("the file is cut short or damaged")

    cut.write_bytes(NIST.read_bytes())  # the download finished: the whole file replaces the pages read
    report = ingest([corpus], settings)
    assert report.failed == [] and report.updated == 1
    store = open_store(settings, embedder)
    try:
        (doc,) = store.catalog.documents()
        whole_chunks = doc.chunks
    finally:
        store.close()

    cut.write_bytes(NIST.read_bytes()[: len(NIST.read_bytes()) // 2])  # then a cut copy overwrites it
    report = ingest([corpus], settings)
    assert len(report.failed) == 1 and "the version already indexed is kept" in report.failed[0].error
    store = open_store(settings, embedder)
    try:
        (doc,) = store.catalog.documents()
        assert doc.chunks == whole_chunks
        assert store.catalog.document_text(doc.doc_id) == whole.text
    finally:
        store.close()

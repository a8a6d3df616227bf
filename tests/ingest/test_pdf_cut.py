"""A PDF cut short (an interrupted download or copy): the pages still in its bytes are read, with one
warning naming the damage; a file with no page left is refused on one line; a cut copy never replaces
a whole version already indexed, only a cut one reading no more pages, and a refused copy is not read
again while its bytes stay the same."""

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.loaders import LoadError, load
from ingest.pdf_recovery import split_pages
from ingest.pipeline import ingest
from tests.conftest import DOCSQA, corpus_document, open_store

LIMIT = 50_000_000
# A real dev-corpus PDF (NIST SP 800-218, public domain): its page objects stand early in the file in
# page order, its page tree and fonts at the end, as in many writers' output.
SSDF = "pdfdev/corpus/nist-sp-800-218-secure-software-development-framework.pdf"
NIST = DOCSQA / SSDF


def _cut(tmp_path: Path, fraction: float, name: str = "cut.pdf") -> Path:
    data = NIST.read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


@pytest.fixture(scope="module")
def whole():
    return corpus_document(SSDF)  # read once a session: other modules read it too


@pytest.fixture(scope="module")
def cuts(tmp_path_factory) -> dict:
    """The file cut at 30, 50 and 70 % of its bytes, each read once for the tests that only look at what was
    read (reading a cut copy of this file takes seconds)."""
    folder = tmp_path_factory.mktemp("cuts")
    return {f: load(_cut(folder, f, f"cut{f}.pdf"), LIMIT) for f in (0.3, 0.5, 0.7)}


@pytest.mark.parametrize("fraction, at_least", [(0.3, 5), (0.5, 15), (0.7, 30)])
def test_a_cut_pdf_keeps_the_pages_still_in_its_bytes(cuts, whole, fraction, at_least):
    doc = cuts[fraction]
    pages = split_pages(doc)
    assert doc.partial and len(pages) >= at_least
    assert doc.warnings[0].startswith("the file is cut short or damaged") and "\n" not in doc.warnings[0]
    assert doc.title.startswith("Secure Software Development Framework")  # the metadata title was at the end
    # The words of the pages read are the document's own, in its order: the cover, then its front matter.
    assert "Secure Software Development Framework" in pages[0]
    words = set(whole.text.split())
    read = [w for w in doc.text.split() if w.isalpha() and len(w) > 3]
    assert sum(w in words for w in read) / len(read) > 0.97


def test_more_of_the_file_reads_more_pages(cuts):
    counts = [len(cuts[f].page_starts) for f in (0.3, 0.5, 0.7)]
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


def test_a_cut_pdf_whose_page_tree_comes_first_keeps_the_pages_before_the_cut(tmp_path):
    # pypdf's writer puts the page tree near the start (as linearized files do): walking it reaches
    # page objects whose content streams are cut off, where the pages before them are kept.
    from pypdf import PdfReader, PdfWriter

    rewritten = tmp_path / "rewritten.pdf"
    writer = PdfWriter(clone_from=PdfReader(NIST))
    with rewritten.open("wb") as out:
        writer.write(out)
    data = rewritten.read_bytes()
    assert data.index(b"/Type /Pages") < len(data) // 10
    counts = []
    for fraction in (0.5, 0.7):
        cut = tmp_path / f"cut{fraction}.pdf"
        cut.write_bytes(data[: int(len(data) * fraction)])
        doc = load(cut, LIMIT)
        assert doc.partial and "pages 1-" in doc.warnings[0]
        counts.append(len(doc.page_starts))
    assert 5 <= counts[0] < counts[1] < 36


def _nested_pdf(levels: int) -> bytes:
    """A PDF cut before its cross-reference table whose page tree names each node's one child twice:
    walked naively, 2**levels pages of the one page there is."""
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>"}
    for i in range(levels):
        objects[2 + i] = f"<< /Type /Pages /Kids [{3 + i} 0 R {3 + i} 0 R] /Count {2 ** (levels - i)} >>"
    page = 2 + levels
    objects[page] = (f"<< /Type /Page /MediaBox [0 0 200 200] /Contents {page + 1} 0 R "
                     f"/Resources << /Font << /F1 {page + 2} 0 R >> >> >>")
    text = b"BT /F1 12 Tf 20 100 Td (The one page of a hostile tree) Tj ET"
    out = b"%PDF-1.4\n" + b"".join(f"{n} 0 obj\n{o}\nendobj\n".encode() for n, o in objects.items())
    out += f"{page + 1} 0 obj\n<< /Length {len(text)} >>\nstream\n".encode() + text + b"\nendstream\nendobj\n"
    return out + f"{page + 2} 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n".encode()


def test_a_page_tree_naming_a_node_twice_is_read_once_and_quickly(tmp_path):
    hostile = tmp_path / "hostile.pdf"
    hostile.write_bytes(_nested_pdf(40))
    # In a process of its own, so that a walk of 2**40 pages fails the test instead of hanging it.
    script = ("import sys; from pathlib import Path; from ingest.loaders import load; "
              "d = load(Path(sys.argv[1]), 50_000_000); print(len(d.page_starts)); print(d.text)")
    done = subprocess.run([sys.executable, "-c", script, str(hostile)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    pages, text = done.stdout.split("\n", 1)
    assert pages == "1" and "The one page of a hostile tree" in text


def _indexed(settings, embedder):
    """The one document indexed: its record and its text."""
    store = open_store(settings, embedder)
    try:
        (doc,) = store.catalog.documents()
        return doc, store.catalog.document_text(doc.doc_id)
    finally:
        store.close()


def test_a_cut_pdf_gives_way_to_a_longer_cut_or_the_whole_file_and_never_replaces_a_whole_one(
        tmp_path, embedder, whole, cuts):
    from ui.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = Settings(index=tmp_path / "index")
    data = NIST.read_bytes()
    pages = {0.3: len(cuts[0.3].page_starts), 0.6: len(load(_cut(tmp_path, 0.6, "probe.pdf"), LIMIT).page_starts)}
    assert pages[0.3] < pages[0.6]
    path = _cut(corpus, 0.3, "framework.pdf")
    report = ingest([corpus], settings)
    assert report.failed == [] and report.added == 1
    assert [w.warning for w in report.warnings][0].startswith("the file is cut short or damaged")
    assert _indexed(settings, embedder)[0].partial_pages == pages[0.3]

    _cut(corpus, 0.6, "framework.pdf")  # the download went on: more pages replace the fewer
    report = ingest([corpus], settings)
    assert report.failed == [] and report.updated == 1
    doc, text = _indexed(settings, embedder)
    assert doc.partial_pages == pages[0.6]

    _cut(corpus, 0.3, "framework.pdf")  # a shorter cut does not replace a longer one
    report = ingest([corpus], settings)
    assert [f.path for f in report.failed] == [str(path)]
    error = report.failed[0].error
    assert "the version already indexed is kept" in error and f"reads {pages[0.6]} pages" in error
    assert "\n" not in error and report.updated == 0
    assert _indexed(settings, embedder) == (doc, text)
    report = ingest([corpus], settings)  # the same refused bytes again: unchanged, no failure each time
    assert report.failed == [] and report.unchanged == 1 and report.updated == 0

    path.write_bytes(data)  # the download finished: the whole file replaces the pages read
    report = ingest([corpus], settings)
    assert report.failed == [] and report.updated == 1 and report.warnings == []
    doc, text = _indexed(settings, embedder)
    assert doc.partial_pages is None and text == whole.text

    _cut(corpus, 0.5, "framework.pdf")  # then a cut copy overwrites it: the whole version stays
    report = ingest([corpus], settings)
    assert len(report.failed) == 1 and report.failed[0].error.endswith(": the version already indexed is kept")
    assert _indexed(settings, embedder) == (doc, text)
    report = ingest([corpus], settings)
    assert report.failed == [] and report.unchanged == 1
    assert _indexed(settings, embedder) == (doc, text)

    path.write_bytes(data)  # the whole file back: unchanged, as indexed
    report = ingest([corpus], settings)
    assert report.failed == [] and report.unchanged == 1


def test_a_cut_pdf_indexed_before_is_chunked_again_when_the_pipeline_changes(tmp_path, embedder, monkeypatch):
    from ingest import pipeline
    from ui.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = Settings(index=tmp_path / "index")
    _cut(corpus, 0.3, "framework.pdf")
    assert ingest([corpus], settings).added == 1
    before, _ = _indexed(settings, embedder)
    fingerprint = pipeline.pipeline_fingerprint
    monkeypatch.setattr(pipeline, "pipeline_fingerprint", lambda s: fingerprint(s) + "|bumped")
    report = ingest([corpus], settings)
    assert report.failed == [] and report.updated == 1
    after, _ = _indexed(settings, embedder)
    assert after.content_hash != before.content_hash and after.partial_pages == before.partial_pages
    report = ingest([corpus], settings)  # and then it is unchanged, with no failure
    assert report.failed == [] and report.unchanged == 1

"""Hostile and broken input: random bytes and text through the loaders and the chunker
(hypothesis), then a folder of crafted hostile files through a real ingest.

The contract: a loader returns a document or raises `LoadError` (one line, no path); nothing else
escapes, nothing hangs; an ingest reports each rejected file on one line naming it.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ingest.chunker import ChunkingPolicy, split_into_chunks
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load
from ingest.pipeline import ingest
from tests.corpus_files import write_pdf

FUZZ = settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow], database=None)
CASES = {"loader": 0, "chunker": 0}

# Starts of real formats, so that random tails reach past the first sniff of each parser.
PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"# Title\n", b"\xff\xfe"]


def _check_load(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            doc = load(path, max_bytes=1_000_000)
        except LoadError as exc:
            message = str(exc)
            assert message and "\n" not in message and str(path) not in message
        else:
            assert doc.text.strip() and isinstance(doc.title, str) and "\x00" not in doc.title
    CASES["loader"] += 1


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), tail=st.binary(max_size=4096), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_loaders_take_any_bytes(prefix, tail, suffix):
    _check_load(prefix + tail, suffix)


@FUZZ
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=3000),
    size=st.integers(100, 600),
    overlap=st.integers(0, 150),
)
def test_chunker_spans_are_exact_for_any_text(text, size, overlap):
    chunks = split_into_chunks(text, doc_id="d", path="p.txt", title="t", policy=ChunkingPolicy(size, overlap))
    for c in chunks:
        assert text[c.start : c.end] == c.text and c.text.strip()
        assert len(c.text) <= size * 2
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    if text.strip():
        assert chunks
    CASES["chunker"] += 1


# Markdown-ish lines, so that random documents have headings, lists, tables and fences to parse.
MD_LINES = st.sampled_from(["# A {#a}", "## B", "### C", "- item.", "  - nested. Two.", "1. first", "| a | b |",
                            "|---|---|", "```", "    code", "> quote.", "Text here. More text", "Setext", "---",
                            "", "", "\r", "<div>", "*emph* `code`"])


@FUZZ
@given(
    lines=st.lists(st.one_of(MD_LINES, st.text(st.characters(codec="utf-8"), max_size=80)), max_size=60),
    size=st.integers(60, 600),
    overlap=st.integers(0, 150),
)
def test_markdown_blocks_and_their_chunks_are_exact_for_any_text(lines, size, overlap):
    from ingest.markdown_blocks import markdown_blocks

    text = "\n".join(lines)
    blocks = markdown_blocks(text)
    previous = 0
    for b in blocks:
        assert previous <= b.start < b.end <= len(text) and text[b.start:b.end].strip() == text[b.start:b.end]
        previous = b.end
    chunks = split_into_chunks(text, doc_id="d", path="p.md", title="t", policy=ChunkingPolicy(size, overlap),
                               blocks=blocks)
    # Front matter (a metadata block) is the one text no chunk holds.
    covered = {i for b in blocks if b.kind == "metadata" for i in range(b.start, b.end)}
    assert all(b.start == 0 for b in blocks if b.kind == "metadata")
    for c in chunks:
        assert text[c.start : c.end] == c.text and c.text.strip() and len(c.text) <= size
        assert not any(b.start < c.end and c.start < b.end for b in blocks if b.kind == "metadata")
        covered.update(range(c.start, c.end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)
    assert all(b.start > a.start and b.end > a.end for a, b in zip(chunks, chunks[1:]))
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    CASES["chunker"] += 1


def test_pathological_single_files_are_bounded(tmp_path):
    """A 10 MB line, nesting 100,000 deep, 1,000 blank PDF pages: each loads or is refused, by a rule
    that does not depend on how fast the machine is (no wall-clock bound here)."""
    line = tmp_path / "line.txt"
    line.write_text("word " * 2_000_000)
    with pytest.raises(LoadError, match=r"^one line runs 10,000,000 characters .*\(max_line_chars\)"):
        load(line, max_bytes=50_000_000)
    # Let through, the chunker still cuts such a line into chunks of the usual size.
    doc = load(line, max_bytes=50_000_000, max_line_chars=10_000_000)
    chunks = split_into_chunks(doc.text, doc_id="d", path="line.txt", title=doc.title, policy=ChunkingPolicy())
    assert chunks and all(len(c.text) <= 1000 for c in chunks)

    # Refused before parsing (lexbor's parse time grows with the square of the depth), naming why.
    nested = tmp_path / "nested.html"
    nested.write_text("<div>" * 100_000 + "deep text" + "</div>" * 100_000)
    with pytest.raises(LoadError, match=r"HTML nested 100,000 elements deep \(limit 2,000\): refused"):
        load(nested, max_bytes=50_000_000)

    blank = tmp_path / "blank.pdf"
    write_pdf(blank, [""] * 1000)
    with pytest.raises(LoadError, match="no text"):
        load(blank, max_bytes=50_000_000)


def _zip_bomb(path: Path) -> None:
    """A .docx-looking zip whose one member inflates to 210 MB of zeros (about 200 KB on disk)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(210):
                member.write(block)


def test_hostile_folder_through_ingest(tmp_path, make_settings):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Harbor Notes\n\nThe harbor master logged eleven ships at dawn.\n")
    expected = {}  # file name -> a word its one-line reason must contain
    (corpus / "nul.txt").write_bytes(b"text\x00with NUL bytes")
    expected["nul.txt"] = "NUL"
    (corpus / "latin1.md").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    expected["latin1.md"] = "UTF-8"
    _zip_bomb(corpus / "bomb.docx")
    expected["bomb.docx"] = "zip bomb"
    (corpus / "random.pdf").write_bytes(os.urandom(5000))
    expected["random.pdf"] = "PDF"
    (corpus / "empty.html").write_text("<html><body><script>alert(1)</script></body></html>")
    expected["empty.html"] = "no text"
    os.symlink("loop-b.txt", corpus / "loop-a.txt")
    os.symlink("loop-a.txt", corpus / "loop-b.txt")
    expected["loop-a.txt"] = expected["loop-b.txt"] = "link"
    os.symlink(".", corpus / "self")  # a folder symlink loop: never followed
    odd = ["new\nline.txt", "-rf.txt", "\u202eevil\u202dtxt.txt", "é" * 120 + ".txt", " spaced name .md"]
    for name in odd:
        (corpus / name).write_text(f"Odd Name\n\nThe file {name!r} holds one plain sentence about ships.\n")

    report = ingest([corpus], make_settings())

    failed = {Path(f.path).name: f.error for f in report.failed}
    assert set(failed) == set(expected), failed
    for name, word in expected.items():
        assert word.lower() in failed[name].lower() and "\n" not in failed[name], (name, failed[name])
    assert report.added == 1 + len(odd)
    print(f"\nfuzz cases run: loaders {CASES['loader']}, chunker {CASES['chunker']}; "
          f"hostile files rejected with one line each: {len(failed)}")


def test_a_file_that_parses_too_long_is_refused(tmp_path, make_settings):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "long.pdf", [f"Page {i} says the ferry left at noon. " * 20 for i in range(300)])
    (corpus / "ok.txt").write_text("Ferry Notes\n\nThe ferry left at noon.\n")
    report = ingest([corpus], make_settings(max_load_seconds=0.05))
    assert [(Path(f.path).name, f.error) for f in report.failed] == [("long.pdf", "took over 0.05 s to parse: refused")]
    assert report.added == 1


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the dropped alarm, on purpose
def test_the_parse_limit_holds_when_the_alarm_lands_where_python_drops_exceptions():
    # Python discards an exception raised in __del__; an alarm landing there once let a slow PDF in.
    from ingest.pipeline import _LoadTimeout, _time_limit

    class SlowToCollect:
        def __del__(self):
            until = time.monotonic() + 0.3
            while time.monotonic() < until:
                pass

    with pytest.raises(_LoadTimeout):
        with _time_limit(0.05):
            doomed = SlowToCollect()
            del doomed

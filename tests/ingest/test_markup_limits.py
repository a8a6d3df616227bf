"""The .rst and .adoc loaders keep the text limit as the .md loader does: a file past it is refused
before it is decoded, and a reStructuredText file whose substitutions would expand past it (or nest
into thousands of expansions, a few hundred bytes that kept docutils busy for minutes) is refused
before docutils expands them. Real substitutions still read."""

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from ingest.loaders import LoadError, load

ROOT = Path(__file__).resolve().parents[2]
REFUSED = r"^extracted text passes the 100,000-character limit \(max_extracted_chars\): refused$"


def _nested_bomb(levels: int) -> str:
    """`|a0|` is ten `|a1|`, each ten `|a2|`...: 10**levels expansions from a few hundred bytes."""
    lines = ["Bomb", "====", "", "|a0|", ""]
    lines += [f".. |a{i}| replace:: " + " ".join([f"|a{i + 1}|"] * 10) for i in range(levels)]
    return "\n".join([*lines, f".. |a{levels}| replace:: lol", ""])


@pytest.mark.parametrize("suffix", [".rst", ".txt"])  # a .txt read as reStructuredText too (Django's docs)
def test_nested_substitutions_are_refused_before_docutils_expands_them(tmp_path, suffix):
    bomb = tmp_path / f"bomb{suffix}"
    bomb.write_text(".. note:: A Sphinx page.\n\n" + _nested_bomb(7))  # 10 million expansions, 600 bytes
    # In a child process with a timeout: on the code before, docutils expanded it for hours.
    code = ("import sys; from pathlib import Path; from ingest.loaders import load, LoadError\n"
            "try:\n    d = load(Path(sys.argv[1]), 10_000_000, max_chars=20_000_000); print(d.kind, len(d.text))\n"
            "except LoadError as e:\n    print(e)\n")
    result = subprocess.run([sys.executable, "-c", code, str(bomb)], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    if suffix == ".rst":
        assert result.stdout.strip() == "reStructuredText substitutions nest past 1,000 expansions: refused"
    else:  # a text file's markup that can't be read as markup is still its text, as written
        assert result.stdout.strip() == f"text {len(bomb.read_text())}"


def test_substitutions_that_expand_past_the_limit_are_refused_before_they_are_built(tmp_path):
    # 500 references to one 9,000-character definition: 4.5 million characters from 20 KB.
    page = tmp_path / "wide.rst"
    page.write_text("Wide\n====\n\n" + "|w| " * 500 + "\n\n.. |w| replace:: " + "word " * 1_800 + "\n")
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match=REFUSED):
            load(page, 10_000_000, max_chars=100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Expanded, the tree and its HTML held the 4.5 million characters several times over.
    assert peak < 10_000_000, f"peak {peak:,} bytes"
    # Real substitutions, nested too, still read.
    page = tmp_path / "release.rst"
    page.write_text("Release\n=======\n\nWe ship |product| |version|.\n\n"
                    ".. |product| replace:: Kiln |edition|\n.. |edition| replace:: Pro\n.. |version| replace:: 2.1\n")
    assert "We ship Kiln Pro 2.1." in load(page, 10_000_000, max_chars=100_000).text


@pytest.mark.parametrize("suffix", [".rst", ".adoc"])
def test_a_markup_file_past_the_limit_is_refused_before_it_is_read(tmp_path, suffix):
    big = tmp_path / f"big{suffix}"
    big.write_text("Title\n=====\n\n" + "A paragraph of the long page, one of very many.\n\n" * 40_000)  # 2 MB
    size = big.stat().st_size
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match=REFUSED):
            load(big, 10_000_000, max_chars=100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Its bytes are read; decoded (and, for .rst, parsed) it was held twice over and more.
    assert peak < 1.5 * size, f"peak {peak:,} bytes for a {size:,}-byte file"

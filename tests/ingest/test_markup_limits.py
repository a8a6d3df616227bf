"""The .rst and .adoc loaders keep the text limit as the .md loader does: a file past it is refused
before it is decoded, and a reStructuredText file whose substitutions would expand past it (or nest
into thousands of expansions, a few hundred bytes that kept docutils busy for minutes) is refused
before docutils expands them, those in definitions the page never uses too. Real substitutions, and
thousands of uses of a nested one, still read."""

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


def _load_in_child(path: Path, timeout: float = 60) -> str:
    """What `load` says of `path`, in a child process with a timeout: on the code before, docutils
    expanded a bomb for minutes or hours."""
    code = ("import sys; from pathlib import Path; from ingest.loaders import load, LoadError\n"
            "try:\n    d = load(Path(sys.argv[1]), 10_000_000, max_chars=20_000_000); print(d.kind, len(d.text))\n"
            "except LoadError as e:\n    print(e)\n")
    return subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout).stdout.strip()


@pytest.mark.parametrize("suffix", [".rst", ".txt"])
def test_a_bomb_in_definitions_the_page_never_uses_is_refused(tmp_path, suffix):
    # docutils expands the references inside every definition, used or not: these 400 bytes kept it
    # busy past the timeout (minutes) although the page itself references nothing.
    bomb = tmp_path / f"unused{suffix}"
    page = "Notes\n=====\n\n.. note:: Some text with no reference.\n\n"  # a Sphinx page, as .txt too
    bomb.write_text(page + _nested_bomb(5).split("|a0|\n\n", 1)[1])
    assert bomb.read_text().count("|a0|") == 1  # its definition alone
    if suffix == ".rst":
        assert _load_in_child(bomb, timeout=30) == "reStructuredText substitutions nest past 1,000 expansions: refused"
    else:  # read as the text it is, as a .txt whose markup can't be read is
        assert _load_in_child(bomb, timeout=30) == f"text {len(bomb.read_text())}"


def test_thousands_of_uses_of_a_nested_substitution_read_while_their_bombs_stay_refused(tmp_path):
    # Sphinx pages use |project| or |release| everywhere; each use here expands one nested reference.
    page = tmp_path / "guide.rst"
    page.write_text("Guide\n=====\n\n" + "".join(f"Step {i} of |title|.\n\n" for i in range(3_000))
                    + ".. |title| replace:: Kiln |release|\n.. |release| replace:: 2.1\n")
    text = load(page, 10_000_000, max_chars=1_000_000).text
    assert text.count("of Kiln 2.1.") == 3_000
    # A definition of 110 nested expansions, used a hundred times: 11,000 from a page of 500 bytes.
    bomb = tmp_path / "many.rst"
    bomb.write_text("Many\n====\n\n" + "|x| " * 100 + "\n\n.. |x| replace:: " + "|y| " * 10
                    + "\n.. |y| replace:: " + "|z| " * 10 + "\n.. |z| replace:: lol\n")
    assert _load_in_child(bomb) == ("reStructuredText substitutions nest past 10,000 expansions in the page: "
                                     "refused")


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

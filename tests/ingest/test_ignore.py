"""--exclude/--include and .citelineignore: left-out files are not indexed, and a file that becomes
left out is removed from the index (catalog, vectors and BM25) on the next ingest."""

import json

import pytest
from typer.testing import CliRunner

from ingest.ignore import SelectionError, SelectionRules
from ingest.pipeline import ingest
from rag.bm25 import BM25Index
from tests.conftest import open_store
from ui.cli import app


def _folder(root):
    files = {
        "docs/a.md": "# Anchors\n\nThe anchor chain is forty metres long.\n",
        "docs/b.md": "# Buoys\n\nRed buoys mark the port side of the channel.\n",
        "notes/c.txt": "Crew notes\n\nThe cook serves fish soup on Fridays.\n",
        "build/d.txt": "Build output\n\nGenerated text nobody should cite.\n",
        "CHANGELOG.md": "# Changelog\n\nRelease 1.2 fixed the tide table.\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return files


def _indexed(settings, embedder):
    store = open_store(settings, embedder)
    try:
        docs = {d.path for d in store.catalog.documents()}
        paths = {m["path"] for m in store.collection.get(include=["metadatas"])["metadatas"]}
        bm25_chunks = set(BM25Index.load(store.paths.bm25).chunk_ids)
        assert bm25_chunks == store.catalog.all_chunk_ids()
        return docs, paths
    finally:
        store.close()


def test_ignore_file_and_globs_and_removal_on_reingest(tmp_path, make_settings, embedder):
    corpus = tmp_path / "corpus"
    _folder(corpus)
    (corpus / ".citelineignore").write_text("# generated\nbuild/\nCHANGELOG.md\n")
    settings = make_settings()

    first = ingest([corpus], settings)
    assert (first.added, first.excluded) == (3, 1)  # build/ is not walked, so not counted
    docs, vector_paths = _indexed(settings, embedder)
    assert docs == vector_paths == {"docs/a.md", "docs/b.md", "notes/c.txt"}

    again = ingest([corpus], settings, rules=SelectionRules(exclude=("notes/",)))
    assert (again.removed, again.unchanged, again.excluded) == (1, 2, 1)
    docs, vector_paths = _indexed(settings, embedder)
    assert docs == vector_paths == {"docs/a.md", "docs/b.md"}

    only_b = ingest([corpus], settings, rules=SelectionRules(include=("*b.md", "notes/*")))
    assert only_b.removed == 1 and _indexed(settings, embedder)[0] == {"docs/b.md", "notes/c.txt"}


def test_negation_in_the_ignore_file(tmp_path, make_settings, embedder):
    corpus = tmp_path / "corpus"
    _folder(corpus)
    (corpus / ".citelineignore").write_text("*.md\n!docs/a.md\n")
    settings = make_settings()
    ingest([corpus], settings)
    assert _indexed(settings, embedder)[0] == {"docs/a.md", "notes/c.txt", "build/d.txt"}


@pytest.mark.parametrize(("content", "words"), [(b"!\n", "invalid pattern"), (b"caf\xe9\n", "cannot be read")])
def test_a_bad_ignore_file_stops_the_ingest_before_anything_is_written(tmp_path, make_settings, content, words):
    corpus = tmp_path / "corpus"
    _folder(corpus)
    (corpus / ".citelineignore").write_bytes(content)
    settings = make_settings()
    with pytest.raises(SelectionError, match=words) as caught:
        ingest([corpus], settings)
    assert str(corpus / ".citelineignore") in str(caught.value)
    assert not (tmp_path / "index").exists()


def test_cli_exclude_and_include_options(tmp_path):
    corpus = tmp_path / "corpus"
    _folder(corpus)
    index = str(tmp_path / "ix")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(corpus), "--index", index, "--json",
                                 "--exclude", "build/", "--exclude", "CHANGELOG.md", "--include", "*.md",
                                 "--include", "*.txt"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["excluded"]) == (3, 1)
    bad = runner.invoke(app, ["ingest", str(corpus), "--index", index, "--exclude", "\\"])
    assert bad.exit_code == 1 and bad.stderr.startswith("error: --exclude: invalid pattern")
    assert "--exclude GLOB" in runner.invoke(app, ["ingest", "--help"]).stdout

"""The evaluation caches record the code that built them: `citeline eval docs` rebuilds its cached
index with `--fresh`, and unasked when the recorded ingest code or pipeline fingerprint differs."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from ingest.datasets import DatasetError
from ingest.settings import IngestSettings

from tests.conftest import ROOT, fresh_chroma
from ui.cli import app
from ui.evaluation import index_build
from ui.evaluation.docsqa_set import load_set

SET_DIR = ROOT / "bench" / "data" / "docsqa" / "fastapi"
ITEM = "a02"  # background tasks


def _eval_docs(set_file, corpus, index, *extra):
    # The CLI is run in this process: Chroma would keep serving a removed folder's client.
    fresh_chroma()
    out = CliRunner().invoke(app, ["eval", "docs", "--set", str(set_file), "--corpus", str(corpus),
                                   "--index", str(index), "--json", *extra])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout), out.stderr


def test_eval_docs_rebuilds_its_cache_when_asked_or_built_by_other_code(tmp_path, embedder):
    item = next(i for i in load_set(SET_DIR / "questions.jsonl") if i.id == ITEM)
    corpus = tmp_path / "corpus"
    (corpus / item.gold_path).parent.mkdir(parents=True)
    shutil.copy(SET_DIR / "corpus" / item.gold_path, corpus / item.gold_path)
    set_file = tmp_path / "one.jsonl"
    set_file.write_text(item.model_dump_json() + "\n")
    index = tmp_path / "index"

    built, said = _eval_docs(set_file, corpus, index)
    assert built["embedded_chunks"] == built["chunks"] > 0 and "rebuilding" not in said
    record = index_build.recorded_build(index)
    assert record is not None and record.code == index_build.current_build(IngestSettings()).code

    cached, said = _eval_docs(set_file, corpus, index)
    assert cached["embedded_chunks"] == 0 and said == ""
    assert cached["answerable"] == built["answerable"]

    fresh, said = _eval_docs(set_file, corpus, index, "--fresh")
    assert said.strip() == f"rebuilding the evaluation index {index}: --fresh"
    assert fresh["embedded_chunks"] == fresh["chunks"] == built["chunks"]

    # As if the chunker had changed since the cache was built.
    (index / index_build.RECORD_FILE).write_text(json.dumps({"fingerprint": record.fingerprint, "code": "0" * 64}))
    rebuilt, said = _eval_docs(set_file, corpus, index)
    assert said.strip() == f"rebuilding the evaluation index {index}: the ingest code changed since it was built"
    assert rebuilt["embedded_chunks"] == rebuilt["chunks"]
    assert index_build.recorded_build(index) == record


def test_a_changed_pipeline_fingerprint_rebuilds(tmp_path, capsys, embedder):
    from ingest.pipeline import ingest

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.md").write_text("# A\n\nOne page.\n")
    settings = IngestSettings(index=index)
    build = index_build.prepare(index, settings)
    assert not ingest([corpus], settings).failed
    index_build.record(index, build)
    (index / index_build.RECORD_FILE).write_text(json.dumps({"fingerprint": "v0|old", "code": build.code}))
    assert index_build.prepare(index, settings) == build
    assert capsys.readouterr().err.strip() == (f"rebuilding the evaluation index {index}: the pipeline "
                                               f"fingerprint changed (v0|old -> {build.fingerprint})")
    assert not index.exists()


def test_a_folder_no_evaluation_made_is_never_removed(tmp_path, embedder):
    settings = IngestSettings(index=tmp_path / "index")
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    # No record and not under .citeline-eval: kept, and not recorded as built by this code.
    assert index_build.prepare(folder, settings) is None
    assert (folder / "notes.txt").exists()
    with pytest.raises(DatasetError) as refused:
        index_build.prepare(folder, settings, fresh=True)
    assert str(refused.value) == (f"{folder}: not an evaluation cache (no eval-build.json, not under "
                                  ".citeline-eval/); not removing it to rebuild")
    assert (folder / "notes.txt").read_text() == "mine"


def test_the_recorded_code_covers_the_chunker_and_what_it_imports():
    modules = index_build.pipeline_modules()
    assert {"ingest.pipeline", "ingest.chunker", "ingest.block_chunks", "ingest.markdown_blocks",
            "ingest.datasets", "rag.sentences", "rag.bm25", "rag.embeddings"} <= set(modules)
    assert not any(m.startswith("ui") for m in modules)

"""The documentation-QA sets (bench/data/docsqa/<project>: FastAPI, and HTTPX, Poetry, Ruff, MkDocs and Pydantic
held out; `rustbook`, the Rust book, held out and dual-licensed; `papers`, held-out PDFs; `pdfdev`, PDFs to
develop on; `starlette`, written after the rest) and `citeline eval docs` on a 5-item subset."""

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ingest.datasets import DatasetError
from tests.conftest import DOCSQA, ROOT, corpus_document
from ui.cli import app
from ui.evaluation.docsqa import ItemResult, check_against_corpus, docs_tables, gold_text, summarize
from ui.evaluation.docsqa_set import DocsQAItem, contains_gold, fold, load_set

SETS = sorted(p.parent for p in (ROOT / "bench" / "data" / "docsqa").glob("*/questions.jsonl"))
# More two-turn follow-ups for the dev sets, kept apart so the sets' own figures stay comparable.
EXTRA_FOLLOWUPS = sorted((ROOT / "bench" / "data" / "docsqa").glob("*/followups-extra.jsonl"))
# Follow-ups written after the dev sets were tuned on, to check a follow-up rule out of sample (fu9).
FRESH_FOLLOWUPS = sorted((ROOT / "bench" / "data" / "docsqa").glob("*/followups-fresh.jsonl"))
# Elliptic follow-ups the pages don't answer, with answerable follow-ups as controls (issue 14, fuu9).
UNANSWERABLE_FOLLOWUPS = sorted((ROOT / "bench" / "data" / "docsqa").glob("*/followups-unanswerable.jsonl"))
SET_DIR = ROOT / "bench" / "data" / "docsqa" / "fastapi"
SET_FILE = SET_DIR / "questions.jsonl"
CORPUS = SET_DIR / "corpus"
SUBSET = ("a02", "a29", "u01", "f01", "f06")  # background tasks, UploadFile vs bytes, off-corpus, two follow-ups


def test_set_has_the_promised_items():
    items = load_set(SET_FILE)
    kinds = Counter(item.kind for item in items)
    assert kinds["answerable"] >= 50 and kinds["unanswerable"] == 10 and kinds["followup"] == 10
    types = Counter(item.question_type for item in items if item.kind == "answerable")
    assert set(types) == {"howto", "what", "comparison", "list", "why", "who-when-number"}
    assert all(len(item.history) == 2 for item in items if item.kind == "followup")


def test_both_sets_are_found():
    assert {d.name for d in SETS} >= {"fastapi", "httpx"}


@pytest.mark.parametrize("set_file", EXTRA_FOLLOWUPS, ids=lambda f: f.parent.name)
def test_extra_followups_are_two_turn_followups(set_file):
    items = load_set(set_file)
    assert len(items) >= 10 and all(item.kind == "followup" and len(item.history) == 2 for item in items)


@pytest.mark.parametrize("set_dir", SETS, ids=lambda d: d.name)
def test_every_set_has_the_mix_of_kinds_and_types(set_dir):
    items = load_set(set_dir / "questions.jsonl")
    kinds = Counter(item.kind for item in items)
    # pdfdev is smaller: three PDFs whose licences allow any use were all that could be found.
    answerable, unanswerable, followup = (30, 6, 6) if set_dir.name == "pdfdev" else (40, 8, 8)
    assert kinds["answerable"] >= answerable and kinds["unanswerable"] >= unanswerable
    assert kinds["followup"] >= followup
    types = Counter(item.question_type for item in items if item.kind == "answerable")
    assert set(types) == {"howto", "what", "comparison", "list", "why", "who-when-number"}


ALL_SET_FILES = [d / "questions.jsonl" for d in SETS] + EXTRA_FOLLOWUPS + FRESH_FOLLOWUPS + UNANSWERABLE_FOLLOWUPS


@pytest.fixture(scope="session")
def gold_texts() -> dict:
    """Gold files' folded texts, each extracted once a session: the papers set's PDFs took ~15 s a reading, read
    twice for each of its three set files."""
    return {}


def _gold_reading(path: Path) -> str:
    """`gold_text`'s reading; a PDF's from the session's shared extraction, which the PDF tests have made already
    (the same loader: test_a_pdf_gold_file_is_read_as_the_loader_extracts_it checks that they agree)."""
    if path.suffix.lower() == ".pdf":
        return corpus_document(path.relative_to(DOCSQA).as_posix()).text
    return gold_text(path)


@pytest.mark.parametrize("set_file", ALL_SET_FILES, ids=lambda f: f"{f.parent.name}/{f.stem}")
def test_every_gold_phrase_is_in_its_gold_file(set_file, gold_texts):
    corpus = set_file.parent / "corpus"
    items = load_set(set_file)
    texts = gold_texts
    for item in items:
        if item.gold_path is None:
            continue
        gold_file = corpus / item.gold_path
        assert gold_file.is_file(), item.id
        if gold_file not in texts:  # a PDF: the text the ingest loader extracts, once per file
            texts[gold_file] = fold(_gold_reading(gold_file))
        text = texts[gold_file]
        for phrase in item.gold_phrases:
            assert fold(phrase) in text, (item.id, phrase)
    check_against_corpus(items, corpus, texts)  # the command's own check agrees (its reading: test below)


@pytest.mark.parametrize("set_file", ALL_SET_FILES, ids=lambda f: f"{f.parent.name}/{f.stem}")
def test_a_followup_history_does_not_give_its_gold_away(set_file):
    for item in load_set(set_file):
        history = " ".join(message.content for message in item.history)
        assert not contains_gold(history, item.gold_phrases), item.id


@pytest.mark.parametrize("set_file", UNANSWERABLE_FOLLOWUPS, ids=lambda f: f.parent.name)
def test_unanswerable_followups_come_with_answerable_controls(set_file):
    kinds = Counter(item.kind for item in load_set(set_file))
    # The controls make a rule that declines every follow-up show up as a loss.
    assert kinds["followup_unanswerable"] >= 8 and kinds["followup"] >= 4 and set(kinds) == {"followup_unanswerable", "followup"}


def test_an_unanswerable_followup_needs_history_and_no_gold(tmp_path):
    base = {"id": "x", "kind": "followup_unanswerable", "question": "And on FreeBSD?", "question_type": "howto"}
    turns = [{"role": "user", "content": "How do I install it?"}, {"role": "assistant", "content": "pip install it."}]
    for number, extra in enumerate(({}, {"history": turns, "gold_phrases": ["y"], "gold_path": "a.md"})):
        bad = tmp_path / f"bad{number}.jsonl"
        bad.write_text(json.dumps(base | extra) + "\n")
        with pytest.raises(DatasetError, match=r"bad\d.jsonl:1: "):
            load_set(bad)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(base | {"history": turns}) + "\n")
    assert load_set(good)[0].kind == "followup_unanswerable"


@pytest.mark.parametrize(("set_dir", "licence", "source"), [
    (SET_DIR, "MIT License", "github.com/fastapi/fastapi"),
    (SET_DIR.parent / "httpx", "Redistribution and use in source and binary forms", "github.com/encode/httpx"),
    (SET_DIR.parent / "poetry", "Permission is hereby granted, free of charge", "github.com/python-poetry/poetry"),
    (SET_DIR.parent / "ruff", "Permission is hereby granted, free of charge", "github.com/astral-sh/ruff"),
    (SET_DIR.parent / "mkdocs", "Redistribution and use in source and binary forms", "github.com/mkdocs/mkdocs"),
    (SET_DIR.parent / "pydantic", "Permission is hereby granted, free of charge", "github.com/pydantic/pydantic"),
    (SET_DIR.parent / "starlette", "Redistribution and use in source and binary forms", "github.com/encode/starlette"),
    (SET_DIR.parent / "click", "Redistribution and use in source and binary forms", "github.com/pallets/click"),
    (SET_DIR.parent / "attrs", "Permission is hereby granted, free of charge", "github.com/python-attrs/attrs"),
], ids=["fastapi", "httpx", "poetry", "ruff", "mkdocs", "pydantic", "starlette", "click", "attrs"])
def test_corpus_ships_its_licence_and_notice(set_dir, licence, source):
    assert licence in (set_dir / "LICENSE").read_text(encoding="utf-8")
    notice = (set_dir / "NOTICE").read_text(encoding="utf-8")
    assert source in notice and "Commit:" in notice
    # (attrs' Markdown docs are 14 pages, its whole user guide.)
    assert 14 <= len(list((set_dir / "corpus").rglob("*.md"))) <= 150
    assert sum(f.stat().st_size for f in (set_dir / "corpus").rglob("*") if f.is_file()) < 2_000_000


def test_rust_book_set_ships_both_licences_and_a_notice():
    """rustbook is dual-licensed like its source (MIT OR Apache-2.0), so it ships both texts, not one LICENSE.
    Reads files only: the set is held out and nothing of Citeline may run on it."""
    set_dir = SET_DIR.parent / "rustbook"
    assert "Permission is hereby granted, free of charge" in (set_dir / "LICENSE-MIT").read_text(encoding="utf-8")
    assert "Apache License" in (set_dir / "LICENSE-APACHE").read_text(encoding="utf-8")
    assert "Apache License, Version 2.0" in (set_dir / "COPYRIGHT").read_text(encoding="utf-8")
    notice = (set_dir / "NOTICE").read_text(encoding="utf-8")
    assert "github.com/rust-lang/book" in notice and "Commit:" in notice
    pages = sorted((set_dir / "corpus").rglob("*.md"))
    assert 25 <= len(pages) <= 35 and all(f"src/{page.name}" in notice for page in pages)
    assert sum(f.stat().st_size for f in (set_dir / "corpus").rglob("*") if f.is_file()) < 2_000_000


def test_pdf_set_ships_its_licences_and_a_notice_per_document():
    set_dir = SET_DIR.parent / "papers"
    pdfs = sorted((set_dir / "corpus").glob("*.pdf"))
    assert 5 <= len(pdfs) <= 8 and pdfs == sorted(f for f in (set_dir / "corpus").rglob("*") if f.is_file())
    assert sum(f.stat().st_size for f in pdfs) < 15_000_000
    notice = " ".join((set_dir / "NOTICE").read_text(encoding="utf-8").split())
    for pdf in pdfs:
        assert pdf.name in notice
    licences = (set_dir / "LICENSE").read_text(encoding="utf-8")
    for version in ("Attribution 2.0", "Attribution 3.0", "Attribution 4.0"):
        assert version in licences
    assert "not subject to copyright in the United States" in notice


def test_pdf_dev_set_ships_its_licences_and_a_notice_per_document():
    """pdfdev: the PDF set to develop on (papers is held out), three documents none of which is in papers.
    Only licences that allow any use: the project is Apache-2.0, so no non-commercial document."""
    set_dir = SET_DIR.parent / "pdfdev"
    pdfs = sorted((set_dir / "corpus").glob("*.pdf"))
    assert 3 <= len(pdfs) <= 8 and pdfs == sorted(f for f in (set_dir / "corpus").rglob("*") if f.is_file())
    assert sum(f.stat().st_size for f in pdfs) < 15_000_000
    assert not {f.name for f in pdfs} & {f.name for f in (SET_DIR.parent / "papers" / "corpus").glob("*.pdf")}
    notice = " ".join((set_dir / "NOTICE").read_text(encoding="utf-8").split())
    for pdf in pdfs:
        assert pdf.name in notice
    assert notice.count("Commit:") == len(pdfs) and "not subject to copyright in the United States" in notice
    licences = (set_dir / "LICENSE").read_text(encoding="utf-8")
    assert "Attribution 4.0 International Public License" in licences and "NonCommercial" not in licences


def test_a_pdf_gold_file_is_read_as_the_loader_extracts_it(tmp_path):
    pdf = SET_DIR.parent / "papers" / "corpus" / "sjtrem-2010-dvt-prophylaxis-trauma.pdf"
    text = gold_text(pdf)
    assert "Conclusion" in text and "%PDF" not in text
    assert text == corpus_document("papers/corpus/sjtrem-2010-dvt-prophylaxis-trauma.pdf").text
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(DatasetError, match=r"broken.pdf: cannot be read as a gold file"):
        gold_text(broken)


def test_phrase_matching_folds_case_whitespace_markers_and_code_marks():
    assert contains_gold("Install `python-multipart` [1] first.", ["Python-Multipart"])
    assert contains_gold("auto-reload\n  is **enabled** [2]", ["auto-reload is enabled"])
    assert not contains_gold("Install multipart first.", ["python-multipart"])


def test_a_wrong_gold_phrase_or_bad_line_is_reported_with_its_item(tmp_path):
    items = load_set(SET_FILE)[:3]
    broken = items[0].model_copy(update={"gold_phrases": ["no such phrase in the docs"]})
    with pytest.raises(DatasetError, match=rf"item {broken.id}: gold phrase"):
        check_against_corpus([broken], CORPUS)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(items[1].model_dump_json() + "\n" + '{"id": "x", "kind": "unanswerable", "question": "q", '
                   '"question_type": "howto", "gold_phrases": ["y"]}\n')
    with pytest.raises(DatasetError, match=r"bad.jsonl:2: .*unanswerable"):
        load_set(bad)


def test_eval_docs_runs_end_to_end_on_five_items(tmp_path, embedder):
    items = {item.id: item for item in load_set(SET_FILE)}
    subset = [items[i] for i in SUBSET]
    corpus = tmp_path / "corpus"
    # The gold files plus two pages that answer none of the five.
    for rel in {item.gold_path for item in subset if item.gold_path} | {"deployment/https.md", "tutorial/request-forms.md"}:
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / rel, corpus / rel)
    set_file = tmp_path / "five.jsonl"
    set_file.write_text("".join(item.model_dump_json() + "\n" for item in subset))
    results = tmp_path / "results.jsonl"
    out = CliRunner().invoke(app, ["eval", "docs", "--set", str(set_file), "--corpus", str(corpus),
                                   "--index", str(tmp_path / "index"), "--results", str(results), "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert report["documents"] == 5 and report["embedded_chunks"] == report["chunks"] > 0
    assert report["answerable"]["items"] == 2 and report["unanswerable_items"] == 1
    assert report["followups"]["items"] == 2
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert [r["id"] for r in rows] == list(SUBSET)
    for row, item in zip(rows, subset):
        assert row["right"] == (row["abstained"] if item.kind == "unanswerable"
                                else not row["abstained"] and contains_gold(row["answer"], item.gold_phrases))
        assert set(row["top3_paths"]) <= {p.relative_to(corpus).as_posix() for p in corpus.rglob("*.md")}
    answered = [r for r in rows if r["kind"] != "unanswerable"]
    assert report["answerable"]["answered_right"] == sum(r["right"] for r in answered if r["kind"] == "answerable") / 2
    # The tiny corpus holds every gold file: the retrieval ceiling must find the upload page's advantages.
    assert rows[1]["top3_contains_gold"] is True
    again = CliRunner().invoke(app, ["eval", "docs", "--set", str(set_file), "--corpus", str(corpus),
                                     "--index", str(tmp_path / "index"), "--results", str(results), "--json"])
    assert json.loads(again.stdout)["embedded_chunks"] == 0  # the cached index is reused


def test_eval_docs_names_a_missing_gold_file(tmp_path):
    item = load_set(SET_FILE)[0]
    set_file = tmp_path / "one.jsonl"
    set_file.write_text(item.model_dump_json() + "\n")
    (tmp_path / "corpus").mkdir()
    out = CliRunner().invoke(app, ["eval", "docs", "--set", str(set_file), "--corpus", str(tmp_path / "corpus"),
                                   "--index", str(tmp_path / "index")])
    assert out.exit_code == 2
    assert f"item {item.id}: gold_path {item.gold_path}" in out.stderr


def test_eval_docs_reports_unanswerable_followups_as_their_own_block(tmp_path, embedder):
    followup = {item.id: item for item in load_set(SET_FILE)}["f01"]
    unanswerable = DocsQAItem(id="fu1", kind="followup_unanswerable", question="And on FreeBSD?",
                              history=followup.history, question_type="howto")
    corpus = tmp_path / "corpus"
    for rel in (followup.gold_path, "deployment/https.md"):
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / rel, corpus / rel)
    set_file = tmp_path / "two.jsonl"
    set_file.write_text(followup.model_dump_json() + "\n" + unanswerable.model_dump_json() + "\n")
    results = tmp_path / "results.jsonl"
    out = CliRunner().invoke(app, ["eval", "docs", "--set", str(set_file), "--corpus", str(corpus),
                                   "--index", str(tmp_path / "index"), "--results", str(results), "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert rows[1]["kind"] == "followup_unanswerable" and rows[1]["right"] == rows[1]["abstained"]
    assert rows[1]["top3_contains_gold"] is None
    assert report["followups_unanswerable"] == {"items": 1, "abstained_right": float(rows[1]["right"])}
    # The existing figures don't count it: one follow-up, no unanswerables.
    assert report["followups"]["items"] == 1 and report["unanswerable_items"] == 0
    assert report["abstained_right"] == 0.0
    console = Console(record=True, width=200)
    for table in docs_tables(summarize([ItemResult(**r) for r in rows], "two", str(corpus), (2, 1), 0)):
        console.print(table)
    text = console.export_text()
    assert "unanswerable follow-up items" in text and "unanswerable follow-ups abstained right" in text


def test_eval_docs_keeps_each_set_in_a_folder_of_its_own(tmp_path, monkeypatch, embedder):
    # Every set's documents sit in a folder named corpus/, so the caches were `.citeline-eval/corpus-<hash>`
    # with `<index>.results.jsonl` beside them: one set's results lay among every other's, held-out ones too.
    unanswerable = {item.id: item for item in load_set(SET_FILE)}["u01"]
    for name in ("alpha", "beta"):
        (tmp_path / name / "corpus").mkdir(parents=True)
        shutil.copy(CORPUS / "deployment" / "https.md", tmp_path / name / "corpus" / "https.md")
        (tmp_path / name / "questions.jsonl").write_text(unanswerable.model_dump_json() + "\n")
    monkeypatch.chdir(tmp_path)  # the eval caches live in ./.citeline-eval
    folders = {}
    for name in ("alpha", "beta"):
        out = CliRunner().invoke(app, ["eval", "docs", "--set", f"{name}/questions.jsonl", "--json"])
        assert out.exit_code == 0, out.output
        results = tmp_path / json.loads(out.stdout)["results_file"]
        folders[name] = results.parent
        assert results.name == "questions.results.jsonl" and results.parent.name.startswith(f"{name}-")
        assert results.parent.parent == tmp_path / ".citeline-eval" and (results.parent / "index").is_dir()
    assert sorted(p.name for p in (tmp_path / ".citeline-eval").iterdir()) == sorted(p.name for p in folders.values())
    assert {p.name for p in folders["alpha"].iterdir()} == {"index", "questions.results.jsonl"}

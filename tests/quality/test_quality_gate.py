"""The quality gate: retrieval and answers measured on fixed slices of SciFact and XQuAD with the
project's own evaluation code, held to the floors in gate.toml. Figures go to test-output/quality.json."""

from __future__ import annotations

from dataclasses import asdict

from tests.quality.gate import assert_passed, compare
from ui.evaluation.slicing import BeirSlice


def _settings(tmp_path):
    from ui.settings import Settings

    return Settings(index=tmp_path / "index", llm="none")  # the extractive chain every install has


def test_scifact_slice_holds_its_floors(scifact_folder, gate, record, embedder, tmp_path):
    from ui.evaluation.retrieval import evaluate_retrieval

    spec = gate.scifact
    report = evaluate_retrieval(scifact_folder, spec.split, [spec.mode], _settings(tmp_path),
                                BeirSlice(queries=spec.queries, documents=spec.documents))
    assert report.queries == spec.queries and report.documents == spec.documents
    checks = compare(report.scores[spec.mode], spec.floors)
    record("scifact", report, checks)
    assert_passed("SciFact slice", checks)


def test_xquad_slice_holds_its_floors(xquad_file, gate, record, embedder, tmp_path):
    from ui.evaluation.qa import evaluate_qa

    spec = gate.xquad
    report = evaluate_qa(xquad_file, _settings(tmp_path), article_step=spec.article_step)
    assert report.questions > 100  # whole articles: the slice is their full question lists
    checks = compare(asdict(report), spec.floors, spec.ceilings)
    record("xquad", report, checks)
    assert_passed("XQuAD slice", checks)


def test_docs_set_holds_its_floors(gate, record, embedder, tmp_path):
    from tests.conftest import ROOT
    from ui.evaluation.docsqa import evaluate_docs
    from ui.evaluation.docsqa_set import load_set

    spec = gate.docs
    questions = ROOT / spec.set
    report = evaluate_docs(load_set(questions), questions.name, questions.parent / "corpus", _settings(tmp_path),
                           tmp_path / "results.jsonl")
    assert report.answerable.items == 70 and report.followups.items == 10 and report.unanswerable_items == 10
    measured = {
        "answered_right": report.answerable.answered_right,
        "unanswerables_abstained": report.abstained_right,
        "followups_right": report.followups.answered_right,
        "wrong_abstention": max(report.answerable.wrong_abstention, report.followups.wrong_abstention),
        "p90_answer_chars": report.p90_answer_chars,
    }
    checks = compare(measured, spec.floors, spec.ceilings)
    record("docs", report, checks)
    assert_passed("Docs set", checks)

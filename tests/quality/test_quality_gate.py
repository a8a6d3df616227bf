"""The quality gate: retrieval and answers measured on fixed slices of SciFact and XQuAD with the
project's own evaluation code, held to the floors in gate.toml. Figures go to test-output/quality.json."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from tests.conftest import ROOT
from tests.quality.gate import Check, compare, load_gate
from ui.evaluation.slicing import BeirSlice


@pytest.fixture(scope="module")
def gate():
    return load_gate()


@pytest.fixture(scope="module")
def record():
    """Writes every measured slice, its bounds and verdicts to test-output/quality.json as they arrive."""
    (ROOT / "test-output").mkdir(exist_ok=True)
    path = ROOT / "test-output" / "quality.json"
    path.unlink(missing_ok=True)  # never report an older run's figures as this one's
    figures: dict[str, dict] = {}

    def write(name: str, report, checks: list[Check]) -> None:
        figures[name] = {
            "report": asdict(report),
            "checks": [{**asdict(c), "passed": c.passed} for c in checks],
            "passed": all(c.passed for c in checks),
        }
        path.write_text(json.dumps(figures, indent=2) + "\n")

    return write


def _settings(tmp_path):
    from rag.settings import Settings

    return Settings(index=tmp_path / "index", llm="none")  # the extractive chain every install has


def _assert_passed(dataset: str, checks: list[Check]) -> None:
    failed = [str(c) for c in checks if not c.passed]
    assert not failed, f"{dataset} slice under its quality floors: " + "; ".join(failed)


def test_scifact_slice_holds_its_floors(scifact_folder, gate, record, embedder, tmp_path):
    from ui.evaluation.retrieval import evaluate_retrieval

    spec = gate.scifact
    report = evaluate_retrieval(scifact_folder, spec.split, [spec.mode], _settings(tmp_path),
                                BeirSlice(queries=spec.queries, documents=spec.documents))
    assert report.queries == spec.queries and report.documents == spec.documents
    checks = compare(report.scores[spec.mode], spec.floors)
    record("scifact", report, checks)
    _assert_passed("SciFact", checks)


def test_xquad_slice_holds_its_floors(xquad_file, gate, record, embedder, tmp_path):
    from ui.evaluation.qa import evaluate_qa

    spec = gate.xquad
    report = evaluate_qa(xquad_file, _settings(tmp_path), article_step=spec.article_step)
    assert report.questions > 100  # whole articles: the slice is their full question lists
    checks = compare(asdict(report), spec.floors, spec.ceilings)
    record("xquad", report, checks)
    _assert_passed("XQuAD", checks)

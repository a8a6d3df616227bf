"""The citation checker's claimed precision and recall (README, "Checker calibration"), re-measured
with the configured threshold and overlap weight on the held-out half of XQuAD's calibration pairs
(bench/calibrate_checker.py) for the first articles named in gate.toml."""

from dataclasses import dataclass

import numpy as np

from bench.calibrate_checker import _metrics, build_pairs
from rag.checker import support_score
from rag.settings import Settings
from tests.quality.gate import assert_passed, compare


@dataclass
class CheckerReport:
    articles: int
    held_out_pairs: int
    threshold: float
    overlap_weight: float
    precision: float
    recall: float


def test_checker_keeps_its_claimed_precision_and_recall(xquad_file, gate, record, embedder):
    settings = Settings()
    pairs, articles, _ = build_pairs(xquad_file, gate.checker.articles)
    held = [(label, support_score(cosine, overlap, settings.support_overlap_weight))
            for article, _, label, cosine, overlap in pairs if article % 2 == 1]
    measured = _metrics(np.array([label for label, _ in held]), np.array([score for _, score in held]),
                        settings.support_threshold)
    report = CheckerReport(articles, len(held), settings.support_threshold, settings.support_overlap_weight,
                           measured["precision"], measured["recall"])
    checks = compare({"precision": report.precision, "recall": report.recall}, gate.checker.floors)
    record("checker", report, checks)
    assert_passed("Citation checker (held-out XQuAD pairs)", checks)

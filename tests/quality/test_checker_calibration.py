"""The citation checker's claimed precision and recall (README, "Checker calibration"), re-measured
with the configured threshold and overlap weight, and the contradiction rules, on the held-out half of
XQuAD's calibration pairs (bench/calibrate_checker.py) for the first articles named in gate.toml."""

from dataclasses import dataclass

from bench.calibrate_checker import build_pairs, evaluate, held_out
from ui.settings import Settings
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
    measured = evaluate(pairs, settings.support_overlap_weight, settings.support_threshold, rules=True)["held_out"]
    report = CheckerReport(articles, len(held_out(pairs)), settings.support_threshold, settings.support_overlap_weight,
                           measured["precision"], measured["recall"])
    checks = compare({"precision": report.precision, "recall": report.recall}, gate.checker.floors)
    record("checker", report, checks)
    assert_passed("Citation checker (held-out XQuAD pairs)", checks)

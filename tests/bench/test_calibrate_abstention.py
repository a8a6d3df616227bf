"""The abstention calibration picks each key-coverage bar as high as the answerable questions allow."""

import json

from bench.calibrate_abstention import Observation, report


def test_key_coverage_bars_stop_below_the_first_answerable_question(capsys):
    obs = []
    for half in (0, 1):
        # Answerable questions: the lowest key coverage 0.40, and 0.50 of one with a term no chunk has.
        obs += [Observation("answerable", half, 0.9, 0.8, True, key, False, False, corpus)
                for corpus in ("docs", "xquad+scifact") for key in (0.4, 0.6, 0.9)]
        obs += [Observation("answerable", half, 0.9, 0.8, True, 0.5, False, True, "docs")]
        # One naming something no chunk mentions, at key coverage 0.7.
        obs += [Observation("answerable", half, 0.9, 0.8, True, 0.7, True, True, "xquad+scifact", unindexed_name=True)]
        # Negatives the score alone lets through: only key coverage can decline them.
        obs += [Observation("in_domain", half, 0.9, 0.8, None, 0.1, False, True, "docs"),
                Observation("in_domain", half, 0.9, 0.8, None, 0.3, False, False, "docs")]
    report(obs, min_relevance=0.3, max_wrong=0.2, max_added=0.0)
    chosen = json.loads(capsys.readouterr().out)["chosen"]
    assert chosen["min_key_coverage"] == 0.4 and chosen["min_key_coverage_unseen"] == 0.5
    assert chosen["min_key_coverage_unindexed_name"] == 0.7


def test_leave_one_set_out_measures_on_the_set_its_thresholds_never_saw():
    from bench.calibrate_abstention import leave_one_set_out
    from ui.settings import Settings

    obs = []
    for corpus, lowest_right in (("a", 0.5), ("b", 0.5), ("c", 0.35)):
        # The score cannot tell them apart: only key coverage can.
        obs += [Observation("answerable", 0, 0.9, 0.8, True, key, corpus=corpus) for key in (lowest_right, 0.9)]
        obs += [Observation("in_domain", 0, 0.9, 0.8, None, 0.3, corpus=corpus)]
    checks = {c["held_out"]: c for c in leave_one_set_out(obs, Settings())}
    # Chosen on a and b, the key-coverage bar rises to their lowest right answer and costs c one.
    assert checks["c"]["chosen"]["min_key_coverage"] == 0.5
    assert checks["c"]["right_answers_lost"] == 1 and checks["c"]["in_domain_abstained_chosen"] == 1.0
    # Chosen with c among them, it stops at c's: a keeps its answers and declines its negative.
    assert checks["a"]["chosen"]["min_key_coverage"] == 0.35
    assert checks["a"]["right_answers_lost"] == 0
    assert checks["a"]["in_domain_abstained_now"] == 0.0 and checks["a"]["in_domain_abstained_chosen"] == 1.0

"""IR metrics from ranx: one place, so the wiring is tested once."""

from __future__ import annotations

METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")


def score_run(qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]]) -> dict[str, float]:
    """Mean of each metric over the queries of `qrels`; a query missing from `run` scores 0."""
    from ranx import Qrels, Run, evaluate

    run = {qid: (run.get(qid) or {"__none__": 0.0}) for qid in qrels}
    values = evaluate(Qrels(qrels), Run(run), list(METRICS), make_comparable=True)
    return {m: round(float(values[m]), 4) for m in METRICS}

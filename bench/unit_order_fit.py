"""Fit a learned order of answer units (rag/unit_order.py) and check it on question sets left out.

    python -m bench.unit_order_fit [--sets fastapi httpx poetry] [--xquad FILE] [--cache DIR]
                                   [--l2 3.0] [--write rag/unit_order.json --variant correction]

Each documentation-QA set (answerables and follow-ups; unanswerables too, whose abstention no
order changes) and XQuAD-en are asked through the real Engine with the rule order, as
`citeline eval docs` and `eval qa` ask them. Every question's scored units, as the answerer handed
them to `select`, are kept (--cache; deleted to ask again). A unit is labelled right when its display
holds a gold phrase (docs: under the set's folding, ui/evaluation/docsqa_set.py; XQuAD: SQuAD
normalisation).

Two orders are fitted by a softmax over each question's units (the log of the probability of its
right units, L2 on the weights, on standardised features):
- learned: every feature but the rule score;
- correction: the rule score plus a learned correction (the rule score's weight free, L2 on the
  rest), rescaled to the rule score's scale so that `select`'s closeness keeps its meaning.
Leave-one-set-out: for each docs set, fit on the two others plus XQuAD's even articles, then report
on the left-out set how many questions its first unit holds gold for and answers right (the
answer `select` builds with the order, abstentions as the rule made them), against the rule order
on the same questions; XQuAD's odd articles are reported with every docs set in training.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from rag import env  # noqa: F401

from bench.common import ROOT, SHARED_EVAL, emit
from rag.answerer import Candidate, ExtractiveAnswerer
from rag.question_type import QuestionType, question_type
from rag.unit_order import FEATURES, LearnedOrder, features

_DOCS = ROOT / "bench" / "data" / "docsqa"
_RULE_CLOSE = 0.2  # rag/answerer.py _CLOSE, the rule order's closeness
_CLOSE_GRID = (0.5, 1.0, 1.5, 2.0, 3.0)  # the learned order's, in its own (logit) scale


@dataclass
class Asked:
    """One question, what the rule answered, and the units `select` chose from (none: abstained)."""

    set: str
    id: str
    kind: str  # answerable | followup | unanswerable | xquad
    half: int  # XQuAD: article parity (0 = training); docs sets: 0
    qtype: QuestionType
    gold: list[str]
    most: int | None
    candidates: list[Candidate] | None
    right: bool  # the rule's real answer


def _light(c: Candidate) -> Candidate:
    """The candidate without its sentence vectors (scored already; they only fill the cache)."""
    return replace(c, evidence=replace(c.evidence, parts=np.zeros((0,), dtype=np.float32)))


def _recording(engine) -> dict:
    """Wrap the engine's answerer's `select` to keep what it was handed last."""
    seen: dict = {}
    select = engine.answerer.select

    def recorded(candidates, most=None):
        seen["call"] = ([_light(c) for c in candidates], most)
        return select(candidates, most)

    engine.answerer.select = recorded
    return seen


def ask_docs(name: str) -> list[Asked]:
    from ui.cli import _settings
    from ui.evaluation.docsqa import contains_gold
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.indexes import ingest_folder
    from ui.evaluation.retrieval import default_eval_index
    from rag.engine import Engine

    corpus = _DOCS / name / "corpus"
    settings = _settings(unit_order="rule")
    settings = settings.model_copy(update={"index": default_eval_index(corpus, settings)})
    ingest_folder(corpus, settings.ingest)
    engine = Engine(settings.engine)
    seen = _recording(engine)
    asked = []
    try:
        engine.ask("warm up")
        for item in load_set(_DOCS / name / "questions.jsonl"):
            seen.clear()
            answer = engine.ask(item.question, history=item.history)
            candidates, most = seen.get("call", (None, None))
            right = (answer.abstained if item.kind == "unanswerable"
                     else not answer.abstained and contains_gold(answer.answer, item.gold_phrases))
            asked.append(Asked(name, item.id, item.kind, 0, question_type(item.question), item.gold_phrases, most,
                               None if answer.abstained else candidates, right))
    finally:
        engine.close()
    return asked


def ask_xquad(path: Path) -> list[Asked]:
    from ingest.datasets import read_squad
    from ui.cli import _settings
    from ui.evaluation.indexes import ingest_squad
    from ui.evaluation.qa import normalize
    from ui.evaluation.retrieval import default_eval_index
    from rag.engine import Engine

    squad = read_squad(path)
    settings = _settings(unit_order="rule")
    settings = settings.model_copy(update={"index": default_eval_index(path, settings)})
    ingest_squad(path, settings.ingest, squad.documents)
    parity = {name: i % 2 for i, (name, _) in enumerate(squad.documents)}
    engine = Engine(settings.engine)
    seen = _recording(engine)
    asked = []
    try:
        engine.ask("warm up")
        for n, q in enumerate(squad.questions):
            seen.clear()
            answer = engine.ask(q.question)
            candidates, most = seen.get("call", (None, None))
            right = not answer.abstained and normalize(q.answer) in normalize(answer.answer)
            asked.append(Asked("xquad", str(n), "xquad", parity[q.article], question_type(q.question), [q.answer],
                               most, None if answer.abstained else candidates, right))
    finally:
        engine.close()
    return asked


def holds_gold(a: Asked, text: str) -> bool:
    if a.kind == "xquad":
        from ui.evaluation.qa import normalize

        return normalize(a.gold[0]) in normalize(text)
    from ui.evaluation.docsqa import contains_gold

    return contains_gold(text, a.gold)


def cached(name: str, cache: Path, ask) -> list[Asked]:
    path = cache / f"{name}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    asked = ask()
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(asked))
    return asked


@dataclass
class Matrix:
    """Each answered question's units: features, labels, and where its rows are."""

    x: np.ndarray
    y: np.ndarray
    spans: list[tuple[int, int]]


def matrix(asked: list[Asked]) -> Matrix:
    rows, labels, spans = [], [], []
    for a in asked:
        if not a.candidates:
            continue
        start = len(rows)
        rows += [features(c, a.qtype) for c in a.candidates]
        labels += [holds_gold(a, c.display) for c in a.candidates]
        spans.append((start, len(rows)))
    return Matrix(np.array(rows), np.array(labels, dtype=float), spans)


def fit(m: Matrix, l2: float, free: tuple[str, ...] = (), dropped: tuple[str, ...] = ()) -> np.ndarray:
    """Raw-scale weights maximising the log-probability of each question's right units (questions
    with none are left out); `free` features are not shrunk, `dropped` ones weigh nothing."""
    keep = np.array([f not in dropped for f in FEATURES])
    mean, std = m.x.mean(0), m.x.std(0)
    std[std < 1e-9] = 1.0
    z = np.where(keep, (m.x - mean) / std, 0.0)
    spans = [(s, e) for s, e in m.spans if m.y[s:e].any()]
    shrunk = np.array([f not in free for f in FEATURES], dtype=float)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w
        total, grad = 0.0, np.zeros_like(w)
        for a, b in spans:
            logits = s[a:b] - s[a:b].max()
            p = np.exp(logits)
            p /= p.sum()
            right = m.y[a:b] > 0
            mass = p[right].sum()
            total -= np.log(mass)
            # d(-log sum_right p)/ds = p - p*1[right]/mass
            g = p.copy()
            g[right] -= p[right] / mass
            grad += z[a:b].T @ g
        n = len(spans)
        return total / n + l2 * np.sum(shrunk * w * w) / 2, grad / n + l2 * shrunk * w

    w = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B").x
    return np.where(keep, w / std, 0.0)


@dataclass
class Figures:
    """Over a set's answerables (XQuAD: its questions) and follow-ups: counts of questions."""

    questions: int
    top1_gold: int  # the order's first unit holds gold
    answered_right: int  # the answer `select` builds holds gold
    followups: int = 0
    followups_right: int = 0
    rule_answered_right: int = 0  # what the real run answered (a check that the cache replays it)


def figures(asked: list[Asked], order: LearnedOrder | None) -> Figures:
    """The set's answers with `order` (None: the rule's), through the answerer's own select."""
    from rag.settings import AnswerSettings

    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.settings, answerer.order = AnswerSettings(), order
    f = Figures(0, 0, 0)
    for a in asked:
        if a.kind == "unanswerable":
            continue
        right = top1 = False
        if a.candidates:
            ordered = order.ordered(a.candidates, a.qtype) if order else a.candidates
            top1 = holds_gold(a, ordered[0].display)
            right = holds_gold(a, " ".join(c.display for c in answerer.select(ordered, a.most)))
        if a.kind == "followup":
            f.followups += 1
            f.followups_right += right
        else:
            f.questions += 1
            f.answered_right += right
            f.top1_gold += top1
            f.rule_answered_right += a.right
    return f


def best_close(train: list[Asked], weights: np.ndarray) -> float:
    """The closeness (in the learned scale) that answers most training questions right."""
    def right(close: float) -> int:
        f = figures(train, LearnedOrder(weights, close))
        return f.answered_right + f.followups_right

    return max(_CLOSE_GRID, key=right)


def orders(train: list[Asked], l2: float) -> dict[str, LearnedOrder]:
    m = matrix(train)
    learned = fit(m, l2, dropped=("rule_score",))
    correction = fit(m, l2, free=("rule_score",))
    rule = FEATURES.index("rule_score")
    return {"learned": LearnedOrder(learned, best_close(train, learned)),
            "correction": LearnedOrder(correction / correction[rule], _RULE_CLOSE)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=["fastapi", "httpx", "poetry"])
    parser.add_argument("--xquad", type=Path, default=SHARED_EVAL / "xquad-en" / "xquad.en.json")
    parser.add_argument("--cache", type=Path, default=Path(".citeline-eval") / "unit-order")
    parser.add_argument("--l2", type=float, nargs="+", default=[3.0])
    parser.add_argument("--write", type=Path, help="Write the chosen variant fitted on every set here.")
    parser.add_argument("--variant", choices=("learned", "correction"), default="correction")
    args = parser.parse_args()

    docs = {name: cached(name, args.cache, lambda name=name: ask_docs(name)) for name in args.sets}
    xquad = cached("xquad", args.cache, lambda: ask_xquad(args.xquad))
    xquad_train = [a for a in xquad if a.half == 0]
    xquad_test = [a for a in xquad if a.half == 1]
    result: dict = {"features": len(FEATURES), "loso": {}}
    for l2 in args.l2:
        table = {}
        for left in args.sets:
            train = [a for name in args.sets if name != left for a in docs[name]] + xquad_train
            fitted = orders(train, l2)
            table[left] = {"rule": figures(docs[left], None).__dict__,
                           **{v: {**figures(docs[left], o).__dict__, "close": o.close} for v, o in fitted.items()}}
        everything = [a for name in args.sets for a in docs[name]] + xquad_train
        fitted = orders(everything, l2)
        table["xquad_odd"] = {"rule": figures(xquad_test, None).__dict__,
                              **{v: figures(xquad_test, o).__dict__ for v, o in fitted.items()}}
        result["loso"][str(l2)] = table
        if args.write:
            order = fitted[args.variant]
            args.write.write_text(order.to_json(
                fitted_on=f"{' '.join(args.sets)} docs sets + XQuAD-en even articles (bench/unit_order_fit.py)",
                variant=args.variant, l2=l2))
    emit("unit_order_fit", result)


if __name__ == "__main__":
    # Through the module's own name: the cache pickles `Asked` as bench.unit_order_fit.Asked, not __main__'s.
    from bench import unit_order_fit

    unit_order_fit.main()

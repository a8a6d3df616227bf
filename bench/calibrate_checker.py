"""Calibrate the citation checker's support score on XQuAD; prints JSON.

Pairs (claim, passage), scored exactly as the checker scores them (claim encoded alone; passage
sentences pooled in context as ingest stores them; content-word overlap with the passage):
  supported   - the gold answer's sentence vs its own paragraph, and a question+answer claim
                ("<question> <answer>.", the shape of a generated answer) vs its own paragraph;
  unsupported - the same claims vs another paragraph of the same article that does not contain
                the answer (same topic), and a question+wrong-answer claim (the answer of a question
                from another article) vs the question's own paragraph (right topic, wrong fact).
Thresholds and the overlap weight are chosen on the even-numbered articles (max F0.5: passing an
unsupported sentence costs more than falling back) and reported on the odd-numbered ones, twice:
"before" scores alone, "after" with the contradiction rules (rag/contradiction.py) refusing a pair
whose claim contradicts the paragraph sentence closest to it, as the checker does.

    python -m bench.calibrate_checker [--squad FILE] [--limit-articles N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401
from rag.bm25 import query_terms
from rag.checker import overlap_share, support_score
from rag.contradiction import find_contradiction
from rag.embeddings import get_embedder
from rag.sentences import split_sentences
from ui.settings import Settings

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "xquad-en" / "xquad.en.json"
WEIGHTS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0]


@dataclass(frozen=True, slots=True)
class Pair:
    """One (claim, paragraph) pair as the checker would score it."""

    article: int
    kind: str  # gold_sentence | question_answer | question_wrong_answer
    label: int  # 1: the paragraph supports the claim
    cosine: float
    overlap: float
    contradiction: str | None  # the rule that refuses it, if any
    claim: str
    sentence: str  # the paragraph sentence closest to the claim
    paragraph: str


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def build_pairs(path: Path, limit_articles: int | None, seed: int = 0):
    data = json.loads(path.read_text(encoding="utf-8"))["data"][:limit_articles]
    embedder = get_embedder()
    rng = random.Random(seed)
    paragraphs = []  # (article, context, sentences, vectors, terms)
    claims = []  # (article, own paragraph index, kind, text, answer)
    for a, article in enumerate(data):
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            sentences = split_sentences(context)
            _, [vectors] = embedder.encode_passages([context], [[(s.start, s.end) for s in sentences]])
            p = len(paragraphs)
            paragraphs.append((a, context, sentences, vectors, frozenset(query_terms(context))))
            for qa in paragraph["qas"]:
                gold = qa["answers"][0]
                start = gold["answer_start"]
                sentence = next((s for s in sentences if s.start <= start < s.end), None)
                if sentence is not None:
                    claims.append((a, p, "gold_sentence", sentence.text, gold["text"]))
                claims.append((a, p, "question_answer", f"{qa['question'].rstrip('?')} {gold['text']}.", gold["text"]))
                claims.append((a, p, "question_wrong_answer", qa["question"].rstrip("?"), gold["text"]))
    answers = [(c[0], c[4]) for c in claims if c[2] == "question_answer"]
    for i, (a, p, kind, text, answer) in enumerate(claims):
        if kind == "question_wrong_answer":
            context = _normal(paragraphs[p][1])
            wrong = rng.choice([w for b, w in answers if b != a and _normal(w) not in context])
            claims[i] = (a, p, kind, f"{text} {wrong}.", wrong)
    vectors = embedder.encode([c[3] for c in claims])
    pairs = []
    for (a, p, kind, text, answer), v in zip(claims, vectors):
        terms = set(query_terms(text))
        if kind == "question_wrong_answer":
            targets = [(p, 0)]
        else:
            others = [i for i, q in enumerate(paragraphs) if q[0] == a and i != p and _normal(answer) not in _normal(q[1])]
            targets = [(p, 1)] + ([(rng.choice(others), 0)] if others else [])
        for target, label in targets:
            _, context, sentences, pv, pterms = paragraphs[target]
            cosines = pv @ v
            best = int(np.argmax(cosines))
            contradiction = find_contradiction(text, sentences[best].text, context)
            pairs.append(Pair(a, kind, label, float(cosines[best]), overlap_share(terms, pterms),
                              contradiction.rule if contradiction else None, text, sentences[best].text, context))
    return pairs, len(data), len(claims)


def _metrics(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    predicted = scores >= threshold
    tp = int((predicted & (labels == 1)).sum())
    fp = int((predicted & (labels == 0)).sum())
    fn = int((~predicted & (labels == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f05 = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f0_5": round(f05, 4), "f1": round(f1, 4)}


def scores(pairs: list[Pair], weight: float, rules: bool) -> np.ndarray:
    """Support scores; with `rules`, a contradicted pair scores -inf (refused at any threshold)."""
    out = support_score(np.array([p.cosine for p in pairs]), np.array([p.overlap for p in pairs]), weight)
    if rules:
        out[np.array([p.contradiction is not None for p in pairs])] = -np.inf
    return out


def held_out(pairs: list[Pair]) -> list[Pair]:
    return [p for p in pairs if p.article % 2 == 1]


def evaluate(pairs: list[Pair], weight: float, threshold: float, rules: bool) -> dict:
    """Held-out precision/recall and pass rates at one weight and threshold, with or without the rules."""
    held = held_out(pairs)
    labels = np.array([p.label for p in held])
    kinds = np.array([p.kind for p in held])
    s = scores(held, weight, rules)
    return {
        "held_out": _metrics(labels, s, threshold),
        # Share of held-out pairs the checker passes as supported, by claim and truth.
        "held_out_pass_rate": {
            f"{kind}/{'supported' if label else 'unsupported'}": round(float((s[sel] >= threshold).mean()), 4)
            for kind in ("gold_sentence", "question_answer", "question_wrong_answer")
            for label in (1, 0)
            if (sel := (kinds == kind) & (labels == label)).any()
        },
    }


def calibrate(pairs: list[Pair], rules: bool) -> dict:
    """The weight and threshold with the best F0.5 on the tuning half, and what they give held out."""
    tuning = [p for p in pairs if p.article % 2 == 0]
    labels = np.array([p.label for p in tuning])
    best = None
    for w in WEIGHTS:
        s = scores(tuning, w, rules)
        for t in np.arange(0.3, 2.5, 0.01):
            m = _metrics(labels, s, t)
            if best is None or m["f0_5"] > best[0]:
                best = (m["f0_5"], w, round(float(t), 2), m)
    _, w, t, tuned = best
    return {"overlap_weight": w, "threshold": t, "tuned_on": tuned, **evaluate(pairs, w, t, rules)}


def rule_counts(pairs: list[Pair]) -> dict:
    """How often each rule refused a held-out pair, by label: refusals of supported pairs cost recall."""
    counts = Counter((p.contradiction, p.label) for p in held_out(pairs) if p.contradiction)
    return {f"{rule}/{'supported' if label else 'unsupported'}": n for (rule, label), n in sorted(counts.items())}


def report(pairs: list[Pair], settings: Settings) -> dict:
    labels = np.array([p.label for p in pairs])
    tune = np.array([p.article % 2 == 0 for p in pairs])
    cosine = np.array([p.cosine for p in pairs])
    # For comparison: the best cosine-only threshold on the tuning half, scored on the held-out half.
    cos_best = max((_metrics(labels[tune], cosine[tune], c)["f0_5"], c) for c in np.arange(0.3, 1.0, 0.01))
    w, t = settings.support_overlap_weight, settings.support_threshold
    return {
        # The checker as configured (rag/settings.py): scores alone, then with the contradiction rules.
        "configured": {"overlap_weight": w, "threshold": t,
                       "before": evaluate(pairs, w, t, rules=False), "after": evaluate(pairs, w, t, rules=True)},
        # The weight and threshold each would choose on the tuning half.
        "retuned": {"before": calibrate(pairs, rules=False), "after": calibrate(pairs, rules=True)},
        "held_out_refused_by_rule": rule_counts(pairs),
        "held_out_cosine_only": {"threshold": round(float(cos_best[1]), 2),
                                 **_metrics(labels[~tune], cosine[~tune], cos_best[1])},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=Path, default=DEFAULT)
    parser.add_argument("--limit-articles", type=int, default=None)
    args = parser.parse_args()
    pairs, articles, claims = build_pairs(args.squad, args.limit_articles)
    result = {"dataset": args.squad.name, "articles": articles, "claims": claims, "pairs": len(pairs),
              "supported_pairs": sum(p.label for p in pairs), **report(pairs, Settings())}
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()

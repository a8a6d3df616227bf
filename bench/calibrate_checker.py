"""Calibrate the citation checker's support score on XQuAD; prints JSON.

Pairs (claim, passage), scored exactly as the checker scores them (claim encoded alone; passage
sentences pooled in context as ingest stores them; content-word overlap with the passage):
  supported   - the gold answer's sentence vs its own paragraph, and a question+answer claim
                ("<question> <answer>.", the shape of a generated answer) vs its own paragraph;
  unsupported - the same claims vs another paragraph of the same article that does not contain
                the answer (same topic), and a question+wrong-answer claim (the answer of a question
                from another article) vs the question's own paragraph (right topic, wrong fact).
Thresholds and the overlap weight are chosen on the even-numbered articles (max F0.5: passing an
unsupported sentence costs more than falling back) and reported on the odd-numbered ones.

    python -m bench.calibrate_checker [--squad FILE] [--limit-articles N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401
from rag.bm25 import query_terms
from rag.checker import overlap_share, support_score
from rag.embeddings import get_embedder
from rag.sentences import split_sentences

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "xquad-en" / "xquad.en.json"
WEIGHTS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0]


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
            if np.isnan(vectors).any():  # past the model's length limit: encode those alone
                missing = np.isnan(vectors[:, 0])
                vectors[missing] = embedder.encode([s.text for s, m in zip(sentences, missing) if m])
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
    pairs = []  # (article, kind, label, cosine, overlap)
    for (a, p, kind, text, answer), v in zip(claims, vectors):
        terms = set(query_terms(text))
        if kind == "question_wrong_answer":
            targets = [(p, 0)]
        else:
            others = [i for i, q in enumerate(paragraphs) if q[0] == a and i != p and _normal(answer) not in _normal(q[1])]
            targets = [(p, 1)] + ([(rng.choice(others), 0)] if others else [])
        for target, label in targets:
            _, _, _, pv, pterms = paragraphs[target]
            cosine = float(np.max(pv @ v))
            overlap = overlap_share(terms, pterms)
            pairs.append((a, kind, label, cosine, overlap))
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


def calibrate(pairs) -> dict:
    arr = np.array([(a % 2, label, cos, ov) for a, _, label, cos, ov in pairs], dtype=float)
    kinds = np.array([k for _, k, _, _, _ in pairs])
    tune, held = arr[:, 0] == 0, arr[:, 0] == 1
    best = None
    for w in WEIGHTS:
        scores = support_score(arr[:, 2], arr[:, 3], w)
        for t in np.arange(0.3, 2.5, 0.01):
            m = _metrics(arr[tune, 1], scores[tune], t)
            if best is None or m["f0_5"] > best[0]:
                best = (m["f0_5"], w, round(float(t), 2))
    _, w, t = best
    scores = support_score(arr[:, 2], arr[:, 3], w)
    report = {
        "overlap_weight": w,
        "threshold": t,
        "tuned_on": _metrics(arr[tune, 1], scores[tune], t),
        "held_out": _metrics(arr[held, 1], scores[held], t),
        # Share of held-out pairs the checker passes as supported, by claim and truth.
        "held_out_pass_rate": {
            f"{kind}/{'supported' if label else 'unsupported'}": round(float((scores[sel] >= t).mean()), 4)
            for kind in ("gold_sentence", "question_answer", "question_wrong_answer")
            for label in (1, 0)
            if (sel := held & (kinds == kind) & (arr[:, 1] == label)).any()
        },
        "held_out_cosine_only": None,
    }
    # For comparison: the best cosine-only threshold on the tuning half, scored on the held-out half.
    cos_best = max((( _metrics(arr[tune, 1], arr[tune, 2], c)["f0_5"], c) for c in np.arange(0.3, 1.0, 0.01)))
    report["held_out_cosine_only"] = {"threshold": round(float(cos_best[1]), 2),
                                      **_metrics(arr[held, 1], arr[held, 2], cos_best[1])}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=Path, default=DEFAULT)
    parser.add_argument("--limit-articles", type=int, default=None)
    args = parser.parse_args()
    pairs, articles, claims = build_pairs(args.squad, args.limit_articles)
    result = {"dataset": args.squad.name, "articles": articles, "claims": claims, "pairs": len(pairs),
              "supported_pairs": sum(p[2] for p in pairs), **calibrate(pairs)}
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()

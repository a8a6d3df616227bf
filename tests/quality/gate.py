"""The gate's slices and floors, read from gate.toml, and the comparison of measured figures with them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

GATE_FILE = Path(__file__).with_name("gate.toml")


class ScifactGate(BaseModel):
    split: str
    queries: int
    documents: int
    mode: str
    floors: dict[str, float]


class XquadGate(BaseModel):
    article_step: int
    floors: dict[str, float]
    ceilings: dict[str, float]


class DocsGate(BaseModel):
    set: str  # a docs-QA set (questions.jsonl), relative to the repository; its corpus/ sits next to it
    floors: dict[str, float]
    ceilings: dict[str, float]


class CheckerGate(BaseModel):
    articles: int
    floors: dict[str, float]


class Gate(BaseModel):
    scifact: ScifactGate
    xquad: XquadGate
    docs: DocsGate
    checker: CheckerGate


def load_gate(path: Path = GATE_FILE) -> Gate:
    with open(path, "rb") as fh:
        return Gate.model_validate(tomllib.load(fh))


@dataclass(frozen=True)
class Check:
    figure: str
    measured: float
    bound: float
    at_least: bool  # a floor; otherwise a ceiling

    @property
    def passed(self) -> bool:
        return self.measured >= self.bound if self.at_least else self.measured <= self.bound

    def __str__(self) -> str:
        return f"{self.figure} = {self.measured} ({'floor' if self.at_least else 'ceiling'} {self.bound})"


def compare(measured: dict[str, float], floors: dict[str, float], ceilings: dict[str, float] | None = None) -> list[Check]:
    """One check per bound; a bound naming a figure the report lacks is a KeyError, not a pass."""
    checks = [Check(name, measured[name], bound, True) for name, bound in floors.items()]
    checks += [Check(name, measured[name], bound, False) for name, bound in (ceilings or {}).items()]
    return checks


def assert_passed(measured: str, checks: list[Check]) -> None:
    failed = [str(c) for c in checks if not c.passed]
    assert not failed, f"{measured} under its quality floors: " + "; ".join(failed)

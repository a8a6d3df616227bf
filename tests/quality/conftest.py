"""The gate's bounds, and the report every gate test adds its figures to."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from tests.conftest import ROOT
from tests.quality.gate import Check, load_gate


@pytest.fixture(scope="session")
def gate():
    return load_gate()


@pytest.fixture(scope="session")
def record():
    """Writes every measured slice, its bounds and verdicts to test-output/quality.json as they arrive."""
    (ROOT / "test-output").mkdir(exist_ok=True)
    path = ROOT / "test-output" / "quality.json"
    path.unlink(missing_ok=True)  # never report an older run's figures as this one's
    figures: dict[str, dict] = {}

    def write(name: str, report, checks: list[Check]) -> None:
        figures[name] = {
            "report": asdict(report),
            "checks": [{**asdict(c), "passed": c.passed} for c in checks],
            "passed": all(c.passed for c in checks),
        }
        path.write_text(json.dumps(figures, indent=2) + "\n")

    return write

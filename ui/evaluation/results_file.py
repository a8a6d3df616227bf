"""An evaluation's per-item results file: one JSON object a line, each a result dataclass's fields."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any


def write_results(results: Iterable[Any], path: Path) -> None:
    """Write `results` (dataclass instances) to `path`, one a line, its folder made when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")

"""An engine on a cached evaluation index, and a record of what its answerer chose each answer from.

The bench studies of answer units (unit_misses, unit_likelihood_study) ask real questions through
the real Engine and need the candidates the answerer scored, which the answer itself does not carry.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def engine_on(source: Path, ingest: Callable[[Any], object]):
    """An Engine on `citeline eval`'s cached index of `source` (a corpus folder or a SQuAD file),
    built first by `ingest(ingest_settings)` when missing or stale."""
    from rag.engine import Engine
    from ui.cli import _settings
    from ui.evaluation.retrieval import default_eval_index

    settings = _settings()
    settings = settings.model_copy(update={"index": default_eval_index(source, settings)})
    ingest(settings.ingest)
    return Engine(settings.engine)


class Recorder:
    """Wraps one method of an answerer: `take()` gives what `keep` made of the latest call's
    arguments (then forgets it), or `default` when the method was not called (an abstention
    before scoring, say)."""

    def __init__(self, answerer: object, method: str, keep: Callable[..., object]) -> None:
        self._last: object | None = None
        wrapped = getattr(answerer, method)

        def recorded(*args: Any, **kwargs: Any) -> Any:
            self._last = keep(*args, **kwargs)
            return wrapped(*args, **kwargs)

        setattr(answerer, method, recorded)

    def take(self, default: object) -> Any:
        last, self._last = self._last, None
        return default if last is None else last

"""The documentation-QA set: one question per JSONL line, with gold phrases and the file that answers it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError, model_validator

from ingest.datasets import DatasetError
from rag.engine import ANSWER_MARK
from rag.types import Message

# followup_unanswerable: an elliptic follow-up the pages don't answer; right is abstaining (issue 14).
Kind = Literal["answerable", "unanswerable", "followup", "followup_unanswerable"]
NO_GOLD_KINDS = ("unanswerable", "followup_unanswerable")
FOLLOWUP_KINDS = ("followup", "followup_unanswerable")
QuestionType = Literal["howto", "what", "comparison", "list", "why", "who-when-number"]

Item = TypeVar("Item", bound=BaseModel)

# Markdown emphasis and code marks are presentation: `python-multipart` and python-multipart are the same answer.
_MARKUP = re.compile(r"[`*]")


def fold(text: str) -> str:
    """Case, whitespace, citation markers and Markdown emphasis/code marks folded away, for phrase matching."""
    return " ".join(_MARKUP.sub("", ANSWER_MARK.sub("", text)).lower().split())


def contains_gold(text: str, phrases: list[str]) -> bool:
    folded = fold(text)
    return any(fold(p) in folded for p in phrases)


class DocsQAItem(BaseModel):
    """One question of the set. Follow-ups (answerable or not) carry the earlier turns; unanswerables of
    either kind have no gold."""

    id: str
    kind: Kind
    question: str = Field(min_length=1)
    history: list[Message] = Field(default_factory=list, description="Earlier turns, oldest first (follow-ups).")
    gold_phrases: list[str] = Field(default_factory=list, max_length=4,
                                    description="A correct answer contains at least one (see fold()).")
    gold_path: str | None = Field(None, description="The answering file, relative to the corpus folder.")
    question_type: QuestionType

    @model_validator(mode="after")
    def _consistent(self) -> DocsQAItem:
        if self.kind in NO_GOLD_KINDS:
            if self.gold_phrases or self.gold_path:
                raise ValueError(f"an {self.kind} item has no gold_phrases or gold_path")
        elif not self.gold_phrases or not self.gold_path:
            raise ValueError(f"a {self.kind} item needs 1-4 gold_phrases and a gold_path")
        if (self.kind in FOLLOWUP_KINDS) != bool(self.history):
            raise ValueError("history is required for follow-ups and only for them")
        if self.history and self.history[-1].role != "assistant":
            raise ValueError("history must end with the assistant's turn")
        return self


def load_set(path: Path) -> list[DocsQAItem]:
    """Every item of a JSONL file; a bad line is reported with its file and line number."""
    return load_jsonl(path, DocsQAItem)


def load_jsonl(path: Path, model: type[Item]) -> list[Item]:
    """Every line of a JSONL file as `model` (which has an `id`); a bad line or a repeated id is
    reported with its file and line number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    items: list[Item] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = model.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "item"
            raise DatasetError(f"{path}:{number}: {where}: {first['msg']}") from None
        if item.id in seen:
            raise DatasetError(f"{path}:{number}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items

"""Public benchmark formats read as documents, so they go through the same ingest as any corpus."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ingest.loaders import LoadedDocument

PARAGRAPH_SEPARATOR = "\n\n"


class DatasetError(Exception):
    """A benchmark file that is missing or malformed; the message names the file."""


def _jsonl(path: Path) -> Iterator[dict]:
    if not path.exists():
        raise DatasetError(f"{path}: file not found")
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DatasetError(f"{path}:{number}: invalid JSON ({exc.msg})") from None


def beir_corpus(folder: Path) -> Iterator[tuple[str, LoadedDocument]]:
    """(BEIR `_id`, document) pairs; the title is kept apart so it can be embedded with each chunk."""
    for row in _jsonl(folder / "corpus.jsonl"):
        try:
            doc_id, text = str(row["_id"]), row.get("text") or ""
        except KeyError:
            raise DatasetError(f"{folder / 'corpus.jsonl'}: a row has no _id") from None
        title = (row.get("title") or "").strip()
        if text.strip() or title:
            yield doc_id, LoadedDocument(text=text if text.strip() else title, title=title or doc_id, kind="beir")


def beir_queries(folder: Path) -> dict[str, str]:
    return {str(row["_id"]): row["text"] for row in _jsonl(folder / "queries.jsonl")}


def beir_qrels(folder: Path, split: str) -> dict[str, dict[str, int]]:
    path = folder / "qrels" / f"{split}.tsv"
    if not path.exists():
        raise DatasetError(f"{path}: no qrels for split '{split}'")
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        for row in reader:
            if not row or row[0] == "query-id":
                continue
            if len(row) < 3:
                raise DatasetError(f"{path}: expected query-id, corpus-id, score columns")
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    return qrels


@dataclass(frozen=True, slots=True)
class SquadQuestion:
    qid: str
    question: str
    article: str  # the document name
    answer: str
    answer_start: int  # in the joined article text
    paragraph_start: int
    paragraph_end: int


@dataclass(frozen=True, slots=True)
class SquadSet:
    """A SQuAD file as documents and located questions, with how many gold offsets had to be mended."""

    documents: list[tuple[str, LoadedDocument]]
    questions: list[SquadQuestion]
    repointed: int  # answer_start was off; moved to the nearest occurrence of the answer in its paragraph
    skipped: int  # the answer text is not in its paragraph at all


def _locate(context: str, answer: str, claimed: int) -> int | None:
    """Where `answer` stands in `context`: at `claimed` if it is there, else its nearest occurrence."""
    if context[claimed : claimed + len(answer)] == answer:
        return claimed
    found = [m.start() for m in re.finditer(re.escape(answer), context)] if answer else []
    return min(found, key=lambda start: abs(start - claimed)) if found else None


def read_squad(path: Path) -> SquadSet:
    """Each article becomes one document (its paragraphs joined), with questions located in it.

    Real SQuAD-format files have a few answer offsets that are off by some characters: such a question
    is re-pointed to the nearest occurrence of its answer, or skipped when its paragraph lacks it.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DatasetError(f"{path}: not a SQuAD file ({type(exc).__name__})") from None
    documents: list[tuple[str, LoadedDocument]] = []
    questions: list[SquadQuestion] = []
    repointed = skipped = 0
    for number, article in enumerate(data):
        name = f"{number:03d}_{article.get('title', 'article')}"
        parts: list[str] = []
        offset = 0
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            for qa in paragraph["qas"]:
                gold = qa["answers"][0]
                start = _locate(context, gold["text"], int(gold["answer_start"]))
                if start is None:
                    skipped += 1
                    continue
                repointed += start != gold["answer_start"]
                questions.append(
                    SquadQuestion(qa["id"], qa["question"], name, gold["text"], offset + start,
                                  offset, offset + len(context))
                )
            parts.append(context)
            offset += len(context) + len(PARAGRAPH_SEPARATOR)
        title = article.get("title", name).replace("_", " ")
        documents.append((name, LoadedDocument(text=PARAGRAPH_SEPARATOR.join(parts), title=title, kind="squad")))
    return SquadSet(documents, questions, repointed, skipped)


def squad_articles(path: Path) -> tuple[list[tuple[str, LoadedDocument]], list[SquadQuestion]]:
    """The documents and questions of `read_squad`."""
    squad = read_squad(path)
    return squad.documents, squad.questions

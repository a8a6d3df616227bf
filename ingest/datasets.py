"""Public benchmark formats read as documents, so they go through the same ingest as any corpus."""

from __future__ import annotations

import csv
import json
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


def squad_articles(path: Path) -> tuple[list[tuple[str, LoadedDocument]], list[SquadQuestion]]:
    """Each article becomes one document (its paragraphs joined), with questions located in it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DatasetError(f"{path}: not a SQuAD file ({type(exc).__name__})") from None
    documents: list[tuple[str, LoadedDocument]] = []
    questions: list[SquadQuestion] = []
    for number, article in enumerate(data):
        name = f"{number:03d}_{article.get('title', 'article')}"
        parts: list[str] = []
        offset = 0
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            for qa in paragraph["qas"]:
                gold = qa["answers"][0]
                if context[gold["answer_start"] : gold["answer_start"] + len(gold["text"])] != gold["text"]:
                    raise DatasetError(f"{path}: question {qa.get('id')}: answer_start does not point at the answer")
                questions.append(
                    SquadQuestion(qa["id"], qa["question"], name, gold["text"], offset + gold["answer_start"],
                                  offset, offset + len(context))
                )
            parts.append(context)
            offset += len(context) + len(PARAGRAPH_SEPARATOR)
        title = article.get("title", name).replace("_", " ")
        documents.append((name, LoadedDocument(text=PARAGRAPH_SEPARATOR.join(parts), title=title, kind="squad")))
    return documents, questions

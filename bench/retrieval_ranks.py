"""Where retrieval puts the first passage holding a gold phrase, for each answerable question of a
docs-QA set: under the hybrid fusion, the encoder alone and BM25 alone, with recall at 1/3/5/10 and
the mean reciprocal rank of each.

`citeline eval docs` reports one bit per question (do the top 3 passages hold gold?); a change to
what is embedded or indexed moves ranks by one or two places long before it moves that bit, and
these ranks say which side moved (docs/quality.md, "Retrieval ceiling, second round"). Follow-ups
are left out: their retrieval depends on how the conversation is resolved, not only on the index.
The index is the cached evaluation index `eval docs` uses (built here when missing or stale).

    python -m bench.retrieval_ranks --set bench/data/docsqa/poetry/questions.jsonl
"""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import emit
from rag.engine import Engine
from rag.types import Chunk
from ui.evaluation.docsqa_set import DocsQAItem, contains_gold, load_set
from ui.evaluation.indexes import ingest_folder
from ui.evaluation.retrieval import default_eval_index
from ui.settings import Settings

DEPTH = 100  # candidates each side returns, as the retriever's own default
NOT_FOUND = DEPTH + 1  # the rank given a question whose gold no passage within DEPTH holds


@dataclass(frozen=True)
class QuestionRanks:
    id: str
    question: str
    fused: int
    dense: int
    bm25: int


@dataclass(frozen=True)
class SideSummary:
    recall_at_1: float
    recall_at_3: float
    recall_at_5: float
    recall_at_10: float
    mrr: float

    @classmethod
    def of(cls, ranks: list[int]) -> "SideSummary":
        def recall(k: int) -> float:
            return round(sum(r <= k for r in ranks) / len(ranks), 4)

        mrr = sum(1 / r for r in ranks if r <= DEPTH) / len(ranks)
        return cls(recall(1), recall(3), recall(5), recall(10), round(mrr, 4))


def first_gold(ranked: list[str], chunks: dict[str, Chunk], phrases: list[str]) -> int:
    """The 1-based rank of the first chunk holding a gold phrase, NOT_FOUND when none does."""
    return next((n for n, cid in enumerate(ranked, 1) if cid in chunks and contains_gold(chunks[cid].text, phrases)),
                NOT_FOUND)


def _by_score(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda cid: (-scores[cid], cid))


def question_ranks(engine: Engine, item: DocsQAItem) -> QuestionRanks:
    retriever = engine.retriever
    retrieval = retriever.retrieve(item.question, DEPTH)
    dense = _by_score(retriever.dense(retrieval.query_vector, DEPTH))
    sparse = _by_score(retriever.sparse(item.question, DEPTH))
    chunks = {hit.chunk.chunk_id: hit.chunk for hit in retrieval.hits}
    chunks |= engine.store.catalog.chunks([cid for cid in dense + sparse if cid not in chunks])
    return QuestionRanks(
        item.id, item.question,
        first_gold([hit.chunk.chunk_id for hit in retrieval.hits], chunks, item.gold_phrases),
        first_gold(dense, chunks, item.gold_phrases),
        first_gold(sparse, chunks, item.gold_phrases),
    )


def measure(set_file: Path, corpus: Path, settings: Settings) -> dict:
    items = [item for item in load_set(set_file) if item.kind == "answerable"]
    report = ingest_folder(corpus, settings.ingest)
    if report.failed:
        raise SystemExit(f"{report.failed[0].path}: could not be ingested ({report.failed[0].error})")
    engine = Engine(settings.engine)
    try:
        ranks = [question_ranks(engine, item) for item in items]
    finally:
        engine.close()
    return {
        "set": str(set_file),
        "questions": len(ranks),
        "fused": asdict(SideSummary.of([r.fused for r in ranks])),
        "dense": asdict(SideSummary.of([r.dense for r in ranks])),
        "bm25": asdict(SideSummary.of([r.bm25 for r in ranks])),
        "ranks": [asdict(r) for r in ranks],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, required=True, help="questions.jsonl of a docs-QA set")
    parser.add_argument("--corpus", type=Path, help="its documents (default: corpus/ next to the set)")
    parser.add_argument("--index", type=Path, help="cache index (default: the one `eval docs` uses)")
    args = parser.parse_args()
    corpus = args.corpus or args.set.parent / "corpus"
    settings = Settings()
    settings = settings.model_copy(update={"index": args.index or default_eval_index(corpus, settings)})
    emit(f"retrieval_ranks_{args.set.parent.name}", measure(args.set, corpus, settings))


if __name__ == "__main__":
    main()

"""`citeline eval retrieval`: BEIR-format benchmarks, metrics from ranx."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from ingest.datasets import beir_corpus, beir_qrels, beir_queries
from rag.engine import Engine
from ui.evaluation.index_build import DEFAULT_CACHE_DIR
from ui.evaluation.indexes import ingest_beir
from ui.evaluation.metrics import score_run
from ui.evaluation.slicing import BeirSlice, select_beir
from ui.settings import Settings

# The folder a documentation-QA set keeps its documents in, next to its questions.
DOCS_CORPUS = "corpus"
# Chunks fetched per query so that 100 distinct documents survive the max-per-document step.
_CHUNK_DEPTH = 300


@dataclass
class RetrievalReport:
    dataset: str
    split: str
    queries: int
    documents: int
    chunks: int
    ingest_seconds: float
    embedded_chunks: int  # chunks this run's ingest encoded (0 when the cached index was current)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # mode -> metric -> value
    query_ms: dict[str, float] = field(default_factory=dict)  # mode -> mean ms per query


def default_eval_index(dataset: Path, settings: Settings) -> Path:
    """A cache per dataset folder, next to the default index, so a second run re-embeds nothing.
    A documentation-QA set's corpus/ is cached inside its set's own folder (`docs_set_folder`)."""
    if dataset.resolve().name == DOCS_CORPUS:
        return docs_set_folder(dataset) / "index"
    return Path(DEFAULT_CACHE_DIR) / f"{dataset.resolve().name}-{_key(dataset)}"


def docs_set_folder(corpus: Path) -> Path:
    """Where everything `eval docs` keeps of one documentation-QA set: its index and its per-item
    results, in `.citeline-eval/<set>-<hash>/`, named by the set's folder (`bench/data/docsqa/fastapi/
    corpus` -> `fastapi-…`). Every set's corpus/ is named alike: under a `corpus-<hash>` name one set's
    results sat beside every other's, held-out ones included, and could be read by mistake."""
    resolved = corpus.resolve()
    named = resolved.parent.name if resolved.name == DOCS_CORPUS else resolved.name
    return Path(DEFAULT_CACHE_DIR) / f"{named}-{_key(corpus)}"


def _key(dataset: Path) -> str:
    return hashlib.sha256(str(dataset.resolve()).encode()).hexdigest()[:10]


def doc_run(engine: Engine, query: str, vector, mode: str, depth: int = 100) -> dict[str, float]:
    """Document scores for one query: a document scores as its best chunk."""
    retrieval = engine.retrieve(query, _CHUNK_DEPTH, mode=mode, query_vector=vector)
    scores: dict[str, float] = {}
    for hit in retrieval.hits:
        name = hit.chunk.path
        if name not in scores:
            scores[name] = hit.score
            if len(scores) >= depth:
                break
    return scores


def evaluate_retrieval(
    dataset: Path, split: str, modes: list[str], settings: Settings, size: BeirSlice | None = None,
    fresh: bool = False,
) -> RetrievalReport:
    """`size` evaluates a fixed slice (see ui.evaluation.slicing); the index then holds only its documents.
    `fresh`: build the cached index again from nothing first."""
    queries = beir_queries(dataset)
    qrels = beir_qrels(dataset, split)
    corpus = beir_corpus(dataset)
    if size is not None:
        documents = list(corpus)
        chosen = select_beir(qrels, (doc_id for doc_id, _ in documents), size)
        qrels = {qid: rels for qid, rels in qrels.items() if qid in chosen.query_ids}
        corpus = ((doc_id, doc) for doc_id, doc in documents if doc_id in chosen.document_ids)
    queries = {qid: text for qid, text in queries.items() if qid in qrels}
    ingest = ingest_beir(dataset, settings.ingest, corpus, fresh)
    settings = settings.model_copy(update={"candidates": max(settings.candidates, _CHUNK_DEPTH)})
    engine = Engine(settings.engine)
    status = engine.status()
    docs, chunks = status.documents, status.chunks
    report = RetrievalReport(dataset.name, split, len(queries), docs, chunks, round(ingest.seconds, 1),
                             ingest.chunks - ingest.reused)
    qids = sorted(queries)
    vectors = engine.encode_queries([queries[q] for q in qids])
    for mode in modes:
        started = time.perf_counter()
        run = {qid: doc_run(engine, queries[qid], vec, mode) for qid, vec in zip(qids, vectors)}
        report.query_ms[mode] = round((time.perf_counter() - started) * 1000 / max(len(qids), 1), 2)
        report.scores[mode] = score_run(qrels, run)
    engine.close()
    return report

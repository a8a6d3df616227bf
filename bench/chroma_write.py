"""What Chroma's `documents=` costs: add throughput and disk size of a fresh PersistentClient
collection with and without the chunk texts (Citeline's catalog already keeps them).

    python -m bench.chroma_write [--vectors 20000] [--source INDEX] [--cache DIR]

Vectors and texts: the first `--vectors` of bench.query_latency's grown index of that size (real
SciFact chunks, perturbed copies beyond the source). HNSW settings: rag.store.HNSW. Chroma keeps a
document in its metadata segment (SQLite) and in an FTS5 full-text index over it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import emit


def _disk_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def add_once(folder: Path, ids: list[str], vectors: np.ndarray, texts: list[str] | None) -> dict:
    import chromadb
    from chromadb.api.client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    from rag.store import HNSW

    client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
    batch = client.get_max_batch_size()
    collection = client.create_collection("write", configuration={"hnsw": HNSW})
    t = time.perf_counter()
    for i in range(0, len(ids), batch):
        collection.add(ids=ids[i : i + batch], embeddings=vectors[i : i + batch],
                       documents=texts[i : i + batch] if texts is not None else None)
    seconds = time.perf_counter() - t
    SharedSystemClient.clear_system_cache()
    return {"documents": texts is not None, "seconds": round(seconds, 1), "vectors_per_s": round(len(ids) / seconds, 1),
            "disk_mb": _disk_mb(folder), "chroma_sqlite_mb": round((folder / "chroma.sqlite3").stat().st_size / 1e6, 1),
            "batch": batch}


def main() -> None:
    from bench.query_latency import add_source_arguments, grown_indexes, source_from

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_source_arguments(parser)
    parser.add_argument("--vectors", type=int, default=20000)
    args = parser.parse_args()

    index = grown_indexes(source_from(args), [args.vectors], args.cache)[args.vectors]
    ids = json.loads((index / "vector_ids.json").read_text())
    vectors = np.load(index / "vectors.npy")
    con = sqlite3.connect(f"file:{index / 'catalog.sqlite3'}?mode=ro", uri=True)
    text_of = dict(con.execute("SELECT chunk_id, text FROM chunks"))
    con.close()
    texts = [text_of[i] for i in ids]
    runs = []
    for with_documents in (False, True):
        folder = Path(tempfile.mkdtemp(prefix="chroma-write-", dir=args.cache))
        try:
            runs.append(add_once(folder, ids, vectors, texts if with_documents else None))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    without, with_docs = runs
    emit("chroma_write", {
        "vectors": len(ids), "text_mb": round(sum(len(t.encode()) for t in texts) / 1e6, 1), "runs": runs,
        "ratio_seconds_with_documents": round(with_docs["seconds"] / without["seconds"], 2),
        "extra_disk_mb_with_documents": round(with_docs["disk_mb"] - without["disk_mb"], 1),
    })


if __name__ == "__main__":
    main()

"""What collections cost the catalog, beside what writing documents costs in the same run.

A synthetic catalog of N documents (3 chunks each, with sentence vectors) is written document by
document (`put_document`, as an ingest does); then the membership steps an ingest or a listing
adds: every document joining the collection it is in already (a re-ingest that changed nothing),
every document joining a second collection (`ingest --collection other` of the same folder), a
first page and the counts of one collection, and `collections()`.

    python -m bench.collection_membership [--documents 20000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import emit
from rag.catalog import Catalog
from rag.types import Chunk, DocumentRecord


def _document(i: int) -> tuple[DocumentRecord, list[Chunk]]:
    doc_id = f"d{i:07d}"
    chunks = [Chunk(chunk_id=f"{doc_id}-{j}", doc_id=doc_id, path=f"p{i:07d}.txt", title="t", index=j,
                    start=0, end=14, text="some text here", page=None) for j in range(3)]
    record = DocumentRecord(doc_id=doc_id, path=f"p{i:07d}.txt", root="/corpus", title="t", content_hash="h",
                            chunks=3, ingested_at=time.time(), kind="text")
    return record, chunks


def _seconds(step) -> float:
    started = time.perf_counter()
    step()
    return round(time.perf_counter() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    args = parser.parse_args()
    vectors = np.zeros((2, 384), np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Catalog(Path(tmp) / "catalog.sqlite3")

        def write_all() -> None:
            for i in range(args.documents):
                record, chunks = _document(i)
                catalog.put_document(record, "some text here", chunks, {c.chunk_id: vectors for c in chunks})

        ids = [f"d{i:07d}" for i in range(args.documents)]
        put = _seconds(write_all)
        rejoin = _seconds(lambda: catalog.join("default", ids))
        second = _seconds(lambda: catalog.join("other", ids))
        page = _seconds(lambda: catalog.documents(limit=100, collections=("other",)))
        counts = _seconds(lambda: catalog.counts(("other",)))
        listing = _seconds(catalog.collections)
        catalog.close()
    # Names `make bench`'s regression check reads: `*_seconds` are times (up is worse); a share of
    # the write is neither a time nor a rate ("ratio_*" would read as higher-is-better).
    emit("collection_membership", {
        "documents": args.documents, "put_documents_seconds": put,
        "rejoin_same_collection_seconds": rejoin, "join_second_collection_seconds": second,
        "rejoin_share_of_put": round(rejoin / put, 4), "second_join_share_of_put": round(second / put, 4),
        "first_page_of_collection_seconds": page, "counts_of_collection_seconds": counts,
        "collections_listing_seconds": listing,
    })


if __name__ == "__main__":
    main()

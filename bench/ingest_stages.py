"""Where ingest time goes on a folder of PDFs: parse, readability check, OCR, chunking, encoding,
writing (Chroma + catalog), BM25. Each stage's function is wrapped with a timer for one real ingest.

The folder: `--text` text PDFs of `--pages` SciFact abstracts each, plus `--scans` one-page scans.

    python -m bench.ingest_stages [--text 10] [--pages 20] [--scans 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

from rag import env  # noqa: F401

from bench.common import emit
from bench.pdf_readability import _abstracts
from ingest import pdf_recovery, pipeline, write_session
from rag.embeddings import _BatchEncoder, get_embedder
from ui.settings import Settings
from tests.corpus_files import write_pdf
from tests.pdf_samples import SCAN_PAGES, write_scanned_pdf

SPENT: dict[str, float] = defaultdict(float)


def _timed(stage: str, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[stage] += time.perf_counter() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=int, default=10)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--scans", type=int, default=2)
    args = parser.parse_args()
    abstracts = _abstracts(args.text * args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(args.text):
            write_pdf(corpus / f"paper{i}.pdf", abstracts[i * args.pages : (i + 1) * args.pages])
        for i in range(args.scans):
            write_scanned_pdf(corpus / f"scan{i}.pdf", [SCAN_PAGES[i % len(SCAN_PAGES)]])
        settings = Settings(index=Path(tmp) / "index")
        # Model load and warm-up outside the timing, as in the other ingest benches.
        get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache)
        with ExitStack() as stack:
            for target, name, stage in [
                (pipeline, "load", "load (all parsing)"),
                (pdf_recovery, "assess", "readability check"),
                (pdf_recovery, "_ocr", "OCR (render + tesseract)"),
                (pipeline, "split_into_chunks", "chunking"),
                (_BatchEncoder, "encode_passages", "encoding"),
                (write_session.WriteSession, "flush", "write (encoding + Chroma + catalog)"),
                (write_session, "update_bm25", "BM25"),
            ]:
                stack.enter_context(mock.patch.object(target, name, _timed(stage, getattr(target, name))))
            started = time.perf_counter()
            report = pipeline.ingest([corpus], settings)
            total = time.perf_counter() - started
    stages = {stage: {"seconds": round(s, 3), "share": round(s / total, 4)} for stage, s in SPENT.items()}
    emit("ingest_stages", {
        "files": args.text + args.scans, "text_pages": args.text * args.pages, "scanned_pages": args.scans,
        "added": report.added, "failed": len(report.failed), "warnings": len(report.warnings),
        "total_seconds": round(total, 3),
        "note": "stages nest: the check and OCR are inside load; encoding is inside write",
        "stages": stages,
    })


if __name__ == "__main__":
    main()

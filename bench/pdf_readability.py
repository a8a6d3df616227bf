"""What the readability check and OCR fallback cost: PDF loading pages/s with and without them.

- text PDFs (SciFact abstracts, many pages each): the loader as it was (pypdf only) against the
  loader with the readability check, runs interleaved, best of `--repeat`; the check's own time;
- the re-flow's price: pypdf's text extraction as the loader did it before the re-flow (plain
  `extract_text`, pages joined) against today's (text visitor + re-flow into blocks), process time,
  runs interleaved, best and median of `--repeat`;
- scanned PDFs (generated, tests/pdf_samples.py): pages/s through the loader, OCR included.

    python -m bench.pdf_readability [--files 10] [--pages 20] [--repeat 5] [--scan-pages 4]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from bench.common import SHARED_EVAL, emit
from ingest import pdf_recovery
from ingest.loaders import load
from ingest.text_quality import assess
from tests.corpus_files import write_pdf
from tests.pdf_samples import SCAN_PAGES, write_scanned_pdf

LIMIT = 500_000_000


def _abstracts(count: int) -> list[str]:
    texts = []
    with open(SHARED_EVAL / "scifact" / "corpus.jsonl") as fh:
        for line in fh:
            # The PDF core font is Latin-1 only.
            texts.append(json.loads(line)["text"].encode("latin-1", "replace").decode("latin-1"))
            if len(texts) == count:
                break
    return texts


def _timed_load(files: list[Path]) -> float:
    started = time.perf_counter()
    for f in files:
        load(f, LIMIT)
    return time.perf_counter() - started


def _extract_before_reflow(files: list[Path]) -> None:
    from pypdf import PdfReader

    for f in files:
        "\n\n".join(page.extract_text() or "" for page in PdfReader(f).pages)


def _extract_reflowed(files: list[Path]) -> None:
    from pypdf import PdfReader

    from ingest.pdf_text import read_page, reflow_pages

    for f in files:
        reflow_pages([read_page(page) for page in PdfReader(f).pages])


def _paired_cpu_seconds(files: list[Path], flip: bool) -> tuple[float, float]:
    """Process time of the two extractions, file by file side by side (the first one alternating),
    so that the load other jobs put on the machine falls on both alike."""
    before = after = 0.0
    for f in files:
        for which in ((1, 0) if flip else (0, 1)):
            started = time.process_time()
            (_extract_reflowed if which else _extract_before_reflow)([f])
            spent = time.process_time() - started
            before, after = (before, after + spent) if which else (before + spent, after)
    return before, after


def _best_and_median(seconds: list[float]) -> dict:
    return {"best": round(min(seconds), 4), "median": round(statistics.median(seconds), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scan-pages", type=int, default=4)
    args = parser.parse_args()
    abstracts = _abstracts(args.files * args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        files = [write_pdf(Path(tmp) / f"paper{i}.pdf", abstracts[i * args.pages : (i + 1) * args.pages])
                 for i in range(args.files)]
        pages = args.files * args.pages
        without, with_check, before_reflow, reflowed = [], [], [], []
        for _ in range(args.repeat):
            with mock.patch.object(pdf_recovery, "ensure_readable", lambda path, doc: doc):
                without.append(_timed_load(files))
            with_check.append(_timed_load(files))
            spent = _paired_cpu_seconds(files, flip=len(before_reflow) % 2 == 1)
            before_reflow.append(spent[0])
            reflowed.append(spent[1])
        texts = [load(f, LIMIT).text for f in files]
        started = time.perf_counter()
        for text in texts:
            for page in text.split("\n\n"):
                assess(page)
        check_seconds = time.perf_counter() - started

        scan = write_scanned_pdf(Path(tmp) / "scan.pdf", [SCAN_PAGES[i % 3] for i in range(args.scan_pages)])
        started = time.perf_counter()
        load(scan, LIMIT)
        scan_seconds = time.perf_counter() - started
    emit("pdf_readability", {
        "text_pdf": {
            "files": args.files, "pages": pages,
            "pages_per_s_without_check": round(pages / min(without), 1),
            "pages_per_s_with_check": round(pages / min(with_check), 1),
            "overhead_percent": round(100 * (min(with_check) / min(without) - 1), 2),
            "check_ms_per_page": round(1000 * check_seconds / pages, 3),
        },
        "reflow": {
            "pages": pages,
            "cpu_s_before_reflow": _best_and_median(before_reflow),
            "cpu_s_reflowed": _best_and_median(reflowed),
            "overhead_percent_best": round(100 * (min(reflowed) / min(before_reflow) - 1), 2),
            "overhead_percent_median": round(
                100 * (statistics.median(reflowed) / statistics.median(before_reflow) - 1), 2),
            "overhead_percent_median_of_paired_runs": round(
                100 * (statistics.median(a / b for a, b in zip(reflowed, before_reflow)) - 1), 2),
        },
        "scanned_pdf": {"pages": args.scan_pages, "pages_per_s": round(args.scan_pages / scan_seconds, 3)},
    })


if __name__ == "__main__":
    main()

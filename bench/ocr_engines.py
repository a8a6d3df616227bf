"""OCR engines compared on generated scans: character error rate against the known text, pages/s.

Each page of known prose is rendered at the given dpi, skewed, noised and JPEG-compressed like a
flatbed scan (tests/pdf_samples.py), then read back by each engine.

    python -m bench.ocr_engines [--dpi 200] [--pages 6]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import emit
from ingest.ocr import ENGINES, recognise
from tests.pdf_samples import SCAN_PAGES, character_error_rate, render_pages, write_scanned_pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--pages", type=int, default=6)
    args = parser.parse_args()
    texts = [SCAN_PAGES[i % len(SCAN_PAGES)] for i in range(args.pages)]
    with tempfile.TemporaryDirectory() as tmp:
        scan = write_scanned_pdf(Path(tmp) / "scan.pdf", texts, dpi=args.dpi)
        # Rendered back at the scan's own resolution, as the loader does.
        images = render_pages(scan.read_bytes(), args.dpi)
    results = {}
    for name in ENGINES:
        recognise(images[0], name)  # warm-up: model load, process start
        started = time.perf_counter()
        pages = [recognise(image, name) for image in images]
        seconds = time.perf_counter() - started
        rates = [character_error_rate(t, p.text) for t, p in zip(texts, pages)]
        results[name] = {
            "pages": len(images),
            "pages_per_s": round(len(images) / seconds, 3),
            "cer_mean": round(sum(rates) / len(rates), 4),
            "cer_max": round(max(rates), 4),
            "words_with_boxes": sum(len(p.words) for p in pages),
        }
    emit("ocr_engines", {"dpi": args.dpi, "engines": results})


if __name__ == "__main__":
    main()

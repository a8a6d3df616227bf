"""The titles of MyST `{ref}` targets at scale: a catalog of N Markdown pages of ~30 kB (one in ten with a target
line over a heading), 20 labels looked up per request as a passage full of `{ref}` roles asks. Times the first
request (one read of the pages holding a target) and the next three (the catalog unchanged), and writes them as
JSON (docs/performance.md, "`{ref}` titles").

    python -m bench.ref_titles_lookup --pages 3000 --out /tmp/ref_titles.json"""

import argparse
import json
import tempfile
import time
from pathlib import Path

from rag.catalog import Catalog
from rag.ref_titles import RefTargets, ref_titles
from rag.types import Chunk, DocumentRecord

_PARAGRAPH = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. " * 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        catalog = Catalog(Path(folder) / "catalog.sqlite3")
        megabytes = 0
        for i in range(args.pages):
            text = (f"(label{i})=\n# Section {i}\n\n" if i % 10 == 0 else "") + (_PARAGRAPH + "\n\n") * 10
            megabytes += len(text) / 1e6
            record = DocumentRecord(doc_id=f"d{i}", path=f"p{i:05}.md", root="r", title="t", content_hash=str(i),
                                    chunks=1, ingested_at=0.0, kind="markdown")
            catalog.put_document(record, text, [Chunk(chunk_id=f"d{i}-0", doc_id=record.doc_id, path=record.path,
                                                      title="t", index=0, start=0, end=10, text=text[:10])])
        labels = [f"label{i}" for i in range(0, min(args.pages, 400), 20)]
        targets = RefTargets(catalog)
        seconds = []
        for _ in range(4):
            start = time.perf_counter()
            found = ref_titles(targets, labels)
            seconds.append(time.perf_counter() - start)
        catalog.close()
    result = {"pages": args.pages, "megabytes": round(megabytes, 1), "labels": len(labels), "found": len(found),
              "first_request_s": round(seconds[0], 4), "next_requests_s": [round(s, 5) for s in seconds[1:]]}
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

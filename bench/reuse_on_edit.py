"""Re-ingest after a one-sentence edit in every long document: how many chunk vectors are reused.

    python -m bench.reuse_on_edit [--paragraphs 20] [--docs 12]

Documents are runs of XQuAD-en contexts (one paragraph each); the edit appends a sentence to the
middle paragraph, so every chunk after it moves (new offsets and ids) with its text unchanged.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL, emit


def write(corpus: Path, docs: list[list[str]], edited: bool) -> None:
    for n, paras in enumerate(docs):
        paras = list(paras)
        if edited:
            paras[len(paras) // 2] += " An editor added this sentence later."
        (corpus / f"doc{n:03d}.txt").write_text("\n\n".join(paras) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=20, help="XQuAD contexts per document")
    parser.add_argument("--docs", type=int, default=12)
    args = parser.parse_args()

    from ingest.pipeline import ingest
    from ui.settings import Settings

    data = json.loads((SHARED_EVAL / "xquad-en" / "xquad.en.json").read_text())
    contexts = [p["context"] for a in data["data"] for p in a["paragraphs"]]
    step = args.paragraphs
    docs = [contexts[i : i + step] for i in range(0, len(contexts) - step + 1, step)][: args.docs]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        settings = Settings(index=Path(tmp) / "index")
        write(corpus, docs, edited=False)
        full = ingest([corpus], settings)
        write(corpus, docs, edited=True)
        edit = ingest([corpus], settings)
    emit("reuse_on_edit", {
        "documents": len(docs),
        "full_chunks": full.chunks,
        "full_seconds": round(full.seconds, 2),
        "edit_chunks": edit.chunks,
        "edit_reused": edit.reused,
        "edit_seconds": round(edit.seconds, 2),
        "edit_percent_of_full": round(100 * edit.seconds / full.seconds, 1),
    })


if __name__ == "__main__":
    main()

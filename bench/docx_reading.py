"""What the faithful .docx reader finds and costs on real files, against python-docx's body walk (the
reader before it: body paragraphs and table cells only), runs interleaved, best of `--repeat`.

    python -m bench.docx_reading --folder DIR [--repeat 3]
    python -m bench.docx_reading --large 20000 [--repeat 3]

DIR: any folder of real .docx files (docs/ingest.md names the set measured); --large N: one generated
file of N paragraphs and a table of N/7 rows instead.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import emit
from ingest.loaders import load

LIMIT = 500_000_000


def _body_walk(path: Path) -> str:
    """The text python-docx's document model gives: body paragraphs, then each table cell's text."""
    import docx
    from docx.table import Table

    parts = []
    for item in docx.Document(str(path)).iter_inner_content():
        if isinstance(item, Table):
            parts.extend(" | ".join(c.text.strip() for c in row.cells if c.text.strip()) for row in item.rows)
        else:
            parts.append(item.text.strip())
    return "\n\n".join(p for p in parts if p)


def _faithful(path: Path) -> str:
    return load(path, LIMIT).text


def _run(reader, files: list[Path]) -> tuple[float, dict[str, int]]:
    chars: dict[str, int] = {}
    started = time.perf_counter()
    for f in files:
        try:
            chars[f.name] = len(reader(f))
        except Exception:  # both readers meet the same files; a file either refuses counts as no text
            chars[f.name] = -1
    return time.perf_counter() - started, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--large", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.large:
        with tempfile.TemporaryDirectory() as tmp:
            _measure([_large(Path(tmp) / "large.docx", args.large)], args.repeat, "docx_reading_large")
    elif args.folder:
        _measure(sorted(args.folder.glob("*.docx")), args.repeat, "docx_reading")
    else:
        parser.error("give --folder DIR or --large N")


def _large(path: Path, paragraphs: int) -> Path:
    from tests.docx_files import para, table, write_docx_xml

    body = "".join(para(f"Paragraph {i} says the harbor logged {i} ships before the storm.") for i in range(paragraphs))
    return write_docx_xml(path, body + table(*[[f"Port {i}", str(i), "March"] for i in range(paragraphs // 7)],
                                             header_rows=1))


def _measure(files: list[Path], repeat: int, name: str) -> None:
    times: dict[str, list[float]] = {"body_walk": [], "faithful": []}
    chars: dict[str, dict[str, int]] = {}
    for _ in range(repeat):
        for reader_name, reader in (("body_walk", _body_walk), ("faithful", _faithful)):
            seconds, chars[reader_name] = _run(reader, files)
            times[reader_name].append(seconds)
    result = {"files": len(files)}
    for reader_name in times:
        got = chars[reader_name].values()
        result[reader_name] = {
            "best_seconds": round(min(times[reader_name]), 3),
            "files_with_text": sum(1 for c in got if c > 0),
            "files_empty_or_failed": sum(1 for c in got if c <= 0),
            "characters": sum(c for c in got if c > 0),
        }
    result["time_ratio_faithful_to_body_walk"] = round(min(times["faithful"]) / min(times["body_walk"]), 2)
    result["gained_text"] = sorted(n for n in chars["faithful"] if chars["faithful"][n] > 0 >= chars["body_walk"][n])
    emit(name, result)


if __name__ == "__main__":
    main()

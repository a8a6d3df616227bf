"""How every question of the named docs-QA sets is typed, one line each, to diff a change to
rag/question_type.py before and after (typing changes move answers and follow-ups: they must be deliberate).

    python -m bench.question_types --set fastapi [--set httpx ...] > types.tsv

Prints per question, tab-separated: the set and file, its id, the kind, the category and the noun asked (with
its qualifiers), the version asked of, the subject, whether it asks what something does, the case, the question.
"""

from __future__ import annotations

import argparse
import json

from bench.common import DOCSQA
from rag.question_type import question_type


def lines(name: str) -> list[str]:
    """One line per question of set `name`: its questions file, then its follow-up files."""
    folder = DOCSQA / name
    files = [folder / "questions.jsonl"] + sorted(folder.glob("followups-*.jsonl"))
    out = []
    for path in files:
        for row in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(row)
            t = question_type(item["question"])
            out.append("\t".join([f"{name}/{path.stem}", str(item.get("id")), t.kind, f"cat={t.category}",
                                  f"asked={' '.join(t.qualifiers + (t.asked,)).strip()}", f"ver={t.version}",
                                  f"subj={t.subject}", f"does={t.does}", f"case={t.case}", item["question"]]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", required=True)
    args = parser.parse_args()
    for name in args.set:
        print("\n".join(lines(name)))


if __name__ == "__main__":
    main()

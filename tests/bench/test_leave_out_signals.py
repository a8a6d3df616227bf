"""bench/leave_out_signals.py: the signals read from a row and the table's counts (no index needed)."""

from bench.leave_out_signals import RULES, content_terms, pairs, table


def test_asked_word_pairs_are_adjacent_content_words():
    asked = pairs("How do I skip the test and docs dependency groups when installing?", content_only=True)
    assert ("depend", "group") in asked
    # "skip the test": a stop word between two words breaks the pair; how it asks is no content.
    assert ("skip", "test") not in asked and not any("skip" in p for p in asked)
    assert ("depend", "group") in pairs("Dependency groups are optional.")
    assert ("depend", "group") not in pairs("Groups of dependencies are optional.")
    assert content_terms("Managing dependencies › Dependency groups") == {"manag", "depend", "group"}


def _row(role, kind, right, pages, best, other, set_name="httpx", row_id="a01"):
    read = [{"path": f"p{n % pages}.md", "heading": "", "score": 0.5} for n in range(5)]
    units = [{"path": "p0.md", "heading": "", "score": best, "text": ""},
             {"path": "p1.md", "heading": "", "score": other, "text": ""}]
    return {"set": set_name, "role": role, "fold": 1 if role == "in-domain" else 0, "id": row_id, "kind": kind,
            "question": "", "abstained": False, "right": right, "answer": "", "read": read, "units": units,
            "cited_headings": [], "asked_pairs": 1, "pairs_read": 1, "pairs_indexed": 1, "heading_shares": True}


def test_the_table_counts_negatives_caught_and_right_answers_declined_per_set():
    rows = [_row("in-domain", "answerable", False, 5, 0.7, 0.69),
            _row("in-domain", "answerable", False, 2, 0.9, 0.5),
            _row("full", "answerable", True, 5, 0.75, 0.6, "mkdocs", "a21"),
            _row("full", "answerable", True, 1, 0.95, 0.0, "mkdocs", "a22"),
            _row("full", "unanswerable", False, 5, 0.6, 0.59)]
    by_rule = {line["rule"]: line for line in table(rows)}
    assert set(by_rule) == set(RULES)
    dispersed = by_rule["5 pages and best unit < 0.8"]
    assert dispersed["negatives"] == "1/2" and dispersed["unanswerables"] == "1/1"
    assert dispersed["right_declined"] == {"httpx": [], "mkdocs": ["a21"]}
    assert by_rule["gap to another page's best unit < 0.05"]["right_declined"]["mkdocs"] == []

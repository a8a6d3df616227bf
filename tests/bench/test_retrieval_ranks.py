"""`python -m bench.retrieval_ranks`: the rank of the first gold passage under fusion, the encoder and BM25."""

from __future__ import annotations

import json

import pytest

from bench.retrieval_ranks import NOT_FOUND, SideSummary, measure

PAGES = {
    "logs.md": "# Logs\n\nKiln writes its build log to build.log. Rotate the log by setting max_bytes in kiln.toml.\n",
    "themes.md": "# Themes\n\nKiln themes live in the themes folder. Pick one with the theme key in kiln.toml.\n",
    "deploy.md": "# Deploying\n\nKiln copies the built site to any static host with the kiln deploy command.\n",
}
ITEMS = [
    {"id": "a1", "kind": "answerable", "question": "How do I rotate the build log?", "gold_phrases": ["max_bytes"],
     "gold_path": "logs.md", "question_type": "howto"},
    {"id": "a2", "kind": "answerable", "question": "Where do themes live?", "gold_phrases": ["themes folder"],
     "gold_path": "themes.md", "question_type": "what"},
    # Gold that no page holds: found nowhere, and counted as such rather than dropped.
    {"id": "a3", "kind": "answerable", "question": "How do I deploy?", "gold_phrases": ["rsync --delete"],
     "gold_path": "deploy.md", "question_type": "howto"},
    {"id": "u1", "kind": "unanswerable", "question": "Does Kiln render LaTeX?", "question_type": "what"},
    {"id": "f1", "kind": "followup", "question": "And where is it written?", "gold_phrases": ["build.log"],
     "gold_path": "logs.md", "question_type": "what",
     "history": [{"role": "user", "content": "Does Kiln keep a log?"}, {"role": "assistant", "content": "Yes."}]},
]


def test_summary_counts_a_question_found_nowhere_as_a_miss():
    summary = SideSummary.of([1, 3, NOT_FOUND])
    assert (summary.recall_at_1, summary.recall_at_3, summary.recall_at_10) == (0.3333, 0.6667, 0.6667)
    assert summary.mrr == pytest.approx((1 + 1 / 3) / 3, abs=1e-4)


def test_ranks_on_a_real_index_of_a_small_site(tmp_path, make_settings, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in PAGES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("".join(json.dumps(item) + "\n" for item in ITEMS), encoding="utf-8")

    result = measure(questions, corpus, make_settings())

    ranks = {r["id"]: r for r in result["ranks"]}
    assert set(ranks) == {"a1", "a2", "a3"} and result["questions"] == 3  # answerables only
    assert ranks["a1"]["fused"] == ranks["a1"]["bm25"] == 1 and ranks["a2"]["dense"] == 1
    assert ranks["a3"] == {"id": "a3", "question": "How do I deploy?", "fused": NOT_FOUND, "dense": NOT_FOUND,
                           "bm25": NOT_FOUND}
    assert result["fused"]["recall_at_1"] == round(2 / 3, 4)

"""`citeline eval abstain --docs`: documentation questions asked with their page left out of the index."""

import json

from typer.testing import CliRunner

from tests.ui.evaluation.test_abstain import _documents
from ui.cli import app
from ui.evaluation.docs_negatives import folds
from ui.evaluation.docsqa_set import DocsQAItem
from ui.evaluation.retrieval import default_eval_index
from ui.settings import Settings

PAGES = {
    "lighthouses.md": "# Lighthouses\n\nThe Pharos of Alexandria was built in the third century BC.\n\n"
                      "Modern lighthouses use LED lamps and need no keepers.\n",
    "glaciers.md": "# Glaciers\n\nThe Aletsch Glacier is the largest glacier in the Alps.\n\n"
                   "It is 23 kilometres long.\n",
    "jazz.md": "# Jazz\n\nLouis Armstrong was a trumpeter born in New Orleans in 1901.\n\n"
               "Bebop developed in the 1940s in New York clubs.\n",
    # Says again what the lighthouse page says about lamps: that question is no negative.
    "harbours.md": "# Harbours\n\nHarbour lights, like lighthouses, now use LED lamps.\n\n"
                   "Rotterdam is the largest port in Europe.\n",
}
ITEMS = [
    ("a1", "When was the Pharos of Alexandria built?", ["third century BC"], "lighthouses.md"),
    ("a2", "What lamps do modern lighthouses use?", ["LED lamps"], "lighthouses.md"),
    ("a3", "How long is the Aletsch Glacier?", ["23 kilometres"], "glaciers.md"),
    ("a4", "Where was Louis Armstrong born?", ["New Orleans"], "jazz.md"),
    ("a5", "What is the largest port in Europe?", ["Rotterdam"], "harbours.md"),
]


def _item(id_, question, phrases, path) -> DocsQAItem:
    return DocsQAItem(id=id_, kind="answerable", question=question, gold_phrases=phrases, gold_path=path,
                      question_type="what")


def _write_set(tmp_path):
    corpus = tmp_path / "tiny" / "corpus"
    corpus.mkdir(parents=True)
    for name, text in PAGES.items():
        (corpus / name).write_text(text)
    unanswerable = DocsQAItem(id="u1", kind="unanswerable", question="Who painted the Mona Lisa?", question_type="who-when-number")
    lines = [_item(*i).model_dump_json() for i in ITEMS] + [unanswerable.model_dump_json()]
    set_file = tmp_path / "tiny" / "questions.jsonl"
    set_file.write_text("\n".join(lines) + "\n")
    return set_file


def test_folds_deal_every_gold_page_once():
    items = [_item(*i) for i in ITEMS]
    dealt = folds(items, 3)
    assert [f.number for f in dealt] == [1, 2, 3] and all(f.of == 3 for f in dealt)
    assert sorted(p for f in dealt for p in f.left_out) == sorted(PAGES)
    assert len(folds(items, 10)) == 4  # never more folds than pages


def test_eval_abstain_docs_keeps_only_true_negatives_and_reports_them(tmp_path, monkeypatch, embedder):
    set_file = _write_set(tmp_path)
    monkeypatch.chdir(tmp_path)  # the eval caches live in ./.citeline-eval
    results = tmp_path / "docs-negatives.jsonl"
    out = CliRunner().invoke(app, ["eval", "abstain", "--docs", str(set_file), "--folds", "3",
                                   "--results", str(results), "--json"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.stdout)
    rows = [json.loads(line) for line in results.read_text().splitlines()]

    # Each fold's index is the full one without its pages (the lighthouse page leaves with the
    # glacier page, the harbour page alone); the full index keeps all four.
    full = default_eval_index(set_file.parent / "corpus", Settings())
    assert _documents(full) == sorted(PAGES)
    for fold in folds([_item(*i) for i in ITEMS], 3):
        assert not {"lighthouses.md", "harbours.md"} <= set(fold.left_out)
        left = full.with_name(f"{full.name}-leaveout-{fold.number}of3")
        assert _documents(left) == sorted(set(PAGES) - set(fold.left_out))

    # "LED lamps" is on the harbour page too: asked without the lighthouse page, it can still be
    # answered right, so it is no negative. The unanswerable item is no answerable to leave out.
    negatives = [r for r in rows if r["role"] == "in-domain"]
    assert sorted(r["id"] for r in negatives) == ["a1", "a3", "a4", "a5"]
    positives = [r for r in rows if r["role"] == "answerable"]
    assert sorted(r["id"] for r in positives) == ["a1", "a2", "a3", "a4", "a5"]
    assert all(r["fold"] == 0 for r in positives) and all(r["fold"] in (1, 2, 3) for r in negatives)
    assert all("best_score" in r["signals"] for r in rows)
    # What abstaining costs on the smaller indexes: the answerables whose page a fold keeps.
    dealt = {f.number: f.left_out for f in folds([_item(*i) for i in ITEMS], 3)}
    kept = [r for r in rows if r["role"] == "kept-in-fold"]
    assert len(kept) == sum(5 - sum(i[3] in left for i in ITEMS) for left in dealt.values()) == 10
    assert all(r["gold_path"] not in dealt[r["fold"]] for r in kept)
    assert all(r["gold_path"] in dealt[r["fold"]] for r in negatives)

    [report] = summary["sets"]
    assert report["dataset"] == "tiny" and report["folds"] == 3 and report["pages_left_out"] == 4
    assert report["negatives_built"] == 5 and report["true_negatives"] == 4 and report["answerables"] == 5
    abstained_negatives = sum(r["abstained"] for r in negatives)
    wrong = sum(r["abstained"] for r in positives)
    assert report["in_domain_recall"] == round(abstained_negatives / 4, 4)
    assert report["wrong_abstention"] == round(wrong / 5, 4)
    assert report["answered_right"] == round(sum(r["contains_gold"] for r in positives) / 5, 4)
    assert report["kept_in_fold"] == 10
    assert report["kept_in_fold_wrong_abstention"] == round(sum(r["abstained"] for r in kept) / 10, 4)
    assert summary["in_domain_recall"] == report["in_domain_recall"]

    # A second run reuses the leave-out copies and measures the same.
    again = CliRunner().invoke(app, ["eval", "abstain", "--docs", str(set_file), "--folds", "3",
                                     "--results", str(results), "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["sets"] == summary["sets"]


def test_eval_abstain_docs_names_a_missing_set_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "nowhere" / "questions.jsonl"
    out = CliRunner().invoke(app, ["eval", "abstain", "--docs", str(missing)])
    assert out.exit_code == 2
    assert out.stderr.strip() == f"error: {missing}: file not found"


def test_eval_abstain_docs_names_a_set_without_its_corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    set_file = _write_set(tmp_path)
    (set_file.parent / "corpus").rename(tmp_path / "elsewhere")
    out = CliRunner().invoke(app, ["eval", "abstain", "--docs", str(set_file)])
    assert out.exit_code == 2
    assert out.stderr.strip() == f"error: {set_file.parent / 'corpus'}: not a folder (the corpus of {set_file})"


def test_eval_abstain_docs_is_not_mixed_with_the_cross_corpus_sets(tmp_path):
    set_file = _write_set(tmp_path)
    out = CliRunner().invoke(app, ["eval", "abstain", "--docs", str(set_file), "--squad", str(set_file)])
    assert out.exit_code == 2
    assert "--docs is measured on its own" in out.stderr
    out = CliRunner().invoke(app, ["eval", "abstain"])
    assert out.exit_code == 2 and "give --squad and --beir (or --docs)" in out.stderr

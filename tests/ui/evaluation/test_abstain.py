"""`citeline eval abstain` on a tiny SQuAD file and a tiny BEIR set: groups, the left-out split, the rates."""

import json

from typer.testing import CliRunner

from ui.settings import Settings
from rag.store import Store
from ui.cli import app
from ui.evaluation.abstain import half_index
from ui.evaluation.retrieval import default_eval_index

ARTICLES = {
    "Lighthouses": [("The Pharos of Alexandria was built in the third century BC.", "When was the Pharos built?", "third century BC"),
                    ("Modern lighthouses use LED lamps and need no keepers.", "What lamps do modern lighthouses use?", "LED lamps")],
    "Glaciers": [("The Aletsch Glacier is the largest glacier in the Alps.", "What is the largest glacier in the Alps?", "The Aletsch Glacier"),
                 ("The Aletsch Glacier is 23 kilometres long.", "How long is the Aletsch Glacier?", "23 kilometres")],
    "Jazz": [("Louis Armstrong was a trumpeter born in New Orleans in 1901.", "Where was Louis Armstrong born?", "New Orleans"),
             ("Bebop developed in the 1940s in New York clubs.", "When did bebop develop?", "1940s")],
    "Volcanoes": [("Mount Vesuvius buried Pompeii in the year 79.", "Which town did Vesuvius bury?", "Pompeii"),
                  ("Iceland has about thirty active volcanic systems.", "How many active volcanic systems does Iceland have?", "about thirty")],
}
CLAIMS = {
    "d1": ("Insulin resistance in skeletal muscle", "Fat accumulation in muscle cells impairs glucose uptake.",
           "Lipid accumulation in muscle impairs glucose uptake."),
    "d2": ("Antibiotic resistance genes in hospital sewage", "Hospital wastewater carries plasmids spreading resistance.",
           "Plasmids in hospital wastewater spread antibiotic resistance."),
    "d3": ("Vitamin D and bone density", "Vitamin D supplements raise bone mineral density in the elderly.",
           "Vitamin D supplementation increases bone density in older adults."),
}


def _write_sets(tmp_path):
    squad = {"version": "1.1", "data": []}
    for title, paragraphs in ARTICLES.items():
        entry = {"title": title, "paragraphs": []}
        for n, (context, question, answer) in enumerate(paragraphs):
            entry["paragraphs"].append({"context": context, "qas": [{
                "id": f"{title}-{n}", "question": question,
                "answers": [{"text": answer, "answer_start": context.index(answer)}]}]})
        squad["data"].append(entry)
    squad_path = tmp_path / "tiny-squad.json"
    squad_path.write_text(json.dumps(squad))
    beir = tmp_path / "tiny-beir"
    (beir / "qrels").mkdir(parents=True)
    (beir / "corpus.jsonl").write_text("".join(json.dumps({"_id": d, "title": t, "text": x}) + "\n"
                                               for d, (t, x, _) in CLAIMS.items()))
    (beir / "queries.jsonl").write_text("".join(json.dumps({"_id": f"q{d}", "text": c}) + "\n"
                                                for d, (_, _, c) in CLAIMS.items()))
    (beir / "qrels" / "train.tsv").write_text("query-id\tcorpus-id\tscore\n"
                                              + "".join(f"q{d}\t{d}\t1\n" for d in CLAIMS))
    return squad_path, beir


def _documents(index) -> list[str]:
    settings = Settings(index=index)
    from rag.embeddings import get_embedder

    store = Store(index, get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache))
    try:
        return sorted(d.path for d in store.catalog.documents())
    finally:
        store.close()


def test_eval_abstain_asks_every_group_of_its_own_index(tmp_path, monkeypatch, embedder):
    squad, beir = _write_sets(tmp_path)
    monkeypatch.chdir(tmp_path)  # the eval caches live in ./.citeline-eval
    results = tmp_path / "abstain.jsonl"
    out = CliRunner().invoke(app, ["eval", "abstain", "--squad", str(squad), "--beir", str(beir),
                                   "--sample", "3", "--results", str(results), "--json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    rows = [json.loads(line) for line in results.read_text().splitlines()]

    # Leave-one-out: the half index holds the even-numbered articles only, the full one all four.
    settings = Settings()
    assert _documents(default_eval_index(squad, settings)) == ["000_Lighthouses", "001_Glaciers", "002_Jazz",
                                                                "003_Volcanoes"]
    assert _documents(half_index(squad, settings)) == ["000_Lighthouses", "002_Jazz"]
    left_out = [r for r in rows if r["group"] == "xquad-left-out-on-half"]
    assert left_out and all(r["qid"].split("-")[0] in ("Glaciers", "Volcanoes") for r in left_out)
    in_half = [r for r in rows if r["group"] == "xquad-in-index-on-half"]
    assert in_half and all(r["qid"].split("-")[0] in ("Lighthouses", "Jazz") for r in in_half)

    sizes = {g["group"]: g["questions"] for g in report["groups"]}
    assert sizes == {"xquad-on-xquad": 3, "scifact-on-xquad": 3, "scifact-on-scifact": 3, "xquad-on-scifact": 3,
                     "xquad-in-index-on-half": 3, "xquad-left-out-on-half": 3}
    assert len(rows) == sum(sizes.values())

    def rate(groups):
        chosen = [r for r in rows if r["group"] in groups]
        return round(sum(r["abstained"] for r in chosen) / len(chosen), 4)

    assert report["off_topic_recall"] == rate({"scifact-on-xquad", "xquad-on-scifact"})
    assert report["in_domain_recall"] == rate({"xquad-left-out-on-half"})
    assert report["wrong_abstention"] == rate({"xquad-on-xquad"})
    negatives = sum(r["abstained"] for r in rows if r["role"] == "off-topic")
    positives = sum(r["abstained"] for r in rows if r["group"] in ("xquad-on-xquad", "scifact-on-scifact"))
    assert report["off_topic_precision"] == (round(negatives / (negatives + positives), 4) if negatives + positives else 0.0)
    # An answer cites with a score, which is what a calibrated threshold would cut on.
    assert all(r["best_source_score"] is not None for r in rows if not r["abstained"])

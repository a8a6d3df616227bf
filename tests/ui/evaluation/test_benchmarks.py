"""Tiny BEIR and SQuAD sets whose right answers are known by construction, run end to end."""

import json

import pytest

from ui.evaluation.qa import evaluate_qa, normalize
from ui.evaluation.retrieval import evaluate_retrieval

DOCS = {
    "d1": ("Coral reef bleaching under marine heatwaves", "Sea temperature spikes expel symbiotic algae from corals."),
    "d2": ("Insulin resistance in skeletal muscle", "Fat accumulation in muscle cells impairs glucose uptake."),
    "d3": ("Volcanic ash and jet engine failure", "Silicate ash melts inside turbines and blocks cooling holes."),
    "d4": ("Honeybee navigation by polarized light", "Bees read sky polarization patterns to keep their heading."),
    "d5": ("Antibiotic resistance genes in hospital sewage", "Wastewater carries plasmids spreading resistance."),
    "d6": ("Permafrost thaw releases methane", "Thawing soils in the Arctic emit large amounts of methane."),
}


@pytest.fixture
def beir_folder(tmp_path):
    folder = tmp_path / "tiny-beir"
    (folder / "qrels").mkdir(parents=True)
    with open(folder / "corpus.jsonl", "w") as fh:
        for doc_id, (title, text) in DOCS.items():
            fh.write(json.dumps({"_id": doc_id, "title": title, "text": text}) + "\n")
    with open(folder / "queries.jsonl", "w") as fh:
        for i, (title, _) in enumerate(DOCS.values()):
            fh.write(json.dumps({"_id": f"q{i}", "text": title}) + "\n")
    (folder / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"q{i}\t{d}\t1\n" for i, d in enumerate(DOCS))
    )
    return folder


def test_exact_titles_rank_their_documents_first(beir_folder, make_settings, embedder):
    settings = make_settings()
    report = evaluate_retrieval(beir_folder, "test", ["dense", "bm25", "hybrid"], settings)
    assert report.documents == len(DOCS) and report.queries == len(DOCS)
    for mode in ("dense", "bm25", "hybrid"):
        assert report.scores[mode]["mrr@10"] == 1.0, mode
        assert report.scores[mode]["ndcg@10"] == 1.0, mode
    assert report.embedded_chunks == report.chunks
    again = evaluate_retrieval(beir_folder, "test", ["hybrid"], settings)
    # Cached: nothing re-embedded. (It compared ingest seconds, rounded to 0.1 s, and failed once
    # the first ingest of these few documents took 0.1 s as well.)
    assert again.embedded_chunks == 0 and again.chunks == report.chunks


def test_squad_questions_are_answered_and_cited(tmp_path, make_settings, embedder):
    squad = {"version": "1.1", "data": [
        {"title": "Lighthouses", "paragraphs": [
            {"context": "The Pharos of Alexandria was built in the third century BC. It stood for many centuries.",
             "qas": [{"id": "1", "question": "When was the Pharos of Alexandria built?",
                      "answers": [{"text": "third century BC", "answer_start": 42}]}]},
            {"context": "Modern lighthouses use LED lamps. Keepers were replaced by automation in the 1990s.",
             "qas": [{"id": "2", "question": "What replaced lighthouse keepers?",
                      "answers": [{"text": "automation", "answer_start": 56}]}]},
        ]},
        {"title": "Glaciers", "paragraphs": [
            {"context": "The Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long.",
             "qas": [{"id": "3", "question": "What is the largest glacier in the Alps?",
                      "answers": [{"text": "The Aletsch Glacier", "answer_start": 0}]},
                     {"id": "4", "question": "How long is the Aletsch Glacier?",
                      "answers": [{"text": "23 kilometres", "answer_start": 62}]}]},
        ]},
    ]}
    for article in squad["data"]:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                qa["answers"][0]["answer_start"] = paragraph["context"].index(qa["answers"][0]["text"])
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(squad))
    report = evaluate_qa(path, make_settings())
    assert report.questions == 4 and report.documents == 2
    assert report.hit_at_5 == 1.0
    assert report.answer_contains_gold == 1.0
    assert report.citation_correct == 1.0
    assert report.abstained == 0.0
    assert report.latency_p50_ms > 0


def test_squad_normalisation():
    assert normalize("The  Aletsch, Glacier!") == "aletsch glacier"

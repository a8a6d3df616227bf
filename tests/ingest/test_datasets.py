"""Benchmark files as real datasets have them: a few gold offsets are off."""

import json

from ingest.datasets import PARAGRAPH_SEPARATOR, read_squad


def _squad(tmp_path, qas_by_paragraph):
    data = {"data": [{"title": "Gold", "paragraphs": [
        {"context": context, "qas": [
            {"id": qid, "question": f"question {qid}?", "answers": [{"text": answer, "answer_start": start}]}
            for qid, answer, start in qas]}
        for context, qas in qas_by_paragraph]}]}
    path = tmp_path / "squad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_off_offsets_are_repointed_to_the_nearest_occurrence_and_missing_answers_skipped(tmp_path):
    first = "The river is long. The river floods in May."
    second = "Bridges cross it at Hanford and at Dale."
    path = _squad(tmp_path, [
        (first, [("exact", "long", 13), ("off", "river", 22), ("absent", "October", 5)]),
        (second, [("later", "Dale", 30)]),
    ])
    squad = read_squad(path)
    assert (squad.repointed, squad.skipped) == (2, 1)
    assert [q.qid for q in squad.questions] == ["exact", "off", "later"]
    text = squad.documents[0][1].text
    assert text == first + PARAGRAPH_SEPARATOR + second
    for q in squad.questions:
        assert text[q.answer_start : q.answer_start + len(q.answer)] == q.answer
    # "river" occurs at 4 and 23: the claimed 22 is nearest to the second one.
    assert squad.questions[1].answer_start == 23
    assert squad.questions[2].answer_start == len(first) + len(PARAGRAPH_SEPARATOR) + second.index("Dale")

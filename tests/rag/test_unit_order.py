"""The learned order of answer units: its weights file, and the answerer choosing units by it."""

import json

import numpy as np
import pytest

from rag.unit_order import FEATURES, WEIGHTS_FILE, LearnedOrder, UnitOrderError, default_order, features

QUESTION = "Why did operatives relocate their operations?"


def _write(tmp_path, data) -> object:
    path = tmp_path / "order.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_weights_load_by_feature_name(tmp_path):
    order = LearnedOrder.load(_write(tmp_path, {"close": 1.5, "weights": {"cosine": 2.0, "log_chars": -0.5}}))
    assert order.close == 1.5
    assert order.weights[FEATURES.index("cosine")] == 2.0
    assert order.weights[FEATURES.index("log_chars")] == -0.5
    assert np.count_nonzero(order.weights) == 2


def test_written_weights_load_back(tmp_path):
    weights = np.linspace(-1, 1, len(FEATURES))
    path = _write(tmp_path, LearnedOrder(weights, 0.2).to_json(fitted_on="a test"))
    assert np.allclose(LearnedOrder.load(path).weights, weights, atol=1e-6)


@pytest.mark.parametrize("data,says", [
    (None, "not found"),
    ("{not json", "not JSON"),
    ([1, 2], "'weights' object"),
    ({"close": 0.2, "weights": {"cosine": 1.0, "sparkle": 2.0}}, "weights.sparkle: no such feature"),
    ({"close": 0.2, "weights": {"cosine": "high"}}, "weights.cosine: not a finite number"),
    ({"close": 0.2, "weights": {"cosine": True}}, "weights.cosine: not a finite number"),
    ({"weights": {"cosine": 1.0}}, "close: expected a number"),
    ({"close": -1, "weights": {"cosine": 1.0}}, "close: expected a number"),
])
def test_a_bad_weights_file_is_one_line_naming_it(tmp_path, data, says):
    path = tmp_path / "order.json" if data is None else _write(tmp_path, data)
    with pytest.raises(UnitOrderError) as caught:
        LearnedOrder.load(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and says in message and "\n" not in message


def _scored(engine):
    retrieval = engine.retrieve(QUESTION)
    return engine.answerer.scored(retrieval), retrieval


def test_features_spell_out_the_rule_score(sample_engine):
    scored, _ = _scored(sample_engine)
    for c in scored.candidates:
        x = features(c, scored.qtype)
        assert x[FEATURES.index("rule_score")] == c.score
        parts = sum(v for k, v in c.fit.parts.items() if k.startswith("bonus_")) - sum(
            v for k, v in c.fit.parts.items() if not k.startswith("bonus_"))
        assert parts == pytest.approx(c.fit.value)
        assert c.relevance + c.fit.value + c.near == pytest.approx(c.score)


def test_the_answer_is_chosen_by_the_learned_order(sample_engine):
    scored, retrieval = _scored(sample_engine)
    # All weight on brevity: the shortest unit comes first, whatever the rule score says.
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("log_chars")] = -1.0
    shortest = LearnedOrder(weights, 0.0)
    ordered = shortest.ordered(scored.candidates, scored.qtype)
    assert len(ordered[0].display) == min(len(c.display) for c in scored.candidates)
    assert ordered[0].display != scored.candidates[0].display
    answerer = sample_engine.answerer
    shipped = answerer.order
    try:
        answerer.order = None
        rule_answer = answerer.compose(scored, retrieval)
        answerer.order = shortest
        learned_answer = answerer.compose(scored, retrieval)
    finally:
        answerer.order = shipped
    # Same abstention decision (made on the rule score), another unit shown.
    assert not rule_answer.abstained and not learned_answer.abstained
    assert ordered[0].display in [s.text for s in learned_answer.sentences]
    assert learned_answer.answer != rule_answer.answer


def test_the_engine_orders_units_by_the_kept_weights_when_told(sample_index):
    from rag.engine import Engine
    from ui.settings import Settings

    shipped = LearnedOrder.load(WEIGHTS_FILE)
    # A correction of the rule score on its scale: the rule score weighs one.
    assert shipped.weights[FEATURES.index("rule_score")] == 1.0
    assert np.count_nonzero(shipped.weights) > 1
    rule = Engine(Settings(index=sample_index, unit_order="rule").engine)
    learned = Engine(Settings(index=sample_index, unit_order="learned").engine)
    try:
        assert learned.answerer.order is default_order()
        assert rule.answerer.order is None
        scored, _ = _scored(learned)
        ordered = learned.answerer.order.ordered(scored.candidates, scored.qtype)
        expected = [shipped.weights @ features(c, scored.qtype) for c in scored.candidates]
        assert [c.order_score for c in ordered] == pytest.approx(sorted(expected, reverse=True))
    finally:
        learned.close()
        rule.close()

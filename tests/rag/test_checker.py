"""The citation checker on the sample article's passages, without any LLM."""

import pytest

RELOCATE = "The spike in raids has prompted operatives to relocate"


@pytest.fixture(scope="module")
def passages(sample_engine):
    hits = sample_engine.retriever.retrieve("Why did operatives relocate their operations?", 5).hits
    return sample_engine.checker.scorer.passages(hits)


def _n(passages, phrase):
    return next(p.n for p in passages if phrase in p.hit.chunk.text)


def test_paraphrase_of_the_cited_passage_is_supported(sample_engine, passages):
    n = _n(passages, RELOCATE)
    [v] = sample_engine.checker.check(f"Raids prompted operatives to relocate their operations away from Sinaloa [{n}].",
                                      passages)
    assert v.supported and v.citations == [n] and not v.repointed
    assert RELOCATE in passages[n - 1].sentences[v.support[n].sentence].text


def test_unknown_number_dropped_and_uncited_claim_unsupported(sample_engine, passages):
    v1, v2 = sample_engine.checker.check("Cartels opened a theme park in Paris [9]. Nothing else happened.", passages)
    assert v1.dropped == [9] and v1.citations == [] and not v1.supported
    assert not v2.supported


def test_wrong_number_is_repointed(sample_engine, passages):
    right = _n(passages, RELOCATE)
    wrong = next(p.n for p in passages if RELOCATE not in p.hit.chunk.text)
    [v] = sample_engine.checker.check(
        f"The spike in raids has prompted operatives to relocate their operations further away from Sinaloa [{wrong}].",
        passages,
    )
    assert v.repointed and v.supported and RELOCATE in passages[v.citations[0] - 1].hit.chunk.text
    assert v.citations[0] != wrong or right == wrong

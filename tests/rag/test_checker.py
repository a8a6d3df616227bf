"""The citation checker on the sample article's passages, without any LLM."""

from dataclasses import dataclass

import pytest

from rag.passage import read_passages

RELOCATE = "The spike in raids has prompted operatives to relocate"
PRIORITIZE = "leaders now prioritize survival over profits"
LABS = "Others have gone into hiding or closed down drug labs"
CEASED = "several lab operators who previously contributed"
PRESSURE = "crackdown is a direct response to international pressure"
SLEEP = "You can’t be calm, you can’t even sleep"


@pytest.fixture(scope="module")
def passages(sample_engine):
    hits = sample_engine.retriever.retrieve("Why did operatives relocate their operations?", 5).hits
    return sample_engine.checker.scorer.passages(read_passages(hits, sample_engine.store.catalog, sample_engine.embedder))


def _n(passages, phrase):
    return next(p.n for p in passages if phrase in p.hit.chunk.text)


@dataclass(frozen=True)
class Claim:
    text: str
    source: str  # a phrase of the article sentence the claim is about; the claim cites its passage
    supported: bool  # the label: does the article say this?


# Claims whose support scores lie close to the calibrated threshold on either side: paraphrases a
# little above it, false claims about the same sentences a little under. Together they hold the
# threshold within a narrow band, where the old tests passed for any threshold from ~0.8 to ~1.8.
NEAR_THRESHOLD = [
    Claim("Raids prompted operatives to relocate their operations away from Sinaloa", RELOCATE, True),
    Claim("Operatives relocated their operations away from Sinaloa, which curtailed production", RELOCATE, True),
    Claim("Cartel leaders now put survival ahead of profits", PRIORITIZE, True),
    Claim("Several lab operators who made fentanyl have stopped their activities", CEASED, True),
    Claim("Some cartel members have gone into hiding or shut their drug labs", LABS, True),
    Claim("Mexico's crackdown responds to pressure from the United States", PRESSURE, True),
    Claim("A senior Sinaloa Cartel member said you cannot even sleep because you do not know when they will "
          "catch you", SLEEP, True),
    Claim("Raids prompted operatives to relocate their operations to Mexico City", RELOCATE, False),
    Claim("Operatives relocated because of a hurricane", RELOCATE, False),
    Claim("Cartel leaders have moved their families to Spain", PRIORITIZE, False),
]

# False claims that keep the cited sentence's words: a negation, a reversed direction, a swapped
# preference, a wrong actor. Their support scores pass the threshold; the contradiction rules
# (rag/contradiction.py) refuse them, each with the rule named in the verdict's reason.
SAME_WORDS_WRONG_FACT = [
    (Claim("The spike in raids has not prompted operatives to relocate their operations", RELOCATE, False),
     "negation"),
    (Claim("The spike in raids has failed to prompt operatives to relocate their operations", RELOCATE, False),
     "negation"),
    (Claim("The spike in raids has prompted operatives to relocate their operations to Sinaloa", RELOCATE, False),
     "opposite direction"),
    (Claim("Leaders now prioritize profits over survival", PRIORITIZE, False), "reversed relation"),
    (Claim("The spike in raids has prompted American soldiers to relocate their operations away from Sinaloa",
           RELOCATE, False), "substituted entity"),
]

# True claims that reword the cited sentence the ways the rules must not mistake for a contradiction:
# passive voice, synonyms, clauses in another order (no relation word), a negation kept.
REWORDED = [
    Claim("Operatives were prompted by the spike in raids to relocate their operations away from Sinaloa",
          RELOCATE, True),
    Claim("Leaders now value survival over profits", PRIORITIZE, True),
    Claim("Some cartel members closed down drug labs or have gone into hiding", LABS, True),
    Claim("Effectively curtailing production, the raids prompted operatives to relocate their operations "
          "further away from Sinaloa", RELOCATE, True),
    Claim("A high-ranking cartel member said you can't be calm because you don't know when they'll catch you",
          SLEEP, True),
]


def _verdicts(engine, passages, claims):
    return [(c, engine.checker.check(f"{c.text} [{_n(passages, c.source)}].", passages)[0]) for c in claims]


def _precision_recall(verdicts) -> tuple[float, float]:
    passed = [c for c, v in verdicts if v.supported]
    true = [c for c, _ in verdicts if c.supported]
    right = [c for c in passed if c.supported]
    return len(right) / max(len(passed), 1), len(right) / max(len(true), 1)


def test_labelled_claims_near_the_threshold_are_told_apart(sample_engine, passages):
    verdicts = _verdicts(sample_engine, passages, NEAR_THRESHOLD)
    wrong = [(c.text, round(v.score, 3)) for c, v in verdicts if v.supported != c.supported]
    assert not wrong, f"threshold {sample_engine.settings.support_threshold}: {wrong}"
    assert _precision_recall(verdicts) == (1.0, 1.0)
    # A supported paraphrase keeps the citation it was given: support, not a re-pointing.
    assert all(not v.repointed for c, v in verdicts if c.supported)


@pytest.mark.parametrize(("claim", "rule"), SAME_WORDS_WRONG_FACT, ids=[r for _, r in SAME_WORDS_WRONG_FACT])
def test_same_words_wrong_fact_is_refused(sample_engine, passages, claim, rule):
    [(_, v)] = _verdicts(sample_engine, passages, [claim])
    n = _n(passages, claim.source)
    # The words alone would pass: the rule, not the score, refuses it, and says so.
    assert v.support[n].score >= sample_engine.settings.support_threshold
    assert not v.supported and not v.repointed and v.citations == [n]
    assert v.reason.startswith(f"[{n}] {rule}: "), v.reason


def test_reworded_true_claims_stay_supported(sample_engine, passages):
    verdicts = _verdicts(sample_engine, passages, REWORDED)
    wrong = [(c.text, round(v.score, 3), v.reason) for c, v in verdicts if not v.supported]
    assert not wrong
    assert all(v.reason == "" and not v.repointed for _, v in verdicts)


def test_unsupported_verdict_says_why(sample_engine, passages):
    n = _n(passages, RELOCATE)
    [far, uncited] = sample_engine.checker.check(f"Cartels opened a theme park in Paris [{n}]. Nothing else happened.",
                                                 passages)
    threshold = sample_engine.settings.support_threshold
    assert far.reason == (f'[{n}] unknown name: the passage never mentions "Paris"; '
                          f"support {far.score:.2f} under the threshold {threshold:.2f}")
    assert uncited.reason == "cites no retrieved source"


def test_paraphrase_of_the_cited_passage_is_supported(sample_engine, passages):
    n = _n(passages, RELOCATE)
    [v] = sample_engine.checker.check(f"Raids prompted operatives to relocate their operations away from Sinaloa [{n}].",
                                      passages)
    assert v.supported and v.citations == [n] and not v.repointed
    assert RELOCATE in passages[n - 1].sentences[v.support[n].sentence].text


def test_unknown_number_dropped_and_uncited_claim_unsupported(sample_engine, passages):
    v1, v2 = sample_engine.checker.check("Cartels opened a theme park in Paris [9]. Nothing else happened.", passages)
    assert v1.dropped == [9] and v1.citations == [] and not v1.supported
    assert v2.citations == [] and not v2.supported


def test_wrong_number_is_repointed(sample_engine, passages):
    right = _n(passages, RELOCATE)
    wrong = next(p.n for p in passages if RELOCATE not in p.hit.chunk.text)
    [v] = sample_engine.checker.check(
        f"The spike in raids has prompted operatives to relocate their operations further away from Sinaloa [{wrong}].",
        passages,
    )
    assert v.repointed and v.supported and v.citations == [right] and v.written == [wrong]

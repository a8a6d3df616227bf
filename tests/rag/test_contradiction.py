"""The contradiction rules one by one: each refuses the change it is named after and lets true
rewordings of the same sentence through (no model involved: these are surface rules)."""

import pytest

from rag.contradiction import (
    RULES,
    find_contradiction,
    negation,
    opposite_direction,
    reversed_relation,
    substituted_entity,
    unknown_name,
)

RELOCATE = ("The spike in raids has prompted operatives to relocate their operations further away from Sinaloa, "
            "effectively curtailing production capabilities.")
PRIORITIZE = ("Interviewed operatives reveal a disturbing trend: leaders now prioritize survival over profits, "
              "with many taking drastic measures to protect themselves and their families.")
SLEEP = "You can’t be calm, you can’t even sleep, because you don’t know when they’ll catch you."
FEAR = ("The intensity of fear has not only affected production strategies but also instilled a sense of "
        "paranoia within the ranks.")
DEAL = "The treaty was signed in 1648 after the war ended, before the king died."
UNION = ("None of the original treaties establishing the European Union mention protection for fundamental rights, "
         "and deforestation has declined in the Brazilian Amazon since 2004.")
BRONCOS = "The Denver Broncos defeated the Carolina Panthers 24–10 to earn their third Super Bowl title."

# (rule, claim, sentence): the rule must refuse the claim.
REFUSED = [
    (negation, "The spike in raids has not prompted operatives to relocate their operations", RELOCATE),
    (negation, "Raids never prompted operatives to relocate", RELOCATE),
    (negation, "The operatives didn't relocate their operations away from Sinaloa", RELOCATE),
    (negation, "You can be calm and you can sleep", SLEEP),
    (negation, "The spike in raids has failed to prompt operatives to relocate their operations", RELOCATE),
    (negation, "Coastal beroids lack tentacles", "Coastal beroids have tentacles and prey on other ctenophores."),
    (reversed_relation, "Leaders now prioritize profits over survival", PRIORITIZE),
    (reversed_relation, "Leaders put profits ahead of survival", PRIORITIZE),
    (reversed_relation, "The treaty was signed before the war ended", DEAL),
    (reversed_relation, "The war ended after the king died", DEAL),
    (opposite_direction, "The spike in raids has prompted operatives to relocate their operations to Sinaloa",
     RELOCATE),
    (opposite_direction, "Operatives moved their operations into Sinaloa", RELOCATE),
    (substituted_entity, "The spike in raids has prompted American soldiers to relocate their operations", RELOCATE),
    (substituted_entity, "The Denver Broncos defeated the Carolina Panthers 31–10 to earn their third Super Bowl "
                         "title", BRONCOS),
    (substituted_entity, "The Denver Broncos defeated the Dallas Cowboys 24–10 to earn their third Super Bowl title",
     BRONCOS),
    (unknown_name, "The spike in raids has prompted operatives to relocate their operations to Mexico City", RELOCATE),
    (unknown_name, "Deforestation has declined in the Amazon since 2011", UNION),
    (unknown_name, "The treaties were written by Jacques Lefevre", UNION),
]

# (claim, sentence): true rewordings no rule may refuse.
KEPT = [
    ("Raids prompted operatives to relocate their operations away from Sinaloa", RELOCATE),
    ("Operatives were prompted by the spike in raids to move their operations away from Sinaloa", RELOCATE),
    ("Effectively curtailing production, raids prompted operatives to relocate further from Sinaloa", RELOCATE),
    ("Cartel leaders now put survival ahead of profits", PRIORITIZE),
    ("Leaders care more about survival than about profits", PRIORITIZE),
    ("You cannot be calm and you cannot even sleep", SLEEP),
    ("Questions may be carried to or from the completed fields",
     "Certain questions may be transferred back and forth to the completed (or local) fields."),
    ("Flights from London to Paris were cancelled", "Flights to Paris from London were cancelled."),
    ("Fear has affected production strategies and made the ranks paranoid", FEAR),
    ("The intensity of fear has affected production strategies", FEAR),  # "not only" affirms
    ("Coastal beroids do not have tentacles", "Coastal beroids lack tentacles and prey on other ctenophores."),
    ("Many banks failed in 1931", "Many banks collapsed in 1931."),  # "failed" alone denies nothing
    ("Certain questions may be transferred from the completed fields",
     "Certain questions may be transferred back and forth to the completed (or local) fields."),
    ("The war ended before the treaty was signed in 1648", DEAL),
    ("The king died after the treaty was signed", "The treaty was signed before the king died."),
    ("The Broncos beat the Panthers 24–10 for their third Super Bowl title", BRONCOS),
    ("The original EU treaties did not protect fundamental rights", UNION),  # an acronym of the passage's words
    ("Deforestation in the Amazon region of Brazil has declined since 2004", UNION),  # "Brazilian"
    ("The Broncos won their 3rd Super Bowl title in the 2010s", BRONCOS),  # short numbers and decades
    ("Operatives in Culiacan fear arrest", "Operatives in Culiacán fear arrest."),  # an accent dropped
    ("The power base of Temujin was meritocratic", "Temüjin followed a meritocratic method."),  # not two words
    ("Denver earned its third Super Bowl title by defeating Carolina", BRONCOS),
]


@pytest.mark.parametrize(("rule", "claim", "sentence"), REFUSED, ids=[f"{r.__name__}:{c[:30]}" for r, c, _ in REFUSED])
def test_rule_refuses_its_change(rule, claim, sentence):
    found = rule(claim, sentence, sentence)
    assert found is not None and found.rule == rule.__name__.replace("_", " ")
    # The first rule to fire is the one the claim was built for: the rules don't overlap on these.
    assert find_contradiction(claim, sentence, sentence) == found


@pytest.mark.parametrize(("claim", "sentence"), KEPT, ids=[c[:40] for c, _ in KEPT])
def test_rewording_is_not_a_contradiction(claim, sentence):
    assert find_contradiction(claim, sentence, sentence) is None


@pytest.mark.parametrize("rule", RULES, ids=[r.__name__ for r in RULES])
def test_the_sentence_itself_never_contradicts_itself(rule):
    for sentence in (RELOCATE, PRIORITIZE, SLEEP, FEAR, DEAL, BRONCOS):
        assert rule(sentence, sentence, sentence) is None


def test_the_reason_quotes_both_sides():
    found = find_contradiction("Leaders now prioritize profits over survival", PRIORITIZE, PRIORITIZE)
    assert str(found) == 'reversed relation: claim "profits over survival", passage "survival over profits"'
    found = find_contradiction("The spike in raids has prompted American soldiers to relocate their operations",
                               RELOCATE, RELOCATE)
    assert str(found) == 'substituted entity: claim "American soldiers" where the passage has "operatives"'


def test_a_passage_vocabulary_is_read_from_its_text_as_from_its_tokens():
    from rag.contradiction import Vocabulary, tokens

    for text in ("The European Union and the Scottish Parliament met in Carlsbad.\nIt didn’t rain; 1,937 came.",
                 "Title\nThe Super Bowl 50 was played", "", "no capitals here", "A B C d E F"):
        assert Vocabulary.of_text(text) == Vocabulary.of(tokens(text)), text

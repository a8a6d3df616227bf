import pytest

from rag.asked_noun import asked_noun, kind_asked


@pytest.mark.parametrize("question, phrase", [
    # The phrase ends where the clause goes on: its last word is the head.
    ("Which Python version does httpx need?", ("python", "version")),
    ("Which two reference marker genes were used first?", ("reference", "marker", "genes")),
    ("Which SBOM format, SPDX or CycloneDX, does it require?", ("sbom", "format")),
    ("Which variants of the image are published?", ("variants",)),
    ("What address and port does the server use?", ("address",)),
    # An adverb closes the phrase before it.
    ("Against what threat exactly?", ("threat",)),
    ("Which version then?", ("version",)),
    # No end in sight: the first word, or the word a capitalised name qualifies.
    ("Which residue contributes most to its selectivity?", ("residue",)),
    ("Which PyCharm version supports Ruff out of the box?", ("pycharm", "version")),
    # A function word or a verb after "what" names nothing.
    ("What is a middleware?", ()),
    ("Which of them decides?", ()),
    ("What counts as an origin for CORS?", ()),
    ("What distinguishes Cluster 2 from Cluster 1?", ()),
    ("What happens to extras I don't list?", ()),
    ("How do I install it?", ()),
])
def test_the_noun_phrase_after_what_or_which(question, phrase):
    assert asked_noun(question) == phrase


def test_a_plural_noun_before_an_object_is_still_a_noun_when_a_verb_follows():
    # "improvements" is followed by "to", no object a verb takes: it is what is asked.
    assert asked_noun("What improvements to the programmes did participants suggest?") == ("improvements",)


@pytest.mark.parametrize("question, phrase", [
    ("What type of plea did he enter?", ("plea",)),
    ("Which kinds of version constraints can I use?", ("version", "constraints")),
    ("What kinds of code examples in docstrings can it recognise?", ("code", "examples")),
    ("What cell type was Cluster 4 identified as?", ("cell",)),
    ("Which other data types can I use?", ()),
    ("Which port does HTTPS use?", ()),
])
def test_the_noun_a_kind_is_asked_of(question, phrase):
    assert kind_asked(question) == phrase

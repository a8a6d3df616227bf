from rag.numbered_names import names_asked, numbered_names, numbered_terms


def test_labels_with_their_numbers_not_releases():
    assert numbered_names("Clusters 0, 3, and 5: we identify Cluster 4; Python 3.9; Step 2") == {
        "cluster": frozenset({0, 3, 4, 5}), "step": frozenset({2})}


def test_a_unit_about_another_numbered_thing_of_the_kind_asked_is_told_apart():
    asked = numbered_names("What cell type was Cluster 4 identified as?")
    assert names_asked(asked, "Cluster 4 has the highest expression of Ilp6.") is True
    assert names_asked(asked, "We therefore identify Cluster 5 as follicle cells.") is False
    assert names_asked(asked, "We found two subpopulations.") is None
    assert names_asked({}, "Cluster 4 has the highest expression.") is None


def test_each_numbered_thing_is_one_term():
    # A lone digit is no term of the tokenizer's: "cluster 6" is what tells Cluster 6 from Cluster 5.
    assert numbered_terms("And Clusters 5 and 6?") == {"cluster 5", "cluster 6"}
    assert numbered_terms("Python 3.9 and nothing else numbered.") == frozenset()

from rag.sentences import split_sentences


def test_spans_are_exact_and_abbreviations_hold():
    text = ('Dr. Smith met J. R. Doe at 3.5 p.m. yesterday. He said "Hi." Then left.\n'
            "The results were\nconfirmed by U.S. officials. (See Fig. 2.) Done!")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Dr. Smith met J. R. Doe at 3.5 p.m. yesterday.",
        'He said "Hi."',
        "Then left.",
        "The results were\nconfirmed by U.S. officials.",
        "(See Fig. 2.)",
        "Done!",
    ]
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_headlines_on_their_own_line_are_sentences():
    text = "Big Headline Here\nBody sentence one. Body two."
    assert [s.text for s in split_sentences(text)] == ["Big Headline Here", "Body sentence one.", "Body two."]


def test_offset_shifts_spans():
    assert split_sentences("One. Two.", offset=100)[1].start == 105

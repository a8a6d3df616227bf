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


def test_a_line_ending_unfinished_goes_on_past_a_link_or_a_capital():
    # Poetry's configuration.md: the sentence wraps before a Markdown link.
    text = ("Do not download entire wheels to extract metadata but use\n"
            "[HTTP range requests](https://developer.mozilla.org/en-US/docs/Web/HTTP/Range_requests)\n"
            "to only download the METADATA files of wheels.\n"
            "Especially with slow network connections, this setting can speed up dependency resolution.")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [text[:text.index("\nEspecially")], text[text.index("Especially"):]]
    # A PDF's line break before a name: "Spanner is the" is no sentence.
    assert [s.text for s in split_sentences("Spanner is the\nGoogle database. It scales.")] == [
        "Spanner is the\nGoogle database.", "It scales."]


def test_a_finished_line_before_markup_still_ends_its_sentence():
    text = "Install it first:\n`pip install httpx`\nDone"
    assert [s.text for s in split_sentences(text)] == ["Install it first:", "`pip install httpx`", "Done"]


def test_a_bracketed_label_starts_its_own_line():
    # A spreadsheet's rows as the loader writes them: each row is citable on its own.
    text = "Sheet Boats\n[Boats row 2] Boat: Sea Swift; Home port: Harwich\n[Boats row 3] Boat: Grey Heron"
    assert len(split_sentences(text)) == 3

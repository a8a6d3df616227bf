"""English word frequencies: the words of a question that stand as English words, and how rare they are."""

from rag.english_rarity import plain_words, zipf


def test_plain_words_leave_out_code_addresses_contractions_and_numbers():
    words = plain_words("Why shouldn't I deploy myname.github.io with `--dry-run` or http_proxy, two-factor, in 2024?")
    assert words == ["why", "deploy", "with", "or", "two", "factor", "in"]


def test_specific_words_are_rarer_in_english_than_paraphrases():
    # What a documentation set may simply not mention, against words a user says for the pages' own.
    for specific in ("cyclomatic", "jupyterlab", "bioavailability", "kerberos"):
        assert zipf(specific) < 2.75, specific
    for paraphrase in ("remove", "folder", "risky", "newest", "daemon"):
        assert zipf(paraphrase) >= 2.75, paraphrase

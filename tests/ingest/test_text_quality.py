"""The unreadable-text check: prose in several languages, code and tables pass; font-encoding
gibberish of each kind fails with its reason."""

import random
import string

import pytest

from ingest.text_quality import assess
from tests.pdf_samples import SCAN_PAGES

ENGLISH = " ".join(SCAN_PAGES)
GERMAN = ("Die Bundesrepublik Deutschland ist ein demokratischer und sozialer Bundesstaat. Alle Staatsgewalt "
          "geht vom Volke aus. Sie wird vom Volke in Wahlen und Abstimmungen und durch besondere Organe der "
          "Gesetzgebung, der vollziehenden Gewalt und der Rechtsprechung ausgeübt.")
FRENCH = ("La République française est une République indivisible, laïque, démocratique et sociale. Elle "
          "assure l'égalité devant la loi de tous les citoyens sans distinction d'origine, de race ou de "
          "religion. Elle respecte toutes les croyances. Son organisation est décentralisée.")
CODE = open(__file__.replace("test_text_quality.py", "../../ingest/pipeline.py")).read()[:3000]
TABLE = "\n".join(f"{i} | {i * 3.5:.2f} | {i * 7}% | 2021-03-{i % 28 + 1:02d}" for i in range(60))


def _shuffled(text: str) -> str:
    letters = list(string.ascii_lowercase)
    random.Random(5).shuffle(letters)
    table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          "".join(letters) + "".join(letters).upper())
    return text.translate(table)


@pytest.mark.parametrize("text", [ENGLISH, GERMAN, FRENCH, CODE, TABLE], ids=["en", "de", "fr", "code", "table"])
def test_readable_text_passes(text):
    verdict = assess(text)
    assert verdict.readable, verdict


@pytest.mark.parametrize(("text", "reason"), [
    (_shuffled(ENGLISH), "implausible words"),
    (ENGLISH.replace("e", "`"), "symbols inside"),
    ("".join(chr(0xE000 + ord(c)) if c.isalpha() else c for c in ENGLISH), "private-use"),
    (ENGLISH.replace("e", "\ufffd"), "replacement"),
], ids=["shuffled-letters", "backticks", "private-use", "replacement"])
def test_font_encoding_gibberish_fails_with_its_reason(text, reason):
    verdict = assess(text)
    assert not verdict.readable and reason in verdict.reason


SLIDE = "\n".join(f"{mark} {item}" for mark in "●•▪➢→✓" for item in (
    "Welcome", "General Updates", "Pre-Submitted Q & A", "Update on Guides", "FedRAMP® Open Forum", "Next Steps"))


def test_bullets_arrows_and_trademarks_are_not_symbols_inside_words():
    verdict = assess(SLIDE)
    assert verdict.readable and verdict.junk_token_share == 0, verdict


def test_gibberish_between_bullets_still_fails():
    verdict = assess("\n".join(f"● {ENGLISH.replace('e', '`')[i:i + 60]}" for i in range(0, 1200, 60)))
    assert not verdict.readable and "symbols inside" in verdict.reason


def test_too_little_text_is_not_judged():
    assert assess("7KH").readable and assess("").readable

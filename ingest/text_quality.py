"""Is extracted text something a person could read, or the gibberish of a broken font encoding?

A PDF's text layer comes from its fonts' glyph-to-Unicode maps; when a map is missing or wrong the
page still looks right but the extracted text is replacement glyphs, private-use code points,
symbols inside words ("A`alysis") or letters shuffled into words no language has ("7KH TXLFN").
Each signal needs real evidence (enough characters, tokens or letters) before it counts, so short
pages, number tables and code are not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The 200 most frequent letter bigrams of English prose (SciFact abstracts); they cover ~94 % of the
# bigrams of English text and most of those of other Latin-script languages, far less of shuffled
# letters.
_COMMON_BIGRAMS = frozenset(
    "ab ac ad ag ai al am an ap ar as at av ay ba be bi bl bo br bu by ca ce ch ci cl co cr ct cu cy da de "
    "di do dr du ea ec ed ee ef eg ei el em en ep er es et eu ev ex fa fe ff fi fo fr fu ga ge gh gi gn gr "
    "ha he hi ho hr hy ia ib ic id ie if ig il im in io ip ir is it iv iz ke la le li ll lo ls lt lu ly ma "
    "mb me mi mm mo mp mu na nc nd ne nf ng ni no ns nt ob oc od of og ol om on op or os ot ou ov ow pa pe "
    "ph pi pl po pp pr pt qu ra rc re rg ri rm rn ro rr rs rt ru rv ry sa sc se sh si sm so sp ss st su sy "
    "ta te th ti to tr ts tu ty uc ud ue ug ul um un up ur us ut va ve vi wa we wh wi xp yp ys "
    # common in German, French, Spanish, Italian, Dutch prose but rarer in English
    "ei ie ch sc ck au eu nz tz ue ua ou ui qu oi ll ss ij aa oo".split()
)

# Thresholds: each was set so that English, German and French prose, code and number tables pass
# while shuffled-letter, symbol-riddled and replacement-glyph text fails (tests/ingest/test_text_quality.py);
# the bigram cut flagged no 150-character window of SciFact abstracts and ~99 % of shuffled ones.
_MAX_BAD_CHAR_SHARE = 0.05
_MAX_JUNK_TOKEN_SHARE = 0.15
_MIN_BIGRAM_SHARE = 0.55
_MIN_CHARS = 40
_MIN_TOKENS = 20
_MIN_BIGRAMS = 40

# Marks that legitimately sit inside or around words ("FedRAMP®", "Word™" too).
_EDGE_PUNCT = "`\"'([{<«‹“‘„‚*_.,;:!?)]}>»›”’%°…-–—/\\|#$®™©℠"
# Inside a token: what prose and code put between letters.
_INNER_OK = frozenset("-'’./&@_:+,·()[]{}=<>\"*;!?#$%|\\")


@dataclass(frozen=True, slots=True)
class TextQuality:
    """The verdict on one piece of text and the measurements behind it."""

    readable: bool
    reason: str
    bad_char_share: float
    junk_token_share: float
    bigram_share: float | None  # None: too few Latin letters to judge


# Replacement glyph, private-use areas, and C0/C1 controls other than whitespace: what an unmapped
# glyph id usually becomes.
_BAD_CHARS = re.compile("[\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s")
_LETTER_PAIR = re.compile(r"(?=([a-z]{2}))")


def _is_list_mark(token: str) -> bool:
    """A bullet, shape, arrow or check mark standing alone ("● Welcome", "➢ Step"), or a lone "&" ("Q & A"):
    a slide or a bulleted list has one on nearly every line, and counted as junk they made whole pages of
    slides "unreadable" (OCRed instead of read, or refused when OCR read the bullets too)."""
    if token == "&":
        return True
    if len(token) != 1:
        return False
    code = ord(token)
    return (code in (0x2022, 0x2023, 0x2043, 0x2219) or 0x2190 <= code <= 0x21FF or 0x25A0 <= code <= 0x25FF
            or 0x2700 <= code <= 0x27BF)


def _is_junk_token(token: str) -> bool:
    """A word with a symbol inside that neither prose nor code puts there ("A`alysis", "Productio`")."""
    if len(token) > 2 and token[0] == token[-1] == "`":
        return False  # `inline code`
    core = token.strip(_EDGE_PUNCT)
    if not core or _is_list_mark(core):
        return False
    if not any(ch.isalnum() for ch in core):
        return True
    has_letter = any(ch.isalpha() for ch in core)
    return any(not ch.isalnum() and (ch not in _INNER_OK or has_letter and ch in "`^~") for ch in core)


def has_unreadable_chars(text: str) -> bool:
    """Whether `text` holds a replacement, private-use or control character: one of a title is glyph
    soup however short the title is (assess judges only text long enough)."""
    return _BAD_CHARS.search(text) is not None


def assess(text: str) -> TextQuality:
    """Judge `text`; too little text to judge counts as readable (emptiness is checked elsewhere)."""
    chars = len(text) - len(_SPACE.findall(text))
    bad_share = len(_BAD_CHARS.findall(text)) / chars if chars >= _MIN_CHARS else 0.0
    tokens = text.split()
    junk_share = (sum(_is_junk_token(t) for t in tokens if not t.isalnum()) / len(tokens)
                  if len(tokens) >= _MIN_TOKENS else 0.0)
    pairs = _LETTER_PAIR.findall(text.lower())
    bigram_share = (sum(map(_COMMON_BIGRAMS.__contains__, pairs)) / len(pairs)
                    if len(pairs) >= _MIN_BIGRAMS else None)
    if bad_share > _MAX_BAD_CHAR_SHARE:
        reason = f"{bad_share:.0%} of characters are replacement or private-use glyphs"
    elif junk_share > _MAX_JUNK_TOKEN_SHARE:
        reason = f"{junk_share:.0%} of words have symbols inside them"
    elif bigram_share is not None and bigram_share < _MIN_BIGRAM_SHARE:
        reason = f"letters form implausible words (only {bigram_share:.0%} common letter pairs)"
    else:
        reason = ""
    return TextQuality(not reason, reason, bad_share, junk_share, bigram_share)

"""A bullet drawn with a dingbat font's glyph, read as a bullet.

A journal's "Highlights" or "Clinical perspectives" box sets its bullets in a symbol font: Clinical
Science's come from LaTeX's circle font, its glyph named "a114" as in ZapfDingbats, which sits at the
letter "r" in that font's encoding. pypdf reads the glyph as that letter, so each item began "r The
N-domain ...", the letter a word to the index and no bullet to the re-flow. A lone glyph of a dingbat
font (named so, or encoding its glyphs under ZapfDingbats' names) is read as "•"; a Type3 font is
not judged by its names (pdfTeX's bitmap fonts call every letter "/a<code>"), nor a font of spaces alone.
"""

from __future__ import annotations

import re

BULLET = "•"
# Fonts of pictures and marks, not letters (a subset's "ABCDEF+" prefix aside).
_DINGBAT_FONT = re.compile(r"dingbat|wingding|webding|lcircle", re.IGNORECASE)
# ZapfDingbats names its glyphs "a1" to "a191".
_DINGBAT_GLYPH = re.compile(r"^/?a\d{1,3}$")


def _resolved(value: object) -> object:
    getter = getattr(value, "get_object", None)
    return getter() if callable(getter) else value


def _dingbat_font(font: object) -> bool:
    font = _resolved(font)
    if not isinstance(font, dict):
        return False
    if _DINGBAT_FONT.search(str(_resolved(font.get("/BaseFont", "")))):
        return True
    if str(_resolved(font.get("/Subtype", ""))) == "/Type3":
        # pdfTeX's bitmap fonts name every glyph "/a<code>": ZapfDingbats' names, but letters.
        return False
    encoding = _resolved(font.get("/Encoding"))
    differences = _resolved(encoding.get("/Differences")) if isinstance(encoding, dict) else None
    if not isinstance(differences, list):
        return False
    names = [str(_resolved(item)) for item in differences if not isinstance(_resolved(item), int)]
    glyphs = [name for name in names if name != "/space"]
    return bool(glyphs) and all(_DINGBAT_GLYPH.match(name) for name in glyphs)


def is_bullet_glyph(text: str, font: object) -> bool:
    """`text`, one character shown on its own in `font` (a pypdf font dictionary), is a dingbat: a bullet."""
    if len(text.strip()) != 1:
        return False
    try:
        return _dingbat_font(font)
    except Exception:  # a damaged font dictionary: its glyph stays as pypdf read it
        return False

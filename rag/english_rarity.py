"""How common a word is in English at large (wordfreq's Zipf scale: 3 is once per million words).

A question's word that no indexed chunk contains may be the user's paraphrase of what the pages
say ("remove" for "delete") or the name of something the documents never talk about ("Jenkins",
"cyclomatic", "bioavailability"). Ordinary English words are the paraphrases; words rare in
English at large are the specific things. wordfreq ships its frequency lists in its wheel
(code Apache-2.0, data CC-BY-SA 4.0): nothing is downloaded.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A word inside code or an address ("myname.github.io", "http_proxy", `--dry-run`) is an example
# value or an identifier, which rag/code_names.py reads; "shouldn't" tokenises as "shouldn".
_CODEISH = re.compile(r"[._/`:=<>@\\]")
_WORD = re.compile(r"(?u)\b\w\w+\b")
_CONTRACTION = re.compile(r"['’]t\b", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    """`word`'s frequency in English on the Zipf scale (log10 per billion words; 0 when unknown)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def plain_words(text: str) -> list[str]:
    """The lower-cased words of `text` that stand as English words: not parts of code, addresses or
    contractions, not numbers."""
    words: list[str] = []
    for token in text.split():
        if _CODEISH.search(token.strip(".,;:!?()\"'")) or _CONTRACTION.search(token):
            continue
        words.extend(w for w in _WORD.findall(token.lower()) if not any(ch.isdigit() for ch in w))
    return words

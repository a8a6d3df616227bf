"""Whether a name the question asks about belongs to another document than the best unit's.

"Which antibody was used to confirm Cluster 7 by immunostaining of ovaries?" over an ovary atlas and
an eye-proteomics paper: the best unit, on an antibody, is the proteomics paper's, which never says
"Cluster 7", while a passage read from the atlas does. Whatever that unit says, it is about another
study than the one asked about. A name here is the question's run of capitalised words and figures
(rag/contradiction.py). The other document must say it as written (a phrase of its words); the best
unit's document must say none of its words, matched as the citation checker matches names: a run of
capitalised words may be two names ("the Ruff VS Code extension"), and a page saying "Ruff" is about
one of them. A bare number is no name for this: numbers are said of everything.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Sequence

from rag import contradiction
from rag.types import Chunk

# The word characters of a name; a possessive ("Ruff's") names the same thing as the name alone.
_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def _phrase(name: str) -> re.Pattern[str] | None:
    words = _WORD.findall(_POSSESSIVE.sub("", name))
    if not any(w[0].isalpha() for w in words):
        return None
    # Words may be run together or split by any punctuation: "33RE" and "33 RE", "Cluster-7".
    return re.compile(r"(?<![^\W_])" + r"[\W_]*".join(map(re.escape, words)) + r"(?![^\W_])", re.IGNORECASE)


def _says(pattern: re.Pattern[str], chunks: Sequence[Chunk]) -> bool:
    return any(pattern.search(c.title) or pattern.search(c.text) for c in chunks)


def name_of_other_document(question: str, best: Chunk, read: Sequence[Chunk],
                           document: Callable[[str], Sequence[Chunk]]) -> str:
    """The first name of `question` that a passage read (`read`) from another document than
    `best`'s says and `best`'s whole document (`document(doc_id)`: its chunks) never does, else ""."""
    asked = [" ".join(t.text for t in run) for run in contradiction.names(contradiction.tokens(question))]
    others = [c for c in read if c.doc_id != best.doc_id]
    if not asked or not others:  # most questions: no document need be read
        return ""
    own_read = [c for c in read if c.doc_id == best.doc_id]
    for name in asked:
        pattern = _phrase(name)
        if pattern is None or _says(pattern, own_read) or not _says(pattern, others):
            continue
        if not _names_any_word(name, document(best.doc_id)):
            return name
    return ""


def _names_any_word(name: str, chunks: Sequence[Chunk]) -> bool:
    words = [t for t in contradiction.tokens(name) if any(c.isalpha() for c in t.text)]
    known = contradiction.Vocabulary.of(contradiction.tokens("\n".join(f"{c.title}\n{c.text}" for c in chunks)))
    return any(known.knows(t) for t in words)

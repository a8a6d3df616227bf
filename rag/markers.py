"""Reading [n] citation markers out of generated text, sentence by sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.sentences import split_sentences

_GROUP = r"\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]"
# One citation mark of an answer as Citeline writes it, with the space before it ("… Sinaloa. [1]").
ANSWER_MARK = re.compile(r"\s*\[\d+\]")
_MARKER = re.compile(_GROUP)
# "... operations. [2]" -> "... operations [2]." so the marker stays with its sentence.
_AFTER_STOP = re.compile(r"([.!?]+)((?:[ \t]*" + _GROUP + r")+)")


@dataclass(frozen=True, slots=True)
class MarkedSentence:
    text: str  # without markers
    numbers: list[int]  # in the order written, without repeats


def parse_marked(text: str) -> list[MarkedSentence]:
    """Sentences of a generated answer with the source numbers each one cites."""
    moved = _AFTER_STOP.sub(lambda m: m.group(2) + m.group(1), text.strip())
    out: list[MarkedSentence] = []
    for sentence in split_sentences(moved):
        numbers: list[int] = []
        for group in _MARKER.findall(sentence.text):
            for n in re.findall(r"\d+", group):
                if int(n) not in numbers:
                    numbers.append(int(n))
        plain = " ".join(_MARKER.sub(" ", sentence.text).split())
        plain = re.sub(r"\s+([.!?,;:])", r"\1", plain)
        if any(ch.isalnum() for ch in plain):
            out.append(MarkedSentence(plain, numbers))
        elif numbers and out:
            # A marker left alone on a line belongs to the sentence before it.
            prev = out[-1]
            out[-1] = MarkedSentence(prev.text, prev.numbers + [n for n in numbers if n not in prev.numbers])
    return out

"""Sentences cut to fit a chunk: the units chunks are packed from."""

from __future__ import annotations

from rag.types import Sentence


def pieces(text: str, sentences: list[Sentence], size: int) -> list[Sentence]:
    """Sentences, with any longer than `size` cut at whitespace into windows of at most `size`."""
    out: list[Sentence] = []
    for s in sentences:
        if s.end - s.start <= size:
            out.append(s)
            continue
        start = s.start
        while start < s.end:
            end = min(start + size, s.end)
            if end < s.end:
                cut = text.rfind(" ", start + size // 2, end)
                end = cut if cut > start else end
            piece = text[start:end].strip()
            if piece:
                lead = len(text[start:end]) - len(text[start:end].lstrip())
                out.append(Sentence(piece, start + lead, start + lead + len(piece)))
            start = end
    return out

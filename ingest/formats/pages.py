"""Text assembled from numbered units (slides, sheets, messages), each unit's start kept like a page.

A unit's first line ("Slide 3", "Sheet Rates") is its heading, labelled with what names it (the
slide's title), and each later line a block of its own: a citation then shows "Slide 3: The Client"
above the line it quotes, and a chunk holds whole lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.blocks import Block, BlockKind, with_paths


@dataclass
class PagedText:
    """Appends units separated by a blank line and records where each starts (`page_starts`)."""

    parts: list[str] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    length: int = 0
    _blocks: list[Block] = field(default_factory=list)

    def add(self, unit: str, label: str = "", line_kind: BlockKind = "paragraph") -> None:
        if self.parts:
            self.length += 2
            self._blocks.append(Block("page_break", self.length, self.length))
        self.page_starts.append(self.length)
        at = self.length
        for number, line in enumerate(unit.split("\n")):
            if line.strip():
                heading = number == 0
                self._blocks.append(Block("heading" if heading else line_kind, at, at + len(line),
                                          level=1 if heading else 0, label=(label or line) if heading else ""))
            at += len(line) + 1
        self.parts.append(unit)
        self.length += len(unit)

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts)

    @property
    def blocks(self) -> list[Block]:
        return with_paths(self._blocks)

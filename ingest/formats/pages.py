"""Text assembled from numbered units (slides, sheets, messages), each unit's start kept like a page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PagedText:
    """Appends units separated by a blank line and records where each starts (`page_starts`)."""

    parts: list[str] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    length: int = 0

    def add(self, unit: str) -> None:
        if self.parts:
            self.length += 2
        self.page_starts.append(self.length)
        self.parts.append(unit)
        self.length += len(unit)

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts)

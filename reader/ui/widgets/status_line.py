"""The status line: one row of plain text that repaints without a new layout.

`Static.update` asks for a layout of the whole screen (its size might
change); the status line changes on every keystroke and never changes size.

It is made of parts, each with a rank: when the row is too narrow for all of
them, the lowest-ranked parts give way whole (and the last one left is cut
with `…`), so what it says is never cut off mid-word unseen.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from reader.linebreak import text_width, truncate

SEPARATOR = " · "


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: tuple[tuple[int, str], ...] = ()

    @property
    def text(self) -> str:
        """Everything it has to say (as much as fits is shown)."""
        return SEPARATOR.join(text for _, text in self._parts)

    def show(self, parts: Sequence[tuple[int, str]]) -> None:
        """`parts`: (rank, text) in the order they read; a higher rank stays longer."""
        kept = tuple((rank, text) for rank, text in parts if text)
        if kept != self._parts:
            self._parts = kept
            self.refresh()

    def fitted(self, width: int) -> str:
        parts = list(self._parts)
        while len(parts) > 1 and text_width(SEPARATOR.join(t for _, t in parts)) > width:
            parts.remove(min(parts, key=lambda part: part[0]))
        return truncate(SEPARATOR.join(t for _, t in parts), width)

    def render(self) -> Content:
        return Content(self.fitted(self.content_region.width))  # plain: page text in it is never markup

"""The status line: one row of plain text that repaints without a new layout.

`Static.update` asks for a layout of the whole screen (its size might
change); the status line changes on every keystroke and never changes size.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class StatusLine(Widget):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""

    @property
    def text(self) -> str:
        return self._text

    def show(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Content:
        return Content(self._text)  # plain: page text in it is never markup

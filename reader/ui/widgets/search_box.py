"""The search box: each keystroke asks for a new ranking; Esc clears and leaves."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    # Input grows its virtual size with every character typed, and Widget declares
    # that reactive as layout-changing: each keystroke would lay out the whole
    # screen and repaint every widget. The box has a fixed size; a repaint will do.
    virtual_size = Reactive(Size(0, 0), layout=False)

    BINDINGS = [
        Binding(
            "escape", "leave", "Clear search", show=False, tooltip="Clear the search and go back to the list"
        ),
        Binding("down", "results", "Results", show=False, tooltip="Move into the ranked results"),
    ]

    @dataclass
    class Left(Message):
        """Esc: the query was cleared and focus should go back to the list."""

    @dataclass
    class ToResults(Message):
        """↓: move into the result list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="/ 搜索 标题·正文·人名·拼音 (qjj)", id=id, select_on_focus=False)

    def action_leave(self) -> None:
        self.value = ""
        self.post_message(self.Left())

    def action_results(self) -> None:
        self.post_message(self.ToResults())

"""The search box: each keystroke asks for a new ranking; Esc clears and leaves."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from reader.i18n import Both, tr
from reader.ui.localize import localize_bindings


class SearchBox(Input):
    # Input grows its virtual size with every character typed, and Widget declares
    # that reactive as layout-changing: each keystroke would lay out the whole
    # screen and repaint every widget. The box has a fixed size; a repaint will do.
    virtual_size = Reactive(Size(0, 0), layout=False)

    BINDINGS = [  # shown: while typing, the footer shows only these (see MainScreen.check_action)
        Binding(
            "enter",
            "submit",
            Both("打开", "Open"),
            tooltip=Both("打开最佳结果", "Open the best hit"),
            id="search_open",
        ),
        Binding(
            "down",
            "results",
            Both("结果", "Results"),
            key_display="↓",
            tooltip=Both("进入搜索结果", "Move into the ranked results"),
            id="search_results",
        ),
        Binding(
            "escape",
            "leave",
            Both("清除", "Clear"),
            key_display="Esc",
            tooltip=Both("清除搜索，回到列表", "Clear the search and go back to the list"),
            id="search_clear",
        ),
    ]

    @dataclass
    class Left(Message):
        """Esc: the query was cleared and focus should go back to the list."""

    @dataclass
    class ToResults(Message):
        """↓: move into the result list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder=tr(
                "/ 搜索 标题·正文·人名·拼音 (qjj)", "/ search headlines · text · names · pinyin (qjj)"
            ),
            id=id,
            select_on_focus=False,
        )
        localize_bindings(self)

    def action_leave(self) -> None:
        self.value = ""
        self.post_message(self.Left())

    def action_results(self) -> None:
        self.post_message(self.ToResults())

"""A virtual list: rows of a few lines each, of which only the visible ones are drawn.

OptionList and DataTable render every row up front; at 100,000 articles that
is seconds.  Here a row is painted only when on screen, so a list of any size
opens, scrolls and re-ranks in a frame.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.i18n import Both
from reader.linebreak import truncate
from reader.ui.keys import PAGE_BINDINGS
from reader.ui.localize import localize_bindings


class RowList(ScrollView, can_focus=True):
    """Rows with heights; subclasses say how tall each is and paint its lines.

    Rows for which `is_selectable(index)` is False (group headers) are skipped
    by the cursor.
    """

    BINDINGS = [
        Binding(
            "up,k",
            "cursor(-1)",
            Both("上移", "Up"),
            show=False,
            tooltip=Both("上一项", "Previous item"),
            id="up",
        ),
        Binding(
            "down,j",
            "cursor(1)",
            Both("下移", "Down"),
            show=False,
            tooltip=Both("下一项", "Next item"),
            id="down",
        ),
        *PAGE_BINDINGS,
        Binding(
            "home,g",
            "edge(-1)",
            Both("第一项", "First"),
            show=False,
            tooltip=Both("第一项", "First item"),
            id="top",
        ),
        Binding(
            "end,G",
            "edge(1)",
            Both("最后一项", "Last"),
            show=False,
            tooltip=Both("最后一项", "Last item"),
            id="bottom",
        ),
        Binding(
            "enter",
            "choose",
            Both("打开", "Open"),
            show=False,
            tooltip=Both("打开（也可用鼠标点击）", "Open it (a click does too)"),
            id="open",
        ),
    ]

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        row_list: RowList
        index: int

        @property
        def control(self) -> RowList:
            return self.row_list

    @dataclass
    class Chosen(Message):
        row_list: RowList
        index: int

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        localize_bindings(self)
        self._starts: list[int] = [0]
        """First line of each row, plus the total line count at the end."""
        self.empty_message = ""
        """Shown, muted, when there are no rows (e.g. a search that found nothing)."""

    # --- for subclasses ----------------------------------------------------------

    def row_count(self) -> int:
        raise NotImplementedError

    def row_height(self, index: int) -> int:
        return 1

    def is_selectable(self, index: int) -> bool:
        return True

    def render_row_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        raise NotImplementedError

    # --- rows ------------------------------------------------------------------------

    def rows_changed(self, keep: int | None = None) -> None:
        """Recompute the row geometry after the rows changed; put the cursor on `keep`."""
        starts = [0]
        total = 0
        self._starts = starts
        for index in range(self.row_count()):
            total += self.row_height(index)
            starts.append(total)
        self._starts = starts
        self.virtual_size = Size(self.scrollable_content_region.width, total)
        target = self._first_selectable(keep if keep is not None and 0 <= keep < self.row_count() else 0, 1)
        self.set_reactive(RowList.cursor, -1)
        self.cursor = target if target is not None else -1
        self.refresh()

    def rows_appended(self) -> None:
        """Extend the geometry for rows added at the end (cheap while a corpus loads)."""
        starts = self._starts
        total = starts[-1]
        for index in range(len(starts) - 1, self.row_count()):
            total += self.row_height(index)
            starts.append(total)
        self.virtual_size = Size(self.scrollable_content_region.width, total)
        if self.cursor < 0:
            first = self._first_selectable(0, 1)
            if first is not None:
                self.cursor = first
        self.refresh()

    def row_at_line(self, y: int) -> int | None:
        if y < 0 or y >= self._starts[-1] or len(self._starts) < 2:
            return None
        return bisect_right(self._starts, y) - 1

    def _first_selectable(self, start: int, step: int) -> int | None:
        index = start
        while 0 <= index < self.row_count():
            if self.is_selectable(index):
                return index
            index += step
        return None

    # --- painting ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        row = self.row_at_line(scroll_y + y)
        if row is None:
            if y == 0 and self.empty_message and self.row_count() == 0:
                muted = self.rich_style + Style(dim=True)
                text = truncate(" " + self.empty_message, width)
                return Strip([Segment(text, muted)]).adjust_cell_length(width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        strip = self.render_row_line(row, scroll_y + y - self._starts[row], width, row == self.cursor)
        return strip.adjust_cell_length(width, self.rich_style)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._starts[-1])

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            if 0 <= index < self.row_count():
                self.refresh_lines(self._starts[index] - int(self.scroll_offset.y), self.row_height(index))
        if 0 <= new < self.row_count():
            self.scroll_to_region(
                Region(0, self._starts[new], 1, self.row_height(new)), animate=False, force=True, x_axis=False
            )
            self.post_message(self.Highlighted(self, new))

    # --- keys and mouse ----------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if self.row_count() == 0:
            return
        start = self.cursor + step if self.cursor >= 0 else 0
        found = self._first_selectable(start, step)
        if found is not None:
            self.cursor = found

    def action_page(self, direction: int) -> None:
        if self.row_count() == 0:
            return
        height = max(1, self.scrollable_content_region.height)
        current = self._starts[max(self.cursor, 0)]
        target_line = min(max(current + direction * height, 0), self._starts[-1] - 1)
        row = self.row_at_line(target_line) or 0
        found = self._first_selectable(row, direction) or self._first_selectable(row, -direction)
        if found is not None:
            self.cursor = found

    def action_edge(self, direction: int) -> None:
        found = self._first_selectable(0 if direction < 0 else self.row_count() - 1, -direction)
        if found is not None:
            self.cursor = found

    def action_choose(self) -> None:
        if 0 <= self.cursor < self.row_count():
            self.post_message(self.Chosen(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self.row_at_line(offset.y + int(self.scroll_offset.y))
        if row is not None and self.is_selectable(row):
            self.cursor = row
            self.post_message(self.Chosen(self, row))


def text_style(style: Style) -> Style:
    """`style` without its background: a highlight laid over a row keeps the row's band (the
    cursor's, when the row is selected) unbroken."""
    return Style(
        color=style.color,
        bold=style.bold,
        italic=style.italic,
        underline=style.underline,
        reverse=style.reverse,
    )

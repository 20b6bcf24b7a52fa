"""The reading pane: one article, wrapped by Chinese rules, entities and hits highlighted.

A Line-API widget: `reader.layout` decides what goes on each row; this only
paints the visible rows, so long articles scroll without re-rendering.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Offset, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from reader.i18n import Both, tr
from reader.layout import PLACEMENT, DisplayLine, find_line, layout_article, measure
from reader.linebreak import char_width
from reader.models import Article, Entity, TextRef
from reader.sanitize import visible
from reader.script import Script, convert
from reader.ui.keys import PAGE_BINDINGS
from reader.ui.localize import localize_bindings

Block = tuple[int, int]
"""(block, line): which text an offset refers to (see `reader.models.TextRef`)."""


def reading_order(entity: Entity) -> tuple[int, int, int, int]:
    return entity.at.reading_order()


_WHOLE_LINE = 10_000
"""A selection's end column that takes in the whole of its last line."""


class ReadingPane(ScrollView, can_focus=True):
    BINDINGS = [
        Binding(
            "up,k",
            "scroll_lines(-1)",
            Both("上移", "Up"),
            show=False,
            tooltip=Both("向上滚一行（也可用鼠标滚轮）", "Scroll a line up (the mouse wheel too)"),
            id="up",
        ),
        Binding(
            "down,j",
            "scroll_lines(1)",
            Both("下移", "Down"),
            show=False,
            tooltip=Both("向下滚一行", "Scroll a line down"),
            id="down",
        ),
        *PAGE_BINDINGS,
        Binding(
            "home,g",
            "edge(-1)",
            Both("开头", "Top"),
            show=False,
            tooltip=Both("文章开头", "Top of the article"),
            id="top",
        ),
        Binding(
            "end,G",
            "edge(1)",
            Both("结尾", "Bottom"),
            show=False,
            tooltip=Both("文章结尾", "End of the article"),
            id="bottom",
        ),
        Binding(
            "enter",
            "activate",
            Both("档案", "Mentions"),
            show=False,
            tooltip=Both(
                "光标所在名字的档案：提到它的每篇文章（也可点击名字）",
                "Every article that mentions the name under the cursor (a click on a name too)",
            ),
            id="open",
        ),
        Binding(
            "v",
            "select_lines",
            Both("选择行", "Select lines"),
            show=False,
            tooltip=Both(
                "用键选择：v 开始（从屏幕上第一行或光标处），j/k 扩展，y 复制，Esc 取消",
                "Select with keys: v starts (at the top line, or the name cursor), j/k extend, y copies, Esc cancels",
            ),
            id="select_lines",
        ),
        Binding("escape", "cancel_selection", Both("取消选择", "Cancel selection"), show=False),
    ]

    COMPONENT_CLASSES = {
        "reading-pane--placement",
        "reading-pane--banner",
        "reading-pane--kicker",
        "reading-pane--title",
        "reading-pane--subtitle",
        "reading-pane--byline",
        "reading-pane--body",
        "reading-pane--per",
        "reading-pane--loc",
        "reading-pane--org",
        "reading-pane--hit",
        "reading-pane--hit-current",
        "reading-pane--mark",
        "reading-pane--cursor",
        "reading-pane--empty",
    }

    @dataclass
    class EntityActivated(Message):
        """Enter on the entity cursor, or a click on an entity: show its mentions."""

        entity: Entity

    @dataclass
    class Changed(Message):
        """The cursor, hits or article changed: the status line should follow."""

        pane: ReadingPane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        localize_bindings(self)
        self.article: Article | None = None
        self.lines: list[DisplayLine] = []
        self.entities: list[Entity] = []
        self.entity_index = -1
        self.hits: list[TextRef] = []
        self.hit_index = -1
        self.mark: TextRef | None = None
        self._unplaced: tuple[TextRef | None, TextRef | None] | None = None
        """(anchor, mark) of an article shown before the pane had a size (see `show`)."""
        self._selecting: tuple[int, int] | None = None
        """(first, last) display lines of a selection being made with keys (`v`)."""
        self.placeholder = ""
        self.script: Script | None = None
        """Show the text converted to this script (None: as printed); offsets stay valid."""
        self._texts: dict[Block, str] = {}
        self._layout_width = 0
        self._layer_cache: dict[Block, list[tuple[int, int, Style]]] = {}
        self._strip_cache: dict[int, Strip] = {}
        """Rows already painted since the last change (scrolling repaints many)."""
        self._pending_row: int | None = None
        """A scroll asked for before the new virtual size took effect (it would be clamped)."""

    # --- content -------------------------------------------------------------------------

    def show(
        self, article: Article | None, anchor: TextRef | None = None, mark: TextRef | None = None
    ) -> None:
        """Show an article, scrolled so `anchor` is on top (or `mark`, highlighted, in view)."""
        same = article is not None and self.article is not None and article.id == self.article.id
        self.article = article
        self._texts = {}
        self.entities = sorted(article.entities, key=reading_order) if article else []
        if not same:
            self.entity_index = -1
            self.hits = []
            self.hit_index = -1
        self.mark = mark
        if mark is not None:  # a jump to a mention: the name cursor starts there (`]` goes on from it)
            self.entity_index = _entity_at(self.entities, mark, self.entity_index)
        self._relayout(force=True)
        if not self.lines and article is not None:  # not laid out yet: place it when it is
            self._unplaced = (anchor, mark)
        elif mark is not None:
            self.scroll_to_mark(mark)
        elif anchor is not None:
            self._scroll_to_row(find_line(self.lines, anchor))
        elif not same:
            self._scroll_to_row(0)
        self._repaint()
        self.post_message(self.Changed(self))

    def update_entities(self, article: Article) -> None:
        """The same article came back tagged: keep the place, add highlights."""
        if self.article is None or article.id != self.article.id:
            return
        anchor = self.top_anchor()
        self.show(article, anchor=anchor, mark=self.mark)

    def set_hits(self, hits: list[TextRef]) -> None:
        self.hits = hits
        self.hit_index = -1
        self._repaint()
        self.post_message(self.Changed(self))

    def _text(self, block: int, line: int) -> str:
        key = (block, line)
        text = self._texts.get(key)
        if text is None and self.article is not None:
            raw = self.article.placement.describe() if block == PLACEMENT else self.article.block(block, line)
            text = self._texts[key] = convert(visible(raw), self.script)
        return text or ""

    def _relayout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if not force and width == self._layout_width:
            return
        anchor = None if force else self.top_anchor()
        if self._unplaced is not None and width > 0:
            placed, marked = self._unplaced
            anchor, self._unplaced = marked or placed, None
        self._layout_width = width
        if self.is_attached and self.screen.selections.get(self) is not None:
            self.screen.clear_selection()  # it names display lines, which are about to change
        self._strip_cache.clear()
        self.lines = layout_article(self.article, width) if self.article and width > 0 else []
        self.virtual_size = Size(width, len(self.lines))
        if anchor is not None:
            self._scroll_to_row(find_line(self.lines, anchor))

    def _scroll_to_row(self, row: int) -> None:
        self._pending_row = row
        self.scroll_to(y=row, animate=False, immediate=True, force=True)
        self.call_after_refresh(self._apply_pending_row)

    def _apply_pending_row(self) -> None:
        if self._pending_row is not None:
            self.scroll_to(y=self._pending_row, animate=False, immediate=True, force=True)
            self._pending_row = None

    @property
    def top_row(self) -> int:
        return self._pending_row if self._pending_row is not None else int(self.scroll_offset.y)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def top_anchor(self) -> TextRef | None:
        """Where the first text on screen starts: a place that survives a resize."""
        row = self.top_row
        for shown in self.lines[row:]:
            if shown.is_text:
                return shown.top
        return None

    # --- painting ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = int(self.scroll_offset.y) + y
        base = self.rich_style
        if not self.lines:
            if y == 1 and self.placeholder:
                text = " " + self.placeholder
                return Strip(
                    [Segment(text, base + self.get_component_rich_style("reading-pane--empty"))]
                ).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if row >= len(self.lines) or self.lines[row].kind == "blank":
            return Strip.blank(width, base)
        selected = self._selected_in(row)
        cached = self._strip_cache.get(row) if selected is None else None
        if cached is not None and cached.cell_length == width:
            return cached.apply_offsets(0, row)
        shown = self.lines[row]
        kind_style = base + self.get_component_rich_style(f"reading-pane--{shown.kind}")
        pad = self._pad(shown, width)
        segments = [Segment(" " * pad, base)]
        text = self._text(shown.block, shown.line)
        extra = []
        if selected is not None:  # mouse selection, over every other highlight
            extra.append((*selected, self.screen.get_component_rich_style("screen--selection")))
        segments.extend(self._styled(text, shown, kind_style, extra))
        strip = Strip(segments).adjust_cell_length(width, base)
        if selected is None:
            self._strip_cache[row] = strip
        return strip.apply_offsets(0, row)  # so a mouse selection knows which characters it covers

    def _pad(self, shown: DisplayLine, width: int) -> int:
        """Cells before the text of a line: the centring margin and the paragraph indent."""
        return max(0, (width - measure(width)) // 2) + shown.indent

    # --- selecting and copying -------------------------------------------------------------

    def _text_offset(self, row: int, x: int) -> int:
        """The offset in its block of character `x` of display line `row` (as painted)."""
        shown = self.lines[row]
        pad = self._pad(shown, self.scrollable_content_region.width)
        return max(shown.start, min(shown.end, shown.start + x - pad))

    def _selected_in(self, row: int) -> tuple[int, int] | None:
        """The selected stretch of display line `row`, as offsets in its block."""
        selection = self.text_selection
        if selection is None or not self.lines or self.lines[row].kind == "blank":
            return None
        span = selection.get_span(row)
        if span is None:
            return None
        start, end = span
        shown = self.lines[row]
        first = self._text_offset(row, start)
        last = shown.end if end == -1 else self._text_offset(row, end)
        return (first, last) if last > first else None

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text as it is in the article: lines that wrapping broke are joined
        again, and blocks (headline lines, byline, paragraphs) are separate lines."""
        pieces: list[tuple[tuple[int, int], str]] = []
        for row, shown in enumerate(self.lines):
            if shown.kind == "blank":
                continue
            span = selection.get_span(row)
            if span is None:
                continue
            first = self._text_offset(row, span[0])
            last = shown.end if span[1] == -1 else self._text_offset(row, span[1])
            text = self._text(shown.block, shown.line)[first:last]
            where = (shown.block, shown.line)
            if pieces and pieces[-1][0] == where:
                pieces[-1] = (where, pieces[-1][1] + text)
            else:
                pieces.append((where, text))
        if not pieces:
            return None
        return "\n".join(text for _, text in pieces), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        # `_selecting` outlives a cleared selection on purpose: Textual's screen clears it on
        # Esc before the keys reach `cancel_selection`, which must still take that Esc.
        self._strip_cache.clear()
        self.refresh()

    def article_text(self) -> str:
        """The open article as plain text: where it was printed, headline, byline, paragraphs."""
        article = self.article
        if article is None:
            return ""
        parts = [article.placement.describe()] if article.placement.describe() else []
        parts.append("\n".join(article.headline))
        if article.byline:
            parts.append(article.byline)
        parts.extend(article.paragraphs)
        return "\n\n".join(p for p in parts if p) + "\n"

    def _repaint(self) -> None:
        """Highlights, text or layout changed: forget painted rows and repaint."""
        self._layer_cache.clear()
        self._strip_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()  # the theme changed: colours of painted rows are stale
        self._layer_cache.clear()
        self._strip_cache.clear()

    def _layers(self, block: int, line: int) -> list[tuple[int, int, Style]]:
        cached = self._layer_cache.get((block, line))
        if cached is None:
            cached = self._layer_cache[(block, line)] = self._compute_layers(block, line)
        return cached

    def _compute_layers(self, block: int, line: int) -> list[tuple[int, int, Style]]:
        """Highlights on one text block, lowest priority first."""
        style = self.get_component_rich_style
        layers: list[tuple[int, int, Style]] = []
        for entity in self.entities:
            if entity.at.in_block(block, line):
                layers.append((entity.at.start, entity.at.end, style(f"reading-pane--{entity.type.lower()}")))
        for index, hit in enumerate(self.hits):
            if hit.in_block(block, line):
                name = "reading-pane--hit-current" if index == self.hit_index else "reading-pane--hit"
                layers.append((hit.start, hit.end, style(name)))
        if self.mark is not None and self.mark.in_block(block, line):
            layers.append((self.mark.start, self.mark.end, style("reading-pane--mark")))
        cursor = self.current_entity
        if cursor is not None and cursor.at.in_block(block, line):
            layers.append((cursor.at.start, cursor.at.end, style("reading-pane--cursor")))
        return layers

    def _styled(
        self, text: str, shown: DisplayLine, base: Style, extra: list[tuple[int, int, Style]] | None = None
    ) -> list[Segment]:
        start, end = shown.start, shown.end
        layers = [
            (max(a, start), min(b, end), s)
            for a, b, s in [*self._layers(shown.block, shown.line), *(extra or [])]
            if a < end and b > start
        ]
        if not layers:
            return [Segment(text[start:end], base)]
        cuts = sorted({start, end, *(a for a, _, _ in layers), *(b for _, b, _ in layers)})
        segments = []
        for left, right in zip(cuts, cuts[1:], strict=False):
            style = base
            for a, b, layer in layers:
                if a <= left and right <= b:
                    style = style + layer
            segments.append(Segment(text[left:right], style))
        return segments

    # --- moving --------------------------------------------------------------------------

    def action_scroll_lines(self, step: int) -> None:
        self._pending_row = None
        if self._still_selecting():
            self._extend_selection(step)
            return
        self.scroll_to(y=self.scroll_offset.y + step, animate=False)

    # --- selecting with keys: whole display lines, as a pager's visual line mode --------------

    def _still_selecting(self) -> bool:
        """A selection made with keys is on screen (not cleared meanwhile: copied, a click)."""
        if self._selecting is not None and self.screen.selections.get(self) is None:
            self._selecting = None
        return self._selecting is not None

    def action_select_lines(self) -> None:
        if not self.lines:
            return
        if self._still_selecting():
            self.action_cancel_selection()
            return
        cursor = self.current_entity
        row = find_line(self.lines, cursor.at) if cursor is not None else self.top_row
        while row < len(self.lines) - 1 and self.lines[row].kind == "blank":
            row += 1
        self._selecting = (row, row)
        self._show_selection()

    def _extend_selection(self, step: int) -> None:
        assert self._selecting is not None
        start, end = self._selecting
        end = max(0, min(len(self.lines) - 1, end + step))
        self._selecting = (start, end)
        height = self.scrollable_content_region.height
        if end < self.scroll_offset.y:
            self.scroll_to(y=end, animate=False)
        elif end >= self.scroll_offset.y + height:
            self.scroll_to(y=end - height + 1, animate=False)
        self._show_selection()

    def _show_selection(self) -> None:
        assert self._selecting is not None
        first, last = sorted(self._selecting)
        self.screen.selections = {self: Selection(Offset(0, first), Offset(_WHOLE_LINE, last))}

    def action_cancel_selection(self) -> None:
        self._selecting = None
        self.screen.clear_selection()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_selection":  # Esc means something else unless a selection is being made
            return self._selecting is not None
        return True

    def action_page(self, direction: int) -> None:
        self._pending_row = None
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + direction * height, animate=False)

    def action_edge(self, direction: int) -> None:
        self._pending_row = None
        self.scroll_to(y=0 if direction < 0 else self.max_scroll_y, animate=False)

    def scroll_to_mark(self, mark: TextRef) -> None:
        row = find_line(self.lines, mark)
        height = self.scrollable_content_region.height
        top = self.top_row
        if not top <= row < top + height:
            self._scroll_to_row(max(0, row - height // 3))

    def step_entity(self, step: int) -> Entity | None:
        """Move the entity cursor to the next (step=1) or previous (-1) mention."""
        if not self.entities:
            return None
        if self.entity_index < 0:
            self.entity_index = self._first_visible_entity() if step > 0 else len(self.entities) - 1
        else:
            self.entity_index = (self.entity_index + step) % len(self.entities)
        entity = self.entities[self.entity_index]
        self.scroll_to_mark(entity.at)
        self._repaint()
        self.post_message(self.Changed(self))
        return entity

    def _first_visible_entity(self) -> int:
        top = self.top_row
        for index, entity in enumerate(self.entities):
            if find_line(self.lines, entity.at) >= top:
                return index
        return 0

    def step_hit(self, step: int) -> TextRef | None:
        if not self.hits:
            return None
        if self.hit_index < 0:
            self.hit_index = 0 if step > 0 else len(self.hits) - 1
        else:
            self.hit_index = (self.hit_index + step) % len(self.hits)
        hit = self.hits[self.hit_index]
        self.scroll_to_mark(hit)
        self._repaint()
        self.post_message(self.Changed(self))
        return hit

    @property
    def current_entity(self) -> Entity | None:
        if 0 <= self.entity_index < len(self.entities):
            return self.entities[self.entity_index]
        return None

    def action_activate(self) -> None:
        entity = self.current_entity
        if entity is None:
            entity = self.step_entity(1)
            if entity is None:
                self.notify(
                    tr(
                        "本文还没有标出人名、地名或机构名。",
                        "No people, places or organisations tagged in this article yet.",
                    ),
                    markup=False,
                )
                return
        self.post_message(self.EntityActivated(entity))

    def entity_at(self, x: int, y: int) -> Entity | None:
        """The entity drawn at a cell of the widget, if any."""
        row = int(self.scroll_offset.y) + y
        if not 0 <= row < len(self.lines):
            return None
        shown = self.lines[row]
        if not shown.is_text:
            return None
        width = self.scrollable_content_region.width
        column = max(0, (width - measure(width)) // 2) + shown.indent
        text = self._text(shown.block, shown.line)
        for offset in range(shown.start, shown.end):
            column += char_width(text[offset])
            if column > x:
                for index, entity in enumerate(self.entities):
                    at = entity.at
                    if at.in_block(shown.block, shown.line) and at.start <= offset < at.end:
                        self.entity_index = index
                        return entity
                return None
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        entity = self.entity_at(offset.x, offset.y)
        if entity is not None:
            self._repaint()
            self.post_message(self.EntityActivated(entity))


def _entity_at(entities: list[Entity], mark: TextRef, otherwise: int) -> int:
    """The index of the name at `mark` (or around it: a place inside an organisation's name)."""
    around = otherwise
    for index, entity in enumerate(entities):
        at = entity.at
        if (at.block, at.line) != (mark.block, mark.line):
            continue
        if (at.start, at.end) == (mark.start, mark.end):
            return index
        if at.start <= mark.start and mark.end <= at.end:
            around = index
    return around

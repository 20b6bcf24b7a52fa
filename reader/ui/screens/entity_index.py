"""The entity index: every person, place and organisation, filtered as you type, sorted as asked.

Type to filter (Chinese, or pinyin: `qjj`, `wujin`); ↑/↓ move, Enter opens the
profile.  ctrl+o changes the order (mentions, name, first appearance), ctrl+t
the type (all, people, places, organisations).  The filtering and sorting
live in `reader.entity_list`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Input, Static

from reader.entity_list import ORDER_NAMES, ORDERS, EntityList
from reader.i18n import Both, count, shown, tr
from reader.linebreak import text_width, truncate
from reader.models import ENTITY_TYPES, EntityType, type_name
from reader.sanitize import visible
from reader.ui.localize import localize_bindings
from reader.ui.widgets.row_list import RowList

if TYPE_CHECKING:
    from reader.profiles import Profiles

KINDS: tuple[EntityType | None, ...] = (None, *ENTITY_TYPES)


class EntityRows(RowList):
    """One line an entity: its name (and other names), then type, articles, mentions, first day."""

    COMPONENT_CLASSES = {
        "entity-rows--cursor",
        "entity-rows--names",
        "entity-rows--numbers",
        "entity-rows--per",
        "entity-rows--loc",
        "entity-rows--org",
    }

    def __init__(self, entities: EntityList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        localize_bindings(self)
        self.entities = entities
        self.empty_message = tr("没有匹配的名字", "No name matches")

    def row_count(self) -> int:
        return len(self.entities.shown)

    def on_mount(self) -> None:
        self.rows_changed(0)

    def render_row_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        profile = self.entities.shown[index]
        component = self.get_component_rich_style
        base = self.rich_style

        def styled(name: str) -> Style:
            style = base + component(name)
            return style + component("entity-rows--cursor") if selected else style

        numbers = tr(
            f" {type_name(profile.type)} {profile.article_count:>5,}篇 {profile.count:>6,}次",
            f" {type_name(profile.type):<12} {profile.article_count:>5,} art. {profile.count:>6,}×",
        )
        if profile.first:
            numbers += f"  {profile.first}"
        if text_width(numbers) > width // 2:
            numbers = tr(f" {profile.count:,}次", f" {profile.count:,}×")
        room = max(width - text_width(numbers) - 1, 4)
        name = truncate(" " + visible(profile.name), room)
        others = "、".join(visible(a) for a in profile.aliases)
        rest = (
            truncate(f"（{others}）", room - text_width(name))
            if others and text_width(name) < room - 2
            else ""
        )
        gap = " " * max(width - text_width(name) - text_width(rest) - text_width(numbers), 0)
        return Strip(
            [
                Segment(name, styled(f"entity-rows--{profile.type.lower()}")),
                Segment(rest, styled("entity-rows--names")),
                Segment(gap, styled("entity-rows--names")),
                Segment(numbers, styled("entity-rows--numbers")),
            ]
        )


class EntityIndexScreen(ModalScreen[tuple[str, EntityType] | None]):
    """Dismissed with the entity to open, or None."""

    BINDINGS = [
        Binding(
            "escape", "dismiss(None)", Both("关闭", "Close"), tooltip=Both("回到文章", "Back to the article")
        ),
        Binding(
            "ctrl+o",
            "next_order",
            Both("排序", "Order"),
            tooltip=Both("按提及次数、名称或首次出现排序", "Sort by mentions, name or first appearance"),
            id="index_order",
        ),
        Binding(
            "ctrl+t",
            "next_kind",
            Both("类型", "Type"),
            tooltip=Both("全部、人物、地点或机构", "All, people, places or organisations"),
            id="index_type",
        ),
        Binding("down", "move(1)", Both("下移", "Down"), show=False),
        Binding("up", "move(-1)", Both("上移", "Up"), show=False),
        Binding("pagedown", "page(1)", Both("下翻页", "Page down"), show=False, id="page_down"),
        Binding("pageup", "page(-1)", Both("上翻页", "Page up"), show=False, id="page_up"),
    ]

    def __init__(self, profiles: Profiles) -> None:
        super().__init__()
        localize_bindings(self)
        self.entities = EntityList(profiles.entities())

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-index-dialog"):
            yield Static(id="entity-index-title", markup=False)
            yield Input(
                placeholder=tr("过滤：名字 · 拼音 · 首字母", "Filter: name · pinyin · initials"),
                id="entity-index-filter",
            )
            yield EntityRows(self.entities, id="entity-index-rows")
            yield Static(
                tr(
                    "Enter 打开 · ^o 排序 · ^t 类型 · Esc 关闭", "Enter open · ^o order · ^t type · Esc close"
                ),
                id="entity-index-help",
                markup=False,
            )

    def on_mount(self) -> None:
        self._update_title()
        self.query_one(Input).focus()

    def _update_title(self) -> None:
        entities = self.entities
        kind = type_name(entities.kind) if entities.kind else tr("全部类型", "every type")
        shown_count, order = len(entities.shown), shown(ORDER_NAMES[entities.order])
        self.query_one("#entity-index-title", Static).update(
            tr(
                f"名字 {shown_count:,} 个 · {order} · {kind}",
                f"{count(shown_count, '', 'name')} · {order} · {kind}",
            )
        )

    def _rows_changed(self) -> None:
        self.query_one(EntityRows).rows_changed(0)
        self._update_title()

    @on(Input.Changed, "#entity-index-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.entities.set_filter(event.value)
        self._rows_changed()

    @on(Input.Submitted, "#entity-index-filter")
    def filter_submitted(self) -> None:
        self.query_one(EntityRows).action_choose()

    @on(RowList.Chosen, "#entity-index-rows")
    def chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        shown = self.entities.shown
        if 0 <= event.index < len(shown):
            self.dismiss(shown[event.index].key)

    def action_next_order(self) -> None:
        order = ORDERS[(ORDERS.index(self.entities.order) + 1) % len(ORDERS)]
        self.entities.set_order(order)
        self._rows_changed()

    def action_next_kind(self) -> None:
        kind = KINDS[(KINDS.index(self.entities.kind) + 1) % len(KINDS)]
        self.entities.set_kind(kind)
        self._rows_changed()

    def action_move(self, step: int) -> None:
        self.query_one(EntityRows).action_cursor(step)

    def action_page(self, step: int) -> None:
        self.query_one(EntityRows).action_page(step)

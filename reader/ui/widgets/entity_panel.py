"""The entity panel: the open article's people, places and organisations, with counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.i18n import Both, tr
from reader.linebreak import text_width, truncate
from reader.models import ENTITY_TYPES, Article, EntityType, type_name
from reader.sanitize import visible
from reader.ui.localize import localize_bindings

TYPE_STYLES: dict[EntityType, str] = {"PER": "$text-warning", "LOC": "$text-success", "ORG": "$text-primary"}
"""Same colours as the highlights in the reading pane (app.tcss); theme variables suit light and dark."""


@dataclass(frozen=True, slots=True)
class PanelRow:
    """One entity in the open article."""

    key: tuple[str, EntityType]
    """Its fullest name and type."""
    count: int
    """Mentions in the article, under any name."""
    names: list[str]
    """The names it goes by in the article."""
    articles: int | None
    """In how many articles of the corpus it appears (None: not known yet)."""


class EntityPanel(OptionList):
    """One option per distinct entity, grouped by type, most mentioned first."""

    BINDINGS = [
        Binding("j", "cursor_down", Both("下移", "Down"), show=False),
        Binding("k", "cursor_up", Both("上移", "Up"), show=False),
    ]

    @dataclass
    class Chosen(Message):
        text: str
        type: EntityType

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        localize_bindings(self)
        self.border_title = "实体 Entities"
        self._keys: dict[str, tuple[str, EntityType]] = {}

    def show(self, article: Article | None, rows: Sequence[PanelRow] = ()) -> None:
        """List an article's entities, a row each (the main screen groups them)."""
        self.clear_options()
        self._keys = {}
        if article is None or not article.entities:
            self.add_option(
                Option(Content(tr("（尚无名字）", "(no names yet)") if article else ""), disabled=True)
            )
            return
        width = max(self.scrollable_content_region.width - 2, 12)
        options: list[Option | None] = []
        for kind in ENTITY_TYPES:
            of_kind = sorted((r for r in rows if r.key[1] == kind), key=lambda r: (-r.count, r.key[0]))
            if not of_kind:
                continue
            header = Content.assemble((f"{type_name(kind)} · {len(of_kind)}", f"bold {TYPE_STYLES[kind]}"))
            options.append(Option(header, disabled=True))
            for row in of_kind:
                option_id = f"{len(self._keys)}"
                self._keys[option_id] = row.key
                number = f"×{row.count}"
                if row.articles and row.articles > 1:
                    number += tr(f" {row.articles:,}篇", f" in {row.articles:,}")
                others = [n for n in row.names if n != row.key[0]]
                label = visible(row.key[0]) + (
                    f"（{'、'.join(visible(n) for n in others)}）" if others else ""
                )
                name = truncate(label, width - text_width(number) - 1)
                gap = " " * max(1, width - text_width(name) - text_width(number))
                options.append(
                    Option(Content.assemble((name, TYPE_STYLES[kind]), gap, (number, "dim")), id=option_id)
                )
        self.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = self._keys.get(event.option.id or "")
        if key is not None:
            self.post_message(self.Chosen(*key))

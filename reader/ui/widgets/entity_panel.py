"""The entity panel: the open article's people, places and organisations, with counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.linebreak import text_width, truncate
from reader.models import ENTITY_TYPES, Article, EntityType
from reader.sanitize import visible

TYPE_NAMES: dict[EntityType, str] = {"PER": "人物", "LOC": "地点", "ORG": "机构"}
TYPE_STYLES: dict[EntityType, str] = {"PER": "$text-warning", "LOC": "$text-success", "ORG": "$text-primary"}
"""Same colours as the highlights in the reading pane (app.tcss); theme variables suit light and dark."""


class EntityPanel(OptionList):
    """One option per distinct entity, grouped by type, most mentioned first."""

    BINDINGS = [
        ("j", "cursor_down", "Down"),
        ("k", "cursor_up", "Up"),
    ]

    @dataclass
    class Chosen(Message):
        text: str
        type: EntityType

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "实体 Entities"
        self._keys: dict[str, tuple[str, EntityType]] = {}

    def show(
        self, article: Article | None, article_counts: dict[tuple[str, EntityType], int] | None = None
    ) -> None:
        """List an article's entities; `article_counts` says in how many articles each appears."""
        self.clear_options()
        self._keys = {}
        if article is None or not article.entities:
            self.add_option(Option(Content("（尚无实体）" if article else ""), disabled=True))
            return
        counts = Counter(e.key for e in article.entities)
        width = max(self.scrollable_content_region.width - 2, 12)
        options: list[Option | None] = []
        for kind in ENTITY_TYPES:
            keys = sorted((k for k in counts if k[1] == kind), key=lambda k: (-counts[k], k[0]))
            if not keys:
                continue
            header = Content.assemble(
                (f"{TYPE_NAMES[kind]} {kind} · {len(keys)}", f"bold {TYPE_STYLES[kind]}")
            )
            options.append(Option(header, disabled=True))
            for key in keys:
                option_id = f"{len(self._keys)}"
                self._keys[option_id] = key
                number = f"×{counts[key]}"
                if article_counts and article_counts.get(key, 0) > 1:
                    number += f" {article_counts[key]}篇"
                name = truncate(visible(key[0]), width - text_width(number) - 1)
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

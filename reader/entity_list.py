"""The entity index: every entity of a corpus, filtered as the user types and sorted as asked.

A filter matches an entity when any of its names contains the text, or, for
letters, when a name starts with them read as pinyin (full, initials or a
mix, as in the search box: `qjj`, `qiaojunjie` and `qiaojj` all find 乔俊杰;
`wujin` finds 武进区 by its name 武进).  Typing on narrows the last result
instead of scanning every name again, so each keystroke stays quick at tens
of thousands of entities.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from reader.i18n import Both
from reader.models import EntityType
from reader.profiles import Profile
from reader.search import pinyin
from reader.search.fold import fold

Order = Literal["mentions", "name", "first"]
ORDERS: tuple[Order, ...] = ("mentions", "name", "first")
ORDER_NAMES: dict[Order, Both] = {
    "mentions": Both("按提及次数", "by mentions"),
    "name": Both("按名称", "by name"),
    "first": Both("按首次出现", "by first seen"),
}


class EntityList:
    """Every entity, or those of one type, matching a filter, in one order."""

    def __init__(self, profiles: Sequence[Profile]) -> None:
        self._all = list(profiles)
        """Most mentioned first (as `Profiles.entities` gives them)."""
        self.order: Order = "mentions"
        self.kind: EntityType | None = None
        self.text = ""
        self._matching = self._all
        self._sorted: dict[Order, list[Profile]] = {"mentions": self._all}
        self.shown: list[Profile] = self._all

    def set_filter(self, text: str) -> None:
        text = fold(text.strip())
        if text == self.text:
            return
        pool = self._matching if self.text and text.startswith(self.text) else self._all
        self.text = text
        self._matching = [p for p in pool if _matches(p, text)] if text else self._all
        self._refresh()

    def set_order(self, order: Order) -> None:
        self.order = order
        self._refresh()

    def set_kind(self, kind: EntityType | None) -> None:
        self.kind = kind
        self._refresh()

    def _refresh(self) -> None:
        ordered = self._ordered()
        wanted = {id(p) for p in self._matching} if self._matching is not self._all else None
        self.shown = [
            p
            for p in ordered
            if (wanted is None or id(p) in wanted) and (self.kind is None or p.type == self.kind)
        ]

    def _ordered(self) -> list[Profile]:
        found = self._sorted.get(self.order)
        if found is None:
            if self.order == "name":
                found = sorted(self._all, key=lambda p: (_spelling(p.name), p.name, p.type))
            else:  # first appearance; never dated last
                found = sorted(self._all, key=lambda p: (p.first is None, p.first or "", -p.count))
            self._sorted[self.order] = found
        return found


def _matches(profile: Profile, text: str) -> bool:
    names = [name for name, _ in profile.names]
    if any(text in fold(name) for name in names):
        return True
    return (
        text.isascii()
        and text.isalnum()
        and any(pinyin.find(fold(name), text, anchored=True) for name in names)
    )


def _spelling(name: str) -> str:
    """A name's pinyin (first reading of each character): the order of a Chinese index."""
    return "".join((pinyin.readings(ch) or (ch,))[0] for ch in name)

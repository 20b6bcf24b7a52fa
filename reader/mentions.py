"""The corpus-wide entity index: each person, place or organisation → its mentions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.models import HEADLINE, Article, EntityType


@dataclass(frozen=True, slots=True)
class Mention:
    """Where one entity is mentioned: article, text block and character span."""

    article_id: str
    paragraph: int
    """Index into the article's paragraphs, or `HEADLINE` (see `reader.models`)."""
    start: int
    end: int
    line: int = 0

    @property
    def in_headline(self) -> bool:
        return self.paragraph == HEADLINE


@dataclass(frozen=True, slots=True)
class EntityEntry:
    text: str
    type: EntityType
    mentions: tuple[Mention, ...]

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def article_ids(self) -> list[str]:
        """Articles that mention it, each once, in corpus order."""
        return list(dict.fromkeys(m.article_id for m in self.mentions))


class EntityIndex:
    """Same text and type is one entry; mentions are kept in corpus order."""

    def __init__(self, articles: Iterable[Article]) -> None:
        found: dict[tuple[str, EntityType], list[Mention]] = {}
        for article in articles:
            for e in article.entities:
                found.setdefault(e.key, []).append(Mention(article.id, e.paragraph, e.start, e.end, e.line))
        self._entries = {key: EntityEntry(key[0], key[1], tuple(ms)) for key, ms in found.items()}

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries.values())

    def get(self, text: str, type: EntityType) -> EntityEntry | None:
        return self._entries.get((text, type))

    def ranked(self) -> list[EntityEntry]:
        """Most-mentioned first, then by text."""
        return sorted(self._entries.values(), key=lambda e: (-e.count, e.type, e.text))

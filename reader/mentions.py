"""The corpus-wide entity index: each person, place or organisation → its mentions.

At 100,000 articles a corpus has millions of mentions, so they are kept as
packed integers (20 bytes each) per entity, and turned into `Mention` objects
only for the entity someone looks at.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from reader.models import HEADLINE, Article, EntityType

_FIELDS = 5  # article number, paragraph, start, end, line


@dataclass(frozen=True, slots=True)
class Mention:
    """Where one entity is mentioned: article, text block and character span."""

    article_id: str
    paragraph: int
    """Index into the article's paragraphs, or `HEADLINE` / `BYLINE` (see `reader.models`)."""
    start: int
    end: int
    line: int = 0

    @property
    def in_headline(self) -> bool:
        return self.paragraph == HEADLINE


class EntityEntry:
    """One entity (same text, same type) and where the corpus mentions it, in corpus order."""

    __slots__ = ("text", "type", "_packed", "_ids", "__dict__")

    def __init__(self, text: str, type: EntityType, packed: array, ids: Sequence[str]) -> None:  # type: ignore[type-arg]
        self.text = text
        self.type = type
        self._packed = packed
        self._ids = ids

    @property
    def count(self) -> int:
        """How many mentions."""
        return len(self._packed) // _FIELDS

    @cached_property
    def article_count(self) -> int:
        return len(set(self._packed[0::_FIELDS]))

    @property
    def article_ids(self) -> list[str]:
        """Articles that mention it, each once, in corpus order."""
        return [self._ids[n] for n in dict.fromkeys(self._packed[0::_FIELDS])]

    @property
    def mentions(self) -> list[Mention]:
        p = self._packed
        return [
            Mention(self._ids[p[i]], p[i + 1], p[i + 2], p[i + 3], p[i + 4])
            for i in range(0, len(p), _FIELDS)
        ]


class EntityIndex:
    """Built from a snapshot of the articles; build it off the UI thread for large corpora."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._ids = [a.id for a in articles]
        found: dict[tuple[str, EntityType], array] = {}  # type: ignore[type-arg]
        for number, article in enumerate(articles):
            for e in article.entities:
                packed = found.get(e.key)
                if packed is None:
                    packed = found[e.key] = array("i")
                packed.extend((number, e.paragraph, e.start, e.end, e.line))
        self._entries = {key: EntityEntry(key[0], key[1], packed, self._ids) for key, packed in found.items()}

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[EntityEntry]:
        return iter(self._entries.values())

    def get(self, text: str, type: EntityType) -> EntityEntry | None:
        return self._entries.get((text, type))

    @cached_property
    def ranked(self) -> list[EntityEntry]:
        """Most-mentioned first, then by type and text."""
        return sorted(self._entries.values(), key=lambda e: (-e.count, e.type, e.text))

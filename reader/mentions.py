"""The corpus-wide entity index: each person, place or organisation → its mentions.

At 100,000 articles a corpus has millions of mentions, and the articles
already hold every one of them (packed, see `reader.packed`).  So the
index keeps, per entity, only which articles mention it and how often (eight
bytes per entity and article, in arrays), and finds the mentions themselves
in those articles when someone looks at them: the i-th mention of an entity
costs decoding one article's entities.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.models import Article, EntityType, TextRef
from reader.packed import entity_keys

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, slots=True)
class Mention:
    """Where one entity is mentioned: an article, and the place in it."""

    article_id: str
    at: TextRef


class EntityEntry:
    """One entity (same text, same type): how often the corpus mentions it, and where."""

    __slots__ = ("text", "type", "count", "article_count", "_index", "_id", "_ends")

    def __init__(self, index: EntityIndex, id_: int) -> None:
        self._index = index
        self._id = id_
        self.text = index._texts[id_]
        self.type: EntityType = index._types[id_]  # type: ignore[assignment]
        self.count: int = index._counts[id_]
        """How many mentions."""
        self.article_count = int(index._starts[id_ + 1] - index._starts[id_])
        self._ends: np.ndarray | None = None

    @property
    def id(self) -> int:
        """Its number in the index."""
        return self._id

    def _rows(self) -> tuple[np.ndarray, np.ndarray]:
        """(article numbers, mentions in each) in corpus order."""
        return self._index.rows(self._id)

    @property
    def article_ids(self) -> list[str]:
        """Articles that mention it, each once, in corpus order."""
        articles = self._index._articles
        return [articles[n].id for n in self._rows()[0].tolist()]

    def mention(self, i: int) -> Mention:
        """The i-th mention (0 ≤ i < count), in corpus order."""
        numbers, times = self._rows()
        if self._ends is None:
            self._ends = times.cumsum()
        if not 0 <= i < self.count:
            raise IndexError(i)
        row = int(self._ends.searchsorted(i, side="right"))
        before = int(self._ends[row - 1]) if row else 0
        article = self._index._articles[int(numbers[row])]
        found = [e for e in article.entities if e.text == self.text and e.type == self.type]
        return Mention(article.id, found[i - before].at)

    @property
    def mentions(self) -> list[Mention]:
        """Every mention, in corpus order (an article's entities decoded once each)."""
        articles = self._index._articles
        out: list[Mention] = []
        for n in self._rows()[0].tolist():
            article = articles[n]
            out += [
                Mention(article.id, e.at)
                for e in article.entities
                if e.text == self.text and e.type == self.type
            ]
        return out


def gather_rows(starts: np.ndarray, values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """`values[starts[r]:starts[r + 1]]` for each of `rows`, end to end (rows of a CSR array)."""
    import numpy as np

    begin = starts[rows]
    lengths = starts[rows + 1] - begin
    offsets = np.repeat(begin - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    return values[offsets]


class EntityIndex:
    """Built from a snapshot of the articles; build it off the UI thread for large corpora."""

    def __init__(self, articles: Sequence[Article]) -> None:
        import numpy as np

        self._articles = list(articles)
        self._texts: list[str] = []
        self._types: list[str] = []
        ids: dict[str, dict[str, int]] = {}
        counts = array("I")
        owner, number, times = array("I"), array("I"), array("I")
        for n, article in enumerate(self._articles):
            here: dict[int, int] = {}
            for text, kind in entity_keys(article.entities):
                of_type = ids.get(kind)
                if of_type is None:
                    of_type = ids[kind] = {}
                i = of_type.get(text)
                if i is None:
                    i = of_type[text] = len(self._texts)
                    self._texts.append(text)
                    self._types.append(kind)
                    counts.append(0)
                here[i] = here.get(i, 0) + 1
            for i, c in here.items():
                owner.append(i)
                number.append(n)
                times.append(c)
                counts[i] += c
        self._ids = ids
        self._counts = counts
        owners = np.frombuffer(owner, dtype=np.uint32)
        self._entities_of = owners
        """The entities of each article, article by article (`entities_in`)."""
        self._article_starts = np.searchsorted(
            np.frombuffer(number, dtype=np.uint32), np.arange(len(self._articles) + 1)
        )
        order = np.argsort(owners, kind="stable")  # by entity, in corpus order within each
        starts = np.zeros(len(self._texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(owners, minlength=len(self._texts)), out=starts[1:])
        self._starts = starts
        self._articles_of = np.frombuffer(number, dtype=np.uint32)[order]
        self._times = np.frombuffer(times, dtype=np.uint32)[order]
        self._ranked: array[int] | None = None

    def __len__(self) -> int:
        return len(self._texts)

    def __iter__(self) -> Iterator[EntityEntry]:
        return (EntityEntry(self, i) for i in range(len(self._texts)))

    def entity_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """(starts, entity ids): article n mentions the entities `ids[starts[n]:starts[n + 1]]`,
        each once."""
        return self._article_starts, self._entities_of

    def rows(self, id_: int) -> tuple[np.ndarray, np.ndarray]:
        """(article numbers, mentions in each) for the entity numbered `id_`, in corpus order."""
        lo, hi = int(self._starts[id_]), int(self._starts[id_ + 1])
        return self._articles_of[lo:hi], self._times[lo:hi]

    def keys(self) -> list[tuple[str, EntityType]]:
        """(text, type) of every entity, by number (no `EntityEntry` made)."""
        return list(zip(self._texts, self._types, strict=True))  # type: ignore[arg-type]

    def id_of(self, text: str, type: EntityType) -> int | None:
        return self._ids.get(type, {}).get(text)

    def article(self, number: int) -> Article:
        return self._articles[number]

    @property
    def articles(self) -> Sequence[Article]:
        """The articles it was built from, in corpus order."""
        return self._articles

    def get(self, text: str, type: EntityType) -> EntityEntry | None:
        i = self._ids.get(type, {}).get(text)
        return None if i is None else EntityEntry(self, i)

    def top(self, n: int) -> list[EntityEntry]:
        """The `n` most-mentioned entities, then by type and text."""
        if self._ranked is None:
            texts, types, counts = self._texts, self._types, self._counts
            self._ranked = array(
                "I", sorted(range(len(texts)), key=lambda i: (-counts[i], types[i], texts[i]))
            )
        return [EntityEntry(self, i) for i in self._ranked[:n]]

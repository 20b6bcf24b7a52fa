"""Following a name: who someone is, what else they are called, who they appear with, and when.

`Profiles` sits on the corpus's entity index (`reader.mentions`, one entry per
name and type) and gathers each entity under all its names (`reader.aliases`),
places named inside organisations' names (江苏 in 江苏洛凯机电股份有限公司, a
mention of 江苏 too), the titles written before a person (`reader.titles`),
when the archive mentions it, and the names it appears with.  Everything is
worked out when first asked for, from the articles that mention the entity,
so opening a corpus costs nothing more.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from reader.aliases import Aliases, Key, find_aliases, nested_place
from reader.mentions import EntityEntry, EntityIndex, Mention, gather_rows
from reader.models import ENTITY_TYPES, Article, EntityType, TextRef
from reader.packed import entity_keys
from reader.script import to_simplified
from reader.tagger.userdict import AliasRule
from reader.titles import titles_in

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, slots=True)
class TitleSpan:
    """A title seen with a person: on which days first and last, how often."""

    title: str
    first: str | None
    last: str | None
    count: int


@dataclass(eq=False)
class Profile:
    """One entity under all its names (see the module docstring)."""

    key: Key
    """Its fullest name and its type."""
    names: list[Key]
    """Every name, the fullest first."""
    why: dict[str, str]
    """Why each other name is this entity."""
    entries: list[EntityEntry]
    """The index's entries for its names."""
    inside: list[tuple[EntityEntry, int]]
    """Organisations whose names open with it (and how many characters it takes)."""
    _profiles: Profiles = field(repr=False)

    @property
    def name(self) -> str:
        return self.key[0]

    @property
    def type(self) -> EntityType:
        return self.key[1]

    @property
    def aliases(self) -> list[str]:
        return [text for text, _ in self.names[1:]]

    @cached_property
    def _rows(self) -> tuple[np.ndarray, np.ndarray]:
        """(article numbers, mentions in each), ascending, under every name."""
        import numpy as np

        rows = [
            self._profiles.index.rows(entry.id) for entry in [*self.entries, *(e for e, _ in self.inside)]
        ]
        if len(rows) == 1:
            return rows[0]
        numbers = np.concatenate([r[0] for r in rows])
        times = np.concatenate([r[1] for r in rows])
        unique, where = np.unique(numbers, return_inverse=True)
        return unique, np.bincount(where, weights=times).astype(np.int64)

    @property
    def by_article(self) -> list[tuple[Article, int]]:
        """Each article that mentions it, with how often, in corpus order."""
        numbers, times = self._rows
        article = self._profiles.index.article
        return [(article(n), t) for n, t in zip(numbers.tolist(), times.tolist(), strict=True)]

    @property
    def article_count(self) -> int:
        return len(self._rows[0])

    @cached_property
    def count(self) -> int:
        """Mentions, under every name."""
        return int(self._rows[1].sum())

    @cached_property
    def by_day(self) -> dict[str, int]:
        """Mentions per ISO day, for the dated articles."""
        days: dict[str, int] = {}
        for article, times in self.by_article:
            if article.date:
                days[article.date] = days.get(article.date, 0) + times
        return days

    @property
    def first(self) -> str | None:
        return min(self.by_day, default=None)

    @property
    def last(self) -> str | None:
        return max(self.by_day, default=None)

    @cached_property
    def titles(self) -> list[TitleSpan]:
        """The titles written before it (people only), most seen first."""
        if self.type != "PER":
            return []
        names = {text for text, _ in self.names}
        seen: dict[str, list[str | None]] = {}
        for person, title, date in self._profiles.titles_near(self):
            if person in names:
                seen.setdefault(title, []).append(date)
        spans = []
        for title, dates in seen.items():
            dated = [d for d in dates if d]
            spans.append(TitleSpan(title, min(dated, default=None), max(dated, default=None), len(dates)))
        return sorted(spans, key=lambda s: (-s.count, s.first or "", s.title))

    def cooccurs(self, limit: int = 10) -> list[tuple[Key, int]]:
        """The entities sharing the most articles with it, and how many (exact)."""
        return self._profiles.cooccurring(self, limit)

    def mentions_in(self, article: Article) -> list[Mention]:
        """Its mentions in one article, in reading order (a place inside an organisation's name
        is the stretch of that name it takes)."""
        names = {text for text, _ in self.names}
        inside = {entry.text: size for entry, size in self.inside}
        found: list[TextRef] = []
        for e in article.entities:
            if e.type == self.type and e.text in names:
                found.append(e.at)
            elif e.type == "ORG" and e.text in inside:
                found.append(TextRef(e.at.block, e.at.line, e.at.start, e.at.start + inside[e.text]))
        return [Mention(article.id, at) for at in sorted(found, key=TextRef.reading_order)]

    def to_json(self, cooccurs: int = 10) -> dict[str, object]:
        """As `reader entities --json` prints it (see the README)."""
        return {
            "name": self.name,
            "type": self.type,
            "aliases": self.aliases,
            "titles": [
                {"title": t.title, "first": t.first, "last": t.last, "count": t.count} for t in self.titles
            ],
            "articles": self.article_count,
            "mentions": self.count,
            "first": self.first,
            "last": self.last,
            "cooccurs": [
                {"name": name, "type": kind, "articles": shared}
                for (name, kind), shared in self.cooccurs(cooccurs)
            ],
        }

    def mention_records(self, width: int = 60) -> Iterable[dict[str, object]]:
        """Every mention under any name, in corpus order, as `reader mentions` prints them: the
        article (id, paper, date, page, headline), where (paragraph as in `Entity.to_json`, line,
        start, end), the name as written, and a snippet of at most `width` cells."""
        from reader.snippets import snippet_around

        for article, _ in self.by_article:
            for mention in self.mentions_in(article):
                at = mention.at
                text = article.block(at.block, at.line)
                snippet, _, _ = snippet_around(text, at.start, at.end, width)
                yield {
                    "article": article.id,
                    "paper": article.paper,
                    "date": article.date,
                    "page": article.page,
                    "headline": article.title,
                    "name": text[at.start : at.end],
                    "paragraph": at.block,
                    "line": at.line,
                    "start": at.start,
                    "end": at.end,
                    "snippet": snippet,
                }


class Profiles:
    """Every entity of a corpus under all its names; profiles built when first asked for."""

    def __init__(self, index: EntityIndex, rules: Sequence[AliasRule] = ()) -> None:
        import numpy as np

        self.index = index
        keys = self._index_keys = index.keys()
        places = {text for text, kind in keys if kind == "LOC"}
        self.aliases: Aliases = find_aliases(keys, articles=index.articles, rules=rules, places=places)
        # Every entity of the index → its group (the entity it is a name of); an organisation
        # whose name opens with a place → that place's group too.
        self.keys: list[Key] = []
        group_of: dict[Key, int] = {}
        self._group = np.empty(len(keys), dtype=np.int64)
        self._place_group = np.full(len(keys), -1, dtype=np.int64)
        self._members: list[list[int]] = []
        self._inside: list[list[int]] = []

        def group(key: Key) -> int:
            number = group_of.get(key)
            if number is None:
                number = group_of[key] = len(self.keys)
                self.keys.append(key)
                self._members.append([])
                self._inside.append([])
            return number

        for i, key in enumerate(keys):
            g = self._group[i] = group(self.aliases.canonical(key))
            self._members[g].append(i)
        for i, (text, kind) in enumerate(keys):
            place = nested_place(text, places) if kind == "ORG" else None
            if place is not None:
                g = self._place_group[i] = group(self.aliases.canonical((place, "LOC")))
                self._inside[g].append(i)
        self._group_of = group_of
        self._folded: dict[Key, int] = {}  # a name typed in the other script than printed
        for key, number in group_of.items():
            self._folded.setdefault((to_simplified(key[0]), key[1]), number)
        for i, (text, kind) in enumerate(keys):
            self._folded.setdefault((to_simplified(text), kind), int(self._group[i]))
        self._profiles: dict[int, Profile] = {}
        self._names: list[tuple[str, EntityType, str]] | None = None
        self._titles: dict[str, list[tuple[str, str | None]]] | None = None
        self._ranked: list[Profile] | None = None
        self._rank: np.ndarray | None = None
        self._by_article: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def with_user_rules(cls, index: EntityIndex) -> Profiles:
        """Profiles with the `alias` lines of the user's dictionary (`reader.tagger.userdict`)."""
        from reader.tagger import userdict

        return cls(index, userdict.load(userdict.default_path()).aliases)

    def get(self, text: str, kind: EntityType) -> Profile | None:
        """The entity `text` names (under any of its names, in either script), or None."""
        number = self._group_of.get(self.aliases.canonical((text, kind)))
        if number is None:
            number = self._folded.get((to_simplified(text), kind))
        return None if number is None else self._profile(number)

    def _profile(self, number: int) -> Profile:
        profile = self._profiles.get(number)
        if profile is None:
            key = self.keys[number]
            names = self.aliases.names(key)
            entries = [EntityEntry(self.index, i) for i in self._members[number]]
            inside = [
                (EntityEntry(self.index, i), len(self._nested_text(self._index_keys[i][0], key)))
                for i in self._inside[number]
            ]
            why = {t: why for t, k in names[1:] if (why := self.aliases.why((t, k)))}
            profile = self._profiles[number] = Profile(key, names, why, entries, inside, self)
        return profile

    def called(self, text: str) -> list[Profile]:
        """The entities called `text`, of any type, under any of their names."""
        return [p for kind in ENTITY_TYPES if (p := self.get(text, kind)) is not None]

    def named(self, text: str, *, prefix_limit: int = 50) -> list[Profile]:
        """The entities called `text` (`called`); when none is, those with a name starting with
        it (up to `prefix_limit`: a name still being typed)."""
        found = self.called(text)
        if found or not text:
            return found
        names = self._sorted_names()
        folded = to_simplified(text)
        at = bisect.bisect_left(names, (folded, ""))
        seen: dict[int, Profile] = {}
        while at < len(names) and names[at][0].startswith(folded) and len(seen) < prefix_limit:
            profile = self.get(names[at][2], names[at][1])
            if profile is not None:
                seen[id(profile)] = profile
            at += 1
        return list(seen.values())

    def _sorted_names(self) -> list[tuple[str, EntityType, str]]:
        """(name folded to Simplified, type, name as printed), sorted: prefixes in either script."""
        if self._names is None:
            keys = set(self._index_keys) | set(self.keys)
            self._names = sorted((to_simplified(text), kind, text) for text, kind in keys)
        return self._names

    def _nested_text(self, org: str, key: Key) -> str:
        """The stretch of `org` that names the place `key` (one of the place's names)."""
        names = sorted((t for t, _ in self.aliases.names(key)), key=len, reverse=True)
        return next((n for n in names if org.startswith(n)), key[0])

    def entities(self, kind: EntityType | None = None) -> list[Profile]:
        """Every entity (of a type), most mentioned first, then by type and name."""
        if self._ranked is None:
            profiles = [self._profile(n) for n in range(len(self.keys))]
            self._ranked = sorted(profiles, key=lambda p: (-p.count, p.type, p.name))
        return [p for p in self._ranked if kind is None or p.type == kind]

    def place_inside(self, org: str) -> Key | None:
        """The place (its entity) an organisation's name opens with, if any."""
        i = self.index.id_of(org, "ORG")
        group = -1 if i is None else int(self._place_group[i])
        return self.keys[group] if group >= 0 else None

    def in_article(self, article: Article) -> list[tuple[Key, int, list[str]]]:
        """The entities one article mentions: (entity, mentions, the names it goes by here), the
        places inside organisations' names too, in order of first mention."""
        found: dict[Key, tuple[int, list[str]]] = {}

        def add(key: Key, name: str) -> None:
            count, names = found.get(key, (0, []))
            if name not in names:
                names.append(name)
            found[key] = (count + 1, names)

        for text, kind in entity_keys(article.entities):
            add(self.aliases.canonical((text, kind)), text)
            place = self.place_inside(text) if kind == "ORG" else None
            if place is not None:
                add(place, self._nested_text(text, place))
        return [(key, count, names) for key, (count, names) in found.items()]

    def titles_near(self, profile: Profile) -> Iterable[tuple[str, str, str | None]]:
        """(person, title, date) in the articles that mention `profile`: read from those
        articles, or from the table of the whole corpus's titles once `read_all_titles` made it."""
        if self._titles is not None:
            for name, _ in profile.names:
                yield from ((name, title, date) for title, date in self._titles.get(name, ()))
            return
        for article, _ in profile.by_article:
            for titled in titles_in(article):
                yield titled.person, titled.title, article.date

    def read_all_titles(self) -> None:
        """Read every article's titles at once: quicker than profile by profile when most
        profiles are wanted (`reader entities`)."""
        if self._titles is None:
            table: dict[str, list[tuple[str, str | None]]] = {}
            for article in self.index.articles:
                for titled in titles_in(article):
                    table.setdefault(titled.person, []).append((titled.title, article.date))
            self._titles = table

    def cooccurring(self, profile: Profile, limit: int) -> list[tuple[Key, int]]:
        """See `Profile.cooccurs`: per article, each other entity once (under any name)."""
        import numpy as np

        starts, groups = self._article_groups()
        others, shared = np.unique(
            gather_rows(starts, groups, profile._rows[0].astype(np.int64)), return_counts=True
        )
        mine = others != self._group_of[profile.key]
        others, shared = others[mine], shared[mine]
        order = np.lexsort((self._key_rank()[others], -shared))[:limit]  # most shared, then by name
        return [
            (self.keys[g], int(n))
            for g, n in zip(others[order].tolist(), shared[order].tolist(), strict=True)
        ]

    def _article_groups(self) -> tuple[np.ndarray, np.ndarray]:
        """(starts, entities): article n mentions `entities[starts[n]:starts[n + 1]]` (group
        numbers, places inside organisations' names included), each once."""
        import numpy as np

        if self._by_article is None:
            starts, ids = self.index.entity_rows()
            articles = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
            groups = np.concatenate([self._group[ids], self._place_group[ids]])
            articles = np.concatenate([articles, articles])
            keep = groups >= 0
            pairs = np.unique(articles[keep] * len(self.keys) + groups[keep])
            owners = pairs // len(self.keys)
            self._by_article = (np.searchsorted(owners, np.arange(len(starts))), pairs % len(self.keys))
        return self._by_article

    def _key_rank(self) -> np.ndarray:
        """Each group's place in (name, type) order: co-occurrence ties go by name."""
        import numpy as np

        if self._rank is None:
            self._rank = np.empty(len(self.keys), dtype=np.int64)
            self._rank[sorted(range(len(self.keys)), key=self.keys.__getitem__)] = np.arange(len(self.keys))
        return self._rank


def article_numbers(profiles: Iterable[Profile], positions: Mapping[str, int]) -> list[int]:
    """The positions (in `positions`) of the articles that mention any of `profiles`, ascending."""
    return sorted({positions[a.id] for p in profiles for a, _ in p.by_article if a.id in positions})

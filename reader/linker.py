"""The tagger's corpus-wide consistency pass, cut in two so it can be cached and run in parallel.

`Tagger.propagate(articles)` collects the names that strong contexts vouch
for in every article, then tags their other occurrences in every article.
Both halves are per article:

* `article_names(tagger, article)`: what one article vouches for.  Cached
  with the article's entities, so an unchanged page never recomputes it.
* `link(tagger, articles, names)`: the articles with every occurrence of
  `names` tagged, given the corpus's merged names (`merge_names`).

An article's result depends only on its own text, its own entities and the
names that occur in its text, so after an edit only the articles containing
a name that came or went need linking again (`touched_by`).

This leans on `reader.tagging`'s internals; `tests/test_indexer.py` checks
that the two halves give exactly what `Tagger.propagate` gives, and when
those internals are missing `available()` is False and callers run
`Tagger.propagate` over the whole corpus instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from reader.models import Article, Entity, EntityType, Span

if TYPE_CHECKING:
    from reader.tagger.consistency import NameMatcher
    from reader.tagging import Tagger

Names = dict[str, EntityType]


def available() -> bool:
    """True when the tagger exposes what the split pass needs."""
    try:
        from reader.tagging import Tagger, _blocks, _entities, _reporters  # noqa: F401
    except ImportError:
        return False
    return hasattr(Tagger, "_matcher")


def article_names(tagger: Tagger, article: Article) -> Names:
    """The names this article's strong contexts vouch for, in the order `propagate` meets them."""
    from reader.tagging import _blocks, _reporters

    pipeline = tagger.pipeline
    by_block = _spans_by_block(article.entities)
    names: Names = {}
    for paragraph, line, text in _blocks(article):
        for name, kind in pipeline.strong_names(text, by_block.get((paragraph, line), [])).items():
            names.setdefault(name, kind)
    for name in _reporters(article):
        names.setdefault(name, "PER")
    return names


def merge_names(per_article: Iterable[Iterable[tuple[str, EntityType]]]) -> Names:
    """The corpus's names: the first article to vouch for a name sets its type."""
    names: Names = {}
    for pairs in per_article:
        for name, kind in pairs:
            names.setdefault(name, kind)
    return names


def link(
    tagger: Tagger, articles: Sequence[Article], names: Mapping[str, EntityType]
) -> list[tuple[Entity, ...] | None]:
    """Each article's entities after the pass, or None where the pass changes nothing."""
    from reader.tagging import _blocks, _entities

    matcher = _matcher(tagger, names)
    if not matcher:
        return [None] * len(articles)
    pipeline = tagger.pipeline
    result: list[tuple[Entity, ...] | None] = []
    for article in articles:
        current = tuple(article.entities)
        by_block = _spans_by_block(current)
        blocks = _blocks(article)
        spans = [
            pipeline.finish(text, pipeline.propagate(text, by_block.get((paragraph, line), []), matcher))
            for paragraph, line, text in blocks
        ]
        entities = _entities(blocks, spans)
        result.append(None if entities == current else entities)
    return result


_last: tuple[object, object, NameMatcher] | None = None


def _matcher(tagger: Tagger, names: Mapping[str, EntityType]) -> NameMatcher:
    """The tagger's matcher for `names`, kept for the next call with the same dict (a worker's chunks)."""
    global _last
    if _last is not None and _last[0] is tagger and _last[1] is names:
        return _last[2]
    matcher = tagger._matcher(dict(names))
    _last = (tagger, names, matcher)
    return matcher


def changed_names(old: Mapping[str, str], new: Mapping[str, str]) -> set[str]:
    """Names that came, went, or changed type."""
    return {n for n in old.keys() | new.keys() if old.get(n) != new.get(n)}


def touched_by(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of `names` in text (None for no names)."""
    wanted = sorted({n for n in names if n}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile("|".join(map(re.escape, wanted)))


def mentions_any(article: Article, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(text) for text in (*article.headline, article.byline, *article.paragraphs))


def _spans_by_block(entities: Iterable[Entity]) -> dict[tuple[int, int], list[Span]]:
    found: dict[tuple[int, int], list[Span]] = {}
    for e in entities:
        found.setdefault((e.paragraph, e.line), []).append(Span(e.type, e.start, e.end))
    return found

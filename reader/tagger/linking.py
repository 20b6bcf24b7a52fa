"""The tagger's corpus-wide consistency pass, in two halves that can be cached and run in parallel.

`Tagger.propagate(articles)` collects the names that strong contexts vouch
for in every article, then tags their other occurrences in every article.
Both halves are per article, and `propagate` is made of them:

* `names_of(pipeline, article)`: what one article vouches for.  The indexer
  caches it with the article's entities, so an unchanged page never
  recomputes it;
* `link(pipeline, articles, matcher)`: the articles with every occurrence of
  the corpus's merged names (`merge_names`) tagged.

An article's result depends only on its own text, its own entities and the
names that occur in its text, so after an edit only the articles containing
a name that came or went need linking again (`changed_names`, `touched_by`).
This module is part of the tagger's version (`reader.cache.versions`): an
edit here re-links cached corpora.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from reader.models import Article, Entity, EntityType, Span, TextRef

if TYPE_CHECKING:
    from reader.tagger.consistency import NameMatcher
    from reader.tagger.pipeline import Pipeline

Names = dict[str, EntityType]
"""Name → type, in the order the pass meets them (the first to vouch sets the type)."""

Block = tuple[int, int, str]
"""(block, line, text), as `Article.blocks` yields them."""


def names_of(pipeline: Pipeline, article: Article) -> Names:
    """The names this article's strong contexts vouch for, in the order `propagate` meets them."""
    by_block = _spans_by_block(article.entities)
    names: Names = {}
    for block, line, text in article.blocks():
        for name, kind in pipeline.strong_names(text, by_block.get((block, line), [])).items():
            names.setdefault(name, kind)
    for name in reporters_of(article):
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
    pipeline: Pipeline, articles: Sequence[Article], matcher: NameMatcher
) -> list[tuple[Entity, ...] | None]:
    """Each article's entities after the pass, or None where the pass changes nothing."""
    if not matcher:
        return [None] * len(articles)
    result: list[tuple[Entity, ...] | None] = []
    for article in articles:
        current = tuple(article.entities)
        by_block = _spans_by_block(current)
        blocks = list(article.blocks())
        spans = [
            pipeline.finish(text, pipeline.propagate(text, by_block.get((block, line), []), matcher))
            for block, line, text in blocks
        ]
        entities = entities_of(blocks, spans)
        result.append(None if entities == current else entities)
    return result


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
    return any(pattern.search(text) for _, _, text in article.blocks())


def reporters_of(article: Article) -> Names:
    """The byline's reporters, as people (a one-character 'name' is too likely a slip); folded to
    Simplified characters, as the pipeline reads text (`reader.tagger.folded`)."""
    from reader.tagger.folded import to_simplified

    return {to_simplified(name): "PER" for name in article.reporters if len(name) >= 2}


def entities_of(blocks: Sequence[Block], spans: Sequence[Sequence[Span]]) -> tuple[Entity, ...]:
    """Each block's spans as the article's entities."""
    return tuple(
        Entity(text[s.start : s.end], s.type, TextRef(block, line, s.start, s.end))
        for (block, line, text), block_spans in zip(blocks, spans, strict=True)
        for s in block_spans
    )


def _spans_by_block(entities: Iterable[Entity]) -> dict[tuple[int, int], list[Span]]:
    found: dict[tuple[int, int], list[Span]] = {}
    for e in entities:
        found.setdefault(e.at.where, []).append(Span(e.type, e.at.start, e.at.end))
    return found

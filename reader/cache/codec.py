"""Articles ↔ what the cache stores, compact and quick to load.

A page's articles are one JSON text (everything but `source`, which is
whatever path the page was found by this time, `entities` and `words`).
Entities and word starts are stored as the bytes of their compact forms
(`reader.packed`), one blob per page (`reader.packed.pack_blobs`); the
mention's text is the slice of its block the offsets name, so it is never
stored twice.  Loading 100k articles must take well under a second: the
articles come back holding those forms, not millions of objects.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from reader.models import Article, HeadlineRole
from reader.packed import PackedEntities, joined, starts_fit

_ROLES: dict[str, HeadlineRole] = {role: role for role in ("banner", "kicker", "title", "subtitle")}


class CodecError(ValueError):
    """Cached data that does not decode into articles (a damaged or foreign cache)."""


# --- articles ------------------------------------------------------------------------


def dump_articles(articles: Sequence[Article]) -> str:
    """A page's articles as JSON text, without `source` and `entities`."""
    return json.dumps(
        [
            [
                a.id,
                a.order,
                list(a.headline),
                a.roles,
                a.byline,
                a.reporters,
                list(a.paragraphs),
                a.notes,
                [a.paper, a.date, a.page, a.section],
            ]
            for a in articles
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_articles(
    text: str,
    source: str,
    entities: Sequence[bytes] | None = None,
    words: Sequence[bytes] | None = None,
) -> list[Article]:
    """The articles `dump_articles` wrote, found this time at `source`; raises CodecError.

    `entities`, if given, holds each article's packed entities, `words` each
    article's word starts (`reader.packed`; a bitmap that does not fit is dropped).
    """
    try:
        rows = json.loads(text)
    except ValueError as error:
        raise CodecError(f"articles do not decode: {error}") from None
    if (
        not isinstance(rows, list)
        or (entities is not None and len(entities) != len(rows))
        or (words is not None and len(words) != len(rows))
    ):
        raise CodecError("articles are not a list of the expected length")
    articles: list[Article] = []
    join = "".join  # checks that every item is a str, at C speed
    intern = sys.intern  # bylines and reporters repeat from article to article: one copy each
    try:
        for n, row in enumerate(rows):
            id_, order, headline, roles, byline, reporters, paragraphs, notes, placed = row
            if not (
                type(id_) is str
                and type(order) is int
                and type(byline) is str
                and type(headline) is list
                and type(paragraphs) is list
                and type(reporters) is list
                and type(notes) is list
                and len(roles) == len(headline)
                and type(placed) is list
                and len(placed) == 4
                and all(p is None or type(p) is str for p in placed)
            ):
                raise CodecError("an article's fields have the wrong types")
            size = len(join(headline)) + len(byline) + len(join(paragraphs))
            join(reporters), join(notes)
            headline_t = joined(headline)
            paragraphs_t = joined(paragraphs)
            starts = words[n] if words is not None else b""
            if starts and not starts_fit(starts, size):
                starts = b""
            articles.append(
                Article(
                    id_,
                    source,
                    order,
                    headline_t,
                    _shared_roles(roles),
                    intern(byline),
                    tuple([intern(r) for r in reporters]),
                    paragraphs_t,
                    PackedEntities(entities[n], headline_t, byline, paragraphs_t)
                    if entities is not None
                    else (),
                    tuple(notes),
                    starts,
                    *[intern(p) if p is not None else None for p in placed],
                )
            )
    except (TypeError, ValueError, KeyError) as error:
        raise CodecError(f"an article does not decode: {error}") from None
    return articles


_ROLE_TUPLES: dict[tuple[str, ...], tuple[HeadlineRole, ...]] = {}
"""Most articles have one of a handful of role sequences: one tuple each, shared."""


def _shared_roles(roles: list[str]) -> tuple[HeadlineRole, ...]:
    """The roles as one tuple shared by all articles with the same ones; KeyError for a foreign role."""
    key = tuple(roles)
    shared = _ROLE_TUPLES.get(key)
    if shared is None:
        shared = _ROLE_TUPLES[key] = tuple([_ROLES[r] for r in roles])
    return shared

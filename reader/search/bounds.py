"""Cheap upper bounds of `rank.bonus`, so that fewer articles are scored in full.

A broad term leaves hundreds of candidates in its top band; only the best
`limit` are shown.  `SearchIndex` bounds every candidate's score first, then
scores in full in the order of the bounds and stops once no bound left can
beat the last place (`reader.search.topk`).  Only pinyin in headlines is
worth bounding: finding a pinyin match is a walk over the readings at every
possible start.  Its bound assumes a match starts the line only where one
found there does, is spelled in full, and spans as many characters as the
query can be cut into pieces.  Exact text and names cost little more to
score than to bound, so they are scored (each distinct name once per query:
`rank.NameScores`); typo fields are bounded by their band's width.
"""

from __future__ import annotations

from functools import lru_cache

from reader.models import Article
from reader.search import pinyin
from reader.search.fold import fold
from reader.search.query import Term
from reader.search.rank import BANDS, Found, NameScores
from reader.search.rank import bonus as score_one

BOUND_SLACK = 1e-6
"""Added to a bound, so that rounding in a sum never puts it under the score it bounds."""


def bound(
    article: Article, term: Term, field: str, matched: set[str], names: NameScores
) -> tuple[float, Found | None]:
    """At least `rank.bonus(article, term, field, matched)[0]` capped at the band's width, and
    where the match is when the bound is the bonus itself (else None)."""
    width = BANDS[field][1]
    if field == "headline_py":
        return min(_pinyin_bound(article, term), width) + BOUND_SLACK, None
    if field.endswith("_fz") and field != "name_fz":
        return width + BOUND_SLACK, None
    value, found = score_one(article, term, field, matched, names=names)
    return min(value, width), found


def _pinyin_bound(article: Article, term: Term) -> float:
    """At least the best of `3·fullness + 2·(starts the line) + share of the line` over the
    pinyin matches in the headline (`rank.bonus`, headline_py)."""
    p = term.pinyin
    assert p is not None
    best = 0.0
    for line in article.headline:
        if not line:
            continue
        text = fold(line)
        reach = len(p) if any(ch.isascii() and ch.isalnum() for ch in text) else most_characters(p)
        value = 3 + min(1.0, reach / len(line))
        for s, e, full in pinyin.find(text, p, anchored=True):
            value = max(value, 3 * full + 2 * (s == 0) + (e - s) / len(line))
        best = max(best, value)
    return best


@lru_cache(maxsize=256)
def most_characters(p: str) -> int:
    """The most Chinese characters pinyin `p` can match: the most pieces it can be cut into
    (each before the last a whole reading, an initial or zh/ch/sh; the last a reading's
    prefix).  A text with ASCII letters or digits can match one character a letter."""
    t = pinyin.tables()
    n = len(p)
    most = [0] * (n + 1)  # most[i]: pieces p[i:] can be cut into, 0 if none
    for i in range(n - 1, -1, -1):
        best = 1 if p[i:] in t.prefixes or p[i:] in t.syllable_id else 0
        for j in range(i + 1, n):
            if most[j] and (p[i:j] in t.pieces or p[i:j] in t.syllable_id):
                best = max(best, 1 + most[j])
        most[i] = best
    return most[0] or n

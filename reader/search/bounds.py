"""Cheap upper bounds of `rank.bonus`, so that fewer articles are scored in full.

A broad term leaves hundreds of candidates in its top band; only the best
`limit` are shown.  `SearchIndex` bounds every candidate's score first, then
scores in full in the order of the bounds and stops once no bound left can
beat the last place (`reader.search.topk`).  A bound leaves out what is
dear to find:

* text in bodies: whether a match is a whole word (it is taken to be);
* pinyin in headlines (a walk over the readings at every possible start): a
  match at the start of a line is found, elsewhere the best that any way of
  cutting the query into pieces could score is taken (`cuts`);
* a name: where in the article it is; only a name that is the term itself
  can score more than 2.

Text in headlines is scored, not bounded: headlines are short, and a bound
that took every match for a whole word would leave most candidates of a
one-character term to score again.  Typo fields take the score from what
the check that found the article kept (`rank.typo_matches`).  A bound that
is tight is reckoned in the same order as the score (floating point sums
are then equal), so that equal candidates stop the walk.  Names in pinyin
are scored, not bounded (each distinct name once per query:
`rank.NameScores`), and so is text with operators, or with other spellings
in the article (`reader.search.variants`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from reader.models import Article
from reader.search import pinyin
from reader.search.fold import fold, has_variants
from reader.search.query import Term
from reader.search.rank import BANDS, Found, NameScores, typo_bonus
from reader.search.rank import bonus as score_one

_LATIN = re.compile("[a-z0-9]")
"""A folded text's own letters and digits: each reads as itself, one character a letter."""


def bound(
    article: Article,
    term: Term,
    field: str,
    matched: set[str],
    names: NameScores,
    *,
    plain: bool = False,
    typo: tuple[int, Found | None] | None = None,
) -> tuple[float, Found | None]:
    """At least `rank.bonus(article, term, field, matched)[0]` capped at the band's width, and
    where the match is when the bound is the bonus itself (else None).  `plain`: the article
    spells none of the term's characters another way (`reader.search.variants`); `typo`: in a
    typo field, what `rank.typo_matches` found in the article (the score is then known)."""
    width = BANDS[field][1]
    if typo is not None:
        value, found = typo_bonus(article, field, *typo)
        return min(value, width), found
    if field == "headline_py":
        return min(_pinyin_bound(article, term), width), None
    if field == "name" and _plain(term, plain):  # (names are printed in the blocks or the byline)
        # 4·(the whole name) + 2·(share of the name): the whole name only if one is the term.
        named = term.text in article.reporters or any(e.text == term.text for e in article.entities)
        return (width if named else 2.0), None
    if field == "body" and _plain(term, plain):
        return min(_body_bound(article, term.text), width), None
    if field.endswith("_fz") and field != "name_fz":
        return width, None
    value, found = score_one(article, term, field, matched, names=names, plain=plain)
    return min(value, width), found


def _plain(term: Term, plain: bool) -> bool:
    """Whether the term is found as it is typed (no operator, no other spelling to look for)."""
    return not (term.prefix or term.suffix) and (plain or not has_variants(term.text))


def _body_bound(article: Article, text: str) -> float:
    """At least `rank.bonus` of a body match: every occurrence counted, the first paragraph's
    bonus where it holds one, and a whole word."""
    paragraphs = article.paragraphs
    count = sum(p.count(text) for p in paragraphs)
    if not count:
        return 0.0
    return min(8.0, 2.5 * math.log2(1 + count)) + 4 + 3 * (bool(paragraphs) and text in paragraphs[0])


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
        if _LATIN.search(text):  # letters read as themselves: any cut, every piece whole
            value = 3 + min(1.0, len(p) / len(line))
        else:
            value = max((3 * full + min(1.0, size / len(line)) for size, full in cuts(p)), default=0.0)
        for s, e, full in pinyin.find(text, p, anchored=True):
            value = max(value, 3 * full + 2 * (s == 0) + (e - s) / len(line))
        best = max(best, value)
    return best


@lru_cache(maxsize=1)
def _lone_readings() -> frozenset[str]:
    """The one-letter readings of Chinese characters (啊 a, 嗯 n …): the syllable table also
    holds every ASCII letter, which reads as itself."""
    t = pinyin.tables()
    lone = (part for value in t._values for part in value.split(",") if len(part) == 1)
    return frozenset(r for part in lone for r in pinyin._toneless(part))


@lru_cache(maxsize=256)
def cuts(p: str) -> tuple[tuple[int, float], ...]:
    """(characters, best fullness) of every way pinyin `p` can match Chinese characters.

    Each piece before the last is a whole reading, an initial or zh/ch/sh; the
    last, a reading's prefix; fullness is the share of whole readings among
    the pieces before the last (`pinyin.find`).
    """
    t = pinyin.tables()
    n = len(p)
    # most[i]: pieces count → most whole readings among them, cutting p[:i] into pieces before the last
    most: list[dict[int, int]] = [{} for _ in range(n + 1)]
    most[0][0] = 0
    for i in range(n):
        for count, whole in most[i].items():
            for j in range(i + 1, n):
                piece = p[i:j]
                if piece in t.pieces:
                    w = whole + (piece in t.syllable_id and (len(piece) > 1 or piece in _lone_readings()))
                    if most[j].get(count + 1, -1) < w:
                        most[j][count + 1] = w
    out: dict[int, float] = {}
    for i in range(n):
        if p[i:] in t.prefixes:
            for count, whole in most[i].items():
                size = count + 1
                full = 1.0 if size == 1 else min(1.0, whole / (size - 1))
                out[size] = max(out.get(size, 0.0), full)
    return tuple(sorted(out.items()))

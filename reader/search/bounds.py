"""Cheap upper bounds of `rank.bonus`, so that fewer articles are scored in full.

A broad term leaves hundreds of candidates in its top band; only the best
`limit` are shown.  `SearchIndex` bounds every candidate's score first, then
scores in full in the order of the bounds and stops once no bound left can
beat the last place (`reader.search.topk`).  Only text in bodies is bounded:
every occurrence is counted, but each is taken for a whole word (finding
out costs a look at where words start for every match).

Everything else is scored, where a bound would be about as dear as the
score, or too loose to spare it: headline text and pinyin, and names, for
all the candidates at once where `SearchIndex` can
(`reader.search.headlines`, `reader.search.pinyin_lines`,
`SearchIndex._names`), else here.  Headlines are short: a bound that took
every match for a whole word left most candidates of a one-character term to
score again, and one for pinyin walked the readings as the score does (which
the check that found the article has mostly done already:
`match.PinyinFinder` keeps it).  A name's score is kept per distinct name
(`rank.NameScores`), while its bound (the whole name or not) left every
article naming it to score again.  Typo fields take the score from what the
check that found the article kept (`rank.typo_matches`).

A bound that is tight is reckoned in the same order as the score (floating
point sums are then equal), so that equal candidates stop the walk.
"""

from __future__ import annotations

import math

from reader.models import Article
from reader.search.fold import has_variants
from reader.search.query import Term
from reader.search.rank import BANDS, Found, NameScores, typo_bonus
from reader.search.rank import bonus as score_one


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

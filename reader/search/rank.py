"""Scoring one article for a term, and showing why it matched.

The bands a term's best field puts an article in are in `BANDS` (see
`reader.search` for the order); `bonus` places it within its band, and
`make_hits` turns the best matches into snippets with highlights.
`find_in_article` lists every occurrence for the reading pane.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from reader.models import BYLINE, HEADLINE, Article, Entity, TextRef
from reader.search.match import FuzzyFinder, PinyinFinder, TextFinder, fuzzy_finder, text_finder
from reader.search.query import Query, Term, parse
from reader.search.words import whole_word_at

if TYPE_CHECKING:
    import numpy as np

Field = Literal["headline", "body", "entity", "reporter", "pinyin"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked article, and why it matched."""

    article: Article
    score: float
    """0–100, best first; the bands are listed in `reader.search`."""
    snippet: str
    """One line of the article around the best match (`…` marks a cut)."""
    highlights: tuple[tuple[int, int], ...]
    """Matched character ranges inside `snippet`, end exclusive."""
    field: Field
    """Which field the best match is in."""
    at: TextRef
    """Where in the article the best match is."""
    focus: tuple[int, int] = (0, 0)
    """The best match's range inside `snippet` (what a shorter cut must keep in view)."""


BANDS: dict[str, tuple[float, float]] = {  # where a term matched → (base score, width)
    "headline": (90, 10),
    "headline_py": (84, 6),
    "name": (78, 6),
    "name_py": (72, 6),
    "body": (55, 15),
    "headline_fz": (40, 10),
    "name_fz": (35, 5),
    "body_fz": (20, 15),
}
ORDER = list(BANDS)
EXACT_FIELDS = ("headline", "headline_py", "name", "name_py", "body")
FUZZY_FIELDS = ("headline_fz", "name_fz", "body_fz")
MAX_BONUS = max(width for _, width in BANDS.values())


class Found(NamedTuple):
    """Where a term matched best, and the field to report it as."""

    at: TextRef
    field: Field


NameScores = dict[str, tuple[float, int, int] | None]
"""Per name text, its score and span for one term and field, or None where it does not match."""


def bonus(
    article: Article,
    term: Term,
    field: str,
    matched: set[str],
    *,
    names: NameScores | None = None,
    plain: bool = False,
) -> tuple[float, Found]:
    """How well `term` matches `article` within its band (0 … band width), and where.

    `matched` holds the names the term matched, for the name fields; `names`, if
    given, keeps each name's score for the next article of the same query; `plain`:
    the article spells none of the term's characters another way (`reader.search.variants`).
    """
    if field == "headline":
        finder = text_finder(term)
        finder = finder.plain if plain else finder
        roles = article.roles
        best: tuple[float, int, int, int] | None = None  # (bonus, line, start, end): the first best
        for line, text in enumerate(article.headline):
            spans = finder.spans(text)
            if not spans:
                continue
            title = roles[line] == "title" if line < len(roles) else 0
            for s, e in spans[:3]:
                value = (
                    4 * whole_word_at(article, HEADLINE, line, s, e)
                    + 2 * (s == 0)
                    + 3 * (e - s) / len(text)
                    + title
                )
                if best is None or value > best[0]:
                    best = (value, line, s, e)
        if best is None:
            return 0, title_found(article)
        return best[0], Found(TextRef(HEADLINE, best[1], best[2], best[3]), "headline")
    if field == "headline_py":
        py = PinyinFinder(term)
        best = None
        for line, text in enumerate(article.headline):
            for s, e, full in py.matches(text)[:3]:
                value = 3 * full + 2 * (s == 0) + (e - s) / len(text)
                if best is None or value > best[0]:
                    best = (value, line, s, e)
        if best is None:
            return 0, title_found(article)
        return best[0], Found(TextRef(HEADLINE, best[1], best[2], best[3]), "pinyin")
    if field in ("name", "name_py", "name_fz"):
        return _name_bonus(article, term, field, matched, {} if names is None else names)
    if field == "body":
        finder = text_finder(term)
        finder = finder.plain if plain else finder
        count = 0
        first: tuple[int, int, int] | None = None  # (paragraph, start, end)
        whole = False
        checked = 0
        for p, text in enumerate(article.paragraphs):
            c = finder.count(text)
            if not c:
                continue
            count += c
            for s, e in finder.spans(text)[:3] if checked < 3 else ():
                checked += 1
                if first is None:
                    first = (p, s, e)
                if not whole and whole_word_at(article, p, 0, s, e):
                    whole = True
                    first = (p, s, e)
        if first is None:
            return 0, title_found(article)
        bonus = min(8.0, 2.5 * math.log2(1 + count)) + 4 * whole + 3 * (first[0] == 0)
        return bonus, Found(TextRef(first[0], 0, first[1], first[2]), "body")
    # typo fields
    fz = fuzzy_finder(term)
    blocks = article.headline if field == "headline_fz" else article.paragraphs
    return typo_bonus(article, field, *typo_matches(fz.plain if plain else fz, blocks, field))


def typo_matches(finder: FuzzyFinder, blocks: Sequence[str], field: str) -> tuple[int, Found | None]:
    """How many stretches of `blocks` are one edit from the term, and where the first is
    (`field`: headline_fz or body_fz)."""
    found = finder.matches_in(blocks)
    if not found:
        return 0, None
    i, s, e = found[0]
    if field == "headline_fz":
        return len(found), Found(TextRef(HEADLINE, i, s, e), "headline")
    return len(found), Found(TextRef(i, 0, s, e), "body")


def typo_bonus(article: Article, field: str, count: int, first: Found | None) -> tuple[float, Found]:
    """`bonus` in a typo field, from what `typo_matches` found."""
    if first is None:
        return 0, title_found(article)
    at = first.at
    if field == "headline_fz":
        text = article.headline[at.line]
        return 5 + 3 * (at.start == 0) + 2 * (at.end - at.start) / len(text), first
    return min(10.0, 3 * math.log2(1 + count)) + 5 * (at.block == 0), first


def name_score(term: Term, field: str, name: str, memo: NameScores) -> tuple[float, int, int] | None:
    """How well `term` matches one name in a name field (name, name_py, name_fz), and where in
    it; None where it does not.  Kept in `memo` (per term and field)."""
    if name in memo:
        return memo[name]
    finder: Any = (
        text_finder(term)
        if field == "name"
        else PinyinFinder(term)
        if field == "name_py"
        else fuzzy_finder(term)
    )
    spans = finder.spans(name)[:1]
    found = memo[name] = (
        (_name_score(field, name, spans[0][0], spans[0][1], finder), *spans[0]) if spans else None
    )
    return found


def _name_bonus(
    article: Article, term: Term, field: str, matched: set[str], memo: NameScores
) -> tuple[float, Found]:
    def score(name: str) -> tuple[float, int, int] | None:
        return name_score(term, field, name, memo)

    # The first best in order (reporters, then entities), its place made only once chosen:
    # the best score first, over the distinct names the article has, then where it first is.
    named = matched.intersection([e.text for e in article.entities])
    named.update(r for r in article.reporters if r in matched)
    top: float | None = None
    for name in named:
        found = score(name)
        if found is not None and (top is None or found[0] > top):
            top = found[0]
    best: tuple[float, str | Entity, int, int] | None = None
    if top is not None:
        order: tuple[str | Entity, ...] = (*article.reporters, *article.entities)
        for who in order:
            text = who if isinstance(who, str) else who.text
            if text in named:
                found = score(text)
                if found is not None and found[0] == top:
                    best = (top, who, found[1], found[2])
                    break
    if best is None:
        return 0, title_found(article)
    value, who, s, e = best
    if isinstance(who, str):
        at = article.byline.find(who)
        where = TextRef(BYLINE, 0, at + s, at + e) if at >= 0 else TextRef(HEADLINE, 0, 0, 0)
        loc = Found(where, "reporter")
    else:
        loc = Found(who.at.within(who.at.start, s, e), "entity")
    if field == "name_py":
        loc = loc._replace(field="pinyin")
    return value, loc


# --- presenting a hit --------------------------------------------------------------


def make_hits(
    ranked: Sequence[tuple[Article, float, Found]],
    parsed: Query,
    spelled: dict[tuple[int, int], list[tuple[int, int]]] | None = None,
    in_no_headline: Collection[int] = (),
) -> list[Hit]:
    """The hit for each (article, score, where): a snippet around where with every term
    highlighted, the query's finders made once.
    `spelled`: per (hit, term), where the term's pinyin is in the hit's headline line, when
    already known; `in_no_headline`: the terms (by place in the query) known to be written in
    no headline (a pinyin term, mostly), which are not looked for in the hits' headlines."""
    known = spelled or {}
    terms = [
        (text_finder(term), PinyinFinder(term) if term.pinyin is not None else None, t in in_no_headline)
        for t, term in enumerate(parsed.terms)
    ]
    hits = []
    for h, (article, score, loc) in enumerate(ranked):
        at = loc.at
        where, line, start, end = at.block, at.line, at.start, at.end
        lines = article.headline if where == HEADLINE else None
        if lines is not None and 0 <= line < len(lines):  # (most hits: a headline line)
            block = lines[line]
            valid = 0 <= start <= end <= len(block)
        else:
            try:
                block = article.block(where, line)
                valid = 0 <= start <= end <= len(block)
            except IndexError:
                valid = False
        if not valid:
            block = article.title
        spans = [(start, end)] if end > start else []
        for t, (text, py, absent) in enumerate(terms):
            if lines is None or not absent:
                spans += text.spans(block)
            if py is not None and lines is not None:
                found = known.get((h, t)) if valid else None
                spans += py.spans(block) if found is None else found
        snippet, highlights, focus = _snippet(block, start, end, spans)
        hits.append(Hit(article, round(score, 3), snippet, highlights, loc.field, at, focus))
    return hits


# --- finding every occurrence in one article (the reading pane's n/N) -------------------


def find_in_article(article: Article, query: str | Query) -> list[TextRef]:
    """Every occurrence of the query's terms in `article`, in reading order.

    Same matching as the ranking: exact text in headline lines and paragraphs;
    pinyin in headline lines, entity mentions and the byline's reporters; a
    term found neither way is looked for with one typo.  Excluded terms are
    not shown.  Overlapping occurrences are merged.
    """
    parsed = parse(query) if isinstance(query, str) else query
    found: set[TextRef] = set()
    blocks = list(article.blocks())
    for term in parsed.terms:
        mine: set[TextRef] = set()
        text = TextFinder(term)
        for block, line, content in blocks:
            if block != BYLINE:
                mine.update(TextRef(block, line, s, e) for s, e in text.spans(content))
        mine.update(_name_matches(article, text))
        if term.pinyin is not None:
            py = PinyinFinder(term)
            for line, content in enumerate(article.headline):
                mine.update(TextRef(HEADLINE, line, s, e) for s, e in py.spans(content))
            mine.update(_name_matches(article, py))
        if not mine and term.fuzzy:
            fz = FuzzyFinder(term)
            for block, line, content in blocks:
                if block == HEADLINE or (block != BYLINE and term.fuzzy_body):
                    mine.update(TextRef(block, line, s, e) for s, e in fz.spans(content))
            for entity in article.entities:  # a name typed with a typo (three characters)
                mine.update(entity.at.within(entity.at.start, s, e) for s, e in fz.spans(entity.text))
        found |= mine
    return _merge(sorted(found, key=TextRef.reading_order))


def _name_matches(article: Article, finder: Any) -> list[TextRef]:
    """Occurrences of a name match inside the text: entity mentions and bylined reporters."""
    out: list[TextRef] = []
    for entity in article.entities:
        out.extend(entity.at.within(entity.at.start, s, e) for s, e in finder.spans(entity.text))
    for reporter in article.reporters:
        at = article.byline.find(reporter)
        if at >= 0:
            out.extend(TextRef(BYLINE, 0, at + s, at + e) for s, e in finder.spans(reporter))
    return out


def _merge(matches: list[TextRef]) -> list[TextRef]:
    out: list[TextRef] = []
    for m in matches:
        if out and out[-1].where == m.where and m.start < out[-1].end:
            if m.end > out[-1].end:
                out[-1] = replace(out[-1], end=m.end)
            continue
        out.append(m)
    return out


# --- helpers ---------------------------------------------------------------------------

_SNIPPET = 60
"""Characters of context in a snippet, at most."""
_BEFORE = 16


def _focus(highlights: list[tuple[int, int]], start: int) -> tuple[int, int]:
    """The highlight that holds the best match (which starts at `start` in the snippet)."""
    for s, e in highlights:
        if s <= start < e:
            return s, e
    return highlights[0] if highlights else (0, 0)


def _snippet(
    block: str, start: int, end: int, spans: list[tuple[int, int]]
) -> tuple[str, tuple[tuple[int, int], ...], tuple[int, int]]:
    """One line of `block` around [start, end), `spans` moved into it, and the highlight
    that holds [start, end)."""
    size = len(block)
    # (Most often the match alone, found again by its term: one span, no sorting or merging.)
    alone = spans[0] if len(spans) == 1 or (len(spans) == 2 and spans[0] == spans[1]) else None
    if size <= _SNIPPET:  # (a headline line, mostly: shown whole)
        text = block if "\n" not in block and "\r" not in block else one_line(block)
        if alone is not None and 0 <= alone[0] < alone[1] <= size:
            return text, (alone,), alone
        inside = sorted({(max(s, 0), min(e, size)) for s, e in spans if s < size and e > 0 and e > s})
        shift = 0
    else:
        lo = max(0, min(start - _BEFORE, size - _SNIPPET))
        hi = min(size, lo + max(_SNIPPET, end - lo))
        text = one_line(block[lo:hi])
        shift = -lo
        if lo > 0:
            text = "…" + text
            shift += 1
        if hi < size:
            text += "…"
        if alone is not None and alone[0] < hi and alone[1] > lo and alone[1] > alone[0]:
            span = (max(alone[0], lo) + shift, min(alone[1], hi) + shift)
            return text, (span,), span
        inside = sorted(
            {(max(s, lo) + shift, min(e, hi) + shift) for s, e in spans if s < hi and e > lo and e > s}
        )
    if len(inside) == 1:
        return text, (inside[0],), _focus(inside, start + shift)
    merged: list[tuple[int, int]] = []
    for s, e in inside:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return text, tuple(merged), _focus(merged, start + shift)


def one_line(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


def title_found(article: Article) -> Found:
    if article.headline:
        return Found(TextRef(HEADLINE, 0, 0, 0), "headline")
    return Found(TextRef(0, 0, 0, 0), "body")


def field_of(base: float) -> str:
    for field in ORDER:
        if base >= BANDS[field][0]:
            return field
    return ORDER[-1]


def text_name_scores(size: int, first: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """`name_score` in the `name` field of many names at once, for a plain term of `size`
    characters first found at `first` in names of `lengths` characters (`_name_score`'s rule)."""
    import numpy as np

    scores: np.ndarray = 4 * ((first == 0) & (lengths == size)) + 2 * (size / np.maximum(lengths, 1))
    return scores


def pinyin_name_scores(
    start: np.ndarray, end: np.ndarray, full: np.ndarray, lengths: np.ndarray
) -> np.ndarray:
    """`name_score` in the `name_py` field of many names at once, from where a plain pinyin
    term first matches in each (`start` -1: nowhere), its best fullness there and the names'
    lengths (`_name_score`'s rule); -inf where it does not match."""
    import numpy as np

    scores: np.ndarray = 3 * full + 2 * ((end - start) / np.maximum(lengths, 1)) + (start == 0)
    scores[start < 0] = -np.inf
    return scores


def _name_score(field: str, name: str, s: int, e: int, finder: Any) -> float:
    cover = (e - s) / max(1, len(name))
    if field == "name_py":
        full = max((f for _, _, f in finder.matches(name)), default=0.0)
        return 3 * full + 2 * cover + (s == 0)
    return 4 * (s == 0 and e == len(name)) + 2 * cover

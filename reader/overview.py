"""An archive at a glance: its papers, the dates it covers, issues and pages by month, its names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.models import Article, EntityType

if TYPE_CHECKING:
    from reader.mentions import EntityIndex


@dataclass(frozen=True, slots=True)
class Counts:
    """Issues (a paper's day), pages and articles of some stretch of an archive."""

    label: str
    """A paper's name, or a month (`2024-07`)."""
    issues: int
    pages: int
    articles: int
    first: str | None = None
    last: str | None = None


@dataclass(frozen=True, slots=True)
class Overview:
    articles: int
    files: int
    undated: int
    """Articles the archive does not date."""
    first: str | None
    last: str | None
    papers: tuple[Counts, ...]
    """By paper, most articles first ("" for articles no archive names a paper for)."""
    months: tuple[Counts, ...]
    """By month, in order, every month between the first and the last."""
    names: tuple[tuple[str, EntityType, int, int], ...]
    """The most mentioned names: (text, type, mentions, articles)."""


def overview(articles: Sequence[Article], names: EntityIndex | None = None, *, top: int = 12) -> Overview:
    dated = [a for a in articles if a.date]
    papers: dict[str, list[Article]] = {}
    for article in articles:
        papers.setdefault(article.paper or "", []).append(article)
    by_month: dict[str, list[Article]] = {}
    for article in dated:
        by_month.setdefault(article.date[:7], []).append(article)  # type: ignore[index]
    first = min((a.date for a in dated if a.date), default=None)
    last = max((a.date for a in dated if a.date), default=None)
    months = (
        [_counts(month, by_month.get(month, [])) for month in _months(first, last)] if first and last else []
    )
    return Overview(
        articles=len(articles),
        files=len({a.source for a in articles}),
        undated=len(articles) - len(dated),
        first=first,
        last=last,
        papers=tuple(sorted((_counts(p, group) for p, group in papers.items()), key=lambda c: -c.articles)),
        months=tuple(months),
        names=tuple((e.text, e.type, e.count, e.article_count) for e in names.top(top)) if names else (),
    )


def _counts(label: str, articles: Sequence[Article]) -> Counts:
    dates = [a.date for a in articles if a.date]
    return Counts(
        label,
        issues=len({(a.paper, a.date) for a in articles if a.date}),
        pages=len({(a.paper, a.date, a.page) for a in articles if a.date or a.page}),
        articles=len(articles),
        first=min(dates, default=None),
        last=max(dates, default=None),
    )


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out

"""A corpus read as a newspaper: its issues (paper and day) and each issue's pages, in order.

`arrange(articles)` groups the articles by page, pages by issue, issues by
paper and date (newest first, or oldest first); a page no archive says
anything of (no date, no page number) is a group of its own, under its
folder and file name, after the dated ones.  Within a page, articles keep
their order in the corpus.  The article list shows these groups, and the
page and issue keys move through them (`next_group`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from reader.models import Article, Placement, describe_date
from reader.sanitize import display_path


@dataclass(frozen=True, slots=True)
class PageGroup:
    """One page of one issue (or one file the archive does not place), and its articles."""

    placement: Placement
    """What the page's articles share (paper, date, page, section), or nothing."""
    source: str | None
    """For a page the archive does not place: the file it is."""
    articles: tuple[int, ...]
    """Indexes into the articles arranged, in corpus order."""

    @property
    def issue(self) -> tuple[str | None, str | None]:
        """(paper, date): the pages of one issue share it."""
        return (self.placement.paper, self.placement.date)

    def label(self, *, year: bool = False) -> str:
        """`7月30日 星期二 · 第3版 综合`, or the folder and file for a page nobody placed."""
        if self.source is not None:
            path = PurePath(self.source)
            return display_path(
                str(PurePath(path.parent.name) / path.name) if path.parent.name else path.name
            )
        return self.placement.describe(paper=False, year=year, short=True) or self.placement.paper or ""


def arrange(articles: Sequence[Article], *, newest_first: bool = True) -> list[PageGroup]:
    """The articles grouped by page and ordered as a paper is read (see the module docstring)."""
    PageKey = tuple[str | None, str | None, str | None]  # (paper, date, page)
    pages: dict[PageKey, list[int]] = {}
    files: dict[str, list[int]] = {}  # pages nobody placed, in corpus order
    for index, article in enumerate(articles):
        if article.date is None and article.page is None:
            files.setdefault(article.source, []).append(index)
        else:
            pages.setdefault((article.paper, article.date, article.page), []).append(index)
    days = sorted({date for _, date, _ in pages if date is not None}, reverse=newest_first)
    day_rank = {d: n for n, d in enumerate(days)}

    def order(key: PageKey) -> tuple[bool, str, bool, int, bool, tuple[str, int]]:
        paper, date, page = key
        return (
            paper is None,
            paper or "",
            date is None,
            day_rank[date] if date is not None else 0,
            page is None,
            page_order(page) if page is not None else ("", 0),
        )

    out = [
        PageGroup(_shared([articles[i] for i in pages[key]]), None, tuple(pages[key]))
        for key in sorted(pages, key=order)
    ]
    out += [PageGroup(Placement(), source, tuple(indexes)) for source, indexes in files.items()]
    return out


def _shared(articles: list[Article]) -> Placement:
    """The page's placement; its section only if its articles agree on one."""
    first = articles[0]
    sections = {a.section for a in articles if a.section}
    return Placement(first.paper, first.date, first.page, sections.pop() if len(sections) == 1 else None)


def page_order(page: str) -> tuple[str, int]:
    """`A3` after `A2`, `10` after `9`: letters first, then the number."""
    match = re.fullmatch(r"([A-Z]*)(\d+)", page)
    return (match.group(1), int(match.group(2))) if match else (page, 0)


def next_group(groups: Sequence[PageGroup], current: int, step: int, *, by_issue: bool = False) -> int | None:
    """The group `step` pages (or, `by_issue`, issues) from group `current`, if there is one."""
    if not groups:
        return None
    if not by_issue:
        target = current + step
        return target if 0 <= target < len(groups) else None
    here = groups[current].issue if groups[current].source is None else None
    index = current
    while 0 <= index + step < len(groups):
        index += step
        group = groups[index]
        issue = group.issue if group.source is None else None
        if issue != here or issue is None:
            # the first page of that issue, when moving back
            while (
                step < 0
                and index > 0
                and groups[index - 1].source is None
                and groups[index - 1].issue == issue
            ):
                index -= 1
            return index
    return None


def nearest_issue(groups: Sequence[PageGroup], date: str) -> int | None:
    """The first page of the issue on `date`, or else of the nearest day that has one."""
    best: tuple[int, int] | None = None
    target = _ordinal(date)
    if target is None:
        return None
    for index, group in enumerate(groups):
        day = _ordinal(group.placement.date) if group.placement.date else None
        if day is None:
            continue
        distance = abs(day - target)
        if best is None or distance < best[0]:
            best = (distance, index)
    return best[1] if best is not None else None


def _ordinal(iso: str | None) -> int | None:
    import datetime

    try:
        return datetime.date.fromisoformat(iso).toordinal() if iso else None
    except ValueError:
        return None


def read_date(typed: str, year: int | None) -> str | None:
    """A date as typed in the go-to box → ISO: `2024-07-30`, `2024/7/30`, `20240730`, `7-30`,
    `7/30`, `7月30日`, `2024年7月30日`; a date without its year takes `year`."""
    import datetime

    text = typed.strip().replace(" ", "")
    patterns = (
        r"(?P<y>\d{4})[-./年](?P<m>\d{1,2})[-./月](?P<d>\d{1,2})日?",
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",
        r"(?P<m>\d{1,2})[-./月](?P<d>\d{1,2})日?",
    )
    for pattern in patterns:
        match = re.fullmatch(pattern, text)
        if not match:
            continue
        found_year = match.groupdict().get("y")
        chosen = int(found_year) if found_year else year
        if chosen is None:
            return None
        try:
            return datetime.date(chosen, int(match["m"]), int(match["d"])).isoformat()
        except ValueError:
            return None
    return None


def issue_label(group: PageGroup) -> str:
    """`武进日报 2024年7月30日 星期二`: the issue a page belongs to."""
    paper, date = group.issue
    parts = [p for p in (paper, describe_date(date) if date else None) if p]
    return " ".join(parts)

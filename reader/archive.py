"""What a page's path says about it: the date of its issue, its page number, its paper.

Archives are kept as a folder per day and a file per page, in a handful of
shapes; what this reads from a path:

    2024-07-30/p1.txt   2024/07/30/01.txt   20240730/A03.md   2024年7月30日/第02版.txt
    人民日报/2024-07-30/01.txt              wjrb_20240730_02.txt   武进日报_2024-07-30_第3版.txt

* a date: in the file name, else in the nearest folder that has one, or as
  folders `YYYY/MM/DD` (or `YYYY-MM/DD`); it must be a real day;
* a page: a file name that is plainly a page, `01`, `p2`, `page_3`, `A03`,
  `第02版` (with a date and the paper's letters around it, as in
  `wjrb_20240730_02`), never a number inside a name such as `000_8f3f…`;
* a paper: a folder (or a part of the file name) that is a paper's name,
  Chinese ending in 报 (人民日报, 武进日报).

Only the file name and its nearest four folders are read: what the user's
own directories above an archive are called says nothing about it.
"""

from __future__ import annotations

import datetime
import re
from pathlib import PurePath

from reader.furniture import normal_page
from reader.models import Placement

FOLDERS = 4
_DATE_NUMBERS = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)[-_.]?(?P<month>[01]\d)[-_.]?(?P<day>[0-3]\d)(?!\d)"
)
_DATE_CHINESE = re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日")
_PRINTED_PAGE = re.compile(r"第\s*([A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版")
_PAGE_TOKEN = re.compile(r"^(?:p|pg|page)?((?:[A-Za-z](?=\d))?0*[1-9]\d{0,2})$", re.IGNORECASE)
_WORD_TOKEN = re.compile(r"^(?:[A-Za-z]+|[\u4e00-\u9fff]+)$")
_PAPER = re.compile(r"^[\u4e00-\u9fff]{2,10}报$")
_SPLIT = re.compile(r"[-_.\s　]+")


def placement_of_path(source: str) -> Placement:
    """What the path of a page says of it (see the module docstring)."""
    path = PurePath(source)
    stem = path.stem
    folders = [p.name for p in list(path.parents)[:FOLDERS] if p.name]
    date, rest = _date_in(stem)
    if date is None:
        date = _date_in_folders(folders)
    return Placement(paper=_paper(stem, folders), date=date, page=_page(rest))


def _date_in(name: str) -> tuple[str | None, str]:
    """A date written in `name`, and the name without it."""
    for pattern in (_DATE_CHINESE, _DATE_NUMBERS):
        for match in pattern.finditer(name):
            date = _day(match.group("year"), match.group("month"), match.group("day"))
            if date is not None:
                return date, name[: match.start()] + " " + name[match.end() :]
    return None, name


def _date_in_folders(folders: list[str]) -> str | None:
    for folder in folders:  # nearest first
        date, _ = _date_in(folder)
        if date is not None:
            return date
    # YYYY/MM/DD, or YYYY-MM/DD: the day nearest the file
    for i in range(len(folders) - 1):
        day = folders[i]
        if not day.isdigit() or len(day) > 2:
            continue
        above = folders[i + 1]
        year_month = re.fullmatch(r"((?:19|20)\d\d)[-_.]?(\d{1,2})", above)
        if year_month:
            return _day(year_month.group(1), year_month.group(2), day)
        if above.isdigit() and len(above) <= 2 and i + 2 < len(folders):
            year = folders[i + 2]
            if re.fullmatch(r"(?:19|20)\d\d", year):
                return _day(year, above, day)
    return None


def _day(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _page(name: str) -> str | None:
    """The page a file name gives, when it is plainly a page's name."""
    printed = _PRINTED_PAGE.search(name)
    if printed:
        return normal_page(printed.group(1))
    tokens = [t for t in _SPLIT.split(name) if t]
    pages = [m.group(1) for t in tokens if (m := _PAGE_TOKEN.match(t)) and not t.isalpha()]
    others = [t for t in tokens if not (_PAGE_TOKEN.match(t) and not t.isalpha())]
    if len(pages) == 1 and all(_WORD_TOKEN.match(t) for t in others):
        return normal_page(pages[0])
    return None


def _paper(stem: str, folders: list[str]) -> str | None:
    for name in [*_SPLIT.split(stem), *folders]:
        if _PAPER.match(name):
            return name
    return None

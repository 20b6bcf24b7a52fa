"""A newspaper page's furniture: the lines that say which paper, day and page it is.

Archives keep them as printed, and they are not article text (Traditional-script
lines such as `明報　2024年7月30日　星期二　A4版` are read through their
Simplified rendering, `reader.script`, and what they say kept as printed):

    武进日报　2024年7月30日　星期二　第3版　综合      a masthead
    第01版：要闻   第A02版：经济   第三版              a page header (a file may hold several pages)
    《人民日报》（2024年07月30日 第 04 版）           the header of a People's Daily article file
    2024年7月30日 星期二                            a date line

`read_furniture` takes them out of a page's text and says what they tell
(`Placement`), page by page: a page header starts a new page.  A weekday
that contradicts its date is a notice, not a crash; a date that does not
exist (2月30日) is left out.  Nothing is guessed: what no line says stays None.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from reader.models import Placement
from reader.script import to_simplified

WEEKDAYS = "一二三四五六日"
_CN_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")}
_DATE = r"(?P<year>\d{4})\s*(?:年|[-./])\s*(?P<month>\d{1,2})\s*(?:月|[-./])\s*(?P<day>\d{1,2})\s*日?"
_WEEKDAY = r"(?:星期|礼拜|周)(?P<weekday>[一二三四五六日天])"  # 週 folds to 周
_PAGE = r"第\s*(?P<page>[A-Za-z]?\s*\d{1,3}|[一二三四五六七八九十]{1,3})\s*版"
_SECTION = r"(?P<section>[\u4e00-\u9fff·]{1,10}(?:[\s　]?[\u4e00-\u9fff·]{1,10})?)"
_GAP = r"[\s　]*"
_PAPER = r"(?P<paper>[\u4e00-\u9fff]{1,10}报)"

_MASTHEAD = re.compile(
    rf"^{_PAPER}{_GAP}{_DATE}(?:{_GAP}{_WEEKDAY})?(?:{_GAP}{_PAGE})?(?:{_GAP}[：:]?{_GAP}{_SECTION})?$"
)
_PAGE_HEADER = re.compile(rf"^{_PAGE}(?:{_GAP}[：:]?{_GAP}{_SECTION})?(?:{_GAP}{_DATE})?$")
_ARTICLE_HEADER = re.compile(rf"^《{_PAPER}》{_GAP}[（(]{_GAP}{_DATE}{_GAP}(?:{_PAGE})?{_GAP}[）)]$")
_DATE_LINE = re.compile(rf"^{_DATE}(?:{_GAP}{_WEEKDAY})?$")
_MARKUP = re.compile(r"^[#>\s]*|[*_]{1,3}")
_FIRST = frozenset("第《0123456789０１２３４５６７８９") | frozenset(chr(c) for c in range(0x4E00, 0xA000))
"""What a furniture line can start with, once markup is off."""


@dataclass(frozen=True, slots=True)
class Furnished:
    """A page's text without its furniture, cut where a new page begins, and what it said."""

    pages: tuple[tuple[Placement, str], ...]
    """Each page's placement and text, in order (one, for a file without page headers)."""
    notices: tuple[str, ...] = field(default=())


def read_furniture(text: str) -> Furnished:
    """Take the furniture lines out of `text` (see the module docstring)."""
    pages: list[tuple[Placement, list[str]]] = [(Placement(), [])]
    whole = Placement()  # what the file says of itself (paper, date), for every page in it
    notices: list[str] = []
    for line in text.splitlines(keepends=True):
        found = _furniture(line, notices)
        if found is None:
            pages[-1][1].append(line)
            continue
        whole = whole.filled_from(Placement(paper=found.paper, date=found.date))
        placement, lines = pages[-1]
        if found.page is not None and placement.page is not None and found.page != placement.page:
            pages.append((found, []))  # a new page of the day's paper
        elif found.page is not None and placement.page is None and any(x.strip() for x in lines):
            pages.append((found, []))  # text before the first page header stays a page of its own
        else:
            pages[-1] = (placement.filled_from(found), lines)
    out = [
        (placement.filled_from(whole), "".join(lines))
        for placement, lines in pages
        if any(x.strip() for x in lines) or len(pages) == 1
    ]
    return Furnished(tuple(out), tuple(dict.fromkeys(notices)))


def _furniture(line: str, notices: list[str]) -> Placement | None:
    """What a furniture line says, or None for a line of text."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return None
    if "版" not in stripped and "年" not in stripped and not stripped[:1].isdigit():
        return None  # every furniture line has one of these: most lines are settled here
    candidate = _MARKUP.sub("", stripped).strip()
    if not candidate or candidate[0] not in _FIRST:
        return None
    candidate = unicodedata.normalize("NFKC", candidate)  # full-width digits, ideographic spaces
    folded = to_simplified(candidate)  # 報 → 报, 禮拜 → 礼拜; same length
    for pattern in (_PAGE_HEADER, _ARTICLE_HEADER, _MASTHEAD, _DATE_LINE):
        match = pattern.match(folded)
        if match:
            return _placement(match, candidate, notices)
    return None


def _placement(match: re.Match[str], line: str, notices: list[str]) -> Placement:
    """What `match` (on `line` folded) says, its names as `line` prints them."""
    groups = {k: line[match.start(k) : match.end(k)] for k, v in match.groupdict().items() if v is not None}
    date = None
    if groups.get("year"):
        try:
            day = datetime.date(int(groups["year"]), int(groups["month"]), int(groups["day"]))
        except ValueError:
            notices.append(f"{line!r}: there is no such date; the page is left undated")
        else:
            date = day.isoformat()
            weekday = groups.get("weekday")
            if weekday and "一二三四五六日天".index(weekday) % 7 != day.weekday():
                said = f"星期{weekday}"
                notices.append(
                    f"{line!r}: {day.isoformat()} is a 星期{WEEKDAYS[day.weekday()]}, not a {said}"
                )
    return Placement(
        paper=groups.get("paper"),
        date=date,
        page=normal_page(groups["page"]) if groups.get("page") else None,
        section=(groups.get("section") or "").strip() or None,
    )


def normal_page(printed: str) -> str:
    """A page number as printed (`01`, `A02`, `三`) → as the reader says it (`1`, `A2`, `3`)."""
    text = re.sub(r"\s+", "", printed).upper()
    if text and text[0] in _CN_DIGITS or text[:1] == "十":
        return str(_chinese_number(text))
    letter = text[0] if text[:1].isalpha() else ""
    digits = text[len(letter) :].lstrip("0") or "0"
    return letter + digits


def _chinese_number(text: str) -> int:
    """一 … 九十九, as page numbers are written."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for c in text:
        value = value * 10 + _CN_DIGITS[c]
    return value

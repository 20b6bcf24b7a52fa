"""What the search filters test, per article: date, page, section, paper and reporters.

    date:2024-07-30   date:2024-07   date:2024   date:2024-07-01..2024-07-15   date:..2024-06
    page:1   page:A3   section:要闻   paper:武进日报   by:黄雅婷   !by:张晓明
    @乔俊杰   @武进 @洛凯机电   !@恽淇丞

A date filter takes whole days, months or years, and ranges of them
(inclusive; either end may be left open); `page:` matches the page number as
the reader says it (`page:01` is `page:1`); `section:` and `paper:` match any
section or paper name containing the text; `by:` a reporter or correspondent
named in the byline; `@name` an article that mentions the entity of that
name under any of its names (`reader.profiles`: `@武进` is `@武进区`; a name
still being typed, `@乔俊`, is any entity whose name starts so).  An article the archive does not place (no date, no
page) never passes a filter on it.

Kept as arrays, one entry per article (a date as `YYYYMMDD`, a page, section
and paper as a number into a table of the distinct ones), so a filter over
100k articles is a few numpy comparisons.
"""

from __future__ import annotations

import calendar
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reader.models import Article
from reader.search.fold import fold

if TYPE_CHECKING:
    import numpy as np

    from reader.search.postings import Arrays

FilterKind = Literal["date", "page", "section", "paper", "by", "entity"]
KINDS: tuple[FilterKind, ...] = ("date", "page", "section", "paper", "by")
_TABLES: tuple[FilterKind, ...] = ("page", "section", "paper")
Mentioning = Callable[[str], "np.ndarray"]
"""Name → the numbers of the articles that mention its entity, ascending (a corpus's profiles)."""
_DATE = re.compile(r"(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?")


@dataclass(frozen=True, slots=True)
class Filter:
    """`kind:value` in a query (see the module docstring)."""

    kind: FilterKind
    value: str
    negate: bool = False
    low: int = 0
    """For dates: the first day that passes, as YYYYMMDD (0: no lower bound)."""
    high: int = 0
    """For dates: the last day that passes (0: no upper bound)."""

    def __str__(self) -> str:
        if self.kind == "entity":
            return ("!" if self.negate else "") + f"@{self.value}"
        return ("!" if self.negate else "") + f"{self.kind}:{self.value}"


def parse_filter(word: str) -> Filter | None:
    """`date:2024-07` → a Filter; None when `word` is not one (then it is a search term)."""
    negate = word.startswith("!")
    if word.lstrip("!").startswith("@"):
        name = word.lstrip("!")[1:]
        return Filter("entity", name, negate) if name else None
    kind, colon, value = word.lstrip("!").partition(":")
    if not colon or kind not in KINDS or not value:
        return None
    if kind == "date":
        low_text, dots, high_text = value.partition("..")
        low = _day_bound(low_text, last=False) if low_text else 0
        high = _day_bound(high_text if dots else low_text, last=True) if (high_text or not dots) else 0
        if low is None or high is None or (not low and not high):
            return None
        return Filter("date", value, negate, low, high)
    if kind == "page":
        from reader.furniture import normal_page

        return Filter("page", normal_page(value), negate)
    return Filter(kind, fold(value), negate)


def _day_bound(text: str, *, last: bool) -> int | None:
    """`2024-07` → 20240701 (or 20240731 if `last`); None if it is not a date."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if last else 1)
    if not 1 <= month <= 12:
        return None
    if match.group(3):
        day = int(match.group(3))
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
    else:
        day = calendar.monthrange(year, month)[1] if last else 1
    return year * 10000 + month * 100 + day


def date_number(iso: str | None) -> int:
    """`2024-07-30` → 20240730; 0 for no date."""
    if not iso:
        return 0
    return int(iso[:4]) * 10000 + int(iso[5:7]) * 100 + int(iso[8:10])


class Facets:
    """Per article, what filters test; grows with `add`."""

    def __init__(self) -> None:
        self.dates = array("i")
        """YYYYMMDD of each article, 0 when undated."""
        self.codes: dict[str, array[int]] = {kind: array("I") for kind in _TABLES}
        """Per kind, each article's value as a number into `values` (0: none)."""
        self.values: dict[str, list[str]] = {kind: [""] for kind in _TABLES}
        """Per kind, the distinct values (folded; number 0 is "none")."""
        self._numbers: dict[str, dict[str, int]] = {kind: {"": 0} for kind in _TABLES}
        self.reporters: dict[str, array[int]] = {}
        """A reporter's name (folded) → the articles that name them, ascending."""

    def __len__(self) -> int:
        return len(self.dates)

    def add(self, articles: Iterable[Article]) -> None:
        for article in articles:
            doc = len(self.dates)
            self.dates.append(date_number(article.date))
            for kind, value in (
                ("page", article.page),
                ("section", article.section),
                ("paper", article.paper),
            ):
                self.codes[kind].append(self._number(kind, fold(value) if value else ""))
            for name in dict.fromkeys(fold(r) for r in article.reporters):
                self.reporters.setdefault(name, array("I")).append(doc)

    def _number(self, kind: str, value: str) -> int:
        numbers = self._numbers[kind]
        number = numbers.get(value)
        if number is None:
            number = numbers[value] = len(self.values[kind])
            self.values[kind].append(value)
        return number

    def passing(
        self, filters: Sequence[Filter], size: int, mentioning: Mentioning | None = None
    ) -> np.ndarray:
        """The article numbers below `size` that pass every filter, ascending (`@name` needs
        `mentioning`; without it no article mentions anyone)."""
        import numpy as np

        keep = np.ones(size, dtype=bool)
        for f in filters:
            if f.kind == "entity":
                hit = np.zeros(size, dtype=bool)
                if mentioning is not None:
                    docs = mentioning(f.value)
                    hit[docs[docs < size]] = True
            else:
                hit = self._test(f, size)
            keep &= ~hit if f.negate else hit
        return np.flatnonzero(keep)

    def _test(self, f: Filter, size: int) -> np.ndarray:
        import numpy as np

        if f.kind == "date":
            dates = np.frombuffer(self.dates, dtype=np.int32)[:size]
            hit = dates > 0
            if f.low:
                hit &= dates >= f.low
            if f.high:
                hit &= dates <= f.high
            return hit
        if f.kind == "by":
            hit = np.zeros(size, dtype=bool)
            docs = np.frombuffer(self.reporters.get(f.value, array("I")), dtype=np.uint32)
            hit[docs[docs < size]] = True
            return hit
        values = self.values[f.kind]
        if f.kind == "page":
            wanted = [n for n, v in enumerate(values) if n and v == fold(f.value)]
        else:
            wanted = [n for n, v in enumerate(values) if n and f.value in v]
        codes = np.frombuffer(self.codes[f.kind], dtype=np.uint32)[:size]
        return np.isin(codes, np.array(wanted, dtype=np.uint32))

    def newest_first(self, docs: np.ndarray) -> np.ndarray:
        """`docs` by date, newest first, undated last; in corpus order within a day."""
        import numpy as np

        dates = np.frombuffer(self.dates, dtype=np.int32)[docs]
        return docs[np.lexsort((docs, -dates))]

    # --- the cache -------------------------------------------------------------------------

    def save(self, out: Arrays, prefix: str) -> None:
        import numpy as np

        from reader.search.names import utf8

        out[f"{prefix}.dates"] = np.frombuffer(self.dates, dtype=np.int32)
        for kind in _TABLES:
            out[f"{prefix}.{kind}"] = np.frombuffer(self.codes[kind], dtype=np.uint32)
            out[f"{prefix}.{kind}.values"] = utf8("\n".join(self.values[kind]))
        names = sorted(self.reporters)
        out[f"{prefix}.by.names"] = utf8("\n".join(names))
        out[f"{prefix}.by.counts"] = np.array([len(self.reporters[n]) for n in names], dtype=np.uint32)
        joined = [np.frombuffer(self.reporters[n], dtype=np.uint32) for n in names]
        out[f"{prefix}.by.docs"] = np.concatenate(joined) if joined else np.zeros(0, dtype=np.uint32)

    @classmethod
    def load(cls, arrays: Arrays, prefix: str, documents: int) -> Facets:
        """Facets `save` wrote, over `documents` articles; SavedError if they are not that."""
        import numpy as np

        from reader.search.saved import check, take, text

        facets = cls()
        dates = take(arrays, f"{prefix}.dates", np.int32, 1)
        check(len(dates) == documents, "dates")
        facets.dates = array("i", dates.tobytes())
        for kind in _TABLES:
            codes = take(arrays, f"{prefix}.{kind}", np.uint32, 1)
            values = text(arrays, f"{prefix}.{kind}.values").split("\n")
            check(len(codes) == documents and values[:1] == [""], kind)
            check(not len(codes) or int(codes.max()) < len(values), kind)
            facets.codes[kind] = array("I", codes.tobytes())
            facets.values[kind] = values
            facets._numbers[kind] = {v: n for n, v in enumerate(values)}
        names = text(arrays, f"{prefix}.by.names")
        counts = take(arrays, f"{prefix}.by.counts", np.uint32, 1)
        docs = take(arrays, f"{prefix}.by.docs", np.uint32, 1)
        listed = names.split("\n") if names else []
        check(len(listed) == len(counts) and int(counts.sum()) == len(docs), "reporters")
        check(not len(docs) or int(docs.max()) < documents, "reporters' articles")
        at = 0
        for name, count in zip(listed, counts.tolist(), strict=True):
            facets.reporters[name] = array("I", docs[at : at + count].tobytes())
            at += count
        return facets

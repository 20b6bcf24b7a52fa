"""How often something appears over an archive's dates: counts by day, week or month, as a strip.

    >>> line = timeline({"2024-07-01": 3, "2024-07-30": 1})
    >>> line.unit, line.first, line.last, sparkline(line.counts)

The unit suits the span: days for up to two months, weeks for up to a year
and a half, months beyond.  Empty stretches count as zero, so the strip's
width is time.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Unit = Literal["day", "week", "month"]
_BARS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Timeline:
    unit: Unit
    starts: tuple[str, ...]
    """The first day (ISO) of each bucket."""
    counts: tuple[int, ...]
    first: str
    """The first day anything appears on."""
    last: str

    @property
    def total(self) -> int:
        return sum(self.counts)


def timeline(by_day: Mapping[str, int], *, most: int = 120) -> Timeline | None:
    """Counts per bucket from counts per ISO day (None if there is no day); at most `most`
    buckets (a coarser unit is taken when a finer one would need more)."""
    days = sorted(d for d, n in by_day.items() if n)
    if not days:
        return None
    first, last = datetime.date.fromisoformat(days[0]), datetime.date.fromisoformat(days[-1])
    span = (last - first).days + 1
    unit: Unit = "day" if span <= min(62, most) else "week" if span <= min(7 * 78, 7 * most) else "month"
    starts: list[datetime.date] = []
    cursor = _bucket(first, unit)
    while cursor <= last:
        starts.append(cursor)
        cursor = _next(cursor, unit)
    index = {start: n for n, start in enumerate(starts)}
    counts = [0] * len(starts)
    for day, count in by_day.items():
        if count:
            counts[index[_bucket(datetime.date.fromisoformat(day), unit)]] += count
    return Timeline(unit, tuple(s.isoformat() for s in starts), tuple(counts), days[0], days[-1])


def _bucket(day: datetime.date, unit: Unit) -> datetime.date:
    if unit == "day":
        return day
    if unit == "week":
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(day: datetime.date, unit: Unit) -> datetime.date:
    if unit == "day":
        return day + datetime.timedelta(days=1)
    if unit == "week":
        return day + datetime.timedelta(days=7)
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def sparkline(counts: Sequence[int], width: int | None = None) -> str:
    """One character per count (or per group of them, to fit `width`), taller for more; a bucket
    with something in it never looks empty."""
    values = list(counts)
    if width is not None and width > 0 and len(values) > width:
        size = -(-len(values) // width)  # ceiling: buckets per character
        values = [sum(values[i : i + size]) for i in range(0, len(values), size)]
    top = max(values, default=0)
    if not top:
        return " " * len(values)
    return "".join(_BARS[0] if v == 0 else _BARS[max(1, round(v / top * 8))] for v in values)

"""Pinyin found in many headline lines at once, by numpy: the runs `pinyin.find` finds.

A pinyin keystroke leaves a few hundred candidate articles whose headline
lines must be checked (`fields.pinyin_field`) and scored (`rank.bonus` for
`headline_py`), and `pinyin.find` walks a line's readings in Python, several
microseconds a line.  Here the candidates' lines are walked together, one
character a step.  A row is (start, place in the query, whole syllables used
so far); a step replaces each row by what the character under it allows: for
each of its readings, a whole syllable, an initial, zh/ch/sh, or at the end
of the query the start of a reading (`_moves`, the rule of `pinyin._run`).
The first step at which rows from a start reach the query's end gives that
start's shortest run, and the most whole syllables among them its fullness.
Runs are then kept left to right without overlap, as `find` keeps them.

Readings are looked up per character through a table over code points
(`_Readings`: a number per distinct set of readings) from the headline text's
code points (`Headlines.codes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.search import pinyin
from reader.search.headlines import first_three

if TYPE_CHECKING:
    import numpy as np

    from reader.search.headlines import Headlines, Scores


MANY_ROWS = 2048
"""Rows of a walk past which those repeating a (start, place) are dropped."""
ONE_BY_ONE = 16
"""Starts this few are walked one by one in Python (`pinyin.find_from`): the numpy walk costs
about 0.15 ms however few the rows (some fifty calls a step), a start about 5 µs."""


class _Readings:
    """Every character's readings as syllable ids: code point → set number → syllables."""

    def __init__(self) -> None:
        import numpy as np

        t = pinyin.tables()
        codes, value_of, values = t.code_table()
        letters = pinyin.alnum()
        # Set numbers: 0 none, then one per ASCII letter or digit, then pypinyin's values.
        sets: list[tuple[int, ...]] = [()]
        sets += [(t.syllable_id[ch],) for ch in letters]
        sets += [tuple(t.syllable_id[r] for r in pinyin.toneless_readings(v)) for v in values]
        size = max(max(codes, default=0), max(map(ord, letters))) + 2  # the last: none, for any above
        by_code = np.zeros(size, dtype=np.uint16)
        by_code[np.frombuffer(codes, dtype=np.uint32)] = (
            np.frombuffer(value_of, dtype=np.uint16) + 1 + len(letters)
        )
        for i, ch in enumerate(letters):
            by_code[ord(ch)] = 1 + i
        self.by_code = by_code
        counts = np.array([len(s) for s in sets], dtype=np.int64)
        self.count = counts
        self.ptr = np.concatenate(([0], np.cumsum(counts)))
        self.syllables = np.array([i for s in sets for i in s], dtype=np.int64)
        self.syllable_count = len(t.syllable_id) + 1
        self.lengths = np.zeros(self.syllable_count, dtype=np.int64)
        """Per syllable id, the syllable's length in letters."""
        for syllable, i in t.syllable_id.items():
            self.lengths[i] = len(syllable)
        self._prefixes: dict[str, np.ndarray] = {}

    def sets_at(self, codes: np.ndarray) -> np.ndarray:
        """The set number of each code point."""
        return self.by_code.take(codes, mode="clip")

    def starting(self, prefix: str) -> np.ndarray:
        """Per set number, whether one of its readings starts with `prefix`."""
        import numpy as np

        found = self._prefixes.get(prefix)
        if found is None:
            holds = np.zeros(self.syllable_count, dtype=bool)
            holds[pinyin.tables().by_prefix.get(prefix, [])] = True
            per_syllable = np.append(holds[self.syllables], False)  # (a last one for empty sets)
            found = np.logical_or.reduceat(per_syllable, np.minimum(self.ptr[:-1], len(self.syllables)))
            found &= self.count > 0
            self._prefixes[prefix] = found
        return found


_readings: _Readings | None = None


def readings() -> _Readings:
    global _readings
    if _readings is None:
        _readings = _Readings()
    return _readings


@lru_cache(maxsize=64)
def _moves(p: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What a reading lets a run of query `p` do at each place: for key `syllable · n + place`,
    the moves `ptr[key]:ptr[key + 1]` into (next place, whole syllables added).

    `pinyin._run`'s rule: a piece of the query that starts the reading moves the run on
    when it is the query's end, the whole reading, one letter, or two letters ending in h
    (zh, ch, sh); a whole reading before the end counts as a whole syllable.
    """
    import numpy as np

    t = pinyin.tables()
    n = len(p)
    chosen: list[np.ndarray] = []  # per piece that moves a run: the readings it moves on …
    wholes: list[np.ndarray] = []  # … whether each is the piece itself …
    places: list[int] = []  # … and where in the query the piece starts and ends
    afters: list[int] = []
    for place in range(n):
        for size in range(1, n - place + 1):
            piece = p[place : place + size]
            if piece not in t.by_prefix:
                break
            after = place + size
            if after == n or size == 1 or (size == 2 and piece[1] == "h"):
                ids, whole = _starting(piece)
            elif piece in t.syllable_id:
                ids, whole = _whole(piece)
            else:
                continue
            chosen.append(ids)
            wholes.append(whole)
            places.append(place)
            afters.append(after)
    count = (len(t.syllable_id) + 1) * n
    if not chosen:
        return np.zeros(count + 1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    sizes = [len(ids) for ids in chosen]
    key = np.concatenate(chosen) * n + np.repeat(places, sizes)
    nexts = np.repeat(afters, sizes)
    whole = np.concatenate(wholes) * (nexts != n)  # (the query's last piece counts no syllable)
    order = np.argsort(key, kind="stable")
    ptr = np.concatenate(([0], np.cumsum(np.bincount(key, minlength=count))))
    return ptr, nexts[order], whole[order]


@lru_cache(maxsize=4096)
def _starting(piece: str) -> tuple[np.ndarray, np.ndarray]:
    """The syllables that start with `piece`, and per syllable whether it is `piece` itself."""
    import numpy as np

    t = pinyin.tables()
    ids = np.array(t.by_prefix[piece], dtype=np.int64)
    return ids, (readings().lengths[ids] == len(piece)).astype(np.int64)


@lru_cache(maxsize=4096)
def _whole(piece: str) -> tuple[np.ndarray, np.ndarray]:
    """The syllable `piece`, as a whole syllable."""
    import numpy as np

    return np.array([pinyin.tables().syllable_id[piece]], dtype=np.int64), np.ones(1, dtype=np.int64)


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows with `counts` children each: per child, its row and its number within the row."""
    import numpy as np

    if not len(counts) or counts.max() <= 1:  # (often: one reading, one move)
        rows = np.flatnonzero(counts)
        return rows, np.zeros(len(rows), dtype=np.int64)
    rows = np.repeat(np.arange(len(counts)), counts)
    firsts = np.cumsum(counts) - counts
    return rows, np.arange(len(rows)) - firsts[rows]


def runs(codes: np.ndarray, starts: np.ndarray, p: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shortest run of `p` from each of `starts` (sorted positions in a text of code
    points `codes`), where there is one: (start, end, fullness), by start.
    Overlaps are not removed here."""
    import numpy as np

    table = readings()
    by_code, reading_count, reading_ptr, syllables = table.by_code, table.count, table.ptr, table.syllables
    ptr, nexts, wholes = _moves(p)
    n = len(p)
    found_start: list[np.ndarray] = []
    found_end: list[np.ndarray] = []
    found_full: list[np.ndarray] = []
    row_start = starts
    row_place = np.zeros(len(starts), dtype=np.int64)
    row_whole = np.zeros(len(starts), dtype=np.int64)
    for step in range(n):
        if not len(row_start):
            break
        here = by_code.take(codes.take(row_start + step, mode="clip"), mode="clip")
        parent, k = _expand(reading_count[here])
        syllable = syllables[reading_ptr[here[parent]] + k]
        key = syllable * n + row_place[parent]
        first = ptr[key]
        moves, m = _expand(ptr[key + 1] - first)
        move = first[moves] + m
        parent = parent[moves]
        start = row_start[parent]
        place = nexts[move]
        whole = row_whole[parent] + wholes[move]
        done = place == n
        if done.any():  # (rows are in order of start: a parent's children follow it)
            ends, most = start[done], whole[done]
            firsts = np.flatnonzero(np.concatenate(([True], ends[1:] != ends[:-1])))
            ended, most = ends[firsts], np.maximum.reduceat(most, firsts)
            chars = step + 1
            found_start.append(ended)
            found_end.append(ended + chars)
            if chars == 1:
                found_full.append(np.ones(len(ended)))
            else:
                found_full.append(np.minimum(1.0, most / (chars - 1)))
            alive = ended[np.minimum(np.searchsorted(ended, start), len(ended) - 1)] != start
            start, place, whole = start[alive], place[alive], whole[alive]
        if len(start) > MANY_ROWS:  # one row per (start, place): the most whole syllables
            # (Rows that repeat a (start, place) change nothing found, only the work: they are
            # dropped only once there are many.  Sorting keeps them in order of start.)
            key2 = start * (n + 1) + place
            order = np.lexsort((whole, key2))
            key2 = key2[order]
            last = np.append(key2[1:] != key2[:-1], True)
            keep = order[last]
            start, place, whole = start[keep], place[keep], whole[keep]
        row_start, row_place, row_whole = start, place, whole
    if not found_start:
        none = np.zeros(0, dtype=np.int64)
        return none, none, none.astype(np.float64)
    s = np.concatenate(found_start)
    order = np.argsort(s, kind="stable")
    return s[order], np.concatenate(found_end)[order], np.concatenate(found_full)[order]


def _without_overlaps(
    start: np.ndarray, end: np.ndarray, full: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs kept left to right, each starting at or after the end of the last one kept."""
    import numpy as np

    if len(start) < 2 or not (start[1:] < end[:-1]).any():
        return start, end, full
    keep = np.zeros(len(start), dtype=bool)
    after = -1
    for i, (s, e) in enumerate(zip(start.tolist(), end.tolist(), strict=True)):
        if s >= after:
            keep[i] = True
            after = e
    return start[keep], end[keep], full[keep]


def _may_start(codes: np.ndarray, positions: np.ndarray, p: str) -> np.ndarray:
    """Which of `positions` (each a character with a reading starting with `p[0]`) a run of
    `p` (two letters or more) can start at: `p` starts one of its readings, or the next
    character has a reading that starts with the letter after the first piece (an initial,
    zh/ch/sh or a whole syllable).  Exactly `pinyin.find`'s check, for many at once."""
    import numpy as np

    table = readings()
    t = pinyin.tables()
    ok = np.zeros(len(positions), dtype=bool)
    if p in t.prefixes:
        ok |= table.starting(p)[table.sets_at(codes[positions])]
    after = table.sets_at(codes[np.minimum(positions + 1, len(codes) - 1)])
    for letter in dict.fromkeys(p[k] for k in pinyin.first_piece_ends(p)):
        ok |= table.starting(letter)[after]
    return ok


class Matches:
    """Where pinyin query `p` matches the headline lines of some articles (`find`'s runs)."""

    def __init__(self, table: Headlines, p: str, docs: Sequence[int] | np.ndarray) -> None:
        """`docs`: sorted article numbers, all in `table`."""
        import numpy as np

        self.table = table
        self.p = p
        self.wanted = wanted = np.asarray(docs, dtype=np.int64)
        """The articles matched against."""
        lo, hi = table.article_spans(wanted)
        # Where a run can start: a character with a reading that starts with the first letter,
        # and (as `pinyin.find` checks) either `p` fits in that reading, or the next
        # character can take the next piece.
        starters = table.starters(p[0])
        first, past = starters.searchsorted(lo), starters.searchsorted(hi)
        row, k = _expand(past - first)
        positions = starters[first[row] + k].astype(np.int64)
        codes = table.codes()
        if len(p) > 1 and len(positions):
            positions = positions[_may_start(codes, positions, p)]
        if len(p) == 1:  # one letter: every start is a match, a character long
            start, end, full = positions, positions + 1, np.ones(len(positions))
        elif len(positions) <= ONE_BY_ONE:
            found = pinyin.find_from(table.text, positions.tolist(), p)
            start = np.array([f[0] for f in found], dtype=np.int64)
            end = np.array([f[1] for f in found], dtype=np.int64)
            full = np.array([f[2] for f in found], dtype=np.float64)
        else:
            start, end, full = _without_overlaps(*runs(codes, positions, p))
        self.start, self.end, self.full = start, end, full
        self.line = np.searchsorted(table.starts, start, side="right") - 1
        self.doc = np.searchsorted(table.first, self.line, side="right") - 1
        self._relative: tuple[list[int], list[int], list[float]] | None = None

    def docs(self) -> np.ndarray:
        """The articles with a match, sorted."""
        import numpy as np

        return np.unique(self.doc)

    def score(self) -> Scores:
        """Per article matched, its best headline pinyin bonus and where, as `Headlines.score`:
        `3·fullness + 2·(starts the line) + (share of the line)` over the first three matches
        of each line, the first best in reading order (`rank.bonus`)."""
        import numpy as np

        table = self.table
        line, start, end, full, doc = self.line, self.start, self.end, self.full, self.doc
        keep = first_three(line)
        if keep is not None:
            line, start, end, full, doc = line[keep], start[keep], end[keep], full[keep], doc[keep]
        starts = table.starts
        size = table.line_sizes()[line]
        at = start - starts[line]
        bonus = (3 * full + 2 * (at == 0)) + (end - start) / size
        order = np.lexsort((start, -bonus, doc))
        if len(order):
            order = order[np.concatenate(([True], doc[order][1:] != doc[order][:-1]))]
        line, doc = line[order], doc[order]
        return doc, bonus[order], line - table.first[doc], at[order], end[order] - starts[line]

    def of_lines(self, docs: Sequence[int], lines: Sequence[int]) -> list[tuple[tuple[int, int, float], ...]]:
        """Every match in one line of each article (`docs[i]`'s line `lines[i]`), as
        `pinyin.find` gives them; the articles must be among those matched against."""
        starts, ends, full = self._in_lines()
        return [
            tuple(zip(starts[lo:hi], ends[lo:hi], full[lo:hi], strict=True))
            for lo, hi in self._bounds(docs, lines)
        ]

    def spans_of_lines(self, docs: Sequence[int], lines: Sequence[int]) -> list[list[tuple[int, int]]]:
        """`of_lines` without the fullness: where to highlight."""
        starts, ends, _ = self._in_lines()
        return [list(zip(starts[lo:hi], ends[lo:hi], strict=True)) for lo, hi in self._bounds(docs, lines)]

    def _bounds(self, docs: Sequence[int], lines: Sequence[int]) -> list[tuple[int, int]]:
        """Per (article, line), the range of matches in it."""
        import numpy as np

        numbers = self.table.first[np.asarray(docs, dtype=np.int64)] + np.asarray(lines, dtype=np.int64)
        lo = np.searchsorted(self.line, numbers).tolist()
        hi = np.searchsorted(self.line, numbers + 1).tolist()
        return list(zip(lo, hi, strict=True))

    def _in_lines(self) -> tuple[list[int], list[int], list[float]]:
        """Every match's start and end within its line, and its fullness (made once)."""
        if self._relative is None:
            base = self.table.starts[self.line]
            self._relative = ((self.start - base).tolist(), (self.end - base).tolist(), self.full.tolist())
        return self._relative

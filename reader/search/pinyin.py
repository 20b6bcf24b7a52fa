"""Pinyin keys: `qiaojunjie`, `qjj` and `qiaojj` all find 乔俊杰.

A pinyin query matches a run of consecutive characters when it can be cut
into pieces, one piece per character: each piece a whole reading of its
character or its initial (first letter, or `zh`/`ch`/`sh`), except the last
piece, which may be any prefix of a reading (the syllable being typed).  So
full pinyin (`qiaojunjie`), initials (`qjj`), any mix (`qiaojj`, `qjunjie`)
and every prefix typed on the way there match.
Every reading of a character counts (长 is both `chang` and `zhang`, 重 both
`zhong` and `chong`, 区 both `qu` and `ou`), so a heteronym never makes a
name unfindable.  Tones are ignored and ü is typed `v` (绿 = `lv`).  ASCII
letters and digits in the text are their own reading (`A股` = `agu`);
punctuation and spaces end a run.

Readings come from pypinyin's single-character table, loaded on first use
(about 0.1 s and 2 MB; the search index is built off the UI thread).

For the index (`keys`), a text contributes, for every character, the id of
each full reading (syllable keys), and for every two and three adjacent
characters the combinations of their initial letters.  `query_keys` turns a
query into the keys one of which every match must contain.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_LETTER = {ch: i + 1 for i, ch in enumerate(_ALNUM)}  # 0 is never an initial
_RADIX = len(_ALNUM) + 1

# Key spaces (ints, disjoint): syllable ids; initials of two and of three
# adjacent characters; a syllable followed by the next character's initial;
# two adjacent syllables.
_BI_BASE = 1 << 12
_TRI_BASE = _BI_BASE + _RADIX**2
_SI_BASE = _TRI_BASE + _RADIX**3
_SS_BASE = _SI_BASE + (1 << 12) * _RADIX
_SYLLABLES = 1 << 10  # room for every syllable id


class _Tables:
    """Readings of every character pypinyin knows, and the syllable inventory.

    About 42,000 characters with 8,600 distinct reading lists: kept as a sorted
    array of code points and an array of indexes into the distinct lists
    (under 1 MB), not a dict of Python objects (over 10 MB).
    """

    def __init__(self) -> None:
        distinct: dict[str, int] = {}
        self._codes = array("I")
        self._value_of = array("H")
        for code, value in _load_table():
            self._codes.append(code)
            self._value_of.append(distinct.setdefault(value, len(distinct)))
        if any(a >= b for a, b in zip(self._codes, self._codes[1:], strict=False)):  # sorted, or:
            order = sorted(range(len(self._codes)), key=self._codes.__getitem__)
            self._codes = array("I", [self._codes[i] for i in order])
            self._value_of = array("H", [self._value_of[i] for i in order])
        self._values: list[str] = list(distinct)
        syllables: set[str] = set()
        toneless = [_toneless(value) for value in self._values]
        for readings in toneless:
            syllables.update(readings)
        syllables.update(_ALNUM)  # ASCII characters read as themselves
        self.syllable_id: dict[str, int] = {s: i + 1 for i, s in enumerate(sorted(syllables))}
        # Pieces a query may be cut into: prefixes of real syllables.  Lone ASCII
        # letters are left out (else `qiao` could also be q·i·a·o), except those
        # that begin a syllable anyway.
        self.prefixes: set[str] = {s[:n] for s in syllables if len(s) > 1 for n in range(1, len(s) + 1)}
        self.prefixes.update(s for s in syllables if len(s) == 1 and not s.isalpha())
        self.prefixes.update(s for s in ("a", "e", "m", "n", "o") if s in syllables)
        # Pieces before the last must be a whole reading or an initial.
        self.pieces: set[str] = {s for s in syllables if s in self.prefixes}
        self.pieces.update(s[0] for s in syllables if len(s) > 1)
        self.pieces.update(("zh", "ch", "sh"))
        self.by_prefix: dict[str, list[int]] = {}
        for s, i in self.syllable_id.items():
            for n in range(1, len(s) + 1):
                self.by_prefix.setdefault(s[:n], []).append(i)
        self.readings: dict[str, tuple[str, ...]] = {}
        """Readings of the characters met so far (see `readings`)."""
        initials = [{r[0] for r in readings if r} for readings in toneless]
        by_initial: dict[str, list[str]] = {}
        for code_point, value_number in zip(self._codes, self._value_of, strict=True):
            for letter in initials[value_number]:
                by_initial.setdefault(letter, []).append(chr(code_point))
        self._by_initial = {letter: "".join(chars) for letter, chars in by_initial.items()}
        self._starters: dict[str, frozenset[str]] = {}

    def value(self, ch: str) -> str | None:
        """pypinyin's readings of one character, with tones (`zhōng,zhòng`), or None."""
        code = ord(ch)
        i = bisect_left(self._codes, code)
        if i < len(self._codes) and self._codes[i] == code:
            return self._values[self._value_of[i]]
        return None

    def code_table(self) -> tuple[array[int], array[int], list[str]]:
        """The table itself: sorted code points, per code point its value's number, the values."""
        return self._codes, self._value_of, self._values

    def starters(self, letter: str) -> frozenset[str]:
        """The characters with a reading that starts with `letter` (and the letter itself).

        A set, not a regex character class: with characters beyond the BMP in it,
        `re` tests a class of this size range by range (30 µs a headline line).
        """
        found = self._starters.get(letter)
        if found is None:
            found = self._starters[letter] = frozenset(self._by_initial.get(letter, "") + letter)
        return found


_ENTRY = re.compile(r'"(\d+)"\s*:\s*"([^"\\]*)"')


def _load_table() -> Iterator[tuple[int, str]]:
    """pypinyin's character → readings table, without importing pypinyin.

    The package's import also loads its phrase dictionary (about 50 MB
    resident), which search does not use; the table is a JSON file beside it,
    one entry a line, read entry by entry: `json.loads` would make 84,000
    objects at once, whose freed places stay scattered among the ones kept
    (10 MB more resident for good).
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / "pinyin_dict.json"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if len(_ENTRY.findall(text)) == text.count('":'):
                return ((int(m[1]), m[2]) for m in _ENTRY.finditer(text))
            import json  # an escape or a layout this reader does not know

            return ((int(k), v) for k, v in json.loads(text).items())
    from pypinyin.pinyin_dict import pinyin_dict  # layout changed: take the slow road

    return iter(pinyin_dict.items())


def _toneless(value: str) -> list[str]:
    out = []
    for reading in value.split(","):
        plain = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
        out.append(plain.replace("ü", "v").lower())
    return out


_tables: _Tables | None = None


def tables() -> _Tables:
    global _tables
    if _tables is None:
        from reader import heap

        _tables = _Tables()
        heap.release()  # the JSON table it was read from
    return _tables


def alnum() -> str:
    """The ASCII characters that are their own reading."""
    return _ALNUM


def toneless_readings(value: str) -> tuple[str, ...]:
    """A table value (`zhōng,zhòng`) as distinct toneless readings (`zhong`,)."""
    return tuple(dict.fromkeys(_toneless(value)))


def readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one (folded) character; () for punctuation and spaces."""
    t = tables()
    found = t.readings.get(ch)
    if found is None:
        if ch in _LETTER:
            found = (ch,)
        else:
            value = t.value(ch)
            found = toneless_readings(value) if value else ()
        t.readings[ch] = found
    return found


def is_pinyin_query(term: str) -> bool:
    """Only ASCII letters and digits (after folding), with at least one letter."""
    return bool(term) and term.isascii() and term.isalnum() and not term.isdigit()


def is_syllable(word: str, *, partial: bool = False) -> bool:
    """`word` is one whole pinyin syllable (`qiao`), or with `partial` the start of one (`qia`)."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return False
    t = tables()
    if partial:
        return word in t.prefixes
    return word in t.syllable_id and (len(word) > 1 or word in ("a", "e", "o"))


# --- index keys --------------------------------------------------------------------


def keys(text: str) -> set[int]:
    """Every pinyin key of one folded text (a headline line or a name)."""
    info = _char_info
    out: set[int] = set()
    chars = []
    for ch in text:
        found = info.get(ch)
        if found is None:
            found = info[ch] = _info(ch)
        chars.append(found)
        out.update(found[0])
    for i in range(len(chars) - 1):
        a, b = chars[i], chars[i + 1]
        if not a[0] or not b[0]:
            continue
        b_initials, b_ids = b[1], b[0]
        # Most characters have one reading: no products to take.
        out.update([x + y for x in a[2] for y in b_initials])  # initials, two
        out.update([x + y for x in a[3] for y in b_initials])  # syllable, initial
        out.update([x + y for x in a[4] for y in b_ids])  # syllable, syllable
        if i + 2 < len(chars) and chars[i + 2][0]:
            c_initials = chars[i + 2][1]
            pairs = [_TRI_BASE + (x + y) * _RADIX for x in a[5] for y in b_initials]
            out.update([xy + z for xy in pairs for z in c_initials])
    return out


_char_info: dict[str, tuple[tuple[int, ...], ...]] = {}


def _info(ch: str) -> tuple[tuple[int, ...], ...]:
    """A character's syllable ids and initials, and those pre-shifted into each key space."""
    t = tables()
    rs = readings(ch)
    ids = tuple(t.syllable_id[r] for r in rs)
    initials = tuple({_LETTER[r[0]] for r in rs})
    return (
        ids,
        initials,
        tuple(_BI_BASE + x * _RADIX for x in initials),
        tuple(_SI_BASE + s * _RADIX for s in ids),
        tuple(_SS_BASE + s * _SYLLABLES for s in ids),
        tuple(x * _RADIX for x in initials),  # trigram: ((x·R + y)·R + z), base added below
    )


KeyGroup = tuple[tuple[int, ...], bool]
"""Keys a target must all hold, and whether holding them proves a match."""


@lru_cache(maxsize=256)
def query_keys(p: str) -> tuple[tuple[int, ...], tuple[KeyGroup, ...]]:
    """Where query `p` can match: (any_of, groups).

    A target holding any key of `any_of` matches for sure (`p` fits inside one
    reading).  Otherwise it may match only if it holds every key of some
    group (from the first two or three pieces of one way to cut `p`); a
    group marked sure proves the match, the others must be checked with
    `find`.
    """
    t = tables()
    n = len(p)
    completable = [False] * (n + 1)  # p[i:] can be cut into pieces, the last one a prefix
    completable[n] = True
    for i in range(n - 1, -1, -1):
        completable[i] = p[i:] in t.prefixes or any(
            p[i:j] in t.pieces and completable[j] for j in range(i + 1, n)
        )
    exact = tuple(t.by_prefix.get(p, ())) if p in t.prefixes else ()
    first = _LETTER.get(p[0])
    if first is None:
        return exact, ()
    groups: dict[tuple[int, ...], bool] = {}

    def add(keys: tuple[int, ...], sure: bool) -> None:
        groups[keys] = groups.get(keys, False) or sure

    for i in _cuts(p, 0, completable, t):
        if i == n:
            continue  # one piece: covered by `exact`
        piece, second = p[:i], _LETTER[p[i]]
        whole = t.syllable_id.get(piece) if piece in t.pieces else None
        initial = len(piece) == 1 or piece in ("zh", "ch", "sh")
        for j in _cuts(p, i, completable, t):
            if j == n:  # two pieces
                if whole and n - i == 1:  # a whole syllable, then an initial
                    add((_SI_BASE + whole * _RADIX + second,), True)
                elif whole:  # a whole syllable, then one being typed: each it can become
                    for nxt in t.by_prefix.get(p[i:], ()):
                        add((_SS_BASE + whole * _SYLLABLES + nxt,), True)
                if initial:
                    add((_BI_BASE + first * _RADIX + second,), n == 2)
            else:
                tri = _TRI_BASE + (first * _RADIX + second) * _RADIX + _LETTER[p[j]]
                both = t.syllable_id.get(p[i:j]) if whole else None
                if whole and both:  # two whole syllables first (qiao·jun·jie)
                    add((_SS_BASE + whole * _SYLLABLES + both, tri), False)
                if whole:
                    add((_SI_BASE + whole * _RADIX + second, tri), False)
                if initial:
                    add((tri,), n == 3)
    return exact, tuple(sorted(groups.items()))


def _cuts(p: str, i: int, completable: list[bool], t: _Tables) -> Iterator[int]:
    """Ends j of every valid piece p[i:j] after which the rest can still be cut."""
    n = len(p)
    for j in range(i + 1, n):
        if completable[j] and p[i:j] in t.pieces:
            yield j
    if p[i:] in t.prefixes:
        yield n


# --- matching ----------------------------------------------------------------------


def find(text: str, p: str, *, anchored: bool = False) -> list[tuple[int, int, float]]:
    """Where pinyin query `p` matches folded `text`: (start, end, fullness) per match.

    Matches do not overlap; each is the shortest run from its start.  `fullness`
    is 1.0 when every piece but the last was a whole syllable (`qiaojunjie`),
    lower for initials (`qjj`), so callers can rank full spellings first.
    With `anchored`, only a match starting at 0 counts.
    """
    starters = tables().starters(p[0])
    return find_from(text, [i for i, ch in enumerate(text[:1] if anchored else text) if ch in starters], p)


def find_from(text: str, starts: Iterable[int], p: str) -> list[tuple[int, int, float]]:
    """`find`'s matches among those starting at `starts` (ascending; characters with a reading
    that starts with `p[0]`): a few candidates in a long text, looked at one by one."""
    n = len(p)
    if n == 1:  # one letter: every character it starts a reading of
        return [(i, i + 1, 1.0) for i in starts]
    out: list[tuple[int, int, float]] = []
    after = 0
    # `p` whole inside one reading is the shortest run there is; a longer one needs a
    # character after the first that a second piece can start.
    whole = p in tables().prefixes
    known = tables().readings
    follow = _followers(p)
    for i in starts:
        if i < after:
            continue
        if whole:
            rs = known.get(text[i]) or readings(text[i])
            if any(r.startswith(p) for r in rs):
                out.append((i, i + 1, 1.0))
                after = i + 1
                continue
        if i + 1 >= len(text) or not any(text[i + 1] in chars for chars in follow):
            continue
        found = _run(text, i, p, n)
        if found is not None:
            out.append((i, found[0], found[1]))
            after = found[0]
    return out


def first_piece_ends(p: str) -> list[int]:
    """Where the first piece of a match of `p` two characters or longer can end: after an
    initial, zh/ch/sh or a whole syllable (so the second character has a reading starting
    with the letter there)."""
    t = tables()
    ends = {1} | {k for k in range(2, len(p)) if p[:k] in t.syllable_id}
    if p[:2] in ("zh", "ch", "sh"):
        ends.add(2)
    return sorted(k for k in ends if k < len(p))


@lru_cache(maxsize=256)
def _followers(p: str) -> tuple[frozenset[str], ...]:
    """The characters that can follow the first of a match of `p` two characters or longer (in
    any of the sets: `first_piece_ends`).  (Sets of a few thousand characters each, kept
    apart: their union costs more than a few lookups.)"""
    t = tables()
    return tuple({p[k]: t.starters(p[k]) for k in first_piece_ends(p)}.values())


def _run(text: str, i: int, p: str, n: int) -> tuple[int, float] | None:
    """Shortest run text[i:end] that `p` cuts onto, and its fullness."""
    # states: query position -> fewest whole syllables used to get there (max)
    states: dict[int, int] = {0: 0}
    j = i
    known = tables().readings
    while j < len(text) and states:
        rs = known.get(text[j]) or readings(text[j])
        if not rs:
            return None
        new: dict[int, int] = {}
        for pos, whole in states.items():
            for r in rs:
                limit = min(len(r), n - pos)
                k = 0
                while k < limit and r[k] == p[pos + k]:
                    k += 1
                for length in range(1, k + 1):
                    nxt = pos + length
                    full = length == len(r)
                    # before the last piece: a whole reading or an initial only
                    if nxt != n and not full and length != 1 and not (length == 2 and r[1] == "h"):
                        continue
                    w = whole + (full and nxt != n)  # fullness counts the pieces before the last
                    if new.get(nxt, -1) < w:
                        new[nxt] = w
        j += 1
        if n in new:
            chars = j - i
            fullness = 1.0 if chars == 1 else min(1.0, new[n] / (chars - 1))
            return j, fullness
        states = new
    return None

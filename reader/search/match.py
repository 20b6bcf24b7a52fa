"""Finding one query term inside one block of text: exact, pinyin, or with one typo.

Every finder takes a raw block (a headline line, paragraph, byline or name) and
returns character spans `(start, end)` into it, end exclusive (the offset
convention of `reader.models`).  Folding is one character for one, so spans in
the folded text are spans in the raw text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any

from reader.search import pinyin
from reader.search.fold import fold, has_variants, pattern
from reader.search.query import Term

Span = tuple[int, int]
_SEP = "\x00"
"""Joins blocks searched as one: folding makes NUL a space, so no plain term holds it."""


class TextFinder:
    """Exact (folded) occurrences of a term, honouring `^` and `$`."""

    __slots__ = ("text", "m", "prefix", "suffix", "rx", "_plain")

    def __init__(self, term: Term, *, plain: bool = False) -> None:
        self.text = term.text
        self.m = len(term.text)
        self.prefix = term.prefix
        self.suffix = term.suffix
        self.rx: re.Pattern[str] | None = (
            pattern(term.text) if not plain and has_variants(term.text) else None
        )
        self._plain: TextFinder | None = None if self.rx is not None else self

    @property
    def plain(self) -> TextFinder:
        """This finder for text that spells none of the term's characters another way
        (`reader.search.variants`): plain `str` methods, no regex."""
        if self._plain is None:
            self._plain = TextFinder(Term(self.text, prefix=self.prefix, suffix=self.suffix), plain=True)
        return self._plain

    def found_in(self, blocks: Sequence[str]) -> bool:
        """Whether any of `blocks` holds a match."""
        if self.rx is None and not (self.prefix or self.suffix):
            text = self.text
            for block in blocks:
                if text in block:
                    return True
            return False
        return any(self.found(block) for block in blocks)

    def found(self, block: str) -> bool:
        if self.prefix or self.suffix:
            return bool(self.spans(block))
        if self.rx is None:
            return self.text in block
        return self.rx.search(block) is not None

    def spans(self, block: str) -> list[Span]:
        m = self.m
        if self.prefix or self.suffix:
            start = 0 if self.prefix else len(block) - m
            if start < 0 or (self.prefix and self.suffix and len(block) != m):
                return []
            ok = block.startswith(self.text, start) if self.rx is None else self.rx.match(block, start)
            return [(start, start + m)] if ok else []
        if self.rx is not None:
            return [x.span() for x in self.rx.finditer(block)]
        out = []
        i = block.find(self.text)
        while i >= 0:
            out.append((i, i + m))
            i = block.find(self.text, i + m)
        return out

    def count(self, block: str) -> int:
        if self.rx is None and not (self.prefix or self.suffix):
            return block.count(self.text)
        return len(self.spans(block))


class PinyinFinder:
    """Runs of characters whose readings spell the term (see `reader.search.pinyin`)."""

    __slots__ = ("p", "prefix", "suffix")

    def __init__(self, term: Term) -> None:
        assert term.pinyin is not None
        self.p = term.pinyin
        self.prefix = term.prefix
        self.suffix = term.suffix

    def matches(self, block: str) -> list[tuple[int, int, float]]:
        """(start, end, fullness) of each match; see `pinyin.find`."""
        found = list(_pinyin_matches(block, self.p, self.prefix))
        if self.suffix:
            found = [f for f in found if f[1] == len(block)]
        return found

    def found(self, block: str) -> bool:
        return bool(self.matches(block))

    def spans(self, block: str) -> list[Span]:
        return [(s, e) for s, e, _ in self.matches(block)]


@lru_cache(maxsize=4096)
def _pinyin_matches(block: str, p: str, anchored: bool) -> tuple[tuple[int, int, float], ...]:
    """`pinyin.find` over a block, kept: a keystroke checks a headline line, scores it and
    highlights it, and a name is met in many articles."""
    return tuple(pinyin.find(fold(block), p, anchored=anchored))


class FuzzyFinder:
    """Stretches within one edit (a wrong, missing or extra character) of the term.

    A single edit leaves one half of the term intact, so the finder looks
    for the halves exactly and measures the few windows around each; for a
    three-character term it also tries the first and last character with one
    character (or none) between them.  Exact occurrences are not reported.
    """

    __slots__ = ("text", "m", "anchors", "finders", "rests", "gap", "distance", "_plain")

    def __init__(self, term: Term, *, plain: bool = False) -> None:
        from rapidfuzz.distance import Levenshtein

        t = term.text
        self.text = t
        self.m = m = len(t)
        if m >= 4:
            self.anchors: tuple[tuple[str, int], ...] = ((t[: m // 2], 0), (t[m // 2 :], m // 2))
        else:
            self.anchors = ((t[:2], 0), (t[1:], 1))
        self.finders = [
            (TextFinder(Term(a), plain=plain), offset + len(a) == m) for a, offset in self.anchors
        ]
        self.rests = [t[:offset] + t[offset + len(a) :] if m >= 4 else "" for a, offset in self.anchors]
        """Per anchor, the rest of the term (looked for around it when two characters or more)."""
        spell = re.escape if plain else lambda ch: pattern(ch).pattern
        self.gap: re.Pattern[str] | None = re.compile(spell(t[0]) + ".?" + spell(t[2])) if m == 3 else None
        self.distance: Callable[..., Any] = Levenshtein.distance
        self._plain: FuzzyFinder | None = self if plain or not has_variants(t) else None

    @property
    def plain(self) -> FuzzyFinder:
        """This finder for text that spells none of the term's characters another way."""
        if self._plain is None:
            self._plain = FuzzyFinder(Term(self.text), plain=True)
        return self._plain

    def anchor_texts(self) -> list[str]:
        """Substrings one of which every fuzzy match contains (the 3-character gap case aside)."""
        return [a for a, _ in self.anchors]

    def matches_in(self, blocks: Sequence[str]) -> list[tuple[int, int, int]]:
        """(block, start, end) of each match in `blocks`, in reading order.

        A plain finder without the gap pattern looks once in the blocks joined by a
        separator no window may hold (the same matches; a few calls instead of many).
        """
        if self._plain is not self or self.gap is not None:
            return [(i, s, e) for i, block in enumerate(blocks) for s, e, _ in self.matches(block)]
        joined = _SEP.join(blocks)
        if not any(a in joined for a, _ in self.anchors):
            return []
        if joined.count(_SEP) >= len(blocks):  # a NUL in the text itself
            return [(i, s, e) for i, block in enumerate(blocks) for s, e, _ in self.matches(block)]
        found = self.matches(joined, _SEP)
        if not found:
            return []
        ends = list(accumulate(len(block) + 1 for block in blocks))  # where each block's separator is
        out = []
        for s, e, _ in found:
            i = bisect_right(ends, s)
            base = ends[i - 1] if i else 0
            out.append((i, s - base, e - base))
        return out

    def matches(self, block: str, sep: str = "") -> list[tuple[int, int, int]]:
        """(start, end, distance) of each match, distance always 1, in text order (windows holding
        `sep` left out)."""
        t, m = self.text, self.m
        plain = self._plain is self
        found: dict[int, tuple[int, int]] = {}
        windows: list[tuple[int, int]] = []
        for (finder, at_end), rest in zip(self.finders, self.rests, strict=True):
            for i, end in finder.spans(block):
                # A window one edit from the term holds all but one of the rest of the term's
                # characters: look for them before measuring any window.
                if rest:
                    around = block[max(0, end - m - 1) : i] if at_end else block[end : i + m + 1]
                    around = around if plain else fold(around)
                    if sum(ch in around for ch in rest) < len(rest) - 1:
                        continue
                if at_end:  # the edit is before the anchor: windows end where it ends
                    windows.extend((end - n, end) for n in (m, m - 1, m + 1))
                else:  # the edit is after it: windows start where it starts
                    windows.extend((i, i + n) for n in (m, m - 1, m + 1))
        if self.gap is not None:
            windows.extend(x.span() for x in self.gap.finditer(block))
        size = len(block)
        for s, e in windows:
            if s < 0 or e > size or s >= e or (sep and sep in block[s:e]):
                continue
            d = self.distance(t, block[s:e] if plain else fold(block[s:e]), score_cutoff=1)
            if d == 1 and s not in found:
                found[s] = (e, d)
        out: list[tuple[int, int, int]] = []
        last_end = -1
        for s in sorted(found):
            e, d = found[s]
            if s >= last_end:
                out.append((s, e, d))
                last_end = e
        return out

    def found(self, block: str) -> bool:
        return bool(self.matches(block))

    def spans(self, block: str) -> list[Span]:
        return [(s, e) for s, e, _ in self.matches(block)]


@lru_cache(maxsize=64)
def fuzzy_finder(term: Term) -> FuzzyFinder:
    """The `FuzzyFinder` of a term, made once (it compiles patterns): ranking asks for it once an
    article."""
    return FuzzyFinder(term)


@lru_cache(maxsize=64)
def text_finder(term: Term) -> TextFinder:
    """The `TextFinder` of a term, made once (and its plain twin with it)."""
    return TextFinder(term)

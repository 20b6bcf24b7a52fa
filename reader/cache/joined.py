"""An article's paragraphs (or headline lines) as one string: reads like the tuple it stands for.

A paragraph as its own `str` costs about 90 bytes besides its text (object
header, allocator), 3.7 MB at 10k articles: a tenth of the corpus text.  An
article loaded from the cache keeps its paragraphs, and its headline lines,
joined in one string each with where each piece ends, and hands out a piece
(a fresh slice) when asked.
It compares, hashes, adds and pickles like the tuple (see `LazyEntities` in
`reader.cache.codec` for the same idea applied to entities).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any, overload


class JoinedTexts(Sequence[str]):
    """Strings stored end to end; `texts[i]`, `len`, iteration, `==` as for `tuple(texts)`."""

    __slots__ = ("_text", "_ends")

    def __init__(self, texts: Sequence[str]) -> None:
        self._text = "".join(texts)
        ends = array("I")
        total = 0
        for text in texts:
            total += len(text)
            ends.append(total)
        self._ends = ends

    def __len__(self) -> int:
        return len(self._ends)

    def __bool__(self) -> bool:
        return bool(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        ends = self._ends
        if index < 0:
            index += len(ends)
        if not 0 <= index < len(ends):
            raise IndexError("index out of range")
        return self._text[ends[index - 1] if index else 0 : ends[index]]

    def __iter__(self) -> Iterator[str]:
        text, start = self._text, 0
        for end in self._ends:
            yield text[start:end]
            start = end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JoinedTexts):
            return self._ends == other._ends and self._text == other._text
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: object) -> tuple[str, ...]:
        if isinstance(other, (tuple, JoinedTexts)):
            return tuple(self) + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[str, ...]:
        if isinstance(other, tuple):
            return other + tuple(self)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))  # pickles (to worker processes, into caches) as the plain tuple

"""The compact forms an article's text and entities take in memory and in the cache.

A corpus of 100k articles holds millions of entities and hundreds of
thousands of paragraphs.  As Python objects they would cost several times
the text itself (a frozen dataclass is about 150 bytes, a `str` about 90
besides its characters), and loading them from the cache would take
seconds.  So an article that went through the indexer holds:

* `PackedEntities`: its entities as bytes, 8 per entity, read back into
  `Entity` objects only when someone iterates them;
* `JoinedTexts`: its paragraphs (or headline lines) as one string and where
  each ends, handing out a piece when asked;
* `Article.words`: where the tagger's words start, one bit per character
  (`pack_starts`).

Each is a `Sequence` that reads, compares and hashes like the tuple it
stands for, so `Article`'s fields are honestly typed `Sequence[...]` and code
reading an article never needs to know which form it holds.  The bytes of
`PackedEntities.packed` are exactly what the cache stores (`reader.cache`).

Packed entities take one of two layouts, told apart by the length's parity:

* narrow (even length, nearly always): four little-endian uint16 per entity,
  `(block, start, end, line | type << 8)`, the block as int16 (`HEADLINE` and
  `BYLINE` are negative), the type 0, 1, 2 for PER, LOC, ORG;
* wide (odd length): the byte `W`, then five little-endian int32 per entity,
  `(block, line, start, end, type)`, for offsets past 65,535 or a 256th
  headline line.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from reader.models import BYLINE, ENTITY_TYPES, HEADLINE, Entity, EntityType, TextRef

_WIDE = b"W"
_INTS = 5
"""int32 values per entity in the wide layout."""
_SHORTS = 4
"""uint16 values per entity in the narrow layout."""
_TYPE_CODE = {kind: n for n, kind in enumerate(ENTITY_TYPES)}
_LITTLE = sys.byteorder == "little"


class PackError(ValueError):
    """Bytes that do not unpack (a damaged or foreign cache row)."""


# --- entities ------------------------------------------------------------------------


def pack_entities(entities: Iterable[Entity]) -> bytes:
    """The packed bytes of `entities` (for `PackedEntities`, the bytes it already holds)."""
    if isinstance(entities, PackedEntities):
        return entities.packed
    entities = tuple(entities)
    narrow = array("H")
    try:
        for e in entities:
            at = e.at
            if not -0x8000 <= at.block < 0x8000 or at.line > 0xFF:
                raise OverflowError
            narrow.extend((at.block & 0xFFFF, at.start, at.end, at.line | _TYPE_CODE[e.type] << 8))
    except OverflowError:  # offsets past 65,535 or a 256th headline line: the wide layout
        wide = array("i")
        for e in entities:
            at = e.at
            wide.extend((at.block, at.line, at.start, at.end, _TYPE_CODE[e.type]))
        if not _LITTLE:  # pragma: no cover - big-endian machines
            wide.byteswap()
        return _WIDE + wide.tobytes()
    if not _LITTLE:  # pragma: no cover
        narrow.byteswap()
    return narrow.tobytes()


def count_entities(packed: bytes) -> int:
    """How many entities `packed` holds, without unpacking them."""
    if len(packed) % 2:
        return (len(packed) - 1) // (4 * _INTS)
    return len(packed) // (2 * _SHORTS)


def _records(packed: bytes) -> Iterator[tuple[int, int, int, int, int]]:
    """(block, line, start, end, type code) of each packed entity (a torn tail is dropped)."""
    if len(packed) % 2:
        values = array("i")
        body = packed[1:]
        values.frombytes(body[: len(body) - len(body) % (4 * _INTS)])
        if not _LITTLE:  # pragma: no cover
            values.byteswap()
        for i in range(0, len(values), _INTS):
            block, line, start, end, code = values[i : i + _INTS]
            yield block, line, start, end, code
        return
    shorts = array("H")
    shorts.frombytes(packed[: len(packed) - len(packed) % (2 * _SHORTS)])
    if not _LITTLE:  # pragma: no cover
        shorts.byteswap()
    for i in range(0, len(shorts), _SHORTS):
        block, start, end, rest = shorts[i : i + _SHORTS]
        yield block - 0x10000 if block >= 0x8000 else block, rest & 0xFF, start, end, rest >> 8


class PackedEntities(Sequence[Entity]):
    """An article's entities as packed bytes; reads like `tuple[Entity, ...]`.

    Its length and truth value need no unpacking; iterating, indexing and
    comparing unpack into `Entity` objects each time (they are not kept).
    An entity that does not fit the article's text (a damaged cache row) is
    left out.  Pickles as the plain tuple.
    """

    __slots__ = ("packed", "_headline", "_byline", "_paragraphs")

    def __init__(
        self, packed: bytes, headline: Sequence[str], byline: str, paragraphs: Sequence[str]
    ) -> None:
        self.packed = packed
        self._headline = headline
        self._byline = byline
        self._paragraphs = paragraphs

    def keys(self) -> Iterator[tuple[str, EntityType]]:
        """(text, type) of each entity, without building `Entity` objects (the corpus-wide
        name index reads millions: a frozen dataclass costs about a microsecond)."""
        for text, kind, *_ in self._fitting():
            yield text, kind

    def spans(self) -> Iterator[tuple[str, EntityType, int, int, int, int]]:
        """(text, type, block, line, start, end) of each entity, without building objects."""
        return self._fitting()

    def unpack(self) -> tuple[Entity, ...]:
        return tuple(
            Entity(text, kind, TextRef(block, line, start, end))
            for text, kind, block, line, start, end in self._fitting()
        )

    def _fitting(self) -> Iterator[tuple[str, EntityType, int, int, int, int]]:
        """(text, type, block, line, start, end) of each entity that fits the text."""
        headline, paragraphs = tuple(self._headline), tuple(self._paragraphs)  # each block sliced once
        byline = self._byline
        for block_number, line, start, end, code in _records(self.packed):
            if block_number == HEADLINE:
                if not 0 <= line < len(headline):
                    continue
                block = headline[line]
            elif block_number == BYLINE:
                block = byline
            elif 0 <= block_number < len(paragraphs):
                block = paragraphs[block_number]
            else:
                continue
            if code >= len(ENTITY_TYPES) or not 0 <= start < end <= len(block):
                continue
            yield block[start:end], ENTITY_TYPES[code], block_number, line, start, end

    def __len__(self) -> int:
        return count_entities(self.packed)

    def __bool__(self) -> bool:
        return count_entities(self.packed) > 0

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.unpack())

    @overload
    def __getitem__(self, index: int) -> Entity: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Entity, ...]: ...
    def __getitem__(self, index: int | slice) -> Entity | tuple[Entity, ...]:
        return self.unpack()[index]

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, PackedEntities):
            texts = (self._headline, self._byline, self._paragraphs)
            if other.packed == self.packed and (other._headline, other._byline, other._paragraphs) == texts:
                return True
            return self.unpack() == other.unpack()
        if isinstance(other, tuple):
            return self.unpack() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.unpack())

    def __add__(self, other: object) -> tuple[Entity, ...]:
        if isinstance(other, (tuple, PackedEntities)):
            return self.unpack() + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Entity, ...]:
        if isinstance(other, tuple):
            return other + self.unpack()
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self.unpack())

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self.unpack(),))


def entity_keys(entities: Sequence[Entity]) -> Iterator[tuple[str, EntityType]]:
    """(text, type) of each entity, cheaply for packed ones (see `PackedEntities.keys`)."""
    if isinstance(entities, PackedEntities):
        return entities.keys()
    return ((e.text, e.type) for e in entities)


def entity_spans(entities: Sequence[Entity]) -> Iterator[tuple[str, EntityType, int, int, int, int]]:
    """(text, type, block, line, start, end) of each entity, cheaply for packed ones."""
    if isinstance(entities, PackedEntities):
        return entities.spans()
    return ((e.text, e.type, e.at.block, e.at.line, e.at.start, e.at.end) for e in entities)


# --- text ----------------------------------------------------------------------------


class JoinedTexts(Sequence[str]):
    """Strings stored end to end; `texts[i]`, `len`, iteration, `==` as for `tuple(texts)`.

    A paragraph as its own `str` costs about 90 bytes besides its text, 3.7 MB
    at 10k articles: a tenth of the corpus text.  Pickles as the plain tuple.
    """

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
        return (tuple, (tuple(self),))


def joined(texts: list[str]) -> Sequence[str]:
    """Several strings as `JoinedTexts`; none or one as a plain tuple (smaller then)."""
    return JoinedTexts(texts) if len(texts) > 1 else tuple(texts)


# --- word starts ---------------------------------------------------------------------


def pack_starts(starts: Iterable[int], length: int) -> bytes:
    """A bitmap of `length` characters with a bit set at each of `starts` (bit i = byte i//8, bit i%8)."""
    bits = bytearray((length + 7) // 8)
    for i in starts:
        bits[i >> 3] |= 1 << (i & 7)
    return bytes(bits)


def starts_fit(words: bytes, chars: int) -> bool:
    """Whether a bitmap has the size `chars` characters need (the cache drops one that does not)."""
    return len(words) == (chars + 7) // 8


# --- several per-article blobs in one --------------------------------------------------


def pack_blobs(blobs: Sequence[bytes]) -> bytes:
    """Per-article bytes (packed entities, word starts) of a page in one blob: the count, each
    one's length, then the bytes."""
    counts = array("i", [len(blobs)] + [len(b) for b in blobs])
    if not _LITTLE:  # pragma: no cover
        counts.byteswap()
    return counts.tobytes() + b"".join(blobs)


def unpack_blobs(data: bytes, count: int) -> list[bytes]:
    """The `count` pieces `pack_blobs` joined; raises PackError if `data` is not such a blob."""
    head = 4 + 4 * count
    if len(data) < head:
        raise PackError("blob too short")
    counts = struct.unpack_from(f"<{count + 1}i", data)
    if counts[0] != count:
        raise PackError("blob does not match the page's articles")
    out: list[bytes] = []
    offset = head
    for n in counts[1:]:
        end = offset + n
        if n < 0 or end > len(data):
            raise PackError("blob truncated")
        out.append(data[offset:end])
        offset = end
    if offset != len(data):
        raise PackError("blob has trailing bytes")
    return out

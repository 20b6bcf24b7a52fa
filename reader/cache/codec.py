"""Articles and entities ↔ what the cache stores, compact and quick to load.

A page's articles are one JSON text (everything but `source`, which is
whatever path the page was found by this time, `entities` and `words`).
Entities are binary, the mention's text being the slice of its block the
offsets name (see `reader.models`), so it is never stored twice.  An
article's entities take one of two forms, told apart by the length's parity:

* narrow (even length, nearly always): four little-endian uint16 per entity,
  `(paragraph, start, end, line | type << 8)`, the paragraph as int16
  (`HEADLINE` and `BYLINE` are negative), the type 0, 1, 2 for PER, LOC, ORG;
* wide (odd length): the byte `W`, then five little-endian int32 per entity,
  `(paragraph, line, start, end, type)`, the type as its name's ASCII bytes —
  for offsets past 65,535, a 256th headline line or another type name.

Loading 100k articles must take well under a second, and building four
million `Entity` objects does not fit in that: an article loaded from the
cache carries a `LazyEntities`, an immutable sequence that holds the packed
bytes and builds the `Entity` tuple each time it is read.  It compares,
hashes, adds and pickles exactly like that tuple; its length and truth
value need no decoding.  It also keeps memory down: 8 bytes an entity
instead of about 150.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, cast, overload

from reader.cache.joined import JoinedTexts
from reader.models import BYLINE, HEADLINE, Article, Entity, HeadlineRole
from reader.search.words import fits

INTS = 5
"""int32 values per entity in the wide form."""
SHORTS = 4
"""uint16 values per entity in the narrow form."""
_WIDE = b"W"
_NARROW_TYPES = ("PER", "LOC", "ORG")
_NARROW_CODE = {kind: n for n, kind in enumerate(_NARROW_TYPES)}
_TYPE_CODE: dict[str, int] = {}
_TYPE_NAME: dict[int, str] = {}
_ROLES = {role: role for role in ("banner", "kicker", "title", "subtitle")}
_LITTLE = sys.byteorder == "little"


class CodecError(ValueError):
    """Cached data that does not decode into articles (a damaged or foreign cache)."""


# --- entities ------------------------------------------------------------------------


def type_code(kind: str) -> int:
    """An entity type as an int32: its name's (at most four) ASCII bytes."""
    code = _TYPE_CODE.get(kind)
    if code is None:
        raw = kind.encode("ascii", "replace")
        if not 0 < len(raw) <= 4 or b"\0" in raw or not kind.isascii():
            raise CodecError(f"entity type {kind!r} cannot be stored")
        code = _TYPE_CODE[kind] = int.from_bytes(raw.ljust(4, b"\0"), "little", signed=True)
    return code


def type_name(code: int) -> str | None:
    name = _TYPE_NAME.get(code)
    if name is None:
        raw = code.to_bytes(4, "little", signed=True).rstrip(b"\0")
        if not raw or not raw.isascii() or b"\0" in raw or not raw.decode().isprintable():
            return None
        name = _TYPE_NAME[code] = sys.intern(raw.decode())
    return name


def pack_entities(entities: Sequence[Entity]) -> bytes:
    """The packed form; raises CodecError for a type name that does not fit (not the tagger's)."""
    if isinstance(entities, LazyEntities):
        return entities.packed
    narrow = array("H")
    try:
        for e in entities:
            if not -0x8000 <= e.paragraph < 0x8000 or e.line > 0xFF:
                raise OverflowError
            narrow.extend((e.paragraph & 0xFFFF, e.start, e.end, e.line | _NARROW_CODE[e.type] << 8))
    except (OverflowError, KeyError):  # offsets past 65,535, a 256th line, another type: wide
        wide = array("i")
        for e in entities:
            wide.extend((e.paragraph, e.line, e.start, e.end, type_code(e.type)))
        if not _LITTLE:  # pragma: no cover - big-endian machines
            wide.byteswap()
        return _WIDE + wide.tobytes()
    if not _LITTLE:  # pragma: no cover
        narrow.byteswap()
    return narrow.tobytes()


def _records(data: bytes) -> Iterator[tuple[int, int, int, int, str | None]]:
    """(paragraph, line, start, end, type name or None) of each packed entity (a torn tail is dropped)."""
    if len(data) % 2:
        values = array("i")
        body = data[1:]
        values.frombytes(body[: len(body) - len(body) % (4 * INTS)])
        if not _LITTLE:  # pragma: no cover
            values.byteswap()
        for i in range(0, len(values), INTS):
            paragraph, line, start, end, code = values[i : i + INTS]
            yield paragraph, line, start, end, type_name(code)
        return
    shorts = array("H")
    shorts.frombytes(data[: len(data) - len(data) % (2 * SHORTS)])
    if not _LITTLE:  # pragma: no cover
        shorts.byteswap()
    for i in range(0, len(shorts), SHORTS):
        paragraph, start, end, rest = shorts[i : i + SHORTS]
        kind = rest >> 8
        yield (
            paragraph - 0x10000 if paragraph >= 0x8000 else paragraph,
            rest & 0xFF,
            start,
            end,
            _NARROW_TYPES[kind] if kind < len(_NARROW_TYPES) else None,
        )


def count_entities(data: bytes) -> int:
    """How many entities `data` packs, without decoding them."""
    if len(data) % 2:
        return (len(data) - 1) // (4 * INTS)
    return len(data) // (2 * SHORTS)


def decode_entities(
    data: bytes, headline: Sequence[str], byline: str, paragraphs: Sequence[str]
) -> tuple[Entity, ...]:
    """The entities packed in `data`; any that do not fit the article's text are dropped."""
    return tuple(
        Entity(text, kind, paragraph, start, end, line)  # type: ignore[arg-type]
        for text, kind, paragraph, line, start, end in _mentions(data, headline, byline, paragraphs)
    )


def entity_keys(entities: Sequence[Entity]) -> Iterator[tuple[str, str]]:
    """(text, type) of each entity; for packed ones without building `Entity` objects (the
    corpus-wide name index reads millions: a frozen dataclass costs a microsecond each)."""
    if isinstance(entities, LazyEntities):
        for text, kind, *_ in _mentions(
            entities.packed, entities._headline, entities._byline, entities._paragraphs
        ):
            yield text, kind
    else:
        for e in entities:
            yield e.text, e.type


def _mentions(
    data: bytes, headline: Sequence[str], byline: str, paragraphs: Sequence[str]
) -> Iterator[tuple[str, str, int, int, int, int]]:
    """(text, type, paragraph, line, start, end) of each packed entity that fits the text."""
    headline, paragraphs = tuple(headline), tuple(paragraphs)  # each block sliced once, if joined
    for paragraph, line, start, end, kind in _records(data):
        if paragraph == HEADLINE:
            if not 0 <= line < len(headline):
                continue
            block = headline[line]
        elif paragraph == BYLINE:
            block = byline
        elif 0 <= paragraph < len(paragraphs):
            block = paragraphs[paragraph]
        else:
            continue
        if kind is None or not 0 <= start < end <= len(block):
            continue
        yield block[start:end], kind, paragraph, line, start, end


class LazyEntities(Sequence[Entity]):
    """An article's entities, packed; reads like `tuple[Entity, ...]` (see the module docstring)."""

    __slots__ = ("packed", "_headline", "_byline", "_paragraphs")

    def __init__(
        self, packed: bytes, headline: Sequence[str], byline: str, paragraphs: Sequence[str]
    ) -> None:
        self.packed = packed
        self._headline = headline
        self._byline = byline
        self._paragraphs = paragraphs

    def decode(self) -> tuple[Entity, ...]:
        return decode_entities(self.packed, self._headline, self._byline, self._paragraphs)

    def __len__(self) -> int:
        return count_entities(self.packed)

    def __bool__(self) -> bool:
        return count_entities(self.packed) > 0

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.decode())

    @overload
    def __getitem__(self, index: int) -> Entity: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Entity, ...]: ...
    def __getitem__(self, index: int | slice) -> Entity | tuple[Entity, ...]:
        return self.decode()[index]

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, LazyEntities):
            if other.packed == self.packed and (other._headline, other._byline, other._paragraphs) == (
                self._headline,
                self._byline,
                self._paragraphs,
            ):
                return True
            return self.decode() == other.decode()
        if isinstance(other, tuple):
            return self.decode() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.decode())

    def __add__(self, other: object) -> tuple[Entity, ...]:
        if isinstance(other, (tuple, LazyEntities)):
            return self.decode() + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Entity, ...]:
        if isinstance(other, tuple):
            return other + self.decode()
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self.decode())

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self.decode(),))  # pickles (to worker processes) as the plain tuple


def lazy_entities(packed: bytes, article: Article) -> tuple[Entity, ...]:
    """`packed` as the entities of `article` (typed as the tuple it stands for)."""
    return cast(
        "tuple[Entity, ...]", LazyEntities(packed, article.headline, article.byline, article.paragraphs)
    )


def pack_page(articles: Sequence[Article]) -> bytes:
    """All of a page's entities in one blob: the article count, each one's byte length, then the bytes."""
    return pack_blobs([pack_entities(a.entities) for a in articles])


def pack_blobs(packed: Sequence[bytes]) -> bytes:
    """`pack_page` from each article's packed entities (or any per-article bytes: word starts)."""
    parts: list[bytes] = []
    counts = array("i")
    for item in packed:
        parts.append(item)
        counts.append(len(item))
    if not _LITTLE:  # pragma: no cover
        counts.byteswap()
    header = array("i", [len(packed)])
    if not _LITTLE:  # pragma: no cover
        header.byteswap()
    return header.tobytes() + counts.tobytes() + b"".join(parts)


def unpack_page(data: bytes, count: int) -> list[bytes]:
    """The packed entities of each of `count` articles, from `pack_page`'s blob (see `pack_blobs`)."""
    head = 4 + 4 * count
    if len(data) < head:
        raise CodecError("entity blob too short")
    counts = struct.unpack_from(f"<{count + 1}i", data)
    if counts[0] != count:
        raise CodecError("entity blob does not match the page's articles")
    out: list[bytes] = []
    offset = head
    for n in counts[1:]:
        end = offset + n
        if n < 0 or end > len(data):
            raise CodecError("entity blob truncated")
        out.append(data[offset:end])
        offset = end
    if offset != len(data):
        raise CodecError("entity blob has trailing bytes")
    return out


# --- articles ------------------------------------------------------------------------


def dump_articles(articles: Sequence[Article]) -> str:
    """A page's articles as JSON text, without `source` and `entities`."""
    return json.dumps(
        [
            [a.id, a.order, list(a.headline), a.roles, a.byline, a.reporters, list(a.paragraphs), a.notes]
            for a in articles
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_articles(
    text: str,
    source: str,
    entities: Sequence[bytes] | None = None,
    words: Sequence[bytes] | None = None,
) -> list[Article]:
    """The articles `dump_articles` wrote, found this time at `source`; raises CodecError.

    `entities`, if given, holds each article's packed entities (see `unpack_page`),
    `words` each article's word starts (`reader.search.words`; one that does not fit is dropped).
    """
    try:
        rows = json.loads(text)
    except ValueError as error:
        raise CodecError(f"articles do not decode: {error}") from None
    if (
        not isinstance(rows, list)
        or (entities is not None and len(entities) != len(rows))
        or (words is not None and len(words) != len(rows))
    ):
        raise CodecError("articles are not a list of the expected length")
    articles: list[Article] = []
    join = "".join  # checks that every item is a str, at C speed
    intern = sys.intern  # bylines and reporters repeat from article to article: one copy each
    try:
        for n, row in enumerate(rows):
            id_, order, headline, roles, byline, reporters, paragraphs, notes = row
            if not (
                type(id_) is str
                and type(order) is int
                and type(byline) is str
                and type(headline) is list
                and type(paragraphs) is list
                and type(reporters) is list
                and type(notes) is list
                and len(roles) == len(headline)
            ):
                raise CodecError("an article's fields have the wrong types")
            size = len(join(headline)) + len(byline) + len(join(paragraphs))
            join(reporters), join(notes)
            headline_t = _texts(headline)
            paragraphs_t = _texts(paragraphs)
            starts = words[n] if words is not None else b""
            if starts and not fits(starts, size):
                starts = b""
            articles.append(
                Article(
                    id_,
                    source,
                    order,
                    headline_t,
                    _shared_roles(roles),
                    intern(byline),
                    tuple([intern(r) for r in reporters]),
                    paragraphs_t,
                    _lazy(entities[n], headline_t, byline, paragraphs_t) if entities is not None else (),
                    tuple(notes),
                    starts,
                )
            )
    except (TypeError, ValueError, KeyError) as error:
        raise CodecError(f"an article does not decode: {error}") from None
    return articles


def _texts(items: list[str]) -> tuple[str, ...]:
    """Several strings joined in one (`JoinedTexts`); none or one, a plain tuple (smaller then)."""
    return cast("tuple[str, ...]", JoinedTexts(items)) if len(items) > 1 else tuple(items)


_ROLE_TUPLES: dict[tuple[str, ...], tuple[HeadlineRole, ...]] = {}


def _shared_roles(roles: list[str]) -> tuple[HeadlineRole, ...]:
    """The roles as one tuple shared by all articles with the same ones; KeyError for a foreign role."""
    key = tuple(roles)
    shared = _ROLE_TUPLES.get(key)
    if shared is None:
        shared = _ROLE_TUPLES[key] = tuple([_ROLES[r] for r in roles])  # type: ignore[misc]
    return shared


def _lazy(
    packed: bytes, headline: tuple[str, ...], byline: str, paragraphs: tuple[str, ...]
) -> tuple[Entity, ...]:
    return LazyEntities(packed, headline, byline, paragraphs)  # type: ignore[return-value]

"""The rows the cache stores and hands back (see `reader.cache.store` for the tables)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileRow:
    """What the cache knows about one file, without its data."""

    path: bytes
    name: bytes
    size: int
    mtime_ns: int
    ino: int
    hash: str
    checked_ns: int
    parser: str
    encoding: str
    count: int
    problems: str
    tagger: str | None


@dataclass(frozen=True, slots=True)
class PageRow:
    """A freshly read page, to store."""

    path: bytes
    name: bytes
    size: int
    mtime_ns: int
    ino: int
    hash: str
    checked_ns: int
    parser: str
    encoding: str
    count: int
    articles: str | None
    problems: str


@dataclass(frozen=True, slots=True)
class TagRow:
    """A page's articles as tagged one by one, to store."""

    path: bytes
    hash: str
    """The content hash of the file that was tagged: stored only if the file still holds it."""
    tagger: str
    entities: bytes
    """Every article's packed entities (`reader.packed.pack_blobs`)."""
    names: str
    """Per article, the names its strong contexts vouch for, as JSON."""
    words: bytes
    """Every article's word starts (`reader.packed.pack_blobs`)."""


@dataclass(frozen=True, slots=True)
class CorpusRow:
    """The corpus-wide pass over one corpus: which tagger, over which files, with which names."""

    tagger: str
    signature: str
    names: str


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A page's entities after the corpus-wide pass: None where it changed nothing."""

    path: bytes
    hash: str
    entities: bytes | None

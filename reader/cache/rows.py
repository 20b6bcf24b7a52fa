"""The rows the cache stores and hands back (see `reader.cache.store` for the tables)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NamedTuple


class Stamp(NamedTuple):
    """What the file system says about a file, without reading it.

    The cache trusts a row for a file only while all four are as recorded:
    an edit in place that keeps the size and puts the modification time back
    (`cp -p`, `rsync --inplace -t`, `touch -r`) still changes the inode's
    change time, which no user command can set.
    """

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int

    @classmethod
    def of(cls, info: os.stat_result | None) -> Stamp:
        if info is None:
            return UNKNOWN
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


UNKNOWN = Stamp(-1, -1, -1, -1)
"""The stamp of a file that could not be looked at."""


@dataclass(frozen=True, slots=True)
class FileRow:
    """What the cache knows about one file, without its data."""

    path: bytes
    name: bytes
    stamp: Stamp
    hash: str
    checked_ns: int
    parser: str
    encoding: str
    count: int
    problems: str
    tagger: str | None


@dataclass(frozen=True, slots=True)
class TouchRow:
    """A file whose content is as cached, with a new stamp (touched, copied back, restored)."""

    path: bytes
    stamp: Stamp
    checked_ns: int


@dataclass(frozen=True, slots=True)
class PageRow:
    """A freshly read page, to store."""

    path: bytes
    name: bytes
    stamp: Stamp
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

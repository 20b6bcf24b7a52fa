"""The page files of a run: what the cache knows of each, and reading one that changed.

A file's cached row stands for it without reading it when its stamp (size,
modification and change times, inode: `reader.cache.rows.Stamp`) is as
cached and it did not change within moments of being cached (`trusted`);
otherwise it is read, and its content hash decides whether the cached
articles still hold.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.cache.rows import UNKNOWN, FileRow, Stamp
from reader.cache.store import path_key
from reader.models import Article, EntityType, Problem
from reader.packed import unpack_blobs

RACY_NS = 3_000_000_000
"""A file modified this close to when it was cached is checked by content next time."""
READ_ATTEMPTS = 3


@dataclass(eq=False, slots=True)
class PageFile:
    """One page file and everything the run learns about it."""

    index: int
    """Its place in the corpus's order of files."""
    path: Path
    source: str
    """The path as found, as `Article.source` and `Problem.path` give it."""
    key: bytes
    """Its key in the cache (`reader.cache.store.path_key`)."""
    stamp: Stamp
    """As found; updated when the file is read."""
    row: FileRow | None
    """What the cache knows of it (None: nothing usable)."""
    hash: str = ""
    articles: list[Article] = field(default_factory=list)
    local_blob: bytes | None = None
    """Its articles' entities as tagged one by one (before the corpus-wide pass), packed as the
    cache stores them (`reader.packed.pack_blobs`); unpacked on first use (`local`)."""
    _local: list[bytes] | None = None
    strong: list[list[tuple[str, EntityType]]] | None = None
    """Per article, the names its strong contexts vouch for (`Tagger.names_of`)."""
    strong_json: str | None = None
    """`strong` as the cache stores it, decoded on first use."""
    cacheable: bool = True
    from_cache: bool = False
    relink: bool = False
    """Its entities as tagged changed since the corpus-wide pass last ran (or it never ran)."""

    @property
    def local(self) -> list[bytes] | None:
        """Per article, packed entities from tagging one by one; None until tagged."""
        if self._local is None and self.local_blob is not None:
            self._local = unpack_blobs(self.local_blob, len(self.articles))
        return self._local

    @local.setter
    def local(self, value: list[bytes] | None) -> None:
        self._local, self.local_blob = value, None

    @property
    def tagged(self) -> bool:
        return self._local is not None or self.local_blob is not None

    @property
    def size(self) -> int:
        """Bytes on disk (0 if unknown)."""
        return max(self.stamp.size, 0)

    @property
    def chars(self) -> int:
        return sum(a.size for a in self.articles)


def match_files(
    found: Sequence[tuple[Path, os.stat_result | None]], rows: Mapping[bytes, FileRow], parser: str
) -> list[PageFile]:
    """The files found, each with its cached row if the current parser made it."""
    files: list[PageFile] = []
    for index, (path, info) in enumerate(found):
        source = os.fspath(path)
        key = path_key(source)
        row = rows.get(key)
        if row is not None and row.parser != parser:
            row = None
        files.append(PageFile(index, path, source, key, Stamp.of(info), row))
    return files


def trusted(file: PageFile) -> bool:
    """The cached row stands for the file without reading it: the same stamp, and the file did
    not change within moments of being cached (it could have changed again within the same
    clock tick: then its content is checked)."""
    row = file.row
    return (
        row is not None
        and row.stamp == file.stamp
        and file.stamp != UNKNOWN
        and row.stamp.mtime_ns < row.checked_ns - RACY_NS
    )


def read_file(file: PageFile, limit: int) -> tuple[bytes, bool] | Problem:
    """The file's bytes, and whether they held still while being read (else the last reading).

    Updates the file's stamp to what it was after reading.
    """
    from reader.pages import read_bytes, reason

    data = b""
    stable = False
    for _ in range(READ_ATTEMPTS):
        try:
            before = os.stat(file.path)
            data = read_bytes(file.path, limit)
            after = os.stat(file.path)
        except OSError as error:
            return Problem(file.source, reason(error))
        except ValueError as error:
            return Problem(file.source, str(error))
        file.stamp = Stamp.of(after)
        stable = Stamp.of(before) == file.stamp and len(data) == after.st_size
        if stable:
            break
    return data, stable


def chunks(files: Sequence[PageFile], target: int) -> list[list[PageFile]]:
    """Files grouped into jobs of about `target` characters of text."""
    out: list[list[PageFile]] = []
    current: list[PageFile] = []
    size = 0
    for file in files:
        current.append(file)
        size += file.chars
        if size >= target:
            out.append(current)
            current, size = [], 0
    if current:
        out.append(current)
    return out

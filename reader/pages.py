"""Finding and reading page files: the only module that opens the user's files.

Files are opened read-only and non-blocking, so a FIFO or device among the
pages is skipped instead of hanging the reader; nothing here ever writes,
moves or locks them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.fileio import NotRegular, TooBig, read_regular
from reader.models import Page, Problem

PAGE_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_PAGE_BYTES = 32 * 1024 * 1024
"""A newspaper page is about 10 kB; a file over this size is skipped, with a notice."""


def default_corpus() -> Path:
    """The seed pages shipped with the package (or beside it, in a source checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "seeds"
    return packaged if packaged.is_dir() else here.parent / "seeds"


def _natural_key(name: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def find_pages(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Problem]:
    """Every page file under `paths`, in a stable order, and a Problem for each bad path.

    Files named directly are taken whatever their suffix; directories are walked
    for `.txt` and `.md` files.  Symlinked directories are followed once each
    (loops are cut), hidden directories are skipped.
    """
    for item in find_pages_stat(paths):
        yield item if isinstance(item, Problem) else item[0]


def find_pages_stat(
    paths: Iterable[str | os.PathLike[str]],
) -> Iterator[tuple[Path, os.stat_result | None] | Problem]:
    """`find_pages`, with each file's `stat()` as found (None if it could not be had),
    so that a caller checking files against a cache need not ask for it again."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        try:
            info = path.stat()
        except FileNotFoundError:
            yield Problem(str(path), "no such file or directory")
            continue
        except OSError as error:
            yield Problem(str(path), _reason(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            found = False
            for item in _walk(path, seen_dirs):
                if isinstance(item, Problem):
                    yield item
                    continue
                file_info = _stat(item)
                key = None if file_info is None else (file_info.st_dev, file_info.st_ino)
                if key is None or key not in seen_files:
                    if key is not None:
                        seen_files.add(key)
                    found = True
                    yield item, file_info
            if not found:
                yield Problem(str(path), "no .txt or .md pages in this directory")
        elif stat.S_ISREG(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key not in seen_files:
                seen_files.add(key)
                yield path, info
        else:
            yield Problem(str(path), "not a regular file (a FIFO, socket or device): skipped")


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _walk(root: Path, seen_dirs: set[tuple[int, int]]) -> Iterator[Path | Problem]:
    """Files and subdirectories in natural name order, depth first.

    Iterative (no recursion limit on deeply nested trees) and loop-safe.
    """
    stack: list[tuple[Path, bool]] = [(root, True)]
    while stack:
        path, is_dir = stack.pop()
        if not is_dir:
            yield path
            continue
        try:
            info = path.stat()
        except OSError as error:
            yield Problem(str(path), _reason(error))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            continue  # a symlink loop, or a directory already walked
        seen_dirs.add(key)
        try:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda e: _natural_key(e.name))
        except OSError as error:
            yield Problem(str(path), _reason(error))
            continue
        children: list[tuple[Path, bool]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    children.append((Path(entry.path), True))
                    continue
                if not entry.name.lower().endswith(PAGE_SUFFIXES):
                    continue
                if entry.is_file():
                    children.append((Path(entry.path), False))
                elif entry.is_symlink() and not os.path.exists(entry.path):
                    yield Problem(entry.path, "broken symbolic link: skipped")
                else:
                    yield Problem(entry.path, "not a regular file (a FIFO, socket or device): skipped")
            except OSError as error:
                yield Problem(entry.path, _reason(error))
        stack.extend(reversed(children))


def read_bytes(path: Path, limit: int = MAX_PAGE_BYTES) -> bytes:
    """Read a regular file without ever blocking on a FIFO or device (`reader.fileio`).

    Raises OSError (with a readable strerror) or ValueError for files that
    are not regular or are too large, worded for a page.
    """
    try:
        return read_regular(path, limit)
    except NotRegular:
        raise ValueError("not a regular file (a FIFO, socket or device): skipped") from None
    except TooBig as error:
        if error.size is None:
            raise ValueError(
                f"grew past the {limit // 2**20} MB limit for one page while being read: skipped"
            ) from None
        raise ValueError(
            f"{error.size / 2**20:.0f} MB is over the {limit // 2**20} MB limit for one page: skipped"
        ) from None


def read_page(path: Path, limit: int = MAX_PAGE_BYTES) -> Page | Problem:
    """Read, decode and parse one page; a Problem says why a file gave nothing."""
    source = str(path)
    try:
        data = read_bytes(path, limit)
    except OSError as error:
        return Problem(source, _reason(error))
    except ValueError as error:
        return Problem(source, str(error))
    return page_from_bytes(data, source)


def page_from_bytes(data: bytes, source: str) -> Page | Problem:
    """Decode and parse a page's bytes (as `read_page` does once it has read them)."""
    # Imported here: a warm start takes every page from the cache and never parses one.
    from reader.decode import UndecodableError, decode_bytes
    from reader.parse import parse_file

    if not data.strip():
        return Problem(source, "empty file")
    try:
        decoded = decode_bytes(data)
    except UndecodableError as error:
        return Problem(source, str(error))
    articles, notices = parse_file(decoded.text, source)
    problems = [Problem(source, decoded.warning, skipped=False)] if decoded.warning else []
    problems += [Problem(source, notice, skipped=False) for notice in notices]
    if not articles:
        return Problem(source, "no text found")
    return Page(source, tuple(articles), decoded.encoding, tuple(problems))


def reason(error: OSError) -> str:
    """A short lower-case reason for an OSError, as Problems give it."""
    return _reason(error)


def _reason(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    return (error.strerror or str(error)).lower()

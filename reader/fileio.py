"""Reading a file without ever blocking on a FIFO or device, nor reading without end.

Both the user's pages and reader's own files (`config.toml`, `userdict.txt`,
`state.json`) go through `read_regular`: a FIFO there would hang every
command, and `/dev/zero` would grow memory until the process died.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(ValueError):
    """A FIFO, socket, device or directory where a file was expected."""


class TooBig(ValueError):
    """A file over the size limit (or one that grew past it while being read)."""

    def __init__(self, size: int | None, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(
            f"over the {_mb(limit)} limit" if size is None else f"{_mb(size)}, over the {_mb(limit)} limit"
        )


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises OSError (missing, unreadable), NotRegular or TooBig.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular("not a regular file (a FIFO, socket, device or directory)")
        if info.st_size > limit:
            raise TooBig(info.st_size, limit)
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise TooBig(None, limit)
        return data
    finally:
        os.close(fd)


def is_regular_or_absent(path: Path) -> bool:
    """Whether `path` is a regular file (through symlinks) or nothing at all."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return not os.path.islink(path)  # a dangling symlink is not nothing
    except OSError:
        return False


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 2**10:.0f} kB"

"""What a cached result depends on, boiled down to version strings.

A cached page is reused only while the code that produced it is the same:
the parser's version is a hash of the modules that read, decode and split a
page; the tagger's, of the tagger's modules, its model files, the
segmentation engine and the user's dictionary; the search index's, of the
modules it is built from.  Hashing source files, instead of trusting
hand-kept version numbers, means an edit anywhere in that code invalidates
exactly what it could have changed, and nothing else.

The tagger's model files are megabytes, and its version is needed at every
start: their digests are remembered in the cache (`DigestMemo`), each under
its file's size, times and inode, and a file is hashed again only when one of
those changed (a reinstall or a copy makes a new inode and ctime, even where a
wheel sets every file's mtime to the same date).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reader import digest

if TYPE_CHECKING:
    from reader.tagger.userdict import UserDict

SCHEMA = 7
"""The cache's table layout and blob formats; a cache with another number is rebuilt."""

PARSER_MODULES = (
    "reader.models",
    "reader.pages",
    "reader.fileio",
    "reader.decode",
    "reader.parse",
    "reader.byline",
    "reader.furniture",
    "reader.archive",
    "reader.vertical",
    "reader.script",
)
SEARCH_PACKAGE = "reader.search"
TAGGER_MODULES = ("reader.tagging", "reader.search.words", "reader.script")
SCRIPT_TABLE = Path(__file__).resolve().parents[1] / "script.txt"
"""Traditional → Simplified folding (`reader.script`), which both tagging and search read through."""
TAGGER_PACKAGE = "reader.tagger"
_MODEL_SUFFIXES = (".py", ".npz", ".json", ".crfsuite")
"""The tagger package's code and model files (`ner.npz` holds the weights, `ner.json` its settings)."""


class DigestMemo(Protocol):
    """Where file digests are remembered between runs (the cache: `Cache.file_digests`)."""

    def file_digests(self) -> dict[str, str]: ...
    def remember_file_digests(self, digests: dict[str, str]) -> None: ...


def _module_file(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)  # finds the file without importing the module
    return Path(spec.origin) if spec is not None and spec.origin else None


def _digest(parts: list[bytes]) -> str:
    h = digest.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()[:20]


@lru_cache(maxsize=1)
def _script_table() -> bytes:
    """The folding table's digest, made once: the parser's, tagger's and search's versions all
    include it (it is 291 kB)."""
    return _digest([_read(SCRIPT_TABLE)]).encode()


def _read(path: Path | None) -> bytes:
    if path is None:
        return b"<missing>"
    try:
        return path.read_bytes()
    except OSError:
        return b"<unreadable>"


def _package_version(name: str) -> str:
    """An installed distribution's version, from its `.dist-info` folder's name.

    `importlib.metadata` would do, but importing it costs 2 MB resident (it
    brings the `email` package) in every process that opens a corpus; it is
    the fallback for other layouts (eggs, some editable installs).
    """
    prefix = name.lower().replace("-", "_") + "-"
    for folder in sys.path:
        try:
            entries = os.scandir(folder or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                found = entry.name
                if found.endswith(".dist-info") and found.lower().startswith(prefix):
                    return found[len(prefix) : -len(".dist-info")]
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001 - not installed, or broken metadata
        return "none"


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Changes whenever reading, decoding or splitting pages could give other articles."""
    return _digest(
        [str(SCHEMA).encode()] + [_read(_module_file(m)) for m in PARSER_MODULES] + [_script_table()]
    )


def tagger_version(user: UserDict | None = None, memo: DigestMemo | None = None) -> str:
    """Changes with the tagger's code, its model, the segmenter and the user's dictionary.

    The dictionary counts as the bytes it was read as (`UserDict.raw`, less its
    `alias` lines, which change no tag): a run reads it once and tags with
    exactly that (the user may edit it meanwhile); the code and model are
    hashed once per process, or not at all where `memo` knows their digests.
    """
    raw = user.tagging_bytes if user is not None and (user.raw or user.path is not None) else b""
    return _digest([_tagger_code(memo).encode(), raw or b"<no user dictionary>"])


def tagger_files() -> list[Path]:
    """The files whose bytes make the tagger's version: its modules and its model (`ner.npz`, `ner.json`)."""
    return _package_files(TAGGER_PACKAGE, _MODEL_SUFFIXES)


def _package_files(package: str, suffixes: tuple[str, ...]) -> list[Path]:
    """A package's files with these suffixes, sorted (subpackages not included)."""
    init = _module_file(package)
    if init is None:
        return []
    return [p for p in sorted(init.parent.iterdir()) if p.suffix in suffixes and p.is_file()]


_tagger_code_made: str | None = None


def _tagger_code(memo: DigestMemo | None) -> str:
    global _tagger_code_made
    if _tagger_code_made is None:
        parts = [str(SCHEMA).encode()] + [_read(_module_file(m)) for m in TAGGER_MODULES] + [_script_table()]
        known = memo.file_digests() if memo is not None else {}
        current: dict[str, str] = {}
        for path in tagger_files():
            parts += [path.name.encode(), _file_digest(path, known, current).encode()]
        if memo is not None and current != known:
            memo.remember_file_digests(current)
        # The segmenter is rjieba when installed, else jieba: their guesses differ.
        engine = "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"
        parts.append(f"{engine} {_package_version(engine)} jieba {_package_version('jieba')}".encode())
        _tagger_code_made = _digest(parts)
    return _tagger_code_made


def _file_digest(path: Path, known: dict[str, str], current: dict[str, str]) -> str:
    """The digest of a file's bytes: from `known` if the file is unchanged since it was made
    (same size, mtime, ctime and inode), else hashed; either way kept in `current` as
    "stamp digest"."""
    try:
        info = path.stat()
    except OSError:
        return _digest([_read(path)])
    stamp = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"
    remembered = known.get(str(path), "")
    found = remembered[len(stamp) + 1 :] if remembered.startswith(stamp + " ") else _digest([_read(path)])
    current[str(path)] = f"{stamp} {found}"
    return found


@lru_cache(maxsize=1)
def search_version() -> str:
    """Changes with the search index's code and numpy (whose arrays it pickles)."""
    parts = [str(SCHEMA).encode(), _package_version("numpy").encode()]
    parts += [_read(_module_file("reader.script")), _script_table()]
    return _digest(parts + [_read(path) for path in _package_files(SEARCH_PACKAGE, (".py",))])

"""The cache file: one SQLite database under the cache directory, and every way it can fail.

Tables (see `SCHEMA_SQL`):

* `files`: one row per page file, keyed by its path, holding what the file
  looked like (size, mtime, inode, content hash), the parser and tagger
  versions that made its data, and its problems.  Small, so that checking
  100k articles' worth of files against the disk reads a few megabytes.
* `pages`: the same files' data: the articles (JSON) and, once tagged,
  every article's entities (`local`, packed), the names its strong
  contexts vouch for (`strong`) and where its words start (`words`).
* `corpora`: per corpus (the set of paths opened, as `reader.state` keys
  it), the signature of its files in order and the names the corpus-wide
  pass used, so an unchanged corpus skips that pass.
* `linked`: per corpus and file, the entities after that pass (NULL when
  the pass changed nothing in the file).
* `blobs`: per corpus, derived indexes (the search index), with the
  version and corpus signature they were built for and a CRC.

Nothing here raises `sqlite3.Error` to the caller.  A damaged file (not a
database, malformed, truncated) is deleted and started afresh; a file from
another schema is rebuilt; a read-only directory is used without writing
(or not at all); a full disk or a lock held too long stops the writes.
Each case leaves one line in `notices`, for the caller to show; the
database is only ever written inside transactions, in WAL mode, so two
readers at once never corrupt it (SQLite's own guarantees).

It is one module because it is one idea: every query goes through the same
connection and the same failure handling (`Cache._read`, `Cache._write`).
The rows it stores and returns are in `reader.cache.rows`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from reader.cache.rows import CorpusRow, FileRow, LinkRow, PageRow, Stamp, TagRow, TouchRow
from reader.cache.versions import SCHEMA
from reader.paths import cache_dir

FILE_NAME = "index.sqlite3"
BUSY_SECONDS = 3.0
"""How long to wait for another reader's write before giving up on one of ours."""
_SIDECARS = ("", "-wal", "-shm", "-journal")
_FETCH = 400
"""Rows fetched per query when loading blobs (SQLite's default limit is 999 parameters)."""

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path BLOB PRIMARY KEY,
    name BLOB NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    hash TEXT NOT NULL,
    checked_ns INTEGER NOT NULL,
    parser TEXT NOT NULL,
    encoding TEXT NOT NULL,
    count INTEGER NOT NULL,
    problems TEXT NOT NULL,
    tagger TEXT
);
CREATE TABLE IF NOT EXISTS pages (
    path BLOB PRIMARY KEY,
    articles TEXT,
    local BLOB,
    strong TEXT,
    words BLOB,
    crc INTEGER NOT NULL,
    tag_crc INTEGER
);
CREATE TABLE IF NOT EXISTS corpora (
    key TEXT PRIMARY KEY,
    tagger TEXT NOT NULL,
    signature TEXT NOT NULL,
    names TEXT NOT NULL,
    used REAL NOT NULL,
    crc INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS linked (
    corpus TEXT NOT NULL,
    path BLOB NOT NULL,
    hash TEXT NOT NULL,
    tagger TEXT NOT NULL,
    entities BLOB,
    crc INTEGER NOT NULL,
    PRIMARY KEY (corpus, path)
);
CREATE TABLE IF NOT EXISTS blobs (
    corpus TEXT NOT NULL,
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    signature TEXT NOT NULL,
    crc INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (corpus, kind)
);
"""

T = TypeVar("T")


def checksum(*values: str | bytes | None) -> int:
    """CRC-32 of a row's data (None and "" differ): a flipped bit in a stored row shows."""
    crc = 0
    for value in values:
        if value is None:
            crc = zlib.crc32(b"\xff", crc)
        else:
            data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
            crc = zlib.crc32(len(data).to_bytes(8, "little") + data, crc)
    return crc


def cache_file(directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / FILE_NAME


def path_key(path: str | os.PathLike[str]) -> bytes:
    """A file's key: its absolute path as bytes (file names need not be valid UTF-8)."""
    return os.fsencode(os.path.abspath(path))


class CacheError(Exception):
    """Raised inside this module only; callers see notices."""


class Cache:
    """The cache database of one process.  Use `Cache.open()`; every method is safe to call.

    `notices` collects one line per trouble met (read by `take_notices`).
    After a failure the cache keeps working in a reduced way: `writable`
    False means results are no longer saved, `usable` False means it is off.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        self.writable = True
        self.usable = True
        self._conn: sqlite3.Connection | None = None
        self._said: set[str] = set()

    # --- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path | None = None) -> Cache:
        """The cache under `directory` (default `reader.paths.cache_dir()`); check `usable`."""
        try:
            path = cache_file(directory)
        except Exception as error:  # noqa: BLE001 - platformdirs on an odd system
            cache = cls(Path(FILE_NAME))
            cache._disable(f"no cache directory ({error}): continuing without a cache")
            return cache
        cache = cls(path)
        cache._connect()
        return cache

    def _connect(self) -> None:
        for suffix in _SIDECARS:
            odd = odd_file(Path(f"{self.path}{suffix}"))
            if odd:
                self._disable(f"{self.path}{suffix} is {odd}, not a cache file: continuing without a cache")
                return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            if not self.path.exists():
                self._disable(
                    f"cannot create the cache directory {self.path.parent} ({_reason(error)}): "
                    "continuing without a cache"
                )
                return
        try:
            self._conn = self._open_rw()
        except sqlite3.Error as error:
            if _kind(error) == "corrupt":
                self._reset(error)
                return
            self._conn = None
            self._open_ro(error)
        except OSError as error:
            self._conn = None
            self._open_ro(error)

    def _open_rw(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA):
                conn.close()
                self._say(
                    "old", f"the cache at {self.path} was written by another version of reader: rebuilding it"
                )
                self._delete_files()
                conn = sqlite3.connect(
                    self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
                )
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                version = 0
            if version == 0:
                conn.execute("BEGIN IMMEDIATE")
                if conn.execute("PRAGMA user_version").fetchone()[0] == 0:  # another process may have won
                    conn.executescript(
                        SCHEMA_SQL.replace("CREATE", "CREATE", -1) + f"PRAGMA user_version = {SCHEMA};"
                    )
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('created', ?)", (str(time.time()),))
                if conn.in_transaction:
                    conn.execute("COMMIT")
            # Touch every table once: a file that is not a database, or a damaged
            # schema, fails here rather than halfway through a load.
            for table in ("meta", "files", "pages", "corpora", "linked", "blobs"):
                conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_ro(self, cause: BaseException) -> None:
        """The directory or file cannot be written: read what is there, if anything."""
        self.writable = False
        if not self.path.exists():
            self._disable(
                f"the cache directory {self.path.parent} is not writable ({_reason(cause)}): "
                "continuing without a cache"
            )
            return
        uri = self.path.resolve().as_uri()
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(
                    uri + query, uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
                )
                if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                    conn.close()
                    break
                conn.execute("SELECT 1 FROM files LIMIT 1").fetchall()
            except sqlite3.Error:
                continue
            self._conn = conn
            self._say(
                "readonly",
                f"the cache at {self.path} is read-only ({_reason(cause)}): using it without saving",
            )
            return
        self._disable(
            f"the cache at {self.path} cannot be used ({_reason(cause)}): continuing without a cache"
        )

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- trouble -----------------------------------------------------------------------

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices

    def _say(self, key: str, message: str) -> None:
        if key not in self._said:
            self._said.add(key)
            self.notices.append(message)

    def _disable(self, message: str) -> None:
        self.close()
        self.usable = self.writable = False
        self._say("off", message)

    def _delete_files(self) -> None:
        for suffix in _SIDECARS:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    def _reset(self, error: BaseException) -> None:
        """The database is damaged: start a new one (once per process), else give up."""
        self.close()
        if "reset" in self._said:
            self._disable(
                f"the cache at {self.path} is damaged again ({_reason(error)}): continuing without a cache"
            )
            return
        self._say("reset", f"the cache at {self.path} was damaged ({_reason(error)}): starting a new one")
        try:
            self._delete_files()
            self._conn = self._open_rw()
        except (OSError, sqlite3.Error) as again:
            self._disable(
                f"the cache at {self.path} cannot be rebuilt ({_reason(again)}): continuing without a cache"
            )

    def _failed(self, error: BaseException, writing: bool) -> None:
        kind = _kind(error)
        if kind == "corrupt":
            self._reset(error)
        elif kind == "busy":
            self._say(
                "busy",
                f"the cache at {self.path} is busy (another reader is writing it): some results were not "
                f"saved",
            )
        elif writing and kind == "full":
            self.writable = False
            self._say(
                "full", f"the disk holding the cache at {self.path} is full: results are no longer saved"
            )
        elif writing and kind == "readonly":
            self.writable = False
            self._say(
                "readonly", f"the cache at {self.path} is read-only ({_reason(error)}): results are not saved"
            )
        elif writing:
            self.writable = False
            self._say(
                "write",
                f"the cache at {self.path} could not be written ({_reason(error)}): results are no longer "
                f"saved",
            )
        else:
            self._disable(
                f"the cache at {self.path} could not be read ({_reason(error)}): continuing without a cache"
            )

    def _read(self, default: T, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._conn is None or not self.usable:
            return default
        try:
            return fn(self._conn)
        except (sqlite3.Error, OSError, MemoryError) as error:
            if self._conn is not None and self._conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
            self._failed(error, writing=False)
            return default

    def _write(self, fn: Callable[[sqlite3.Connection], object]) -> bool:
        """Run `fn` in one transaction; False (and a notice) if it could not be saved."""
        if self._conn is None or not self.usable or not self.writable:
            return False
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            fn(conn)
            conn.execute("COMMIT")
            return True
        except (sqlite3.Error, OSError) as error:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            self._failed(error, writing=True)
            return False

    # --- the reader's own files' digests (`reader.cache.versions.DigestMemo`) -------------

    def file_digests(self) -> dict[str, str]:
        """Remembered digests of the tagger's files, by path: "size:mtime:ctime:inode:dev digest"."""

        def read(conn: sqlite3.Connection) -> dict[str, str]:
            rows = conn.execute("SELECT key, value FROM meta WHERE key LIKE 'digest:%'")
            return {key[len("digest:") :]: value for key, value in rows}

        return self._read({}, read)

    def remember_file_digests(self, digests: dict[str, str]) -> None:
        """Replace the remembered digests (files no longer there are forgotten)."""

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM meta WHERE key LIKE 'digest:%'")
            conn.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", [(f"digest:{k}", v) for k, v in digests.items()]
            )

        self._write(write)

    # --- files -------------------------------------------------------------------------

    def file_rows(self) -> dict[bytes, FileRow]:
        """Every cached file's facts, by path (quick even at 100k articles: no page data)."""

        def read(conn: sqlite3.Connection) -> dict[bytes, FileRow]:
            rows = conn.execute(
                "SELECT path, name, size, mtime_ns, ctime_ns, ino, hash, checked_ns, parser, encoding, count,"
                " problems, tagger FROM files"
            )
            return {
                bytes(row[0]): FileRow(bytes(row[0]), bytes(row[1]), Stamp(*row[2:6]), *row[6:])
                for row in rows
            }

        return self._read({}, read)

    def page_data(
        self, paths: Sequence[bytes]
    ) -> Iterator[tuple[bytes, str | None, bytes | None, str | None, bytes | None] | bytes]:
        """Each cached page: (path, articles JSON, local entities, strong names JSON, word starts);
        or only its path where the row fails its checksum (damaged: read the file again)."""
        for i in range(0, len(paths), _FETCH):
            part = list(paths[i : i + _FETCH])

            def read(conn: sqlite3.Connection, part: list[bytes] = part) -> list[tuple[Any, ...]]:
                marks = ",".join("?" * len(part))
                return conn.execute(
                    "SELECT path, articles, local, strong, words, crc, tag_crc FROM pages"
                    f" WHERE path IN ({marks})",
                    part,
                ).fetchall()

            rows = self._read(None, read)
            if rows is None:
                return
            for path, articles, local, strong, words, crc, tag_crc in rows:
                local = bytes(local) if local is not None else None
                words = bytes(words) if words is not None else None
                if crc != checksum(articles) or (
                    local is not None and tag_crc != checksum(local, strong, words)
                ):
                    yield bytes(path)
                else:
                    yield bytes(path), articles, local, strong, words

    def save_pages(self, rows: Sequence[PageRow]) -> bool:
        """Store freshly read pages (their old entities, if any, are dropped)."""
        if not rows:
            return True

        def write(conn: sqlite3.Connection) -> None:
            conn.executemany(
                "INSERT OR REPLACE INTO files (path, name, size, mtime_ns, ctime_ns, ino, hash, checked_ns,"
                " parser, encoding, count, problems, tagger) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL)",
                [
                    (
                        r.path,
                        r.name,
                        *r.stamp,
                        r.hash,
                        r.checked_ns,
                        r.parser,
                        r.encoding,
                        r.count,
                        r.problems,
                    )
                    for r in rows
                ],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO pages (path, articles, local, strong, words, crc, tag_crc)"
                " VALUES (?,?,NULL,NULL,NULL,?,NULL)",
                [(r.path, r.articles, checksum(r.articles)) for r in rows],
            )

        return self._write(write)

    def touch(self, rows: Sequence[TouchRow]) -> bool:
        """Record new stamps for files whose content is unchanged."""
        if not rows:
            return True

        def write(conn: sqlite3.Connection) -> None:
            conn.executemany(
                "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, checked_ns = ? WHERE path = ?",
                [(*r.stamp, r.checked_ns, r.path) for r in rows],
            )

        return self._write(write)

    def save_tags(self, rows: Sequence[TagRow]) -> bool:
        """Store tagged pages."""
        if not rows:
            return True

        def write(conn: sqlite3.Connection) -> None:
            for r in rows:
                # Only if the file still holds what was tagged (another reader may have moved on).
                if conn.execute(
                    "UPDATE files SET tagger = ? WHERE path = ? AND hash = ?", (r.tagger, r.path, r.hash)
                ).rowcount:
                    conn.execute(
                        "UPDATE pages SET local = ?, strong = ?, words = ?, tag_crc = ? WHERE path = ?",
                        (r.entities, r.names, r.words, checksum(r.entities, r.names, r.words), r.path),
                    )

        return self._write(write)

    def forget(self, paths: Iterable[bytes]) -> bool:
        """Drop files that no longer exist."""
        gone = [(p,) for p in paths]
        if not gone:
            return True

        def write(conn: sqlite3.Connection) -> None:
            for table in ("files", "pages", "linked"):
                conn.executemany(f"DELETE FROM {table} WHERE path = ?", gone)

        return self._write(write)

    # --- corpora -----------------------------------------------------------------------

    def corpus(self, key: str) -> CorpusRow | None:
        def read(conn: sqlite3.Connection) -> CorpusRow | None:
            row = conn.execute(
                "SELECT tagger, signature, names, crc FROM corpora WHERE key = ?", (key,)
            ).fetchone()
            if row is None or row[3] != checksum(*row[:3]):
                return None  # never run, or damaged: the pass runs again
            return CorpusRow(*row[:3])

        return self._read(None, read)

    def linked(self, key: str, tagger: str) -> dict[bytes, tuple[str, bytes | None]]:
        """path → (content hash, entities or None for "as tagged") after the corpus-wide pass; a
        damaged row is left out (that page is linked again)."""

        def read(conn: sqlite3.Connection) -> dict[bytes, tuple[str, bytes | None]]:
            rows = conn.execute(
                "SELECT path, hash, entities, crc FROM linked WHERE corpus = ? AND tagger = ?", (key, tagger)
            )
            found: dict[bytes, tuple[str, bytes | None]] = {}
            for p, h, e, crc in rows:
                entities = bytes(e) if e is not None else None
                if crc == checksum(h, entities):
                    found[bytes(p)] = (h, entities)
            return found

        return self._read({}, read)

    def corpus_paths(self, key: str) -> list[bytes]:
        def read(conn: sqlite3.Connection) -> list[bytes]:
            return [bytes(p) for (p,) in conn.execute("SELECT path FROM linked WHERE corpus = ?", (key,))]

        return self._read([], read)

    def save_corpus(
        self,
        key: str,
        row: CorpusRow,
        linked: Sequence[LinkRow],
        *,
        drop: Iterable[bytes] = (),
        replace_all: bool = False,
    ) -> bool:
        """Record the corpus-wide pass: its names, signature, and the files' linked entities."""
        dropped = [(key, p) for p in drop]

        def write(conn: sqlite3.Connection) -> None:
            if replace_all:
                conn.execute("DELETE FROM linked WHERE corpus = ?", (key,))
            conn.executemany("DELETE FROM linked WHERE corpus = ? AND path = ?", dropped)
            conn.executemany(
                "INSERT OR REPLACE INTO linked (corpus, path, hash, tagger, entities, crc) VALUES (?,?,?,?,?,?)",
                [(key, r.path, r.hash, row.tagger, r.entities, checksum(r.hash, r.entities)) for r in linked],
            )
            conn.execute(
                "INSERT OR REPLACE INTO corpora (key, tagger, signature, names, used, crc) VALUES (?,?,?,?,?,?)",
                (
                    key,
                    row.tagger,
                    row.signature,
                    row.names,
                    time.time(),
                    checksum(row.tagger, row.signature, row.names),
                ),
            )

        return self._write(write)

    # --- derived indexes ---------------------------------------------------------------

    def blob(self, corpus: str, kind: str, version: str, signature: str) -> bytes | None:
        """A stored derived index, if it was built for exactly this corpus and code."""
        import zlib

        def read(conn: sqlite3.Connection) -> bytes | None:
            row = conn.execute(
                "SELECT crc, data FROM blobs WHERE corpus = ? AND kind = ? AND version = ? AND signature = ?",
                (corpus, kind, version, signature),
            ).fetchone()
            if row is None:
                return None
            data = bytes(row[1])
            if zlib.crc32(data) != row[0]:
                raise sqlite3.DatabaseError("database disk image is malformed (a stored index fails its CRC)")
            return data

        return self._read(None, read)

    def save_blob(self, corpus: str, kind: str, version: str, signature: str, data: bytes) -> bool:
        import zlib

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO blobs (corpus, kind, version, signature, crc, data) VALUES "
                "(?,?,?,?,?,?)",
                (corpus, kind, version, signature, zlib.crc32(data), data),
            )

        return self._write(write)


# --- reader cache info / clear ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CacheInfo:
    path: Path
    exists: bool
    bytes: int
    """On disk, the database with its write-ahead log."""
    files: int = 0
    articles: int = 0
    tagged_files: int = 0
    corpora: int = 0
    error: str = ""


def info(directory: Path | None = None) -> CacheInfo:
    """Where the cache is, how big, what it holds; never raises, never creates or changes a file.

    A read-only SQLite connection still makes the write-ahead log and its index
    (`-wal`, `-shm`) when they are missing, so a database no one has open (no
    sidecars) is read as immutable, which makes none.
    """
    path = cache_file(directory)
    odd = next((o for o in (odd_file(Path(f"{path}{s}")) for s in _SIDECARS) if o), None)
    if odd:
        return CacheInfo(path, True, _disk_size(path), error=f"not a cache file: {odd}")
    if not path.exists():
        return CacheInfo(path, False, _disk_size(path))
    in_use = any(os.path.lexists(f"{path}{suffix}") for suffix in ("-wal", "-shm"))
    try:
        conn = sqlite3.connect(
            path.resolve().as_uri() + ("?mode=ro" if in_use else "?mode=ro&immutable=1"),
            uri=True,
            timeout=BUSY_SECONDS,
        )
        try:
            files, articles, tagged = conn.execute(
                "SELECT count(*), coalesce(sum(count), 0), count(tagger) FROM files"
            ).fetchone()
            corpora = conn.execute("SELECT count(*) FROM corpora").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as error:
        return CacheInfo(path, True, _disk_size(path), error=_reason(error))
    return CacheInfo(path, True, _disk_size(path), files, articles, tagged, corpora)


def _disk_size(path: Path) -> int:
    """The database and its sidecar files, in bytes."""
    size = 0
    for suffix in _SIDECARS:
        with contextlib.suppress(OSError):
            size += os.stat(f"{path}{suffix}").st_size
    return size


def clear(directory: Path | None = None) -> tuple[int, int, list[str]]:
    """Delete the cache files (or whatever is in their place); returns bytes freed, things
    removed and problems (one line each)."""
    path = cache_file(directory)
    freed = removed = 0
    problems: list[str] = []
    for suffix in _SIDECARS:
        target = f"{path}{suffix}"
        try:
            info = os.lstat(target)  # a link is removed, never what it points to
            if stat.S_ISDIR(info.st_mode):  # a directory in the cache's place: the cache's own
                freed += _tree_size(target)
                shutil.rmtree(target)
            else:
                os.unlink(target)
                freed += info.st_size if stat.S_ISREG(info.st_mode) else 0
            removed += 1
        except FileNotFoundError:
            continue
        except OSError as error:
            problems.append(f"{target}: {_reason(error)}")
    return freed, removed, problems


def _tree_size(root: str) -> int:
    total = 0
    for folder, _, names in os.walk(root):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_size
    return total


def odd_file(path: Path) -> str | None:
    """What is at `path` if it is neither nothing nor a regular file (through links), else None.

    SQLite would hang opening a FIFO and read a device without end.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"unreadable ({_reason(error)})"
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError:
            return f"a link to nothing ({os.readlink(path)})"
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        return "a directory"
    return "a FIFO, socket or device"


# --- errors ----------------------------------------------------------------------------


def _kind(error: BaseException) -> str:
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if (
        name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
        or "malformed" in text
        or "not a database" in text
    ):
        return "corrupt"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "busy"
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "full"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return "readonly"
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return "corrupt"
    return "other"


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return (error.strerror or str(error)).lower()
    return str(error) or type(error).__name__

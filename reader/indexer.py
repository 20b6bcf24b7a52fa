"""Indexing a corpus: cached pages at once, new pages parsed, then tagged across cores.

    for event in index_corpus(["archive/"]):
        ...

The one pipeline the command line and the app share.  `index_corpus` yields,
in this order:

1. `Problems`: paths that gave nothing (missing, not a page, unreadable).
2. `Loaded` batches, in page order: each page from the cache (parsed and,
   usually, tagged) or read and parsed now (not yet tagged), so a list can
   fill before any tagging; page-level problems ride along.  Then `Listed`.
3. `Tagged` batches: pages that had no cached entities, tagged by a pool of
   worker processes (or in this process when the work is small), as they
   finish.
4. `Linked`: articles changed by the corpus-wide consistency pass
   (`reader.linker`); on an unchanged corpus there is nothing to do.
5. `Finished`, with counts.

`Progress` events come between them (count, total, bytes, time left), and
`Notice`s say, once each, what went wrong with the cache.  Article ids are
made unique here, exactly as `Corpus.add` would, so `Tagged` and `Linked`
replace articles by id.

Cancelling: stop iterating and `close()` the generator (or pass
`should_stop`); worker processes are told to stop and nothing half-done
is written.  Nothing is ever written outside the cache directory.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reader import digest, heap, linker
from reader.cache import codec
from reader.cache.store import Cache, CorpusRow, FileRow, PageRow, path_key
from reader.cache.versions import parser_version, tagger_version
from reader.models import Article, EntityType, Page, Problem

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from reader.tagging import Tagger

Phase = Literal["reading", "tagging", "linking"]
_Result = Any
"""What a worker job returns per article (see `_tag_job`, `_link_job`)."""
_Cached = tuple[str | None, bytes | None, str | None, bytes | None]
"""A page's cached row: articles JSON, local entities, strong names JSON, word starts."""

BATCH_FILES = 256
"""Pages per `Loaded` batch (and per cache query)."""
POOL_MIN_CHARS = 600_000
"""Below this much text to tag (about 6 s of one core), worker start-up is not worth it."""
CHUNK_CHARS = 40_000
"""Text per tagging job: a few pages, a fraction of a second of work."""
RACY_NS = 3_000_000_000
"""A file modified this close to when it was cached is checked by content next time."""
SAVE_SECONDS = 1.0
"""How often tagged results are written to the cache while tagging."""
READ_ATTEMPTS = 3


# --- events --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    phase: Phase
    done: int
    """Files read (reading), articles tagged (tagging) or linked (linking)."""
    total: int
    bytes_done: int
    bytes_total: int
    elapsed: float
    """Seconds since this phase began."""
    left: float | None
    """Estimated seconds to the end of the phase; None until there is a rate to go by."""

    def describe(self) -> str:
        """`tagging 1,234/10,000 articles · 3.5/28.1 MB · 1m20s left`"""
        unit = "files" if self.phase == "reading" else "articles"
        text = f"{self.phase} {self.done:,}/{self.total:,} {unit}"
        if self.bytes_total >= 1_000_000:
            text += f" · {self.bytes_done / 1e6:.1f}/{self.bytes_total / 1e6:.1f} MB"
        elif self.bytes_total:
            text += f" · {self.bytes_done / 1e3:.0f}/{self.bytes_total / 1e3:.0f} kB"
        if self.left is not None and self.done < self.total:
            text += f" · {format_seconds(self.left)} left"
        return text


@dataclass(frozen=True, slots=True)
class Problems:
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should hear once (the cache could not be used as hoped)."""

    message: str


@dataclass(frozen=True, slots=True)
class Loaded:
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    files_done: int
    files_total: int
    pending: int
    """How many of these articles are still to be tagged (their entities come in `Tagged`)."""


@dataclass(frozen=True, slots=True)
class Listed:
    """Every page is loaded: all articles are listed, `pending` of them still to be tagged."""

    articles: int
    pending: int
    corpus: str
    """The corpus's key in the cache ("" without a cache)."""
    signature: str
    """What the corpus's articles are made from: files, their content, the code.  A derived
    index cached under it (`reader.cache.derived`) fits the corpus once tagging is done."""


@dataclass(frozen=True, slots=True)
class Tagged:
    """New versions of articles, tagged one by one (same ids as loaded)."""

    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Linked:
    """New versions of the articles the corpus-wide consistency pass changed."""

    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Finished:
    files: int
    articles: int
    cached: int
    """Pages taken from the cache without reading them."""
    parsed: int
    tagged: int
    """Pages tagged in this run."""
    linked: int
    """Articles the consistency pass was run on in this run."""
    seconds: float
    corpus: str = ""
    """The corpus's key in the cache ("" without a cache)."""
    signature: str = ""
    """What the corpus's articles are made from (files, their content, the code): derived
    indexes cached under this signature are valid for exactly these articles."""


IndexEvent = Problems | Notice | Loaded | Listed | Progress | Tagged | Linked | Finished


def format_seconds(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


# --- the pipeline --------------------------------------------------------------------


@dataclass(slots=True)
class _File:
    index: int
    path: Path
    source: str
    """The path as found, as `Article.source` and `Problem.path` give it."""
    key: bytes
    size: int
    mtime_ns: int
    ino: int
    row: FileRow | None
    hash: str = ""
    articles: list[Article] = field(default_factory=list)
    local_blob: bytes | None = None
    """`local` as the cache stores it, unpacked when needed (`_File.locals`)."""
    _local: list[bytes] | None = None

    @property
    def local(self) -> list[bytes] | None:
        """Packed per-article entities from tagging one by one (before the consistency pass)."""
        if self._local is None and self.local_blob is not None:
            self._local = codec.unpack_page(self.local_blob, len(self.articles))
        return self._local

    @property
    def tagged(self) -> bool:
        return self._local is not None or self.local_blob is not None

    @local.setter
    def local(self, value: list[bytes] | None) -> None:
        self._local, self.local_blob = value, None

    strong: list[list[tuple[str, EntityType]]] | None = None
    strong_json: str | None = None
    cacheable: bool = True
    from_cache: bool = False
    relink: bool = False


def index_corpus(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    cache: bool = True,
    workers: int | None = None,
    tag: bool = True,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    cache_dir: Path | None = None,
    max_page_bytes: int | None = None,
) -> Iterator[IndexEvent]:
    """Index the pages under `paths` (default: the packaged seed pages); see the module docstring.

    Args:
        cache: use and update the cache (`reader.cache`); False reads and tags everything.
        workers: processes for tagging; None picks by core count and amount of work,
            0 or 1 tags in this process.
        tag: find entities; False loads articles with none (and never loads the tagger).
        on_progress: also called with every `Progress` event.
        should_stop: polled between steps; True ends the run early (like `close()`).
        cache_dir: the cache directory (default `reader.paths.cache_dir()`).
        max_page_bytes: files larger than this are skipped (default `pages.MAX_PAGE_BYTES`).
    """
    run = _Run(paths, cache, workers, tag, on_progress, should_stop, cache_dir, max_page_bytes)
    try:
        yield from run.events()
    finally:
        run.close()
        del run  # its per-page blobs (entities as cached, names) are garbage now
        heap.release()


class _Stopped(Exception):
    pass


class _Run:
    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]] | None,
        cache: bool,
        workers: int | None,
        tag: bool,
        on_progress: Callable[[Progress], None] | None,
        should_stop: Callable[[], bool] | None,
        cache_dir: Path | None,
        max_page_bytes: int | None,
    ) -> None:
        from reader.pages import MAX_PAGE_BYTES, default_corpus

        self.paths = [default_corpus()] if paths is None else list(paths)
        self.use_cache = cache
        self.workers = workers
        self.tag = tag
        self.on_progress = on_progress
        self.should_stop = should_stop or (lambda: False)
        self.cache_dir = cache_dir
        self.limit = max_page_bytes or MAX_PAGE_BYTES
        self.cache: Cache | None = None
        self.executor: Executor | None = None
        self.started = time.monotonic()
        self.ids: set[str] = set()
        self.user_dict: Path | None = None
        self.tagger_v = ""
        self._tagger: Tagger | None = None
        self._said: list[str] = []
        self._linked: dict[bytes, tuple[str, bytes | None]] = {}
        self._pool_names: dict[str, EntityType] | None = None
        self._damaged = 0
        """Cached pages that did not decode (and were read again)."""
        self._pool_size = 0
        self._pool_failed = False
        """No (more) worker processes in this run: they failed once, or could not start at all."""

    # --- driver ------------------------------------------------------------------------

    def events(self) -> Iterator[IndexEvent]:
        from reader.pages import find_pages_stat

        found = list(find_pages_stat(self.paths))
        problems = tuple(p for p in found if isinstance(p, Problem))
        if problems:
            yield Problems(problems)
        paths = [p for p in found if not isinstance(p, Problem)]
        if self.use_cache:
            self.cache = Cache.open(self.cache_dir)
            yield from self._notices()
        if self.tag:
            from reader.tagger import userdict

            self.user_dict = userdict.default_path()
            self.tagger_v = tagger_version(self.user_dict)
        files = self._classify(paths)
        try:
            # Loading makes millions of small objects that all live on: the cyclic
            # collector would scan them again and again (a third of a warm start).
            collecting = gc.isenabled()
            gc.disable()
            try:
                yield from self._load(files)
            finally:
                if collecting:
                    gc.freeze()  # the articles are here to stay: later collections skip them
                    gc.enable()
                self._linked = {}  # the cached entity blobs: in the articles now
                heap.release()  # the decoded rows and blobs they were made from
            key, signature = self._corpus_identity(files)
            yield Listed(
                articles=sum(len(f.articles) for f in files),
                pending=sum(len(f.articles) for f in files if not f.tagged) if self.tag else 0,
                corpus=key if self.cache is not None and self.cache.usable else "",
                signature=signature,
            )
            stats = {"tagged": 0, "linked": 0}
            if self.tag and files:
                yield from self._tag_all(files, stats)
                yield from self._link_all(files, stats)
        except _Stopped:
            return
        yield from self._notices()
        key, signature = self._corpus_identity(files)
        yield Finished(
            files=len(files),
            articles=sum(len(f.articles) for f in files),
            cached=sum(f.from_cache for f in files),
            parsed=sum(not f.from_cache for f in files),
            tagged=stats["tagged"],
            linked=stats["linked"],
            seconds=time.monotonic() - self.started,
            corpus=key if self.cache is not None and self.cache.usable else "",
            signature=signature,
        )

    def close(self) -> None:
        self._stop_pool()
        if self.cache is not None:
            self.cache.close()

    def _notices(self) -> Iterator[Notice]:
        messages, self._said = self._said, []
        if self.cache is not None:
            messages += self.cache.take_notices()
        for message in messages:
            yield Notice(message)

    def _check(self) -> None:
        if self.should_stop():
            raise _Stopped

    def _progress(self, progress: Progress) -> Progress:
        if self.on_progress is not None:
            self.on_progress(progress)
        return progress

    # --- which files the cache already has ---------------------------------------------

    def _classify(self, paths: Sequence[tuple[Path, os.stat_result | None]]) -> list[_File]:
        rows = self.cache.file_rows() if self.cache is not None else {}
        parser = parser_version()
        files: list[_File] = []
        for index, (path, info) in enumerate(paths):
            if info is not None:
                size, mtime, ino = info.st_size, info.st_mtime_ns, info.st_ino
            else:
                size = mtime = ino = -1
            source = os.fspath(path)
            key = path_key(source)
            row = rows.get(key)
            if row is not None and row.parser != parser:
                row = None
            files.append(_File(index, path, source, key, size, mtime, ino, row))
        return files

    @staticmethod
    def _trusted(file: _File) -> bool:
        """The cached row stands for the file without reading it: same size, mtime and inode,
        and the file was not modified within moments of being cached (it could have changed
        again within the same mtime tick: then its content is checked)."""
        row = file.row
        return (
            row is not None
            and (row.size, row.mtime_ns, row.ino) == (file.size, file.mtime_ns, file.ino)
            and row.mtime_ns < row.checked_ns - RACY_NS
        )

    # --- loading -----------------------------------------------------------------------

    def _load(self, files: list[_File]) -> Iterator[IndexEvent]:
        started = time.monotonic()
        total_bytes = sum(max(f.size, 0) for f in files)
        done_bytes = 0
        corpus_key = self._corpus_key()
        self._linked = linked = (
            self.cache.linked(corpus_key, self.tagger_v) if self.cache is not None and self.tag else {}
        )
        touched: list[tuple[bytes, int, int, int, int]] = []
        fresh: list[PageRow] = []
        for start in range(0, len(files), BATCH_FILES):
            self._check()
            batch = files[start : start + BATCH_FILES]
            blobs = self._cached_data([f for f in batch if self._trusted(f)])
            articles: list[Article] = []
            problems: list[Problem] = []
            pending = 0
            for file in batch:
                data = blobs.get(file.key) if file.row is not None else None
                if data is not None and self._from_cache(file, data, linked, problems):
                    pass
                else:
                    self._read(file, problems, touched, fresh)
                for article in file.articles:
                    articles.append(article)
                if self.tag and not file.tagged:
                    pending += len(file.articles)
                done_bytes += max(file.size, 0)
            if self.cache is not None:
                self.cache.touch(touched)
                self.cache.save_pages(fresh)
                touched, fresh = [], []
                yield from self._notices()
            if self._damaged:
                noun = "page" if self._damaged == 1 else "pages"
                self._say(
                    f"{self._damaged} cached {noun} could not be read back (a damaged cache?): read again"
                )
                self._damaged = 0
                yield from self._notices()
            files_done = min(start + BATCH_FILES, len(files))
            yield Loaded(tuple(articles), tuple(problems), files_done, len(files), pending)
            elapsed = time.monotonic() - started
            rate = done_bytes / elapsed if elapsed > 0 else 0
            left = (total_bytes - done_bytes) / rate if rate else None
            yield self._progress(
                Progress("reading", files_done, len(files), done_bytes, total_bytes, elapsed, left)
            )

    def _cached_data(self, files: list[_File]) -> dict[bytes, _Cached]:
        if self.cache is None or not files:
            return {}
        keys = [f.key for f in files if f.row is not None]
        return {row[0]: row[1:] for row in self.cache.page_data(keys)}

    def _from_cache(
        self,
        file: _File,
        data: _Cached,
        linked: dict[bytes, tuple[str, bytes | None]],
        problems: list[Problem],
    ) -> bool:
        """Take the file's articles (and entities, when tagged by this tagger) from its cached row."""
        row = file.row
        assert row is not None
        text, local, strong, words = data
        source = file.source
        relink = False
        try:
            page_problems = []
            if row.problems != "[]":
                notes = json.loads(row.problems)
                page_problems = [Problem(source, str(message), bool(skipped)) for message, skipped in notes]
            shown = starts = None
            tagged = self.tag and row.tagger == self.tagger_v and local is not None and strong is not None
            if tagged:
                assert local is not None
                final = linked.get(file.key)
                if final is None or final[0] != row.hash:
                    relink = True  # not linked in this corpus yet
                shown = codec.unpack_page(
                    final[1] if not relink and final and final[1] is not None else local, row.count
                )
                if words is not None:
                    starts = codec.unpack_page(words, row.count)
            articles = codec.load_articles(text, source, shown, starts) if text is not None else []
            if len(articles) != row.count:
                raise codec.CodecError("article count does not match")
        except (ValueError, TypeError, codec.CodecError):
            # A row that does not decode: read the file again (and overwrite the row).
            file.row = None
            self._damaged += 1
            return False
        file.hash = row.hash
        file.from_cache = True
        file.relink = relink
        problems.extend(page_problems)
        if tagged:
            file.local_blob = local
            file.strong_json = strong
        file.articles = self._unique(articles)
        return True

    def _read(
        self,
        file: _File,
        problems: list[Problem],
        touched: list[tuple[bytes, int, int, int, int]],
        fresh: list[PageRow],
    ) -> None:
        """Read the file: reuse the cached row if the content is unchanged, else parse it."""
        from reader.pages import page_from_bytes, read_bytes, reason

        source = file.source
        data: bytes | None = None
        stable = False
        for _ in range(READ_ATTEMPTS):
            try:
                before = os.stat(file.path)
                data = read_bytes(file.path, self.limit)
                after = os.stat(file.path)
            except OSError as error:
                problems.append(Problem(source, reason(error)))
                return
            except ValueError as error:
                problems.append(Problem(source, str(error)))
                return
            stable = _same(before, after) and len(data) == after.st_size
            file.size, file.mtime_ns, file.ino = after.st_size, after.st_mtime_ns, after.st_ino
            if stable:
                break
        assert data is not None
        checked = time.time_ns()
        file.hash = digest.sha256(data).hexdigest()[:32]
        row = file.row
        if stable and row is not None and row.hash == file.hash and self.cache is not None:
            # Same content, new mtime (touched, copied back, restored): no parsing.
            touched.append((file.key, file.size, file.mtime_ns, file.ino, checked))
            blobs = self._cached_data([file])
            if file.key in blobs and self._from_cache(file, blobs[file.key], self._linked, problems):
                return
        page = page_from_bytes(data, source)
        if not stable:
            file.cacheable = False
            problems.append(
                Problem(
                    source, "changed while being read: showing one reading of it, not cached", skipped=False
                )
            )
        if isinstance(page, Page):
            articles = list(page.articles)
            page_problems = list(page.problems)
            encoding = page.encoding
        else:
            articles, page_problems, encoding = [], [page], ""
        problems.extend(page_problems)
        file.articles = self._unique(articles)
        if self.cache is not None and file.cacheable:
            fresh.append(
                PageRow(
                    path=file.key,
                    name=os.fsencode(file.path.name),
                    size=file.size,
                    mtime_ns=file.mtime_ns,
                    ino=file.ino,
                    hash=file.hash,
                    checked_ns=checked,
                    parser=parser_version(),
                    encoding=encoding,
                    count=len(articles),
                    articles=codec.dump_articles(articles) if articles else None,
                    problems=json.dumps([[p.message, p.skipped] for p in page_problems], ensure_ascii=False),
                )
            )
        file.relink = True

    def _unique(self, articles: list[Article]) -> list[Article]:
        """Ids made unique the way `Corpus.add` does it (a repeated id gets `-2`, `-3` …)."""
        out = []
        for article in articles:
            if article.id in self.ids:
                n = 2
                while f"{article.id}-{n}" in self.ids:
                    n += 1
                article = replace(article, id=f"{article.id}-{n}")
            self.ids.add(article.id)
            out.append(article)
        return out

    # --- tagging -----------------------------------------------------------------------

    def _tagger_here(self) -> Tagger:
        if self._tagger is None:
            from reader.tagging import Tagger

            self._tagger = Tagger.default()
        return self._tagger

    def _tag_all(self, files: list[_File], stats: dict[str, int]) -> Iterator[IndexEvent]:
        todo = [f for f in files if not f.tagged and f.articles]
        if not todo:
            return
        for warning in self._tagger_warnings():
            yield Notice(warning)
        sizes = {f.index: _chars(f.articles) for f in todo}
        total_chars = sum(sizes.values())
        total_articles = sum(len(f.articles) for f in todo)
        total_bytes = sum(max(f.size, 0) for f in todo)
        chunks = _chunks(todo, sizes)
        workers = self._worker_count(total_chars, len(chunks))
        started = time.monotonic()
        first: tuple[float, int] | None = None  # (time, chars done) at the first result
        done_articles = done_chars = done_bytes = 0
        unsaved: list[tuple[bytes, str, str, bytes, str, bytes]] = []
        last_save = time.monotonic()
        for chunk, results in self._run_jobs(
            chunks, workers, _tag_job, lambda c: ([a for f in c for a in f.articles],)
        ):
            position = 0
            replaced: list[Article] = []
            for file in chunk:
                n = len(file.articles)
                mine = results[position : position + n]
                position += n
                packed_ok = all(isinstance(packed, bytes) for packed, _, _ in mine)
                starts = [words for _, _, words in mine]
                if packed_ok:
                    file.local = [packed for packed, _, _ in mine]
                    file.articles = [
                        replace(a, entities=codec.lazy_entities(p, a), words=w)
                        for a, p, w in zip(file.articles, file.local, starts, strict=True)
                    ]
                else:  # entities the cache cannot store: keep them as they are, uncached
                    file.cacheable = False
                    file.articles = [
                        replace(a, entities=tuple(e), words=w)
                        for a, (e, _, w) in zip(file.articles, mine, strict=True)
                    ]
                    file.local = [b""] * n
                file.strong = [pairs for _, pairs, _ in mine]
                file.relink = True
                replaced.extend(file.articles)
                if self.cache is not None and file.cacheable:
                    strong = json.dumps(file.strong, ensure_ascii=False, separators=(",", ":"))
                    unsaved.append(
                        (
                            file.key,
                            file.hash,
                            self.tagger_v,
                            codec.pack_blobs(file.local),
                            strong,
                            codec.pack_blobs(starts),
                        )
                    )
                done_articles += n
                done_chars += sizes[file.index]
                done_bytes += max(file.size, 0)
                stats["tagged"] += 1
            yield Tagged(tuple(replaced))
            now = time.monotonic()
            if self.cache is not None and unsaved and now - last_save > SAVE_SECONDS:
                self.cache.save_tags(unsaved)
                unsaved, last_save = [], now
                yield from self._notices()
            # The rate counts from the first result on: worker start-up is not throughput.
            left = None
            if first is None:
                first = (now, done_chars)
            elif now > first[0] and done_chars > first[1]:
                left = (total_chars - done_chars) / ((done_chars - first[1]) / (now - first[0]))
            yield self._progress(
                Progress(
                    "tagging", done_articles, total_articles, done_bytes, total_bytes, now - started, left
                )
            )
        if self.cache is not None and unsaved:
            self.cache.save_tags(unsaved)
            yield from self._notices()

    def _tagger_warnings(self) -> tuple[str, ...]:
        try:
            from reader.tagger import userdict

            return userdict.load(self.user_dict).warnings
        except Exception:  # noqa: BLE001 - a warning about warnings is not worth a crash
            return ()

    def _worker_count(self, chars: int, jobs: int) -> int:
        if self.workers is not None:
            wanted = self.workers
        else:
            wanted = _cores() if chars >= POOL_MIN_CHARS else 1
        return max(1, min(wanted, jobs))

    def _run_jobs(
        self,
        chunks: list[list[_File]],
        workers: int,
        job: Callable[..., list[_Result]],
        args: Callable[[list[_File]], tuple[object, ...]],
        names: dict[str, EntityType] | None = None,
    ) -> Iterator[tuple[list[_File], list[_Result]]]:
        """Run `job(*args(chunk))` for every chunk, yielding (chunk, result) as results come.

        In worker processes when `workers` > 1, with at most two jobs per
        worker handed out at a time (so stopping never waits for more than
        those); if the pool cannot start or a worker dies, the chunks not
        yet done run in this process instead.  `names` are the corpus's
        names for the consistency pass, given to each worker once.
        """
        left = list(chunks)
        if workers > 1 and left:
            executor = self._pool(workers, names)
            if executor is not None:
                from concurrent.futures import FIRST_COMPLETED, Future, wait

                queue = list(left)
                running: dict[Future[list[_Result]], list[_File]] = {}
                try:
                    while queue or running:
                        while queue and len(running) < 2 * workers:
                            chunk = queue.pop(0)
                            running[executor.submit(job, *args(chunk))] = chunk
                        self._check()
                        done, _ = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
                        for future in sorted(done, key=lambda f: running[f][0].index):
                            result = future.result()
                            chunk = running.pop(future)
                            left.remove(chunk)
                            yield chunk, result
                    return
                except (_Stopped, GeneratorExit):
                    raise
                except Exception as error:  # noqa: BLE001 - a dead worker must not stop the indexing
                    reason = (str(error).strip().splitlines() or [""])[0]
                    self._say(
                        f"worker processes failed ({type(error).__name__}: {reason}): continuing in this "
                        f"process"
                    )
                    self._stop_pool()
                    self._pool_failed = True  # a second pool would fail the same way (or hang starting)
        if left:
            _init_worker_here(self._tagger_here(), names)
        for chunk in left:
            self._check()
            yield chunk, job(*args(chunk))

    def _say(self, message: str) -> None:
        self._said.append(message)

    def _pool(self, workers: int, names: dict[str, EntityType] | None) -> Executor | None:
        """Worker processes with the tagger loaded (and `names`, for the consistency pass)."""
        if self._pool_failed or not _spawnable():
            return None
        if self.executor is not None and (self._pool_names is not names or self._pool_size != workers):
            self._stop_pool()
        if self.executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                _start_resource_tracker()
                # spawn, not fork: the app forks from a thread, and a forked child can
                # inherit locks held by the parent's other threads.
                self.executor = ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker,
                    initargs=(str(self.user_dict) if self.user_dict else None, names),
                )
            except (OSError, ValueError, RuntimeError) as error:
                self._say(f"could not start worker processes ({error}): tagging in this process")
                return None
            self._pool_names, self._pool_size = names, workers
        return self.executor

    def _stop_pool(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None

    # --- the corpus-wide pass ----------------------------------------------------------

    def _link_all(self, files: list[_File], stats: dict[str, int]) -> Iterator[IndexEvent]:
        key, signature = self._corpus_identity(files)
        stored = self.cache.corpus(key) if self.cache is not None else None
        if (
            stored is not None
            and stored.tagger == self.tagger_v
            and stored.signature == signature
            and not any(f.relink for f in files)
        ):
            return  # an unchanged corpus: every article came with its linked entities
        if not linker.available():
            yield from self._link_whole(files, stats)
            return
        names = self._names(files)
        old: dict[str, str] | None = None
        if stored is not None and stored.tagger == self.tagger_v:
            try:
                loaded = json.loads(stored.names)
                old = loaded if isinstance(loaded, dict) else None
            except ValueError:
                old = None
        if old is None:
            todo = [f for f in files if f.articles]
        else:
            pattern = linker.touched_by(linker.changed_names(old, names))
            todo = [
                f
                for f in files
                if f.articles
                and (
                    f.relink
                    or (pattern is not None and any(linker.mentions_any(a, pattern) for a in f.articles))
                )
            ]
        rows: list[tuple[bytes, str, bytes | None]] = []
        total = sum(len(f.articles) for f in todo)
        if total:
            sizes = {f.index: _chars(f.articles) for f in todo}
            # Linking costs about a tenth of tagging: worth other processes only when it is big.
            workers = self._worker_count(sum(sizes.values()) // 10, len(todo))
            chunks = _chunks(todo, sizes, target=10 * CHUNK_CHARS)
            started = time.monotonic()
            done = 0
            changed: list[Article] = []

            def job_args(chunk: list[_File]) -> tuple[object, ...]:
                return ([self._as_tagged(f, i) for f in chunk for i in range(len(f.articles))],)

            for chunk, results in self._run_jobs(chunks, workers, _link_job, job_args, names):
                position = 0
                for file in chunk:
                    n = len(file.articles)
                    mine = results[position : position + n]
                    position += n
                    assert file.local is not None
                    articles = []
                    finals: list[bytes] = []
                    for article, local, result in zip(file.articles, file.local, mine, strict=True):
                        if isinstance(result, tuple):  # not storable: keep as is
                            file.cacheable = False
                            final_entities: tuple[object, ...] | None = result
                            packed = b""
                        else:
                            packed = local if result is None else result
                            final_entities = None
                        if final_entities is not None:
                            article = replace(article, entities=final_entities)  # type: ignore[arg-type]
                            changed.append(article)
                        elif _packed(article) != packed:
                            article = replace(article, entities=codec.lazy_entities(packed, article))
                            changed.append(article)
                        articles.append(article)
                        finals.append(packed)
                    file.articles = articles
                    if file.cacheable:
                        same = all(r is None for r in mine)
                        rows.append((file.key, file.hash, None if same else codec.pack_blobs(finals)))
                    done += n
                stats["linked"] += sum(len(f.articles) for f in chunk)
                elapsed = time.monotonic() - started
                left = elapsed / done * (total - done) if done else None
                yield self._progress(Progress("linking", done, total, 0, 0, elapsed, left))
            if changed:
                yield Linked(tuple(changed))
        if self.cache is not None:
            present = {f.key for f in files}
            gone = [p for p in self.cache.corpus_paths(key) if p not in present]
            self.cache.save_corpus(
                key,
                CorpusRow(self.tagger_v, signature, json.dumps(names, ensure_ascii=False)),
                rows,
                drop=gone,
            )
            self.cache.forget(p for p in gone if not os.path.exists(os.fsdecode(p)))
            yield from self._notices()

    def _as_tagged(self, file: _File, i: int) -> Article:
        """Article `i` of `file` with its entities as tagged one by one (the pass's input)."""
        assert file.local is not None
        article = file.articles[i]
        return replace(
            article,
            entities=codec.decode_entities(
                file.local[i], article.headline, article.byline, article.paragraphs
            ),
        )

    def _names(self, files: list[_File]) -> dict[str, EntityType]:
        """The corpus's merged strong names (from the cache, or computed for pages without)."""
        per_article: list[list[tuple[str, EntityType]]] = []
        for file in files:
            if file.strong is None and file.strong_json is not None:
                try:
                    loaded = json.loads(file.strong_json)
                    file.strong = [[(str(n), k) for n, k in pairs] for pairs in loaded]
                    if len(file.strong) != len(file.articles):
                        file.strong = None
                except (ValueError, TypeError):
                    file.strong = None
            if file.strong is None and file.articles:
                tagger = self._tagger_here()
                file.strong = [
                    list(linker.article_names(tagger, self._as_tagged(file, i)).items())
                    for i in range(len(file.articles))
                ]
                file.relink = True
            per_article.extend(file.strong or [])
        return linker.merge_names(per_article)

    def _link_whole(self, files: list[_File], stats: dict[str, int]) -> Iterator[IndexEvent]:
        """The tagger without the split pass: `Tagger.propagate` over everything, in this process."""
        tagger = self._tagger_here()
        articles = [self._as_tagged(f, i) for f in files for i in range(len(f.articles))]
        current = [a for f in files for a in f.articles]
        result = tagger.propagate(articles)
        stats["linked"] += len(articles)
        changed = tuple(
            new
            for new, old in zip(result, current, strict=True)
            if tuple(new.entities) != tuple(old.entities)
        )
        if changed:
            yield Linked(changed)

    # --- identity ----------------------------------------------------------------------

    def _corpus_key(self) -> str:
        from reader.state import corpus_key

        return corpus_key(self.paths)

    def _corpus_identity(self, files: list[_File]) -> tuple[str, str]:
        h = digest.sha256()
        h.update(f"{parser_version()} {self.tagger_v if self.tag else 'untagged'}\n".encode())
        for file in files:
            h.update(file.key)
            h.update(b"\0" + file.hash.encode() + b"\n")
        return self._corpus_key(), h.hexdigest()[:32]


def _same(before: os.stat_result, after: os.stat_result) -> bool:
    return (before.st_size, before.st_mtime_ns, before.st_ino) == (
        after.st_size,
        after.st_mtime_ns,
        after.st_ino,
    )


def _chars(articles: Sequence[Article]) -> int:
    return sum(len(a.byline) + sum(map(len, a.headline)) + sum(map(len, a.paragraphs)) for a in articles)


def _chunks(files: list[_File], sizes: dict[int, int], target: int = CHUNK_CHARS) -> list[list[_File]]:
    """Files grouped into jobs of about `target` characters of text."""
    chunks: list[list[_File]] = []
    current: list[_File] = []
    size = 0
    for file in files:
        current.append(file)
        size += sizes[file.index]
        if size >= target:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _packed(article: Article) -> bytes | None:
    try:
        return codec.pack_entities(article.entities)
    except codec.CodecError:
        return None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


# --- worker processes ----------------------------------------------------------------

_WORKER_TAGGER: Tagger | None = None
_WORKER_NAMES: dict[str, EntityType] | None = None


def _spawnable() -> bool:
    """Whether spawned workers can start: they re-run the main script, which must be a file.

    Not so for a script piped to `python -` (its `__file__` is `<stdin>`):
    every worker would die at start.  Nor inside a worker that is itself
    still re-running a script with no `if __name__ == "__main__":` guard.
    """
    multiprocessing = sys.modules.get("multiprocessing")  # a worker has it; it costs 1 MB to import
    if multiprocessing is not None and getattr(multiprocessing.current_process(), "_inheriting", False):
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    It hands its child the descriptor of `sys.stderr`; under the app that is
    Textual's print capture, whose descriptor is -1, and spawning fails with
    "bad value(s) in fds_to_keep".  The tracker has nothing to say to the
    terminal anyway: give it /dev/null.
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        return
    saved = sys.stderr
    with open(os.devnull, "w") as quiet:
        sys.stderr = quiet
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _init_worker(user_dict: str | None, names: dict[str, EntityType] | None) -> None:
    """Load the tagger once per worker process (and leave Ctrl-C and the terminal to the parent).

    A worker writes nothing to the terminal: under the app, a stray warning
    would land in the middle of the screen.  Failures reach the parent as
    exceptions through the pool instead.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        os.close(quiet)
    except OSError:
        pass
    from reader.tagging import Tagger

    _init_worker_here(Tagger(Path(user_dict) if user_dict else None).load(), names)


def _init_worker_here(tagger: Tagger, names: dict[str, EntityType] | None) -> None:
    global _WORKER_TAGGER, _WORKER_NAMES
    _WORKER_TAGGER, _WORKER_NAMES = tagger, names


def _tag_job(articles: list[Article]) -> list[_Result]:
    """Tag articles one by one: (packed entities, strong names, word starts) for each.

    Entities the cache cannot store come back unpacked (a tuple) instead.
    """
    tagger = _WORKER_TAGGER
    assert tagger is not None
    split = linker.available()
    out: list[_Result] = []
    for article in articles:
        tagged = tagger.tag_article(article)
        names = list(linker.article_names(tagger, tagged).items()) if split else []
        try:
            out.append((codec.pack_entities(tagged.entities), names, tagged.words))
        except codec.CodecError:
            out.append((tagged.entities, names, tagged.words))
    return out


def _link_job(articles: list[Article]) -> list[_Result]:
    """The consistency pass on these articles: packed entities, None where nothing changed
    (or, for entities the cache cannot store, the tuple itself)."""
    tagger, names = _WORKER_TAGGER, _WORKER_NAMES
    assert tagger is not None and names is not None
    out: list[_Result] = []
    for result in linker.link(tagger, articles, names):
        if result is None:
            out.append(None)
            continue
        try:
            out.append(codec.pack_entities(result))
        except codec.CodecError:
            out.append(result)
    return out

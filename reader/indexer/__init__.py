"""Indexing a corpus: cached pages at once, new pages parsed, then tagged across cores.

    for event in index_corpus(["archive/"]):
        ...

The one path from page files to articles, which the Python API, the command
line and the app share (through `reader.corpus.CorpusBuilder`).
`index_corpus` yields, in this order (`reader.indexer.events`):

1. `Problems`: paths that gave nothing (missing, not a page, unreadable).
2. `Loaded` batches, in page order: each page from the cache (parsed and,
   usually, tagged) or read and parsed now (not yet tagged), so a list can
   fill before any tagging; page-level problems ride along.  Then `Listed`.
   (`reader.indexer.load`)
3. `Tagged` batches: pages that had no cached entities, tagged in worker
   processes (or in this process when the work is small), as they finish.
   (`reader.indexer.tag`, `reader.indexer.jobs`)
4. `Linked`: articles changed by the corpus-wide consistency pass; on an
   unchanged corpus there is nothing to do.  (`reader.indexer.link`)
5. `Finished`, with counts.

`Progress` events come between them (count, total, bytes, time left), and
`Notice`s say, once each, what went wrong with the cache or the workers.
Article ids are made unique here, so `Tagged` and `Linked` replace articles
by id.

Cancelling: stop iterating and `close()` the generator (or pass
`should_stop`); worker processes are stopped and nothing half-done is
written.  Nothing is ever written outside the cache directory, and the
process's state (its garbage collector, its streams) is left as it was,
unless the caller owns the process and says so (`own_heap`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader import heap
from reader.indexer.events import (
    Finished,
    IndexEvent,
    Linked,
    Listed,
    Loaded,
    Notice,
    Phase,
    Problems,
    Progress,
    Tagged,
    format_seconds,
)
from reader.models import Problem, UniqueIds

if TYPE_CHECKING:
    from reader.indexer.run import Run

__all__ = [
    "Finished",
    "IndexEvent",
    "Linked",
    "Listed",
    "Loaded",
    "Notice",
    "Phase",
    "Problems",
    "Progress",
    "Tagged",
    "format_seconds",
    "index_corpus",
]


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
    own_heap: bool = False,
) -> Generator[IndexEvent, None, None]:
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
        own_heap: the caller owns the process (the command line, the app): hold off the
            garbage collector while loading and freeze what was loaded (`heap.bulk_load`).
    """
    # Imported here: the app imports this package before its first frame, and starts indexing after it.
    from reader.indexer.jobs import Stopped
    from reader.indexer.run import Run
    from reader.pages import MAX_PAGE_BYTES, default_corpus

    run = Run(
        paths=[default_corpus()] if paths is None else list(paths),
        tag=tag,
        workers=workers,
        should_stop=should_stop or (lambda: False),
        on_progress=on_progress,
        limit=max_page_bytes or MAX_PAGE_BYTES,
    )
    try:
        yield from _events(run, cache, cache_dir, own_heap)
    except Stopped:
        return
    finally:
        run.close()
        del run  # its per-page blobs (entities as cached, names) are garbage now
        heap.release()


def _events(run: Run, use_cache: bool, cache_dir: Path | None, own_heap: bool) -> Iterator[IndexEvent]:
    from reader.cache.store import Cache
    from reader.cache.versions import parser_version, tagger_version
    from reader.indexer.files import match_files
    from reader.indexer.load import load
    from reader.pages import find_pages_stat

    started = time.monotonic()
    found = list(find_pages_stat(run.paths))
    problems = tuple(p for p in found if isinstance(p, Problem))
    if problems:
        yield Problems(problems)
    if use_cache:
        run.cache = Cache.open(cache_dir)
        yield from run.notices()
    if run.tag:
        from reader.tagger import userdict

        run.user = userdict.load(userdict.default_path())
        run.tagger_version = tagger_version(run.user, memo=run.cache)
    rows = run.cache.file_rows() if run.cache is not None else {}
    files = match_files([p for p in found if not isinstance(p, Problem)], rows, parser_version())
    del rows
    with heap.bulk_load() if own_heap else contextlib.nullcontext():
        yield from load(run, files, UniqueIds())
    heap.release()  # the decoded rows and blobs the articles were made from
    articles = sum(len(f.articles) for f in files)
    yield Listed(
        articles=articles,
        pending=sum(len(f.articles) for f in files if not f.tagged) if run.tag else 0,
        corpus=run.corpus_key() if run.cached else "",
        signature=run.signature(files),
    )
    stats = {"tagged": 0, "linked": 0}
    if run.tag and files:
        from reader.indexer.link import link  # after the list is out: it waits for nothing here
        from reader.indexer.tag import tag

        yield from tag(run, files, stats)
        yield from link(run, files, stats)
    yield from run.notices()
    yield Finished(
        files=len(files),
        articles=articles,
        cached=sum(f.from_cache for f in files),
        parsed=sum(not f.from_cache for f in files),
        tagged=stats["tagged"],
        linked=stats["linked"],
        seconds=time.monotonic() - started,
        corpus=run.corpus_key() if run.cached else "",
        signature=run.signature(files),
        workers=run.workers_used,
    )

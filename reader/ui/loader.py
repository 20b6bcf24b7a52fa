"""Loading a corpus into the app: thread workers that call the core and post what they found.

The main screen runs these with `run_worker(..., thread=True)`; each posts
its results to the screen (`reader.ui.messages`), which applies them on the
UI thread.  So the UI thread only ever receives finished pieces: batches of
articles to list, tagged versions to swap in, indexes to install.

* `index_pages`: the indexer (`reader.indexer`): cached pages at once, new
  ones parsed, then tagged in worker processes; its events batched.
* `read_search_index`, `build_search_index`, `save_search_index`: the search
  index, from the cache when the corpus is unchanged, else built.
* `index_names`: the corpus-wide name index.

When to run which is `reader.ui.indexes`'s business.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import get_current_worker

from reader.i18n import Both, count, shown, tr
from reader.indexer.events import IndexEvent, Linked, Listed, Loaded, Progress, Tagged, format_seconds
from reader.models import Article, Problem
from reader.notices_zh import in_language
from reader.sanitize import visible
from reader.ui import messages

Post = Callable[[Message], bool]

BATCH_SECONDS = 0.3
"""How often loaded articles go to the list after the first batch (which goes at once). More often
costs the loading thread time: each hand-over repaints the list while loading holds the GIL (at
100k articles, 0.05 s made the app searchable 0.3 s later)."""
REPLACE_SECONDS = 1.0
"""How often newly tagged articles replace the untagged ones on screen."""
PROGRESS_SECONDS = 0.25
_PHASES = {
    "reading": Both("载入", "loading"),
    "tagging": Both("标注实体", "tagging"),
    "linking": Both("关联实体", "linking"),
}


@dataclass(frozen=True, slots=True)
class Source:
    """What the app reads: pages under `paths`, tagged or not, with the cache or not."""

    paths: Sequence[Path]
    tag: bool = True
    cache: bool = True


SMALL_CORPUS_FILES = 8
SMALL_CORPUS_BYTES = 2 * 2**20
"""A corpus this small (a page or a day's paper) is listed before the first frame is drawn."""


def is_small(source: Source) -> bool:
    """A few page files, found without walking a tree: read them before the first frame."""
    files = 0
    size = 0
    for path in source.paths:
        try:
            if path.is_dir():
                with os.scandir(path) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False):
                            return False
                        files += 1
                        size += entry.stat().st_size
                        if files > SMALL_CORPUS_FILES:
                            return False
            else:
                files += 1
                size += path.stat().st_size
        except OSError:
            return False  # said by the indexer, in its own words
    return files <= SMALL_CORPUS_FILES and size <= SMALL_CORPUS_BYTES


class PageEvents:
    """The indexer's events for a source, read partly here (`until_listed`) and the rest in a
    worker (`index_pages`)."""

    def __init__(self, source: Source) -> None:
        from reader.indexer import index_corpus

        self.cancelled: Callable[[], bool] = lambda: False
        self.batch: _Batch | None = None
        self.events = index_corpus(
            source.paths,
            cache=source.cache,
            tag=source.tag,
            should_stop=lambda: self.cancelled(),
            on_progress=self._progress,  # within a long page too, not only between jobs
            own_heap=True,
        )

    def _progress(self, event: Progress) -> None:
        if self.batch is not None:
            self.batch.progress(event)

    def until_listed(self) -> Iterator[IndexEvent]:
        """The events up to every page listed (of a small corpus: pages read from the cache, or
        parsed; tagging comes after)."""
        for event in self.events:
            yield event
            if isinstance(event, Listed):
                return


def index_pages(source: Source | PageEvents, post: Post) -> None:
    """Index the corpus (or what is left of it) and post its events, batched (see
    `messages.Indexed`).

    Quitting cancels the worker: the indexer stops its worker processes
    within a fraction of a second.
    """
    worker = get_current_worker()
    pages = source if isinstance(source, PageEvents) else PageEvents(source)
    batch = pages.batch = _Batch(post)
    pages.cancelled = lambda: worker.is_cancelled
    try:
        for event in pages.events:
            if worker.is_cancelled:
                return
            batch.add(event)
        batch.flush()
    finally:
        pages.events.close()


@dataclass(eq=False)
class _Batch:
    """Merges the indexer's events so that the UI thread gets a few a second, in order."""

    post: Post
    loaded: list[Loaded] = field(default_factory=list)
    tagged: dict[str, Article] = field(default_factory=dict)
    last_loaded: float = 0.0
    last_tagged: float = field(default_factory=time.monotonic)
    last_progress: float = 0.0

    def add(self, event: IndexEvent) -> None:
        now = time.monotonic()
        if isinstance(event, Loaded):
            self.loaded.append(event)
            first = not self.last_loaded
            if first or now - self.last_loaded > BATCH_SECONDS or event.files_done == event.files_total:
                self._flush_loaded(now)
        elif isinstance(event, (Tagged, Linked)):
            self.tagged.update((a.id, a) for a in event.articles)
            if now - self.last_tagged > REPLACE_SECONDS:
                self._flush_tagged(now)
        elif isinstance(event, Progress):
            pass  # heard through `progress`
        else:
            self.flush()  # everything said before this comes first
            self.post(messages.Indexed(event))

    def progress(self, event: Progress) -> None:
        """Tagging or linking progress, for the status line a few times a second."""
        now = time.monotonic()
        if event.phase != "reading" and (
            now - self.last_progress > PROGRESS_SECONDS or event.done == event.total
        ):
            self.last_progress = now
            self.post(messages.LoadProgress(progress_text(event)))

    def flush(self) -> None:
        now = time.monotonic()
        self._flush_loaded(now)
        self._flush_tagged(now)

    def _flush_loaded(self, now: float) -> None:
        if self.loaded:
            last = self.loaded[-1]
            merged = Loaded(
                tuple(a for e in self.loaded for a in e.articles),
                tuple(p for e in self.loaded for p in e.problems),
                last.files_done,
                last.files_total,
                sum(e.pending for e in self.loaded),
            )
            self.loaded, self.last_loaded = [], now
            self.post(messages.Indexed(merged))

    def _flush_tagged(self, now: float) -> None:
        if self.tagged:
            merged = Tagged(tuple(self.tagged.values()))
            self.tagged, self.last_tagged = {}, now
            self.post(messages.Indexed(merged))


def progress_text(progress: Progress) -> str:
    """`tagging 1,234/10,000 · 1m20s left` (`标注实体 1,234/10,000 · 还要 1m20s`) for the status line."""
    text = f"{shown(_PHASES.get(progress.phase, progress.phase))} {progress.done:,}/{progress.total:,}"
    if progress.bytes_total and progress.done < progress.total:
        text += f" · {100 * progress.bytes_done // progress.bytes_total}%"
    if progress.left is not None and progress.done < progress.total:
        left = format_seconds(progress.left)
        text += tr(f" · 还要 {left}", f" · {left} left")
    return text


# --- the search index --------------------------------------------------------------------


def read_search_index(articles: list[Article], version: int, corpus: str, signature: str, post: Post) -> None:
    """The search index from the cache, if it was built for exactly these articles."""
    from reader.cache.derived import load_search

    index, notices = load_search(articles, corpus, signature)
    _notices(notices, post)
    if index is None:
        post(messages.SearchIndexMissing())
        return
    post(messages.SearchIndexReady(index, version, from_cache=True))
    from reader.search import warm_up

    warm_up(index)  # searchable already; this only spares the first keystrokes the lazy loading


def build_search_index(articles: list[Article], version: int, post: Post) -> None:
    from reader.search import SearchIndex

    post(messages.SearchIndexReady(SearchIndex(articles), version, from_cache=False))


def save_search_index(index: object, corpus: str, signature: str, post: Post) -> None:
    from reader.cache.derived import save_search
    from reader.search import SearchIndex

    assert isinstance(index, SearchIndex)
    _notices(save_search(index, corpus, signature), post)


# --- the name index ------------------------------------------------------------------------


def index_names(articles: list[Article], version: int, post: Post) -> None:
    from reader import heap
    from reader.mentions import EntityIndex
    from reader.profiles import Profiles

    index = EntityIndex(articles)
    heap.release()  # the entities unpacked to build it
    post(messages.NamesReady(index, version))  # names and counts are usable at once
    profiles = Profiles.with_user_rules(index)  # a few tenths of a second more at 10k articles
    _notices(profiles.aliases.warnings, post)
    post(messages.ProfilesReady(profiles))


def _notices(notices: Iterable[str], post: Post) -> None:
    for notice in notices:
        post(messages.Notice(notice))


MAX_NOTICES = 5


def problem_notices(problems: Sequence[Problem]) -> list[tuple[str, SeverityLevel]]:
    """(text, severity) for each bad file, the first few; then a count."""
    out: list[tuple[str, SeverityLevel]] = [
        (visible(in_language(str(p))), "error" if p.skipped else "warning") for p in problems[:MAX_NOTICES]
    ]
    if len(problems) > MAX_NOTICES:
        more = len(problems) - MAX_NOTICES
        out.append(
            (
                tr(
                    f"……还有 {more:,} 个文件有问题（`reader parse` 全部列出）。",
                    f"…and {count(more, '', 'more file')} with problems (`reader parse` lists them all).",
                ),
                "information",
            )
        )
    return out

"""The second phase: pages without cached entities, tagged article by article, as jobs finish.

Yields a `Tagged` batch per finished job and `Progress` after it; saves what
was tagged to the cache about once a second, so an interrupted run keeps
most of its work.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from reader.cache.rows import TagRow
from reader.indexer.events import IndexEvent, Notice, Progress, Tagged
from reader.indexer.files import PageFile, chunks
from reader.indexer.jobs import TagResult
from reader.indexer.run import Run
from reader.models import Article
from reader.packed import PackedEntities, pack_blobs

CHUNK_CHARS = 40_000
"""Text per tagging job: a few pages, a fraction of a second of work."""
SAVE_SECONDS = 1.0
"""How often tagged results are written to the cache while tagging."""


def tag(run: Run, files: Sequence[PageFile], stats: dict[str, int]) -> Iterator[IndexEvent]:
    todo = [f for f in files if not f.tagged and f.articles]
    if not todo:
        return
    for warning in _dictionary_warnings(run):
        yield Notice(warning)
    groups = chunks(todo, CHUNK_CHARS)
    sizes = {f.index: f.chars for f in todo}
    meter = _Meter(run, sum(sizes.values()), sum(len(f.articles) for f in todo), sum(f.size for f in todo))
    jobs = run.jobs(meter.total_chars, len(groups), on_chars=meter.within)
    meter.parallel = jobs.size
    last_save = time.monotonic()
    unsaved: list[TagRow] = []
    payloads = [[a for f in group for a in f.articles] for group in groups]
    for number, results in jobs.tag(payloads):
        replaced: list[Article] = []
        position = 0
        for file in groups[number]:
            mine = results[position : position + len(file.articles)]
            position += len(file.articles)
            replaced.extend(_take(file, mine))
            if run.cache is not None and file.cacheable:
                unsaved.append(_row(run, file, mine))
            meter.file_done(len(file.articles), sizes[file.index], file.size)
            stats["tagged"] += 1
        meter.jobs_done += 1
        yield Tagged(tuple(replaced))
        now = time.monotonic()
        if run.cache is not None and unsaved and now - last_save > SAVE_SECONDS:
            run.cache.save_tags(unsaved)
            unsaved, last_save = [], now
        yield from run.notices()
        yield run.progress(meter.progress())
    if run.cache is not None and unsaved:
        run.cache.save_tags(unsaved)
        yield from run.notices()


class _Meter:
    """How far tagging has got, and how long it has to go.

    The rate is measured from the moment start-up is over (the tagger loaded in
    every process) to now.  In this process that is the first progress told;
    with `parallel` workers, the moment each could have given a first result.
    Workers start together, so their first results come in a burst: a rate
    taken across it counts several jobs' work in the time of one and promised
    a fraction of the real time.  So with workers there is no estimate until a
    whole round more of jobs has come in since start-up ended.
    """

    def __init__(self, run: Run, total_chars: int, total_articles: int, total_bytes: int) -> None:
        self.run = run
        self.total_chars, self.total_articles, self.total_bytes = total_chars, total_articles, total_bytes
        self.chars = self.articles = self.bytes = 0
        self.partial = 0
        """Characters tagged in the job under way (in this process)."""
        self.parallel = 1
        """Jobs under way at once (the worker processes, or 1 here)."""
        self.jobs_done = 0
        self.started = self.last_said = time.monotonic()
        self.warm: tuple[float, int, int] | None = None
        """(time, characters, jobs done) when start-up was over."""

    def file_done(self, articles: int, chars: int, size: int) -> None:
        self.articles += articles
        self.chars += chars
        self.bytes += size
        self.partial = 0

    def within(self, chars: int) -> None:
        """Progress inside a job: told to `on_progress` a few times a second (one page can be
        megabytes of text), not as an event."""
        self.partial += chars
        now = time.monotonic()
        if now - self.last_said > 0.25 and self.run.on_progress is not None:
            self.last_said = now
            self.run.on_progress(self.progress())

    def progress(self) -> Progress:
        now = time.monotonic()
        chars = self.chars + self.partial
        size = self.bytes + self.partial * self.total_bytes // max(self.total_chars, 1)
        return Progress(
            "tagging",
            self.articles,
            self.total_articles,
            size,
            self.total_bytes,
            now - self.started,
            self._left(now, chars),
        )

    def _left(self, now: float, chars: int) -> float | None:
        """Seconds to go at the rate since start-up ended; None until that rate is known."""
        if self.warm is None and (self.parallel == 1 or self.jobs_done >= self.parallel):
            self.warm = (now, chars, self.jobs_done)
        if self.warm is None:
            return None
        since, chars_then, jobs_then = self.warm
        if self.parallel > 1 and self.jobs_done - jobs_then < self.parallel:
            return None
        if now <= since or chars <= chars_then:
            return None
        return (self.total_chars - chars) / ((chars - chars_then) / (now - since))


def _take(file: PageFile, results: Sequence[TagResult]) -> list[Article]:
    """The file's articles with their entities as tagged one by one."""
    file.local = [r.entities for r in results]
    file.strong = [r.names for r in results]
    file.relink = True
    file.articles = [
        replace(a, entities=PackedEntities(r.entities, a.headline, a.byline, a.paragraphs), words=r.words)
        for a, r in zip(file.articles, results, strict=True)
    ]
    return file.articles


def _row(run: Run, file: PageFile, results: Sequence[TagResult]) -> TagRow:
    return TagRow(
        path=file.key,
        hash=file.hash,
        tagger=run.tagger_version,
        entities=pack_blobs([r.entities for r in results]),
        names=json.dumps([r.names for r in results], ensure_ascii=False, separators=(",", ":")),
        words=pack_blobs([r.words for r in results]),
    )


def _dictionary_warnings(run: Run) -> tuple[str, ...]:
    """The user dictionary's bad lines (the workers have it too, but say nothing)."""
    return run.user.warnings if run.user is not None else ()

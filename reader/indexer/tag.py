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
    total_chars = sum(sizes.values())
    total_articles = sum(len(f.articles) for f in todo)
    total_bytes = sum(f.size for f in todo)
    jobs = run.jobs(total_chars, len(groups))
    started = last_save = time.monotonic()
    first: tuple[float, int] | None = None  # (time, chars done) at the first result
    done_articles = done_chars = done_bytes = 0
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
            done_articles += len(file.articles)
            done_chars += sizes[file.index]
            done_bytes += file.size
            stats["tagged"] += 1
        yield Tagged(tuple(replaced))
        now = time.monotonic()
        if run.cache is not None and unsaved and now - last_save > SAVE_SECONDS:
            run.cache.save_tags(unsaved)
            unsaved, last_save = [], now
        yield from run.notices()
        # The rate counts from the first result on: worker start-up is not throughput.
        left = None
        if first is None:
            first = (now, done_chars)
        elif now > first[0] and done_chars > first[1]:
            left = (total_chars - done_chars) / ((done_chars - first[1]) / (now - first[0]))
        yield run.progress(
            Progress("tagging", done_articles, total_articles, done_bytes, total_bytes, now - started, left)
        )
    if run.cache is not None and unsaved:
        run.cache.save_tags(unsaved)
        yield from run.notices()


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

"""The first phase: every page's articles, from the cache or read and parsed now, in page order.

Yields a `Loaded` batch per `BATCH_FILES` pages (and their problems), so a
list can fill before anything is tagged.  Pages the cache has, tagged by
this tagger, come with their entities (as the corpus-wide pass left them,
when it ran over this corpus); the others are tagged by the next phase.
Fresh pages are written to the cache as they are read.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from reader import digest
from reader.cache import codec
from reader.cache.rows import PageRow, TouchRow
from reader.cache.versions import parser_version
from reader.indexer.events import IndexEvent, Loaded, Progress
from reader.indexer.files import PageFile, read_file, trusted
from reader.indexer.run import Run
from reader.models import Article, Page, Problem, UniqueIds
from reader.packed import PackError, unpack_blobs

BATCH_FILES = 256
"""Pages per `Loaded` batch (and per cache query)."""

Cached = tuple[str | None, bytes | None, str | None, bytes | None]
"""A page's cached data: articles JSON, entities as tagged, strong names JSON, word starts."""
DAMAGED: Cached = (None, None, None, None)
"""The data of a row that fails its checksum (the file is read again)."""


@dataclass(eq=False)
class _Batch:
    """What one batch of pages gives the cache and the caller."""

    problems: list[Problem] = field(default_factory=list)
    touched: list[TouchRow] = field(default_factory=list)
    fresh: list[PageRow] = field(default_factory=list)
    damaged: int = 0


def load(run: Run, files: Sequence[PageFile], ids: UniqueIds) -> Iterator[IndexEvent]:
    started = time.monotonic()
    total_bytes = sum(f.size for f in files)
    done_bytes = 0
    cache = run.cache
    linked = cache.linked(run.corpus_key(), run.tagger_version) if cache is not None and run.tag else {}
    for start in range(0, len(files), BATCH_FILES):
        run.check()
        files_here = files[start : start + BATCH_FILES]
        batch = _Batch()
        data = _cached_data(run, [f for f in files_here if trusted(f)])
        for file in files_here:
            cached = data.get(file.key) if file.row is not None else None
            if cached is None or not _from_cache(run, file, cached, linked, batch):
                _read(run, file, linked, batch)
            file.articles = [ids.claim(a) for a in file.articles]
            done_bytes += file.size
        if cache is not None:
            cache.touch(batch.touched)
            cache.save_pages(batch.fresh)
        if batch.damaged:
            noun = "page" if batch.damaged == 1 else "pages"
            run.say(f"{batch.damaged} cached {noun} could not be read back (a damaged cache?): read again")
        yield from run.notices()
        articles = tuple(a for f in files_here for a in f.articles)
        pending = sum(len(f.articles) for f in files_here if not f.tagged) if run.tag else 0
        files_done = start + len(files_here)
        yield Loaded(articles, tuple(batch.problems), files_done, len(files), pending)
        elapsed = time.monotonic() - started
        rate = done_bytes / elapsed if elapsed > 0 else 0
        left = (total_bytes - done_bytes) / rate if rate else None
        yield run.progress(
            Progress("reading", files_done, len(files), done_bytes, total_bytes, elapsed, left)
        )


def _cached_data(run: Run, files: list[PageFile]) -> dict[bytes, Cached]:
    if run.cache is None or not files:
        return {}
    keys = [f.key for f in files if f.row is not None]
    found: dict[bytes, Cached] = {}
    for row in run.cache.page_data(keys):
        if isinstance(row, bytes):  # fails its checksum
            found[row] = DAMAGED
        else:
            found[row[0]] = row[1:]
    return found


def _from_cache(
    run: Run,
    file: PageFile,
    data: Cached,
    linked: dict[bytes, tuple[str, bytes | None]],
    batch: _Batch,
) -> bool:
    """Take the file's articles (and entities, when tagged by this tagger) from its cached row."""
    row = file.row
    assert row is not None
    text, local, strong, words = data
    relink = False
    try:
        if data is DAMAGED:
            raise codec.CodecError("the row fails its checksum")
        problems = []
        if row.problems != "[]":
            notes = json.loads(row.problems)
            problems = [Problem(file.source, str(message), bool(skipped)) for message, skipped in notes]
        shown = starts = None
        tagged = run.tag and row.tagger == run.tagger_version and local is not None and strong is not None
        if tagged:
            assert local is not None
            final = linked.get(file.key)
            if final is None or final[0] != row.hash:
                relink = True  # not linked in this corpus yet
            use = final[1] if not relink and final is not None and final[1] is not None else local
            shown = unpack_blobs(use, row.count)
            if words is not None:
                starts = unpack_blobs(words, row.count)
        articles = codec.load_articles(text, file.source, shown, starts) if text is not None else []
        if len(articles) != row.count:
            raise codec.CodecError("article count does not match")
    except (ValueError, TypeError, PackError):  # CodecError is a ValueError
        # A row that does not decode: read the file again (and overwrite the row).
        file.row = None
        batch.damaged += 1
        return False
    file.hash = row.hash
    file.from_cache = True
    file.relink = relink
    batch.problems.extend(problems)
    if tagged:
        file.local_blob = local
        file.strong_json = strong
    file.articles = articles
    return True


def _read(run: Run, file: PageFile, linked: dict[bytes, tuple[str, bytes | None]], batch: _Batch) -> None:
    """Read the file: reuse the cached row if the content is unchanged, else parse it."""
    from reader.pages import page_from_bytes

    read = read_file(file, run.limit)
    if isinstance(read, Problem):
        batch.problems.append(read)
        return
    data, stable = read
    checked = time.time_ns()
    file.hash = digest.sha256(data).hexdigest()[:32]
    row = file.row
    if stable and row is not None and row.hash == file.hash and run.cache is not None:
        # Same content, new mtime (touched, copied back, restored): no parsing.
        batch.touched.append(TouchRow(file.key, file.stamp, checked))
        cached = _cached_data(run, [file]).get(file.key)
        if cached is not None and _from_cache(run, file, cached, linked, batch):
            return
    page = page_from_bytes(data, file.source)
    if not stable:
        file.cacheable = False
        batch.problems.append(
            Problem(
                file.source, "changed while being read: showing one reading of it, not cached", skipped=False
            )
        )
    if isinstance(page, Page):
        articles: list[Article] = list(page.articles)
        problems = list(page.problems)
        encoding = page.encoding
    else:
        articles, problems, encoding = [], [page], ""
    batch.problems.extend(problems)
    file.articles = articles
    file.relink = True
    if run.cache is not None and file.cacheable:
        batch.fresh.append(
            PageRow(
                path=file.key,
                name=os.fsencode(file.path.name),
                stamp=file.stamp,
                hash=file.hash,
                checked_ns=checked,
                parser=parser_version(),
                encoding=encoding,
                count=len(articles),
                articles=codec.dump_articles(articles) if articles else None,
                problems=json.dumps([[p.message, p.skipped] for p in problems], ensure_ascii=False),
            )
        )

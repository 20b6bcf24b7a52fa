"""What `reader.bench.corpus` runs in each fresh process: index, maybe search, measure.

Kept apart from the harness so that the measured process holds only the
reader (the harness's own imports, argparse, statistics, subprocess …, add
2 MB to a resident size the benchmark compares with the corpus).
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.indexer import Progress


def child(mode: str, pages: str, cache: str, spawned: str, workers: str = "") -> None:
    """One measurement in a fresh process; prints a JSON object on its last line."""
    os.environ["READER_CACHE_DIR"] = cache
    started = float(spawned)
    if mode == "app":
        import asyncio

        print(json.dumps(asyncio.run(_app(pages, cache, started))))
        return
    from reader.corpus import CorpusBuilder
    from reader.indexer import index_corpus

    result: dict[str, object] = {}
    last_print = time.monotonic()

    def progress(event: Progress) -> None:
        nonlocal last_print
        if mode == "cold" and time.monotonic() - last_print > 30:
            last_print = time.monotonic()
            print(f"    … {event.describe()}", file=sys.stderr, flush=True)

    builder = CorpusBuilder()
    events = index_corpus(
        [pages], workers=int(workers) if workers else None, on_progress=progress, own_heap=True
    )  # as the command line and the app do
    for event in events:
        builder.apply(event)
        if builder.listed is event:
            result["listed"] = time.time() - started
            result["pending"] = event.pending
    corpus = builder.corpus
    articles = corpus.articles
    listed, finished = builder.listed, builder.finished
    assert listed is not None and finished is not None
    result["finished"] = time.time() - started
    result.update(
        articles=finished.articles,
        cached=finished.cached,
        parsed=finished.parsed,
        tagged=finished.tagged,
        linked=finished.linked,
        corpus=finished.corpus,
        signature=finished.signature,
    )
    if corpus.notices:
        result["notices"] = corpus.notices
    if mode in ("warm", "warm-build", "search"):
        from reader.cache.derived import load_search, save_search
        from reader.search import SearchIndex

        index = None
        if mode == "warm" and listed.pending == 0:
            index, _ = load_search(articles, listed.corpus, listed.signature)
            result["search_cached"] = index is not None
        if index is None:
            before = time.time()
            index = SearchIndex(articles)
            result["search_build"] = time.time() - before
        # Searchable means a first query has been answered, whatever it had to load.
        result["hits"] = len(index.query("北京", 20))
        result["searchable"] = time.time() - started
        if mode == "search":
            before = time.time()
            save_search(index, str(result["corpus"]), str(result["signature"]))
            result["search_save"] = time.time() - before
        result["rss"] = _rss()
    result["peak_rss"] = _peak_rss()
    import resource

    # Worker processes were reaped when indexing ended, so their CPU time is counted.
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu"] = (
        own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    )  # worker processes too
    print(json.dumps(result))


async def _app(pages: str, cache: str, started: float) -> dict[str, object]:
    """The app itself, headless at 120x36: until everything is listed, tagged, searchable and
    its names indexed, then one search typed; its resident size then."""
    import asyncio
    from pathlib import Path

    from reader.config import Config
    from reader.state import StateStore
    from reader.ui.app import ReaderApp

    app = ReaderApp([pages], state=StateStore(Path(cache) / "bench-state.json"), config=Config())
    result: dict[str, object] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        corpus = app.corpus
        while not (
            corpus.report is not None
            and corpus.search_if_built is not None
            and corpus.entities_if_built is not None
        ):
            if time.time() - started > 1800:
                raise SystemExit("the app did not finish loading in 30 minutes")
            if "listed" not in result and corpus.report is not None:
                result["listed"] = time.time() - started
            if "searchable" not in result and corpus.search_if_built is not None:
                result["searchable"] = time.time() - started
            await asyncio.sleep(0.02)
        result["ready"] = time.time() - started
        result.setdefault("listed", result["ready"])
        result.setdefault("searchable", result["ready"])
        while getattr(corpus, "profiles_if_built", True) is None:  # profiles follow the names
            await asyncio.sleep(0.02)
        result["profiles"] = time.time() - started
        await pilot.press("slash")
        for key in "北京":
            await pilot.press(key)
        await asyncio.sleep(0.5)  # the hits arrive and are painted
        await pilot.pause()
        result["rss"] = _rss()
        result["articles"] = len(app.corpus.articles)
    return result


def _rss() -> int:
    return _status("VmRSS:") or _peak_rss()


def _peak_rss() -> int:
    """This process's highest resident size (VmHWM: `ru_maxrss` survives exec on Linux, so a
    fresh child would report its parent's peak if the parent's was higher)."""
    peak = _status("VmHWM:")
    if peak:
        return peak
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _status(field: str) -> int:
    """A size from /proc/self/status in bytes, or 0 where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

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


def child(mode: str, pages: str, cache: str, spawned: str, workers: str = "") -> None:
    """One measurement in a fresh process; prints a JSON object on its last line."""
    os.environ["READER_CACHE_DIR"] = cache
    started = float(spawned)
    from reader.indexer import Finished, Linked, Listed, Loaded, Notice, Progress, Tagged, index_corpus

    result: dict[str, object] = {}
    articles: list = []
    position: dict[str, int] = {}
    last_print = time.monotonic()

    def progress(event: Progress) -> None:
        nonlocal last_print
        if mode == "cold" and time.monotonic() - last_print > 30:
            last_print = time.monotonic()
            print(f"    … {event.describe()}", file=sys.stderr, flush=True)

    events = index_corpus([pages], workers=int(workers) if workers else None, on_progress=progress)
    for event in events:
        if isinstance(event, Loaded):
            for article in event.articles:
                position[article.id] = len(articles)
                articles.append(article)
        elif isinstance(event, (Tagged, Linked)):
            for article in event.articles:
                articles[position[article.id]] = article
        elif isinstance(event, Listed):
            result["listed"] = time.time() - started
            result["pending"] = event.pending
            listed = event
        elif isinstance(event, Notice):
            result.setdefault("notices", []).append(event.message)  # type: ignore[union-attr]
        elif isinstance(event, Finished):
            result["finished"] = time.time() - started
            result.update(
                articles=event.articles,
                cached=event.cached,
                parsed=event.parsed,
                tagged=event.tagged,
                linked=event.linked,
                corpus=event.corpus,
                signature=event.signature,
            )
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
    import multiprocessing
    import resource

    for worker in multiprocessing.active_children():  # reaped, so that their CPU time is counted
        worker.join(timeout=30)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu"] = (
        own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    )  # worker processes too
    print(json.dumps(result))


def _rss() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _peak_rss()


def _peak_rss() -> int:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024

"""What `reader.bench search` runs in each timing process: index a corpus, type every keystroke.

Run as a script (`python path/to/_search_child.py CORPUS`), with the code to
time first on PYTHONPATH: the same file times this tree and a baseline tree
(`--baseline`), which need not have it.  It imports only the reader's search
and models, so the process's memory is the corpus's and the index's.

CORPUS is a pickle the harness wrote: the articles, per query set the
keystrokes, and how many passes to type them.  Each pass starts cold: the
index's keystroke cache and the search modules' memos emptied.  Prints one
JSON object: per set, the milliseconds of each keystroke (the least over the
passes: the machine may be shared, and what others run only adds) and of
each in the first pass, and the first hit's article id; build time and memory.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from typing import Any

FILTER = " date:2020-03..2020-08 page:1"
"""Added to every keystroke once more, timed beside it: a filter must not slow a search."""


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main(path: str) -> None:
    with open(path, "rb") as f:
        job = pickle.load(f)
    articles = job["articles"]
    sets: dict[str, list[str]] = job["sets"]
    from reader.search import SearchIndex

    before = rss_bytes()
    started = time.perf_counter()
    index = SearchIndex(articles)
    build = time.perf_counter() - started
    after_build = rss_bytes()
    out: dict[str, object] = {"build_s": build, "nbytes": index.nbytes}
    passes = int(job.get("passes", 1))
    for name, strokes in sets.items():
        runs = []
        for _ in range(passes):
            _cold(index)
            runs.append(_type(index, strokes))
        first_pass = runs[0]
        out[name] = {
            "wall": [min(r["wall"][i] for r in runs) for i in range(len(strokes))],
            "cpu": [min(r["cpu"][i] for r in runs) for i in range(len(strokes))],
            "filtered": [min(r["filtered"][i] for r in runs) for i in range(len(strokes))],
            "wall_first_pass": first_pass["wall"],
            "first": first_pass["first"],
        }
    out["index_rss"] = after_build - before
    out["corpus_rss"] = before
    out["rss"] = rss_bytes()
    print(json.dumps(out))


def _type(index: Any, strokes: list[str]) -> dict[str, list[Any]]:
    wall: list[float] = []
    cpu: list[float] = []
    filtered: list[float] = []
    first: list[str | None] = []
    for stroke in strokes:
        c0 = time.thread_time()
        t0 = time.perf_counter()
        hits = index.query(stroke, limit=50)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
        first.append(hits[0].article.id if hits else None)
        t0 = time.perf_counter()
        index.query(stroke + FILTER, limit=50)
        filtered.append((time.perf_counter() - t0) * 1000)
    return {"wall": wall, "cpu": cpu, "filtered": filtered, "first": first}


def _cold(index: Any) -> None:
    """Empty the keystroke cache and every memo of the search modules, as before a first query."""
    index._cache.clear()
    for postings in (index.data.headline, index.data.body, index.data.headline_py):
        forget = getattr(postings, "forget", None)  # (answers kept across queries, where kept)
        if forget is not None:
            forget()
    for name, module in list(sys.modules.items()):
        if name.startswith("reader.search"):
            for value in vars(module).values():
                if isinstance(value, type):
                    continue  # (a memo's class, not a memo)
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and getattr(value, "__module__", None) == name:
                    clear()


if __name__ == "__main__":
    main(sys.argv[1])

"""Keystroke to repainted list, in the real app, on a large corpus.

    python -m reader.bench typing [--articles 100000] [--queries 12]

Builds a corpus of real news sentences (as `reader.bench search` does), opens
the app headless at 120x36 with it, waits for the search index, then types
queries key by key into the search box.  For each keystroke it times press →
ranked list drawn (the list's next refresh after the results arrived), and
compares with `SearchIndex.query` alone for the same keystrokes in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from reader.bench.search import keystrokes, load_sentences, make_corpus, make_queries
from reader.config import Config
from reader.corpus import Corpus
from reader.state import StateStore


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


async def type_queries(corpus: Corpus, queries: list[str]) -> tuple[list[float], list[float]]:
    from textual.widgets import Input

    from reader.ui.app import ReaderApp
    from reader.ui.screenshots import settle
    from reader.ui.widgets.article_list import ArticleList

    painted: list[float] = []
    pressed: list[float] = []
    original = ArticleList.show_hits
    original_key = Input._on_key

    async def on_key(self: Input, event: object) -> None:
        # The clock starts when the key reaches the app, as from a terminal, not when
        # the test pilot begins to simulate it.
        pressed.append(time.perf_counter())
        await original_key(self, event)  # type: ignore[arg-type]

    def show_hits(self: ArticleList, hits: list, **options: object) -> None:  # type: ignore[type-arg]
        original(self, hits, **options)  # type: ignore[arg-type]
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    ArticleList.show_hits = show_hits  # type: ignore[method-assign]
    Input._on_key = on_key  # type: ignore[method-assign]
    latencies: list[float] = []
    query_only: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        app = ReaderApp(corpus=corpus, tag=False, state=StateStore(Path(scratch) / "s.json"), config=Config())
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            index = app.corpus.search_if_built
            assert index is not None, "the search index was not built"
            for query in queries:
                await pilot.press("slash")
                for stroke in keystrokes(query):
                    key = stroke[-1]
                    seen = len(painted)
                    started = time.perf_counter()
                    await pilot.press("space" if key == " " else key)
                    deadline = started + 5
                    while len(painted) == seen and time.perf_counter() < deadline:
                        await asyncio.sleep(0.0005)
                    if len(painted) > seen and pressed:
                        latencies.append(painted[-1] - pressed[-1])
                    began = time.perf_counter()
                    index.query(stroke, 50)
                    query_only.append(time.perf_counter() - began)
                await pilot.press("escape")
                await settle(pilot)
    ArticleList.show_hits = original  # type: ignore[method-assign]
    Input._on_key = original_key  # type: ignore[method-assign]
    return latencies, query_only


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m reader.bench typing", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=12)
    args = parser.parse_args()
    started = time.perf_counter()
    articles = make_corpus(args.articles, load_sentences())
    corpus = Corpus(articles)
    queries = [q for q, _kind in make_queries(articles)][: args.queries]
    built = time.perf_counter() - started
    print(f"{len(articles):,} articles built in {built:.1f}s; typing {len(queries)} queries")
    latencies, query_only = asyncio.run(type_queries(corpus, queries))
    ms = 1000
    print(f"{'':34} {'p50':>8} {'p95':>8} {'n':>5}")
    for name, times in (
        ("SearchIndex.query (same strokes)", query_only),
        ("keystroke → list repainted", latencies),
    ):
        p50, p95 = statistics.median(times) * ms, percentile(times, 95) * ms
        print(f"{name:34} {p50:7.1f}ms {p95:7.1f}ms {len(times):5}")
    print("target: keystroke → repainted list ≤ 50 ms median at 100k articles")


if __name__ == "__main__":
    main()

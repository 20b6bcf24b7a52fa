"""Large corpora: parsing, cold indexing, warm starts, one changed page, memory.

    python -m reader.bench corpus                  # 10k and 100k articles (the 100k cold index takes a while)
    python -m reader.bench corpus --quick          # 1k and 3k articles, a minute or two
    python -m reader.bench corpus --sizes 10000 --keep /tmp/corpora   # keep pages and caches for another run

For each size, synthetic pages of real news text (`reader.bench._synth`:
MSRA sentences, about eight articles of about 1,000 characters a page, with
headlines and bylines like the seed page) are written to a scratch
directory, then, each in a fresh process where it matters:

* parsing: read, decode and split every page in this process (MB/s of files);
* cold index: `index_corpus` with an empty cache (all cores), to the end,
  against single-process `jieba.posseg` on a sample of the same articles,
  measured just before and just after (the machine is shared: the ratio is
  what travels);
* search index: building `SearchIndex` over the tagged corpus, and caching it;
* warm start: a fresh process from spawn until every article is listed
  (`Listed`) and searchable (search index read from the cache), and with
  the search index built instead, for comparison;
* one page edited (largest size up to 10k): a fresh process until the page
  is re-read, tagged, linked (`Finished`); one page only touched (new mtime);
* memory: the warm process's resident set against the size of the pages,
  and the app's (headless, everything loaded, one search typed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.models import Article

CHILD = """
import sys
from reader.bench._child import child
child(*sys.argv[1:])
"""
"""A measuring process imports only the reader and `reader.bench._child`: not this harness."""

TARGETS = {
    "parse": 100.0,  # MB/s
    "cold_ratio": 1.7,  # x single-process jieba.posseg
    "warm_10k": 1.0,  # s
    "warm_100k": 3.0,  # s
    "edit": 1.0,  # s, in a 10k-article corpus (the issue sets none for bigger ones)
    "memory": 3.0,  # x page text
}


_CODE: Path | None = None
"""A frozen copy of the `reader` package the child processes run (see `snapshot_code`)."""


def snapshot_code(scratch: Path) -> Path:
    """Copy the package once, so edits made to the working tree during a long run (other people's,
    on a shared machine) cannot change the parser or tagger version halfway and void the cache."""
    import reader

    target = scratch / "code"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        Path(reader.__file__).parent, target / "reader", ignore=shutil.ignore_patterns("__pycache__", "seeds")
    )
    return target


def run_child(mode: str, pages: Path, cache: Path, workers: int | None = None) -> dict[str, Any]:
    spawned = time.time()
    args = [sys.executable, "-c", CHILD, mode, str(pages), str(cache), repr(spawned), str(workers or "")]
    env = dict(os.environ)
    if _CODE is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_CODE), env.get("PYTHONPATH", "")]))
    result = subprocess.run(args, stdout=subprocess.PIPE, text=True, check=False, env=env, cwd=_CODE or None)
    lines = result.stdout.strip().splitlines()
    if result.returncode or not lines:
        raise SystemExit(f"{mode} run failed (exit {result.returncode})")
    data: dict[str, Any] = json.loads(lines[-1])
    data["wall"] = time.time() - spawned
    return data


# --- in this process -----------------------------------------------------------------


def parse_throughput(files: list[Path], repeat: int = 2) -> float:
    """Best of `repeat` passes of read + decode + split over every page, MB/s of files."""
    from reader.pages import read_page

    size = sum(f.stat().st_size for f in files)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for path in files:
            read_page(path)
        best = min(best, time.perf_counter() - started)
    return size / best / 1e6


def sample_texts(files: list[Path], chars: int) -> list[str]:
    """Whole articles' text blocks from the first pages, about `chars` characters."""
    from reader.pages import read_page

    texts: list[str] = []
    total = 0
    for path in files:
        page = read_page(path)
        for article in getattr(page, "articles", ()):
            for _, _, text in article.blocks():
                texts.append(text)
                total += len(text)
        if total >= chars:
            break
    return texts


def jieba_rate(texts: list[str]) -> tuple[float, float]:
    """Characters a second of single-process jieba.posseg (dictionary loaded first): wall clock, CPU time."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.posseg.lcut("预热一下")
    started, started_cpu = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.posseg.lcut(text)
    chars = sum(map(len, texts))
    return chars / (time.perf_counter() - started), chars / (time.process_time() - started_cpu)


def tagger_rate(files: list[Path], chars: int) -> float:
    """Characters a second of `tag_article` in this process, on whole articles."""
    from reader.pages import read_page
    from reader.tagging import Tagger

    tagger = Tagger(None).load()
    articles = []
    total = 0
    for path in files:
        for article in getattr(read_page(path), "articles", ()):
            articles.append(article)
            total += _chars(article)
        if total >= chars:
            break
    tagger.tag_article(articles[0])
    started = time.perf_counter()
    for article in articles:
        tagger.tag_article(article)
    return total / (time.perf_counter() - started)


def _chars(article: Article) -> int:
    return article.size


def corpus_chars(files: list[Path]) -> int:
    from reader.pages import read_page

    return sum(_chars(a) for f in files for a in getattr(read_page(f), "articles", ()))


# --- the report ----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m reader.bench corpus", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="1k and 3k articles: a check, not the targets")
    parser.add_argument("--sizes", help="comma-separated article counts (default 10000,100000)")
    parser.add_argument(
        "--workers", type=int, help="tagging processes for the cold index (default: all cores)"
    )
    parser.add_argument(
        "--keep", type=Path, help="write pages and caches here and keep them (reused when present)"
    )
    parser.add_argument(
        "--sample", type=int, default=0, help="characters of jieba.posseg baseline (default by mode)"
    )
    args = parser.parse_args()
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([1000, 3000] if args.quick else [10_000, 100_000])
    )
    sample = args.sample or (60_000 if args.quick else 300_000)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"reader.bench corpus · {cores} cores · load average {_load()} at start · sizes "
        f"{', '.join(map(str, sizes))}"
    )
    from reader.bench._synth import load_source, write_corpus

    source = load_source()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-corpus-"))
    scratch.mkdir(parents=True, exist_ok=True)
    global _CODE
    _CODE = snapshot_code(scratch)
    rows: list[tuple[str, str, str, str]] = []
    small = [s for s in sizes if s <= 10_000]
    edited = max(small) if small else min(sizes)  # "one page edited" is measured on this size
    try:
        for size in sizes:
            rows += measure(size, scratch, source, write_corpus, args.workers, sample, touch=size == edited)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nload average {_load()} at the end")
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':{width}}  {'result':>22}  {'target':>12}  met")
    for name, value, target, met in rows:
        print(f"{name:{width}}  {value:>22}  {target:>12}  {met}")


def _memory_row(what: str, rss: int, page_bytes: int) -> tuple[str, str, str, str]:
    ratio = rss / page_bytes
    return (
        f"resident memory / page text, {what}",
        f"{ratio:.2f}x ({rss / 1e6:.0f} MB)",
        f"<= {TARGETS['memory']:.0f}x",
        _met(ratio <= TARGETS["memory"]),
    )


def measure(
    size: int,
    scratch: Path,
    source: object,
    write_corpus: Callable[..., list[Path]],
    workers: int | None,
    sample: int,
    touch: bool,
) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    label = f"{size // 1000}k" if size >= 1000 else str(size)
    pages = scratch / f"pages-{size}"
    cache = scratch / f"cache-{size}"
    print(f"\n== {size:,} articles ==", flush=True)
    if not pages.exists():
        started = time.perf_counter()
        write_corpus(pages, size, source=source)
        print(f"  wrote pages in {time.perf_counter() - started:.1f}s", flush=True)
    files = sorted(pages.rglob("*.txt"))
    page_bytes = sum(f.stat().st_size for f in files)
    chars = corpus_chars(files)
    print(
        f"  {len(files):,} files, {page_bytes / 1e6:.1f} MB, {chars:,} characters of article text", flush=True
    )

    mbs = parse_throughput(files)
    print(f"  parsing (read, decode, split; one process): {mbs:.0f} MB/s", flush=True)
    rows.append(
        (
            f"parsing MB/s ({label})",
            f"{mbs:.0f} MB/s",
            f">= {TARGETS['parse']:.0f}",
            _met(mbs >= TARGETS["parse"]),
        )
    )

    texts = sample_texts(files, sample)
    before, before_cpu = jieba_rate(texts)
    ours_one = tagger_rate(files, sample)
    print(
        f"  jieba.posseg, one process: {before:,.0f} chars/s; our tagger, one process: {ours_one:,.0f} "
        f"chars/s "
        f"({ours_one / before:.2f}x)",
        flush=True,
    )
    fresh = not (cache / "index.sqlite3").exists()
    if fresh:
        cold = run_child("cold", pages, cache, workers)
        after, after_cpu = jieba_rate(texts)
        baseline = statistics.mean([before, after])
        rate = chars / cold["finished"]
        ratio = rate / baseline
        cpu_ratio = (chars / cold["cpu"]) / statistics.mean([before_cpu, after_cpu])
        print(
            f"  cold index: {cold['finished']:.1f}s for {cold['articles']:,} articles = {rate:,.0f} chars/s; "
            f"jieba.posseg {baseline:,.0f} chars/s (before {before:,.0f}, after {after:,.0f}) → "
            f"{ratio:.2f}x; "
            f"{cold['cpu']:.0f} CPU-seconds in all processes ({cold['cpu'] / cold['finished']:.2f} cores "
            f"busy on "
            f"average), {cpu_ratio:.2f}x jieba.posseg per CPU-second",
            flush=True,
        )
        rows.append(
            (
                f"cold index vs jieba.posseg ({label})",
                f"{ratio:.2f}x ({rate / 1e3:,.0f}k chars/s)",
                f">= {TARGETS['cold_ratio']}x",
                _met(ratio >= TARGETS["cold_ratio"]),
            )
        )
        rows.append(
            (
                f"  per CPU-second, cores busy ({label})",
                f"{cpu_ratio:.2f}x, {cold['cpu'] / cold['finished']:.2f}",
                "(info)",
                "",
            )
        )
    else:
        print("  cold index: skipped (cache kept from an earlier run)")

    search = run_child("search", pages, cache)
    print(
        f"  search index: built in {search.get('search_build', 0):.1f}s, cached in "
        f"{search.get('search_save', 0):.1f}s",
        flush=True,
    )
    rows.append((f"search index build ({label})", f"{search.get('search_build', 0):.1f}s", "(info)", ""))

    warm = [run_child("warm", pages, cache) for _ in range(3)]
    best = min(warm, key=lambda r: r["searchable"])
    target = TARGETS["warm_10k"] if size <= 10_000 else TARGETS["warm_100k"]
    print(
        f"  warm start (best of 3): listed {best['listed']:.2f}s, searchable {best['searchable']:.2f}s "
        f"(search index from the cache: {best.get('search_cached')}); all: "
        + ", ".join(f"{r['searchable']:.2f}s" for r in warm),
        flush=True,
    )
    rows.append((f"warm start, listed ({label})", f"{best['listed']:.2f}s", "", ""))
    rows.append(
        (
            f"warm start, listed + searchable ({label})",
            f"{best['searchable']:.2f}s",
            f"<= {target:.0f}s",
            _met(best["searchable"] <= target),
        )
    )
    built = run_child("warm-build", pages, cache)
    print(f"  warm start, search index built instead: searchable {built['searchable']:.2f}s", flush=True)
    rows.append(
        (f"warm start, search built not cached ({label})", f"{built['searchable']:.2f}s", "(info)", "")
    )

    ratio = best["rss"] / page_bytes
    print(
        f"  memory: {best['rss'] / 1e6:.0f} MB resident when searchable (peak "
        f"{best['peak_rss'] / 1e6:.0f} MB), "
        f"pages {page_bytes / 1e6:.0f} MB → {ratio:.2f}x",
        flush=True,
    )
    rows.append(_memory_row(f"indexed + searched ({label})", best["rss"], page_bytes))
    app = run_child("app", pages, cache)
    app_ratio = app["rss"] / page_bytes
    print(
        f"  the app (headless, 120x36): listed {app['listed']:.2f}s, searchable {app['searchable']:.2f}s, "
        f"names indexed {app['ready']:.2f}s; {app['rss'] / 1e6:.0f} MB resident after one search → "
        f"{app_ratio:.2f}x",
        flush=True,
    )
    rows.append((f"the app: listed + searchable ({label})", f"{app['searchable']:.2f}s", "(info)", ""))
    rows.append(_memory_row(f"the app ({label})", app["rss"], page_bytes))

    if touch:
        page = files[len(files) // 2]
        original = page.read_bytes()
        try:
            os.utime(page, None)
            touched = run_child("warm", pages, cache)
            print(
                f"  one page touched (mtime only): finished {touched['finished']:.2f}s, parsed "
                f"{touched['parsed']}",
                flush=True,
            )
            rows.append((f"one page touched, re-checked ({label})", f"{touched['finished']:.2f}s", "", ""))
            page.write_bytes(
                original + "\n本报讯(记者 李明)新添的一段文字，记者李明来到西园路调研。\n".encode()
            )
            edited = run_child("edit", pages, cache)
            print(
                f"  one page edited: listed {edited['listed']:.2f}s, re-indexed (tagged, linked) "
                f"{edited['finished']:.2f}s, tagged {edited['tagged']} page, linked {edited['linked']} "
                f"articles",
                flush=True,
            )
            rows.append(
                (
                    f"one page edited, re-indexed and visible ({label})",
                    f"{edited['finished']:.2f}s",
                    f"<= {TARGETS['edit']:.0f}s" if size <= 10_000 else "(info)",
                    _met(edited["finished"] <= TARGETS["edit"]) if size <= 10_000 else "",
                )
            )
        finally:
            page.write_bytes(original)
    return rows


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"

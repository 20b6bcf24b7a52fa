"""Search as you type, timed per keystroke, against `fzf --filter` in the same run.

    python -m reader.bench search            # 1k, 10k and 100k articles
    python -m reader.bench search --quick    # 1k and 10k
    python -m reader.bench search --sizes 5000 --no-fzf
    python -m reader.bench search --quick --script traditional   # the corpus in Traditional characters

Corpora are real news text: sentences of the MSRA corpus (shared/data) joined
into ~1,000-character articles with headlines cut from other sentences; 60%
of articles carry the corpus's own name annotations as entities and 40% a
reporter, so name and pinyin search are exercised.  The same seed gives the
same first articles at every size, and the queries come from those.

Each query is typed: every prefix is a keystroke and is timed from query
string to ranked hits (`SearchIndex.query`, what `Corpus.search` runs), first
keystroke included, with the index's keystroke cache live as in the app.
Each size runs in its own process so that its memory is its own.

`--script traditional` converts each corpus to Traditional characters
(`reader.bench.traditional.converter`: OpenCC's s2t when importable) after
the queries are drawn from it, so the same Simplified keystrokes are typed
against the Traditional text: its timings sit beside the Simplified run's,
and its `hits` (results of the whole queries) should match them.

`fzf --filter` reads the same articles, one per line, from a file for each
keystroke of an evenly spread sample (40 keystrokes, 15 at 100k, where each
run reads 330 MB); the ratio compares medians on those same keystrokes.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reader.models import HEADLINE, Article, Entity, TextRef

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "msra_train.bmes.gz"
SIZES = (1_000, 10_000, 100_000)
TARGETS = {10_000: (8.0, 20.0), 100_000: (20.0, 50.0)}
"""Floors from issue 6: articles → (p50 ms, p95 ms) per keystroke."""

Sentence = tuple[str, tuple[tuple[int, int, str], ...]]


def load_sentences(path: Path = DATA) -> list[Sentence]:
    """MSRA sentences with their (start, end, type) name spans."""
    out: list[Sentence] = []
    chars: list[str] = []
    spans: list[tuple[int, int, str]] = []
    start = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line:
                if chars:
                    out.append(("".join(chars), tuple(spans)))
                chars, spans = [], []
                continue
            ch, _, tag = line.partition("\t")
            i = len(chars)
            chars.append(ch)
            if tag.startswith("S-"):
                spans.append((i, i + 1, tag[2:]))
            elif tag.startswith("B-"):
                start = i
            elif tag.startswith("E-"):
                spans.append((start, i + 1, tag[2:]))
    return out


FIRST_DAY = datetime.date(2020, 1, 1)
ARTICLES_A_DAY = 30
"""Issues of a daily paper: 30 articles on 4 pages a day (10k articles: about 11 months)."""
FILTER = " date:2020-03..2020-08 page:1"
"""Added to every keystroke once more, timed beside it: a filter must not slow a search."""


def make_corpus(n: int, sentences: list[Sentence], seed: int = 6) -> list[Article]:
    """`n` articles of about 1,000 characters, dated and paged as a daily paper's; the first k
    are the same for any n ≥ k."""
    rng = random.Random(seed)
    named = [s for s in sentences if any(t == "PER" for _, _, t in s[1])]
    people = sorted({s[0][a:b] for s in named for a, b, t in s[1] if t == "PER" and 2 <= b - a <= 3})
    reporters = rng.sample(people, 300)
    articles = []
    for i in range(n):
        paragraphs: list[str] = []
        entities: list[Entity] = []
        total = 0
        while total < 1000:
            parts: list[str] = []
            offset = 0
            for _ in range(rng.randint(3, 6)):
                text, spans = rng.choice(sentences)
                for a, b, t in spans:
                    entities.append(Entity(text[a:b], t, TextRef(len(paragraphs), 0, offset + a, offset + b)))  # type: ignore[arg-type]
                parts.append(text)
                offset += len(text)
            paragraphs.append("".join(parts))
            total += offset
        title, title_entities = _headline(rng, named if rng.random() < 0.5 else sentences)
        headline = [title]
        roles = ["title"]
        if rng.random() < 0.3:
            sub, _ = _headline(rng, sentences)
            headline.append(sub)
            roles.append("subtitle")
        entities[:0] = [Entity(title[a:b], t, TextRef(HEADLINE, 0, a, b)) for a, b, t in title_entities]  # type: ignore[arg-type]
        names = tuple(rng.sample(reporters, rng.randint(1, 2))) if rng.random() < 0.4 else ()
        day = FIRST_DAY + datetime.timedelta(days=i // ARTICLES_A_DAY)
        articles.append(
            Article(
                id=f"b{i:06d}",
                source=f"bench/page{i // 8:05d}.txt",
                order=i % 8,
                headline=tuple(headline),
                roles=tuple(roles),  # type: ignore[arg-type]
                byline=f"本报讯(记者 {' '.join(names)})" if names else "",
                reporters=names,
                paragraphs=tuple(paragraphs),
                entities=tuple(entities) if rng.random() < 0.6 else (),
                paper="人民日报",
                date=day.isoformat(),
                page=str(i % 8 // 2 + 1),
            )
        )
    return articles


def _headline(rng: random.Random, pool: list[Sentence]) -> tuple[str, list[tuple[int, int, str]]]:
    """A clause of 8–24 characters cut from a sentence, with the names inside it."""
    text, spans = rng.choice(pool)
    cut = 0
    for a, _, t in spans:
        if t == "PER":
            cut = max(0, a - rng.randint(0, 4))
            break
    title = text[cut : cut + rng.randint(8, 24)].strip("，。、；：,")
    inside = [(a - cut, b - cut, t) for a, b, t in spans if a >= cut and b - cut <= len(title)]
    return title or text[:12], inside


# --- queries -------------------------------------------------------------------------


def make_queries(articles: list[Article], seed: int = 7) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from the first 1,000 articles, so every size has them."""
    from pypinyin import Style, lazy_pinyin

    rng = random.Random(seed)
    first = articles[:1000]
    people = sorted(
        {
            e.text
            for a in first
            for e in a.entities
            if e.type == "PER" and e.at.block == -1 and len(e.text) == 3
        }
    )
    orgs = sorted(
        {e.text for a in first for e in a.entities if e.type in ("ORG", "LOC") and len(e.text) >= 3}
    )
    titles = [a.title for a in first if len(a.title) >= 10]
    words = ["发展", "经济", "中国", "人民", "改革", "北京", "企业", "文化"]
    queries: list[tuple[str, str]] = []
    for title in rng.sample(titles, 3):
        s = rng.randrange(0, len(title) - 6)
        queries.append(("phrase", title[s : s + rng.randint(4, 6)]))
    for word in rng.sample(words, 2):
        queries.append(("word", word))
    for name in rng.sample(people, 2):
        queries.append(("name", name))
    queries.append(("org", rng.choice(orgs)))
    for name in rng.sample(people, 4):
        syllables = lazy_pinyin(name, style=Style.NORMAL)
        queries.append(("pinyin", "".join(syllables)))
    name = rng.choice(people)
    queries.append(("pinyin spaced", " ".join(lazy_pinyin(name, style=Style.NORMAL))))
    for name in rng.sample(people, 2):
        queries.append(("initials", "".join(s[0] for s in lazy_pinyin(name, style=Style.NORMAL))))
    for title in rng.sample(titles, 2):
        s = rng.randrange(0, len(title) - 5)
        phrase = list(title[s : s + 5])
        phrase[rng.randrange(1, 4)] = "错"
        queries.append(("typo", "".join(phrase)))
    reporter = next(a.reporters[0] for a in first if a.reporters)
    queries.append(("reporter", reporter))
    queries.append(("multi", f"{rng.choice(words)} {rng.choice(people)}"))
    title = rng.choice(titles)
    queries.append(("operators", f"^{title[:3]} !{rng.choice(words)}"))
    queries.append(("operators", f"'{rng.choice(words)} {title[-2:]}$"))
    return queries


def keystrokes(query: str) -> list[str]:
    """Every prefix of `query` that ends in a typed character (not a space)."""
    return [query[:i] for i in range(1, len(query) + 1) if not query[i - 1].isspace()]


# --- one size, in its own process -----------------------------------------------------


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_size(n: int, fzf: bool, fzf_sample: int, script: str = "simplified") -> dict[str, Any]:
    from reader.search import SearchIndex

    sentences = load_sentences()
    articles = make_corpus(n, sentences)
    del sentences
    queries = make_queries(articles)
    if script == "traditional":
        from reader.bench.traditional import convert_article, converter

        convert = converter()[1]
        articles = [convert_article(a, convert) for a in articles]
    text_bytes = sum(len(x.encode()) for a in articles for x in (*a.headline, a.byline, *a.paragraphs))
    before = rss_bytes()
    started = time.perf_counter()
    index = SearchIndex(articles)
    build = time.perf_counter() - started
    after_build = rss_bytes()

    times: list[float] = []
    filtered: list[float] = []
    cpu: list[float] = []
    by_kind: dict[str, list[float]] = {}
    strokes: list[str] = []
    for kind, query in queries:
        for stroke in keystrokes(query):
            c0 = time.thread_time()
            t0 = time.perf_counter()
            index.query(stroke, limit=50)
            dt = (time.perf_counter() - t0) * 1000
            cpu.append((time.thread_time() - c0) * 1000)
            times.append(dt)
            by_kind.setdefault(kind, []).append(dt)
            strokes.append(stroke)
            t0 = time.perf_counter()
            index.query(stroke + FILTER, limit=50)
            filtered.append((time.perf_counter() - t0) * 1000)
    peak = rss_bytes()
    result: dict[str, Any] = {
        "articles": n,
        "text_mb": text_bytes / 1e6,
        "build_s": build,
        "keystrokes": len(times),
        "p50": _pct(times, 50),
        "p95": _pct(times, 95),
        "max": max(times),
        "filtered_p50": _pct(filtered, 50),
        "filtered_p95": _pct(filtered, 95),
        "cpu_p50": _pct(cpu, 50),
        "cpu_p95": _pct(cpu, 95),
        "corpus_ratio": before / text_bytes,
        "postings_b": index.nbytes / n,
        "index_rss_b": (after_build - before) / n,
        "rss_mb": peak / 1e6,
        "rss_ratio": peak / text_bytes,
        "kinds": {k: (_pct(v, 50), _pct(v, 95)) for k, v in by_kind.items()},
        "queries": [q for _, q in queries],
        "hits": sum(len(index.query(q, limit=50)) for _, q in queries),
    }
    if fzf and shutil.which("fzf"):
        # fzf re-reads the whole file per keystroke (330 MB at 100k): time an
        # evenly spread sample of the keystrokes, and ours on the same ones.
        step = max(1, -(-len(strokes) // fzf_sample))
        picked = list(range(0, len(strokes), step))
        result.update(run_fzf(articles, [strokes[i] for i in picked]))
        result["ours_sampled_p50"] = _pct([times[i] for i in picked], 50)
    return result


def run_fzf(articles: list[Article], strokes: list[str]) -> dict[str, Any]:
    """`fzf --filter` per keystroke over the articles, one per line."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        for a in articles:
            f.write(" ".join((*a.headline, a.byline, *a.paragraphs)).replace("\n", " ") + "\n")
        path = f.name
    times = []
    try:
        for stroke in strokes:
            with open(path, "rb") as stdin:
                t0 = time.perf_counter()
                subprocess.run(
                    ["fzf", "--filter", stroke], stdin=stdin, stdout=subprocess.DEVNULL, check=False
                )
                times.append((time.perf_counter() - t0) * 1000)
    finally:
        os.unlink(path)
    return {"fzf_p50": _pct(times, 50), "fzf_p95": _pct(times, 95), "fzf_n": len(times)}


def _pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


# --- the report -----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m reader.bench search", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k articles only")
    parser.add_argument("--sizes", help="comma-separated article counts, e.g. 1000,10000")
    parser.add_argument("--no-fzf", action="store_true", help="skip the fzf --filter comparison")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, JSON out (child process)
    parser.add_argument("--fzf-sample", type=int, default=40, help=argparse.SUPPRESS)
    parser.add_argument(
        "--script", choices=("simplified", "traditional"), default="simplified", help="the corpus's script"
    )
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, not args.no_fzf, args.fzf_sample, args.script)))
        return
    if not DATA.exists():
        print(f"reader.bench search: {DATA} not found", file=sys.stderr)
        sys.exit(1)
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else list(SIZES[:2] if args.quick else SIZES)
    )
    print(
        f"search benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, fzf {_fzf_version()}"
        f", corpus in {args.script} characters"
    )
    results = []
    for n in sizes:
        sample = 40 if n <= 10_000 else 15
        command = [sys.executable, "-m", "reader.bench", "search", "--one", str(n)]
        command += ["--fzf-sample", str(sample), "--script", args.script]
        if args.no_fzf:
            command.append("--no-fzf")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            sys.exit(done.returncode)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        _print_row(result, header=len(results) == 1)
    print(
        "p50/p95/max: wall ms per keystroke, query string to ranked hits (first keystroke included);"
        " cpu: this thread's CPU ms (the machine may be shared); postings: index arrays;"
        " index RSS: resident growth while building; RSS/text: the whole process over the corpus"
        " text in UTF-8, (corpus) before the index; ours/fzf: median on the same sampled keystrokes."
    )
    print()
    for r in results:
        print(
            f"{r['articles']:>8} articles, each keystroke again with `{FILTER.strip()}`:"
            f" p50 {r['filtered_p50']:.2f} ms, p95 {r['filtered_p95']:.2f} ms"
            f" ({r['filtered_p50'] / r['p50']:.2f}x / {r['filtered_p95'] / r['p95']:.2f}x without)"
        )
    print()
    _print_kinds(results)
    print()
    failed = False
    for r in results:
        target = TARGETS.get(int(r["articles"]))
        if target:
            ok = r["p50"] <= target[0] and r["p95"] <= target[1]
            failed |= not ok
            verdict = "met" if ok else "MISSED"
            print(
                f"{r['articles']:>7} articles: p50 ≤ {target[0]:g} ms and p95 ≤ {target[1]:g} ms: {verdict}"
            )
    print("hits of the whole queries (at most 50 each):", " · ".join(f"{r['hits']}" for r in results))
    print("queries:", " · ".join(results[0]["queries"]))
    sys.exit(1 if failed else 0)


def _print_row(r: dict[str, Any], *, header: bool) -> None:
    if header:
        print(
            f"{'articles':>8} {'text MB':>8} {'build s':>8} {'keys':>5} {'p50 ms':>7} {'p95 ms':>7}"
            f" {'max ms':>7} {'cpu p50':>7} {'cpu p95':>7} {'postings B/art':>14} {'index RSS B/art':>15}"
            f" {'RSS/text':>8}"
            f" {'(corpus)':>8} {'fzf p50':>8} {'fzf p95':>8} {'ours/fzf':>9}"
        )
    fzf = ""
    if "fzf_p50" in r:
        fzf = f" {r['fzf_p50']:>8.1f} {r['fzf_p95']:>8.1f} {r['ours_sampled_p50'] / r['fzf_p50']:>9.4f}"
    print(
        f"{r['articles']:>8} {r['text_mb']:>8.1f} {r['build_s']:>8.2f} {r['keystrokes']:>5} {r['p50']:>7.2f}"
        f" {r['p95']:>7.2f} {r['max']:>7.1f} {r['cpu_p50']:>7.2f} {r['cpu_p95']:>7.2f}"
        f" {r['postings_b']:>14.0f} {r['index_rss_b']:>15.0f} {r['rss_ratio']:>8.2f}"
        f" {r['corpus_ratio']:>8.2f}{fzf}",
        flush=True,
    )


def _print_kinds(results: list[dict[str, Any]]) -> None:
    kinds = list(results[0]["kinds"])
    print("p50/p95 ms by query kind: " + "  ".join(f"{r['articles']}" for r in results))
    for kind in kinds:
        cells = "  ".join(f"{r['kinds'][kind][0]:.1f}/{r['kinds'][kind][1]:.1f}" for r in results)
        print(f"  {kind:<14} {cells}")


def _fzf_version() -> str:
    try:
        return subprocess.run(
            ["fzf", "--version"], capture_output=True, text=True, check=False
        ).stdout.split()[0]
    except (OSError, IndexError):
        return "missing"


if __name__ == "__main__":
    main()

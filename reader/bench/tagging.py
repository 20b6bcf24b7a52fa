"""Entity tagging: accuracy on held-out and out-of-domain text, speed, size, seed page cold, losslessness.

    python -m reader.bench tagging                 # everything, on the held-out slice and the OOD test set
    python -m reader.bench tagging --slice dev     # the dev slice and OOD dev set (for tuning)
    python -m reader.bench tagging --layers        # also: what each layer adds (always on dev / OOD dev)
    python -m reader.bench tagging --skip-accuracy --repeat 5
    python -m reader.bench tagging --write-ood     # regenerate data/ood-*.bmes from data/ood.txt

Measured in the same run: the packaged tagger (the CRF of `ner.npz`, helped
where it is unsure by the network of `ner-cnn.npz` when `ner.json` says so,
with the rules, name lists and consistency pass on top), the same CRF alone
("CRF alone", when it is helped), the neural model of `reader.tagger.cnn`
alone in the same pipeline when one has been trained (`ner-cnn.npz`), and
jieba.posseg (nr/ns/nt → PER/LOC/ORG); the packaged tagger's speed also
against main's tagger of an earlier commit (`--baseline`).

* Accuracy: entity-level precision, recall and F1 (exact span and type) per
  type and overall, on MSRA sentences (`reader.tagger.msra`; the held-out
  slice unless `--slice dev`) and on the out-of-domain set
  (`data/ood.txt`: modern news written and annotated for this project; its
  test part unless `--slice dev`).  Per tagger: sentence by sentence, as
  articles of 25 consecutive sentences with the corpus-wide pass (how the
  reader tags), and its bare model.
* Traditional Chinese: the same slice converted to Traditional characters, scored and timed
  beside the Simplified one in the same run (`reader.bench.traditional`).
* Layers (`--layers`): the packaged tagger with its layers added one at a
  time on the dev slice and the OOD dev set.
* Throughput: each tagger on the same text, interleaved so noise hits all
  alike: paragraphs (`Tagger.tag`), and whole articles as the indexer tags
  them (`Tagger.tag_article` on synthetic pages of the slice's sentences,
  headline and byline included).  Loaded and warmed first.
* Size: the model files, and what the tagger adds to an install.
* Cold seed page: a fresh Python process that imports the tagger, parses the
  seed page and tags it, everything loaded from scratch; the median of runs.
* Losslessness: every span indexes the text as given (in bounds, sorted, not
  overlapping), and jieba's words join back to the text, on every sentence
  scored plus awkward strings (astral characters, combining marks, CR LF …).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from reader.models import Span
from reader.tagger import msra

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_8f3f0b3e62074fa8.txt"
Triples = set[tuple[int, int, str]]
"""(start, end, type) of the entities of one sentence."""
DATA = Path(__file__).resolve().parent / "data"
OOD_SOURCE = DATA / "ood.txt"
JIEBA_TYPES = {"nr": "PER", "nrfg": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG"}
AWKWARD = [
    "",
    " ",
    "\r\n区长\r\n恽淇丞\r\n",
    "😀乔俊杰😀来到区人武部𠀀𠀁",
    "e\u0301\u200b\ufeff习近平\u3000总书记",
    "\x00\x01本报讯（记者　张三　通讯员　李四）",
    "ＡＢＣ公司和ABC公司，１２３" * 3,
    "王" * 2000,
    "，" * 1000 + "北京",
]
FLOORS = {"F1": 0.90, "PER P": 0.92, "ORG F1": 0.86, "model MB": 20.0}

BASELINE_REV = "a8e901b"
"""The main branch when this work on the tagger began: its tagger is "today's", the floor for speed."""
BASELINE_SCRIPT = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from reader.parse import parse_page
from reader.tagging import Tagger
with open(sys.argv[2], encoding="utf-8") as file:
    job = json.load(file)
tagger = Tagger(None).load()
articles = [a for i, page in enumerate(job["pages"]) for a in parse_page(page, f"page{i}.txt")]
for article in articles[:10]:
    tagger.tag_article(article)
started = time.process_time()
for article in articles:
    tagger.tag_article(article)
middle = time.process_time()
for text in job["paragraphs"]:
    tagger.tag(text)
times = {"articles": middle - started, "paragraphs": time.process_time() - middle}
print(json.dumps(times))
"""

COLD_SCRIPT = """
import sys, time
from reader.parse import parse_page
from reader.tagging import Tagger
text = open(sys.argv[1], encoding="utf-8").read()
articles = Tagger(None).tag_articles(parse_page(text, sys.argv[1]))
print(sum(len(a.entities) for a in articles))
"""

Pairs = list[tuple[Triples, Triples]]


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m reader.bench tagging", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--slice", choices=("held-out", "dev"), default="held-out")
    parser.add_argument("--data", type=Path, default=None, help="msra_train.bmes.gz")
    parser.add_argument("--repeat", type=int, default=3, help="alternating throughput runs (default 3)")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--layers", action="store_true", help="what each layer adds, on the dev sets")
    parser.add_argument("--write-ood", action="store_true", help="regenerate data/ood-*.bmes and stop")
    parser.add_argument(
        "--model",
        type=Path,
        action="append",
        default=None,
        help="another model file, scored and timed beside the packaged one (repeat for more: the first "
        "is the 'tagger' whose floors are checked, the others are named by their file)",
    )
    parser.add_argument("--skip-speed", action="store_true", help="accuracy only")
    parser.add_argument(
        "--baseline",
        default=BASELINE_REV,
        help="git revision of today's tagger, the speed floor (default %(default)s; '' skips); "
        "more after commas are timed too",
    )
    args = parser.parse_args()
    if args.write_ood:
        write_ood()
        return

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from reader.tagger.model import CNN_PATH, MODEL_PATH, assist_path
    from reader.tagging import Tagger

    started = time.perf_counter()
    models: list[Path] = args.model or []
    first = models[0] if models else None
    taggers = {"tagger": Tagger(None, model=first).load()}  # no user dictionary: the packaged behaviour
    load_seconds = time.perf_counter() - started
    if not models and assist_path() is not None:  # the CRF helped by the network: also alone
        taggers["CRF alone"] = Tagger(None, model=crf_alone()).load()
    if CNN_PATH.exists() and not models:  # trained here: `python -m reader.tagger.train_neural`
        taggers["neural tagger"] = Tagger(None, model=CNN_PATH).load()
    for path in models[1:]:
        taggers[path.stem] = Tagger(None, model=path).load()
    if models:  # the packaged tagger beside them, in the same run
        taggers["packaged tagger"] = Tagger(None).load()
    _train, dev, held_out = msra.split(msra.read(args.data))
    sentences = held_out if args.slice == "held-out" else dev
    part = "test" if args.slice == "held-out" else "dev"
    ood = msra.read(DATA / f"ood-{part}.bmes")
    pipeline = taggers["tagger"].pipeline
    print(
        f"reader.bench tagging · {args.slice} slice: {len(sentences)} sentences, "
        f"{sum(len(t) for t, _ in sentences):,} chars · OOD {part}: {len(ood)} sentences, "
        f"{sum(len(msra.spans(tags)) for _, tags in ood)} names · model {MODEL_PATH.name} "
        f"({pipeline.model.kind}, loaded with the segmenter in {load_seconds:.2f} s) · "
        f"segmenter {pipeline.segmenter.engine}"
    )

    tables: dict[str, dict[str, Any]] = {}
    if not args.skip_accuracy:
        tables["held-out"] = accuracy(taggers, sentences, f"{args.slice} slice (MSRA)")
        tables["ood"] = accuracy(taggers, ood, f"out-of-domain {part} set")
        from reader.bench.traditional import compare

        compare(taggers["tagger"], sentences, args.repeat, args.slice)  # the same slice in Traditional
    if args.layers:
        layers(taggers["tagger"], dev, msra.read(DATA / "ood-dev.bmes"))
    if args.skip_speed:
        return
    speeds = throughput(taggers, sentences, args.repeat)
    for k, rev in enumerate(filter(None, args.baseline.split(","))):
        found = against_baseline(rev, sentences, args.repeat)
        speeds |= found if k == 0 else {f"{key} {rev}": value for key, value in found.items()}
    sizes = size_report()
    if models:  # the floors are checked for the first model given, not the packaged one
        files = [f for f in (models[0], models[0].with_suffix(".json")) if f.exists()]
        sizes["model MB"] = sum(f.stat().st_size for f in files) / 1e6
        print(f"  {' + '.join(f.name for f in files)} (--model): {sizes['model MB']:.2f} MB")
    cold(args.cold_runs)
    lossless(taggers["tagger"], [t for t, _ in sentences] + [t for t, _ in ood])
    if tables and args.slice == "held-out":
        floors(tables["held-out"]["tagger"], speeds, sizes)


# --- data --------------------------------------------------------------------------


_MARK = re.compile(r"\{([^{}|]+)\|(PER|LOC|ORG|O)\}")


def read_ood(path: Path = OOD_SOURCE) -> list[msra.Sentence]:
    """The hand-annotated sentences of `data/ood.txt` (see its header), in order."""
    sentences: list[msra.Sentence] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        chars: list[str] = []
        tags: list[str] = []
        at = 0
        for match in _MARK.finditer(line):
            outside = line[at : match.start()]
            chars += outside
            tags += ["O"] * len(outside)
            name, kind = match.groups()
            chars += name
            if kind == "O":
                tags += ["O"] * len(name)
            elif len(name) == 1:
                tags.append(f"S-{kind}")
            else:
                tags += [f"B-{kind}", *[f"M-{kind}"] * (len(name) - 2), f"E-{kind}"]
            at = match.end()
        rest = line[at:]
        if "{" in rest or "|" in rest or "}" in rest:
            raise ValueError(f"{path}: a malformed mark in {line!r}")
        chars += rest
        tags += ["O"] * len(rest)
        sentences.append(("".join(chars), tags))
    return sentences


def write_ood() -> None:
    """Split `data/ood.txt` into `ood-dev.bmes` (every third sentence) and `ood-test.bmes` (the rest)."""
    sentences = read_ood()
    for part, chosen in (
        ("dev", [s for i, s in enumerate(sentences) if i % 3 == 0]),
        ("test", [s for i, s in enumerate(sentences) if i % 3 != 0]),
    ):
        path = DATA / f"ood-{part}.bmes"
        lines = [
            "\n".join(f"{c}\t{t}" for c, t in zip(text, tags, strict=True)) + "\n" for text, tags in chosen
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
        names = sum(len(msra.spans(tags)) for _, tags in chosen)
        print(f"{path}: {len(chosen)} sentences, {names} names")


# --- accuracy --------------------------------------------------------------------------


def accuracy(taggers: dict[str, Any], sentences: list[msra.Sentence], title: str) -> dict[str, Any]:
    """Rows per tagger (sentence by sentence, as documents, model only) and jieba.posseg; printed."""
    import jieba.posseg

    from reader.tagger.train import prf

    rows: dict[str, Pairs] = {}
    for name, tagger in taggers.items():
        pipeline = tagger.pipeline
        rows[name] = [(_gold(tags), _triples(tagger.tag(text))) for text, tags in sentences]
        rows[f"{name} as documents"] = as_documents(tagger, sentences)
        rows[f"{name} model only"] = [
            (_gold(tags), _triples(pipeline.model.spans(text, pipeline.segmenter.tag(text))))
            for text, tags in sentences
        ]
    rows["jieba.posseg"] = [(_gold(tags), _jieba_spans(jieba.posseg, text)) for text, tags in sentences]
    tables = {name: prf(pairs) for name, pairs in rows.items()}
    print(f"\naccuracy on the {title} (entity level, exact span and type)")
    print_tables(tables)
    return tables


def print_tables(tables: dict[str, dict[str, dict[str, float]]]) -> None:
    print(f"  {'':26}{'type':6}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'found':>7}")
    for name, table in tables.items():
        for kind in ("PER", "LOC", "ORG", "ALL"):
            r = table[kind]
            label = name if kind == "PER" else ""
            print(
                f"  {label:26}{kind:6}{r['P']:8.4f}{r['R']:8.4f}{r['F1']:8.4f}"
                f"{r['gold']:7.0f}{r['found']:7.0f}"
            )


DOCUMENT_SENTENCES = 25


def as_documents(tagger: Any, sentences: list[msra.Sentence]) -> Pairs:
    """(gold, found) per sentence, tagged as articles of consecutive sentences, corpus pass included.

    The slice is news in order, so consecutive sentences mostly share a
    story: this is how the reader meets text (whole articles, a whole
    corpus), where a name vouched for once is carried to its other mentions.
    """
    from reader.models import Article

    docs = [sentences[i : i + DOCUMENT_SENTENCES] for i in range(0, len(sentences), DOCUMENT_SENTENCES)]
    articles = [
        Article(f"d{n}", "<held-out>", n, (), (), "", (), tuple(text for text, _ in doc))
        for n, doc in enumerate(docs)
    ]
    pairs: Pairs = []
    for doc, article in zip(docs, tagger.tag_articles(articles), strict=True):
        found: dict[int, Triples] = {}
        for e in article.entities:
            found.setdefault(e.at.block, set()).add((e.at.start, e.at.end, e.type))
        pairs += [(_gold(tags), found.get(i, set())) for i, (_, tags) in enumerate(doc)]
    return pairs


def _gold(tags: list[str]) -> Triples:
    return {(start, end, str(kind)) for start, end, kind in msra.spans(tags)}


def layers(tagger: Any, dev: list[msra.Sentence], ood_dev: list[msra.Sentence]) -> None:
    """The packaged tagger with its layers added one at a time, on the dev sets (never the held-out)."""
    from reader.tagger.pipeline import LAYERS
    from reader.tagger.train import prf

    pipeline = tagger.pipeline
    steps = [
        ("model only", frozenset[str]()),
        ("+ name lists", frozenset({"namelist"})),
        ("+ rules", frozenset({"namelist", "rules"})),
        ("+ consistency", frozenset({"namelist", "rules", "consistency"})),
        ("all (+ user dict)", LAYERS),
        ("all but name lists", LAYERS - {"namelist"}),
        ("all but rules", LAYERS - {"rules"}),
        ("all but consistency", LAYERS - {"consistency"}),
    ]
    try:
        for title, data in (("MSRA dev slice", dev), ("OOD dev set", ood_dev)):
            tables: dict[str, dict[str, dict[str, float]]] = {}
            for name, enabled in steps:
                pipeline.layers = enabled
                tables[name] = prf(as_documents(tagger, data))
            print(f"\nlayers on the {title} (as documents; the user dictionary is empty here)")
            print_tables(tables)
    finally:
        pipeline.layers = LAYERS


def _triples(spans: list[Span]) -> Triples:
    return {(s.start, s.end, s.type) for s in spans}


def _jieba_spans(posseg: Any, text: str) -> set[tuple[int, int, str]]:
    found = set()
    at = 0
    for pair in posseg.cut(text):
        end = at + len(pair.word)
        kind = JIEBA_TYPES.get(pair.flag)
        if kind:
            found.add((at, end, kind))
        at = end
    return found


# --- throughput ------------------------------------------------------------------------


def paragraphs(sentences: list[msra.Sentence], size: int = 8) -> list[str]:
    texts = [t for t, _ in sentences]
    return ["".join(texts[i : i + size]) for i in range(0, len(texts), size)]


def synthetic_articles(sentences: list[msra.Sentence], count: int = 150) -> list[Any]:
    """Articles as the indexer meets them: synthetic pages of these sentences, parsed."""
    from reader.bench._synth import Source, _Writer
    from reader.parse import parse_page

    names = sorted(
        {
            text[s:e]
            for text, tags in sentences
            for s, e, kind in msra.spans(tags)
            if kind == "PER" and e - s in (2, 3)
        }
    )
    writer = _Writer(Source([t for t, _ in sentences], names), seed=11)
    articles: list[Any] = []
    page = 0
    while len(articles) < count:
        articles += parse_page(writer.page(8), f"page{page}.txt")
        page += 1
    return articles[:count]


def throughput(taggers: dict[str, Any], sentences: list[msra.Sentence], repeat: int) -> dict[str, float]:
    """Paragraphs, then whole articles: each tagger and jieba.posseg on the same text in turn
    (articles as the indexer tags them, `Tagger.tag_article`: an article's blocks go through the
    model together)."""
    import jieba.posseg

    texts = paragraphs(sentences)
    articles = synthetic_articles(sentences)
    article_blocks = [[text for _, _, text in a.blocks()] for a in articles]
    names = [*taggers, "jieba.posseg"]
    results: dict[str, float] = {}
    modes = (("paragraphs", texts), ("articles", articles))
    for mode, items in modes:
        chars = sum(len(t) for t in texts) if mode == "paragraphs" else sum(map(len, sum(article_blocks, [])))
        jieba.posseg.lcut(texts[0])  # load the dictionary before timing
        for tagger in taggers.values():
            tagger.tag(texts[0])
        wall = dict.fromkeys(names, 0.0)
        cpu = dict.fromkeys(names, 0.0)
        for _ in range(repeat):
            for k, item in enumerate(items):
                for name in names:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    if name == "jieba.posseg":
                        for block in [item] if mode == "paragraphs" else article_blocks[k]:
                            jieba.posseg.lcut(block)
                    elif mode == "paragraphs":
                        taggers[name].tag(item)
                    else:
                        taggers[name].tag_article(item)
                    wall[name] += time.perf_counter() - started
                    cpu[name] += time.process_time() - started_cpu
        total = chars * repeat
        what = {
            "paragraphs": f"{len(texts)} paragraphs (Tagger.tag)",
            "articles": f"{len(articles)} articles as the indexer tags them (Tagger.tag_article)",
        }[mode]
        print(f"\nthroughput on {what}, {chars:,} chars x {repeat}, interleaved")
        print(f"  {'':14}{'chars/s':>12}{'chars/s (CPU)':>16}{'vs jieba (CPU)':>16}")
        for name in names:
            ratio = cpu["jieba.posseg"] / cpu[name]
            print(f"  {name:14}{total / wall[name]:12,.0f}{total / cpu[name]:16,.0f}{ratio:13.2f}x")
            results[f"{mode} {name}"] = total / cpu[name]
    return results


def against_baseline(rev: str, sentences: list[msra.Sentence], repeat: int) -> dict[str, float]:
    """Today's tagger (the code at `rev`) against this one, each in fresh processes, taking turns.

    The same synthetic pages (parsed by each) and paragraphs as `throughput`;
    CPU time of tagging only (loading and a warm-up excluded).  Needs git and
    this repository; skipped otherwise.
    """
    import json
    import shutil
    import tempfile

    from reader.bench._synth import Source, _Writer

    scratch = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        old = scratch / "old"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "reader"], capture_output=True, check=False
        )
        if archive.returncode:
            print(f"\ntoday's tagger (git {rev}): not measured ({archive.stderr.decode().strip()[:100]})")
            return {}
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        names = sorted(
            {
                text[s:e]
                for text, tags in sentences
                for s, e, k in msra.spans(tags)
                if k == "PER" and e - s in (2, 3)
            }
        )
        writer = _Writer(Source([t for t, _ in sentences], names), seed=11)
        job = {"pages": [writer.page(8) for _ in range(19)], "paragraphs": paragraphs(sentences)}
        job_path = scratch / "job.json"
        job_path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        from reader.parse import parse_page

        article_chars = sum(
            len(text)
            for i, page in enumerate(job["pages"])
            for a in parse_page(page, f"page{i}.txt")
            for _, _, text in a.blocks()
        )
        paragraph_chars = sum(len(t) for t in job["paragraphs"])
        cpu = {
            "today": {"articles": 0.0, "paragraphs": 0.0},
            "this": {"articles": 0.0, "paragraphs": 0.0},
        }
        for _ in range(repeat):
            for name, code in (("today", old), ("this", ROOT)):
                env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
                done = subprocess.run(
                    [sys.executable, "-c", BASELINE_SCRIPT, str(code), str(job_path)],
                    capture_output=True, text=True, check=True, cwd=scratch, env=env,
                )  # fmt: skip
                for mode, seconds in json.loads(done.stdout).items():
                    cpu[name][mode] += seconds
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"\nthroughput against today's tagger (git {rev}), fresh processes taking turns, CPU time, x {repeat}"
    )
    print(f"  {'':26}{'articles chars/s':>18}{'paragraphs chars/s':>20}")
    out: dict[str, float] = {}
    for name, label in (("today", f"today's tagger ({rev})"), ("this", "this tagger")):
        a = article_chars * repeat / cpu[name]["articles"]
        p = paragraph_chars * repeat / cpu[name]["paragraphs"]
        print(f"  {label:26}{a:18,.0f}{p:20,.0f}")
        out[f"articles {name}"] = a
    print(f"  this / today on articles: {cpu['today']['articles'] / cpu['this']['articles']:.2f}x")
    return out


# --- size ------------------------------------------------------------------------------


def crf_alone() -> Path:
    """The packaged CRF without the network's help: a copy of `ner.npz` whose settings lack `"assist"`."""
    import json
    import tempfile

    from reader.tagger.model import MODEL_PATH

    folder = Path(tempfile.mkdtemp(prefix="reader-crf-"))
    (folder / MODEL_PATH.name).symlink_to(MODEL_PATH)
    meta = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    meta.pop("assist", None)
    (folder / MODEL_PATH.with_suffix(".json").name).write_text(json.dumps(meta), encoding="utf-8")
    return folder / MODEL_PATH.name


def size_report() -> dict[str, float]:
    from reader.tagger.model import MODEL_PATH, assist_path

    package = MODEL_PATH.parent
    files = [MODEL_PATH, MODEL_PATH.with_suffix(".json")]
    helper = assist_path()
    if helper is not None:
        files += [helper, helper.with_suffix(".json")]
    model = sum(f.stat().st_size for f in files)
    tagger_dir = sum(p.stat().st_size for p in package.iterdir() if p.is_file())
    print("\nsize")
    print(
        f"  packaged model {' + '.join(f.name for f in files)}: {model / 1e6:.2f} MB "
        f"(floor: ≤ {FLOORS['model MB']:.0f} MB)"
    )
    print(f"  reader/tagger/ in all: {tagger_dir / 1e6:.2f} MB")
    print(
        "  install growth: these files only; runtime dependencies are unchanged (numpy, jieba, rjieba); "
        "torch is the optional training extra `.[train]`"
    )
    return {"model MB": model / 1e6}


# --- cold start ------------------------------------------------------------------------


def cold(runs: int) -> None:
    times: list[float] = []
    baseline: list[float] = []
    entities = ""
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        baseline.append(time.perf_counter() - started)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COLD_SCRIPT, str(SEED)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        times.append(time.perf_counter() - started)
        entities = done.stdout.strip()
    print(
        f"\nseed page from a fresh process (start, import, load, parse, tag; {entities} entities), "
        f"{runs} runs"
    )
    print(
        f"  median {statistics.median(times):.3f} s, best {min(times):.3f} s "
        f"(bare `python -c pass`: median {statistics.median(baseline):.3f} s)"
    )
    print(f"  under 1 s: {'yes' if statistics.median(times) < 1 else 'NO'}")


# --- losslessness ----------------------------------------------------------------------


def lossless(tagger: Any, texts: list[str]) -> None:
    pipeline = tagger.pipeline
    texts = texts + AWKWARD + SEED.read_text(encoding="utf-8").splitlines()
    bad: list[str] = []
    for text in texts:
        copy = str(text)
        spans = tagger.tag(text)
        words = pipeline.segmenter.tag(text)
        ok = copy == text and "".join(w for w, _ in words) == text
        last = 0
        for span in spans:
            ok = ok and last <= span.start < span.end <= len(text)
            last = span.end
        if not ok:
            bad.append(text[:30])
    print(
        f"\nlossless: {len(texts) - len(bad)}/{len(texts)} texts "
        f"({'all spans in bounds, sorted, disjoint; words join back to the text' if not bad else 'FAILED'})"
    )
    for text in bad[:5]:
        print(f"  failed: {text!r}")


# --- floors ----------------------------------------------------------------------------


def floors(table: dict[str, dict[str, float]], speeds: dict[str, float], sizes: dict[str, float]) -> None:
    checks = [
        (f"held-out F1 {table['ALL']['F1']:.4f} ≥ {FLOORS['F1']}", table["ALL"]["F1"] >= FLOORS["F1"]),
        (f"held-out PER P {table['PER']['P']:.4f} ≥ {FLOORS['PER P']}", table["PER"]["P"] >= FLOORS["PER P"]),
        (
            f"held-out ORG F1 {table['ORG']['F1']:.4f} ≥ {FLOORS['ORG F1']}",
            table["ORG"]["F1"] >= FLOORS["ORG F1"],
        ),
    ]
    if "articles packaged tagger" in speeds:  # --model: the packaged tagger is the floor, in this process
        mine, packaged = speeds["articles tagger"], speeds["articles packaged tagger"]
        checks.append(
            (
                f"articles as the indexer tags them: {mine:,.0f} chars/s (CPU) ≥ the packaged tagger's "
                f"{packaged:,.0f} in this run ({mine / packaged:.2f}x)",
                mine >= packaged,
            )
        )
    elif "articles today" in speeds:  # against today's code, fresh processes (`against_baseline`)
        today = speeds["articles today"]
        checks.append(
            (
                f"articles as the indexer tags them: {speeds['articles this']:,.0f} chars/s (CPU) "
                f"≥ today's tagger's {today:,.0f}",
                speeds["articles this"] >= today,
            )
        )
    checks += [
        (
            f"model {sizes['model MB']:.2f} MB ≤ {FLOORS['model MB']:.0f} MB",
            sizes["model MB"] <= FLOORS["model MB"],
        ),
    ]
    print("\nfloors (issue 19)")
    for text, ok in checks:
        print(f"  {'met' if ok else 'NOT MET':8}{text}")

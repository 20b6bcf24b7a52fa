"""Entity tagging: accuracy on held-out text, speed against jieba.posseg, seed page cold, losslessness.

    python -m reader.bench tagging                 # everything, on the held-out slice
    python -m reader.bench tagging --slice dev     # the dev slice (for tuning; held-out stays unseen)
    python -m reader.bench tagging --skip-accuracy --repeat 5

* Accuracy: entity-level precision, recall and F1 (exact span and type) per
  type and overall on MSRA sentences (`reader.tagger.msra`), for the full
  tagger one sentence at a time, the same on articles of 25 consecutive
  sentences with the corpus-wide pass (as the reader tags), its bare model,
  and jieba.posseg (nr/ns/nt → PER/LOC/ORG).
* Throughput: the tagger and jieba.posseg on the same paragraphs, alternating
  runs in this process; reported as chars/s, MB/s (UTF-8) and their ratio.
  Both are loaded and warmed first: this measures tagging, not loading.
* Cold seed page: a fresh Python process that imports the tagger, parses the
  seed page and tags it, everything loaded from scratch; the median of runs.
* Losslessness: every span indexes the text as given (in bounds, sorted, not
  overlapping), and jieba's words join back to the text, on every sentence
  scored plus awkward strings (astral characters, combining marks, CR LF …).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path

from reader.models import Span
from reader.tagger import msra

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_8f3f0b3e62074fa8.txt"
Triples = set[tuple[int, int, str]]
"""(start, end, type) of the entities of one sentence."""
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

COLD_SCRIPT = """
import sys, time
from reader.parse import parse_page
from reader.tagging import Tagger
text = open(sys.argv[1], encoding="utf-8").read()
articles = Tagger(None).tag_articles(parse_page(text, sys.argv[1]))
print(sum(len(a.entities) for a in articles))
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m reader.bench tagging", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--slice", choices=("held-out", "dev"), default="held-out")
    parser.add_argument("--data", type=Path, default=None, help="msra_train.bmes.gz")
    parser.add_argument("--repeat", type=int, default=3, help="alternating throughput runs (default 3)")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--skip-accuracy", action="store_true")
    args = parser.parse_args()

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from reader.tagging import Tagger

    tagger = Tagger(None).load()  # no user dictionary: the packaged behaviour
    _train, dev, held_out = msra.split(msra.read(args.data))
    sentences = held_out if args.slice == "held-out" else dev
    print(
        f"reader.bench tagging · {args.slice} slice: {len(sentences)} sentences, "
        f"{sum(len(t) for t, _ in sentences):,} chars · segmenter {tagger.pipeline.segmenter.engine}"
    )

    if not args.skip_accuracy:
        accuracy(tagger, sentences)
    throughput(tagger, sentences, args.repeat)
    cold(args.cold_runs)
    lossless(tagger, [t for t, _ in sentences])


# --- accuracy --------------------------------------------------------------------------


def accuracy(tagger: object, sentences: list[msra.Sentence]) -> None:
    import jieba.posseg

    from reader.tagger.train import prf

    pipeline = tagger.pipeline  # type: ignore[attr-defined]
    rows: dict[str, list[tuple[Triples, Triples]]] = {
        "tagger": [],
        "as documents": [],
        "model only": [],
        "jieba.posseg": [],
    }
    for text, tags in sentences:
        gold = _gold(tags)
        rows["tagger"].append((gold, _triples(tagger.tag(text))))  # type: ignore[attr-defined]
        rows["model only"].append((gold, _triples(pipeline.model.spans(text, pipeline.segmenter.tag(text)))))
        rows["jieba.posseg"].append((gold, _jieba_spans(jieba.posseg, text)))
    rows["as documents"] = as_documents(tagger, sentences)
    print("\naccuracy (entity level, exact span and type)")
    print(f"  {'':14}{'type':6}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'found':>7}")
    for name, pairs in rows.items():
        table = prf(pairs)
        for kind in ("PER", "LOC", "ORG", "ALL"):
            r = table[kind]
            label = name if kind == "PER" else ""
            print(
                f"  {label:14}{kind:6}{r['P']:8.4f}{r['R']:8.4f}{r['F1']:8.4f}"
                f"{r['gold']:7.0f}{r['found']:7.0f}"
            )


DOCUMENT_SENTENCES = 25


def as_documents(tagger: object, sentences: list[msra.Sentence]) -> list[tuple[Triples, Triples]]:
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
    pairs: list[tuple[Triples, Triples]] = []
    for doc, article in zip(docs, tagger.tag_articles(articles), strict=True):  # type: ignore[attr-defined]
        found: dict[int, Triples] = {}
        for e in article.entities:
            found.setdefault(e.at.block, set()).add((e.at.start, e.at.end, e.type))
        pairs += [(_gold(tags), found.get(i, set())) for i, (_, tags) in enumerate(doc)]
    return pairs


def _gold(tags: list[str]) -> Triples:
    return {(start, end, str(kind)) for start, end, kind in msra.spans(tags)}


def _triples(spans: list[Span]) -> Triples:
    return {(s.start, s.end, s.type) for s in spans}


def _jieba_spans(posseg: object, text: str) -> set[tuple[int, int, str]]:
    found = set()
    at = 0
    for pair in posseg.cut(text):  # type: ignore[attr-defined]
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


def throughput(tagger: object, sentences: list[msra.Sentence], repeat: int) -> None:
    """Paragraph by paragraph, the tagger then jieba.posseg on the same text: noise hits both alike."""
    import jieba.posseg

    texts = paragraphs(sentences)
    chars = sum(len(t) for t in texts)
    size = sum(len(t.encode("utf-8")) for t in texts)
    jieba.posseg.lcut(texts[0])  # load the dictionary before timing
    tagger.tag(texts[0])  # type: ignore[attr-defined]
    wall = {"tagger": 0.0, "jieba.posseg": 0.0}
    cpu = {"tagger": 0.0, "jieba.posseg": 0.0}
    for _ in range(repeat):
        for text in texts:
            for name in wall:
                started, started_cpu = time.perf_counter(), time.process_time()
                if name == "tagger":
                    tagger.tag(text)  # type: ignore[attr-defined]
                else:
                    jieba.posseg.lcut(text)
                wall[name] += time.perf_counter() - started
                cpu[name] += time.process_time() - started_cpu
    total = chars * repeat
    total_mb = size * repeat / 1e6
    print(
        f"\nthroughput on {len(texts)} paragraphs, {chars:,} chars ({size / 1e6:.2f} MB) x {repeat}, "
        "interleaved paragraph by paragraph"
    )
    print(f"  {'':14}{'chars/s':>12}{'MB/s':>9}{'chars/s (CPU)':>16}{'MB/s (CPU)':>12}")
    for name in wall:
        print(
            f"  {name:14}{total / wall[name]:12,.0f}{total_mb / wall[name]:9.3f}"
            f"{total / cpu[name]:16,.0f}{total_mb / cpu[name]:12.3f}"
        )
    print(
        f"  ratio tagger / jieba.posseg: {wall['jieba.posseg'] / wall['tagger']:.2f}x wall clock, "
        f"{cpu['jieba.posseg'] / cpu['tagger']:.2f}x CPU time"
    )


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


def lossless(tagger: object, texts: list[str]) -> None:
    pipeline = tagger.pipeline  # type: ignore[attr-defined]
    texts = texts + AWKWARD + SEED.read_text(encoding="utf-8").splitlines()
    bad: list[str] = []
    for text in texts:
        copy = str(text)
        spans = tagger.tag(text)  # type: ignore[attr-defined]
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

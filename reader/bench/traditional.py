"""Traditional Chinese: the tagger on the held-out slice in both scripts, same run, and converters.

    python -m reader.bench traditional            # accuracy and speed, Simplified vs Traditional
    python -m reader.bench traditional --slice dev

`python -m reader.bench tagging` prints the same rows (`compare`).  The
Traditional slice is the Simplified one converted by OpenCC's `s2t` when the
`opencc` package is importable (it is not a dependency of the reader: install
it to reproduce the issue's setup), else by `reader.script.to_traditional`,
whose tables come from OpenCC's dictionaries (the agreement of the two is
printed when both are there).  Both keep every sentence's length, so the
gold spans stand for both.

Rows: the packaged tagger (which folds Traditional text to Simplified,
`reader.tagger.folded`) on each slice, sentence by sentence and as
documents; the tagger without folding on both (what folding costs
Simplified text, and the issue's starting point); and on the Traditional
slice, OpenCC's own `t2s` (phrases included) instead of the character
fold, on the sentences whose length it keeps.  Throughput:
`Tagger.tag_article` on the same synthetic pages in each script,
interleaved.  Converters: the speed of `reader.script`'s two directions.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from reader.tagger import msra

FLOOR_F1 = 0.03
FLOOR_SPEED = 0.80


def converter() -> tuple[str, Callable[[str], str], Callable[[str], str] | None]:
    """(name, Simplified → Traditional, OpenCC's Traditional → Simplified or None)."""
    try:
        import opencc  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        from reader.script import to_traditional

        return "reader.script.to_traditional (opencc not importable)", to_traditional, None
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    return f"OpenCC {getattr(opencc, '__version__', '')} s2t".strip(), s2t.convert, t2s.convert


def convert_article(article: Any, convert: Callable[[str], str]) -> Any:
    """The article in the other script: its text, reporters and entities' text (a conversion that
    would change a block's length leaves that block as it was, so every offset still holds)."""
    from dataclasses import replace

    def same_length(text: str) -> str:
        converted = convert(text)
        return converted if len(converted) == len(text) else text

    headline = tuple(map(same_length, article.headline))
    byline = same_length(article.byline)
    paragraphs = tuple(map(same_length, article.paragraphs))
    converted = replace(article, headline=headline, byline=byline, paragraphs=paragraphs)
    blocks = {(b, line): text for b, line, text in converted.blocks()}
    entities = tuple(
        replace(e, text=blocks[(e.at.block, e.at.line)][e.at.start : e.at.end]) for e in article.entities
    )
    return replace(converted, reporters=tuple(map(same_length, article.reporters)), entities=entities)


def convert_slice(sentences: list[msra.Sentence], convert: Callable[[str], str]) -> list[msra.Sentence]:
    out = []
    for text, tags in sentences:
        converted = convert(text)
        out.append((converted if len(converted) == len(text) else text, tags))
    return out


def compare(tagger: Any, sentences: list[msra.Sentence], repeat: int = 3, title: str = "held-out") -> bool:
    """Print the rows (see the module docstring); whether the issue's floors are met."""
    from reader.bench.tagging import _gold, _triples, as_documents, print_tables, synthetic_articles
    from reader.script import to_simplified, to_traditional
    from reader.tagger.pipeline import Pipeline
    from reader.tagger.train import prf
    from reader.tagging import Tagger

    name, s2t, opencc_t2s = converter()
    traditional = convert_slice(sentences, s2t)
    changed = sum(a != b for (a, _), (b, _) in zip(sentences, traditional, strict=True))
    chars = sum(len(t) for t, _ in sentences)
    differ = sum(
        x != y
        for (a, _), (b, _) in zip(sentences, traditional, strict=True)
        for x, y in zip(a, b, strict=True)
    )
    print(
        f"\nTraditional Chinese ({title} slice converted by {name}: {changed} of {len(sentences)} sentences, "
        f"{differ:,} of {chars:,} characters changed)"
    )
    if opencc_t2s is not None:
        ours = sum(
            x != y for (text, _) in sentences for x, y in zip(to_traditional(text), s2t(text), strict=False)
        )
        print(
            f"  reader.script.to_traditional differs from OpenCC s2t on {ours:,} characters ({ours / chars:.3%})"
        )

    rows: dict[str, list[tuple[Any, Any]]] = {}
    for label, data in (("Simplified", sentences), ("Traditional", traditional)):
        rows[label] = [(_gold(tags), _triples(tagger.tag(text))) for text, tags in data]
        rows[f"{label} as documents"] = as_documents(tagger, data)
    unfolded = Tagger(None)
    unfolded._pipeline = Pipeline(unfolded.user)  # noqa: SLF001  the tagger before folding
    rows["Simp., not folded"] = [(_gold(tags), _triples(unfolded.tag(text))) for text, tags in sentences]
    rows["Trad., not folded"] = [(_gold(tags), _triples(unfolded.tag(text))) for text, tags in traditional]
    if opencc_t2s is not None:
        kept = [
            (t2, tags)
            for t2, tags in ((opencc_t2s(t), tags) for t, tags in traditional)
            if len(t2) == len(tags)
        ]
        rows["Trad. via OpenCC t2s"] = [(_gold(tags), _triples(tagger.tag(text))) for text, tags in kept]
        print(
            f"  OpenCC t2s kept the length of {len(kept)} of {len(traditional)} sentences (its row scores those)"
        )
    tables = {label: prf(pairs) for label, pairs in rows.items()}
    print("  accuracy (entity level, exact span and type)")
    print_tables(tables)

    articles = synthetic_articles(sentences)
    trad_articles = [convert_article(a, s2t) for a in articles]
    size = sum(len(text) for a in articles for _, _, text in a.blocks())
    cpu = {"Simplified": 0.0, "Traditional": 0.0}
    tagger.tag_article(articles[0])
    for _ in range(repeat):
        for simple, trad in zip(articles, trad_articles, strict=True):
            for label, article in (("Simplified", simple), ("Traditional", trad)):
                started = time.process_time()
                tagger.tag_article(article)
                cpu[label] += time.process_time() - started
    speed = {label: size * repeat / seconds for label, seconds in cpu.items()}
    ratio = speed["Traditional"] / speed["Simplified"]
    print(f"  throughput, {len(articles)} articles as the indexer tags them, interleaved, x {repeat} (CPU)")
    for label, value in speed.items():
        print(f"    {label:14}{value:12,.0f} chars/s")
    print(f"    Traditional / Simplified: {ratio:.2f}")

    text = "".join(t for t, _ in traditional)
    started = time.perf_counter()
    to_simplified(text)
    fold = time.perf_counter() - started
    started = time.perf_counter()
    to_traditional("".join(t for t, _ in sentences))
    back = time.perf_counter() - started
    print(
        f"  converters on {chars:,} characters: reader.script.to_simplified {chars / fold / 1e6:.1f} M chars/s, "
        f"to_traditional {chars / back / 1e6:.1f} M chars/s"
    )

    simple, trad = (
        tables["Simplified as documents"]["ALL"]["F1"],
        tables["Traditional as documents"]["ALL"]["F1"],
    )
    checks = [
        (
            f"Traditional F1 {trad:.4f} within {FLOOR_F1} of Simplified {simple:.4f}",
            simple - trad <= FLOOR_F1,
        ),
        (f"Traditional throughput {ratio:.2f} of Simplified (≥ {FLOOR_SPEED})", ratio >= FLOOR_SPEED),
    ]
    print("  floors (issue 20)")
    for line, ok in checks:
        print(f"    {'met' if ok else 'NOT MET':8}{line}")
    return all(ok for _, ok in checks)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m reader.bench traditional", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--slice", choices=("held-out", "dev"), default="held-out")
    parser.add_argument("--data", default=None, help="msra_train.bmes.gz")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from pathlib import Path

    from reader.tagging import Tagger

    _train, dev, held_out = msra.split(msra.read(Path(args.data) if args.data else None))
    compare(Tagger(None).load(), held_out if args.slice == "held-out" else dev, args.repeat, args.slice)


if __name__ == "__main__":
    main()

"""Rebuild the CRF model (`ner.npz`, kept to compare with the neural one): `python -m reader.tagger.train`.

    python -m reader.tagger.train                 # train + dev → reader/tagger/ner.npz (+ ner.json)
    python -m reader.tagger.train --dev           # train only, then score on dev (for choosing settings)
    python -m reader.tagger.train --data PATH     # another copy of msra_train.bmes.gz

A linear-chain CRF trained by CRFsuite (L-BFGS with L1 + L2 regularisation;
L1 keeps it to a few MB) over the features of `reader.tagger.features`, then
exported to numpy arrays for `reader.tagger.crf`, checking on the dev slice
that both give the same labels.  `--dev` writes the train-only model beside
`--out` (`.crfsuite` and `.npz`) and prints entity-level scores on the dev
slice for the bare model and for the whole tagger (rules included).  The
held-out slice is never read here.  Takes about 10 minutes on a quiet core
(25 on a loaded one).  Needs `pip install python-crfsuite` (training only:
tagging does not use it).

Settings (`SETTINGS`) were chosen on the dev slice with the train-only model;
the dev F1 of each candidate is in the commit that changed them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from reader.tagger import msra
from reader.tagger.crf import CRF, char_key
from reader.tagger.features import (
    CHAR_TEMPLATES,
    CLASS_TEMPLATES,
    VERSION,
    WORD_TEMPLATES,
    dictionary_classes,
    features,
)
from reader.tagger.model import CRF_PATH as MODEL_PATH
from reader.tagger.segment import Segmenter

META_PATH = MODEL_PATH.with_suffix(".json")

SETTINGS = {
    "c1": 0.1,
    "c2": 0.1,
    "max_iterations": 150,
    "feature.minfreq": 0.0,
    "feature.possible_transitions": True,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m reader.tagger.train", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="msra_train.bmes.gz (default: %(default)s)")
    parser.add_argument("--dev", action="store_true", help="train on the train slice only and score on dev")
    parser.add_argument("--out", type=Path, default=None, help="model file (default: the packaged one)")
    parser.add_argument("--c1", type=float, default=SETTINGS["c1"])
    parser.add_argument("--c2", type=float, default=SETTINGS["c2"])
    parser.add_argument("--iterations", type=int, default=SETTINGS["max_iterations"])
    parser.add_argument("--minfreq", type=float, default=SETTINGS["feature.minfreq"], help="feature cut-off")
    args = parser.parse_args(argv)

    try:
        import pycrfsuite
    except ImportError:
        parser.exit(2, "training needs CRFsuite: pip install python-crfsuite\n")

    train, dev, _held_out = msra.split(msra.read(args.data))  # the held-out slice stays unread
    sentences = train if args.dev else train + dev
    out = args.out or (Path("ner-dev.crfsuite") if args.dev else MODEL_PATH.with_suffix(".crfsuite"))
    settings = {
        **SETTINGS,
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.minfreq": args.minfreq,
    }
    segmenter = Segmenter()

    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, tags in sentences:
        trainer.append(features(text, segmenter.tag(text)), tags)
    trainer.set_params(settings)
    print(f"features for {len(sentences)} sentences: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    trainer.train(str(out))
    seconds = time.perf_counter() - started
    print(f"trained in {seconds:.0f} s → {out} ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    if args.dev:
        exported = out.with_suffix(".npz")
        export(out, exported)
        out.with_suffix(".json").write_text(json.dumps({"features": VERSION}), encoding="utf-8")
        print(
            json.dumps({"model": score(out, dev, segmenter), "tagger": score_tagger(exported, dev)}, indent=1)
        )
        return
    export(out, MODEL_PATH)
    agreement = check(MODEL_PATH, out, dev, segmenter)
    out.unlink()
    print(
        f"exported → {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB); "
        f"labels as CRFsuite's on dev: {agreement:.4%} of sentences",
        file=sys.stderr,
    )
    meta: dict[str, Any] = {
        "features": VERSION,
        "segmenter": segmenter.engine,
        "sentences": len(sentences),
        "settings": settings,
        "seconds": round(seconds),
    }
    try:  # the network that helps the CRF (`python -m reader.tagger.ensemble`) stays
        meta["assist"] = json.loads(META_PATH.read_text(encoding="utf-8"))["assist"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    META_PATH.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def export(crfsuite_model: Path, path: Path) -> None:
    """CRFsuite's weights → the arrays `reader.tagger.crf.CRF` reads."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(crfsuite_model))
    info = tagger.info()
    labels = sorted(info.labels, key=lambda name: int(info.labels[name]))
    column = {name: i for i, name in enumerate(labels)}
    rows: dict[str, dict[str, np.ndarray]] = {}
    for (attribute, label), weight in info.state_features.items():
        template, value = attribute[0], attribute[1:]
        row = rows.setdefault(template, {}).setdefault(value, np.zeros(len(labels)))
        row[column[label]] = weight
    transitions = np.zeros((len(labels), len(labels)))
    for (first, second), weight in info.transitions.items():
        transitions[column[first], column[second]] = weight
    arrays: dict[str, np.ndarray] = {"labels": np.array("\n".join(labels)), "transitions": transitions}
    for name, offsets in CHAR_TEMPLATES.items():
        values = [v for v in rows.get(name, {}) if len(v) == len(offsets)]
        keyed = sorted((char_key(v), v) for v in values)
        arrays[f"keys_{name}"] = np.array([k for k, _ in keyed], dtype=np.int64)
        arrays[f"weights_{name}"] = _matrix([rows[name][v] for _, v in keyed], len(labels))
    classes = sorted(dictionary_classes().items())  # what the class templates were computed from
    arrays["class_chars"] = np.array([ord(c) for c, _ in classes], dtype=np.int64)
    arrays["class_digits"] = np.array([[int(d) for d in digits] for _, digits in classes], dtype=np.uint8)
    for name in (*WORD_TEMPLATES, *CLASS_TEMPLATES):
        values = sorted(v for v in rows.get(name, {}) if "\n" not in v)
        arrays[f"vocab_{name}"] = np.array("\n".join(values))
        arrays[f"weights_{name}"] = _matrix([rows[name][v] for v in values], len(labels))
    with path.open("wb") as file:
        np.savez_compressed(file, **arrays)  # type: ignore[arg-type]


def _matrix(rows: list[np.ndarray], width: int) -> np.ndarray:
    return np.array(rows, dtype=np.float32).reshape(len(rows), width)


def check(path: Path, crfsuite_model: Path, sentences: list[msra.Sentence], segmenter: Segmenter) -> float:
    """Share of `sentences` that get the same labels from the exported model as from CRFsuite."""
    import pycrfsuite

    crf = CRF(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(crfsuite_model))
    same = 0
    for text, _ in sentences:
        tagged = segmenter.tag(text)
        same += crf.labels_of([(text, tagged)])[0] == list(tagger.tag(features(text, tagged)))
    return same / len(sentences)


def score(model: Path, sentences: list[msra.Sentence], segmenter: Segmenter) -> dict[str, dict[str, float]]:
    """Entity-level precision, recall and F1 of the bare model (no rules) on `sentences`."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    found: list[tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]] = []
    for text, tags in sentences:
        predicted = tagger.tag(features(text, segmenter.tag(text)))
        found.append((set(msra.spans(tags)), set(msra.spans(predicted))))
    return prf(found)


def score_tagger(model: Path, sentences: list[msra.Sentence]) -> dict[str, dict[str, float]]:
    """Entity-level scores of the whole tagger (model, rules, consistency) with the model file `model`."""
    from reader.tagging import Tagger

    tagger = Tagger(None, model=model).load()
    return prf(
        [
            (set(msra.spans(tags)), {(s.start, s.end, s.type) for s in tagger.tag(text)})
            for text, tags in sentences
        ]
    )


def prf(
    pairs: list[tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]],
) -> dict[str, dict[str, float]]:
    """Per type and overall: gold vs predicted (start, end, type) sets per sentence."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, predicted in pairs:
        for span in predicted:
            (tp if span in gold else fp)[span[2]] += 1
        for span in gold - predicted:
            fn[span[2]] += 1
    table: dict[str, dict[str, float]] = {}
    for kind in ("PER", "LOC", "ORG", "ALL"):
        if kind == "ALL":
            t, f, m = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            t, f, m = tp[kind], fp[kind], fn[kind]
        p = t / (t + f) if t + f else 0.0
        r = t / (t + m) if t + m else 0.0
        table[kind] = {
            "P": round(p, 4),
            "R": round(r, 4),
            "F1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "gold": t + m,
            "found": t + f,
        }
    return table


if __name__ == "__main__":
    main()

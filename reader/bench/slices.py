"""The MSRA slices side by side, from their annotation alone: why the held-out slice scores lower than dev.

    python -m reader.bench slices                      # train, dev and held-out described
    python -m reader.bench slices --model ner-dev.npz  # also: a train-only model's recall on dev,
                                                       # by type and seen/unseen, carried to held-out

Descriptive statistics only: sentence length, entity density, type mix, and
the share of entity mentions never annotated as that entity (same string,
same type) in the training slice.  Nothing is tagged on the held-out slice;
with `--model` (a model trained on the train slice alone, such as
`train_lstm --dev` writes) the model tags the dev slice, and its recall per
(type, seen or not) and its false alarms per character on dev are applied to
the held-out slice's own mix of entities, to say how much of the gap that mix
alone explains.
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
from pathlib import Path

from reader.tagger import msra

Entity = tuple[str, str]
"""(text, type)."""


def describe(sentences: list[msra.Sentence], seen: set[Entity]) -> dict[str, float]:
    entities = [(text[s:e], str(k)) for text, tags in sentences for s, e, k in msra.spans(tags)]
    chars = sum(len(text) for text, _ in sentences)
    types = Counter(kind for _, kind in entities)
    row: dict[str, float] = {
        "sentences": len(sentences),
        "characters": chars,
        "mean sentence length": chars / len(sentences),
        "sentences with no entity": sum(not msra.spans(tags) for _, tags in sentences) / len(sentences),
        "entities": len(entities),
        "entities per 1,000 characters": 1000 * len(entities) / chars,
        "mean entity length": statistics.mean(len(text) for text, _ in entities),
        "distinct entities / mentions": len(set(entities)) / len(entities),
    }
    for kind in ("PER", "LOC", "ORG"):
        row[f"{kind} share"] = types[kind] / len(entities)
    row["never seen in train (as that type)"] = sum(e not in seen for e in entities) / len(entities)
    for kind in ("PER", "LOC", "ORG"):
        of_kind = [e for e in entities if e[1] == kind]
        row[f"  {kind} never seen"] = sum(e not in seen for e in of_kind) / len(of_kind)
    return row


def carried(
    model_path: Path, dev: list[msra.Sentence], held_out: list[msra.Sentence], seen: set[Entity]
) -> None:
    """A train-only model's recall on dev per (type, seen), applied to held-out's mix of entities."""
    from reader.tagger.model import Model
    from reader.tagger.segment import Segmenter

    model = Model(model_path)
    segmenter = Segmenter()
    found_by = model.spans_of([(text, segmenter.tag(text)) for text, _ in dev])
    hits: Counter[tuple[str, bool]] = Counter()
    totals: Counter[tuple[str, bool]] = Counter()
    right = wrong = 0
    for (text, tags), spans in zip(dev, found_by, strict=True):
        gold = {(s, e, str(k)) for s, e, k in msra.spans(tags)}
        found = {(span.start, span.end, str(span.type)) for span in spans}
        for s, e, kind in gold:
            group = (kind, (text[s:e], kind) in seen)
            totals[group] += 1
            hits[group] += (s, e, kind) in found
        right += len(found & gold)
        wrong += len(found - gold)
    dev_chars = sum(len(text) for text, _ in dev)
    recall = sum(hits.values()) / sum(totals.values())
    precision = right / (right + wrong)
    print(f"\n{model_path.name} on dev: recall by type and whether the entity was seen in train")
    for group in sorted(totals):
        print(
            f"  {group[0]} {'seen' if group[1] else 'unseen':7}{hits[group] / totals[group]:8.3f}  of {totals[group]}"
        )
    f1 = 2 * precision * recall / (precision + recall)
    print(
        f"  all: P {precision:.4f} R {recall:.4f} F1 {f1:.4f}; {1000 * wrong / dev_chars:.2f} false per 1,000 chars"
    )
    mix: Counter[tuple[str, bool]] = Counter()
    for text, tags in held_out:
        for s, e, kind in msra.spans(tags):
            mix[(str(kind), (text[s:e], str(kind)) in seen)] += 1
    held_chars = sum(len(text) for text, _ in held_out)
    expected_right = sum(count * hits[g] / totals[g] for g, count in mix.items())
    expected_recall = expected_right / sum(mix.values())
    density = (sum(mix.values()) / held_chars) / (sum(totals.values()) / dev_chars)
    print("  dev's rates carried to held-out's mix of entities:")
    for how, false in (
        ("false alarms per character as on dev", wrong / dev_chars * held_chars),
        ("false alarms per entity as on dev", wrong / dev_chars * held_chars * density),
    ):
        p = expected_right / (expected_right + false)
        f1 = 2 * p * expected_recall / (p + expected_recall)
        print(f"    {how}: P {p:.4f} R {expected_recall:.4f} F1 {f1:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m reader.bench slices", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="msra_train.bmes.gz")
    parser.add_argument("--model", type=Path, default=None, help="a model trained on the train slice alone")
    args = parser.parse_args()
    train, dev, held_out = msra.split(msra.read(args.data))
    seen = {(text[s:e], str(k)) for text, tags in train for s, e, k in msra.spans(tags)}
    rows = {
        name: describe(part, seen) for name, part in (("train", train), ("dev", dev), ("held-out", held_out))
    }
    print(f"{'':36}" + "".join(f"{name:>12}" for name in rows))
    for key in rows["dev"]:
        values = [rows[name][key] for name in rows]
        if all(float(v).is_integer() for v in values):
            print(f"{key:36}" + "".join(f"{int(v):>12,}" for v in values))
        else:
            print(f"{key:36}" + "".join(f"{v:>12.3f}" for v in values))
    if args.model is not None:
        carried(args.model, dev, held_out, seen)


if __name__ == "__main__":
    main()

"""The annotated corpus the model learns from, and its fixed slices.

`msra_train.bmes.gz` (MSRA, SIGHAN 2006; see `../shared/data/README.md`):
one character and its BMES tag per line, a blank line between sentences.

Slices, by sentence order, fixed so that every number is reproducible:

* train: everything before the last 10,000 sentences;
* dev: the 5,000 before the last 5,000, for choosing features and settings;
* held-out: the last 5,000, never looked at while building the tagger and
  only scored by `python -m reader.bench tagging`.

The packaged model is trained on train + dev once the settings were chosen.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.models import EntityType

Sentence = tuple[str, list[str]]
"""The text and one BMES tag per character."""

HELD_OUT = 5_000
DEV = 5_000


def default_path() -> Path:
    """`$READER_MSRA`, else `shared/data/` beside the repository."""
    env = os.environ.get("READER_MSRA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "msra_train.bmes.gz"


def read(path: Path | None = None) -> list[Sentence]:
    return list(_sentences(path or default_path()))


def _sentences(path: Path) -> Iterator[Sentence]:
    """The sentences of a BMES file, gzipped (`.gz`) or plain."""
    chars: list[str] = []
    tags: list[str] = []
    opened = gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")
    with opened as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line:
                if chars:
                    yield "".join(chars), tags
                    chars, tags = [], []
                continue
            char, _, tag = line.partition("\t")
            chars.append(char or " ")
            tags.append(tag or "O")
    if chars:
        yield "".join(chars), tags


def split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence], list[Sentence]]:
    """(train, dev, held-out), see the module docstring."""
    cut = len(sentences) - HELD_OUT - DEV
    return sentences[:cut], sentences[cut : cut + DEV], sentences[cut + DEV :]


def spans(tags: list[str]) -> list[tuple[int, int, EntityType]]:
    """BMES tags → (start, end, type); an ill-formed run yields nothing."""
    marked = ((i, *tag.partition("-")[::2]) for i, tag in enumerate(tags))
    return runs((i, mark, label) for i, mark, label in marked if mark != "O")


def runs(marked: Iterable[tuple[int, str, str]]) -> list[tuple[int, int, EntityType]]:
    """(position, mark, type) of the characters inside names, in order → (start, end, type).

    A position skipped is an `O`; an ill-formed run (`B` without `E`, types
    that change inside) yields nothing.  Shared by the corpus reader and the
    model's decoder (`reader.tagger.crf`), so both read labels the same way.
    """
    found: list[tuple[int, int, EntityType]] = []
    start, kind, previous = -1, "", -2
    for i, mark, label in marked:
        if i != previous + 1:
            start = -1  # an O in between
        if mark == "S":
            found.append((i, i + 1, label))  # type: ignore[arg-type]
            start = -1
        elif mark == "B":
            start, kind = i, label
        elif mark == "M":
            if start < 0 or label != kind:
                start = -1
        elif mark == "E":
            if start >= 0 and label == kind:
                found.append((start, i + 1, label))  # type: ignore[arg-type]
            start = -1
        else:
            start = -1
        previous = i
    return found

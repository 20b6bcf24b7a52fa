"""The packaged sequence model: load it, run it, turn its labels into spans."""

from __future__ import annotations

import json
from pathlib import Path

from reader.models import Span
from reader.tagger.features import VERSION
from reader.tagger.segment import Tagged

MODEL_PATH = Path(__file__).with_name("ner.npz")
META_PATH = Path(__file__).with_name("ner.json")


class ModelError(RuntimeError):
    """The packaged model is missing, unreadable or built for other features."""


class Model:
    """The CRF over `reader.tagger.features`, with MSRA's BMES labels (see `reader.tagger.crf`)."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        from reader.tagger.crf import CRF

        meta_path = path.with_suffix(".json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"{meta_path}: {error}") from error
        if meta.get("features") != VERSION:
            raise ModelError(
                f"{path} was trained for features v{meta.get('features')}, this code makes v{VERSION}"
            )
        try:
            self.crf = CRF(path)
        except (OSError, ValueError, KeyError) as error:
            raise ModelError(f"{path}: {error}") from error
        self.meta = meta

    def spans_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[Span]]:
        """Spans for each (text, cut) piece, all decoded together."""
        return [[Span(kind, s, e) for s, e, kind in spans] for spans in self.crf.spans_of(pieces)]

    def spans(self, text: str, tagged: Tagged) -> list[Span]:
        return self.spans_of([(text, tagged)])[0] if text else []

"""The packaged sequence model: load it, run it, turn its labels into spans.

Two kinds of model file, told apart by the `.json` beside the `.npz`:

* `ner-cnn.npz` (`"kind": "cnn"`), the packaged one: the dilated
  convolutional network with a CRF of `reader.tagger.cnn`, trained by
  `python -m reader.tagger.train_neural`; it also carries the name
  statistics the name-list rule uses (`reader.tagger.namelist`);
* `ner.npz` (features v3), the linear-chain CRF that came before it
  (`reader.tagger.crf`, `python -m reader.tagger.train`), kept loadable for
  comparison: `Tagger(model=CRF_PATH)`.

Loading costs a fraction of a second and happens on first tagging, never
on import.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, Protocol

from reader.models import EntityType, Span
from reader.tagger.features import VERSION
from reader.tagger.namelist import NameShape
from reader.tagger.segment import Tagged

MODEL_PATH = Path(__file__).with_name("ner-cnn.npz")
"""The packaged model."""
META_PATH = MODEL_PATH.with_suffix(".json")
"""Its settings (written by `reader.tagger.train_neural`)."""
CRF_PATH = Path(__file__).with_name("ner.npz")
"""The CRF the neural model replaced (`reader.tagger.train` rebuilds it, with `ner.json`)."""


class ModelError(RuntimeError):
    """The model file is missing, unreadable, or built for other code."""


class _Decoder(Protocol):
    def spans_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[tuple[int, int, EntityType]]]: ...


class Model:
    """A model file, loaded: `spans_of` tags pieces of text, `names` feeds the name-list rule."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        meta_path = path.with_suffix(".json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise ModelError(f"{meta_path}: model settings missing ({error.strerror})") from error
        except (OSError, ValueError) as error:
            raise ModelError(f"{meta_path}: model settings unreadable: {error}") from error
        if not isinstance(meta, dict):
            raise ModelError(f"{meta_path}: model settings are not a JSON object")
        self.meta: dict[str, Any] = meta
        self.kind = str(meta.get("kind", "crf"))
        self.names: NameShape | None = None
        """Statistics of people's names for the name-list rule (None: the model has none)."""
        self.decoder: _Decoder
        if self.kind == "cnn":
            self.decoder = _load_network(path, meta)
            self.names = _load_names(path)
        elif self.kind == "crf":
            if meta.get("features") != VERSION:
                raise ModelError(
                    f"{path} was trained for features v{meta.get('features')}, this code makes v{VERSION}"
                )
            from reader.tagger.crf import CRF

            try:
                self.decoder = CRF(path)
            except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
                raise ModelError(f"{path}: not a usable CRF model: {error}") from error
        else:
            raise ModelError(f"{meta_path}: unknown model kind {self.kind!r} (expected 'cnn' or 'crf')")

    def spans_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[Span]]:
        """Spans for each (text, cut) piece, all decoded together."""
        return [[Span(kind, s, e) for s, e, kind in spans] for spans in self.decoder.spans_of(pieces)]

    def spans(self, text: str, tagged: Tagged) -> list[Span]:
        return self.spans_of([(text, tagged)])[0] if text else []


def _load_network(path: Path, meta: dict[str, Any]) -> _Decoder:
    from reader.tagger.cnn import FORMAT, Network, limit_blas_threads

    limit_blas_threads()
    if meta.get("format") != FORMAT:
        raise ModelError(f"{path} is in format {meta.get('format')}, this code reads {FORMAT}: retrain it")
    try:
        return Network.load(path)
    except FileNotFoundError as error:
        raise ModelError(f"{path}: model weights missing ({error.strerror})") from error
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise ModelError(f"{path}: not a usable neural model: {error}") from error


def _load_names(path: Path) -> NameShape | None:
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            return NameShape.from_arrays(data) if "names_keys" in data.files else None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ModelError(f"{path}: name statistics unreadable: {error}") from error

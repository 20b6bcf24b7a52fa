"""The packaged sequence model: load it, run it, turn its labels into spans.

Two kinds of model file, told apart by the `.json` beside the `.npz`:

* `ner.npz` (features v3), the packaged one: a linear-chain CRF
  (`reader.tagger.crf`, `python -m reader.tagger.train`);
* `ner-lstm.npz` (`"kind": "lstm"`): the BiLSTM-CRF of `reader.tagger.lstm`,
  trained by `python -m reader.tagger.train_lstm`.  Not packaged (under the
  CRF on the held-out slice, half its speed: see the README);
  `Tagger(model=LSTM_PATH)` tags with it, and it can be the CRF's assist
  as the CNN can;
* `ner-cnn.npz` (`"kind": "cnn"`): the dilated convolutional network with a
  CRF of `reader.tagger.cnn`, trained by `python -m
  reader.tagger.train_neural`.  Alone it does not beat the CRF (see the
  README); `Tagger(model=CNN_PATH)` tags with it alone.  When `ner.json`
  has an `"assist"` entry naming it, the CRF is decoded together with it
  where the CRF is unsure (`reader.tagger.ensemble`).

The name-list rule (`reader.tagger.namelist`) takes its statistics of
people's names from `names.npz` (counted from the training text by
`train_neural`; a neural model file carries its own).

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

MODEL_PATH = Path(__file__).with_name("ner.npz")
"""The packaged model: the CRF (`reader.tagger.train` rebuilds it, with `ner.json`)."""
META_PATH = MODEL_PATH.with_suffix(".json")
"""Its settings."""
CRF_PATH = MODEL_PATH
NAMES_PATH = Path(__file__).with_name("names.npz")
"""Statistics of people's names (from the training text) for the name-list rule, whatever the model."""
CNN_PATH = Path(__file__).with_name("ner-cnn.npz")
"""Where `reader.tagger.train_neural` writes the neural model (not packaged)."""
LSTM_PATH = Path(__file__).with_name("ner-lstm.npz")
"""Where `reader.tagger.train_lstm` writes the BiLSTM-CRF."""


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
        if self.kind in ("cnn", "lstm"):
            self.decoder = load_network(path, meta, self.kind)
            self.names = _load_names(path)
        elif self.kind == "crf":
            if meta.get("features") != VERSION:
                raise ModelError(
                    f"{path} was trained for features v{meta.get('features')}, this code makes v{VERSION}"
                )
            from reader.tagger.crf import CRF

            try:
                crf = CRF(path)
            except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
                raise ModelError(f"{path}: not a usable CRF model: {error}") from error
            self.decoder = crf
            assist = meta.get("assist")
            if assist is not None:
                self.decoder = _ensemble(crf, path, assist)
        else:
            raise ModelError(
                f"{meta_path}: unknown model kind {self.kind!r} (expected 'crf', 'cnn' or 'lstm')"
            )
        if self.names is None and NAMES_PATH.exists():
            self.names = _load_names(NAMES_PATH)

    def spans_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[Span]]:
        """Spans for each (text, cut) piece, all decoded together."""
        return [[Span(kind, s, e) for s, e, kind in spans] for spans in self.decoder.spans_of(pieces)]

    def spans(self, text: str, tagged: Tagged) -> list[Span]:
        return self.spans_of([(text, tagged)])[0] if text else []


def assist_path(path: Path = MODEL_PATH) -> Path | None:
    """The network that helps the CRF of `path` (its `"assist"` entry), if any."""
    try:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    assist = meta.get("assist") if isinstance(meta, dict) else None
    return path.with_name(str(assist["model"])) if isinstance(assist, dict) and "model" in assist else None


def _ensemble(crf: Any, path: Path, assist: Any) -> _Decoder:
    """The CRF with the network of `assist` (`{"model": file, "weight": w, "threshold": t}`)."""
    from reader.tagger.ensemble import Ensemble

    try:
        network = path.with_name(str(assist["model"]))
        weight, threshold = float(assist["weight"]), float(assist["threshold"])
    except (TypeError, KeyError, ValueError) as error:
        raise ModelError(f'{path.with_suffix(".json")}: a malformed "assist" entry: {error}') from error
    if not network.exists() or not network.with_suffix(".json").exists():
        raise ModelError(f"{network}: the network that helps the CRF is missing")
    meta = json.loads(network.with_suffix(".json").read_text(encoding="utf-8"))
    from reader.tagger import cnn, lstm

    fmt = lstm.FORMAT if meta.get("kind") == "lstm" else cnn.FORMAT
    if meta.get("format") != fmt:
        raise ModelError(f"{network} is in format {meta.get('format')}, this code reads {fmt}: retrain it")
    return Ensemble(crf, network, weight, threshold)


def load_network(path: Path, meta: dict[str, Any], kind: str) -> Any:
    """The neural model of `path` (`kind` "cnn" or "lstm"), on one BLAS thread."""
    from reader.tagger import cnn, lstm

    cnn.limit_blas_threads()
    fmt, load = (cnn.FORMAT, cnn.Network.load) if kind == "cnn" else (lstm.FORMAT, lstm.Recurrent.load)
    if meta.get("format") != fmt:
        raise ModelError(f"{path} is in format {meta.get('format')}, this code reads {fmt}: retrain it")
    try:
        return load(path)
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

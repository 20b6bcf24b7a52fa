"""The neural model at tagging time: a dilated convolutional network and a CRF, in numpy.

`reader.tagger.train_neural` trains it with torch and exports plain arrays
(`ner-cnn.npz`); nothing here needs torch.  A batch of texts (the sentences
of a block) is laid out as rows, one per character, with empty rows around
each text (`reader.tagger.inputs`), and every layer runs once over all rows:

* first layer (width 3): the character and cut embeddings were folded into
  it at export, so it is six row lookups per character (a table per input
  and offset) plus one matrix product for the bigram embeddings and the
  dictionary-word multi-hot;
* dilated layers (width 3; dilation 1, 2, 4 …), each one product of the
  rows with the three taps side by side, then the taps' shifted sum, ReLU,
  and a residual connection; gap rows are zeroed after every layer, which is
  exactly the zero padding the network saw in training;
* a linear layer to label scores, and the CRF's Viterbi decoding
  (`reader.tagger.crf.viterbi`, with start and end scores).  (Decoding only
  where a character's label is in doubt, with a bound on what transitions
  can make up, was tried: the trained model's `O` scores lead by too little
  for the bound to settle more than 3% of characters.)

Tagging runs on one thread by design: matrix products are a few hundred rows
at a time, too small to gain from more BLAS threads, and a second thread
waiting for a busy core stalls every product (see `limit_blas_threads`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.models import EntityType
from reader.tagger.crf import decode_in_batches, spans_by_piece, viterbi
from reader.tagger.inputs import SCHEMES, Encoded, Vocabulary, bio_runs
from reader.tagger.msra import runs
from reader.tagger.segment import Tagged

FORMAT = 1
"""Layout of the exported arrays; a model file of another format is refused."""
BATCH_CHARS = 8_000
"""Characters run together: big enough to share the per-layer cost, small enough for memory."""

Floats = npt.NDArray[np.float32]

_BLAS_SETTERS = (
    "scipy_openblas_set_num_threads64_",  # numpy's own OpenBLAS build (numpy ≥ 2)
    "scipy_openblas_set_num_threads",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)


def limit_blas_threads() -> bool:
    """Make numpy's OpenBLAS use one thread in this process; True if it was found and told.

    Every matrix product here (a few hundred rows by 128 or 384 columns) is
    big enough for OpenBLAS to split over two threads, and a thread that
    waits for a core busy with other work stalls the product: measured 75
    times slower.  One thread is also what the indexer wants, which tags in
    one process per core.  `OPENBLAS_NUM_THREADS` only counts before numpy
    loads, which is usually too late to set, so the running library is told
    directly (threadpoolctl does the same; it is not a dependency).  Linux
    and other systems with `/proc/self/maps`; elsewhere (macOS uses
    Accelerate) nothing is done.
    """
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            libraries = {line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line}
    except OSError:
        return False
    told = False
    for path in sorted(libraries):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _BLAS_SETTERS:
            setter = getattr(library, name, None)
            if setter is not None:
                setter(1)
                told = True
                break
    return told


class LabelScorer:
    """A neural model at tagging time: label scores of encoded batches (`scores`), decoded by a CRF.

    A subclass sets the attributes below and defines `scores`; decoding, batching and reading
    labels as names are shared (`Network` here, `reader.tagger.lstm.Recurrent`).
    """

    labels: tuple[str, ...]
    scheme: str
    vocab: Vocabulary
    gap: int
    """Empty rows around each text in the batch's layout."""
    batch_chars: int = BATCH_CHARS
    transitions: npt.NDArray[np.float64]
    start: npt.NDArray[np.float64]
    end: npt.NDArray[np.float64]

    def _read_labels(self, data: Any) -> None:
        labels = tuple(str(data["labels"]).split("\n"))
        schemes = [name for name, known in SCHEMES.items() if known == labels]
        if not schemes:
            raise ValueError(f"labels {list(labels)} are none of {list(SCHEMES)}")
        self.labels = labels
        self.scheme = schemes[0]
        self._outside = labels.index("O")
        self._kinds = [tuple(label.partition("-")[::2]) for label in labels]
        self.transitions = np.asarray(data["transitions"], dtype=np.float64)
        self.start = np.asarray(data["start"], dtype=np.float64)
        self.end = np.asarray(data["end"], dtype=np.float64)
        if self.transitions.shape != (len(labels), len(labels)):
            raise ValueError("transitions of the wrong shape")

    def scores(self, enc: Encoded) -> Floats:
        """Label scores (characters, labels) of the batch's real characters, in order."""
        raise NotImplementedError

    def decode_scores(self, scores: npt.NDArray[np.float64], lengths: list[int]) -> npt.NDArray[np.intp]:
        """Best labels of texts of `lengths` from their concatenated scores (adds start and end scores)."""
        if not len(scores):
            return np.zeros(0, dtype=np.intp)
        ends = np.cumsum(lengths)
        scores[ends - lengths] += self.start
        scores[ends - 1] += self.end
        labels: npt.NDArray[np.intp] = viterbi(scores, lengths, self.transitions)
        return labels

    def decode(self, pieces: list[tuple[str, Tagged]]) -> npt.NDArray[np.intp]:
        """Label numbers of all characters of all non-empty pieces, concatenated."""

        def decode_batch(batch: list[tuple[str, Tagged]]) -> npt.NDArray[np.intp]:
            enc = self.vocab.encode(batch, self.gap)
            return self.decode_scores(self.scores(enc).astype(np.float64), enc.lengths)

        return decode_in_batches(pieces, decode_batch, self.batch_chars)

    def spans_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[tuple[int, int, EntityType]]]:
        """(start, end, type) of the names in each piece, read as `msra.spans` reads labels."""
        read = runs if self.scheme == "bmes" else bio_runs
        return spans_by_piece(pieces, self.decode(pieces), self._outside, self._kinds, read)


class Network(LabelScorer):
    """The exported arrays and the forward pass over an encoded batch."""

    def __init__(self, data: Any) -> None:
        get = data.__getitem__
        if int(get("format")) != FORMAT:
            raise ValueError(f"format {int(get('format'))}, this code reads {FORMAT}")
        self._read_labels(data)
        labels = self.labels
        self.vocab = Vocabulary.from_arrays(data)
        f32 = np.float32
        key_table = np.asarray(get("key_table"), dtype=f32)
        seg_table = np.asarray(get("seg_table"), dtype=f32)
        self.key_tables = [np.ascontiguousarray(key_table[k]) for k in range(3)]
        self.key_tables[1] += np.asarray(get("first_b"), dtype=f32)  # every row gets the bias once
        self.seg_tables = [np.ascontiguousarray(seg_table[k]) for k in range(3)]
        self.bigram_emb = np.asarray(get("bigram_emb"), dtype=f32)
        self.stream_w = np.asarray(get("stream_w"), dtype=f32)
        self.first_b = np.asarray(get("first_b"), dtype=f32)
        conv_w = np.asarray(get("conv_w"), dtype=f32)
        conv_b = np.asarray(get("conv_b"), dtype=f32)
        self.convs = [(np.ascontiguousarray(conv_w[i]), conv_b[i]) for i in range(len(conv_w))]
        self.dilations = [int(d) for d in get("dilations")]
        self.out_w = np.asarray(get("out_w"), dtype=f32)
        self.out_b = np.asarray(get("out_b"), dtype=f32)
        self.hidden = len(self.first_b)
        self.gap = max([1, *self.dilations])
        shapes_ok = (
            all(t.shape == (len(self.vocab.key_parts), self.hidden) for t in self.key_tables)
            and all(t.shape == (self.vocab.seg_count, self.hidden) for t in self.seg_tables)
            and self.bigram_emb.shape[0] == self.vocab.bigram_count
            and self.stream_w.shape == (self.bigram_emb.shape[1] + self.vocab.lex_width, 3 * self.hidden)
            and all(w.shape == (self.hidden, 3 * self.hidden) for w, _ in self.convs)
            and len(self.convs) == len(self.dilations)
            and self.out_w.shape == (self.hidden, len(labels))
        )
        if not shapes_ok:
            raise ValueError("arrays of inconsistent shapes")

    @classmethod
    def load(cls, path: Path) -> Network:
        with np.load(path, allow_pickle=False) as data:
            return cls(data)

    # --- forward ------------------------------------------------------------------------

    def scores(self, enc: Encoded) -> Floats:
        """Label scores (characters, labels) of the batch's real characters, in order."""
        rows, hidden = enc.rows, self.hidden
        gaps = enc.gaps
        h = np.empty((rows, hidden), dtype=np.float32)
        h[0] = h[-1] = 0.0  # gap rows at both ends (the first layer writes the rows between)
        # First layer: tap k reads row t - 1 + k (its bias is folded into the middle tap's tables).
        x = h[1:-1]
        key, seg = enc.char, enc.seg
        self.key_tables[0].take(key[:-2], axis=0, out=x)
        x += self.key_tables[1].take(key[1:-1], axis=0)
        x += self.key_tables[2].take(key[2:], axis=0)
        x += self.seg_tables[0].take(seg[:-2], axis=0)
        x += self.seg_tables[1].take(seg[1:-1], axis=0)
        x += self.seg_tables[2].take(seg[2:], axis=0)
        stream = np.concatenate([self.bigram_emb.take(enc.bigram, axis=0), enc.lex], axis=1)
        z = stream @ self.stream_w
        x += z[:-2, :hidden]
        x += z[1:-1, hidden : 2 * hidden]
        x += z[2:, 2 * hidden :]
        np.maximum(x, 0.0, out=x)
        h[gaps] = 0.0
        for (w, b), d in zip(self.convs, self.dilations, strict=True):
            y = h @ w
            x = np.add(y[: rows - 2 * d, :hidden], b)
            x += y[d : rows - d, hidden : 2 * hidden]
            x += y[2 * d :, 2 * hidden :]
            np.maximum(x, 0.0, out=x)
            h[d : rows - d] += x
            h[gaps] = 0.0
        out: Floats = h.take(enc.where, axis=0) @ self.out_w
        out += self.out_b
        return out

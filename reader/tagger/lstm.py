"""The BiLSTM-CRF at tagging time, in numpy.

`reader.tagger.train_lstm` trains it with torch and exports plain arrays
(`ner-lstm.npz`); nothing here needs torch.  It reads the inputs of
`reader.tagger.inputs` (characters, bigrams, jieba's cut, dictionary words),
runs one LSTM layer each way over every text, and gives each character
label scores from the two states side by side; the CRF of
`reader.tagger.crf` decodes them.

The recurrence is one small matrix product per time step, so it runs over
all texts of a batch at once: the texts sorted by length, longest first, at
step `t` the ones still running are the first `n_t`, and both directions
advance together (the backward one reads each text from its end) as one
stacked product `(2, n_t, H) @ (2, H, 4H)`.  The Python cost of a step is
shared by every text of the batch.  Everything that does not depend on the
previous step (the input side of the gates, with the embeddings folded into
tables at export) is computed before the loop for all characters at once.

The gates are computed as `tanh` alone: sigmoid(x) = (1 + tanh(x / 2)) / 2,
with the input, forget and output gates' weights halved when the model
loads, so one `tanh` call covers all four gates of a step.

Runs on one BLAS thread, as the CNN does (`reader.tagger.cnn.limit_blas_threads`).

Not packaged, for its speed among other things (see the README): tagging
articles, a batch is one article (about 1,000 characters in 25 pieces, 87
steps for its longest), and the work is mostly arithmetic, not Python: the
product per step, the gates' `tanh` and the input side of the gates (a
matrix product of the bigram embedding and dictionary features, 8H columns
a character).  At 64 units each way the scores cost about 5 µs a character,
and the tagger runs at 0.55x the CRF's speed (0.67x at 32 units).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.tagger.cnn import Floats, LabelScorer
from reader.tagger.inputs import Encoded, Vocabulary

FORMAT = 1
"""Layout of the exported arrays; a model file of another format is refused."""


def _gate_order(hidden: int) -> tuple[npt.NDArray[np.intp], Floats]:
    """Column order (torch's i, f, g, o → i, f, o, g) and scale (½ for the sigmoid gates) of 4H gates."""
    h = hidden
    order = np.concatenate([np.arange(0, 2 * h), np.arange(3 * h, 4 * h), np.arange(2 * h, 3 * h)])
    scale = np.ones(4 * h, dtype=np.float32)
    scale[: 3 * h] = 0.5
    return order, scale


class Recurrent(LabelScorer):
    """The exported arrays and the forward pass (both directions, batched over texts)."""

    gap = 1

    def __init__(self, data: Any) -> None:
        get = data.__getitem__
        if int(get("format")) != FORMAT:
            raise ValueError(f"format {int(get('format'))}, this code reads {FORMAT}")
        self._read_labels(data)
        self.vocab = Vocabulary.from_arrays(data)
        f32 = np.float32
        w_hh = np.asarray(get("w_hh"), dtype=f32)  # (2, H, 4H), torch's gate order
        self.hidden = h = w_hh.shape[1]
        order, scale = _gate_order(h)

        def gates(table: Any) -> Floats:  # (2, …, 4H): each direction's gates, reordered and scaled
            full = np.asarray(table, dtype=f32)
            out: Floats = np.stack(
                [np.ascontiguousarray(full[:, d * 4 * h + order] * scale) for d in range(2)]
            )
            return out

        self.key_table = gates(get("key_table"))  # the gates' biases are folded in here
        self.seg_table = gates(get("seg_table"))
        self.stream_w = gates(get("stream_w"))
        self.bigram_emb = np.asarray(get("bigram_emb"), dtype=f32)
        self.w_hh = np.ascontiguousarray(w_hh[:, :, order] * scale)  # (2, H, 4H): i, f, o, g
        out_w = np.asarray(get("out_w"), dtype=f32)  # (2H, labels)
        self.out_w = np.stack([out_w[:h], out_w[h:]])
        self.out_bias = np.asarray(get("out_b"), dtype=f32)
        shapes_ok = (
            self.key_table.shape == (2, len(self.vocab.key_parts), 4 * h)
            and self.seg_table.shape == (2, self.vocab.seg_count, 4 * h)
            and self.bigram_emb.shape[0] == self.vocab.bigram_count
            and self.stream_w.shape == (2, self.bigram_emb.shape[1] + self.vocab.lex_width, 4 * h)
            and out_w.shape == (2 * h, len(self.labels))
        )
        if not shapes_ok:
            raise ValueError("arrays of inconsistent shapes")

    @classmethod
    def load(cls, path: Path) -> Recurrent:
        with np.load(path, allow_pickle=False) as data:
            return cls(data)

    def scores(self, enc: Encoded) -> Floats:
        """Label scores (characters, labels) of the batch's real characters, in order."""
        h = self.hidden
        where = enc.where
        count = len(where)
        if not count:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        # Time-major packed order: at step t, the texts still running, longest first; the forward
        # direction reads each text from its start, the backward one from its end.
        lengths = np.asarray(enc.lengths, dtype=np.intp)
        starts = np.cumsum(lengths) - lengths
        order = np.argsort(-lengths, kind="stable")
        ordered = lengths[order]
        steps = int(ordered[0])
        running = np.searchsorted(-ordered, -np.arange(steps), side="left")  # texts longer than t
        offsets = np.cumsum(running) - running
        step_of = np.repeat(np.arange(steps), running)
        rank = np.arange(len(step_of)) - np.repeat(offsets, running)
        first = starts[order][rank]
        rows = (where.take(first + step_of), where.take(first + ordered[rank] - 1 - step_of))
        # The input side of every gate (i, f, o, g) of each direction, in packed order: (2, size, 4H).
        size = len(step_of)
        inputs = np.empty((2, size, 4 * h), dtype=np.float32)
        for d, at_rows in enumerate(rows):
            x = inputs[d]
            self.key_table[d].take(enc.char.take(at_rows), axis=0, out=x)
            x += self.seg_table[d].take(enc.seg.take(at_rows), axis=0)
            stream = np.concatenate(
                [self.bigram_emb.take(enc.bigram.take(at_rows), axis=0), enc.lex[at_rows]], axis=1
            )
            x += stream @ self.stream_w[d]
        states = np.empty((2, size, h), dtype=np.float32)
        widest = int(running[0])
        cell = np.zeros((2, widest, h), dtype=np.float32)
        z = np.empty((2, widest, 4 * h), dtype=np.float32)
        w_hh = self.w_hh
        previous = 0
        for t, (at, n) in enumerate(zip(offsets.tolist(), running.tolist(), strict=True)):
            zz = z[:, :n]
            if t:
                np.matmul(states[:, previous : previous + n], w_hh, out=zz)
                zz += inputs[:, at : at + n]
            else:
                zz[...] = inputs[:, at : at + n]
            np.tanh(zz, out=zz)
            sig = zz[:, :, : 3 * h]
            sig *= 0.5
            sig += 0.5
            c = cell[:, :n]
            c *= zz[:, :, h : 2 * h]
            c += zz[:, :, :h] * zz[:, :, 3 * h :]
            state = states[:, at : at + n]
            np.tanh(c, out=state)
            state *= zz[:, :, 2 * h : 3 * h]
            previous = at
        forward = first + step_of
        backward = first + ordered[rank] - 1 - step_of
        out = np.empty((count, len(self.labels)), dtype=np.float32)
        out[forward] = states[0] @ self.out_w[0]
        out[backward] += states[1] @ self.out_w[1]
        out += self.out_bias
        return out

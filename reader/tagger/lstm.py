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
        both = np.concatenate([order, order + 4 * h])
        both_scale = np.concatenate([scale, scale])

        def gates(table: Any) -> Floats:  # (…, 8H): both directions' gates, reordered and scaled
            out: Floats = np.ascontiguousarray(np.asarray(table, dtype=f32)[:, both] * both_scale)
            return out

        self.key_table = gates(get("key_table"))  # the gates' biases are folded in here
        self.seg_table = gates(get("seg_table"))
        self.stream_w = gates(get("stream_w"))
        self.bigram_emb = np.asarray(get("bigram_emb"), dtype=f32)
        w_hh = w_hh[:, :, order] * scale  # (2, H, 4H): i, f, o, g
        self.w_hh = np.zeros((2 * h, 4, 2, h), dtype=f32)  # both directions' states → both's gates
        for d in range(2):
            self.w_hh[d * h : (d + 1) * h, :, d, :] = w_hh[d].reshape(h, 4, h)
        self.w_hh = self.w_hh.reshape(2 * h, 8 * h)
        out_w = np.asarray(get("out_w"), dtype=f32)  # (2H, labels)
        self.out_f = np.ascontiguousarray(out_w[:h])
        self.out_b = np.ascontiguousarray(out_w[h:])
        self.out_bias = np.asarray(get("out_b"), dtype=f32)
        shapes_ok = (
            self.key_table.shape == (len(self.vocab.key_parts), 8 * h)
            and self.seg_table.shape == (self.vocab.seg_count, 8 * h)
            and self.bigram_emb.shape[0] == self.vocab.bigram_count
            and self.stream_w.shape == (self.bigram_emb.shape[1] + self.vocab.lex_width, 8 * h)
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
        # The input side of every gate, for every character: (characters, 8H).
        x = self.key_table.take(enc.char.take(where), axis=0)
        x += self.seg_table.take(enc.seg.take(where), axis=0)
        stream = np.concatenate(
            [self.bigram_emb.take(enc.bigram.take(where), axis=0), enc.lex[where]], axis=1
        )
        x += stream @ self.stream_w
        # Time-major packed order: at step t, the texts still running, longest first.
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
        forward = first + step_of
        backward = first + ordered[rank] - 1 - step_of
        # Each packed row: the input side of both directions' gates, gate by gate
        # (i, f, o, g; forward then backward in each), as the state rows are [forward | backward].
        size = len(step_of)
        packed = np.empty((size, 4, 2, h), dtype=np.float32)
        packed[:, :, 0] = x[:, : 4 * h].take(forward, axis=0).reshape(size, 4, h)
        packed[:, :, 1] = x[:, 4 * h :].take(backward, axis=0).reshape(size, 4, h)
        inputs = packed.reshape(size, 8 * h)
        states = np.empty((size, 2 * h), dtype=np.float32)
        widest = int(running[0])
        cell = np.zeros((widest, 2 * h), dtype=np.float32)
        z = np.empty((widest, 8 * h), dtype=np.float32)
        w_hh = self.w_hh
        previous = 0
        for t, (at, n) in enumerate(zip(offsets.tolist(), running.tolist(), strict=True)):
            zz = z[:n]
            if t:
                np.matmul(states[previous : previous + n], w_hh, out=zz)
                zz += inputs[at : at + n]
            else:
                zz[...] = inputs[at : at + n]
            np.tanh(zz, out=zz)
            sig = zz[:, : 6 * h]
            sig *= 0.5
            sig += 0.5
            c = cell[:n]
            c *= zz[:, 2 * h : 4 * h]
            c += zz[:, : 2 * h] * zz[:, 6 * h :]
            state = states[at : at + n]
            np.tanh(c, out=state)
            state *= zz[:, 4 * h : 6 * h]
            previous = at
        out = np.empty((count, len(self.labels)), dtype=np.float32)
        out[forward] = states[:, :h] @ self.out_f
        out[backward] += states[:, h:] @ self.out_b
        out += self.out_bias
        return out

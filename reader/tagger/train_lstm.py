"""Train the BiLSTM-CRF tagger: `python -m reader.tagger.train_lstm`.

    python -m reader.tagger.train_lstm              # train + dev → reader/tagger/ner-lstm.npz (+ .json)
    python -m reader.tagger.train_lstm --dev        # train slice only → ./ner-lstm-dev.npz, dev F1 each epoch
    python -m reader.tagger.train_lstm --dev --hidden 48 --epochs 6   # any setting, for choosing them

The model (`reader.tagger.lstm` runs it at tagging time, in numpy): the
inputs and embeddings of the CNN (`reader.tagger.train_neural`: characters,
bigrams, jieba's cut, every jieba dictionary word covering a character),
dropout, one bidirectional LSTM layer (`hidden` units each way), dropout, a
linear layer to label scores and a linear-chain CRF trained by maximum
likelihood.  Training, batching, evaluation and the command line are
`train_neural`'s; only the network and its export are here.

Settings were chosen on the dev slice (`--dev`: trained on the train slice,
the bare model's entity F1 on dev; the held-out slice is never read here):

    hidden  epochs  dev F1  PER / LOC / ORG F1      PER P   train time (one core, other busy)
    64      12      0.9038  0.918 / 0.932 / 0.838   0.938   772 s
    32      12      0.8980  0.918 / 0.926 / 0.826   0.944   614 s
    128     10      0.9032  0.911 / 0.930 / 0.845   0.932   1127 s

against 0.9024 for the CRF of `reader.tagger.train` on the same slices.  The
64-wide model peaks by epoch 9 (0.9041; 0.9045 at epoch 11): the training
loss keeps falling, dev F1 does not; twice the width does not help either.  As the assist of the CRF where the CRF
is unsure (`reader.tagger.ensemble`, both trained on the train slice) it
gives 0.9114 at the ensemble's defaults (weight 0.5, threshold 0.5; the CNN
there gives 0.9083), 0.9127 at weight 0.75 and threshold 0.7.  Cutting long
pieces at commas before the recurrence (fewer time steps a batch) was tried
at tagging time: F1 unchanged down to 40 characters a piece, and no
measurable speed-up at this width, where the work per character, not per
step, dominates.

Not packaged: see the README (held-out F1 under the CRF's, and about half its
speed tagging articles).

Training needs torch (`pip install -e ".[train]"`) and runs on one thread
(`torch.set_num_threads(1)`) so that the other core stays free.  The 64-wide
model on train + dev (45,289 sentences, 12 epochs) took 816 s on one core of
the development machine with the other core busy (`ner-lstm.json` records it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from reader.tagger.inputs import SCHEMES, Vocabulary
from reader.tagger.lstm import FORMAT, Recurrent
from reader.tagger.model import LSTM_PATH
from reader.tagger.namelist import NameShape
from reader.tagger.train_neural import (
    NeuralTagger,
    Settings,
    TorchBatch,
    load,
    parse,
    people_of,
    report,
    train,
)


@dataclass
class LstmSettings(Settings):
    """The BiLSTM's settings: `train_neural.Settings` with other defaults (chosen on the dev slice)."""

    hidden: int = 64
    """Units each way: the recurrence's cost at tagging time grows with its square."""
    dilations: tuple[int, ...] = ()
    """Unused (the layout needs one gap row between texts)."""
    batch_chars: int = 2000


class LstmTagger(NeuralTagger):
    """The BiLSTM-CRF as trained; `export` folds it into `reader.tagger.lstm.Recurrent`'s arrays."""

    def __init__(self, vocab: Vocabulary, s: Settings) -> None:
        super().__init__(vocab, s)
        self.lstm = nn.LSTM(sum(self.input_sizes), s.hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * s.hidden, len(SCHEMES[s.scheme]))

    def forward(self, batch: TorchBatch) -> torch.Tensor:
        x = self.drop(self.inputs(batch))[batch.where]  # (characters, width)
        padded = x[batch.grid]  # (texts, steps, width); rows past a text's end are never read
        packed = pack_padded_sequence(
            padded, torch.tensor(batch.lengths), batch_first=True, enforce_sorted=False
        )
        states, _ = self.lstm(packed)
        unpacked, _ = pad_packed_sequence(states, batch_first=True, total_length=padded.shape[1])
        scores: torch.Tensor = self.out(self.drop(unpacked[batch.alive]))  # (characters, labels)
        rows = scores.new_zeros((len(batch.char), scores.shape[1]))
        rows[batch.where] = scores
        return rows


def export(model: LstmTagger, vocab: Vocabulary, path: Path, names: NameShape | None = None) -> None:
    """Fold the embeddings into the gates' input weights and save plain arrays for `reader.tagger.lstm`.

    The input side of both directions' gates, `(…, 8H)` (forward, then backward; torch's gate
    order), is a row of `key_table` per character key (with both biases), plus a row of
    `seg_table` per cut id, plus the bigram embedding and dictionary features times `stream_w`.
    """
    p = dict(model.lstm.named_parameters())  # weight_ih_l0, …_reverse: torch's gate order i, f, g, o
    with torch.no_grad():
        w_ih = torch.cat([p["weight_ih_l0"], p["weight_ih_l0_reverse"]]).double().numpy()  # (8H, width)
        bias = (
            torch.cat([p["bias_ih_l0"] + p["bias_hh_l0"], p["bias_ih_l0_reverse"] + p["bias_hh_l0_reverse"]])
            .double()
            .numpy()
        )
        cut = np.cumsum([0, *model.input_sizes])
        w = [w_ih[:, cut[i] : cut[i + 1]] for i in range(len(cut) - 1)]
        parts = vocab.key_parts
        key_table = (
            model.char.weight.double().numpy()[parts[:, 0]] @ w[0].T
            + model.cls.weight.double().numpy()[parts[:, 1]] @ w[1].T
            + model.surname.weight.double().numpy()[parts[:, 2]] @ w[2].T
            + model.single.weight.double().numpy()[parts[:, 3]] @ w[3].T
            + bias
        )
        seg_table = model.seg.weight.double().numpy() @ w[4].T
        stream_w = np.concatenate([w[5], w[6]], axis=1).T  # bigram embedding, then the dictionary multi-hot
        arrays: dict[str, npt.NDArray[np.generic]] = {
            **vocab.arrays(),
            "labels": np.array("\n".join(SCHEMES[model.s.scheme])),
            "key_table": key_table.astype(np.float16),
            "seg_table": seg_table.astype(np.float16),
            "bigram_emb": model.bigram.weight.numpy().astype(np.float16),
            "stream_w": stream_w.astype(np.float32),
            "w_hh": torch.stack([p["weight_hh_l0"].T, p["weight_hh_l0_reverse"].T])
            .numpy()
            .astype(np.float32),
            "out_w": model.out.weight.numpy().T.astype(np.float32),
            "out_b": model.out.bias.numpy().astype(np.float32),
            "transitions": model.transitions.numpy().astype(np.float64),
            "start": model.start.numpy().astype(np.float64),
            "end": model.end.numpy().astype(np.float64),
            "format": np.array(FORMAT),
            **(names.arrays() if names is not None else {}),
        }
    with path.open("wb") as file:
        np.savez(file, **arrays)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> None:
    args, settings = parse(argv, "python -m reader.tagger.train_lstm", __doc__ or "", LstmSettings())
    torch.set_num_threads(1)  # one core: the machine is shared
    started = time.perf_counter()
    data = load(args, settings)
    model = train(data.vocab, data.pairs, data.labels, settings, data.dev, args.log, LstmTagger)
    seconds = time.perf_counter() - started
    out = args.out or (Path("ner-lstm-dev.npz") if args.dev else LSTM_PATH)
    assert isinstance(model, LstmTagger)
    export(model, data.vocab, out, people_of(data))
    report(model, Recurrent.load(out), data, out, "lstm", FORMAT, seconds)


if __name__ == "__main__":
    main()

"""The CRF, helped by the neural network where it is unsure.

The CRF (`reader.tagger.crf`) and the dilated CNN-CRF (`reader.tagger.cnn`)
make different mistakes.  On the dev slice, both trained on the train
slice, the bare CRF scores F1 0.9024 and the 32-wide network 0.8892; their
label scores added (the network's at `WEIGHT`, its transitions and start
and end scores too) and decoded once, 0.9094.  The network costs about as
much again as the CRF per character, so it runs only on the pieces
(sentences) the CRF is unsure of: where some character's best label has a
local marginal under `THRESHOLD`, the marginal taken over the character's
own scores and its two neighbours' messages (one matrix product each way,
no pass along the sentence).  That is 31% of the dev slice's characters,
and gives 0.9083 (71% of them: 0.9094).  The exact marginals pick the
pieces better (14% of characters for 0.9088) but cost a forward-backward
pass, more than the network saves; the CRF's own score margins pick them
badly.

Not packaged, because of its cost: tagging articles as the indexer does, it
runs at 0.69x the CRF tagger's speed (121k characters a second against
176k, fresh processes taking turns), where the issue allows 0.8x.  Most of
the cost is fixed per article, whatever the share of unsure characters: a
second Viterbi pass over the unsure pieces (0.57 µs a character), the
network's inputs (0.38) and scores (0.26), and the confidence (0.31),
against 2.4 µs for the CRF's scores and decoding.  (One pass with both
models' transitions everywhere scores 0.8955 on dev, under the CRF alone:
the CRF's scores alone do not fit the summed transitions.)  On the held-out slice it scores F1
0.857 against the CRF's 0.851 (PER P 0.921, ORG F1 0.809), on the
out-of-domain test set 0.746 against 0.733.

To turn it on: `python -m reader.tagger.train_neural` (the 32-wide network,
`ner-cnn.npz`, about 10 minutes on one core), then `python -m
reader.tagger.ensemble`, which writes an `"assist"` entry into `ner.json`
naming the network's file and the two settings (`--off` takes it out).  The
network is loaded on the first unsure piece.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.models import EntityType
from reader.tagger.crf import CRF, decode_in_batches, spans_by_piece, viterbi
from reader.tagger.msra import runs
from reader.tagger.segment import Tagged

Floats = npt.NDArray[np.float64]

WEIGHT = 0.5
"""The network's share, chosen on the dev slice (0.5, 0.75 and 1 tried: F1 0.9094, 0.9089, 0.9067)."""
THRESHOLD = 0.5
"""Chosen on the dev slice for the cost (0.5, 0.7 and 0.9 tried: 31%, 71% and 89% of characters to the
network, F1 0.9083, 0.9094, 0.9095)."""


class Ensemble:
    """A `_Decoder` (see `reader.tagger.model`): the CRF everywhere, the sum where it is unsure."""

    def __init__(self, crf: CRF, network_path: Path, weight: float, threshold: float) -> None:
        self.crf = crf
        self.network_path = network_path
        self.weight = weight
        """The network's share: its scores and transitions are multiplied by this and added."""
        self.threshold = threshold
        """A piece goes to the network when some character's local marginal is under this."""
        transitions = crf.transitions - crf.transitions.max()
        self._exp_transitions = np.exp(transitions)
        self._network: Any = None
        self._lock = threading.Lock()
        self.assisted = [0, 0]
        """Characters decoded with the network's help, and all characters (for benchmarks)."""

    def network(self) -> Any:
        """The network (the CNN or the BiLSTM), loaded on first use (one BLAS thread: see `cnn.limit_blas_threads`)."""
        with self._lock:
            if self._network is None:
                import json

                from reader.tagger.model import load_network

                meta = json.loads(self.network_path.with_suffix(".json").read_text(encoding="utf-8"))
                network = load_network(self.network_path, meta, str(meta.get("kind", "cnn")))
                order = [network.labels.index(label) for label in self.crf.labels]
                self._order = np.array(order, dtype=np.intp)
                self._transitions = (
                    self.crf.transitions + self.weight * network.transitions[np.ix_(order, order)]
                )
                self._network = network
            return self._network

    def spans_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[tuple[int, int, EntityType]]]:
        crf = self.crf
        return spans_by_piece(pieces, self.decode(pieces), crf._outside, crf._kinds, runs)

    def decode(self, pieces: list[tuple[str, Tagged]]) -> npt.NDArray[np.intp]:
        """Label numbers of all characters of all non-empty pieces, concatenated."""
        return decode_in_batches(pieces, self._decode_batch)

    def _decode_batch(self, batch: list[tuple[str, Tagged]]) -> npt.NDArray[np.intp]:
        crf = self.crf
        lengths = [len(text) for text, _ in batch]
        scores = crf._emissions(batch)
        labels: npt.NDArray[np.intp] = viterbi(scores, lengths, crf.transitions)
        unsure = np.flatnonzero(self.confidence(scores, lengths) < self.threshold)
        self.assisted[1] += len(scores)
        if not len(unsure):
            return labels
        network = self.network()
        chosen = [batch[i] for i in unsure.tolist()]
        enc = network.vocab.encode(chosen, network.gap)
        theirs = network.scores(enc).astype(np.float64)
        sizes = np.array(enc.lengths)
        ends = np.cumsum(sizes)
        theirs[ends - sizes] += network.start
        theirs[ends - 1] += network.end
        starts = np.cumsum([0, *lengths])
        rows = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in unsure.tolist()])
        both = scores[rows].astype(np.float64) + self.weight * theirs[:, self._order]
        labels[rows] = viterbi(both, enc.lengths, self._transitions)
        self.assisted[0] += len(rows)
        return labels

    def confidence(self, scores: npt.NDArray[Any], lengths: list[int]) -> Floats:
        """Per piece, the least of its characters' largest local marginals: each character's label
        distribution given its own scores and the messages from its two neighbours (which see
        only their own scores), within the piece."""
        e = scores.astype(np.float64)
        top = e.max(axis=1, keepdims=True)
        p = np.exp(e - top)  # (characters, labels), scaled by `top`
        # Message from the left neighbour: log sum over its labels of p(left) exp(T[left, label]).
        left = np.log(p @ self._exp_transitions) + top
        right = np.log(p @ self._exp_transitions.T) + top
        starts = np.cumsum([0, *lengths[:-1]])
        ends = starts + np.array(lengths) - 1
        total = e.copy()
        total[1:] += left[:-1]
        total[:-1] += right[1:]
        inner = starts[starts > 0]  # no messages across pieces
        total[inner] -= left[inner - 1]
        inner = ends[ends < len(e) - 1]
        total[inner] -= right[inner + 1]
        total -= total.max(axis=1, keepdims=True)
        best = 1.0 / np.exp(total).sum(axis=1)
        least: Floats = np.minimum.reduceat(best, starts)
        return least


def main(argv: list[str] | None = None) -> None:
    """`python -m reader.tagger.ensemble`: let the network help the packaged CRF (writes `ner.json`'s
    `"assist"` entry), or `--off`."""
    import argparse
    import json

    from reader.tagger.model import CNN_PATH, META_PATH

    parser = argparse.ArgumentParser(prog="python -m reader.tagger.ensemble", description=main.__doc__)
    parser.add_argument(
        "--network", type=Path, default=CNN_PATH, help="beside ner.npz (default: %(default)s)"
    )
    parser.add_argument("--weight", type=float, default=WEIGHT)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--off", action="store_true", help="the CRF alone again")
    args = parser.parse_args(argv)
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    if args.off:
        meta.pop("assist", None)
    else:
        if args.network.resolve().parent != META_PATH.resolve().parent:
            parser.error(f"{args.network} must sit beside {META_PATH}")
        meta["assist"] = {"model": args.network.name, "weight": args.weight, "threshold": args.threshold}
    META_PATH.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"{META_PATH}: {meta.get('assist', 'the CRF alone')}")


if __name__ == "__main__":
    main()

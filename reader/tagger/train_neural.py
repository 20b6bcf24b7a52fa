"""Train the neural tagger: `python -m reader.tagger.train_neural`.

    python -m reader.tagger.train_neural              # train + dev → reader/tagger/ner-cnn.npz (+ .json)
    python -m reader.tagger.train_neural --dev        # train slice only → ./ner-cnn-dev.npz, dev F1 each epoch
    python -m reader.tagger.train_neural --data PATH  # another copy of msra_train.bmes.gz
    python -m reader.tagger.train_neural --dev --hidden 96 --epochs 8   # any setting, for choosing them

The model (`reader.tagger.cnn` runs it at tagging time, in numpy) is a
dilated convolutional network with a CRF on top, over the inputs of
`reader.tagger.inputs`: character, bigram, jieba-cut and dictionary-word
features.  A first convolution (width 3) reads the concatenated embeddings;
dilated convolutions (width 3, dilations `Settings.dilations`) with residual
connections widen the view to about nine characters either side; a linear
layer gives each character its label scores, and a linear-chain CRF (with
start and end scores) is trained on them by maximum likelihood (Adam, a
short warm-up then cosine decay, batches of about 1,500 characters).

Why convolutions and not a BiLSTM: at tagging time every layer is one matrix
product over all characters of an article, where an LSTM takes one small
product per character position.  Measured in numpy on one core, an LSTM's
recurrence alone (48 units each way, the sentences of a paragraph batched)
cost 2.2-3 µs a character, about what the whole CRF model it replaces costs;
a 64-wide convolution layer costs 0.3-0.4 µs.  (A BiLSTM run over all pieces
of a batch at once was built later, `reader.tagger.train_lstm`: a whole
article's pieces share each step, and it still tags at about half the CRF's
speed.)

Settings were chosen on the dev slice (`--dev`: trained on the train slice,
the bare model's entity F1 on dev; the held-out slice is never read here):

    hidden  dilations  other                                     epochs  dev F1  PER P
    128     1,2,4      bigram 48, char/bigram dropout .02/.05    10      0.8997  0.939
     96     1,2,4      bigram 32, char/bigram dropout .1/.2       8      0.8987  0.941
     64     1,2,4      bigram 32, dropout .02/.05                 8      0.8945  0.930
     64     1,3,9      as above                                   8      0.8925  0.926
     64     1,2,4      bigram 32, dropout .1/.2                   8      0.8939  0.931
     64     1,2,4      as above, 10 epochs                       10      0.8950  0.935
     32     1,2,4      as above (the default: to help the CRF)   10      0.8892  0.929
     64     1,2,4      as above, mean of epochs 5-10             10      0.8942  0.932
     64     1,2,4      BIO labels (7, decoded faster)             8      0.8915  0.919
     64     1,2,4      + per-character loss, greedy decoding      2      0.78 (Viterbi: 0.87)

For comparison, the CRF of `reader.tagger.train`, trained on the same train
slice, scores 0.9024 on dev (PER P 0.942): none of these beat it alone, but
added to the CRF where the CRF is unsure (`reader.tagger.ensemble`) the
32-wide network lifts it to 0.9083 (the 64-wide one to 0.9094, at twice the
cost).  Not packaged: even so it tags articles at 0.69x the CRF tagger's
speed (see the README).  A wider
view (1,3,9) did not help, nor did averaging weights; BIO labels cost PER
precision.  Width is what buys accuracy, and the tagger's time:
the network alone costs about 1.9 µs a character at width 32 and 4 µs at
width 64 (plus 0.7 µs for its inputs), against about 1.8 µs for the CRF's
scores.

Training needs torch (CPU build; `pip install -e ".[train]"`), and only
training: the exported `.npz` holds plain arrays, with the embeddings folded
into the first layer's weights (`export`).  Runs on one thread
(`torch.set_num_threads(1)`) so the other core stays free.  The default
network (width 32, train + dev, 45,289 sentences, 10 epochs) took 608 s on
one core of the development machine (2 cores, the other one busy;
`ner-cnn.json` records it), the train-only one for `--dev` 536 s.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

from reader.tagger import msra
from reader.tagger.cnn import FORMAT, LabelScorer, Network
from reader.tagger.crf import viterbi
from reader.tagger.inputs import SCHEMES, UNKNOWN, Encoded, Vocabulary, bio_runs, to_scheme
from reader.tagger.lexmatch import FEATURES, DictionaryIndex, jieba_dictionary
from reader.tagger.namelist import NameShape
from reader.tagger.segment import Segmenter, Tagged
from reader.tagger.train import prf

CNN_PATH = Path(__file__).with_name("ner-cnn.npz")


@dataclass
class Settings:
    """The packaged model's settings (chosen on the dev slice: see the module docstring)."""

    hidden: int = 32
    """Width of every layer: the tagger's cost grows with its square, the accuracy slowly."""
    dilations: tuple[int, ...] = (1, 2, 4)
    char_dim: int = 96
    class_dim: int = 16
    surname_dim: int = 4
    single_dim: int = 8
    seg_dim: int = 32
    bigram_dim: int = 32
    dropout: float = 0.5
    char_dropout: float = 0.1
    """Share of known characters read as unknown (their class kept) in training, so the unknown rows learn."""
    bigram_dropout: float = 0.2
    lr: float = 2e-3
    epochs: int = 10
    batch_chars: int = 1500
    min_char: int = 2
    min_bigram: int = 3
    seed: int = 1
    average_from: int = 0
    """From this epoch on (1-based; 0: never), the exported weights are the mean of each epoch's last."""
    scheme: str = "bmes"
    """The labels (`inputs.SCHEMES`): `bmes` as MSRA's, or `bio`, cheaper to decode."""


Pair = tuple[str, Tagged]


class NeuralTagger(nn.Module):
    """What every network here shares: the input embeddings, and a CRF over its label scores.

    A subclass (`ConvTagger` here, `reader.tagger.train_lstm.LstmTagger`) reads `inputs(batch)`
    and returns label scores per row of the batch's layout from `forward`.
    """

    def __init__(self, vocab: Vocabulary, s: Settings) -> None:
        super().__init__()
        self.s = s
        self.char = nn.Embedding(vocab.char_count, s.char_dim)
        self.cls = nn.Embedding(vocab.class_count, s.class_dim)
        self.surname = nn.Embedding(2, s.surname_dim)
        self.single = nn.Embedding(vocab.single_count, s.single_dim)
        self.seg = nn.Embedding(vocab.seg_count, s.seg_dim)
        self.bigram = nn.Embedding(vocab.bigram_count, s.bigram_dim)
        for table in (self.char, self.cls, self.surname, self.single, self.seg, self.bigram):
            nn.init.normal_(table.weight, std=0.1)
        labels = len(SCHEMES[s.scheme])
        self.transitions = nn.Parameter(torch.zeros(labels, labels))
        self.start = nn.Parameter(torch.zeros(labels))
        self.end = nn.Parameter(torch.zeros(labels))
        self.drop = nn.Dropout(s.dropout)
        self.key_parts: torch.Tensor
        self.register_buffer("key_parts", torch.from_numpy(vocab.key_parts.astype(np.int64)))

    @property
    def input_sizes(self) -> list[int]:
        """Widths of the parts of `inputs`' rows, in order."""
        s = self.s
        return [s.char_dim, s.class_dim, s.surname_dim, s.single_dim, s.seg_dim, s.bigram_dim, FEATURES]

    def inputs(self, batch: TorchBatch) -> torch.Tensor:
        """Each row's embeddings and dictionary features side by side, (rows, sum(input_sizes))."""
        parts = self.key_parts[batch.char]
        char_id, bigram = parts[:, 0], batch.bigram
        if self.training and self.s.char_dropout:
            drop = torch.rand(char_id.shape) < self.s.char_dropout
            char_id = torch.where(drop & (char_id > UNKNOWN), UNKNOWN, char_id)
        if self.training and self.s.bigram_dropout:
            drop = torch.rand(bigram.shape) < self.s.bigram_dropout
            bigram = torch.where(drop & (bigram > UNKNOWN), UNKNOWN, bigram)
        return torch.cat(
            [
                self.char(char_id),
                self.cls(parts[:, 1]),
                self.surname(parts[:, 2]),
                self.single(parts[:, 3]),
                self.seg(batch.seg),
                self.bigram(bigram),
                batch.lex,
            ],
            dim=1,
        )

    def forward(self, batch: TorchBatch) -> torch.Tensor:
        """Label scores of every row of the batch's layout, (rows, labels)."""
        raise NotImplementedError

    def nll(self, scores: torch.Tensor, batch: TorchBatch) -> torch.Tensor:
        """Negative log-likelihood of the gold labels under the CRF, summed over the batch's texts."""
        em = scores[batch.where]  # (characters, labels)
        gold = batch.labels
        # Gold path: emissions, transitions inside each text, start and end.
        score = em.gather(1, gold[:, None]).sum()
        score = score + self.transitions[gold[batch.pair_from], gold[batch.pair_to]].sum()
        score = score + self.start[gold[batch.firsts]].sum() + self.end[gold[batch.lasts]].sum()
        # Partition function: the forward algorithm over texts padded to the longest.
        padded = em[batch.grid]  # (texts, steps, labels); rows past a text's end repeat its last row
        alpha = self.start[None] + padded[:, 0]
        for t in range(1, padded.shape[1]):
            step = torch.logsumexp(alpha[:, :, None] + self.transitions[None], dim=1) + padded[:, t]
            alpha = torch.where(batch.alive[:, t, None], step, alpha)
        log_z = torch.logsumexp(alpha + self.end[None], dim=1).sum()
        return log_z - score


class ConvTagger(NeuralTagger):
    """The dilated CNN as trained; `export` folds it into `reader.tagger.cnn.Network`'s arrays."""

    def __init__(self, vocab: Vocabulary, s: Settings) -> None:
        super().__init__(vocab, s)
        self.first = nn.Conv1d(sum(self.input_sizes), s.hidden, 3, padding=1)
        self.convs = nn.ModuleList(
            nn.Conv1d(s.hidden, s.hidden, 3, padding=d, dilation=d) for d in s.dilations
        )
        self.out = nn.Linear(s.hidden, len(SCHEMES[s.scheme]))

    def forward(self, batch: TorchBatch) -> torch.Tensor:
        x = self.inputs(batch)
        mask = batch.mask
        h = torch.relu(self.first(self.drop(x).T[None]))[0].T * mask
        for conv in self.convs:
            h = h + torch.relu(conv(self.drop(h).T[None]))[0].T * mask
        scores: torch.Tensor = self.out(self.drop(h))
        return scores


@dataclass
class TorchBatch:
    char: torch.Tensor
    bigram: torch.Tensor
    seg: torch.Tensor
    lex: torch.Tensor
    mask: torch.Tensor
    where: torch.Tensor
    labels: torch.Tensor
    pair_from: torch.Tensor
    pair_to: torch.Tensor
    firsts: torch.Tensor
    lasts: torch.Tensor
    grid: torch.Tensor
    alive: torch.Tensor
    lengths: list[int]


def to_torch(enc: Encoded, labels: list[list[str]] | None, scheme: str = "bmes") -> TorchBatch:
    lengths = enc.lengths
    count = len(enc.where)
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    lengths_a = np.array(lengths, dtype=np.int64)
    lasts = starts + lengths_a - 1
    inside = np.ones(count, dtype=bool)
    inside[lasts] = False
    pair_from = np.flatnonzero(inside)
    steps = int(lengths_a.max()) if len(lengths) else 0
    t = np.arange(steps)[None, :]
    grid = starts[:, None] + np.minimum(t, lengths_a[:, None] - 1)
    mask = np.zeros(enc.rows, dtype=np.float32)
    mask[enc.where] = 1.0
    ids = {label: i for i, label in enumerate(SCHEMES[scheme])}
    flat = (
        [ids[tag] for tags in labels for tag in to_scheme(tags, scheme)]
        if labels is not None
        else [0] * count
    )
    return TorchBatch(
        char=torch.from_numpy(enc.char.astype(np.int64)),
        bigram=torch.from_numpy(enc.bigram.astype(np.int64)),
        seg=torch.from_numpy(enc.seg.astype(np.int64)),
        lex=torch.from_numpy(enc.lex),
        mask=torch.from_numpy(mask)[:, None],
        where=torch.from_numpy(enc.where.astype(np.int64)),
        labels=torch.tensor(flat, dtype=torch.int64),
        pair_from=torch.from_numpy(pair_from),
        pair_to=torch.from_numpy(pair_from + 1),
        firsts=torch.from_numpy(starts),
        lasts=torch.from_numpy(lasts),
        grid=torch.from_numpy(grid),
        alive=torch.from_numpy(t < lengths_a[:, None]),
        lengths=list(lengths),
    )


def batches(items: list[int], lengths: list[int], limit: int) -> list[list[int]]:
    """Indices grouped by similar length, each group at most `limit` characters (or one text)."""
    order = sorted(items, key=lambda i: lengths[i])
    out: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i in order:
        if current and size + lengths[i] > limit:
            out.append(current)
            current, size = [], 0
        current.append(i)
        size += lengths[i]
    if current:
        out.append(current)
    return out


def gap_for(s: Settings) -> int:
    return max((1, *s.dilations))


def encode_all(
    vocab: Vocabulary, pairs: list[Pair], labels: list[list[str]] | None, s: Settings
) -> tuple[list[TorchBatch], list[list[int]]]:
    """The texts in batches of similar length (and which texts each batch holds)."""
    groups = batches(list(range(len(pairs))), [len(text) for text, _ in pairs], s.batch_chars)
    gap = gap_for(s)
    encoded = [
        to_torch(
            vocab.encode([pairs[i] for i in g], gap), [labels[i] for i in g] if labels else None, s.scheme
        )
        for g in groups
    ]
    return encoded, groups


def decode(model: NeuralTagger, batch: TorchBatch) -> npt.NDArray[np.intp]:
    """Best labels of the batch's characters (numpy Viterbi over the model's scores)."""
    with torch.no_grad():
        scores = model(batch)[batch.where].double().numpy()
    starts = batch.firsts.numpy()
    scores[starts] += model.start.detach().double().numpy()
    scores[batch.lasts.numpy()] += model.end.detach().double().numpy()
    transitions = model.transitions.detach().double().numpy()
    return viterbi(scores, batch.lengths, transitions)


def evaluate(
    model: NeuralTagger,
    encoded: list[TorchBatch],
    groups: list[list[int]],
    gold: list[list[str]],
) -> dict[str, dict[str, float]]:
    """Entity-level scores of the bare model (no rules) on texts whose gold labels are `gold`."""
    model.eval()
    pairs: list[tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]] = []
    read = msra.runs if model.s.scheme == "bmes" else bio_runs
    names = SCHEMES[model.s.scheme]
    for batch, group in zip(encoded, groups, strict=True):
        labels = decode(model, batch)
        at = 0
        for i, length in zip(group, batch.lengths, strict=True):
            marked = [(j, names[int(k)]) for j, k in enumerate(labels[at : at + length])]
            found = read([(j, label[0], label[2:]) for j, label in marked if label != "O"])
            pairs.append((set(msra.spans(gold[i])), {(s, e, str(kind)) for s, e, kind in found}))
            at += length
    return prf(pairs)


def train(
    vocab: Vocabulary,
    train_pairs: list[Pair],
    train_labels: list[list[str]],
    s: Settings,
    dev: tuple[list[Pair], list[list[str]]] | None = None,
    log: Path | None = None,
    make: Callable[[Vocabulary, Settings], NeuralTagger] = ConvTagger,
) -> NeuralTagger:
    """A network made by `make` (the CNN by default), trained on the pairs; dev F1 logged each epoch."""
    torch.manual_seed(s.seed)
    random.seed(s.seed)
    model = make(vocab, s)
    encoded, _ = encode_all(vocab, train_pairs, train_labels, s)
    dev_encoded = encode_all(vocab, dev[0], dev[1], s) if dev else None
    optimiser = torch.optim.Adam(model.parameters(), lr=s.lr)
    total_steps = s.epochs * len(encoded)

    def rate(step: int) -> float:  # a short warm-up, then cosine decay to zero
        return min(1.0, (step + 1) / 200) * 0.5 * (1 + math.cos(math.pi * step / total_steps))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
    started = time.perf_counter()
    averaged: dict[str, torch.Tensor] = {}
    count = 0
    for epoch in range(s.epochs):
        model.train()
        order = list(range(len(encoded)))
        random.shuffle(order)
        total = 0.0
        chars = 0
        for i in order:
            batch = encoded[i]
            optimiser.zero_grad()
            loss = model.nll(model(batch), batch)
            (loss / len(batch.where)).backward()  # type: ignore[no-untyped-call]
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
            chars += len(batch.where)
        line = f"epoch {epoch + 1}: loss/char {total / chars:.4f}, {time.perf_counter() - started:.0f} s"
        if dev_encoded is not None and dev is not None:
            table = evaluate(model, dev_encoded[0], dev_encoded[1], dev[1])
            line += " · dev " + " ".join(f"{k} {table[k]['F1']:.4f}" for k in ("PER", "LOC", "ORG", "ALL"))
            line += f" (PER P {table['PER']['P']:.4f})"
        _log(line, log)
        if s.average_from and epoch + 1 >= s.average_from:
            count += 1
            with torch.no_grad():
                for name, value in model.state_dict().items():
                    if value.is_floating_point():
                        mean = averaged.setdefault(name, torch.zeros_like(value))
                        mean += (value - mean) / count
    if averaged:
        model.load_state_dict({**model.state_dict(), **averaged})
        line = f"mean of epochs {s.average_from}-{s.epochs}"
        if dev_encoded is not None and dev is not None:
            table = evaluate(model, dev_encoded[0], dev_encoded[1], dev[1])
            line += " · dev " + " ".join(f"{k} {table[k]['F1']:.4f}" for k in ("PER", "LOC", "ORG", "ALL"))
            line += f" (PER P {table['PER']['P']:.4f})"
        _log(line, log)
    model.eval()
    return model


def _log(line: str, log: Path | None) -> None:
    print(line, file=sys.stderr, flush=True)
    if log is not None:
        with log.open("a", encoding="utf-8") as out:
            out.write(line + "\n")


# --- export -------------------------------------------------------------------------


def export(model: ConvTagger, vocab: Vocabulary, path: Path, names: NameShape | None = None) -> None:
    """Fold the embeddings into the first layer and save plain arrays for `reader.tagger.cnn`.

    `names`, the name statistics of the training text, travel in the same file for the name-list
    rule (`reader.tagger.namelist`).
    """
    s = model.s
    convs = [c for c in model.convs if isinstance(c, nn.Conv1d)]
    with torch.no_grad():
        w1 = model.first.weight.double().numpy()  # (hidden, width, 3)
        sizes = [s.char_dim, s.class_dim, s.surname_dim, s.single_dim, s.seg_dim, s.bigram_dim, FEATURES]
        cut = np.cumsum([0, *sizes])
        char_w, cls_w, sur_w, single_w, seg_w = (w1[:, cut[i] : cut[i + 1]] for i in range(5))
        stream_w = w1[:, cut[5] : cut[7]]  # bigram embedding, then the dictionary multi-hot
        parts = vocab.key_parts
        char_e = model.char.weight.double().numpy()[parts[:, 0]]
        cls_e = model.cls.weight.double().numpy()[parts[:, 1]]
        sur_e = model.surname.weight.double().numpy()[parts[:, 2]]
        single_e = model.single.weight.double().numpy()[parts[:, 3]]
        seg_e = model.seg.weight.double().numpy()
        key_table = np.stack(
            [
                char_e @ char_w[:, :, k].T
                + cls_e @ cls_w[:, :, k].T
                + sur_e @ sur_w[:, :, k].T
                + single_e @ single_w[:, :, k].T
                for k in range(3)
            ]
        )
        seg_table = np.stack([seg_e @ seg_w[:, :, k].T for k in range(3)])
        arrays: dict[str, npt.NDArray[np.generic]] = {
            **vocab.arrays(),
            "labels": np.array("\n".join(SCHEMES[s.scheme])),
            "key_table": key_table.astype(np.float16),
            "seg_table": seg_table.astype(np.float16),
            "bigram_emb": model.bigram.weight.numpy().astype(np.float16),
            "stream_w": np.concatenate([stream_w[:, :, k].T for k in range(3)], axis=1).astype(np.float32),
            "first_b": _numpy(model.first.bias).astype(np.float32),
            "conv_w": np.stack(
                [np.concatenate([_numpy(c.weight)[:, :, k].T for k in range(3)], axis=1) for c in convs]
            ).astype(np.float32),
            "conv_b": np.stack([_numpy(c.bias) for c in convs]).astype(np.float32),
            "dilations": np.array(s.dilations, dtype=np.int64),
            "out_w": model.out.weight.numpy().T.astype(np.float32),
            "out_b": model.out.bias.numpy().astype(np.float32),
            "transitions": model.transitions.numpy().astype(np.float64),
            "start": model.start.numpy().astype(np.float64),
            "end": model.end.numpy().astype(np.float64),
            "format": np.array(FORMAT),
            **(names.arrays() if names is not None else {}),
        }
    with path.open("wb") as file:  # not compressed: it would save 2 MB and cost 80 ms at every start
        np.savez(file, **arrays)  # type: ignore[arg-type]


def _numpy(tensor: torch.Tensor | None) -> npt.NDArray[np.float32]:
    if tensor is None:
        raise ValueError("a layer without the bias its export expects")
    array: npt.NDArray[np.float32] = tensor.detach().numpy()
    return array


def check(model: NeuralTagger, network: LabelScorer, pairs: list[Pair]) -> tuple[float, float]:
    """(largest score difference, share of texts with the same labels): exported numpy vs torch."""
    gap = gap_for(model.s)
    worst = 0.0
    same = 0
    for text, tagged in pairs:
        enc = network.vocab.encode([(text, tagged)], gap)
        batch = to_torch(enc, None, model.s.scheme)
        with torch.no_grad():
            theirs = model(batch)[batch.where].numpy()
        ours = network.scores(enc)
        worst = max(worst, float(np.abs(theirs - ours).max()))
        labels = network.decode_scores(ours.astype(np.float64), enc.lengths)
        same += bool((decode(model, batch) == labels).all())
    return worst, same / max(1, len(pairs))


# --- command line -------------------------------------------------------------------


@dataclass
class Data:
    """The training text, cut and encoded as every network here reads it."""

    sentences: list[msra.Sentence]
    segmenter: Segmenter
    pairs: list[Pair]
    labels: list[list[str]]
    vocab: Vocabulary
    dev: tuple[list[Pair], list[list[str]]] | None
    """The dev slice, with `--dev` (training on the train slice alone)."""


def parse(
    argv: list[str] | None, prog: str, doc: str, defaults: Settings
) -> tuple[argparse.Namespace, Settings]:
    """The command line: where the data is and goes, and every numeric setting of `defaults`' class."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="msra_train.bmes.gz")
    parser.add_argument("--dev", action="store_true", help="train on the train slice only and score on dev")
    parser.add_argument("--out", type=Path, default=None, help="model file (default: the packaged one)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N training sentences")
    parser.add_argument("--log", type=Path, default=None, help="append each epoch's line to this file")
    numeric = {
        k: v for k, v in asdict(defaults).items() if isinstance(v, (int, float)) and not isinstance(v, bool)
    }
    for name, value in numeric.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--dilations", type=str, default=",".join(map(str, defaults.dilations)))
    parser.add_argument("--scheme", choices=tuple(SCHEMES), default=defaults.scheme)
    args = parser.parse_args(argv)
    settings = type(defaults)(
        **{k: getattr(args, k) for k in numeric},
        dilations=tuple(int(d) for d in args.dilations.split(",") if d),
        scheme=args.scheme,
    )
    return args, settings


def load(args: argparse.Namespace, settings: Settings) -> Data:
    """The training sentences (train + dev, or train alone with `--dev`), cut, and their vocabulary."""
    train_s, dev_s, _held_out = msra.split(msra.read(args.data))  # the held-out slice stays unread
    sentences = train_s if args.dev else train_s + dev_s
    if args.limit:
        sentences = sentences[: args.limit]
    segmenter = Segmenter()
    pairs = [(text, segmenter.tag(text)) for text, _ in sentences]
    labels = [tags for _, tags in sentences]
    dictionary = DictionaryIndex.build(jieba_dictionary())
    vocab = Vocabulary.build(
        [t for t, _ in pairs], [c for _, c in pairs], dictionary,
        min_char=settings.min_char, min_bigram=settings.min_bigram,
    )  # fmt: skip
    print(
        f"{len(pairs)} sentences; {vocab.char_count} chars, {vocab.bigram_count} bigrams, "
        f"{vocab.seg_count} cut ids, {len(vocab.key_parts)} char keys; {settings}",
        file=sys.stderr,
        flush=True,
    )
    dev = ([(t, segmenter.tag(t)) for t, _ in dev_s], [tags for _, tags in dev_s]) if args.dev else None
    return Data(sentences, segmenter, pairs, labels, vocab, dev)


def people_of(data: Data) -> NameShape:
    """Statistics of the people's names of the training text, for the name-list rule."""
    sentences = data.sentences
    people = [text[s:e] for text, tags in sentences for s, e, kind in msra.spans(tags) if kind == "PER"]
    return NameShape.count(people, [text for text, _ in sentences])


def report(
    model: NeuralTagger, network: LabelScorer, data: Data, out: Path, kind: str, fmt: int, seconds: float
) -> None:
    """Check the export against torch, say so, and write the model's `.json`."""
    worst, same = check(model, network, (data.dev[0] if data.dev else data.pairs)[:300])
    print(
        f"trained in {seconds:.0f} s → {out} ({out.stat().st_size / 1e6:.1f} MB); "
        f"numpy vs torch on 300 texts: scores within {worst:.2g}, same labels on {same:.1%}",
        file=sys.stderr,
    )
    meta = {
        "kind": kind,
        "format": fmt,
        "segmenter": data.segmenter.engine,
        "sentences": len(data.pairs),
        "settings": asdict(model.s),
        "seconds": round(seconds),
    }
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    args, settings = parse(argv, "python -m reader.tagger.train_neural", __doc__, Settings())
    torch.set_num_threads(1)  # one core: the machine is shared
    started = time.perf_counter()
    data = load(args, settings)
    model = train(data.vocab, data.pairs, data.labels, settings, data.dev, args.log)
    seconds = time.perf_counter() - started
    out = args.out or (Path("ner-cnn-dev.npz") if args.dev else CNN_PATH)
    assert isinstance(model, ConvTagger)
    export(model, data.vocab, out, people_of(data))
    report(model, Network.load(out), data, out, "cnn", FORMAT, seconds)


if __name__ == "__main__":
    main()

"""The CRF at tagging time: weights in numpy, scored column by column, decoded in batches.

CRFsuite trains the model (`reader.tagger.train`), but tagging through it
means building twenty-odd feature strings per character and handing them to
C one by one, which costs more than everything else the tagger does.  Here
the same weights are looked up without strings:

* a character template of one character (`c`, `a` … in
  `reader.tagger.features`) is a table indexed by code point, and so is each
  dictionary class (`A` … `I`), built from the class table the model stores;
  the ten read at the current character are added into one table at load;
* the n-gram templates of each size share one sorted array of integer keys
  (a bigram is `cp1 << 21 | cp2`), searched once per batch for every
  position, then mapped to each template's rows;
* the word-level features are looked up once per distinct word and spread
  over the word's characters with numpy.

The rows found are then added template by template (`take` and an in-place
add per template, which is twice as fast as one fancy-indexed gather of all).
All pieces of a batch (the sentences of a paragraph or an article) are then
decoded together, and each piece from both ends at once (Viterbi forward over
its first half and backward over its second half, joined in the middle),
which halves the number of numpy steps.  The labels are the ones CRFsuite
would give (`train.py` checks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.models import EntityType
from reader.tagger.features import CHAR_TEMPLATES, CLASS_TEMPLATES, END, PAD, WORD_TEMPLATES, is_title
from reader.tagger.lexicon import COMPOUND_SURNAMES, SURNAMES
from reader.tagger.msra import runs
from reader.tagger.segment import Tagged
from reader.tagger.text import fold

BATCH_CHARS = 8_000
"""Characters scored together: big enough to share the per-step cost, small enough for memory."""
_WIDTH = len(PAD)
_BMP = 0x10000
"""Unigram tables cover the Basic Multilingual Plane; anything above shares one (unknown) slot."""


def char_key(value: str) -> int:
    """The integer key of a character template's value (one to three characters)."""
    key = 0
    for char in value:
        key = (key << 21) | ord(char)
    return key


class CRF:
    """Weights by template, all in one matrix of label scores; per-template ways to find a row."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.labels: list[str] = str(data["labels"]).split("\n")
            self.transitions = data["transitions"].astype(np.float64)
            # Every template's weight rows in one matrix, each block ending in an all-zero row that
            # the template's unknown values point at; `offset[name]` is where a block starts.
            blocks: list[np.ndarray] = []
            offset: dict[str, int] = {}
            keys: dict[str, np.ndarray] = {}
            vocab: dict[str, list[str]] = {}
            at = 0
            class_chars = data["class_chars"].astype(np.int64)
            class_digits = data["class_digits"]
            for name in (*CHAR_TEMPLATES, *WORD_TEMPLATES, *CLASS_TEMPLATES):
                weights = data[f"weights_{name}"]
                if name in CHAR_TEMPLATES:
                    keys[name] = data[f"keys_{name}"].astype(np.int64)
                else:
                    vocab[name] = str(data[f"vocab_{name}"]).split("\n") if len(weights) else []
                offset[name] = at
                blocks.append(weights.astype(np.float32))
                blocks.append(np.zeros((1, len(self.labels)), dtype=np.float32))
                at += len(weights) + 1
        self.size = len(self.labels)
        self._outside = self.labels.index("O")
        self._kinds = [tuple(label.partition("-")[::2]) for label in self.labels]
        self._weights = np.vstack(
            blocks
        )  # float32: half the memory traffic; labels unchanged (train.py checks)
        self._offset = offset
        self._word = {
            name: {v: i + offset[name] for i, v in enumerate(values)} for name, values in vocab.items()
        }
        self._miss = {name: offset[name] + len(values) for name, values in vocab.items()}
        self._by_size = self._char_tables(keys, offset)
        self._add_classes(class_chars, class_digits)
        self._fold_current()
        self._word_ids: dict[tuple[str, str], int] = {}
        self._facts = np.zeros((4096, 13), dtype=np.intp)
        self._shapes: dict[tuple[int, str], tuple[int, ...]] = {}
        self._surname = np.zeros(_BMP + 1, dtype=np.intp)  # by code point: 1 for a surname
        self._surname[[ord(c) for c in SURNAMES if ord(c) < _BMP]] = 1
        self._compounds = np.array(sorted(char_key(c) for c in COMPOUND_SURNAMES), dtype=np.int64)
        flags = self._word["s"]
        self._surname_rows = np.array([flags.get(v, self._miss["s"]) for v in "012"], dtype=np.intp)

    @staticmethod
    def _char_tables(keys: dict[str, np.ndarray], offset: dict[str, int]) -> list[tuple[Any, ...]]:
        """Per template size: (offsets of each template's first character, key table, row table).

        Size 1: the row table is (templates, code points).  Larger: the key table is
        the union of the templates' keys, and the row table (templates, union + 1)
        maps a key's place in the union to each template's row.
        """
        groups: dict[int, list[str]] = {}
        for name, offsets in CHAR_TEMPLATES.items():
            groups.setdefault(len(offsets), []).append(name)
        tables: list[tuple[Any, ...]] = []
        for size, names in sorted(groups.items()):
            firsts = np.array([CHAR_TEMPLATES[n][0] for n in names], dtype=np.intp)
            if size == 1:
                rows = np.empty((len(names), _BMP + 1), dtype=np.intp)
                for k, name in enumerate(names):
                    table = keys[name]
                    rows[k] = offset[name] + len(table)  # unknown
                    inside = table < _BMP  # an astral unigram is never looked up (all share the last slot)
                    rows[k, table[inside]] = offset[name] + np.flatnonzero(inside)
                tables.append((size, firsts, None, rows))
                continue
            union = np.unique(np.concatenate([keys[n] for n in names] + [np.zeros(0, np.int64)]))
            rows = np.empty((len(names), len(union) + 1), dtype=np.intp)
            for k, name in enumerate(names):
                table = keys[name]
                rows[k] = offset[name] + len(table)
                rows[k, np.searchsorted(union, table)] = offset[name] + np.arange(len(table))
            tables.append((size, firsts, union, rows))
        return tables

    def _add_classes(self, chars: np.ndarray, digits: np.ndarray) -> None:
        """The dictionary-class templates are unigram tables too: code point → the row of its class digit."""
        size, firsts, union, rows = self._by_size[0]
        inside = chars < _BMP
        extra = np.empty((len(CLASS_TEMPLATES), _BMP + 1), dtype=np.intp)
        for k, name in enumerate(CLASS_TEMPLATES):
            row_of = np.array(
                [self._word[name].get(str(d), self._miss[name]) for d in range(10)], dtype=np.intp
            )
            extra[k] = row_of[0]  # a character the dictionary has in no name
            extra[k, chars[inside]] = row_of[digits[inside, k]]
        firsts = np.concatenate([firsts, np.zeros(len(CLASS_TEMPLATES), dtype=np.intp)])
        self._by_size[0] = (size, firsts, union, np.vstack([rows, extra]))

    def _fold_current(self) -> None:
        """Add up, once at load, the rows of every template read from the current character alone
        (its unigram and its nine dictionary classes): one table by code point, so each character
        gathers one row where it gathered ten (the same sums, added in another order)."""
        size, firsts, union, rows = self._by_size[0]
        here = firsts == 0
        current = rows[here]  # (templates, code points); the last code point stands for every unknown one
        table = np.repeat(self._weights[current[:, -1]].sum(axis=0)[None, :], _BMP + 1, axis=0)
        known = np.flatnonzero((current != current[:, -1:]).any(axis=0))  # a few thousand
        table[known] = self._weights[current[:, known]].sum(axis=0)
        base = len(self._weights)
        self._weights = np.vstack([self._weights, table])
        self._by_size[0] = (
            size,
            np.concatenate([firsts[~here], np.zeros(1, dtype=np.intp)]),
            union,
            np.vstack([rows[~here], base + np.arange(_BMP + 1)[None, :]]),
        )

    def labels_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[str]]:
        """Labels for each non-empty (text, cut) piece."""
        names = self.labels
        flat = self.decode(pieces).tolist()
        out: list[list[str]] = []
        at = 0
        for text, _ in pieces:
            out.append([names[i] for i in flat[at : at + len(text)]])
            at += len(text)
        return out

    def spans_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[tuple[int, int, EntityType]]]:
        """(start, end, type) of the names in each non-empty piece, read as `msra.spans` reads labels."""
        return spans_by_piece(pieces, self.decode(pieces), self._outside, self._kinds, runs)

    def decode(self, pieces: list[tuple[str, Tagged]]) -> np.ndarray:
        """Label numbers of all characters of all pieces, concatenated; scored a few thousand at a time."""
        return decode_in_batches(
            pieces, lambda batch: self._viterbi(self._emissions(batch), [len(text) for text, _ in batch])
        )

    # --- scoring ------------------------------------------------------------------------

    def _emissions(self, pieces: list[tuple[str, Tagged]]) -> np.ndarray:
        """One row of label scores per character of all pieces, concatenated."""
        lengths = np.array([len(text) for text, _ in pieces], dtype=np.intp)
        padded = "".join(PAD + fold(text) + END for text, _ in pieces)
        cps = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        # Where each real character sits in `cps`: after its piece's padding and all earlier pieces'.
        piece = np.repeat(np.arange(len(pieces)), lengths)
        centre = np.arange(len(piece)) + piece * (2 * _WIDTH) + _WIDTH
        columns: list[np.ndarray] = []
        for size, firsts, union, rows in self._by_size:
            if size == 1:
                values = np.minimum(cps, _BMP)
            else:
                values = cps[: len(cps) - size + 1].copy()
                for k in range(1, size):
                    values <<= 21
                    values |= cps[k : len(cps) - size + 1 + k]
                at = np.searchsorted(union, values)
                found = at < len(union)
                found[found] = union[at[found]] == values[found]
                values = np.where(found, at, len(union))
            where = centre[:, None] + firsts[None, :]
            columns.append(rows[np.arange(len(firsts))[None, :], values[where]])
        columns.append(self._word_rows(pieces, len(centre)))
        # Surname flag: 2 for a compound surname starting here, 1 for a single one, else 0.
        current = cps[centre]
        flag = self._surname[np.minimum(current, _BMP)]
        pairs = (current << 21) | cps[centre + 1]
        at = np.minimum(np.searchsorted(self._compounds, pairs), len(self._compounds) - 1)
        flag[self._compounds[at] == pairs] = 2
        columns.append(self._surname_rows[flag][:, None])
        # Template by template (rows of `by_template`): no (characters, templates, labels) array.
        by_template = np.concatenate([c.T for c in columns])
        scores: np.ndarray = self._weights.take(by_template[0], axis=0)
        for rows in by_template[1:]:
            scores += self._weights.take(rows, axis=0)
        return scores

    def _word_rows(self, pieces: list[tuple[str, Tagged]], count: int) -> np.ndarray:
        """Rows of the word-level features (what `features.word_columns` spells out): (characters, 6)."""
        if len(self._word_ids) > 200_000:  # bounded: a corpus has far fewer distinct words
            self._word_ids.clear()  # (only between batches: a batch's ids must stay valid)
        get = self._word_ids.get
        ids: list[int] = []
        piece_starts: list[int] = []
        for _, tagged in pieces:
            piece_starts.append(len(ids))
            found = list(map(get, tagged))
            ids += [self._word_id(pair) if i is None else i for i, pair in zip(found, tagged, strict=True)]
        facts = self._facts[ids]  # (words, 13): see `_word_facts`
        length = facts[:, 12]
        # Each word's neighbours within its piece ("^" before the first word, "$" after the last).
        first_word = np.zeros(len(ids) + 1, dtype=bool)
        first_word[piece_starts] = True
        first_word[-1] = True
        prev_p = np.empty(len(ids), dtype=np.intp)
        prev_p[1:] = facts[:-1, 9]
        prev_t = np.empty(len(ids), dtype=np.intp)
        prev_t[1:] = facts[:-1, 11]
        next_n = np.empty(len(ids), dtype=np.intp)
        next_n[:-1] = facts[1:, 10]
        starting = first_word[:-1]
        prev_p[starting] = self._start_row("p", "^")
        prev_t[starting] = self._title_rows()[1 if is_title("^") else 0]
        next_n[first_word[1:]] = self._start_row("n", "$")
        # Spread over characters: where each character sits in its word.
        word = np.repeat(np.arange(len(ids)), length)
        ends = np.cumsum(length)
        first = np.zeros(count, dtype=np.intp)
        first[ends - length] = 1
        last = np.zeros(count, dtype=np.intp)
        last[ends - 1] = 2
        place = first + last  # 0 middle, 1 first, 2 last, 3 single
        out = np.empty((count, 6), dtype=np.intp)
        out[:, 0] = facts[word, place]  # k: columns 0-3 hold the word's M, B, E, S rows
        out[:, 1] = facts[word, 4 + place]  # l: columns 4-7
        out[:, 2] = facts[word, 8]  # w
        out[:, 3] = np.where(first, prev_p[word], self._start_row("p", ""))
        out[:, 4] = np.where(last, next_n[word], self._start_row("n", ""))
        out[:, 5] = np.where(first, prev_t[word], self._title_rows()[0])
        return out

    def _word_id(self, pair: tuple[str, str]) -> int:
        """The row of `_facts` for a (word, part of speech), added on first sight."""
        known = self._word_ids.get(pair)
        if known is not None:  # a new word met twice in one batch
            return known
        at = len(self._word_ids)
        if at == len(self._facts):
            grown = np.zeros((2 * len(self._facts), self._facts.shape[1]), dtype=np.intp)
            grown[:at] = self._facts
            self._facts = grown
        self._facts[at] = self._word_facts(*pair)
        self._word_ids[pair] = at
        return at

    def _start_row(self, name: str, value: str) -> int:
        return self._word[name].get(value, self._miss[name])

    def _title_rows(self) -> tuple[int, int]:
        vocab, miss = self._word["t"], self._miss["t"]
        return vocab.get("0", miss), vocab.get("1", miss)

    def _word_facts(self, word: str, pos: str) -> tuple[int, ...]:
        """A word's rows: k (middle, first, last, single), l (same), w, as `p`, as `n`, as `t`; its length."""
        length = len(word)
        shape = self._shapes.get((length, pos))
        if shape is None:
            k, k_miss, n, n_miss = self._word["k"], self._miss["k"], self._word["l"], self._miss["l"]
            b = "4" if length > 4 else str(length)
            shape = self._shapes[(length, pos)] = (
                k.get("M" + b + pos, k_miss), k.get("B" + b + pos, k_miss), k.get("E" + b + pos, k_miss),
                k.get("S" + pos, k_miss),
                n.get("M" + b, n_miss), n.get("B" + b, n_miss), n.get("E" + b, n_miss), n.get("S", n_miss),
            )  # fmt: skip
        w = self._word["w"].get(word if length > 1 else "", self._miss["w"])
        titles = self._title_rows()
        title = titles[1 if is_title(word) else 0]
        return (*shape, w, self._start_row("p", word), self._start_row("n", word), title, length)

    # --- decoding -----------------------------------------------------------------------

    def _viterbi(self, scores: np.ndarray, lengths: list[int]) -> np.ndarray:
        return viterbi(scores, lengths, self.transitions)


def viterbi(scores: np.ndarray, lengths: list[int], transitions: np.ndarray) -> np.ndarray:
    """Best labels of all pieces (concatenated, like `scores`), each piece decoded from both ends at once.

    `transitions[a, b]` scores label a followed by label b.  Row k runs
    forward over the first half of piece k, row count + k backward over its
    second half; the halves are joined by the best pair of labels across the
    middle.  Rows are padded to the longest; a row's final scores are taken at
    its own last step, so padding never feeds into a path.  (Shared with the
    neural model, `reader.tagger.cnn`.)
    """
    size, count = transitions.shape[0], len(lengths)
    length = np.array(lengths, dtype=np.intp)
    firsts = (length + 1) // 2
    seconds = length - firsts
    starts = np.zeros(count, dtype=np.intp)
    np.cumsum(length[:-1], out=starts[1:])
    steps = int(firsts.max())
    rows = 2 * count
    last = np.concatenate([firsts, seconds]) - 1  # -1: a one-character piece has no second half
    t = np.arange(steps)[:, None]
    where = np.concatenate([starts[None, :] + t, (starts + length - 1)[None, :] - t], axis=1)
    valid = t <= last[None, :]
    grid = scores[np.where(valid, where, 0)]  # (steps, rows, labels)
    # Candidates are laid out (row, to, from) so that the maximum runs over the last axis.
    trans = np.empty((rows, size, size))
    trans[:count] = transitions.T
    trans[count:] = transitions
    back = np.empty((steps, rows, size), dtype=np.intp)
    candidates = np.empty((rows, size, size))
    flat = candidates.ravel()
    base = np.arange(rows * size) * size
    picked = np.empty(rows * size, dtype=np.intp)
    best = grid[0].copy()
    best_flat = best.ravel()
    final = best.copy()
    ends: dict[int, list[int]] = {}
    for r, step in enumerate(last.tolist()):
        if step >= 0:
            ends.setdefault(step, []).append(r)
    for step in range(1, steps):
        np.add(best[:, None, :], trans, out=candidates)
        index = back[step]
        candidates.argmax(axis=2, out=index)
        np.add(base, index.ravel(), out=picked)
        flat.take(picked, out=best_flat)
        best += grid[step]
        if step in ends:
            final[ends[step]] = best[ends[step]]
    # Join: the forward half ends in label a, the backward half starts with b, a → b.
    ahead, behind = final[:count], final[count:]
    joint = ahead[:, :, None] + transitions[None] + behind[:, None, :]
    alone = seconds == 0
    if alone.any():
        joint[alone] = np.where(np.eye(size, dtype=bool), ahead[alone][:, :, None], -np.inf)
    a, b = np.divmod(joint.reshape(count, -1).argmax(axis=1), size)
    labels = _backtrack(back, last, np.concatenate([a, b]))
    out = np.empty(len(scores), dtype=np.intp)
    out[where[valid]] = labels[valid]
    return out


def _backtrack(back: np.ndarray, last: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Labels (steps, rows) of each row's best path, given its label `end` at its `last` step.

    `back[t]` maps a label at step t to the best label at step t - 1.  Rather
    than one step at a time, the maps are composed by doubling (label at t ←
    label at the last step, for every t at once, in log2(steps) gathers).
    """
    steps, rows, size = back.shape
    # step[t] maps a label at t + 1 to one at t; past a row's end (and at the top) it is the identity.
    maps = np.empty_like(back)
    maps[:-1] = back[1:]
    maps[-1] = np.arange(size)
    beyond = np.arange(steps)[:, None] >= last[None, :]
    maps[beyond] = np.arange(size)
    flat = maps.ravel()
    base = (np.arange(steps * rows) * size).reshape(steps, rows, 1)
    span = 1
    while span < steps:  # maps[t] becomes "label at t ← label at min(t + 2·span, top)"
        maps[:-span] = flat.take(base[:-span] + maps[span:])
        span *= 2
    labels: np.ndarray = flat.take(base[:, :, 0] + end[None, :])
    return labels


def decode_in_batches(
    pieces: list[tuple[str, Tagged]],
    decode_batch: Callable[[list[tuple[str, Tagged]]], npt.NDArray[np.intp]],
    limit: int = BATCH_CHARS,
) -> npt.NDArray[np.intp]:
    """Label numbers of all characters of all non-empty pieces, concatenated: `decode_batch` runs
    on consecutive pieces of up to about `limit` characters together (a batch shares the fixed
    cost of each step; a bound keeps its arrays small)."""
    out: list[npt.NDArray[np.intp]] = []
    batch: list[tuple[str, Tagged]] = []
    size = 0
    for piece in [*pieces, None]:
        if piece is None or (batch and size + len(piece[0]) > limit):
            if batch:
                out.append(decode_batch(batch))
            batch, size = [], 0
        if piece is not None and piece[0]:
            batch.append(piece)
            size += len(piece[0])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.intp)


def spans_by_piece(
    pieces: list[tuple[str, Tagged]],
    flat: np.ndarray,
    outside: int,
    kinds: Sequence[tuple[str, ...]],
    read: Callable[[list[Any]], list[tuple[int, int, EntityType]]],
) -> list[list[tuple[int, int, EntityType]]]:
    """The names of each piece from the labels of all pieces end to end (`flat`): only the
    labelled characters are looked at, a small share of all (shared by the CRF and the CNN).
    `kinds` gives each label's (position, type); `read` joins a piece's (offset, position, type)
    into names."""
    named = np.flatnonzero(flat != outside)
    labels = flat[named].tolist()
    named_list = named.tolist()
    found: list[list[tuple[int, int, EntityType]]] = []
    k, count = 0, len(named_list)
    at = 0
    for text, _ in pieces:
        end = at + len(text)
        first = k
        while k < count and named_list[k] < end:
            k += 1
        found.append(read([(named_list[j] - at, *kinds[labels[j]]) for j in range(first, k)]))
        at = end
    return found

"""The CRF at tagging time: weights in numpy, scored column by column, decoded in batches.

CRFsuite trains the model (`reader.tagger.train`), but tagging through it
means building about twenty feature strings per character and handing them
to C one by one, which costs more than everything else the tagger does.
Here the same weights are looked up without strings: the character features
(`a`…`j` in `reader.tagger.features`) become integer keys made of code
points (a bigram is `cp1 << 21 | cp2`), found with one `searchsorted` per
template over a whole document; only the word-level features go through
dictionaries, once per word.  Viterbi runs over all sentences of a document
at once.  The labels are the ones CRFsuite would give (`train.py` checks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from reader.tagger.features import is_title
from reader.tagger.lexicon import COMPOUND_SURNAMES, SURNAMES
from reader.tagger.segment import Tagged
from reader.tagger.text import fold

CHAR_TEMPLATES = {
    # name: code-point offsets from the current character (features.py's a…j)
    "a": (-2,),
    "b": (-1,),
    "c": (0,),
    "d": (1,),
    "e": (2,),
    "f": (-1, 0),
    "g": (0, 1),
    "h": (-2, -1),
    "i": (1, 2),
    "j": (-1, 0, 1),
}
WORD_TEMPLATES = ("k", "l", "w", "p", "n", "t")
"""In the order `word_columns` returns them."""
BATCH_CHARS = 8_000
"""Characters decoded together: big enough to share the per-step cost, small enough for memory."""
_PAD = "\x02\x02"
_END = "\x03\x03"


def char_key(value: str) -> int:
    """The integer key of a character template's value (one to three characters)."""
    key = 0
    for char in value:
        key = (key << 21) | ord(char)
    return key


class CRF:
    """Weights by template: sorted integer keys or a vocabulary, each with a row of label scores."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.labels: list[str] = str(data["labels"]).split("\n")
            self.transitions = data["transitions"].astype(np.float64)
            # All templates' weight rows in one matrix, each template's block ending in an all-zero
            # row that its unknown values point at; `_offset` says where each block starts.
            blocks: list[np.ndarray] = []
            self._offset: dict[str, int] = {}
            at = 0
            self._char: dict[str, np.ndarray] = {}
            for name in CHAR_TEMPLATES:
                keys = data[f"keys_{name}"]
                self._char[name] = keys if len(keys) else np.array([-1], dtype=np.int64)
                blocks.append(_with_zero_row(data[f"weights_{name}"]))
            self._word: dict[str, dict[str, int]] = {}
            for name in (*WORD_TEMPLATES, "s"):
                self._word[name] = {v: i for i, v in enumerate(str(data[f"vocab_{name}"]).split("\n"))}
                blocks.append(_with_zero_row(data[f"weights_{name}"]))
            for name, block in zip((*CHAR_TEMPLATES, *WORD_TEMPLATES, "s"), blocks):
                self._offset[name] = at
                at += len(block)
            self._weights = np.vstack(blocks).astype(np.float32)  # half the memory traffic; labels unchanged (train.py checks)
        self.size = len(self.labels)
        flags = self._word["s"]
        self._surname_rows = np.array([self._offset["s"] + flags.get(v, len(flags)) for v in "012"], dtype=np.intp)
        self._surname_flag = np.zeros(0x10000 + 1, dtype=np.uint8)  # by code point; the last slot stands for all above
        self._surname_flag[[ord(c) for c in SURNAMES]] = 1
        self._shapes: dict[tuple[str, str], tuple[list[int], list[int], list[int]]] = {}
        self._compounds = np.array(sorted(char_key(c) for c in COMPOUND_SURNAMES), dtype=np.int64)

    def labels_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[str]]:
        """Labels for each non-empty (text, cut) piece, scored and decoded in batches of a few thousand characters."""
        names = self.labels
        labels: list[list[str]] = []
        batch: list[tuple[str, Tagged]] = []
        size = 0
        for piece in [*pieces, None]:
            if piece is None or (batch and size + len(piece[0]) > BATCH_CHARS):
                if batch:
                    paths = self._viterbi(self._emissions(batch), [len(text) for text, _ in batch])
                    labels += [[names[i] for i in path] for path in paths]
                batch, size = [], 0
            if piece is not None:
                batch.append(piece)
                size += len(piece[0])
        return labels

    # --- scoring ------------------------------------------------------------------------

    def _emissions(self, pieces: list[tuple[str, Tagged]]) -> np.ndarray:
        """One row of label scores per character of all pieces, concatenated."""
        padded = "".join(_PAD + fold(text) + _END for text, _ in pieces)
        cps = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        # Index of each real character in `cps`: skip two pad characters before and after each piece.
        centre = np.concatenate(
            [np.arange(len(text)) + start + 2 for (text, _), start in zip(pieces, _starts(pieces))]
        )
        rows = np.empty((len(centre), len(CHAR_TEMPLATES) + len(WORD_TEMPLATES) + 1), dtype=np.intp)
        for column, (name, offsets) in enumerate(CHAR_TEMPLATES.items()):
            keys = cps[centre + offsets[0]]
            for offset in offsets[1:]:
                keys = (keys << 21) | cps[centre + offset]
            table = self._char[name]
            at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
            rows[:, column] = np.where(table[at] == keys, at, len(table)) + self._offset[name]
        column = len(CHAR_TEMPLATES)
        for name, values in zip(WORD_TEMPLATES, self._word_rows(pieces)):
            rows[:, column] = values
            rows[:, column] += self._offset[name]
            column += 1
        # Surname flag: 2 for a compound surname starting here, 1 for a single one, else 0.
        current = cps[centre]
        flag = self._surname_flag[np.minimum(current, len(self._surname_flag) - 1)].astype(np.intp)
        pairs = (current << 21) | cps[centre + 1]
        at = np.minimum(np.searchsorted(self._compounds, pairs), len(self._compounds) - 1)
        flag[self._compounds[at] == pairs] = 2
        rows[:, column] = self._surname_rows[flag]
        return self._weights[rows].sum(axis=1)

    def _word_rows(self, pieces: list[tuple[str, Tagged]]) -> list[list[int]]:
        """Row numbers of the word-level features (what `features.word_columns` spells out), per character."""
        p_vocab, n_vocab, t_vocab = self._word["p"], self._word["n"], self._word["t"]
        p_miss, n_miss = len(p_vocab), len(n_vocab)
        p_none, n_none = p_vocab.get("", p_miss), n_vocab.get("", n_miss)
        t_yes, t_no = t_vocab.get("1", len(t_vocab)), t_vocab.get("0", len(t_vocab))
        shapes = self._shapes
        ks: list[int] = []
        ls: list[int] = []
        ws: list[int] = []
        ps: list[int] = []
        ns: list[int] = []
        ts: list[int] = []
        for _, tagged in pieces:
            prev = "^"
            count = len(tagged)
            for index, pair in enumerate(tagged):
                word = pair[0]
                length = len(word)
                nxt = tagged[index + 1][0] if index + 1 < count else "$"
                shape = shapes.get(pair)
                if shape is None:
                    if len(shapes) > 200_000:  # bounded: a corpus has far fewer distinct words
                        shapes.clear()
                    shape = shapes[pair] = self._shape_rows(word, pair[1])
                ks += shape[0]
                ls += shape[1]
                ws += shape[2]
                title = t_yes if is_title(prev) else t_no
                if length == 1:
                    ps.append(p_vocab.get(prev, p_miss))
                    ns.append(n_vocab.get(nxt, n_miss))
                    ts.append(title)
                else:
                    ps.append(p_vocab.get(prev, p_miss))
                    ps += [p_none] * (length - 1)
                    ns += [n_none] * (length - 1)
                    ns.append(n_vocab.get(nxt, n_miss))
                    ts.append(title)
                    ts += [t_no] * (length - 1)
                prev = word
        return [ks, ls, ws, ps, ns, ts]

    def _shape_rows(self, word: str, pos: str) -> tuple[list[int], list[int], list[int]]:
        """Rows of the features that depend on the word alone: place in word + POS, place in word, the word."""
        k_vocab, l_vocab, w_vocab = self._word["k"], self._word["l"], self._word["w"]
        k_miss, l_miss, w_miss = len(k_vocab), len(l_vocab), len(w_vocab)
        length = len(word)
        if length == 1:
            return [k_vocab.get("S" + pos, k_miss)], [l_vocab.get("S", l_miss)], [w_vocab.get("", w_miss)]
        b = "4" if length > 4 else str(length)
        middle = length - 2
        ks = [k_vocab.get("B" + b + pos, k_miss), *[k_vocab.get("M" + b + pos, k_miss)] * middle, k_vocab.get("E" + b + pos, k_miss)]
        ls = [l_vocab.get("B" + b, l_miss), *[l_vocab.get("M" + b, l_miss)] * middle, l_vocab.get("E" + b, l_miss)]
        return ks, ls, [w_vocab.get(word, w_miss)] * length

    # --- decoding -----------------------------------------------------------------------

    def _viterbi(self, scores: np.ndarray, lengths: list[int]) -> list[list[int]]:
        """Best label paths, all pieces side by side (padded to the longest).

        Padding never feeds back into a piece's path: each piece's final
        scores are taken at its own last character.
        """
        count, longest, size = len(lengths), max(lengths), self.size
        grid = np.zeros((longest, count, size))
        ends: dict[int, list[int]] = {}
        start = 0
        for k, length in enumerate(lengths):
            grid[:length, k] = scores[start : start + length]
            ends.setdefault(length - 1, []).append(k)
            start += length
        transitions = self.transitions[None, :, :]
        maximum = np.maximum.reduce
        back = np.zeros((longest, count, size), dtype=np.intp)
        final = np.zeros((count, size))
        candidates = np.empty((count, size, size))  # (piece, from, to)
        best = grid[0].copy()
        for t in range(longest):
            if t:
                np.add(best[:, :, None], transitions, out=candidates)
                candidates.argmax(axis=1, out=back[t])
                maximum(candidates, axis=1, out=best)
                best += grid[t]
            if t in ends:
                final[ends[t]] = best[ends[t]]
        paths: list[list[int]] = []
        for k, length in enumerate(lengths):
            label = int(final[k].argmax())
            path = [label]
            column = back[:, k]
            for t in range(length - 1, 0, -1):
                label = int(column[t, label])
                path.append(label)
            path.reverse()
            paths.append(path)
        return paths


def _starts(pieces: list[tuple[str, Any]]) -> list[int]:
    starts, at = [], 0
    for text, _ in pieces:
        starts.append(at)
        at += len(text) + len(_PAD) + len(_END)
    return starts


def _with_zero_row(weights: np.ndarray) -> np.ndarray:
    """Weights plus a final all-zero row that unknown keys point at."""
    return np.vstack([weights.astype(np.float64), np.zeros((1, weights.shape[1]))])

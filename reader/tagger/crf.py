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
            self._char: dict[str, tuple[np.ndarray, np.ndarray]] = {
                name: (data[f"keys_{name}"], _with_zero_row(data[f"weights_{name}"])) for name in CHAR_TEMPLATES
            }
            self._word: dict[str, tuple[dict[str, int], np.ndarray]] = {}
            for name in (*WORD_TEMPLATES, "s"):
                vocabulary = str(data[f"vocab_{name}"]).split("\n")
                self._word[name] = (
                    {v: i for i, v in enumerate(vocabulary)},
                    _with_zero_row(data[f"weights_{name}"]),
                )
        self.size = len(self.labels)
        flags, weights = self._word["s"]
        self._surname_rows = weights[[flags.get(v, len(flags)) for v in "012"]]
        self._surnames = np.array(sorted(ord(c) for c in SURNAMES), dtype=np.int64)
        self._compounds = np.array(sorted(char_key(c) for c in COMPOUND_SURNAMES), dtype=np.int64)

    def labels_of(self, pieces: list[tuple[str, Tagged]]) -> list[list[str]]:
        """Labels for each (text, cut) piece; all pieces are scored and decoded together."""
        pieces = [(text, tagged) for text, tagged in pieces]
        if not pieces:
            return []
        lengths = [len(text) for text, _ in pieces]
        scores = self._emissions(pieces)
        paths = self._viterbi(scores, lengths)
        names = self.labels
        return [[names[i] for i in path] for path in paths]

    # --- scoring ------------------------------------------------------------------------

    def _emissions(self, pieces: list[tuple[str, Tagged]]) -> np.ndarray:
        """One row of label scores per character of all pieces, concatenated."""
        padded = "".join(_PAD + fold(text) + _END for text, _ in pieces)
        cps = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        # Index of each real character in `cps`: skip two pad characters before and after each piece.
        centre = np.concatenate(
            [np.arange(len(text)) + start + 2 for (text, _), start in zip(pieces, _starts(pieces))]
        )
        total = np.zeros((len(centre), self.size), dtype=np.float64)
        for name, offsets in CHAR_TEMPLATES.items():
            keys = np.zeros(len(centre), dtype=np.int64)
            for offset in offsets:
                keys = (keys << 21) | cps[centre + offset]
            table, weights = self._char[name]
            at = np.searchsorted(table, keys)
            at[at == len(table)] = 0
            rows = np.where(table[at] == keys, at, len(table)) if len(table) else np.zeros_like(at)
            total += weights[rows]
        rows = self._word_rows(pieces)
        for name, column in zip(WORD_TEMPLATES, rows):
            total += self._word[name][1][column]
        # Surname flag: 2 for a compound surname starting here, 1 for a single one, else 0.
        current, following = cps[centre], cps[centre + 1]
        flag = np.isin(current, self._surnames).astype(np.intp)
        flag[np.isin((current << 21) | following, self._compounds)] = 2
        total += self._surname_rows[flag]
        return total

    def _word_rows(self, pieces: list[tuple[str, Tagged]]) -> list[list[int]]:
        """Row numbers of the word-level features (what `features.word_columns` spells out), per character."""
        (k_vocab, k_w), (l_vocab, l_w), (w_vocab, w_w), (p_vocab, p_w), (n_vocab, n_w), (t_vocab, t_w) = (
            self._word[name] for name in WORD_TEMPLATES
        )
        k_miss, l_miss, w_miss, p_miss, n_miss = len(k_vocab), len(l_vocab), len(w_vocab), len(p_vocab), len(n_vocab)
        w_none, p_none, n_none = w_vocab.get("", w_miss), p_vocab.get("", p_miss), n_vocab.get("", n_miss)
        t_yes, t_no = t_vocab.get("1", len(t_vocab)), t_vocab.get("0", len(t_vocab))
        ks: list[int] = []
        ls: list[int] = []
        ws: list[int] = []
        ps: list[int] = []
        ns: list[int] = []
        ts: list[int] = []
        for _, tagged in pieces:
            prev = "^"
            count = len(tagged)
            for index, (word, pos) in enumerate(tagged):
                length = len(word)
                nxt = tagged[index + 1][0] if index + 1 < count else "$"
                title = t_yes if is_title(prev) else t_no
                if length == 1:
                    ks.append(k_vocab.get("S" + pos, k_miss))
                    ls.append(l_vocab.get("S", l_miss))
                    ws.append(w_none)
                    ps.append(p_vocab.get(prev, p_miss))
                    ns.append(n_vocab.get(nxt, n_miss))
                    ts.append(title)
                else:
                    b = "4" if length > 4 else str(length)
                    middle = length - 2
                    ks += [k_vocab.get("B" + b + pos, k_miss), *[k_vocab.get("M" + b + pos, k_miss)] * middle,
                           k_vocab.get("E" + b + pos, k_miss)]  # fmt: skip
                    ls += [l_vocab.get("B" + b, l_miss), *[l_vocab.get("M" + b, l_miss)] * middle, l_vocab.get("E" + b, l_miss)]
                    ws += [w_vocab.get(word, w_miss)] * length
                    ps += [p_vocab.get(prev, p_miss), *[p_none] * (length - 1)]
                    ns += [*[n_none] * (length - 1), n_vocab.get(nxt, n_miss)]
                    ts += [title, *[t_no] * (length - 1)]
                prev = word
        return [ks, ls, ws, ps, ns, ts]

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
        back = np.zeros((longest, count, size), dtype=np.intp)
        final = np.zeros((count, size))
        candidates = np.empty((count, size, size))  # (piece, from, to)
        best = grid[0].copy()
        for t in range(longest):
            if t:
                np.add(best[:, :, None], transitions, out=candidates)
                candidates.argmax(axis=1, out=back[t])
                candidates.max(axis=1, out=best)
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

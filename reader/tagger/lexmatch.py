"""Every word of jieba's dictionary that covers a character, found with arrays.

The neural model (`reader.tagger.cnn`) sees, for each character, which
dictionary words cover it: its place in the word (B, M or E) and the word's
part of speech, grouped (`GROUPS`); and the part of speech of the
character's own entry as a word of one character (S), which depends on the
character alone and is folded into its embedding.  A character inside
`招商银行` (nt) and `银行` (n) gets `M·nt`, `B·n`, and so on.
These features let the model judge names it never saw in training by what
the dictionary knows about their words: `工行` is an abbreviation (j),
`习近平` a person (nrfg).

Finding the words must cost less than a microsecond a character, so no
string is built: each n-gram of 2…`MAX_LENGTH` code points is hashed
(polynomial, wrapping at 64 bits, computed for all positions at once in
numpy) and looked up among the hashes of the dictionary's words.  A false match needs a 64-bit collision.  The tables come
from jieba's `dict.txt` at training time and travel inside the model file, so
tagging never parses the dictionary; a hash table (`reader.tagger.hashindex`)
built from them at load time answers the lookups.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.tagger.hashindex import HashIndex

MAX_LENGTH = 7
"""Longer dictionary words (about 0.4% of them) are left out."""

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nr", ("nr", "nrfg", "nrf")),
    ("nrt", ("nrt",)),
    ("ns", ("ns",)),
    ("nt", ("nt",)),
    ("nz", ("nz",)),
    ("j", ("j",)),
    ("n", ("n", "ng", "nl", "ns0")),
    ("v", ("v", "vn", "vg", "vd", "vi", "vq")),
    ("a", ("a", "ad", "an", "ag", "b", "z")),
    ("il", ("i", "l")),
    ("mqt", ("m", "mq", "mg", "q", "t", "tg", "f", "s")),
)
"""Parts of speech, grouped; any other tag is the last group, `other`."""
GROUP_OF: dict[str, int] = {tag: g for g, (_, tags) in enumerate(GROUPS) for tag in tags}
OTHER = len(GROUPS)
GROUP_COUNT = len(GROUPS) + 1
PLACES = "BME"
FEATURES = GROUP_COUNT * len(PLACES)
"""Width of the per-character multi-hot: feature `3 * group + place`.  (A word of one character is a
property of the character alone: `single_groups`.)"""

_MULTIPLIER = 1_000_003
_MASK = (1 << 64) - 1
_BMP = 0x10000
_NO_GROUP = 255


def word_hash(word: str) -> int:
    """The hash `DictionaryIndex.features` computes for an n-gram, for one word (Python ints)."""
    value = 0
    for char in word:
        value = (value * _MULTIPLIER + ord(char) + 1) & _MASK  # + 1: a leading 0 would not count
    return value


def jieba_dictionary() -> Iterable[tuple[str, str]]:
    """(word, part of speech) of every entry of the installed jieba's `dict.txt`."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if len(fields) == 3:
                yield fields[0], fields[2]


class DictionaryIndex:
    """Hashes of the dictionary's words (sorted) with their groups; single characters by code point."""

    def __init__(
        self,
        keys: npt.NDArray[np.uint64],
        groups: npt.NDArray[np.uint8],
        single: npt.NDArray[np.uint8],
    ) -> None:
        if keys.ndim != 1 or keys.shape != groups.shape or single.shape != (_BMP + 1,):
            raise ValueError("dictionary index arrays have the wrong shapes")
        self.keys = keys
        self.groups = groups
        self._index = HashIndex(keys)
        # A bit per slot of a small table, set where some word hashes to: most n-grams of running
        # text are no word, and this table (2 MB) answers that without the big one's cache misses.
        self._filter = np.zeros(1 << (_FILTER_BITS - 3), dtype=np.uint8)
        slots = _filter_slots(keys)
        np.bitwise_or.at(self._filter, slots >> 3, (1 << (slots & 7)).astype(np.uint8))
        self.single = single
        """Group of each BMP code point that is a word of its own (`_NO_GROUP` if none); last slot: astral."""

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]]) -> DictionaryIndex:
        """From (word, part of speech) pairs: jieba's dictionary at training time."""
        hashed: dict[int, int] = {}
        single = np.full(_BMP + 1, _NO_GROUP, dtype=np.uint8)
        for word, tag in entries:
            group = GROUP_OF.get(tag, OTHER)
            if len(word) == 1:
                if ord(word) < _BMP:
                    single[ord(word)] = group
            elif len(word) <= MAX_LENGTH:
                hashed[word_hash(word)] = group
        keys = np.array(sorted(hashed), dtype=np.uint64)
        keys = keys[HashIndex.home_order(keys)]  # so that loading builds the table without sorting
        groups = np.array([hashed[int(k)] for k in keys], dtype=np.uint8)
        return cls(keys, groups, single)

    def arrays(self, prefix: str = "lex_") -> dict[str, npt.NDArray[np.generic]]:
        return {f"{prefix}keys": self.keys, f"{prefix}groups": self.groups, f"{prefix}single": self.single}

    @classmethod
    def from_arrays(cls, data: Any, prefix: str = "lex_") -> DictionaryIndex:
        get = data.__getitem__  # an NpzFile or a dict
        return cls(
            np.asarray(get(f"{prefix}keys"), dtype=np.uint64),
            np.asarray(get(f"{prefix}groups"), dtype=np.uint8),
            np.asarray(get(f"{prefix}single"), dtype=np.uint8),
        )

    def single_groups(self) -> npt.NDArray[np.intp]:
        """Per BMP code point (and a last slot for astral ones): 0, or 1 + the group of its one-character entry."""
        groups = self.single.astype(np.intp) + 1
        groups[self.single == _NO_GROUP] = 0
        return groups

    def features(self, cps: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """Multi-hot (len(cps), FEATURES): the dictionary words covering each code point of `cps`.

        `cps` may hold several texts separated by code point 0, which no word
        contains: a word never spans two texts.
        """
        n = len(cps)
        out = np.zeros((n, FEATURES), dtype=np.float32)
        if n == 0:
            return out
        values = cps.astype(np.uint64) + np.uint64(1)  # as `word_hash`
        hashes: list[npt.NDArray[np.uint64]] = []
        rolling = values
        multiplier = np.uint64(_MULTIPLIER)
        for size in range(2, min(MAX_LENGTH, n) + 1):
            rolling = rolling[:-1] * multiplier + values[size - 1 :]
            hashes.append(rolling)
        if not hashes:
            return out
        query = np.concatenate(hashes)
        slots = _filter_slots(query)
        maybe = np.flatnonzero((self._filter[slots >> 3] >> (slots & 7).astype(np.uint8)) & 1)
        at = self._index.lookup(query[maybe])
        found = at >= 0
        hit = maybe[found]
        at = at[found]
        if not len(hit):
            return out
        group = self.groups[at].astype(np.intp) * 3
        # Which length and start each hit is: the queries are laid out length by length.
        sizes = np.array([len(h) for h in hashes], dtype=np.intp)
        bounds = np.cumsum(sizes)
        which = np.searchsorted(bounds, hit, side="right")
        length = which + 2
        start = hit - (bounds[which] - sizes[which])
        out[start, group] = 1.0
        out[start + length - 1, group + 2] = 1.0
        longer = np.flatnonzero(length > 2)
        if len(longer):
            inner = length[longer] - 2
            rows = np.repeat(start[longer] + 1, inner) + _ramp(inner)
            out[rows, np.repeat(group[longer], inner) + 1] = 1.0
        return out


_FILTER_BITS = 24
_FILTER_MIX = np.uint64(0xD6E8FEB86659FD93)


def _filter_slots(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
    return ((hashes * _FILTER_MIX) >> np.uint64(64 - _FILTER_BITS)).astype(np.intp)


def _ramp(sizes: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """0, 1, …, size-1 for each size, concatenated."""
    total = int(sizes.sum())
    ends = np.cumsum(sizes)
    return np.arange(total, dtype=np.intp) - np.repeat(ends - sizes, sizes)

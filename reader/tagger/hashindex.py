"""A read-only hash table of 64-bit keys in numpy: many lookups at once, a few gathers each.

`np.searchsorted` into a sorted array costs some twenty dependent memory
reads per key; the tagger looks up several keys per character (each
character's bigram, every dictionary-length n-gram), so it uses open
addressing instead: a key's home slot comes from its multiplicative hash,
taken slots push it to the next free one, and all keys of a batch probe
together, round by round (the table is kept at most a third full, so nearly
all keys settle in the first round).

Built when the model loads, in one sort: keys ordered by home slot take
consecutive slots from their home on, so a key's slot is its index plus the
running maximum of (home − index) before it.  Probing never wraps around:
the table has room past its last home slot for the longest run.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_MIX = np.uint64(0x9E3779B97F4A7C15)
"""Multiplier of the hash (2^64 / golden ratio): spreads keys that differ in a few bits over all slots."""
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
"""The key of an empty slot; never a real key (see `HashIndex.__init__`)."""


class HashIndex:
    """Maps distinct uint64 keys to their positions in the array they were given."""

    def __init__(self, keys: npt.NDArray[np.uint64]) -> None:
        """Index distinct `keys` (a repeated key would only waste a slot: lookups find its first)."""
        keys = np.asarray(keys, dtype=np.uint64)
        if (keys == _EMPTY).any():
            raise ValueError("2**64 - 1 marks an empty slot; it cannot be a key")
        bits = _bits(len(keys))
        self._shift = np.uint64(64 - bits)
        home = self._home(keys)
        if len(keys) > 1 and (home[1:] < home[:-1]).any():
            order = np.argsort(home, kind="stable")
        else:  # stored in home order already (`home_order`): loading skips the sort
            order = np.arange(len(keys), dtype=np.intp)
        ordered = home[order]
        index = np.arange(len(keys), dtype=np.intp)
        slot = np.maximum.accumulate(ordered - index) + index if len(keys) else index
        taken = keys[order]
        size = (1 << bits) + (int(slot[-1] - ordered[-1]) if len(keys) else 0) + 1
        self._keys = np.full(size, _EMPTY, dtype=np.uint64)
        self._values = np.full(size, -1, dtype=np.int32)
        self._keys[slot] = taken
        self._values[slot] = order
        self.size = len(keys)

    def _home(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
        return ((keys * _MIX) >> self._shift).astype(np.intp)

    @staticmethod
    def home_order(keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
        """The order in which to store `keys` so that building their index needs no sort."""
        shift = np.uint64(64 - _bits(len(keys)))
        return np.argsort(
            ((np.asarray(keys, dtype=np.uint64) * _MIX) >> shift).astype(np.intp), kind="stable"
        )

    def lookup(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
        """Each key's position in the original array, -1 for a key not in it."""
        keys = np.asarray(keys, dtype=np.uint64)
        slot = self._home(keys)
        found = self._keys[slot]
        out = np.where(found == keys, self._values[slot], -1).astype(np.intp)
        going = np.flatnonzero((out < 0) & (found != _EMPTY))  # its slot was taken: probe on
        while len(going):
            slot[going] += 1
            found = self._keys[slot[going]]
            hit = found == keys[going]
            out[going[hit]] = self._values[slot[going[hit]]]
            going = going[~hit & (found != _EMPTY)]
        return out


def _bits(count: int) -> int:
    """The table has at least three slots per key."""
    return max(4, int(np.ceil(np.log2(max(1, 3 * count)))))

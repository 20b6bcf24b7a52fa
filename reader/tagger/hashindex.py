"""A read-only hash table of 64-bit keys in numpy: many lookups at once, a few gathers each.

`np.searchsorted` into a sorted array costs some twenty dependent memory
reads per key; the tagger looks up several keys per character (each
character's bigram, every dictionary-length n-gram), so it uses open
addressing instead: a key's slot comes from its multiplicative hash, a
collision moves to the next slot, and all keys of a batch probe together,
round by round (the table is kept at most a third full, so nearly all keys
settle in the first round).  Built once when the model loads.
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
        keys = np.asarray(keys, dtype=np.uint64)
        if len(np.unique(keys)) != len(keys) or (keys == _EMPTY).any():
            raise ValueError("keys must be distinct and not 2**64 - 1")
        bits = max(4, int(np.ceil(np.log2(max(1, 3 * len(keys))))))
        self._shift = np.uint64(64 - bits)
        self._mask = np.intp((1 << bits) - 1)
        self._keys = np.full(1 << bits, _EMPTY, dtype=np.uint64)
        self._values = np.full(1 << bits, -1, dtype=np.int32)
        pending = np.arange(len(keys), dtype=np.intp)
        slot = self._slot(keys)
        while len(pending):
            free = self._keys[slot] == _EMPTY
            # Of the keys aiming at a free slot, the first for each slot takes it.
            _, first = np.unique(slot[free], return_index=True)
            taken = np.flatnonzero(free)[first]
            self._keys[slot[taken]] = keys[pending[taken]]
            self._values[slot[taken]] = pending[taken]
            left = np.ones(len(pending), dtype=bool)
            left[taken] = False
            pending, slot = pending[left], (slot[left] + 1) & self._mask
        self.size = len(keys)

    def _slot(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
        return ((keys * _MIX) >> self._shift).astype(np.intp)

    def lookup(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
        """Each key's position in the original array, -1 for a key not in it."""
        keys = np.asarray(keys, dtype=np.uint64)
        slot = self._slot(keys)
        found = self._keys[slot]
        out = np.where(found == keys, self._values[slot], -1).astype(np.intp)
        going = np.flatnonzero((out < 0) & (found != _EMPTY))  # collided: probe on
        while len(going):
            slot[going] = (slot[going] + 1) & self._mask
            found = self._keys[slot[going]]
            hit = found == keys[going]
            out[going[hit]] = self._values[slot[going[hit]]]
            going = going[~hit & (found != _EMPTY)]
        return out

"""Compact inverted index: integer key → sorted document numbers.

The index is a list of immutable segments, each covering a run of at most
65,536 consecutive documents, stored as three numpy arrays (CSR): the sorted
distinct keys, where each key's postings start, and the postings themselves as
*segment-local* `uint16` document numbers.  So a posting costs two bytes, and a
key costs four plus four, whatever the corpus size: about 2 KB per
1,000-character article for character bigrams, with no Python object per key.

Documents are added in batches (`add_segment`), never changed; a search index
over a growing corpus adds one segment per batch.  numpy is imported when the
first segment is built.

Text keys (`text_pairs`) are the UTF-16 code-unit bigrams of folded text
between word characters (Han, letters, digits); any other character c gives
(c, 0), and so does a word character followed by a non-word one or ending a
block.  A query of two or more characters narrows by intersecting its keys'
postings, one of a single character takes the union of every key it starts,
so nothing is lost.  Each block also gives (1, first unit) and (last unit,
1), so `^term` and `term$` narrow to blocks that start or end right.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

MAX_SEGMENT = 1 << 16
DENSE = 16
"""A key held by more than 1/DENSE of a segment's documents is stored as a bitmap."""
KEPT_BYTES = 4 << 20
"""How much of its recent `all_of` / `any_of` answers a `Postings` keeps (the most recent)."""

BLOCK_SEP = "\x00"
"""Joins the blocks (paragraphs, headline lines) of one document: no bigram spans it."""
DOC_SEP = "\x01"
"""Joins documents in one batch."""


Arrays = dict[str, "np.ndarray"]
"""Named arrays, as an index is saved (`reader.search.saved`)."""

_FOLD_LUT: Any = None
_U32: Any = None


def _u32(value: int) -> Any:
    global _U32
    if _U32 is None:
        import numpy as np

        _U32 = np.uint32
    return _U32(value)


def _fold_lut() -> Any:
    """UTF-16 code unit → folded code unit (see `reader.search.fold`), as a lookup table."""
    global _FOLD_LUT
    if _FOLD_LUT is None:
        import numpy as np

        from reader.search.fold import FOLD

        lut = np.arange(1 << 16, dtype=np.uint16)
        for src, dst in FOLD.items():
            if src > 0x01:  # the separators stay separators
                lut[src] = dst
        _FOLD_LUT = lut
    return _FOLD_LUT


def units(text: str) -> np.ndarray:
    """Folded UTF-16 code units of `text` (astral characters become surrogate pairs)."""
    import numpy as np

    folded: np.ndarray = _fold_lut()[np.frombuffer(text.encode("utf-16-le"), dtype="<u2")]
    return folded


def text_pairs(docs: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(keys, doc numbers) of every bigram of every document's blocks.

    Each document is a sequence of text blocks.  Text is folded here, in
    bulk; NUL and SOH inside the text are taken for spaces.
    """
    import numpy as np

    joined = DOC_SEP.join(BLOCK_SEP.join(blocks) for blocks in docs)
    if (
        joined.count(BLOCK_SEP) + joined.count(DOC_SEP)
        != sum(max(len(b) - 1, 0) for b in docs) + len(docs) - 1
    ):
        # A separator character inside the text itself: clean the blocks first.
        clean = [[b.replace(BLOCK_SEP, " ").replace(DOC_SEP, " ") for b in blocks] for blocks in docs]
        joined = DOC_SEP.join(BLOCK_SEP.join(blocks) for blocks in clean)
    a = units(joined)
    if not len(a):
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint32)
    doc = np.cumsum(a == 1, dtype=np.uint32)
    second = np.zeros(len(a), dtype=np.uint32)
    second[:-1] = a[1:]
    word = _word_lut()
    # A bigram only between two word characters; anything else keeps (c, 0).
    pair = word[a]
    pair[:-1] &= word[a[1:]]
    pair[-1] = False
    second[~pair] = 0
    keep = a > 1
    keys = (a[keep].astype(np.uint32) << 16) | second[keep]
    # Block edges, for ^ and $: (1, first unit) and (last unit, 1).
    real = a.astype(np.uint32)
    sep = a <= 1
    starts = keep.copy()
    starts[1:] &= sep[:-1]
    ends = keep.copy()
    ends[:-1] &= sep[1:]
    keys = np.concatenate((keys, (1 << 16) | real[starts], (real[ends] << 16) | 1))
    return keys, np.concatenate((doc[keep], doc[starts], doc[ends]))


def edge_keys(text: str, *, start: bool, end: bool) -> list[int]:
    """The keys of a block that starts (and/or ends) with folded `text`."""
    a = units(text)
    out = []
    if start:
        out.append((1 << 16) | int(a[0]))
    if end:
        out.append((int(a[-1]) << 16) | 1)
    return out


def query_keys(text: str) -> list[int]:
    """The keys a document must hold to contain folded `text` (≥ 2 code units)."""
    word = _word_lut()
    a = [int(x) for x in units(text)]
    keys = [(x << 16) | y if word[x] and word[y] else x << 16 for x, y in zip(a, a[1:], strict=False)]
    return list(dict.fromkeys(keys))


def exact_pair(text: str) -> bool:
    """Whether holding `query_keys(text)` proves a document contains `text` (two word characters)."""
    a = units(text)
    word = _word_lut()
    return len(a) == 2 and bool(word[a[0]]) and bool(word[a[1]])


_WORD_LUT: Any = None


def _word_lut() -> Any:
    """UTF-16 code unit → whether it is a word character (Han, letter, digit).

    Bigrams are indexed only between word characters: pairs with punctuation
    or spaces (about a fifth of the postings) would rarely narrow a query.  A
    punctuation mark is still indexed once per document as (mark, 0).
    """
    global _WORD_LUT
    if _WORD_LUT is None:
        import numpy as np

        _WORD_LUT = np.array(
            [chr(u).isalnum() and not 0xD800 <= u < 0xE000 for u in range(1 << 16)], dtype=bool
        )
    return _WORD_LUT


def unit_range(text: str) -> tuple[int, int]:
    """The key range of every bigram starting with one-code-unit `text`."""
    u = int(units(text)[0])
    return u << 16, (u + 1) << 16


def union(*arrays: np.ndarray) -> np.ndarray:
    """Sorted distinct values of all `arrays` of sorted distinct non-negative integers (np.union1d
    hashes, which is slower here; big ones are marked in a table, not sorted)."""
    import numpy as np

    parts = [a for a in arrays if len(a)]
    if not parts:
        return np.zeros(0, dtype=np.int64)
    if len(parts) == 1:
        return parts[0].astype(np.int64)
    total = sum(len(a) for a in parts)
    top = max(int(a[-1]) for a in parts) + 1
    if total * 8 > top:  # dense: a table of `top` flags is cheaper than a sort
        mask = np.zeros(top, dtype=bool)
        for a in parts:
            mask[a] = True
        return np.flatnonzero(mask)
    out = np.concatenate(parts).astype(np.int64)
    out.sort()
    return out[np.concatenate(([True], out[1:] != out[:-1]))]


def intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Values in both `a` and `b`, sorted arrays of distinct non-negative integers.

    np.intersect1d sorts the two together; here the smaller is looked up in the
    bigger (binary search), or both are marked in a table when alike in size.
    """
    import numpy as np

    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    if len(a) * 16 < len(b):
        at = np.searchsorted(b, a)
        at[at == len(b)] = 0
        hit: np.ndarray = a[b[at] == a]
        return hit
    mask = np.zeros(max(int(a[-1]), int(b[-1])) + 1, dtype=bool)
    mask[b] = True
    both: np.ndarray = a[mask[a]]
    return both


def difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Values of `a` not in `b` (sorted arrays of distinct non-negative integers)."""
    import numpy as np

    if not len(a) or not len(b):
        return a
    if len(b) * 16 < len(a):
        at = np.searchsorted(b, a)
        at[at == len(b)] = 0
        rest: np.ndarray = a[b[at] != a]
        return rest
    mask = np.zeros(max(int(a[-1]), int(b[-1])) + 1, dtype=bool)
    mask[b] = True
    left: np.ndarray = a[~mask[a]]
    return left


def _within(docs: np.ndarray, a: int, b: int, size: int) -> np.ndarray:
    """The part of sorted `docs` in [a, b)."""
    if a <= 0 and b >= size:
        return docs
    lo, hi = (int(x) for x in docs.searchsorted([a, b]))
    return docs[lo:hi]


def _ones(row: np.ndarray, a: int, b: int) -> np.ndarray:
    """Positions in [a, b) of the set bits of a bitmap row (bit i: byte i // 8, high bit first)."""
    import numpy as np

    a8 = a - a % 8
    found = np.flatnonzero(np.unpackbits(row[a8 // 8 : (b + 7) // 8], count=b - a8)) + a8
    if a8 < a:
        found = found[found >= a]
    return found.astype(np.uint16)


class Segment:
    """Postings of documents `base` … `base + size - 1`.

    A key held by more than a sixteenth of the segment's documents is kept as
    a bitmap (one bit per document) rather than a list: smaller, and as fast
    to read.  Such keys are `dense` (their indexes into `keys`, sorted), with
    their rows in `bits`; their posting lists are empty.
    """

    __slots__ = ("base", "size", "keys", "starts", "docs", "dense", "bits")

    def __init__(self, base: int, size: int, keys: np.ndarray, docs: np.ndarray) -> None:
        import numpy as np

        self.base = base
        self.size = size
        pairs = (keys.astype(np.uint64) << np.uint64(16)) | docs.astype(np.uint64)
        pairs.sort()
        if len(pairs) > 1:  # sort + drop repeats: much faster than np.unique's hashing
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        all_keys = (pairs >> np.uint64(16)).astype(np.uint32)
        self.docs = (pairs & np.uint64(0xFFFF)).astype(np.uint16)
        if len(all_keys):
            edges = np.flatnonzero(all_keys[1:] != all_keys[:-1]) + 1
            starts = np.concatenate(([0], edges, [len(all_keys)])).astype(np.uint32)
        else:
            starts = np.zeros(1, dtype=np.uint32)
        self.keys = all_keys[starts[:-1]]
        self.starts = starts
        self._densify()

    @classmethod
    def from_csr(
        cls, base: int, size: int, keys: np.ndarray, starts: np.ndarray, docs: np.ndarray
    ) -> Segment:
        seg = cls.__new__(cls)
        seg.base, seg.size, seg.keys, seg.starts, seg.docs = base, size, keys, starts, docs
        seg._densify()
        return seg

    def _densify(self) -> None:
        import numpy as np

        counts: np.ndarray = np.diff(self.starts.astype(np.int64))
        self.dense = np.flatnonzero(counts > max(64, self.size // DENSE)).astype(np.int32)
        self.bits = np.zeros((len(self.dense), (self.size + 7) // 8), dtype=np.uint8)
        if not len(self.dense):
            return
        for row, i in enumerate(self.dense.tolist()):
            mask = np.zeros(self.size, dtype=bool)
            mask[self.docs[self.starts[i] : self.starts[i + 1]]] = True
            self.bits[row] = np.packbits(mask)
        is_dense = np.zeros(len(counts), dtype=bool)
        is_dense[self.dense] = True
        self.docs = self.docs[~np.repeat(is_dense, counts)]
        counts[is_dense] = 0
        starts = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        self.starts = starts.astype(np.uint32)

    def csr(self) -> tuple[np.ndarray, np.ndarray]:
        """(starts, docs) with every key as a list, bitmaps expanded (for merging)."""
        import numpy as np

        if not len(self.dense):
            return self.starts, self.docs
        counts: np.ndarray = np.diff(self.starts.astype(np.int64))
        rows = [np.flatnonzero(np.unpackbits(r, count=self.size)).astype(np.uint16) for r in self.bits]
        counts[self.dense] = [len(r) for r in rows]
        starts = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        docs = np.empty(int(starts[-1]), dtype=np.uint16)
        is_dense = np.zeros(len(counts), dtype=bool)
        is_dense[self.dense] = True
        docs[~np.repeat(is_dense, counts)] = self.docs
        for i, r in zip(self.dense.tolist(), rows, strict=True):
            docs[starts[i] : starts[i + 1]] = r
        return starts.astype(np.uint32), docs

    def _row(self, i: int) -> int:
        """The bitmap row of key index `i`, or -1."""
        dense = self.dense
        if not len(dense):
            return -1
        r = int(dense.searchsorted(i))
        return r if r < len(dense) and dense[r] == i else -1

    def get(self, key: int, a: int = 0, b: int | None = None) -> np.ndarray:
        """Local document numbers holding `key` (sorted), those in [a, b) only."""
        b = self.size if b is None else b
        keys = self.keys
        i = int(keys.searchsorted(_u32(key)))  # a Python int would make numpy copy `keys` to int64
        if i < len(keys) and keys[i] == key:
            row = self._row(i)
            if row >= 0:
                return _ones(self.bits[row], a, b)
            return _within(self.docs[self.starts[i] : self.starts[i + 1]], a, b, self.size)
        return self.docs[:0]

    def get_any(self, keys: Sequence[int], a: int = 0, b: int | None = None) -> np.ndarray:
        """Local document numbers holding any of `keys` (sorted, distinct), those in [a, b)
        only: the bitmaps or-ed together and the lists marked, all keys at once (a pinyin
        letter stands for some forty syllables)."""
        import numpy as np

        b = self.size if b is None else b
        keys_here = self.keys
        wanted = np.asarray(keys, dtype=np.uint32)
        at = keys_here.searchsorted(wanted)
        held = at < len(keys_here)
        held[held] = keys_here[at[held]] == wanted[held]
        at = at[held]
        if not len(at):
            return self.docs[:0]
        dense = self.dense
        rows = dense.searchsorted(at)
        bitmap = rows < len(dense)
        bitmap[bitmap] = dense[rows[bitmap]] == at[bitmap]
        lists = at[~bitmap].tolist()
        found = self.docs[:0]
        if lists:
            starts = self.starts
            found = np.concatenate([self.docs[starts[i] : starts[i + 1]] for i in lists])
            found = found[(found >= a) & (found < b)]
        return self._marked(rows[bitmap], found, a, b)

    def get_range(self, lo: int, hi: int, a: int = 0, b: int | None = None) -> np.ndarray:
        """Local document numbers holding any key in [lo, hi) (sorted, distinct), those in
        [a, b) only."""

        b = self.size if b is None else b
        keys = self.keys
        i = int(keys.searchsorted(_u32(lo)))
        j = len(keys) if hi > 0xFFFFFFFF else int(keys.searchsorted(_u32(hi)))
        if i == j:
            return self.docs[:0]
        found = self.docs[self.starts[i] : self.starts[j]]
        r0, r1 = (int(x) for x in self.dense.searchsorted([i, j])) if len(self.dense) else (0, 0)
        if r0 == r1 and j - i == 1:
            return _within(found, a, b, self.size)
        if a or b < self.size:
            found = found[(found >= a) & (found < b)]
        return self._marked(slice(r0, r1), found, a, b)

    def _marked(self, rows: slice | np.ndarray, found: np.ndarray, a: int, b: int) -> np.ndarray:
        """Local document numbers set in any of the bitmap `rows` in [a, b), or listed in
        `found` (all in [a, b)): sorted and distinct."""
        import numpy as np

        a8 = a - a % 8  # (flags for [a8, b): bitmaps are sliced on whole bytes)
        picked = self.bits[rows, a8 // 8 : (b + 7) // 8]
        if len(picked):
            mask = np.unpackbits(np.bitwise_or.reduce(picked, axis=0), count=b - a8).view(bool)
        else:
            mask = np.zeros(b - a8, dtype=bool)
        mask[found.astype(np.int64) - a8] = True
        mask[: a - a8] = False
        return (np.flatnonzero(mask) + a8).astype(np.uint16)

    @property
    def nbytes(self) -> int:
        arrays = (self.keys, self.starts, self.docs, self.dense, self.bits)
        return int(sum(a.nbytes for a in arrays))

    def save(self, out: Arrays, prefix: str) -> None:
        import numpy as np

        out[f"{prefix}.range"] = np.array([self.base, self.size], dtype=np.int64)
        for name in ("keys", "starts", "docs", "dense", "bits"):
            out[f"{prefix}.{name}"] = getattr(self, name)

    @classmethod
    def load(cls, arrays: Arrays, prefix: str) -> Segment:
        """A segment `save` wrote; SavedError if the arrays do not make one."""
        import numpy as np

        from reader.search.saved import check, take

        base, size = (int(v) for v in take(arrays, f"{prefix}.range", np.int64, 1))
        seg = cls.__new__(cls)
        seg.base, seg.size = base, size
        seg.keys = take(arrays, f"{prefix}.keys", np.uint32, 1)
        seg.starts = take(arrays, f"{prefix}.starts", np.uint32, 1)
        seg.docs = take(arrays, f"{prefix}.docs", np.uint16, 1)
        seg.dense = take(arrays, f"{prefix}.dense", np.int32, 1)
        seg.bits = take(arrays, f"{prefix}.bits", np.uint8, 2)
        check(0 <= base and 0 < size <= MAX_SEGMENT, "segment range")
        check(len(seg.starts) == len(seg.keys) + 1 and int(seg.starts[-1]) == len(seg.docs), "segment rows")
        check(not len(seg.docs) or int(seg.docs.max()) < size, "segment documents")
        check(
            not len(seg.dense) or 0 <= int(seg.dense.min()) <= int(seg.dense.max()) < len(seg.keys), "bitmaps"
        )
        check(seg.bits.shape == (len(seg.dense), (size + 7) // 8), "bitmap size")
        check(bool(np.all(seg.starts[1:] >= seg.starts[:-1])), "segment order")
        return seg


class Postings:
    """Segments in document order; lookups return global document numbers."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._kept: OrderedDict[tuple[object, ...], np.ndarray] = OrderedDict()
        """Recent `all_of` / `any_of` answers, by the segments' state: a keystroke that extends
        a pinyin term asks again for most of the key groups the last one asked for."""
        self._bytes = 0

    def forget(self) -> None:
        """Drop the kept answers (a benchmark's cold start)."""
        self._kept.clear()
        self._bytes = 0

    def _recall(
        self, kind: str, keys: Sequence[int], start: int, stop: int
    ) -> tuple[tuple[object, ...], np.ndarray | None]:
        last = self.segments[-1] if self.segments else None
        key = (kind, tuple(keys), start, stop, len(self.segments), id(last), last.size if last else 0)
        return key, self._kept.get(key)

    def _keep(self, key: tuple[object, ...], found: np.ndarray) -> np.ndarray:
        found.flags.writeable = False  # (shared from now on)
        if found.nbytes > KEPT_BYTES // 16:
            return found  # (a broad answer: cheap to ask again next to what it would hold)
        kept = self._kept
        kept[key] = found
        self._bytes += found.nbytes
        while self._bytes > KEPT_BYTES:
            try:
                self._bytes -= kept.popitem(last=False)[1].nbytes
            except KeyError:  # (emptied by another thread meanwhile)
                break
        return found

    def add_segment(self, base: int, size: int, keys: np.ndarray, docs: np.ndarray) -> None:
        """Index documents `base` … `base + size - 1`; `docs` are local numbers (0 … size-1)."""
        if size > MAX_SEGMENT:
            raise ValueError(f"a segment holds at most {MAX_SEGMENT} documents")
        if size:
            self.segments.append(Segment(base, size, keys, docs))

    def merge_tail(self, count: int) -> None:
        """Merge the last `count` segments into one (fewer segments: faster lookups, smaller keys)."""
        import numpy as np

        segments = self.segments[-count:]
        if len(segments) < 2:
            return
        base = segments[0].base
        size = sum(seg.size for seg in segments)
        if size > MAX_SEGMENT:
            raise ValueError(f"a segment holds at most {MAX_SEGMENT} documents")
        # Documents of later segments come after earlier ones, so each key's
        # merged postings are its postings per segment laid end to end: place
        # them (O(n), no sort).
        keys = union(*(seg.keys for seg in segments)).astype(np.uint32)
        where = [keys.searchsorted(seg.keys) for seg in segments]
        lists = [seg.csr() for seg in segments]
        counts: list[np.ndarray] = [np.diff(starts.astype(np.int64)) for starts, _ in lists]
        total = np.zeros(len(keys), dtype=np.int64)
        for w, c in zip(where, counts, strict=True):
            total[w] += c
        starts = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(total, out=starts[1:])
        docs = np.empty(int(starts[-1]), dtype=np.uint16)
        filled = starts[:-1].copy()
        for seg, (seg_starts, seg_docs), w, c in zip(segments, lists, where, counts, strict=True):
            shift = filled[w] - seg_starts[:-1].astype(np.int64)
            docs[np.repeat(shift, c) + np.arange(len(seg_docs))] = seg_docs + np.uint16(seg.base - base)
            filled[w] += c
        del lists
        self.segments[-count:] = [Segment.from_csr(base, size, keys, starts.astype(np.uint32), docs)]

    def parts(self, start: int, stop: int) -> list[tuple[Segment, int, int]]:
        """(segment, a, b): the segments' local ranges [a, b) that cover documents [start, stop)."""
        out = []
        for seg in self.segments:
            a, b = max(0, start - seg.base), min(seg.size, stop - seg.base)
            if a < b:
                out.append((seg, a, b))
        return out

    def all_of(self, keys: Sequence[int], start: int = 0, stop: int = 1 << 62) -> np.ndarray:
        """Documents holding every key in `keys` (sorted global numbers), of [start, stop)."""
        import numpy as np

        memo, known = self._recall("all", keys, start, stop)
        if known is not None:
            return known
        out = []
        for seg, a, b in self.parts(start, stop):
            found = None
            for postings in sorted((seg.get(k, a, b) for k in keys), key=len):
                found = postings if found is None else intersect(found, postings)
                if not len(found):
                    break
            if found is not None and len(found):
                out.append(found.astype(np.int64) + seg.base)
        return self._keep(memo, np.concatenate(out) if out else np.zeros(0, dtype=np.int64))

    def any_of(self, keys: Sequence[int], start: int = 0, stop: int = 1 << 62) -> np.ndarray:
        """Documents holding at least one key in `keys` (sorted global numbers), of [start, stop)."""
        import numpy as np

        memo, known = self._recall("any", keys, start, stop)
        if known is not None:
            return known
        out = []
        for seg, a, b in self.parts(start, stop):
            found = seg.get(keys[0], a, b) if len(keys) == 1 else seg.get_any(keys, a, b)
            if len(found):
                out.append(found.astype(np.int64) + seg.base)
        return self._keep(memo, np.concatenate(out) if out else np.zeros(0, dtype=np.int64))

    def in_range(self, lo: int, hi: int, start: int = 0, stop: int = 1 << 62) -> np.ndarray:
        """Documents holding some key in [lo, hi) (sorted global numbers), of [start, stop)."""
        import numpy as np

        out = [
            seg.get_range(lo, hi, a, b).astype(np.int64) + seg.base for seg, a, b in self.parts(start, stop)
        ]
        out = [o for o in out if len(o)]
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)

    @property
    def nbytes(self) -> int:
        return sum(seg.nbytes for seg in self.segments)

    def save(self, out: Arrays, prefix: str) -> None:
        import numpy as np

        out[f"{prefix}.count"] = np.array([len(self.segments)], dtype=np.int64)
        for i, seg in enumerate(self.segments):
            seg.save(out, f"{prefix}.{i}")

    @classmethod
    def load(cls, arrays: Arrays, prefix: str, documents: int) -> Postings:
        """Postings `save` wrote, over `documents` documents; SavedError if they are not that."""
        import numpy as np

        from reader.search.saved import check, take

        postings = cls()
        (count,) = take(arrays, f"{prefix}.count", np.int64, 1)
        postings.segments = [Segment.load(arrays, f"{prefix}.{i}") for i in range(int(count))]
        at = 0
        for seg in postings.segments:
            check(seg.base == at, "segments out of order")
            at += seg.size
        check(at == documents, "segments do not cover the documents")
        return postings

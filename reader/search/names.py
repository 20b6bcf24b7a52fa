"""The searchable names of a corpus: people, places, organisations and reporters.

Each distinct name is stored once with the articles that mention it, so
typing a name costs a scan of the distinct names (a few hundred thousand
characters at 100k articles), not of the articles.  A name is its text: 张三
the person and 张三 the reporter are one name, with the articles of both.

Memory: a corpus has tens of thousands of names and hundreds of thousands
of (name, article) and (pinyin key, name) pairs; as Python objects those
took about 20 MB at 10k articles, a third of the search index.  Here both
are compressed rows (CSR: one sorted array of values, one array of where
each row starts), rebuilt by `sync` from the pairs added since; and the
names themselves are one string (folded, as searched; the few that folding
changes are also kept as written), not a string each.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from reader.search import pinyin
from reader.search.fold import fold
from reader.search.postings import Arrays

if TYPE_CHECKING:
    import numpy as np

    from reader.search.headlines import Headlines
    from reader.search.match import FuzzyFinder, PinyinFinder, TextFinder

WALKED_ONE_BY_ONE = 24
"""Names checked for a pinyin term one by one (a few µs each), at most; more are walked together."""
_SEP = "\x01"


def utf8(text: str) -> np.ndarray:
    import numpy as np

    return np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)


class _Rows:
    """Integer rows, CSR: `values[starts[r]:starts[r + 1]]` is row r; rows grow by `append` + `sync`.

    A row holds values in the order appended; appended (row, value) pairs wait in
    two flat arrays until `sync` merges them in (a stable sort by row).
    """

    def __init__(self) -> None:
        import numpy as np

        self.starts = np.zeros(1, dtype=np.uint32)
        self.values = np.zeros(0, dtype=np.uint32)
        self.new_rows = array("I")
        self.new_values = array("I")

    def append(self, row: int, value: int) -> None:
        self.new_rows.append(row)
        self.new_values.append(value)

    def sync(self, rows: int) -> None:
        """Merge the appended pairs; afterwards there are `rows` rows (at least)."""
        import numpy as np

        if not self.new_rows and rows <= len(self.starts) - 1:
            return
        owners = np.concatenate((self.owners(), np.frombuffer(self.new_rows, dtype=np.uint32)))
        values = np.concatenate((self.values, np.frombuffer(self.new_values, dtype=np.uint32)))
        self.starts, self.values = _csr(owners, values, rows)
        self.new_rows, self.new_values = array("I"), array("I")

    def owners(self) -> np.ndarray:
        """The row of each synced value."""
        import numpy as np

        counts: np.ndarray = np.diff(self.starts.astype(np.int64))
        return np.repeat(np.arange(len(counts), dtype=np.uint32), counts)

    def row(self, r: int) -> np.ndarray:
        """Row r as synced (the pairs appended since are not in it)."""
        if r + 1 >= len(self.starts):
            return self.values[:0]
        return self.values[int(self.starts[r]) : int(self.starts[r + 1])]

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """The synced values of all `rows`, end to end (one gather, no loop over rows)."""
        import numpy as np

        rows = rows[rows + 1 < len(self.starts)]
        lo = self.starts[rows].astype(np.int64)
        counts = self.starts[rows + 1].astype(np.int64) - lo
        if not len(counts):
            return self.values[:0]
        offsets = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        return self.values[offsets]

    def pairs(self, rows: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(row, value) for every synced value of `rows`; None while appended pairs wait, or
        when there are more than `limit`."""
        import numpy as np

        if self.new_rows:
            return None
        rows = rows[rows + 1 < len(self.starts)]
        lo = self.starts[rows].astype(np.int64)
        counts = self.starts[rows + 1].astype(np.int64) - lo
        if int(counts.sum()) > limit:
            return None
        offsets = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        return np.repeat(rows, counts), self.values[offsets].astype(np.int64)

    def save(self, out: Arrays, prefix: str) -> None:
        """Into named arrays (synced first: see `Names.save`)."""
        assert not self.new_rows, "sync before saving"
        out[f"{prefix}.starts"], out[f"{prefix}.values"] = self.starts, self.values

    @classmethod
    def load(cls, arrays: Arrays, prefix: str, bound: int) -> _Rows:
        """Rows `save` wrote, whose values are all below `bound`; SavedError if not."""
        import numpy as np

        from reader.search.saved import check, take

        rows = cls()
        rows.starts = take(arrays, f"{prefix}.starts", np.uint32, 1)
        values = arrays.get(f"{prefix}.values")
        check(values is not None and values.dtype in (np.uint16, np.uint32), f"{prefix}.values")
        assert values is not None
        rows.values = values
        check(len(rows.starts) >= 1 and int(rows.starts[-1]) == len(values), f"{prefix} rows")
        check(bool(np.all(rows.starts[1:] >= rows.starts[:-1])), f"{prefix} order")
        check(not len(values) or int(values.max()) < bound, f"{prefix} values")
        return rows

    def pending(self, rows: np.ndarray) -> np.ndarray:
        """Values appended since the last sync to any of `rows`."""
        import numpy as np

        if not self.new_rows:
            return self.values[:0]
        owners = np.frombuffer(self.new_rows, dtype=np.uint32)
        return np.frombuffer(self.new_values, dtype=np.uint32)[np.isin(owners, rows)]


def _csr(owners: np.ndarray, values: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(starts, values grouped by owner, in their order within a row) for at least `rows` rows."""
    import numpy as np

    size = max(rows, int(owners.max()) + 1 if len(owners) else 0)
    starts = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(owners, minlength=size), out=starts[1:])
    values = values[np.argsort(owners, kind="stable")]
    if len(values) and int(values.max()) <= 0xFFFF:  # article and name numbers of a smaller corpus
        values = values.astype(np.uint16)
    return starts.astype(np.uint32), values


class Names:
    """Distinct names, their articles, and their pinyin keys."""

    def __init__(self) -> None:
        import numpy as np

        self._new: list[str] = []  # names added since the last sync, as written
        self._unfolded: dict[int, str] = {}  # names as written, where folding changed them
        self._docs = _Rows()  # name → articles
        self._pinyin = _Rows()  # pinyin key → names, keys in `_keys`
        self._keys = np.zeros(0, dtype=np.uint32)  # the distinct pinyin keys, ascending
        self._pinyin_done = 0
        self._joined = ""  # every synced name, folded, each followed by _SEP
        self._starts: array[int] = array("I")  # where each begins in it
        self._ids: dict[str, int] | None = {}
        self._lines: Headlines | None = None  # `_joined` as lines, when first asked (`lines`)

    def __len__(self) -> int:
        return len(self._starts) + len(self._new)

    def text(self, i: int) -> str:
        """Name `i` as written."""
        synced = len(self._starts)
        if i >= synced:
            return self._new[i - synced]
        unfolded = self._unfolded.get(i)
        if unfolded is not None:
            return unfolded
        end = self._starts[i + 1] - 1 if i + 1 < synced else len(self._joined) - 1
        return self._joined[self._starts[i] : end]

    def first_places(self, ids: Sequence[int], folded: str) -> tuple[np.ndarray, np.ndarray]:
        """Where `folded` first is in each of the (synced) names `ids`, and their lengths."""
        import numpy as np

        names = [self._folded(i) for i in ids]
        first = np.array([name.find(folded) for name in names], dtype=np.int64)
        return first, np.array([len(name) for name in names], dtype=np.int64)

    def _folded(self, i: int) -> str:
        """Name `i` folded (synced names only)."""
        end = self._starts[i + 1] - 1 if i + 1 < len(self._starts) else len(self._joined) - 1
        return self._joined[self._starts[i] : end]

    def save(self, out: Arrays, prefix: str) -> None:
        """Into named arrays (the cache stores search indexes), synced; without the text → id
        table, which is rebuilt if names are ever added again (a warm start adds none)."""
        import numpy as np

        self.sync()
        self._docs.save(out, f"{prefix}.docs")
        self._pinyin.save(out, f"{prefix}.pinyin")
        out[f"{prefix}.keys"] = self._keys
        out[f"{prefix}.starts"] = np.frombuffer(self._starts, dtype=np.uint32)
        out[f"{prefix}.joined"] = utf8(self._joined)
        unfolded = sorted(self._unfolded.items())
        out[f"{prefix}.unfolded"] = np.array([i for i, _ in unfolded], dtype=np.uint32)
        out[f"{prefix}.unfolded_sizes"] = np.array([len(t) for _, t in unfolded], dtype=np.uint32)
        out[f"{prefix}.unfolded_text"] = utf8("".join(t for _, t in unfolded))

    @classmethod
    def load(cls, arrays: Arrays, prefix: str, documents: int) -> Names:
        """Names `save` wrote, over `documents` articles; SavedError if they are not that."""
        import numpy as np

        from reader.search.saved import check, take, text

        names = cls()
        starts = take(arrays, f"{prefix}.starts", np.uint32, 1)
        names._joined = text(arrays, f"{prefix}.joined")
        check(bool(np.all(starts[1:] > starts[:-1])), "names order")
        check(not len(starts) or int(starts[-1]) < len(names._joined), "names text")
        names._starts = array("I", starts.tobytes())
        count = len(starts)
        names._docs = _Rows.load(arrays, f"{prefix}.docs", documents)
        check(len(names._docs.starts) == count + 1, "names' articles")
        names._pinyin = _Rows.load(arrays, f"{prefix}.pinyin", count)
        names._keys = take(arrays, f"{prefix}.keys", np.uint32, 1)
        check(len(names._pinyin.starts) == len(names._keys) + 1, "pinyin keys")
        ids = take(arrays, f"{prefix}.unfolded", np.uint32, 1)
        sizes = take(arrays, f"{prefix}.unfolded_sizes", np.uint32, 1)
        written = text(arrays, f"{prefix}.unfolded_text")
        check(len(ids) == len(sizes) and int(sizes.sum()) == len(written), "names as written")
        check(not len(ids) or int(ids.max()) < count, "names as written")
        at = 0
        for i, size in zip(ids.tolist(), sizes.tolist(), strict=True):
            names._unfolded[i] = written[at : at + size]
            at += size
        names._pinyin_done = count
        names._ids = None
        return names

    def add(self, doc: int, texts: Iterable[str]) -> None:
        """Record that article number `doc` (above all earlier ones) mentions each of `texts`."""
        ids = self._ids
        if ids is None:
            ids = self._ids = {self.text(i): i for i in range(len(self))}
        for text in dict.fromkeys(texts):
            i = ids.get(text)
            if i is None:
                i = ids[text] = len(self)
                self._new.append(text)
            self._docs.append(i, doc)

    # --- finding -------------------------------------------------------------------

    def sync(self) -> None:
        """Bring the joined text, pinyin keys and articles up to date with `add` (else done lazily)."""
        self._sync_text()
        self._sync_pinyin()
        self._docs.sync(len(self))

    def _sync_text(self) -> None:
        if self._new:
            offset = len(self._joined)
            parts = []
            for text in self._new:
                folded = fold(text)
                if folded != text:
                    self._unfolded[len(self._starts)] = text
                self._starts.append(offset)
                offset += len(folded) + 1
                parts.append(folded + _SEP)
            self._joined += "".join(parts)
            self._new = []

    def _sync_pinyin(self) -> None:
        self._sync_text()
        if self._pinyin_done >= len(self._starts):
            return
        import numpy as np

        # Rows are numbered by the key's rank among the keys, which new keys shift: rebuilt whole.
        keys = array("I")
        names = array("I")
        for i in range(self._pinyin_done, len(self._starts)):
            found = pinyin.keys(self._folded(i))
            keys.extend(found)
            names.extend([i] * len(found))
        old_keys = self._keys[self._pinyin.owners()]
        all_keys = np.concatenate((old_keys, np.frombuffer(keys, dtype=np.uint32)))
        all_names = np.concatenate((self._pinyin.values, np.frombuffer(names, dtype=np.uint32)))
        self._keys, rank = np.unique(all_keys, return_inverse=True)
        self._pinyin.starts, self._pinyin.values = _csr(rank.astype(np.uint32), all_names, len(self._keys))
        self._pinyin_done = len(self._starts)

    def _with_key(self, key: int) -> np.ndarray:
        """Ids of names with pinyin key `key`, ascending."""
        at = int(self._keys.searchsorted(key))
        if at < len(self._keys) and self._keys[at] == key:
            return self._pinyin.row(at)
        return self._keys[:0]

    def containing(self, texts: Iterable[str]) -> list[int]:
        """Ids of names containing any of the folded `texts`."""
        import numpy as np

        found: set[int] = set()
        table = self.lines()
        codes, starts = table.codes(), table.starts
        for text in texts:
            if not text:
                continue
            # Every name at once: where the first character is, narrowed by the next ones
            # (past the end, the last separator is read: no term holds one).
            at = np.flatnonzero(codes == ord(text[0]))
            last = len(codes) - 1
            for k, ch in enumerate(text[1:], start=1):
                at = at[codes[np.minimum(at + k, last)] == ord(ch)]
            found.update(np.unique(np.searchsorted(starts, at, side="right") - 1).tolist())
        return sorted(found)

    def warm_up(self) -> None:
        """Work out now what the first name search would: the code points of the names
        synced so far (names added later are taken in as they are searched)."""
        self.lines().codes()

    def lines(self) -> Headlines:
        """The synced names as a table of lines, each name an article of one line: what a text
        is looked for in (its code points) and what `pinyin_lines.Matches` walks."""
        import numpy as np

        from reader.search.headlines import Headlines

        self._sync_text()
        if self._lines is None:
            self._lines = Headlines()
        table, count = self._lines, len(self._starts)
        if table.size != count:  # (the text and its code points only grow: worked out for the new)
            table.text = self._joined
            # (a copy made in one call: a view would keep `_starts` from growing)
            table.starts = np.array(self._starts, dtype=np.int64)
            table.first = np.arange(count + 1, dtype=np.int64)
            table.size = count
        return table

    def pinyin_places(self, ids: Sequence[int] | np.ndarray, p: str) -> tuple[np.ndarray, ...]:
        """For the (synced, sorted) names `ids`, where plain pinyin query `p` first matches in
        each (start, end; -1 where it does not), the best fullness of its matches there, and
        the names' lengths: all of them walked at once (`pinyin_lines.Matches`)."""
        import numpy as np

        from reader.search.pinyin_lines import Matches

        table = self.lines()
        wanted = np.asarray(ids, dtype=np.int64)
        found = Matches(table, p, wanted)
        start = np.full(len(wanted), -1, dtype=np.int64)
        end = np.full(len(wanted), -1, dtype=np.int64)
        full = np.zeros(len(wanted))
        if len(found.doc):  # (matches are in text order: a name's first is its first)
            named, first = np.unique(found.doc, return_index=True)
            at = np.searchsorted(wanted, named)
            base = table.starts[named]
            start[at] = found.start[first] - base
            end[at] = found.end[first] - base
            full[at] = np.maximum.reduceat(found.full, first)
        lo, hi = table.article_spans(wanted)  # (each name's line, its separator included)
        return start, end, full, hi - 1 - lo

    def matching(self, finder: TextFinder) -> list[int]:
        """Ids of names the exact finder matches."""
        found = self.containing([finder.text])
        if not (finder.prefix or finder.suffix):
            return found  # (folding maps a character to one character: folded holds it as written does)
        return [i for i in found if finder.found(self.text(i))]

    def matching_pinyin(self, finder: PinyinFinder, cap: int) -> tuple[list[int], bool]:
        """Ids of names the pinyin finder matches, and whether the list is complete."""
        self._sync_pinyin()
        exact, groups = pinyin.query_keys(finder.p)
        sure: set[int] = set()
        for key in exact:
            sure.update(self._with_key(key).tolist())
        maybe: set[int] = set()
        for keys, ok in groups:
            held = set(self._with_key(keys[0]).tolist())
            for key in keys[1:]:
                held.intersection_update(self._with_key(key).tolist())
            (sure if ok else maybe).update(held)
        maybe -= sure
        anchored = finder.prefix or finder.suffix
        found = [i for i in sure if not anchored or finder.found(self.text(i))]
        checked = sorted(maybe)[:cap]
        if len(checked) > WALKED_ONE_BY_ONE and not anchored:  # (all at once: `pinyin_lines`)
            from reader.search.pinyin_lines import Matches

            found.extend(Matches(self.lines(), finder.p, checked).docs().tolist())
        else:
            found.extend(i for i in checked if finder.found(self.text(i)))
        return sorted(found), len(maybe) <= cap

    def matching_fuzzy(self, finder: FuzzyFinder) -> list[int]:
        """Ids of names within one edit of the term."""
        candidates = set(self.containing(finder.anchor_texts()))
        if finder.gap is not None:
            self._sync_text()
            for x in finder.gap.finditer(self._joined):
                candidates.add(bisect_right(self._starts, x.start()) - 1)
        return [i for i in sorted(candidates) if finder.found(self.text(i))]

    def mentions(self, ids: Iterable[int], limit: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(name, article) for every article that mentions one of the names; None while
        names added lately wait for `sync`, or when there are more than `limit` pairs."""
        import numpy as np

        return self._docs.pairs(np.fromiter(ids, dtype=np.int64), limit)

    def docs_of(self, ids: Iterable[int]) -> np.ndarray:
        """Sorted distinct article numbers that mention any of the names."""
        import numpy as np

        wanted = np.fromiter(ids, dtype=np.int64)
        found = np.concatenate((self._docs.rows(wanted), self._docs.pending(wanted))).astype(np.int64)
        if len(found) < 2:
            return found
        found.sort()  # then drop repeats: much faster than np.unique's hashing
        return found[np.concatenate(([True], found[1:] != found[:-1]))]

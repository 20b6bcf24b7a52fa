"""The searchable names of a corpus: people, places, organisations and reporters.

Each distinct (kind, text) is stored once with the articles that mention it,
so typing a name costs a scan of the distinct names (a few hundred thousand
characters at 100k articles), not of the articles.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader import pinyin
from reader.fold import fold

if TYPE_CHECKING:
    import numpy as np

    from reader.match import FuzzyFinder, PinyinFinder, TextFinder

REPORTER = "REP"
"""The kind of a name taken from a byline."""

_SEP = "\x01"


class Names:
    """Distinct names, their articles, and their pinyin keys."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.folded: list[str] = []
        self.kinds: list[str] = []
        self.docs: list[array[int]] = []
        self._ids: dict[tuple[str, str], int] = {}
        self._pinyin: dict[int, array[int]] = {}
        self._pinyin_done = 0
        self._joined = ""
        self._starts: array[int] = array("I")

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, kind: str, text: str, doc: int) -> None:
        """Record that article number `doc` mentions `text` as a `kind`."""
        key = (kind, text)
        i = self._ids.get(key)
        if i is None:
            i = self._ids[key] = len(self.texts)
            self.texts.append(text)
            self.folded.append(fold(text))
            self.kinds.append(kind)
            self.docs.append(array("I"))
        postings = self.docs[i]
        if not postings or postings[-1] != doc:
            postings.append(doc)

    def id_of(self, kind: str, text: str) -> int | None:
        return self._ids.get((kind, text))

    # --- finding -------------------------------------------------------------------

    def sync(self) -> None:
        """Bring the joined text and the pinyin keys up to date with `add` (done lazily otherwise)."""
        self._sync_text()
        self._sync_pinyin()

    def _sync_text(self) -> None:
        if len(self._starts) < len(self.folded):
            new = self.folded[len(self._starts) :]
            offset = len(self._joined)
            for text in new:
                self._starts.append(offset)
                offset += len(text) + 1
            self._joined += "".join(t + _SEP for t in new)

    def _sync_pinyin(self) -> None:
        if self._pinyin_done < len(self.folded):
            for i in range(self._pinyin_done, len(self.folded)):
                for key in pinyin.keys(self.folded[i]):
                    postings = self._pinyin.get(key)
                    if postings is None:
                        postings = self._pinyin[key] = array("I")
                    postings.append(i)
            self._pinyin_done = len(self.folded)

    def containing(self, texts: Iterable[str]) -> list[int]:
        """Ids of names containing any of the folded `texts`."""
        self._sync_text()
        joined, starts = self._joined, self._starts
        found: set[int] = set()
        for text in texts:
            i = joined.find(text)
            while i >= 0:
                found.add(bisect_right(starts, i) - 1)
                i = joined.find(text, i + 1)
        return sorted(found)

    def matching(self, finder: TextFinder) -> list[int]:
        """Ids of names the exact finder matches."""
        return [i for i in self.containing([finder.text]) if finder.found(self.texts[i])]

    def matching_pinyin(self, finder: PinyinFinder, cap: int) -> tuple[list[int], bool]:
        """Ids of names the pinyin finder matches, and whether the list is complete."""
        self._sync_pinyin()
        exact, groups = pinyin.query_keys(finder.p)
        sure: set[int] = set()
        for key in exact:
            sure.update(self._pinyin.get(key, ()))
        maybe: set[int] = set()
        for keys, ok in groups:
            held = set(self._pinyin.get(keys[0], ()))
            for key in keys[1:]:
                held.intersection_update(self._pinyin.get(key, ()))
            (sure if ok else maybe).update(held)
        maybe -= sure
        anchored = finder.prefix or finder.suffix
        found = [i for i in sure if not anchored or finder.found(self.texts[i])]
        complete = True
        for n, i in enumerate(sorted(maybe)):
            if n >= cap:
                complete = False
                break
            if finder.found(self.texts[i]):
                found.append(i)
        return sorted(found), complete

    def matching_fuzzy(self, finder: FuzzyFinder) -> list[int]:
        """Ids of names within one edit of the term."""
        candidates = set(self.containing(finder.anchor_texts()))
        if finder.gap is not None:
            self._sync_text()
            for x in finder.gap.finditer(self._joined):
                candidates.add(bisect_right(self._starts, x.start()) - 1)
        return [i for i in sorted(candidates) if finder.found(self.texts[i])]

    def docs_of(self, ids: Iterable[int]) -> np.ndarray:
        """Sorted distinct article numbers that mention any of the names."""
        import numpy as np

        flat = array("I")
        for i in ids:
            flat.extend(self.docs[i])
        if not flat:
            return np.zeros(0, dtype=np.int64)
        found = np.frombuffer(flat, dtype=np.uint32).astype(np.int64)
        found.sort()
        return found[np.concatenate(([True], found[1:] != found[:-1]))]

"""The search index's data: the articles, and their postings by field, built segment by segment.

Character bigrams of headlines and bodies and pinyin keys of headlines go
into compact postings (`reader.search.postings`: numpy segments, two bytes
a posting, bitmaps for frequent keys); names into `reader.search.names`.
Articles added one by one are searchable at once (scanned, `pending`)
until a segment of `SEGMENT` fills; many at once are indexed in bigger
segments, and small segments merge as they accumulate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from reader import heap
from reader.models import Article
from reader.search import variants
from reader.search.facets import Facets
from reader.search.fold import fold
from reader.search.headlines import Headlines
from reader.search.names import Names
from reader.search.postings import MAX_SEGMENT, Postings, text_pairs
from reader.search.variants import Signature

if TYPE_CHECKING:
    import numpy as np

SEGMENT = 2048
"""Articles added one by one are indexed in segments of this many (until then, scanned)."""
BULK_SEGMENT = 8192
"""Articles per segment when many are indexed at once; four small segments merge into one."""


class IndexData:
    """Articles and their postings; grows with `add`, indexed by `flush`."""

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.indexed = 0
        """Articles up to here are in segments; the rest are scanned (`pending`)."""
        self.headline = Postings()
        self.body = Postings()
        self.headline_py = Postings()
        self.names = Names()
        self.facets = Facets()
        self.headlines: Headlines | None = None
        """The indexed articles' headline lines, for scoring many at once (`reader.search.headlines`)."""
        self.signatures: np.ndarray | None = None
        """Per indexed article, the characters it spells another way (`reader.search.variants`)."""
        self.bulk = True
        """Build big segments at once rather than merge small ones (while first filled)."""

    def add(self, articles: Iterable[Article]) -> None:
        """Append articles; they are searchable at once, indexed a segment at a time."""
        for article in articles:
            doc = len(self.articles)
            self.articles.append(article)
            self.names.add(doc, [e.text for e in article.entities] + list(article.reporters))
            self.facets.add((article,))
        while not self.bulk and len(self.articles) - self.indexed >= SEGMENT:
            self._build(self.indexed, self.indexed + SEGMENT)

    def flush(self) -> None:
        """Index every pending article now (call when a batch of loading ends)."""
        while self.indexed < len(self.articles):
            self._build(self.indexed, min(len(self.articles), self.indexed + BULK_SEGMENT))
        if self.bulk:
            self._merge_remainder()
        self.names.sync()
        heap.release()  # the build's scratch arrays

    def _build(self, lo: int, hi: int) -> None:
        import numpy as np

        from reader.search import pinyin

        assert hi - lo <= MAX_SEGMENT
        batch = self.articles[lo:hi]
        keys, docs = text_pairs([a.headline for a in batch])
        self.headline.add_segment(lo, hi - lo, keys, docs)
        keys, docs = text_pairs([a.paragraphs for a in batch])
        self.body.add_segment(lo, hi - lo, keys, docs)
        py_keys: list[int] = []
        py_docs: list[int] = []
        for n, article in enumerate(batch):
            found: set[int] = set()
            for line in article.headline:
                found |= pinyin.keys(fold(line))
            py_keys.extend(found)
            py_docs.extend([n] * len(found))
        self.headline_py.add_segment(lo, hi - lo, np.array(py_keys, dtype=np.uint32), np.array(py_docs))
        if self.headlines is None:
            self.headlines = Headlines()
        self.headlines.extend(batch)
        sigs = variants.signatures([(*a.headline, a.byline, *a.paragraphs) for a in batch])
        self.signatures = sigs if self.signatures is None else np.concatenate((self.signatures[:lo], sigs))
        self._merge()
        self.indexed = hi

    def _merge(self) -> None:
        """Merge the last four segments when they are alike in size (at most 32,768 articles a segment).

        Fewer, bigger segments mean fewer lookups per key and less per-key
        overhead (8 bytes per key per segment: a third of the postings at
        2,048 articles, a thirtieth at 32,768).
        """
        while True:
            tail = self.body.segments[-4:]
            sizes = [seg.size for seg in tail]
            if len(tail) < 4 or sum(sizes) > 4 * BULK_SEGMENT:
                return
            if not (all(n < BULK_SEGMENT for n in sizes) or all(n == BULK_SEGMENT for n in sizes)):
                return
            for postings in (self.headline, self.body, self.headline_py):
                postings.merge_tail(4)

    def _merge_remainder(self) -> None:
        """Merge a bulk build's short last segment into the one before (10,769 articles: one
        segment, not 8,192 + 2,577; each segment costs 8 bytes a distinct key)."""
        segments = self.body.segments
        if len(segments) >= 2 and segments[-1].size < BULK_SEGMENT <= segments[-2].size:
            if segments[-1].size + segments[-2].size <= 4 * BULK_SEGMENT:
                for postings in (self.headline, self.body, self.headline_py):
                    postings.merge_tail(2)

    @property
    def nbytes(self) -> int:
        """Bytes held by the postings (not counting the articles themselves)."""
        return self.headline.nbytes + self.body.nbytes + self.headline_py.nbytes

    def plain(self, docs: np.ndarray, signature: Signature | None) -> np.ndarray:
        """Per article of `docs`, whether a term of this signature is found in it by plain `str`
        methods (`reader.search.variants`)."""
        import numpy as np

        if signature is None:
            return np.ones(len(docs), dtype=bool)
        sigs = self.signatures
        if sigs is None or not len(docs):
            return np.zeros(len(docs), dtype=bool)
        inside = docs < len(sigs)
        out = np.zeros(len(docs), dtype=bool)
        shared = sigs[docs[inside]] & np.array(signature, dtype=np.uint64)
        out[inside] = ~shared.any(axis=1)
        return out

    def plain_one(self, doc: int, signature: Signature | None) -> bool:
        """`plain` for one article."""
        if signature is None:
            return True
        sigs = self.signatures
        if sigs is None or doc >= len(sigs):
            return False
        row = sigs[doc].tolist()
        return not (row[0] & signature[0] or row[1] & signature[1] or row[2] & signature[2])

    def pending(self, superset: np.ndarray | None) -> list[int]:
        """Articles added but not yet in a segment (restricted to `superset`)."""
        lo, hi = self.indexed, len(self.articles)
        if superset is None:
            return list(range(lo, hi))
        rest: list[int] = superset[int(superset.searchsorted(lo)) :].tolist()  # (sorted: no scan)
        return rest

    def blocks(self, doc: int, field: str) -> Sequence[str]:
        """The article's headline lines (a `headline…` field) or paragraphs."""
        article = self.articles[doc]
        return article.headline if field.startswith("headline") else article.paragraphs

"""Search as you type over a corpus: Chinese text, pinyin, typos, names.

    >>> index = SearchIndex(corpus.articles)
    >>> [hit.article.title for hit in index.query("拥军尉问")]

What a query can say is in `reader.search.query` (fzf's extended-search operators
`'exact`, `^prefix`, `suffix$`, `!exclude` and `a | b`, plus pinyin and
initials).  How it ranks, best first, in bands that never overlap:

    headline, exact text           90–100
    headline, pinyin               84–90
    name (entity or reporter)      78–84
    name, pinyin                   72–78
    body, exact text               55–70
    headline, one typo             40–50
    name, one typo                 35–40
    body, one typo                 20–35

Within a band: a match on jieba word boundaries beats one inside a longer
word (中国 in 中国经济 over 发展中国家), an earlier and fuller match beats a
later one, full pinyin beats initials, more occurrences beat fewer.  Typo
matches are looked for only for a term with fewer than `FUZZY_BELOW` exact
matches.  With several terms, an article's score is the mean of its terms'.

How it stays fast: character bigrams of headlines and bodies and pinyin keys of
headlines are in compact postings (`reader.search.postings`: numpy segments, two
bytes a posting, bitmaps for frequent keys); names are searched once per
distinct name (`reader.search.names`).  A term narrows by the index, and by the
previous keystroke's matches when it extends an earlier term (fzf's trick),
then checks candidates; the best `REFINE_CAP` are scored in full.  A
one-term query stops checking a field once `REFINE_CAP` articles matched, so
for a very broad term (one character, one letter) the results are the best
of the first matches in corpus order, not of all of them.  Checking is also
capped per term (`VERIFY_CAP`, `PINYIN_VERIFY_CAP`, `FUZZY_VERIFY_CAP`).

Articles added with `add` are searchable at once (scanned until a segment of
`SEGMENT` fills); the app adds them as pages load and calls `flush` at the
end.  The index pickles without its keystroke cache (the cache stores it).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reader import heap
from reader.models import Article
from reader.search import words
from reader.search.fold import fold
from reader.search.match import FuzzyFinder, PinyinFinder, TextFinder
from reader.search.names import Names
from reader.search.postings import (
    MAX_SEGMENT,
    Postings,
    edge_keys,
    exact_pair,
    query_keys,
    text_pairs,
    union,
    unit_range,
)
from reader.search.query import Query, Term, parse
from reader.search.rank import (
    BANDS,
    EXACT_FIELDS,
    FUZZY_FIELDS,
    MAX_BONUS,
    Found,
    Hit,
    field_of,
    make_hit,
    one_line,
    title_found,
)
from reader.search.rank import bonus as score_one

if TYPE_CHECKING:
    import numpy as np

SEGMENT = 2048
"""Articles added one by one are indexed in segments of this many (until then, scanned)."""
BULK_SEGMENT = 8192
"""Articles per segment when many are indexed at once; four small segments merge into one."""
FUZZY_BELOW = 50
"""Typo matches are looked for when a term has fewer exact matches than this."""
REFINE_CAP = 200
"""At most this many candidates (per clause, shared) are scored in full, `limit` at least."""
VERIFY_CAP = 8_000
"""Candidates checked per term and field; a single-term query stops once `REFINE_CAP` are found."""
PINYIN_VERIFY_CAP = 1_000
"""Pinyin candidates checked per term (a tenth of it per term when there are several)."""
FUZZY_VERIFY_CAP = 400
CACHE_SIZE = 64


class _TermDocs:
    """Per field, the sorted article numbers a term matches; filled lazily."""

    __slots__ = ("docs", "complete", "names", "size", "_sets")

    def __init__(self, size: int) -> None:
        self.size = size
        self.docs: dict[str, np.ndarray] = {}
        self.complete: dict[str, bool] = {}
        self.names: dict[str, list[int]] = {}
        self._sets: dict[str, set[str]] = {}

    def name_set(self, field: str, names: Names) -> set[str]:
        """Texts of the names the term matched in a name field."""
        found = self._sets.get(field)
        if found is None:
            found = self._sets[field] = {names.text(i) for i in self.names.get(field, ())}
        return found


class SearchIndex:
    """A ranked, typo- and pinyin-tolerant index over articles; grows with `add`."""

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self.articles: list[Article] = []
        self._indexed = 0
        self._headline = Postings()
        self._body = Postings()
        self._headline_py = Postings()
        self._names = Names()
        self._cache: OrderedDict[Term, _TermDocs] = OrderedDict()
        self._bulk = True  # build big segments at once rather than merge small ones
        self.add(articles)
        self.flush()
        self._bulk = False
        _warm()
        if any(not article.words for article in self.articles):
            words.warm_up()  # untagged articles: whole words are found by cutting on the spot

    def __len__(self) -> int:
        return len(self.articles)

    def __getstate__(self) -> dict[str, object]:
        """For pickling (the cache stores indexes): everything but the keystroke cache."""
        state = self.__dict__.copy()
        state["_cache"] = OrderedDict()
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        # Not warmed here: a reader of the cache installs the index first and calls
        # `warm_up()` after, in the background, so search is usable at once.
        self.__dict__.update(state)

    # --- building ----------------------------------------------------------------------

    def add(self, articles: Iterable[Article]) -> None:
        """Append articles; they are searchable at once, indexed a segment at a time."""
        for article in articles:
            doc = len(self.articles)
            self.articles.append(article)
            self._names.add(doc, [e.text for e in article.entities] + list(article.reporters))
        while not self._bulk and len(self.articles) - self._indexed >= SEGMENT:
            self._build(self._indexed, self._indexed + SEGMENT)

    def flush(self) -> None:
        """Index every pending article now (call when a batch of loading ends)."""
        while self._indexed < len(self.articles):
            self._build(self._indexed, min(len(self.articles), self._indexed + BULK_SEGMENT))
        if self._bulk:
            self._merge_remainder()
        self._names.sync()
        heap.release()  # the build's scratch arrays

    def _build(self, lo: int, hi: int) -> None:
        import numpy as np

        from reader.search import pinyin

        assert hi - lo <= MAX_SEGMENT
        batch = self.articles[lo:hi]
        keys, docs = text_pairs([a.headline for a in batch])
        self._headline.add_segment(lo, hi - lo, keys, docs)
        keys, docs = text_pairs([a.paragraphs for a in batch])
        self._body.add_segment(lo, hi - lo, keys, docs)
        py_keys: list[int] = []
        py_docs: list[int] = []
        for n, article in enumerate(batch):
            found: set[int] = set()
            for line in article.headline:
                found |= pinyin.keys(fold(line))
            py_keys.extend(found)
            py_docs.extend([n] * len(found))
        self._headline_py.add_segment(lo, hi - lo, np.array(py_keys, dtype=np.uint32), np.array(py_docs))
        self._merge()
        self._indexed = hi

    def _merge(self) -> None:
        """Merge the last four segments when they are alike in size (at most 32,768 articles a segment).

        Fewer, bigger segments mean fewer lookups per key and less per-key
        overhead (8 bytes per key per segment: a third of the postings at
        2,048 articles, a thirtieth at 32,768).
        """
        while True:
            tail = self._body.segments[-4:]
            sizes = [seg.size for seg in tail]
            if len(tail) < 4 or sum(sizes) > 4 * BULK_SEGMENT:
                return
            if not (all(n < BULK_SEGMENT for n in sizes) or all(n == BULK_SEGMENT for n in sizes)):
                return
            for postings in (self._headline, self._body, self._headline_py):
                postings.merge_tail(4)

    def _merge_remainder(self) -> None:
        """Merge a bulk build's short last segment into the one before (10,769 articles: one
        segment, not 8,192 + 2,577; each segment costs 8 bytes a distinct key)."""
        segments = self._body.segments
        if len(segments) >= 2 and segments[-1].size < BULK_SEGMENT <= segments[-2].size:
            if segments[-1].size + segments[-2].size <= 4 * BULK_SEGMENT:
                for postings in (self._headline, self._body, self._headline_py):
                    postings.merge_tail(2)

    @property
    def nbytes(self) -> int:
        """Bytes held by the postings (not counting the articles themselves)."""
        return self._headline.nbytes + self._body.nbytes + self._headline_py.nbytes

    # --- querying ----------------------------------------------------------------------

    def query(self, q: str, limit: int = 50) -> list[Hit]:
        """The best `limit` articles for `q`, best first."""
        parsed = parse(q)
        if not parsed or not self.articles or limit <= 0:
            return []
        if not parsed.clauses:
            return self._only_excluded(parsed, limit)
        joined = _spaced_pinyin(parsed)
        if joined is None:
            return self._query(parsed, limit)
        # `huang ya ting` is first of all one name: hits that spell it as one run
        # come first, then (if there is room) those matching the syllables anywhere.
        first = self._query(parse(joined), limit)
        if len(first) >= limit or any(len(c[0].text) == 1 for c in parsed.clauses):
            return first  # (a lone letter: the next syllable is still being typed)
        hits = self._query(parsed, limit)
        seen = {h.article.id for h in first}
        floor = first[-1].score if first else 100.0
        rest = [replace(h, score=min(h.score, floor)) for h in hits if h.article.id not in seen]
        return (first + rest)[:limit]

    def _query(self, parsed: Query, limit: int) -> list[Hit]:
        import numpy as np

        n = len(self.articles)
        single = len(parsed.clauses) == 1 and len(parsed.clauses[0]) == 1
        total = np.zeros(n, dtype=np.float32)
        alive: np.ndarray | None = None  # article numbers still matching every clause
        clause_bases: list[list[tuple[Term, np.ndarray, _TermDocs]]] = []
        for clause in sorted(parsed.clauses, key=_selectivity, reverse=True):
            best = np.zeros(n, dtype=np.float32)
            per_term = []
            for term in clause:
                td = self._term_docs(term, alive)
                base = self._bases(term, td, n, within=alive, single=single, limit=limit)
                per_term.append((term, base, td))
                np.maximum(best, base, out=best)
            clause_bases.append(per_term)
            total += best
            hit = np.flatnonzero(best)
            alive = hit if alive is None else np.intersect1d(alive, hit, assume_unique=True)
            if not len(alive):
                return []
        assert alive is not None
        for term in parsed.excluded:
            alive = self._exclude(term, alive)
        if not len(alive):
            return []
        scores = total[alive] / len(parsed.clauses)
        order = np.argsort(-scores, kind="stable")
        kth = scores[order[min(limit, len(order)) - 1]]
        keep = order[scores[order] >= kth - MAX_BONUS][: max(limit, REFINE_CAP // len(parsed.clauses))]
        ranked = []
        for i in keep:
            doc = int(alive[i])
            score, loc = self._refine(doc, clause_bases)
            ranked.append((-score, doc, loc))
        ranked.sort()
        return [make_hit(self.articles[doc], -neg, loc, parsed) for neg, doc, loc in ranked[:limit]]

    def _only_excluded(self, parsed: Query, limit: int) -> list[Hit]:
        import numpy as np

        alive = np.arange(len(self.articles))
        for term in parsed.excluded:
            alive = self._exclude(term, alive)
        hits = []
        for doc in alive[:limit]:
            article = self.articles[int(doc)]
            hits.append(Hit(article, 0.0, one_line(article.title), (), "headline", title_found(article).at))
        return hits

    # --- which articles match a term, field by field ----------------------------------

    def _bases(
        self, term: Term, td: _TermDocs, n: int, *, within: np.ndarray | None, single: bool, limit: int
    ) -> np.ndarray:
        """Per article, the base score of the best field the term matches (0: none)."""
        import numpy as np

        base = np.zeros(n, dtype=np.float32)
        seen = 0
        enough = max(limit, REFINE_CAP) if single else None
        for field in EXACT_FIELDS:
            docs = self._field(td, term, field, within, single, enough)
            if len(docs) and docs[-1] >= n:  # articles added by another thread since the query began
                docs = docs[docs < n]
            if len(docs):
                view = base[docs]
                np.maximum(view, BANDS[field][0], out=view)
                base[docs] = view
            seen += len(docs)
            if single and seen >= limit:
                return base  # lower bands cannot reach the first `limit`
        if term.fuzzy and np.count_nonzero(base) < FUZZY_BELOW:
            for field in FUZZY_FIELDS:
                if field == "body_fz" and not term.fuzzy_body:
                    continue
                docs = self._field(td, term, field, within, single)
                docs = docs[docs < n]
                if len(docs):
                    view = base[docs]
                    np.maximum(view, BANDS[field][0], out=view)
                    base[docs] = view
        return base

    def _term_docs(self, term: Term, within: np.ndarray | None) -> _TermDocs:
        if within is not None:
            return _TermDocs(len(self.articles))  # restricted results are not reusable
        td = self._cache.get(term)
        if td is None or td.size != len(self.articles):
            td = self._cache[term] = _TermDocs(len(self.articles))
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(term)
        return td

    def _superset(self, term: Term, field: str, within: np.ndarray | None) -> np.ndarray | None:
        """Articles that must contain every match of `term` in `field`, if known.

        A term that contains an earlier, unanchored term (the previous keystroke)
        matches only where that one matched: fzf's trick, for text fields.
        For pinyin, the earlier term must be a prefix.
        """
        import numpy as np

        best = within
        size = len(self.articles)
        for other, td in self._cache.items():
            if other == term or td.size != size or not td.complete.get(field) or other.prefix or other.suffix:
                continue
            if field.endswith("_py"):
                ok = (
                    other.pinyin is not None
                    and term.pinyin is not None
                    and term.pinyin.startswith(other.pinyin)
                )
            else:
                ok = other.text in term.text
            if ok:
                docs = td.docs[field]
                best = docs if best is None else np.intersect1d(best, docs, assume_unique=True)
        return best

    def _field(
        self,
        td: _TermDocs,
        term: Term,
        field: str,
        within: np.ndarray | None,
        single: bool = True,
        enough: int | None = None,
    ) -> np.ndarray:
        """Articles where `term` matches in `field` (cached per term).

        `within` restricts the search (results then not cached); with
        `enough`, checking candidates stops once that many matched.
        """
        import numpy as np

        docs = td.docs.get(field)
        if docs is not None and (td.complete.get(field) or not single or field.endswith("_fz")):
            return docs if within is None else np.intersect1d(docs, within, assume_unique=True)
        complete = True
        cap = PINYIN_VERIFY_CAP if single else PINYIN_VERIFY_CAP // 10
        if field in ("headline", "body"):
            docs, complete = self._text_field(term, field, self._superset(term, field, within), enough)
        elif field == "headline_py":
            if term.pinyin is None:
                docs = np.zeros(0, dtype=np.int64)
            else:
                superset = self._superset(term, field, within)
                docs, complete = self._pinyin_field(term, superset, cap, enough)
        elif field == "name":
            td.names[field] = ids = self._names.matching(TextFinder(term))
            docs = self._names.docs_of(ids)
        elif field == "name_py":
            ids = []
            if term.pinyin is not None:
                ids, complete = self._names.matching_pinyin(PinyinFinder(term), cap)
            td.names[field] = ids
            docs = self._names.docs_of(ids)
        elif field == "name_fz":
            td.names[field] = ids = self._names.matching_fuzzy(FuzzyFinder(term))
            docs = self._names.docs_of(ids)
        else:
            docs, complete = self._fuzzy_field(term, field, within)
        if within is not None:
            docs = np.intersect1d(docs, within, assume_unique=True)
        td.docs[field] = docs
        td.complete[field] = complete and within is None
        return docs

    def _blocks(self, doc: int, field: str) -> Sequence[str]:
        article = self.articles[doc]
        return article.headline if field.startswith("headline") else article.paragraphs

    def _text_field(
        self, term: Term, field: str, superset: np.ndarray | None, enough: int | None = None
    ) -> tuple[np.ndarray, bool]:
        """Articles whose headline (or body) contains the term exactly."""
        import numpy as np

        postings = self._headline if field == "headline" else self._body
        text = term.text
        width = len(text.encode("utf-16-le")) // 2
        edges = edge_keys(text, start=term.prefix, end=term.suffix)
        if width == 1 and not edges:
            candidates = postings.in_range(*unit_range(text))
        else:
            candidates = postings.all_of((query_keys(text) if width > 1 else []) + edges)
        sure = (width == 1 or exact_pair(text)) and not (term.prefix or term.suffix)
        if superset is not None:
            candidates = np.intersect1d(candidates, superset, assume_unique=True)
        finder = TextFinder(term)
        complete = True
        if not sure:
            kept: list[int] = []
            stop = enough or VERIFY_CAP
            for n, doc in enumerate(candidates.tolist()):
                if n >= VERIFY_CAP or len(kept) >= stop:
                    complete = False
                    break
                if any(finder.found(b) for b in self._blocks(doc, field)):
                    kept.append(doc)
            candidates = np.array(kept, dtype=np.int64)
        pending = [
            doc for doc in self._pending(superset) if any(finder.found(b) for b in self._blocks(doc, field))
        ]
        if pending:
            candidates = union(candidates, np.array(pending, dtype=np.int64))
        return candidates, complete

    def _pending(self, superset: np.ndarray | None) -> list[int]:
        """Articles added but not yet in a segment (restricted to `superset`)."""
        lo, hi = self._indexed, len(self.articles)
        if superset is None:
            return list(range(lo, hi))
        return [d for d in superset.tolist() if d >= lo]

    def _pinyin_field(
        self, term: Term, superset: np.ndarray | None, cap: int, enough: int | None = None
    ) -> tuple[np.ndarray, bool]:
        """Articles with a headline line the pinyin term matches."""
        import numpy as np

        from reader.search import pinyin

        finder = PinyinFinder(term)
        exact, groups = pinyin.query_keys(finder.p)
        postings = self._headline_py
        sure = union(postings.any_of(exact), *(postings.all_of(keys) for keys, ok in groups if ok))
        maybe = union(*(postings.all_of(keys) for keys, ok in groups if not ok))
        if superset is not None:
            sure = np.intersect1d(sure, superset, assume_unique=True)
            maybe = np.intersect1d(maybe, superset, assume_unique=True)
        maybe = np.setdiff1d(maybe, sure, assume_unique=True)
        if term.prefix or term.suffix:
            maybe = union(maybe, sure)
            sure = sure[:0]
        kept: list[int] = []
        complete = True
        stop = (enough or cap) - len(sure)
        for n, doc in enumerate(maybe.tolist()):
            if n >= cap or len(kept) >= stop:
                complete = False
                break
            if any(finder.found(line) for line in self.articles[doc].headline):
                kept.append(doc)
        kept.extend(
            d for d in self._pending(superset) if any(finder.found(x) for x in self.articles[d].headline)
        )
        return union(sure, np.array(kept, dtype=np.int64)), complete

    def _fuzzy_field(self, term: Term, field: str, within: np.ndarray | None) -> tuple[np.ndarray, bool]:
        """Articles with a headline (or body) stretch within one edit of the term."""
        import numpy as np

        finder = FuzzyFinder(term)
        postings = self._headline if field == "headline_fz" else self._body
        groups = []
        for anchor in finder.anchor_texts():
            keys = query_keys(anchor)
            groups.append(postings.all_of(keys) if keys else postings.in_range(*unit_range(anchor)))
        if finder.gap is not None:
            first = postings.in_range(*unit_range(term.text[0]))
            last = postings.in_range(*unit_range(term.text[2]))
            groups.append(np.intersect1d(first, last, assume_unique=True))
        candidates = union(*groups)
        if within is not None:
            candidates = np.intersect1d(candidates, within, assume_unique=True)
        m = len(term.text)
        if m >= 4 and len(candidates):
            # One edit spoils at most two of the term's bigrams: check the
            # articles holding most of them first, and skip those holding too few.
            bigrams = sorted(set(query_keys(term.text)))
            held = np.zeros(len(candidates), dtype=np.int32)
            for key in bigrams:
                held += np.isin(candidates, postings.all_of([key]), assume_unique=True)
            if m >= 5:
                enough = held >= len(bigrams) - 2
                candidates, held = candidates[enough], held[enough]
            candidates = candidates[np.argsort(-held, kind="stable")]
        kind = "headline" if field == "headline_fz" else "body"
        kept: list[int] = []
        complete = True
        order = candidates.tolist() + self._pending(within)
        for n, doc in enumerate(order):
            if n >= FUZZY_VERIFY_CAP:
                complete = False
                break
            if any(finder.found(b) for b in self._blocks(doc, kind)):
                kept.append(doc)
        return np.array(sorted(set(kept)), dtype=np.int64), complete

    def _exclude(self, term: Term, alive: np.ndarray) -> np.ndarray:
        """`alive` without the articles containing `term` (headline, body or a name)."""
        import numpy as np

        out = np.setdiff1d(
            alive, self._names.docs_of(self._names.matching(TextFinder(term))), assume_unique=True
        )
        for field in ("headline", "body"):
            found, _ = self._text_field(term, field, out)
            out = np.setdiff1d(out, found, assume_unique=True)
        return out

    # --- scoring one article -----------------------------------------------------------

    def _refine(
        self, doc: int, clause_bases: list[list[tuple[Term, np.ndarray, _TermDocs]]]
    ) -> tuple[float, Found]:
        """Full score of one article, and where its best match is."""
        total = 0.0
        best: tuple[float, Found] | None = None
        for per_term in clause_bases:
            clause_best: tuple[float, Found] | None = None
            for term, bases, td in per_term:
                base = float(bases[doc])
                if not base:
                    continue
                field = field_of(base)
                bonus, loc = score_one(self.articles[doc], term, field, td.name_set(field, self._names))
                score = base + min(bonus, BANDS[field][1])
                if clause_best is None or score > clause_best[0]:
                    clause_best = (score, loc)
            assert clause_best is not None
            total += clause_best[0]
            if best is None or clause_best[0] > best[0]:
                best = clause_best
        assert best is not None
        return total / len(clause_bases), best[1]


def warm_up() -> None:
    """Load what the first keystroke would otherwise wait for (pinyin tables, rapidfuzz).

    Not jieba's dictionary: tagged articles carry their word boundaries (`reader.search.words`).
    """
    _warm()


def _warm() -> None:
    import numpy as np

    from reader.search import pinyin
    from reader.search.match import FuzzyFinder
    from reader.search.query import Term

    for letter in "abcdefghijklmnopqrstuvwxyz":
        pinyin.tables().starters(letter)
    FuzzyFinder(Term("预热词"))
    query_keys("预热")  # the folding and word-character tables
    a = np.arange(3)
    np.isin(a, a), np.intersect1d(a, a), np.setdiff1d(a, a)


def _spaced_pinyin(parsed: Query) -> str | None:
    """`qiao jun jie` → `qiaojunjie`: plain pinyin terms, more than one, no operators."""
    terms = [c[0] for c in parsed.clauses if len(c) == 1]
    if len(terms) < 2 or len(terms) != len(parsed.clauses) or parsed.excluded:
        return None
    if any(t.pinyin is None or t.prefix or t.suffix or t.text != t.pinyin for t in terms):
        return None
    return "".join(t.text for t in terms)


def _selectivity(clause: tuple[Term, ...]) -> float:
    """A guess at how few articles a clause matches (higher: fewer), to narrow early."""
    return min(sum(1 if ch.isascii() else 3 for ch in t.text) for t in clause)

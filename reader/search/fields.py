"""Which articles a term matches in one field: exact text, pinyin, one typo, or none of it.

Each narrows by the postings (`reader.search.store.IndexData`), then checks
the candidates it cannot be sure of, up to a cap.  Returns the sorted article
numbers and whether the check was complete (a capped one is not cached as
if it were).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.search.match import FuzzyFinder, PinyinFinder, TextFinder
from reader.search.postings import edge_keys, exact_pair, query_keys, union, unit_range
from reader.search.query import Term
from reader.search.store import IndexData

if TYPE_CHECKING:
    import numpy as np

VERIFY_CAP = 8_000
"""Candidates checked per term and field; a single-term query stops once `REFINE_CAP` are found."""
PINYIN_VERIFY_CAP = 1_000
"""Pinyin candidates checked per term (a tenth of it per term when there are several)."""
FUZZY_VERIFY_CAP = 400


def text_field(
    data: IndexData, term: Term, field: str, superset: np.ndarray | None, enough: int | None = None
) -> tuple[np.ndarray, bool]:
    """Articles whose headline (or body) contains the term exactly."""
    import numpy as np

    postings = data.headline if field == "headline" else data.body
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
            if any(finder.found(b) for b in data.blocks(doc, field)):
                kept.append(doc)
        candidates = np.array(kept, dtype=np.int64)
    pending = [doc for doc in data.pending(superset) if any(finder.found(b) for b in data.blocks(doc, field))]
    if pending:
        candidates = union(candidates, np.array(pending, dtype=np.int64))
    return candidates, complete


def pinyin_field(
    data: IndexData, term: Term, superset: np.ndarray | None, cap: int, enough: int | None = None
) -> tuple[np.ndarray, bool]:
    """Articles with a headline line the pinyin term matches."""
    import numpy as np

    from reader.search import pinyin

    finder = PinyinFinder(term)
    exact, groups = pinyin.query_keys(finder.p)
    postings = data.headline_py
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
        if any(finder.found(line) for line in data.articles[doc].headline):
            kept.append(doc)
    kept.extend(d for d in data.pending(superset) if any(finder.found(x) for x in data.articles[d].headline))
    return union(sure, np.array(kept, dtype=np.int64)), complete


def fuzzy_field(
    data: IndexData, term: Term, field: str, within: np.ndarray | None
) -> tuple[np.ndarray, bool]:
    """Articles with a headline (or body) stretch within one edit of the term."""
    import numpy as np

    finder = FuzzyFinder(term)
    postings = data.headline if field == "headline_fz" else data.body
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
    order = candidates.tolist() + data.pending(within)
    for n, doc in enumerate(order):
        if n >= FUZZY_VERIFY_CAP:
            complete = False
            break
        if any(finder.found(b) for b in data.blocks(doc, kind)):
            kept.append(doc)
    return np.array(sorted(set(kept)), dtype=np.int64), complete


def exclude(data: IndexData, term: Term, alive: np.ndarray) -> np.ndarray:
    """`alive` without the articles containing `term` (headline, body or a name)."""
    import numpy as np

    out = np.setdiff1d(alive, data.names.docs_of(data.names.matching(TextFinder(term))), assume_unique=True)
    for field in ("headline", "body"):
        found, _ = text_field(data, term, field, out)
        out = np.setdiff1d(out, found, assume_unique=True)
    return out

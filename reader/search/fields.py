"""Which articles a term matches in one field: exact text, pinyin, one typo, or none of it.

Each narrows by the postings (`reader.search.store.IndexData`), then checks
the candidates it cannot be sure of, up to a cap.  Returns the sorted article
numbers and whether the check was complete (a capped one is not cached as
if it were).
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

from reader.search.match import PinyinFinder, TextFinder, fuzzy_finder
from reader.search.postings import (
    difference,
    edge_keys,
    exact_pair,
    intersect,
    query_keys,
    union,
    unit_range,
)
from reader.search.query import Term
from reader.search.rank import Found, typo_matches
from reader.search.store import IndexData
from reader.search.variants import term_signature

if TYPE_CHECKING:
    import numpy as np

    from reader.search.headlines import Headlines
    from reader.search.pinyin_lines import Matches

VERIFY_CAP = 8_000
"""Candidates checked per term and field; a single-term query stops once `REFINE_CAP` are found."""
PINYIN_VERIFY_CAP = 1_000
"""Pinyin candidates checked per term (a tenth of it per term when there are several)."""
FUZZY_VERIFY_CAP = 400
FEW_CHECKED = 24
"""Candidates from an earlier keystroke (`SearchIndex._superset`) looked at one by one rather
than narrowed by the postings, at most (a bigram lookup costs some 0.1 ms)."""
PINYIN_BLOCK = 256
"""Pinyin candidates checked together (a one-term query stops after the block that has enough)."""


CHUNK = 8192
"""Articles a one-term query looks at a time, in corpus order, stopping once it has enough."""


def chunks(data: IndexData, enough: int | None) -> list[tuple[int, int]]:
    """The indexed articles as [start, stop) ranges: in chunks for a query that may stop early."""
    end = data.indexed
    step = CHUNK if enough is not None else max(end, 1)
    return [(start, min(start + step, end)) for start in range(0, end, step)]


def _part(docs: np.ndarray | None, start: int, stop: int) -> np.ndarray | None:
    """The part of sorted `docs` in [start, stop)."""
    if docs is None:
        return None
    lo, hi = (int(x) for x in docs.searchsorted([start, stop]))
    return docs[lo:hi]


def text_field(
    data: IndexData,
    term: Term,
    field: str,
    superset: np.ndarray | None,
    enough: int | None = None,
    take: int | None = None,
) -> tuple[np.ndarray, bool, bool]:
    """Articles whose headline (or body) contains the term exactly, whether the check was
    complete, and whether the search stopped at `take` (the rest were not looked at).

    With `enough`, a check of candidates stops once that many matched; with
    `take`, a term whose candidates need no check stops (a chunk at a time)
    once it has that many: the first ones in corpus order, which is all a
    one-term query ranks.
    """
    import numpy as np

    blocks_of = attrgetter("headline" if field == "headline" else "paragraphs")
    finder = TextFinder(term)
    if superset is not None and len(superset) <= FEW_CHECKED:
        # A few candidates known from an earlier keystroke: looking in each beats the postings.
        few = [doc for doc in superset.tolist() if finder.found_in(blocks_of(data.articles[doc]))]
        return np.array(few, dtype=np.int64), True, False
    postings = data.headline if field == "headline" else data.body
    text = term.text
    width = len(text.encode("utf-16-le")) // 2
    edges = edge_keys(text, start=term.prefix, end=term.suffix)
    keys = (query_keys(text) if width > 1 else []) + edges
    sure = (width == 1 or exact_pair(text)) and not (term.prefix or term.suffix)
    signature = term_signature(text)
    complete = True
    found: list[np.ndarray] = []
    count = checked = 0
    stop_at = enough or VERIFY_CAP
    for start, stop in chunks(data, enough if take is not None else None):
        if width == 1 and not edges:
            candidates = postings.in_range(*unit_range(text), start, stop)
        else:
            candidates = postings.all_of(keys, start, stop)
        part = _part(superset, start, stop)
        if part is not None:
            candidates = intersect(candidates, part)
        if not sure:
            kept: list[int] = []
            head = candidates[: VERIFY_CAP - checked + 1]  # (the rest would not be looked at)
            plain = data.plain(head, signature).tolist()
            quick, articles = finder.plain, data.articles
            for doc, easy in zip(head.tolist(), plain, strict=True):
                if checked >= VERIFY_CAP or count + len(kept) >= stop_at:
                    complete = False
                    break
                checked += 1
                if (quick if easy else finder).found_in(blocks_of(articles[doc])):
                    kept.append(doc)
            candidates = np.array(kept, dtype=np.int64)
        found.append(candidates)
        count += len(candidates)
        if not complete:
            return _joined(found), False, False
        if take is not None and count >= take and stop < data.indexed:
            return _joined(found), False, True
    pending = [doc for doc in data.pending(superset) if finder.found_in(data.blocks(doc, field))]
    if pending:
        found.append(np.array(pending, dtype=np.int64))
    return _joined(found), complete, False


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """Sorted arrays of ascending, disjoint ranges, end to end."""
    import numpy as np

    parts = [p for p in parts if len(p)]
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def pinyin_field(
    data: IndexData,
    term: Term,
    superset: np.ndarray | None,
    cap: int,
    enough: int | None = None,
    take: int | None = None,
    spelled: dict[int, Matches] | None = None,
) -> tuple[np.ndarray, bool, bool]:
    """Articles with a headline line the pinyin term matches, whether the check was complete,
    and whether the search stopped at `take`.  `spelled` is given, per article found by
    checking its lines, what was found there (`pinyin_lines.Matches`: ranking scores it).

    Candidates the index proves are taken as they are; the others are checked
    in corpus order, only while fewer than `enough` matched.  With `take`, the
    proven ones are gathered a chunk at a time, stopping once there are that
    many (`enough` or more: none would be checked then).  A few candidates known
    from an earlier keystroke (`superset`, fewer than would be checked anyway) are
    all checked at once, without the index: the same articles, found faster.
    """
    import numpy as np

    from reader.search import pinyin

    finder = PinyinFinder(term)
    anchored = term.prefix or term.suffix
    few = min(cap, enough or cap, cap if take is None else take)
    if superset is not None and len(superset) < few and not anchored and data.headlines is not None:
        indexed = superset[superset < data.indexed]
        kept, _ = _checked_together(data.headlines, finder.p, indexed, cap, len(indexed) + 1, spelled)
        kept.extend(
            d for d in data.pending(superset) if any(finder.found(x) for x in data.articles[d].headline)
        )
        return np.array(kept, dtype=np.int64), True, False
    exact, groups = pinyin.query_keys(finder.p)
    postings = data.headline_py
    # Groups of one key are looked up together, as alternatives to `exact`'s.
    proven = [keys for keys, ok in groups if ok and len(keys) > 1]
    any_sure = [*exact, *(keys[0] for keys, ok in groups if ok and len(keys) == 1)]
    unsure = [keys for keys, ok in groups if not ok and len(keys) > 1]
    any_unsure = [keys[0] for keys, ok in groups if not ok and len(keys) == 1]
    if take is not None and not anchored:
        parts = []
        count = 0
        for start, stop in chunks(data, take):
            chunk = union(
                postings.any_of(any_sure, start, stop), *(postings.all_of(k, start, stop) for k in proven)
            )
            part = _part(superset, start, stop)
            if part is not None:
                chunk = intersect(chunk, part)
            parts.append(chunk)
            count += len(chunk)
            if count >= take and stop < data.indexed:
                return _joined(parts), False, True
        sure = _joined(parts)
    else:
        sure = union(postings.any_of(any_sure), *(postings.all_of(keys) for keys in proven))
        if superset is not None:
            sure = intersect(sure, superset)
    maybe = union(postings.any_of(any_unsure), *(postings.all_of(keys) for keys in unsure))
    if superset is not None:
        maybe = intersect(maybe, superset)
    maybe = difference(maybe, sure)
    if anchored:
        maybe = union(maybe, sure)
        sure = sure[:0]
    stop_at = (enough or cap) - len(sure)
    if anchored or data.headlines is None:
        kept, complete = _checked_one_by_one(data, finder, maybe, cap, stop_at)
    else:
        kept, complete = _checked_together(data.headlines, finder.p, maybe, cap, stop_at, spelled)
    kept.extend(d for d in data.pending(superset) if any(finder.found(x) for x in data.articles[d].headline))
    return union(sure, np.array(kept, dtype=np.int64)), complete, False


def _checked_one_by_one(
    data: IndexData, finder: PinyinFinder, maybe: np.ndarray, cap: int, stop_at: int
) -> tuple[list[int], bool]:
    """The articles of `maybe` (the first `cap`) with a headline line `finder` matches, in
    order, stopping once `stop_at` are found; and whether every one was checked."""
    kept: list[int] = []
    for n, doc in enumerate(maybe.tolist()):
        if n >= cap or len(kept) >= stop_at:
            return kept, False
        if any(finder.found(line) for line in data.articles[doc].headline):
            kept.append(doc)
    return kept, True


def _checked_together(
    table: Headlines,
    p: str,
    maybe: np.ndarray,
    cap: int,
    stop_at: int,
    spelled: dict[int, Matches] | None = None,
) -> tuple[list[int], bool]:
    """`_checked_one_by_one` for indexed articles and a plain pinyin term, a block of articles
    at a time (`reader.search.pinyin_lines`); what was found in each article kept is put in
    `spelled`."""
    import numpy as np

    from reader.search.pinyin_lines import Matches

    kept: list[int] = []
    if stop_at <= 0:
        return kept, not len(maybe)
    checked = maybe[:cap]
    for lo in range(0, len(checked), PINYIN_BLOCK):
        block = checked[lo : lo + PINYIN_BLOCK]
        matches = Matches(table, p, block.tolist())
        found = block[np.isin(block, matches.docs())].tolist()
        if spelled is not None:
            spelled.update(dict.fromkeys(found, matches))
        if len(kept) + len(found) >= stop_at:
            last = found[stop_at - len(kept) - 1]
            kept.extend(found[: stop_at - len(kept)])
            return kept, last == int(maybe[-1])
        kept.extend(found)
    return kept, len(maybe) <= cap


def fuzzy_field(
    data: IndexData, term: Term, field: str, within: np.ndarray | None
) -> tuple[np.ndarray, bool, dict[int, tuple[int, Found | None]]]:
    """Articles with a headline (or body) stretch within one edit of the term, whether the check
    was complete, and per article found, what `rank.typo_matches` says (ranking takes its
    score from it rather than look again)."""
    import numpy as np

    finder = fuzzy_finder(term)
    postings = data.headline if field == "headline_fz" else data.body
    groups = []
    for anchor in finder.anchor_texts():
        keys = query_keys(anchor)
        groups.append(postings.all_of(keys) if keys else postings.in_range(*unit_range(anchor)))
    if finder.gap is not None:
        first = postings.in_range(*unit_range(term.text[0]))
        last = postings.in_range(*unit_range(term.text[2]))
        groups.append(intersect(first, last))
    candidates = union(*groups)
    if within is not None:
        candidates = intersect(candidates, within)
    m = len(term.text)
    if m >= 4 and len(candidates):
        # One edit spoils at most two of the term's bigrams: check the
        # articles holding most of them first, and skip those holding too few.
        bigrams = sorted(set(query_keys(term.text)))
        held = np.zeros(len(candidates), dtype=np.int32)
        holding = np.zeros(int(candidates[-1]) + 1, dtype=bool)
        for key in bigrams:
            holding[:] = False
            docs = postings.all_of([key], 0, len(holding))
            holding[docs] = True
            held += holding[candidates]
        if m >= 5:
            enough = held >= len(bigrams) - 2
            candidates, held = candidates[enough], held[enough]
        candidates = candidates[np.argsort(-held, kind="stable")]
    kept: dict[int, tuple[int, Found | None]] = {}
    complete = True
    order = candidates[: FUZZY_VERIFY_CAP + 1].tolist()
    if len(order) <= FUZZY_VERIFY_CAP:
        order += data.pending(within)
    plain = data.plain(np.array(order[:FUZZY_VERIFY_CAP], dtype=np.int64), term_signature(term.text)).tolist()
    for n, doc in enumerate(order):
        if n >= FUZZY_VERIFY_CAP:
            complete = False
            break
        easy = plain[n]
        found = typo_matches(finder.plain if easy else finder, data.blocks(doc, field), field)
        if found[1] is not None:
            kept[doc] = found
    return np.array(sorted(kept), dtype=np.int64), complete, kept


def exclude(data: IndexData, term: Term, alive: np.ndarray) -> np.ndarray:
    """`alive` without the articles containing `term` (headline, body or a name)."""

    out = difference(alive, data.names.docs_of(data.names.matching(TextFinder(term))))
    for field in ("headline", "body"):
        found, _, _ = text_field(data, term, field, out)
        out = difference(out, found)
    return out

"""The best `limit` of many candidates, scoring in full only those that can still place.

Every candidate gets a cheap upper bound of its score first; candidates are
then scored in full in the order of their bounds, and the walk stops once the
next bound is below the score of the last place kept.  The result is the
same as scoring all of them: best first, ties to the lower article number.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Ranked(Generic[T]):
    """One scored candidate: its score, article number, and what the scorer said of it."""

    __slots__ = ("score", "doc", "detail")

    def __init__(self, score: float, doc: int, detail: T) -> None:
        self.score, self.doc, self.detail = score, doc, detail

    def __lt__(self, other: Ranked[T]) -> bool:
        """Worse than `other`: a lower score, or the same and a higher number."""
        return (self.score, -self.doc) < (other.score, -other.doc)


def best_of(
    docs: Iterable[int],
    limit: int,
    upper: Callable[[int], float],
    exact: Callable[[int], tuple[float, T]],
) -> list[Ranked[T]]:
    """The `limit` best of `docs` by `exact` score, best first; `upper(doc)` must be at least
    `exact(doc)[0]`."""
    bounded = sorted(((upper(doc), doc) for doc in docs), key=lambda x: (-x[0], x[1]))
    kept: list[Ranked[T]] = []  # a heap: the worst kept first
    for ceiling, doc in bounded:
        if len(kept) >= limit and (ceiling, -doc) < (kept[0].score, -kept[0].doc):
            break  # no candidate left can place (bounds fall, and number rises among equal ones)
        score, detail = exact(doc)
        item = Ranked(score, doc, detail)
        if len(kept) < limit:
            heapq.heappush(kept, item)
        elif kept[0] < item:
            heapq.heapreplace(kept, item)
    return sorted(kept, reverse=True)

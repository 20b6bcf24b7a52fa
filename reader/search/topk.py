"""The best `limit` of many candidates, scoring in full only those that can still place.

Every candidate gets a cheap upper bound of its score first; candidates are
then scored in full in the order of their bounds, and the walk stops once the
next bound is below the score of the last place kept.  The result is the
same as scoring all of them: best first, ties to the lower article number.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")


class Ranked(Generic[T]):
    """One scored candidate: its score, article number, and what the scorer said of it."""

    __slots__ = ("score", "doc", "detail")

    def __init__(self, score: float, doc: int, detail: T) -> None:
        self.score, self.doc, self.detail = score, doc, detail


def best_of(
    docs: np.ndarray, limit: int, ceilings: np.ndarray, exact: Callable[[int], tuple[float, T]]
) -> list[Ranked[T]]:
    """The `limit` best of `docs` by `exact` score, best first.  `ceilings[i]` must be at
    least `exact(i)[0]`, the score of `docs[i]`."""
    import numpy as np

    # A heap of (score, -number, position): the worst kept first, compared in C.
    kept: list[tuple[float, int, int]] = []
    details: dict[int, T] = {}
    bounds = ceilings.tolist()
    numbers = docs.tolist()
    for i in np.lexsort((docs, -ceilings)).tolist():
        ceiling, doc = bounds[i], numbers[i]
        if len(kept) >= limit and (ceiling, -doc) < kept[0][:2]:
            break  # no candidate left can place (bounds fall, and number rises among equal ones)
        score, details[i] = exact(i)
        item = (score, -doc, i)
        if len(kept) < limit:
            heapq.heappush(kept, item)
        elif kept[0] < item:
            heapq.heapreplace(kept, item)
    kept.sort(reverse=True)
    return [Ranked(score, -negative, details[i]) for score, negative, i in kept]


def best_known(
    docs: np.ndarray, limit: int, scores: np.ndarray, detail: Callable[[int], T]
) -> list[Ranked[T]]:
    """`best_of` where every score is known already (each bound is the score itself): the
    `limit` best, best first, ties to the lower article number; `detail(i)` of those only."""
    import numpy as np

    order = np.lexsort((docs, -scores))[:limit].tolist()
    values, numbers = scores[order].tolist(), docs[order].tolist()
    return [Ranked(values[k], numbers[k], detail(i)) for k, i in enumerate(order)]

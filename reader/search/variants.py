"""Which articles spell none of a term's characters another way, so plain `str` methods find it.

A term is folded (`reader.search.fold`), the text is not: `发展` must also find
`發展`, so a term with such characters is looked for with a regex of character
classes (`fold.pattern`), which Python scans about ten times slower than
`str.find` does a literal.  Most articles hold none of those other
spellings (a Simplified paper holds `，` and capital letters, and the odd
`著`, but no `發`), and in them the plain term is found exactly where the
folded one is.

So each article gets a signature when it is indexed: one bit, of 64, for
every folded character that the article spells another way (the bit of
`发` for a `發`, of `,` for a `，`).  A term needs the regex in an article
only if the article's signature shares a bit with the term's; a shared bit
that is only a collision costs time, never a match.  Articles not indexed
yet have every bit set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.search.fold import has_variants

if TYPE_CHECKING:
    import numpy as np

ALL = (1 << 64) - 1
"""The signature of an article not indexed yet: every term takes the regex."""


def _bit(unit: int) -> int:
    """The signature bit of a folded UTF-16 code unit (Fibonacci hashing, so neighbours spread)."""
    return (unit * 0x9E3779B1 >> 13) & 63


def term_signature(folded: str) -> int:
    """The bits of the characters of `folded` that some raw text spells another way (0: none)."""
    if not has_variants(folded):
        return 0
    sig = 0
    for ch in folded:
        if ord(ch) <= 0xFFFF and has_variants(ch):
            sig |= 1 << _bit(ord(ch))
    return sig


def signatures(docs: Sequence[Sequence[str]]) -> np.ndarray:
    """Per document (a sequence of text blocks), its signature, as uint64."""
    import numpy as np

    from reader.search.postings import _fold_lut

    out = np.zeros(len(docs), dtype=np.uint64)
    texts = ["".join(blocks) for blocks in docs]
    joined = "".join(texts)
    raw = np.frombuffer(joined.encode("utf-16-le"), dtype="<u2")
    sizes = (
        [len(t) for t in texts]
        if len(raw) == len(joined)
        else [len(t.encode("utf-16-le")) // 2 for t in texts]
    )
    doc = np.repeat(np.arange(len(docs)), sizes)
    folded = _fold_lut()[raw]
    folded[raw <= 1] = 0x20  # (the table keeps NUL and SOH for the index's separators; text folds them)
    changed = np.flatnonzero(raw != folded)
    if len(changed):
        units = folded[changed].astype(np.uint64)
        bits = np.left_shift(np.uint64(1), (units * np.uint64(0x9E3779B1) >> np.uint64(13)) & np.uint64(63))
        np.bitwise_or.at(out, doc[changed], bits)
    return out

"""Which articles spell none of a term's characters another way, so plain `str` methods find it.

A term is folded (`reader.search.fold`), the text is not: `发展` must also find
`發展`, so a term with such characters is looked for with a regex of character
classes (`fold.pattern`), which Python scans about ten times slower than
`str.find` does a literal.  Most articles hold none of those other
spellings (a Simplified paper holds `，` and capital letters, and the odd
`著`, but no `發`), and in them the plain term is found exactly where the
folded one is.

So each article gets a signature when it is indexed: one bit for every
folded character that the article spells another way (the bit of `发` for a
`發`, of `,` for a `，`).  A term needs the regex in an article only if the
article's signature shares a bit with the term's.  ASCII has a bit a
character (every Chinese article holds `，` and `：`, which must not send
`发展` to the regex); other characters share 64 bits by a hash, and a
collision costs time, never a match.  Articles not indexed yet have every
bit set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.search.fold import has_variants

if TYPE_CHECKING:
    import numpy as np

WORDS = 3
"""A signature is three 64-bit words: ASCII below 64, ASCII from 64, everything else hashed."""

Signature = tuple[int, int, int]


def _bit(unit: int) -> int:
    """The signature bit of a folded UTF-16 code unit, 0 … 191 (Fibonacci hashing beyond ASCII,
    so neighbours spread)."""
    return unit if unit < 128 else 128 + ((unit * 0x9E3779B1 >> 13) & 63)


def term_signature(folded: str) -> Signature | None:
    """The bits of the characters of `folded` that some raw text spells another way, by word
    (None: no character has another spelling)."""
    if not has_variants(folded):
        return None
    sig = 0
    for ch in folded:
        if ord(ch) <= 0xFFFF and has_variants(ch):
            sig |= 1 << _bit(ord(ch))
    return (sig & (2**64 - 1), sig >> 64 & (2**64 - 1), sig >> 128)


def signatures(docs: Sequence[Sequence[str]]) -> np.ndarray:
    """Per document (a sequence of text blocks), its signature: uint64, `WORDS` a row."""
    import numpy as np

    from reader.search.postings import _fold_lut

    out = np.zeros((len(docs), WORDS), dtype=np.uint64)
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
        hashed = (units * np.uint64(0x9E3779B1) >> np.uint64(13)) & np.uint64(63)
        bit = np.where(units < 128, units, np.uint64(128) + hashed)
        np.bitwise_or.at(
            out, (doc[changed], bit >> np.uint64(6)), np.left_shift(np.uint64(1), bit & np.uint64(63))
        )
    return out

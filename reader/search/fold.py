"""Script, width and case folding for search: `會見` and `会见`, `ＡＢＣ１２３` and `abc123` are the same text.

Folding maps one character to one character, so an offset found in folded text
is the same offset in the original (see the offset convention in
`reader.models`).  It does four things and nothing else:

* Traditional characters become Simplified ones (`reader.script`: 會 → 会,
  發 and 髮 → 发), so a query in either script finds both as exact hits, in
  one index, and pinyin and initials read Traditional text as they read
  Simplified; characters outside the Basic Multilingual Plane are left
  alone (the index folds UTF-16 code units);
* full-width ASCII forms (U+FF01–U+FF5E: `Ａ`, `１`, `，`, `（` …) become their
  ASCII counterparts (`A`, `1`, `,`, `(`);
* the ideographic space U+3000 becomes an ordinary space;
* ASCII letters become lower case.

CJK punctuation that has no ASCII twin (`。`, `、`, `“`) is left alone.
NUL and SOH become spaces: the search index uses them as separators.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.script import fold_map

FOLD: dict[int, int] = {c: d for c, d in fold_map().items() if c <= 0xFFFF and d <= 0xFFFF}
FOLD.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
FOLD[0x3000] = 0x20
FOLD.update({c: c + 0x20 for c in range(ord("A"), ord("Z") + 1)})
for _full, _half in list(FOLD.items()):
    if ord("A") <= _half <= ord("Z"):  # Ｑ → q, not Q
        FOLD[_full] = _half + 0x20
FOLD[0x00] = FOLD[0x01] = 0x20

_VARIANTS: dict[str, str] = {}
"""Folded character → every character that folds to it (itself included)."""
for _src, _dst in FOLD.items():
    if _src > 0x01:
        _VARIANTS.setdefault(chr(_dst), chr(_dst))
        _VARIANTS[chr(_dst)] += chr(_src)

_FOLDABLE = re.compile("[" + re.escape("".join(sorted({chr(c) for c in FOLD} | set(_VARIANTS)))) + "]")


def fold(text: str) -> str:
    """`text` in Simplified characters, full-width forms made half-width, ASCII letters lower-cased."""
    if text.isascii():
        return text.lower().replace("\x00", " ").replace("\x01", " ")
    return text.translate(FOLD)


def has_variants(folded: str) -> bool:
    """Whether some character of (already folded) `folded` has another spelling in raw text."""
    return _FOLDABLE.search(folded) is not None


@lru_cache(maxsize=512)
def pattern(folded: str) -> re.Pattern[str]:
    """A regex that finds `folded` in *unfolded* text, e.g. `a,` → `[aAａＡ][,，]`."""
    parts = []
    for ch in folded:
        variants = _VARIANTS.get(ch)
        parts.append("[" + re.escape(variants) + "]" if variants else re.escape(ch))
    return re.compile("".join(parts))

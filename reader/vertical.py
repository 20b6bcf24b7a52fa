"""Vertical-text punctuation read as its horizontal equivalent: `﹁` is `「`, `︰` is `：`.

Pages set vertically (Taiwan and Hong Kong papers, old print) come out of
conversion with Unicode's vertical presentation forms (U+FE10–FE19,
U+FE30–FE48).  Laid out in lines they are the wrong shape and, to the
parser, unknown punctuation: a `︒` would end no sentence and a `﹁` open no
quote.  Each becomes the full-width form horizontal Chinese text uses, one
character for one, so offsets are unchanged.  (Unicode's compatibility
mapping would give ASCII `,` and `:` for several, and two characters for
`︙` and `︰`.)
"""

from __future__ import annotations

_PAIRS = (
    "︐，", "︑、", "︒。", "︓：", "︔；", "︕！", "︖？", "︗〖", "︘〗", "︙…",
    "︰：", "︱—", "︲–", "︳＿", "︴＿", "︵（", "︶）", "︷｛", "︸｝", "︹〔", "︺〕",
    "︻【", "︼】", "︽《", "︾》", "︿〈", "﹀〉", "﹁「", "﹂」", "﹃『", "﹄』", "﹇［", "﹈］",
)  # fmt: skip
HORIZONTAL = {ord(pair[0]): pair[1] for pair in _PAIRS}


def horizontal(text: str) -> str:
    """`text` with every vertical presentation form replaced by its horizontal twin; same length."""
    if text.isascii():
        return text
    return text.translate(HORIZONTAL)

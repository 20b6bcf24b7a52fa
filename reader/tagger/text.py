"""Character folding for the model's features.

Features see text through `fold`, which maps each character to exactly one
character (so indices never move): full-width ASCII to ASCII, every digit to
`0`, every Latin letter to `A`/`a`, every space to `_`.  A page's `,` and the
training corpus's `，` then look the same to the model.
"""

from __future__ import annotations

import re


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x21, 0x7F):
        for source in (cp, cp + 0xFEE0):  # ASCII and its full-width form
            c = chr(cp)
            if c.isdigit():
                c = "0"
            elif c.isalpha():
                c = "A" if c.isupper() else "a"
            if chr(source) != c:
                table[source] = c
    for c in " \t\r\n\v\f\u00a0\u3000\u2002\u2003\u2009":
        table[ord(c)] = "_"
    return table


FOLD = _fold_table()

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def fold(text: str) -> str:
    """The text as the model sees it: same length, one character for one."""
    return text.translate(FOLD)


def is_han(char: str) -> bool:
    return bool(_HAN.match(char))

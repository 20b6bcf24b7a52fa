"""Per-character features for the CRF: the same code builds them for training and tagging.

For character `i` of the folded text: the characters at -2…+2, the bigrams
(-2,-1) (-1,0) (0,1) (1,2) and the trigram (-1,0,1); from jieba's cut, the
character's place in its word with the word's length and part of speech, the
word itself, the word before a word's first character and the word after its
last; whether the character is a surname; whether a title word ends right
before it.  Every character gets the same number of features (an absent
one is its bare prefix), so they are built column by column, which is several
times faster than building them character by character.

Changing anything here changes what the packaged model expects: retrain
(`python -m reader.tagger.train`) and bump `VERSION`.
"""

from __future__ import annotations

from functools import lru_cache

from reader.tagger.lexicon import COMPOUND_SURNAMES, PERSON_NOUNS, SURNAMES, TITLE_ENDINGS, TITLES
from reader.tagger.segment import Tagged
from reader.tagger.text import fold

VERSION = 2
"""Stored in the model's file name; features and model must agree."""

CHAR_TEMPLATES: dict[str, tuple[int, ...]] = {
    # name: offsets from the current character of the folded text
    "a": (-2,),
    "b": (-1,),
    "c": (0,),
    "d": (1,),
    "e": (2,),
    "f": (-1, 0),
    "g": (0, 1),
    "h": (-2, -1),
    "i": (1, 2),
    "j": (-1, 0, 1),
}
"""Character n-grams around each character."""
WORD_TEMPLATES = ("k", "l", "w", "p", "n", "t", "s")
"""Features from the cut and the lexicon: `word_columns`' six in order, then the surname flag."""
_WIDTH = max(abs(o) for offsets in CHAR_TEMPLATES.values() for o in offsets)
PAD = "\x02" * _WIDTH
"""What the templates see before a text's first character …"""
END = "\x03" * _WIDTH
"""… and after its last."""


@lru_cache(maxsize=1 << 16)
def is_title(word: str) -> bool:
    """区长, 区委副书记, 党组书记 … (a word that introduces the name after it)."""
    return word in TITLES or word in PERSON_NOUNS or (len(word) >= 2 and word.endswith(TITLE_ENDINGS))


def word_columns(tagged: Tagged) -> tuple[list[str], list[str], list[str], list[str], list[str], list[str]]:
    """Per-character columns from the cut: shape+POS, shape, word, previous word, next word, title-before."""
    shape_pos: list[str] = []
    shape: list[str] = []
    word_col: list[str] = []
    prev_col: list[str] = []
    next_col: list[str] = []
    title_col: list[str] = []
    prev = "^"
    count = len(tagged)
    for k, (word, pos) in enumerate(tagged):
        length = len(word)
        nxt = tagged[k + 1][0] if k + 1 < count else "$"
        title = "t1" if is_title(prev) else "t0"
        if length == 1:
            shape_pos.append("kS" + pos)
            shape.append("lS")
            word_col.append("w")
            prev_col.append("p" + prev)
            next_col.append("n" + nxt)
            title_col.append(title)
        else:
            b = "4" if length > 4 else str(length)
            middle = length - 2
            shape_pos += ["kB" + b + pos, *(["kM" + b + pos] * middle), "kE" + b + pos]
            shape += ["lB" + b, *(["lM" + b] * middle), "lE" + b]
            word_col += ["w" + word] * length
            prev_col += ["p" + prev, *(["p"] * (length - 1))]
            next_col += [*(["n"] * (length - 1)), "n" + nxt]
            title_col += [title, *(["t0"] * (length - 1))]
        prev = word
    return shape_pos, shape, word_col, prev_col, next_col, title_col


def features(text: str, tagged: Tagged) -> list[list[str]]:
    """One list of feature strings per character of `text` (`tagged` is its cut)."""
    n = len(text)
    p = PAD + fold(text) + END
    shifted = {o: p[_WIDTH + o : _WIDTH + o + n] for o in range(-_WIDTH, _WIDTH + 1)}
    columns: list[list[str]] = []
    for name, offsets in CHAR_TEMPLATES.items():
        columns.append([name + "".join(chars) for chars in zip(*(shifted[o] for o in offsets))])
    c0, p1 = shifted[0], shifted[1]
    columns += word_columns(tagged)
    columns.append(["s2" if a + b in COMPOUND_SURNAMES else "s1" if a in SURNAMES else "s0" for a, b in zip(c0, p1)])
    return [list(row) for row in zip(*columns)]

"""Per-character features for the CRF: the same code builds them for training and tagging.

For character `i` of the folded text: the characters at -2…+2, the bigrams
(-2,-1) (-1,0) (0,1) (1,2) and the trigram (-1,0,1); from jieba's cut, the
character's place in its word with the word's length and part of speech, the
word itself, the word before a word's first character and the word after its
last; whether the character is a surname; whether a title word ends right
before it; and nine "dictionary classes" of the character: how often jieba's
dictionary has it at the beginning, middle or end of a person's, place's or
organisation's name (`CLASS_TEMPLATES`), which lets the model judge names it
never saw in training by their characters.  Every character gets the same number of features (an absent
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

VERSION = 3
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
CLASS_TEMPLATES = "ABCDEFGHI"
"""Dictionary classes of the character: PER, LOC, ORG (in that order) × begin, middle, end of a name."""
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
        columns.append([name + "".join(chars) for chars in zip(*(shifted[o] for o in offsets), strict=True)])
    c0, p1 = shifted[0], shifted[1]
    columns += word_columns(tagged)
    columns.append(
        [
            "s2" if a + b in COMPOUND_SURNAMES else "s1" if a in SURNAMES else "s0"
            for a, b in zip(c0, p1, strict=True)
        ]
    )
    classes = dictionary_classes()
    values = [classes.get(c, _NO_CLASS) for c in c0]
    for k, name in enumerate(CLASS_TEMPLATES):
        columns.append([name + v[k] for v in values])
    return [list(row) for row in zip(*columns, strict=True)]


_NO_CLASS = "0" * len(CLASS_TEMPLATES)
_DICTIONARY_TYPES = {"nr": 0, "nrt": 0, "nrfg": 0, "ns": 1, "nt": 2}


@lru_cache(maxsize=1)
def dictionary_classes() -> dict[str, str]:
    """Each character's nine dictionary classes, one digit each, from jieba's own dictionary (training only).

    For a type and a place in a name (PER begin, PER middle, … ORG end): 0 if
    no name of that type in jieba's dictionary has the character there, else
    1-4 by the share of all the dictionary's words with the character that do
    (up to 5%, 20%, 50%, more); 5 when the character is in fewer than three
    words.  The packaged model stores the table (`reader.tagger.crf` reads it
    from there), so tagging never parses the dictionary.
    """
    import os

    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    total: dict[str, int] = {}
    named: dict[tuple[str, int], int] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            word, _, tag = line.split()
            for char in word:
                total[char] = total.get(char, 0) + 1
            kind = _DICTIONARY_TYPES.get(tag)
            if kind is None or len(word) < 2:
                continue
            for i, char in enumerate(word):
                place = 0 if i == 0 else 2 if i == len(word) - 1 else 1
                key = (char, 3 * kind + place)
                named[key] = named.get(key, 0) + 1
    digits: dict[str, list[str]] = {}
    for (char, column), count in named.items():
        share = count / total[char]
        bucket = (
            "5"
            if total[char] < 3
            else "1"
            if share <= 0.05
            else "2"
            if share <= 0.2
            else "3"
            if share <= 0.5
            else "4"
        )
        digits.setdefault(char, list(_NO_CLASS))[column] = bucket
    return {char: "".join(d) for char, d in digits.items()}

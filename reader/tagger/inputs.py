"""What the neural model reads for each character: the same code encodes training and tagging text.

For character `t` of the folded text (`reader.tagger.text.fold`):

* `char`: its own id (a character seen at least twice in training; else
  the unknown id of its *dictionary class*, see below, so that an unseen
  character still says how often jieba's dictionary has it in names);
* `bigram`: the id of the folded pair (t, t+1), `END` after the last character;
* `seg`: from jieba's cut of the text (`reader.tagger.segment`): the
  character's place in its word, the word's length (1, 2, 3, 4, 5+) and part
  of speech, and whether the word before it is a title (`区长|乔俊杰`);
* `lex`: every word of jieba's dictionary of two or more characters covering
  the character, by place (B, M, E) and part of speech (`reader.tagger.lexmatch`).

A character's key also folds in its dictionary class (the nine digits of
`reader.tagger.features.dictionary_classes`: how often the dictionary has it
at the start, middle or end of a person's, place's or organisation's name),
whether it is a common surname, and its part of speech as a word of its own;
the model sees these as separate embeddings (`Vocabulary.key_parts`), the
tagger as one row of a folded table.

Texts of a batch are laid out one after the other with `gap` empty rows
(id 0, no dictionary words) before, between and after them, which is how the
model's convolutions see the edge of a text, in training and in tagging
alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.models import EntityType
from reader.tagger.features import dictionary_classes, is_title
from reader.tagger.hashindex import HashIndex
from reader.tagger.lexicon import SURNAMES
from reader.tagger.lexmatch import FEATURES, GROUP_COUNT, DictionaryIndex
from reader.tagger.segment import Tagged
from reader.tagger.text import fold

SCHEMES: dict[str, tuple[str, ...]] = {
    "bmes": ("O", *(f"{m}-{k}" for k in ("PER", "LOC", "ORG") for m in "BMES")),
    "bio": ("O", *(f"{m}-{k}" for k in ("PER", "LOC", "ORG") for m in "BI")),
}
"""The model's labels, `O` first: MSRA's own BMES tags, or BIO (B begins a name, I continues it), whose
7 labels make the CRF's Viterbi decoding cheaper than BMES's 13."""


def to_scheme(tags: list[str], scheme: str) -> list[str]:
    """MSRA's BMES tags in another scheme's labels."""
    if scheme == "bmes":
        return tags
    return [tag if tag == "O" else ("B" if tag[0] in "BS" else "I") + tag[1:] for tag in tags]


def bio_runs(marked: list[tuple[int, str, str]]) -> list[tuple[int, int, EntityType]]:
    """(position, mark, type) of the characters labelled B or I → (start, end, type).

    A name starts at `B`, or at an `I` that continues nothing (a Viterbi path
    seldom has one), and runs over the `I`s of its type right after it.
    """
    found: list[tuple[int, int, EntityType]] = []
    start, kind, previous = -1, "", -2
    for i, mark, label in marked:
        if start >= 0 and (mark == "B" or label != kind or i != previous + 1):
            found.append((start, previous + 1, kind))  # type: ignore[arg-type]
            start = -1
        if start < 0:
            start, kind = i, label
        previous = i
    if start >= 0:
        found.append((start, previous + 1, kind))  # type: ignore[arg-type]
    return found


END = "\x03"
"""What follows a text's last character in its bigram."""
_BMP = 0x10000
PAD, UNKNOWN = 0, 1
"""Ids shared by every vocabulary: 0 is a gap row, 1 anything unseen."""

SHAPES = ("S", "B2", "E2", "B3", "M3", "E3", "B4", "M4", "E4", "B5", "M5", "E5")
"""A character's place in its jieba word, with the word's length (5 for five or more)."""
_SHAPE_OF = {shape: i for i, shape in enumerate(SHAPES)}


@dataclass(frozen=True, slots=True)
class Encoded:
    """A batch of texts in the padded layout: `rows` rows, the real characters at `where`."""

    char: npt.NDArray[np.intp]
    """Per row: the character key (`Vocabulary.char_key`), 0 in gaps."""
    bigram: npt.NDArray[np.intp]
    seg: npt.NDArray[np.intp]
    lex: npt.NDArray[np.float32]
    """(rows, lexmatch.FEATURES) multi-hot."""
    where: npt.NDArray[np.intp]
    """Row of each real character, texts in order."""
    gaps: npt.NDArray[np.intp]
    """The other rows."""
    lengths: list[int]

    @property
    def rows(self) -> int:
        return len(self.char)


class Vocabulary:
    """Ids for characters, bigrams and cut shapes; tables indexed by code point so encoding needs no strings.

    A *character key* stands for what the model knows of a character alone:
    its id (`UNKNOWN` unless seen in training), its dictionary class, whether
    it is a surname, and the part of speech of the dictionary's entry for it
    as a word of one character (`lexmatch`).  Every code point maps to a key
    (`key_of_cp`) and the keys are numbered once (`key_parts`), so the
    tagger folds each key's embeddings into one row.
    """

    def __init__(
        self,
        chars: list[str],
        bigrams: list[str],
        tags: list[str],
        classes: dict[str, str],
        dictionary: DictionaryIndex,
    ) -> None:
        self.chars = chars
        """Known (folded) characters; id = index + 2."""
        self.bigrams = bigrams
        self.tags = tags
        """jieba parts of speech; id = index + 1 (0: any other)."""
        self.classes = classes
        self.dictionary = dictionary
        class_names = sorted(set(classes.values()))
        self.class_names = ["", *class_names]
        """Class id 0: no class; then each nine-digit class string seen."""
        class_id = {c: i + 1 for i, c in enumerate(class_names)}
        # Every code point's parts, then one key per distinct parts (key 0: the gap row).
        parts_of_cp = np.zeros((_BMP + 1, 4), dtype=np.intp)
        parts_of_cp[:, 0] = UNKNOWN
        parts_of_cp[[ord(c) for c in chars], 0] = np.arange(2, len(chars) + 2)
        for char, cls_name in classes.items():
            if ord(char) < _BMP:
                parts_of_cp[ord(char), 1] = class_id[cls_name]
        parts_of_cp[[ord(c) for c in SURNAMES if ord(c) < _BMP], 2] = 1
        parts_of_cp[:, 3] = dictionary.single_groups()
        parts_of_cp[_BMP] = (UNKNOWN, 0, 0, 0)  # astral characters
        # One number per row, ordered as the rows are (each part below 2**15): a 1-d unique is fast.
        packed = (
            (parts_of_cp[:, 0] << 45) | (parts_of_cp[:, 1] << 30) | (parts_of_cp[:, 2] << 15)
        ) | parts_of_cp[:, 3]
        _, first, key_of_cp = np.unique(packed, return_index=True, return_inverse=True)
        unique = parts_of_cp[first]
        self.key_of_cp = key_of_cp.reshape(-1).astype(np.intp) + 1
        """Code point (folded) → character key; the last slot is every astral character."""
        self.key_parts = np.vstack([np.zeros((1, 4), dtype=np.intp), unique])
        """(keys, 4): character id, class id, surname flag, single-character group of each key."""
        pairs = np.frombuffer("".join(bigrams).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        self._bigrams = HashIndex((pairs[0::2] << np.uint64(21)) | pairs[1::2])
        self._tag_id = {tag: i + 1 for i, tag in enumerate(tags)}
        self._seg_cache: dict[tuple[str, str], int] = {}

    # --- sizes (for the model) --------------------------------------------------------

    @property
    def char_count(self) -> int:
        return len(self.chars) + 2

    @property
    def bigram_count(self) -> int:
        return len(self.bigrams) + 2

    @property
    def class_count(self) -> int:
        return len(self.class_names)

    @property
    def lex_width(self) -> int:
        return FEATURES

    @property
    def single_count(self) -> int:
        return GROUP_COUNT + 1

    @property
    def seg_count(self) -> int:
        return 1 + 2 * len(SHAPES) * (len(self.tags) + 1)

    # --- building and storing ---------------------------------------------------------

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        cuts: Iterable[Tagged],
        dictionary: DictionaryIndex,
        *,
        min_char: int = 2,
        min_bigram: int = 3,
    ) -> Vocabulary:
        """From the training texts and their cuts: characters and bigrams seen often enough, all tags."""
        chars: dict[str, int] = {}
        bigrams: dict[str, int] = {}
        for text in texts:
            folded = fold(text) + END
            for char in folded[:-1]:
                chars[char] = chars.get(char, 0) + 1
            for i in range(len(folded) - 1):
                pair = folded[i : i + 2]
                bigrams[pair] = bigrams.get(pair, 0) + 1
        tags = sorted({pos for cut in cuts for _, pos in cut})
        return cls(
            sorted(c for c, n in chars.items() if n >= min_char and ord(c) < _BMP),
            sorted(b for b, n in bigrams.items() if n >= min_bigram and all(ord(c) < _BMP for c in b)),
            tags,
            dict(dictionary_classes()),
            dictionary,
        )

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        classes = sorted(self.classes.items())
        return {
            "vocab_chars": np.array("".join(self.chars)),
            "vocab_bigrams": np.array("".join(self.bigrams)),
            "vocab_tags": np.array("\n".join(self.tags)),
            "class_chars": np.array("".join(c for c, _ in classes)),
            "class_values": np.array("\n".join(v for _, v in classes)),
            **self.dictionary.arrays(),
        }

    @classmethod
    def from_arrays(cls, data: Any) -> Vocabulary:
        get = data.__getitem__
        chars = list(str(get("vocab_chars")))
        joined = str(get("vocab_bigrams"))
        bigrams = [joined[i : i + 2] for i in range(0, len(joined), 2)]
        tags = str(get("vocab_tags")).split("\n")
        class_chars = str(get("class_chars"))
        class_values = str(get("class_values")).split("\n")
        if len(class_chars) != len(class_values):
            raise ValueError("class tables of different lengths")
        return cls(
            chars, bigrams, tags, dict(zip(class_chars, class_values, strict=True)),
            DictionaryIndex.from_arrays(data),
        )  # fmt: skip

    # --- encoding ---------------------------------------------------------------------

    def encode(self, pieces: list[tuple[str, Tagged]], gap: int) -> Encoded:
        """The batch's texts (each with its jieba cut) in the padded layout, `gap` (≥ 1) rows around each."""
        if gap < 1:
            raise ValueError("the layout needs at least one gap row")
        lengths = [len(text) for text, _ in pieces]
        padding = END * gap
        joined = padding + padding.join(fold(text) for text, _ in pieces) + padding
        cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        rows = len(cps)
        starts = np.empty(len(pieces), dtype=np.intp)
        at = gap
        for i, length in enumerate(lengths):
            starts[i] = at
            at += length + gap
        total = sum(lengths)
        piece_of = np.repeat(np.arange(len(pieces)), lengths)
        where = np.arange(total, dtype=np.intp) + gap * (piece_of + 1)
        char = np.zeros(rows, dtype=np.intp)
        char[where] = self.key_of_cp[np.minimum(cps[where], _BMP)]
        # Bigrams: (t, t + 1); in the layout, the row after a text's last character is END.
        bigram = np.zeros(rows, dtype=np.intp)
        if total:
            keys = (cps[where] << 21) | cps[where + 1]
            known = self._bigrams.lookup(keys.astype(np.uint64))
            bigram[where] = np.where(known >= 0, known + 2, UNKNOWN)
        seg = np.zeros(rows, dtype=np.intp)
        if total:
            seg[where] = self._seg_ids(pieces)
        # The dictionary is matched on the text as written (not folded), gaps as U+0000, in no word.
        nothing = "\x00" * gap
        raw_joined = nothing + nothing.join(text for text, _ in pieces) + nothing
        raw = np.frombuffer(raw_joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        lex = self.dictionary.features(raw)
        is_gap = np.ones(rows, dtype=bool)
        is_gap[where] = False
        return Encoded(char, bigram, seg, lex, where, np.flatnonzero(is_gap), lengths)

    def _seg_ids(self, pieces: list[tuple[str, Tagged]]) -> npt.NDArray[np.intp]:
        """Per character of all pieces: 1 + 2 * (shape + len(SHAPES) * tag id) + title flag."""
        pairs = [pair for _, tagged in pieces for pair in tagged]
        cache = self._seg_cache
        if len(cache) > 200_000:  # bounded: a corpus has far fewer distinct (word, tag) pairs
            cache.clear()
        # Per word, one int: tag id, whether the word is a title, its length (< 2**16: pieces are short).
        found = list(map(cache.get, pairs))
        if None in found:
            for i, value in enumerate(found):
                if value is None:
                    word, pos = pairs[i]
                    value = ((2 * self._tag_id.get(pos, 0) + is_title(word)) << 16) | min(len(word), 0xFFFF)
                    found[i] = cache[pairs[i]] = value
        words = np.array(found, dtype=np.intp)
        lengths = words & 0xFFFF
        tag = words >> 17
        title = (words >> 16) & 1
        # The flag goes to the first character of the word after a title, within a piece.
        after_title = np.zeros(len(words), dtype=np.intp)
        after_title[1:] = title[:-1]
        firsts = np.cumsum([0, *(len(tagged) for _, tagged in pieces[:-1])])
        after_title[firsts[firsts < len(words)]] = 0
        first_char = np.zeros(int(lengths.sum()), dtype=np.intp)
        first_char[np.cumsum(lengths) - lengths] = 1
        base = np.repeat(tag * len(SHAPES), lengths)
        return 1 + 2 * (base + _shape_columns(lengths)) + np.repeat(after_title, lengths) * first_char


def _shape_columns(lengths: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Each character's `SHAPES` index from its word's length and its place in it."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.intp)
    ends = np.cumsum(lengths)
    place = np.arange(total) - np.repeat(ends - lengths, lengths)  # 0 … length-1
    length = np.repeat(np.minimum(lengths, 5), lengths)
    full = np.repeat(lengths, lengths)
    last = place == full - 1
    # S, then per length 2..5: B, (M), E — index = offset of the length's block + 0 (B), 1 (M) or last.
    block = np.array([0, 0, 1, 3, 6, 9], dtype=np.intp)[length]
    middle_or_end = np.where(last, np.where(length == 2, 1, 2), np.minimum(place, 1))
    return np.where(full == 1, 0, block + middle_or_end)

"""The pipeline reading Traditional Chinese through its Simplified rendering.

The model, the segmenter's dictionary and the rules all learnt Simplified
text.  Every block is folded character by character (`reader.script`:
陳文章 → 陈文章, same length) before any of them sees it, so spans and word
starts are offsets into the text as printed, and the names the consistency
pass carries are Simplified: a name vouched for in one script is found in
the other.  Simplified text passes through unchanged: the few characters
of the folding table that Simplified text also uses as themselves
(`SIMPLIFIED_AS_WELL`: 著名, 萧乾, 哪吒) are kept, since folded 萧乾 is no
name to the model and 着名 no word to jieba.  The user's dictionary is
folded too, so a word typed in either script tags both.

Measured against the alternatives by `python -m reader.bench tagging`
(Traditional slice): see the README.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from reader.models import EntityType, Span
from reader.script import fold_map
from reader.tagger.consistency import NameMatcher
from reader.tagger.pipeline import Pipeline
from reader.tagger.userdict import UserDict

SIMPLIFIED_AS_WELL = "著乾吒捱"
"""The folding table's characters (著 → 着, 乾 → 干, 吒 → 咤, 捱 → 挨) found in MSRA's
2.15 million characters of Simplified news: Simplified text uses them as themselves."""


@lru_cache(maxsize=1)
def _table() -> dict[int, int]:
    table = dict(fold_map())
    for char in SIMPLIFIED_AS_WELL:
        table.pop(ord(char), None)
    return table


def to_simplified(text: str) -> str:
    """`text` as the tagger reads it: `reader.script.to_simplified` but for `SIMPLIFIED_AS_WELL`
    (same length, so offsets carry over)."""
    if text.isascii():
        return text
    return text.translate(_table())


def fold_user(user: UserDict) -> UserDict:
    """The user's dictionary with its words, typed names and `never` words folded."""
    return replace(
        user,
        words=tuple((to_simplified(w), freq, tag) for w, freq, tag in user.words),
        types={to_simplified(k): v for k, v in user.types.items()},
        never=frozenset(map(to_simplified, user.never)),
    )


class FoldedPipeline(Pipeline):
    """`Pipeline`, each block folded to Simplified characters first (see the module docstring)."""

    def __init__(self, user: UserDict, model_path: Path | None = None) -> None:
        super().__init__(fold_user(user), model_path)
        self._folded: dict[str, str] = {}

    def fold(self, text: str) -> str:
        """`to_simplified(text)`, remembered: each block is read by every step after the model."""
        folded = self._folded.get(text)
        if folded is None:
            if len(self._folded) >= _FOLDED_CACHE:
                self._folded.clear()
            folded = self._folded[text] = to_simplified(text)
        return folded

    def analyse_many(self, texts: Sequence[str]) -> list[tuple[list[Span], list[int]]]:
        return super().analyse_many([self.fold(text) for text in texts])

    def strong_names(self, text: str, spans: list[Span]) -> dict[str, EntityType]:
        return super().strong_names(self.fold(text), spans)

    def propagate(self, text: str, spans: list[Span], matcher: NameMatcher) -> list[Span]:
        return super().propagate(self.fold(text), spans, matcher)

    def surnames(self, blocks: Iterable[tuple[str, list[Span]]]) -> frozenset[str]:
        return super().surnames((self.fold(text), spans) for text, spans in blocks)

    def lone_surnames(self, text: str, spans: list[Span], surnames: frozenset[str]) -> list[Span]:
        return super().lone_surnames(self.fold(text), spans, surnames)

    def finish(self, text: str, spans: list[Span]) -> list[Span]:
        return super().finish(self.fold(text), spans)


_FOLDED_CACHE = 4096
"""Blocks whose folded text is kept (a dict, cleared when full, as `Pipeline` keeps its cuts)."""

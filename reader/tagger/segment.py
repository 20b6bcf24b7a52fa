"""jieba's word boundaries and parts of speech, as the tagger's features use them.

jieba's dictionary, word boundaries and user-dictionary format are the
contract; the engine is `rjieba` (jieba-rs: the same dictionary and the same
boundaries, about 100 times faster than `jieba.posseg`, loading in a tenth of
the time) when it is installed, else `jieba.posseg` itself.  The two engines
guess parts of speech for unknown words slightly differently; the packaged
model was trained on rjieba's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

Tagged = list[tuple[str, str]]
"""(word, part of speech) pairs whose words join back to the text exactly."""

logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba logs "Building prefix dict…" at DEBUG


class Segmenter:
    """Cuts text into words with parts of speech; user words join the dictionary."""

    def __init__(self, user_words: Iterable[tuple[str, int | None, str | None]] = ()) -> None:
        words = list(user_words)
        self._engine: _JiebaEngine | _RjiebaEngine
        try:
            import rjieba
        except ImportError:  # pragma: no cover - rjieba ships wheels for the usual platforms
            self._engine = _JiebaEngine(words)
        else:
            self._engine = _RjiebaEngine(rjieba, words)
        self.engine = self._engine.name

    def tag(self, text: str) -> Tagged:
        """Words and parts of speech; always lossless (falls back to one character a word)."""
        pairs = self._engine.tag(text)
        if "".join([w for w, _ in pairs]) != text:
            return [(c, "x") for c in text]  # never seen, but offsets must hold whatever happens
        return pairs

    def has_word(self, word: str) -> bool:
        """True when `word` is in jieba's dictionary (or the user's)."""
        return self._engine.has_word(word)


class _RjiebaEngine:
    name = "rjieba"

    def __init__(self, rjieba: Any, words: list[tuple[str, int | None, str | None]]) -> None:
        if words:
            jieba = rjieba.Jieba()
            for word, freq, tag in words:
                jieba.add_word(word, freq, tag or "x")
            self.tag, self.has_word = jieba.tag, jieba.has_word
        else:  # the module's own instance, loaded once per process by `import rjieba`
            self.tag, self.has_word = rjieba.tag, rjieba.has_word


class _JiebaEngine:
    name = "jieba"

    def __init__(self, words: list[tuple[str, int | None, str | None]]) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        for word, freq, tag in words:
            self._tokenizer.add_word(word, freq, tag)
        self._posseg = jieba.posseg.POSTokenizer(self._tokenizer)

    def tag(self, text: str) -> Tagged:
        return [(p.word, p.flag) for p in self._posseg.cut(text)]

    def has_word(self, word: str) -> bool:
        self._tokenizer.check_initialized()
        return bool(self._tokenizer.FREQ.get(word))

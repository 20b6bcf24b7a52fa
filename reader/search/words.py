"""Where jieba's words start in an article, kept from tagging so search never loads jieba.

Search ranks a match on word boundaries above one inside a longer word
(中国 in 中国经济 over 发展中国家).  The tagger cuts every sentence into words
anyway, so it keeps where each word starts: one bit per character, over the
article's blocks in reading order (`Article.blocks`), joined end to end
(`Article.words`, packed by `reader.packed.pack_starts`).  A
process that only reads and searches a cached corpus then never loads
jieba's dictionary (about 35 MB).  An article not tagged yet has no bits; for
it, the few characters around the match are cut on the spot (rjieba).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reader.models import BYLINE, HEADLINE, Article, TextRef


def _offset(article: Article, block: int, line: int) -> int:
    """Where the block starts in the blocks joined end to end (the bitmap's order; past the end
    for a block the article does not have)."""
    headline, paragraphs = article.headline, article.paragraphs
    if block == HEADLINE and 0 <= line < len(headline):
        return sum(map(len, headline[:line]))
    before = sum(map(len, headline))
    if block == BYLINE and line == 0 and article.byline:
        return before
    before += len(article.byline)
    if 0 <= block < len(paragraphs) and line == 0:
        return before + sum(map(len, paragraphs[:block]))
    return before + sum(map(len, paragraphs))


def whole_word(article: Article, ref: TextRef) -> bool:
    """Whether the stretch begins and ends on word boundaries (a block's ends are ones)."""
    return whole_word_at(article, ref.block, ref.line, ref.start, ref.end)


def whole_word_at(article: Article, block: int, line: int, start: int, end: int) -> bool:
    """`whole_word` of the stretch [start, end) of a block (no `TextRef` made: ranking asks often)."""
    words = article.words
    if not words:
        return whole_word_in(article.block(block, line), start, end)
    size = len(article.block(block, line))
    base = _offset(article, block, line)
    for i in (start, end):
        if 0 < i < size:
            at = base + i
            if not (at >> 3 < len(words) and words[at >> 3] >> (at & 7) & 1):
                return False
    return True


def whole_word_in(block: str, start: int, end: int) -> bool:
    """`whole_word` for a bare block: cuts a short window around the span (about a microsecond)."""
    lo = max(0, start - 8)
    window = block[lo : end + 8]
    bounds = {0, len(window)}
    for _, s, e in _tokenize(window):
        bounds.add(s)
        bounds.add(e)
    return (start - lo) in bounds and (end - lo) in bounds


def warm_up() -> None:
    """Load the segmenter `whole_word_in` cuts with (jieba's dictionary: a tenth of a second)."""
    _tokenize("预热")


_tokenize_fn: Callable[[str], Any] | None = None


def _tokenize(text: str) -> Any:
    global _tokenize_fn
    if _tokenize_fn is None:
        import rjieba

        _tokenize_fn = rjieba.tokenize
    return _tokenize_fn(text)

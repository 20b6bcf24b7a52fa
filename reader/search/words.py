"""Where jieba's words start in an article, kept from tagging so search never loads jieba.

Search ranks a match on word boundaries above one inside a longer word
(中国 in 中国经济 over 发展中国家).  The tagger cuts every sentence into words
anyway, so it keeps where each word starts: one bit per character, over the
article's blocks in the order `Article.block` numbers them (headline lines,
the byline, the paragraphs), joined end to end (`Article.words`).  A
process that only reads and searches a cached corpus then never loads
jieba's dictionary (about 35 MB).  An article not tagged yet has no bits; for
it, the few characters around the match are cut on the spot (rjieba).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reader.models import BYLINE, HEADLINE, Article


def pack(starts: Iterable[int], length: int) -> bytes:
    """The bitmap of `length` characters with a bit set at each of `starts` (bit i = byte i//8, bit i%8)."""
    bits = bytearray((length + 7) // 8)
    for i in starts:
        bits[i >> 3] |= 1 << (i & 7)
    return bytes(bits)


def block_texts(article: Article) -> list[str]:
    """The blocks the bitmap covers, in its order."""
    blocks = list(article.headline)
    if article.byline:
        blocks.append(article.byline)
    blocks.extend(article.paragraphs)
    return blocks


def fits(words: bytes, chars: int) -> bool:
    """Whether a bitmap has exactly the size blocks of `chars` characters in all need (the cache
    drops one that does not)."""
    return len(words) == (chars + 7) // 8


def _offset(article: Article, paragraph: int, line: int) -> int:
    """Where the block starts in the joined text."""
    if paragraph == HEADLINE:
        return sum(map(len, article.headline[:line]))
    head = sum(map(len, article.headline))
    if paragraph == BYLINE:
        return head
    return head + len(article.byline) + sum(map(len, article.paragraphs[:paragraph]))


def whole_word(article: Article, paragraph: int, line: int, start: int, end: int) -> bool:
    """Whether the span of the block begins and ends on word boundaries (the block's ends are ones)."""
    text = article.block(paragraph, line)
    words = article.words
    if not words:
        return whole_word_in(text, start, end)
    base = _offset(article, paragraph, line)

    def starts_word(i: int) -> bool:
        if i <= 0 or i >= len(text):
            return True
        at = base + i
        return at >> 3 < len(words) and bool(words[at >> 3] >> (at & 7) & 1)

    return starts_word(start) and starts_word(end)


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

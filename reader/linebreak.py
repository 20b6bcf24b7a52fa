"""Chinese line breaking by display width.

Terminals give CJK characters two cells, Latin letters one.  Rich and
Textual wrap only at spaces, which for Chinese text means not at all, so the
reader wraps itself:

* a break may fall between any two Han characters, and at spaces;
* a Latin word or a number is never split, unless it is wider than a line;
* no line starts with closing punctuation (`，。、；：？！）」』”》` …) and no line ends
  with opening punctuation (`（「『“《` …): the break moves back a character
  instead (the kinsoku rule of CJK typesetting);
* `——` and `……` are never split;
* widths follow East Asian Width with ambiguous characters (`“ ” … — ·`) as one
  cell, exactly as Rich and Textual count them, so a line never overflows the
  widget that draws it.

Lines are returned as `(start, end)` character offsets into the text, so the
entity and search highlights (also character offsets) map onto lines directly.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

NO_LINE_START = frozenset(
    "，。、；：？！）」』”’》〉】〕〗〙〛｝］,.;:?!)]}%％·・ー～々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥"
)
NO_LINE_END = frozenset("（「『“‘《〈【〔〖〘〚｛［([{")
UNSPLITTABLE_PAIRS = frozenset("—…")


@lru_cache(maxsize=8192)
def char_width(ch: str) -> int:
    """Cells one character takes in a terminal (0, 1 or 2), as Rich counts them."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return 1
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `width` cells, never through a character, marking the cut."""
    if text_width(text) <= width:
        return text
    room = width - text_width(ellipsis)
    used = 0
    for index, ch in enumerate(text):
        used += char_width(ch)
        if used > room:
            return text[:index] + ellipsis if room >= 0 else ""
    return text


def truncate_left(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `width` cells from the left (`…/2024-07-30/p1.txt`: the end is what
    tells one path from another)."""
    if text_width(text) <= width:
        return text
    room = width - text_width(ellipsis)
    used = 0
    for index in range(len(text) - 1, -1, -1):
        used += char_width(text[index])
        if used > room:
            return ellipsis + text[index + 1 :] if room >= 0 else ""
    return text


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "_.-'%+/@#&")


def wrap(text: str, width: int, first_width: int | None = None) -> list[tuple[int, int]]:
    """Break `text` into lines of at most `width` cells.

    Args:
        text: One paragraph (no newlines).
        width: Cells per line, at least 2.
        first_width: Cells for the first line, if different (an indented first line).

    Returns:
        `(start, end)` offsets of each line; spaces at a break are left out of
        both lines.  An empty text gives one empty line.
    """
    width = max(width, 2)
    limit = max(first_width if first_width is not None else width, 2)
    lines: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n:
        while start < n and text[start] == " ":
            start += 1
        if start >= n:
            break
        end, used = start, 0
        while end < n:
            w = char_width(text[end])
            if used + w > limit:
                break
            used += w
            end += 1
        if end >= n:
            lines.append((start, n))
            break
        cut = _best_break(text, start, end)
        line_end = cut
        while line_end > start and text[line_end - 1] == " ":
            line_end -= 1
        lines.append((start, line_end))
        start = cut
        limit = width
    return lines or [(0, 0)]


def _allowed(text: str, i: int, keep_words: bool = True) -> bool:
    """May a line break fall between text[i-1] and text[i]?"""
    before, after = text[i - 1], text[i]
    if after == " " or before == " ":
        return True
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before == after and before in UNSPLITTABLE_PAIRS:
        return False
    if keep_words and _is_word_char(before) and _is_word_char(after):
        return False  # inside a Latin word or a number
    return True


def _best_break(text: str, start: int, end: int) -> int:
    """The last allowed break in (start, end].

    A word wider than the line is split (still keeping the punctuation rules);
    only when even that is impossible is the line cut hard at `end`.
    """
    for keep_words in (True, False):
        for i in range(end, start, -1):
            if _allowed(text, i, keep_words):
                return i
    return end

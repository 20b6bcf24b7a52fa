"""Short excerpts around a match, sized for one row of the terminal."""

from __future__ import annotations

from reader.linebreak import char_width


def snippet_around(text: str, start: int, end: int, width: int = 60) -> tuple[str, int, int]:
    """An excerpt of `text` of at most `width` cells that shows text[start:end].

    The match sits about a third of the way in, so the words before it give
    context.  Returns the excerpt and the match's offsets inside it; an
    ellipsis marks each side that was cut.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    budget = max(width, 4)
    match_cells = sum(char_width(c) for c in text[start:end])
    before_cells = max((budget - match_cells) // 3, 0)
    left = start
    used = 0
    while left > 0 and used + char_width(text[left - 1]) <= before_cells:
        left -= 1
        used += char_width(text[left])
    used += match_cells
    right = end
    while right < len(text) and used + char_width(text[right]) <= budget - 2:
        used += char_width(text[right])
        right += 1
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    excerpt = prefix + text[left:right] + suffix
    return excerpt, start - left + len(prefix), end - left + len(prefix)

"""Short excerpts around a match, sized for one row of the terminal."""

from __future__ import annotations

from reader.linebreak import char_width, text_width

Span = tuple[int, int]


def _window(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """The characters [left, right) of `text` to show in `width` cells around text[start:end].

    The match sits about a third of the way in, so the words before it give
    context (more when the text ends first); two cells are kept for the `…` that
    mark the cuts.
    """
    budget = max(width, 4)
    match_cells = text_width(text[start:end])
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
    while left > 0 and used + char_width(text[left - 1]) <= budget - 2:  # the end came first
        left -= 1
        used += char_width(text[left])
    return left, right


def snippet_around(text: str, start: int, end: int, width: int = 60) -> tuple[str, int, int]:
    """An excerpt of `text` of at most `width` cells that shows text[start:end].

    Returns the excerpt and the match's offsets inside it; an ellipsis marks
    each side that was cut.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    left, right = _window(text, start, end, width)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    excerpt = prefix + text[left:right] + suffix
    return excerpt, start - left + len(prefix), end - left + len(prefix)


def fit_snippet(text: str, spans: tuple[Span, ...], focus: Span, width: int) -> tuple[str, tuple[Span, ...]]:
    """`text` (a search hit's snippet) cut to `width` cells so that `focus` shows whole.

    A snippet is cut for no width in particular; a narrow list would otherwise
    cut its end off, and with it the match.  `spans` (the highlights) move with
    the cut and are clipped to what stays.
    """
    if text_width(text) <= width:
        return text, spans
    start, end = max(0, min(focus[0], len(text))), max(0, min(focus[1], len(text)))
    left, right = _window(text, start, end, width)
    if left == 1 and text[0] == "…":  # the snippet's own mark of an earlier cut
        left = 0
    if right == len(text) - 1 and text[-1] == "…":
        right = len(text)
    prefix = "…" if left > 0 and text[left] != "…" else ""
    suffix = "…" if right < len(text) and text[right - 1] != "…" else ""
    shift = len(prefix) - left
    moved = tuple((max(s, left) + shift, min(e, right) + shift) for s, e in spans if s < right and e > left)
    return prefix + text[left:right] + suffix, moved

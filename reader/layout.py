"""An article laid out as the lines of the reading pane, for a given width.

Pure layout: the reading pane only paints these lines.  Each line points back
into the article's text with the offsets of `reader.models`, so entities,
search hits and the saved reading position all map onto screen rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reader.linebreak import wrap
from reader.models import BYLINE, HEADLINE, Article, TextRef

LineKind = Literal["placement", "banner", "kicker", "title", "subtitle", "byline", "body", "blank"]
NO_BLOCK = -3
PLACEMENT = -4
"""`DisplayLine.block` of the line above the headline that says where the article was printed."""
PARAGRAPH_INDENT = 4
"""Chinese paragraphs open with an indent of two characters (four cells)."""
MAX_MEASURE = 76
"""At most 38 Han characters a line: longer lines are hard to read."""


@dataclass(frozen=True, slots=True)
class DisplayLine:
    kind: LineKind
    block: int
    """Paragraph index, `HEADLINE`, `BYLINE`, or `NO_BLOCK` for a blank line."""
    line: int
    """Headline line index when `block == HEADLINE`."""
    start: int
    end: int
    indent: int = 0

    @property
    def is_text(self) -> bool:
        """Whether the line shows article text (not a blank, not where it was printed)."""
        return self.block > NO_BLOCK

    @property
    def top(self) -> TextRef:
        """Where the line starts in the article's text."""
        return TextRef.point(self.block, self.line, self.start)


_BLANK = DisplayLine("blank", NO_BLOCK, 0, 0, 0)


def measure(width: int) -> int:
    """The width text is wrapped to: never more than the pane has (a wider line would be
    clipped unseen), never less than one Han character."""
    return max(2, min(width, MAX_MEASURE))


def _indent(width: int) -> int:
    """The paragraph indent, dropped where it would leave less than eight characters."""
    return PARAGRAPH_INDENT if width >= PARAGRAPH_INDENT + 16 else 0


def layout_article(article: Article, width: int) -> list[DisplayLine]:
    """Headline block, byline, then paragraphs, each wrapped to `measure(width)` cells."""
    width = measure(width)
    lines: list[DisplayLine] = []
    placed = article.placement.describe()
    if placed:  # `武进日报 2024年7月30日 星期二 · 第3版 综合`: not article text, never wrapped
        lines += [DisplayLine("placement", PLACEMENT, 0, 0, len(placed)), _BLANK]
    for index, (text, role) in enumerate(zip(article.headline, article.roles, strict=True)):
        for start, end in wrap(text, width):
            lines.append(DisplayLine(role, HEADLINE, index, start, end))
        if role == "banner":
            lines.append(_BLANK)
    if article.byline:
        if lines:
            lines.append(_BLANK)
        for start, end in wrap(article.byline, width):
            lines.append(DisplayLine("byline", BYLINE, 0, start, end))
    for index, paragraph in enumerate(article.paragraphs):
        if lines:
            lines.append(_BLANK)
        indent = _indent(width)
        for number, (start, end) in enumerate(wrap(paragraph, width, first_width=width - indent)):
            lines.append(DisplayLine("body", index, 0, start, end, indent if number == 0 else 0))
    return lines


def find_line(lines: list[DisplayLine], at: TextRef) -> int:
    """Row of the display line holding the start of `at` (0 if none)."""
    block, line, offset = at.block, at.line, at.start
    fallback = None
    for row, shown in enumerate(lines):
        if shown.block != block or (block == HEADLINE and shown.line != line):
            continue
        if fallback is None:
            fallback = row
        if shown.start <= offset < shown.end or (offset == shown.end and offset == shown.start):
            return row
        if offset < shown.start:
            return max(row - 1, fallback)
    return fallback if fallback is not None else 0

"""Every mention of one entity (under any of its names), newest issue first, a snippet each.

Rows are grouped by issue (paper and day); undated articles come last.  A
mention's place in its article is found when its row is first painted, so a
name with thousands of mentions opens at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.corpus import Corpus
from reader.i18n import count, tr
from reader.linebreak import text_width, truncate
from reader.mentions import Mention
from reader.models import Article, describe_date
from reader.profiles import Profile
from reader.sanitize import visible
from reader.snippets import snippet_around
from reader.ui.widgets.row_list import RowList, text_style


@dataclass(frozen=True, slots=True)
class _Issue:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class _Row:
    article: Article
    nth: int
    """Which of the name's mentions in the article."""


class MentionList(RowList):
    """Two lines a mention: where (issue, page, paragraph) and title, then the words around it."""

    COMPONENT_CLASSES = {
        "mention-list--title",
        "mention-list--issue",
        "mention-list--snippet",
        "mention-list--match",
        "mention-list--cursor",
    }

    def __init__(self, corpus: Corpus, profile: Profile, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus = corpus
        self.profile = profile
        self._rows = _rows(profile)
        self._mentions: dict[str, list[Mention]] = {}
        self._snippets: dict[int, tuple[str, int, int]] = {}

    def mention(self, index: int) -> Mention:
        """Row `index`'s mention (found in its article when first asked for)."""
        row = self._rows[index]
        assert isinstance(row, _Row)
        found = self._mentions.get(row.article.id)
        if found is None:
            found = self._mentions[row.article.id] = self.profile.mentions_in(row.article)
        return found[row.nth]

    def mention_rows(self) -> list[int]:
        """The rows that are mentions (not issue headers), in order."""
        return [i for i, row in enumerate(self._rows) if isinstance(row, _Row)]

    def row_count(self) -> int:
        return len(self._rows)

    def row_height(self, index: int) -> int:
        return 2 if isinstance(self._rows[index], _Row) else 1

    def is_selectable(self, index: int) -> bool:
        return isinstance(self._rows[index], _Row)

    def on_mount(self) -> None:
        self.rows_changed(0)

    def render_row_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        component = self.get_component_rich_style
        base = self.rich_style

        def styled(name: str) -> Style:
            style = base + component(name)
            return style + component("mention-list--cursor") if selected else style

        row = self._rows[index]
        if isinstance(row, _Issue):
            style = styled("mention-list--issue")
            text = truncate(f"▍{row.label} · " + count(row.count, "处", "mention"), width)
            return Strip([Segment(text, style)]).adjust_cell_length(width, style)
        mention = self.mention(index)
        article = self.corpus.get(mention.article_id) or row.article
        if line == 0:
            where = [tr(f"第{article.page}版", f"p. {article.page}")] if article.page else []
            where.append(mention.at.label)
            tail = " · " + " · ".join(where)
            title = truncate(" " + visible(article.title), max(width - text_width(tail), 4))
            style = styled("mention-list--title")
            return Strip([Segment(title + tail, style)]).adjust_cell_length(width, style)
        if index not in self._snippets:
            at = mention.at
            self._snippets[index] = snippet_around(
                article.block(at.block, at.line), at.start, at.end, width=max(width - 4, 10)
            )
        text, start, end = self._snippets[index]
        text = visible(text)
        snippet = styled("mention-list--snippet")
        segments = [
            Segment("   " + text[:start], snippet),
            Segment(text[start:end], snippet + text_style(component("mention-list--match"))),
            Segment(text[end:], snippet),
        ]
        return Strip(segments).adjust_cell_length(width, snippet)


def _rows(profile: Profile) -> list[_Issue | _Row]:
    """The mentions, newest issue first (undated last), under a header per issue."""
    counted = profile.by_article
    order = sorted(
        range(len(counted)), key=lambda n: (counted[n][0].date is None, _negated(counted[n][0].date), n)
    )
    rows: list[_Issue | _Row] = []
    issue: tuple[str | None, str | None] | None = None
    dated = any(article.date for article, _ in counted)
    totals: dict[tuple[str | None, str | None], int] = {}
    for article, times in counted:
        totals[article.paper, article.date] = totals.get((article.paper, article.date), 0) + times
    for n in order:
        article, times = counted[n]
        here = (article.paper, article.date)
        if dated and here != issue:
            issue = here
            rows.append(_Issue(_issue_label(article), totals[here]))
        rows.extend(_Row(article, k) for k in range(times))
    return rows


def _negated(date: str | None) -> tuple[int, ...]:
    """Sorts later dates first."""
    return tuple(-ord(c) for c in date) if date else ()


def _issue_label(article: Article) -> str:
    if not article.date:
        return tr("未注日期", "Undated")
    return " ".join(p for p in (article.paper, describe_date(article.date)) if p)

"""The article list: every article, grouped by page, or the ranked hits of a search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from reader.edition import PageGroup, arrange
from reader.i18n import count as count_of
from reader.i18n import tr
from reader.linebreak import text_width, truncate, truncate_left
from reader.models import Article, Placement
from reader.sanitize import display_path, visible
from reader.script import Script, convert
from reader.snippets import fit_snippet
from reader.ui.widgets.row_list import RowList, text_style

if TYPE_CHECKING:
    from reader.search import Hit


@dataclass(frozen=True, slots=True)
class _Header:
    label: str
    count: int
    group: int
    """Index into `ArticleList.groups`."""
    path: bool = False
    """The label is a folder and file (cut from the left when it does not fit)."""


class ArticleList(RowList):
    """Rows are page headers (when there are several pages) and articles, or search hits.

    Browsing, the articles are arranged as a paper is read (`reader.edition`): by
    paper, issue (newest first, or oldest: `newest_first`) and page, with a header
    line per page.
    """

    COMPONENT_CLASSES = {
        "article-list--title",
        "article-list--deck",
        "article-list--meta",
        "article-list--header",
        "article-list--cursor",
        "article-list--match",
    }

    @dataclass
    class Opened(Message):
        """The user chose an article (Enter or click)."""

        article_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Article | Hit | _Header] = []
        self._articles: list[Article] = []
        self._groups: list[PageGroup] | None = None
        self._placed = False
        """Some article has a date or page: the list is arranged, not in corpus order."""
        self.newest_first = True
        self.searching = False

    # --- data ---------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._rows)

    def row_height(self, index: int) -> int:
        return 1 if isinstance(self._rows[index], _Header) else 3

    def is_selectable(self, index: int) -> bool:
        return not isinstance(self._rows[index], _Header)

    def article_at(self, index: int) -> Article | None:
        if not 0 <= index < len(self._rows):
            return None
        row = self._rows[index]
        if isinstance(row, _Header):
            return None
        return row if isinstance(row, Article) else row.article

    def first_article(self) -> Article | None:
        """The article at the top of the list."""
        return next((a for a in map(self.article_at, range(len(self._rows))) if a is not None), None)

    @property
    def current_article(self) -> Article | None:
        return self.article_at(self.cursor)

    @property
    def groups(self) -> list[PageGroup]:
        """The pages, in the order the list shows them (see `reader.edition`)."""
        if self._groups is None:
            self._groups = arrange(self._articles, newest_first=self.newest_first)
        return self._groups

    def show_articles(self, articles: list[Article], keep_id: str | None = None) -> None:
        """Browse mode: all articles, with a header per page when there are several."""
        self.searching = False
        self.empty_message = ""
        self._articles = list(articles)
        self._placed = any(a.date or a.page for a in articles)
        self._groups = None
        self._rows = self._arranged()
        self.rows_changed(self._index_of(keep_id))

    def add_articles(self, articles: list[Article]) -> None:
        """More articles arrived while loading: add them (browse mode only)."""
        already = len(self._articles)
        self._articles.extend(articles)
        self._groups = None
        self._placed = self._placed or any(a.date or a.page for a in articles)
        if self.searching:
            return
        headed = bool(self._rows) and isinstance(self._rows[0], _Header)
        sources = {a.source for a in self._articles[: already or 1]} | {a.source for a in articles}
        if self._placed or (not headed and len(sources) > 1):
            # Arranged by issue and page, or the first page header is due: lay out again.
            current = self.current_article
            self._rows = self._arranged()
            self.rows_changed(self._index_of(current.id if current else None))
            return
        if headed:  # pages nobody placed, in corpus order: new pages go at the end (a page loads whole)
            group = sum(isinstance(r, _Header) for r in self._rows)
            for article in articles:
                last = self._rows[-1]
                if not isinstance(last, Article) or last.source != article.source:
                    count = sum(a.source == article.source for a in articles)
                    label = PageGroup(Placement(), article.source, ()).label()
                    self._rows.append(_Header(label, count, group, path=True))
                    group += 1
                self._rows.append(article)
        else:
            self._rows.extend(articles)  # still one page, in corpus order
        self.rows_appended()

    def set_order(self, newest_first: bool) -> None:
        """Issues newest first, or oldest first."""
        if newest_first != self.newest_first:
            self.newest_first = newest_first
            self._groups = None
            if not self.searching:
                current = self.current_article
                self._rows = self._arranged()
                self.rows_changed(self._index_of(current.id if current else None))

    def _arranged(self) -> list[Article | Hit | _Header]:
        groups = self.groups
        if len(groups) < 2:
            return list(self._articles)
        several = len({g.placement.paper for g in groups if g.placement.paper}) > 1
        years = len({g.placement.date[:4] for g in groups if g.placement.date}) > 1
        rows: list[Article | Hit | _Header] = []
        for number, group in enumerate(groups):
            label = group.label(year=years)
            if several and group.placement.paper:
                label = f"{group.placement.paper} {label}"
            rows.append(_Header(label, len(group.articles), number, path=group.source is not None))
            rows.extend(self._articles[i] for i in group.articles)
        return rows

    def group_at(self, index: int) -> int | None:
        """The page group the row at `index` is in (browse mode)."""
        if self.searching or not self._rows:
            return None
        for row in reversed(self._rows[: index + 1]):
            if isinstance(row, _Header):
                return row.group
        return 0 if self.groups else None

    def first_row_of(self, group: int) -> int | None:
        for index, row in enumerate(self._rows):
            if isinstance(row, _Header) and row.group == group:
                return index + 1
        return 0 if group == 0 and self._rows else None

    script: Script | None = None
    """Show text converted to this script (None: as printed); offsets stay valid (`reader.script`)."""

    def replace_articles(self, articles: list[Article]) -> None:
        """Same articles, new versions (e.g. tagged): keep position and mode."""
        by_id = {a.id: a for a in articles}
        self._articles = list(articles)
        self._rows = [by_id.get(row.id, row) if isinstance(row, Article) else row for row in self._rows]
        self.refresh()

    def show_hits(self, hits: list[Hit], *, indexing: bool = False) -> None:
        """Search mode: the ranked hits (`indexing`: none yet, as the index is still being built)."""
        self.searching = True
        self.empty_message = tr("索引中…", "Indexing…") if indexing else tr("没有匹配", "No matches")
        self._rows = list(hits)
        self.rows_changed(0 if hits else None)
        self.scroll_to(y=0, animate=False)

    def _index_of(self, article_id: str | None) -> int | None:
        if article_id is None:
            return None
        for index in range(len(self._rows)):
            article = self.article_at(index)
            if article is not None and article.id == article_id:
                return index
        return None

    def select_article(self, article_id: str) -> None:
        index = self._index_of(article_id)
        if index is not None and index != self.cursor:
            self.cursor = index

    # --- painting -------------------------------------------------------------------------

    def render_row_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        row = self._rows[index]
        component = self.get_component_rich_style
        base = self.rich_style

        def styled(name: str) -> Style:
            # The cursor goes on top, or the component's own background would hide it.
            style = base + component(name)
            return style + component("article-list--cursor") if selected else style

        if isinstance(row, _Header):
            count = " · " + count_of(row.count, "篇", "article")
            if not row.path and text_width(row.label) + text_width(count) > width - 1:
                count = ""  # the page says more than the count does (a path is cut at its start)
            cut = truncate_left if row.path else truncate
            text = "▍" + cut(row.label, width - 1 - text_width(count)) + count
            return Strip([Segment(text, styled("article-list--header"))]).adjust_cell_length(
                width, styled("article-list--header")
            )
        article = row if isinstance(row, Article) else row.article
        hit = None if isinstance(row, Article) else row
        # A hit in the title is highlighted there, and the second line stays the deck.
        in_title = hit is not None and bool(article.title) and hit.snippet == article.title
        room = max(width - 2, 1)
        fill = styled("article-list--meta")
        if line == 0 and in_title:
            assert hit is not None
            title_style = styled("article-list--title")
            segments = [
                Segment(" ", title_style),
                *_highlighted(
                    convert(visible(article.title), self.script),
                    hit.highlights,
                    hit.focus,
                    room,
                    title_style,
                    title_style + text_style(component("article-list--match")),
                ),
            ]
        elif line == 0:
            title = truncate(
                convert(visible(article.title), self.script) or tr("（无标题）", "(untitled)"), room
            )
            segments = [Segment(" " + title, styled("article-list--title"))]
        elif line == 1 and hit is not None and not in_title:
            deck = styled("article-list--deck")
            match = deck + text_style(component("article-list--match"))
            segments = [
                Segment(" ", deck),
                *_highlighted(
                    convert(visible(hit.snippet), self.script), hit.highlights, hit.focus, room, deck, match
                ),
            ]
        elif line == 1:
            deck_text = convert(_deck(article), self.script)
            segments = [Segment(" " + truncate(deck_text, room), styled("article-list--deck"))]
        else:
            segments = [Segment(" " + truncate(convert(_meta(article), self.script), room), fill)]
        return Strip(segments).adjust_cell_length(width, fill)


def _deck(article: Article) -> str:
    """The headline's other lines (kicker, subtitle), or else the opening words."""
    others = article.lines_with_role("kicker", "subtitle")
    if others:
        return visible(" · ".join(others))
    return visible(article.paragraphs[0]) if article.paragraphs else ""


def _meta(article: Article) -> str:
    page = display_path(PurePath(article.source).stem)
    people = visible("、".join(article.reporters))
    return f"{people} · {page}" if people else page


def _highlighted(
    text: str,
    spans: tuple[tuple[int, int], ...],
    focus: tuple[int, int],
    width: int,
    style: Style,
    match: Style,
) -> list[Segment]:
    """`text` cut to `width` cells around `focus` (the best match), with the matched ranges
    in `match` style."""
    text, spans = fit_snippet(text, spans, focus, width)
    shown = truncate(text, width)  # only when the match alone is wider than the row
    kept = len(shown) if shown == text else len(shown) - 1  # the cut adds one "…"
    segments: list[Segment] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, kept)
        if start >= end:
            continue
        if start > position:
            segments.append(Segment(shown[position:start], style))
        segments.append(Segment(shown[start:end], style + match))
        position = end
    segments.append(Segment(shown[position:], style))
    return segments

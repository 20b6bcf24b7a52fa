"""The article list: every article, grouped by page, or the ranked hits of a search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from reader.linebreak import truncate
from reader.models import Article
from reader.sanitize import display_path, visible
from reader.ui.widgets.row_list import RowList

if TYPE_CHECKING:
    from reader.search import Hit


@dataclass(frozen=True, slots=True)
class _Header:
    source: str
    count: int


class ArticleList(RowList):
    """Rows are page headers (when there are several pages) and articles, or search hits."""

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
        self._grouped = False
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

    @property
    def current_article(self) -> Article | None:
        return self.article_at(self.cursor)

    def show_articles(self, articles: list[Article], keep_id: str | None = None) -> None:
        """Browse mode: all articles, with a header per page when there are several."""
        self.searching = False
        self.empty_message = ""
        self._articles = list(articles)
        sources = {a.source for a in articles}
        self._grouped = len(sources) > 1
        self._rows = []
        self._append_grouped(articles)
        self.rows_changed(self._index_of(keep_id))

    def add_articles(self, articles: list[Article]) -> None:
        """More articles arrived while loading: append them (browse mode only)."""
        self._articles.extend(articles)
        if self.searching:
            return
        if not self._grouped and len({a.source for a in self._articles}) > 1:
            self.show_articles(
                self._articles, keep_id=self.current_article.id if self.current_article else None
            )
            return
        self._append_grouped(articles)
        self.rows_appended()

    def replace_articles(self, articles: list[Article]) -> None:
        """Same articles, new versions (e.g. tagged): keep position and mode."""
        by_id = {a.id: a for a in articles}
        self._articles = list(articles)
        self._rows = [by_id.get(row.id, row) if isinstance(row, Article) else row for row in self._rows]
        self.refresh()

    def show_hits(self, hits: list[Hit], *, indexing: bool = False) -> None:
        """Search mode: the ranked hits (`indexing`: none yet, as the index is still being built)."""
        self.searching = True
        self.empty_message = "索引中… Indexing…" if indexing else "没有匹配 No matches"
        self._rows = list(hits)
        self.rows_changed(0 if hits else None)
        self.scroll_to(y=0, animate=False)

    def _append_grouped(self, articles: list[Article]) -> None:
        if not self._grouped:
            self._rows.extend(articles)
            return
        counts: dict[str, int] = {}
        for article in self._articles:
            counts[article.source] = counts.get(article.source, 0) + 1
        last_source = next((row.source for row in reversed(self._rows) if isinstance(row, Article)), None)
        for article in articles:
            if article.source != last_source:
                self._rows.append(_Header(article.source, counts[article.source]))
                last_source = article.source
            self._rows.append(article)

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
            name = display_path(PurePath(row.source).name)
            text = truncate(f"▍{name} · {row.count} 篇", width)
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
                    visible(article.title),
                    hit.highlights,
                    room,
                    title_style,
                    title_style + component("article-list--match"),
                ),
            ]
        elif line == 0:
            title = truncate(visible(article.title) or "（无标题）", room)
            segments = [Segment(" " + title, styled("article-list--title"))]
        elif line == 1 and hit is not None and not in_title:
            deck = styled("article-list--deck")
            match = deck + component("article-list--match")
            segments = [
                Segment(" ", deck),
                *_highlighted(visible(hit.snippet), hit.highlights, room, deck, match),
            ]
        elif line == 1:
            segments = [Segment(" " + truncate(_deck(article), room), styled("article-list--deck"))]
        else:
            segments = [Segment(" " + truncate(_meta(article), room), fill)]
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
    text: str, spans: tuple[tuple[int, int], ...], width: int, style: Style, match: Style
) -> list[Segment]:
    """`text` cut to `width` cells, with the matched ranges in `match` style."""
    shown = truncate(text, width)
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

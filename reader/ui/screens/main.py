"""The main screen: article list | reading pane | entity panel, and the routes between them.

The screen owns navigation (history, search, jumps); its widgets only report
what the user did, and never reach into each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from reader.history import History, Location
from reader.mentions import EntityEntry, Mention
from reader.models import Article, TextRef
from reader.sanitize import visible
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.entity_panel import TYPE_NAMES, EntityPanel
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.row_list import RowList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from reader.search import Hit
    from reader.ui.app import ReaderApp

WIDE_ENOUGH_FOR_ENTITIES = 110


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            tooltip="Search headlines, text, people, reporters; pinyin and initials too",
        ),
        Binding(
            "right_square_bracket",
            "entity(1)",
            "Next name",
            key_display="]",
            tooltip="Next person, place or organisation in the article",
        ),
        Binding(
            "left_square_bracket",
            "entity(-1)",
            "Prev name",
            key_display="[",
            show=False,
            tooltip="Previous person, place or organisation",
        ),
        Binding(
            "n",
            "hit(1)",
            "Next hit",
            show=False,
            tooltip="Next search hit in the article (hit i of N in the status line)",
        ),
        Binding("N", "hit(-1)", "Prev hit", show=False, tooltip="Previous search hit in the article"),
        Binding(
            "backspace,alt+left,H",
            "back",
            "Back",
            key_display="⌫",
            tooltip="Back to the previous article and position, like a browser",
        ),
        Binding("alt+right,L", "forward", "Forward", show=False, tooltip="Forward again after going back"),
        Binding(
            "e",
            "toggle_entities",
            "Entities",
            tooltip="Show or hide the entity panel (names in this article, with counts)",
        ),
        Binding(
            "escape",
            "back_out",
            "Back out",
            show=False,
            tooltip="Clear the search, or return to the article list",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.history = History()
        self.query_text = ""
        self._search_generation = 0
        self._opened_once = False
        self._positions: dict[str, int] = {}
        """Article id → place in the corpus, for the status line (rebuilt when the corpus grows)."""
        self.entity_panel_wanted: bool | None = None
        """From the config; None means: show it when the window is wide enough."""

    @property
    def reader(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield SearchBox(id="search")
                yield ArticleList(id="articles")
            yield ReadingPane(id="pane")
            yield EntityPanel(id="entities")
        yield StatusLine(id="status")

    def on_mount(self) -> None:
        # The footer is chrome: it arrives a frame after the first paint, which it
        # would otherwise slow by a sixth (it builds a widget per key).
        self.call_after_refresh(self.mount, Footer())
        wanted = self.entity_panel_wanted
        if wanted is None:
            wanted = self.app.size.width >= WIDE_ENOUGH_FOR_ENTITIES
        self.set_class(not wanted, "-no-entities")
        self.query_one(ReadingPane).placeholder = "载入中… Loading"
        self.query_one(ArticleList).focus()

    # --- the corpus arriving ------------------------------------------------------------

    def articles_added(self, articles: list[Article]) -> None:
        self.query_one(ArticleList).add_articles(articles)
        if self.query_text:
            self.run_search(self.query_text)
        self.update_status()

    def articles_replaced(self) -> None:
        """Articles came back tagged: refresh everything that shows entities."""
        corpus = self.reader.corpus
        self.query_one(ArticleList).replace_articles(corpus.articles)
        pane = self.query_one(ReadingPane)
        if pane.article is not None:
            article = corpus.get(pane.article.id)
            if article is not None:
                pane.update_entities(article)
                self._show_entities(article)
        if self.query_text:
            self.run_search(self.query_text)
        self.update_status()

    def loading_finished(self) -> None:
        pane = self.query_one(ReadingPane)
        pane.placeholder = "没有可读的文章 No articles could be read."
        if pane.article is None and not self._opened_once:
            corpus = self.reader.corpus
            saved = self.reader.saved_location()
            if saved is not None and corpus.get(saved.article_id) is not None:
                self.open_article(saved.article_id, anchor=saved.top, focus=False)
            elif corpus.articles:
                self.open_article(corpus.articles[0].id, focus=False)
        pane.refresh()
        self.update_status()

    # --- opening articles ---------------------------------------------------------------

    def current_location(self) -> Location | None:
        pane = self.query_one(ReadingPane)
        if pane.article is None:
            return None
        return Location(pane.article.id, pane.top_anchor(), pane.mark)

    def open_article(
        self,
        article_id: str,
        *,
        anchor: TextRef | None = None,
        mark: TextRef | None = None,
        push: bool = True,
        focus: bool = True,
    ) -> None:
        article = self.reader.corpus.get(article_id)
        if article is None:
            return
        here = self.current_location()
        if here is not None:
            self.history.update(here)
        self._opened_once = True
        pane = self.query_one(ReadingPane)
        pane.show(article, anchor=anchor, mark=mark)
        if self.query_text:
            pane.set_hits(self.reader.hits_in(article, self.query_text))
        self._show_entities(article)
        self.query_one(ArticleList).select_article(article_id)
        if push:
            self.history.visit(self.current_location() or Location(article_id))
        if focus:
            pane.focus()
        self.reader.remember(self.current_location())
        self.update_status()

    def _show_entities(self, article: Article) -> None:
        index = self.reader.corpus.entities_if_built  # never built here: it can take seconds
        counts = {}
        if index is not None:
            for entity in article.entities:
                entry = index.get(*entity.key)
                if entry is not None:
                    counts[entity.key] = entry.article_count
        self.query_one(EntityPanel).show(article, counts)

    def entities_indexed(self) -> None:
        """The corpus-wide name index is ready: article counts in the panel, mentions on Enter."""
        article = self.query_one(ReadingPane).article
        if article is not None:
            self._show_entities(article)

    def go_to(self, location: Location | None) -> None:
        if location is None:
            return
        self.open_article(location.article_id, anchor=location.top, mark=location.mark, push=False)

    def action_back(self) -> None:
        self._travel(self.history.back, "Nothing to go back to.")

    def action_forward(self) -> None:
        self._travel(self.history.forward, "Nothing to go forward to.")

    def _travel(self, step: Callable[[], Location | None], nothing: str) -> None:
        here = self.current_location()
        if here is not None:
            self.history.update(here)  # so coming back returns to where the reader was
        location = step()
        if location is None:
            self.notify(nothing, markup=False, timeout=2)
        self.go_to(location)

    @on(ArticleList.Chosen, "#articles")
    def open_chosen_article(self, event: RowList.Chosen) -> None:
        article = self.query_one(ArticleList).article_at(event.index)
        if article is not None:
            self.open_article(article.id)

    # --- entities -----------------------------------------------------------------------

    def action_entity(self, step: int) -> None:
        pane = self.query_one(ReadingPane)
        if pane.step_entity(step) is None:
            self.notify("No people, places or organisations tagged here yet.", markup=False, timeout=2)
        else:
            pane.focus()  # so that Enter, as the status line says, opens the name's mentions

    @on(ReadingPane.EntityActivated)
    def entity_activated(self, event: ReadingPane.EntityActivated) -> None:
        self.show_entity(event.entity.text, event.entity.type)

    @on(EntityPanel.Chosen)
    def entity_chosen(self, event: EntityPanel.Chosen) -> None:
        self.show_entity(event.text, event.type)

    def show_entity(self, text: str, type_: str) -> None:
        index = self.reader.corpus.entities_if_built
        if index is None:
            self.notify(
                "Still indexing names across the corpus; try again in a moment.", markup=False, timeout=3
            )
            return
        entry = index.get(text, type_)  # type: ignore[arg-type]
        if entry is not None:
            self.show_mentions(entry)

    def show_mentions(self, entry: EntityEntry) -> None:
        from reader.ui.screens.mentions import MentionsScreen  # on first use: not before the first frame

        self.app.push_screen(MentionsScreen(self.reader.corpus, entry), self.jump_to_mention)

    def jump_to_mention(self, mention: Mention | None) -> None:
        if mention is None:
            return
        self.open_article(mention.article_id, mark=mention.at)

    def action_toggle_entities(self) -> None:
        self.toggle_class("-no-entities")

    # --- search -------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    @on(Input.Changed, "#search")
    def query_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.run_search(self.query_text)

    def run_search(self, query: str) -> None:
        self._search_generation += 1
        if not query:
            articles = self.query_one(ArticleList)
            current = self.query_one(ReadingPane).article
            articles.show_articles(self.reader.corpus.articles, keep_id=current.id if current else None)
            self.query_one(ReadingPane).set_hits([])
            self.update_status()
            return
        self._search(query, self._search_generation)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str, generation: int) -> None:
        hits = self.search_now(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, query, generation, hits)

    def search_now(self, query: str, limit: int = 50) -> list[Hit]:
        return self.reader.search(query, limit)

    def _show_hits(self, query: str, generation: int, hits: list[Hit]) -> None:
        if generation != self._search_generation:
            return  # a newer keystroke is already on its way: drop this ranking
        self.query_one(ArticleList).show_hits(hits, indexing=not hits and not self.reader.search_ready)
        pane = self.query_one(ReadingPane)
        if pane.article is not None:
            pane.set_hits(self.reader.hits_in(pane.article, query))
        self.update_status()

    @on(Input.Submitted, "#search")
    def open_best_hit(self) -> None:
        article = self.query_one(ArticleList).current_article
        if article is not None:
            self.open_article(article.id)

    @on(SearchBox.ToResults)
    def focus_results(self) -> None:
        self.query_one(ArticleList).focus()

    @on(SearchBox.Left)
    def leave_search(self) -> None:
        self.query_one(ArticleList).focus()

    def action_hit(self, step: int) -> None:
        pane = self.query_one(ReadingPane)
        if pane.step_hit(step) is None:
            self.notify(
                "No search hits in this article." if self.query_text else "Search first with /.",
                markup=False,
                timeout=2,
            )

    def action_back_out(self) -> None:
        search = self.query_one(SearchBox)
        if search.value:
            search.action_leave()
        elif not self.query_one(ArticleList).has_focus:
            self.query_one(ArticleList).focus()

    # --- status line --------------------------------------------------------------------

    @on(ReadingPane.Changed)
    def update_status(self) -> None:
        pane = self.query_one(ReadingPane)
        parts = [self.reader.load_status]
        corpus = self.reader.corpus
        if pane.article is not None and corpus.articles:
            if len(self._positions) != len(corpus.articles):
                self._positions = {a.id: i for i, a in enumerate(corpus.articles)}
            position = self._positions.get(pane.article.id, -1)
            parts.append(f"第 {position + 1}/{len(corpus.articles)} 篇")
        entity = pane.current_entity
        if entity is not None:
            parts.append(
                f"{TYPE_NAMES[entity.type]} {pane.entity_index + 1}/{len(pane.entities)}: "
                f"{visible(entity.text)} (Enter 提及)"
            )
        elif pane.entities:
            parts.append(f"{len(pane.entities)} 处实体 (] 逐个)")
        if self.query_text:
            if pane.hits and pane.hit_index >= 0:
                parts.append(f"命中 hit {pane.hit_index + 1}/{len(pane.hits)} (n/N)")
            elif pane.hits:
                parts.append(f"{len(pane.hits)} 处命中 hits (n/N)")
            else:
                parts.append("本文无命中")
        self.query_one(StatusLine).show(" · ".join(p for p in parts if p))

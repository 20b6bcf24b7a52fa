"""The reader app: hosts the main screen; settings, saved place, help, search entry points.

First paint comes before any language tool is loaded: pages are read in a
thread worker and stream into the list; entity tagging and the search index
follow in their own workers, with progress in the status line (all of that
lives in `reader.ui.loading`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from reader import heap
from reader.config import Config, load_config
from reader.corpus import Corpus
from reader.history import Location
from reader.models import Article, TextRef
from reader.state import StateStore, corpus_key
from reader.ui.loading import CorpusLoading
from reader.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.command import Provider

    from reader.search import Hit, SearchIndex


def _reader_commands() -> type[Provider]:
    """The palette's commands, imported when the palette first opens (not before the first frame)."""
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(CorpusLoading, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {_reader_commands}
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Quit (your place in each corpus is remembered)"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="This list of keys"),
    ]

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]] | None = None,
        *,
        corpus: Corpus | None = None,
        state: StateStore | None = None,
        config: Config | None = None,
        tag: bool = True,
    ) -> None:
        heap.one_heap()  # before any worker thread: what they load lands in one heap (see reader.heap)
        super().__init__()
        self.config = config if config is not None else load_config()
        if not paths:
            from reader.pages import default_corpus

            paths = [default_corpus()]
        self.paths = [Path(p) for p in paths]
        self.corpus = corpus if corpus is not None else Corpus()
        self._preloaded = corpus is not None
        self._tag = tag
        self.state = state if state is not None else StateStore()
        self.state_key = corpus_key(self.paths)
        self.load_status = ""
        self.main_screen = MainScreen()
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()

    # --- start-up -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self._apply_settings()
        self.push_screen(self.main_screen)
        # Nothing competes with the first paint: pages are read after it, and
        # the language tools load after the list has been shown.
        self.call_after_refresh(self._preloaded_ready if self._preloaded else self.load_pages)

    def _apply_settings(self) -> None:
        for warning in self.config.warnings:
            self.notify(warning, severity="warning", markup=False, timeout=10)
        theme = self.config.theme or self.state.recall_setting("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        elif self.config.theme:
            known = ", ".join(sorted(self.available_themes))
            self.notify(
                f"Unknown theme {self.config.theme!r} in config.toml; known: {known}",
                severity="warning",
                markup=False,
                timeout=10,
            )
        if self.config.entity_panel is not None:
            self.main_screen.entity_panel_wanted = self.config.entity_panel
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: object) -> None:
        self.state.remember_setting("theme", self.theme)

    # --- search -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """Ranked hits, or none while the index is still being built (it re-runs the query then)."""
        with self._index_lock:
            index = self._index
        return index.query(query, limit) if index is not None else []

    @property
    def search_ready(self) -> bool:
        """Whether a search index is installed (until then every search finds nothing)."""
        return self._index is not None

    def hits_in(self, article: Article, query: str) -> list[TextRef]:
        from reader.search import find_in_article

        return find_in_article(article, query)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background job that failed is a notice, never a traceback."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            what = {
                "load": "Reading pages",
                "tag": "Tagging entities",
                "search-index": "Building the search index",
                "search-index-save": "Saving the search index",
                "entities": "Indexing names",
            }
            self.notify(
                f"{what.get(event.worker.group, 'A background task')} failed: "
                f"{type(error).__name__}: {error}",
                severity="error",
                markup=False,
                timeout=15,
            )
            if event.worker.group == "tag":
                self._set_status(self._summary() + " · 实体标注失败 tagging failed")
            if event.worker.group == "search-index":
                self._next_index()  # a newer request if there is one; else no longer busy
                if self._entities_after_search:  # names wait for no search index now
                    self._entities_after_search = False
                    self._request_entities()

    # --- state and help -----------------------------------------------------------------

    def saved_location(self) -> Location | None:
        return self.state.recall(self.state_key)

    def remember(self, location: Location | None) -> None:
        if location is not None:
            error = self.state.remember(self.state_key, location)
            if error and not getattr(self, "_state_error_shown", False):
                self._state_error_shown = True
                self.notify(error, severity="warning", markup=False)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen, describe
        from reader.ui.screens.mentions import MentionsScreen
        from reader.ui.widgets.article_list import ArticleList
        from reader.ui.widgets.reading_pane import ReadingPane
        from reader.ui.widgets.search_box import SearchBox

        sections = [
            (
                "Anywhere 全局",
                describe(
                    [
                        *self.BINDINGS,
                        *MainScreen.BINDINGS,
                        Binding("tab,shift+tab", "focus", "Next / previous pane"),
                        Binding("ctrl+p", "palette", "Command palette: open article, jump to entity, theme"),
                    ]
                ),
            ),
            ("Article list 文章列表", describe(ArticleList.BINDINGS)),
            ("Reading pane 阅读", describe(ReadingPane.BINDINGS)),
            (
                "Search box 搜索",
                describe([*SearchBox.BINDINGS, Binding("enter", "open", "Open the best hit")]),
            ),
            (
                "Mentions view 提及",
                describe([*MentionsScreen.BINDINGS, Binding("enter", "jump", "Jump to the mention")]),
            ),
        ]
        self.push_screen(HelpScreen(sections))

    async def action_quit(self) -> None:
        self.remember(self.main_screen.current_location() if self.main_screen.is_attached else None)
        self.exit()


def make_app(paths: Sequence[str | os.PathLike[str]] | None = None, **options: object) -> ReaderApp:
    """The app factory the CLI, the tests and the screenshots share."""
    return ReaderApp(paths, **options)  # type: ignore[arg-type]

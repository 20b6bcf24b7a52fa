"""The reader app: settings, the main screen, help; `make_app` builds it for the CLI, tests, screenshots.

First paint comes before any language tool is loaded: pages are read in a
thread worker and stream into the list; entity tagging and the search index
follow in their own workers, with progress in the status line (the main
screen runs them: `reader.ui.loader`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from reader import heap
from reader.config import Config, load_config
from reader.corpus import Corpus
from reader.state import StateStore, corpus_key
from reader.ui.loader import Source
from reader.ui.screens.main import MainScreen
from reader.ui.workarounds import lenient_input, svg_with_cell_widths

lenient_input()

if TYPE_CHECKING:
    from textual.command import Provider


def _reader_commands() -> type[Provider]:
    """The palette's commands, imported when the palette first opens (not before the first frame)."""
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App[None]):
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
        cache: bool = True,
    ) -> None:
        """
        Args:
            paths: page files and directories to read (default: the seed pages).
            corpus: show this corpus as it is instead (tagged or not); `paths` then only
                name it, for the saved reading place.
            state: where reading places and settings are remembered (default: the user's).
            config: settings (default: the user's `config.toml`).
            tag: find people, places and organisations in the pages.
            cache: use and update the cache (`reader --no-cache`: read and tag everything afresh).
        """
        heap.one_heap()  # before any worker thread: what they load lands in one heap (see reader.heap)
        super().__init__()
        self.config = config if config is not None else load_config()
        if not paths:
            from reader.pages import default_corpus

            paths = [default_corpus()]
        found = [Path(p) for p in paths]
        self.corpus = corpus if corpus is not None else Corpus()
        self.state = state if state is not None else StateStore()
        self.main_screen = MainScreen(
            self.corpus,
            None if corpus is not None else Source(found, tag=tag, cache=cache),
            self.state,
            corpus_key(found),
            entity_panel=self.config.entity_panel,
            script=self.config.script,
        )

    def on_mount(self) -> None:
        self._apply_settings()
        self.push_screen(self.main_screen)
        self._quit_on_signals()

    def _quit_on_signals(self) -> None:
        """SIGTERM and SIGHUP (the terminal closed, a `kill`) quit as `q` does: the terminal is
        restored and the reading place saved, instead of the process dying mid-screen."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if number is None:
                continue
            try:
                loop.add_signal_handler(number, self._signalled)
            except (NotImplementedError, RuntimeError, ValueError):  # not here, or not the main thread
                pass

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        """The screen as SVG, its Chinese as wide as on the terminal (see `reader.ui.workarounds`)."""
        return svg_with_cell_widths(super().export_screenshot(title=title, simplify=simplify))

    def _signalled(self) -> None:
        self.main_screen.remember_place()
        self.exit()

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
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: object) -> None:
        self.state.remember_setting("theme", self.theme)

    # --- help and quitting --------------------------------------------------------------

    def action_help(self) -> None:
        from reader.ui.screens.entity_index import EntityIndexScreen
        from reader.ui.screens.help import HelpScreen, describe
        from reader.ui.screens.profile import ProfileScreen
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
                "Profile 人物/地点/机构档案",
                describe(
                    [
                        *ProfileScreen.BINDINGS,
                        Binding(
                            "enter", "jump", "Jump to the mention, or open a co-occurring name's profile"
                        ),
                        Binding("tab", "focus", "Between the mentions and the co-occurring names"),
                    ]
                ),
            ),
            (
                "Entity index 实体索引",
                describe(
                    [
                        Binding("enter", "open", "Open the profile (type to filter: Chinese or pinyin)"),
                        *(b for b in EntityIndexScreen.BINDINGS if isinstance(b, Binding) and b.show),
                    ]
                ),
            ),
        ]
        self.push_screen(HelpScreen(sections))

    async def action_quit(self) -> None:
        self.main_screen.remember_place()
        self.exit()


def make_app(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    corpus: Corpus | None = None,
    state: StateStore | None = None,
    config: Config | None = None,
    tag: bool = True,
    cache: bool = True,
) -> ReaderApp:
    """The app factory the CLI, the tests and the screenshots share (arguments: `ReaderApp`)."""
    return ReaderApp(paths, corpus=corpus, state=state, config=config, tag=tag, cache=cache)

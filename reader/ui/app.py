"""The reader app: settings, the main screen, help; `make_app` builds it for the CLI, tests, screenshots.

First paint comes before any language tool is loaded: pages are read in a
thread worker and stream into the list; entity tagging and the search index
follow in their own workers, with progress in the status line (the main
screen runs them: `reader.ui.loader`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.widgets import Input

from reader import heap
from reader.config import Config, load_config
from reader.corpus import Corpus
from reader.i18n import Both, Language, language_from_locale, set_language, tr
from reader.notices_zh import in_language
from reader.state import StateStore, corpus_key
from reader.ui.loader import Source
from reader.ui.localize import localize_bindings
from reader.ui.screens.main import MainScreen
from reader.ui.workarounds import lenient_input, svg_with_cell_widths

lenient_input()

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen


def _reader_commands() -> type[Provider]:
    """The palette's commands, imported when the palette first opens (not before the first frame)."""
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {_reader_commands}
    BINDINGS = [
        Binding(
            "q",
            "quit",
            Both("退出", "Quit"),
            tooltip=Both("退出（记住每个文集的阅读位置）", "Quit (your place in each corpus is remembered)"),
            id="quit",
        ),
        Binding(
            "question_mark",
            "help",
            Both("帮助", "Help"),
            key_display="?",
            tooltip=Both("这份按键列表", "This list of keys"),
            id="help",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            Both("命令", "palette"),
            show=False,
            priority=True,
            tooltip=Both(
                "命令面板：打开文章、跳到名字、换主题",
                "The command palette: open an article, jump to a name, theme",
            ),
            id="palette",
        ),
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
        language: Language | None = None,
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
            language: of the reader's own words (default: `config.toml`'s, else the locale's).
        """
        heap.one_heap()  # before any worker thread: what they load lands in one heap (see reader.heap)
        config = config if config is not None else load_config()
        set_language(language or config.language or language_from_locale())
        super().__init__()
        localize_bindings(self)
        self.config = config
        self.keymap = dict(self.config.keys)
        """The user's `[keys]`: binding id → keys (see `reader.ui.keys`)."""
        self.set_keymap(self.keymap)
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

    def get_default_screen(self) -> MainScreen:
        # The main screen is the app's first screen rather than pushed over Textual's blank
        # one: a pushed screen is laid out and rendered once while the app is still starting
        # (inside its batch, so that frame is never shown) and again after it.
        return self.main_screen

    def on_mount(self) -> None:
        self._apply_settings()
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`q` and `?` type in a text box: the footer hides them there."""
        if action in ("quit", "help") and isinstance(self.focused, Input):
            return False
        return True

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the run's language; `Keys` opens the reader's help,
        and a screenshot goes to a folder that exists."""
        yield SystemCommand(
            tr("主题", "Theme"), tr("换一个配色主题", "Change the colour theme"), self.action_change_theme
        )
        yield SystemCommand(tr("退出", "Quit"), tr("退出阅读器", "Quit the reader"), self.action_quit)
        yield SystemCommand(
            tr("按键", "Keys"), tr("阅读器的全部按键", "Every key of the reader"), self.action_help
        )
        yield SystemCommand(
            tr("截图", "Screenshot"),
            tr("把当前屏幕存成 SVG", "Save the screen as an SVG"),
            lambda: self.set_timer(0.1, self.save_screen),
        )

    def save_screen(self) -> None:
        """An SVG of the screen in the Downloads folder, or the home folder when there is none."""
        import datetime

        downloads = Path.home() / "Downloads"
        folder = downloads if downloads.is_dir() else Path.home()
        name = f"reader {datetime.datetime.now():%Y-%m-%d %H_%M_%S}.svg"
        try:
            path = self.save_screenshot(name, str(folder))
        except OSError as error:
            self.notify(
                tr(f"截图没有保存：{error}", f"Screenshot not saved: {error}"), severity="error", markup=False
            )
            return
        self.notify(tr(f"截图已保存：{path}", f"Screenshot saved: {path}"), markup=False, timeout=6)

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        """The screen as SVG, its Chinese as wide as on the terminal (see `reader.ui.workarounds`)."""
        return svg_with_cell_widths(super().export_screenshot(title=title, simplify=simplify))

    def _signalled(self) -> None:
        self.main_screen.remember_place()
        self.exit()

    def _apply_settings(self) -> None:
        for warning in self.config.warnings:
            self.notify(in_language(warning), severity="warning", markup=False, timeout=10)
        if self.keymap:
            self.call_after_refresh(self._check_keymap)
        theme = self.config.theme or self.state.recall_setting("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        elif self.config.theme:
            known = ", ".join(sorted(self.available_themes))
            self.notify(
                tr(
                    f"config.toml 里的主题 {self.config.theme!r} 不存在；可用：{known}",
                    f"Unknown theme {self.config.theme!r} in config.toml; known: {known}",
                ),
                severity="warning",
                markup=False,
                timeout=10,
            )
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _check_keymap(self) -> None:
        from reader.ui.keys import known_ids, unknown_ids

        unknown = unknown_ids(self.keymap)
        if unknown:
            names, known = ", ".join(unknown), ", ".join(sorted(known_ids()))
            self.notify(
                tr(
                    f"config.toml 的 [keys] 里没有这些按键名：{names}；可用的名字见帮助（?）：{known}",
                    f"config.toml [keys]: no binding is called {names}; the ids are in help (?): {known}",
                ),
                severity="warning",
                markup=False,
                timeout=10,
            )

    def _remember_theme(self, theme: object) -> None:
        self.state.remember_setting("theme", self.theme)

    # --- help and quitting --------------------------------------------------------------

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen, help_sections

        self.push_screen(HelpScreen(help_sections(self.keymap)))

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
    language: Language | None = None,
) -> ReaderApp:
    """The app factory the CLI, the tests and the screenshots share (arguments: `ReaderApp`)."""
    return ReaderApp(
        paths, corpus=corpus, state=state, config=config, tag=tag, cache=cache, language=language
    )

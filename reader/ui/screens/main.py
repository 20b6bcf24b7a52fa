"""The main screen: article list | reading pane | entity panel, and the routes between them.

The screen owns navigation (history, search, jumps) and the corpus arriving:
its workers (`reader.ui.loader`) call the core and post messages
(`reader.ui.messages`), and the handlers here apply them to the corpus
(through `reader.corpus.CorpusBuilder`) and hand the widgets what changed.
The widgets only report what the user did, and never reach into each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.corpus import Corpus, CorpusBuilder
from reader.edition import nearest_issue, next_group, read_date
from reader.history import History, Location
from reader.i18n import Both, count, shown, tr
from reader.indexer.events import Finished, Linked, Listed, Loaded, Notice, Tagged
from reader.models import Article, EntityType, TextRef, describe_date, type_name
from reader.notices_zh import in_language
from reader.sanitize import visible
from reader.script import DISPLAY_NAMES, Script, next_display
from reader.state import StateStore
from reader.ui import loader, messages
from reader.ui.indexes import IndexKeeper
from reader.ui.loader import Source
from reader.ui.localize import localize_bindings
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.entity_panel import EntityPanel, PanelRow
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.row_list import RowList
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from reader.search import Hit

WIDE_ENOUGH_FOR_ENTITIES = 110
"""Columns from which the entity panel shows unless the user said otherwise."""
PANE_KEEPS = 34
"""Cells the reading pane keeps: the entity panel gives way below this (17 Han characters)."""
PANEL_WIDTH = 26
"""The entity panel's width in cells (as in app.tcss)."""
COMPACT_FOOTER_BELOW = 100
PALETTE_KEY_FROM = 80
"""The footer shows ^p from this width: below it, the keys of the screen come first."""
_FAILED = {
    "load": Both("读取页面", "Reading pages"),
    "search-index": Both("建立搜索索引", "Building the search index"),
    "search-index-save": Both("保存搜索索引", "Saving the search index"),
    "names": Both("索引名字", "Indexing names"),
}


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            Both("搜索", "Search"),
            tooltip=Both(
                "搜索标题、正文、人名、记者；也可拼音和首字母",
                "Search headlines, text, people, reporters; pinyin and initials too",
            ),
            id="search",
        ),
        Binding(
            "right_square_bracket",
            "entity(1)",
            Both("下一个名字", "Next name"),
            key_display="]",
            tooltip=Both("文中下一个人名、地名或机构名", "Next person, place or organisation in the article"),
            id="next_name",
        ),
        Binding(
            "left_square_bracket",
            "entity(-1)",
            Both("上一个名字", "Prev name"),
            key_display="[",
            show=False,
            tooltip=Both("文中上一个人名、地名或机构名", "Previous person, place or organisation"),
            id="prev_name",
        ),
        Binding(
            "n",
            "hit(1)",
            Both("下一处命中", "Next hit"),
            show=False,
            tooltip=Both(
                "文中下一处搜索命中（状态栏显示第几处）",
                "Next search hit in the article (hit i of N in the status line)",
            ),
            id="next_hit",
        ),
        Binding(
            "N",
            "hit(-1)",
            Both("上一处命中", "Prev hit"),
            show=False,
            tooltip=Both("文中上一处搜索命中", "Previous search hit in the article"),
            id="prev_hit",
        ),
        Binding(
            "backspace,alt+left,H",
            "back",
            Both("后退", "Back"),
            key_display="⌫",
            tooltip=Both(
                "回到上一篇文章和位置，像浏览器一样",
                "Back to the previous article and position, like a browser",
            ),
            id="back",
        ),
        Binding(
            "alt+right,L",
            "forward",
            Both("前进", "Forward"),
            show=False,
            tooltip=Both("后退之后再前进", "Forward again after going back"),
            id="forward",
        ),
        Binding(
            "e",
            "toggle_entities",
            Both("实体栏", "Entities"),
            tooltip=Both(
                "显示或隐藏实体栏（本文的名字及次数）",
                "Show or hide the entity panel (names in this article, with counts)",
            ),
            id="entity_panel",
        ),
        Binding(
            "t",
            "cycle_script",
            Both("简/繁", "Script"),
            show=False,
            tooltip=Both(
                "文字按原样显示，或转成简体、繁体",
                "Show the text as printed, in Simplified or in Traditional characters",
            ),
            id="script",
        ),
        Binding(
            "escape",
            "back_out",
            Both("退出", "Back out"),
            show=False,
            tooltip=Both("清除搜索，或回到文章列表", "Clear the search, or return to the article list"),
            id="back_out",
        ),
        Binding(
            "full_stop",
            "turn_page(1)",
            Both("下一版", "Next page"),
            key_display=".",
            show=False,
            tooltip=Both("报纸的下一版", "Next page of the paper"),
            id="next_page",
        ),
        Binding(
            "comma",
            "turn_page(-1)",
            Both("上一版", "Prev page"),
            key_display=",",
            show=False,
            tooltip=Both("报纸的上一版", "Previous page of the paper"),
            id="prev_page",
        ),
        Binding(
            "greater_than_sign",
            "turn_issue(1)",
            Both("下一期", "Next issue"),
            key_display=">",
            show=False,
            tooltip=Both("列表中下一期（下一天）的第一版", "First page of the next issue (day) in the list"),
            id="next_issue",
        ),
        Binding(
            "less_than_sign",
            "turn_issue(-1)",
            Both("上一期", "Prev issue"),
            key_display="<",
            show=False,
            tooltip=Both("列表中上一期的第一版", "First page of the previous issue in the list"),
            id="prev_issue",
        ),
        Binding(
            "d",
            "go_to_date",
            Both("跳到日期", "Go to date"),
            show=False,
            tooltip=Both(
                "跳到某天的报纸：2024-07-30、7-30、7月30日",
                "Go to the issue of a date: 2024-07-30, 7-30, 7月30日",
            ),
            id="go_to_date",
        ),
        Binding(
            "s",
            "flip_order",
            Both("新旧排序", "Oldest/newest"),
            show=False,
            tooltip=Both("最新的一期在前，或最早的在前", "Issues newest first, or oldest first"),
            id="order",
        ),
        Binding(
            "i",
            "entity_index",
            Both("实体索引", "Index"),
            tooltip=Both(
                "全部人名、地名、机构名：过滤、排序、打开档案",
                "Every person, place and organisation: filter, sort, open a profile",
            ),
            id="entity_index",
        ),
        Binding(
            "y",
            "copy",
            Both("复制", "Copy"),
            show=False,
            tooltip=Both(
                "复制选中的文字（用鼠标拖选），没有选中就复制整篇文章（标题、署名、正文）",
                "Copy the selected text (drag with the mouse), or else the whole article: headline, byline, text",
            ),
            id="copy",
        ),
        Binding(
            "o",
            "overview",
            Both("概览", "Overview"),
            show=False,
            tooltip=Both(
                "整个档案一览：报纸、日期、期数、名字",
                "The archive at a glance: papers, dates, issues, names",
            ),
            id="overview",
        ),
    ]

    load_status: var[str] = var("")
    """What loading is doing (or a summary once it is done), first in the status line."""

    def __init__(
        self,
        corpus: Corpus,
        source: Source | None,
        state: StateStore,
        state_key: str,
        *,
        entity_panel: bool | None = None,
        script: Script | None = None,
    ) -> None:
        """
        Args:
            corpus: the corpus to show; it fills as pages load.
            source: the pages to load into it (None: show `corpus` as it is).
            state: where the reading place is remembered, under `state_key`.
            entity_panel: show the entity panel (None: when the window is wide enough).
            script: show text converted to this script (None: as printed; `t` cycles).
        """
        super().__init__()
        localize_bindings(self)
        self.corpus = corpus
        self.source = source
        self.state = state
        self.state_key = state_key
        self.entity_panel_wanted = entity_panel
        """The user's choice (config or `e`); None: shown when the window is wide enough."""
        self.script = script
        self.history = History()
        self.query_text = ""
        self._builder = CorpusBuilder(corpus)
        self._search_generation = 0
        self._opened_once = False
        self._resumed = False
        self._state_error_shown = False
        self._indexes = IndexKeeper(corpus, self._run, cacheable=source is not None and source.tag)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield SearchBox(id="search")
                yield ArticleList(id="articles")
            yield ReadingPane(id="pane")
            yield EntityPanel(id="entities")
        yield StatusLine(id="status")
        yield Static(id="footer-space")

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual re-applies the stylesheet to every widget when a screen resumes.  The first
        # time, as the app starts, the styles were applied at mount a moment before; doing it
        # again cost about a tenth of the time to the first frame (each of the widgets' 30
        # component classes is styled as a node of its own).  Later resumes (after a dialog,
        # a theme change meanwhile) re-apply as Textual does.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    async def _add_footer(self, footer: Footer) -> None:
        """Put the footer where its row was kept: in one update, so no frame shows neither or both."""
        if not self.is_attached:
            return  # the reader is quitting before the footer's frame came (`q` at once)
        with self.app.batch_update():
            await self.mount(footer)
            await self.query_one("#footer-space").remove()

    def on_mount(self) -> None:
        # The footer is chrome: it arrives a frame after the first paint, which it would
        # otherwise slow by a sixth (it builds a widget per key).  Its row is kept empty
        # meanwhile, so the reading pane does not change height (and place) under the reader.
        width = self.app.size.width
        footer = Footer(compact=width < COMPACT_FOOTER_BELOW, show_command_palette=width >= PALETTE_KEY_FROM)
        self.call_after_refresh(self._add_footer, footer)
        self._fit_to_width(self.app.size.width)
        self._show_script()
        self.query_one(ReadingPane).placeholder = tr("载入中…", "Loading…")
        self.query_one(ArticleList).focus()
        # A small corpus is listed before the first frame (its pages come from the cache
        # or are parsed in milliseconds); a bigger one is read after it, in a worker,
        # so nothing holds up the first paint.  Tagging always comes later, in a worker.
        if self.source is not None and loader.is_small(self.source):
            pages = loader.PageEvents(self.source)
            for event in pages.until_listed():
                self.corpus_indexed(messages.Indexed(event))
            self._read_rest(pages)
        else:
            self.app.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        if self.source is None:  # a corpus handed over as it is
            self._articles_added(list(self.corpus.articles))
            self._loading_finished()
            self.call_after_refresh(self._indexes.listed, None)
            return
        self._read_rest(self.source)

    def _read_rest(self, pages: Source | loader.PageEvents) -> None:
        self.run_worker(
            partial(loader.index_pages, pages, self.post_message),
            thread=True,
            group="load",
            exclusive=True,
            exit_on_error=False,
            description="index pages",
        )

    # --- the corpus arriving --------------------------------------------------------------

    @on(messages.Indexed)
    def corpus_indexed(self, message: messages.Indexed) -> None:
        event = message.event
        if isinstance(event, Notice):
            self._say(event.message)
        self._builder.apply(event)
        if isinstance(event, Loaded):
            total = event.files_total
            self.load_status = (
                tr(f"载入 {event.files_done:,}/{total:,} 页", f"loading page {event.files_done:,}/{total:,}")
                if event.files_done < total
                else ""
            )
            self._articles_added(list(event.articles))
        elif isinstance(event, (Tagged, Linked)):
            self._indexes.tagged()
            self._articles_replaced()
        elif isinstance(event, Listed):
            self._loading_finished()
            # After the list is painted: the indexes' workers would hold the GIL meanwhile.
            self.call_after_refresh(self._indexes.listed, event)
        elif isinstance(event, Finished):
            self.load_status = self._summary()
            self._indexes.finished(event)

    @on(messages.LoadProgress)
    def loading_progressed(self, message: messages.LoadProgress) -> None:
        self.load_status = message.text

    @on(messages.Notice)
    def worker_notice(self, message: messages.Notice) -> None:
        self._say(message.text, message.severity)

    def _say(self, text: str, severity: SeverityLevel = "warning") -> None:
        """A notice, once: the same news from loading and from the search index is said once."""
        if text not in self.corpus.notices:
            self.corpus.notice(text)
            self.notify(visible(in_language(text)), severity=severity, markup=False, timeout=10)

    def _articles_added(self, articles: list[Article]) -> None:
        self.query_one(ArticleList).add_articles(articles)
        if self.query_text:
            self.run_search(self.query_text)
        self.update_status()

    def _articles_replaced(self) -> None:
        """Articles came back tagged: refresh everything that shows entities."""
        self.query_one(ArticleList).replace_articles(self.corpus.articles)
        pane = self.query_one(ReadingPane)
        if pane.article is not None:
            article = self.corpus.get(pane.article.id)
            if article is not None:
                pane.update_entities(article)
                self._show_entities(article)
        if self.query_text:
            self.run_search(self.query_text)
        self.update_status()

    def _loading_finished(self) -> None:
        """Every page is listed: say what went wrong, open the first (or the saved) article."""
        for text, severity in loader.problem_notices(self.corpus.problems):
            self.notify(text, severity=severity, markup=False, timeout=8)
        self.load_status = self._summary()
        pane = self.query_one(ReadingPane)
        pane.placeholder = tr("没有可读的文章。", "No articles could be read.")
        if pane.article is None and not self._opened_once:
            saved = self.state.recall(self.state_key)
            if saved is not None and self.corpus.get(saved.article_id) is not None:
                self.open_article(saved.article_id, anchor=saved.top, focus=False)
            else:
                first = self.query_one(ArticleList).first_article()  # the newest issue's front page
                if first is not None:
                    self.open_article(first.id, focus=False)
        pane.refresh()
        self.update_status()

    def _summary(self) -> str:
        return f"{count(len(self.corpus), '篇', 'article')} · {count(len(self.corpus.sources), '页', 'page')}"

    def watch_load_status(self) -> None:
        if self.is_mounted:
            self.update_status()

    # --- the indexes ---------------------------------------------------------------------

    @on(messages.SearchIndexMissing)
    def search_index_missing(self) -> None:
        self._indexes.search_missing()

    @on(messages.SearchIndexReady)
    def search_index_ready(self, message: messages.SearchIndexReady) -> None:
        self._indexes.search_ready(message)
        if self.query_text:
            self.run_search(self.query_text)

    @on(messages.NamesReady)
    def names_ready(self, message: messages.NamesReady) -> None:
        self._indexes.names_ready(message)

    @on(messages.ProfilesReady)
    def profiles_ready(self, message: messages.ProfilesReady) -> None:
        self._indexes.profiles_ready(message)
        article = self.query_one(ReadingPane).article
        if article is not None:
            self._show_entities(article)  # one entity under all its names now

    # --- workers --------------------------------------------------------------------------

    def _run(self, job: Callable[..., None], *args: object, group: str, description: str) -> None:
        """`job(*args, post)` in a thread worker.  Described by hand: Textual would otherwise
        repr() the arguments, here lists of every article in the corpus."""
        self.run_worker(
            partial(job, *args, self.post_message),
            thread=True,
            group=group,
            exit_on_error=False,
            description=description,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background job that failed is a notice, never a traceback; what waited on it goes on."""
        if event.state != WorkerState.ERROR:
            return
        error, group = event.worker.error, event.worker.group
        what = shown(_FAILED.get(group, Both("后台任务", "A background task")))
        self.notify(
            tr(
                f"{what}失败：{type(error).__name__}: {error}",
                f"{what} failed: {type(error).__name__}: {error}",
            ),
            severity="error",
            markup=False,
            timeout=15,
        )
        if group == "load":
            self._loading_finished()
        else:
            self._indexes.failed(group)

    # --- opening articles -----------------------------------------------------------------

    def current_location(self) -> Location | None:
        pane = self.query_one(ReadingPane)
        if pane.article is None:
            return None
        return Location(pane.article.id, pane.top_anchor(), pane.mark)

    def remember_place(self) -> None:
        """Save where the reader is, for the next run on this corpus."""
        location = self.current_location() if self.is_mounted else None
        if location is None:
            return
        error = self.state.remember(self.state_key, location)
        if error and not self._state_error_shown:
            self._state_error_shown = True
            self.notify(error, severity="warning", markup=False)

    def action_open(self, article_id: str) -> None:
        self.open_article(article_id)

    def open_article(
        self,
        article_id: str,
        *,
        anchor: TextRef | None = None,
        mark: TextRef | None = None,
        push: bool = True,
        focus: bool = True,
    ) -> None:
        article = self.corpus.get(article_id)
        if article is None:
            return
        here = self.current_location()
        if here is not None:
            self.history.update(here)
        self._opened_once = True
        pane = self.query_one(ReadingPane)
        pane.show(article, anchor=anchor, mark=mark)
        if self.query_text:
            pane.set_hits(_hits_in(article, self.query_text))
        self._show_entities(article)
        self.query_one(ArticleList).select_article(article_id)
        if push:
            self.history.visit(self.current_location() or Location(article_id))
        if focus:
            pane.focus()
        self.remember_place()
        self.update_status()

    def _show_entities(self, article: Article) -> None:
        """The panel groups names by entity once the corpus's profiles are made, and counts
        articles once its names are indexed (neither is ever built here: that takes seconds)."""
        profiles = self.corpus.profiles_if_built
        rows = []
        if profiles is not None:
            for key, count, names in profiles.in_article(article):
                profile = profiles.get(*key)
                rows.append(PanelRow(key, count, names, profile.article_count if profile else None))
        else:  # each name on its own until then
            index = self.corpus.entities_if_built
            for key, count in Counter(e.key for e in article.entities).items():
                entry = index.get(*key) if index is not None else None
                rows.append(PanelRow(key, count, [key[0]], entry.article_count if entry else None))
        self.query_one(EntityPanel).show(article, rows)

    def go_to(self, location: Location | None) -> None:
        if location is None:
            return
        if location.entity is not None:
            self.show_profile(location.entity, push=False)
            return
        self.open_article(location.article_id, anchor=location.top, mark=location.mark, push=False)

    def action_back(self) -> None:
        self._travel(self.history.back, tr("没有可以后退的地方。", "Nothing to go back to."))

    def action_forward(self) -> None:
        self._travel(self.history.forward, tr("没有可以前进的地方。", "Nothing to go forward to."))

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

    # --- entities -------------------------------------------------------------------------

    def action_entity(self, step: int) -> None:
        pane = self.query_one(ReadingPane)
        if pane.step_entity(step) is None:
            self.notify(
                tr(
                    "本文还没有标出人名、地名或机构名。",
                    "No people, places or organisations tagged here yet.",
                ),
                markup=False,
                timeout=2,
            )
        else:
            pane.focus()  # so that Enter, as the status line says, opens the name's mentions

    @on(ReadingPane.EntityActivated)
    def entity_activated(self, event: ReadingPane.EntityActivated) -> None:
        self.action_mentions(event.entity.text, event.entity.type)

    @on(EntityPanel.Chosen)
    def entity_chosen(self, event: EntityPanel.Chosen) -> None:
        self.action_mentions(event.text, event.type)

    def action_mentions(self, text: str, type_: EntityType) -> None:
        """The name's profile: every name, title and mention (once the corpus's names are indexed)."""
        self.show_profile((text, type_))

    def show_profile(self, key: tuple[str, EntityType], *, push: bool = True) -> None:
        profiles = self.corpus.profiles_if_built
        if profiles is None:
            self._still_indexing()
            return
        profile = profiles.get(*key)
        if profile is None:
            return
        if push:
            here = self.current_location()
            if here is not None:
                self.history.update(here)
            self.history.visit(Location.profile(*profile.key))
        from reader.ui.screens.profile import ProfileScreen  # on first use: not before the first frame

        self.app.push_screen(ProfileScreen(self.corpus, profiles, profile, self.history), self.profile_closed)

    def profile_closed(self, location: Location | None) -> None:
        """Esc (None): back to the article under the profile; else a mention to jump to, or a
        place the history already stepped to."""
        if location is None:
            while (
                self.history.current is not None and self.history.current.entity and self.history.can_go_back
            ):
                self.history.back()
            current, here = self.history.current, self.current_location()
            if (
                current is not None
                and current.entity is None
                and (here is None or here.article_id != current.article_id)
            ):
                self.go_to(current)  # came back onto this profile from another article
        elif self.history.current == location:
            self.go_to(location)
        else:
            self.open_article(location.article_id, mark=location.mark)

    def action_entity_index(self) -> None:
        profiles = self.corpus.profiles_if_built
        if profiles is None:
            self._still_indexing()
            return
        from reader.ui.screens.entity_index import EntityIndexScreen

        def chosen(key: tuple[str, EntityType] | None) -> None:
            if key is not None:
                self.show_profile(key)

        self.app.push_screen(EntityIndexScreen(profiles), chosen)

    def _still_indexing(self) -> None:
        self.notify(
            tr(
                "仍在索引全部名字，请稍候再试。",
                "Still indexing names across the corpus; try again in a moment.",
            ),
            markup=False,
            timeout=3,
        )

    def action_toggle_entities(self) -> None:
        width = self.app.size.width
        self.entity_panel_wanted = self.has_class("-no-entities")
        if self.entity_panel_wanted and not self._panel_room(width):
            need = width + PANE_KEEPS - self._pane_width_with_panel(width)
            self.notify(
                tr(
                    f"窗口太窄，放不下实体栏：需要 {need} 列（现在 {width} 列）；按 i 看全部名字。",
                    f"Too narrow for the entity panel: it needs {need} columns ({width} now); i lists every name.",
                ),
                markup=False,
                timeout=4,
            )
        self._fit_to_width(width)

    # --- layout that follows the terminal's size ------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._fit_to_width(event.size.width)
        for footer in self.query(Footer):
            footer.compact = event.size.width < COMPACT_FOOTER_BELOW
            palette = event.size.width >= PALETTE_KEY_FROM
            if footer.show_command_palette != palette:
                footer.show_command_palette = palette
                footer.refresh(recompose=True)

    def _sidebar_width(self, width: int) -> int:
        """The article list's columns at `width`, its border included (app.tcss: 34%, 26 to 44)."""
        return min(max(width * 34 // 100, 26), 44)

    def _pane_width_with_panel(self, width: int) -> int:
        return width - self._sidebar_width(width) - PANEL_WIDTH

    def _panel_room(self, width: int) -> bool:
        return self._pane_width_with_panel(width) >= PANE_KEEPS

    def _panel_fits(self, width: int) -> bool:
        """The panel shows at `width` (as the user wants it, or by width)."""
        wanted = self.entity_panel_wanted
        if wanted is None:
            wanted = width >= WIDE_ENOUGH_FOR_ENTITIES
        return wanted and self._panel_room(width)

    def _fit_to_width(self, width: int) -> None:
        self.set_class(not self._panel_fits(width), "-no-entities")

    def action_cycle_script(self) -> None:
        self.script = next_display(self.script)
        self._show_script()
        self.notify(tr("文字：", "Text: ") + shown(DISPLAY_NAMES[self.script]), markup=False, timeout=2)

    def _show_script(self) -> None:
        """The reading pane and list show text in `self.script` (conversion: `reader.script`)."""
        pane, articles = self.query_one(ReadingPane), self.query_one(ArticleList)
        pane.script = articles.script = self.script
        if pane.article is not None:
            pane.show(pane.article, anchor=pane.top_anchor(), mark=pane.mark)
        articles.refresh()

    # --- the paper: pages, issues, dates --------------------------------------------------

    def action_turn_page(self, step: int) -> None:
        self._turn(step, by_issue=False)

    def action_turn_issue(self, step: int) -> None:
        self._turn(step, by_issue=True)

    def _turn(self, step: int, *, by_issue: bool) -> None:
        groups = self.query_one(ArticleList).groups
        current = self._current_group()
        target = (
            next_group(groups, current, step, by_issue=by_issue)
            if current is not None
            else (0 if groups else None)
        )
        if target is None:
            if by_issue:
                message = (
                    tr("没有下一期。", "No next issue.")
                    if step > 0
                    else tr("没有上一期。", "No previous issue.")
                )
            else:
                message = (
                    tr("没有下一版。", "No next page.")
                    if step > 0
                    else tr("没有上一版。", "No previous page.")
                )
            self.notify(message, markup=False, timeout=2)
            return
        self._open_group(target)

    def _current_group(self) -> int | None:
        article = self.query_one(ReadingPane).article
        if article is None:
            return None
        position = self.corpus.position(article.id)
        for number, group in enumerate(self.query_one(ArticleList).groups):
            if position in group.articles:
                return number
        return None

    def _open_group(self, group: int) -> None:
        articles = self.query_one(ArticleList)
        first = articles.groups[group].articles[0]
        self.open_article(self.corpus.articles[first].id, focus=False)
        articles.focus()

    def action_go_to_date(self) -> None:
        from reader.ui.screens.go_to_date import GoToDate  # on first use

        self.app.push_screen(GoToDate(), self._go_to_date)

    def _go_to_date(self, typed: str | None) -> None:
        if not typed:
            return
        groups = self.query_one(ArticleList).groups
        article = self.query_one(ReadingPane).article
        dates = [g.placement.date for g in groups if g.placement.date]
        if not dates:
            self.notify(
                tr("这个档案的页面都没有日期。", "No page of this archive is dated."), markup=False, timeout=3
            )
            return
        known = (article.date if article is not None and article.date else None) or max(dates)
        date = read_date(typed, int(known[:4]))
        if date is None:
            self.notify(
                tr(
                    f"不是日期：{visible(typed)}（2024-07-30、7-30、7月30日）",
                    f"Not a date: {visible(typed)} (2024-07-30, 7-30, 7月30日)",
                ),
                markup=False,
                timeout=3,
            )
            return
        target = nearest_issue(groups, date)
        if target is None:
            return
        found = groups[target].placement.date
        if found != date and found is not None:
            nearest = describe_date(found, year=found[:4] != date[:4])
            self.notify(
                tr(
                    f"{describe_date(date)}没有报纸，最近的一期是{nearest}。",
                    f"No issue on {describe_date(date)}: the nearest is {nearest}.",
                ),
                markup=False,
                timeout=4,
            )
        self._open_group(target)

    def action_flip_order(self) -> None:
        articles = self.query_one(ArticleList)
        articles.set_order(not articles.newest_first)
        if articles.newest_first:
            message = tr("最新的一期在前。", "Issues newest first.")
        else:
            message = tr("最早的一期在前。", "Issues oldest first.")
        self.notify(message, markup=False, timeout=2)

    def action_copy(self) -> None:
        """To the terminal's clipboard (OSC 52): works over ssh, where the terminal allows it."""
        pane = self.query_one(ReadingPane)
        selected = self.get_selected_text()
        text = selected or pane.article_text()
        if not text:
            self.notify(tr("没有可复制的文字。", "Nothing to copy."), markup=False, timeout=2)
            return
        self.app.copy_to_clipboard(text)
        self.clear_selection()
        what = tr("选中的文字", "the selection") if selected else tr("整篇文章", "the article")
        chars = len(text.strip())
        self.notify(
            tr(f"已复制{what}（{chars:,} 字）。", f"Copied {what} ({chars:,} characters)."),
            markup=False,
            timeout=3,
        )

    def action_overview(self) -> None:
        from reader.ui.screens.overview import OverviewScreen  # on first use

        self.app.push_screen(OverviewScreen(self.corpus))

    # --- search ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        # At once, not after the keys already waiting (`Widget.focus` defers): `/` and a query
        # typed fast or pasted must all land in the box (`/q…` would otherwise quit).
        self.set_focus(self.query_one(SearchBox))

    def on_key(self, event: events.Key) -> None:
        """`/` and a query typed straight after it (fast, or pasted) all reach the screen before
        the `/` binding has run: Textual hands each key to what had the focus when it came.
        So `/` moves the focus here, at once, and the letters after it go into the box
        (instead of running `q`, `i` … on the list)."""
        box = self.query_one(SearchBox)
        if self.focused is box:
            if event.is_printable and event.character:
                box.insert_text_at_cursor(event.character)
                event.stop()
                event.prevent_default()
        elif _bound(event, _keys_of(self.app, "search", "slash")):
            self.action_focus_search()
            event.stop()
            event.prevent_default()

    @on(Input.Changed, "#search")
    def query_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.run_search(self.query_text)

    def run_search(self, query: str) -> None:
        from reader.search.query import parse  # on the first keystroke, not before the first frame

        self._search_generation += 1
        if not parse(query):  # nothing typed, or only an operator so far (`!`)
            articles = self.query_one(ArticleList)
            current = self.query_one(ReadingPane).article
            articles.show_articles(self.corpus.articles, keep_id=current.id if current else None)
            self.query_one(ReadingPane).set_hits([])
            self.update_status()
            return
        self._search(query, self._search_generation)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str, generation: int) -> None:
        index = self.corpus.search_if_built
        hits = index.query(query, 50) if index is not None else []
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, query, generation, hits, index is not None)

    def _show_hits(self, query: str, generation: int, hits: list[Hit], ready: bool) -> None:
        if generation != self._search_generation:
            return  # a newer keystroke is already on its way: drop this ranking
        self.query_one(ArticleList).show_hits(hits, indexing=not hits and not ready)
        pane = self.query_one(ReadingPane)
        if pane.article is not None:
            pane.set_hits(_hits_in(pane.article, query))
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
                tr("本文没有搜索命中。", "No search hits in this article.")
                if self.query_text
                else tr("先按 / 搜索。", "Search first with /."),
                markup=False,
                timeout=2,
            )

    def action_back_out(self) -> None:
        search = self.query_one(SearchBox)
        if search.value:
            search.action_leave()
        elif not self.query_one(ArticleList).has_focus:
            self.query_one(ArticleList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the search box has the focus its keys type: the footer hides theirs (and Esc
        is what leaves it)."""
        if isinstance(self.focused, Input) and action != "back_out":
            return False
        return True

    # --- status line ----------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.update_status()  # its key hints are for the pane with the focus
        self.refresh_bindings()  # the footer's keys too (see `check_action`)

    @on(ReadingPane.Changed)
    def update_status(self) -> None:
        pane = self.query_one(ReadingPane)
        parts = [(1, self.load_status)]  # (rank, text): the lowest gives way first when narrow
        corpus = self.corpus
        if pane.article is not None and corpus.articles:
            position, total = corpus.position(pane.article.id) + 1, len(corpus.articles)
            parts.append((2, tr(f"第 {position:,}/{total:,} 篇", f"article {position:,}/{total:,}")))
            placed = pane.article.placement.describe(year=False)
            if placed:
                parts.append((3, visible(placed)))
        entity = pane.current_entity
        if entity is not None:
            where = f"{pane.entity_index + 1}/{len(pane.entities)}"
            hint = tr("（Enter 看档案）", " (Enter: profile)") if pane.has_focus else ""
            parts.append((5, f"{type_name(entity.type)} {where}: {visible(entity.text)}{hint}"))
        elif pane.entities:
            names = len(pane.entities)
            parts.append(
                (4, tr(f"{names:,} 个名字（] 逐个看）", f"{count(names, '', 'name')} (] steps through)"))
            )
        if self.query_text:
            if pane.hits and pane.hit_index >= 0:
                parts.append((6, tr("命中", "hit") + f" {pane.hit_index + 1}/{len(pane.hits)} (n/N)"))
            elif pane.hits:
                hits = len(pane.hits)
                parts.append((6, tr(f"{hits:,} 处命中 (n/N)", f"{count(hits, '', 'hit')} (n/N)")))
            else:
                parts.append((6, tr("本文无命中", "no hits in this article")))
        self.query_one(StatusLine).show(parts)


def _hits_in(article: Article, query: str) -> list[TextRef]:
    from reader.search import find_in_article

    return find_in_article(article, query)


def _bound(event: events.Key, keys: list[str]) -> bool:
    """`event` is one of `keys`, written as Textual names them (`slash`) or as typed (`/`)."""
    return event.key in keys or (event.character is not None and event.character in keys)


def _keys_of(app: object, binding_id: str, default: str) -> list[str]:
    """The keys bound to `binding_id`, with the user's `[keys]` (see `reader.ui.keys`)."""
    keymap: dict[str, str] = getattr(app, "keymap", {})
    return [key.strip() for key in keymap.get(binding_id, default).split(",")]

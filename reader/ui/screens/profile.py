"""An entity's profile: who or what it is, under which names, with whom, when, and every mention.

    乔俊杰 · 人物 · 2 篇 · 11 处
    职务  区委书记 7月1日–7月30日 ×5 · 市委常委 ×2
    时间线 (周) ▁▃█▂▁  2024-06-28 → 2024-07-30
    ┌ mentions, newest issue first ──────────┐┌ 同时出现 With ─┐
    │ ▍武进日报 7月30日 星期二 · 3 处         ││ 恽淇丞   人物 2 │
    │  区领导开展“八一”拥军慰问 · 第1版 · ¶3  ││ 武进区   地点 2 │

Enter on a mention jumps to it; Enter on a name opens that name's profile in
place.  Back and forward (⌫ / alt+←, alt+→) walk the reader's history, which
holds profiles as well as articles: stepping back onto an article closes the
profile there.  The screen never owns the history: the main screen does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.history import History, Location
from reader.i18n import Both, count, shown, tr
from reader.linebreak import text_width, truncate
from reader.models import describe_date, type_name
from reader.notices_zh import in_language
from reader.profiles import Profile, TitleSpan
from reader.sanitize import visible
from reader.timeline import sparkline, timeline
from reader.ui.localize import localize_bindings
from reader.ui.widgets.entity_panel import TYPE_STYLES
from reader.ui.widgets.mention_list import MentionList
from reader.ui.widgets.row_list import RowList

if TYPE_CHECKING:
    from reader.aliases import Key
    from reader.corpus import Corpus
    from reader.profiles import Profiles

UNITS = {"day": Both("日", "day"), "week": Both("周", "week"), "month": Both("月", "month")}
COMPANY = 30
"""How many co-occurring names a profile lists."""
NARROW = 84
"""Below this many columns the co-occurring names go above the mentions, not beside them."""


class CompanyList(OptionList):
    """The names that share the most articles with the profile's entity."""

    BINDINGS = [
        Binding("j", "cursor_down", Both("下移", "Down"), show=False),
        Binding("k", "cursor_up", Both("上移", "Up"), show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        localize_bindings(self)
        self._company: list[tuple[Key, int]] = []

    def on_resize(self) -> None:
        if self._company:  # numbers flush right at the new width
            highlighted = self.highlighted
            self.show(self._company)
            self.highlighted = highlighted

    def show(self, company: list[tuple[Key, int]]) -> None:
        """List the names, each with how many articles it shares."""
        self._company = company
        self.clear_options()
        if not company:
            self.add_option(Option(tr("（无）", "(none)"), disabled=True))
            return
        # room for a scrollbar whether or not one shows: these rows must not reflow when it comes
        width = max(self.size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical, 12)
        options = []
        for n, ((name, kind), shared) in enumerate(company):
            number = tr(f"{shared:,}篇", f"{shared:,} art.")
            label = truncate(visible(name), width - text_width(number) - 1)
            gap = " " * max(1, width - text_width(label) - text_width(number))
            style = TYPE_STYLES[kind]
            options.append(Option(Content.assemble((label, style), gap, (number, "dim")), id=str(n)))
        self.add_options(options)
        self.highlighted = 0


class ProfileScreen(ModalScreen[Location | None]):
    """Dismissed with where to go next: a mention, an article stepped back to, or None (Esc)."""

    BINDINGS = [
        Binding(
            "escape",
            "dismiss(None)",
            Both("关闭", "Close"),
            tooltip=Both("回到文章", "Back to the article"),
            id="close",
        ),
        Binding(
            "backspace,alt+left,H",
            "travel(-1)",
            Both("后退", "Back"),
            key_display="⌫",
            tooltip=Both("上一个位置", "The previous place"),
            id="back",
        ),
        Binding(
            "alt+right,L",
            "travel(1)",
            Both("前进", "Forward"),
            show=False,
            tooltip=Both("再前进", "Forward again"),
            id="forward",
        ),
    ]

    def __init__(self, corpus: Corpus, profiles: Profiles, profile: Profile, history: History) -> None:
        super().__init__()
        localize_bindings(self)
        self.corpus = corpus
        self.profiles = profiles
        self.profile = profile
        self.history = history
        self._company: list[tuple[Key, int]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-dialog"):
            yield Static(id="profile-title", markup=False)
            yield Static(id="profile-facts", markup=False)
            with Horizontal(id="profile-body"):
                yield Vertical(id="profile-mentions")
                company = CompanyList(id="profile-company")
                company.border_title = tr("同时出现", "Seen with")
                yield company
            yield Static(
                tr(
                    "Enter 打开 · Tab 切换 · ⌫ 后退 · Esc 关闭",
                    "Enter open · Tab switch · ⌫ back · Esc close",
                ),
                id="profile-help",
                markup=False,
            )

    async def on_mount(self) -> None:
        self._layout_for(self.size.width)
        await self.show(self.profile)

    def on_resize(self) -> None:
        self._layout_for(self.size.width)

    def _layout_for(self, width: int) -> None:
        self.query_one("#profile-dialog").set_class(width < NARROW, "-narrow")

    async def show(self, profile: Profile) -> None:
        """Show `profile` in place (the history is the caller's to update)."""
        self.profile = profile
        self.query_one("#profile-title", Static).update(_title(profile))
        self.query_one("#profile-facts", Static).update(_facts(profile))
        holder = self.query_one("#profile-mentions", Vertical)
        await holder.remove_children()
        mentions = MentionList(self.corpus, profile, id="mention-list")
        await holder.mount(mentions)
        self._company = profile.cooccurs(COMPANY)
        self.call_after_refresh(self.query_one(CompanyList).show, self._company)  # once it has a width
        mentions.focus()

    @on(RowList.Chosen, "#mention-list")
    def mention_chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        mention = self.query_one(MentionList).mention(event.index)
        self.dismiss(Location(mention.article_id, mark=mention.at))

    @on(OptionList.OptionSelected, "#profile-company")
    async def company_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        (name, kind), _ = self._company[int(event.option.id or 0)]
        profile = self.profiles.get(name, kind)
        if profile is not None:
            self.history.visit(Location.profile(*profile.key))
            await self.show(profile)

    async def action_travel(self, step: int) -> None:
        location = self.history.back() if step < 0 else self.history.forward()
        if location is None:
            self.notify(
                tr("没有可以后退的地方。", "Nothing to go back to.")
                if step < 0
                else tr("没有可以前进的地方。", "Nothing to go forward to."),
                timeout=2,
            )
        elif location.entity is not None:
            profile = self.profiles.get(*location.entity)
            if profile is not None:
                await self.show(profile)
        else:
            self.dismiss(location)


def _title(profile: Profile) -> str:
    kind = type_name(profile.type)
    articles, mentions = count(profile.article_count, "篇", "article"), count(profile.count, "处", "mention")
    return f"{visible(profile.name)} · {kind} · {articles} · {mentions}"


def _facts(profile: Profile) -> str:
    """Names, titles and the timeline, a line each (only those there are)."""
    lines = []
    if profile.aliases:
        why = profile.why
        lines.append(
            tr("又名 ", "Also called ")
            + " · ".join(
                visible(a) + (f" ({visible(in_language(why[a]))})" if a in why else "")
                for a in profile.aliases
            )
        )
    if profile.titles:
        lines.append(tr("职务 ", "Titles ") + " · ".join(_title_span(t) for t in profile.titles[:6]))
    line = timeline(profile.by_day)
    if line is not None:
        lines.append(
            tr("时间线", "Timeline")
            + f" ({shown(UNITS[line.unit])}) {sparkline(line.counts, width=48)}  {line.first} → {line.last}"
        )
    return "\n".join(lines) or tr("（未注日期）", "(undated)")


def _title_span(span: TitleSpan) -> str:
    """`区委书记 7月1日–7月30日 ×5`."""
    text = visible(span.title)
    if span.first and span.last:
        year = span.first[:4] != span.last[:4]
        first = describe_date(span.first, year=year, short=True, weekday=False)
        last = describe_date(span.last, year=year, short=True, weekday=False)
        text += f" {first}" if first == last else f" {first}–{last}"
    return text + (f" ×{span.count}" if span.count > 1 else "")

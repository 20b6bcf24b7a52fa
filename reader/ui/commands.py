"""Command palette (ctrl+p): open an article by headline, jump to an entity, toggle panels."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual.actions import parse as parse_action
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from reader.i18n import Both, count, shown, tr
from reader.models import type_name
from reader.sanitize import visible

if TYPE_CHECKING:
    from reader.corpus import Corpus
    from reader.profiles import Profile

MAX_ITEMS = 2000
"""The palette matches in Python; past this many articles it asks the search index instead."""
_FIRST = float("inf")
"""The score of a name typed whole: above any fuzzy score (those are unbounded)."""


def plain_highlight(matcher: Matcher, label: str) -> Content:
    """Like `Matcher.highlight`, but the label is page text: never parse it as markup."""
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def literal(text: str) -> str:
    """Page text for a place the palette reads as markup (its help line): brackets escaped."""
    return text.replace("[", "\\[")


ACTIONS = [
    (
        Both("实体栏", "Toggle entity panel"),
        Both("显示或隐藏实体栏", "Show or hide the entity panel"),
        "toggle_entities",
    ),
    (Both("后退", "Go back"), Both("回到上一个位置", "Back to the previous place"), "back"),
    (Both("前进", "Go forward"), Both("后退之后再前进", "Forward again"), "forward"),
    (Both("搜索", "Search"), Both("把光标放进搜索框", "Put the cursor in the search box"), "focus_search"),
    (Both("按键帮助", "Show keys"), Both("阅读器的全部按键", "Every key of the reader"), "app.help"),
    (
        Both("概览", "Overview"),
        Both("整个档案一览：报纸、日期、期数、名字", "The archive at a glance: papers, dates, issues, names"),
        "overview",
    ),
    (
        Both("实体索引", "Entity index"),
        Both(
            "全部人名、地名、机构名：过滤、排序、打开档案",
            "Every person, place and organisation: filter, sort, open a profile",
        ),
        "entity_index",
    ),
    (Both("跳到日期", "Go to date"), Both("某一天的报纸", "The issue of a date"), "go_to_date"),
    (
        Both("新旧排序", "Oldest / newest first"),
        Both("最新的一期在前，或最早的在前", "Issues newest first, or oldest first"),
        "flip_order",
    ),
]
"""(name, help, action): the main screen's actions the palette offers."""


class ReaderCommands(Provider):
    """Runs the main screen's actions: it never reaches into the screen itself."""

    def _action(self, action: str) -> Callable[[], Awaitable[object]]:
        """A callback that runs `action` on the screen the palette was opened over.

        Called directly, not through `run_action`: the main screen refuses its
        one-letter actions while the search box has the focus (their keys type
        there), and the palette may have been opened from the search box.
        """
        namespace, name, arguments = parse_action(action)
        target = self.app if namespace == "app" else self.screen
        method = getattr(target, f"action_{name}")

        async def run() -> object:
            result = method(*arguments)
            return await result if inspect.isawaitable(result) else result

        return run

    @property
    def _corpus(self) -> Corpus:
        return self.app.corpus  # type: ignore[attr-defined, no-any-return]

    async def discover(self) -> Hits:
        for name, about, action in ACTIONS:
            yield DiscoveryHit(shown(name), self._action(action), help=shown(about))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for both, about, action in ACTIONS:
            name = shown(both)
            score = max(matcher.match(name), matcher.match(str.__str__(both)))  # English finds it too
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._action(action), help=shown(about))
        corpus = self._corpus
        profiles = corpus.profiles_if_built
        exact: set[tuple[str, str]] = set()
        if profiles is not None:
            # A name typed whole is what the user wants to follow: it comes first, above
            # the articles whose titles merely contain it (北京 in 5,000 of them).
            typed = query.strip()
            for profile in profiles.called(typed):
                exact.add(profile.key)
                yield self._entity_hit(profile, _FIRST, matcher)
        articles = corpus.articles
        if len(articles) > MAX_ITEMS:
            index = corpus.search_if_built
            articles = [hit.article for hit in index.query(query, limit=30)] if index is not None else []
        for article in articles:
            label = tr("打开：", "Open: ") + visible(article.title)
            score = matcher.match(label)
            if score > 0:
                help_text = literal(visible(" · ".join(article.headline)))
                yield Hit(
                    score,
                    plain_highlight(matcher, label),
                    self._action(f"open({article.id!r})"),
                    text=label,
                    help=help_text,
                )
        for profile in profiles.entities()[:MAX_ITEMS] if profiles is not None else ():
            if profile.key not in exact:
                score = matcher.match(_entity_label(profile))
                if score > 0:
                    yield self._entity_hit(profile, score, matcher)

    def _entity_hit(self, profile: Profile, score: float, matcher: Matcher) -> Hit:
        label = _entity_label(profile)
        return Hit(
            score,
            plain_highlight(matcher, label),
            self._action(f"mentions({profile.name!r}, {profile.type!r})"),
            text=label,
            help=f"{type_name(profile.type)} · {count(profile.article_count, '篇', 'article')} · "
            f"{count(profile.count, '处', 'mention')}",
        )


def _entity_label(profile: Profile) -> str:
    others = "、".join(visible(a) for a in profile.aliases[:3])
    return tr("名字：", "Name: ") + visible(profile.name) + (f"（{others}）" if others else "")

"""Command palette (ctrl+p): open an article by headline, jump to an entity, toggle panels."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from reader.models import TYPE_NAMES
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
    ("Toggle entity panel 实体栏", "Show or hide the entity panel", "toggle_entities"),
    ("Go back 后退", "Back to the previous place", "back"),
    ("Go forward 前进", "Forward again", "forward"),
    ("Search 搜索", "Put the cursor in the search box", "focus_search"),
    ("Show keys 帮助", "Every key of the reader", "app.help"),
    ("Overview 概览", "The archive at a glance: papers, dates, issues, names", "overview"),
    (
        "Entity index 实体索引",
        "Every person, place and organisation: filter, sort, open a profile",
        "entity_index",
    ),
    ("Go to date 跳到日期", "The issue of a date", "go_to_date"),
    ("Oldest / newest first 排序", "Issues newest first, or oldest first", "flip_order"),
]
"""(name, help, action): the main screen's actions the palette offers."""


class ReaderCommands(Provider):
    """Runs the main screen's actions: it never reaches into the screen itself."""

    def _action(self, action: str) -> Callable[[], Awaitable[object]]:
        """A callback that runs `action` on the screen the palette was opened over."""
        return partial(self.screen.run_action, action)

    @property
    def _corpus(self) -> Corpus:
        return self.app.corpus  # type: ignore[attr-defined, no-any-return]

    async def discover(self) -> Hits:
        for name, help_text, action in ACTIONS:
            yield DiscoveryHit(name, self._action(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in ACTIONS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._action(action), help=help_text)
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
            label = f"打开 Open: {visible(article.title)}"
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
            help=f"{TYPE_NAMES[profile.type]} · {profile.article_count} 篇 · {profile.count} 处",
        )


def _entity_label(profile: Profile) -> str:
    others = "、".join(visible(a) for a in profile.aliases[:3])
    return f"实体 Entity: {visible(profile.name)}" + (f"（{others}）" if others else "")

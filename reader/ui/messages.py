"""What the loading workers tell the main screen (`reader.ui.loader`), as small messages.

Each is posted from a worker thread and handled on the UI thread by the
screen, which routes it to the corpus and the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.notifications import SeverityLevel

if TYPE_CHECKING:
    from reader.indexer import IndexEvent
    from reader.mentions import EntityIndex
    from reader.profiles import Profiles
    from reader.search import SearchIndex


@dataclass
class Indexed(Message):
    """Something the indexer said (`reader.indexer.events`), batched: consecutive `Loaded` and
    consecutive `Tagged`/`Linked` events arrive merged, a few times a second at most."""

    event: IndexEvent


@dataclass
class LoadProgress(Message):
    """How far tagging or linking has got, for the status line; only the latest matters."""

    text: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress)


@dataclass
class SearchIndexReady(Message):
    """A search index over the articles as they were at `version`."""

    index: SearchIndex
    version: int
    from_cache: bool
    """Read from the cache (so there is no point writing it back)."""


@dataclass
class SearchIndexMissing(Message):
    """The cache had no search index for this corpus: one must be built."""


@dataclass
class NamesReady(Message):
    """The corpus-wide name index over the articles as they were at `version`."""

    index: EntityIndex
    version: int


@dataclass
class ProfilesReady(Message):
    """Every entity under all its names (`reader.profiles`), made from a name index posted just
    before."""

    profiles: Profiles


@dataclass
class Notice(Message):
    """Something the user should hear once (a cache that could not be used as hoped); page text
    may be in it: show it through `visible`."""

    text: str
    severity: SeverityLevel = "warning"

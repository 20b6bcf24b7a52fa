"""A corpus: every article of every page the user pointed at, plus what went wrong.

    >>> from reader import load_corpus
    >>> corpus = load_corpus(["seeds"])
    >>> [a.title for a in corpus.articles]

`load_corpus` reads, parses and (by default) tags through the indexer
(`reader.indexer`), optionally with the cache (`reader.cache`).
`CorpusBuilder` is the one consumer of the indexer's events: the Python
API, the command line and the app all build their corpus with it.  The
corpus owns its two indexes, over people, places and organisations
(`reader.mentions`) and for search (`reader.search`); both are built on
first use, or built elsewhere (a worker thread) and installed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from reader.mentions import EntityIndex
from reader.models import Article, Problem, unique_id

if TYPE_CHECKING:
    import numpy as np

    from reader.indexer import Finished, IndexEvent, Listed, Progress
    from reader.profiles import Profiles
    from reader.search import Hit, SearchIndex
    from reader.tagging import Tagger


class Corpus:
    """Articles in page order, the problems met while loading, and the indexes over them."""

    def __init__(self, articles: Iterable[Article] = (), problems: Sequence[Problem] = ()) -> None:
        self.articles: list[Article] = []
        self.problems: list[Problem] = list(problems)
        self.notices: list[str] = []
        """What went wrong with the cache or the worker processes while loading, one line each."""
        self.cache_key = ""
        self.signature = ""
        """Where the corpus is in the cache and what its articles are made from (see
        `reader.indexer.events.Listed`); empty when it was loaded without the cache."""
        self.report: Finished | None = None
        """How loading went (counts, seconds, worker processes); None until it finished."""
        self.version = 0
        """Bumped by every change to the articles."""
        self._position: dict[str, int] = {}
        self._entities: EntityIndex | None = None
        self._profiles: Profiles | None = None
        self._search: SearchIndex | None = None
        self._search_version = -1
        self._cached_version = -1
        """The version the articles were at when they were loaded with the cache (see `cache_key`)."""
        self.add(articles)

    # --- the articles -------------------------------------------------------------------

    def add(self, articles: Iterable[Article]) -> None:
        """Append articles, keeping ids unique (a repeated id gets a `-2`, `-3` … suffix)."""
        for article in articles:
            article = unique_id(article, self._position)
            self._position[article.id] = len(self.articles)
            self.articles.append(article)
        self._changed()

    def update(self, articles: Iterable[Article]) -> None:
        """Swap in new versions of some articles (matched by id), keeping their places."""
        changed = False
        for article in articles:
            position = self._position.get(article.id)
            if position is not None:
                self.articles[position] = article
                changed = True
        if changed:
            self._changed()

    def _changed(self) -> None:
        """The articles changed: the entity index no longer holds (names came or went; counts
        would be wrong), while the search index is kept until a new one is installed (a
        slightly old ranking beats no search while a big corpus is being tagged)."""
        self.version += 1
        self._entities = None

    def loaded(self, report: Finished) -> None:
        """Loading is done (`report` says how it went): where the corpus is in the cache."""
        self.report = report
        self.cache_key, self.signature = report.corpus, report.signature
        self._cached_version = self.version

    def get(self, article_id: str) -> Article | None:
        position = self._position.get(article_id)
        return None if position is None else self.articles[position]

    def position(self, article_id: str) -> int:
        """The article's place in the corpus, from 0 (-1 if it is not here)."""
        return self._position.get(article_id, -1)

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def sources(self) -> list[str]:
        """The pages, in order, each once."""
        return list(dict.fromkeys(a.source for a in self.articles))

    def tag(self, tagger: Tagger | None = None) -> None:
        """Tag every article's people, places and organisations (in this process)."""
        from reader.tagging import Tagger

        tagger = tagger or Tagger.default()
        self.update(tagger.tag_articles(self.articles))

    # --- the entity index ---------------------------------------------------------------

    @property
    def entities(self) -> EntityIndex:
        """Entity → every mention in the corpus; built on first use and after changes.

        Building it reads every mention (seconds at 100k articles): an app
        builds it in a worker from a snapshot and hands it over with
        `install_entities`.
        """
        if self._entities is None:
            self.install_entities(EntityIndex(self.articles), self.version)
        assert self._entities is not None
        return self._entities

    @property
    def entities_if_built(self) -> EntityIndex | None:
        """The entity index if one is installed (None before, and after the articles change)."""
        return self._entities

    def install_entities(self, index: EntityIndex, version: int) -> bool:
        """Use an index built elsewhere from the articles as they were at `version`.

        A slightly old index beats none; returns whether it is current.
        """
        self._entities = index
        return version == self.version

    def install_profiles(self, profiles: Profiles) -> bool:
        """Use profiles made elsewhere; kept only if made from the installed entity index
        (returns whether they were)."""
        if profiles.index is not self._entities:
            return False
        self._profiles = profiles
        return True

    @property
    def profiles(self) -> Profiles:
        """Every entity under all its names, with titles, dates and company (`reader.profiles`);
        made from the entity index (and again when it changes), with the `alias` lines of the
        user's dictionary."""
        index = self.entities
        if self._profiles is None or self._profiles.index is not index:
            from reader.profiles import Profiles

            self._profiles = Profiles.with_user_rules(index)
            self.notice(*self._profiles.aliases.warnings)
        return self._profiles

    @property
    def profiles_if_built(self) -> Profiles | None:
        """The profiles over the installed entity index, if they are made (None before)."""
        profiles = self._profiles
        return profiles if profiles is not None and profiles.index is self._entities else None

    # --- search -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """The best `limit` articles for `query`, best first (see `reader.search`)."""
        return self.search_index.query(query, limit=limit)

    @property
    def search_index(self) -> SearchIndex:
        """The search index; built on first use and after changes (or installed).

        A corpus loaded with the cache, unchanged since, takes its index from the
        cache (building it is seconds at 10k articles) or builds it and saves it there.
        """
        if self._search is None or self._search_version != self.version:
            from reader.search import SearchIndex

            cached = self.cache_key and self.version == self._cached_version
            index = self._cached_search() if cached else None
            if index is None:
                index = SearchIndex(self.articles)
                if cached:
                    from reader.cache.derived import save_search

                    self.notice(*save_search(index, self.cache_key, self.signature))
            self.install_search(index, self.version)
        assert self._search is not None
        return self._search

    def _cached_search(self) -> SearchIndex | None:
        from reader.cache.derived import load_search

        index, notices = load_search(self.articles, self.cache_key, self.signature)
        self.notice(*notices)
        return index

    def notice(self, *messages: str) -> None:
        """Say each once: the cache is opened more than once (loading, then the search index),
        and a full disk is the same news each time."""
        self.notices.extend(m for m in dict.fromkeys(messages) if m not in self.notices)

    @property
    def search_if_built(self) -> SearchIndex | None:
        """The search index as installed, even if the articles changed since (None before)."""
        return self._search

    def install_search(self, index: SearchIndex, version: int) -> bool:
        """Use a search index built (or read from the cache) elsewhere, over the articles as
        they were at `version`; returns whether it is current."""
        self._search, self._search_version = index, version
        index.mentioning = self._mentioning
        return version == self.version

    def _mentioning(self, name: str) -> np.ndarray:
        """`@name` in a query: the articles that mention that entity, by number."""
        import numpy as np

        from reader.profiles import article_numbers

        return np.array(article_numbers(self.profiles.named(name), self._position), dtype=np.int64)


class CorpusBuilder:
    """Builds a corpus from the indexer's events (`reader.indexer.events`), one at a time.

    The one place that knows what each event means for a corpus: the Python
    API, the command line and the app all feed their events through it.
    """

    def __init__(self, corpus: Corpus | None = None) -> None:
        self.corpus = corpus if corpus is not None else Corpus()
        self.listed: Listed | None = None
        """Set when every page is loaded."""
        self.finished: Finished | None = None
        """Set when the indexer is done."""
        self.progress: Progress | None = None
        """The latest progress report."""

    def apply(self, event: IndexEvent) -> None:
        from reader.indexer import Finished, Linked, Listed, Loaded, Notice, Problems, Progress, Tagged

        corpus = self.corpus
        match event:
            case Loaded(articles=articles, problems=problems):
                corpus.add(articles)
                corpus.problems.extend(problems)
            case Tagged(articles=articles) | Linked(articles=articles):
                corpus.update(articles)
            case Problems(problems=problems):
                corpus.problems.extend(problems)
            case Notice(message=message):
                corpus.notice(message)
            case Progress():
                self.progress = event
            case Listed():
                self.listed = event
            case Finished():
                self.finished = event
                corpus.loaded(event)


def load_corpus(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    tag: bool = True,
    max_page_bytes: int | None = None,
    on_page: Callable[[int, int], None] | None = None,
    cache: bool = True,
    workers: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    own_heap: bool = False,
) -> Corpus:
    """Read every page under `paths` (default: the packaged seed pages).

    Bad files never stop the others: each becomes a `Problem` in
    `corpus.problems`.  `on_page(done, total)` reports pages read;
    `on_progress` gets every `reader.indexer.Progress` (reading, tagging).

    Args:
        cache: take unchanged pages from the cache and save new results there
            (`reader.cache`, the same cache as the command line and the app's), and
            the search index too; anything that goes wrong with it is a line in
            `corpus.notices`, never an error.  False reads and tags everything.
        workers: processes to tag with (None: by core count, when the corpus is big; 1: none).
        own_heap: see `reader.indexer.index_corpus` (for the command line).
    """
    from reader.indexer import Loaded, index_corpus

    builder = CorpusBuilder()
    events = index_corpus(
        paths,
        cache=cache,
        workers=workers,
        tag=tag,
        on_progress=on_progress,
        max_page_bytes=max_page_bytes,
        own_heap=own_heap,
    )
    for event in events:
        builder.apply(event)
        if on_page is not None and isinstance(event, Loaded):
            on_page(event.files_done, event.files_total)
    return builder.corpus

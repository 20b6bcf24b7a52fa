"""A corpus: every article of every page the user pointed at, plus what went wrong.

    >>> from reader import load_corpus
    >>> corpus = load_corpus(["seeds"])
    >>> [a.title for a in corpus.articles]

`load_corpus` reads, parses and (by default) tags, through the same pipeline
as the app (`reader.indexer`), optionally with the cache (`reader.cache`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.mentions import EntityIndex
from reader.models import Article, Problem

if TYPE_CHECKING:
    from reader.indexer import Progress
    from reader.search import Hit, SearchIndex
    from reader.tagging import Tagger


class Corpus:
    """Articles in page order, the problems met while loading, and the entity index."""

    def __init__(self, articles: Sequence[Article] = (), problems: Sequence[Problem] = ()) -> None:
        self.articles: list[Article] = []
        self.problems: list[Problem] = list(problems)
        self.notices: list[str] = []
        """What went wrong with the cache while loading, one line each (see `load_corpus`)."""
        self.cache_key = ""
        self.signature = ""
        """Where the corpus is in the cache and what its articles are made from (see
        `reader.indexer.Listed`); empty when it was loaded without the cache."""
        self._by_id: dict[str, Article] = {}
        self.version = 0
        """Bumped by every change to the articles (see `install_entities`)."""
        self._index: EntityIndex | None = None
        self._search: SearchIndex | None = None
        self.add(articles)

    def add(self, articles: Iterable[Article]) -> None:
        """Append articles, keeping ids unique (a repeated id gets a `-2`, `-3` … suffix)."""
        for article in articles:
            if article.id in self._by_id:
                n = 2
                while f"{article.id}-{n}" in self._by_id:
                    n += 1
                article = replace(article, id=f"{article.id}-{n}")
            self.articles.append(article)
            self._by_id[article.id] = article
        self._index = None
        self.version += 1
        self._search = None

    def replace_all(self, articles: Sequence[Article]) -> None:
        """Swap in new versions of the articles (same ids), e.g. once tagged."""
        self.articles = list(articles)
        self._by_id = {a.id: a for a in self.articles}
        self._index = None
        self.version += 1
        self._search = None

    def update(self, articles: Iterable[Article]) -> None:
        """Swap in new versions of some articles (matched by id), keeping their places."""
        changed = {a.id: a for a in articles if a.id in self._by_id}
        if not changed:
            return
        self.articles = [changed.get(a.id, a) for a in self.articles]
        self._by_id.update(changed)
        self._index = None
        self.version += 1
        self._search = None

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def sources(self) -> list[str]:
        """The pages, in order, each once."""
        return list(dict.fromkeys(a.source for a in self.articles))

    @property
    def entities(self) -> EntityIndex:
        """Entity → every mention in the corpus (built on first use, after tagging).

        Building it reads every mention: an app builds it in a worker from a
        snapshot and hands it over with `install_entities`.
        """
        if self._index is None:
            self._index = EntityIndex(self.articles)
        return self._index

    @property
    def entities_if_built(self) -> EntityIndex | None:
        return self._index

    def install_entities(self, index: EntityIndex, version: int) -> bool:
        """Use an index built elsewhere from the articles as they were at `version`.

        A slightly old index beats none; returns whether it is current.
        """
        self._index = index
        return version == self.version

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """The best `limit` articles for `query`, best first (see `reader.search`).

        The index is built on first use and rebuilt after the articles change.
        """
        return self.search_index.query(query, limit=limit)

    @property
    def search_index(self) -> SearchIndex:
        """The search index over the articles: built on first use and after changes, or set
        from the cache (`reader.cache.derived.load_search`)."""
        from reader.search import SearchIndex

        if self._search is None:
            self._search = SearchIndex(self.articles)
        return self._search

    @search_index.setter
    def search_index(self, index: SearchIndex) -> None:
        self._search = index

    def tag(self, tagger: Tagger | None = None) -> None:
        """Tag every article's people, places and organisations."""
        from reader.tagging import Tagger

        tagger = tagger or Tagger.default()
        self.replace_all(tagger.tag_articles(self.articles))


def load_corpus(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    tag: bool = True,
    max_page_bytes: int | None = None,
    on_page: Callable[[int, int], None] | None = None,
    cache: bool = False,
    workers: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Corpus:
    """Read every page under `paths` (default: the packaged seed pages).

    Bad files never stop the others: each becomes a `Problem` in
    `corpus.problems`.  `on_page(done, total)` reports pages read;
    `on_progress` gets every `reader.indexer.Progress` (reading, tagging).

    Args:
        cache: take unchanged pages from the cache and save new results there
            (`reader.cache`); anything that goes wrong with it is a line in
            `corpus.notices`, never an error.
        workers: processes to tag with (None: by core count, when the corpus is big).
            Worker processes re-run the calling script, as multiprocessing does:
            keep a script's work under `if __name__ == "__main__":`, or pass 1.
    """
    from reader.indexer import Finished, Linked, Loaded, Notice, Problems, Tagged, index_corpus

    corpus = Corpus()
    articles: list[Article] = []
    position: dict[str, int] = {}
    events = index_corpus(
        paths, cache=cache, workers=workers, tag=tag, on_progress=on_progress, max_page_bytes=max_page_bytes
    )
    for event in events:
        if isinstance(event, Loaded):
            for article in event.articles:
                position[article.id] = len(articles)
                articles.append(article)
            corpus.problems.extend(event.problems)
            if on_page:
                on_page(event.files_done, event.files_total)
        elif isinstance(event, (Tagged, Linked)):
            for article in event.articles:
                articles[position[article.id]] = article
        elif isinstance(event, Problems):
            corpus.problems.extend(event.problems)
        elif isinstance(event, Notice):
            corpus.notices.append(event.message)
        elif isinstance(event, Finished):
            corpus.cache_key, corpus.signature = event.corpus, event.signature
    corpus.add(articles)
    return corpus

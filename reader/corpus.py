"""A corpus: every article of every page the user pointed at, plus what went wrong.

    >>> from reader import load_corpus
    >>> corpus = load_corpus(["seeds"])
    >>> [a.title for a in corpus.articles]

`load_corpus` reads, parses and (by default) tags; the app loads untagged for
a fast first paint and tags in the background with `Corpus.tag`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.mentions import EntityIndex
from reader.models import Article, Problem

if TYPE_CHECKING:
    from reader.search import Hit, SearchIndex
    from reader.tagging import Tagger


class Corpus:
    """Articles in page order, the problems met while loading, and the entity index."""

    def __init__(self, articles: Sequence[Article] = (), problems: Sequence[Problem] = ()) -> None:
        self.articles: list[Article] = []
        self.problems: list[Problem] = list(problems)
        self._by_id: dict[str, Article] = {}
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
        self._search = None

    def replace_all(self, articles: Sequence[Article]) -> None:
        """Swap in new versions of the articles (same ids), e.g. once tagged."""
        self.articles = list(articles)
        self._by_id = {a.id: a for a in self.articles}
        self._index = None
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
        """Entity → every mention in the corpus (built on first use, after tagging)."""
        if self._index is None:
            self._index = EntityIndex(self.articles)
        return self._index

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """The best `limit` articles for `query`, best first (see `reader.search`).

        The index is built on first use and rebuilt after the articles change.
        """
        from reader.search import SearchIndex

        if self._search is None:
            self._search = SearchIndex(self.articles)
        return self._search.query(query, limit=limit)

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
) -> Corpus:
    """Read every page under `paths` (default: the packaged seed pages).

    Bad files never stop the others: each becomes a `Problem` in
    `corpus.problems`.  `on_page(done, total)` reports progress.
    """
    from reader.pages import MAX_PAGE_BYTES, default_corpus, find_pages, read_page

    paths = [default_corpus()] if paths is None else list(paths)
    found = list(find_pages(paths))
    corpus = Corpus()
    files = [p for p in found if not isinstance(p, Problem)]
    corpus.problems.extend(p for p in found if isinstance(p, Problem))
    for done, path in enumerate(files, 1):
        page = read_page(path, max_page_bytes or MAX_PAGE_BYTES)
        if isinstance(page, Problem):
            corpus.problems.append(page)
        else:
            corpus.problems.extend(page.problems)
            corpus.add(page.articles)
        if on_page:
            on_page(done, len(files))
    if tag and corpus.articles:
        corpus.tag()
    return corpus

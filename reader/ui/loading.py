"""Loading a corpus into the app: pages, tags, the name index and the search index.

All of it runs in thread workers (and, for tagging, worker processes behind
`reader.indexer`), so the UI thread only ever receives finished pieces:
batches of articles to list, tagged versions to swap in, indexes to install.
`ReaderApp` mixes this in; it needs `corpus`, `paths`, `main_screen`,
`load_status` and the search index fields that `ReaderApp.__init__` sets.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work

from reader.models import Article, Problem
from reader.sanitize import visible

if TYPE_CHECKING:
    from reader.indexer import Finished, Listed, Progress
    from reader.mentions import EntityIndex
    from reader.search import SearchIndex

BATCH_SECONDS = 0.3
"""How often the loading worker hands articles to the UI after the first batch (which goes at
once). More often costs the loading thread time: each hand-over repaints the list while
loading holds the GIL (at 100k articles, 0.05 s made the app searchable 0.3 s later)."""
REPLACE_SECONDS = 1.0
"""How often newly tagged articles replace the untagged ones on screen."""
MAX_NOTICES = 5
_PHASES = {"reading": "载入 loading", "tagging": "标注实体 tagging", "linking": "关联实体 linking"}


class CorpusLoading:
    """The loading half of `ReaderApp` (a mixin: `self` is the app)."""

    def _preloaded_ready(self) -> None:
        self.main_screen.articles_added(self.corpus.articles)
        self.main_screen.loading_finished()
        self._report(self.corpus.problems)
        self._request_index(list(self.corpus.articles))
        if self._tag and not any(a.entities for a in self.corpus.articles):
            self.call_after_refresh(self.tag_articles, list(self.corpus.articles))
        else:
            self._request_entities()

    # State of loading through the indexer and of the search index (see the helpers below).
    use_cache = True
    """False (`reader --no-cache`): read and tag everything, leave the cache alone."""
    _listing: Listed | None = None
    _finished: Finished | None = None
    _dirty_index = False
    _index_busy = False
    _index_wanted: tuple[list[Article], bool] | None = None
    _index_from_disk = False
    _save_index_when_built = False

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_pages(self) -> None:
        """Index the corpus (`reader.indexer`): cached pages at once, new ones parsed, then tagged.

        The list fills as pages load; tagged versions of the articles replace
        the untagged ones in batches while the app stays usable; quitting
        stops the indexer (and its worker processes) within a fraction of a second.
        """
        from textual.worker import get_current_worker

        from reader.indexer import (
            Finished,
            Linked,
            Listed,
            Loaded,
            Notice,
            Problems,
            Progress,
            Tagged,
            index_corpus,
        )

        worker = get_current_worker()
        events = index_corpus(
            self.paths,
            cache=self.use_cache,
            tag=self._tag,
            should_stop=lambda: worker.is_cancelled,
        )
        problems: list[Problem] = []
        batch: list[Article] = []
        replaced: dict[str, Article] = {}
        last_batch = last_status = last_replace = time.monotonic()
        loaded = handed = False
        try:
            for event in events:
                if worker.is_cancelled:
                    return
                now = time.monotonic()
                if isinstance(event, Loaded):
                    batch.extend(event.articles)
                    problems.extend(event.problems)
                    if (
                        not handed
                        or now - last_batch > BATCH_SECONDS
                        or event.files_done == event.files_total
                    ):
                        handed = True
                        self.call_from_thread(self._add_batch, batch, event.files_done, event.files_total)
                        batch, last_batch = [], now
                elif isinstance(event, Listed):
                    loaded = True
                    self._listing = event
                    self.call_from_thread(self._loaded, problems)
                elif isinstance(event, (Tagged, Linked)):
                    replaced.update((a.id, a) for a in event.articles)
                    if now - last_replace > REPLACE_SECONDS:
                        self.call_from_thread(self._replace_some, list(replaced.values()))
                        replaced, last_replace = {}, now
                elif isinstance(event, Progress):
                    if event.phase != "reading" and (now - last_status > 0.25 or event.done == event.total):
                        self.call_from_thread(self._set_status, _progress_text(event))
                        last_status = now
                elif isinstance(event, Problems):
                    problems.extend(event.problems)
                elif isinstance(event, Notice):
                    self.call_from_thread(
                        self.notify, visible(event.message), severity="warning", markup=False, timeout=10
                    )
                elif isinstance(event, Finished):
                    if replaced:
                        self.call_from_thread(self._replace_some, list(replaced.values()))
                        replaced = {}
                    self.call_from_thread(self._indexed, event)
        finally:
            events.close()
        if not loaded and not worker.is_cancelled:  # stopped early, or nothing to index
            self.call_from_thread(self._add_batch, batch, 0, 0)
            self.call_from_thread(self._loaded, problems)

    def _add_batch(self, articles: list[Article], done: int, total: int) -> None:
        self.corpus.add(articles)
        added = self.corpus.articles[-len(articles) :] if articles else []
        self.load_status = f"载入 loading {done:,}/{total:,} 页" if done < total else ""
        self.main_screen.articles_added(added)

    def _loaded(self, problems: list[Problem]) -> None:
        self.corpus.problems.extend(problems)
        self._report(problems)
        self.load_status = self._summary()
        self.main_screen.loading_finished()
        self.call_after_refresh(self._start_language_tools)

    def _start_language_tools(self) -> None:
        """Search over what is listed now: from the cache when the corpus is unchanged, else built.

        Tagging needs nothing here: the loading worker is already tagging
        (for a preloaded corpus, `tag_articles` does it).
        """
        articles = list(self.corpus.articles)
        listing = self._listing
        if listing is not None and listing.pending == 0 and listing.corpus:
            self._index_busy = True
            self._index_from_cache(articles, listing.corpus, listing.signature)
        else:
            self._request_index(articles)
        self._request_entities()  # pages from the cache come tagged (waits for the search index)

    def _replace_some(self, articles: list[Article]) -> None:
        """Tagged (or linked) versions of some articles arrived: show them."""
        self.corpus.update(articles)
        self._dirty_index = True
        self.main_screen.articles_replaced()

    def _indexed(self, finished: Finished) -> None:
        """The indexer is done: the status line says so and search catches up with the tags."""
        self._finished = finished
        self.load_status = self._summary()
        self.main_screen.update_status()
        self._request_entities()
        if self._dirty_index:
            self._dirty_index = False
            self._request_index(list(self.corpus.articles), save=True)
        elif not self._index_from_disk:
            self._save_index_when_built = True
            if self._index is not None and not self._index_busy:
                self._save_index(self._index)

    # --- the name index, built off the UI thread ----------------------------------------

    _entities_busy = False
    _entities_again = False
    _entities_after_search = False

    def _request_entities(self) -> None:
        """(Re)build the corpus-wide name index; one build at a time, the latest request wins.

        Not while the first search index is on its way: both are seconds of Python at 100k
        articles, and searching is what the user does first (names wait for it).
        """
        if self._index is None and self._index_busy:
            self._entities_after_search = True
            return
        if self._entities_busy:
            self._entities_again = True
            return
        self._entities_busy = True
        self._build_entities(list(self.corpus.articles), self.corpus.version)

    @work(thread=True, group="entities", exit_on_error=False, description="index names")
    def _build_entities(self, articles: list[Article], version: int) -> None:
        from reader import heap
        from reader.mentions import EntityIndex

        index = EntityIndex(articles)
        heap.release()  # the entities decoded to build it
        self.call_from_thread(self._entities_built, index, version)

    def _entities_built(self, index: EntityIndex, version: int) -> None:
        self._entities_busy = False
        self.corpus.install_entities(index, version)
        self.main_screen.entities_indexed()
        if self._entities_again:
            self._entities_again = False
            self._request_entities()

    # --- the search index, built once at a time and cached ----------------------------

    def _request_index(self, articles: list[Article], *, save: bool = False) -> None:
        """Build the search index over `articles`; one build at a time, the latest request wins."""
        self._index_wanted = (articles, save)
        if not self._index_busy:
            self._next_index()

    def _next_index(self) -> None:
        wanted = self._index_wanted
        self._index_wanted = None
        if wanted is None:
            self._index_busy = False
            return
        self._index_busy = True
        self._build_search_index(*wanted)

    @work(thread=True, group="search-index", exit_on_error=False, description="build the search index")
    def _build_search_index(self, articles: list[Article], save: bool) -> None:
        from reader.search import SearchIndex

        index = SearchIndex(articles)
        with self._index_lock:
            self._index = index
        self.call_from_thread(self._search_index_ready, index, save)

    def _search_index_ready(self, index: SearchIndex, save: bool) -> None:
        self._index_ready()
        if (save or self._save_index_when_built) and self._index_wanted is None:
            self._save_index(index)
        self._next_index()
        if self._entities_after_search:
            self._entities_after_search = False
            self._request_entities()

    @work(thread=True, group="search-index", exit_on_error=False, description="load the search index")
    def _index_from_cache(self, articles: list[Article], corpus: str, signature: str) -> None:
        from reader.cache.derived import load_search

        index, notices = load_search(articles, corpus, signature)
        for notice in notices:
            self.call_from_thread(self.notify, visible(notice), severity="warning", markup=False, timeout=10)
        if index is None:
            self.call_from_thread(self._index_missing, articles)
            return
        with self._index_lock:
            self._index = index
        self.call_from_thread(self._index_loaded, index)
        from reader.search import warm_up

        warm_up()  # searchable already; this only spares the first keystrokes the lazy loading

    def _index_missing(self, articles: list[Article]) -> None:
        if self._index_wanted is None:
            self._index_wanted = (articles, False)
        self._next_index()

    def _index_loaded(self, index: SearchIndex) -> None:
        self._index_from_disk = True
        self._save_index_when_built = False  # it came from the cache: writing it back is 200 MB at 100k
        self._search_index_ready(index, False)

    def _save_index(self, index: SearchIndex) -> None:
        finished = self._finished
        if finished is None or not finished.corpus or not self._tag:
            return
        self._save_index_when_built = False
        self._store_search_index(index, finished.corpus, finished.signature)

    @work(thread=True, group="search-index-save", exit_on_error=False, description="save the search index")
    def _store_search_index(self, index: SearchIndex, corpus: str, signature: str) -> None:
        from reader.cache.derived import save_search

        for notice in save_search(index, corpus, signature):
            self.call_from_thread(self.notify, visible(notice), severity="warning", markup=False, timeout=10)

    def _report(self, problems: list[Problem]) -> None:
        """Each bad file as a notice (the first few; then a count)."""
        for problem in problems[:MAX_NOTICES]:
            severity = "error" if problem.skipped else "warning"
            self.notify(visible(str(problem)), severity=severity, markup=False, timeout=8)
        if len(problems) > MAX_NOTICES:
            more = len(problems) - MAX_NOTICES
            self.notify(
                f"…and {more} more files with problems (`reader parse` lists them all).",
                markup=False,
                timeout=8,
            )

    def _summary(self) -> str:
        pages = len(self.corpus.sources)
        return f"{len(self.corpus)} 篇 · {pages} 页"

    # --- tagging a corpus handed over already loaded ---------------------------------

    # Workers are described by hand: Textual would otherwise repr() their arguments,
    # here lists of every article in the corpus.
    @work(thread=True, exclusive=True, group="tag", exit_on_error=False, description="tag entities")
    def tag_articles(self, articles: list[Article]) -> None:
        """Tag a corpus handed to the app already loaded (pages opened by path are tagged by `load_pages`)."""
        self.call_from_thread(self._set_status, "载入实体标注… loading tagger")
        from reader.tagging import Tagger

        tagger = Tagger.default()
        for warning in getattr(tagger, "warnings", ()):
            self.call_from_thread(self.notify, warning, severity="warning", markup=False, timeout=10)
        tagged: list[Article] = []
        started = last = time.monotonic()
        for done, article in enumerate(articles, 1):
            tagged.append(tagger.tag_article(article))
            now = time.monotonic()
            if now - last > 0.25:
                left = (now - started) / done * (len(articles) - done)
                status = f"标注实体 tagging {done:,}/{len(articles):,} · {_seconds(left)} left"
                self.call_from_thread(self._set_status, status)
                last = now
        tagged = tagger.propagate(tagged)
        self.call_from_thread(self._tagged, tagged)

    def _set_status(self, text: str) -> None:
        self.load_status = text
        self.main_screen.update_status()

    def _tagged(self, articles: list[Article]) -> None:
        self.corpus.update(articles)
        self.load_status = self._summary()
        self.main_screen.articles_replaced()
        self._request_index(articles)
        self._request_entities()

    def _index_ready(self) -> None:
        query = self.main_screen.query_text
        if query:
            self.main_screen.run_search(query)


def _progress_text(progress: Progress) -> str:
    """`标注实体 tagging 1,234/10,000 · 1m20s left` for the status line."""
    from reader.indexer import format_seconds

    text = f"{_PHASES.get(progress.phase, progress.phase)} {progress.done:,}/{progress.total:,}"
    if progress.left is not None and progress.done < progress.total:
        text += f" · {format_seconds(progress.left)} left"
    return text


def _seconds(seconds: float) -> str:
    from reader.indexer import format_seconds

    return format_seconds(seconds)

"""Keeping the corpus's two indexes current while it loads: search, and the names in it.

Both take seconds of Python at 100k articles, so they are built in thread
workers (`reader.ui.loader`), one build of each at a time, the newest
request winning (`OneAtATime`).  The search index comes from the cache when
the corpus is unchanged, and is written there once a run built it over the
final (tagged) articles.  The name index waits for the first search index:
searching is what the user does first.

`IndexKeeper` holds that policy; the main screen tells it what happened
(pages listed, articles tagged, indexing finished, an index ready, a worker
failed) and gives it a way to start workers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from reader.corpus import Corpus
from reader.indexer import Finished, Listed
from reader.ui import loader, messages

Run = Callable[..., None]
"""`run(job, *args, group=, description=)`: `job(*args, post)` in a thread worker."""

SEARCH = "search-index"
SAVE = "search-index-save"
NAMES = "names"


class OneAtATime:
    """Runs one job at a time; a job asked for meanwhile waits, and only the newest one waits."""

    def __init__(self) -> None:
        self.busy = False
        self._waiting: Callable[[], object] | None = None

    def request(self, start: Callable[[], object]) -> None:
        """Start the job now, or when the running one is done (replacing any waiting one)."""
        if self.busy:
            self._waiting = start
            return
        self.busy = True
        start()

    @property
    def waiting(self) -> bool:
        return self._waiting is not None

    def done(self) -> None:
        """The running job ended (however it ended): start the waiting one, if any."""
        start, self._waiting = self._waiting, None
        self.busy = False
        if start is not None:
            self.request(start)


class IndexKeeper:
    """Which index to build when, and whether to cache it (see the module docstring)."""

    def __init__(self, corpus: Corpus, run: Run, *, cacheable: bool) -> None:
        """
        Args:
            corpus: the corpus whose indexes are kept.
            run: starts a worker (the screen's).
            cacheable: a search index built over this corpus may be written to the cache
                (not for an untagged corpus: the next, tagged, run would not use it).
        """
        self.corpus = corpus
        self._run = run
        self._cacheable = cacheable
        self._search = OneAtATime()
        self._names = OneAtATime()
        self._names_after_search = False
        self._stale = False
        """Articles were tagged since the search index was asked for."""
        self._from_cache = False
        self._save_when_built = False
        self._finished: Finished | None = None

    # --- what happened ------------------------------------------------------------------

    def listed(self, listed: Listed | None) -> None:
        """Every page is listed: search over what is listed now; names too (cached pages come
        tagged)."""
        if listed is not None and listed.pending == 0 and listed.corpus:
            articles, version = list(self.corpus.articles), self.corpus.version
            self._search.request(
                partial(
                    self._run,
                    loader.read_search_index,
                    articles,
                    version,
                    listed.corpus,
                    listed.signature,
                    group=SEARCH,
                    description="load the search index",
                )
            )
        else:
            self.request_search()
        self.request_names()

    def tagged(self) -> None:
        self._stale = True

    def finished(self, finished: Finished) -> None:
        """The indexer is done: the names catch up with the tags, and so does search (cached)."""
        self._finished = finished
        self.request_names()
        if self._stale:
            self._stale = False
            self.request_search(save=True)
        elif not self._from_cache:
            self._save_when_built = True
            if self.corpus.search_if_built is not None and not self._search.busy:
                self._save()

    def search_missing(self) -> None:
        """The cache had no search index for these articles."""
        self._search.done()
        if not self._search.busy:
            self.request_search()

    def search_ready(self, message: messages.SearchIndexReady) -> None:
        self.corpus.install_search(message.index, message.version)
        if message.from_cache:
            self._from_cache = True
            self._save_when_built = False  # it came from the cache: writing it back is 200 MB at 100k
        elif self._save_when_built and not self._search.waiting:
            self._save()
        self._search.done()
        self._names_waited()

    def names_ready(self, message: messages.NamesReady) -> None:
        self.corpus.install_entities(message.index, message.version)

    def profiles_ready(self, message: messages.ProfilesReady) -> None:
        """The profiles follow their name index: the name job is done now."""
        self.corpus.install_profiles(message.profiles)
        self._names.done()

    def failed(self, group: str) -> None:
        """A worker of `group` failed (the screen said so): what waited on it goes on."""
        if group == SEARCH:
            self._search.done()
            self._names_waited()  # names wait for no search index now
        elif group == NAMES:
            self._names.done()

    # --- requests -----------------------------------------------------------------------

    def request_search(self, *, save: bool = False) -> None:
        """Build the search index over the articles as they are now."""
        if save:
            self._save_when_built = True
        articles, version = list(self.corpus.articles), self.corpus.version
        self._search.request(
            partial(
                self._run,
                loader.build_search_index,
                articles,
                version,
                group=SEARCH,
                description="build the search index",
            )
        )

    def request_names(self) -> None:
        """(Re)build the name index; not while the first search index is on its way."""
        if self.corpus.search_if_built is None and self._search.busy:
            self._names_after_search = True
            return
        articles, version = list(self.corpus.articles), self.corpus.version
        self._names.request(
            partial(self._run, loader.index_names, articles, version, group=NAMES, description="index names")
        )

    def _names_waited(self) -> None:
        if self._names_after_search:
            self._names_after_search = False
            self.request_names()

    def _save(self) -> None:
        finished, index = self._finished, self.corpus.search_if_built
        if finished is None or not finished.corpus or index is None or not self._cacheable:
            return
        self._save_when_built = False
        self._run(
            loader.save_search_index,
            index,
            finished.corpus,
            finished.signature,
            group=SAVE,
            description="save the search index",
        )

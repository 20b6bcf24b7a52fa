"""Indexes derived from a whole corpus, kept in the cache: the search index.

Building `reader.search.SearchIndex` takes about half a millisecond an
article (five seconds at 10k articles), far over a warm start's budget, so
once built over a corpus's final (tagged and linked) articles its arrays
are stored in the cache's `blobs` table under the corpus's signature (see
`reader.indexer.events.Listed`) and the search code's version, without the
articles (the corpus has them).

Loading is guarded three ways: the row's CRC (a damaged blob is never
read), the format (typed arrays only, never a pickle: a cache file planted
by someone else cannot run code, see `reader.search.saved`), and checks
that the arrays make an index over exactly the articles given.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import heap
from reader.cache.store import Cache
from reader.cache.versions import search_version

if TYPE_CHECKING:
    from reader.models import Article
    from reader.search import SearchIndex

KIND = "search"


def save_search(
    index: SearchIndex, corpus: str, signature: str, *, cache_dir: Path | None = None
) -> list[str]:
    """Store `index` for the corpus; returns notices (empty when all went well, or no cache)."""
    if not corpus or not signature:
        return []
    from reader.search import saved

    try:
        data = saved.dump(index)
    except (ValueError, OSError, MemoryError) as error:  # an index that will not save is simply not cached
        return [f"the search index could not be cached ({type(error).__name__}: {error})"]
    with Cache.open(cache_dir) as cache:
        cache.take_notices()  # how the cache opened was said when the corpus was loaded
        cache.save_blob(corpus, KIND, search_version(), signature, data)
        return cache.take_notices()


def load_search(
    articles: Sequence[Article], corpus: str, signature: str, *, cache_dir: Path | None = None
) -> tuple[SearchIndex | None, list[str]]:
    """The cached search index over exactly `articles`, or None; and notices."""
    if not corpus or not signature:
        return None, []
    with Cache.open(cache_dir) as cache:
        cache.take_notices()  # how the cache opened was said when the corpus was loaded
        data = cache.blob(corpus, KIND, search_version(), signature)
        notices = cache.take_notices()
    if data is None:
        return None, notices
    from reader.search import saved

    try:
        index = saved.load(data, articles)
    except saved.SavedError:
        return None, notices + ["the cached search index could not be read back: building it again"]
    del data
    heap.release()  # the blob it was read from
    return index, notices

"""Indexes derived from a whole corpus, kept in the cache: the search index.

Building `reader.search.SearchIndex` takes about half a millisecond an
article (five seconds at 10k articles), far over a warm start's budget, so
once built over a corpus's final (tagged and linked) articles it is pickled
into the cache's `blobs` table under the corpus's signature (see
`reader.indexer.Listed`) and the search code's version.  It is stored
without its articles (the corpus has them) and given them back on load.

Loading is guarded three ways: the row's CRC (a damaged blob is never
unpickled), an unpickler that only builds the classes a search index is
made of (a cache file planted by someone else cannot run code), and a check
that the index covers exactly the articles it is given.
"""

from __future__ import annotations

import copy
import io
import pickle
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import heap
from reader.cache.store import Cache
from reader.cache.versions import search_version

if TYPE_CHECKING:
    from reader.models import Article
    from reader.search import SearchIndex

KIND = "search"

_ALLOWED_MODULES = (
    "reader.search.index",
    "reader.search.store",
    "reader.search.names",
    "reader.search.postings",
    "reader.search.query",
    "reader.search.match",
    "reader.search.fold",
)
_ALLOWED = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "bytearray"),
    ("builtins", "slice"),
    ("collections", "OrderedDict"),
    ("array", "array"),
    ("array", "_array_reconstructor"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.numeric", "_frombuffer"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module in _ALLOWED_MODULES and not name.startswith("__")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} has no place in a search index")


def save_search(
    index: SearchIndex, corpus: str, signature: str, *, cache_dir: Path | None = None
) -> list[str]:
    """Store `index` for the corpus; returns notices (empty when all went well, or no cache)."""
    if not corpus or not signature:
        return []
    try:
        clone = copy.copy(index)
        clone.data = copy.copy(index.data)
        clone.data.articles = []
        clone._cache = OrderedDict()
        data = pickle.dumps(clone, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # noqa: BLE001 - an index that will not pickle is simply not cached
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
    try:
        index = _Unpickler(io.BytesIO(data)).load()
        from reader.search import SearchIndex

        if type(index) is not SearchIndex or index.data.indexed != len(articles):
            return None, notices
        index.data.articles = list(articles)
        del data
        heap.release()  # the blob it was read from
    except Exception:  # noqa: BLE001 - anything odd in a cached index means building it afresh
        return None, notices + ["the cached search index could not be read back: building it again"]
    return index, notices

"""A search index as the cache keeps it: named numpy arrays in an `.npz`, never a pickle.

Building the index takes about half a millisecond an article (five seconds
at 10k articles), so the cache keeps it (`reader.cache.derived`).  What is
read back is plain typed arrays, loaded with `allow_pickle=False`: nothing in
the file can make Python build an object, let alone run code.  Each part
checks what it reads (dtypes, shapes, that rows are in order and numbers in
range) and a file that fails any check raises `SavedError`, so the caller
builds the index afresh.  The articles are not in it: the corpus has them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.models import Article

if TYPE_CHECKING:
    import numpy as np

    from reader.search.index import SearchIndex
    from reader.search.postings import Arrays

FORMAT = 3
"""Bumped when the arrays' layout changes (the search version changes with the code anyway)."""


class SavedError(ValueError):
    """Saved arrays that do not make a search index (damaged, foreign, or for other articles)."""


def dump(index: SearchIndex) -> bytes:
    """The index's arrays, as `.npz` bytes."""
    import numpy as np

    index.flush()
    data = index.data
    arrays: Arrays = {"format": np.array([FORMAT, data.indexed], dtype=np.int64)}
    data.headline.save(arrays, "headline")
    data.body.save(arrays, "body")
    data.headline_py.save(arrays, "headline_py")
    data.names.save(arrays, "names")
    data.facets.save(arrays, "facets")
    if data.signatures is not None:
        arrays["signatures"] = data.signatures
    if data.headlines is not None:
        data.headlines.save(arrays, "headlines")
    out = io.BytesIO()
    np.savez(out, **arrays)  # type: ignore[arg-type]
    return out.getvalue()


def load(blob: bytes, articles: Sequence[Article]) -> SearchIndex:
    """The index `dump` wrote, over exactly `articles`; raises SavedError."""
    import zipfile

    import numpy as np

    from reader.search.facets import Facets
    from reader.search.headlines import Headlines
    from reader.search.index import SearchIndex
    from reader.search.names import Names
    from reader.search.postings import Postings
    from reader.search.store import IndexData
    from reader.search.variants import WORDS

    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as stored:
            arrays: Arrays = {name: stored[name] for name in stored.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise SavedError(f"not a saved search index: {error}") from None
    version, indexed = (int(v) for v in take(arrays, "format", np.int64, 1))
    check(version == FORMAT, "another format")
    check(indexed == len(articles), "an index over other articles")
    data = IndexData()
    data.articles = list(articles)
    data.indexed = indexed
    data.bulk = False
    data.headline = Postings.load(arrays, "headline", indexed)
    data.body = Postings.load(arrays, "body", indexed)
    data.headline_py = Postings.load(arrays, "headline_py", indexed)
    data.names = Names.load(arrays, "names", indexed)
    data.facets = Facets.load(arrays, "facets", indexed)
    if indexed:
        data.signatures = take(arrays, "signatures", np.uint64, 2)
        check(data.signatures.shape == (indexed, WORDS), "signatures")
        data.headlines = Headlines.load(arrays, "headlines", indexed)
    return SearchIndex.from_data(data)


def take(arrays: Arrays, name: str, dtype: type, dimensions: int) -> np.ndarray:
    """The array `name`, if it has this dtype and number of dimensions; else SavedError."""
    array = arrays.get(name)
    if array is None or array.dtype != dtype or array.ndim != dimensions:
        raise SavedError(f"{name} is missing or not {dimensions}-D {dtype.__name__}")
    return array


def text(arrays: Arrays, name: str) -> str:
    """A string saved as its UTF-8 bytes."""
    import numpy as np

    try:
        return take(arrays, name, np.uint8, 1).tobytes().decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise SavedError(f"{name} is not text") from None


def check(ok: bool, what: str) -> None:
    if not ok:
        raise SavedError(f"inconsistent saved index: {what}")

"""The persistent index: what reading and tagging a corpus made, kept between runs.

One SQLite database in the cache directory (`reader.paths.cache_dir()`, or
`$READER_CACHE_DIR`): `store` (tables, keys, faults), `codec` (articles and
entities in and out, quickly), `versions` (what a cached result depends
on), `derived` (the search index).  `reader.indexer` decides what to reuse;
`reader cache info` and `reader cache clear` show and delete it.
"""

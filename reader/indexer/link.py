"""The third phase: the tagger's corpus-wide consistency pass, only where it can change something.

A name that some article vouches for (a strong context: `区长恽淇丞`) is
tagged wherever it occurs (see `reader.tagger.linking`).  The pass runs over
the articles as tagged one by one (`PageFile.local`), with the corpus's
merged names; its results are cached per corpus and file.  On an unchanged
corpus nothing runs; after an edit, only the articles that contain a name
that came or went (or that were re-tagged) are linked again.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from reader.cache.rows import CorpusRow, LinkRow
from reader.indexer.events import IndexEvent, Linked, Progress
from reader.indexer.files import PageFile, chunks
from reader.indexer.run import Run
from reader.indexer.tag import CHUNK_CHARS
from reader.models import ENTITY_TYPES, Article, EntityType
from reader.packed import PackedEntities, pack_blobs, pack_entities
from reader.tagger.linking import Names, changed_names, mentions_any, merge_names, touched_by

_TYPES: dict[object, EntityType] = {kind: kind for kind in ENTITY_TYPES}


def link(run: Run, files: Sequence[PageFile], stats: dict[str, int]) -> Iterator[IndexEvent]:
    key, signature = run.corpus_key(), run.signature(files)
    stored = run.cache.corpus(key) if run.cache is not None else None
    same_tagger = stored is not None and stored.tagger == run.tagger_version
    if (
        same_tagger
        and stored is not None
        and stored.signature == signature
        and not any(f.relink for f in files)
    ):
        return  # an unchanged corpus: every article came with its linked entities
    names = _names(run, files)
    todo = _to_link(files, names, _stored_names(stored.names) if same_tagger and stored else None)
    rows: list[LinkRow] = []
    total = sum(len(f.articles) for f in todo)
    if total:
        started = time.monotonic()
        done = 0
        changed: list[Article] = []
        groups = chunks(todo, 10 * CHUNK_CHARS)
        # Linking costs about a tenth of tagging: worth other processes only when it is big.
        jobs = run.jobs(sum(f.chars for f in todo) // 10, len(groups))
        payloads = [[_as_tagged(f, i) for f in group for i in range(len(f.articles))] for group in groups]
        for number, results in jobs.link(payloads, names):
            position = 0
            for file in groups[number]:
                mine = results[position : position + len(file.articles)]
                position += len(file.articles)
                assert file.local is not None
                finals = [
                    local if result is None else result
                    for local, result in zip(file.local, mine, strict=True)
                ]
                articles = []
                for article, packed in zip(file.articles, finals, strict=True):
                    if pack_entities(article.entities) != packed:
                        article = replace(
                            article,
                            entities=PackedEntities(
                                packed, article.headline, article.byline, article.paragraphs
                            ),
                        )
                        changed.append(article)
                    articles.append(article)
                file.articles = articles
                if file.cacheable:
                    same = all(r is None for r in mine)
                    rows.append(LinkRow(file.key, file.hash, None if same else pack_blobs(finals)))
                done += len(file.articles)
            stats["linked"] += sum(len(f.articles) for f in groups[number])
            elapsed = time.monotonic() - started
            left = elapsed / done * (total - done) if done else None
            yield run.progress(Progress("linking", done, total, 0, 0, elapsed, left))
        if changed:
            yield Linked(tuple(changed))
    if run.cache is not None:
        present = {f.key for f in files}
        gone = [p for p in run.cache.corpus_paths(key) if p not in present]
        row = CorpusRow(run.tagger_version, signature, json.dumps(names, ensure_ascii=False))
        run.cache.save_corpus(key, row, rows, drop=gone)
        run.cache.forget(p for p in gone if not os.path.exists(os.fsdecode(p)))
        yield from run.notices()


def _to_link(files: Sequence[PageFile], names: Names, old: dict[str, str] | None) -> list[PageFile]:
    """The files whose articles the pass could change: all, the first time; after that, those
    re-tagged and those mentioning a name that came, went or changed type."""
    if old is None:
        return [f for f in files if f.articles]
    pattern = touched_by(changed_names(old, names))
    return [
        f
        for f in files
        if f.articles
        and (f.relink or (pattern is not None and any(mentions_any(a, pattern) for a in f.articles)))
    ]


def _stored_names(text: str) -> dict[str, str] | None:
    try:
        loaded = json.loads(text)
    except ValueError:
        return None
    return loaded if isinstance(loaded, dict) else None


def _as_tagged(file: PageFile, i: int) -> Article:
    """Article `i` of `file` with its entities as tagged one by one (the pass's input)."""
    assert file.local is not None
    article = file.articles[i]
    entities = PackedEntities(file.local[i], article.headline, article.byline, article.paragraphs)
    return replace(article, entities=entities)


def _names(run: Run, files: Sequence[PageFile]) -> Names:
    """The corpus's merged strong names (from the cache, or computed for pages without)."""
    per_article: list[list[tuple[str, EntityType]]] = []
    for file in files:
        if file.strong is None and file.strong_json is not None:
            file.strong = _strong_from_json(file.strong_json, len(file.articles))
        if file.strong is None and file.articles:
            tagger = run.tagger()
            file.strong = [
                list(tagger.names_of(_as_tagged(file, i)).items()) for i in range(len(file.articles))
            ]
            file.relink = True
        per_article.extend(file.strong or [])
    return merge_names(per_article)


def _strong_from_json(text: str, count: int) -> list[list[tuple[str, EntityType]]] | None:
    try:
        loaded = json.loads(text)
        strong = [[(str(n), _TYPES[k]) for n, k in pairs] for pairs in loaded]
    except (ValueError, TypeError, KeyError):
        return None
    return strong if len(strong) == count else None

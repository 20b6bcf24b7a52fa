"""People, places and organisations in Chinese news text.

    >>> from reader.tagging import Tagger
    >>> tagger = Tagger.default()
    >>> [(s.type, s.start, s.end) for s in tagger.tag("区长恽淇丞来到区人武部")]
    [('PER', 2, 5), ('ORG', 5, 9)]

Three layers (internals in `reader.tagger`): a CRF trained on MSRA's
annotated People's Daily text reads each sentence, using jieba's word
boundaries and parts of speech as features; rules for local-news
conventions add and repair names (titles before names, `、` lists of
officials, bylines, offices such as `区发改局`); and a consistency pass tags
every occurrence of a name that was found in a strong context, within a
document (`tag`), an article (`tag_article`) and the corpus (`propagate`).
The user's dictionary (`reader.tagger.userdict`) has the last word.

Importing this module is cheap: jieba, the model and the dictionary load on
first use (about 0.2 s).  Spans are character offsets into the string as
given, end exclusive, sorted and non-overlapping (see `reader.models`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from reader.models import BYLINE, HEADLINE, Article, Entity, EntityType, Span
from reader.tagger import userdict

if TYPE_CHECKING:
    from reader.tagger.consistency import NameMatcher
    from reader.tagger.pipeline import Pipeline

__all__ = ["Tagger", "propagate"]

logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba logs "Building prefix dict…" at DEBUG

Block = tuple[int, int, str]
"""(paragraph, line, text) of one article block, as `Article.block` names it."""


class Tagger:
    """Tags text, articles and corpora; one per process is plenty (`Tagger.default()`)."""

    _default: ClassVar[Tagger | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, user_dict: Path | None = None, *, model: Path | None = None) -> None:
        """Read the user dictionary at `user_dict` now (cheap); load the rest on first use.

        Args:
            user_dict: a `userdict.txt` (see `reader.tagger.userdict`); None for none.
            model: another model file than the packaged one (`ner.npz`), for training and benchmarks.
        """
        user_dict = Path(user_dict) if user_dict is not None else None
        self.user = userdict.load(user_dict)
        self.user_dict = user_dict
        self.warnings: tuple[str, ...] = self.user.warnings
        """Problems with the user dictionary, one line each, for the app or CLI to show."""
        self._model = Path(model) if model is not None else None
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    @classmethod
    def default(cls) -> Tagger:
        """The process-wide tagger with the user dictionary from the config directory."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls(userdict.default_path())
            return cls._default

    @property
    def pipeline(self) -> Pipeline:
        """The segmenter, model and rules, loaded on first use."""
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    from reader.tagger.pipeline import Pipeline

                    self._pipeline = Pipeline(self.user, self._model)
        return self._pipeline

    def load(self) -> Tagger:
        """Load everything now (e.g. from a worker thread, before the user asks)."""
        self.pipeline  # noqa: B018
        return self

    # --- text -------------------------------------------------------------------------

    def tag(self, text: str) -> list[Span]:
        """Entities of one document, with names found strongly anywhere in it tagged everywhere in it."""
        return self._tag_blocks([text])[0]

    # --- articles ---------------------------------------------------------------------

    def tag_article(self, article: Article) -> Article:
        """The article with `entities` filled from its headline lines, byline and paragraphs."""
        from reader.search import words

        blocks = _blocks(article)
        starts: list[list[int]] = []
        spans = self._tag_blocks([text for _, _, text in blocks], extra=_reporters(article), starts=starts)
        base = 0
        joined: list[int] = []
        for (_, _, text), block_starts in zip(blocks, starts, strict=True):
            joined.extend(base + i for i in block_starts)
            base += len(text)
        return replace(article, entities=_entities(blocks, spans), words=words.pack(joined, base))

    def tag_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Each article on its own, then the corpus-wide consistency pass."""
        return self.propagate([self.tag_article(a) for a in articles])

    def propagate(self, articles: Sequence[Article]) -> list[Article]:
        """Tag, across all `articles`, every name that some article found in a strong context.

        Cheap next to tagging (no model), so articles tagged one by one,
        cached or tagged in other processes can be made consistent together.
        """
        pipeline = self.pipeline
        names: dict[str, EntityType] = {}
        for article in articles:
            by_block = _spans_by_block(article)
            for paragraph, line, text in _blocks(article):
                for name, kind in pipeline.strong_names(text, by_block.get((paragraph, line), [])).items():
                    names.setdefault(name, kind)
            for name in _reporters(article):
                names.setdefault(name, "PER")
        matcher = self._matcher(names)
        if not matcher:
            return list(articles)
        result: list[Article] = []
        for article in articles:
            blocks = _blocks(article)
            by_block = _spans_by_block(article)
            spans = [
                pipeline.finish(text, pipeline.propagate(text, by_block.get((paragraph, line), []), matcher))
                for paragraph, line, text in blocks
            ]
            entities = _entities(blocks, spans)
            result.append(article if entities == article.entities else replace(article, entities=entities))
        return result

    # --- internals --------------------------------------------------------------------

    def _tag_blocks(
        self,
        texts: list[str],
        extra: dict[str, EntityType] | None = None,
        starts: list[list[int]] | None = None,
    ) -> list[list[Span]]:
        """Each text's spans; fills `starts`, if given, with each text's word starts."""
        pipeline = self.pipeline
        analysed = [pipeline.analyse(text) for text in texts]
        found = [spans for spans, _ in analysed]
        if starts is not None:
            starts.extend(block_starts for _, block_starts in analysed)
        names: dict[str, EntityType] = dict(extra or {})
        for text, spans in zip(texts, found, strict=True):
            for name, kind in pipeline.strong_names(text, spans).items():
                names.setdefault(name, kind)
        matcher = self._matcher(names)
        return [
            pipeline.finish(text, pipeline.propagate(text, spans, matcher))
            for text, spans in zip(texts, found, strict=True)
        ]

    def _matcher(self, names: dict[str, EntityType]) -> NameMatcher:
        from reader.tagger.consistency import NameMatcher

        return NameMatcher({n: t for n, t in names.items() if n not in self.user.never})


def propagate(articles: Sequence[Article]) -> list[Article]:
    """The corpus-wide consistency pass of the default tagger (see `Tagger.propagate`)."""
    return Tagger.default().propagate(articles)


def _blocks(article: Article) -> list[Block]:
    blocks: list[Block] = [(HEADLINE, i, line) for i, line in enumerate(article.headline)]
    if article.byline:
        blocks.append((BYLINE, 0, article.byline))
    blocks += [(i, 0, text) for i, text in enumerate(article.paragraphs)]
    return blocks


def _reporters(article: Article) -> dict[str, EntityType]:
    return {name: "PER" for name in article.reporters if len(name) >= 2}


def _spans_by_block(article: Article) -> dict[tuple[int, int], list[Span]]:
    found: dict[tuple[int, int], list[Span]] = {}
    for e in article.entities:
        found.setdefault((e.paragraph, e.line), []).append(Span(e.type, e.start, e.end))
    return found


def _entities(blocks: list[Block], spans: list[list[Span]]) -> tuple[Entity, ...]:
    return tuple(
        Entity(text[s.start : s.end], s.type, paragraph, s.start, s.end, line)
        for (paragraph, line, text), block_spans in zip(blocks, spans, strict=True)
        for s in block_spans
    )

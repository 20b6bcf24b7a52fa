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
document (`tag`), an article (`tag_article`) and the corpus (`propagate`,
or its two halves `names_of` and `link`, which the indexer runs in parallel
and caches: see `reader.tagger.linking`).
The user's dictionary (`reader.tagger.userdict`) has the last word.

Importing this module is cheap: jieba, the model and the dictionary load on
first use (about 0.2 s).  Spans are character offsets into the string as
given, end exclusive, sorted and non-overlapping (see `reader.models`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from reader.models import BYLINE, Article, Entity, EntityType, Span
from reader.tagger import userdict

if TYPE_CHECKING:
    from reader.tagger.consistency import NameMatcher
    from reader.tagger.linking import Names
    from reader.tagger.pipeline import Pipeline

__all__ = ["Check", "Tagger", "credited", "propagate"]

Check = Callable[[int], None]
"""Called as tagging goes with how many more characters are done; raises to stop it."""

logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba logs "Building prefix dict…" at DEBUG


BATCH_CHARS = 4000
"""An article's blocks go through the model together up to about this many characters: one
run costs less than one a block, and a long article can still be stopped between runs."""


class Tagger:
    """Tags text, articles and corpora; one per process is plenty (`Tagger.default()`)."""

    _default: ClassVar[Tagger | None] = None
    _last: ClassVar[Tagger | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self, user_dict: Path | userdict.UserDict | None = None, *, model: Path | None = None
    ) -> None:
        """Read the user dictionary now (cheap); load the rest on first use.

        Args:
            user_dict: a `userdict.txt` (see `reader.tagger.userdict`), or one already read;
                None for none.
            model: another model file than the packaged one (`ner.npz`), for training and benchmarks.
        """
        if isinstance(user_dict, userdict.UserDict):
            self.user = user_dict
        else:
            self.user = userdict.load(Path(user_dict) if user_dict is not None else None)
        self.user_dict = self.user.path
        self.warnings: tuple[str, ...] = self.user.warnings
        """Problems with the user dictionary, one line each, for the app or CLI to show."""
        self._model = Path(model) if model is not None else None
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()
        self._last_matcher: tuple[Mapping[str, EntityType], NameMatcher] | None = None

    @classmethod
    def default(cls) -> Tagger:
        """The process-wide tagger with the user dictionary from the config directory."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls(userdict.default_path())
            return cls._default

    @classmethod
    def for_dictionary(cls, user: userdict.UserDict) -> Tagger:
        """A tagger with exactly this dictionary, shared with the last caller that asked for the
        same one (loading the model and segmenter takes a fraction of a second)."""
        with cls._default_lock:
            last = cls._last
            if last is None or last.user != user:
                last = cls._last = cls(user)
            return last

    @property
    def pipeline(self) -> Pipeline:
        """The segmenter, model and rules, loaded on first use."""
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    from reader.tagger.folded import FoldedPipeline

                    self._pipeline = FoldedPipeline(self.user, self._model)
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

    def tag_article(self, article: Article, check: Check | None = None) -> Article:
        """The article with `entities` filled from its headline lines, byline and paragraphs,
        and `words` with where the segmenter's words start (see `reader.search.words`).

        `check`, if given, is called after each block with the characters it held: it may
        raise to stop (a long article is seconds of work), or report progress.
        """
        from reader.packed import pack_starts
        from reader.tagger.linking import entities_of, reporters_of

        blocks = list(article.blocks())
        starts: list[list[int]] = []
        texts = [text for _, _, text in blocks]
        spans = self._tag_blocks(texts, extra=reporters_of(article), starts=starts, check=check)
        for n, (block, _, text) in enumerate(blocks):
            if block == BYLINE and article.reporters:
                spans[n] = credited(text, spans[n], article.reporters)
        base = 0
        joined: list[int] = []
        for (_, _, text), block_starts in zip(blocks, starts, strict=True):
            joined.extend(base + i for i in block_starts)
            base += len(text)
        return replace(article, entities=entities_of(blocks, spans), words=pack_starts(joined, base))

    def tag_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Each article on its own, then the corpus-wide consistency pass."""
        return self.propagate([self.tag_article(a) for a in articles])

    def propagate(self, articles: Sequence[Article]) -> list[Article]:
        """Tag, across all `articles`, every name that some article found in a strong context.

        Cheap next to tagging (no model), so articles tagged one by one,
        cached or tagged in other processes can be made consistent together.
        """
        from reader.tagger.linking import merge_names

        names = merge_names(self.names_of(article).items() for article in articles)
        linked = self.link(articles, names)
        return [
            a if entities is None else replace(a, entities=entities)
            for a, entities in zip(articles, linked, strict=True)
        ]

    def names_of(self, article: Article) -> Names:
        """The names a tagged article's strong contexts vouch for (the pass's first half)."""
        from reader.tagger.linking import names_of

        return names_of(self.pipeline, article)

    def link(
        self, articles: Sequence[Article], names: Mapping[str, EntityType]
    ) -> list[tuple[Entity, ...] | None]:
        """Each article's entities with every occurrence of `names` tagged (the pass's second
        half), or None where that changes nothing."""
        from reader.tagger.linking import link

        return link(self.pipeline, articles, self._matcher(names))

    # --- internals --------------------------------------------------------------------

    def _tag_blocks(
        self,
        texts: list[str],
        extra: dict[str, EntityType] | None = None,
        starts: list[list[int]] | None = None,
        check: Check | None = None,
    ) -> list[list[Span]]:
        """Each text's spans; fills `starts`, if given, with each text's word starts."""
        pipeline = self.pipeline
        analysed: list[tuple[list[Span], list[int]]] = []
        batch: list[str] = []
        for n, text in enumerate(texts):
            batch.append(text)
            size = sum(map(len, batch))
            if size >= BATCH_CHARS or n == len(texts) - 1:
                analysed += pipeline.analyse_many(batch)  # one model run: headlines are short
                batch = []
                if check is not None:
                    check(size)
        found = [spans for spans, _ in analysed]
        if starts is not None:
            starts.extend(block_starts for _, block_starts in analysed)
        names: dict[str, EntityType] = dict(extra or {})
        for text, spans in zip(texts, found, strict=True):
            for name, kind in pipeline.strong_names(text, spans).items():
                names.setdefault(name, kind)
        matcher = self._new_matcher(names)
        surnames = pipeline.surnames(zip(texts, found, strict=True))
        return [
            pipeline.finish(
                text, pipeline.lone_surnames(text, pipeline.propagate(text, spans, matcher), surnames)
            )
            for text, spans in zip(texts, found, strict=True)
        ]

    def _matcher(self, names: Mapping[str, EntityType]) -> NameMatcher:
        """`_new_matcher(names)`, kept for the next call with the same mapping: a worker links
        chunk after chunk with the corpus's names, which do not change while it runs."""
        last = self._last_matcher
        if last is None or last[0] is not names:
            last = self._last_matcher = (names, self._new_matcher(names))
        return last[1]

    def _new_matcher(self, names: Mapping[str, EntityType]) -> NameMatcher:
        """Finds `names` in text, less those the user's dictionary says never to tag."""
        from reader.tagger.consistency import NameMatcher

        never = self.pipeline.user.never  # folded, as the names are (`reader.tagger.folded`)
        return NameMatcher({n: t for n, t in names.items() if n not in never})


def credited(byline: str, spans: list[Span], reporters: Sequence[str]) -> list[Span]:
    """The byline's spans with each reporter the parser read (`reader.byline`) tagged as exactly
    that name: a longer span found around one gives way (`张大同高雄` in `（中央社记者林怡君、张大同
    高雄29日电）`, where the name runs into the place it was filed from)."""
    people: list[Span] = []
    for name in reporters:
        at = byline.find(name)
        if len(name) >= 2 and at >= 0 and not any(at < p.end and p.start < at + len(name) for p in people):
            people.append(Span("PER", at, at + len(name)))
    kept = [s for s in spans if not any(s.start < p.end and p.start < s.end for p in people)]
    return sorted(kept + people, key=lambda s: s.start)


def propagate(articles: Sequence[Article]) -> list[Article]:
    """The corpus-wide consistency pass of the default tagger (see `Tagger.propagate`)."""
    return Tagger.default().propagate(articles)

"""The data the rest of `reader` passes around: articles, entities, problems.

Offsets
-------
Every offset in `reader` is a character offset (a Python `str` index, i.e. a
Unicode code point), end exclusive, into *one* text block of an article: either
one of its `paragraphs` or one of its `headline` lines.  An `Entity` or a search
match names its block with `paragraph` (index into `Article.paragraphs`) or, for
a headline line, `paragraph == HEADLINE` plus `line` (index into
`Article.headline`), or for the byline, `paragraph == BYLINE`.  So
`article.block(e.paragraph, e.line)[e.start:e.end] == e.text` always holds.
Offsets never refer to the source file's bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EntityType = Literal["PER", "LOC", "ORG"]
ENTITY_TYPES: tuple[EntityType, ...] = ("PER", "LOC", "ORG")

HEADLINE = -1
"""`Entity.paragraph` value for a mention in a headline line (see `Entity.line`)."""
BYLINE = -2
"""`Entity.paragraph` value for a mention in the byline (`Article.byline`), i.e. a reporter."""

HeadlineRole = Literal["banner", "kicker", "title", "subtitle"]


@dataclass(frozen=True, slots=True)
class Span:
    """A typed stretch of one string, as the tagger returns it."""

    type: EntityType
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention of a person, place or organisation inside an article."""

    text: str
    """The mention exactly as written."""
    type: EntityType
    paragraph: int
    """Index into `Article.paragraphs`, or `HEADLINE` for a headline line, `BYLINE` for the byline."""
    start: int
    end: int
    line: int = 0
    """Index into `Article.headline` when `paragraph == HEADLINE`; 0 otherwise."""

    @property
    def key(self) -> tuple[str, EntityType]:
        """The same text and type is the same entity, corpus-wide."""
        return (self.text, self.type)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "text": self.text,
            "type": self.type,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
        }
        if self.paragraph == HEADLINE:
            data["line"] = self.line
        return data


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a page, as its reader sees it.

    `headline` holds every headline line in reading order (section banner,
    kicker, title, subtitle); `roles` says which is which, line for line.
    The byline that opened the first paragraph (`本报讯(记者 黄雅婷)`) is kept
    whole in `byline` and removed from the paragraph; `reporters` holds just
    the names from it.
    """

    id: str
    """Stable across runs: derived from the file name, the order on the page and the headline."""
    source: str
    """The file the article came from, as found (not resolved)."""
    order: int
    """Position on its page, from 0."""
    headline: tuple[str, ...]
    roles: tuple[HeadlineRole, ...]
    byline: str
    reporters: tuple[str, ...]
    paragraphs: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    notes: tuple[str, ...] = ()
    """Page-continuation notes removed from the text, such as `（下转第二版）`."""
    words: bytes = field(default=b"", repr=False)
    """Where the tagger's words start, one bit per character of the blocks (see `reader.search.words`);
    empty until tagged."""

    @property
    def title(self) -> str:
        """The main headline line (falls back to the first line, or "")."""
        for line, role in zip(self.headline, self.roles, strict=True):
            if role == "title":
                return line
        return self.headline[0] if self.headline else ""

    def lines_with_role(self, *roles: HeadlineRole) -> list[str]:
        return [line for line, role in zip(self.headline, self.roles, strict=True) if role in roles]

    def block(self, paragraph: int, line: int = 0) -> str:
        """The text an offset pair refers to (see the module docstring)."""
        if paragraph == HEADLINE:
            return self.headline[line]
        if paragraph == BYLINE:
            return self.byline
        return self.paragraphs[paragraph]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source": self.source,
            "order": self.order,
            "headline": list(self.headline),
            "roles": list(self.roles),
            "byline": self.byline,
            "reporters": list(self.reporters),
            "paragraphs": list(self.paragraphs),
            "entities": [e.to_json() for e in self.entities],
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """Something about one input path the user should hear about."""

    path: str
    message: str
    skipped: bool = True
    """True when nothing of the file could be used; False for a warning."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class Page:
    """What one file gave: its articles and anything worth a warning."""

    source: str
    articles: tuple[Article, ...]
    encoding: str
    problems: tuple[Problem, ...] = field(default=())

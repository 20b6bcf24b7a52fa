"""The data the rest of `reader` passes around: articles, entities, places in them, problems.

Places in an article
--------------------
An article's text comes in blocks: its headline lines, its byline and its
paragraphs.  `TextRef` is the one type for a place in an article: a block and
a stretch of it, in character offsets (Python `str` indices, i.e. Unicode
code points), end exclusive.  The block is an index into
`Article.paragraphs`, or `HEADLINE` with `line` an index into
`Article.headline`, or `BYLINE`.  So `article.text_at(ref)` is the text
referred to, and for an entity `article.text_at(e.at) == e.text` always
holds.  Entities, search hits, mentions, the reading position and history all
use it; `Article.blocks` lists the blocks in reading order.  Offsets never
refer to the source file's bytes.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from reader.i18n import Both, current, shown, tr

EntityType = Literal["PER", "LOC", "ORG"]
ENTITY_TYPES: tuple[EntityType, ...] = ("PER", "LOC", "ORG")
TYPE_NAMES: dict[EntityType, Both] = {
    "PER": Both("人物", "person"),
    "LOC": Both("地点", "place"),
    "ORG": Both("机构", "organisation"),
}
"""What the reader calls each type, on screen and in the command line's tables (`type_name`)."""


def type_name(kind: EntityType) -> str:
    """`人物` or `person`, in the run's language."""
    return shown(TYPE_NAMES[kind])


HEADLINE = -1
"""`TextRef.block` of a headline line (`TextRef.line` says which)."""
BYLINE = -2
"""`TextRef.block` of the byline (`Article.byline`), where the reporters are named."""

HeadlineRole = Literal["banner", "kicker", "title", "subtitle"]


@dataclass(frozen=True, slots=True)
class Span:
    """A typed stretch of one string, as the tagger returns it."""

    type: EntityType
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TextRef:
    """A stretch `[start, end)` of one text block of an article (see the module docstring)."""

    block: int
    """Index into `Article.paragraphs`, or `HEADLINE`, or `BYLINE`."""
    line: int
    """Index into `Article.headline` when `block == HEADLINE`; 0 otherwise."""
    start: int
    end: int

    @classmethod
    def point(cls, block: int, line: int, offset: int) -> TextRef:
        """An empty stretch: a place between two characters (a reading position)."""
        return cls(block, line, offset, offset)

    @property
    def where(self) -> tuple[int, int]:
        """The block alone: (block, line)."""
        return (self.block, self.line)

    def in_block(self, block: int, line: int) -> bool:
        return self.block == block and (block != HEADLINE or self.line == line)

    def reading_order(self) -> tuple[int, int, int, int]:
        """A sort key: headline lines, then the byline, then paragraphs, each in text order."""
        rank = 0 if self.block == HEADLINE else 1 if self.block == BYLINE else 2 + self.block
        return (rank, self.line, self.start, self.end)

    @property
    def label(self) -> str:
        """Which block, as a reader says it: `标题` (headline), `署名` (byline), `第3段` (paragraph 3)."""
        if self.block == HEADLINE:
            return tr("标题", "headline")
        if self.block == BYLINE:
            return tr("署名", "byline")
        return tr(f"第{self.block + 1}段", f"¶{self.block + 1}")

    def within(self, offset: int, start: int, end: int) -> TextRef:
        """The stretch `[start, end)` of text that begins at `offset` of this block."""
        return TextRef(self.block, self.line, offset + start, offset + end)


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention of a person, place or organisation inside an article."""

    text: str
    """The mention exactly as written."""
    type: EntityType
    at: TextRef

    @property
    def key(self) -> tuple[str, EntityType]:
        """The same text and type is the same entity, corpus-wide."""
        return (self.text, self.type)

    def to_json(self) -> dict[str, object]:
        at = self.at
        data: dict[str, object] = {
            "text": self.text,
            "type": self.type,
            "paragraph": at.block,
            "start": at.start,
            "end": at.end,
        }
        if at.block == HEADLINE:
            data["line"] = at.line
        return data


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article appeared in print, as far as the archive says (None: it does not).

    Found in the page's own furniture (`reader.furniture`), else in its path
    (`reader.archive`); never guessed.
    """

    paper: str | None = None
    """报名, as printed: 武进日报, 人民日报."""
    date: str | None = None
    """The issue's date, ISO: `2024-07-30`."""
    page: str | None = None
    """版次, without 第/版 and leading zeros: `1`, `A3`."""
    section: str | None = None
    """版名: 要闻, 综合, 国内."""

    def filled_from(self, other: Placement) -> Placement:
        """Each field from here, or where this says nothing, from `other` (trusted less)."""
        return Placement(
            self.paper if self.paper is not None else other.paper,
            self.date if self.date is not None else other.date,
            self.page if self.page is not None else other.page,
            self.section if self.section is not None else other.section,
        )

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.paper, self.date, self.page, self.section))

    def describe(self, *, paper: bool = True, year: bool = True, short: bool = False) -> str:
        """As a reader says it: `武进日报 2024年7月30日 星期二 · 第3版 综合` ("" if unknown);
        `short`: `7月30日 周二 · 第3版 综合`, for a narrow column."""
        parts = []
        if paper and self.paper:
            parts.append(self.paper)
        if self.date:
            parts.append(describe_date(self.date, year=year, short=short))
        head = " ".join(parts)
        page = tr(f"第{self.page}版", f"p. {self.page}") if self.page else ""
        page = " ".join(p for p in (page, self.section or "") if p)
        return " · ".join(p for p in (head, page) if p)


WEEKDAY_NAMES = "一二三四五六日"
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def describe_date(iso: str, *, year: bool = True, short: bool = False, weekday: bool = True) -> str:
    """`2024-07-30` → `2024年7月30日 星期二` (or without the year; `short`: `周二`); in English
    `Tuesday 30 July 2024` (`short`: `Tue 30 Jul`)."""
    import datetime

    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    if current() == "en":  # named here, not by strftime: that follows the C library's locale
        weekday_en = _WEEKDAYS_EN[day.weekday()]
        month = _MONTHS_EN[day.month - 1]
        text = f"{day.day} {month[:3]}" if short else f"{day.day} {month}"
        if weekday:
            text = f"{weekday_en[:3] if short else weekday_en} {text}"
        return f"{text} {day.year}" if year else text
    text = f"{day.month}月{day.day}日"
    if weekday:
        text += " " + ("周" if short else "星期") + WEEKDAY_NAMES[day.weekday()]
    return f"{day.year}年{text}" if year else text


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a page, as its reader sees it.

    `headline` holds every headline line in reading order (section banner,
    kicker, title, subtitle); `roles` says which is which, line for line.
    The byline that opened the first paragraph (`本报讯(记者 黄雅婷)`) is kept
    whole in `byline` and removed from the paragraph; `reporters` holds just
    the names from it.

    Text and entities are sequences, not always tuples: an article loaded
    from the cache holds them in the compact forms of `reader.packed`.
    """

    id: str
    """Stable across runs: derived from the file name, the order on the page and the headline."""
    source: str
    """The file the article came from, as found (not resolved)."""
    order: int
    """Position on its page, from 0."""
    headline: Sequence[str]
    roles: Sequence[HeadlineRole]
    byline: str
    reporters: Sequence[str]
    paragraphs: Sequence[str]
    entities: Sequence[Entity] = ()
    notes: Sequence[str] = ()
    """Page-continuation notes removed from the text, such as `（下转第二版）`."""
    words: bytes = field(default=b"", repr=False)
    """Where the tagger's words start, one bit per character of the blocks in `blocks` order
    (see `reader.packed.pack_starts`); empty until tagged."""
    paper: str | None = None
    date: str | None = None
    page: str | None = None
    section: str | None = None
    """Where it appeared in print (see `Placement`)."""

    @property
    def placement(self) -> Placement:
        return Placement(self.paper, self.date, self.page, self.section)

    @property
    def title(self) -> str:
        """The main headline line (falls back to the first line, or "")."""
        for line, role in zip(self.headline, self.roles, strict=True):
            if role == "title":
                return line
        return self.headline[0] if self.headline else ""

    def lines_with_role(self, *roles: HeadlineRole) -> list[str]:
        return [line for line, role in zip(self.headline, self.roles, strict=True) if role in roles]

    def block(self, block: int, line: int = 0) -> str:
        """The text of one block (see the module docstring); IndexError if there is none."""
        if block == HEADLINE:
            return self.headline[line]
        if block == BYLINE:
            return self.byline
        if block < 0:
            raise IndexError(block)
        return self.paragraphs[block]

    def text_at(self, ref: TextRef) -> str:
        return self.block(ref.block, ref.line)[ref.start : ref.end]

    def blocks(self) -> Iterator[tuple[int, int, str]]:
        """(block, line, text) of every block in reading order: headline lines, the byline
        (when there is one), paragraphs."""
        for line, text in enumerate(self.headline):
            yield HEADLINE, line, text
        if self.byline:
            yield BYLINE, 0, self.byline
        for number, text in enumerate(self.paragraphs):
            yield number, 0, text

    @property
    def size(self) -> int:
        """Characters in all blocks."""
        return sum(map(len, self.headline)) + len(self.byline) + sum(map(len, self.paragraphs))

    def to_json(self) -> dict[str, object]:
        from reader.sanitize import display_path

        return {
            "id": self.id,
            "source": display_path(self.source),
            "order": self.order,
            "headline": list(self.headline),
            "roles": list(self.roles),
            "byline": self.byline,
            "reporters": list(self.reporters),
            "paragraphs": list(self.paragraphs),
            "entities": [e.to_json() for e in self.entities],
            "notes": list(self.notes),
            "paper": self.paper,
            "date": self.date,
            "page": self.page,
            "section": self.section,
        }


def unique_id(article: Article, taken: Container[str]) -> Article:
    """The article under an id not in `taken`: a repeated id gets `-2`, `-3` … (ids stay
    stable as long as the pages keep their order)."""
    if article.id not in taken:
        return article
    n = 2
    while f"{article.id}-{n}" in taken:
        n += 1
    return replace(article, id=f"{article.id}-{n}")


class UniqueIds:
    """Makes article ids unique within a corpus, in the order the articles come (`unique_id`)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def claim(self, article: Article) -> Article:
        """The article, under an id no earlier article has."""
        article = unique_id(article, self._seen)
        self._seen.add(article.id)
        return article


@dataclass(frozen=True, slots=True)
class Problem:
    """Something about one input path the user should hear about."""

    path: str
    message: str
    skipped: bool = True
    """True when nothing of the file could be used; False for a warning."""

    def __str__(self) -> str:
        from reader.sanitize import display_path

        return f"{display_path(self.path)}: {self.message}"


@dataclass(frozen=True, slots=True)
class Page:
    """What one file gave: its articles and anything worth a warning."""

    source: str
    articles: tuple[Article, ...]
    encoding: str
    problems: tuple[Problem, ...] = field(default=())

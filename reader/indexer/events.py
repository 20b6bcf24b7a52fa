"""What indexing a corpus reports, in the order it happens (see `reader.indexer`).

Small frozen dataclasses: a consumer tells them apart with `match`
(`reader.corpus.CorpusBuilder` is the one that builds a corpus from them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reader.models import Article, Problem

Phase = Literal["reading", "tagging", "linking"]


@dataclass(frozen=True, slots=True)
class Progress:
    phase: Phase
    done: int
    """Files read (reading), articles tagged (tagging) or linked (linking)."""
    total: int
    bytes_done: int
    bytes_total: int
    elapsed: float
    """Seconds since this phase began."""
    left: float | None
    """Estimated seconds to the end of the phase; None until there is a rate to go by."""

    def describe(self) -> str:
        """`tagging 1,234/10,000 articles · 3.5/28.1 MB · 1m20s left`"""
        unit = "files" if self.phase == "reading" else "articles"
        text = f"{self.phase} {self.done:,}/{self.total:,} {unit}"
        if self.bytes_total >= 1_000_000:
            text += f" · {self.bytes_done / 1e6:.1f}/{self.bytes_total / 1e6:.1f} MB"
        elif self.bytes_total:
            text += f" · {self.bytes_done / 1e3:.0f}/{self.bytes_total / 1e3:.0f} kB"
        if self.left is not None and self.done < self.total:
            text += f" · {format_seconds(self.left)} left"
        return text


@dataclass(frozen=True, slots=True)
class Problems:
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should hear once (the cache could not be used as hoped)."""

    message: str


@dataclass(frozen=True, slots=True)
class Loaded:
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    files_done: int
    files_total: int
    pending: int
    """How many of these articles are still to be tagged (their entities come in `Tagged`)."""


@dataclass(frozen=True, slots=True)
class Listed:
    """Every page is loaded: all articles are listed, `pending` of them still to be tagged."""

    articles: int
    pending: int
    corpus: str
    """The corpus's key in the cache ("" without a cache)."""
    signature: str
    """What the corpus's articles are made from: files, their content, the code.  A derived
    index cached under it (`reader.cache.derived`) fits the corpus once tagging is done."""


@dataclass(frozen=True, slots=True)
class Tagged:
    """New versions of articles, tagged one by one (same ids as loaded)."""

    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Linked:
    """New versions of the articles the corpus-wide consistency pass changed."""

    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Finished:
    files: int
    articles: int
    cached: int
    """Pages taken from the cache without reading them."""
    parsed: int
    tagged: int
    """Pages tagged in this run."""
    linked: int
    """Articles the consistency pass was run on in this run."""
    seconds: float
    corpus: str = ""
    """The corpus's key in the cache ("" without a cache)."""
    signature: str = ""
    """What the corpus's articles are made from (files, their content, the code): derived
    indexes cached under this signature are valid for exactly these articles."""
    workers: int = 0
    """Worker processes that tagged or linked in this run (0: all of it in this process)."""


IndexEvent = Problems | Notice | Loaded | Listed | Progress | Tagged | Linked | Finished


def format_seconds(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"

"""What the phases of one indexing run share: settings, the cache, the jobs, what to tell the user."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader import digest
from reader.cache.versions import parser_version
from reader.indexer.events import Notice, Progress
from reader.indexer.jobs import InProcess, Jobs, Stopped, WorkerPool

if TYPE_CHECKING:
    from reader.cache.store import Cache
    from reader.indexer.files import PageFile
    from reader.tagger.userdict import UserDict
    from reader.tagging import Tagger

POOL_MIN_CHARS = 600_000
"""Below this much text to tag (about 6 s of one core), starting worker processes is not worth it."""


@dataclass(eq=False)
class Run:
    paths: Sequence[str | os.PathLike[str]]
    tag: bool
    """Find entities; False loads articles with none (and never loads the tagger)."""
    workers: int | None
    """Processes for tagging; None picks by core count and amount of work, 0 or 1 tags here."""
    should_stop: Callable[[], bool]
    on_progress: Callable[[Progress], None] | None
    limit: int
    """Files larger than this many bytes are skipped."""
    cache: Cache | None = None
    user: UserDict | None = None
    """The user's dictionary as read when the run began: tagging here and in the workers uses
    exactly this, whatever happens to the file meanwhile."""
    tagger_version: str = ""
    _said: list[str] = field(default_factory=list)
    _tagger: Tagger | None = None
    _here: InProcess | None = None
    _pool: WorkerPool | None = None

    def check(self) -> None:
        """Raise `Stopped` if the caller asked to stop."""
        if self.should_stop():
            raise Stopped

    def say(self, message: str) -> None:
        self._said.append(message)

    def notices(self) -> Iterator[Notice]:
        """Everything said since last asked: by the run, the cache and the worker pool."""
        messages, self._said = self._said, []
        if self.cache is not None:
            messages += self.cache.take_notices()
        if self._pool is not None:
            messages += self._pool.notices
            self._pool.notices = []
        for message in messages:
            yield Notice(message)

    def progress(self, progress: Progress) -> Progress:
        if self.on_progress is not None:
            self.on_progress(progress)
        return progress

    @property
    def cached(self) -> bool:
        """Whether results are kept in a usable cache."""
        return self.cache is not None and self.cache.usable

    # --- the tagger, here or in other processes --------------------------------------------

    def tagger(self) -> Tagger:
        """The tagger in this process (loaded on first use)."""
        if self._tagger is None:
            from reader.tagging import Tagger

            self._tagger = Tagger.for_dictionary(self.user) if self.user is not None else Tagger(None)
        return self._tagger

    def jobs(self, chars: int, chunks: int, on_chars: Callable[[int], None] | None = None) -> Jobs:
        """Where to run `chunks` jobs holding `chars` characters of text in all; `on_chars` hears
        of progress within a job run in this process."""
        if self._here is None:
            self._here = InProcess(self.tagger, self.should_stop)
        self._here.on_chars = on_chars
        if self.workers is not None:
            wanted = min(self.workers, _cores())  # more processes than cores only cost memory
        else:
            wanted = _cores() if chars >= POOL_MIN_CHARS else 1
        wanted = max(1, min(wanted, chunks))
        if wanted < 2 or (self._pool is not None and self._pool.failed):
            return self._here
        if self._pool is not None and self._pool.size != wanted:
            self._pool.close()
            self._pool = None
        if self._pool is None:
            self._pool = WorkerPool(wanted, self.user, self._here, self.should_stop)
        return self._pool

    @property
    def workers_used(self) -> int:
        """Worker processes that did work in this run (0: none)."""
        return self._pool.used if self._pool is not None else 0

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self.cache is not None:
            self.cache.close()

    # --- the corpus's identity -------------------------------------------------------------

    def corpus_key(self) -> str:
        """The corpus's key in the cache and in the saved reading places: the set of paths."""
        from reader.state import corpus_key

        return corpus_key(self.paths)

    def signature(self, files: Sequence[PageFile]) -> str:
        """What the corpus's articles are made from: the files in order, their content, the code."""
        h = digest.sha256()
        h.update(f"{parser_version()} {self.tagger_version if self.tag else 'untagged'}\n".encode())
        for file in files:
            h.update(file.key)
            h.update(b"\0" + file.hash.encode() + b"\n")
        return h.hexdigest()[:32]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1

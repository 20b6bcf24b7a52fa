"""The work the indexer hands out, and the two ways of running it: here, or in worker processes.

A job is a chunk of articles to tag one by one (`tag`) or to link against the
corpus's names (`link`, the second half of the tagger's consistency pass,
see `reader.tagger.linking`).  Both give one typed result per article.

`Jobs` runs chunks and yields each chunk's results as they come:
`InProcess` in the calling thread, `WorkerPool` in worker processes of our
own (`python -m reader.indexer.worker`, see there), which never import the
user's script, write nothing to the terminal, and exit when this process
dies.  If the pool cannot start or a worker fails, the chunks not yet done
run here instead, and the pool says so once (`WorkerPool.notices`).
"""

from __future__ import annotations

import os
import pickle
import selectors
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol

from reader.models import Article, EntityType
from reader.packed import pack_entities

if TYPE_CHECKING:
    from reader.tagger.userdict import UserDict
    from reader.tagging import Check, Tagger

JobKind = Literal["tag", "link"]
Names = Mapping[str, EntityType]

POLL_SECONDS = 0.2
"""How often a wait for results checks whether to stop."""


@dataclass(frozen=True, slots=True)
class TagResult:
    """One article tagged on its own: what the cache keeps of it."""

    entities: bytes
    """Packed (`reader.packed`)."""
    names: list[tuple[str, EntityType]]
    """The names its strong contexts vouch for (`Tagger.names_of`)."""
    words: bytes
    """Where its words start (`Article.words`)."""


LinkResult = bytes | None
"""An article's packed entities after the corpus-wide pass, or None where it changed nothing."""


def tag(tagger: Tagger, articles: Sequence[Article], check: Check | None = None) -> list[TagResult]:
    out: list[TagResult] = []
    for article in articles:
        tagged = tagger.tag_article(article, check)
        out.append(
            TagResult(pack_entities(tagged.entities), list(tagger.names_of(tagged).items()), tagged.words)
        )
    return out


def link(tagger: Tagger, articles: Sequence[Article], names: Names) -> list[LinkResult]:
    return [None if r is None else pack_entities(r) for r in tagger.link(articles, names)]


class Stopped(Exception):
    """The caller asked to stop (`should_stop`)."""


class Jobs(Protocol):
    """Runs chunks of articles; yields (chunk number, results) as each chunk is done."""

    size: int
    """How many chunks are worked on at once."""

    def tag(self, chunks: Sequence[Sequence[Article]]) -> Iterator[tuple[int, list[TagResult]]]: ...

    def link(
        self, chunks: Sequence[Sequence[Article]], names: Names
    ) -> Iterator[tuple[int, list[LinkResult]]]: ...

    def close(self) -> None: ...


class InProcess:
    """Jobs run one after another in the calling thread, checking `should_stop` between them and,
    while tagging, after every block of text (so a page of megabytes stops within a second)."""

    size = 1

    def __init__(
        self,
        tagger: Callable[[], Tagger],
        should_stop: Callable[[], bool],
        on_chars: Callable[[int], None] | None = None,
    ) -> None:
        """`on_chars(n)`: n more characters were tagged (progress within a job)."""
        self._tagger = tagger
        self._should_stop = should_stop
        self.on_chars = on_chars

    def tag(self, chunks: Sequence[Sequence[Article]]) -> Iterator[tuple[int, list[TagResult]]]:
        tagger = self._tagger()
        for number, chunk in enumerate(chunks):
            self._check()
            yield number, tag(tagger, chunk, self._check_block)

    def _check_block(self, chars: int) -> None:
        self._check()
        if self.on_chars is not None:
            self.on_chars(chars)

    def link(
        self, chunks: Sequence[Sequence[Article]], names: Names
    ) -> Iterator[tuple[int, list[LinkResult]]]:
        tagger = self._tagger()
        for number, chunk in enumerate(chunks):
            self._check()
            yield number, link(tagger, chunk, names)

    def _check(self) -> None:
        if self._should_stop():
            raise Stopped

    def close(self) -> None:
        pass


class WorkerFailed(Exception):
    """A worker process died, or its job raised."""


class WorkerPool:
    """`size` worker processes, started on first use; falls back to `InProcess` when they fail."""

    def __init__(
        self,
        size: int,
        user: UserDict | None,
        here: InProcess,
        should_stop: Callable[[], bool],
    ) -> None:
        self.size = size
        self.user = user
        self.here = here
        self.should_stop = should_stop
        self.notices: list[str] = []
        """What went wrong with the workers, one line each, for the caller to pass on."""
        self.failed = False
        """Once the workers failed, everything runs here (a new pool would fail the same way)."""
        self.used = 0
        """How many worker processes gave results (for the caller's report)."""
        self._workers: list[_Worker] = []
        self._names: Names | None = None

    def tag(self, chunks: Sequence[Sequence[Article]]) -> Iterator[tuple[int, list[TagResult]]]:
        return self._run_or_here("tag", chunks, None, self.here.tag)

    def link(
        self, chunks: Sequence[Sequence[Article]], names: Names
    ) -> Iterator[tuple[int, list[LinkResult]]]:
        return self._run_or_here("link", chunks, names, lambda left: self.here.link(left, names))

    def _run_or_here(
        self,
        kind: JobKind,
        chunks: Sequence[Sequence[Article]],
        names: Names | None,
        here: Callable[[list[Sequence[Article]]], Iterator[tuple[int, Any]]],
    ) -> Iterator[tuple[int, Any]]:
        """The chunks in the workers; if they fail, those not done yet `here`."""
        done: set[int] = set()
        if not self.failed:
            try:
                for number, result in self._run(kind, chunks, names):
                    done.add(number)
                    yield number, result
                return
            except WorkerFailed as error:
                self._fail(error)
        left = [n for n in range(len(chunks)) if n not in done]
        for i, result in here([chunks[n] for n in left]):
            yield left[i], result

    def _fail(self, error: Exception) -> None:
        self.notices.append(f"worker processes failed ({error}): continuing in this process")
        self.failed = True
        self.close()

    def _run(
        self, kind: JobKind, chunks: Sequence[Sequence[Article]], names: Names | None
    ) -> Iterator[tuple[int, Any]]:
        """Each chunk to an idle worker, one at a time each; results as they come."""
        workers = self._start()
        if names is not None and names is not self._names:
            for worker in workers:
                worker.send(("names", dict(names)))
                worker.expect()
            self._names = names
        queue = deque(range(len(chunks)))
        busy: dict[_Worker, int] = {}
        with selectors.DefaultSelector() as selector:
            for worker in workers:
                selector.register(worker.output, selectors.EVENT_READ, worker)
            while queue or busy:
                for worker in workers:
                    if queue and worker not in busy:
                        number = queue.popleft()
                        worker.send((kind, list(chunks[number])))
                        busy[worker] = number
                if self.should_stop():
                    self.close()  # what they are doing is no longer wanted
                    raise Stopped
                for key, _ in selector.select(POLL_SECONDS):
                    worker = key.data
                    result = worker.expect()
                    number = busy.pop(worker)
                    self.used = max(self.used, len(workers))
                    if queue:  # keep it busy before the caller spends time on this result
                        busy[worker] = queue.popleft()
                        worker.send((kind, list(chunks[busy[worker]])))
                    yield number, result

    def _start(self) -> list[_Worker]:
        if not self._workers:
            try:
                self._workers = [_Worker.start() for _ in range(self.size)]
            except OSError as error:
                self.close()
                raise WorkerFailed(f"could not start: {error}") from None
            for worker in self._workers:  # the dictionary the run began with, not the file as it is now
                worker.send(("dictionary", self.user))
                worker.expect()
        return self._workers

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []
        self._names = None


class _Worker:
    """One worker process and the pipes to it: pickled messages, each prefixed by its length."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        assert process.stdin is not None and process.stdout is not None
        self.input: IO[bytes] = process.stdin
        self.output: IO[bytes] = process.stdout

    @classmethod
    def start(cls) -> _Worker:
        env = dict(os.environ)
        # The same `reader` as this process, wherever it was imported from.
        here = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
        command = [sys.executable, "-m", "reader.indexer.worker", str(os.getpid())]
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=os.path.dirname(here) or "/",
        )
        return cls(process)

    def send(self, message: object) -> None:
        try:
            write_message(self.input, message)
        except (OSError, ValueError) as error:
            raise WorkerFailed(f"a worker stopped taking work ({error})") from None

    def expect(self) -> object:
        try:
            status, value = read_message(self.output)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError) as error:
            code = self.process.poll()
            why = f"exit status {code}" if code is not None else str(error) or type(error).__name__
            raise WorkerFailed(f"a worker died: {why}") from None
        if status != "ok":
            raise WorkerFailed(str(value))
        return value

    def stop(self) -> None:
        """Close its input (it exits when it reads the end) and make sure it is gone."""
        for stream in (self.input, self.output):
            try:
                stream.close()
            except OSError:
                pass
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
            pass


_LENGTH = 8


def write_message(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_LENGTH, "little") + data)
    stream.flush()


def read_message(stream: IO[bytes]) -> tuple[str, object]:
    """One message from our own worker or parent (never from a file: see `reader.cache`)."""
    head = _read_exactly(stream, _LENGTH)
    message = pickle.loads(_read_exactly(stream, int.from_bytes(head, "little")))
    if not (isinstance(message, tuple) and len(message) == 2 and isinstance(message[0], str)):
        raise ValueError("not a message")
    return message


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    parts: list[bytes] = []
    while size:
        part = stream.read(size)
        if not part:
            raise EOFError
        parts.append(part)
        size -= len(part)
    return b"".join(parts)

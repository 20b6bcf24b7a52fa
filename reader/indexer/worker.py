"""A worker process of the indexer: `python -m reader.indexer.worker PARENT_PID`.

Reads jobs from stdin and writes results to stdout, as length-prefixed
pickles (`reader.indexer.jobs`), until stdin ends.  It is started as a
module of ours, so it never imports the script that started the parent
(as `multiprocessing` would, running a script without a `__main__` guard
once more per worker).  It writes nothing to the terminal: under the app a
stray warning would land in the middle of the screen, so its stdout and
stderr are pointed at /dev/null once the protocol has its own copy.  And it
never outlives its parent: when the parent dies, stdin ends, and a watcher
notices the parent gone even while a job is running.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from reader.indexer.jobs import link, read_message, tag, write_message


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent = int(argv[0]) if argv else os.getppid()
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(quiet, fd)
    os.close(quiet)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()

    from reader.tagging import Tagger

    tagger = Tagger(None)  # until the parent sends its dictionary
    names: dict[str, str] = {}
    while True:
        try:
            kind, payload = read_message(requests)
        except EOFError:
            return 0
        try:
            if kind == "dictionary":
                tagger = Tagger(payload).load()  # type: ignore[arg-type]
                result: object = None
            elif kind == "names":
                names = payload  # type: ignore[assignment]
                result = None
            elif kind == "tag":
                result = tag(tagger, payload)  # type: ignore[arg-type]
            elif kind == "link":
                result = link(tagger, payload, names)  # type: ignore[arg-type]
            else:
                raise ValueError(f"unknown job {kind!r}")
        except Exception as error:  # noqa: BLE001 - reported to the parent, which carries on without us
            write_message(replies, ("error", f"{type(error).__name__}: {error}"))
            continue
        write_message(replies, ("ok", result))


def _exit_with(parent: int) -> None:
    """Exit as soon as the parent is gone (it is then no longer our parent)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

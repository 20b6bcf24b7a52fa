"""Spawn to first frame, in a real pseudo-terminal, against a minimal Textual app.

    python -m reader.bench startup [--runs 15] [PATH ...]

Each run spawns a fresh process on a pty of 120x36 and times the moment a
marker first appears in what it writes to the terminal:

* baseline: a minimal Textual app showing one Static (its first frame);
* reader, first frame: the sidebar border (drawn in the first paint);
* reader, list shown: the first article title (pages read and listed: the first headline).

Runs alternate between the programs so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import fcntl
import itertools
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("minimal-first-frame")

Minimal().run()
"""


def time_to_markers(
    argv: list[str], markers: list[bytes], timeout: float = 20.0, env: dict[str, str] | None = None
) -> list[float]:
    """Seconds from spawn until each marker has appeared on the pty (inf if never)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36", **(env or {})}
    # As installed: Python keeps compiled bytecode.  With this set every run would compile the
    # reader's modules afresh (Textual's, compiled by pip at install, would not be).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True
    )
    os.close(slave)
    seen = b""
    found: dict[bytes, float] = {}
    try:
        while len(found) < len(markers) and time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen += chunk
            now = time.perf_counter()
            for marker in markers:
                if marker not in found and marker in seen:
                    found[marker] = now - started
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        os.close(master)
    return [found.get(m, float("inf")) for m in markers]


def _first_title(paths: list[str]) -> str:
    """A few characters of the headline at the top of the list once it is shown (the newest
    issue's front page, as `reader.edition` arranges it, for a reader with no saved place)."""
    from reader.edition import arrange
    from reader.models import Article, Page
    from reader.pages import default_corpus, find_pages, read_page

    articles: list[Article] = []
    for found in find_pages(paths or [default_corpus()]):
        page = read_page(found) if isinstance(found, Path) else found
        if isinstance(page, Page):
            articles += page.articles
    for group in arrange(articles):
        for index in group.articles:
            if articles[index].title:
                return articles[index].title[:3]
    return "区领导"


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m reader.bench startup", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("paths", nargs="*", help="corpus to open (default: the seed pages)")
    args = parser.parse_args()
    # A state folder of its own for each run: no reading place is restored (the list opens at
    # its top, as for a newcomer) and the user's own is never touched.
    states = tempfile.TemporaryDirectory(prefix="reader-bench-state-")
    fresh = itertools.count()

    def env() -> dict[str, str]:
        return {"READER_STATE_DIR": os.path.join(states.name, str(next(fresh)))}

    reader_cmd = [sys.executable, "-m", "reader", *args.paths]
    baseline_cmd = [sys.executable, "-c", MINIMAL_APP]
    first_title = _first_title(args.paths).encode()
    baseline, first, listed = [], [], []
    time_to_markers(baseline_cmd, [b"minimal-first-frame"])  # warm the disk cache once,
    time_to_markers(reader_cmd, [first_title], env=env())  # and write the bytecode, as a first run does
    for _ in range(args.runs):
        baseline.append(time_to_markers(baseline_cmd, [b"minimal-first-frame"])[0])
        paint, shown = time_to_markers(reader_cmd, ["▕".encode(), first_title], env=env())
        first.append(paint)
        listed.append(shown)
    base = statistics.median(baseline)
    rows = [
        ("minimal Textual app, first frame", baseline),
        ("reader, first frame", first),
        ("reader, articles listed", listed),
    ]
    print(f"spawn → screen, {args.runs} runs each, 120x36 pty, {os.cpu_count()} cores")
    print(f"{'':36} {'median':>8} {'p90':>8} {'vs baseline':>12}")
    for name, times in rows:
        finite = sorted(t for t in times if t != float("inf"))
        if not finite:
            print(f"{name:36} {'never':>8}")
            continue
        median = statistics.median(finite)
        p90 = finite[min(len(finite) - 1, int(len(finite) * 0.9))]
        print(f"{name:36} {median * 1000:7.0f}ms {p90 * 1000:7.0f}ms {median / base:11.2f}x")
    print(
        "targets: reader first frame ≤ 300 ms median; first headline (articles listed) ≤ 1.75x the minimal app"
    )


if __name__ == "__main__":
    main()

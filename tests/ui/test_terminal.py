"""The real `reader` in a real pseudo-terminal: signals, stray bytes, quitting while it works."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from tests.conftest import SEED_PAGE, SEEDS

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


class Terminal:
    """`reader` running in a 120x36 pty, with its own state and cache directories."""

    def __init__(self, tmp_path, *args: str) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        self.state = tmp_path / "state"
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "LC_ALL": "C.UTF-8",  # the reader's words in English, whatever the machine's locale
            "READER_STATE_DIR": str(self.state),
            "READER_CACHE_DIR": str(tmp_path / "cache"),
            "READER_CONFIG_DIR": str(tmp_path / "config"),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.seen = b""

    def expect(self, marker: bytes, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{marker!r} never appeared; the screen had {self.seen[-2000:]!r}")
            self._read(0.05)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self, timeout: float = 30.0) -> int:
        """Read until the program ends; its exit status."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        while self._read(0.05):
            pass
        return self.process.wait(timeout=1)

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.seen += chunk
        return bool(chunk)

    def close(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def start(*args: str) -> Terminal:
        opened.append(Terminal(tmp_path, *args))
        return opened[-1]

    yield start
    for t in opened:
        t.close()


def test_an_invalid_utf8_byte_on_the_terminal_is_ignored(terminal):
    app = terminal(str(SEEDS))
    app.expect("区领导".encode())
    app.write(b"\xff")  # Textual issue #6456: this killed the app with a traceback
    app.write(b"j\r")
    app.expect("乔俊杰调研".encode())
    app.write(b"q")
    assert app.finish() == 0
    assert b"Traceback" not in app.seen and b"UnicodeDecodeError" not in app.seen


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_restores_the_terminal_and_saves_the_place(terminal, number):
    app = terminal(str(SEEDS))
    app.expect("区领导".encode())
    app.write(b"jjj\r")  # the fourth article
    app.expect("放映".encode())
    time.sleep(0.5)  # the place is saved as it changes; the signal must not lose it either
    app.process.send_signal(number)
    assert app.finish() == 0
    assert LEAVE_ALTERNATE_SCREEN in app.seen and b"Traceback" not in app.seen
    places = json.loads((app.state / "state.json").read_text(encoding="utf-8"))
    saved = [v for k, v in places.items() if not k.startswith("__")]
    assert len(saved) == 1 and saved[0]["article"] != ""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
@pytest.mark.parametrize("number", [signal.SIGKILL, signal.SIGTERM])
def test_worker_processes_die_with_the_process_that_started_them(tmp_path, number):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(40):
        (pages / f"{n:02d}.txt").write_bytes(SEED_PAGE.read_bytes())
    script = (
        "import sys, time\n"
        "from reader.indexer import index_corpus\n"
        f"for event in index_corpus([{str(pages)!r}], cache=False, workers=2):\n"
        "    if type(event).__name__ == 'Tagged':\n"
        "        print('tagging', flush=True)\n"
        "        time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "tagging"
        workers = _children(parent.pid)
        assert len(workers) == 2
        parent.send_signal(number)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
    finally:
        parent.kill()
        parent.wait()


def test_quitting_while_a_big_page_is_tagged_is_quick_and_progress_shows(terminal, tmp_path):
    seed = SEED_PAGE.read_text(encoding="utf-8")
    page = tmp_path / "big.txt"  # about 3 MB: one page, so one tagging job, in this process
    page.write_text("\n\n".join(seed.replace("## 区领导", f"## 第{n}篇 区领导") for n in range(260)), "utf-8")
    app = terminal(str(page))
    app.expect("第0篇".encode())
    app.expect(" · ".join(["tagging 0/1,040", ""]).encode())  # progress within the page
    started = time.monotonic()
    app.write(b"q")
    assert app.finish(timeout=30) == 0
    assert time.monotonic() - started < 3  # was the whole page (8 s here, a minute elsewhere)
    assert b"Traceback" not in app.seen

"""`reader serve` as a user meets it: a real server, a real headless Chromium on the loopback
address, driven over the Chrome DevTools Protocol (no browser download, no Playwright).

The page draws the app with xterm.js on a canvas, so there is no text in the DOM to read.
A script run before the page's own catches the xterm.js `Terminal` the page makes (it is
stored as `.terminal` of textual-serve's client object) and the test reads its screen
buffer, row by row, as the user sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer) window.__readerTerminal = value;
  },
});
"""
READ_SCREEN = """(() => {
  const terminal = window.__readerTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, rows = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()"""
KEYS = {"j": ("KeyJ", 74, "j"), "Enter": ("Enter", 13, "\r")}

FIRST_HEADLINE = "区领导开展“八一”拥军慰问"
SECOND_ARTICLE_TEXT = "市委常委、区委书记乔俊杰来到洛阳镇"


def test_serve_says_how_to_get_textual_serve_when_it_is_missing(monkeypatch, capsys):
    from reader.serve import cmd_serve

    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert cmd_serve([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: serving to a browser needs textual-serve: pip install 'reader[serve]'")


def test_serve_refuses_a_missing_path_and_a_taken_port(tmp_path):
    missing = subprocess.run(
        [sys.executable, "-m", "reader", "serve", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"reader: {tmp_path / 'nope'}: no such file or directory"
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run(
            [sys.executable, "-m", "reader", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    assert busy.returncode == 1
    assert busy.stderr.startswith(f"reader: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in busy.stderr


@pytest.fixture
def server(tmp_path):
    """`reader serve --port 0 seeds`; yields its URL; stops it (Ctrl+C) afterwards."""
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (the `serve` extra)")
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--port", "0", "seeds"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "READER_STATE_DIR": str(tmp_path / "state"), "PYTHONIOENCODING": "utf-8"},
    )
    try:
        line = _line_within(process.stdout, 20)
        found = re.search(r"at (http://127\.0\.0\.1:\d+) ", line)
        assert found, (
            f"no address in {line!r}; stderr: {process.stderr.read() if process.poll() is not None else ''}"
        )
        yield found.group(1)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail("reader serve did not stop on Ctrl+C")
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")


def _line_within(stream, seconds):
    """The next line of `stream`, or "" when none comes in time (readline alone could hang)."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    return lines[0] if lines else ""


@pytest.fixture
def chromium(tmp_path):
    """A headless Chromium with its DevTools port; yields the port."""
    if CHROMIUM is None:
        pytest.skip("no Chromium installed (looked for chromium, chromium-browser, google-chrome)")
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its helper processes go with it
    )
    try:
        port = None
        deadline = time.monotonic() + 20
        while port is None and time.monotonic() < deadline:
            line = _line_within(process.stderr, deadline - time.monotonic())
            if not line and process.poll() is not None:
                break
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            port = int(found.group(1)) if found else None
        if port is None:
            pytest.fail("Chromium did not start its DevTools server")
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class DevTools:
    """The few DevTools Protocol calls the test needs, on one page."""

    def __init__(self, socket):
        self.socket = socket
        self.last = 0

    async def call(self, method, **params):
        self.last += 1
        mine = self.last
        await self.socket.send_json({"id": mine, "method": method, "params": params})
        async for message in self.socket:
            data = message.json()
            if data.get("id") == mine:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data["result"]
        raise RuntimeError(f"{method}: the browser closed the connection")

    async def screen(self):
        result = await self.call("Runtime.evaluate", expression=READ_SCREEN, returnByValue=True)
        return result["result"].get("value") or ""

    async def wait_for(self, text, seconds):
        deadline = time.monotonic() + seconds
        shown = ""
        while time.monotonic() < deadline:
            shown = await self.screen()
            if text in shown:
                return shown
            await asyncio.sleep(0.2)
        raise AssertionError(f"{text!r} not on screen after {seconds}s:\n{shown}")

    async def press(self, key):
        code, number, text = KEYS[key]
        common = {"key": key, "code": code, "windowsVirtualKeyCode": number}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)


async def _drive(devtools_port, url):
    import aiohttp

    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
            targets = await response.json()
        page = next(t for t in targets if t["type"] == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as socket:
            browser = DevTools(socket)
            await browser.call("Page.enable")  # scripts "on new document" run only with it
            await browser.call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
            await browser.call("Page.navigate", url=url)
            listing = await browser.wait_for(FIRST_HEADLINE, 20)
            assert SECOND_ARTICLE_TEXT not in listing
            await browser.call("Runtime.evaluate", expression="window.__readerTerminal.focus()")
            await browser.press("j")
            await browser.press("Enter")
            await browser.wait_for(SECOND_ARTICLE_TEXT, 10)


def test_the_app_in_a_browser_lists_and_opens_articles(server, chromium):
    started = time.monotonic()
    asyncio.run(_drive(chromium, server))
    assert time.monotonic() - started < 30


def test_each_tab_runs_this_reader_on_the_same_pages():
    """The command each browser tab runs: this Python, the pages by absolute path, the options."""
    from reader.serve import app_command

    command = app_command(["seeds"], cache=False)
    assert command.startswith(sys.executable) and str(Path("seeds").resolve()) in command
    assert command.endswith("--no-cache")


def test_leaving_is_quiet_about_a_closed_event_loop_and_nothing_else():
    from types import SimpleNamespace

    from reader.serve import _quiet_after_close

    seen = []
    hook = _quiet_after_close(seen.append)
    hook(SimpleNamespace(exc_value=RuntimeError("Event loop is closed")))
    other = SimpleNamespace(exc_value=ValueError("something else"))
    hook(other)
    assert seen == [other]

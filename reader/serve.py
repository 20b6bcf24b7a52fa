"""`reader serve [PATH ...]`: the app in a web browser, served by textual-serve.

textual-serve starts one process per browser tab, running a shell command with
Textual's web driver in place of a terminal; here that command is the same
`reader PATH ...` a user would type, so a tab shows exactly the terminal app.
textual-serve is the `serve` extra (it brings aiohttp, about 17 MB installed),
so this module says how to get it rather than fail when it is missing.
"""

from __future__ import annotations

import logging
import os
import shlex
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli import _add_cache_options, _add_language_option, _add_paths, _parser, missing_paths
from reader.sanitize import visible

if TYPE_CHECKING:
    from aiohttp import web

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = "pip install 'reader[serve]' (or: pip install textual-serve)"


def cmd_serve(argv: list[str]) -> int:
    parser = _parser(
        "reader serve",
        "Serve the reader to a web browser: every browser tab that opens the address\n"
        "runs `reader PATH ...` of its own, as if in a terminal.  Ctrl+C stops serving.",
    )
    _add_paths(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default: {DEFAULT_HOST}, reachable from this machine only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        metavar="N",
        help=f"the port to listen on (default: {DEFAULT_PORT}, or a free one when it is taken; 0: a free one)",
    )
    _add_language_option(parser)
    _add_cache_options(parser)
    args = parser.parse_intermixed_args(argv)
    if args.port is not None and not 0 <= args.port <= 65535:
        parser.error("--port takes a number from 0 to 65535")
    if missing_paths(args.paths):
        return 1
    try:
        from textual_serve.server import Server
    except ImportError:
        print(f"reader: serving to a browser needs textual-serve: {INSTALL_HINT}", file=sys.stderr)
        return 1
    try:
        port = free_port(args.host, args.port)
    except OSError as error:
        where = f"{args.host}:{args.port if args.port is not None else DEFAULT_PORT}"
        print(f"reader: cannot listen on {visible(where)}: {error.strerror or error}", file=sys.stderr)
        return 1

    class QuietServer(Server):
        """textual-serve's server without its banner and its log of every request on stdout:
        the address is said once, below, and only warnings and errors go to stderr."""

        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.WARNING, format="reader: serve: %(message)s", stream=sys.stderr)

        async def on_startup(self, app: web.Application) -> None:
            pass

    url = f"http://{url_host(args.host)}:{port}"
    command = app_command(args.paths, cache=not args.no_cache, language=args.lang)
    server = QuietServer(command, host=args.host, port=port, title="reader", public_url=url)
    print(f"serving {describe(args.paths)} at {url} (Ctrl+C stops)", flush=True)
    sys.unraisablehook = _quiet_after_close(sys.unraisablehook)
    server.serve()
    return 0


def _quiet_after_close(
    hook: Callable[[sys.UnraisableHookArgs], object],
) -> Callable[[sys.UnraisableHookArgs], None]:
    """After Ctrl+C, the browser tabs' reader processes are collected once the event loop is
    closed, and asyncio's transport says so with a traceback for each: noise on the way out,
    not news.  Anything else goes to `hook` as before."""

    def unraisable(args: sys.UnraisableHookArgs) -> None:
        if isinstance(args.exc_value, RuntimeError) and "Event loop is closed" in str(args.exc_value):
            return
        hook(args)

    return unraisable


def app_command(paths: list[str], *, cache: bool, language: str | None = None) -> str:
    """The shell command each browser tab runs: this Python, this reader, the same pages."""
    words = [sys.executable, "-m", "reader", *(os.path.abspath(p) for p in paths)]
    if not cache:
        words.append("--no-cache")
    if language:
        words += ["--lang", language]
    return shlex.join(words)


def free_port(host: str, wanted: int | None) -> int:
    """`wanted` if it can be listened on; without one, 8000 or else any free port.

    Raises OSError (a port in use, a host that is not this machine's).
    """
    error: OSError | None = None
    for port in [wanted] if wanted is not None else [DEFAULT_PORT, 0]:
        try:
            info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
            with socket.socket(info[0], socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
                probe.bind(info[4])
                return int(probe.getsockname()[1])
        except OSError as failed:
            error = failed
    assert error is not None
    raise error


def url_host(host: str) -> str:
    """The host as a browser should be sent to it: a name for "every address", IPv6 bracketed."""
    if host in ("", "0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def describe(paths: list[str]) -> str:
    if not paths:
        return "the seed pages"
    return ", ".join(visible(p) for p in paths[:3]) + (
        f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    )

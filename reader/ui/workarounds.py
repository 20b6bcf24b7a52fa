"""Workarounds for faults in Textual that users would otherwise meet, each until upstream fixes it.

* One invalid UTF-8 byte on the terminal's input (typed, pasted, or sent by
  a terminal in another encoding) kills a Textual app with a traceback and
  exit status 0 (Textual issue #6456): the Linux driver decodes input with a
  strict UTF-8 decoder.  `lenient_input` makes it decode with "replace", so
  such a byte arrives as one U+FFFD key and is ignored like any other
  character the app has no use for.
* Screenshots as SVG squeeze Chinese text to half its width in a browser
  (rich issue #2742): `svg_with_cell_widths` mends them.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from functools import partial
from typing import Any


def lenient_input() -> None:
    """Make Textual's Linux driver decode terminal input with errors="replace" (idempotent)."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # pragma: no cover - not on this platform
        return
    if getattr(getattr(linux_driver, "getincrementaldecoder", None), "lenient", False):
        return

    def getincrementaldecoder(encoding: str) -> Callable[..., Any]:
        return partial(codecs.getincrementaldecoder(encoding), errors="replace")

    getincrementaldecoder.lenient = True  # type: ignore[attr-defined]
    setattr(linux_driver, "getincrementaldecoder", getincrementaldecoder)  # noqa: B010 - not exported


_TEXT_RUN = re.compile(r'(<text\b[^>]*?\btextLength=")([0-9.]+)("[^>]*>)([^<]*)(</text>)')


def svg_with_cell_widths(svg: str) -> str:
    """An SVG screenshot whose text runs are as wide as the cells they fill.

    Rich's SVG export gives each run of text a `textLength` of one cell per
    character (rich issue #2742), so a browser squeezes every run of Chinese,
    two cells a character in the terminal, into half its width, and the glyphs
    pile on each other.  This sets each run's length from its cells instead.
    """
    import html  # screenshots only: not on the start-up path

    from rich.cells import cell_len

    def widen(match: re.Match[str]) -> str:
        head, length, tail, text, end = match.groups()
        plain = html.unescape(text)
        if not plain or plain.isascii():
            return match.group(0)
        cell = float(length) / len(plain)
        return f"{head}{cell * cell_len(plain):g}{tail}{text}{end}"

    return _TEXT_RUN.sub(widen, svg)

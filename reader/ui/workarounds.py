"""Workarounds for faults in Textual that users would otherwise meet, each until upstream fixes it.

* One invalid UTF-8 byte on the terminal's input (typed, pasted, or sent by
  a terminal in another encoding) kills a Textual app with a traceback and
  exit status 0 (Textual issue #6456): the Linux driver decodes input with a
  strict UTF-8 decoder.  `lenient_input` makes it decode with "replace", so
  such a byte arrives as one U+FFFD key and is ignored like any other
  character the app has no use for.
"""

from __future__ import annotations

import codecs
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

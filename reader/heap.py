"""Giving memory back to the system after a big load.

Loading a corpus decodes tens of megabytes of JSON and blobs that are freed
at once; glibc keeps those pages for the next allocation, so the process's
resident size stays at the peak (a quarter more at 10k articles).  On glibc,
`malloc_trim` hands the free pages back; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked = False


def release() -> None:
    """Return the heap's free pages to the system (a few milliseconds; a no-op off glibc)."""
    global _trim, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            try:
                _trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
            except (OSError, AttributeError):  # musl and others have no malloc_trim
                _trim = None
    if _trim is not None:
        _trim(0)

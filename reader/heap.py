"""Giving memory back to the system after a big load, and not scattering it over threads.

Loading a corpus decodes tens of megabytes of JSON and blobs that are freed
at once; glibc keeps those pages for the next allocation, so the process's
resident size stays at the peak (a quarter more at 10k articles).  On glibc,
`malloc_trim` hands the free pages back (`release`).

glibc also gives each new thread that allocates its own heap ("arena"), up
to eight per core.  The app loads, tags, indexes and builds its name index
in worker threads, so what it keeps ends up spread over several heaps, each
with its own free holes: 25 MB more resident at 10k articles than with one
heap.  `one_heap` asks for a single one (the GIL serialises Python's
allocations anyway).  Elsewhere both do nothing.

Loading also makes millions of small objects that all live on: the cyclic
garbage collector would scan them again and again (a third of a warm start).
`bulk_load` holds it off for the load and then freezes what was loaded, so
later collections skip it.  That is the process's business, not a library
call's: the command line and the app use it around loading; `load_corpus`
leaves the collector alone.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_trim: Callable[[int], int] | None = None
_looked = False
_M_ARENA_MAX = -8  # mallopt's parameter number in glibc's malloc.h


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


def one_heap() -> None:
    """Have threads started from now on allocate from the main heap (glibc's M_ARENA_MAX = 1)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_ARENA_MAX, 1)


@contextmanager
def bulk_load() -> Iterator[None]:
    """No cyclic garbage collection while loading; what was loaded is frozen after (see above)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()

"""SHA-1 and SHA-256 without loading OpenSSL.

`hashlib` loads the OpenSSL library when imported: 3.5 MB resident, a tenth
of what a 10k-article corpus's own text takes, in a process that hashes
only file contents, ids and versions.  CPython also builds these hashes in
(`_sha1`, and `_sha2` or, before 3.12, `_sha256`): the same digests, so
article ids, corpus keys and cache keys do not change.  Where a build
leaves them out, `hashlib` it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class HashObject(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


Hash = Callable[..., HashObject]


def _builtin(module: str, name: str) -> Hash | None:
    try:
        return getattr(__import__(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


def _hashlib(name: str) -> Hash:
    import hashlib

    return getattr(hashlib, name)  # type: ignore[no-any-return]


sha1: Hash = _builtin("_sha1", "sha1") or _hashlib("sha1")
sha256: Hash = _builtin("_sha2", "sha256") or _builtin("_sha256", "sha256") or _hashlib("sha256")

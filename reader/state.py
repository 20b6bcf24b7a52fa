"""What the reader remembers between runs: the last place in each corpus.

Kept in `state.json` under the state directory (see `reader.paths`), keyed
by the set of paths opened.  A missing, unreadable or corrupt file means
starting fresh; it is never a reason to fail.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from reader import digest
from reader.fileio import read_regular
from reader.history import Location
from reader.models import TextRef
from reader.paths import state_dir

MAX_CORPORA = 200
MAX_BYTES = 8 * 2**20
_SETTINGS = "__settings__"


def corpus_key(paths: Iterable[str | os.PathLike[str]]) -> str:
    resolved = sorted(str(Path(p).resolve()) for p in paths)
    return digest.sha1("\0".join(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:16]


class StateStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_dir() / "state.json"

    def _load(self) -> dict[str, object]:
        try:
            data = json.loads(read_regular(self.path, MAX_BYTES).decode("utf-8"))
        except (OSError, ValueError):  # missing, unreadable, not a regular file, too big, not JSON
            return {}
        return data if isinstance(data, dict) else {}

    def recall(self, key: str) -> Location | None:
        entry = self._load().get(key)
        if not isinstance(entry, dict):
            return None
        try:
            top = None
            if "paragraph" in entry:
                top = TextRef.point(int(entry["paragraph"]), int(entry.get("line", 0)), int(entry["offset"]))
            return Location(str(entry["article"]), top)
        except (KeyError, TypeError, ValueError):
            return None

    def remember(self, key: str, location: Location) -> str | None:
        """Save the place; returns an error message instead of raising if it can't."""
        data = self._load()
        data.pop(key, None)
        entry: dict[str, object] = {"article": location.article_id}
        if location.top is not None:
            top = location.top
            entry.update(paragraph=top.block, line=top.line, offset=top.start)
        data[key] = entry
        places = [k for k in data if k != _SETTINGS]
        for oldest in places[: max(0, len(places) - MAX_CORPORA)]:  # dicts keep insertion order
            del data[oldest]
        return self._save(data)

    def recall_setting(self, name: str) -> object:
        settings = self._load().get(_SETTINGS)
        return settings.get(name) if isinstance(settings, dict) else None

    def remember_setting(self, name: str, value: object) -> str | None:
        data = self._load()
        settings = data.get(_SETTINGS)
        data[_SETTINGS] = {**(settings if isinstance(settings, dict) else {}), name: value}
        return self._save(data)

    def _save(self, data: dict[str, object]) -> str | None:
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # only when saving: it imports random, shutil …

            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError as error:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            return f"could not save the reading position to {self.path}: {error.strerror or error}"
        return None

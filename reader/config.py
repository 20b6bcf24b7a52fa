"""The user's settings: `config.toml` in the config directory (see `reader.paths`).

    # ~/.config/reader/config.toml
    theme = "textual-light"     # any Textual theme name; default: the last one used
    entity_panel = false        # show the entity panel at start (default: when the window is wide)

A missing file means defaults.  A malformed one never stops the reader: each
problem becomes a message naming the file and line, and defaults are used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reader.paths import config_dir


@dataclass(frozen=True, slots=True)
class Config:
    theme: str | None = None
    entity_panel: bool | None = None
    warnings: tuple[str, ...] = field(default=())


_KEYS: dict[str, type] = {"theme": str, "entity_panel": bool}


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        return Config(warnings=(f"{path}: cannot read ({error.strerror or error}); using defaults",))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Config(warnings=(f"{path}: not UTF-8 text; using defaults",))
    except tomllib.TOMLDecodeError as error:
        return Config(warnings=(f"{path}: {_where(error)}; using defaults",))
    values: dict[str, object] = {}
    warnings = []
    lines = raw.decode("utf-8").splitlines()
    for key, value in data.items():
        line = _line_of(lines, key)
        expected = _KEYS.get(key)
        if expected is None:
            known = ", ".join(_KEYS)
            warnings.append(f"{path}: line {line}: unknown setting {key!r} (known: {known}); ignored")
        elif not isinstance(value, expected):
            warnings.append(f"{path}: line {line}: {key} should be a {expected.__name__}; using the default")
        else:
            values[key] = value
    return Config(**values, warnings=tuple(warnings))  # type: ignore[arg-type]


def _where(error: tomllib.TOMLDecodeError) -> str:
    """tomllib says 'Invalid value (at line 3, column 9)': lead with the line, as editors do."""
    message = str(error)
    if "(at line " in message:
        reason, _, place = message.rpartition(" (at ")
        return f"{place.rstrip(')')}: {reason.lower()}"
    return message


def _line_of(lines: list[str], key: str) -> int:
    for number, line in enumerate(lines, 1):
        if line.strip().startswith(key):
            return number
    return 0

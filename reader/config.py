"""The user's settings: `config.toml` in the config directory (see `reader.paths`).

    # ~/.config/reader/config.toml
    theme = "textual-light"     # any Textual theme name; default: the last one used
    entity_panel = false        # show the entity panel at start (default: when the window is wide)
    script = "traditional"      # show text as "printed" (default), or converted to "simplified" / "traditional"
    language = "zh"             # the reader's own words: "zh" or "en" (default: from the locale)

    [keys]                      # change a key: binding id = "key" (several: "j,down"); ids in help
    next_name = "ctrl+n"

A missing file means defaults.  A malformed one never stops the reader: each
problem becomes a message naming the file and line, and defaults are used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.fileio import NotRegular, TooBig, read_regular
from reader.i18n import Language, parse_language
from reader.paths import config_dir
from reader.script import DISPLAY, Script

if TYPE_CHECKING:
    import tomllib


@dataclass(frozen=True, slots=True)
class Config:
    theme: str | None = None
    entity_panel: bool | None = None
    script: Script | None = None
    """Text shown converted to this script; None: as printed."""
    language: Language | None = None
    keys: tuple[tuple[str, str], ...] = ()
    """(binding id, keys) pairs from the `[keys]` table, as written."""
    warnings: tuple[str, ...] = field(default=())


_KEYS: dict[str, type] = {"theme": str, "entity_panel": bool, "script": str, "language": str, "keys": dict}
MAX_BYTES = 2**20
MAX_WARNINGS = 5
"""Problems reported one by one; the rest are counted (the app shows each as a notice)."""


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return Config()
    except OSError as error:
        return Config(warnings=(f"{path}: cannot read ({error.strerror or error}); using defaults",))
    except (NotRegular, TooBig) as error:
        return Config(warnings=(f"{path}: not read ({error}); using defaults",))
    import tomllib  # here: with no config file (a newcomer's case) start-up does without it

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Config(warnings=(f"{path}: not UTF-8 text; using defaults",))
    except tomllib.TOMLDecodeError as error:
        return Config(warnings=(f"{path}: {_where(error)}; using defaults",))
    values: dict[str, object] = {}
    warnings = []
    lines = _key_lines(raw.decode("utf-8"))
    unknown = 0
    for key, value in data.items():
        line = lines.get(key, 0)
        expected = _KEYS.get(key)
        if expected is None:
            unknown += 1
            if unknown <= MAX_WARNINGS:
                known = ", ".join(_KEYS)
                warnings.append(f"{path}: line {line}: unknown setting {key!r} (known: {known}); ignored")
        elif not isinstance(value, expected):
            warnings.append(f"{path}: line {line}: {key} should be a {expected.__name__}; using the default")
        elif key == "script":
            if value in DISPLAY:
                values[key] = DISPLAY[value]
            else:
                known = ", ".join(f'"{name}"' for name in DISPLAY)
                warnings.append(
                    f"{path}: line {line}: script should be one of {known}; showing text as printed"
                )
        elif key == "language" and isinstance(value, str):
            language = parse_language(value)
            if language is None:
                warnings.append(f'{path}: line {line}: language should be "zh" or "en"; using the locale\'s')
            else:
                values[key] = language
        elif key == "keys" and isinstance(value, dict):
            values[key], bad = _keymap(value)
            warnings.extend(f"{path}: [keys] {name}: should be a string of keys; ignored" for name in bad)
        else:
            values[key] = value
    if unknown > MAX_WARNINGS:
        warnings.append(f"{path}: {unknown - MAX_WARNINGS:,} more unknown settings, each ignored")
    return Config(**values, warnings=tuple(warnings))  # type: ignore[arg-type]


def _where(error: tomllib.TOMLDecodeError) -> str:
    """tomllib says 'Invalid value (at line 3, column 9)': lead with the line, as editors do."""
    message = str(error)
    if "(at line " in message:
        reason, _, place = message.rpartition(" (at ")
        return f"{place.rstrip(')')}: {reason.lower()}"
    return message


def _keymap(table: dict[str, object]) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """The `[keys]` table's (binding id, keys) pairs, and the ids whose value is not a string."""
    pairs = tuple(
        (name, value.strip()) for name, value in table.items() if isinstance(value, str) and value.strip()
    )
    bad = [name for name, value in table.items() if not isinstance(value, str) or not value.strip()]
    return pairs, bad[:MAX_WARNINGS]


def _key_lines(text: str) -> dict[str, int]:
    """Where each top-level key or table is first set (for messages; one pass, however many keys)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            lines.setdefault(stripped.strip("[] \"'"), number)
            continue
        head = line.partition("=")[0].strip().strip("\"'")
        if head:
            lines.setdefault(head, number)
    return lines

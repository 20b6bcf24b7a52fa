"""Where reader keeps its own files: config, state and cache directories.

The only places reader writes.  Each can be moved with an environment
variable (handy for tests and for portable setups):
`READER_CONFIG_DIR`, `READER_STATE_DIR`, `READER_CACHE_DIR`.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"


def config_dir() -> Path:
    return _dir("READER_CONFIG_DIR", "user_config_dir")


def state_dir() -> Path:
    return _dir("READER_STATE_DIR", "user_state_dir")


def cache_dir() -> Path:
    return _dir("READER_CACHE_DIR", "user_cache_dir")


def _dir(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    return Path(getattr(platformdirs, kind)(APP_NAME, appauthor=False))

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_PAGE = SEEDS / "000_8f3f0b3e62074fa8.txt"


@pytest.fixture(scope="session", autouse=True)
def private_cache_dir(tmp_path_factory):
    """No test touches the user's real cache: `READER_CACHE_DIR` (inherited by the
    subprocesses the CLI tests start) points at a scratch directory."""
    saved = os.environ.get("READER_CACHE_DIR")
    path = tmp_path_factory.mktemp("reader-cache")
    os.environ["READER_CACHE_DIR"] = str(path)
    yield path
    if saved is None:
        os.environ.pop("READER_CACHE_DIR", None)
    else:
        os.environ["READER_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS

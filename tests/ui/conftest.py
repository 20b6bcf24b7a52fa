from pathlib import Path

import pytest

from reader.config import Config
from reader.corpus import load_corpus
from reader.state import StateStore
from reader.ui.app import ReaderApp
from reader.ui.screenshots import settle  # noqa: F401  (re-exported for the tests)
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def tagged_corpus():
    """The seed page, parsed and tagged once for the whole UI test session."""
    return load_corpus([SEEDS])


@pytest.fixture
def state(tmp_path) -> StateStore:
    return StateStore(tmp_path / "state.json")


@pytest.fixture
def make_app(state):
    """Build the real app on the seed (or other paths), with a private state file."""

    def make(paths=(SEEDS,), **options) -> ReaderApp:
        options.setdefault("state", state)
        options.setdefault("config", Config())  # never the user's own config.toml
        options.setdefault("language", "en")  # the tests read English; test_language checks Chinese
        return ReaderApp([Path(p) for p in paths], **options)

    return make

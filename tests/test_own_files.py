"""Bad files where reader keeps its own (config, dictionary, state, cache): never a hang, never
a flood, one clear line each."""

import os
import subprocess
import sys
import time

import pytest

from reader.config import load_config
from reader.tagger import userdict
from tests.conftest import ROOT, SEEDS

LOADERS = {
    "config.toml": "from reader.config import load_config; print(load_config(path).warnings)",
    "userdict.txt": "from reader.tagger.userdict import load; print(load(path).warnings)",
    "state.json": "from reader.state import StateStore; print(StateStore(path).recall('x'))",
}


def _odd(kind: str, path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "/dev/zero":
        os.symlink("/dev/zero", path)
    else:
        os.mkdir(path)


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "directory"])
@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_fifo_or_device_in_place_of_an_own_file_is_a_notice(tmp_path, name, kind):
    path = tmp_path / name
    _odd(kind, path)
    code = f"from pathlib import Path; path = Path({str(path)!r}); " + LOADERS[name]
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30  # it used to hang (FIFO) or eat memory (/dev/zero)
    out = done.stdout.strip()
    if name == "state.json":
        assert out == "None"  # starts fresh
    else:
        assert out.count(str(path)) == 1 and ("regular file" in out or "Is a directory" in out)


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "directory", "dangling link"])
def test_a_fifo_device_directory_or_dangling_link_as_the_cache_file(tmp_path, kind):
    cache = tmp_path / "cache"
    cache.mkdir()
    target = cache / "index.sqlite3"
    if kind == "dangling link":
        os.symlink(tmp_path / "gone" / "index.sqlite3", target)
    else:
        _odd(kind, target)
    env = {**os.environ, "READER_CACHE_DIR": str(cache), "PYTHONIOENCODING": "utf-8"}

    def reader(*args):
        return subprocess.run(
            [sys.executable, "-m", "reader", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )

    parsed = reader("parse", "--no-tag", str(SEEDS))
    assert parsed.returncode == 0 and "区领导" in parsed.stdout
    said = {"fifo": "a FIFO, socket or device", "/dev/zero": "a FIFO, socket or device"}
    said |= {"directory": "a directory", "dangling link": "a link to nothing"}
    assert parsed.stderr.count("\n") == 1 and said[kind] in parsed.stderr, parsed.stderr
    assert "not writable" not in parsed.stderr
    cleared = reader("cache", "clear")
    assert cleared.returncode == 0 and cleared.stdout.startswith("removed"), cleared.stderr
    assert not os.path.lexists(target)
    assert reader("parse", "--no-tag", str(SEEDS)).stderr == ""  # a cache again


def test_a_flood_of_bad_dictionary_lines_is_counted_not_listed(tmp_path):
    path = tmp_path / "userdict.txt"
    path.write_text("".join(f"词{n} 1 2 3 4\n" for n in range(100_000)) + "恽淇丞 nr\n", encoding="utf-8")
    started = time.monotonic()
    loaded = userdict.load(path)
    assert time.monotonic() - started < 10
    assert len(loaded.warnings) == userdict.MAX_WARNINGS + 1
    assert loaded.warnings[0].startswith(f"{path}:1: too many fields")
    assert loaded.warnings[-1] == f"{path}: 99,995 more malformed lines (100,000 in all), each ignored"
    assert loaded.types == {"恽淇丞": "PER"}  # the good line still counts


def test_thousands_of_unknown_settings_are_counted_not_listed(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("".join(f"key{n} = 1\n" for n in range(3000)) + 'theme = "textual-light"\n', "utf-8")
    started = time.monotonic()
    config = load_config(path)
    assert time.monotonic() - started < 2  # was a minute of blank screen
    assert config.theme == "textual-light"
    assert (
        len(config.warnings) == 6
        and config.warnings[-1] == f"{path}: 2,995 more unknown settings, each ignored"
    )
    assert (
        config.warnings[1]
        == f"{path}: line 2: unknown setting 'key1' (known: theme, entity_panel, script, language, keys); ignored"
    )

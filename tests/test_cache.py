"""The persistent index: incremental updates, and every fault it must survive.

Each test gets its own cache directory (never the user's) and small pages;
tagging runs in this process (`workers=0`) unless the test is about workers.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reader.pages
from reader.cache import store
from reader.cache.derived import load_search, save_search
from reader.indexer import Finished, Linked, Listed, Loaded, Notice, Tagged, index_corpus
from tests.conftest import ROOT, SEED_PAGE
from tests.test_indexer import SMALL_PAGE, final_articles, plain_tagging, small_corpus


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("READER_CACHE_DIR", str(path))
    return path


@pytest.fixture
def pages(tmp_path):
    directory = small_corpus(tmp_path / "pages")
    old = time.time() - 3600  # pages written long ago, as a user's archive is
    for path in directory.iterdir():
        os.utime(path, (old, old))
    return directory


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    return plain_tagging(small_corpus(tmp_path_factory.mktemp("reference")))


def run(paths, **options):
    """Index, returning (final articles, Finished, notices)."""
    options.setdefault("workers", 0)
    events = list(index_corpus(paths if isinstance(paths, list) else [paths], **options))
    finished = next(e for e in events if isinstance(e, Finished))
    notices = [e.message for e in events if isinstance(e, Notice)]
    return final_articles(events), finished, notices, events


def same_articles(a, b):
    strip = lambda articles: [(x.id, x.headline, x.paragraphs, tuple(x.entities), x.words) for x in articles]  # noqa: E731
    return strip(a) == strip(b)


@pytest.fixture
def count_parsing(monkeypatch):
    calls = []
    original = reader.pages.page_from_bytes

    def counting(data, source):
        calls.append(source)
        return original(data, source)

    monkeypatch.setattr(reader.pages, "page_from_bytes", counting)
    return calls


# --- the cache at work -------------------------------------------------------------


def test_a_warm_start_reads_and_tags_nothing(pages, cache_dir, expected, count_parsing, monkeypatch):
    cold, finished, notices, _ = run(pages)
    assert notices == [] and finished.tagged == 3 and len(count_parsing) == 3
    assert same_articles(cold, expected)
    assert sorted(p.name for p in cache_dir.parent.iterdir()) == ["cache", "pages"]  # wrote nowhere else
    assert sorted(p.name for p in pages.iterdir()) == ["000_seed.txt", "001_page.txt", "002_page.txt"]

    def no_reading(*args, **kwargs):
        raise AssertionError("a cached page was read")

    monkeypatch.setattr(reader.pages, "read_bytes", no_reading)
    warm, finished, notices, events = run(pages)
    assert notices == [] and (finished.cached, finished.parsed, finished.tagged, finished.linked) == (
        3,
        0,
        0,
        0,
    )
    assert same_articles(warm, expected)
    assert not any(isinstance(e, (Tagged, Linked)) for e in events)
    assert next(e for e in events if isinstance(e, Listed)).pending == 0


def test_touched_file_is_checked_by_content_not_parsed(pages, cache_dir, expected, count_parsing):
    run(pages)
    count_parsing.clear()
    page = pages / "001_page.txt"
    os.utime(page, None)  # touch: new mtime, same bytes
    articles, finished, notices, _ = run(pages)
    assert count_parsing == [] and finished.tagged == 0 and notices == []
    assert same_articles(articles, expected)
    os.utime(page, (time.time() - 3600,) * 2)
    run(pages)
    assert count_parsing == []


def test_edited_file_is_parsed_and_tagged_alone(pages, cache_dir, count_parsing):
    run(pages)
    count_parsing.clear()
    page = pages / "002_page.txt"
    page.write_text(SMALL_PAGE.replace("恽淇丞", "乔俊杰"), encoding="utf-8")
    articles, finished, _, _ = run(pages)
    assert count_parsing == [str(page)] and finished.tagged == 1
    assert any("乔俊杰" in p for a in articles if a.source == str(page) for p in a.paragraphs)
    fresh, _, _, _ = run(pages, cache=False)
    assert same_articles(articles, fresh)  # incremental linking agrees with a full run


@pytest.mark.parametrize("how", ["cp -p", "rsync --inplace -t", "touch -r"])
def test_an_edit_in_place_that_keeps_size_and_mtime_is_seen(pages, cache_dir, how, tmp_path):
    run(pages)
    page = pages / "002_page.txt"
    before = page.stat()
    edited = page.read_text(encoding="utf-8").replace("恽淇丞", "乔俊杰")  # same length, in bytes too
    assert len(edited.encode()) == before.st_size
    if how == "cp -p":  # a copy of an edited file, its times kept, over the cached one
        other = tmp_path / "edited.txt"
        other.write_text(edited, encoding="utf-8")
        os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
        subprocess.run(["cp", "-p", str(other), str(page)], check=True)
    else:  # written in place, then its mtime put back
        with open(page, "r+b") as out:
            out.write(edited.encode())
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    articles, _, _, _ = run(pages)
    shown = [p for a in articles if a.source == str(page) for p in a.paragraphs]
    assert any("乔俊杰" in p for p in shown) and not any("恽淇丞" in p for p in shown)


def test_added_and_removed_files(pages, cache_dir):
    run(pages)
    (pages / "003_new.txt").write_text(SMALL_PAGE.replace("张晓明", "李新"), encoding="utf-8")
    articles, finished, _, _ = run(pages)
    assert finished.tagged == 1 and finished.files == 4
    assert same_articles(articles, run(pages, cache=False)[0])
    (pages / "001_page.txt").unlink()
    articles, finished, _, _ = run(pages)
    assert finished.tagged == 0 and finished.files == 3
    assert not any(a.source.endswith("001_page.txt") for a in articles)
    assert same_articles(articles, run(pages, cache=False)[0])
    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        paths = [bytes(p).decode() for (p,) in db.execute("SELECT path FROM files")]
    assert not any(p.endswith("001_page.txt") for p in paths)


def test_problem_pages_are_remembered_and_reported_again(pages, cache_dir, count_parsing):
    (pages / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    first = [p for e in run(pages)[3] if isinstance(e, Loaded) for p in e.problems]
    count_parsing.clear()
    second = [p for e in run(pages)[3] if isinstance(e, Loaded) for p in e.problems]
    assert first == second and "not text" in second[0].message
    assert count_parsing == []


def test_no_cache_leaves_the_cache_alone(pages, cache_dir):
    articles, finished, notices, _ = run(pages, cache=False)
    assert finished.corpus == "" and not cache_dir.exists()


def test_same_content_elsewhere_is_a_new_file(pages, cache_dir, tmp_path, expected):
    run(pages)
    copy = tmp_path / "copy"
    shutil.copytree(pages, copy)
    articles, finished, _, _ = run(copy)
    assert same_articles(articles, [a for a in articles])
    assert [a.id for a in articles] == [a.id for a in expected]


# --- faults ------------------------------------------------------------------------


def test_corrupt_cache_file_is_rebuilt_once(pages, cache_dir, expected, tmp_path):
    state = tmp_path / "state" / "state.json"
    state.parent.mkdir()
    state.write_text('{"k": {"article": "x", "paragraph": 0, "offset": 0}}', encoding="utf-8")
    run(pages)
    (cache_dir / store.FILE_NAME).write_bytes(b"this is not a database" * 1000)
    page_times = {p: p.stat().st_mtime_ns for p in pages.iterdir()}
    articles, _, notices, _ = run(pages)
    assert len(notices) == 1 and "damaged" in notices[0]
    assert same_articles(articles, expected)
    articles, finished, notices, _ = run(pages)  # rebuilt: warm again
    assert notices == [] and finished.cached == 3 and finished.tagged == 0
    assert state.read_text(encoding="utf-8") == '{"k": {"article": "x", "paragraph": 0, "offset": 0}}'
    assert {p: p.stat().st_mtime_ns for p in pages.iterdir()} == page_times


def test_truncated_cache_file(pages, cache_dir, expected):
    run(pages)
    db = cache_dir / store.FILE_NAME
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    articles, _, notices, _ = run(pages)
    assert len(notices) <= 1 and all("damaged" in n for n in notices)
    assert same_articles(articles, expected)
    assert run(pages)[1].tagged == 0


def test_damaged_rows_are_read_again(pages, cache_dir, expected):
    run(pages)
    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        db.execute(
            "UPDATE pages SET articles = '[[1, 2' WHERE path = ?", (store.path_key(pages / "001_page.txt"),)
        )
        db.execute("UPDATE pages SET local = x'00' WHERE path = ?", (store.path_key(pages / "002_page.txt"),))
    articles, finished, notices, _ = run(pages)
    assert same_articles(articles, expected)
    assert notices == ["2 cached pages could not be read back (a damaged cache?): read again"]
    assert run(pages)[2] == []


def _flip(value, bit):
    """`value` (text or bytes) with one bit flipped, as a failing disk or a cosmic ray would."""
    data = bytearray(value.encode("utf-8") if isinstance(value, str) else value)
    data[bit // 8 % len(data)] ^= 1 << (bit % 8)
    return bytes(data).decode("utf-8", "replace") if isinstance(value, str) else bytes(data)


@pytest.mark.parametrize("seed", range(12))
def test_flipped_bits_in_cached_rows_are_caught(pages, cache_dir, expected, seed):
    import random

    run(pages)
    rng = random.Random(seed)
    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        cells = [
            (table, column, rowid)
            for table, columns in (
                ("pages", ("articles", "local", "strong", "words")),
                ("linked", ("entities",)),
            )
            for column in columns
            for (rowid,) in db.execute(f"SELECT rowid FROM {table} WHERE {column} IS NOT NULL")
        ]
        cells += [("corpora", "names", rowid) for (rowid,) in db.execute("SELECT rowid FROM corpora")]
        for table, column, rowid in rng.sample(cells, 3):
            (value,) = db.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
            flipped = _flip(value, rng.randrange(8 * len(value)))
            db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (flipped, rowid))
    articles, _, _, _ = run(pages)
    assert same_articles(articles, expected)  # never a changed paragraph or entity


def test_cache_from_another_version_is_rebuilt(pages, cache_dir, expected):
    cache_dir.mkdir()
    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        db.execute("CREATE TABLE files (path TEXT, articles TEXT)")
        db.execute("PRAGMA user_version = 99")
    articles, _, notices, _ = run(pages)
    assert len(notices) == 1 and "another version" in notices[0]
    assert same_articles(articles, expected)
    assert run(pages)[1].cached == 3


def test_rows_from_an_older_parser_or_tagger_are_redone_quietly(pages, cache_dir, count_parsing):
    run(pages)
    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        db.execute("UPDATE files SET parser = 'old' WHERE name = ?", (b"000_seed.txt",))
        db.execute("UPDATE files SET tagger = 'old' WHERE name = ?", (b"001_page.txt",))
    count_parsing.clear()
    _, finished, notices, _ = run(pages)
    assert notices == [] and len(count_parsing) == 1 and finished.tagged == 2


def test_the_tagger_version_covers_its_model_files():
    """Retraining rewrites `ner.npz` (the weights) and `ner.json`: both must feed the tagger's version."""
    from reader.cache.versions import tagger_files
    from reader.tagger.model import META_PATH, MODEL_PATH

    files = tagger_files()
    assert MODEL_PATH in files and META_PATH in files
    assert Path(__file__).resolve().parents[1] / "reader" / "tagger" / "crf.py" in files


def _read_only(path):
    """Make a directory unwritable, even for root (chattr +i) where chmod is not enough."""
    if os.geteuid() == 0:
        if (
            shutil.which("chattr") is None
            or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode
        ):
            pytest.skip("running as root on a file system without chattr +i")
        return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)
    path.chmod(0o555)
    return lambda: path.chmod(0o755)


def test_read_only_cache_directory_without_a_cache(pages, cache_dir, expected):
    cache_dir.mkdir()
    undo = _read_only(cache_dir)
    try:
        articles, finished, notices, _ = run(pages)
        assert same_articles(articles, expected)
        assert len(notices) == 1 and "not writable" in notices[0]
        assert list(cache_dir.iterdir()) == []
    finally:
        undo()


def test_read_only_cache_directory_with_a_cache_is_used(pages, cache_dir, expected):
    run(pages)
    (pages / "003_new.txt").write_text(SMALL_PAGE, encoding="utf-8")
    undo = _read_only(cache_dir)
    try:
        before = sorted((p.name, p.stat().st_size) for p in cache_dir.iterdir())
        articles, finished, notices, _ = run(pages)
        assert len(notices) == 1 and "read-only" in notices[0]
        assert finished.cached == 3 and finished.tagged == 1
        assert sorted((p.name, p.stat().st_size) for p in cache_dir.iterdir()) == before
    finally:
        undo()


def test_cache_directory_that_cannot_exist(pages, tmp_path, monkeypatch, expected):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("READER_CACHE_DIR", str(blocker / "cache"))
    articles, _, notices, _ = run(pages)
    assert same_articles(articles, expected)
    assert len(notices) == 1 and "continuing without a cache" in notices[0]


def _limit_writes():
    """Writes fail past 64 kB (RLIMIT_FSIZE), as on a full disk."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.parametrize("command", [("index",), ("search", "恽淇丞")])
def test_full_disk(pages, cache_dir, command):
    """A real `reader index` (or search, which also saves the search index) on a full disk."""
    result = subprocess.run(
        [sys.executable, "-m", "reader", *command, str(pages)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=_limit_writes,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if command == ("index",):
        assert result.stdout.startswith("8 articles in 3 files")
    else:
        assert "恽淇丞" in result.stdout
    notices = [line for line in result.stderr.splitlines() if line.startswith("reader: cache:")]
    assert len(notices) == 1 and ("full" in notices[0] or "could not be written" in notices[0])
    # What did get saved is sound, and the next run (room again) completes it.
    articles, finished, notices, _ = run(pages)
    assert notices == [] and len(articles) == 8
    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cache_filling_up_midway(pages, cache_dir, monkeypatch, expected):
    """SQLite's own "database or disk is full", after the cache opened fine."""
    run([SEED_PAGE])  # a cache with something in it
    opened = store.Cache._open_rw

    def small(self):
        conn = opened(self)
        pages_now = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages_now + 2}")
        return conn

    monkeypatch.setattr(store.Cache, "_open_rw", small)
    articles, finished, notices, _ = run(pages)
    assert same_articles(articles, expected)
    assert len(notices) == 1 and "full" in notices[0]
    monkeypatch.setattr(store.Cache, "_open_rw", opened)
    _, finished, notices, _ = run(pages)
    assert notices == [] and finished.files == 3
    assert run(pages)[1].tagged == 0


def test_busy_cache_skips_saving_and_says_so(pages, cache_dir, monkeypatch, expected):
    monkeypatch.setattr(store, "BUSY_SECONDS", 0.1)
    run(pages)
    (pages / "003_new.txt").write_text(SMALL_PAGE, encoding="utf-8")
    holder = sqlite3.connect(cache_dir / store.FILE_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another reader, in the middle of a long write
    try:
        articles, finished, notices, _ = run(pages)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert finished.files == 4 and len(articles) == 10
    assert len(notices) == 1 and "busy" in notices[0]
    assert run(pages)[1].tagged == 1  # saved on the next run


def test_two_readers_at_once(pages, cache_dir):
    command = [sys.executable, "-m", "reader", "index", str(pages)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    runs = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for process in runs:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        assert out.startswith("8 articles in 3 files")
    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _, finished, notices, _ = run(pages)
    assert notices == [] and finished.tagged == 0 and finished.cached == 3


def test_file_changing_while_read_is_shown_not_cached(pages, cache_dir, monkeypatch):
    page = pages / "001_page.txt"
    original = reader.pages.read_bytes

    def growing(path, limit=reader.pages.MAX_PAGE_BYTES):
        data = original(path, limit)
        if path == page:
            with open(page, "a", encoding="utf-8") as out:
                out.write("\n追加的一段话。\n")  # another program appending to it
        return data

    monkeypatch.setattr(reader.pages, "read_bytes", growing)
    articles, finished, notices, events = run(pages)
    problems = [p for e in events if isinstance(e, Loaded) for p in e.problems]
    assert [p.message for p in problems] == [
        "changed while being read: showing one reading of it, not cached"
    ]
    assert not problems[0].skipped
    assert any(a.source == str(page) for a in articles)
    monkeypatch.setattr(reader.pages, "read_bytes", original)
    _, finished, _, _ = run(pages)
    assert finished.parsed == 1 and finished.tagged == 1  # read afresh, now that it holds still


def test_file_changing_once_is_read_again(pages, cache_dir, monkeypatch):
    page = pages / "001_page.txt"
    original = reader.pages.read_bytes
    changed = []

    def once(path, limit=reader.pages.MAX_PAGE_BYTES):
        data = original(path, limit)
        if path == page and not changed:
            changed.append(path)
            page.write_text(SMALL_PAGE.replace("张晓明", "王大力"), encoding="utf-8")
        return data

    monkeypatch.setattr(reader.pages, "read_bytes", once)
    articles, _, _, events = run(pages)
    assert not [p for e in events if isinstance(e, Loaded) for p in e.problems]
    assert any("王大力" in a.reporters for a in articles)
    assert run(pages)[1].parsed == 0


# --- the search index --------------------------------------------------------------


def test_search_index_round_trip(pages, cache_dir):
    from reader.search import SearchIndex

    articles, finished, _, _ = run(pages)
    index = SearchIndex(articles)
    assert save_search(index, finished.corpus, finished.signature) == []
    loaded, notices = load_search(articles, finished.corpus, finished.signature)
    assert notices == [] and loaded is not None
    assert [h.article.id for h in loaded.query("恽淇丞")] == [h.article.id for h in index.query("恽淇丞")]
    assert load_search(articles[:-1], finished.corpus, finished.signature)[0] is None  # other articles
    assert load_search(articles, finished.corpus, "other")[0] is None


def test_searching_a_cached_corpus_never_loads_jieba(pages, cache_dir):
    # Tagged articles keep their word boundaries: the dictionary (about 35 MB) stays unloaded.
    run(pages)
    code = (
        "import sys\n"
        "from reader.corpus import load_corpus\n"
        "from reader.search import SearchIndex, warm_up\n"
        f"articles = load_corpus([{str(pages)!r}], cache=True).articles\n"
        "index = SearchIndex(articles)\n"
        "warm_up()\n"
        "hits = index.query('恽淇丞') + index.query('洛阳') + index.query('qjj')\n"
        "jieba = 'rjieba' in sys.modules or 'jieba' in sys.modules\n"
        "print(len(hits), all(a.words for a in articles), jieba)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    count, have_words, jieba_loaded = done.stdout.split()
    assert int(count) > 0 and have_words == "True" and jieba_loaded == "False"


def test_damaged_search_index_is_never_read(pages, cache_dir):
    from reader.search import SearchIndex

    articles, finished, _, _ = run(pages)
    save_search(SearchIndex(articles), finished.corpus, finished.signature)
    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        db.execute("UPDATE blobs SET data = CAST(substr(data, 1, 100) AS BLOB)")
    index, notices = load_search(articles, finished.corpus, finished.signature)
    assert index is None and len(notices) == 1 and "damaged" in notices[0]


def _plant(cache_dir, finished, data):
    import zlib

    from reader.cache.versions import search_version

    with sqlite3.connect(cache_dir / store.FILE_NAME) as db:
        db.execute(
            "INSERT OR REPLACE INTO blobs VALUES (?, 'search', ?, ?, ?, ?)",
            (finished.corpus, search_version(), finished.signature, zlib.crc32(data), data),
        )


class _Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _planted_blobs(marker):
    """Cache blobs that would run `touch marker` if anything unpickled them."""
    import io
    import pickle

    import numpy as np

    yield pickle.dumps(_Evil(marker))
    # What the old restricted unpickler let through: pickle resolves dotted names.
    yield (
        b"\x80\x04c"
        + b"reader.search\nheap.ctypes._os.system\n"
        + pickle.dumps(f"touch {marker}")[2:-1]
        + b"\x85R."
    )
    out = io.BytesIO()  # an .npz whose array holds a pickle (an object array)
    np.savez(out, format=np.array([_Evil(marker)], dtype=object))
    yield out.getvalue()


def test_planted_search_index_cannot_run_code(pages, cache_dir, tmp_path):
    articles, finished, _, _ = run(pages)
    marker = tmp_path / "pwned"
    for data in _planted_blobs(marker):
        _plant(cache_dir, finished, data)
        index, notices = load_search(articles, finished.corpus, finished.signature)
        assert index is None and not marker.exists()
        assert notices == ["the cached search index could not be read back: building it again"]


def test_inconsistent_saved_arrays_are_rebuilt(pages, cache_dir):
    import io

    import numpy as np

    from reader.search import SearchIndex, saved

    articles, finished, _, _ = run(pages)
    good = saved.dump(SearchIndex(articles))
    arrays = dict(np.load(io.BytesIO(good), allow_pickle=False))
    for name, bad in [
        ("body.0.docs", arrays["body.0.docs"] + np.uint16(60000)),  # documents past the segment
        (
            "names.docs.values",
            arrays["names.docs.values"].astype(np.uint32) + 1000,
        ),  # articles past the corpus
        ("headline.0.starts", arrays["headline.0.starts"][::-1].copy()),  # rows out of order
        ("format", np.array([saved.FORMAT, len(articles) + 1])),  # another corpus
        ("body.0.keys", arrays["body.0.keys"].astype(np.float64)),  # another dtype
    ]:
        out = io.BytesIO()
        np.savez(out, **{**arrays, name: bad})
        _plant(cache_dir, finished, out.getvalue())
        index, notices = load_search(articles, finished.corpus, finished.signature)
        assert index is None, name
    _plant(cache_dir, finished, good)
    index, notices = load_search(articles, finished.corpus, finished.signature)
    assert index is not None and notices == [] and index.query("恽淇丞")


# --- the command line --------------------------------------------------------------


def run_reader(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        timeout=120,
    )


def test_cache_info_index_and_clear(cache_dir):
    result = run_reader("cache", "info")
    assert result.returncode == 0 and str(cache_dir / store.FILE_NAME) in result.stdout
    assert "empty" in result.stdout
    result = run_reader("index", str(SEED_PAGE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("4 articles in 1 file: 0 from the cache, 1 read, 1 tagged")
    assert run_reader("index", str(SEED_PAGE)).stdout.startswith(
        "4 articles in 1 file: 1 from the cache, 0 read, 0 tagged"
    )
    result = run_reader("cache", "info")
    assert "pages: 1 (1 tagged) · articles: 4 · corpora: 1" in result.stdout
    import json

    info = json.loads(run_reader("cache", "info", "--json").stdout)
    assert (info["files"], info["articles"], info["path"]) == (1, 4, str(cache_dir / store.FILE_NAME))
    result = run_reader("cache", "clear")
    assert result.returncode == 0 and "removed" in result.stdout
    assert not (cache_dir / store.FILE_NAME).exists()
    assert "empty" in run_reader("cache", "info").stdout


def test_no_cache_flag_everywhere(cache_dir):
    for args in (("parse", "--no-tag"), ("parse",), ("search", "乔俊杰"), ("index",)):
        result = run_reader(*args, "--no-cache", str(SEED_PAGE))
        assert result.returncode == 0, (args, result.stderr)
        assert not cache_dir.exists(), args


def test_parse_and_search_use_the_cache(cache_dir):
    assert run_reader("parse", "--json", str(SEED_PAGE)).returncode == 0
    assert (cache_dir / store.FILE_NAME).exists()
    result = run_reader("search", "乔俊杰", str(SEED_PAGE))
    assert result.returncode == 0 and "乔俊杰" in result.stdout and result.stderr == ""


def test_index_reports_progress_as_plain_lines_off_a_terminal(tmp_path, cache_dir):
    result = run_reader("index", str(small_corpus(tmp_path / "p")))
    assert result.returncode == 0
    assert "\r" not in result.stderr  # no bar redrawn in place when stderr is not a terminal


# --- the app -------------------------------------------------------------------------


async def _run_app(pages, tmp_path, **options):
    from reader.state import StateStore
    from reader.ui.app import make_app
    from reader.ui.screenshots import settle

    app = make_app([pages], state=StateStore(tmp_path / "state.json"), **options)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        index = app.corpus.search_if_built
        return app, list(app.corpus.articles), [h.article.id for h in index.query("恽淇丞")]


async def test_app_indexes_then_starts_warm(pages, cache_dir, tmp_path, expected, monkeypatch):
    from reader.search import SearchIndex

    built = []
    build = SearchIndex.__init__
    monkeypatch.setattr(SearchIndex, "__init__", lambda self, *a: built.append(1) or build(self, *a))
    app, articles, hits = await _run_app(pages, tmp_path)
    assert same_articles(articles, expected) and hits
    assert built  # cold: the search index is built (and cached)
    built.clear()
    app, warm, warm_hits = await _run_app(pages, tmp_path)
    assert same_articles(warm, expected) and warm_hits == hits
    assert not built  # warm: it comes from the cache
    assert app.corpus.report.cached == 3 and app.corpus.report.tagged == 0


async def test_app_without_cache(pages, cache_dir, tmp_path, expected):
    app, articles, hits = await _run_app(pages, tmp_path, cache=False)
    assert same_articles(articles, expected) and hits
    assert not cache_dir.exists()


@pytest.mark.parametrize("workers", [0, 2])
def test_a_dictionary_edited_while_indexing_is_not_cached_under_the_old_one(
    tmp_path, cache_dir, monkeypatch, workers
):
    from reader.indexer import jobs

    pages = tmp_path / "many"
    pages.mkdir()
    for n in range(24):  # several jobs: worth worker processes
        (pages / f"{n:02d}.txt").write_bytes(SEED_PAGE.read_bytes())
    dictionary = tmp_path / "userdict.txt"
    dictionary.write_text("# nothing yet\n", encoding="utf-8")
    monkeypatch.setenv("READER_USER_DICT", str(dictionary))

    def edit() -> None:  # the user edits the dictionary once tagging has begun
        dictionary.write_text("-乔俊杰\n", encoding="utf-8")

    tag, start = jobs.tag, jobs._Worker.start
    monkeypatch.setattr(jobs, "tag", lambda *a: edit() or tag(*a))
    monkeypatch.setattr(jobs._Worker, "start", classmethod(lambda cls: edit() or start()))

    def names(articles):
        return {e.text for a in articles for e in a.entities}

    first, finished, notices, _ = run([pages], workers=workers)
    assert finished.workers == workers and notices == []
    assert "乔俊杰" in names(first)  # tagged with the dictionary the run began with
    monkeypatch.setattr(jobs, "tag", tag)
    monkeypatch.setattr(jobs._Worker, "start", start)
    dictionary.write_text("# nothing yet\n", encoding="utf-8")  # as it was
    again, finished, _, _ = run([pages], workers=workers)
    assert finished.tagged == 0 and "乔俊杰" in names(again)
    dictionary.write_text("-乔俊杰\n", encoding="utf-8")
    edited, finished, _, _ = run([pages], workers=workers)
    assert finished.tagged == 24 and "乔俊杰" not in names(edited)


def test_a_full_disk_is_said_once_when_searching_too(pages, cache_dir, monkeypatch):
    from reader.corpus import load_corpus

    def full(self, fn):
        self._failed(sqlite3.OperationalError("database or disk is full"), writing=True)
        return False

    monkeypatch.setattr(store.Cache, "_write", full)
    corpus = load_corpus([pages])
    assert corpus.search("恽淇丞")  # saving the search index meets the full disk again
    assert len(corpus.notices) == 1 and "full" in corpus.notices[0]


def test_model_digests_are_remembered_and_a_changed_model_is_hashed_again(tmp_path, monkeypatch):
    """The tagger's version is needed at every start; its model files (megabytes) are hashed once
    and then known by their stamps, but new bytes under the old size and mtime (a reinstalled
    wheel's fixed dates) still change the version: tags of another model are never reused."""
    from reader.cache import versions

    model = tmp_path / "ner.npz"
    model.write_bytes(b"weights one " * 1000)
    monkeypatch.setattr(versions, "tagger_files", lambda: [model])
    read: list[Path] = []
    plain_read = versions._read

    def counting_read(path):
        read.append(path)
        return plain_read(path)

    monkeypatch.setattr(versions, "_read", counting_read)

    def fresh_version(cache):
        monkeypatch.setattr(versions, "_tagger_code_made", None)  # a new process
        read.clear()
        return versions.tagger_version(memo=cache)

    with store.Cache.open(tmp_path / "cache") as cache:
        first = fresh_version(cache)
        assert model in read and str(model) in cache.file_digests()
    with store.Cache.open(tmp_path / "cache") as cache:
        assert fresh_version(cache) == first
        assert model not in read  # known by its stamp
        stat = model.stat()
        model.write_bytes(b"weights two " * 1000)  # same size
        os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
        changed = fresh_version(cache)
        assert model in read and changed != first
    assert fresh_version(None) == changed  # without a cache: hashed, the same version

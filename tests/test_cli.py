"""The command line as users run it: real subprocesses, real files."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_PAGE


def reader(*args, stdin=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def test_parse_json_contract():
    result = reader("parse", "seeds", "--json")
    assert result.returncode == 0, result.stderr
    articles = json.loads(result.stdout)["articles"]
    assert len(articles) == 4
    for article in articles:
        assert {"id", "source", "headline", "reporters", "paragraphs", "entities"} <= set(article)
        assert isinstance(article["id"], str) and article["source"].endswith(SEED_PAGE.name)
        assert all(
            isinstance(x, str) for x in article["headline"] + article["reporters"] + article["paragraphs"]
        )
    assert articles[3]["headline"] == [
        "学习贯彻党的二十届三中全会精神",
        "“强国复兴有我·光影聚力”",
        "群众性主题放映活动启动",
    ]
    assert [a["reporters"] for a in articles] == [["黄雅婷"], ["朱梦琪"], ["朱梦琪"], ["黄雅婷"]]


def test_parse_listing_is_readable():
    result = reader("parse", "seeds", "--no-tag")
    assert result.returncode == 0
    assert "区领导开展“八一”拥军慰问" in result.stdout
    assert "记者 朱梦琪" in result.stdout
    assert result.stderr == ""


def test_default_corpus_is_the_packaged_seed(tmp_path):
    result = reader("parse", "--no-tag", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 4


def write(name, data):
    def make(directory):
        path = directory / name
        path.write_bytes(data)
        return path

    return make


def empty_dir(directory):
    (directory / "empty").mkdir()
    (directory / "empty" / "readme.pdf").write_bytes(b"%PDF")
    return directory / "empty"


BAD_INPUTS = [
    ("missing path", lambda d: d / "nope.txt", "nope.txt: no such file or directory"),
    ("directory without pages", empty_dir, "empty: no .txt or .md pages"),
    ("empty file", write("e.txt", b""), "e.txt: empty file"),
    ("blank file", write("b.txt", b" \n\r\n\t"), "b.txt: empty file"),
    ("binary file", write("x.txt", b"\x7fELF" + bytes(500)), "x.txt: not text: looks like an executable"),
    ("undecodable", write("u.txt", bytes(range(128, 256)) * 30), "u.txt: not text"),
]


@pytest.mark.parametrize("name,make,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gives_one_line_and_nonzero_exit(tmp_path, name, make, message):
    path = make(tmp_path)
    result = reader("parse", "--no-tag", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert message in lines[0]
    assert lines[0].startswith("reader: ")
    assert lines[-1] == "reader: nothing could be read"
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_one_bad_page_does_not_stop_the_others(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "good.txt").write_bytes(SEED_PAGE.read_bytes())
    result = reader("parse", "--no-tag", "--json", str(tmp_path))
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["articles"]) == 4
    assert result.stderr.strip() == f"reader: {tmp_path / 'bad.txt'}: not text: looks like a PNG image"


def test_reader_never_writes_to_its_pages(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(SEED_PAGE.read_bytes())
    os.chmod(page, 0o444)
    before = (page.read_bytes(), page.stat().st_mtime_ns)
    assert reader("parse", "--no-tag", str(page)).returncode == 0
    assert (page.read_bytes(), page.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]


def test_without_a_terminal_reader_lists_instead_of_drawing():
    result = reader("seeds")  # stdin and stdout are pipes here
    assert result.returncode == 0
    assert "区领导开展“八一”拥军慰问" in result.stdout
    assert "\x1b" not in result.stdout
    assert "not a terminal" in result.stderr


@pytest.fixture
def gbk_named_pages(tmp_path):
    """Pages whose folder and file names are not UTF-8: GBK, as Windows zip files leave them."""
    folder = os.path.join(os.fsencode(tmp_path), "二〇二四年七月".encode("gbk"))
    os.mkdir(folder)
    for name in ("人民日报第一版".encode("gbk"), b"page\xff"):
        with open(os.path.join(folder, name + b".txt"), "wb") as out:
            out.write(SEED_PAGE.read_bytes())
    return tmp_path


@pytest.mark.parametrize("cache", [True, False])
def test_file_names_that_are_not_utf8_load_and_read_well(gbk_named_pages, cache):
    extra = () if cache else ("--no-cache",)
    for _ in range(2 if cache else 1):  # cold, then from the cache
        listing = reader("parse", "--no-tag", str(gbk_named_pages), *extra)
        assert listing.returncode == 0 and "Traceback" not in listing.stderr, listing.stderr
        assert "二〇二四年七月/人民日报第一版.txt" in listing.stdout
        assert "page\\xff.txt" in listing.stdout
    as_json = reader("parse", "--json", str(gbk_named_pages), *extra)
    assert as_json.returncode == 0, as_json.stderr
    sources = {a["source"] for a in json.loads(as_json.stdout)["articles"]}
    assert {os.path.basename(s) for s in sources} == {"人民日报第一版.txt", "page\\xff.txt"}
    found = reader("search", "乔俊杰", str(gbk_named_pages), *extra)
    assert found.returncode == 0 and "人民日报第一版.txt" in found.stdout, found.stderr


def test_a_query_that_is_not_text_is_no_crash():
    done = subprocess.run(
        [sys.executable, "-m", "reader", "search", b"\xff", "seeds"],  # $'\xff' from a shell
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr and b"no match" in done.stderr


def test_workers_are_capped_at_the_cores(tmp_path):
    for n in range(24):
        (tmp_path / f"{n:02d}.txt").write_bytes(SEED_PAGE.read_bytes())
    done = reader("index", "--no-cache", "--workers", "64", str(tmp_path))
    assert done.returncode == 0, done.stderr
    cores = len(os.sched_getaffinity(0))
    expected = f" by {cores} worker processes," if cores > 1 else " tagged, in"
    assert expected in done.stdout, done.stdout


def test_entities_json_contract_most_mentioned_first():
    result = reader("entities", "seeds", "--json")
    assert result.returncode == 0, result.stderr
    entities = json.loads(result.stdout)["entities"]
    keys = {"name", "type", "aliases", "titles", "articles", "mentions", "first", "last", "cooccurs"}
    assert all(set(e) == keys for e in entities)
    assert [e["mentions"] for e in entities] == sorted((e["mentions"] for e in entities), reverse=True)
    by_name = {e["name"]: e for e in entities}
    assert "洛凯机电" in by_name["江苏洛凯机电股份有限公司"]["aliases"] and "洛凯机电" not in by_name
    assert {t["title"] for t in by_name["恽淇丞"]["titles"]} >= {"区委副书记", "区长"}
    assert all(c.keys() == {"name", "type", "articles"} for c in by_name["乔俊杰"]["cooccurs"])
    people = json.loads(reader("entities", "seeds", "--json", "--type", "PER", "--limit", "3").stdout)
    assert [e["type"] for e in people["entities"]] == ["PER"] * 3
    table = reader("entities", "seeds")
    assert table.returncode == 0 and "又名 洛凯机电" in table.stdout


def test_mentions_under_every_name_as_csv_and_json():
    import csv
    import io

    result = reader("mentions", "武进", "seeds", "--csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["name"] for row in rows} == {"武进", "武进区"}
    for row in rows:
        assert row["name"] in row["snippet"] and int(row["end"]) - int(row["start"]) == len(row["name"])
    data = json.loads(reader("mentions", "武进区", "seeds", "--json").stdout)
    assert data["entities"][0]["name"] == "武进区" and len(data["mentions"]) == len(rows)
    missing = reader("mentions", "乔俊", "seeds")
    assert missing.returncode == 1 and "乔俊杰" in missing.stderr and "Traceback" not in missing.stderr


# --- what a newcomer meets first ----------------------------------------------------------


def test_help_lists_every_subcommand_with_a_line_each():
    from reader.cli import COMMANDS

    result = reader("--help")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    for name in COMMANDS:
        row = next((line for line in lines if line.split()[:1] == [name]), None)
        assert row is not None, f"{name} is not listed"
        assert len(row.split()) > 2, f"{name} has no description"


def _options_without_help(help_text):
    """Option rows of an argparse help text that have no explanation after them."""
    lines = help_text.splitlines()
    start = lines.index("options:")
    bare = []
    for number, line in enumerate(lines[start + 1 :], start + 1):
        if not line.startswith("  -"):
            if line and not line.startswith(" "):
                break
            continue
        explained_here = len(line.strip().split("  ")) > 1
        following = lines[number + 1] if number + 1 < len(lines) else ""
        explained_below = following.startswith(" " * 6) and not following.strip().startswith("-")
        if not (explained_here or explained_below):
            bare.append(line.strip())
    return bare


@pytest.mark.parametrize(
    "command", ["", "parse", "search", "index", "entities", "mentions", "cache", "serve"]
)
def test_every_option_has_help_text(command):
    result = reader(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    assert _options_without_help(result.stdout) == []


def test_search_path_is_optional():
    result = reader("search")
    assert result.returncode == 2
    assert "required: QUERY" in result.stderr and "PATH" not in result.stderr.splitlines()[-1]
    found = reader("search", "乔俊杰", "--limit", "1")  # the seed pages, as without a query
    assert found.returncode == 0, found.stderr
    assert "乔俊杰" in found.stdout


def test_a_mistyped_subcommand_is_named_not_opened(tmp_path):
    result = reader("pars", "seeds")
    assert result.returncode == 2
    assert result.stderr.strip() == "reader: no such file or command 'pars'; did you mean 'parse'?"
    assert result.stdout == ""
    (tmp_path / "pars").write_bytes(SEED_PAGE.read_bytes())  # a file of that name is a file
    assert reader("pars", cwd=tmp_path).returncode == 0


def _in_a_terminal(*args, timeout=30):
    """`reader ARGS` with a pseudo-terminal as stdin and stdout (so it would open the app);
    returns (exit code or None if it was still running, what it drew, its stderr)."""
    import pty
    import select
    import time

    main, side = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        stdin=side,
        stdout=side,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "xterm-256color"},
    )
    os.close(side)
    drawn = b""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if select.select([main], [], [], 0.1)[0]:
            try:
                drawn += os.read(main, 65536)
            except OSError:  # the terminal's other side is closed: it is exiting
                break
    try:
        code = process.wait(max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        code = None
        process.kill()
        process.wait()
    os.close(main)
    return code, drawn, process.stderr.read().decode() if process.stderr else ""


def test_a_missing_path_stops_before_the_app(tmp_path):
    code, drawn, stderr = _in_a_terminal("seeds", str(tmp_path / "nope.txt"), timeout=20)
    assert code == 1, "the app opened"
    assert stderr.strip() == f"reader: {tmp_path / 'nope.txt'}: no such file or directory"
    assert b"\x1b[?1049h" not in drawn  # the app's alternate screen never came up
    assert "Traceback" not in stderr


def test_cache_info_is_the_same_twice_and_touches_nothing(tmp_path):
    env = {"READER_CACHE_DIR": str(tmp_path / "cache")}
    assert reader_env(env, "index", "seeds").returncode == 0
    before = sorted(os.listdir(tmp_path / "cache"))
    first, second = reader_env(env, "cache", "info", "--json"), reader_env(env, "cache", "info", "--json")
    assert first.returncode == 0 and json.loads(first.stdout)["articles"] == 4
    assert json.loads(first.stdout)["bytes"] == json.loads(second.stdout)["bytes"]
    assert sorted(os.listdir(tmp_path / "cache")) == before


def reader_env(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
        timeout=120,
    )


def test_counts_of_one_are_singular(tmp_path):
    done = reader_env({"READER_CACHE_DIR": str(tmp_path / "cache")}, "index", "seeds")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("4 articles in 1 file: ")

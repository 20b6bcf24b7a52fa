"""Hostile and broken input through the command line: nothing from a page drives the terminal,
nothing hangs, nothing is written where it should not be."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.corpus import load_corpus
from reader.pages import MAX_PAGE_BYTES
from reader.parse import MAX_PARAGRAPH
from tests.conftest import ROOT, SEED_PAGE

ESCAPES = {
    "CSI colour": "\x1b[31;1m",
    "CSI cursor move": "\x1b[2J\x1b[H",
    "OSC 8 link": "\x1b]8;;https://evil.example\x1b\\点我\x1b]8;;\x1b\\",
    "OSC 52 clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "title change": "\x1b]0;pwned\x07",
    "BEL": "\x07",
    "backspace": "乔\x08\x08",
    "C1 CSI": "\x9b31m",
    "bidi override": "\u202e反向\u202c",
    "bidi isolate": "\u2066隔离\u2069",
    "zero width": "乔\u200b俊\u200d杰",
}
UNSAFE = set(range(0, 9)) | set(range(11, 32)) | {0x7F} | set(range(0x80, 0xA0))
UNSAFE |= {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x200D}


def hostile_page() -> str:
    body = "".join(f"{name}:{seq}。" for name, seq in ESCAPES.items())
    return f"## 标题{ESCAPES['CSI colour']}危险\n\n本报讯(记者 张三{ESCAPES['BEL']})正文{body}\n"


def reader(*args, cwd=ROOT, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=timeout,
    )


def assert_terminal_safe(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if ord(c) in UNSAFE})
    assert not bad, f"unsafe characters reach the terminal: {bad}"


def test_escapes_never_reach_the_terminal_in_plain_output(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(hostile_page(), encoding="utf-8")
    result = reader("parse", "--no-tag", str(page))
    assert result.returncode == 0, result.stderr
    assert_terminal_safe(result.stdout.replace("\n", ""))
    assert "␛[31;1m" in result.stdout  # shown, not obeyed
    assert "⇄反向⇄" in result.stdout and "乔·俊·杰" in result.stdout


def test_escapes_are_escaped_in_json(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(hostile_page(), encoding="utf-8")
    result = reader("parse", "--no-tag", "--json", str(page))
    assert_terminal_safe(result.stdout.replace("\n", ""))
    paragraphs = json.loads(result.stdout)["articles"][0]["paragraphs"]
    assert ESCAPES["OSC 52 clipboard"] in paragraphs[0]  # the data itself is intact


def test_a_file_name_with_escapes_is_reported_safely(tmp_path):
    evil = tmp_path / "bad\x1b]0;pwned\x07name.txt"
    evil.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = reader("parse", "--no-tag", str(tmp_path))
    assert_terminal_safe(result.stderr.replace("\n", ""))
    assert "bad␛]0;pwned␇name.txt" in result.stderr


def test_a_huge_file_is_skipped_quickly(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as out:
        out.truncate(100 * 1024 * 1024)  # sparse: 100 MB without using the disk
    (tmp_path / "seed.txt").write_bytes(SEED_PAGE.read_bytes())
    corpus = load_corpus([tmp_path], tag=False)
    assert len(corpus.articles) == 4
    [problem] = corpus.problems
    assert problem.path.endswith("huge.txt")
    assert f"over the {MAX_PAGE_BYTES // 2**20} MB limit" in problem.message


def test_a_one_megabyte_line_is_read_in_bounded_paragraphs(tmp_path):
    line = ("一段没有换行的很长的文字，" * 90000)[: 1 << 20]
    page = tmp_path / "line.txt"
    page.write_text("## 标题\n\n" + line, encoding="utf-8")
    corpus = load_corpus([page], tag=False)
    [article] = corpus.articles
    assert "".join(article.paragraphs) == line
    assert max(len(p) for p in article.paragraphs) <= MAX_PARAGRAPH


def test_fifty_thousand_files(tmp_path):
    for i in range(50_000):
        (tmp_path / f"p{i}.txt").write_text(f"标题{i}\n\n本报讯(记者 张三)正文第{i}篇。\n", encoding="utf-8")
    corpus = load_corpus([tmp_path], tag=False)
    assert len(corpus.articles) == 50_000
    assert corpus.articles[9].title == "标题9" and corpus.articles[10].title == "标题10"  # natural order


def test_deep_nesting_and_symlink_loops_terminate(tmp_path):
    deep = tmp_path
    for i in range(400):  # deeper than Python's recursion would allow a recursive walk
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (deep / "page.txt").write_bytes(SEED_PAGE.read_bytes())
    (tmp_path / "d0" / "loop").symlink_to(tmp_path)
    (tmp_path / "self").symlink_to(tmp_path / "self")  # a symlink to itself
    corpus = load_corpus([tmp_path], tag=False)
    assert len(corpus.articles) == 4


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    page = tmp_path / "secret.txt"
    page.write_bytes(SEED_PAGE.read_bytes())
    (tmp_path / "ok.txt").write_bytes(SEED_PAGE.read_bytes())
    real_open = os.open

    def deny(path, *args, **kwargs):  # root ignores chmod 000, so deny the way the kernel would
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    corpus = load_corpus([tmp_path], tag=False)
    assert len(corpus.articles) == 4
    assert [(Path(p.path).name, p.message) for p in corpus.problems] == [("secret.txt", "permission denied")]


def test_fifo_and_device_among_the_pages_do_not_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "page.txt").write_bytes(SEED_PAGE.read_bytes())
    result = reader("parse", "--no-tag", str(tmp_path), str(tmp_path / "pipe.txt"), timeout=30)
    assert result.returncode == 0
    assert "pipe.txt: not a regular file" in result.stderr
    assert "zero.txt: not a regular file" in result.stderr


def test_invalid_utf8_and_nul_bytes_are_read_and_reported(tmp_path):
    good = SEED_PAGE.read_bytes()
    cut = good.index("连日来".encode())
    (tmp_path / "broken.txt").write_bytes(good[:cut] + b"\xff\xfe\x00" + good[cut:])
    result = reader("parse", "--no-tag", "--json", str(tmp_path / "broken.txt"))
    assert result.returncode == 0
    assert "broken.txt: 2 bytes not valid UTF-8, shown as �" in result.stderr
    articles = json.loads(result.stdout)["articles"]
    assert len(articles) == 4
    assert articles[0]["paragraphs"][0].startswith("��\x00连日来")


def test_mixed_encodings_across_files(tmp_path):
    text = SEED_PAGE.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "b.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "c.md").write_bytes(text.encode("utf-8"))
    corpus = load_corpus([tmp_path], tag=False)
    assert len(corpus.articles) == 12 and corpus.problems == []
    assert len({tuple(a.paragraphs) for a in corpus.articles}) == 4


@pytest.mark.parametrize("args", [("parse", "--no-tag"), ("parse", "--no-tag", "--json")])
def test_reading_writes_nothing_beside_the_pages(tmp_path, args):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_bytes(SEED_PAGE.read_bytes())
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in pages.iterdir()}
    assert reader(*args, str(pages)).returncode == 0
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in pages.iterdir()} == before


def test_writes_only_under_its_own_directories(tmp_path):
    home = tmp_path / "home"
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_bytes(SEED_PAGE.read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("READER_", "XDG_"))}
    env.update(HOME=str(home), PYTHONIOENCODING="utf-8")
    for args in (("parse", str(pages), "--json"), ("search", "拥军", str(pages)), ("index", str(pages))):
        result = subprocess.run(
            [sys.executable, "-m", "reader", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    allowed = (".cache/reader/", ".config/reader/", ".local/state/reader/")
    assert written and all(path.startswith(allowed) for path in written), written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "pages"]
    assert [p.name for p in pages.iterdir()] == ["a.txt"]

"""The core's diagnostics, shown in Chinese in a Chinese run (and as written otherwise)."""

import pytest

from reader.i18n import set_language
from reader.notices_zh import in_language


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_messages_the_app_shows_read_in_chinese(chinese):
    assert in_language("p1.txt: no such file or directory") == "p1.txt: 没有这个文件或目录"
    assert in_language("x.bin: not text: looks like a JPEG image") == "x.bin: 不是文本：看起来是a JPEG image"
    assert (
        in_language(
            "/c/index.sqlite3: the cache at /c/index.sqlite3 is read-only (permission denied): using it without saving"
        )
        == "/c/index.sqlite3: 缓存 /c/index.sqlite3 是只读的 (没有权限): 只读使用，不再保存"
    )
    assert in_language("武进区 without its suffix (区)") == "武进区 去掉后缀（区）"
    assert in_language("userdict.txt:3: frequency must be a positive whole number: 'x' (line ignored)") == (
        "userdict.txt:3: 词频必须是正整数: 'x' （此行已忽略）"
    )


def test_english_runs_and_unknown_messages_are_left_as_written(chinese):
    assert in_language("something new happened") == "something new happened"
    set_language("en")
    assert in_language("p1.txt: no such file or directory") == "p1.txt: no such file or directory"

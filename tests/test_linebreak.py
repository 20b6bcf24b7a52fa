"""Chinese line breaking on real seed paragraphs and mixed Chinese/Latin/number text."""

import re

import pytest
from rich.cells import cell_len

from reader.linebreak import NO_LINE_END, NO_LINE_START, char_width, text_width, truncate, wrap
from reader.parse import parse_page

MIXED = [
    "洛凯机电是上海证券交易所A股主板上市企业,2024年营收12.5亿元,同比增长15%,growth in Q3 was strong。",
    "“强国复兴有我·光影聚力”群众性主题放映活动启动暨武进区红色主题影城揭牌仪式在橙天嘉禾影城武进吾悦店举行。",
    "他说：“我们要把20部红色电影送到基层！”——这是承诺……也是责任。",
    "区发改局通报全区民生实事项目1—6月完成情况(www.wj.gov.cn/news/2024)。",
]


def seed_paragraphs(seed_text):
    return [p for a in parse_page(seed_text) for p in (*a.headline, *a.paragraphs)]


def check(text, lines, width, first_width=None):
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        limit = first_width if (number == 0 and first_width) else width
        assert text_width(line) <= limit, (line, width)
        if number > 0:
            assert line[:1] not in NO_LINE_START, f"line starts with {line[:1]!r}: {line}"
        if number < len(lines) - 1:
            assert line[-1:] not in NO_LINE_END, f"line ends with {line[-1:]!r}: {line}"
    # Nothing lost: the lines plus the spaces dropped at breaks give back the text.
    rebuilt = ""
    for start, end in lines:
        rebuilt += " " * (start - len(rebuilt)) + text[start:end]
    assert rebuilt.rstrip(" ") == text.rstrip(" ")


@pytest.mark.parametrize("width", [7, 10, 16, 23, 30, 41, 60, 79])
def test_seed_paragraphs_wrap_by_the_rules(seed_text, width):
    for paragraph in seed_paragraphs(seed_text):
        check(paragraph, wrap(paragraph, width), width)
        check(paragraph, wrap(paragraph, width, first_width=width - 4), width, width - 4)


@pytest.mark.parametrize("width", [8, 12, 20, 33, 50])
@pytest.mark.parametrize("text", MIXED, ids=range(len(MIXED)))
def test_mixed_text(text, width):
    lines = wrap(text, width)
    check(text, lines, width)
    words = re.findall(r"[A-Za-z0-9_.%/-]+", text)  # Latin words and numbers, whole
    for word in words:
        if text_width(word) <= width:
            assert any(word in text[s:e] for s, e in lines), f"{word!r} split at width {width}"


def test_a_break_falls_between_han_characters():
    assert wrap("区领导开展拥军慰问", 6) == [(0, 3), (3, 6), (6, 9)]


def test_closing_punctuation_pulls_the_previous_character_down():
    # At 8 cells "积极履行" fits, then "职，" would start a line with "，" → break before 职.
    text = "积极履行职，服务地方"
    lines = [text[s:e] for s, e in wrap(text, 10)]
    assert lines == ["积极履行", "职，服务地", "方"]


def test_opening_quote_never_ends_a_line():
    text = "发扬“听党指挥”的传统"
    lines = [text[s:e] for s, e in wrap(text, 6)]
    assert all(not line.endswith("“") for line in lines)


def test_dashes_and_ellipses_stay_whole():
    text = "这是承诺——也是责任……更是使命"
    for width in range(6, 20):
        for s, e in wrap(text, width):
            assert not text[s:e].endswith(("—", "…")) or text[s:e].endswith(("——", "……"))


def test_word_longer_than_the_line_is_cut():
    text = "网址https://example.com/very/long/path"
    lines = wrap(text, 10)
    check(text, lines, 10)


def test_widths_agree_with_rich():
    sample = "中文，。、“”‘’…—·（）《》「」ＡＢＣ１２３abc 123 ½é한글かなカナ😀\u3000"
    for ch in sample:
        assert char_width(ch) == cell_len(ch), ch


@pytest.mark.parametrize(
    "text,width,expected",
    [
        ("区领导开展“八一”拥军慰问", 10, "区领导开…"),
        ("区领导开展", 10, "区领导开展"),
        ("A股主板上市", 6, "A股主…"),
        ("乔俊杰", 4, "乔…"),
    ],
)
def test_truncate_by_cells(text, width, expected):
    assert truncate(text, width) == expected
    assert text_width(truncate(text, width)) <= width

"""Traditional Chinese: conversion, Hong Kong and Taiwan pages, tagging and one entity in both scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.byline import split_byline
from reader.models import BYLINE
from reader.parse import parse_file
from reader.script import DISPLAY, convert, next_display, to_simplified, to_traditional
from reader.vertical import horizontal

DATA = Path(__file__).resolve().parent / "data"


def page(name: str):
    path = DATA / name
    return parse_file(path.read_text(encoding="utf-8"), str(path))


# --- conversion ----------------------------------------------------------------------------


def test_folding_is_one_character_for_one_and_many_become_one():
    text = "頭髮乾了以後，發展幹部與乾隆"
    folded = to_simplified(text)
    assert len(folded) == len(text)
    assert folded == "头发干了以后，发展干部与干隆"
    assert to_simplified("香港特区行政长官") == "香港特区行政长官"  # Simplified stays


def test_display_conversion_takes_phrases_for_one_to_many_characters():
    assert to_traditional("头发") == "頭髮" and to_traditional("发展") == "發展"
    assert to_traditional("以后") == "以後" and to_traditional("皇后") == "皇后"
    assert to_traditional("干部") == "幹部" and to_traditional("干净") == "乾淨"
    text = "香港特区行政长官李家超会见台湾大学校长陈文章"
    assert len(to_traditional(text)) == len(text)
    assert to_simplified(to_traditional(text)) == text
    assert convert(text, None) == text and convert("陳文章", "simplified") == "陈文章"


def test_the_display_cycles_through_every_way_of_showing_text():
    seen = [None]
    while (after := next_display(seen[-1])) is not None:
        seen.append(after)
    assert seen == list(DISPLAY.values())


def test_vertical_forms_read_as_horizontal():
    assert horizontal("﹁綠色﹂︰﹃好﹄︒") == "「綠色」：『好』。"
    assert horizontal("plain") == "plain"


# --- pages ---------------------------------------------------------------------------------


def test_hong_kong_page_parses_into_its_articles_with_reporters():
    articles, notices = page("hk_daily.txt")
    assert notices == []
    assert [a.headline for a in articles] == [
        ("特首會見台灣大學校長", "兩地高校擬簽合作備忘錄"),
        ("屯門公路昨晨車禍", "兩人受傷送院"),
        ("「綠色社區」計劃擴展至十八區",),
    ]
    first, second, third = articles
    assert first.byline == "【港島日報專訊】" and first.paragraphs[0].startswith("香港特區行政長官")
    assert first.notes == ("（下轉A4版）",)
    assert second.byline == "本報訊（記者 黃志強）" and second.reporters == ("黃志強",)
    assert "︰" not in third.paragraphs[0] and "「綠色社區」" in third.paragraphs[0]
    assert {(a.paper, a.date, a.page, a.section) for a in articles} == {
        ("港島日報", "2024-07-30", "A2", "港聞")
    }


def test_taiwan_page_parses_into_its_articles_with_reporters():
    articles, _ = page("tw_daily.txt")
    assert [a.reporters for a in articles] == [("王小明",), ("林怡君", "張大同"), ("李美華",)]
    assert [a.byline for a in articles] == [
        "記者王小明／台北報導",
        "（中央社記者林怡君、張大同高雄29日電）",
        "〔記者李美華／新竹報導〕",
    ]
    assert articles[0].headline == ("行政院通過明年度總預算", "經濟部：半導體補助續增")
    assert articles[1].paragraphs[0].startswith("颱風凱米昨日遠離臺灣")
    assert all(len(a.paragraphs) == 2 for a in articles)
    assert articles[0].paper == "臺灣晨報"


@pytest.mark.parametrize(
    ("line", "byline", "reporters", "rest"),
    [
        ("【明報專訊】政府昨日宣布", "【明報專訊】", (), "政府昨日宣布"),
        ("【本報訊】（記者 陳大文）政府昨日", "【本報訊】（記者 陳大文）", ("陳大文",), "政府昨日"),
        ("（中央社記者王小明台北7日電）行政院", "（中央社記者王小明台北7日電）", ("王小明",), "行政院"),
        ("（中央社台北7日電）天氣", "（中央社台北7日電）", (), "天氣"),
        ("（中央社記者王明台北7日電）天氣", "（中央社記者王明台北7日電）", ("王明",), "天氣"),
        ("記者王小明、李大華／綜合報導", "記者王小明、李大華／綜合報導", ("王小明", "李大華"), ""),
        ("本報記者 張三 李四", "本報記者 張三 李四", ("張三", "李四"), ""),
        (
            "本报讯（记者　张三　通讯员　李四）文",
            "本报讯（记者\u3000张三\u3000通讯员\u3000李四）",
            ("张三", "李四"),
            "文",
        ),
        ("記者會今天舉行，部長出席。", None, (), "記者會今天舉行，部長出席。"),
    ],
)
def test_bylines_of_both_scripts(line, byline, reporters, rest):
    found, after = split_byline(line)
    assert (found.text if found else None, found.reporters if found else (), after) == (
        byline,
        reporters,
        rest,
    )


# --- tagging and entities ------------------------------------------------------------------


@pytest.fixture(scope="module")
def tagger():
    from reader.tagging import Tagger

    return Tagger(None)


def test_traditional_sentence_is_tagged_as_its_simplified_twin(tagger):
    simplified = "香港特区行政长官李家超昨日在政府总部会见台湾大学校长陈文章"
    traditional = "香港特區行政長官李家超昨日在政府總部會見台灣大學校長陳文章"
    found = [(s.start, s.end, s.type) for s in tagger.tag(traditional)]
    assert found == [(s.start, s.end, s.type) for s in tagger.tag(simplified)]
    names = {traditional[s:e]: kind for s, e, kind in found}
    assert names["陳文章"] == "PER" and names["台灣大學"] == "ORG" and names["李家超"] == "PER"


def test_the_tagger_keeps_characters_simplified_text_uses_as_themselves(tagger):
    from reader.tagger.folded import to_simplified as tagger_fold

    assert tagger_fold("著名作家蕭乾") == "著名作家萧乾"  # search folds 著 and 乾; the tagger may not
    assert [(e.start, e.end) for e in tagger.tag("一次我看到，他给萧乾写封信。")] == [(8, 10)]


def test_traditional_page_entities_keep_the_printed_text(tagger):
    articles = tagger.tag_articles(page("tw_daily.txt")[0])
    texts = {(e.text, e.type) for a in articles for e in a.entities}
    assert {("卓榮泰", "PER"), ("郭智輝", "PER"), ("陳其邁", "PER"), ("經濟部", "ORG")} <= texts
    # the reporters of （中央社記者林怡君、張大同高雄29日電）, not a name run into the place
    byline = {e.text for e in articles[1].entities if e.at.block == BYLINE and e.type == "PER"}
    assert byline == {"林怡君", "張大同"}
    for article in articles:
        blocks = {(b, line): text for b, line, text in article.blocks()}
        for e in article.entities:
            assert blocks[(e.at.block, e.at.line)][e.at.start : e.at.end] == e.text


def test_user_dictionary_words_count_in_either_script():
    from reader.tagger.userdict import parse
    from reader.tagging import Tagger

    tagger = Tagger(parse("港島晨運會 ORG\n"))
    text = "港岛晨运会今日举行年会，港島晨運會會員出席。"
    assert [text[s.start : s.end] for s in tagger.tag(text) if s.type == "ORG"] == [
        "港岛晨运会",
        "港島晨運會",
    ]


def test_a_name_printed_in_both_scripts_is_one_entity(tmp_path):
    from reader.corpus import load_corpus

    (tmp_path / "hk.txt").write_text((DATA / "hk_daily.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "cn.txt").write_text(
        "台湾大学校长访问北京\n\n本报讯（记者 张三）台湾大学校长陈文章昨日抵达北京，陈文章表示将加强交流。\n",
        encoding="utf-8",
    )
    corpus = load_corpus([tmp_path], cache=False)
    profile = corpus.profiles.get("陈文章", "PER")
    assert profile is not None and {t for t, _ in profile.names} == {"陈文章", "陳文章"}
    assert corpus.profiles.get("陳文章", "PER") is profile
    assert profile.why["陳文章"] == "the same name in the other script"
    assert profile.article_count == 2
    university = corpus.profiles.get("台灣大學", "ORG")
    assert university is corpus.profiles.get("台湾大学", "ORG") and university.article_count == 2
    assert corpus.profiles.named("陈文") == [profile]


# --- search --------------------------------------------------------------------------------

SIMPLIFIED_PAGE = """台湾大学校长访问北京

本报讯（记者 张三）台湾大学校长陈文章昨日抵达北京，会见清华大学校长。陈文章表示将加强两岸高校交流。
"""


@pytest.fixture(scope="module")
def search(tagger):
    from reader.parse import parse_page
    from reader.search import SearchIndex

    articles = page("hk_daily.txt")[0] + page("tw_daily.txt")[0] + parse_page(SIMPLIFIED_PAGE, "cn.txt")
    return SearchIndex(tagger.tag_articles(articles))


def hits(index, query: str, scores: dict[str, float] | None = None) -> dict[str, tuple[str, str]]:
    """Title → (field, the matched text as printed at the hit's place) of every hit; fills
    `scores` (title → score) if given."""
    out = {}
    for hit in index.query(query):
        blocks = {(b, line): text for b, line, text in hit.article.blocks()}
        at = hit.at
        out[hit.article.title] = (hit.field, blocks[(at.block, at.line)][at.start : at.end])
        if scores is not None:
            scores[hit.article.title] = hit.score
        if hit.highlights:  # a filter alone highlights nothing
            start, end = hit.highlights[0]
            assert hit.snippet[start:end] == out[hit.article.title][1]  # on the printed text
    return out


EXACT = 55
"""The lowest score of an exact hit (`reader.search.rank.BANDS`: typo matches score below)."""


HK = "特首會見台灣大學校長"
CN = "台湾大学校长访问北京"


@pytest.mark.parametrize(
    ("query", "title", "printed"),
    [
        ("会见", HK, "會見"),  # Simplified query, Traditional text
        ("會見", CN, "会见"),  # and the reverse
        ("两地高校", HK, "兩地高校"),
        ("兩岸高校", CN, "两岸高校"),
        ("屯门公路", "屯門公路昨晨車禍", "屯門公路"),
    ],
)
def test_a_phrase_in_either_script_is_an_exact_hit_on_the_other(search, query, title, printed):
    scores: dict[str, float] = {}
    assert hits(search, query, scores)[title][1] == printed
    assert scores[title] >= EXACT


def test_names_in_either_script_find_both(search):
    for query in ("陈文章", "陳文章"):
        found = hits(search, query)
        assert found[HK] == ("entity", "陳文章") and found[CN] == ("entity", "陈文章")
    assert hits(search, "卓荣泰")["行政院通過明年度總預算"] == ("entity", "卓榮泰")
    assert hits(search, "李美华")["新竹縣科學園區擴建案 環評過關"][1] == "李美華"


@pytest.mark.parametrize("query", ["chenwenzhang", "cwz", "chenwz"])
def test_pinyin_and_initials_find_traditional_text(search, query):
    found = hits(search, query)
    assert found[HK] == ("pinyin", "陳文章") and found[CN] == ("pinyin", "陈文章")


def test_pinyin_reads_traditional_headlines(search):
    assert hits(search, "tunmen")["屯門公路昨晨車禍"] == ("pinyin", "屯門")
    assert hits(search, "lssq")["「綠色社區」計劃擴展至十八區"] == ("pinyin", "綠色社區")


def test_the_typo_allowance_is_not_spent_on_the_script(search):
    # one wrong character (早 for 章) besides the script difference: still found, as a typo
    scores: dict[str, float] = {}
    found = hits(search, "台湾大学校长陈文早", scores)
    assert found[HK] == ("body", "台灣大學校長陳文章") and found[CN] == ("body", "台湾大学校长陈文章")
    assert scores[HK] == scores[CN] < EXACT


def test_reporter_filter_in_either_script(search):
    assert list(hits(search, "by:王小明")) == ["行政院通過明年度總預算"]
    assert list(hits(search, "by:林怡君 台风")) == ["颱風凱米遠離 南部仍有豪雨"]

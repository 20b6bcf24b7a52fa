"""Archives as people keep them: each article knows its paper, date, page and section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.archive import placement_of_path
from reader.corpus import load_corpus
from reader.furniture import normal_page, read_furniture
from reader.models import Placement
from reader.parse import parse_file

STORY = """## {title}

本报讯(记者 {reporter}){lead}，区委书记乔俊杰来到洛阳镇调研。

他强调，要坚持创新驱动，推动高质量发展。
"""
FURNITURE_WORDS = ("武进日报", "第3版", "第01版", "人民日报》", "星期")


def story(title: str, reporter: str = "黄雅婷", lead: str = "昨天") -> str:
    return STORY.format(title=title, reporter=reporter, lead=lead)


def no_furniture_in_text(articles) -> None:
    for article in articles:
        for text in (*article.headline, article.byline, *article.paragraphs):
            assert not any(word in text for word in FURNITURE_WORDS), text


# --- where the path says it -----------------------------------------------------------


PATHS = [
    ("archive/2024-07-30/p1.txt", Placement(date="2024-07-30", page="1")),
    ("archive/2024/07/30/01.txt", Placement(date="2024-07-30", page="1")),
    ("archive/2024-07/30/page_3.txt", Placement(date="2024-07-30", page="3")),
    ("x/20240730/A03.md", Placement(date="2024-07-30", page="A3")),
    ("x/2024年7月30日/第02版.txt", Placement(date="2024-07-30", page="2")),
    ("人民日报/2024-07-30/01.txt", Placement(paper="人民日报", date="2024-07-30", page="1")),
    ("wjrb_20240730_02.txt", Placement(date="2024-07-30", page="2")),
    ("武进日报_2024-07-30_第3版.txt", Placement(paper="武进日报", date="2024-07-30", page="3")),
    ("seeds/000_8f3f0b3e62074fa8.txt", Placement()),  # a number inside a name is not a page
    ("pages/2024.txt", Placement()),
    ("pages/2024-02-30/p1.txt", Placement(page="1")),  # no such day
    ("2023-01-01/my/papers/to/read/x.txt", Placement()),  # a date five folders up is not this page's
]


@pytest.mark.parametrize("path,expected", PATHS, ids=[p for p, _ in PATHS])
def test_what_a_path_says(path, expected):
    assert placement_of_path(path) == expected


@pytest.mark.parametrize(
    "printed,page", [("01", "1"), ("A02", "A2"), ("a3", "A3"), ("三", "3"), ("十二", "12"), ("0", "0")]
)
def test_page_numbers_as_a_reader_says_them(printed, page):
    assert normal_page(printed) == page


# --- what the page's furniture says ---------------------------------------------------


def test_a_masthead_places_the_page_and_is_not_text():
    text = "武进日报　2024年7月30日　星期二　第3版　综合\n\n" + story("区领导开展慰问")
    articles, notices = parse_file(text, "anything.txt")
    assert notices == []
    assert [a.placement for a in articles] == [Placement("武进日报", "2024-07-30", "3", "综合")]
    assert articles[0].headline == ("区领导开展慰问",) and articles[0].reporters == ("黄雅婷",)
    no_furniture_in_text(articles)


def test_a_day_file_holds_every_page():
    text = (
        "**武进日报** 2024年7月30日 星期二\n\n"
        "第01版：要闻\n\n" + story("头版头条") + story("另一篇", "张晓明") + "\n"
        "## 第02版：综合\n\n" + story("二版文章", "朱梦琪") + "\n"
        "第A03版 经济\n\n" + story("三版文章")
    )
    articles, _ = parse_file(text, "archive/2024-07-30.txt")
    placed = [(a.title, a.paper, a.date, a.page, a.section) for a in articles]
    assert placed == [
        ("头版头条", "武进日报", "2024-07-30", "1", "要闻"),
        ("另一篇", "武进日报", "2024-07-30", "1", "要闻"),
        ("二版文章", "武进日报", "2024-07-30", "2", "综合"),
        ("三版文章", "武进日报", "2024-07-30", "A3", "经济"),
    ]
    assert [a.order for a in articles] == [0, 1, 2, 3] and len({a.id for a in articles}) == 4
    no_furniture_in_text(articles)


def test_a_peoples_daily_article_file():
    text = (
        "《人民日报》（2024年07月30日 第 04 版）\n\n## 推动高质量发展\n\n本报记者 王五 赵六\n\n"
        "本报北京7月29日电(记者 王五)国务院新闻办公室29日举行发布会。\n"
    )
    articles, notices = parse_file(text, "rmrb/0730/04-01.txt")
    assert notices == []
    (article,) = articles
    assert article.placement == Placement("人民日报", "2024-07-30", "4", None)
    assert article.title == "推动高质量发展"
    assert article.reporters == ("王五", "赵六")
    no_furniture_in_text(articles)


@pytest.mark.parametrize(
    "byline,reporters",
    [
        ("本报北京7月29日电(记者 张三 李四)", ("张三", "李四")),
        ("新华社北京7月29日电（记者 王五）", ("王五",)),
        ("本报讯(记者 黄雅婷 通讯员 钱七)", ("黄雅婷", "钱七")),
    ],
)
def test_peoples_daily_style_bylines(byline, reporters):
    (article,) = parse_file(f"## 标题\n\n{byline}正文一句。\n", "x.txt")[0]
    assert article.byline == byline and article.reporters == reporters
    assert article.paragraphs == ("正文一句。",)


def test_a_date_line_and_the_path_fill_each_other():
    text = "2024年7月30日 星期二\n\n" + story("标题")
    (article,) = parse_file(text, "人民日报/p5.txt")[0]
    assert article.placement == Placement("人民日报", "2024-07-30", "5", None)  # furniture first, then path


def test_a_weekday_that_contradicts_the_date_is_a_notice():
    articles, notices = parse_file("武进日报 2024年7月31日 星期二 第1版\n\n" + story("标题"), "x.txt")
    assert articles[0].date == "2024-07-31"
    assert notices == ["'武进日报 2024年7月31日 星期二 第1版': 2024-07-31 is a 星期三, not a 星期二"]
    articles, notices = parse_file("武进日报 2024年2月30日 第1版\n\n" + story("标题"), "x.txt")
    assert articles[0].date is None and articles[0].page == "1" and "no such date" in notices[0]


def test_text_that_mentions_dates_and_pages_stays_text():
    text = story("2024年7月30日起实施新规") + "\n\n详见第3版。\n\n2024年7月30日，全区召开会议部署工作。\n"
    articles, _ = parse_file(text, "x.txt")
    assert articles[0].title == "2024年7月30日起实施新规"
    assert "详见第3版。" in articles[0].paragraphs[-2] + articles[0].paragraphs[-1]
    assert articles[0].date is None


def test_furniture_takes_no_time_on_ordinary_pages(seed_text):
    assert read_furniture(seed_text).pages[0][1] == seed_text


# --- a whole archive ------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path) -> Path:
    """Two months of a paper in dated folders, a file per page, plus an undated folder."""
    root = tmp_path / "武进日报"
    days = ["2024-06-28", "2024-07-01", "2024-07-30"]
    for day in days:
        for page in (1, 2):
            folder = root / day
            folder.mkdir(parents=True, exist_ok=True)
            title = f"{day}第{page}版稿件"
            (folder / f"p{page}.txt").write_text(story(title, ["黄雅婷", "张晓明"][page - 1]), "utf-8")
    for name in ("old", "older"):
        (tmp_path / "misc" / name).mkdir(parents=True)
        (tmp_path / "misc" / name / "p1.txt").write_text(story(f"{name}稿件"), "utf-8")
    return tmp_path


def test_every_article_of_an_archive_is_placed(archive):
    corpus = load_corpus([archive], tag=False, cache=False)
    placed = {a.title: a.placement for a in corpus.articles}
    assert placed["2024-07-30第2版稿件"] == Placement("武进日报", "2024-07-30", "2", None)
    assert placed["2024-06-28第1版稿件"] == Placement("武进日报", "2024-06-28", "1", None)
    assert placed["old稿件"] == Placement(page="1") and placed["older稿件"] == Placement(page="1")


def test_parse_json_carries_the_placement(archive):
    import contextlib
    import io

    from reader.cli import run

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run(["parse", "--json", "--no-tag", "--no-cache", str(archive)]) == 0
    articles = json.loads(out.getvalue())["articles"]
    first = next(a for a in articles if a["headline"] == ["2024-07-01第1版稿件"])
    assert (first["paper"], first["date"], first["page"], first["section"]) == (
        "武进日报",
        "2024-07-01",
        "1",
        None,
    )
    undated = next(a for a in articles if a["headline"] == ["old稿件"])
    assert undated["date"] is None and undated["paper"] is None


def test_the_cache_keeps_the_placement(archive, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    cold = load_corpus([archive], tag=False)
    warm = load_corpus([archive], tag=False)
    assert warm.report.cached == warm.report.files
    assert [a.placement for a in warm.articles] == [a.placement for a in cold.articles]


# --- search filters -------------------------------------------------------------------


def titles(hits) -> list[str]:
    return [h.article.title for h in hits]


@pytest.fixture
def archive_index(archive):
    from reader.search import SearchIndex

    return SearchIndex(load_corpus([archive], tag=False, cache=False).articles)


FILTERS = [
    ("date:2024-07-30", ["2024-07-30第1版稿件", "2024-07-30第2版稿件"]),
    (
        "date:2024-07",
        ["2024-07-30第1版稿件", "2024-07-30第2版稿件", "2024-07-01第1版稿件", "2024-07-01第2版稿件"],
    ),
    ("date:2024 page:2", ["2024-07-30第2版稿件", "2024-07-01第2版稿件", "2024-06-28第2版稿件"]),
    ("date:2024-06-01..2024-07-01 page:1", ["2024-07-01第1版稿件", "2024-06-28第1版稿件"]),
    ("date:..2024-06 by:黄雅婷", ["2024-06-28第1版稿件"]),
    ("date:2024-07.. !by:黄雅婷", ["2024-07-30第2版稿件", "2024-07-01第2版稿件"]),
    ("page:01 paper:武进", ["2024-07-30第1版稿件", "2024-07-01第1版稿件", "2024-06-28第1版稿件"]),
    ("by:张晓明 date:2024-06-28", ["2024-06-28第2版稿件"]),
    ("section:要闻", []),
    ("date:2023", []),
]


@pytest.mark.parametrize("query,expected", FILTERS, ids=[q for q, _ in FILTERS])
def test_filters_alone_list_what_passes_newest_first(archive_index, query, expected):
    assert titles(archive_index.query(query, limit=100)) == expected


def test_filters_narrow_a_search(archive_index):
    everywhere = titles(archive_index.query("乔俊杰", limit=100))
    assert len(everywhere) == 8  # every page, and the undated ones
    narrowed = titles(archive_index.query("乔俊杰 date:2024-07 page:2", limit=100))
    assert sorted(narrowed) == ["2024-07-01第2版稿件", "2024-07-30第2版稿件"]
    either = titles(archive_index.query("date:2024-07-01 稿件 | 慰问", limit=100))
    assert sorted(either) == ["2024-07-01第1版稿件", "2024-07-01第2版稿件"]
    spoken = titles(archive_index.query("gaojian date:2024-06", limit=100))  # 稿件 in pinyin
    assert sorted(spoken) == ["2024-06-28第1版稿件", "2024-06-28第2版稿件"]


@pytest.mark.parametrize("typed", ["date:", "date:2", "date:2024-13", "page:", "by:"])
def test_a_filter_still_being_typed_is_not_a_search_term(archive_index, typed):
    from reader.search.query import parse

    assert not parse(typed)
    assert len(archive_index.query(f"乔俊杰 {typed}", limit=100)) == 8


def test_filters_survive_the_cache(archive, tmp_path, monkeypatch):
    from reader.cache.derived import load_search, save_search
    from reader.search import SearchIndex

    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    corpus = load_corpus([archive], tag=False)
    index = SearchIndex(corpus.articles)
    assert save_search(index, corpus.cache_key, corpus.signature) == []
    loaded, notices = load_search(corpus.articles, corpus.cache_key, corpus.signature)
    assert loaded is not None and notices == []
    for query, expected in FILTERS:
        assert titles(loaded.query(query, limit=100)) == expected, query


def test_reader_search_takes_filters(archive):
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "search",
            "--no-cache",
            "--json",
            "date:2024-07 by:张晓明",
            str(archive),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    heads = [r["headline"][0] for r in json.loads(done.stdout)["results"]]
    assert heads == ["2024-07-30第2版稿件", "2024-07-01第2版稿件"]

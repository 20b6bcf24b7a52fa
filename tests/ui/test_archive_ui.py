"""Reading an archive as a paper in the app: pages grouped by issue, the page, issue and date keys,
the timeline of a name, the overview."""

from __future__ import annotations

import pytest

from reader.ui.screens.overview import OverviewScreen
from reader.ui.screens.profile import ProfileScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.mention_list import MentionList
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.search_box import SearchBox
from tests.ui.conftest import settle

DAYS = ["2024-06-28", "2024-07-01", "2024-07-30"]
SECTIONS = {1: "要闻", 2: "综合"}
WEEKDAYS = "一二三四五六日"


def write_archive(root) -> None:
    """Three issues of a paper, two pages each, a masthead on every page; 乔俊杰 in some."""
    import datetime

    for day in DAYS:
        date = datetime.date.fromisoformat(day)
        folder = root / "武进日报" / day
        folder.mkdir(parents=True)
        for page in (1, 2):
            masthead = (
                f"武进日报　{date.year}年{date.month}月{date.day}日　星期{WEEKDAYS[date.weekday()]}"
                f"　第{page}版　{SECTIONS[page]}"
            )
            name = "乔俊杰" if page == 1 or day == "2024-07-30" else "朱慧峰"
            text = "\n\n".join(
                f"## {day[5:]}第{page}版第{n}篇\n\n本报讯(记者 黄雅婷)昨天，市委常委、区委书记{name}来到洛阳镇调研。"
                for n in (1, 2)
            )
            (folder / f"{page:02d}.txt").write_text(f"{masthead}\n\n{text}\n", encoding="utf-8")


@pytest.fixture
def archive(tmp_path):
    write_archive(tmp_path)
    return tmp_path


def title(app) -> str:
    return app.screen.query_one(ReadingPane).article.title


def headers(app) -> list[str]:
    rows = app.screen.query_one(ArticleList)._rows
    return [row.label for row in rows if type(row).__name__ == "_Header"]


async def test_pages_are_grouped_by_issue_newest_first(make_app, archive):
    app = make_app([archive], language="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert headers(app) == [
            "7月30日 周二 · 第1版 要闻",
            "7月30日 周二 · 第2版 综合",
            "7月1日 周一 · 第1版 要闻",
            "7月1日 周一 · 第2版 综合",
            "6月28日 周五 · 第1版 要闻",
            "6月28日 周五 · 第2版 综合",
        ]
        assert title(app) == "07-30第1版第1篇"  # the newest issue's front page opens first
        status = app.screen.query_one("#status").text
        assert "武进日报 7月30日 星期二 · 第1版 要闻" in status
        await pilot.press("s")  # oldest first
        assert headers(app)[0] == "6月28日 周五 · 第1版 要闻"
        assert app.screen.query_one(ArticleList).current_article.title == "07-30第1版第1篇"


async def test_page_issue_and_date_keys(make_app, archive):
    app = make_app([archive])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("full_stop")
        assert title(app) == "07-30第2版第1篇"
        await pilot.press("greater_than_sign")
        assert title(app) == "07-01第1版第1篇"
        await pilot.press("full_stop", "full_stop")
        assert title(app) == "06-28第1版第1篇"  # past the last page of an issue: the next issue
        await pilot.press("less_than_sign")
        assert title(app) == "07-01第1版第1篇"
        await pilot.press("comma")
        assert title(app) == "07-30第2版第1篇"
        await pilot.press("d", *"7-1", "enter")
        assert title(app) == "07-01第1版第1篇"
        await pilot.press("d", *"2024年6月29日", "enter")  # no issue that day: the nearest
        assert title(app) == "06-28第1版第1篇"
        assert any("nearest" in str(n.message) for n in app._notifications)
        await pilot.press("comma", "comma", "comma", "comma", "comma", "comma")
        assert title(app) == "07-30第1版第1篇" and any(
            "No previous page" in str(n.message) for n in app._notifications
        )


async def test_filters_in_the_search_box_list_newest_first(make_app, archive):
    app = make_app([archive])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"page:2 date:2024-07")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        shown = [articles.article_at(i).title for i in range(articles.row_count())]
        assert shown == ["07-30第2版第1篇", "07-30第2版第2篇", "07-01第2版第1篇", "07-01第2版第2篇"]
        assert app.screen.query_one(SearchBox).has_focus


async def test_mentions_are_grouped_by_issue_with_a_timeline(make_app, archive):
    app = make_app([archive], language="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket")  # the first name: 黄雅婷 (the byline)
        while app.screen.query_one(ReadingPane).current_entity.text != "乔俊杰":
            await pilot.press("right_square_bracket")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        facts = str(app.screen.query_one("#profile-facts").render())
        timeline = next(line for line in facts.splitlines() if line.startswith("时间线"))
        assert timeline.startswith("时间线 (日)") and "2024-06-28 → 2024-07-30" in timeline
        mentions = app.screen.query_one(MentionList)
        issues = [row.label for row in mentions._rows if type(row).__name__ == "_Issue"]
        assert issues == [
            "武进日报 2024年7月30日 星期二",
            "武进日报 2024年7月1日 星期一",
            "武进日报 2024年6月28日 星期五",
        ]
        dates = [app.corpus.get(mentions.mention(i).article_id).date for i in mentions.mention_rows()]
        assert dates == sorted(dates, reverse=True) and len(dates) == 8


async def test_the_overview(make_app, archive):
    app = make_app([archive])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        summary = app.screen.summary
        assert (summary.articles, summary.first, summary.last) == (12, "2024-06-28", "2024-07-30")
        assert [(c.label, c.issues, c.pages, c.articles) for c in summary.papers] == [("武进日报", 3, 6, 12)]
        assert [(c.label, c.issues, c.pages) for c in summary.months] == [
            ("2024-06", 1, 2),
            ("2024-07", 2, 4),
        ]
        assert ("黄雅婷", "PER", 12, 12) in summary.names and ("乔俊杰", "PER", 8, 8) in summary.names
        counts = [mentions for _, _, mentions, _ in summary.names]
        assert counts == sorted(counts, reverse=True)  # most mentioned first
        await pilot.press("escape")
        assert not isinstance(app.screen, OverviewScreen)

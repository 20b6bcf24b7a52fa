"""What a newcomer trips over first: snippets, resizing, marks after a jump, the status line."""

import pytest

from reader.ui.widgets.article_list import ArticleList
from tests.ui.conftest import settle


def _row_text(articles: ArticleList, index: int, width: int) -> str:
    return "".join(articles.render_row_line(index, line, width, False).text for line in range(2))


@pytest.mark.parametrize("size", [(120, 36), (80, 24), (60, 20)])
@pytest.mark.parametrize("query", ["武进", "会", "changzhou", "A股"])
async def test_every_hit_shows_its_match_whole_at_any_width(make_app, size, query):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash", *query)
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.searching and articles.row_count() > 0
        width = articles.scrollable_content_region.width
        for index in range(articles.row_count()):
            hit = articles._rows[index]
            start, end = hit.focus
            assert end > start, hit
            assert hit.snippet[start:end] in _row_text(articles, index, width)

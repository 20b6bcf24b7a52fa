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


def _panel_shown(app) -> bool:
    return not app.screen.has_class("-no-entities")


async def test_the_entity_panel_follows_the_width_as_the_terminal_is_resized(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not _panel_shown(app)
        await pilot.resize_terminal(130, 36)
        await settle(pilot)
        assert _panel_shown(app)
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        assert not _panel_shown(app)


async def test_a_panel_asked_for_in_a_narrow_window_waits_for_room_and_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert not _panel_shown(app)
        assert any("columns" in n.message or "列" in n.message for n in app._notifications)
        await pilot.resize_terminal(100, 30)  # narrower than the default's threshold, but asked for
        await settle(pilot)
        assert _panel_shown(app)
        await pilot.press("e")
        await pilot.resize_terminal(140, 36)  # put away by hand: stays away
        await settle(pilot)
        assert not _panel_shown(app)


@pytest.mark.parametrize("size", [(120, 36), (80, 24), (60, 20)])
async def test_no_text_of_an_article_is_clipped_at_any_width(make_app, size):
    from reader.ui.widgets.reading_pane import ReadingPane

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("e", "j", "enter")  # the panel asked for, too
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        shown = "".join(pane.render_line(y).text.strip() for y in range(pane.size.height))
        assert pane.article.paragraphs[0][:12] in shown.replace(" ", "")


async def test_a_jump_from_the_mentions_marks_the_mention_names_it_and_brackets_go_on_from_it(make_app):
    from reader.ui.screens.profile import ProfileScreen
    from reader.ui.widgets.mention_list import MentionList
    from reader.ui.widgets.reading_pane import ReadingPane

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        pane = app.screen.query_one(ReadingPane)
        while pane.current_entity is None or pane.current_entity.text != "恽淇丞":
            await pilot.press("right_square_bracket")
        await pilot.press("enter")
        assert isinstance(app.screen, ProfileScreen)
        mentions = app.screen.query_one(MentionList)
        listed = [mentions.mention(i) for i in range(mentions.row_count())]
        target = len(listed) - 1  # the last mention: far from where the article opens
        for _ in range(target):
            await pilot.press("down")
        chosen = listed[target]
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.current_entity is not None and pane.current_entity.at == chosen.at
        status = app.screen.query_one("#status").text
        assert "恽淇丞" in status
        # the mention is painted as marked where it shows
        row = next(
            i
            for i, line in enumerate(pane.lines)
            if line.block == chosen.at.block and line.start <= chosen.at.start < line.end
        )
        y = row - int(pane.scroll_offset.y)
        assert 0 <= y < pane.size.height
        segments = list(pane.render_line(y))
        marked = [s.text for s in segments if s.style and s.style.bgcolor is not None and "恽" in s.text]
        assert marked
        after = sorted(pane.entities, key=lambda e: (e.at.block, e.at.line, e.at.start))
        expected = after[(after.index(pane.current_entity) + 1) % len(after)]
        await pilot.press("right_square_bracket")
        assert pane.current_entity == expected


def _backgrounds(strip) -> set:
    return {s.style.bgcolor for s in strip if s.text.strip() and s.style is not None}


async def test_the_selected_rows_colour_band_has_no_gaps_where_matches_are_highlighted(make_app):
    from reader.ui.screens.profile import ProfileScreen
    from reader.ui.widgets.mention_list import MentionList

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"乔俊杰", "down")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.has_focus
        width = articles.scrollable_content_region.width
        for line in range(3):
            assert len(_backgrounds(articles.render_row_line(articles.cursor, line, width, True))) == 1
        await pilot.press("escape", "escape", "enter")
        await settle(pilot)
        await pilot.press("right_square_bracket", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        mentions = app.screen.query_one(MentionList)
        mentions.focus()
        index = next(i for i in range(mentions.row_count()) if mentions.is_selectable(i))
        width = mentions.scrollable_content_region.width
        for line in range(mentions.row_height(index)):
            assert len(_backgrounds(mentions.render_row_line(index, line, width, True))) == 1


async def _second_article(app, pilot):
    """The reading pane, with the seed's second article open."""
    from reader.ui.widgets.reading_pane import ReadingPane

    await settle(pilot)
    await pilot.press("j", "enter")
    await settle(pilot)
    return app.screen.query_one(ReadingPane)


async def test_y_copies_the_article_and_a_mouse_selection_copies_just_what_was_dragged_over(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await _second_article(app, pilot)
        await pilot.press("y")
        article = pane.article
        assert article.title in app.clipboard and article.byline in app.clipboard
        assert article.paragraphs[-1] in app.clipboard
        # Drag from the start of the first paragraph's second line to the middle of its fourth.
        row = next(i for i, line in enumerate(pane.lines) if line.kind == "body")
        first, third = pane.lines[row + 1], pane.lines[row + 3]
        pad = pane._pad(first, pane.scrollable_content_region.width)
        region = pane.content_region
        await pilot.mouse_down(pane, offset=(region.x - pane.region.x + pad, row + 1))
        await pilot.hover(pane, offset=(region.x - pane.region.x + pad + 10, row + 3))
        await pilot.mouse_up(pane, offset=(region.x - pane.region.x + pad + 10, row + 3))
        await settle(pilot)
        await pilot.press("y")
        paragraph = article.paragraphs[0]
        expected = paragraph[first.start : third.start + 6]  # ten cells in, through the character there
        assert app.clipboard == expected, (app.clipboard, expected)


async def test_lines_can_be_selected_with_keys_and_copied(make_app):
    from reader.ui.widgets.reading_pane import ReadingPane

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await _second_article(app, pilot)
        await pilot.press("g", "v", "j", "j", "j", "j")  # from the top line, four lines down
        rows = [line for line in pane.lines[:5] if line.kind != "blank"]
        await pilot.press("y")
        article = pane.article
        expected = [article.block(line.block, line.line)[line.start : line.end] for line in rows]
        assert app.clipboard.split("\n") == [text for text in expected if text]
        await pilot.press("v", "j", "escape")  # Esc gives up a selection, and nothing else
        assert not app.screen.selections and app.screen.query_one(ReadingPane).has_focus


async def test_a_small_corpus_is_listed_in_the_very_first_frame(make_app):
    """No empty list flashing first: a page or a day's paper is read before the first paint."""
    app = make_app()
    async with app.run_test(size=(120, 36)):
        articles = app.screen.query_one(ArticleList)
        assert articles.row_count() == 4  # no pause, no settle: as first shown
        assert app.screen.query_one("#pane").article is not None


async def test_a_query_typed_straight_after_the_slash_lands_in_the_box(make_app):
    from textual import events

    from reader.ui.widgets.search_box import SearchBox

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # All queued before any is handled, as when pasted or typed fast (Pilot.press waits
        # between keys): `q` must type, not quit.
        for char in "/qiao jun jie":
            key = {"/": "slash", " ": "space"}.get(char, char)
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one(SearchBox).value == "qiao jun jie"

"""Following a name in the app: profiles, the entity index, one entity under all its names."""

from reader.ui.screens.entity_index import EntityIndexScreen, EntityRows
from reader.ui.screens.profile import CompanyList, ProfileScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.conftest import settle


def facts(app) -> str:
    return str(app.screen.query_one("#profile-facts").render())


def company(app) -> list[str]:
    listed = app.screen.query_one(CompanyList)
    return [str(listed.get_option_at_index(i).prompt).split()[0] for i in range(listed.option_count)]


async def open_profile_of(pilot, app, name: str) -> None:
    pane = app.screen.query_one(ReadingPane)
    for _ in range(len(pane.entities)):
        await pilot.press("right_square_bracket")
        if pane.current_entity.text == name:
            break
    assert pane.current_entity.text == name
    await pilot.press("enter")
    await settle(pilot)


async def test_a_profile_shows_every_name_and_walks_to_company_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await open_profile_of(pilot, app, "武进")  # as the text writes it
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.profile.name == "武进区"
        assert "Also called 武进" in facts(app)
        names = company(app)
        assert "乔俊杰" in names
        await pilot.press("tab")
        assert app.screen.query_one(CompanyList).has_focus
        for _ in range(names.index("乔俊杰")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.profile.name == "乔俊杰"
        assert "区委书记" in facts(app) and "市委常委" in facts(app)
        await pilot.press("backspace")
        await settle(pilot)
        assert app.screen.profile.name == "武进区"
        await pilot.press("alt+right")
        await settle(pilot)
        assert app.screen.profile.name == "乔俊杰"
        await pilot.press("escape")
        assert not isinstance(app.screen, ProfileScreen)
        await pilot.press("alt+right")  # forward again: the profile we closed
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)


async def test_the_entity_index_filters_by_pinyin_sorts_and_opens_a_profile(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        assert isinstance(app.screen, EntityIndexScreen)
        rows = app.screen.query_one(EntityRows)
        counts = [p.count for p in rows.entities.shown]
        assert counts == sorted(counts, reverse=True) and len(counts) > 20
        await pilot.press(*"qjj")
        assert [p.name for p in rows.entities.shown] == ["乔俊杰"]
        await pilot.press("backspace", "backspace", "backspace", *"wujin")
        assert rows.entities.shown[0].name == "武进区"  # under its other name, 武进
        await pilot.press("ctrl+t")
        assert {p.type for p in rows.entities.shown} == {"PER"} or not rows.entities.shown
        await pilot.press("ctrl+t", "ctrl+t", "ctrl+t")  # back to every type
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press("ctrl+o")
        assert rows.entities.order == "name"
        await pilot.press(*"恽")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen) and app.screen.profile.name == "恽淇丞"
        assert "区委副书记" in facts(app)


async def test_the_entity_panel_shows_one_entity_under_its_names(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")  # 乔俊杰's visit to 江苏洛凯机电股份有限公司 (洛凯机电)
        panel = app.screen.query_one(EntityPanel)
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        row = next(p for p in prompts if p.startswith("江苏洛凯机电"))
        assert "×2" in row  # 江苏洛凯机电股份有限公司 once, 洛凯机电 once: one entity
        assert not any(p.startswith("洛凯机电") for p in prompts)
        assert any(p.startswith("江苏 ") for p in prompts)  # the place inside its name


async def test_at_names_in_the_search_box(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"@乔俊杰 @恽淇丞")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        shown = [articles.article_at(i).title for i in range(articles.row_count())]
        expected = {
            a.title for a in app.corpus.articles if {"乔俊杰", "恽淇丞"} <= {e.text for e in a.entities}
        }
        assert shown and set(shown) == expected


async def test_a_dated_profile_opens_on_its_newest_mention_not_a_heading(make_app, tmp_path):
    from reader.ui.widgets.mention_list import MentionList
    from tests.ui.test_archive_ui import write_archive

    write_archive(tmp_path)
    app = make_app([tmp_path])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i", *"qjj", "enter")
        await settle(pilot)
        mentions = app.screen.query_one(MentionList)
        assert mentions.cursor in mentions.mention_rows()
        await pilot.press("enter")  # jumps: the cursor was on a mention
        assert not isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one(ReadingPane).mark is not None


async def test_the_company_list_fits_its_width_after_a_resize(make_app):
    from reader.linebreak import text_width

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i", *"qjj", "enter")
        await settle(pilot)
        listed = app.screen.query_one(CompanyList)
        narrow = text_width(str(listed.get_option_at_index(0).prompt))
        await pilot.resize_terminal(80, 24)  # the names go above the mentions, full width
        await settle(pilot)
        await pilot.pause(0.2)
        wide = text_width(str(listed.get_option_at_index(0).prompt))
        assert wide > narrow + 20 and wide <= listed.size.width

"""Page text never acts on the app or the terminal: markup and escapes through the real app."""

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.conftest import settle

MARKUP = [
    "[bold red]x[/]",
    "[@click=app.quit]quit[/]",
    "[link=https://evil.example]点我[/link]",
    "[$accent]色[/]",
]
PAGE = (
    "## [@click=app.quit]退出[/]标题\x1b[31m红\x1b]0;pwned\x07\n\n"
    "本报讯(记者 张三)正文" + "，".join(MARKUP) + "，终端\x1b]52;c;cm0=\x07剪贴板\u202e反向\u202c。\n"
)


def rendered_lines(widget, height=30):
    return [widget.render_line(y).text for y in range(height)]


async def test_markup_and_escapes_show_literally(make_app, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    app = make_app([page], tag=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listed = "\n".join(rendered_lines(app.screen.query_one(ArticleList)))
        assert "[@click=app.quit]退出[/]标题␛[31m红" in listed
        await pilot.press("enter")
        pane = app.screen.query_one(ReadingPane)
        shown = "".join(rendered_lines(pane)).replace(" ", "")
        for markup in MARKUP:
            assert markup.replace(" ", "") in shown
        assert "␛]52;c;cm0=␇" in shown and "⇄反向⇄" in shown
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u202e\u202c" for c in shown)
        # Clicking the text that looks like an action does nothing but what a click on text does.
        await pilot.click(ReadingPane, offset=(10, 0))
        await pilot.click(ArticleList, offset=(3, 0))
        await settle(pilot)
        assert app.is_running


async def test_a_bad_file_name_is_shown_literally_in_the_notice(make_app, tmp_path):
    bad = tmp_path / "[bold red]坏[@click=app.quit]\x1b[2J.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    app = make_app([tmp_path], tag=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        [notice] = [n for n in app._notifications]
        assert "[bold red]坏[@click=app.quit]␛[2J.txt" in notice.message
        assert notice.markup is False


async def test_command_palette_shows_page_text_literally(make_app, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    app = make_app([page], tag=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"退出")
        await settle(pilot)
        await pilot.pause(0.5)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("[@click=app.quit]退出[/]标题" in p for p in prompts), prompts
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one(ReadingPane).article.title.startswith("[@click=app.quit]")


async def test_file_names_that_are_not_utf8_are_listed_readably(make_app, tmp_path):
    import os

    from tests.conftest import SEED_PAGE

    folder = os.fsencode(tmp_path)
    for name in ("人民日报第一版".encode("gbk"), b"page\xff"):
        with open(os.path.join(folder, name + b".txt"), "wb") as out:
            out.write(SEED_PAGE.read_bytes())
    app = make_app([tmp_path], tag=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listed = "\n".join(rendered_lines(app.screen.query_one(ArticleList), height=40))
        assert "人民日报第一版.txt · 4 articles" in listed and "page\\xff.txt · 4 articles" in listed
        assert "黄雅婷 · 人民日报第一版" in listed

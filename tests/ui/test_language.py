"""One language per run: the reader's own words in Chinese or English, never both on one screen;
and keys the user rebinds in config.toml."""

import re

import pytest
from textual.widgets import Footer

from reader.config import Config
from reader.i18n import language_from_locale, parse_language
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.conftest import settle

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


def test_the_locale_chooses_the_language():
    assert language_from_locale({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert language_from_locale({"LANG": "zh_TW.UTF-8"}) == "zh"
    assert language_from_locale({"LANG": "en_GB.UTF-8"}) == "en"
    assert language_from_locale({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_locale({}) == "en"
    assert parse_language("zh-Hant") == "zh" and parse_language("fr") is None


def _chrome(app) -> tuple[str, str]:
    """The footer's and the status line's text (the reader's words, not the page's)."""
    footer = app.screen.query_one(Footer)
    keys = " ".join(str(w.render()) for w in footer.query("FooterKey"))
    return keys, app.screen.query_one("#status").text


async def test_english_run_has_no_chinese_in_its_own_words(make_app):
    app = make_app(language="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)
        footer, status = _chrome(app)
        assert "Search" in footer and not HAN.search(footer)
        entity = app.screen.query_one(ReadingPane).current_entity
        assert not HAN.search(status.replace(entity.text, "").replace("武进日报", ""))


async def test_chinese_run_has_no_english_words_in_its_own(make_app):
    app = make_app(language="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)
        footer, status = _chrome(app)
        assert "搜索" in footer and not LATIN_WORD.search(footer.replace("palette", ""))
        assert "人物" in status and "Enter" in status and not LATIN_WORD.search(status.replace("Enter", ""))
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        descriptions = " ".join(description for _, rows in app.screen.sections for _, description, _ in rows)
        assert "下一个人名" in descriptions.replace("文中下一个人名", "下一个人名")
        assert not re.search(r"\b(the|and|of)\b", descriptions)


async def test_config_chooses_the_language_when_the_command_line_does_not(make_app):
    app = make_app(language=None, config=Config(language="zh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer, _ = _chrome(app)
        assert "搜索" in footer


async def test_a_key_rebound_in_config_works_and_help_shows_it(make_app):
    app = make_app(config=Config(keys=(("next_name", "ctrl+n"),)))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "ctrl+n")
        await settle(pilot)
        assert app.screen.query_one(ReadingPane).current_entity is not None
        await pilot.press("question_mark")
        await settle(pilot)
        rows = {binding_id: keys for _, rows in app.screen.sections for keys, _, binding_id in rows}
        assert rows["next_name"] == "ctrl+n"


async def test_an_unknown_key_name_in_config_is_a_notice(make_app):
    app = make_app(config=Config(keys=(("nxet_name", "ctrl+n"),)))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert any("nxet_name" in n.message for n in app._notifications)


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_numbers_are_written_one_way(make_app, language, tmp_path):
    app = make_app(language=language)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#status").text
        assert re.search(r"\b4 (篇|articles)", status)

"""The reader as a user drives it: real keys and clicks through Textual's Pilot."""

from reader.models import HEADLINE
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.profile import ProfileScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.mention_list import MentionList
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.search_box import SearchBox
from tests.ui.conftest import settle

TITLES = [
    "区领导开展“八一”拥军慰问",
    "乔俊杰调研重点工业企业并宣讲党的二十届三中全会精神",
    "我区召开半年度民生实事调度会",
    "群众性主题放映活动启动",
]


def pane_of(app) -> ReadingPane:
    return app.screen.query_one(ReadingPane)


async def test_lists_every_article_and_opens_the_first(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert [articles.article_at(i).title for i in range(articles.row_count())] == TITLES
        assert pane_of(app).article.title == TITLES[0]
        assert articles.has_focus


async def test_j_k_and_enter_open_an_article(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "k", "j", "enter")
        assert pane_of(app).article.title == TITLES[2]
        assert pane_of(app).has_focus
        await pilot.press("tab")
        assert not pane_of(app).has_focus


async def test_clicking_an_article_opens_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.click(ArticleList, offset=(5, 3 * 3 + 1))  # the fourth article's rows
        assert pane_of(app).article.title == TITLES[3]


async def test_paging_and_top_bottom_in_the_reading_pane(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        pane = pane_of(app)
        await pilot.press("space")
        assert pane.scroll_y > 0
        first_page = pane.scroll_y
        await pilot.press("b")
        assert pane.scroll_y < first_page
        await pilot.press("G")
        assert pane.scroll_y == pane.max_scroll_y > 0
        await pilot.press("g")
        assert pane.scroll_y == 0


async def test_entity_cursor_mentions_jump_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first article
        pane = pane_of(app)
        assert pane.entities, "the seed's first article has tagged names"
        # Step to 乔俊杰, who is also in the second article.
        for _ in range(len(pane.entities)):
            await pilot.press("right_square_bracket")
            if pane.current_entity.text == "乔俊杰":
                break
        assert pane.current_entity.text == "乔俊杰"
        assert "乔俊杰" in app.screen.query_one("#status").text
        await pilot.press("enter")
        assert isinstance(app.screen, ProfileScreen)
        mentions = app.screen.query_one(MentionList)
        listed = [mentions.mention(i) for i in range(mentions.row_count())]
        assert len({m.article_id for m in listed}) >= 2
        # Choose the first mention in another article.
        target = next(i for i, m in enumerate(listed) if m.article_id != pane.article.id)
        for _ in range(target):
            await pilot.press("down")
        chosen = listed[target]
        await pilot.press("enter")
        assert not isinstance(app.screen, ProfileScreen)
        pane = pane_of(app)
        assert pane.article.id == chosen.article_id
        assert pane.mark == chosen.at
        assert pane.article.text_at(chosen.at) == "乔俊杰"
        # Back goes through the profile to the first article; forward the same way again.
        await pilot.press("backspace")
        assert isinstance(app.screen, ProfileScreen) and app.screen.profile.name == "乔俊杰"
        await pilot.press("backspace")
        assert not isinstance(app.screen, ProfileScreen)
        pane = pane_of(app)
        assert pane.article.title == TITLES[0]
        await pilot.press("alt+right")
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("alt+right")
        pane = pane_of(app)
        assert pane.article.id == chosen.article_id
        await pilot.press("alt+left", "alt+left")
        assert pane_of(app).article.title == TITLES[0]


async def test_escape_closes_the_profile(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "enter")
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, ProfileScreen)


async def test_entity_panel_lists_names_by_type_and_toggles(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(EntityPanel)
        assert panel.display
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert any(p.startswith("person · ") for p in prompts)
        assert any("乔俊杰" in p for p in prompts)
        await pilot.press("e")
        assert not panel.display
        await pilot.press("e")
        assert panel.display


async def test_search_ranks_as_you_type_and_n_steps_through_hits(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert app.screen.query_one(SearchBox).has_focus
        await pilot.press(*"放映")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.searching
        assert articles.current_article.title == TITLES[3]
        await pilot.press("enter")
        pane = pane_of(app)
        assert pane.article.title == TITLES[3]
        assert len(pane.hits) >= 2
        await pilot.press("n")
        assert pane.hit_index == 0
        await pilot.press("n")
        assert pane.hit_index == 1
        await pilot.press("N")
        assert pane.hit_index == 0
        status = app.screen.query_one("#status").text
        assert f"1/{len(pane.hits)}" in status


async def test_escape_clears_the_search_and_shows_all_articles(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"洛阳镇")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.searching and articles.row_count() >= 1
        await pilot.press("escape")
        assert app.screen.query_one(SearchBox).value == ""
        assert not articles.searching and articles.row_count() == 4
        assert articles.has_focus


async def test_help_lists_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(key.render()) for key in app.screen.query(".help-keys"))
        for key in [
            "/",
            "]",
            "[",
            "n",
            "N",
            "Backspace",
            "Alt+←",
            "Alt+→",
            "Esc",
            "q",
            "?",
            "Space",
            "b",
            "g",
            "G",
            "j",
            "k",
            "Tab",
            "Ctrl+P",
            "e",
        ]:
            assert key in text, key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits_and_the_place_is_remembered(make_app, state):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter", "space")
        scrolled_to = pane_of(app).top_anchor()
        await pilot.press("q")
    assert app.return_code == 0 or app.return_code is None
    reopened = make_app()
    async with reopened.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pane_of(reopened)
        assert pane.article.title == TITLES[2]
        assert pane.top_anchor() == scrolled_to


async def test_a_bad_file_is_a_notice_not_a_crash(make_app, tmp_path, seed_text):
    (tmp_path / "good.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    app = make_app([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("broken.txt" in m and "PNG" in m for m in messages)
        assert app.screen.query_one(ArticleList).row_count() == 4


async def test_headline_mentions_are_highlighted_too(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        pane = pane_of(app)
        assert any(e.at.block == HEADLINE and e.text == "乔俊杰" for e in pane.entities)


async def test_config_theme_and_panel_apply(make_app, tmp_path):
    from reader.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('theme = "textual-light"\nentity_panel = false\n', encoding="utf-8")
    app = make_app(config=load_config(path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        assert not app.screen.query_one(EntityPanel).display


async def test_malformed_config_is_a_notice_and_defaults_apply(make_app, tmp_path, state):
    from reader.config import load_config

    path = tmp_path / "config.toml"
    path.write_text("theme = = broken\n", encoding="utf-8")
    app = make_app(config=load_config(path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(str(path) in m and "line 1" in m for m in messages)
        assert app.theme == "textual-dark"
        app.theme = "textual-light"  # a theme chosen in the palette is remembered
        await pilot.pause()
    assert state.recall_setting("theme") == "textual-light"


async def test_a_long_query_scrolls_in_the_search_box(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        query = "abcdefghijklmnopqrstuvwxyz0123456789end"
        await pilot.press("slash", *query)
        await pilot.pause()
        box = app.screen.query_one(SearchBox)
        assert box.value == query
        assert box.render_line(0).text.rstrip().endswith("789end")  # the cursor end stays in view


async def test_a_search_that_finds_nothing_says_so(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"xyzzy")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.searching and articles.row_count() == 0
        assert "No matches" in articles.render_line(0).text
        await pilot.press("escape")
        assert articles.row_count() == 4
        assert "No matches" not in articles.render_line(0).text


async def test_a_search_before_the_index_is_built_says_so_then_runs(make_app, monkeypatch, tmp_path):
    import threading

    from reader.search import SearchIndex

    built = threading.Event()
    original = SearchIndex.__init__

    def slow_build(self, *args, **kwargs):
        built.wait(10)  # a big corpus: the index takes a while
        original(self, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "__init__", slow_build)
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))  # no index cached by other tests
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        articles = app.screen.query_one(ArticleList)
        for _ in range(100):
            await pilot.pause(0.02)
            if articles.row_count() == 4:
                break
        await pilot.press("slash", *"放映")
        for _ in range(100):
            await pilot.pause(0.02)
            if articles.searching:
                break
        assert "Indexing" in articles.render_line(0).text
        built.set()
        await settle(pilot)
        assert articles.current_article.title == TITLES[3]


async def test_bracket_then_enter_opens_the_mentions_from_the_list_too(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ArticleList).has_focus
        await pilot.press("right_square_bracket", "enter")
        assert isinstance(app.screen, ProfileScreen)


async def test_a_name_typed_whole_in_the_palette_comes_first(make_app):
    from textual.command import CommandList

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"乔俊杰")  # also in an article's title
        await settle(pilot)
        await pilot.pause(0.5)
        options = app.screen.query_one(CommandList)
        assert "Name: 乔俊杰" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)


async def test_a_warm_start_reads_the_search_index_and_does_not_write_it_back(
    make_app, monkeypatch, tmp_path
):
    import time

    import reader.cache.derived
    from reader.search import SearchIndex

    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    saved, built = [], []
    original = reader.cache.derived.save_search
    monkeypatch.setattr(
        reader.cache.derived, "save_search", lambda *a, **k: saved.append(1) or original(*a, **k)
    )
    build = SearchIndex.__init__
    monkeypatch.setattr(SearchIndex, "__init__", lambda self, *a: built.append(1) or build(self, *a))
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:  # cold: builds the index and caches it
        await settle(pilot)
    assert saved == [1] and built
    slow_load = reader.cache.derived.load_search

    def big_corpus_load(*args, **kwargs):  # reading a big index takes a while: the indexer finishes first
        time.sleep(0.3)
        return slow_load(*args, **kwargs)

    monkeypatch.setattr(reader.cache.derived, "load_search", big_corpus_load)
    built.clear()
    warm = make_app()
    async with warm.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert warm.corpus.search_if_built is not None and warm.corpus.entities_if_built is not None
    assert not built  # the warm start took it from the cache
    assert saved == [1]  # and left it there


async def test_names_are_indexed_even_if_the_search_index_fails(make_app, monkeypatch, tmp_path):
    from reader.search import SearchIndex

    def broken(self, *args, **kwargs):
        raise MemoryError("no room for the search index")

    monkeypatch.setattr(SearchIndex, "__init__", broken)
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = app.corpus.entities_if_built
        assert names is not None and names.get("乔俊杰", "PER").article_count == 2
        assert any("search index failed" in str(n.message) for n in app._notifications)


async def test_an_operator_typed_alone_keeps_every_article_listed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "exclamation_mark")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert not articles.searching and articles.row_count() == 4  # `!`: the term is still coming
        await pilot.press(*"会议")
        await settle(pilot)
        assert articles.searching and 0 < articles.row_count() < 4  # `!会议`: now a query
        await pilot.press("backspace", "backspace", "circumflex_accent")
        await settle(pilot)
        assert not articles.searching and articles.row_count() == 4  # `!^` as `!`


async def test_t_shows_the_text_in_the_other_script_and_back(make_app):
    from reader.config import Config

    app = make_app(config=Config(script="traditional"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = pane_of(app)
        first = pane.article.paragraphs[0]
        assert pane._text(0, 0).startswith("連日來") and len(pane._text(0, 0)) == len(first)
        await pilot.press("t")  # traditional → as printed
        assert pane._text(0, 0) == first
        await pilot.press("t", "t")  # → simplified → traditional
        assert pane._text(0, 0).startswith("連日來")
        articles = app.screen.query_one(ArticleList)
        assert articles.script == "traditional"


async def test_quitting_before_the_footer_arrives_is_clean(make_app):
    # The footer is mounted a frame after the first paint; `q` pressed before then left its
    # mount to run on a screen already gone: a MountError traceback as the reader quit.
    from textual.widgets import Footer

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("q")
    await screen._add_footer(Footer())  # the late call, after the screen left

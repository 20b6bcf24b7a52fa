"""Every key binding of the reader, by where it works, and the user's `[keys]` table checked
against them.

`config.toml`'s `[keys]` maps a binding id to keys (`next_name = "ctrl+n"`;
several: `"j,down"`); Textual's keymap applies it wherever that binding is.
The help screen lists each binding's id, and shows the keys as bound.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from reader.i18n import Both

PAGE_BINDINGS = [
    Binding(
        "pageup,b",
        "page(-1)",
        Both("上翻页", "Page up"),
        show=False,
        tooltip=Both("向上翻一页", "A page up"),
        id="page_up",
    ),
    Binding(
        "pagedown,space",
        "page(1)",
        Both("下翻页", "Page down"),
        show=False,
        tooltip=Both("向下翻一页", "A page down"),
        id="page_down",
    ),
]
"""A page up and down, in every list and the reading pane (each has `action_page`)."""


def binding_sections() -> list[tuple[Both, list[BindingType]]]:
    """(where, bindings), in the order help shows them.  Imports every screen: call it when
    help opens or after the first frame, not before."""
    from reader.ui.app import ReaderApp
    from reader.ui.screens.entity_index import EntityIndexScreen
    from reader.ui.screens.main import MainScreen
    from reader.ui.screens.overview import OverviewScreen
    from reader.ui.screens.profile import ProfileScreen
    from reader.ui.widgets.article_list import ArticleList
    from reader.ui.widgets.reading_pane import ReadingPane
    from reader.ui.widgets.search_box import SearchBox

    return [
        (
            Both("主界面（在搜索框里打字时除外）", "Main screen (except while typing in the search box)"),
            [
                *ReaderApp.BINDINGS,
                *MainScreen.BINDINGS,
                Binding("tab,shift+tab", "focus", Both("下一个 / 上一个窗格", "Next / previous pane")),
            ],
        ),
        (Both("文章列表", "Article list"), list(ArticleList.BINDINGS)),
        (Both("阅读窗格", "Reading pane"), list(ReadingPane.BINDINGS)),
        (
            Both("搜索框", "Search box"),
            list(SearchBox.BINDINGS),
        ),
        (
            Both("档案（人物、地点、机构）", "Profile (person, place, organisation)"),
            [
                *ProfileScreen.BINDINGS,
                Binding(
                    "enter",
                    "jump",
                    Both(
                        "跳到这处提及，或打开同时出现的名字的档案",
                        "Jump to the mention, or open a co-occurring name's profile",
                    ),
                ),
                Binding(
                    "tab",
                    "focus",
                    Both("在提及和同时出现的名字之间切换", "Between the mentions and the co-occurring names"),
                ),
            ],
        ),
        (
            Both("实体索引", "Entity index"),
            [
                Binding(
                    "enter",
                    "open",
                    Both(
                        "打开档案（输入以过滤：中文或拼音）",
                        "Open the profile (type to filter: Chinese or pinyin)",
                    ),
                ),
                *(b for b in EntityIndexScreen.BINDINGS if isinstance(b, Binding) and b.show),
            ],
        ),
        (Both("概览", "Overview"), list(OverviewScreen.BINDINGS)),
    ]


def known_ids() -> set[str]:
    return {
        binding.id
        for _, bindings in binding_sections()
        for binding in Binding.make_bindings(bindings)
        if binding.id
    }


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    """The `[keys]` ids no binding has (a typo, most likely)."""
    known = known_ids()
    return [name for name in keymap if name not in known]

"""The help screen: every key, built from the bindings themselves so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.i18n import Both, shown, tr
from reader.linebreak import text_width
from reader.ui.localize import localize_bindings

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "space": "Space",
    "backspace": "Backspace",
    "escape": "Esc",
    "enter": "Enter",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "alt+left": "Alt+←",
    "alt+right": "Alt+→",
    "ctrl+p": "Ctrl+P",
    "full_stop": ".",
    "comma": ",",
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "exclamation_mark": "!",
}


def key_label(key: str) -> str:
    return " ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


Row = tuple[str, str, str]
"""(keys, what they do, binding id for `[keys]` in config.toml, or "")."""


def describe(bindings: Iterable[BindingType], keymap: Mapping[str, str] | None = None) -> list[Row]:
    """One row per action, its keys merged, as `keymap` (binding id → keys) binds them."""
    keymap = keymap or {}
    rows: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    ids: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        if not binding.description:
            continue
        key = keymap.get(binding.id, binding.key) if binding.id else binding.key
        rows.setdefault(binding.action, []).append(key_label(key))
        descriptions[binding.action] = shown(binding.tooltip or binding.description)
        if binding.id:
            ids[binding.action] = binding.id
    return [
        (" / ".join(dict.fromkeys(keys)), descriptions[action], ids.get(action, ""))
        for action, keys in rows.items()
    ]


def help_sections(keymap: Mapping[str, str] | None = None) -> list[tuple[str, list[Row]]]:
    from reader.ui.keys import binding_sections

    return [(shown(where), describe(bindings, keymap)) for where, bindings in binding_sections()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", Both("关闭帮助", "Close help"))]

    def __init__(self, sections: list[tuple[str, list[Row]]]) -> None:
        super().__init__()
        localize_bindings(self)
        self.sections = sections

    def compose(self) -> ComposeResult:
        width = max(text_width(keys) for _, rows in self.sections for keys, _, _ in rows) + 4
        with VerticalScroll(id="help-dialog"):
            yield Static(
                Content.styled(tr("reader — 按键", "reader — keys"), "bold $accent"), classes="help-title"
            )
            for title, rows in self.sections:
                yield Static(Content.styled(title, "bold $text-primary"), classes="help-section")
                for keys, description, binding_id in rows:
                    # Two columns, so a long description wraps under itself, not under the keys.
                    with Horizontal(classes="help-row"):
                        key = Static(Content.styled(keys, "bold"), classes="help-keys")
                        key.styles.width = width
                        yield key
                        yield Static(Content(description), classes="help-description")
                        yield Static(Content.styled(binding_id, "dim"), classes="help-id")
            yield Static(
                Content.styled(
                    tr(
                        "鼠标：点文章打开，点名字打开档案，滚轮滚动。右列是按键名：在 config.toml 的 [keys] 里改键，"
                        '如 next_name = "ctrl+n"。',
                        "Mouse: click an article to open it, click a name to open its profile, wheel to scroll. "
                        'The right column names each key for config.toml\'s [keys], e.g. next_name = "ctrl+n".',
                    ),
                    "dim",
                ),
                classes="help-section",
            )

"""The help screen: every key, built from the bindings themselves so it cannot drift."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.linebreak import text_width

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


def describe(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) rows, one per action, keys merged."""
    rows: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        if not binding.description:
            continue
        rows.setdefault(binding.action, []).append(key_label(binding.key))
        descriptions[binding.action] = binding.tooltip or binding.description
    return [(" / ".join(dict.fromkeys(keys)), descriptions[action]) for action, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        width = max(text_width(keys) for _, rows in self.sections for keys, _ in rows) + 4
        with VerticalScroll(id="help-dialog"):
            yield Static(Content.styled("reader — keys", "bold $accent"), classes="help-title")
            for title, rows in self.sections:
                yield Static(Content.styled(title, "bold $text-primary"), classes="help-section")
                for keys, description in rows:
                    # Two columns, so a long description wraps under itself, not under the keys.
                    with Horizontal(classes="help-row"):
                        key = Static(Content.styled(keys, "bold"), classes="help-keys")
                        key.styles.width = width
                        yield key
                        yield Static(Content(description), classes="help-description")
            yield Static(
                Content.styled(
                    "Mouse: click an article to open it, click a name to open its profile, wheel to scroll.",
                    "dim",
                ),
                classes="help-section",
            )

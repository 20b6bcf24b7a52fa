"""Go to date: a small box that takes a date as people type one, and returns it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.i18n import Both, tr
from reader.ui.localize import localize_bindings


class GoToDate(ModalScreen[str | None]):
    """Returns what was typed (the main screen reads it: `reader.edition.read_date`), or None."""

    BINDINGS = [
        Binding(
            "escape",
            "dismiss(None)",
            Both("取消", "Cancel"),
            tooltip=Both("关闭，不跳转", "Close without going anywhere"),
        )
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="go-to-date"):
            yield Static(tr("跳到日期", "Go to date"), id="go-to-date-title", markup=False)
            yield Input(placeholder="2024-07-30 · 7-30 · 7月30日", id="go-to-date-input")
            yield Static(
                tr("Enter 跳转 · Esc 取消", "Enter go · Esc cancel"), id="go-to-date-help", markup=False
            )

    @on(Input.Submitted)
    def go(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

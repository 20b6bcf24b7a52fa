"""The overview: the archive at a glance (papers, dates, issues and pages by month, the names)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.corpus import Corpus
from reader.i18n import Both, count, tr
from reader.linebreak import text_width, truncate
from reader.models import describe_date, type_name
from reader.overview import Counts, Overview, overview
from reader.sanitize import visible
from reader.ui.localize import localize_bindings

BAR = 24
"""Cells for the longest month's bar."""


class OverviewScreen(ModalScreen[None]):
    """Esc (or o) goes back."""

    BINDINGS = [
        Binding(
            "escape,o", "dismiss(None)", Both("后退", "Back"), tooltip=Both("关闭概览", "Close the overview")
        ),
    ]

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        localize_bindings(self)
        self.summary = overview(corpus.articles, corpus.entities_if_built)

    def compose(self) -> ComposeResult:
        summary = self.summary
        with Vertical(id="overview-dialog"):
            yield Static(tr("档案概览", "Overview"), id="overview-title", markup=False)
            with VerticalScroll(id="overview-body"):
                yield Static(Content(headline(summary)), classes="overview-section")
                yield Static(Content(paper_table(summary)), classes="overview-section")
                if summary.months:
                    yield Static(Content(month_table(summary)), classes="overview-section")
                yield Static(Content(name_table(summary)), classes="overview-section")
            yield Static(tr("Esc 返回", "Esc back"), id="overview-help", markup=False)


def headline(summary: Overview) -> str:
    parts = [count(summary.articles, "篇文章", "article"), count(summary.files, "个文件", "file")]
    if summary.first and summary.last:
        parts.append(f"{describe_date(summary.first)} – {describe_date(summary.last)}")
    if summary.undated:
        parts.append(tr(f"未注日期 {summary.undated:,} 篇", f"{summary.undated:,} undated"))
    return " · ".join(parts)


COLUMNS = (6, 6, 8)
"""Cells for issues, pages, articles."""


def _COLUMN_NAMES() -> tuple[str, str, str]:  # noqa: N802 (a table's heading, in the run's language)
    return (tr("期", "issues"), tr("版", "pages"), tr("篇", "articles"))


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """`text` in `width` cells (by display width: a Chinese character takes two)."""
    text = truncate(text, width)
    gap = " " * (width - text_width(text))
    return gap + text if right else text + gap


def _header(label: str, width: int, tail: str = "") -> str:
    cells = " ".join(_pad(name, w, right=True) for name, w in zip(_COLUMN_NAMES(), COLUMNS, strict=True))
    return f"{_pad(label, width)} {cells}{tail}"


def _row(label: str, counts: Counts, width: int) -> str:
    values = (counts.issues, counts.pages, counts.articles)
    cells = " ".join(_pad(f"{v:,}", w, right=True) for v, w in zip(values, COLUMNS, strict=True))
    return f"{_pad(label, width)} {cells}"


def paper_table(summary: Overview) -> str:
    width = 16
    lines = [_header(tr("报纸", "Papers"), width, tr("   起 – 止", "   from – to"))]
    for counts in summary.papers:
        label = visible(counts.label) or tr("（未注报名）", "(no paper named)")
        span = ""
        if counts.first and counts.last:
            span = f"   {counts.first} – {counts.last}"
        lines.append(_row(label, counts, width) + span)
    return "\n".join(lines)


def month_table(summary: Overview) -> str:
    top = max(c.articles for c in summary.months) or 1
    lines = [_header(tr("按月", "By month"), 14)]
    for counts in summary.months:
        bar = "█" * round(counts.articles / top * BAR) if counts.articles else ""
        lines.append(f"{_row(counts.label, counts, 14)}  {bar}")
    return "\n".join(lines)


def name_table(summary: Overview) -> str:
    if not summary.names:
        return tr("最常提及：（名字还在索引中）", "Most mentioned: (names not indexed yet)")
    lines = [tr("最常提及", "Most mentioned")]
    for text, kind, mentions, articles in summary.names:
        name = truncate(visible(text), 20)
        lines.append(
            f"  {name}{' ' * (20 - text_width(name))} {_pad(type_name(kind), 12)}  "
            + tr(
                f"{mentions:>6,} 处 · {articles:,} 篇", f"{mentions:>6,}× · {count(articles, '', 'article')}"
            )
        )
    return "\n".join(lines)

"""The mentions view: every article that mentions one entity, a snippet around each mention."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Static

from reader.corpus import Corpus
from reader.linebreak import truncate
from reader.mentions import EntityEntry, Mention
from reader.sanitize import visible
from reader.snippets import snippet_around
from reader.ui.widgets.entity_panel import TYPE_NAMES
from reader.ui.widgets.row_list import RowList


class MentionList(RowList):
    """Two lines a mention: the article's title, then the words around the mention."""

    COMPONENT_CLASSES = {
        "mention-list--title",
        "mention-list--snippet",
        "mention-list--match",
        "mention-list--cursor",
    }

    def __init__(self, corpus: Corpus, entry: EntityEntry, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus = corpus
        self.entry = entry
        self._snippets: dict[int, tuple[str, int, int]] = {}

    def mention(self, index: int) -> Mention:
        """Row `index`'s mention (found in its article when first painted)."""
        return self.entry.mention(index)

    def row_count(self) -> int:
        return self.entry.count

    def row_height(self, index: int) -> int:
        return 2

    def on_mount(self) -> None:
        self.rows_changed(0)

    def render_row_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        component = self.get_component_rich_style
        base = self.rich_style

        def styled(name: str) -> Style:
            style = base + component(name)
            return style + component("mention-list--cursor") if selected else style

        mention = self.mention(index)
        article = self.corpus.get(mention.article_id)
        if article is None:
            return Strip.blank(width, base)
        if line == 0:
            text = truncate(f" {visible(article.title)} · {mention.at.label}", width)
            return Strip([Segment(text, styled("mention-list--title"))]).adjust_cell_length(
                width, styled("mention-list--title")
            )
        if index not in self._snippets:
            at = mention.at
            self._snippets[index] = snippet_around(
                article.block(at.block, at.line), at.start, at.end, width=max(width - 4, 10)
            )
        text, start, end = self._snippets[index]
        text = visible(text)
        snippet = styled("mention-list--snippet")
        segments = [
            Segment("   " + text[:start], snippet),
            Segment(text[start:end], snippet + component("mention-list--match")),
            Segment(text[end:], snippet),
        ]
        return Strip(segments).adjust_cell_length(width, snippet)


class MentionsScreen(ModalScreen[Mention | None]):
    """Pick a mention to jump to it; Esc goes back."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back", show=True, tooltip="Close the mentions view")]

    def __init__(self, corpus: Corpus, entry: EntityEntry) -> None:
        super().__init__()
        self.corpus = corpus
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        articles = entry.article_count
        with Vertical(id="mentions-dialog"):
            yield Static(
                f"{visible(entry.text)} · {TYPE_NAMES[entry.type]} · "
                f"{articles} 篇文章 · {entry.count} 处提及",
                id="mentions-title",
                markup=False,
            )
            yield MentionList(self.corpus, entry, id="mention-list")
            yield Static("Enter 跳转 jump · Esc 返回 back", id="mentions-help", markup=False)

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        self.dismiss(self.query_one(MentionList).mention(event.index))

"""A newspaper page, as converted to text, → its articles.

Pages converted from print look like `seeds/000_8f3f0b3e62074fa8.txt`:

* An article starts at a headline block: lines marked `## `, lines joined by
  Markdown hard breaks (two trailing spaces), or short unpunctuated lines
  right before a byline.  A section banner (`## 学习贯彻…精神`) above a
  headline belongs to that headline block.
* The byline `本报讯(记者 黄雅婷)` opens the first paragraph.
* The print layout breaks paragraphs at column and page ends, even mid-word
  (`积极履行职` | `责、服务地方`); such pieces are joined back whenever the
  first piece does not end a sentence.
* Page-continuation notes (`（下转第二版）`) are taken out of the text and kept
  in `Article.notes`.
* Traditional-script pages (Hong Kong, Taiwan) are read by the same rules
  (`reader.byline` and `reader.furniture` fold what they match), and
  vertical-text punctuation (`﹁`, `︰`) as its horizontal twin (`reader.vertical`).

Every input line is one *unit*; blank lines only separate.  This reads
Markdown (soft-wrapped lines are joined by the same rule as column breaks)
and plain text files with one paragraph per line alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from reader import digest
from reader.archive import placement_of_path
from reader.byline import STARTS as BYLINE_STARTS
from reader.byline import Byline, looks_like_byline, split_byline
from reader.furniture import read_furniture
from reader.models import Article, HeadlineRole
from reader.vertical import horizontal

_HEADING = re.compile(r"^#{1,6}[ \t\u3000]+|^#{1,6}$")
_THEMATIC_BREAK = re.compile(r"^(?:[-*_][ \t]*){3,}$")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![*A-Za-z0-9\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*A-Za-z0-9])")
_CONTINUATION = re.compile(
    r"[（(][ \t\u3000]*(?:下[转轉]|上接|紧接|緊接|接|[转轉]|[续續])第?[ \t\u3000]*"
    r"[0-9０-９一二三四五六七八九十百A-Za-zＡ-Ｚ]{1,4}[ \t\u3000]*[版页][ \t\u3000]*[）)]"
)
# A `#` line that is a numbered section head inside an article, not a new headline.
_SUBHEAD = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、.．])"
)
_INDENT = " \t\u3000\u00a0"

_SENTENCE_END = frozenset("。！？!?…")
_CLOSERS = "”’」』）)》〉】〕\"'"
_CLAUSE_CONTINUES = frozenset("，,、")
_MAYBE_CONTINUES = frozenset("；;：:")
# After a number cut by a column end, the piece continues with its unit or measure word.
_AFTER_NUMBER = frozenset(
    "0123456789０１２３４５６７８９.．%％‰-—~～至到余多个名家项条万亿千百元角分年月日号时秒次场岁人位米里吨斤"
    "倍户所座辆台件篇本期届批类部股版章节度点支队组票张栋间套只头平亩公克升"
    "餘個項條萬億號時場歲噸戶輛屆類節點隊組張棟間隻頭畝"  # the same in Traditional characters
)
_LIST_START = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十0-9]+[）)、.．]|[一二三四五六七八九十]是|第[一二三四五六七八九十]|其[一二三四五六七八九十])"
)
_HEADLINE_MAX = 40
_MARKED_HEADLINE_MAX = 200
"""A `## ` line longer than this is text that lost its line breaks, not a headline: it is read as
a paragraph (and cut to `MAX_PARAGRAPH`)."""
MAX_PARAGRAPH = 4000
"""No printed paragraph is this long; longer runs (a file with no line breaks) are cut at sentence ends."""


@dataclass(slots=True)
class _Unit:
    text: str
    heading: bool = False
    alone: bool = False
    """A paragraph that never joins its neighbours (a numbered section head)."""
    notes: list[str] = field(default_factory=list)
    """Page-continuation notes taken out of this line."""
    group: int = -1
    """Units on lines joined by Markdown hard breaks share a group number."""
    byline: bool = False
    """The line looks like a byline (`reader.byline.looks_like_byline`), asked once."""


@dataclass(slots=True)
class _Draft:
    headline: list[_Unit] = field(default_factory=list)
    byline: Byline | None = None
    paragraphs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sealed: bool = False
    """The last paragraph takes nothing more (it is a section head)."""

    def is_empty(self) -> bool:
        return not (self.headline or self.byline or self.paragraphs)


def parse_page(text: str, source: str = "<text>") -> list[Article]:
    """Split one page's text into its articles, in page order."""
    return parse_file(text, source)[0]


def parse_file(text: str, source: str = "<text>") -> tuple[list[Article], list[str]]:
    """A file's articles, in order, each placed in its paper (`Placement`), and notices.

    The file's furniture (mastheads, page headers: `reader.furniture`) is
    taken out first and says where its articles were printed; its path
    (`reader.archive`) fills what the furniture does not say.  A file may
    hold several pages (a day's paper): each page header starts the next.
    """
    furnished = read_furniture(horizontal(text))
    from_path = placement_of_path(source)
    stem = PurePath(source).name
    articles: list[Article] = []
    for placement, page_text in furnished.pages:
        where = placement.filled_from(from_path)
        for draft in _segment(_units(page_text)):
            if draft.is_empty():
                continue
            order = len(articles)
            headline, roles = _headline_roles(draft.headline)
            articles.append(
                Article(
                    id=_article_id(stem, order, headline, draft.paragraphs),
                    source=source,
                    order=order,
                    headline=tuple(headline),
                    roles=tuple(roles),
                    byline=draft.byline.text if draft.byline else "",
                    reporters=draft.byline.reporters if draft.byline else (),
                    paragraphs=_bounded_all(draft.paragraphs),
                    notes=tuple(draft.notes),
                    paper=where.paper,
                    date=where.date,
                    page=where.page,
                    section=where.section,
                )
            )
    return articles, list(furnished.notices)


# --- lines → units -----------------------------------------------------------------


def _units(text: str) -> list[_Unit]:
    """Non-blank lines, cleaned of Markdown and indentation, with hard-break groups marked."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    units: list[_Unit] = []
    orphan_notes: list[str] = []  # notes on lines of their own, before any unit
    group = 0
    open_group = False  # the previous line ended in a hard break
    # Hot loop (every line of every page): cheap tests guard each regex.
    indent = _INDENT
    thematic = _THEMATIC_BREAK.match
    byline_starts = BYLINE_STARTS
    for raw in text.split("\n"):
        if not raw:
            open_group = False
            continue
        hard = raw.endswith(("  ", "\\"))
        line = raw.strip(indent)
        if line.endswith("\\"):
            line = line[:-1].rstrip(indent)
        if not line or (line[0] in "-*_" and thematic(line)):
            open_group = False
            continue
        heading = False
        first = line[0]
        if first == "#":
            marker = _HEADING.match(line)
            if marker:
                line = line[marker.end() :].rstrip("#" + indent)
                heading = len(line) <= _MARKED_HEADLINE_MAX
                first = line[:1]
        if first == ">":
            line = line.lstrip("> \t\u3000")
        if "*" in line or ("_" in line and "__" in line):
            line = _EMPHASIS.sub(r"\1", _STRONG.sub(r"\2", line))
        notes: list[str] = []
        if "版" in line and _CONTINUATION.search(line):
            notes = [m.group(0) for m in _CONTINUATION.finditer(line)]
            line = _CONTINUATION.sub("", line).strip(indent)
        if not line:
            # A note alone on its line belongs to the text just before it.
            (units[-1].notes if units else orphan_notes).extend(notes)
            open_group = False
            continue
        alone = heading and bool(_SUBHEAD.match(line))
        if alone:
            heading = False  # `## 一、…` is a section head inside the article
        if orphan_notes:
            notes = orphan_notes + notes
            orphan_notes = []
        unit = _Unit(line, heading, alone, notes, -1, line[0] in byline_starts and looks_like_byline(line))
        if open_group or hard:
            if not open_group:
                group += 1
            unit.group = group
        units.append(unit)
        open_group = hard and not heading
    return units


# --- units → articles --------------------------------------------------------------


def _segment(units: list[_Unit]) -> list[_Draft]:
    headline = _headline_units(units)
    drafts = [_Draft()]
    for index, unit in enumerate(units):
        current = drafts[-1]
        if headline[index]:
            if not (index > 0 and headline[index - 1]) and not current.is_empty():
                current = _Draft()
                drafts.append(current)
            current.headline.append(unit)
        elif current.paragraphs and unit.byline:
            # A byline in mid-body with no headline before it still starts an article.
            current = _Draft()
            drafts.append(current)
            _add_body(current, unit)
        else:
            _add_body(current, unit)
        current.notes.extend(unit.notes)
    return drafts


def _add_body(draft: _Draft, unit: _Unit) -> None:
    """The byline if the article has none yet, else a paragraph or the rest of a broken one."""
    text = unit.text
    if not draft.paragraphs and draft.byline is None:
        draft.byline, text = split_byline(text)
        if not text:
            return
    paragraphs = draft.paragraphs
    if paragraphs and not (draft.sealed or unit.alone) and _continues(paragraphs[-1], text, unit.byline):
        paragraphs[-1] = _join(paragraphs[-1], text)
    else:
        draft.paragraphs.append(text)
    draft.sealed = unit.alone


def _headline_units(units: list[_Unit]) -> list[bool]:
    """Which units belong to headline blocks.

    Marked headings always do; hard-break groups do when every line is short
    and unpunctuated; plain short unpunctuated lines do when a run of them
    leads straight into a byline, or opens the page.
    """
    n = len(units)
    is_headline = [False] * n
    for i, unit in enumerate(units):
        if unit.heading:
            is_headline[i] = True
    groups: dict[int, list[int]] = {}
    for i, unit in enumerate(units):
        if unit.group >= 0:
            groups.setdefault(unit.group, []).append(i)
    for members in groups.values():
        if len(members) > 1 and all(_headline_like(units[i].text) for i in members):
            for i in members:
                is_headline[i] = True
    # Runs of plain headline-like lines right before a byline (or before a marked
    # headline block that itself leads into one) are headlines too.
    for i, unit in enumerate(units):
        if is_headline[i] or not unit.byline:
            continue
        j = i - 1
        while j >= 0 and (is_headline[j] or _headline_like(units[j].text)):
            is_headline[j] = True
            j -= 1
    # The page opens with a headline: plain lines before the first body paragraph.
    if n and not is_headline[0]:
        j = 0
        while j < n - 1 and _headline_like(units[j].text) and len(units[j].text) <= 30:
            j += 1
        if 0 < j < n and not _headline_like(units[j].text):
            for k in range(j):
                is_headline[k] = True
    return is_headline


def _headline_like(line: str) -> bool:
    if not 1 <= len(line) <= _HEADLINE_MAX:
        return False
    if line[-1] in _SENTENCE_END or line[-1] in _CLAUSE_CONTINUES or line[-1] in _MAYBE_CONTINUES:
        return False
    if "。" in line or looks_like_byline(line):
        return False
    return True


def continues(paragraph: str, following: str) -> bool:
    """Whether `following` carries on the sentence `paragraph` left unfinished.

    A paragraph ends at a sentence end (`。！？…`), also inside closing quotes
    and brackets (`…。”`).  A closing quote after anything else (`“真说好、真
    点赞”` | `的项目`) leaves the sentence open, unless the whole paragraph is
    the quotation.  A number continues only into its unit or measure word
    (`我区将把20` | `部红色电影`), so real paragraphs ending in a number stay
    apart.  A colon or semicolon does not carry into a list item.
    """
    return _continues(paragraph, following, looks_like_byline(following))


def _continues(paragraph: str, following: str, following_is_byline: bool) -> bool:
    if following_is_byline:
        return False
    last = paragraph[-1]
    if last in _SENTENCE_END:
        return False
    if last in _CLOSERS:
        core = paragraph.rstrip(_CLOSERS)
        if not core or core[-1] in _SENTENCE_END:
            return False
        if paragraph[0] in '“「『"' and len(core) + 1 == len(paragraph):
            return False  # the whole paragraph is one quotation
        return True
    if last in _CLAUSE_CONTINUES:
        return True
    if last in _MAYBE_CONTINUES:
        return not _LIST_START.match(following) and not following.startswith(("“", "「"))
    if last.isdigit():
        return following[0] in _AFTER_NUMBER
    return last.isalpha()  # a Han character or letter: cut mid-sentence, even mid-word


def _join(left: str, right: str) -> str:
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def _bounded_all(paragraphs: list[str]) -> tuple[str, ...]:
    if not paragraphs or max(map(len, paragraphs)) <= MAX_PARAGRAPH:
        return tuple(paragraphs)  # the usual case, checked at C speed
    return tuple(p for paragraph in paragraphs for p in _bounded(paragraph))


def _bounded(paragraph: str) -> list[str]:
    """A paragraph cut into pieces of at most MAX_PARAGRAPH characters, at sentence ends if possible."""
    pieces = []
    while len(paragraph) > MAX_PARAGRAPH:
        window = paragraph[MAX_PARAGRAPH // 2 : MAX_PARAGRAPH]
        ends = [window.rfind(ch) for ch in _SENTENCE_END]
        cut = MAX_PARAGRAPH // 2 + max(ends) + 1 if max(ends) >= 0 else MAX_PARAGRAPH
        while cut < len(paragraph) and paragraph[cut] in _CLOSERS:
            cut += 1
        pieces.append(paragraph[:cut])
        paragraph = paragraph[cut:]
    if paragraph:
        pieces.append(paragraph)
    return pieces


# --- headline roles and ids --------------------------------------------------------

_BANNER_WORDS = re.compile(r"^(?:学习贯彻|聚焦|关注|专题|专栏|特别报道|系列报道|深入学习)")


def _headline_roles(units: list[_Unit]) -> tuple[list[str], list[HeadlineRole]]:
    """Name each headline line: banner, kicker (引题), title, subtitle (副题)."""
    lines = [u.text for u in units]
    roles: list[HeadlineRole] = ["subtitle"] * len(lines)
    if not lines:
        return lines, roles
    # Visual groups: one per marked or plain line, one per hard-break group.
    groups: list[list[int]] = []
    for i, unit in enumerate(units):
        if groups and unit.group >= 0 and units[groups[-1][-1]].group == unit.group:
            groups[-1].append(i)
        else:
            groups.append([i])
    start = 0
    if len(groups) > 1 and len(groups[0]) == 1:
        first = lines[0]
        if len(groups[1]) > 1 or _BANNER_WORDS.match(first):
            roles[0] = "banner"
            start = 1
    if start >= len(lines):
        roles[0] = "title"
        return lines, roles
    title = start
    if len(lines) - start > 1 and _is_kicker(lines[start]):
        roles[start] = "kicker"
        title = start + 1
    while title < len(lines) - 1 and lines[title].startswith(("——", "—", "--")):
        title += 1
    roles[title] = "title"
    return lines, roles


def _is_kicker(line: str) -> bool:
    """A slogan in quotes or a line ending in a colon sits above the title."""
    quoted = line[0] in '“「『"' and line[-1] in '”」』"' and line.count(line[0]) == 1
    return quoted or line[-1] in "：:"


def _article_id(stem: str, order: int, headline: list[str], paragraphs: list[str]) -> str:
    key = "\x00".join([stem, str(order), *headline, paragraphs[0][:64] if paragraphs else ""])
    # surrogateescape: a file name that is not UTF-8 (GBK from a Windows zip) keeps its bytes.
    return digest.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:12]

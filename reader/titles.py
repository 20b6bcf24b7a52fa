"""Who someone is: the titles Chinese news writes right before a name.

    市委常委、区委书记乔俊杰     → 乔俊杰: 市委常委, 区委书记
    区委副书记、区长恽淇丞       → 恽淇丞: 区委副书记, 区长
    副区长朱慧峰                → 朱慧峰: 副区长
    公司董事长许某某             → 许某某: 公司董事长
    区领导孙益锋、张小虎、盛世麟   → each of them: 区领导

A title is read only from the text before a person the tagger found, back to
the nearest punctuation; it ends in a known title word (`reader.tagger.lexicon`)
and may open with the body it belongs to (区委, 市委, 公司).  So a title never
takes a character of the name, and `会议由副区长朱慧峰主持` gives 副区长, not
会议由副区长.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.models import Article
from reader.packed import entity_spans
from reader.tagger.lexicon import TITLE_ENDINGS, TITLES

_BODY = re.compile(
    r"(?:[省市区县镇乡村]委|[省市区县镇乡村]政府|[省市区县]人大|[省市区县]政协|公司|集团|[省市区县镇乡村])$"
)
"""What a title may open with: the body it is a title of."""
_STOP = '，。！？；：,.!?;:（）()“”"《》【】 \u3000\n'
_LEADERS = re.compile(r"(?:[省市区县镇乡]|公司|集团)?领导$")
_LONGEST = max(map(len, TITLES))
_LAST_STRETCH = re.compile("[^" + re.escape(_STOP + "、") + "]*$")
_MAX = 12
"""Characters of one title, at most (区委常委、常务副区长 is two)."""
_WINDOW = 4 * (_MAX + 1)
"""Characters before a name looked at: a few titles in a row."""


@dataclass(frozen=True, slots=True)
class Titled:
    """One title seen with one person in one article."""

    person: str
    title: str


def titles_in(article: Article) -> Iterator[Titled]:
    """The titles written before the people the article names."""
    by_block: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for text, kind, block, line, start, end in entity_spans(article.entities):
        if kind == "PER":
            by_block.setdefault((block, line), []).append((start, end, text))
    for (block, line), found in by_block.items():
        text = article.block(block, line)
        found.sort()
        leaders: str | None = None
        previous_end = -1
        for start, end, person in found:
            before = text[max(0, start - _WINDOW) : start]
            listed = previous_end >= 0 and text[previous_end:start] == "、"
            if not listed:
                leaders = None
            for title in _titles_before(before):
                yield Titled(person, title)
            role = _LEADERS.search(before)
            if role and not listed:
                leaders = role.group(0)
            if leaders is not None:
                yield Titled(person, leaders)  # 区领导 A、B、C: each of them
            previous_end = end


def _titles_before(before: str) -> list[str]:
    """`…，市委常委、区委书记` → [市委常委, 区委书记] (those right before the name, in order)."""
    titles: list[str] = []
    rest = before
    while rest:
        title = _title_at_end(rest)
        if title is None:
            break
        titles.insert(0, title)
        rest = rest[: -len(title)]
        if not rest.endswith("、"):
            break
        rest = rest[:-1]
    return titles


def _title_at_end(text: str) -> str | None:
    """The title `text` ends with, with the body it opens with, or None."""
    stretch = _LAST_STRETCH.search(text[-_MAX:])
    tail = stretch.group(0) if stretch else ""
    word = next((tail[-n:] for n in range(min(_LONGEST, len(tail)), 0, -1) if tail[-n:] in TITLES), None)
    if word is None:
        word = next(
            (
                tail[-n:]
                for n in range(4, 1, -1)
                if len(tail) >= n and tail[-n:].endswith(TITLE_ENDINGS) and tail[-n:][0] == "副"
            ),
            None,
        )
    if word is None:
        return None
    head = tail[: len(tail) - len(word)]
    for qualifier in ("常务", "执行", "名誉"):  # 常务副区长
        if head.endswith(qualifier):
            word, head = qualifier + word, head[: -len(qualifier)]
            break
    body = _BODY.search(head)
    if body is not None and body.start() + len(body.group(0)) == len(head):
        head_part = head[body.start() :]
        return head_part + word
    if head.endswith("副") and not word.startswith("副"):
        return "副" + word
    return word

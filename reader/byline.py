"""Bylines: `本报讯(记者 黄雅婷)` and its relatives, and the names inside them.

Traditional-script papers are read by the same rules: a line is folded to
Simplified characters (`reader.script`, one character for one) before it is
matched, and the byline and names are cut from the line as printed.  Their
own forms are read too: Hong Kong's `【明報專訊】`, Taiwan's
`記者王小明／台北報導` and the Central News Agency's
`（中央社記者王小明台北7日電）`, where the name runs into the place it was
filed from and is cut after three characters (two when the rest would be
shorter than a place name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.script import to_simplified

# The dateline that opens a news paragraph, optionally followed by the credit in brackets:
#   本报讯(记者 黄雅婷)   本报讯（记者　张三　通讯员　李四）   新华社北京7月29日电（记者 王五）
#   本报南京7月29日电(记者 赵六 实习生 钱七)   据新华社电
#   【明报专讯】   【本报讯】(记者 陈大文)
_LEAD = (
    r"(?:本报讯|(?:本报|新华社|中新社|人民日报|据新华社|据中新社)[^\s，,。（()）]{0,16}?电|本报记者"
    r"|【[^【】\s]{1,12}?(?:讯|电|报道)】)"
)
_BYLINE = re.compile(rf"^(?P<lead>{_LEAD})[ \t\u3000]*(?:[（(](?P<credit>[^（()）\n]{{0,80}})[）)])?")
# A credit on a line of its own: `本报记者 张三 李四`, `记者 张三　通讯员 李四`.
_CREDIT_LINE = re.compile(
    r"^[（(]?(?:本报|特约|见习)?(?:记者|通讯员|实习生|摄影|摄|文/图|文|图)[ \t\u3000:：]*"
    r"[\u4e00-\u9fff·]{2,5}(?:[ \t\u3000、，,]+(?:(?:本报|特约|见习)?(?:记者|通讯员|实习生|摄影))?"
    r"[ \t\u3000:：]*[\u4e00-\u9fff·]{2,5})*[）)]?$"
)

# A news agency's dateline with its reporters: （中央社记者王小明、李大华台北7日电）.
_AGENCY = re.compile(
    r"^[（(](?:中央社|中通社|中新社|新华社|法新社|路透社|美联社|共同社|韩联社)"
    r"(?:记者(?P<who>[^（()）\d\n]{2,40}))?[^（()）\d\n]{0,12}\d{1,2}日[^（()）\n]{0,6}电[）)]"
)
# Taiwan's credit: 记者王小明／台北报导, 〔记者王小明、李大华／综合报导〕.
_FILED = re.compile(
    r"^[【〔［\[]?(?:本报|特约)?记者[ \t\u3000]*(?P<who>[^／/【】〔〕［］\[\]\n]{2,40}?)[ \t\u3000]*[／/]"
    r"[ \t\u3000]*[^\s【】〔〕［］\[\]／/]{1,12}?(?:报导|报道|电)[】〕］\]]?"
)
_PLACE_MIN = 2
"""A place a dateline names has two characters or more (台北, 华盛顿)."""

# Only roles of two characters or more are cut off the front of a token: `记者黄雅婷`.
# One-character roles (文, 图, 摄) would eat the first character of names such as 文静.
ROLES = ("本报记者", "特约记者", "见习记者", "记者", "通讯员", "实习生", "摄影")
_ROLE_PREFIX = re.compile("^(?:" + "|".join(ROLES) + ")[:：]?")
_SEPARATORS = re.compile(r"[ \t\u3000、，,;；/]+")
# Every byline (`_LEAD`) and credit line (`_CREDIT_LINE`) starts with one of these characters.
STARTS = _STARTS = frozenset("本新中人据（(特见记通实摄文图【〔［[據見記實攝圖")
_NAME = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff·]{1,5}$|^[A-Za-z][A-Za-z .'-]{1,30}$")


@dataclass(frozen=True, slots=True)
class Byline:
    text: str
    """The byline exactly as printed at the start of the paragraph."""
    reporters: tuple[str, ...]
    """The names in it, in order, whatever their role (记者, 通讯员, 实习生 …)."""


def split_byline(paragraph: str) -> tuple[Byline | None, str]:
    """Take the byline off the front of a paragraph.

    Returns the byline (or None) and the rest of the paragraph, with the
    separator that followed the byline (space, colon) removed.
    """
    if paragraph[:1] not in _STARTS:
        return None, paragraph
    folded = to_simplified(paragraph)  # same length: a match's offsets are the paragraph's
    if _CREDIT_LINE.match(folded):  # `本报记者 王五` alone: before `本报记者` is read as a dateline
        return Byline(paragraph, names_in_credit(paragraph.strip("（()）"))), ""
    for pattern, read in ((_BYLINE, names_in_credit), (_AGENCY, _agency_names), (_FILED, names_in_credit)):
        match = pattern.match(folded)
        if match:
            rest = paragraph[match.end() :]
            stripped = rest.lstrip(" \t\u3000:：")
            text = paragraph[: len(paragraph) - len(stripped)].rstrip(" \t\u3000")
            group = "credit" if pattern is _BYLINE else "who"
            credit = paragraph[match.start(group) : match.end(group)] if match.group(group) else ""
            return Byline(text, read(credit)), stripped
    return None, paragraph


def is_credit_line(line: str) -> bool:
    """A line that is nothing but a credit, such as `本报记者 张三 李四`."""
    return line[:1] in _STARTS and bool(_CREDIT_LINE.match(to_simplified(line)))


def looks_like_byline(paragraph: str) -> bool:
    # The first-character test settles nearly every line without a regex (the parser asks for each).
    if paragraph[:1] not in _STARTS:
        return False
    folded = to_simplified(paragraph)
    return any(p.match(folded) for p in (_BYLINE, _CREDIT_LINE, _AGENCY, _FILED))


def names_in_credit(credit: str) -> tuple[str, ...]:
    """`记者 黄雅婷 通讯员 张三、李四` → ("黄雅婷", "张三", "李四"); names as printed, in either script."""
    folded = to_simplified(credit)
    names: list[str] = []
    at = 0
    for found in _SEPARATORS.finditer(folded + " "):
        token, start = folded[at : found.start()], at
        at = found.end()
        while token.startswith(ROLES):  # "记者黄雅婷", "本报记者：张三"
            shorter = _ROLE_PREFIX.sub("", token, count=1)
            if shorter == token:
                break
            start += len(token) - len(shorter)
            token = shorter
        name = credit[start : start + len(token)]
        if token and _NAME.match(token) and name not in names:
            names.append(name)
    return tuple(names)


def _agency_names(who: str) -> tuple[str, ...]:
    """The reporters of `王小明、李大华台北`: the last name runs into the place (see the module docstring)."""
    names = list(names_in_credit(who))
    if names and names[-1] == who[len(who) - len(names[-1]) :]:
        last = names.pop()
        if len(last) >= 2 + _PLACE_MIN:  # else no place follows: 中央社记者王小明7日电
            last = last[: 3 if len(last) - 3 >= _PLACE_MIN else 2]
        names.append(last)
    return tuple(dict.fromkeys(names))

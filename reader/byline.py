"""Bylines: `本报讯(记者 黄雅婷)` and its relatives, and the names inside them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The dateline that opens a news paragraph, optionally followed by the credit in brackets:
#   本报讯(记者 黄雅婷)   本报讯（记者　张三　通讯员　李四）   新华社北京7月29日电（记者 王五）
#   本报南京7月29日电(记者 赵六 实习生 钱七)   据新华社电
_LEAD = r"(?:本报讯|(?:本报|新华社|中新社|人民日报|据新华社|据中新社)[^\s，,。（()）]{0,16}?电|本报记者)"
_BYLINE = re.compile(rf"^(?P<lead>{_LEAD})[ \t\u3000]*(?:[（(](?P<credit>[^（()）\n]{{0,80}})[）)])?")
# A credit on a line of its own: `本报记者 张三 李四`, `记者 张三　通讯员 李四`.
_CREDIT_LINE = re.compile(
    r"^[（(]?(?:本报|特约|见习)?(?:记者|通讯员|实习生|摄影|摄|文/图|文|图)[ \t\u3000:：]*"
    r"[\u4e00-\u9fff·]{2,5}(?:[ \t\u3000、，,]+(?:(?:本报|特约|见习)?(?:记者|通讯员|实习生|摄影))?"
    r"[ \t\u3000:：]*[\u4e00-\u9fff·]{2,5})*[）)]?$"
)

# Only roles of two characters or more are cut off the front of a token: `记者黄雅婷`.
# One-character roles (文, 图, 摄) would eat the first character of names such as 文静.
ROLES = ("本报记者", "特约记者", "见习记者", "记者", "通讯员", "实习生", "摄影")
_ROLE_PREFIX = re.compile("^(?:" + "|".join(ROLES) + ")[:：]?")
_SEPARATORS = re.compile(r"[ \t\u3000、，,;；/]+")
# Every byline (`_LEAD`) and credit line (`_CREDIT_LINE`) starts with one of these characters.
STARTS = _STARTS = frozenset("本新中人据（(特见记通实摄文图")
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
    if is_credit_line(paragraph):  # `本报记者 王五` alone: before `本报记者` is read as a dateline
        return Byline(paragraph, names_in_credit(paragraph.strip("（()）"))), ""
    match = _BYLINE.match(paragraph)
    if match:
        rest = paragraph[match.end() :]
        stripped = rest.lstrip(" \t\u3000:：")
        text = paragraph[: len(paragraph) - len(stripped)].rstrip(" \t\u3000")
        return Byline(text, names_in_credit(match.group("credit") or "")), stripped
    return None, paragraph


def is_credit_line(line: str) -> bool:
    """A line that is nothing but a credit, such as `本报记者 张三 李四`."""
    return line[:1] in _STARTS and bool(_CREDIT_LINE.match(line))


def looks_like_byline(paragraph: str) -> bool:
    # The first-character test settles nearly every line without a regex (the parser asks for each).
    if paragraph[:1] not in _STARTS:
        return False
    return bool(_BYLINE.match(paragraph)) or bool(_CREDIT_LINE.match(paragraph))


def names_in_credit(credit: str) -> tuple[str, ...]:
    """`记者 黄雅婷 通讯员 张三、李四` → ("黄雅婷", "张三", "李四")."""
    names: list[str] = []
    for token in _SEPARATORS.split(credit.strip()):
        while token.startswith(ROLES):  # "记者黄雅婷", "本报记者：张三"
            shorter = _ROLE_PREFIX.sub("", token, count=1)
            if shorter == token:
                break
            token = shorter
        if token and _NAME.match(token) and token not in names:
            names.append(token)
    return tuple(names)

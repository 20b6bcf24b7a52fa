"""Local-news conventions on top of the model.

The model learned People's Daily of 1998; a district paper writes officials
as `市委常委、区委书记乔俊杰`, lists them with `、`, credits reporters as
`本报讯(记者 黄雅婷)` and abbreviates its own offices (`区发改局`).  Each rule
here reads one such convention; together they add what the model missed and
fix what it got half right.  They use general tables only (`lexicon`), never
names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from itertools import pairwise

from reader.models import Span
from reader.tagger.lexicon import (
    COMPOUND_SURNAMES,
    LEGAL_FORMS,
    NUMERALS,
    ORG_SUFFIXES,
    SURNAMES,
    TITLES,
)
from reader.tagger.text import is_han

HasWord = Callable[[str], bool]
Cut = Callable[[str], list[tuple[str, str]]]

# --- names ---------------------------------------------------------------------------

_NAME_STOPS = frozenset(
    "的了在和与及是对向将从为也都就还又说等并被把让给由于、，。,.；;：:！!？?（）()“”\"'《》"
)
"""A character that, right after a surname and one given character, ends the name (王斐等 …)."""

STRICT_TITLE_ENDINGS = (
    "书记", "主任", "委员", "常委", "主席", "经理", "局长", "部长", "厅长", "处长", "科长", "市长", "区长", "县长",
    "镇长", "乡长", "院长", "校长", "队长", "社长", "行长", "所长", "站长", "会长", "理事长", "董事长", "秘书长",
    "省长", "总理", "总监", "记者",
)  # fmt: skip
"""Endings that make a longer word a title (区委副书记, 党组书记, 副总经理); `长` alone is too loose (增长)."""


def is_strict_title(word: str) -> bool:
    return word in TITLES or (len(word) >= 3 and word.endswith(STRICT_TITLE_ENDINGS))


def title_before(text: str, start: int) -> bool:
    """Does a title end right at `start` (`区长|恽淇丞`)?"""
    for size in (2, 3, 4, 5, 6):
        if start - size < 0:
            break
        if is_strict_title(text[start - size : start]):
            return True
    return False


def title_after(text: str, end: int) -> bool:
    """Does a title start right at `end` (`习近平|总书记`, `乔俊杰|书记`)?"""
    return any(is_strict_title(text[end : end + size]) for size in (2, 3, 4, 5) if end + size <= len(text))


def surname_length(text: str, start: int) -> int:
    """2 for a compound surname at `start`, 1 for a single one, 0 for none."""
    if text[start : start + 2] in COMPOUND_SURNAMES:
        return 2
    return 1 if start < len(text) and text[start] in SURNAMES else 0


def _starts_word(text: str, at: int, has_word: HasWord) -> bool:
    return any(at + k <= len(text) and has_word(text[at : at + k]) for k in (2, 3, 4))


def name_end(text: str, start: int, has_word: HasWord, *, limit: int | None = None) -> int | None:
    """Where a Chinese name starting at `start` (surname + one or two characters) most likely ends.

    Two given characters unless the third candidate stops the name: a
    punctuation or function character (`王斐、`, `王斐等`), or the start of a
    dictionary word that the second given character does not belong to
    (`王斐指出` but `朱慧峰参加`).
    """
    limit = len(text) if limit is None else limit
    surname = surname_length(text, start)
    if not surname:
        return None
    first = start + surname
    if first >= limit or not is_han(text[first]) or text[first] in _NAME_STOPS:
        return None
    second = first + 1
    if second >= limit or not is_han(text[second]) or text[second] in _NAME_STOPS:
        return second
    if _starts_word(text, second, has_word) and not has_word(text[first : second + 1]):
        return second
    return second + 1


_FUNCTION_POS = frozenset("c p d r u uj ul uz ug uv ud y e o m mq q f t a ad an".split())
"""Parts of speech that no part of a Chinese name carries (和/c 干部, 曾/d 两次, 于/p 今年)."""
_NAME_POS = frozenset("nr nrfg nrt nz ng n zg x".split()) | {""}


def plausible_name(text: str, has_word: HasWord, cut: Cut) -> bool:
    """Could `text` be a name rather than words (和干部, 宣布这, 高度)?

    Not if it is a dictionary word of its own; else jieba's cut of it decides:
    no function word anywhere, no leading word of two characters or more
    unless it is a name, no later such word unless it is a name-like noun.
    """
    if any(not is_han(c) for c in text) or has_word(text):
        return False  # a dictionary word is a word: jieba tags 荣获, 杜绝, 高水平 as names
    words = cut(text)
    first, pos = words[0]
    if len(first) >= 2 and not pos.startswith("nr"):
        return False
    for word, pos in words:
        if pos in _FUNCTION_POS:
            return False
        if len(word) >= 2 and word is not first and pos not in _NAME_POS:
            return False
    return True


def admit_people(text: str, candidates: list[Span], spans: list[Span]) -> list[Span]:
    """Rule-made names that do not fight the model: they may only grow one of its names.

    A candidate overlapping a place or organisation is dropped (`交警|支队杨`), and so
    is one that grows a model name by a character that is itself a surname
    starting another name (`卢晶|刘菁`).
    """
    admitted: list[Span] = []
    spans = sorted(spans, key=lambda s: s.start)  # disjoint
    starts = [s.start for s in spans]
    for candidate in candidates:
        hi = bisect_left(starts, candidate.end)
        lo = hi
        while lo > 0 and spans[lo - 1].end > candidate.start:
            lo -= 1
        inside = spans[lo:hi]
        if any(s.type != "PER" or s.start < candidate.start or s.end > candidate.end for s in inside):
            continue
        grown = [s for s in inside if (s.start, s.end) != (candidate.start, candidate.end)]
        if any(
            s.start == candidate.start
            and text[s.end] in SURNAMES
            and s.end + 1 < len(text)
            and is_han(text[s.end + 1])
            for s in grown
        ):
            continue
        admitted.append(candidate)
    return admitted


_TITLE_THEN_SURNAME = re.compile(
    "(?:"
    + "|".join(re.escape(t) for t in sorted(TITLES | set(STRICT_TITLE_ENDINGS), key=len, reverse=True))
    + ")(?=["
    + "".join(sorted(SURNAMES))
    + "]|"
    + "|".join(sorted(COMPOUND_SURNAMES))
    + ")"
)


def title_names(text: str, has_word: HasWord, cut: Cut) -> list[Span]:
    """Names written right after a title: `区委书记乔俊杰`, `区长恽淇丞`, `副区长朱慧峰`.

    A title that starts a longer dictionary word is none: in `记者席多达` the
    word is 记者席 (the press seats), and nobody follows it.
    """
    found: list[Span] = []
    for match in _TITLE_THEN_SURNAME.finditer(text):
        start = match.end()
        if has_word(text[match.start() : start + 1]) or has_word(text[match.start() : start + 2]):
            continue
        end = name_end(text, start, has_word)
        if end and plausible_name(text[start:end], has_word, cut):
            found.append(Span("PER", start, end))
    return found


def names_before_titles(text: str, cut: Cut) -> list[Span]:
    """Names written right before a title: `习近平总书记`, `乔俊杰书记` (jieba must call the word a name, `nr…`).

    jieba's dictionary calls some plain words names (荣誉, 高新区), and its cut
    runs a name into the preposition after it (`以王景茂为|团长`): a word that
    ends like a place or a unit, or that only qualifies the title (荣誉委员),
    is no name, and a name's trailing 为 is left out.
    """
    found: list[Span] = []
    at = 0
    words = cut(text)
    for (word, pos), (after, _) in pairwise([*words, ("", "")]):
        if not pos.startswith("nr"):
            at += len(word)
            continue
        name = word[:-1] if len(word) >= 3 and word[-1] == "为" else word
        if (
            2 <= len(name) <= 4
            and all(is_han(c) for c in name)
            and name[-1] not in _NOT_A_NAMES_END
            and name not in TITLE_QUALIFIERS
            and is_strict_title(after)
        ):
            found.append(Span("PER", at, at + len(name)))
        at += len(word)
    return found


_NOT_A_NAMES_END = frozenset("区县市省镇乡村州团队宫")
"""Last characters of places and units (高新区, 进贤县, 白宫), never of a Chinese person's name."""
TITLE_QUALIFIERS = frozenset("荣誉 名誉 特聘 客座 终身 首席 常务 执行 候补 代理".split())
"""Words jieba may call names that only qualify the title after them (荣誉委员, 特聘教授)."""


_LIST_SEPARATOR = "、"


def list_names(text: str, spans: list[Span], has_word: HasWord, cut: Cut) -> list[Span]:
    """Names in a `、` list next to a known name: `乔俊杰、恽淇丞、石伟东` (a chain, both ways)."""
    taken = bytearray(len(text))  # 1 where a span already is
    for s in spans:
        taken[s.start : s.end] = b"\x01" * (s.end - s.start)
    added: list[Span] = []
    # Anchors: names of three characters or more, or after a title (a two-character 柴胡 may be a herb).
    frontier = sorted(
        (s.start, s.end)
        for s in spans
        if s.type == "PER" and (s.end - s.start >= 3 or title_before(text, s.start))
    )
    while frontier:
        start, end = frontier.pop()
        # the next item
        if end < len(text) and text[end] == _LIST_SEPARATOR:
            nxt = name_end(text, end + 1, has_word)
            if nxt and not any(taken[end + 1 : nxt]) and plausible_name(text[end + 1 : nxt], has_word, cut):
                added.append(Span("PER", end + 1, nxt))
                taken[end + 1 : nxt] = b"\x01" * (nxt - end - 1)
                frontier.append((end + 1, nxt))
        # the item before
        if start > 0 and text[start - 1] == _LIST_SEPARATOR:
            stop = start - 1
            for size in (3, 2, 4):
                begin = stop - size
                if begin < 0 or not all(is_han(c) for c in text[begin:stop]):
                    continue
                if surname_length(text, begin) == 0 or (size == 4 and surname_length(text, begin) != 2):
                    continue
                edge_ok = begin == 0 or not is_han(text[begin - 1]) or text[begin - 1] == _LIST_SEPARATOR
                if not (edge_ok or title_before(text, begin)):
                    continue
                if any(taken[begin:stop]) or not plausible_name(text[begin:stop], has_word, cut):
                    continue
                added.append(Span("PER", begin, stop))
                taken[begin:stop] = b"\x01" * (stop - begin)
                frontier.append((begin, stop))
                break
    return added


# --- bylines -------------------------------------------------------------------------

_ROLE = r"(?:本报|特约|见习)?(?:记者|通讯员|实习生|摄影|摄)"
_CREDIT = re.compile(
    rf"[(（][ \t\u3000]*(?P<body>{_ROLE}[^()（）\n]{{1,80}})[)）]|^[ \t\u3000]*(?P<line>{_ROLE}[ \t\u3000:：][^\n]{{1,80}})$"
)
_CREDIT_NAME = re.compile(
    rf"(?:^|(?<=[ \t\u3000、，,:：/]))(?:{_ROLE}[ \t\u3000:：]*)?(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?:摄影|摄)?(?=$|[ \t\u3000、，,/])"
)


def byline_names(text: str) -> list[Span]:
    """Reporters credited in brackets: `本报讯(记者 黄雅婷)`, `（记者 张三 通讯员 李四、王五）`."""
    found: list[Span] = []
    for credit in _CREDIT.finditer(text):
        group = "body" if credit.group("body") else "line"
        body, offset = credit.group(group), credit.start(group)
        for match in _CREDIT_NAME.finditer(body):
            name = match.group("name")
            if re.fullmatch(_ROLE, name) or not surname_length(name, 0):
                continue
            found.append(Span("PER", offset + match.start("name"), offset + match.end("name")))
    return found


# --- organisations -------------------------------------------------------------------

_ORG_SUFFIX_RE = "|".join(re.escape(s) for s in ORG_SUFFIXES)
_LOCAL_OFFICE = re.compile(
    rf"(?P<level>[省市区县镇乡])(?P<mid>[\u4e00-\u9fff]{{1,4}}?)(?P<suffix>{_ORG_SUFFIX_RE})"
)
_NOT_OUR_LEVEL = frozenset("我全本该各此每两三一城市社园景辖片小新老山郊灾军副正地市省县")
"""A character before 区/市/县 that makes it part of a word (我区, 全市, 社区) or a title (副区长)."""
_NOT_AN_OFFICE_END = ("常委", "委员", "主委")


def local_offices(text: str, has_word: HasWord, cut: Cut) -> list[Span]:
    """A level written alone before an office's short name is "our" level: `区发改局`, `区委党史工委`."""
    found: list[Span] = []
    for match in _LOCAL_OFFICE.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        if before and (before in _NOT_OUR_LEVEL or has_word(before + match.group("level"))):
            continue
        if before and is_han(before):
            word = _word_before(text, start, cut)
            if word is None or not word[1].startswith(_LEAD_POS):
                continue  # 武进区红色…, 花溪乡…: the level ends a place name, it does not stand alone
        if has_word(text[start : start + 2]) and text[start + 1] != "委":
            continue  # 市场部, 乡镇党委 … begin with a word of their own (区委 is fine)
        name = match.group(0)
        if name.endswith(_NOT_AN_OFFICE_END) or any(c in _NAME_STOPS for c in name):
            continue
        if end < len(text) and has_word(name[-1] + text[end]):
            continue  # 部署, 局面, 委员, 办法: the suffix belongs to the next word
        if len(match.group("suffix")) == 1 and has_word(name[-2:]):
            continue  # 县广大干部: 干部 is a word, not an office
        if any(pos in _FUNCTION_POS for _, pos in cut(match.group("mid"))):
            continue  # 县各级政府
        found.append(Span("ORG", start, end))
    return found


def _word_before(text: str, at: int, cut: Cut) -> tuple[str, str] | None:
    """jieba's word ending right at `at` (judged on a few characters around it), or None if `at` is inside a word."""
    start = max(0, at - 4)
    position = start
    previous: tuple[str, str] | None = None
    for word, pos in cut(text[start : at + 4]):
        if position == at:
            return previous
        position += len(word)
        previous = (word, pos)
        if position > at:
            return None
    return previous if position == at else None


_LEAD_POS = ("v", "p", "c", "d", "u", "f", "r", "m", "q", "t", "a", "x")
"""What the word before a stand-alone level may be: 来到|区人武部, 由|区发改局 (not 花溪|乡沿河电站)."""


# --- clean-up of the model's spans ---------------------------------------------------


_CINEMA_AND_COMPANY = ("影城", "影院", "公司", "集团")
"""Words of organisations the model sometimes calls places (…影城武进吾悦店).  (Museums, libraries,
shops and military regions stay places: that is the annotation convention the model learned.)"""


def clean(text: str, spans: Iterable[Span]) -> list[Span]:
    """Drop numbers (`八一`) and spans with no Chinese or Latin letter; a `…影城` place is an
    organisation; a person's name loses a title it ran into (`雍正皇帝` → `雍正`: in MSRA's
    annotation a title is never part of a name)."""
    kept: list[Span] = []
    for span in spans:
        name = text[span.start : span.end]
        if all(c in NUMERALS for c in name) or not any(is_han(c) or c.isalpha() for c in name):
            continue
        if span.type == "LOC" and len(name) >= 3 and any(word in name for word in _CINEMA_AND_COMPANY):
            span = Span("ORG", span.start, span.end)
        elif span.type == "PER":
            for size in (3, 2):
                ending = name[-size:]
                if len(name) - size >= 2 and (is_strict_title(ending) or ending in RULERS):
                    span = Span("PER", span.start, span.end - size)
                    break
        kept.append(span)
    return kept


RULERS = frozenset("皇帝 国王 女王 王子 公主 天皇 亲王 太子 大帝".split())
"""Titles of monarchs and their families, which jieba's dictionary runs into names (`乾隆皇帝`)."""


_ORG_END = frozenset("团部局会委院队社处厅所站司办室军党组校")
"""Last characters of organisations' names, before which a title is cut off (`独立团|政委`)."""
_SPLITTING_PREPOSITIONS = frozenset("被把向从同给")
"""Prepositions that join two names but do not occur inside one (`天津儿艺|被|中宣部`)."""


def trim_organisations(text: str, spans: Iterable[Span], cut: Cut) -> list[Span]:
    """Cut what the model ran into an organisation's name: a title after it, a preposition inside.

    `国家防总总指挥` → `国家防总`; `天津儿艺被中宣部` → `天津儿艺`, `中宣部`.
    """
    kept: list[Span] = []
    for span in spans:
        if span.type != "ORG":
            kept.append(span)
            continue
        words = cut(text[span.start : span.end])
        pieces: list[Span] = []
        at = span.start
        piece_start = span.start
        for i, (word, pos) in enumerate(words):
            inside = 0 < i < len(words) - 1
            if inside and pos == "p" and word in _SPLITTING_PREPOSITIONS:
                pieces.append(Span("ORG", piece_start, at))
                piece_start = at + len(word)
            at += len(word)
        pieces.append(Span("ORG", piece_start, span.end))
        last = pieces[-1]
        for size in (3, 2):  # an organisation's name never ends with a person's title
            rest = last.end - size
            if rest - last.start >= 2 and text[rest : last.end] in TITLES and text[rest - 1] in _ORG_END:
                pieces[-1] = Span("ORG", last.start, rest)
                break
        kept.extend(p for p in pieces if p.end - p.start >= 2)
    return kept


ORG_ROLES = (
    "首席执行官", "首席经济学家", "首席技术官", "首席财务官", "首席运营官", "董事长", "董事会", "创始人",
    "联合创始人", "总裁", "主帅", "新帅", "主教练", "市值", "股价", "旗下",
)  # fmt: skip
"""Words that, right after a name, make it a company's or a club's (`摩根士丹利首席经济学家`,
`巴萨主教练`, `英伟达市值`): roles and things only organisations have.  Government titles are not
here: `上海市长` is a city's."""
_ORG_ROLE_RE = re.compile("|".join(sorted(map(re.escape, ORG_ROLES), key=len, reverse=True)))


def organisations_by_role(text: str, spans: Iterable[Span]) -> list[Span]:
    """A place or person followed by an organisation's role is that organisation.

    The model, which learned 1998's news, reads many of today's companies and
    clubs as places or people; the word after them says what they are.  A
    span that swallowed the role's first character (`英伟达市|值`) gives it back.
    """
    out: list[Span] = []
    for span in spans:
        if span.type != "ORG" and span.end - span.start >= 2:
            for back in (0, 1):
                end = span.end - back
                if end - span.start >= 2 and _ORG_ROLE_RE.match(text, end):
                    span = Span("ORG", span.start, end)
                    break
        out.append(span)
    return out


_GENERIC_HEADS = frozenset(
    "联盟 协会 学会 商会 联合会 研究会 委员会 中心 基金会 俱乐部 合作社 指挥部 医院 学校 小学 中学 大学 学院 研究所 研究院".split()
)
"""Words that end an organisation's name but are no name alone: the model sometimes finds just them."""
_NUMERALS = "〇零一二三四五六七八九十百千0123456789０１２３４５６７８９"
_PARENT_POS = ("n", "v", "j", "l", "b")
"""Parts of speech of the words of a name before its head (`主题/影院/共建|联盟`, `联勤/保障/部队|第九〇四医院`)."""
_PARENT_CHARS = 12


def complete_organisations(text: str, spans: list[Span], cut: Cut) -> list[Span]:
    """An organisation found without its name gets it back: `四医院` → `联勤保障部队第九〇四医院`,
    `联盟` → `武进区主题影院共建联盟`.

    A numbered unit (`第九〇四医院`) takes its number and the unit it belongs
    to; a bare head (`联盟`, `协会`) the words before it.  Either way the name
    grows left over nouns and verbs of jieba's cut (not function words, not
    punctuation, at most `_PARENT_CHARS` characters) and over a place or
    organisation found right before them (`武进区`).
    """
    out = sorted(spans, key=lambda s: s.start)
    for k, span in enumerate(out):
        if span.type != "ORG":
            continue
        start = span.start
        while start > 0 and text[start - 1] in _NUMERALS:
            start -= 1
        if text[start - 1 : start] == "第" and start < len(text) and text[start] in _NUMERALS:
            start -= 1  # `第九〇四医院`: the number is the unit's name
        numbered = text[start : start + 1] == "第" and text[start + 1 : start + 2] in _NUMERALS
        if not numbered and text[span.start : span.end] not in _GENERIC_HEADS:
            continue
        before = out[k - 1] if k else None
        limit = max(start - _PARENT_CHARS, before.end if before is not None else 0)
        grown = _grow_left(text, start, limit, cut)
        if before is not None and before.end == grown and before.type in ("LOC", "ORG"):
            grown = before.start  # `联勤保障部队|第九〇四医院`, `武进区|主题影院共建联盟`
        if grown < start or start < span.start:
            if not numbered and grown == start:
                continue  # a bare head with nothing before it stays as it was
            out[k] = Span("ORG", min(grown, start), span.end)
    merged: list[Span] = []
    for span in out:  # a grown span swallows what it now covers
        while merged and merged[-1].end > span.start and merged[-1].start >= span.start:
            merged.pop()
        if not merged or merged[-1].end <= span.start:
            merged.append(span)
    return merged


_BARE_HEADS = _GENERIC_HEADS | frozenset("公司 集团 企业 工厂 银行 政府".split())
"""Heads that alone name no organisation (left once `complete_organisations` found no name for them)."""


def no_bare_heads(text: str, spans: list[Span]) -> list[Span]:
    """Drop an organisation that is only a generic head (`公司先后获得…`, `集团`) once completion
    has had its chance: in the training slice bare 公司 is unmarked 660 times of 698."""
    return [s for s in spans if s.type != "ORG" or text[s.start : s.end] not in _BARE_HEADS]


HONOUR_WORDS = frozenset(
    "智能 数字化 绿色 示范 标杆 先进 智慧 灯塔 无人 精益 低碳 零碳 制造 国家级 省级 市级 区级 县级".split()
)
"""Words that, between a place and 车间 or 工厂, name an honour a firm wins (`常州智能车间`,
`江苏省数字化车间`), not a firm."""
_HONOURED = ("车间", "工厂")


def honours(text: str, spans: list[Span], cut: Cut) -> list[Span]:
    """An organisation made of a place, honour words and 车间 or 工厂 is an honour's title
    (`是国家级绿色工厂、常州智能车间`): the place in it stays a place, and the rest is no name.

    A real workshop is some firm's (`化工总厂北配煤车间`), and its name holds more than these words.
    """
    out: list[Span] = []
    for span in spans:
        name = text[span.start : span.end]
        if span.type == "ORG" and name.endswith(_HONOURED) and len(name) > 2:
            words = cut(name[:-2])
            place = 0
            k = 0
            while k < len(words) and words[k][1] == "ns":
                place += len(words[k][0])
                k += 1
            if k < len(words) and all(word in HONOUR_WORDS for word, _ in words[k:]):
                if place:
                    out.append(Span("LOC", span.start, span.start + place))
                continue
        out.append(span)
    return out


UNIT_HEADS = frozenset("居委会 村委会 管理处 派出所 小学 中学 幼儿园 卫生院 医院".split())
"""Units named after the place they serve (`泰安居委会`, `天安门广场管理处`, `白家庄小学`).
Not 政府 (MSRA's `随州市|政府` is a place and a word) nor 公司 (`中国|公司`)."""


def organisations_of_places(text: str, spans: list[Span], cut: Cut) -> list[Span]:
    """Places followed right away by a unit's head are that unit: `兰州市|安宁区|刘家堡|小学`,
    `泰安|居委会`, `椒江市|下陈镇|派出所`.

    The model finds the places and stops at a head it has not seen after
    them.  The head must be one of jieba's words (not the `大学` of
    `北京大学生`) and follow the last place with nothing between.
    """
    if not any(head in text for head in UNIT_HEADS):
        return spans
    spans = sorted(spans, key=lambda s: s.start)
    heads: dict[int, int] | None = None
    out: list[Span] = []
    k = 0
    while k < len(spans):
        first = spans[k]
        if first.type != "LOC":
            out.append(first)
            k += 1
            continue
        last = k  # the run of places side by side that starts here
        while (
            last + 1 < len(spans)
            and spans[last + 1].type == "LOC"
            and spans[last + 1].start == spans[last].end
        ):
            last += 1
        if heads is None:
            heads = {}
            at = 0
            for word, _ in cut(text):
                if word in UNIT_HEADS:
                    heads[at] = at + len(word)
                at += len(word)
        end = heads.get(spans[last].end)
        if end is None:
            out.append(first)
            k += 1
            continue
        out.append(Span("ORG", first.start, end))
        k = last + 1
        while k < len(spans) and spans[k].start < end:
            k += 1
    return out


def _grow_left(text: str, start: int, limit: int, cut: Cut) -> int:
    """How far left of `start` (not past `limit`) a name runs over nouns and verbs of jieba's cut."""
    if start <= limit:
        return start
    words = cut(text[limit:start])
    at = start
    for word, pos in reversed(words):
        if not pos.startswith(_PARENT_POS) or not all(is_han(c) for c in word):
            break
        at -= len(word)
    return at


# --- merging -------------------------------------------------------------------------


def overlay(base: list[Span], extra: Iterable[Span]) -> list[Span]:
    """Add `extra` spans over `base` (sorted, disjoint): each replaces what it overlaps, unless a base span holds it whole.

    A rule's span inside a longer span of the model (`区人武部` inside
    `长沙市东区人武部`) is dropped; one that covers or cuts a model span wins.
    """
    result = sorted(base, key=lambda s: s.start)
    starts = [s.start for s in result]
    for span in sorted(extra, key=lambda s: (s.start, -(s.end - s.start))):
        hi = bisect_left(starts, span.end)
        lo = hi
        while lo > 0 and result[lo - 1].end > span.start:
            lo -= 1
        length = span.end - span.start
        if any(
            b.start <= span.start and span.end <= b.end and b.end - b.start > length for b in result[lo:hi]
        ):
            continue
        result[lo:hi] = [span]
        starts[lo:hi] = [span.start]
    return result


def org_aliases(name: str, cut: Callable[[str], list[tuple[str, str]]]) -> list[str]:
    """Short names a company goes by: 江苏洛凯机电股份有限公司 → 洛凯机电.

    The legal form goes, and so does a place in front: a level-suffixed name
    (`常州市`, `武进区`) or a word jieba's dictionary knows as a place (ns).
    """
    for form in LEGAL_FORMS:
        if name.endswith(form):
            core = name[: -len(form)]
            break
    else:
        return []
    place = leading_place(core, cut)
    if place is None:
        words = cut(core)
        place = words[0][0] if words and words[0][1] == "ns" else None
    stripped = core[len(place) :] if place else core
    return [stripped] if len(stripped) >= 4 and stripped != core else []


def leading_place(name: str, cut: Cut) -> str | None:
    """The place a local organisation's name opens with: 武进区消防救援大队 → 武进区 (not 自治区党委 → 自治区)."""
    match = _LEADING_PLACE.match(name)
    if not match or match.end() >= len(name) or not looks_like_place_name(match.group(0)[:-1], cut):
        return None
    return match.group(0)


_LEADING_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}?[省市区县镇]")
_PLACE_NAME_POS = frozenset(("ns", "nr", "nt", "nz", "x", "j", ""))
"""jieba parts of speech a place's bare name may carry (武进 is `nr` in jieba's dictionary)."""


_BARE_PLACE_POS = _PLACE_NAME_POS - {"nz"}
"""Before 区/市 `和平`, `新华` (`nz`) name places; alone they are peace and a news agency."""


def looks_like_place_name(stem: str, cut: Cut, *, alone: bool = False) -> bool:
    """`武进`, `常州` yes; `自治`, `开发`, `工业` (words of their own) no.

    `alone`: whether the stem, without its 区/市/县, still names the place
    wherever it stands (`武进` yes, `和平` no).
    """
    words = cut(stem)
    return len(words) > 1 or words[0][1] in (_BARE_PLACE_POS if alone else _PLACE_NAME_POS)

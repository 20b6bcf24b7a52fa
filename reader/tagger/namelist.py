"""Lists of people written without separators: `治丧委员会名单：江泽民李鹏乔石李瑞环…`.

Print separates such names with spaces or nothing at all, and once the
spaces are gone a model reads the run as one long name, or as words.  Here
a stretch of text a list could be made of (Chinese characters, `·`, notes
such as `（女）`, `（按姓氏笔画为序）`, colons) is cut into tokens by dynamic
programming: names under a small generative model of Chinese names
(`NameShape`: a surname, single or compound, from `lexicon.SURNAMES`,
`COMPOUND_SURNAMES` and `EXTRA_SURNAMES`, then one or two given characters,
each with its probability in names), names with `·` (`阿沛·阿旺晋美`), names
of no known shape between known ones (`巴桑旺堆`), heads (trigger words such
as `名单`, `委员`, `出席的有`, and section heads such as `秘书长`), words
that close a list (`等`), notes, and skipped characters.  A stretch of names
is a list when it explains its characters much better than ordinary text
does (log-likelihood ratio per character), more leniently right after a
head; one name alone between two heads (`主任委员：江泽民副主任委员：`) is
a list too.  A text that starts or ends inside a list was cut mid-name (as
MSRA's files cut long lines every 100 characters or so): a surname at its
very end is a person, the rest of a name at its very start is read past.

The probabilities are counted from the names and text of the training
slice (`NameShape.count`, stored in `names.npz`): character statistics of
names, not names.  `python -m reader.bench namelists` scores the rule on
lists built from the training slice's people.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.models import Span
from reader.tagger.lexicon import COMPOUND_SURNAMES, LIST_TAILS, SURNAMES

TRIGGERS = (
    "名单如下", "名单", "委员", "常委", "成员", "主席团", "出席会议的有", "出席的有", "参加会议的有",
    "参加的有", "出席会议的还有", "出席的还有", "获奖者", "他们是", "分别是", "当选", "人员有", "名誉主席",
    "组成人员",
)  # fmt: skip
"""Words after which a run of names is a list (a colon may follow)."""

SECTIONS = (
    "主任委员", "副主任委员", "主任", "副主任", "委员长", "副委员长", "秘书长", "副秘书长", "主席", "副主席",
    "常务主席", "执行主席", "顾问", "召集人", "团长", "副团长", "候补委员", "名誉主任", "特邀代表",
)  # fmt: skip
"""Section heads inside a list (`副主任委员李鹏乔石…秘书长曾庆红`): they end one run of names and start the next."""

EXTRA_SURNAMES = frozenset("洪丘区占巢庹贝靖邴禤钭")
"""Real surnames the model's table (`lexicon.SURNAMES`, a feature of the trained model) lacks; the list rule
knows them too."""

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_RUN = re.compile(f"[{_HAN}]+")
_LONG_RUN = re.compile(f"[{_HAN}]{{8,}}")
_NOTE = f"[（(](?:女|男|[{_HAN}]{{1,3}}族)[）)]"
"""After a person in a list: `（女）`, `（回族）`."""
_ORDER = f"[（(](?:[{_HAN}]{{0,8}}(?:为序|排列|排序|先后)|[0-9０-９{_HAN}]{{1,5}}[名人])[）)]"
"""After a heading: `（按姓氏笔画为序）`, `（排名不分先后）`, `（169名）`."""
_REGION = re.compile(f"(?:[{_HAN}·：:　 ]|{_NOTE}|{_ORDER})+")
"""What a list is made of: names (`·` in minority names), notes, headings, colons and spaces."""
_NOTE_RE = re.compile(_NOTE)
_ORDER_RE = re.compile(_ORDER)
_HEADS = frozenset((*TRIGGERS, *SECTIONS))
_HEAD_SIZES = sorted({len(h) for h in _HEADS}, reverse=True)
_TAIL_SIZES = sorted({len(t) for t in LIST_TAILS}, reverse=True)
_TRIGGER_RE = re.compile("|".join(sorted(map(re.escape, TRIGGERS), key=len, reverse=True)))
_GAPS = frozenset("：:　 ")
_LIST_SURNAMES = SURNAMES | EXTRA_SURNAMES
_NOT_NAMES = frozenset("的了和与及在是第为有这那个们等对把被将从向于以之也都就并")
"""Characters of ordinary text that a name of no known shape cannot hold."""

SKIP = math.log(1e-7)
"""Log-probability of a skipped character (one no name explains)."""
UNKNOWN = -4.0
"""Log-likelihood ratio (against ordinary text) of two to four characters read as a name of no known
shape (`区宗杰` with a surname the tables lack, `巴桑旺堆`): taken only between names of a list."""
DOTTED = 1.0
"""Log-likelihood ratio per character of a name with `·` (`阿沛·阿旺晋美`)."""
MIN_GAIN = 2.0
"""Log-likelihood ratio per character (names against ordinary text) a list must reach …"""
MIN_GAIN_TRIGGERED = 1.0
"""… or, right after a trigger word or a section head, this."""
MIN_NAMES = 4
"""Names a list needs without a trigger word (with one: two)."""
MIN_SURNAMES = 0.35
"""Share of a stretch's characters that must be surnames for it to be parsed without a trigger word:
lists have about one in two or three, ordinary text one in eight (this skips most text, and the parse)."""
CARRY = 2
"""Characters a list may skip (a name the model of names cannot read) and go on as a list."""


@dataclass(frozen=True, slots=True)
class NameList:
    """One list found: where it runs in the text, and its people."""

    start: int
    end: int
    people: list[Span]


class NameShape:
    """Log-probabilities of surnames, given-name characters and given-name lengths, and of text characters."""

    def __init__(
        self,
        keys: list[str],
        surname: npt.NDArray[np.int64],
        given: npt.NDArray[np.int64],
        text: npt.NDArray[np.int64],
        lengths: npt.NDArray[np.int64],
    ) -> None:
        """Counts per key (a character, or a compound surname): as a surname, in given names, in all text;
        and how many given names had one character and two."""
        if not (len(keys) == len(surname) == len(given) == len(text)) or lengths.shape != (2,):
            raise ValueError("name statistics of different lengths")
        self.keys = keys
        self._counts = (surname, given, text, lengths)
        vocabulary = len(keys) + 1000  # room for characters never counted
        surnames = (*SURNAMES, *EXTRA_SURNAMES, *COMPOUND_SURNAMES)
        total_surname = int(surname.sum()) + len(surnames)
        total_given = int(given.sum()) + 0.5 * vocabulary
        total_text = int(text.sum()) + vocabulary
        self.surname = {s: math.log(1 / total_surname) for s in surnames}
        """Only the tables' surnames start a name; the counts say how often."""
        self.given: dict[str, float] = {}
        self.text: dict[str, float] = {}
        for key, s, g, t in zip(keys, surname.tolist(), given.tolist(), text.tolist(), strict=True):
            if key in self.surname:
                self.surname[key] = math.log((s + 1) / total_surname)
            if g:
                self.given[key] = math.log((g + 0.5) / total_given)
            if t:
                self.text[key] = math.log((t + 1) / total_text)
        self.given_unknown = math.log(0.5 / total_given)
        self.text_unknown = math.log(1 / total_text)
        both = int(lengths.sum()) + 2
        self.length = (math.log((int(lengths[0]) + 1) / both), math.log((int(lengths[1]) + 1) / both))

    @classmethod
    def count(cls, names: Iterable[str], texts: Iterable[str]) -> NameShape:
        """From people's names (as annotated) and the text they came from; only Chinese-shaped names count."""
        surname: Counter[str] = Counter()
        given: Counter[str] = Counter()
        lengths = [0, 0]
        for name in names:
            head = 2 if name[:2] in COMPOUND_SURNAMES else 1 if name[:1] in SURNAMES else 0
            if head and 1 <= len(name) - head <= 2 and _RUN.fullmatch(name):
                surname[name[:head]] += 1
                given.update(name[head:])
                lengths[len(name) - head - 1] += 1
        text: Counter[str] = Counter()
        for t in texts:
            text.update(t)
        keys = sorted(set(text) | set(given) | set(surname))

        def column(counter: Counter[str]) -> npt.NDArray[np.int64]:
            return np.array([counter[k] for k in keys], dtype=np.int64)

        return cls(keys, column(surname), column(given), column(text), np.array(lengths, dtype=np.int64))

    def arrays(self, prefix: str = "names_") -> dict[str, npt.NDArray[np.generic]]:
        surname, given, text, lengths = self._counts
        return {
            f"{prefix}keys": np.array("\n".join(self.keys)),
            f"{prefix}surname": surname,
            f"{prefix}given": given,
            f"{prefix}text": text,
            f"{prefix}lengths": lengths,
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str = "names_") -> NameShape:
        get = data.__getitem__  # an NpzFile or a dict
        return cls(
            str(get(f"{prefix}keys")).split("\n"),
            *(np.asarray(get(prefix + n), dtype=np.int64) for n in ("surname", "given", "text", "lengths")),
        )

    # --- scoring ------------------------------------------------------------------------

    def names_at(self, text: str, at: int, end: int) -> list[tuple[int, float]]:
        """(length, log-probability) of each name that could start at `at` and end by `end`."""
        out: list[tuple[int, float]] = []
        for head in (2, 1):
            logp = self.surname.get(text[at : at + head]) if at + head <= end else None
            if logp is None:
                continue
            for size in (1, 2):
                stop = at + head + size
                if stop > end or not _RUN.fullmatch(text, stop - 1, stop):
                    break
                logp += self.given.get(text[stop - 1], self.given_unknown)
                out.append((head + size, logp + self.length[size - 1]))
        return out

    def background(self, chars: str) -> float:
        return sum(self.text.get(c, self.text_unknown) for c in chars)


def find(text: str, shape: NameShape) -> list[NameList]:
    """The unseparated lists of people in `text`.

    A stretch of text a list could be made of (`_REGION`: names, notes,
    headings, colons) is parsed whole when it holds a trigger word a name
    could follow, or is dense in surnames; others are not parsed at all.
    """
    found: list[NameList] = []
    is_surname = SURNAMES.__contains__
    for region in _REGION.finditer(text):
        begin, end = region.span()
        if end - begin < 4:
            continue
        chars = _NOTE_RE.sub("", region.group()) if "（" in region.group() else region.group()
        dense = end - begin >= 2 * MIN_NAMES and sum(map(is_surname, chars)) >= MIN_SURNAMES * len(chars)
        if dense or any(_opens(text, t.end(), end) for t in _TRIGGER_RE.finditer(text, begin, end)):
            found += _parse(text, begin, end, shape)
    return found


def _opens(text: str, at: int, end: int) -> bool:
    """Whether a name could start right after a trigger word that ends at `at` (past colons,
    `（按姓氏笔画为序）` and other heads): most triggers are not followed by a list (`委员会`, `当选为`)."""
    while at < end:
        if text[at] in _GAPS:
            at += 1
            continue
        order = _ORDER_RE.match(text, at, end)
        if order is not None:
            at = order.end()
            continue
        head = next((size for size in _HEAD_SIZES if text[at : at + size] in _HEADS), 0)
        if not head:
            break
        at += head
    return text[at : at + 1] in _LIST_SURNAMES or text[at : at + 2] in COMPOUND_SURNAMES


_Piece = tuple[int, int, str, float]
"""(start, end, kind, log-likelihood ratio against ordinary text) of one token of a parse; kinds:
`name`, `dotted`, `unknown` (people), `head` (a trigger or section head), `tail` (a word that
closes a list), `note` and `gap` (read through), `skip`."""


class _Region:
    """What the parse of text[start:end] asks again and again, worked out once."""

    def __init__(self, text: str, start: int, end: int, shape: NameShape) -> None:
        self.text, self.start, self.end, self.shape = text, start, end, shape
        n = end - start
        background = [0.0] * (n + 1)  # prefix sums of ordinary text's log-probabilities
        han = [0] * (n + 1)  # Chinese characters in a row from here
        plain = [0] * (n + 1)  # … none of them a character names do not hold
        table, unknown = shape.text, shape.text_unknown
        for k in range(n):
            background[k + 1] = background[k] + table.get(text[start + k], unknown)
        for k in range(n - 1, -1, -1):
            char = text[start + k]
            if "\u3400" <= char <= "\u9fff":
                han[k] = han[k + 1] + 1
                plain[k] = plain[k + 1] + 1 if char not in _NOT_NAMES else 0
        self.background, self.han, self.plain = background, han, plain

    def tokens(self, i: int) -> list[tuple[int, str, float]]:
        """(length, kind, log-probability) of each token that could start at `i` (from `start`)."""
        text, shape, end = self.text, self.shape, self.end
        at = self.start + i
        char = text[at]
        if char in _GAPS:
            return [(1, "gap", 0.0)]
        if char in "（(":
            note = _NOTE_RE.match(text, at, end)
            if note is not None:
                return [(note.end() - at, "note", 0.0)]
            order = _ORDER_RE.match(text, at, end)
            return [(order.end() - at, "head", 0.0)] if order is not None else [(1, "skip", SKIP)]
        han = self.han[i]
        if not han:
            return [(1, "skip", SKIP)]
        out: list[tuple[int, str, float]] = []
        background = self.background
        for size in _HEAD_SIZES:
            if size <= han and text[at : at + size] in _HEADS:
                out.append((size, "head", 0.0))
        for size in _TAIL_SIZES:
            if size <= han and text[at : at + size] in LIST_TAILS:
                out.append((size, "tail", background[i + size] - background[i]))
        if char in shape.surname or text[at : at + 2] in shape.surname:
            out += [(length, "name", logp) for length, logp in shape.names_at(text, at, end)]
            if at + 1 == end == len(text):  # the start of a name the text was cut in …
                out.append((1, "name", shape.surname[char] + shape.length[0]))
        if at == 0:  # … and the rest of one (a line cut mid-name, as MSRA's files are)
            for size in range(1, min(2, han) + 1):
                given = sum(shape.given.get(c, shape.given_unknown) for c in text[:size])
                out.append((size, "piece", given + shape.length[size - 1]))
        # A name with `·`: two to four characters, the dot, two to six.
        if 2 <= han <= 4 and text[at + han : at + han + 1] == "·" and text[at - 1 : at] != "·":
            dot = i + han
            for right in range(2, min(6, self.han[dot + 1] if dot + 1 < len(self.han) else 0) + 1):
                stop = dot + 1 + right
                if text[self.start + stop : self.start + stop + 1] == "·":
                    continue  # not the first half of `弗拉基米尔·尼古拉耶维奇·洛博夫`
                chars = background[stop] - background[dot + 1] + background[dot] - background[i]
                out.append((stop - i, "dotted", chars + DOTTED * (han + right)))
        for size in range(2, min(4, self.plain[i]) + 1):
            out.append((size, "unknown", background[i + size] - background[i] + UNKNOWN))
        out.append((1, "skip", SKIP))
        return out


def _parse(text: str, start: int, end: int, shape: NameShape) -> list[NameList]:
    """The most likely cut of text[start:end] into tokens (`_Region.tokens`); its lists."""
    n = end - start
    region = _Region(text, start, end, shape)
    best = [-math.inf] * (n + 1)
    back: list[tuple[int, str]] = [(0, "")] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] == -math.inf:
            continue
        for length, kind, logp in region.tokens(i):
            if best[i] + logp > best[i + length]:
                best[i + length], back[i + length] = best[i] + logp, (i, kind)
    pieces: list[_Piece] = []
    background = region.background
    j = n
    while j > 0:
        i, kind = back[j]
        gain = best[j] - best[i]
        if kind in ("name", "dotted", "unknown"):
            gain -= background[j] - background[i]  # with a name's `·`: rare in ordinary text
        pieces.append((start + i, start + j, kind, gain))
        j = i
    pieces.reverse()
    return _lists(text, pieces)


def _lists(text: str, pieces: list[_Piece]) -> list[NameList]:
    """The stretches of people in a parse that read as lists.

    After a trigger word, a list needs fewer and less typical names.  A
    section head (`秘书长`) counts as one only inside a list already found,
    or before a colon: `副秘书长吕聪敏和英国使节` is no list.
    """
    lists: list[NameList] = []
    stretch: list[_Piece] = []
    triggered = False
    skipped = 0
    ends = [*pieces, (len(text), len(text), "end", 0.0)]
    for at, piece in enumerate(ends):
        start, end, kind, _ = piece
        if kind in ("name", "dotted", "unknown"):
            stretch.append(piece)
            skipped = 0
            continue
        if kind in ("note", "gap", "piece"):
            continue
        if stretch:
            closed = kind == "head" and stretch[-1][2] != "unknown"
            accepted = _accept(stretch, triggered, closed)
            lists += accepted
            stretch = []
            triggered = bool(accepted)
        if kind == "head":
            word = text[start:end]
            after = ends[at + 1]
            triggered = (
                triggered
                or bool(lists)
                or word in TRIGGERS
                or word[0] in "（("
                or (after[2] == "gap" and text[after[0]] in "：:")
            )
        elif kind == "skip":
            skipped += end - start
            triggered = triggered and bool(lists) and lists[-1].end == start and skipped <= CARRY
        else:
            triggered = False
    return lists


def _accept(names: list[_Piece], triggered: bool, closed: bool) -> list[NameList]:
    """The stretch `names` as a list, if it reads as one; `closed`: a section head follows it, and one
    name between two heads (`主任委员：蒋建平副主任委员：…`) is a list."""
    while names and names[0][2] == "unknown":
        names = names[1:]  # a name of no known shape only between names of known shape
    while names and names[-1][2] == "unknown":
        names = names[:-1]
    if not names:
        return []
    known = sum(piece[2] == "name" for piece in names)
    if 2 * (len(names) - known) > known:
        return []  # names of no known shape, or with `·`, only among names of known shape
    first, last = names[0][0], names[-1][1]
    alone = triggered and closed and len(names) == 1 and names[0][2] == "name"
    if not alone and (len(names) < (2 if triggered else MIN_NAMES) or last - first < 5):
        return []  # a list of two names of two characters (`皮尔|庞特`) is more likely one name
    gain = sum(piece[3] for piece in names)
    chars = sum(piece[1] - piece[0] for piece in names)  # not the notes between them
    if gain / chars < (MIN_GAIN_TRIGGERED if triggered else MIN_GAIN):
        return []
    return [NameList(first, last, [Span("PER", s, e) for s, e, _, _ in names])]


def apply(spans: list[Span], lists: list[NameList]) -> list[Span]:
    """`spans` (sorted, disjoint) with the lists' people instead of whatever overlapped each list."""
    kept = [s for s in spans if not any(s.start < found.end and found.start < s.end for found in lists)]
    kept += [person for found in lists for person in found.people]
    return sorted(kept, key=lambda s: s.start)

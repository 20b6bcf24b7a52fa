"""Consistency: a name found in a strong context is the same name everywhere.

`乔俊杰` after `区委书记`, `恽淇丞` in an officials' `、` list, `常州同泰高导新材料有限公司`
with its legal form: such finds are trusted, and every other occurrence of
the same text in the document (or the corpus) gets the same type, even where
the model saw no name (`恽淇丞详细了解…`).  Strong finds also vouch for a few
derived names: a company's short name (`洛凯机电`), the place that opens a
local office's name (`武进区消防救援大队` → `武进区`), and the bare name of a
district, city or town (`武进区` → `武进`, `常州市` → `常州`).

Strength is judged from the text around a span, so the pass can run on
articles tagged earlier (and cached) without the model.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from reader.models import EntityType, Span
from reader.tagger.lexicon import COMPOUND_SURNAMES, STRONG_ORG_SUFFIXES, SURNAMES
from reader.tagger.rules import (
    byline_names,
    leading_place,
    looks_like_place_name,
    org_aliases,
    overlay,
    title_after,
    title_before,
)

Cut = Callable[[str], list[tuple[str, str]]]

_PLACE_LEVELS = ("省", "市", "区", "县", "镇")


def strong_names(
    text: str, spans: Iterable[Span], cut: Cut, has_word: Callable[[str], bool] | None = None
) -> dict[str, EntityType]:
    """The names in `text` whose context vouches for them, with the names they imply.

    Given `has_word` (jieba's dictionary), a company's short name made only
    of dictionary words (中国汽车工业总公司 → 汽车工业) is too generic to stand
    for it.
    """
    spans = list(spans)
    names: dict[str, EntityType] = {}
    people_starts = {s.start for s in spans if s.type == "PER"}
    people_ends = {s.end for s in spans if s.type == "PER"}
    credited = {(s.start, s.end) for s in byline_names(text)} if "记者" in text or "通讯员" in text else set()
    for span in spans:
        name = text[span.start : span.end]
        if _common_word(name, cut):
            continue  # 保险公司, 自治区: jieba's dictionary has them as common nouns
        if span.type == "PER":
            if len(name) >= 2 and _strong_person(text, span, name, people_starts, people_ends, credited):
                names.setdefault(name, "PER")
        elif span.type == "ORG":
            if len(name) >= 4 and name.endswith(STRONG_ORG_SUFFIXES):
                names.setdefault(name, "ORG")
                for alias in org_aliases(name, cut):
                    if has_word is None or not all(has_word(w) for w, _ in cut(alias)):
                        names.setdefault(alias, "ORG")
                place = leading_place(name, cut)
                if place:
                    _add_place(names, place, cut)
        elif span.type == "LOC":
            if len(name) >= 3 and name.endswith(_PLACE_LEVELS):
                _add_place(names, name, cut)
    return names


_PROPER_POS = frozenset(("nr", "nrt", "nrfg", "nrf", "ns", "nt", "nz", "j", "x", "eng", ""))


def _common_word(name: str, cut: Cut) -> bool:
    """Whether jieba reads `name` as one word that is not a proper noun."""
    words = cut(name)
    return len(words) == 1 and words[0][1] not in _PROPER_POS


def _strong_person(
    text: str,
    span: Span,
    name: str,
    people_starts: set[int],
    people_ends: set[int],
    credited: set[tuple[int, int]],
) -> bool:
    """Next to a title, in a byline, a full Chinese name, or next to another name in a `、` list."""
    if (span.start, span.end) in credited or title_before(text, span.start):
        return True
    if len(name) >= 3 and title_after(text, span.end):
        return True
    if (len(name) == 3 and name[0] in SURNAMES) or (len(name) == 4 and name[:2] in COMPOUND_SURNAMES):
        return True
    before = span.start > 0 and text[span.start - 1] == "、" and (span.start - 1) in people_ends
    after = span.end < len(text) and text[span.end] == "、" and (span.end + 1) in people_starts
    return before or after


def _add_place(names: dict[str, EntityType], place: str, cut: Cut) -> None:
    if _common_word(place, cut) or not looks_like_place_name(place[:-1], cut):
        return  # 开发区, 自治区; 高新区 (a kind of zone, which jieba's dictionary calls a name)
    names.setdefault(place, "LOC")
    stem = place[:-1]
    if stem.endswith("自治"):
        return  # 内蒙古自治区: the bare name is 内蒙古, which the model finds on its own
    if len(stem) >= 2 and looks_like_place_name(stem, cut, alone=True):  # not 开发(区), 和平(区)
        names.setdefault(stem, "LOC")


class NameMatcher:
    """Finds given names in text, longest first, each occurrence once."""

    def __init__(self, names: dict[str, EntityType]) -> None:
        self.names = {n: t for n, t in names.items() if n}
        self._lengths: dict[str, list[int]] = {}
        for name in self.names:
            self._lengths.setdefault(name[0], []).append(len(name))
        for sizes in self._lengths.values():
            sizes[:] = sorted(set(sizes), reverse=True)

    def __bool__(self) -> bool:
        return bool(self.names)

    def find(self, text: str) -> list[Span]:
        found: list[Span] = []
        i, n = 0, len(text)
        lengths, names = self._lengths, self.names
        while i < n:
            sizes = lengths.get(text[i])
            if sizes:
                for size in sizes:
                    kind = names.get(text[i : i + size])
                    if kind:
                        found.append(Span(kind, i, i + size))
                        i += size
                        break
                else:
                    i += 1
            else:
                i += 1
        return found


def apply(
    text: str,
    spans: list[Span],
    matcher: NameMatcher,
    cut: Cut | None = None,
    has_word: Callable[[str], bool] | None = None,
) -> list[Span]:
    """Tag every occurrence of the matcher's names that no other span claims.

    An occurrence may replace spans it covers whole (`恽淇` → `恽淇丞`,
    `洛凯` → `洛凯机电`) or retype the same text (`洛凯机电` read as a place),
    but never cuts into one, nor (given `cut`) into
    one of jieba's words: `列` vouched for somewhere is not a name inside
    `系列` or `名列`, and `深圳市` not one in `深圳市民` (a person's name
    may grow into a word: jieba cuts `赵致|真情` as readily as anything).
    A two-character person's name that is also a word of jieba's
    dictionary (given `has_word`: `高达`, "as high as") is carried only into
    text where the model found it as a name too.
    """
    if not matcher:
        return spans
    starts = [s.start for s in spans]  # spans are sorted and disjoint
    extra: list[Span] = []
    inner: set[int] | None = None
    for found in matcher.find(text):
        hi = bisect_left(starts, found.end)
        lo = hi
        while lo > 0 and spans[lo - 1].end > found.start:
            lo -= 1
        inside = spans[lo:hi]
        if all(found.start <= s.start and s.end <= found.end for s in inside):
            same = [s for s in inside if s.start == found.start and s.end == found.end]
            if same:
                if same[0].type != found.type:
                    extra.append(found)  # the name as vouched for: `洛凯机电` is the company everywhere
            else:
                if cut is not None and (not inside or found.type != "PER"):
                    if inner is None:
                        inner = _inside_words(text, cut)
                    if found.start in inner or found.end in inner:
                        continue  # nor grows a place into a word: 深圳 is no 深圳市 in 深圳|市民
                if has_word is not None and not inside and _ambiguous_person(text, found, spans, has_word):
                    continue
                extra.append(found)
    return overlay(spans, extra) if extra else spans


def _ambiguous_person(text: str, found: Span, spans: list[Span], has_word: Callable[[str], bool]) -> bool:
    name = text[found.start : found.end]
    if found.type != "PER" or len(name) != 2 or not has_word(name):
        return False
    return not any(s.type == "PER" and text[s.start : s.end] == name for s in spans)


def _inside_words(text: str, cut: Cut) -> set[int]:
    """Offsets that fall strictly inside one of jieba's words of two or more characters."""
    inner: set[int] = set()
    at = 0
    for word, _ in cut(text):
        inner.update(range(at + 1, at + len(word)))
        at += len(word)
    return inner


_LONE_SURNAME_POS = frozenset(("nr", "nrt", "nrfg", "a", "ns", "j", "ng"))
"""jieba's parts of speech for a surname standing alone for its person (`黄/a 的办公室`, `袁/nr
再次`); not a noun, preposition, conjunction, adverb or measure word (钱, 于, 和, 曾, 张)."""
_ATTACHING_POS = ("n", "m", "q", "a", "b", "t", "s", "f", "z", "v")
"""Parts of speech of a word that a lone surname right after it would end (`交响音乐|周`,
`开国|史`): a person's surname follows punctuation, a preposition, a particle, a verb of saying
(`说|阮`) or `老`/`小`."""
_BEFORE_A_LONE_SURNAME = frozenset("老 小 说 向 给 让 被 把 对 跟 与 和 同 在 的".split())
"""Words a lone surname may follow whatever their part of speech (`老|袁`, `说|阮`, `给|黄`)."""


def people_surnames(spans_by_text: Iterable[tuple[str, Iterable[Span]]]) -> frozenset[str]:
    """The one-character surnames of the people named in full (two or three characters)."""
    return frozenset(
        text[s.start]
        for text, spans in spans_by_text
        for s in spans
        if s.type == "PER" and s.end - s.start in (2, 3) and text[s.start] in SURNAMES
    )


def lone_surnames(text: str, spans: list[Span], surnames: frozenset[str], cut: Cut) -> list[Span]:
    """A surname of someone the article names in full, standing alone as one of jieba's words, is
    that person (`黄打电话给袁说`, `老袁啊`), as MSRA marks it, unless the word before would
    take it as its ending (`音乐周`); where a name already covers it nothing changes."""
    if not surnames or not any(c in text for c in surnames):
        return spans
    taken = sorted(spans, key=lambda s: s.start)
    extra: list[Span] = []
    at = 0
    before, before_pos = "", "x"
    for word, pos in cut(text):
        if (
            len(word) == 1
            and word in surnames
            and pos in _LONE_SURNAME_POS
            and (before in _BEFORE_A_LONE_SURNAME or not before_pos.startswith(_ATTACHING_POS))
            and not any(s.start <= at < s.end for s in taken)
        ):
            extra.append(Span("PER", at, at + 1))
        at += len(word)
        before, before_pos = word, pos
    return sorted(taken + extra, key=lambda s: s.start) if extra else spans

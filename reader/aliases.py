"""One entity under all its names: which names of a corpus are the same organisation or place.

Merges rest on evidence in the corpus, never on a guess, and each records why:

* an organisation's short name, when the corpus also has the full name and the
  short one is that name without its legal form and its place
  (洛凯机电 ← 江苏洛凯机电股份有限公司), or the text introduces it
  (`江苏洛凯机电股份有限公司（以下简称“洛凯机电”）`), or it abbreviates the
  full name word by word, keeping its first and last characters
  (区发改局 ← 区发展和改革局, 区人武部 ← 区人民武装部);
* a place with and without its administrative suffix (武进 ← 武进区, 常州 ←
  常州市, 新竹 ← 新竹縣), when both occur and no other suffix competes (武进镇 beside 武进区:
  then neither merges);
* one name printed in both scripts (陳文章 / 陈文章, 臺北市 / 台北市): the
  same entity, people included (`reader.script` folds one into the other);
* never two people otherwise, and never two types.

A short name that fits more than one full name merges with none.  The user's
dictionary can force a merge or forbid one (`alias 简称 = 全称`, `-alias 简称 =
全称`: `reader.tagger.userdict`).  An entity is known by its fullest name.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field

from reader.models import Article, EntityType
from reader.script import to_simplified, to_traditional
from reader.tagger.lexicon import LEGAL_FORMS
from reader.tagger.userdict import AliasRule

Key = tuple[str, EntityType]
"""A name and its type: what the entity index keys by (`reader.mentions`)."""

ADMIN_SUFFIXES = ("自治区", "自治州", "自治县", "街道", "省", "市", "区", "县", "镇", "乡")
"""A place is the same with and without these (常州 / 常州市), when nothing competes."""
ABBREVIATION_ENDS = frozenset("局委办院所处厅部会司署队站社")
"""Last characters of the organisation names that are abbreviated word by word (区发改局)."""
PROVINCES = frozenset(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 "
    "云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门".split()
)
"""Provincial-level places: a company's name often opens with one (江苏洛凯机电股份有限公司)."""
_ROAD = re.compile(r"^[\u4e00-\u9fff]{1,4}?(?:路|街|大道|镇|村)")
"""A road or town an organisation is named after (西园路小学); not 市: 区市场监管局."""
_INTRODUCED = re.compile(r"[（(](?:以下)?简称[“\"「『]?(?P<short>[^”\"」』）)，,]{2,12})[”\"」』]?[）)]")


@dataclass(frozen=True, slots=True)
class Merge:
    alias: Key
    into: Key
    why: str


@dataclass(eq=False)
class Aliases:
    """Which names of a corpus are one entity (see the module docstring)."""

    merges: list[Merge] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _into: dict[Key, Key] = field(default_factory=dict)
    _names: dict[Key, list[Key]] = field(default_factory=dict)
    _why: dict[Key, str] = field(default_factory=dict)

    def canonical(self, key: Key) -> Key:
        """The entity's key: its fullest name (the key itself when nothing merged into it)."""
        return self._into.get(key, key)

    def names(self, key: Key) -> list[Key]:
        """Every name of the entity `key` belongs to, the fullest first."""
        top = self.canonical(key)
        return self._names.get(top, [top])

    def why(self, key: Key) -> str | None:
        """Why `key` is a name of a fuller one (None when it is not)."""
        return self._why.get(key)

    def _merge(self, alias: Key, into: Key, why: str) -> None:
        alias, into = self.canonical(alias), self.canonical(into)
        if alias == into:
            return
        if len(alias[0]) > len(into[0]):  # the entity is known by its fullest name
            alias, into = into, alias
        self.merges.append(Merge(alias, into, why))
        self._why.setdefault(alias, why)
        moved = self._names.pop(alias, [alias])
        group = self._names.setdefault(into, [into])
        group.extend(k for k in moved if k not in group)
        for name in moved:
            self._into[name] = into
        group.sort(key=lambda k: (k != into, -len(k[0]), k[0]))


def find_aliases(
    names: Iterable[Key],
    *,
    articles: Sequence[Article] = (),
    rules: Sequence[AliasRule] = (),
    places: Iterable[str] = (),
) -> Aliases:
    """The aliases among `names` (every name and type a corpus mentions).

    Args:
        articles: where to look for names the text introduces (`（以下简称“X”）`).
        rules: the user's `alias` lines (forced merges and forbidden ones).
        places: place names known to the corpus, which an organisation's name may open with.
    """
    present = set(names)
    forbidden = {(r.short, r.full) for r in rules if not r.force}
    aliases = Aliases()
    orgs = sorted({text for text, kind in present if kind == "ORG"})
    known_places = set(places) | PROVINCES | {text for text, kind in present if kind == "LOC"}

    def allowed(short: str, full: str) -> bool:
        return (short, full) not in forbidden and (full, short) not in forbidden

    for same, other in _scripts(present):
        aliases._merge(other, same, "the same name in the other script")
    for short, full, why in _introduced(articles, set(orgs)):
        if allowed(short, full):
            aliases._merge((short, "ORG"), (full, "ORG"), why)
    for short, full, why in _org_short_names(orgs, known_places):
        if allowed(short, full):
            aliases._merge((short, "ORG"), (full, "ORG"), why)
    for short, full, why in _place_suffixes({text for text, kind in present if kind == "LOC"}):
        if allowed(short, full):
            aliases._merge((short, "LOC"), (full, "LOC"), why)
    by_text: dict[str, list[Key]] = {}  # by the name folded to Simplified: a rule may be typed in either
    for key in present:
        by_text.setdefault(to_simplified(key[0]), []).append(key)
    for rule in rules:
        if not rule.force:
            continue
        pairs = [
            (s, f)
            for s in by_text.get(to_simplified(rule.short), [])
            for f in by_text.get(to_simplified(rule.full), [])
            if s[1] == f[1]
        ]
        if not pairs:
            aliases.warnings.append(
                f"{rule.where}: alias {rule.short} = {rule.full}: the corpus has no such pair of the same type"
            )
        for short_key, full_key in pairs:
            aliases._merge(short_key, full_key, f"the user's dictionary ({rule.where})")
    return aliases


def _scripts(present: Iterable[Key]) -> Iterable[tuple[Key, Key]]:
    """(name, the same name in the other script) for names the corpus prints both ways; the one
    that is its own Simplified form is the entity's key (a Simplified name, when there is one)."""
    by_folded: dict[Key, list[Key]] = {}
    for key in present:
        by_folded.setdefault((to_simplified(key[0]), key[1]), []).append(key)
    for folded, keys in by_folded.items():
        if len(keys) > 1:
            keys.sort(key=lambda k: (k != folded, k[0]))
            for other in keys[1:]:
                yield keys[0], other


def _introduced(articles: Sequence[Article], orgs: set[str]) -> Iterable[tuple[str, str, str]]:
    """(short, full, why) where the text says `全称（以下简称“简称”）` (or `簡稱`)."""
    longest = max(map(len, orgs), default=0)
    for article in articles:
        for _, _, printed in article.blocks():
            text = to_simplified(printed)  # same offsets
            if "简称" not in text:
                continue
            for match in _INTRODUCED.finditer(text):
                before = printed[max(0, match.start() - longest) : match.start()]
                full = next((before[i:] for i in range(len(before)) if before[i:] in orgs), None)
                short = printed[match.start("short") : match.end("short")]
                if full and short != full:
                    yield short, full, f"introduced as the short name of {full} (“简称{short}”)"


def _org_short_names(orgs: Sequence[str], places: set[str]) -> Iterable[tuple[str, str, str]]:
    """(short, full, why) for organisations whose short name the corpus also has."""
    present = set(orgs)
    found: dict[str, list[tuple[str, str]]] = {}
    for full in orgs:
        for short, why in _cores(full, places):
            if short in present and short != full:
                found.setdefault(short, []).append((full, why))
    by_ends: dict[tuple[str, str], list[str]] = {}
    for full in orgs:
        if full[-1] in ABBREVIATION_ENDS:
            by_ends.setdefault((full[0], full[-1]), []).append(full)
    for short in orgs:
        if len(short) < 3 or short[-1] not in ABBREVIATION_ENDS:
            continue
        for full in by_ends.get((short[0], short[-1]), ()):
            if len(full) > len(short) and short not in full and _subsequence(short, full):
                # a plain substring is not an abbreviation (区委 in 区委党史工委)
                found.setdefault(short, []).append((full, f"abbreviates {full} word by word"))
    for short, fulls in found.items():
        distinct = {full for full, _ in fulls}
        if len(distinct) == 1:  # fits one full name: the same organisation
            full, why = fulls[0]
            yield short, full, why


def _cores(full: str, places: set[str]) -> list[tuple[str, str]]:
    """The short names `full` is known by: without its legal form, then without its place."""
    out: list[tuple[str, str]] = []
    rest = full
    for form in LEGAL_FORMS:
        if rest.endswith(form) and len(rest) > len(form) + 1:
            rest = rest[: -len(form)]
            out.append((rest, f"{full} without its legal form ({form})"))
            break
    place = _longest_prefix(rest, places, keep=2)
    if place is not None and rest != full:
        out.append((rest[len(place) :], f"{full} without its place ({place}) and legal form"))
    return out


def _longest_prefix(text: str, names: Container[str], keep: int) -> str | None:
    """The longest of `names` that `text` opens with, leaving at least `keep` characters."""
    return next((text[:n] for n in range(len(text) - keep, 0, -1) if text[:n] in names), None)


def _subsequence(short: str, full: str) -> bool:
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _place_suffixes(places: set[str]) -> Iterable[tuple[str, str, str]]:
    """(bare, full, why) for places seen with and without their administrative suffix."""
    suffixes = {s: None for s in ADMIN_SUFFIXES} | {to_traditional(s): None for s in ADMIN_SUFFIXES}
    for bare in places:
        if len(bare) < 2:
            continue
        fulls = [(bare + s, s) for s in suffixes if bare + s in places]
        if len(fulls) == 1:
            full, suffix = fulls[0]
            yield bare, full, f"{full} without its suffix ({suffix})"


def nested_place(org: str, places: Container[str]) -> str | None:
    """The place an organisation's name opens with, if it is one: a place the corpus knows or a
    province (江苏洛凯机电…, 常州同泰…), or a name ending like a road or town (西园路小学)."""
    known = _longest_prefix(org, places, keep=2) or _longest_prefix(org, PROVINCES, keep=2)
    if known is None:
        match = _ROAD.match(org)
        if match and len(match.group(0)) >= 2 and len(org) - len(match.group(0)) >= 2:
            known = match.group(0)
    return known

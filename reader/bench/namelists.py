"""Unseparated lists of people: how well the tagger splits them, on lists built from the training slice.

    python -m reader.bench namelists            # the packaged tagger, its bare model, the rule alone
    python -m reader.bench namelists --show 3   # also print the first lists with what was missed

People's Daily prints long lists of people (a funeral committee, a
party's central committee, a congress's presidium, those present) as names
separated by spaces or by nothing; once the spaces are gone a model reads
the run as one long name, or as words.  The MSRA test split has one such
list of about 600 people.  This benchmark builds lists of the same shape
from the people annotated in the *training* slice (never the dev or
held-out slice): headings as the paper writes them (`…同志治丧委员会名单`,
`委员（按姓氏笔画为序）`, `主席团成员`, `出席会议的有`), names grouped by
surname as stroke order groups them, two- and three-character names,
compound surnames, minority names with `·`, women marked `（女）`, and
titles between the sections.  Each list is scored twice: as one block (how
an article's paragraph reaches the tagger) and cut every 100 characters
regardless of names, as the MSRA files cut long lines (a name cut in two
is a person where the line ends and nobody where the next begins, as
MSRA annotates them).

Scores are per person: exact span, type PER.  The names come from the
training text, so the bare model has seen most of them in context: its
numbers here flatter it.  The rule (`reader.tagger.namelist`) knows no
names, only the shape of names (surnames, and how often a character is in
given names).
"""

from __future__ import annotations

import argparse
import logging
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.tagger import msra
from reader.tagger.lexicon import COMPOUND_SURNAMES, SURNAMES

Triples = set[tuple[int, int, str]]

CHOP = 100
"""MSRA's files cut long lines at about this many characters, names or not."""


@dataclass
class Built:
    """One list as text, with its gold people (start, end)."""

    text: str = ""
    people: list[tuple[int, int]] = field(default_factory=list)

    def add(self, chunk: str, person: bool = False) -> None:
        if person:
            self.people.append((len(self.text), len(self.text) + len(chunk)))
        self.text += chunk


MINORITY = (
    "阿沛·阿旺晋美 司马义·艾买提 铁木尔·达瓦买提 居来提·土尔地 宇妥·元丹贡布 次仁多吉 措如才朗 巴桑旺堆 "
    "央金卓嘎 布赫 乌兰 巴特尔".split()
)
"""Tibetan, Uyghur and Mongolian names as the training slice annotates them (only those it has are drawn)."""
FOREIGN = frozenset("斯尔克特娜莉姆夫基曼奥萨索藤治丹纳诺德伊亚娅霍普塞莱默宾")
"""Characters of transliterated foreign names, kept out of the pools (乔治, 伊藤, 罗伯特)."""
RARE_SURNAMES = frozenset("洪丘区占")
"""Real surnames missing from `lexicon.SURNAMES` (the training slice has people with them)."""


@dataclass
class Pools:
    """The training slice's Chinese people by shape (foreign names are not in such lists)."""

    three: list[str]
    two: list[str]
    compound: list[str]
    minority: list[str]
    rare: list[str]

    @classmethod
    def of(cls, sentences: list[msra.Sentence]) -> Pools:
        names: set[str] = set()
        for text, tags in sentences:
            names.update(text[s:e] for s, e, kind in msra.spans(tags) if kind == "PER")
        han = [n for n in sorted(names) if all("\u4e00" <= c <= "\u9fff" for c in n)]
        return cls(
            three=[
                n
                for n in han
                if len(n) == 3
                and n[0] in SURNAMES
                and n[:2] not in COMPOUND_SURNAMES
                and not FOREIGN & set(n)
            ],
            two=[n for n in han if len(n) == 2 and n[0] in SURNAMES and not FOREIGN & set(n)],
            compound=[n for n in han if n[:2] in COMPOUND_SURNAMES and 3 <= len(n) <= 4],
            minority=[n for n in MINORITY if n in names],
            rare=[n for n in han if len(n) == 3 and n[0] in RARE_SURNAMES],
        )

    def draw(self, rng: random.Random) -> str:
        roll = rng.random()
        pool = (
            self.three
            if roll < 0.76
            else self.two
            if roll < 0.91
            else self.minority
            if roll < 0.95
            else self.compound
            if roll < 0.98
            else self.rare
        )
        return rng.choice(pool)


def _names(pools: Pools, rng: random.Random, count: int) -> list[str]:
    """`count` distinct people, grouped by surname (as stroke order groups them), groups shuffled."""
    chosen: list[str] = []
    while len(chosen) < count:
        name = pools.draw(rng)
        if name not in chosen:
            chosen.append(name)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in chosen:
        groups[name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]].append(name)
    keys = list(groups)
    rng.shuffle(keys)
    return [name for key in keys for name in groups[key]]


def _run(built: Built, names: list[str], rng: random.Random, women: float = 0.12) -> None:
    for name in names:
        built.add(name, person=True)
        if rng.random() < women:
            built.add("（女）")


def _colon(rng: random.Random) -> str:
    return rng.choice(("：", "", "："))


HEADINGS: list[Callable[[Built, Pools, random.Random], None]] = []


def heading(
    make: Callable[[Built, Pools, random.Random], None],
) -> Callable[[Built, Pools, random.Random], None]:
    HEADINGS.append(make)
    return make


@heading
def funeral(built: Built, pools: Pools, rng: random.Random) -> None:
    built.add(pools.draw(rng), person=True)
    built.add("同志治丧委员会名单")
    built.add("主任委员" + _colon(rng))
    _run(built, _names(pools, rng, 1), rng, 0)
    built.add("副主任委员" + _colon(rng))
    _run(built, _names(pools, rng, rng.randint(3, 8)), rng, 0)
    built.add("委员（按姓氏笔画为序）" + _colon(rng))
    _run(built, _names(pools, rng, rng.randint(40, 90)), rng)


@heading
def central_committee(built: Built, pools: Pools, rng: random.Random) -> None:
    built.add(
        rng.choice(("中国共产党第十五届中央委员会委员名单", "中国共产党第十五届中央委员会候补委员名单"))
    )
    built.add(f"（{rng.randint(150, 200)}名）" if rng.random() < 0.5 else "")
    built.add("（按姓氏笔画为序）")
    _run(built, _names(pools, rng, rng.randint(30, 70)), rng)


@heading
def presidium(built: Built, pools: Pools, rng: random.Random) -> None:
    built.add("大会主席团成员" + rng.choice(("（按姓氏笔画为序）", "名单", "：")))
    _run(built, _names(pools, rng, rng.randint(20, 50)), rng)
    built.add("秘书长" + _colon(rng))
    _run(built, _names(pools, rng, 1), rng, 0)


@heading
def standing_committee(built: Built, pools: Pools, rng: random.Random) -> None:
    built.add("第九届全国人民代表大会常务委员会")
    built.add("委员长" + _colon(rng))
    _run(built, _names(pools, rng, 1), rng, 0)
    built.add("副委员长" + _colon(rng))
    _run(built, _names(pools, rng, rng.randint(5, 15)), rng)
    built.add("秘书长" + _colon(rng))
    _run(built, _names(pools, rng, 1), rng, 0)
    built.add("委员" + _colon(rng))
    _run(built, _names(pools, rng, rng.randint(20, 60)), rng)


@heading
def present(built: Built, pools: Pools, rng: random.Random) -> None:
    built.add(rng.choice(("出席会议的有", "出席今天会议的有", "参加会议的有", "出席的还有")))
    _run(built, _names(pools, rng, rng.randint(6, 20)), rng, 0.05)
    built.add(rng.choice(("等。", "等。", "。")))


@heading
def members(built: Built, pools: Pools, rng: random.Random) -> None:
    built.add(rng.choice(("各工作小组的组成人员名单如下：", "筹委会委员名单", "获奖者名单：")))
    _run(built, _names(pools, rng, rng.randint(15, 40)), rng)


def build(sentences: list[msra.Sentence], lists: int = 14, seed: int = 19) -> list[Built]:
    rng = random.Random(seed)
    pools = Pools.of(sentences)
    built: list[Built] = []
    for n in range(lists):
        one = Built()
        HEADINGS[n % len(HEADINGS)](one, pools, rng)
        built.append(one)
    return built


def chopped(one: Built, size: int = CHOP) -> list[tuple[str, Triples]]:
    """The list cut every `size` characters, annotated as MSRA's files are: a person cut in two is a
    person where the line ends (`梁` S-PER) and nobody where the next begins (`庆庭` M-PER E-PER, which
    the corpus reader, `msra.spans`, reads as no name)."""
    pieces: list[tuple[str, Triples]] = []
    for at in range(0, len(one.text), size):
        end = min(at + size, len(one.text))
        gold = {(s - at, min(e, end) - at, "PER") for s, e in one.people if at <= s < end}
        pieces.append((one.text[at:end], gold))
    return pieces


def score(pairs: list[tuple[Triples, Triples]]) -> dict[str, float]:
    gold = sum(len(g) for g, _ in pairs)
    found = sum(len(f) for _, f in pairs)
    right = sum(len(g & f) for g, f in pairs)
    p = right / found if found else 0.0
    r = right / gold if gold else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0, "gold": gold, "found": found}


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m reader.bench namelists", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--lists", type=int, default=14)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--show", type=int, default=0, help="print this many lists with their misses")
    args = parser.parse_args()

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from reader.tagger import namelist
    from reader.tagging import Tagger

    train, _dev, _held_out = msra.split(msra.read())
    built = build(train, args.lists, args.seed)
    tagger = Tagger(None).load()
    pipeline = tagger.pipeline
    names = pipeline.model.names
    assert names is not None

    def people(spans: list) -> Triples:  # type: ignore[type-arg]
        return {(s.start, s.end, "PER") for s in spans if s.type == "PER"}

    def rule(text: str) -> Triples:
        return {(s.start, s.end, "PER") for found in namelist.find(text, names) for s in found.people}

    def model(text: str) -> Triples:
        return people(pipeline.model.spans(text, pipeline.segmenter.tag(text)))

    ways: dict[str, Callable[[str], Triples]] = {
        "tagger": lambda text: people(tagger.tag(text)),
        "model only": model,
        "name-list rule alone": rule,
    }
    total = sum(len(b.people) for b in built)
    chars = sum(len(b.text) for b in built)
    print(
        f"reader.bench namelists · {len(built)} lists built from the training slice "
        f"(seed {args.seed}): {total} people, {chars:,} characters"
    )
    print(f"  {'':24}{'as':12}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'found':>7}")
    for label, tag in ways.items():
        whole = [({(s, e, "PER") for s, e in b.people}, tag(b.text)) for b in built]
        cut = [(gold, tag(text)) for b in built for text, gold in chopped(b)]
        for how, pairs in (("one block", whole), (f"{CHOP}-char cut", cut)):
            r = score(pairs)
            name = label if how == "one block" else ""
            print(
                f"  {name:24}{how:12}{r['P']:8.4f}{r['R']:8.4f}{r['F1']:8.4f}{r['gold']:7.0f}{r['found']:7.0f}"
            )
    for b in built[: args.show]:
        found = ways["tagger"](b.text)
        gold = {(s, e, "PER") for s, e in b.people}
        print("\n" + b.text)
        print("  missed:", " ".join(b.text[s:e] for s, e, _ in sorted(gold - found)))
        print("  wrong: ", " ".join(b.text[s:e] for s, e, _ in sorted(found - gold)))

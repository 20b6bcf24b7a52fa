"""Pinyin found in many headline lines at once finds what `pinyin.find` finds line by line.

`reader.search.pinyin_lines` checks and scores the candidates of a pinyin
keystroke together; ranking takes its matches, scores and highlights as
they are, so they must be `pinyin.find`'s and `rank.bonus`'s exactly.
"""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from reader.corpus import load_corpus
from reader.models import HEADLINE, Article, TextRef
from reader.search import SearchIndex, fields, pinyin, pinyin_lines
from reader.search.fold import fold
from reader.search.match import PinyinFinder
from reader.search.pinyin_lines import Matches
from reader.search.query import Term
from reader.search.rank import Found, bonus

from .conftest import ROOT

QUERIES = [
    # full pinyin and every prefix typed on the way
    *("qiaojunjie"[:i] for i in range(1, 11)),
    "zhongguo",
    "gongye",
    "quweishuji",
    "xuanjiang",
    # initials, mixed, zh/ch/sh, heteronyms (长 chang/zhang, 重 zhong/chong, 行 xing/hang)
    "qjj",
    "qiaojj",
    "qjunjie",
    "zhzh",
    "shsh",
    "chch",
    "zd",
    "zhongdian",
    "chongdian",
    "zhang",
    "hang",
    # single-letter syllables, letters and digits read as themselves
    "a",
    "e",
    "o",
    "ee",
    "2024",
    "20",
    "agu",
    "ag",
]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    """The seed page's articles with headlines made from its sentences: Simplified, some
    Traditional, some with ASCII letters and digits."""
    seed = list(load_corpus([ROOT / "seeds"], tag=False).articles)
    sentences = [s for a in seed for p in a.paragraphs for s in p.split("。") if len(s) > 4]
    rng = random.Random(7)
    out = []
    for i in range(300):
        lines = tuple(rng.choice(sentences)[: rng.randint(4, 30)] for _ in range(rng.randint(1, 3)))
        if i % 4 == 0:
            lines = tuple(line.replace("会", "會").replace("长", "長").replace("区", "區") for line in lines)
        if i % 7 == 0:
            lines = (f"A股{2020 + i % 6}年" + lines[0], *lines[1:])
        out.append(
            replace(seed[i % len(seed)], id=f"p{i:04d}", headline=lines, roles=("title",) * len(lines))
        )
    return out


@pytest.fixture(scope="module")
def index(articles: list[Article]) -> SearchIndex:
    return SearchIndex(articles)


@pytest.fixture(autouse=True, params=["numpy", "one by one"])
def walk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways of walking the starts: all together in numpy, and one by one in Python."""
    monkeypatch.setattr(pinyin_lines, "ONE_BY_ONE", -1 if request.param == "numpy" else 1 << 30)


@pytest.mark.parametrize("p", QUERIES)
def test_every_line_matches_as_find_says(articles: list[Article], index: SearchIndex, p: str) -> None:
    table = index.data.headlines
    assert table is not None
    docs = list(range(len(articles)))
    matches = Matches(table, p, docs)
    wanted = [(d, line) for d, a in enumerate(articles) for line in range(len(a.headline))]
    got = matches.of_lines([d for d, _ in wanted], [line for _, line in wanted])
    expected = [tuple(pinyin.find(fold(articles[d].headline[line]), p)) for d, line in wanted]
    assert got == expected
    spans = matches.spans_of_lines([d for d, _ in wanted], [line for _, line in wanted])
    assert spans == [[(s, e) for s, e, _ in runs] for runs in expected]
    assert sorted(matches.docs().tolist()) == [d for d, a in enumerate(articles) if any(expected_of(a, p))]


def expected_of(article: Article, p: str) -> list[bool]:
    return [bool(pinyin.find(fold(line), p)) for line in article.headline]


@pytest.mark.parametrize("p", [q for q in QUERIES if Term(q).pinyin is not None])
def test_scores_are_rank_bonus(articles: list[Article], index: SearchIndex, p: str) -> None:
    """Each article's best headline pinyin bonus and where, as `rank.bonus` reckons them."""
    table = index.data.headlines
    assert table is not None
    docs, bonuses, lines, starts, ends = Matches(table, p, list(range(len(articles)))).score()
    got = {
        d: (b, Found(TextRef(HEADLINE, line, s, e), "pinyin"))
        for d, b, line, s, e in zip(*(x.tolist() for x in (docs, bonuses, lines, starts, ends)), strict=True)
    }
    expected = {}
    for d, article in enumerate(articles):
        value, found = bonus(article, Term(p), "headline_py", set())
        if value:
            expected[d] = (value, found)
    assert got == expected


@pytest.mark.parametrize("p", ["q", "qiao", "qjj", "zh", "a"])
@pytest.mark.parametrize(("cap", "stop_at"), [(1000, 200), (1000, 3), (50, 200), (40, 40), (1000, 0), (7, 1)])
def test_checking_together_is_checking_one_by_one(
    articles: list[Article], index: SearchIndex, p: str, cap: int, stop_at: int
) -> None:
    """Which candidates are kept, and whether the check was complete, with caps and early stops."""
    table = index.data.headlines
    assert table is not None
    maybe = np.arange(0, len(articles), 2, dtype=np.int64)
    finder = PinyinFinder(Term(p))
    one = fields._checked_one_by_one(index.data, finder, maybe, cap, stop_at)
    monkey = fields.PINYIN_BLOCK
    try:
        for block in (256, 16):
            fields.PINYIN_BLOCK = block
            assert fields._checked_together(table, p, maybe, cap, stop_at) == one
    finally:
        fields.PINYIN_BLOCK = monkey

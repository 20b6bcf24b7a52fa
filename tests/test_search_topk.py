"""Scoring fewer candidates in full finds what scoring all of them finds.

A one-term query looks at the index a chunk of articles at a time and stops
once it has enough (`reader.search.fields`); ranking bounds every candidate
and scores in full only those that can still place (`reader.search.topk`,
`reader.search.bounds`).  Both must leave the hits, their order, scores and
snippets exactly as scoring every candidate would.
"""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.corpus import load_corpus
from reader.models import Article, Entity, TextRef
from reader.search import SearchIndex, fields
from reader.search.bounds import bound
from reader.search.match import TextFinder
from reader.search.postings import Postings, difference, intersect, union
from reader.search.query import Term
from reader.search.rank import bonus
from reader.search.topk import best_known, best_of

from .conftest import ROOT

NAMES = ["乔俊杰", "恽淇丞", "石伟东", "黄雅婷"]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    """1,500 articles of the seed page's sentences, shuffled, many sharing words and names."""
    seed = list(load_corpus([ROOT / "seeds"], tag=False).articles)
    sentences = [s + "。" for a in seed for p in a.paragraphs for s in p.split("。") if len(s) > 4]
    rng = random.Random(18)
    out = []
    for i in range(1500):
        paragraphs = tuple("".join(rng.sample(sentences, 3)) for _ in range(rng.randint(1, 4)))
        title = rng.choice(sentences)[: rng.randint(6, 20)]
        if rng.random() < 0.3:
            title = rng.choice(NAMES) + title
        name = rng.choice(NAMES)
        at = paragraphs[0].find(name)
        entities = (Entity(name, "PER", TextRef(0, 0, at, at + len(name))),) if at >= 0 else ()
        out.append(
            replace(
                seed[i % len(seed)],
                id=f"t{i:05d}",
                headline=(title,),
                roles=("title",),
                paragraphs=paragraphs,
                entities=entities,
            )
        )
    return out


@pytest.fixture(scope="module")
def built(articles: list[Article]) -> SearchIndex:
    return SearchIndex(articles)


def _no_bounds(self, docs, clause_bases, names, spelled):  # type: ignore[no-untyped-def]
    """The reference: no bound, no score known ahead, so every candidate is scored in full
    one by one (`SearchIndex._refine`)."""
    return np.full(len(docs), np.inf), np.zeros(len(docs), dtype=bool), None


QUERIES = [
    "区",
    "区领",
    "区领导",
    "全会",
    "企业",
    "乔",
    "乔俊杰",
    "q",
    "qi",
    "qiao",
    "qiaoj",
    "qjj",
    "x",
    "xu",
]
QUERIES += ["gongye", "gong", "慰问", "民生实事", "^乔", "调度会$", "企业 全会", "领导 | 企业", "区 !企业"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [5, 50])
def test_bounded_ranking_is_full_ranking(
    built: SearchIndex, query: str, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = SearchIndex.from_data(built.data)  # a fresh keystroke cache
    monkeypatch.setattr(fields, "CHUNK", 64)  # many chunks: stopping early is exercised
    typed = [index.query(query[:i], limit=limit) for i in range(1, len(query) + 1)]
    monkeypatch.setattr(fields, "CHUNK", 1 << 30)
    monkeypatch.setattr(SearchIndex, "_bound_all", _no_bounds)
    for i, hits in enumerate(typed, start=1):
        # (each from cold: what the keystrokes before left, such as the few candidates or
        # names an extended term is looked for among, must not change what is found)
        expected = SearchIndex.from_data(index.data).query(query[:i], limit=limit)
        assert [(h.article.id, h.score, h.snippet, h.highlights) for h in hits] == [
            (h.article.id, h.score, h.snippet, h.highlights) for h in expected
        ], query[:i]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_pinyin_bound_is_at_least_the_score(articles: list[Article], data: st.DataObject) -> None:
    article = data.draw(st.sampled_from(articles[:300]))
    source = data.draw(st.sampled_from(["乔俊杰", "区领导", "全会精神", "工业企业", "重点", "qiaojunjie"]))
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(source, style=Style.NORMAL)
    cut = data.draw(st.integers(1, len("".join(syllables))))
    mixed = "".join(s if data.draw(st.booleans()) else s[0] for s in syllables)
    p = data.draw(st.sampled_from(["".join(syllables)[:cut], mixed]))
    term = Term(p)
    ceiling, _ = bound(article, term, "headline_py", set(), {})
    assert ceiling >= min(bonus(article, term, "headline_py", set())[0], 6)


def test_best_of_keeps_ties_in_article_order() -> None:
    scores = {doc: float(doc % 3) for doc in range(30)}
    docs = np.arange(30)
    got = best_of(docs, 7, np.array([scores[d] + 0.5 for d in range(30)]), lambda i: (scores[i], None))
    assert [r.doc for r in got] == sorted(range(30), key=lambda d: (-scores[d], d))[:7]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=80), st.integers(1, 60), st.randoms())
def test_scores_known_ahead_rank_as_best_of_does(values: list[int], limit: int, rng: random.Random) -> None:
    docs = np.array(sorted(rng.sample(range(1000), len(values))), dtype=np.int64)
    order = list(range(len(values)))
    rng.shuffle(order)  # (candidates come in any order, as a query's bands leave them)
    docs, scores = docs[order], np.array(values, dtype=np.float64)[order] / 2
    slow = best_of(docs, limit, scores, lambda i: (float(scores[i]), i))
    fast = best_known(docs, limit, scores, lambda i: i)
    assert [(r.score, r.doc, r.detail) for r in fast] == [(r.score, r.doc, r.detail) for r in slow]


sorted_sets = st.lists(st.integers(0, 3000), max_size=400).map(
    lambda v: np.array(sorted(set(v)), dtype=np.int64)
)


@settings(max_examples=200, deadline=None)
@given(sorted_sets, sorted_sets, sorted_sets)
def test_set_operations(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> None:
    assert intersect(a, b).tolist() == sorted(set(a.tolist()) & set(b.tolist()))
    assert difference(a, b).tolist() == sorted(set(a.tolist()) - set(b.tolist()))
    assert union(a, b, c).tolist() == sorted(set(a.tolist()) | set(b.tolist()) | set(c.tolist()))


SKEW = np.array([2.0**-k for k in range(10)]) / sum(2.0**-k for k in range(10))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**31), st.data())
def test_postings_restricted_to_a_range(seed: int, data: st.DataObject) -> None:
    """Lookups answer for the segments as they are now: asked again after each segment is added
    and after the last two are merged (answers are kept between lookups)."""
    rng = np.random.default_rng(seed)
    postings = Postings()
    pairs: set[tuple[int, int]] = set()
    base = 0
    start = data.draw(st.integers(0, 9000))
    stop = data.draw(st.integers(start, 9003))
    keys_wanted = data.draw(st.lists(st.integers(0, 13), min_size=1, max_size=6))
    lo = data.draw(st.integers(0, 13))
    hi = data.draw(st.integers(lo, 14))

    def holding(ks: set[int]) -> set[int]:
        return {d for k, d in pairs if k in ks and start <= d < stop}

    def check() -> None:
        every = set.intersection(*(holding({k}) for k in keys_wanted))
        assert postings.all_of(keys_wanted, start, stop).tolist() == sorted(every)
        assert postings.any_of(keys_wanted, start, stop).tolist() == sorted(holding(set(keys_wanted)))
        assert postings.in_range(lo, hi, start, stop).tolist() == sorted(holding(set(range(lo, hi))))

    for size in data.draw(st.lists(st.integers(1, 3000), min_size=1, max_size=3)):
        # (some keys common enough to be bitmaps, some kept as lists, in the same segment)
        keys = rng.choice(np.arange(2, 12), size * 3, p=SKEW).astype(np.uint32)
        docs = rng.integers(0, size, size * 3)
        postings.add_segment(base, size, keys, docs)
        pairs |= {(int(k), int(d) + base) for k, d in zip(keys, docs, strict=True)}
        base += size
        check()
    if len(postings.segments) >= 2 and sum(seg.size for seg in postings.segments[-2:]) <= 1 << 16:
        postings.merge_tail(2)
        check()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_text_bounds_are_at_least_the_score(articles: list[Article], data: st.DataObject) -> None:
    article = data.draw(st.sampled_from(articles[:300]))
    block = data.draw(st.sampled_from([*article.headline, *article.paragraphs]))
    start = data.draw(st.integers(0, max(0, len(block) - 1)))
    term = Term(block[start : start + data.draw(st.integers(1, 4))] or "区")
    for field in ("headline", "body"):
        ceiling, _ = bound(article, term, field, set(), {})
        assert ceiling >= min(bonus(article, term, field, set())[0], 10 if field == "headline" else 15)


def test_a_session_typed_with_one_keystroke_cache(
    built: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-term query that stopped early leaves nothing a later query would take as all."""
    index = SearchIndex.from_data(built.data)
    session = [
        "企业",
        "企业 全会",
        "区",
        "区 !企业",
        "乔",
        "乔俊杰 企业",
        "q",
        "qiao 企业",
        "领导",
        "领导 | 区",
    ]
    monkeypatch.setattr(fields, "CHUNK", 64)
    typed = [(q[:i], index.query(q[:i], limit=20)) for q in session for i in range(1, len(q) + 1)]
    monkeypatch.setattr(fields, "CHUNK", 1 << 30)
    monkeypatch.setattr(SearchIndex, "_bound_all", _no_bounds)
    for query, hits in typed:
        expected = SearchIndex.from_data(built.data).query(query, limit=20)
        assert [(h.article.id, h.score) for h in hits] == [(h.article.id, h.score) for h in expected], query


@pytest.fixture(scope="module")
def tagged(articles: list[Article]) -> list[Article]:
    """The articles with where their words start (as tagging leaves them), some headlines
    in two lines, one a subtitle, and some in Traditional characters."""
    from reader.bench.search import add_word_starts

    out = []
    for i, a in enumerate(articles[:400]):
        if i % 3 == 0:
            a = replace(a, headline=(a.headline[0], a.paragraphs[0][:12]), roles=("title", "subtitle"))
        if i % 5 == 0:
            a = replace(a, headline=tuple(h.replace("会", "會").replace("区", "區") for h in a.headline))
        out.append(a)
    return add_word_starts(out)


@pytest.mark.parametrize("text", ["区", "企业", "乔俊杰", "全会", "领导", "会", "精神"])
def test_headlines_score_as_rank_does(tagged: list[Article], text: str) -> None:
    """`Headlines.score` gives every article the headline bonus and place `rank.bonus` gives."""
    got, expected = _headline_scores(tagged, text)
    assert got == expected
    assert got


def _headline_scores(articles: list[Article], text: str) -> tuple[dict[int, object], dict[int, object]]:
    """Per article, its headline bonus and where: by `Headlines.score`, and by `rank.bonus`."""
    from reader.models import HEADLINE
    from reader.search.rank import Found

    index = SearchIndex(articles)
    table = index.data.headlines
    assert table is not None and table.covers(np.arange(len(articles))).all()
    term = Term(text)
    docs, bonuses, lines, starts, ends = table.score(term.text, list(range(len(articles))))
    got: dict[int, object] = {
        d: (b, Found(TextRef(HEADLINE, line, s, e), "headline"))
        for d, b, line, s, e in zip(*(x.tolist() for x in (docs, bonuses, lines, starts, ends)), strict=True)
    }
    expected: dict[int, object] = {}
    for d, article in enumerate(articles):
        value, found = bonus(article, term, "headline", set())
        if value:
            expected[d] = (value, found)
    return got, expected


@pytest.mark.parametrize("text", ["哈哈", "哈哈哈", "哈", "哈哈哈哈哈哈哈哈哈哈"])
def test_headlines_score_a_term_that_overlaps_itself(tagged: list[Article], text: str) -> None:
    """`哈哈` in `哈哈哈哈哈`: occurrences are taken left to right without overlap, as
    `str.find` from the end of the last one takes them (and so `rank.bonus`)."""
    laughs = [
        replace(a, headline=(h,), roles=("title",))
        for a, h in zip(
            tagged, ["哈哈哈哈哈", "大家哈哈哈", "哈哈", "哈", "哈哈哈哈哈哈哈哈哈哈哈哈笑"], strict=False
        )
    ]
    got, expected = _headline_scores(laughs, text)
    assert got == expected


@pytest.mark.parametrize("text", ["乔", "乔俊杰", "武进", "区", "委员会", "会"])
def test_name_scores_at_once_are_name_score(text: str) -> None:
    """The `name` field's scores made for many names at once (where the term first is, the
    names' lengths) are `name_score`'s, name by name, for names written in either script."""
    from reader.search.names import Names
    from reader.search.rank import name_score, text_name_scores

    written = [
        "乔俊杰",
        "乔俊",
        "武进区委",
        "区委员会",
        "常州市武进区",
        "武进区人民代表大会常务委员会",
        "區委員會",
    ]
    names = Names()
    names.add(0, written)
    names.sync()
    term = Term(text)
    ids = names.matching(TextFinder(term))
    first, lengths = names.first_places(ids, term.text)
    expected = [name_score(term, "name", names.text(i), {}) for i in ids]
    assert text_name_scores(len(text), first, lengths).tolist() == [e[0] for e in expected if e]
    assert len(ids) >= 1


def test_first_three_matches_of_each_line() -> None:
    from reader.search.headlines import first_three

    assert first_three(np.array([4, 4, 4, 7])) is None  # (no line has a fourth)
    kept = first_three(np.array([1, 1, 1, 1, 2, 3, 3, 3, 3, 3]))
    assert kept is not None
    assert kept.tolist() == [True] * 3 + [False] + [True] * 4 + [False] * 2


def test_line_lengths_hold_as_headlines_are_added(tagged: list[Article]) -> None:
    from reader.search.headlines import Headlines

    table = Headlines()
    for part in (tagged[:7], tagged[7:8], tagged[8:40]):
        table.extend(part)
        lines = [line for a in tagged[: table.size] for line in a.headline]
        assert table.line_sizes().tolist() == [len(line) for line in lines]


@pytest.mark.parametrize(
    "p", ["qiao", "qjj", "qiaojunjie", "wuj", "wujinqu", "zhang", "zh", "cq", "chongqing", "hui"]
)
def test_pinyin_name_scores_at_once_are_name_score(p: str) -> None:
    """The `name_py` field's scores of many names walked at once are `name_score`'s, name by
    name (heteronyms, Traditional characters, names the term does not match)."""
    from reader.search.names import Names
    from reader.search.rank import name_score, pinyin_name_scores

    written = [
        "乔俊杰",
        "乔俊",
        "武进区委",
        "武进区人民代表大会常务委员会",
        "區委員會",
        "张长",
        "重庆市",
        "长江",
        "会议",
    ]
    written += ["乔乔", "全军", "恽淇丞", "钟长青", "张重庆"]
    names = Names()
    names.add(0, written)
    names.sync()
    term = Term(p)
    ids = list(range(len(written)))
    got = pinyin_name_scores(*names.pinyin_places(ids, p)).tolist()
    expected = [name_score(term, "name_py", names.text(i), {}) for i in ids]
    assert got == [e[0] if e else -np.inf for e in expected]
    assert any(e for e in expected)

"""Search on the seed page: each kind of query, ranking, offsets, the CLI contract."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.corpus import load_corpus
from reader.models import BYLINE, HEADLINE, Article, Entity, TextRef
from reader.search import SearchIndex, find_in_article
from reader.search.fold import fold
from reader.search.match import TextFinder
from reader.search.names import Names
from reader.search.query import Term, parse

from .conftest import ROOT

# Seed articles by their main headline line.
DRILL = "区领导开展“八一”拥军慰问"
VISIT = "乔俊杰调研重点工业企业并宣讲党的二十届三中全会精神"
MEETING = "我区召开半年度民生实事调度会"
FILMS = "群众性主题放映活动启动"


def _with_entities(article: Article, names: list[tuple[str, str]]) -> Article:
    """The article with every occurrence of each name marked, as the tagger would."""
    found = []
    for p, text in enumerate(article.paragraphs):
        for name, kind in names:
            i = text.find(name)
            while i >= 0:
                found.append(Entity(name, kind, TextRef(p, 0, i, i + len(name))))  # type: ignore[arg-type]
                i = text.find(name, i + 1)
    return replace(article, entities=tuple(found))


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    out = list(load_corpus([ROOT / "seeds"], tag=False).articles)
    # Hand-made entities (the tagger is tested on its own): people in the first article.
    out[0] = _with_entities(out[0], [("恽淇丞", "PER"), ("石伟东", "PER"), ("常州", "LOC")])
    return out


@pytest.fixture(scope="module")
def index(articles: list[Article]) -> SearchIndex:
    return SearchIndex(articles)


def titles(index: SearchIndex, query: str) -> list[str]:
    return [hit.article.title for hit in index.query(query)]


# --- what each kind of query finds first ------------------------------------------------

FIRST = [
    ("phrase", "拥军慰问", DRILL),
    ("typo, wrong character", "拥军尉问", DRILL),
    ("typo, missing character", "拥军问", DRILL),
    ("typo, extra character", "拥军的慰问", DRILL),
    ("pinyin", "qiaojunjie", VISIT),
    ("pinyin spaced", "qiao jun jie", VISIT),
    ("pinyin typed so far", "qiaoj", VISIT),
    ("initials", "qjj", VISIT),
    ("pinyin mixed", "qiaojj", VISIT),
    ("multi-term", "全会 乔俊杰", VISIT),
    ("multi-term other order", "乔俊杰 全会", VISIT),
    ("exact operator", "'民生实事", MEETING),
    ("prefix operator", "^乔俊杰", VISIT),
    ("prefix operator on pinyin", "^qjj", VISIT),
    ("suffix operator", "调度会$", MEETING),
    ("whole line", "^群众性主题放映活动启动$", FILMS),
    ("or operator", "调度会 | 放映", MEETING),
    ("escaped space", "深化军民共建\\ 增进", DRILL),
    ("full-width letters", "Ａ股", VISIT),
    ("entity name", "恽淇丞", DRILL),
    ("entity pinyin", "yunqicheng", DRILL),
    ("entity initials", "swd", DRILL),
    ("headline above body", "乔俊杰", VISIT),
]


@pytest.mark.parametrize(("query", "expected"), [c[1:] for c in FIRST], ids=[c[0] for c in FIRST])
def test_best_hit(index: SearchIndex, query: str, expected: str) -> None:
    assert titles(index, query)[0] == expected


NOTHING = [
    ("exact refuses typos", "'拥军尉问"),
    ("exclusion leaves nothing", "拥军慰问 !八一"),
    ("prefix must start a line", "^拥军慰问"),
    ("all terms must match", "拥军慰问 洛凯机电"),
    ("nonsense pinyin", "xqzv"),
]


@pytest.mark.parametrize("query", [c[1] for c in NOTHING], ids=[c[0] for c in NOTHING])
def test_no_hit(index: SearchIndex, query: str) -> None:
    assert index.query(query) == []


def test_exclusion_removes_only_matching_articles(index: SearchIndex) -> None:
    assert titles(index, "全会")[:2] == [VISIT, FILMS]
    assert titles(index, "全会 !乔俊杰") == [FILMS]


@pytest.mark.parametrize(
    ("query", "field"),
    [("黄雅婷", "reporter"), ("huangyating", "pinyin"), ("hyt", "pinyin"), ("huang ya ting", "pinyin")],
)
def test_reporter(index: SearchIndex, query: str, field: str) -> None:
    hits = index.query(query)
    assert sorted(h.article.title for h in hits[:2]) == sorted([DRILL, FILMS])
    assert hits[0].field == field
    assert "黄雅婷" in hits[0].snippet


def test_entity_hit_says_so(index: SearchIndex) -> None:
    hit = index.query("石伟东")[0]
    assert (hit.article.title, hit.field) == (DRILL, "entity")
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["石伟东"]


def test_headline_hits_rank_above_body_hits(index: SearchIndex) -> None:
    hits = index.query("乔俊杰")
    assert hits[0].field == "headline"
    assert all(h.field == "body" for h in hits[1:]) and hits[0].score > hits[1].score


def test_exact_ranks_above_typo(index: SearchIndex) -> None:
    hits = index.query("军民共建")
    assert hits[0].score >= 90
    typo = index.query("军民共见")[0]
    assert typo.article.title == DRILL and typo.score < 55


@pytest.mark.parametrize("query", ["，", ","])
def test_full_and_half_width_punctuation_are_one(index: SearchIndex, query: str) -> None:
    assert len(index.query(query)) == 4  # the seed writes half-width commas


def test_folding() -> None:
    assert fold("ＡＢＣ１２３，（）") == "abc123,()"
    assert fold("\u3000") == " "
    assert parse("ＡＢＣ").terms == parse("abc").terms


# --- whole words and heteronyms, on small made-up articles -------------------------------


def _article(n: int, headline: str, body: str) -> Article:
    return Article(f"t{n}", "t.txt", n, (headline,), ("title",), "", (), (body,))


@pytest.mark.parametrize("tagged", [False, True], ids=["cut-on-the-spot", "word-starts-from-tagging"])
def test_whole_word_ranks_above_part_of_a_longer_word(tagged: bool) -> None:
    articles = [
        _article(0, "甲", "我们支持发展中国家的合作。"),
        _article(1, "乙", "今年中国经济稳步增长。"),
    ]
    if tagged:
        from reader.tagging import Tagger

        articles = [Tagger(None).tag_article(a) for a in articles]
        assert all(a.words for a in articles)
    assert [h.article.id for h in SearchIndex(articles).query("中国")] == ["t1", "t0"]


@pytest.mark.parametrize(
    "query", ["changjiang", "zhangjiang", "cj", "zj", "chongqing", "zhongqing", "hangzhang", "xingchang"]
)
def test_heteronyms_match_every_reading(query: str) -> None:
    index = SearchIndex([_article(0, "长江大桥", ""), _article(1, "重庆", ""), _article(2, "行长讲话", "")])
    assert index.query(query), query


def test_articles_added_later_are_found_before_and_after_indexing() -> None:
    index = SearchIndex([_article(0, "长江大桥", "")])
    index.add([_article(1, "黄河大桥", "")])
    assert [h.article.id for h in index.query("黄河")] == ["t1"]
    assert sorted(h.article.id for h in index.query("大桥")) == ["t0", "t1"]
    index.flush()
    assert [h.article.id for h in index.query("huanghe")] == ["t1"]


def test_names_added_in_batches_and_after_a_reload_are_all_found() -> None:
    import pickle

    def named(n: int, *names: str) -> Article:
        body = "，".join(names) + "出席会议。"
        return _with_entities(_article(n, f"会议{n}", body), [(name, "PER") for name in names])

    index = SearchIndex([named(0, "王建国", "李明"), named(1, "李明")])
    index.add([named(2, "张晓明", "李明")])  # not yet merged into the name rows
    assert sorted(h.article.id for h in index.query("李明")) == ["t0", "t1", "t2"]
    assert [h.article.id for h in index.query("zxm")] == ["t2"]
    index.flush()
    copy = pickle.loads(pickle.dumps(index))  # as the cache stores it
    copy.add([named(3, "王建国"), named(4, "赵刚")])
    assert sorted(h.article.id for h in copy.query("王建国")) == ["t0", "t3"]
    assert [h.article.id for h in copy.query("zhaogang")] == ["t4"]
    copy.flush()
    assert sorted(h.article.id for h in copy.query("wjg")) == ["t0", "t3"]
    assert sorted(h.article.id for h in copy.query("李明")) == ["t0", "t1", "t2"]


def test_a_bulk_build_leaves_no_short_last_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.search.store

    monkeypatch.setattr(reader.search.store, "BULK_SEGMENT", 4)
    places = ["长江", "黄河", "珠江", "淮河", "汉江", "湘江"]
    index = SearchIndex([_article(n, f"{place}大桥通车", f"{place}两岸") for n, place in enumerate(places)])
    assert [seg.size for seg in index.data.body.segments] == [6]
    assert [seg.size for seg in index.data.headline_py.segments] == [6]
    for n, place in enumerate(places):
        assert [h.article.id for h in index.query(place)] == [f"t{n}"]
    assert len(index.query("大桥")) == 6 and [h.article.id for h in index.query("xiangjiang")] == ["t5"]


def test_a_name_folding_changes_is_found_folded_and_kept_as_written() -> None:
    from reader.search.names import Names

    names = Names()
    names.add(0, ["ＣＣＴＶ新闻", "张三"])
    names.add(1, ["张三"])
    assert [names.text(i) for i in range(len(names))] == ["ＣＣＴＶ新闻", "张三"]  # before syncing
    names.sync()
    assert [names.text(i) for i in range(len(names))] == ["ＣＣＴＶ新闻", "张三"]
    assert names.containing(["cctv"]) == [0] and names.docs_of([1]).tolist() == [0, 1]
    index = SearchIndex(
        [_with_entities(_article(0, "新闻", "ＣＣＴＶ新闻报道。"), [("ＣＣＴＶ新闻", "ORG")])]
    )
    hit = index.query("cctv")[0]
    assert hit.article.id == "t0"


SPELLINGS = [
    "区领导",
    "慰问",
    "拥军尉问",
    "发展",
    "工业企业",
    "乔俊杰",
    "abc",
    "2024",
    "，",
    "民生实事调度",
    "会",
]


@pytest.mark.parametrize("query", SPELLINGS)
def test_plain_search_finds_what_the_folding_regex_finds(
    articles: list[Article], query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles that spell none of a term's characters another way are searched with plain `str`
    methods (`reader.search.variants`): the hits, scores and snippets are those of searching
    every article through the folding regex, in a corpus that mixes both kinds."""
    from reader.search.store import IndexData
    from reader.search.variants import signatures, term_signature

    odd = {"发": "發", "领": "領", "业": "業", "会": "會", "a": "Ａ", "b": "B", "2": "２", "，": ","}
    other = [
        replace(
            a,
            id=a.id + "-other",
            headline=tuple(h.translate(str.maketrans(odd)) for h in a.headline),
            paragraphs=tuple(p.translate(str.maketrans(odd)) for p in a.paragraphs),
        )
        for a in articles
    ]
    extra = [_article(900, "ABC发展", "发展ＡＢＣ，2024年"), _article(901, "abc發展", "abc，２０２４年")]
    mixed = [a for pair in zip(articles, other, strict=True) for a in pair] + extra
    index = SearchIndex(mixed)
    sigs = index.data.signatures
    assert sigs is not None and len(sigs) == len(mixed)
    assert signatures([["会议"]]).tolist() == [[0, 0, 0]] and term_signature("人民") is None
    fast = [(h.article.id, h.score, h.snippet, h.highlights) for h in index.query(query)]
    monkeypatch.setattr(IndexData, "plain", lambda self, docs, sig: docs < -1 if sig else docs >= 0)
    monkeypatch.setattr(IndexData, "plain_one", lambda self, doc, sig: sig is None)
    slow = [
        (h.article.id, h.score, h.snippet, h.highlights)
        for h in SearchIndex.from_data(index.data).query(query)
    ]
    assert fast == slow
    assert fast


def test_index_survives_pickling(index: SearchIndex) -> None:
    """The cache stores the index pickled, without its articles."""
    import pickle

    copy = pickle.loads(pickle.dumps(index))
    assert [h.article.id for h in copy.query("qjj")] == [h.article.id for h in index.query("qjj")]


def test_typing_narrows_like_a_fresh_query(index: SearchIndex) -> None:
    """The keystroke cache never changes what a query finds."""
    typed = None
    for i in range(1, len("qiaojunjie") + 1):
        typed = index.query("qiaojunjie"[:i])
    fresh = SearchIndex(index.articles).query("qiaojunjie")
    assert [h.article.id for h in typed or []] == [h.article.id for h in fresh]


@pytest.mark.parametrize("query", ["wangweifeng", "wangwd", "王伟峰", "汪卫东"])
def test_names_typed_a_keystroke_at_a_time_are_the_names_a_fresh_query_finds(query: str) -> None:
    """An extended term is looked for among the names and articles the keystroke before
    found; names that start alike and then part ways must drop out as they do cold."""
    people = ["王伟峰", "王伟", "王维", "汪卫东", "王卫东", "王伟锋", "魏峰", "王林昌"]
    articles = []
    for n, name in enumerate(people * 3):
        body = f"记者{name}报道，会议由{name}主持。"
        articles.append(_with_entities(_article(n, f"第{n}次会议召开", body), [(name, "PER")]))
    typed = SearchIndex(articles)
    for i in range(1, len(query) + 1):
        hits = typed.query(query[:i])
        fresh = SearchIndex.from_data(typed.data).query(query[:i])
        assert [(h.article.id, h.score, h.highlights) for h in hits] == [
            (h.article.id, h.score, h.highlights) for h in fresh
        ], query[:i]


# --- snippets and highlights --------------------------------------------------------------


@pytest.mark.parametrize("query", ["拥军慰问", "拥军尉问", "qjj", "黄雅婷", "全会 乔俊杰", "A股", "民生"])
def test_snippets_are_one_line_with_highlights_inside(index: SearchIndex, query: str) -> None:
    for hit in index.query(query):
        assert "\n" not in hit.snippet and len(hit.snippet) <= 64
        assert hit.highlights
        for s, e in hit.highlights:
            assert 0 <= s < e <= len(hit.snippet)


def test_typo_snippet_highlights_the_real_text(index: SearchIndex) -> None:
    hit = index.query("拥军尉问")[0]
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["拥军慰问"]


# --- find_in_article: the reading pane's hits ---------------------------------------------


@pytest.mark.parametrize(
    "query", ["乔俊杰", "qjj", "拥军尉问", "黄雅婷", "hyt", "全会 精神", "，", "yunqicheng"]
)
def test_find_in_article_offsets_are_valid_and_in_reading_order(articles: list[Article], query: str) -> None:
    order = {HEADLINE: -2, BYLINE: -1}
    total = 0
    for article in articles:
        matches = find_in_article(article, query)
        total += len(matches)
        keys = [(order.get(m.block, m.block), m.line, m.start) for m in matches]
        assert keys == sorted(keys)
        for m in matches:
            block = article.block(m.block, m.line)
            assert 0 <= m.start < m.end <= len(block)
    assert total


def test_find_in_article_exact_text(articles: list[Article]) -> None:
    visit = articles[1]
    spans = [visit.text_at(m) for m in find_in_article(visit, "乔俊杰")]
    assert spans and set(spans) == {"乔俊杰"}
    assert find_in_article(visit, "乔俊杰")[0].where == (HEADLINE, 0)


def test_find_in_article_typo_and_pinyin(articles: list[Article]) -> None:
    drill = articles[0]
    typo = find_in_article(drill, "拥军尉问")
    assert {drill.text_at(m) for m in typo} == {"拥军慰问"}
    reporter = find_in_article(drill, "huangyating")
    assert [(m.block, drill.byline[m.start : m.end]) for m in reporter] == [(BYLINE, "黄雅婷")]


# --- query language -----------------------------------------------------------------------


PARSE = [
    ("plain", "乔俊杰", [[Term("乔俊杰")]], []),
    (
        "operators",
        "'a ^b c$ !d",
        [[Term("a", exact=True)], [Term("b", prefix=True)], [Term("c", suffix=True)]],
        [Term("d", exact=True, negate=True)],
    ),
    ("or", "a | b c", [[Term("a"), Term("b")], [Term("c")]], []),
    ("lone operators are still being typed", "! ^ a", [[Term("a")]], []),
    ("escaped space", "a\\ b", [[Term("a b")]], []),
    ("ideographic space splits", "甲\u3000乙", [[Term("甲")], [Term("乙")]], []),
]


@pytest.mark.parametrize(("query", "clauses", "excluded"), [c[1:] for c in PARSE], ids=[c[0] for c in PARSE])
def test_parse(query: str, clauses: list[list[Term]], excluded: list[Term]) -> None:
    parsed = parse(query)
    assert [list(c) for c in parsed.clauses] == clauses
    assert list(parsed.excluded) == excluded


# --- the corpus API and the CLI -------------------------------------------------------------


def test_corpus_search() -> None:
    corpus = load_corpus([ROOT / "seeds"], tag=False)
    hits = corpus.search("拥军慰问", limit=5)
    assert hits[0].article.title == DRILL
    assert corpus.search("拥军慰问", limit=0) == []


def test_cli_search_json_contract() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "search", "乔俊杰", str(ROOT / "seeds"), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    assert results and results[0]["headline"][0] == VISIT
    for r in results:
        assert set(r) >= {"id", "headline", "score", "snippet"}
        assert isinstance(r["id"], str) and isinstance(r["headline"], list) and isinstance(r["score"], float)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_pinyin_table_is_read_whole_and_exactly() -> None:
    """The table is read line by line (not `json.loads`, for memory): same entries."""
    import importlib.util
    from pathlib import Path

    from reader.search import pinyin

    folder = Path(importlib.util.find_spec("pypinyin").submodule_search_locations[0])
    expected = {int(k): v for k, v in json.loads((folder / "pinyin_dict.json").read_text("utf-8")).items()}
    assert dict(pinyin._load_table()) == expected
    tables = pinyin.tables()
    assert all(tables.value(chr(code)) == value for code, value in list(expected.items())[::97])
    assert tables.value("A") is None and pinyin.readings("长") == ("zhang", "chang")


@pytest.mark.parametrize("typed", ["!", "!^", "^", "'", "$", "^$", "!'"])
def test_an_operator_alone_is_a_query_still_being_typed(typed: str) -> None:
    assert not parse(typed)  # so `!` and `!^` agree: nothing to search for yet
    assert parse(typed + "会议")  # until the term comes


def test_a_trailing_or_is_ignored(articles: list[Article]) -> None:
    index = SearchIndex(articles)
    ids = [h.article.id for h in index.query("乔")]
    assert ids and [h.article.id for h in index.query("乔 |")] == ids == [
        h.article.id for h in index.query("| 乔")
    ]


def test_a_lone_surrogate_in_a_query_is_searched_not_a_crash(articles: list[Article]) -> None:
    index = SearchIndex(articles)
    assert index.query("\udcff") == [] and index.query("'乔\udcff俊") == []
    assert find_in_article(articles[0], "'\udcff乔") == []  # exact: the U+FFFD it stands for is nowhere


def test_a_query_of_thousands_of_terms_is_cut_to_a_search(articles: list[Article]) -> None:
    import time

    from reader.search.query import MAX_TERMS

    text = "".join(p for a in articles for p in a.paragraphs)
    terms = list(dict.fromkeys(text[i : i + 2] for i in range(0, len(text) - 2)))[:2000]
    index = SearchIndex(articles * 50)  # a corpus of some size: every term costs a lookup in it
    started = time.perf_counter()
    for query in (" ".join(terms), " | ".join(terms), " ".join("!" + t for t in terms)):
        assert len(parse(query).terms) + len(parse(query).excluded) == MAX_TERMS
        index.query(query)
    assert time.perf_counter() - started < 5  # was 5–8 s for one such query at 10k articles


def test_pinyin_typed_a_syllable_at_a_time_is_one_word(index, articles):
    spaced, joined = index.query("qiao jun jie", 10), index.query("qiaojunjie", 10)
    assert [h.article.id for h in spaced] == [h.article.id for h in joined]
    for article in articles:
        found = find_in_article(article, "qiao jun jie")
        assert found == find_in_article(article, "qiaojunjie")
        # every highlight is 乔俊杰 itself, never a lone 届 or 界 read "jie"
        assert all(article.text_at(ref) == "乔俊杰" for ref in found), [article.text_at(r) for r in found]
    assert [h.article.id for h in index.query("wu jin", 10)] == [
        h.article.id for h in index.query("wujin", 10)
    ]
    assert len(parse("beijing shanghai").terms) == 2  # whole words stay apart


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.text("王伟峰魏會会A", min_size=1, max_size=5), min_size=1, max_size=6), min_size=1),
    st.text("王伟峰魏会a", min_size=1, max_size=4),
)
def test_names_containing_a_text_are_those_whose_folded_text_holds_it(
    batches: list[list[str]], text: str
) -> None:
    """Names are searched all at once in their joined text: every name holding the text (at its
    start, its end, overlapping itself), names added in later batches too, and none across
    the line between two names."""
    names = Names()
    for doc, batch in enumerate(batches):
        names.add(doc, batch)
        names.sync()
    every = list(dict.fromkeys(n for batch in batches for n in batch))
    assert names.containing([text]) == [i for i, n in enumerate(every) if text in fold(n)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("王伟峰會会ＡAa發发髮", min_size=1, max_size=5), min_size=1, max_size=12),
    st.text("王伟峰會会ＡAa發发髮", min_size=1, max_size=3),
    st.sampled_from(["", "^", "$"]),
)
def test_names_matching_a_term_are_those_its_finder_finds(
    written: list[str], typed: str, anchor: str
) -> None:
    """Names matched through their folded text are those the term's finder finds in the name
    as written: Traditional and Simplified, full-width and either case, anchored or not."""
    names = Names()
    names.add(0, written)
    names.sync()
    term = parse(anchor + typed if anchor == "^" else typed + anchor).clauses[0][0]
    finder = TextFinder(term)
    every = list(dict.fromkeys(written))
    assert names.matching(finder) == [i for i, n in enumerate(every) if finder.found(n)]


@pytest.mark.parametrize("query", ["fazhan 企业", "企业 fazhan", "fz 企业", "企业 fz"])
def test_a_term_written_twice_in_a_headline_is_highlighted_twice_beside_pinyin(query: str) -> None:
    """Each occurrence of a term written in the hit's headline line is highlighted, whichever
    clause it is in and however the clauses are ordered for the search; a pinyin term that no
    headline holds as written is not looked for as written."""
    articles = [_article(0, "企业看企业发展", "记者报道。"), _article(1, "城市建设", "企业发展很快。")]
    hits = SearchIndex(articles).query(query)
    assert hits[0].article.id == "t0" and hits[0].snippet == "企业看企业发展"
    assert hits[0].highlights == ((0, 2), (3, 7))


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("typed", ["w", "wangw", "zhangc", "wwwz", "wwzw", "wwwc", "wangwwz", "^wwz", "wwz$"])
def test_names_matching_pinyin_are_those_its_finder_finds(seed: int, typed: str) -> None:
    """Names matched by pinyin (proven by their keys, or checked: many at once or one by one)
    are those the term's finder finds in the name as written.  The names are long and alike
    enough that dozens are left to check beyond what their keys prove."""
    import random

    from reader.search.match import PinyinFinder

    rng = random.Random(seed)
    written = ["".join(rng.choice("王伟卫魏张钟長") for _ in range(rng.randint(2, 6))) for _ in range(200)]
    names = Names()
    names.add(0, written)
    names.sync()
    finder = PinyinFinder(parse(typed).clauses[0][0])
    every = list(dict.fromkeys(written))
    found, complete = names.matching_pinyin(finder, 1000)
    assert complete
    assert found == [i for i, n in enumerate(every) if finder.found(n)]
    assert found

"""Property tests: the parser and decoder never raise and never lose text, whatever the input.

A fixed budget (examples per test) keeps CI quick; set HYPOTHESIS_PROFILE=thorough for more.
"""

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.decode import UndecodableError, decode_bytes
from reader.models import BYLINE, ENTITY_TYPES, HEADLINE
from reader.parse import _CONTINUATION, parse_page
from reader.vertical import horizontal
from tests.conftest import SEED_PAGE

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Text shaped like pages: Chinese, punctuation, Markdown marks, bylines, notes, controls, odd spaces.
PIECES = [
    "本报讯(记者 黄雅婷)",
    "本报讯（记者　张三　通讯员　李四）",
    "## ",
    "# ",
    "  \n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "，",
    "。",
    "、",
    "“",
    "”",
    "（下转第二版）",
    "(上接第1版)",
    "**",
    "*",
    "_",
    "> ",
    "---",
    "\\",
    "　　",
    "\t",
    "20",
    "部",
    "乔俊杰",
    "区领导开展拥军慰问",
    "一、",
    "：",
    "；",
    "A股",
    "\x1b[31m",
    "\u202e",
    "\u200b",
    "\x00",
    "#",
]
page_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map("".join)

SYNTAX = set("#*_>\\-")


def kept(text: str) -> str:
    """What must survive parsing: everything but whitespace and Markdown syntax."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in SYNTAX)


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@given(page_text)
@example("︐﹁引文﹂")  # vertical punctuation comes back horizontal, not lost
def test_parser_returns_loses_nothing_and_keeps_order(text):
    articles = parse_page(text, "page.txt")
    body = "".join("".join(a.headline) + a.byline + "".join(a.paragraphs) for a in articles)
    notes = "".join(n for a in articles for n in a.notes)
    source = kept(horizontal(text.replace("\r", "\n")))  # vertical forms are read as horizontal
    if not articles:  # a page of nothing but continuation notes has no articles
        assert kept(_CONTINUATION.sub("", horizontal(text))) == ""
        return
    assert Counter(kept(body + notes)) == Counter(source)
    assert is_subsequence(kept(body), source)


@given(page_text)
def test_articles_are_well_formed(text):
    articles = parse_page(text, "page.txt")
    assert len({a.id for a in articles}) == len(articles)
    for order, article in enumerate(articles):
        assert article.order == order
        assert len(article.roles) == len(article.headline)
        assert all(article.paragraphs) and all(article.headline)
        assert article.block(BYLINE) == article.byline
        for line in range(len(article.headline)):
            assert article.block(HEADLINE, line) == article.headline[line]


@given(st.binary(max_size=2000))
def test_decoder_returns_text_or_a_reason(data):
    try:
        decoded = decode_bytes(data)
    except UndecodableError as error:
        assert str(error).startswith("not text")
    else:
        assert isinstance(decoded.text, str)
        parse_page(decoded.text)


@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_text_in_any_supported_encoding_round_trips(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    if encoding == "utf-16" and text.startswith("\x00"):
        return  # FF FE 00 00 is also the UTF-32 byte-order mark: genuinely ambiguous
    try:
        decoded = decode_bytes(data)
    except UndecodableError:
        # Only text that is itself mostly control characters may be refused.
        assert (
            sum(ord(c) < 32 and c not in "\t\n\r\f\v\x1b" for c in text) * 10 > len(data)
            or encoding == "gb18030"
        )
        return
    if encoding != "gb18030" or decoded.encoding == "gb18030":
        assert decoded.text == text.lstrip("\ufeff") or decoded.text == text


@pytest.fixture(scope="module")
def tagger():
    from reader.tagging import Tagger

    return Tagger()


@given(text=page_text)
@settings(max_examples=60)
def test_tagger_never_raises_and_spans_are_valid(tagger, text):
    spans = tagger.tag(text)
    previous_end = 0
    for span in spans:
        assert span.type in ENTITY_TYPES
        assert previous_end <= span.start < span.end <= len(text)
        previous_end = span.end


@given(text=page_text)
@settings(max_examples=40)
def test_tagged_articles_point_into_their_own_text(tagger, text):
    for article in parse_page(text, "page.txt"):
        tagged = tagger.tag_article(article)
        assert (tagged.headline, tagged.paragraphs, tagged.byline) == (
            article.headline,
            article.paragraphs,
            article.byline,
        )
        for entity in tagged.entities:
            assert article.text_at(entity.at) == entity.text


SEARCH_INDEX = None


@given(
    query=st.one_of(
        st.text(max_size=12),
        st.lists(
            st.sampled_from(["'", "!", "^", "$", "|", "\\", " ", "拥军", "qjj", "ＡＢ", "，"]), max_size=6
        ).map("".join),
    )
)
@settings(max_examples=120)
def test_search_takes_any_query(query):
    global SEARCH_INDEX
    from reader.search import SearchIndex, find_in_article

    if SEARCH_INDEX is None:
        SEARCH_INDEX = SearchIndex(parse_page(SEED_PAGE.read_text(encoding="utf-8"), "seed.txt"))
    for hit in SEARCH_INDEX.query(query, 10):
        assert all(0 <= a < b <= len(hit.snippet) for a, b in hit.highlights)
        for match in find_in_article(hit.article, query):
            assert 0 <= match.start <= match.end <= len(hit.article.block(match.block, match.line))

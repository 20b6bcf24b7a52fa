"""The parser on the seed page and on the variations real files come in."""

import re

import pytest

from reader.corpus import load_corpus
from reader.parse import continues, parse_page

SEED_HEADLINES = [
    ["区领导开展“八一”拥军慰问", "深化军民共建 增进鱼水深情"],
    [
        "乔俊杰调研重点工业企业并宣讲党的二十届三中全会精神",
        "推动全会精神全面落实落地",
        "不断开辟高质量发展新领域新赛道",
    ],
    ["我区召开半年度民生实事调度会"],
    ["学习贯彻党的二十届三中全会精神", "“强国复兴有我·光影聚力”", "群众性主题放映活动启动"],
]
SEED_ROLES = [
    ["title", "subtitle"],
    ["title", "subtitle", "subtitle"],
    ["title"],
    ["banner", "kicker", "title"],
]
SEED_REPORTERS = [["黄雅婷"], ["朱梦琪"], ["朱梦琪"], ["黄雅婷"]]
SEED_PARAGRAPH_COUNTS = [5, 5, 5, 4]

# Sentences the print layout broke across columns; each must end up whole in one paragraph.
BROKEN_SENTENCES = [
    "区人武部积极履行职责、服务地方",
    "联勤保障部队第九〇四医院常州医疗区多年来充分发挥军队医疗资源优势",
    "支持地方卫生健康事业发展",
    "不断提升应急处置能力",
    "努力创造更多高附加值的新技术",
    "聚力关键核心技术攻关",
    "确保做成老百姓“真说好、真点赞”的项目",
    "我区将把20部红色电影送到基层",
    "光影新空间,构建“光影文明矩阵”",
]


def strip_markers(text: str) -> str:
    return re.sub(r"^## ", "", text, flags=re.M)


@pytest.fixture(scope="module")
def seed_articles(seed_text):
    return parse_page(seed_text, "seed.txt")


def test_seed_has_exactly_four_articles(seed_articles):
    assert [list(a.headline) for a in seed_articles] == SEED_HEADLINES


def test_seed_headline_roles(seed_articles):
    assert [list(a.roles) for a in seed_articles] == SEED_ROLES
    assert [a.title for a in seed_articles] == [
        "区领导开展“八一”拥军慰问",
        "乔俊杰调研重点工业企业并宣讲党的二十届三中全会精神",
        "我区召开半年度民生实事调度会",
        "群众性主题放映活动启动",
    ]


def test_seed_bylines_give_reporters_and_leave_the_paragraph(seed_articles):
    assert [list(a.reporters) for a in seed_articles] == SEED_REPORTERS
    assert seed_articles[0].byline == "本报讯(记者 黄雅婷)"
    assert seed_articles[0].paragraphs[0].startswith("连日来,乔俊杰")
    assert seed_articles[1].paragraphs[0].startswith("昨天上午,市委常委")


def test_seed_paragraphs_are_whole(seed_articles):
    assert [len(a.paragraphs) for a in seed_articles] == SEED_PARAGRAPH_COUNTS
    for sentence in BROKEN_SENTENCES:
        holders = [p for a in seed_articles for p in a.paragraphs if sentence in p]
        assert len(holders) == 1, sentence


def test_every_paragraph_ends_a_sentence(seed_articles):
    for article in seed_articles:
        for paragraph in article.paragraphs:
            assert paragraph[-1] in "。！？”", paragraph[-20:]


def test_no_headline_in_another_articles_body(seed_articles):
    lines = [line for a in seed_articles for line in a.headline]
    for article in seed_articles:
        for paragraph in article.paragraphs:
            assert paragraph not in lines
            assert not any(paragraph.endswith(line) or paragraph.startswith(line) for line in lines), (
                paragraph
            )


def test_ids_are_stable_and_unique(seed_text, seed_articles):
    again = parse_page(seed_text, "elsewhere/seed.txt")
    assert [a.id for a in again] == [a.id for a in seed_articles]
    assert len({a.id for a in seed_articles}) == 4


def test_every_seed_character_is_accounted_for(seed_text, seed_articles):
    """Nothing is dropped: the page's text is exactly headline + byline + paragraphs, in order."""
    kept = "".join("".join(a.headline) + a.byline + "".join(a.paragraphs) for a in seed_articles)
    source = re.sub(r"\s|#", "", seed_text)
    assert re.sub(r"\s", "", kept) == source


def as_tuples(articles):
    return [(a.headline, a.roles, a.reporters, a.paragraphs) for a in articles]


VARIANTS = {
    "no ## marks": lambda t: strip_markers(t).encode("utf-8"),
    "CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "CR": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "UTF-8 BOM": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "UTF-16 BOM": lambda t: t.encode("utf-16"),
    "GB18030": lambda t: t.encode("gb18030"),
    "GBK": lambda t: t.encode("gbk"),
    "full-width indent": lambda t: re.sub(r"^(?!#)(?=\S)", "\u3000\u3000", t, flags=re.M).encode("utf-8"),
    "no blank lines, one paragraph per line": lambda t: re.sub(r"\n\n+", "\n", t).encode("utf-8"),
    "Markdown emphasis": lambda t: (
        t.replace("本报讯", "**本报讯**").replace("区人武部", "*区人武部*").encode()
    ),
    "continuation notes": lambda t: (
        t.replace("高水平推进军民深度融合。", "高水平推进军民深度融合。（下转第二版）")
        .replace("## 我区召开", "（上接第一版）\n\n## 我区召开")
        .encode()
    ),
    "GB18030, CRLF, no marks, indented": lambda t: (
        re.sub(r"^(?=\S)", "\u3000\u3000", strip_markers(t), flags=re.M)
        .replace("\n", "\r\n")
        .encode("gb18030")
    ),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variants_parse_to_the_same_articles(tmp_path, seed_text, name):
    page = tmp_path / "page.txt"
    page.write_bytes(VARIANTS[name](seed_text))
    corpus = load_corpus([page], tag=False)
    assert as_tuples(corpus.articles) == as_tuples(parse_page(seed_text))
    assert [p for p in corpus.problems if p.skipped] == []


def test_continuation_notes_are_kept_aside(seed_text):
    text = seed_text.replace("融合。", "融合。（下转第二版）")
    articles = parse_page(text)
    assert articles[0].notes == ("（下转第二版）",)
    assert all("下转" not in p for a in articles for p in a.paragraphs)


def test_two_pages_in_one_directory(tmp_path, seed_text):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page1.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "page2.md").write_text(strip_markers(seed_text), encoding="gb18030")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a page suffix: ignored
    corpus = load_corpus([tmp_path], tag=False)
    assert len(corpus.articles) == 8
    assert corpus.sources == [str(tmp_path / "a" / "page1.txt"), str(tmp_path / "page2.md")]
    assert len({a.id for a in corpus.articles}) == 8
    assert corpus.problems == []


JOINS = [
    ("ends mid-word", "区人武部积极履行职", "责、服务地方", True),
    ("ends in a number, unit follows", "我区将把20", "部红色电影送到基层", True),
    ("ends in a comma", "光影新空间,", "构建“光影文明矩阵”", True),
    ("closing quote mid-sentence", "确保做成老百姓“真说好、真点赞”", "的项目。", True),
    ("sentence ends", "高水平推进军民深度融合。", "联勤保障部队", False),
    ("quote ends the sentence", "他说:“我们一定做好。”", "会上,区发改局通报", False),
    ("whole paragraph is a quotation", "“军民鱼水一家亲”", "近年来,我区", False),
    ("real paragraph ending in a number", "咨询电话:86551234", "会上,区发改局通报", False),
    ("year at paragraph end", "全区共完成项目67", "会上,区发改局通报", False),
    ("colon before a list item", "主要做法如下:", "一是加强组织领导。", False),
    ("semicolon before a list item", "强化督查;", "（二）细化方案。", False),
    ("semicolon mid-sentence", "强化督查;", "各项目牵头单位要切实担负起主体责任。", True),
    ("byline never joins", "推动主题影院建设常态化", "本报讯(记者 黄雅婷)昨天下午", False),
]


@pytest.mark.parametrize("name,left,right,expected", JOINS, ids=[j[0] for j in JOINS])
def test_column_break_rule(name, left, right, expected):
    assert continues(left, right) is expected


BYLINES = [
    ("本报讯(记者 黄雅婷)连日来", "本报讯(记者 黄雅婷)", ("黄雅婷",), "连日来"),
    (
        "本报讯（记者　张三　李四　通讯员　王五）昨天",
        "本报讯（记者　张三　李四　通讯员　王五）",
        ("张三", "李四", "王五"),
        "昨天",
    ),
    ("本报讯 (记者 张三 实习生 钱七) 昨天", "本报讯 (记者 张三 实习生 钱七)", ("张三", "钱七"), "昨天"),
    (
        "新华社北京7月29日电（记者 王五、赵六）近日",
        "新华社北京7月29日电（记者 王五、赵六）",
        ("王五", "赵六"),
        "近日",
    ),
    ("本报讯(记者黄雅婷 通讯员文静)昨天", "本报讯(记者黄雅婷 通讯员文静)", ("黄雅婷", "文静"), "昨天"),
    ("本报讯 昨天上午", "本报讯", (), "昨天上午"),
]


@pytest.mark.parametrize("paragraph,byline,reporters,rest", BYLINES, ids=[b[1] for b in BYLINES])
def test_byline_split(paragraph, byline, reporters, rest):
    from reader.byline import split_byline

    found, remainder = split_byline(paragraph)
    assert found is not None
    assert (found.text, found.reporters, remainder) == (byline, reporters, rest)


def test_plain_text_article_without_byline():
    text = "绿色发展看武进\n\n　　近年来，武进坚持生态优先。\n　　全区完成造林一千亩。\n"
    [article] = parse_page(text)
    assert article.headline == ("绿色发展看武进",)
    assert article.paragraphs == ("近年来，武进坚持生态优先。", "全区完成造林一千亩。")


def test_numbered_subheads_stay_in_the_article():
    text = "## 标题\n\n本报讯(记者 张三)正文开始。\n\n## 一、加强领导\n\n要加强领导。\n"
    [article] = parse_page(text)
    assert article.paragraphs == ("正文开始。", "一、加强领导", "要加强领导。")

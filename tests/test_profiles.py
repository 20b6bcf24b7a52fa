"""Following a name: one entity under all its names, its titles, the places inside
organisations' names, who it appears with and when."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.aliases import find_aliases, nested_place
from reader.corpus import load_corpus
from reader.models import Article
from reader.tagger.userdict import parse
from reader.titles import titles_in
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed():
    return load_corpus([SEEDS])


def names_of(profile) -> set[str]:
    return {text for text, _ in profile.names}


# --- the seed page ----------------------------------------------------------------------


def test_short_names_and_bare_places_are_one_entity_with_the_reason(seed):
    profiles = seed.profiles
    company = profiles.get("洛凯机电", "ORG")
    assert company.name == "江苏洛凯机电股份有限公司" and company.aliases == ["洛凯机电"]
    assert "without its place (江苏)" in company.why["洛凯机电"]
    assert profiles.get("江苏洛凯机电股份有限公司", "ORG") is company
    district = profiles.get("武进", "LOC")
    assert district.name == "武进区" and "武进" in district.aliases
    city = profiles.get("常州", "LOC")
    assert city.name == "常州市"
    named = sum(e.count for name in ("常州", "常州市") if (e := seed.entities.get(name, "LOC")))
    assert city.count == named + sum(org.count for org, _ in city.inside)  # 常州亚通… counts too


def test_titles_are_read_with_their_person(seed):
    def titles(name: str) -> set[str]:
        return {t.title for t in seed.profiles.get(name, "PER").titles}

    assert {"市委常委", "区委书记"} <= titles("乔俊杰")
    assert {"区委副书记", "区长"} <= titles("恽淇丞")
    assert "副区长" in titles("朱慧峰")
    assert "区领导" in titles("盛世麟")
    for profile in seed.profiles.entities("PER"):
        for span in profile.titles:  # a title never takes a character of its name, nor the other way
            assert not set(profile.name) <= set(span.title)
            assert span.title not in profile.name


def test_places_inside_organisation_names_can_be_followed(seed):
    for place, org in (("江苏", "江苏洛凯机电股份有限公司"), ("西园路", "西园路小学")):
        profile = seed.profiles.get(place, "LOC")
        assert profile is not None and profile.count >= 1
        article, _ = profile.by_article[0]
        spans = [article.text_at(m.at) for m in profile.mentions_in(article)]
        assert place in spans
        assert org in {e.text for e in article.entities if e.type == "ORG"}  # its own span stays


def test_the_seed_profiles_come_from_the_corpus_api(seed):
    first = seed.profiles.entities()[0]
    assert first.count >= max(p.count for p in seed.profiles.entities())
    assert [p.type for p in seed.profiles.entities("ORG")] == ["ORG"] * len(seed.profiles.entities("ORG"))


# --- merges that must and must not happen ------------------------------------------------


def keys(*pairs: str) -> list[tuple[str, str]]:
    return [(pair.split(":")[0], pair.split(":")[1]) for pair in pairs]


def test_a_short_name_that_fits_two_organisations_merges_with_neither():
    aliases = find_aliases(keys("区发改局:ORG", "区发展和改革局:ORG", "人武部:ORG", "区人民武装部:ORG"))
    assert aliases.canonical(("区发改局", "ORG")) == ("区发展和改革局", "ORG")
    aliases = find_aliases(keys("区发改局:ORG", "区发展和改革局:ORG", "区发展改革委员会局:ORG"))
    assert aliases.canonical(("区发改局", "ORG")) == ("区发改局", "ORG")


def test_people_sharing_a_surname_never_merge_and_types_never_mix():
    aliases = find_aliases(keys("张伟:PER", "张伟强:PER", "张:PER", "中国:LOC", "中国银行:ORG", "中国银:ORG"))
    for name in ("张伟", "张伟强", "张"):
        assert aliases.canonical((name, "PER")) == (name, "PER")
    assert aliases.canonical(("中国", "LOC")) == ("中国", "LOC")
    assert aliases.canonical(("中国银行", "ORG")) == ("中国银行", "ORG")


def test_a_bare_place_merges_only_when_one_suffix_fits():
    aliases = find_aliases(
        keys("湖塘:LOC", "湖塘镇:LOC", "湖塘街道:LOC", "武进:LOC", "武进区:LOC", "武进路:LOC")
    )
    assert aliases.canonical(("湖塘", "LOC")) == ("湖塘", "LOC")  # a town and a street: which one?
    assert aliases.canonical(("湖塘镇", "LOC")) == ("湖塘镇", "LOC")
    assert aliases.canonical(("武进", "LOC")) == ("武进区", "LOC")
    assert aliases.canonical(("武进路", "LOC")) == ("武进路", "LOC")  # a road is not the district


def test_the_users_dictionary_forces_and_forbids_merges_and_says_where():
    user = parse(
        "alias 洛凯 = 江苏洛凯机电股份有限公司\n-alias 武进 = 武进区\nalias 无此 = 名字\nalias 坏行\n",
        Path("u.txt"),
    )
    assert user.warnings == ("u.txt:4: expected: alias SHORT = FULL: 'alias 坏行' (line ignored)",)
    aliases = find_aliases(
        keys("洛凯:ORG", "江苏洛凯机电股份有限公司:ORG", "武进:LOC", "武进区:LOC"), rules=user.aliases
    )
    assert aliases.canonical(("洛凯", "ORG")) == ("江苏洛凯机电股份有限公司", "ORG")
    assert "u.txt:1" in aliases.why(("洛凯", "ORG"))
    assert aliases.canonical(("武进", "LOC")) == ("武进", "LOC")
    assert aliases.warnings == ["u.txt:3: alias 无此 = 名字: the corpus has no such pair of the same type"]


def test_alias_lines_do_not_make_the_tagger_run_again(tmp_path):
    from reader.cache.versions import tagger_version
    from reader.tagger.userdict import load

    def version(text: str) -> str:
        path = tmp_path / "userdict.txt"
        path.write_text(text, encoding="utf-8")
        return tagger_version(load(path))

    plain = version("恽淇丞 nr\n")
    assert version("恽淇丞 nr\nalias 洛凯 = 洛凯机电\n-alias 武进 = 武进区\n") == plain
    assert version("恽淇丞 nt\n") != plain


def test_a_place_opens_an_organisations_name_only_with_something_left():
    places = {"武进区", "常州"}
    assert nested_place("武进区消防救援大队", places) == "武进区"
    assert nested_place("江苏洛凯机电股份有限公司", places) == "江苏"
    assert nested_place("西园路小学", places) == "西园路"
    assert nested_place("区市场监管局", places) is None
    assert nested_place("常州市", places) is None  # the whole name is the place


# --- an archive: dates, titles through a career, company ---------------------------------

USER = """张伟 nr
张伟强 nr
许某某 nr
中国 ns
中国银行 nt
湖塘镇 ns
湖塘街道 ns
常州同泰高导新材料有限公司 nt
同泰 nt
"""

DAYS = {
    "2024-07-01": "区长张伟来到湖塘镇调研。董事长许某某陪同。中国银行的代表参加。",
    "2024-07-08": "区长张伟、副区长张伟强考察了湖塘街道。常州同泰高导新材料有限公司（以下简称“同泰”）介绍情况。",
    "2024-07-15": "区委书记张伟会见了公司董事长许某某。同泰的新产品销往中国各地。",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    user = root / "userdict.txt"
    user.write_text(USER, encoding="utf-8")
    for day, body in DAYS.items():
        folder = root / "武进日报" / day
        folder.mkdir(parents=True)
        (folder / "01.txt").write_text(
            f"## 今日要闻{day[-2:]}\n\n本报讯(记者 黄雅婷){body}\n", encoding="utf-8"
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READER_USER_DICT", str(user))
        corpus = load_corpus([root / "武进日报"], cache=False)
        assert corpus.profiles is not None  # read the user's dictionary while it is set
    return corpus


def test_archive_dates_titles_and_career(archive):
    zhang = archive.profiles.get("张伟", "PER")
    assert (zhang.first, zhang.last) == ("2024-07-01", "2024-07-15")
    assert zhang.article_count == 3 and zhang.by_day == {"2024-07-01": 1, "2024-07-08": 1, "2024-07-15": 1}
    spans = {t.title: (t.first, t.last, t.count) for t in zhang.titles}
    assert spans == {"区长": ("2024-07-01", "2024-07-08", 2), "区委书记": ("2024-07-15", "2024-07-15", 1)}
    assert {t.title for t in archive.profiles.get("张伟强", "PER").titles} == {"副区长"}
    xu = {t.title for t in archive.profiles.get("许某某", "PER").titles}
    assert xu == {"董事长", "公司董事长"}


def test_archive_merges_and_non_merges(archive):
    profiles = archive.profiles
    assert profiles.get("张伟强", "PER") is not profiles.get("张伟", "PER")
    tongtai = profiles.get("同泰", "ORG")
    assert (
        tongtai.name == "常州同泰高导新材料有限公司" and "introduced as the short name" in tongtai.why["同泰"]
    )
    assert tongtai.article_count == 2
    assert profiles.get("中国", "LOC") is not None
    assert profiles.get("中国银行", "ORG").name == "中国银行"
    assert profiles.get("中国", "LOC").name == "中国"


def test_cooccurrence_counts_are_exact(archive):
    profiles = archive.profiles
    zhang = profiles.get("张伟", "PER")
    company = dict(zhang.cooccurs(50))
    assert company[("许某某", "PER")] == 2
    assert company[("张伟强", "PER")] == 1
    assert company[("常州同泰高导新材料有限公司", "ORG")] == 2  # under either name
    assert ("张伟", "PER") not in company
    both = archive.search("@张伟 @许某某")
    assert sorted(hit.article.date for hit in both) == ["2024-07-01", "2024-07-15"]


def test_titles_of_a_listed_group_go_to_each_name():
    from reader.models import Entity, TextRef

    text = "区领导孙益锋、张小虎、盛世麟出席。会议由副区长朱慧峰主持。"

    def person(name: str) -> Entity:
        start = text.index(name)
        return Entity(name, "PER", TextRef(0, 0, start, start + len(name)))

    people = [person(n) for n in ("孙益锋", "张小虎", "盛世麟", "朱慧峰")]
    article = Article("a", "p.txt", 0, ["会议"], ["title"], "", [], [text], people)
    found = {(t.person, t.title) for t in titles_in(article)}
    assert found == {("孙益锋", "区领导"), ("张小虎", "区领导"), ("盛世麟", "区领导"), ("朱慧峰", "副区长")}


# --- @name in a query ---------------------------------------------------------------------


def test_at_name_finds_articles_mentioning_the_entity_under_any_name(seed):
    def titles(query: str) -> list[str]:
        return [hit.article.title for hit in seed.search(query)]

    district = seed.profiles.get("武进区", "LOC")
    assert (
        sorted(titles("@武进"))
        == sorted(titles("@武进区"))
        == sorted(a.title for a, _ in district.by_article)
    )
    both = titles("@乔俊杰 @恽淇丞")
    assert both and set(both) <= set(titles("@乔俊杰")) & set(titles("@恽淇丞"))
    assert set(titles("!@乔俊杰")).isdisjoint(titles("@乔俊杰"))
    assert titles("@乔俊") == titles("@乔俊杰")  # still typing: names starting so
    assert titles("@江苏") == [a.title for a, _ in seed.profiles.get("江苏", "LOC").by_article]
    assert titles("@没有这个人") == []
    assert set(titles("@乔俊杰 慰问")) <= set(titles("慰问"))

"""Unseparated lists of people as People's Daily prints them, and ordinary text the rule must leave alone."""

import pytest

from reader.tagger import msra, namelist
from reader.tagger.model import Model
from reader.tagging import Tagger


@pytest.fixture(scope="module")
def names():
    shape = Model().names
    assert shape is not None
    return shape


@pytest.fixture(scope="module")
def tagger():
    return Tagger(None).load()


LISTS = [
    (
        "funeral committee: sections, stroke order, a minority name, a woman",
        "邓小平同志治丧委员会名单主任委员：江泽民副主任委员：李鹏乔石李瑞环朱镕基刘华清胡锦涛"
        "委员（按姓氏笔画为序）：丁关根于永波万里王丙乾王汉斌王兆国阿沛·阿旺晋美朱光亚（女）刘华秋",
        "邓小平 江泽民 李鹏 乔石 李瑞环 朱镕基 刘华清 胡锦涛 丁关根 于永波 万里 王丙乾 王汉斌 王兆国 "
        "阿沛·阿旺晋美 朱光亚 刘华秋",
    ),
    (
        "central committee: no colon, compound surnames, women marked",
        "中国共产党第十五届中央委员会委员名单（按姓氏笔画为序）丁关根于幼军马万祺王乐泉王兆国（女）"
        "司马义·艾买提尹克升邓朴方欧阳坚吴仪（女）钱其琛",
        "丁关根 于幼军 马万祺 王乐泉 王兆国 司马义·艾买提 尹克升 邓朴方 欧阳坚 吴仪 钱其琛",
    ),
    (
        "presidium, ended by a section head with one name",
        "大会主席团成员（按姓氏笔画为序）王光英王丙乾邓楠（女）许嘉璐孙孚凌李沛瑶何鲁丽（女）秘书长：曹志",
        "王光英 王丙乾 邓楠 许嘉璐 孙孚凌 李沛瑶 何鲁丽 曹志",
    ),
    (
        "a section head without a colon inside the list",
        "副委员长：范仲淹李致忠李国宝李艳华徐文才孟西安高洪波孙起孟秘书长王选委员：杨雪梅杨永刚杨俊文",
        "范仲淹 李致忠 李国宝 李艳华 徐文才 孟西安 高洪波 孙起孟 王选 杨雪梅 杨永刚 杨俊文",
    ),
    (
        "those present, closed by 等",
        "出席会议的有胡锦涛尉健行李岚清吴邦国姜春云钱其琛等。",
        "胡锦涛 尉健行 李岚清 吴邦国 姜春云 钱其琛",
    ),
    (
        "a surname the model's table lacks (洪, 区)",
        "筹委会委员名单：洪维宗区宗杰朱祖寿刘本立许辉年李水林",
        "洪维宗 区宗杰 朱祖寿 刘本立 许辉年 李水林",
    ),
    (
        "MSRA's cut: no heading, and the line ends on a surname",
        "刘焯华刘镇许辉年李水林李成俊李康杨允中杨秀雯杨俊文肖蔚云何玉棠张伟智张廷翰岑玉霞陆昌陈炳华陈振华崔世昌梁",
        "刘焯华 刘镇 许辉年 李水林 李成俊 李康 杨允中 杨秀雯 杨俊文 肖蔚云 何玉棠 张伟智 张廷翰 岑玉霞 陆昌 "
        "陈炳华 陈振华 崔世昌 梁",
    ),
    (
        "MSRA's cut: the line starts with the rest of a name (no person, as the corpus reads it)",
        "庆庭谢后和甄瑞文廖泽云颜延龄乔晓阳刘焯华许和震许崇德许辉年李水林杨允中肖蔚云",
        "谢后和 甄瑞文 廖泽云 颜延龄 乔晓阳 刘焯华 许和震 许崇德 许辉年 李水林 杨允中 肖蔚云",
    ),
]


@pytest.mark.parametrize(("name", "text", "people"), LISTS, ids=[c[0] for c in LISTS])
def test_a_list_is_split_into_its_people(tagger, name, text, people):
    found = [text[s.start : s.end] for s in tagger.tag(text) if s.type == "PER"]
    assert found == people.split()


ORDINARY = [
    "全国人大常委会副秘书长吕聪敏和英国驻华使节到机场送行。",
    "会上宣布了新一届委员会组成人员名单，国务委员吴仪担任委员会主任，成员单位由上届的22个增加到28个。",
    "中华人民共和国主席江泽民根据全国人民代表大会常务委员会的决定任免下列驻外大使：",
    "他们是第四单打陈甲寅和弟弟第二双打选手陈甲亮，另一对是第一双打名将迈纳基和弟弟第三单打马利夫。",
    "国际和平基金会联合会咨询委员会委员弗拉基米尔·尼古拉耶维奇·洛博夫大将率领的联合会访华团。",
    "仪式上，中国文化扶贫委员会主任徐惟诚代表中国文化扶贫委员会向贫困县赠送了图书。",
    "王府井大街上人来人往，张家港市的经济发展很快。",
    "会议要求各级党委和政府高度重视安全生产工作。",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_holds_no_list(names, text):
    assert namelist.find(text, names) == []


@pytest.mark.skipif(
    not msra.default_path().exists(),
    reason="the MSRA training data (shared/data/, or $READER_MSRA) is not here",
)
def test_the_built_lists_are_split_much_better_than_by_the_model(tagger):
    """The benchmark's lists (people of the training slice): the tagger gets nearly all of them."""
    from reader.bench.namelists import build, chopped, score

    train, _, _ = msra.split(msra.read())
    built = build(train, lists=6)
    pairs = [
        (gold, {(s.start, s.end, "PER") for s in tagger.tag(text) if s.type == "PER"})
        for one in built
        for text, gold in chopped(one)
    ]
    assert score(pairs)["F1"] > 0.95

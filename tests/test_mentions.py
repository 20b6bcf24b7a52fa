"""The corpus-wide name index: every mention of each person, place and organisation."""

from reader.corpus import load_corpus
from reader.mentions import EntityIndex
from tests.conftest import SEEDS


def test_every_mention_is_indexed_with_counts():
    corpus = load_corpus([SEEDS])
    index = corpus.entities
    total = sum(len(a.entities) for a in corpus.articles)
    assert sum(entry.count for entry in index) == total
    qiao = index.get("乔俊杰", "PER")
    assert qiao.article_count == 2
    for mention in qiao.mentions:
        article = corpus.get(mention.article_id)
        assert article.text_at(mention.at) == "乔俊杰"
    assert qiao.article_ids == [corpus.articles[0].id, corpus.articles[1].id]
    ranked = index.top(len(index))
    assert len(ranked) == len(index) and ranked[0].count >= ranked[-1].count
    assert [qiao.mention(i) for i in range(qiao.count)] == qiao.mentions


def test_same_text_different_type_are_different_entries():
    corpus = load_corpus([SEEDS])
    keys = {(e.text, e.type) for e in corpus.entities}
    assert len(keys) == len(corpus.entities)


def test_an_index_built_elsewhere_is_installed_and_knows_if_it_is_current():
    corpus = load_corpus([SEEDS])
    version = corpus.version
    built = EntityIndex(list(corpus.articles))
    assert corpus.install_entities(built, version) is True
    corpus.add(load_corpus([SEEDS], tag=False).articles)  # the corpus grows meanwhile
    assert corpus.entities_if_built is None
    assert corpus.install_entities(built, version) is False  # out of date, but better than none
    assert corpus.entities_if_built is built

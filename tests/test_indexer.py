"""The indexing pipeline the CLI and the app share: events, order, ids, workers, cancelling."""

import subprocess
import sys
from dataclasses import replace

import pytest

from reader.corpus import Corpus, load_corpus
from reader.indexer import (
    Finished,
    Linked,
    Listed,
    Loaded,
    Notice,
    Problems,
    Progress,
    Tagged,
    format_seconds,
    index_corpus,
)
from reader.models import HEADLINE, Entity, TextRef
from reader.packed import JoinedTexts, PackedEntities, entity_keys, pack_entities
from reader.pages import find_pages, read_page
from reader.tagging import Tagger
from tests.conftest import SEED_PAGE

SMALL_PAGE = """## 区长调研重点企业

本报讯(记者 张晓明)昨天，区委副书记、区长恽淇丞来到洛阳镇，调研重点工业企业。恽淇丞强调，要坚持创新驱动。

在江苏洛凯机电股份有限公司，恽淇丞详细了解企业生产经营情况。

## 我区召开民生实事推进会

本报讯(记者 黄雅婷)昨天下午，我区召开民生实事推进会。副区长朱慧峰参加会议。
"""


def small_corpus(directory, pages=3):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "000_seed.txt").write_bytes(SEED_PAGE.read_bytes())
    for n in range(1, pages):
        (directory / f"{n:03d}_page.txt").write_text(SMALL_PAGE.replace("昨天", f"{n}日"), encoding="utf-8")
    return directory


def final_articles(events):
    """The articles in corpus order, with every replacement applied."""
    order, latest = [], {}
    for event in events:
        if isinstance(event, Loaded):
            order += [a.id for a in event.articles]
        if isinstance(event, (Loaded, Tagged, Linked)):
            latest.update((a.id, a) for a in event.articles)
    return [latest[i] for i in order]


def plain_tagging(directory):
    """What reading and tagging gave before the indexer: every page, then `tag_articles`."""
    corpus = Corpus()
    for path in find_pages([directory]):
        page = read_page(path)
        corpus.add(page.articles)
    return Tagger.default().tag_articles(corpus.articles)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    return small_corpus(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def expected(corpus_dir):
    return plain_tagging(corpus_dir)


def test_split_consistency_pass_equals_propagate(expected):
    tagger = Tagger.default()
    local = [tagger.tag_article(replace(a, entities=())) for a in expected]
    names: dict = {}
    for article in local:
        for name, kind in tagger.names_of(article).items():
            names.setdefault(name, kind)
    linked = [
        a if r is None else replace(a, entities=r)
        for a, r in zip(local, tagger.link(local, names), strict=True)
    ]
    assert linked == tagger.propagate(local)
    assert linked != local  # the pass does something here


def test_without_cache_gives_what_plain_tagging_gives(corpus_dir, expected):
    events = list(index_corpus([corpus_dir], cache=False, workers=0))
    assert final_articles(events) == expected
    assert [a.id for a in final_articles(events)] == [a.id for a in expected]


def test_event_order(corpus_dir, tmp_path):
    events = list(index_corpus([corpus_dir, tmp_path / "missing.txt"], cache=False, workers=0))
    kinds = [type(e) for e in events if not isinstance(e, (Progress, Notice))]
    assert kinds[0] is Problems and kinds[-1] is Finished
    listed = kinds.index(Listed)
    assert all(k is Loaded for k in kinds[1:listed])
    assert all(k in (Tagged, Linked) for k in kinds[listed + 1 : -1])
    assert Tagged in kinds
    loaded = [e for e in events if isinstance(e, Loaded)]
    assert sum(e.pending for e in loaded) == sum(len(e.articles) for e in loaded)  # nothing tagged yet
    phases = [e.phase for e in events if isinstance(e, Progress)]
    assert phases[0] == "reading" and "tagging" in phases


def test_tag_false_loads_no_entities_and_no_tagger(corpus_dir):
    events = list(index_corpus([corpus_dir], cache=False, tag=False))
    articles = final_articles(events)
    assert articles and all(not a.entities for a in articles)
    assert not any(isinstance(e, (Tagged, Linked)) for e in events)


@pytest.fixture(scope="module")
def big_dir(tmp_path_factory):
    """Enough pages for several tagging jobs (of `tag.CHUNK_CHARS`), so that worker processes take them."""
    directory = small_corpus(tmp_path_factory.mktemp("big"))
    for n in range(24):
        (directory / f"seed_{n:02d}.txt").write_bytes(SEED_PAGE.read_bytes())
    return directory


@pytest.fixture(scope="module")
def big_expected(big_dir):
    return plain_tagging(big_dir)


def test_worker_processes_give_the_same_articles(big_dir, big_expected):
    events = list(index_corpus([big_dir], cache=False, workers=2))
    assert not [e for e in events if isinstance(e, Notice)]
    assert final_articles(events) == big_expected
    assert next(e for e in events if isinstance(e, Finished)).workers == 2


def test_repeated_ids_are_made_unique_as_corpus_add_does(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "page.txt").write_bytes(SEED_PAGE.read_bytes())
    articles = final_articles(index_corpus([tmp_path], cache=False, tag=False))
    corpus = Corpus()
    for path in find_pages([tmp_path]):
        corpus.add(read_page(path).articles)
    assert [a.id for a in articles] == [a.id for a in corpus.articles]
    assert len({a.id for a in articles}) == 8


def test_should_stop_ends_the_run_quietly(corpus_dir):
    seen = []

    def stop():
        return any(isinstance(e, Loaded) for e in seen)

    for event in index_corpus([corpus_dir], cache=False, workers=0, should_stop=stop):
        seen.append(event)
    assert not any(isinstance(e, Finished) for e in seen)


def test_closing_the_generator_midway(corpus_dir):
    events = index_corpus([corpus_dir], cache=False, workers=2)
    for event in events:
        if isinstance(event, Listed):
            break
    events.close()  # shuts the worker pool down without waiting for the work


def test_load_corpus_uses_the_cache_unless_told_not_to(corpus_dir, expected, tmp_path, monkeypatch):
    from reader.search import SearchIndex

    cache = tmp_path / "cache"
    monkeypatch.setenv("READER_CACHE_DIR", str(cache))
    corpus = load_corpus([corpus_dir], cache=False)
    assert corpus.articles == expected and corpus.notices == [] and corpus.search("恽淇丞")
    assert not cache.exists()  # cache=False leaves it alone
    built = []
    build = SearchIndex.__init__
    monkeypatch.setattr(SearchIndex, "__init__", lambda self, *a: built.append(1) or build(self, *a))
    cold = load_corpus([corpus_dir])
    assert cold.articles == expected and cold.report.tagged == 3
    hits = [h.article.id for h in cold.search("恽淇丞")]
    assert hits and built == [1]  # built, and saved for the next script
    warm = load_corpus([corpus_dir])
    assert warm.articles == expected and warm.report.cached == 3 and warm.report.tagged == 0
    assert [h.article.id for h in warm.search("恽淇丞")] == hits and built == [1]  # read back
    assert warm.notices == []


def test_load_corpus_reports_pages(corpus_dir):
    calls = []
    load_corpus([corpus_dir], tag=False, on_page=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)


def test_packed_entities_read_like_the_tuple(expected):
    article = next(a for a in expected if a.entities)
    plain = tuple(article.entities)
    lazy = PackedEntities(pack_entities(plain), article.headline, article.byline, article.paragraphs)
    assert lazy == plain and plain == lazy and hash(lazy) == hash(plain)
    assert len(lazy) == len(plain) and bool(lazy) and list(lazy) == list(plain)
    assert lazy[0] == plain[0] and lazy[-2:] == plain[-2:]
    assert lazy + () == plain and () + lazy == plain
    assert replace(article, entities=lazy) == article
    import pickle

    assert pickle.loads(pickle.dumps(lazy)) == plain
    assert not PackedEntities(b"", (), "", ())

    assert list(entity_keys(lazy)) == list(entity_keys(plain)) == [(e.text, e.type) for e in plain]


def test_entities_pack_in_8_bytes_and_anything_else_in_the_wide_form():
    headline = ("标题",)
    long_paragraph = "甲" * 70_000 + "张三"
    paragraphs = ("张三说",) + ("",) * 40_000 + (long_paragraph,)
    narrow = (
        Entity("张三", "PER", TextRef(0, 0, 0, 2)),
        Entity("标题", "ORG", TextRef(HEADLINE, 0, 0, 2)),
    )
    assert len(pack_entities(narrow)) == 8 * len(narrow)
    odd = narrow + (Entity("张三", "PER", TextRef(40_001, 0, 70_000, 70_002)),)  # past 16 bits
    packed = pack_entities(odd)
    assert len(packed) % 2 == 1
    lazy = PackedEntities(packed, headline, "", paragraphs)
    assert tuple(lazy) == odd and len(lazy) == len(odd)


@pytest.mark.parametrize("texts", [(), ("",), ("第一段。", "", "第三段，含\x00与\ud800。")])
def test_joined_texts_read_like_the_tuple(texts):
    import pickle

    joined = JoinedTexts(texts)
    assert joined == texts and texts == joined and hash(joined) == hash(texts)
    assert len(joined) == len(texts) and bool(joined) == bool(texts) and tuple(joined) == texts
    assert [joined[i] for i in range(-len(texts), len(texts))] == list(texts[-len(texts) :] + texts)
    assert joined[1:] == texts[1:] and joined + ("x",) == texts + ("x",) and ("x",) + joined == ("x",) + texts
    assert pickle.loads(pickle.dumps(joined)) == texts and type(pickle.loads(pickle.dumps(joined))) is tuple
    assert joined == JoinedTexts(list(texts)) and joined != JoinedTexts(texts + ("多",))
    with pytest.raises(IndexError):
        joined[len(texts)]


def test_articles_from_the_cache_equal_the_parsed_ones(corpus_dir, expected, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    list(index_corpus([corpus_dir], workers=0))
    warm = final_articles(index_corpus([corpus_dir], workers=0))
    assert {type(a.paragraphs).__name__ for a in warm if len(a.paragraphs) > 1} == {"JoinedTexts"}
    assert warm == expected  # paragraphs, headline lines, entities and word starts alike


def test_packed_entities_drop_what_does_not_fit_the_text():
    entities = (
        Entity("张三", "PER", TextRef(0, 0, 0, 2)),
        Entity("李四", "PER", TextRef(0, 0, 5, 7)),
        Entity("王五", "PER", TextRef(3, 0, 0, 2)),
    )
    lazy = PackedEntities(pack_entities(entities), (), "", ("张三说",))
    assert tuple(lazy) == entities[:1]


@pytest.mark.parametrize(
    "seconds,text", [(0.4, "0s"), (5, "5s"), (59.6, "1m00s"), (125, "2m05s"), (3 * 3600 + 120, "3h02m")]
)
def test_format_seconds(seconds, text):
    assert format_seconds(seconds) == text


def test_progress_line():
    progress = Progress("tagging", 1234, 10_000, 3_500_000, 28_100_000, 12.0, 80.0)
    assert progress.describe() == "tagging 1,234/10,000 articles · 3.5/28.1 MB · 1m20s left"


def test_a_script_piped_to_python_tags_in_its_own_process(corpus_dir, expected, tmp_path):
    # Spawned workers re-run the main script, and `python -` has none to re-run: every
    # worker would die at start (and a second pool could hang being fed its start-up data).
    script = (
        "from reader.indexer import index_corpus, Finished, Notice\n"
        f"for event in index_corpus([{str(corpus_dir)!r}], cache=False, workers=2):\n"
        "    if isinstance(event, (Finished, Notice)):\n"
        "        print(type(event).__name__, getattr(event, 'articles', ''))\n"
    )
    done = subprocess.run(
        [sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.split() == ["Finished", str(len(expected))]


def test_dead_workers_leave_the_work_to_this_process(big_dir, big_expected, monkeypatch):
    import subprocess

    from reader.indexer import jobs

    def short_lived(cls):  # a worker that dies before taking any work
        return cls(
            subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        )

    monkeypatch.setattr(jobs._Worker, "start", classmethod(short_lived))
    events = list(index_corpus([big_dir], cache=False, workers=2))
    assert final_articles(events) == big_expected
    notices = [e.message for e in events if isinstance(e, Notice)]
    assert len(notices) == 1 and "worker processes failed" in notices[0]
    assert next(e for e in events if isinstance(e, Finished)).workers == 0


def test_the_first_time_left_is_not_a_burst_of_start_up(monkeypatch):
    """Two workers start together, load the tagger for 2 s, then take 1 s a job: their first
    results come 0.05 s apart, which is no rate to go by (it once promised 0.4 s for 4 s)."""
    from types import SimpleNamespace

    from reader.indexer import tag as tag_module

    now = [0.0]
    monkeypatch.setattr(tag_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
    jobs, chars = 10, 100
    meter = tag_module._Meter(SimpleNamespace(on_progress=None), jobs * chars, jobs, jobs * chars)
    meter.parallel = 2
    finishes = sorted(2.0 + round_ + 0.05 * worker for round_ in range(jobs // 2) for worker in (0, 1))
    end = finishes[-1]
    said = []
    for at in finishes:
        now[0] = at
        meter.file_done(1, chars, chars)
        meter.jobs_done += 1
        progress = meter.progress()
        if progress.left is not None and progress.done < progress.total:
            said.append((at, progress.left))
    assert said, "no estimate at all"
    for at, left in said:  # never far too low; a little high near the end, as jobs in flight count 0
        assert 0.7 * (end - at) <= left <= 1.5 * (end - at) + 1.0, (at, left, end - at)


def test_the_time_left_in_this_process_counts_from_the_first_block(monkeypatch):
    from types import SimpleNamespace

    from reader.indexer import tag as tag_module

    now = [0.0]
    monkeypatch.setattr(tag_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
    meter = tag_module._Meter(SimpleNamespace(on_progress=None), 1000, 10, 1000)
    now[0] = 3.0  # the tagger loaded, the first block tagged
    meter.within(50)
    assert meter.progress().left is None  # one point is no rate
    now[0] = 3.5
    meter.within(50)
    assert meter.progress().left == pytest.approx(9.0)  # 900 to go at 100 a second

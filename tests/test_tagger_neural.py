"""The neural tagger's parts on real text: dictionary matching, hashing, decoding, name lists, loading, torch parity."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from reader.bench.tagging import DATA, read_ood
from reader.models import Span
from reader.tagger import msra
from reader.tagger.hashindex import HashIndex
from reader.tagger.model import CRF_PATH, MODEL_PATH, Model, ModelError
from reader.tagging import Tagger
from tests.conftest import SEED_PAGE

# --- dictionary words ------------------------------------------------------------------


@pytest.fixture(scope="module")
def model():
    return Model()


def test_every_dictionary_word_covering_a_character_is_found():
    from reader.tagger.lexmatch import GROUP_OF, MAX_LENGTH, OTHER, DictionaryIndex, jieba_dictionary

    entries = list(jieba_dictionary())
    words = {w: GROUP_OF.get(tag, OTHER) for w, tag in entries if 2 <= len(w) <= MAX_LENGTH}
    text = SEED_PAGE.read_text(encoding="utf-8")[:3000]
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    found = DictionaryIndex.build(entries).features(cps)
    expected = np.zeros_like(found)
    for i in range(len(text)):
        for size in range(2, MAX_LENGTH + 1):
            group = words.get(text[i : i + size]) if i + size <= len(text) else None
            if group is not None:
                expected[i, 3 * group] = expected[i + size - 1, 3 * group + 2] = 1
                expected[i + 1 : i + size - 1, 3 * group + 1] = 1
    assert np.array_equal(found, expected)


def test_hash_index_finds_exactly_its_keys():
    rng = np.random.default_rng(5)
    keys = np.unique(rng.integers(0, 2**63, 5000, dtype=np.int64)).astype(np.uint64)
    index = HashIndex(keys)
    others = rng.integers(0, 2**63, 5000, dtype=np.int64).astype(np.uint64)
    assert (index.lookup(keys) == np.arange(len(keys))).all()
    assert (index.lookup(others[~np.isin(others, keys)]) == -1).all()


# --- decoding ----------------------------------------------------------------------------


# --- name lists ----------------------------------------------------------------------------

NAME_LISTS = [
    (
        "after 名单",
        "治丧委员会名单：江泽民李鹏乔石李瑞环朱镕基刘华清胡锦涛",
        ["江泽民", "李鹏", "乔石", "李瑞环", "朱镕基", "刘华清", "胡锦涛"],
    ),
    (
        "after 出席的有, closed by 等",
        "出席的有王建华李秀英张伟刘志强陈晓燕等。",
        ["王建华", "李秀英", "张伟", "刘志强", "陈晓燕"],
    ),
    (
        "compound surname",
        "主席团成员：欧阳明高司马南周立新",
        ["欧阳明高", "司马南", "周立新"],
    ),
    (
        "a long run of names alone",
        "朱祖寿刘本立刘焯华许辉年李水林李成俊杨允中杨秀雯",
        ["朱祖寿", "刘本立", "刘焯华", "许辉年", "李水林", "李成俊", "杨允中", "杨秀雯"],
    ),
]


@pytest.mark.parametrize(("name", "text", "people"), NAME_LISTS, ids=[c[0] for c in NAME_LISTS])
def test_an_unseparated_name_list_is_split_into_people(model, name, text, people):
    from reader.tagger import namelist

    found = [text[s.start : s.end] for found in namelist.find(text, model.names) for s in found.people]
    assert found == people


@pytest.mark.parametrize(
    "text",
    [
        "王府井大街上人来人往，张家港市的经济发展很快。",
        "高速公路建设全面推进，刘家峡水电站开始发电。",
        "会议要求各级党委和政府高度重视安全生产工作。",
    ],
)
def test_ordinary_text_is_no_name_list(model, text):
    from reader.tagger import namelist

    assert namelist.find(text, model.names) == []


def test_the_tagger_splits_a_name_list():
    tagger = Tagger(None)
    text = "治丧委员会名单：江泽民李鹏乔石李瑞环朱镕基刘华清胡锦涛"
    people = [text[s.start : s.end] for s in tagger.tag(text) if s.type == "PER"]
    assert people == ["江泽民", "李鹏", "乔石", "李瑞环", "朱镕基", "刘华清", "胡锦涛"]


# --- out-of-domain set -------------------------------------------------------------------


def test_the_ood_files_are_the_annotated_source_split():
    sentences = read_ood()
    dev, test = msra.read(DATA / "ood-dev.bmes"), msra.read(DATA / "ood-test.bmes")
    assert dev == sentences[0::3]
    assert test == [s for i, s in enumerate(sentences) if i % 3]
    assert sum(len(msra.spans(tags)) for _, tags in sentences) >= 300


# --- loading -----------------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path):
    def make(source: Path = MODEL_PATH) -> Path:
        target = tmp_path / source.name
        shutil.copy(source, target)
        shutil.copy(source.with_suffix(".json"), target.with_suffix(".json"))
        return target

    return make


def test_the_packaged_model_is_the_crf_with_name_statistics():
    model = Model(CRF_PATH)
    assert model.kind == "crf" and model.names is not None  # from names.npz: the name-list rule runs
    assert Tagger(None, model=CRF_PATH).tag("区长恽淇丞来到区人武部")


def test_a_missing_model_file_says_which(copy):
    path = copy()
    path.unlink()
    with pytest.raises(ModelError, match=f"{path}.*missing"):
        Model(path)


def test_missing_settings_say_which(copy):
    path = copy()
    path.with_suffix(".json").unlink()
    with pytest.raises(ModelError, match="settings missing"):
        Model(path)


def test_a_corrupt_model_file_says_so(copy):
    path = copy()
    path.write_bytes(b"not a zip file at all")
    with pytest.raises(ModelError, match=f"{path}: not a usable CRF model"):
        Model(path)


def test_a_model_of_another_format_asks_for_retraining(copy):
    path = copy()
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    meta["features"] = 999
    path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="trained for features v999"):
        Model(path)
    meta = {"kind": "cnn", "format": 999}  # a neural model of another format
    path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="retrain"):
        Model(path)


def test_an_unknown_kind_of_model_is_refused(copy):
    path = copy()
    path.with_suffix(".json").write_text('{"kind": "transformer"}', encoding="utf-8")
    with pytest.raises(ModelError, match="unknown model kind 'transformer'"):
        Model(path)


def test_the_tagger_reports_a_bad_model_when_it_loads_not_before(copy):
    path = copy()
    path.unlink()
    tagger = Tagger(None, model=path)  # cheap: nothing loaded yet
    with pytest.raises(ModelError):
        tagger.tag("区长恽淇丞来到区人武部")


# --- numpy against torch ---------------------------------------------------------------


def _tiny_training():
    """A network's training data for a moment's training: the first 300 training sentences
    (with their cut), the dev slice, the cutter and the vocabulary built from them."""
    from reader.tagger.inputs import Vocabulary
    from reader.tagger.lexmatch import DictionaryIndex, jieba_dictionary
    from reader.tagger.segment import Segmenter

    train, dev, _ = msra.split(msra.read())
    cut = Segmenter().tag
    pairs = [(text, cut(text)) for text, _ in train[:300]]
    vocab = Vocabulary.build(
        [t for t, _ in pairs], [c for _, c in pairs], DictionaryIndex.build(jieba_dictionary())
    )
    return train, dev, cut, pairs, vocab


def test_numpy_inference_matches_torch():
    """A small network trained for a moment: the exported arrays score and decode as torch does."""
    torch = pytest.importorskip("torch")
    from reader.tagger import train_neural as tn
    from reader.tagger.cnn import Network

    torch.manual_seed(0)
    train, dev, cut, pairs, vocab = _tiny_training()
    settings = tn.Settings(hidden=32, char_dim=16, bigram_dim=8, seg_dim=8, epochs=1, dilations=(1, 2))
    model = tn.train(vocab, pairs, [tags for _, tags in train[:300]], settings)
    path = Path(__file__).parent / "_tiny.npz"
    try:
        tn.export(model, vocab, path)
        network = Network.load(path)
    finally:
        path.unlink(missing_ok=True)
    texts = [(text, cut(text)) for text, _ in dev[:40]] + [
        ("区长恽淇丞来到区人武部", cut("区长恽淇丞来到区人武部"))
    ]
    worst, same = tn.check(model, network, texts)
    assert worst < 0.01 and same == 1.0


def test_lstm_numpy_inference_matches_torch():
    """A small BiLSTM-CRF trained for a moment: numpy scores and decodes as torch does, text by
    text and with the texts of a batch run together (sorted by length, both directions at once)."""
    torch = pytest.importorskip("torch")
    from reader.tagger import train_lstm as tl
    from reader.tagger import train_neural as tn
    from reader.tagger.lstm import Recurrent

    torch.manual_seed(0)
    train, dev, cut, pairs, vocab = _tiny_training()
    settings = tl.LstmSettings(hidden=16, char_dim=16, bigram_dim=8, seg_dim=8, epochs=3, lr=5e-3)
    model = tn.train(vocab, pairs, [tags for _, tags in train[:300]], settings, make=tl.LstmTagger)
    assert isinstance(model, tl.LstmTagger)
    path = Path(__file__).parent / "_tiny_lstm.npz"
    try:
        tl.export(model, vocab, path)
        network = Recurrent.load(path)
    finally:
        path.unlink(missing_ok=True)
    texts = [(text, cut(text)) for text, _ in dev[:40]] + [
        ("区长恽淇丞来到区人武部", cut("区长恽淇丞来到区人武部")),
        ("王", cut("王")),
    ]
    worst, same = tn.check(model, network, texts)
    assert worst < 0.01 and same == 1.0
    enc = vocab.encode(texts, network.gap)
    batch = tn.to_torch(enc, None)
    with torch.no_grad():
        theirs = model(batch)[batch.where].numpy()
    assert np.abs(network.scores(enc) - theirs).max() < 0.01
    assert (network.decode(texts) == tn.decode(model, batch)).all()


def test_an_lstm_model_file_tags_through_the_tagger(tmp_path):
    """`Tagger(model=…)` takes a BiLSTM model file by its `.json`'s kind (skipped unless one was trained)."""
    from reader.tagger.model import LSTM_PATH

    if not LSTM_PATH.exists():
        pytest.skip("no BiLSTM trained here (python -m reader.tagger.train_lstm)")
    tagger = Tagger(None, model=LSTM_PATH)
    assert tagger.load().pipeline.model.kind == "lstm"
    assert tagger.tag("区长恽淇丞来到区人武部") is not None


# --- rules for today's organisations ----------------------------------------------------

ROLE_CASES = [
    (
        "a company read as a place",
        "摩根士丹利首席经济学家邢自强认为",
        Span("LOC", 0, 5),
        ("摩根士丹利", "ORG"),
    ),
    ("a club read as a person", "拉齐奥主帅萨里", Span("PER", 0, 3), ("拉齐奥", "ORG")),
    (
        "a span that took the role's first character",
        "英伟达市值一度超过",
        Span("LOC", 0, 4),
        ("英伟达", "ORG"),
    ),
    ("a city's own title stays the city's", "上海市长表示", Span("LOC", 0, 3), ("上海市", "LOC")),
]


@pytest.mark.parametrize(("name", "text", "span", "expected"), ROLE_CASES, ids=[c[0] for c in ROLE_CASES])
def test_an_organisations_role_says_what_came_before_it(name, text, span, expected):
    from reader.tagger.rules import organisations_by_role

    [found] = organisations_by_role(text, [span])
    assert (text[found.start : found.end], found.type) == expected


COMPLETION_CASES = [
    (
        "a numbered unit takes its number and its parent",
        "联勤保障部队第九〇四医院常州医疗区",
        [Span("ORG", 0, 6), Span("ORG", 9, 12)],
        ["联勤保障部队第九〇四医院"],
    ),
    (
        "a bare head takes the words and the place before it",
        "由结对部门组成的武进区主题影院共建联盟成立",
        [Span("LOC", 8, 11), Span("ORG", 17, 19)],
        ["武进区主题影院共建联盟"],
    ),
    ("a head after a function word stays alone", "他们成立了联盟", [Span("ORG", 5, 7)], ["联盟"]),
]


@pytest.mark.parametrize(
    ("name", "text", "spans", "expected"), COMPLETION_CASES, ids=[c[0] for c in COMPLETION_CASES]
)
def test_an_organisation_found_without_its_name_gets_it(name, text, spans, expected):
    from reader.tagger.rules import complete_organisations
    from reader.tagger.segment import Segmenter

    found = complete_organisations(text, spans, Segmenter().tag)
    assert [text[s.start : s.end] for s in found if s.type == "ORG"] == expected

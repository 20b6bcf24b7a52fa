"""The CRF's numpy scorer against the model's weights read the slow way, feature string by feature string."""

import numpy as np

from reader.tagger.crf import CRF, char_key
from reader.tagger.features import CHAR_TEMPLATES, features
from reader.tagger.model import CRF_PATH
from reader.tagger.segment import Segmenter
from tests.conftest import SEED_PAGE


def _weights_by_feature() -> dict[str, np.ndarray]:
    """Every feature string the packaged model has a weight row for."""
    rows: dict[str, np.ndarray] = {}
    with np.load(CRF_PATH, allow_pickle=False) as data:
        for key in data.files:
            if not key.startswith("weights_"):
                continue
            name = key.removeprefix("weights_")
            weights = data[key]
            if name in CHAR_TEMPLATES:
                width = len(CHAR_TEMPLATES[name])
                values = [
                    "".join(chr((int(k) >> (21 * (width - 1 - i))) & 0x1FFFFF) for i in range(width))
                    for k in data[f"keys_{name}"]
                ]
            else:
                values = str(data[f"vocab_{name}"]).split("\n") if len(weights) else []
            rows.update((name + value, row) for value, row in zip(values, weights, strict=True))
    return rows


def test_scores_are_the_sums_of_each_features_weights():
    crf = CRF(CRF_PATH)
    by_feature = _weights_by_feature()
    segmenter = Segmenter()
    lines = [line for line in SEED_PAGE.read_text(encoding="utf-8").splitlines() if line.strip()][:40]
    pieces = [(text, segmenter.tag(text)) for text in lines]
    scores = crf._emissions(pieces)
    expected = [
        sum((by_feature[f] for f in row if f in by_feature), np.zeros(crf.size, dtype=np.float32))
        for text, tagged in pieces
        for row in features(text, tagged)
    ]
    assert scores.shape == (sum(len(t) for t in lines), crf.size)
    np.testing.assert_allclose(scores, np.array(expected), rtol=1e-5, atol=1e-5)
    assert char_key("区长") == (ord("区") << 21) | ord("长")

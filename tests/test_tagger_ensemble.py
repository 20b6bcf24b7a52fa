"""The CRF helped by the network where it is unsure (`reader.tagger.ensemble`)."""

import itertools

import numpy as np
import pytest

from reader.tagger.crf import CRF, viterbi
from reader.tagger.ensemble import Ensemble
from reader.tagger.model import CNN_PATH, CRF_PATH, Model, assist_path
from reader.tagger.segment import Segmenter
from tests.conftest import SEED_PAGE

needs_network = pytest.mark.skipif(not CNN_PATH.exists(), reason="no trained network (ner-cnn.npz)")


@pytest.fixture(scope="module")
def crf():
    return CRF(CRF_PATH)


@pytest.fixture(scope="module")
def pieces():
    cut = Segmenter().tag
    text = SEED_PAGE.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()][:40]
    return [(line, cut(line)) for line in lines]


def brute_force_confidence(scores, transitions, lengths):
    """The least largest local marginal of each piece, label by label, with plain loops."""
    out = []
    at = 0
    for n in lengths:
        e = scores[at : at + n].astype(np.float64)
        least = 1.0
        for t in range(n):
            logits = e[t].copy()
            for y in range(len(logits)):
                if t > 0:
                    logits[y] += np.log(np.exp(e[t - 1] + transitions[:, y]).sum())
                if t + 1 < n:
                    logits[y] += np.log(np.exp(transitions[y, :] + e[t + 1]).sum())
            p = np.exp(logits - logits.max())
            least = min(least, p.max() / p.sum())
        out.append(least)
        at += n
    return np.array(out)


def test_the_confidence_is_each_pieces_least_local_marginal(crf):
    rng = np.random.default_rng(3)
    lengths = [1, 2, 5, 3]
    scores = rng.normal(0, 2, (sum(lengths), crf.size))
    ensemble = Ensemble(crf, CNN_PATH, 0.5, 0.5)
    np.testing.assert_allclose(
        ensemble.confidence(scores, lengths),
        brute_force_confidence(scores, crf.transitions, lengths),
        rtol=1e-9,
    )


@needs_network
def test_a_sure_crf_is_never_helped_and_an_unsure_one_always(crf, pieces):
    never = Ensemble(crf, CNN_PATH, 0.5, 0.0)
    assert (never.decode(pieces) == crf.decode(pieces)).all()
    assert never.assisted[0] == 0
    always = Ensemble(crf, CNN_PATH, 0.5, 1.01)
    labels = always.decode(pieces)
    network = always.network()
    enc = network.vocab.encode(pieces, network.gap)
    theirs = network.scores(enc).astype(np.float64)
    ends = np.cumsum(enc.lengths)
    theirs[ends - np.array(enc.lengths)] += network.start
    theirs[ends - 1] += network.end
    both = crf._emissions(pieces) + 0.5 * theirs[:, always._order]
    assert (labels == viterbi(both, enc.lengths, always._transitions)).all()
    assert always.assisted[0] == always.assisted[1] == sum(len(t) for t, _ in pieces)


@needs_network
def test_the_packaged_model_is_the_helped_crf_when_its_settings_say_so():
    model = Model()
    assert isinstance(model.decoder, Ensemble) == (assist_path() is not None)


def test_labels_from_both_ends_match_a_plain_viterbi(crf, pieces):
    """The shared decoder on the summed scores is still exact (checked by enumeration on short pieces)."""
    rng = np.random.default_rng(0)
    lengths = [1, 2, 3, 4]
    size = 4
    scores = rng.normal(0, 1, (sum(lengths), size))
    transitions = rng.normal(0, 1, (size, size))
    labels = viterbi(scores, lengths, transitions)
    at = 0
    for n in lengths:
        best = max(
            itertools.product(range(size), repeat=n),
            key=lambda path: (
                sum(scores[at + t, y] for t, y in enumerate(path))
                + sum(transitions[a, b] for a, b in itertools.pairwise(path))
            ),
        )
        assert tuple(labels[at : at + n]) == best
        at += n

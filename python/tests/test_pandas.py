"""pandas in and out: columns picked by criterion name, index and column names kept; the bundled
sample scored with the default catalogue against a numpy computation of the same pipeline."""

import numpy as np
import pytest

import kam

pd = pytest.importorskip("pandas")

from conftest import SAMPLE  # noqa: E402


@pytest.fixture
def frame():
    # Columns out of criterion order, an extra text column, a string index, an int column.
    return pd.DataFrame(
        {"effort": [3, 5, 2, 2], "name": ["a", "b", "c", "d"], "growth": [0.10, 0.05, 0.20, 0.25],
         "revenue": [100.0, 400.0, 250.0, 50.0]},
        index=pd.Index(["AC-1", "AC-2", "AC-3", "AC-4"], name="id"))


CRITERIA = [kam.benefit("revenue", 40), kam.benefit("growth", 35), kam.cost("effort", 25)]


def test_score_keeps_the_index(frame):
    r = kam.score(frame, CRITERIA)
    assert isinstance(r.scores, pd.Series)
    assert r.scores.index.equals(frame.index) and r.scores.name == "score"
    np.testing.assert_allclose(r.scores.to_numpy(), [0.311309523809524, 0.4, 0.741071428571429,
                                                     0.6], rtol=1e-12)
    ranks = kam.ranks(r.scores)
    assert ranks.index.equals(frame.index) and list(ranks) == [4, 3, 1, 2]
    out = r.to_frame()
    assert out.index.equals(frame.index) and list(out.columns) == ["score"]


def test_topsis_frame_labels(frame):
    r = kam.score(frame, CRITERIA, "topsis")
    assert r.scores.index.equals(frame.index)
    assert list(r.ideal.index) == ["revenue", "growth", "effort"]
    assert list(r.to_frame().columns) == ["score", "distance_to_ideal", "distance_to_anti_ideal"]


def test_contributions_and_normalize_frames(frame):
    c = kam.contributions(frame, CRITERIA, scale="percent")
    assert c.index.equals(frame.index) and list(c.columns) == ["revenue", "growth", "effort"]
    np.testing.assert_allclose(c.sum(axis=1).to_numpy(),
                               kam.score(frame, CRITERIA, scale="percent").scores.to_numpy())
    n = kam.normalize(frame, CRITERIA)
    assert n.index.equals(frame.index)
    assert n.loc["AC-2", "effort"] == 0.0 and n.loc["AC-2", "revenue"] == 1.0


def test_selection_labels_and_tiers(frame):
    scores = kam.score(frame, CRITERIA).scores
    sel = kam.select_key_accounts(scores, cap=2)
    assert list(sel.labels) == ["AC-3", "AC-4"]
    assert kam.tiers_by_bands(scores, [0.5]).tier.index.equals(frame.index)


def test_weights_from_a_frame(frame):
    w = kam.entropy_weights(frame, ["revenue", "growth", "effort"]).weights
    assert list(w.index) == ["revenue", "growth", "effort"]
    w = kam.critic_weights(frame, CRITERIA).weights
    assert list(w.index) == ["revenue", "growth", "effort"]
    assert w.sum() == pytest.approx(1.0)


def test_a_float_frame_of_exactly_the_criteria_is_not_copied():
    x = np.random.default_rng(7).random((1000, 3))
    df = pd.DataFrame(x, columns=["revenue", "growth", "effort"])
    if not np.shares_memory(df.to_numpy(), x):
        pytest.skip("this pandas copied the array into the frame")
    assert np.shares_memory(kam._Data(df, ["revenue", "growth", "effort"], "t").matrix, x)
    np.testing.assert_array_equal(kam.score(df, CRITERIA).scores.to_numpy(),
                                  kam.score(x, CRITERIA).scores)


def test_float32_frame_stays_float32(frame):
    f32 = frame[["revenue", "growth", "effort"]].astype(np.float32)
    assert kam.score(f32, CRITERIA).scores.dtype == np.float32


def test_sample_portfolio_catalogue_against_numpy():
    # The default catalogue (kam/scoring/catalogue.hpp) on the bundled sample, recomputed here:
    # current_revenue by percentile rank (#{r < x} + #{r <= x} - 1) / (2 (n - 1)) (criteria.hpp),
    # the others on fixed scales (x - low) / (high - low), effort a cost (1 - v).
    df = pd.read_csv(SAMPLE, index_col="id")
    catalogue = kam.selection_catalogue()
    assert [c.name for c in catalogue][:2] == ["current_revenue", "growth_potential"]
    r = kam.score(df, catalogue, scale="percent")
    assert r.scores.index.equals(df.index)
    n = len(df)
    total = sum(c.weight for c in catalogue)
    expected = np.zeros(n)
    for c in catalogue:
        x = df[c.name].to_numpy(dtype=float)
        if c.normalization == "percentile_rank":
            s = np.sort(x)
            v = (np.searchsorted(s, x, "left") + np.searchsorted(s, x, "right") - 1) / (2 * (n - 1))
        else:
            assert c.normalization == "fixed_range"
            v = (x - c.low) / (c.high - c.low)
        if c.direction == "cost":
            v = 1 - v
        expected += c.weight / total * v
    np.testing.assert_allclose(r.scores.to_numpy(), 100 * expected, rtol=1e-12)
    chosen = kam.select_key_accounts(r.scores, cap=30, min_score=55.0)
    assert len(chosen.accounts) <= 30 and all(r.scores[chosen.labels] >= 55.0)

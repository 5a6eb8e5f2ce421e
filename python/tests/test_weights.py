"""Weights and ranks against formulas written here: AHP against numpy.linalg.eig, ROC, entropy,
CRITIC, and ranks, selection and tiers against hand-worked values."""

import numpy as np
import pytest

import kam


def test_rank_order_centroid_formula():
    # Barron & Barrett (1996): w_k = (1/n) sum_{i=k..n} 1/i.
    for n in (1, 4, 9):
        expected = [sum(1.0 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]
        np.testing.assert_allclose(kam.rank_order_centroid(n), expected, rtol=1e-15)
    # subjective_weights.hpp: n = 4 gives 0.520833, 0.270833, 0.145833, 0.0625.
    np.testing.assert_allclose(kam.rank_order_centroid(4), [0.520833, 0.270833, 0.145833, 0.0625],
                               atol=1e-6)


def test_rank_order_centroid_weights_with_ties():
    # Ranks {1, 2, 2, 4}: w1, (w2 + w3) / 2 twice, w4.
    w = kam.rank_order_centroid(4)
    got = kam.rank_order_centroid_weights([1, 2, 2, 4])
    np.testing.assert_allclose(got, [w[0], (w[1] + w[2]) / 2, (w[1] + w[2]) / 2, w[3]])
    pd = pytest.importorskip("pandas")
    s = kam.rank_order_centroid_weights(pd.Series([2, 1], index=["fit", "revenue"]))
    assert list(s.index) == ["fit", "revenue"]
    np.testing.assert_allclose(s.to_numpy(), [0.25, 0.75])


def numpy_ahp(a):
    # Saaty: the principal eigenvector normalised to sum 1; CI = (lambda - n) / (n - 1).
    values, vectors = np.linalg.eig(a)
    k = np.argmax(values.real)
    v = np.abs(vectors[:, k].real)
    return v / v.sum(), values[k].real


@pytest.mark.parametrize("order", ["C", "F"])
def test_ahp_eigenvector_and_consistency(order):
    # An inconsistent 4 x 4 judgement matrix; Saaty's RI for n = 4 is 0.90.
    a = np.array([[1, 3, 5, 9], [1 / 3, 1, 3, 7], [1 / 5, 1 / 3, 1, 3], [1 / 9, 1 / 7, 1 / 3, 1]])
    a = np.asfortranarray(a) if order == "F" else a
    w, lam = numpy_ahp(a)
    r = kam.ahp(a)
    np.testing.assert_allclose(r.weights, w, rtol=1e-9)
    assert r.lambda_max == pytest.approx(lam, rel=1e-10)
    ci = (lam - 4) / 3
    assert r.consistency_index == pytest.approx(ci, rel=1e-8)
    assert r.random_index == 0.90
    assert r.consistency_ratio == pytest.approx(ci / 0.90, rel=1e-8)
    assert r.consistent == (ci / 0.90 <= 0.10) and r.converged


def test_ahp_geometric_mean_and_flagged_inconsistency():
    a = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])  # a cycle: very inconsistent
    r = kam.ahp(a, method="geometric_mean")
    g = np.exp(np.log(a).mean(axis=1))
    np.testing.assert_allclose(r.weights, g / g.sum(), rtol=1e-12)
    assert not r.consistent and r.consistency_ratio > 0.1
    assert kam.saaty_random_index()[2] == 0.58


def test_ahp_labels_from_a_frame():
    pd = pytest.importorskip("pandas")
    names = ["revenue", "growth", "fit"]
    frame = pd.DataFrame([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]], index=names, columns=names)
    r = kam.ahp(frame)
    assert list(r.weights.index) == names
    np.testing.assert_allclose(r.weights.to_numpy(), [4 / 7, 2 / 7, 1 / 7], rtol=1e-12)
    assert r.consistency_ratio == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_entropy_weights(wide, dtype):
    # p_ij = x_ij / sum_i x_ij; e_j = -(1 / ln m) sum_i p ln p; w proportional to 1 - e.
    x, _, _ = wide
    p = x / x.sum(axis=0)
    e = -(p * np.log(p)).sum(axis=0) / np.log(x.shape[0])
    expected = (1 - e) / (1 - e).sum()
    r = kam.entropy_weights(np.asfortranarray(x.astype(dtype)))
    np.testing.assert_allclose(r.weights, expected, rtol=1e-9 if dtype == np.float64 else 1e-3)
    assert r.constant_criteria == []


def test_critic_weights(wide):
    # Diakoulaki et al. (1995): directed min-max, sd (ddof 1), C_j = sd_j sum_k (1 - r_jk).
    x, _, directions = wide
    v = (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
    cost = np.array([d == "cost" for d in directions])
    v[:, cost] = 1 - v[:, cost]
    c = v.std(axis=0, ddof=1) * (1 - np.corrcoef(v, rowvar=False)).sum(axis=0)
    r = kam.critic_weights(x, directions)
    np.testing.assert_allclose(r.weights, c / c.sum(), rtol=1e-10)
    crit = [kam.Criterion(f"c{j}", 1.0, d) for j, d in enumerate(directions)]
    np.testing.assert_allclose(kam.critic_weights(x, crit).weights, c / c.sum(), rtol=1e-10)


def test_ranks_tie_rules():
    s = np.array([0.3, 0.7, 0.7, 0.1])
    np.testing.assert_array_equal(kam.ranks(s), [3, 1, 1, 4])
    np.testing.assert_array_equal(kam.ranks(s, "dense"), [2, 1, 1, 3])
    np.testing.assert_array_equal(kam.ranks(s, "ordinal"), [3, 1, 2, 4])
    np.testing.assert_array_equal(kam.ranks(s[::-1]), [4, 1, 1, 3])  # a strided view
    assert kam.ranks(s.astype(np.float32)).dtype == np.int64


def test_select_key_accounts_and_tiers():
    s = np.array([0.9, 0.4, 0.7, 0.7, 0.2])
    sel = kam.select_key_accounts(s, cap=2, min_score=0.5)
    # Eligible: rows 0, 2, 3 (>= 0.5); the cap of 2 cuts the tie between rows 2 and 3.
    np.testing.assert_array_equal(sel.accounts, [0, 2])
    assert (sel.eligible, sel.cut_by_cap, sel.tie_at_cap) == (3, 1, True)
    t = kam.tiers_by_bands(s, [0.4, 0.7])  # on an edge: the band above
    np.testing.assert_array_equal(t.tier, [1, 2, 1, 1, 3])
    assert t.counts == [3, 1, 1]


def test_with_weights_feeds_derived_weights_back(small):
    x, _ = small
    crit = [kam.benefit("revenue"), kam.benefit("growth"), kam.cost("effort")]
    w = kam.rank_order_centroid(3)
    reweighted = kam.with_weights(crit, w)
    assert [c.weight for c in reweighted] == list(w)


def test_weight_statistics_by_hand():
    # x = [[1, 2], [3, 6]]: count 2, min (1, 2), max (3, 6), sum (4, 8), mean (2, 4),
    # x ln x summed: 3 ln 3 (1 ln 1 = 0) and 2 ln 2 + 6 ln 6; co-moments about the means
    # (-1, -2) and (1, 2): [[2, 4], [4, 8]].
    s = kam.weight_statistics(np.array([[1.0, 2.0], [3.0, 6.0]]))
    assert s.count == 2 and s.dtype == "float64" and s.columns is None
    np.testing.assert_array_equal(s.min, [1, 2])
    np.testing.assert_array_equal(s.max, [3, 6])
    np.testing.assert_array_equal(s.sum, [4, 8])
    np.testing.assert_array_equal(s.mean, [2, 4])
    np.testing.assert_allclose(s.xlogx, [3 * np.log(3), 2 * np.log(2) + 6 * np.log(6)],
                               rtol=1e-15)
    np.testing.assert_array_equal(s.comoment, [[2, 4], [4, 8]])


@pytest.mark.parametrize("cut", [1, 17, 37, 59])
def test_weight_statistics_merged_from_pieces_are_the_whole(wide, cut):
    # The rows cut in two, each piece fitted alone, merged in row order: count, min and max are
    # those of the whole exactly; sums, means and co-moments (Chan et al.'s pairwise update) to
    # rounding; and the weights derived from them those of kam.entropy_weights and
    # kam.critic_weights on the whole matrix (computed with numpy in the tests above).
    x, _, directions = wide
    whole = kam.weight_statistics(x)
    merged = kam.weight_statistics(x[:cut]).merge(kam.weight_statistics(x[cut:]))
    assert merged.count == 60
    np.testing.assert_array_equal(merged.min, x.min(axis=0))
    np.testing.assert_array_equal(merged.max, x.max(axis=0))
    for name in ("sum", "xlogx", "mean", "comoment"):
        np.testing.assert_allclose(getattr(merged, name), getattr(whole, name), rtol=1e-12)
    centred = x - x.mean(axis=0)
    np.testing.assert_allclose(merged.comoment, centred.T @ centred, rtol=1e-12)
    np.testing.assert_allclose(merged.entropy_weights().weights,
                               kam.entropy_weights(x).weights, rtol=1e-12)
    np.testing.assert_allclose(merged.critic_weights(directions).weights,
                               kam.critic_weights(x, directions).weights, rtol=1e-10)
    # standard-deviation weights: sqrt(C_jj / (n - 1)), normalised.
    sd = x.std(axis=0, ddof=1)
    np.testing.assert_allclose(merged.std_dev_weights().weights, sd / sd.sum(), rtol=1e-12)


def test_weight_statistics_of_aligned_pieces_are_the_same_bits():
    # kam::weight_statistics_builder merges units of 4096 rows in a fixed tree: a first piece of
    # two whole units (8192 rows) merged with the rest is the tree of the whole, ((u0 u1) u2),
    # so every sum is the same, bit for bit.
    x = np.random.default_rng(8).uniform(0.5, 2.0, size=(10_000, 3))
    whole = kam.weight_statistics(x)
    merged = kam.weight_statistics(x[:8192]).merge(kam.weight_statistics(x[8192:]))
    for name in ("count", "min", "max", "sum", "xlogx", "mean", "comoment"):
        assert np.array_equal(getattr(merged, name), getattr(whole, name)), name


def test_weight_statistics_of_a_frame_pickle_and_errors():
    pd = pytest.importorskip("pandas")
    import pickle

    frame = pd.DataFrame({"a": [1.0, 2.0, 4.0, 8.0], "b": [5.0, 5.0, 5.0, 5.0],
                          "c": [3.0, 1.0, 2.0, 9.0]})
    s = kam.weight_statistics(frame.iloc[:2]).merge(kam.weight_statistics(frame.iloc[2:]))
    back = pickle.loads(pickle.dumps(s))
    assert back.columns == ["a", "b", "c"] and back.count == 4
    r = back.entropy_weights()
    assert list(r.weights.index) == ["a", "b", "c"] and r.constant_criteria == ["b"]
    np.testing.assert_allclose(r.weights.to_numpy(),
                               kam.entropy_weights(frame).weights.to_numpy(), rtol=1e-12)
    with pytest.raises(kam.ShapeMismatchError):
        s.merge(kam.weight_statistics(frame[["a", "c"]].to_numpy()))
    with pytest.raises(kam.InvalidInputError, match="float32"):
        s.merge(kam.weight_statistics(frame.to_numpy(dtype=np.float32)))
    with pytest.raises(kam.InvalidInputError, match="other columns"):
        s.merge(kam.weight_statistics(frame[["c", "b", "a"]]))
    with pytest.raises(kam.NonFiniteValueError) as info:
        kam.weight_statistics(np.array([[1.0, 2.0], [np.nan, 1.0]]))
    assert info.value.row == 1

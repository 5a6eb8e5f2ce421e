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

"""kam.score (WSM, WPM, TOPSIS), normalize and contributions against numpy computations written
here from the textbook formulas (sources in the comments), in both memory orders and dtypes."""

import math

import numpy as np
import pytest

import kam


def criteria_of(w, directions):
    return [kam.Criterion(f"c{j}", float(w[j]), d) for j, d in enumerate(directions)]


def minmax_directed(x, directions):
    # DESIGN.md: normalise (x - min) / (max - min), then invert cost criteria (v -> 1 - v).
    v = (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
    for j, d in enumerate(directions):
        if d == "cost":
            v[:, j] = 1.0 - v[:, j]
    return v


def layouts(x, dtype):
    """The same matrix as C order, Fortran order, and a column block of a wider C array (rows
    contiguous, outer stride larger than the column count)."""
    x = x.astype(dtype)
    wider = np.zeros((x.shape[0], x.shape[1] + 3), dtype=dtype)
    wider[:, 1:1 + x.shape[1]] = x
    return {
        "C": np.ascontiguousarray(x),
        "F": np.asfortranarray(x),
        "block": wider[:, 1:1 + x.shape[1]],
    }


ORDERS = ["C", "F", "block"]
DTYPES = [(np.float64, 1e-12), (np.float32, 2e-6)]


def test_readme_example(small):
    # README.md: kam::score gives 0.311, 0.400, 0.741, 0.600 and ranks 4, 3, 1, 2.
    x, w = small
    c = [kam.benefit("revenue", 40), kam.benefit("growth", 35), kam.cost("effort", 25)]
    r = kam.score(x, c)
    np.testing.assert_allclose(r.scores, [0.311309523809524, 0.4, 0.741071428571429, 0.6],
                               rtol=1e-12)
    np.testing.assert_array_equal(kam.ranks(r.scores), [4, 3, 1, 2])


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("dtype,tol", DTYPES)
def test_wsm_is_normalised_matrix_times_weights(wide, order, dtype, tol):
    x, w, directions = wide
    expected = minmax_directed(x, directions) @ (w / w.sum())
    data = layouts(x, dtype)[order]
    r = kam.score(data, criteria_of(w, directions))
    assert r.scores.dtype == dtype
    assert r.coverage is None and r.partial == 0 and r.constant_criteria == []
    np.testing.assert_allclose(r.scores, expected, rtol=tol, atol=tol)
    pct = kam.score(data, criteria_of(w, directions), scale="percent")
    np.testing.assert_allclose(pct.scores, 100 * expected, rtol=tol, atol=100 * tol)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("dtype,tol", DTYPES)
def test_topsis_textbook(wide, order, dtype, tol):
    # Hwang & Yoon (1981): r = x / sqrt(sum_i x^2), v = w r, ideal = best per column by its
    # direction, D+/- Euclidean, closeness = D- / (D+ + D-).
    x, w, directions = wide
    v = (w / w.sum()) * x / np.sqrt((x**2).sum(axis=0))
    cost = np.array([d == "cost" for d in directions])
    ideal = np.where(cost, v.min(axis=0), v.max(axis=0))
    anti = np.where(cost, v.max(axis=0), v.min(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    r = kam.score(layouts(x, dtype)[order], criteria_of(w, directions), "topsis")
    np.testing.assert_allclose(r.scores, d_minus / (d_plus + d_minus), rtol=10 * tol)
    np.testing.assert_allclose(r.distance_to_ideal, d_plus, rtol=10 * tol)
    np.testing.assert_allclose(r.distance_to_anti_ideal, d_minus, rtol=10 * tol)
    np.testing.assert_allclose(r.ideal, ideal, rtol=10 * tol)
    np.testing.assert_allclose(r.anti_ideal, anti, rtol=10 * tol)


def test_topsis_min_max(wide):
    # pymcdm's default: min-max normalisation, same distances otherwise.
    x, w, directions = wide
    v = (w / w.sum()) * (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
    cost = np.array([d == "cost" for d in directions])
    ideal = np.where(cost, v.min(axis=0), v.max(axis=0))
    anti = np.where(cost, v.max(axis=0), v.min(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    r = kam.score(x, criteria_of(w, directions), "topsis", normalization="min_max")
    np.testing.assert_allclose(r.scores, d_minus / (d_plus + d_minus), rtol=1e-12)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("dtype,tol", DTYPES)
def test_wpm_max_normalisation(wide, order, dtype, tol):
    # kam/scoring/wpm.hpp: benefit x / max, cost min / x, score = prod_j n_ij^{w_j}.
    x, w, directions = wide
    cost = np.array([d == "cost" for d in directions])
    n = np.where(cost, x.min(axis=0) / x, x / x.max(axis=0))
    expected = np.prod(n ** (w / w.sum()), axis=1)
    r = kam.score(layouts(x, dtype)[order], criteria_of(w, directions), "wpm")
    np.testing.assert_allclose(r.scores, expected, rtol=10 * tol)
    assert r.zero_scores == 0
    raw = kam.score(x, criteria_of(w, directions), "wpm", normalization="none")
    # none (Miller & Starr): raw values, x^w over benefit criteria and x^-w over cost ones.
    np.testing.assert_allclose(raw.scores, np.prod(np.where(cost, 1 / x, x) ** (w / w.sum()), axis=1),
                               rtol=1e-12)


def test_z_score_and_fixed_range():
    # criteria.hpp: z_score is Phi((x - mean) / sd) with ddof 0; fixed_range (x - low)/(high - low).
    x = np.array([[1.0, 2.0], [2.0, 5.0], [4.0, 3.0], [7.0, 1.0]])
    c = [kam.Criterion("a", 1.0, normalization="z_score"), kam.Criterion("b", 3.0).on_scale(1, 5)]
    z = (x[:, 0] - x[:, 0].mean()) / x[:, 0].std()
    phi = np.array([0.5 * (1 + math.erf(t / math.sqrt(2))) for t in z])
    expected = 0.25 * phi + 0.75 * (x[:, 1] - 1) / 4
    np.testing.assert_allclose(kam.score(x, c).scores, expected, rtol=1e-12)


def test_missing_policies():
    # renormalize: the weights re-normalised over the criteria an account has.
    x = np.array([[1.0, 10.0], [2.0, np.nan], [3.0, 30.0]])
    c = [kam.benefit("a", 1), kam.benefit("b", 3)]
    r = kam.score(x, c, missing="renormalize")
    # a: 0, .5, 1; b (min-max over 10, 30): 0, NaN, 1. Row 1 has only a: score .5, coverage .25.
    np.testing.assert_allclose(r.scores, [0.0, 0.5, 1.0])
    np.testing.assert_allclose(r.coverage, [1.0, 0.25, 1.0])
    assert r.partial == 1
    # impute with the mean of b (20): normalised 0.5.
    r = kam.score(x, c, missing="impute", impute="mean")
    np.testing.assert_allclose(r.scores, [0.0, 0.25 * 0.5 + 0.75 * 0.5, 1.0])


@pytest.mark.parametrize("order", ORDERS)
def test_normalize_and_contributions(wide, order):
    x, w, directions = wide
    data = layouts(x, np.float64)[order]
    crit = criteria_of(w, directions)
    v = minmax_directed(x, directions)
    np.testing.assert_allclose(kam.normalize(data, crit), v, rtol=1e-12, atol=1e-15)
    contrib = kam.contributions(data, crit, scale="percent")
    np.testing.assert_allclose(contrib, 100 * v * (w / w.sum()), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(contrib.sum(axis=1),
                               kam.score(data, crit, scale="percent").scores, rtol=1e-12)


def test_constant_criterion_is_reported():
    x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    r = kam.score(x, [kam.benefit("a", 1), kam.benefit("flat", 1)])
    assert r.constant_criteria == ["flat"]
    np.testing.assert_allclose(r.scores, [0.25, 0.5, 0.75])  # 0.5 * a + 0.5 * 0.5


def test_threads_give_the_same_bits(wide):
    x, w, directions = wide
    big = np.tile(x, (3000, 1))  # 180000 rows: several 65536-row segments
    crit = criteria_of(w, directions)
    one = kam.score(big, crit, threads=1).scores
    two = kam.score(big, crit, threads=2).scores
    assert np.array_equal(one, two)


def test_integer_input_is_converted():
    x = np.array([[1, 2], [3, 4], [5, 1]])
    r = kam.score(x, [kam.benefit("a"), kam.cost("b")])
    assert r.scores.dtype == np.float64
    np.testing.assert_allclose(r.scores, [0.5 * 0 + 0.5 * (1 - 1 / 3), 0.5 * 0.5 + 0, 0.5 + 0.5])


def test_criteria_as_dicts(small):
    x, _ = small
    dicts = [{"name": "revenue", "weight": 40}, {"name": "growth", "weight": 35},
             {"name": "effort", "weight": 25, "direction": "cost"}]
    objs = [kam.benefit("revenue", 40), kam.benefit("growth", 35), kam.cost("effort", 25)]
    assert np.array_equal(kam.score(x, dicts).scores, kam.score(x, objs).scores)


def test_help_explains_the_arguments():
    doc = kam.score.__doc__
    for arg in ("data", "criteria", "method", "missing", "impute", "scale", "normalization",
                "threads"):
        assert f"{arg}:" in doc


def test_an_unpickled_array_is_read(small):
    # An array that crossed a process boundary (multiprocessing, a Dask worker) carries a dtype
    # equal to numpy's float64 but not the same object; kam once compared dtypes by identity
    # and rejected it ("expected float32 or float64 values"). The README's four accounts again
    # (test_readme_example: 0.311, 0.400, 0.741, 0.600).
    import pickle

    x, _ = small
    crossed = pickle.loads(pickle.dumps(x))
    assert crossed.dtype is not np.dtype(np.float64)
    criteria = [kam.benefit("revenue", 40), kam.benefit("growth", 35), kam.cost("effort", 25)]
    np.testing.assert_array_equal(kam.score(crossed, criteria).scores,
                                  kam.score(x, criteria).scores)
    np.testing.assert_allclose(kam.score(crossed, criteria).scores,
                               [0.311309523809524, 0.4, 0.741071428571429, 0.6], rtol=1e-12)


def test_top_k():
    # The three highest of 0.3, 0.9, 0.5, 0.9, 0.1: rows 1 and 3 (0.9, equal: input order), then
    # row 2 (0.5); k beyond the accounts returns all of them, best first.
    import pandas as pd

    s = np.array([0.3, 0.9, 0.5, 0.9, 0.1])
    np.testing.assert_array_equal(kam.top_k(s, 3), [1, 3, 2])
    np.testing.assert_array_equal(kam.top_k(s, 9), [1, 3, 2, 0, 4])
    labelled = pd.Series(s, index=list("abcde"))
    assert list(kam.top_k(labelled, 2)) == ["b", "d"]
    with pytest.raises(kam.InvalidInputError) as caught:
        kam.top_k(s, -1)
    assert caught.value.function == "kam::top_k" and caught.value.field == "k"


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_out_receives_the_scores_in_place(wide, dtype, method):
    # numpy's out=: the scores are written into the caller's array, which the result returns
    # itself; the values are those of a call without out (same bits), and a second call into the
    # same array overwrites them.
    x, w, directions = wide
    data = x.astype(dtype)
    crit = criteria_of(w, directions)
    expected = kam.score(data, crit, method).scores
    out = np.full(x.shape[0], -1.0, dtype=dtype)
    r = kam.score(data, crit, method, out=out)
    assert r.scores is out
    assert np.array_equal(out, expected)
    out[:] = np.nan
    assert kam.score(data, crit, method, out=out).scores is out
    assert np.array_equal(out, expected)


def test_topsis_out_of_three_arrays(wide):
    # numpy's out= for several outputs: a tuple takes the closeness and the two distances.
    x, w, directions = wide
    crit = criteria_of(w, directions)
    expected = kam.score(x, crit, "topsis")
    outs = (np.empty(60), np.empty(60), np.empty(60))
    r = kam.score(x, crit, "topsis", out=outs)
    assert r.scores is outs[0]
    assert r.distance_to_ideal is outs[1] and r.distance_to_anti_ideal is outs[2]
    assert np.array_equal(outs[0], expected.scores)
    assert np.array_equal(outs[1], expected.distance_to_ideal)
    assert np.array_equal(outs[2], expected.distance_to_anti_ideal)
    with pytest.raises(kam.InvalidInputError, match="share memory"):
        kam.score(x, crit, "topsis", out=(outs[0], outs[0], outs[2]))
    with pytest.raises(kam.InvalidInputError, match="tuple of three arrays is for topsis"):
        kam.score(x, crit, out=outs)


def test_out_with_a_reference_and_renormalize():
    # The reference path and the coverage (a new array) with out: row 1 lacks b, so its score is
    # a's 0.5 alone and its coverage 1/4 (test_missing_policies' hand computation).
    x = np.array([[1.0, 10.0], [2.0, np.nan], [3.0, 30.0]])
    c = [kam.benefit("a", 1), kam.benefit("b", 3)]
    ref = kam.fit_reference(x, c, missing="renormalize")
    out = np.empty(3)
    r = kam.score(x, c, missing="renormalize", reference=ref, out=out)
    assert r.scores is out
    np.testing.assert_allclose(out, [0.0, 0.5, 1.0])
    np.testing.assert_allclose(r.coverage, [1.0, 0.25, 1.0])
    assert r.partial == 1


def test_out_for_a_dataframe_is_the_series_memory(wide):
    pd = pytest.importorskip("pandas")
    x, w, directions = wide
    frame = pd.DataFrame(x, columns=[f"c{j}" for j in range(5)], index=range(100, 160))
    out = np.empty(60)
    s = kam.score(frame, criteria_of(w, directions), out=out).scores
    assert list(s.index) == list(range(100, 160))
    assert np.shares_memory(s.to_numpy(), out)
    assert np.array_equal(out, kam.score(x, criteria_of(w, directions)).scores)


def test_out_allocates_nothing_of_the_accounts_size():
    # With out, a weighted-sum call under reject allocates no array of N values: tracemalloc's
    # peak (numpy's allocations included) stays under a quarter of the 1.6 MB of the scores.
    import tracemalloc

    x = np.random.default_rng(5).random((200_000, 8))
    crit = [kam.benefit(f"c{j}", 1) for j in range(8)]
    out = np.empty(200_000)
    kam.score(x, crit, out=out)
    tracemalloc.start()
    try:
        kam.score(x, crit, out=out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < out.nbytes / 4


@pytest.mark.parametrize("make_out,why", [
    (lambda x: [0.0] * 60, "numpy array"),
    (lambda x: np.empty(59), r"shape \(60,\)"),
    (lambda x: np.empty((60, 1)), r"shape \(60,\)"),
    (lambda x: np.empty(60, dtype=np.float32), "float64"),
    (lambda x: np.empty(120)[::2], "not contiguous"),
    (lambda x: np.lib.stride_tricks.as_strided(np.empty(60), writeable=False), "read-only"),
    (lambda x: x[:, 0], "shares memory"),
])
def test_a_bad_out_is_an_error_naming_it(wide, make_out, why):
    x, w, directions = wide
    x = np.asfortranarray(x)  # x[:, 0] is then a contiguous column of the data
    with pytest.raises(kam.InvalidInputError, match=why) as info:
        kam.score(x, criteria_of(w, directions), out=make_out(x))
    assert info.value.field == "out" and info.value.function == "kam.score"


def test_out_is_for_wsm_and_topsis(wide):
    x, w, directions = wide
    with pytest.raises(kam.InvalidInputError, match="wsm and topsis only"):
        kam.score(x, criteria_of(w, directions), "wpm", out=np.empty(60))

"""Segmentation from Python: quantiles and quantile bins against numpy.quantile and pandas.qcut,
rules worked by hand, k-means against a hand-checkable case and against numpy Lloyd iterations
computed here from the same initial centres; the estimator protocol, pandas in and out, pickling,
and bad input as kam.Error subclasses with function, field and row."""

import pickle

import numpy as np
import pytest

import kam

pd = pytest.importorskip("pandas")


# --- quantiles and quantile bins --------------------------------------------------------------


@pytest.mark.parametrize("method", ["linear", "lower", "higher", "midpoint", "nearest"])
def test_quantiles_are_numpys(method):
    x = np.random.default_rng(3).normal(size=37)
    probs = [0.0, 0.1, 0.25, 0.5, 0.6, 0.9, 1.0]
    assert np.array_equal(kam.quantiles(x, probs, method), np.quantile(x, probs, method=method))
    assert kam.quantiles([1, 2, 3, 4], 0.5) == 2.5  # by hand: halfway between 2 and 3


def test_quantile_bins_by_hand_and_pickled():
    x = pd.DataFrame({"recency": [1, 2, 3, 4, 5, 6.0], "monetary": [6, 5, 4, 3, 2, 1.0]},
                     index=list("uvwxyz"))
    bins = kam.fit_quantile_bins(x, [kam.BinField("monetary", 3), ("recency", 2, "cost")])
    # 3 bins of 1..6: edges at h = k x 5 / 3: 1, 2.667, 4.333, 6 (numpy's linear quantiles).
    assert np.allclose(bins.edges["monetary"], [1, 1 + 5 / 3, 1 + 10 / 3, 6], rtol=1e-15)
    assert bins.bins == {"monetary": 3, "recency": 2} and bins.accounts == 6
    codes = bins.transform(x)
    assert list(codes.columns) == ["monetary", "recency"] and list(codes.index) == list("uvwxyz")
    # monetary 6, 5 -> 3; 4, 3 -> 2; 2, 1 -> 1. recency is a cost: the lowest half gets code 2.
    assert codes.monetary.tolist() == [3, 3, 2, 2, 1, 1]
    assert codes.recency.tolist() == [2, 2, 2, 1, 1, 1]
    out = bins.assign(x)
    assert out.combined.tolist() == ["3-2", "3-2", "2-2", "2-1", "1-1", "1-1"]
    assert out.counts["monetary"].tolist() == [2, 2, 2] and out.outside == {"monetary": 0,
                                                                             "recency": 0}
    # New accounts outside the fitted range get the end codes and are counted.
    new = pd.DataFrame({"recency": [0.0], "monetary": [99.0]})
    assert bins.assign(new).outside == {"monetary": 1, "recency": 1}
    back = pickle.loads(pickle.dumps(bins))
    assert back.transform(x).equals(codes)


def test_quantile_bins_are_pandas_qcut():
    rng = np.random.default_rng(11)
    x = rng.lognormal(size=(200, 2))
    bins = kam.fit_quantile_bins(x, {"a": 5, "b": 4})
    codes = bins.transform(x)
    assert codes.dtype == np.int64
    assert np.array_equal(codes[:, 0], pd.qcut(x[:, 0], 5, labels=False) + 1)
    assert np.array_equal(codes[:, 1], pd.qcut(x[:, 1], 4, labels=False) + 1)
    # Many equal values, duplicates="drop": pandas.qcut(..., duplicates="drop") merges the
    # coinciding edges 1, 1, 1 into one (quantiles 1, 1, 1, 2.75, 5: two bins).
    ties = np.array([[1, 1, 1, 1, 1, 1, 2, 3, 4, 5.0]]).T
    dropped = kam.fit_quantile_bins(ties, [("n", 4)], duplicates="drop")
    assert dropped.bins == {"n": 2}
    assert np.array_equal(dropped.transform(ties)[:, 0],
                          pd.qcut(ties[:, 0], 4, labels=False, duplicates="drop") + 1)
    # Five bins: quantiles 1, 1, 1, 1.4, 3.2, 5, three bins left, as pandas.qcut's.
    five = kam.fit_quantile_bins(ties, [("n", 5)], duplicates="drop")
    assert five.bins == {"n": 3}
    assert np.array_equal(five.transform(ties)[:, 0],
                          pd.qcut(ties[:, 0], 5, labels=False, duplicates="drop") + 1)


def test_quantile_errors_name_function_field_row():
    x = pd.DataFrame({"r": [1.0, np.nan, 3.0]}, index=["p", "q", "s"])
    with pytest.raises(kam.NonFiniteValueError) as info:
        kam.fit_quantile_bins(x, [("r", 2)])
    assert info.value.function == "kam::fit_quantile_bins" and info.value.field == "r"
    assert info.value.row == 1 and info.value.label == "q"
    with pytest.raises(kam.OutOfBoundsError) as info:  # more bins than accounts
        kam.fit_quantile_bins(x.fillna(2.0), [("r", 4)])
    assert info.value.field == "r"
    with pytest.raises(kam.UnknownNameError) as info:
        kam.fit_quantile_bins(x, ["nope"])
    assert info.value.name == "nope" and info.value.known == ["r"]
    bins = kam.fit_quantile_bins(x.fillna(2.0), [("r", 2)])
    with pytest.raises(kam.NonFiniteValueError) as info:
        bins.transform(x)
    assert info.value.function == "kam::quantile_bins::assign" and info.value.label == "q"
    with pytest.raises(kam.OutOfBoundsError) as info:
        kam.quantiles([1.0, 2.0], [1.5])
    assert info.value.function == "kam::quantiles" and info.value.field == "probs[0]"
    with pytest.raises(kam.NonFiniteValueError) as info:
        kam.quantiles(pd.Series([1.0, np.inf], index=["a", "b"]), 0.5)
    assert info.value.row == 1 and info.value.label == "b"


# --- rules --------------------------------------------------------------------------------------

ACCOUNTS = pd.DataFrame({"revenue": [5e6, 1e5, 2e6, np.nan],
                         "industry": ["energy", "retail", "tech", "energy"],
                         "tier": pd.Categorical(["a", "b", "a", "b"])}, index=list("wxyz"))
RULES = [kam.Rule("key", "revenue >= 1e6 and industry in (energy, retail)", "big utility"),
         ("grow", "revenue >= 1e6")]


def test_rules_by_hand():
    # w: 5e6 and energy -> key (rule 0); x: 1e5 -> fallback; y: 2e6, tech -> grow (rule 1);
    # z: revenue missing -> no rule (no_match: a predicate on NaN is false) -> fallback.
    s = kam.assign_segments(ACCOUNTS, RULES, "other", missing="no_match")
    assert s.segment.tolist() == ["key", "other", "grow", "other"]
    assert s.rule.tolist() == [0, -1, 1, -1] and list(s.segment.index) == list("wxyz")
    assert s.segments == ["key", "grow", "other"]
    assert s.counts.to_dict() == {"key": 1, "grow": 1, "other": 2}
    assert (s.fallback, s.unmatched, s.with_missing) == (2, 0, 1)
    # Without a fallback the accounts no rule matches have no segment (None), never dropped.
    plain = kam.assign_segments({"revenue": [1.0, 2e6], "industry": ["x", "retail"]}, RULES)
    assert plain.segment.tolist() == [None, "key"] and plain.unmatched == 1
    # A closed (categorical) column, and a category test written with ==.
    t = kam.assign_segments(ACCOUNTS, [("A", "tier == a")], "rest")
    assert t.segment.tolist() == ["A", "rest", "A", "rest"]
    assert kam.parse_condition("a>=1 AND (b in (x,y) or c = z)") == \
        "a >= 1 and (b in (x, y) or c == z)"


def test_rules_errors_name_function_field_row():
    with pytest.raises(kam.NonFiniteValueError) as info:  # missing="reject", the default
        kam.assign_segments(ACCOUNTS, RULES, "other")
    assert info.value.function == "kam::assign_segments" and info.value.field == "revenue"
    assert info.value.row == 3 and info.value.label == "z"
    with pytest.raises(kam.UnknownNameError) as info:  # a category the column does not have
        kam.assign_segments(ACCOUNTS, [("A", "tier in (a, c)")])
    assert info.value.function == "kam::assign_segments"
    with pytest.raises(kam.UnknownNameError) as info:
        kam.assign_segments(ACCOUNTS, [("A", "employees > 5")])
    assert info.value.name == "employees" and "revenue" in info.value.known
    with pytest.raises(kam.InvalidInputError) as info:
        kam.parse_condition("revenue >= ")
    assert info.value.function == "kam::parse_condition" and "column" in str(info.value)
    with pytest.raises(kam.InvalidInputError) as info:  # a number test on text
        kam.assign_segments(ACCOUNTS, [("A", "industry > 3")])
    assert info.value.field == "industry"


# --- k-means ------------------------------------------------------------------------------------


def test_kmeans_by_hand():
    # Two pairs of points 10 apart: centres (0, 0.5) and (10, 0.5); each point is 0.5 from its
    # centre, inertia 4 x 0.25 = 1.
    x = np.array([[0, 0], [0, 1], [10, 0], [10, 1.0]])
    km = kam.KMeans(2, n_init=3, random_state=5).fit(x)
    order = np.argsort(km.cluster_centers_[:, 0])
    assert np.array_equal(km.cluster_centers_[order], [[0, 0.5], [10, 0.5]])
    assert km.inertia_ == 1.0 and km.status_ == "converged" and km.n_features_in_ == 2
    assert km.labels_[0] == km.labels_[1] != km.labels_[2] == km.labels_[3]
    assert np.array_equal(km.predict(np.array([[9.0, 9.0]])), [km.labels_[2]])
    # Distances to the centres: 0.5 to the own, sqrt(10^2 + 0.5^2) to the other.
    d = km.transform(x)
    assert np.allclose(np.sort(d, axis=1), [[0.5, np.hypot(10, 0.5)]] * 4, rtol=1e-14)
    assert km.score(x) == -1.0
    assert not hasattr(km, "feature_names_in_")


def lloyd(x, w, centres):
    """Weighted Lloyd iterations in numpy until no label changes (kam's rule with tol=0)."""
    c = centres.copy()
    labels = None
    for _ in range(300):
        d = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        new = d.argmin(axis=1)
        c = np.array([np.average(x[new == j], axis=0, weights=w[new == j])
                      for j in range(len(c))])
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
    inertia = float((w * ((x - c[labels]) ** 2).sum(axis=1)).sum())
    return c, labels, inertia


@pytest.mark.parametrize("weighted", [False, True])
def test_kmeans_is_numpy_lloyd_from_the_same_centres(weighted):
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.normal(m, 1.2, size=(80, 3)) for m in (0.0, 3.0, 6.0)])
    w = rng.uniform(0.5, 3.0, size=len(x)) if weighted else np.ones(len(x))
    init = x[[0, 1, 2]]  # three points of the first blob: several iterations to sort it out
    km = kam.KMeans(3, init=init, tol=0.0).fit(x, sample_weight=w if weighted else None)
    c, labels, inertia = lloyd(x, w, init)
    assert np.array_equal(km.labels_, labels)
    assert np.allclose(km.cluster_centers_, c, rtol=1e-12, atol=1e-12)
    assert abs(km.inertia_ - inertia) <= 1e-10 * inertia
    assert km.n_iter_ > 2 and km.status_ == "converged"


# scikit-learn 1.2.1's KMeans(3, init=x[[0, 1, 2]], n_init=1, tol=0, algorithm="lloyd") on the
# data of the test above, printed by python/tests/reference/kmeans_sklearn.py (run with
# /work/shared/tools/peer-python): iterations, inertia, centres.
SKLEARN = {
    False: (8, 881.8988012223645,
            [[2.8729674473775684, 2.8671774328843282, 3.001988376698783],
             [-0.3470484520600956, -0.04430479257903608, -0.11118827274165843],
             [5.763446026948444, 5.983892260530689, 6.0297065065130235]]),
    True: (8, 1484.2763100183413,
           [[2.827993009459061, 2.8475821996632615, 3.0387001377680436],
            [-0.3848893431164093, -0.053222705469859743, -0.04864235341092238],
            [5.786513114621744, 5.941786087139923, 6.050994567938082]]),
}


@pytest.mark.parametrize("weighted", [False, True])
def test_kmeans_matches_scikit_learn_from_the_same_centres(weighted):
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.normal(m, 1.2, size=(80, 3)) for m in (0.0, 3.0, 6.0)])
    w = rng.uniform(0.5, 3.0, size=len(x))
    km = kam.KMeans(3, init=x[[0, 1, 2]], tol=0.0).fit(x, sample_weight=w if weighted else None)
    n_iter, inertia, centres = SKLEARN[weighted]
    assert km.n_iter_ == n_iter
    assert abs(km.inertia_ - inertia) <= 1e-12 * inertia
    assert np.allclose(km.cluster_centers_, centres, rtol=1e-13, atol=1e-13)
    assert np.bincount(km.labels_).tolist() == [79, 81, 80]


def test_kmeans_estimator_protocol_pandas_and_pickle():
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(rng.normal(size=(60, 3)), columns=["revenue", "growth", "fit"],
                         index=[f"AC-{i:03d}" for i in range(60)])
    km = kam.KMeans(n_clusters=4, n_init=2, random_state=9)
    assert km.get_params()["n_clusters"] == 4 and km.get_params()["threads"] is None
    assert km.set_params(n_clusters=3) is km and km.n_clusters == 3
    labels = km.fit_predict(frame)
    assert list(labels.index) == list(frame.index)
    assert list(km.feature_names_in_) == ["revenue", "growth", "fit"]
    # predict picks the fitted columns by name, whatever their order.
    assert km.predict(frame[["fit", "revenue", "growth"]]).tolist() == labels.tolist()
    assert isinstance(km.transform(frame), np.ndarray)  # scikit-learn's default output
    km.set_output(transform="pandas")
    assert list(km.transform(frame).index) == list(frame.index)
    d = km.transform(frame.to_numpy())
    assert list(d.columns) == ["cluster0", "cluster1", "cluster2"]
    assert np.array_equal(d.to_numpy().argmin(axis=1), km.labels_)
    back = pickle.loads(pickle.dumps(km))
    assert np.array_equal(back.cluster_centers_, km.cluster_centers_)
    assert back.predict(frame).tolist() == labels.tolist()
    assert back.get_params() == km.get_params()
    # The same bits for any thread count; standardised clustering reports raw-unit centres.
    many = kam.KMeans(3, n_init=2, random_state=9, threads=2).fit(frame)
    assert np.array_equal(many.cluster_centers_, km.cluster_centers_)
    z = kam.KMeans(3, random_state=9, standardize=True).fit(frame)
    for j in range(3):
        members = frame.to_numpy()[z.labels_ == j]
        assert np.allclose(z.cluster_centers_[j], members.mean(axis=0), rtol=1e-12, atol=1e-12)


def test_kmeans_errors_name_function_field_row():
    frame = pd.DataFrame({"a": [1.0, 2.0, np.nan, 4.0], "b": [1.0, 2.0, 3.0, 4.0]},
                         index=list("pqrs"))
    with pytest.raises(kam.NonFiniteValueError) as info:
        kam.KMeans(2).fit(frame)
    assert info.value.function == "kam::kmeans" and info.value.row == 2
    assert info.value.label == "r"
    with pytest.raises(kam.OutOfBoundsError) as info:  # k above the number of accounts
        kam.KMeans(9).fit(frame.fillna(0.0))
    assert info.value.function == "kam::kmeans"
    with pytest.raises(kam.InvalidInputError) as info:  # a negative weight
        kam.KMeans(2).fit(frame.fillna(0.0), sample_weight=[1, -1, 1, 1])
    assert info.value.field == "weights" and info.value.row == 1
    km = kam.KMeans(2).fit(frame.fillna(0.0))
    with pytest.raises(kam.ShapeMismatchError) as info:
        km.predict(np.ones((2, 3)))
    assert info.value.function == "kam::kmeans_result::predict"
    with pytest.raises(kam.UnknownNameError) as info:
        km.predict(frame.rename(columns={"a": "x"}))
    assert info.value.name == "a"
    with pytest.raises(kam.UnknownNameError):
        km.set_params(clusters=3)
    with pytest.raises(kam.OutOfBoundsError) as info:
        kam.KMeans(2, threads=-1).fit(frame.fillna(0.0))
    assert info.value.field == "threads"
    with pytest.raises(kam.ShapeMismatchError) as info:  # 2 initial centres for 3 clusters
        kam.KMeans(3, init=np.zeros((2, 2))).fit(frame.fillna(0.0))
    assert info.value.field == "init"
    with pytest.raises(kam.InvalidInputError):
        kam.KMeans(2).predict(frame)  # not fitted
    with pytest.raises(kam.NonFiniteValueError) as info:
        km.transform(frame)
    assert info.value.function == "kam::kmeans_result::predict" and info.value.label == "r"
    with pytest.raises(kam.UnknownNameError) as info:
        km.set_output(transform="polars")
    assert info.value.known == ["default", "pandas"]
    text = frame.fillna(0.0).assign(b=["1", "2", "three", "4"])
    with pytest.raises(kam.InvalidInputError) as info:  # a column that is not numbers
        kam.KMeans(2).fit(text)
    assert (info.value.field, info.value.row, info.value.label) == ("b", 2, "r")


@pytest.mark.parametrize("order", ["C", "F"])
def test_float32_and_fortran_order_are_read_as_given(order):
    rng = np.random.default_rng(5)
    x64 = np.asarray(rng.normal(size=(90, 2)), order=order)
    x32 = x64.astype(np.float32, order=order)
    init = x64[[0, 45]]
    km32 = kam.KMeans(2, init=init, tol=0.0).fit(x32)
    km64 = kam.KMeans(2, init=init, tol=0.0).fit(x64)
    assert km32.cluster_centers_.dtype == np.float32
    assert np.array_equal(km32.predict(x32), km32.labels_)
    assert np.array_equal(km32.labels_, km64.labels_)
    assert np.allclose(km32.cluster_centers_, km64.cluster_centers_, rtol=1e-5, atol=1e-5)
    bins32 = kam.fit_quantile_bins(x32, ["a", "b"])
    assert bins32.edges["a"].dtype == np.float32
    # The float32 edges are numpy's float64 quantiles of the float32 values, rounded to float32.
    want = np.quantile(x32[:, 0].astype(np.float64), np.arange(6) / 5).astype(np.float32)
    assert np.array_equal(bins32.edges["a"], want)
    assert bins32.transform(x32).dtype == np.int64


def test_no_copy_and_threads_fit_at_once():
    import tracemalloc
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(8)
    x = np.asfortranarray(rng.normal(size=(100_000, 4)))  # 3.2 MB, read in place
    init = x[:5]
    tracemalloc.start()
    km = kam.KMeans(5, init=init, max_iter=5).fit(x)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < x.nbytes / 4  # the results (labels: 0.8 MB), not a copy of x
    # The GIL is released: four fits at once give the serial answer.
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: kam.KMeans(5, init=init, max_iter=5).fit(x), range(4)))
    for r in runs:
        assert np.array_equal(r.labels_, km.labels_)
        assert np.array_equal(r.cluster_centers_, km.cluster_centers_)


def test_enum_names_of_the_new_options():
    assert kam.ENUMS["quantile_method"] == ["linear", "lower", "higher", "midpoint", "nearest"]
    assert kam.ENUMS["duplicates"] == ["keep", "drop"]
    assert kam.ENUMS["rule_missing"] == ["reject", "no_match"]
    assert kam.ENUMS["reactivation"] == ["separate", "as_new", "endpoints"]
    assert kam.ENUMS["kmeans_status"] == ["converged", "iteration_limit"]


@pytest.mark.parametrize("function", [kam.quantiles, kam.fit_quantile_bins, kam.assign_segments,
                                      kam.KMeans])
def test_help_explains_every_argument(function):
    import inspect

    doc = inspect.getdoc(function)
    for name in inspect.signature(function).parameters:
        assert name in doc, (function.__name__, name)

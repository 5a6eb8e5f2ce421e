"""kam.dask on a distributed.LocalCluster of 2 worker processes on 127.0.0.1, started and stopped
here: scores of a partitioned frame equal kam.score on the whole frame, bit for bit for any
partitioning where the statistics merge exactly, to rounding where the mean is read."""

import pickle

import numpy as np
import pandas as pd
import pytest

import dask.dataframe as dd
from distributed import Client, LocalCluster

import kam
import kam.dask


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def portfolio(n=10_000, seed=7):
    """n accounts with revenue (skewed), growth, effort and a satisfaction rating (1-5)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {"revenue": rng.lognormal(10, 1.5, n), "growth": rng.normal(0.05, 0.1, n),
         "effort": rng.uniform(1, 9, n), "rating": rng.integers(1, 6, n).astype(float)},
        index=pd.Index([f"AC-{i:06d}" for i in range(n)], name="id"))


CRITERIA = [kam.benefit("revenue", 40), kam.benefit("growth", 30), kam.cost("effort", 20),
            kam.benefit("rating", 10).normalized_by("percentile_rank")]


def partitionings(frame):
    """The same rows cut five ways: 1, 2 and 7 partitions, uneven cuts with one-row pieces, and
    a cut with an empty partition."""
    n = len(frame)
    ids = frame.index
    yield dd.from_pandas(frame, npartitions=1)
    yield dd.from_pandas(frame, npartitions=2)
    yield dd.from_pandas(frame, npartitions=7)
    yield dd.from_pandas(frame, npartitions=1).repartition(
        divisions=[ids[0], ids[1], ids[2], ids[n // 3], ids[n - 1]])
    whole = dd.from_pandas(frame, npartitions=3)
    empty = dd.from_pandas(frame.iloc[:0], npartitions=1)
    yield dd.concat([whole.partitions[0], empty, whole.partitions[1], whole.partitions[2]])


def test_a_small_portfolio_by_hand(client):
    # Revenue 10, 20, 30, 50 in two partitions, min-max: (x - 10) / 40 = 0, 0.25, 0.5, 1 (the
    # minimum is in the first partition, the maximum in the second: the merge must see both).
    frame = pd.DataFrame({"revenue": [10.0, 20.0, 30.0, 50.0]}, index=list("abcd"))
    scores = kam.dask.score(dd.from_pandas(frame, npartitions=2), [kam.benefit("revenue")])
    got = scores.compute()
    assert list(got.index) == list("abcd")
    assert got.name == "score"
    np.testing.assert_array_equal(got.to_numpy(), [0.0, 0.25, 0.5, 1.0])


def test_bit_identical_for_any_partitioning(client):
    frame = portfolio()
    whole = kam.score(frame, CRITERIA).scores
    for ddf in partitionings(frame):
        got = kam.dask.score(ddf, CRITERIA).compute()
        pd.testing.assert_index_equal(got.index, whole.index)
        assert np.array_equal(got.to_numpy(), whole.to_numpy()), ddf.npartitions


def test_the_merged_reference_is_the_whole_frames(client):
    frame = portfolio()
    single = kam.fit_reference(frame, CRITERIA).state()
    for ddf in partitionings(frame):
        merged = kam.dask.fit_reference(ddf, CRITERIA).state()
        assert merged[0] == "float64"
        for k in (1, 2, 3, 4):  # count, non_finite, min, max: exact
            np.testing.assert_array_equal(merged[k], single[k])
        for a, b in zip(merged[7], single[7]):  # the sorted ratings: exact
            np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(merged[5], single[5], rtol=1e-13)  # mean: to rounding
        np.testing.assert_allclose(merged[6], single[6], rtol=1e-11)  # M2: to rounding


def test_mean_imputation_equals_to_rounding(client):
    frame = portfolio(n=3_000)
    frame.iloc[::17, 1] = np.nan  # growth missing for every 17th account
    options = dict(missing="impute", impute="mean")
    whole = kam.score(frame, CRITERIA, **options).scores.to_numpy()
    got = kam.dask.score(dd.from_pandas(frame, npartitions=5), CRITERIA, **options).compute()
    np.testing.assert_allclose(got.to_numpy(), whole, rtol=1e-13, atol=1e-15)


def test_a_reference_pickles_and_merges_by_hand():
    frame = portfolio(n=200)
    first = kam.fit_reference(frame.iloc[:80], CRITERIA)
    second = kam.fit_reference(frame.iloc[80:], CRITERIA)
    back = pickle.loads(pickle.dumps(first))
    assert back.state()[3].tolist() == first.state()[3].tolist()
    back.merge(second)
    whole = kam.fit_reference(frame, CRITERIA).state()
    np.testing.assert_array_equal(back.state()[3], whole[3])  # min
    np.testing.assert_array_equal(back.state()[4], whole[4])  # max
    # Scoring the pieces against the merged reference gives the whole frame's scores.
    pieces = np.concatenate([kam.score(frame.iloc[:80], CRITERIA, reference=back).scores,
                             kam.score(frame.iloc[80:], CRITERIA, reference=back).scores])
    np.testing.assert_array_equal(pieces, kam.score(frame, CRITERIA).scores.to_numpy())


def test_bad_input_names_the_partition_row_and_label(client):
    frame = portfolio(n=100)
    frame.iloc[70, 0] = np.nan  # revenue of AC-000070, in the second of two partitions
    with pytest.raises(kam.NonFiniteValueError) as caught:
        kam.dask.score(dd.from_pandas(frame, npartitions=2), CRITERIA).compute()
    err = caught.value
    assert err.function == "kam::fit_reference"
    assert err.field == "revenue"
    assert err.row == 20  # counted from the partition's first row (AC-000050)
    assert err.label == "AC-000070"
    with pytest.raises(kam.InvalidInputError, match="float32 reference"):
        ref32 = kam.fit_reference(portfolio(n=10).astype(np.float32), CRITERIA)
        kam.score(portfolio(n=10), CRITERIA, reference=ref32)
    with pytest.raises(kam.InvalidInputError, match="cannot merge a float32"):
        kam.fit_reference(portfolio(n=10), CRITERIA).merge(ref32)
    with pytest.raises(kam.InvalidInputError, match="weighted sum"):
        kam.score(portfolio(n=10), CRITERIA, method="topsis",
                  reference=kam.fit_reference(portfolio(n=10), CRITERIA))


def blobs(n=6_000, seed=11):
    """Three groups of accounts around (0, 0), (10, 0) and (0, 10), spread 1.5."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    group = rng.integers(0, 3, n)
    x = centres[group] + rng.normal(0, 1.5, (n, 2))
    return pd.DataFrame(x, columns=["revenue_index", "growth_index"],
                        index=pd.RangeIndex(n, name="row"))


def test_kmeans_equals_the_single_machine_fit(client):
    # Lloyd's algorithm from the same initial centres: kam.KMeans on the whole frame and
    # kam.dask.kmeans on 1, 3 and 7 partitions reach the same centres (to rounding: the sums add
    # in another order), in the same number of steps, with the same labels.
    frame = blobs()
    init = np.array([[1.0, 1.0], [5.0, 0.0], [0.0, 5.0]])
    whole = kam.KMeans(3, init=init, tol=0).fit(frame)
    for parts in (1, 3, 7):
        model = kam.dask.kmeans(dd.from_pandas(frame, npartitions=parts), 3, init=init, tol=0)
        assert model.status_ == "converged"
        assert model.n_iter_ == whole.n_iter_
        np.testing.assert_allclose(model.cluster_centers_, whole.cluster_centers_, rtol=1e-12)
        np.testing.assert_allclose(model.inertia_, whole.inertia_, rtol=1e-12)
        np.testing.assert_array_equal(model.predict(frame), whole.labels_)
        assert model.cluster_sizes_.sum() == len(frame)
    # The centres are the groups' own (within 0.1 of the points they were drawn around).
    found = np.sort(whole.cluster_centers_.round(0), axis=0)
    np.testing.assert_array_equal(found, [[0.0, 0.0], [0.0, 0.0], [10.0, 10.0]])


def test_kmeans_seeded_from_the_first_rows_and_labelling_by_partition(client):
    frame = blobs(n=3_000)
    ddf = dd.from_pandas(frame, npartitions=4)
    model = kam.dask.kmeans(ddf, 3, init_rows=500, random_state=3)
    again = kam.dask.kmeans(dd.from_pandas(frame, npartitions=2), 3, init_rows=500,
                            random_state=3)
    np.testing.assert_allclose(model.cluster_centers_, again.cluster_centers_, rtol=1e-12)
    labels = ddf.map_partitions(model.predict, meta=pd.Series(dtype=np.int64)).compute()
    np.testing.assert_array_equal(labels.to_numpy(), model.predict(frame).to_numpy())
    assert list(model.feature_names_in_) == ["revenue_index", "growth_index"]
    with pytest.raises(kam.ShapeMismatchError):
        kam.dask.kmeans(ddf, 3, init=np.zeros((2, 2)))


def test_revenue_retention_by_reduction(client):
    # Four accounts over three months, worked by hand for the window Jan -> Feb: opening revenue
    # 100 + 50 + 80 = 230 (d is new in Feb), a grows by 20 (expansion), b shrinks by 10
    # (contraction), c churns (80); GRR = (230 - 10 - 80) / 230 = 140 / 230, NRR = 160 / 230,
    # 2 of 3 opening logos kept. Cut into partitions of one or two accounts, the totals and rates
    # are the single machine's.
    revenue = pd.DataFrame({"Jan": [100.0, 50.0, 80.0, 0.0], "Feb": [120.0, 40.0, 0.0, 30.0],
                            "Mar": [120.0, 45.0, 0.0, 0.0]}, index=list("abcd"))
    whole = kam.revenue_retention(revenue)
    for parts in (1, 2, 4):
        got = kam.dask.revenue_retention(dd.from_pandas(revenue, npartitions=parts))
        first = got.iloc[0]
        assert first["opening_revenue"] == 230 and first["contraction"] == 10
        assert first["churned_revenue"] == 80 and first["expansion"] == 20
        assert first["opening_accounts"] == 3 and first["retained_accounts"] == 2
        np.testing.assert_allclose(first["grr"], 140 / 230, rtol=1e-15)
        np.testing.assert_allclose(first["nrr"], 160 / 230, rtol=1e-15)
        pd.testing.assert_frame_equal(got[whole.columns], whole, check_exact=False, rtol=1e-14)


def test_revenue_retention_of_a_large_frame_by_reduction(client):
    rng = np.random.default_rng(5)
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    values = rng.lognormal(8, 1, (5_000, 12)) * (rng.random((5_000, 12)) > 0.2)
    revenue = pd.DataFrame(values, columns=months)
    whole = kam.revenue_retention(revenue, step=3, first=2)
    got = kam.dask.revenue_retention(dd.from_pandas(revenue, npartitions=6), step=3, first=2)
    counts = [c for c in whole.columns if c.endswith("_accounts")]
    pd.testing.assert_frame_equal(got[counts], whole[counts])  # exact
    pd.testing.assert_frame_equal(got[whole.columns], whole, check_exact=False, rtol=1e-12)


def test_score_plans_by_partition_are_the_whole(client):
    # Plan scores read one row each: any partitioning gives kam.score_plans' table on the whole
    # frame exactly (test_plan.py's two plans worked by hand, each repeated under 20 account
    # ids; 1, 3 and 7 partitions, and a cut with an empty partition).
    import datetime

    from test_plan import plans

    two = plans()
    frame = pd.concat([two.rename(index=lambda a: f"{a}-{i:02d}") for i in range(20)])
    as_of = datetime.date(2026, 6, 30)
    whole = kam.score_plans(frame, as_of, review_interval_days=120).table
    # ACME's competitors section, 166 days old, is stale at 120 days too: 7 of 8 fresh.
    assert whole.loc["ACME-00", "freshness"] == 0.875
    cuts = [dd.from_pandas(frame, npartitions=n, sort=False) for n in (1, 3, 7)]
    three = cuts[1]
    cuts.append(dd.concat([three.partitions[0], dd.from_pandas(frame.iloc[:0], npartitions=1),
                           three.partitions[1], three.partitions[2]]))
    for parts in cuts:
        got = kam.dask.score_plans(parts, as_of, review_interval_days=120).compute()
        pd.testing.assert_frame_equal(got, whole)


def test_weight_statistics_merged_over_partitions(client):
    # Each partition's statistics fitted on a worker and merged in the fixed tree: count, min
    # and max exactly those of the whole, the sums and the weights derived from them to rounding
    # (Chan et al.'s pairwise update adds in another order).
    frame = portfolio(5_000).abs()  # entropy weights need values >= 0
    names = ["revenue", "effort", "rating"]
    whole = kam.weight_statistics(frame, names)
    for parts in partitionings(frame):
        got = kam.dask.weight_statistics(parts, names)
        assert got.count == 5_000 and got.columns == names
        np.testing.assert_array_equal(got.min, whole.min)
        np.testing.assert_array_equal(got.max, whole.max)
        for name in ("sum", "xlogx", "mean", "comoment"):
            np.testing.assert_allclose(getattr(got, name), getattr(whole, name), rtol=1e-11)
        np.testing.assert_allclose(got.entropy_weights().weights.to_numpy(),
                                   kam.entropy_weights(frame, names).weights.to_numpy(),
                                   rtol=1e-10)


def test_fit_trend_by_hand_over_two_partitions(client):
    # kpi_trend_test.cpp ("sums out and back in"): (0, 1), (1, 3), (2, 2) | (3, 5), (4, 4),
    # (5, 6), one half per partition: slope 31/35, intercept 9/7, s = sqrt(33/35).
    frame = pd.DataFrame({"t": [0.0, 1, 2, 3, 4, 5], "kpi": [1.0, 3, 2, 5, 4, 6]},
                         index=list("abcdef"))
    got = kam.dask.fit_trend(dd.from_pandas(frame, npartitions=2), "t", "kpi")
    assert (got.count, got.status) == (6, "ok")
    assert got.slope == pytest.approx(31 / 35, abs=1e-15)
    assert got.intercept == pytest.approx(9 / 7, abs=1e-14)
    assert got.residual_sd == pytest.approx(np.sqrt(33 / 35), rel=1e-14)


def test_fit_trend_equals_the_whole_for_any_partitioning(client):
    # A health score over dates (days since 1970) with noise: every partitioning gives the
    # single-machine fit, the count exactly and the rest to rounding (Chan et al.'s merge adds
    # in another order than the point-by-point update).
    rng = np.random.default_rng(11)
    frame = portfolio(5_000)
    days = rng.integers(0, 365, 5_000)
    frame["day"] = pd.Timestamp("2026-01-01") + pd.to_timedelta(days, unit="D")
    frame["health"] = 60 + 0.02 * days + rng.normal(0, 5, 5_000)
    whole = kam.fit_trend(frame["day"].to_numpy(), frame["health"])
    assert whole.status == "ok"
    for parts in partitionings(frame):
        got = kam.dask.fit_trend(parts, "day", "health")
        assert got.count == whole.count == 5_000 and got.status == "ok"
        for name in ("slope", "intercept", "slope_se", "intercept_se", "residual_sd",
                     "mean_time", "time_ss"):
            assert getattr(got, name) == pytest.approx(getattr(whole, name), rel=1e-10), name
        assert got.forecast("2027-01-01")["high"] == pytest.approx(
            whole.forecast("2027-01-01")["high"], rel=1e-10)
    # The index as the times.
    by_index = frame.set_index("day")
    got = kam.dask.fit_trend(dd.from_pandas(by_index, npartitions=3), None, "health")
    assert got.slope == pytest.approx(kam.fit_trend(by_index["health"]).slope, rel=1e-10)


def test_fit_trend_bad_input_names_the_partition_row_and_label(client):
    frame = pd.DataFrame({"t": [0.0, 1, 2, 3], "kpi": [1.0, 2, np.nan, 4]}, index=list("wxyz"))
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.dask.fit_trend(dd.from_pandas(frame, npartitions=2), "t", "kpi")
    # The NaN is the first row of the second partition.
    assert (e.value.field, e.value.row, e.value.label) == ("value", 0, "y")

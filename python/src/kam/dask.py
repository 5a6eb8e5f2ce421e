"""kam on Dask: score a portfolio held as a ``dask.dataframe`` partition by partition, as if it
were one pandas frame.

Scoring needs the statistics of the whole portfolio (the minimum and maximum of each criterion,
its sorted values for percentile ranks, its mean for z-scores and mean imputation). kam's
statistics merge, so::

    import dask.dataframe as dd
    import kam, kam.dask

    frame = dd.read_csv("accounts-*.csv")             # or dd.from_pandas(df, npartitions=8)
    criteria = [kam.benefit("revenue", 40), kam.cost("effort", 25)]
    scores = kam.dask.score(frame, criteria)          # a lazy dask Series, the frame's index
    scores.compute()

``fit_reference`` fits kam.fit_reference on every partition (in parallel on the workers) and
merges the partitions' references in a binary tree fixed by their order (partition 2k with
2k + 1, then pairs of pairs, ...); ``score`` scores each partition against that reference with
``map_partitions``. The result is the single-machine ``kam.score(frame.compute(), criteria)``:

- **bit for bit**, for any partitioning, where every criterion's normalisation reads only counts,
  minima, maxima or sorted values (``min_max``, ``percentile_rank``, ``fixed_range``, ``none``;
  missing values rejected, renormalised, or imputed with the median or the worst value): those
  statistics merge exactly;
- **equal to rounding** (a relative difference of a few units in the last place) where one reads
  the mean (``z_score``; mean imputation): a mean merged from partitions adds in another order.

Partitions may be empty. Errors are kam.Error subclasses raised by ``compute()``; their ``row``
counts from the first row of the partition at fault, and ``label`` is the row's index label.

``kmeans`` runs Lloyd's algorithm over the partitions: each step labels every partition's
accounts with kam's own assignment kernel (kam.KMeans.predict's) and sums them per cluster, the
sums merged in the same fixed tree; the driver moves the centres. It returns a fitted kam.KMeans
whose ``predict`` labels new rows (``frame.map_partitions(model.predict)``).

``revenue_retention`` reduces kam.revenue_retention over the partitions of an accounts x periods
revenue frame: each partition's revenue sums and account counts per window, added in the same
fixed tree, then the rates from the totals: counts exact, sums and rates to rounding.

``score_plans`` scores the account plans of a dask DataFrame (one row per account, the columns
kam.score_plans reads) partition by partition: a plan's scores read only its own row, so the
result is kam.score_plans' table on the whole frame, bit for bit, for any partitioning.

``weight_statistics`` fits kam.weight_statistics on every partition and merges them in the same
fixed tree: the statistics entropy, CRITIC and standard-deviation weights derive from (count,
min and max exact; sums, means and co-moments to rounding).

``fit_trend`` fits the least-squares trend of a KPI (or an account's health score) held as
(time, value) rows of a dask DataFrame: kam.fit_trend on every partition, the fits merged
(kam.TrendFit.merge) in the same fixed tree: the count exact, the fit that of the whole frame
to rounding.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from . import CriteriaLike, ScoreReference, criteria_from, fit_reference as _fit_frame, score as _score

__all__ = ["fit_reference", "score", "kmeans", "revenue_retention", "score_plans",
           "weight_statistics", "fit_trend"]


def _fit_partition(part: Any, criteria: list, missing: str, impute: str) -> ScoreReference:
    return _fit_frame(part, criteria, missing=missing, impute=impute)


def _merged(first: ScoreReference, second: ScoreReference) -> ScoreReference:
    """The reference of ``first``'s rows followed by ``second``'s (the inputs are not changed)."""
    out = copy.deepcopy(first)
    out.merge(second)
    return out


def _tree(parts: list, combine: Any) -> Any:
    """Combines the delayed values ``parts`` (in partition order) pairwise with ``combine`` in a
    fixed binary tree: the same tree, so the same rounding, on every run."""
    from dask import delayed

    level = list(parts)
    while len(level) > 1:
        level = [delayed(combine)(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
                 for i in range(0, len(level), 2)]
    return level[0]


def fit_reference(frame: Any, criteria: CriteriaLike, *, missing: str = "reject",
                  impute: str = "mean") -> ScoreReference:
    """Returns the kam.ScoreReference of the dask DataFrame ``frame`` (columns picked by
    criterion name): kam.fit_reference of each partition, merged in partition order (see the
    module's docstring for what is exact). Computes it (one pass over the partitions).
    ``missing`` and ``impute`` as in kam.score, and the same for scoring with the result."""
    from dask import delayed

    items = criteria_from(criteria)
    names = [c.name for c in items]
    parts = [delayed(_fit_partition)(p, items, missing, impute)
             for p in frame[names].to_delayed()]
    return _tree(parts, _merged).compute()


def _score_partition(part: Any, criteria: list, reference: ScoreReference, missing: str,
                     impute: str, scale: str) -> Any:
    import pandas as pd

    if len(part) == 0:
        return pd.Series(np.empty(0, dtype=np.float64), index=part.index, name="score")
    result = _score(part, criteria, missing=missing, impute=impute, scale=scale,
                    reference=reference)
    return result.scores.astype(np.float64, copy=False)


def score(frame: Any, criteria: CriteriaLike, *, missing: str = "reject", impute: str = "mean",
          scale: str = "unit", reference: ScoreReference | None = None) -> Any:
    """Returns the weighted-sum scores of every account of the dask DataFrame ``frame`` as a
    lazy dask Series (the frame's index, named "score"): each partition scored with kam.score
    against ``reference`` (default: ``fit_reference(frame, ...)``, computed first). The values
    are those of kam.score on the whole frame (see the module's docstring)."""
    import pandas as pd

    items = criteria_from(criteria)
    names = [c.name for c in items]
    if reference is None:
        reference = fit_reference(frame, items, missing=missing, impute=impute)
    meta = pd.Series(np.empty(0, dtype=np.float64), name="score")
    return frame[names].map_partitions(_score_partition, items, reference, missing, impute, scale,
                                       meta=meta)


def _model(centres: np.ndarray) -> dict:
    """The model dict kam's predict kernel reads, for raw (unscaled) centres."""
    d = centres.shape[1]
    return {"centroids": centres, "scaled_centroids": centres,
            "feature_offset": np.zeros(d), "feature_scale": np.ones(d)}


def _lloyd_partition(part: Any, centres: np.ndarray) -> tuple:
    """One Lloyd step's statistics of one partition: per cluster the sums of its accounts'
    features and their count, and the sum of squared distances to the nearest centre."""
    from . import _kam

    k, d = centres.shape
    if len(part) == 0:
        return np.zeros((k, d)), np.zeros(k), 0.0
    x = np.ascontiguousarray(part.to_numpy(dtype=np.float64))
    labels = _kam.kmeans_predict(_model(centres), x)
    sums = np.stack([np.bincount(labels, weights=x[:, j], minlength=k) for j in range(d)], axis=1)
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    inertia = float(((x - centres[labels]) ** 2).sum())
    return sums, counts, inertia


def _added(first: tuple, second: tuple) -> tuple:
    return first[0] + second[0], first[1] + second[1], first[2] + second[2]


def _lloyd_step(parts: list, centres: np.ndarray) -> tuple:
    from dask import delayed

    return _tree([delayed(_lloyd_partition)(p, centres) for p in parts], _added).compute()


def _moments_partition(part: Any) -> tuple:
    """The count of one partition's accounts and each feature's mean and sum of squared
    deviations from it."""
    x = part.to_numpy(dtype=np.float64)
    if len(x) == 0:
        return 0, np.zeros(x.shape[1]), np.zeros(x.shape[1])
    mean = x.mean(axis=0)
    return len(x), mean, ((x - mean) ** 2).sum(axis=0)


def _moments_added(first: tuple, second: tuple) -> tuple:
    """The moments of two partitions together: Chan, Golub and LeVeque's pairwise update (1979),
    which does not lose the variance to cancellation as a sum of squares would."""
    n1, mean1, m21 = first
    n2, mean2, m22 = second
    if n1 == 0 or n2 == 0:
        return second if n1 == 0 else first
    n = n1 + n2
    delta = mean2 - mean1
    return n, mean1 + delta * (n2 / n), m21 + m22 + delta**2 * (n1 * n2 / n)


def kmeans(frame: Any, n_clusters: int, *, init: Any = "k-means++", init_rows: int = 10_000,
           max_iter: int = 300, tol: float = 1e-4, random_state: int = 0) -> Any:
    """Clusters the accounts of the dask DataFrame ``frame`` (every column a feature) with
    Lloyd's algorithm over its partitions and returns a fitted kam.KMeans.

    Args:
        n_clusters: k.
        init: an array of k x features initial centres, or ``"k-means++"``: the centres of
            kam.KMeans (k-means++ from ``random_state``, then Lloyd) fitted on the first
            ``init_rows`` accounts, which are the same rows however the frame is partitioned.
        max_iter, tol: as kam.KMeans: at most max_iter steps; stop when the centres move by at
            most tol x the mean variance of the features (the sum over centres of squared moves;
            0: stop when nothing moves, that is when no label changed).

    Each step: every partition labels its accounts with kam's kernel (nearest centre, ties to
    the lower cluster) and sums them per cluster; the sums are merged in a tree fixed by the
    partitions' order and each centre moves to its accounts' mean. The centres equal those of
    kam.KMeans on the whole frame from the same initial centres to rounding (the sums add in
    another order), in the same number of iterations unless an account lies on the boundary of
    two clusters to the last bits. Unlike kam.KMeans, a cluster left empty keeps its centre
    (``empty_clusters_`` counts them at the end) rather than being moved onto a far account.
    The model has no ``labels_`` (they would be N values on the driver): label the frame with
    ``frame.map_partitions(model.predict)``.
    """
    from dask import delayed

    from . import KMeans

    columns = list(frame.columns)
    parts = frame.to_delayed()
    if isinstance(init, str):
        model = KMeans(n_clusters, init=init, random_state=random_state, max_iter=max_iter,
                       tol=tol).fit(frame.head(init_rows, npartitions=-1))
        centres = np.array(model.cluster_centers_, dtype=np.float64)
    else:
        centres = np.array(init, dtype=np.float64)
        KMeans(n_clusters, init=centres)._options("kam.dask.kmeans")  # checks k and the shape
    count, _, m2 = _tree([delayed(_moments_partition)(p) for p in parts], _moments_added).compute()
    tolerance = tol * float(np.mean(m2 / count))  # mean variance (ddof 0) x tol
    iterations, status = 0, "iteration_limit"
    for it in range(max_iter):
        sums, counts, _ = _lloyd_step(parts, centres)
        moved = centres.copy()
        filled = counts > 0
        moved[filled] = sums[filled] / counts[filled, None]
        shift = float(((moved - centres) ** 2).sum())
        centres = moved
        iterations = it + 1
        if shift <= tolerance:
            status = "converged"
            break
    _, counts, inertia = _lloyd_step(parts, centres)
    out = KMeans(n_clusters, init=centres, max_iter=max_iter, tol=tol, random_state=random_state)
    out.cluster_centers_ = centres
    out.scaled_centers_ = centres
    out.feature_offset_ = np.zeros(len(columns))
    out.feature_scale_ = np.ones(len(columns))
    out.inertia_ = inertia
    out.n_iter_ = iterations
    out.status_ = status
    out.cluster_sizes_ = counts.astype(np.int64)
    out.cluster_weights_ = counts
    out.empty_clusters_ = int((counts == 0).sum())
    out.n_features_in_ = len(columns)
    out.feature_names_in_ = np.asarray([str(c) for c in columns], dtype=object)
    return out


_SUMS = ["opening_revenue", "expansion", "contraction", "churned_revenue", "new_revenue",
         "reactivated_revenue", "closing_revenue"]
_COUNTS = ["opening_accounts", "retained_accounts", "churned_accounts", "new_accounts",
           "reactivated_accounts", "closing_accounts"]


def _retention_partition(part: Any, step: int, first: int, reactivation: str) -> Any:
    """The sums and counts of kam.revenue_retention of one partition (None when it is empty)."""
    from . import revenue_retention as _whole

    if len(part) == 0:
        return None
    table = _whole(part, step=step, first=first, reactivation=reactivation)
    return table[_SUMS + _COUNTS]


def _table_sum(first: Any, second: Any) -> Any:
    if first is None or second is None:
        return second if first is None else first
    return first + second


def revenue_retention(frame: Any, *, step: int = 1, first: int = 0,
                      reactivation: str = "separate") -> Any:
    """Returns kam.revenue_retention of the accounts x periods dask DataFrame ``frame`` (the
    columns are the periods in order): the revenue movements and account counts per window,
    summed over the partitions in a tree fixed by their order, and the rates computed from the
    totals as kam does (GRR = (opening - contraction - churned) / opening, NRR adds expansion,
    CRR = retained / opening accounts, logo churn = 1 - CRR; NaN where no account opens the
    window). Account counts equal the single-machine table's exactly, revenue sums and rates to
    rounding. An empty partition adds nothing."""
    from dask import delayed

    parts = [delayed(_retention_partition)(p, step, first, reactivation)
             for p in frame.to_delayed()]
    table = _tree(parts, _table_sum).compute()
    if table is None:
        from ._errors import EmptyInputError

        raise EmptyInputError("kam.dask.revenue_retention: 'revenue': no accounts",
                              function="kam.dask.revenue_retention", field="revenue")
    for c in _COUNTS:
        table[c] = table[c].astype(np.int64)
    opening = table["opening_revenue"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        defined = table["opening_accounts"].to_numpy() > 0
        kept = np.where(defined, (opening - table["contraction"].to_numpy()
                                  - table["churned_revenue"].to_numpy()) / opening, np.nan)
        net = np.where(defined, (opening + table["expansion"].to_numpy()
                                 - table["contraction"].to_numpy()
                                 - table["churned_revenue"].to_numpy()) / opening, np.nan)
        crr = np.where(defined, table["retained_accounts"].to_numpy()
                       / table["opening_accounts"].to_numpy(), np.nan)
    table["grr"] = kept
    table["nrr"] = net
    table["customer_retention"] = crr
    table["logo_churn"] = 1.0 - crr
    return table


def _plans_partition(part: Any, as_of: Any, empty: Any, options: dict) -> Any:
    """kam.score_plans' table of one partition (``empty``, the table's columns, when it has no
    rows)."""
    from . import score_plans as _whole

    if len(part) == 0:
        return empty
    return _whole(part, as_of, **options).table


def score_plans(frame: Any, as_of: Any, **options: Any) -> Any:
    """Returns kam.score_plans(...).table of the account plans in the dask DataFrame ``frame``
    (one row per account, indexed by account id, the columns kam.score_plans reads) as a lazy
    dask DataFrame with the frame's index: each partition scored alone by ``map_partitions``.
    A plan's scores read only its own row, so they are those of kam.score_plans on the whole
    frame, bit for bit, for any partitioning. ``options`` as kam.score_plans takes them
    (section_weights, review_interval_days, ...). Errors are raised by ``compute()``, their row
    counted from the first row of the partition at fault; a duplicate account id is found
    within a partition, not across partitions (Dask does not check an index is unique). The
    columns of the result are found by scoring the first row now (``frame.head(1)``)."""
    from . import score_plans as _whole

    head = frame.head(1, npartitions=-1)
    if len(head) == 0:
        from ._errors import EmptyInputError

        raise EmptyInputError("kam.dask.score_plans: 'plans': no accounts",
                              function="kam.dask.score_plans", field="plans")
    empty = _whole(head, as_of, **options).table.iloc[:0]
    # In a partial, not an argument: map_partitions would align a DataFrame argument with frame.
    from functools import partial

    return frame.map_partitions(partial(_plans_partition, as_of=as_of, empty=empty,
                                        options=options), meta=empty)


def _statistics_partition(part: Any, columns: list | None) -> Any:
    from . import weight_statistics as _whole

    return _whole(part, columns)


def _statistics_merged(first: Any, second: Any) -> Any:
    """The statistics of ``first``'s rows followed by ``second``'s (the inputs are not changed:
    merge replaces the merged object's arrays, and the copy does not share the object)."""
    return copy.copy(first).merge(second)


def weight_statistics(frame: Any, columns: Any = None) -> Any:
    """Returns the kam.WeightStatistics of the dask DataFrame ``frame`` (``columns``, default
    all, read by name): kam.weight_statistics of each partition, merged in partition order in
    a fixed tree; computes it (one pass over the partitions). Derive the weights with its
    ``entropy_weights()``, ``critic_weights(criteria)`` or ``std_dev_weights()``: those of the
    whole frame to rounding. An empty partition adds nothing."""
    from dask import delayed

    names = None if columns is None else [str(c) for c in columns]
    data = frame if names is None else frame[names]
    parts = [delayed(_statistics_partition)(p, names) for p in data.to_delayed()]
    return _tree(parts, _statistics_merged).compute()


def _trend_partition(part: Any, time: str | None, value: str) -> Any:
    """kam.fit_trend of one partition's rows (``time`` None: the index holds the times)."""
    from . import fit_trend as _whole

    values = part[value]
    if time is None:
        return _whole(values)
    return _whole(part[time].to_numpy(), values)


def _trends_merged(first: Any, second: Any) -> Any:
    return first.merge(second)


def fit_trend(frame: Any, time: str | None, value: str) -> Any:
    """Returns the kam.TrendFit of the (time, value) rows of the dask DataFrame ``frame``:
    ``time`` the column of times (numbers in any unit, or dates: days since 1970-01-01), None
    for the frame's index; ``value`` the column of the KPI or health score. kam.fit_trend of
    each partition, the fits merged (kam.TrendFit.merge) in partition order in a fixed tree;
    computes it (one pass over the partitions). The count is exact, the slope, intercept and
    standard errors those of kam.fit_trend on the whole frame to rounding, for any
    partitioning; an empty partition adds nothing. ``forecast`` and ``merge`` work on the
    result as on any TrendFit. Errors (a NaN value, a missing date) are raised by the
    computation, their row counted from the first row of the partition at fault and ``label``
    the row's index label."""
    from dask import delayed

    columns = [value] if time is None else [time, value]
    parts = [delayed(_trend_partition)(p, time, value) for p in frame[columns].to_delayed()]
    return _tree(parts, _trends_merged).compute()

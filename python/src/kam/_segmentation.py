"""Segmentation for Python: quantiles and quantile (RFM-style) bins, rule-based segments over
named columns, and weighted k-means as a scikit-learn style estimator (kam/segmentation/ in C++).

Matrices are read as kam.score reads them: a 2-D numpy array (float32 or float64, C or Fortran
order, in place) or a DataFrame whose columns are picked by name; results keep the DataFrame's
index. Options that C++ takes as enums are strings (``kam.ENUMS["quantile_method"]``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from . import _kam
from ._errors import (
    Error,
    InvalidInputError,
    OutOfBoundsError,
    ShapeMismatchError,
    UnknownNameError,
)
from ._retention import _check_choice, _frame_columns, _is_frame, _is_series


def _data(x: Any, names: list[str] | None, function: str) -> Any:
    from . import _Data

    return _Data(x, names, function)


# --- quantiles and quantile bins ---------------------------------------------------------------


def quantiles(values: Any, probs: Any, method: str = "linear") -> Any:
    """Returns the quantiles of ``values`` at the probabilities ``probs`` (kam::quantiles; the
    numbers of ``numpy.quantile(values, probs, method=method)``).

    Args:
        values: a 1-D array or Series of finite numbers (float32 stays float32).
        probs: one probability or a sequence of them, each in [0, 1].
        method: ``"linear"`` (numpy's and pandas' default), ``"lower"``, ``"higher"``,
            ``"midpoint"`` or ``"nearest"`` (``kam.ENUMS["quantile_method"]``).

    Returns a float for a scalar ``probs``, else an array (a Series indexed by ``probs`` for a
    Series ``values``). Raises kam.Error subclasses: EmptyInputError, NonFiniteValueError (with
    ``row``), OutOfBoundsError for a probability outside [0, 1], UnknownNameError for ``method``.
    """
    fn = "kam.quantiles"
    _check_choice(method, _kam.enum_names()["quantile_method"], fn, "method")
    index = values.index if _is_series(values) else None
    a = values.to_numpy() if _is_series(values) else np.asarray(values)
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    scalar = np.ndim(probs) == 0
    p = [float(v) for v in np.atleast_1d(np.asarray(probs, dtype=np.float64))]
    try:
        out = _kam.quantiles(a, p, method)
    except Error as err:
        if index is not None and err.row is not None and 0 <= err.row < len(index):
            err.label = index[err.row]
        raise
    if scalar:
        return float(out[0])
    if index is not None:
        import pandas as pd

        return pd.Series(out, index=p, name=getattr(values, "name", None))
    return out


@dataclass(frozen=True)
class BinField:
    """One field to bin: its column ``name``, its number of ``bins`` and its ``direction``
    (``"benefit"``: code 1 for the lowest values, ``bins`` for the highest; ``"cost"``: reversed,
    as recency is scored in RFM, recent = 5)."""

    name: str
    bins: int = 5
    direction: str = "benefit"


def _bin_fields(fields: Any, function: str) -> list[BinField]:
    """Returns ``fields`` (BinField, a name, a (name, bins[, direction]) tuple, a dict with
    BinField's keys, or a mapping name -> bins) as BinFields."""
    if isinstance(fields, Mapping):
        fields = [BinField(str(k), int(v)) for k, v in fields.items()]
    out = []
    for j, f in enumerate(fields):
        if isinstance(f, BinField):
            out.append(f)
        elif isinstance(f, str):
            out.append(BinField(f))
        elif isinstance(f, Mapping):
            out.append(BinField(**f))
        elif isinstance(f, (tuple, list)):
            out.append(BinField(*f))
        else:
            raise InvalidInputError(
                f"{function}: 'fields[{j}]': expected a kam.BinField, a name, a tuple or a dict, "
                f"got {type(f).__name__}", function=function, field="fields", index=j)
    return out


def _field_tuples(fields: list[BinField]) -> list[tuple]:
    return [(f.name, int(f.bins), f.direction) for f in fields]


@dataclass
class BinCodes:
    """The codes of accounts under fitted quantile bins, aligned with the input rows."""

    codes: Any  #: accounts x fields int64 codes 1..bins (a DataFrame for DataFrame input)
    counts: dict[str, np.ndarray]  #: per field, accounts per code (counts[f][c - 1] for code c)
    outside: dict[str, int]  #: per field, values outside the fitted range (new accounts only)
    combined: Any = None  #: the codes joined, e.g. "4-3-1" (a Series for DataFrame input)


@dataclass
class QuantileBins:
    """Quantile bins fitted on a set of accounts (kam::quantile_bins): per field, the edges
    e_0 <= ... <= e_m (the field's quantiles at 0, 1/m, ..., 1), applied to the same or to new
    accounts with ``transform`` / ``assign``. Bins are right-closed, (e_{b-1}, e_b], the lowest
    one closed on both ends (pandas.qcut's bins); a value on an interior edge goes to the bin
    below. A plain dataclass: it pickles, and its edges can be stored and edited."""

    fields: list[BinField]
    edges: dict[str, np.ndarray]  #: per field name: bins + 1 non-decreasing edges
    bins: dict[str, int]  #: per field name: the number of bins (fewer under duplicates="drop")
    method: str = "linear"
    duplicates: str = "keep"
    accounts: int = 0  #: the number of accounts fitted on

    @property
    def names(self) -> list[str]:
        """The field names, in column order."""
        return [f.name for f in self.fields]

    def assign(self, data: Any, *, separator: str | None = "-") -> BinCodes:
        """Returns the codes of the accounts of ``data`` (a DataFrame with the fields as columns,
        picked by name, or a 2-D array with them in order) with the counts per code, the values
        outside the fitted range (they get the end codes) and, unless ``separator`` is None, the
        combined codes joined by ``separator`` (``"4-3-1"``). Raises kam.Error subclasses:
        NonFiniteValueError naming the field and the row (``label`` for a DataFrame),
        ShapeMismatchError for a wrong number of columns, InvalidInputError for edited edges
        that are not finite or decrease."""
        fn = "kam.QuantileBins.assign"
        d = _data(data, self.names if _is_frame(data) else None, fn)
        edges = [np.asarray(self.edges[n], dtype=np.float64).tolist() for n in self.names]
        bins = [int(self.bins[n]) for n in self.names]
        try:
            r = _kam.assign_quantile_bins(d.matrix, _field_tuples(self.fields), edges, bins,
                                          separator is not None, separator or "")
        except Error as err:
            raise d.labelled(err)
        codes = r["codes"]
        if d.frame:
            import pandas as pd

            codes = pd.DataFrame(codes, index=d.index, columns=self.names)
        combined = r.get("combined")
        if combined is not None:
            combined = d.rows(np.asarray(combined, dtype=object), "code")
        return BinCodes(codes, dict(zip(self.names, r["counts"])),
                        {n: int(v) for n, v in zip(self.names, r["outside"])}, combined)

    def transform(self, data: Any) -> Any:
        """Returns the codes of the accounts of ``data`` (see ``assign``): an accounts x fields
        int64 array, or a DataFrame with the same index and the field names as columns."""
        return self.assign(data, separator=None).codes


def fit_quantile_bins(data: Any, fields: Any, *, method: str = "linear",
                      duplicates: str = "keep") -> QuantileBins:
    """Fits quantile bins per field (kam::fit_quantile_bins; the bins of ``pandas.qcut``).

    Args:
        data: accounts x fields: a DataFrame (the fields' columns picked by name) or a 2-D array
            (the fields in column order).
        fields: the fields: kam.BinField objects, names (5 bins, benefit), (name, bins,
            direction) tuples, dicts, or a mapping ``{name: bins}``.
        method: how quantiles are read, numpy's method names (``kam.ENUMS["quantile_method"]``).
        duplicates: when edges coincide (many equal values): ``"keep"`` every field keeps its
            bins (some then empty, their codes unused) or ``"drop"`` merges them as
            ``pandas.qcut(..., duplicates="drop")`` (fewer bins).

    Returns a QuantileBins (``transform`` gives codes; ``assign`` also counts and combined RFM
    codes). Raises kam.Error subclasses naming the field and row (``label`` for a DataFrame):
    NonFiniteValueError, OutOfBoundsError (bins < 1 or more bins than accounts),
    DuplicateNameError, EmptyInputError, ShapeMismatchError, UnknownNameError (an unknown column,
    direction, ``method`` or ``duplicates``).
    """
    fn = "kam.fit_quantile_bins"
    _check_choice(method, _kam.enum_names()["quantile_method"], fn, "method")
    _check_choice(duplicates, _kam.enum_names()["duplicates"], fn, "duplicates")
    fs = _bin_fields(fields, fn)
    names = [f.name for f in fs]
    d = _data(data, names if _is_frame(data) else None, fn)
    try:
        r = _kam.fit_quantile_bins(d.matrix, _field_tuples(fs), method, duplicates)
    except Error as err:
        raise d.labelled(err)
    return QuantileBins(fs, dict(zip(names, r["edges"])),
                        {n: int(b) for n, b in zip(names, r["bins"])}, method, duplicates,
                        int(r["accounts"]))


# --- rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One segmentation rule: accounts for which the condition ``when`` holds belong to
    ``segment``; ``name`` labels the rule in output. ``when`` is written in kam's condition
    syntax (see kam.parse_condition), e.g. ``"revenue >= 1e6 and industry in (energy, retail)"``.
    """

    segment: str
    when: str
    name: str = ""


def parse_condition(text: str) -> str:
    """Parses ``text`` in kam's condition syntax (kam::parse_condition) and returns it written
    back in canonical form (kam::to_text): ``and`` binds tighter than ``or``, parentheses group;
    comparisons ``<, <=, >, >=, ==`` (or ``=``), ``!=`` with a number; ``between a and b``
    (inclusive); ``in (...)`` / ``not in (...)`` with categories; ``== word`` / ``!= word`` are
    category tests; names and categories are words or quoted with ' or ". Raises
    kam.InvalidInputError (``function`` ``kam::parse_condition``) naming the column of the first
    error."""
    return _kam.parse_condition(str(text))


def _rule_tuples(rules: Any, function: str) -> list[tuple[str, str, str]]:
    out = []
    for j, r in enumerate(rules):
        if isinstance(r, Rule):
            out.append((r.segment, r.when, r.name))
        elif isinstance(r, Mapping):
            out.append((str(r["segment"]), str(r["when"]), str(r.get("name", ""))))
        elif isinstance(r, (tuple, list)) and len(r) in (2, 3):
            out.append((str(r[0]), str(r[1]), str(r[2]) if len(r) == 3 else ""))
        else:
            raise InvalidInputError(
                f"{function}: 'rules[{j}]': expected a kam.Rule, a (segment, when[, name]) tuple "
                f"or a dict, got {type(r).__name__}", function=function, field="rules", index=j)
    return out


def _split_columns(data: Any, names: list[str], function: str) -> tuple[list, list, list]:
    """Returns the (numeric, open, closed) columns of ``data`` for kam::assign_segments."""
    if _is_frame(data):
        columns = _frame_columns(data, names, function)
    else:
        missing = [n for n in names if n not in data]
        if missing:
            err = UnknownNameError(
                f"{function}: '{missing[0]}': no such column; columns: "
                + ", ".join(repr(str(c)) for c in data), function=function, field=missing[0])
            err.name = missing[0]
            err.known = [str(c) for c in data]
            raise err
        columns = [data[n] for n in names]
    numeric, open_, closed = [], [], []
    for name, col in zip(names, columns):
        dtype = getattr(col, "dtype", None)
        if dtype is not None and str(dtype) == "category":
            codes = np.asarray(col.cat.codes, dtype=np.int32).tolist()
            closed.append((name, [str(c) for c in col.cat.categories], codes))
            continue
        a = col.to_numpy() if _is_series(col) else np.asarray(col)
        if a.dtype == np.bool_ or np.issubdtype(a.dtype, np.number):
            if a.dtype not in (np.float32, np.float64):
                a = a.astype(np.float64)
            numeric.append((name, a))
        elif _is_series(col) and str(col.dtype) not in ("object", "string"):
            numeric.append((name, col.to_numpy(dtype=np.float64, na_value=np.nan)))
        else:
            values = [None if v is None or (isinstance(v, float) and v != v)
                      or (not isinstance(v, str) and _is_na(v)) else str(v) for v in a.tolist()]
            open_.append((name, values))
    return numeric, open_, closed


def _is_na(v: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(v))
    except (ImportError, TypeError, ValueError):
        return False


@dataclass
class SegmentAssignment:
    """The segment of every account, aligned with the input rows (kam::segment_assignment)."""

    segment: Any  #: per account its segment name, None without one (a Series for a DataFrame)
    rule: Any  #: per account the rule that matched (its position), -1 for fallback or none
    segments: list[str]  #: the segment names: the rules' in order of first use, the fallback's
    counts: Any  #: accounts per segment (a Series by segment name when pandas is there)
    rule_counts: np.ndarray  #: accounts per rule
    fallback: int  #: accounts that got the fallback segment
    unmatched: int  #: accounts without a segment (no rule matched, no fallback)
    with_missing: int  #: accounts with a missing value a rule reads (missing="no_match" only)


def assign_segments(data: Any, rules: Sequence[Any], fallback: str = "", *,
                    missing: str = "reject") -> SegmentAssignment:
    """Assigns every account a segment by ordered rules (kam::assign_segments): the segment of the
    first rule whose condition holds, else ``fallback``, else none.

    Args:
        data: the accounts: a DataFrame, or a dict of equal-length columns; the columns the rules
            name are read. Numeric and bool columns are numbers (NaN: missing); categorical
            columns are closed (a rule naming a category they do not have is an error: a typo);
            text columns are open categories (None/NaN: missing).
        rules: kam.Rule objects, (segment, when[, name]) tuples or dicts with those keys, in
            order; ``when`` in kam's condition syntax (kam.parse_condition).
        fallback: the segment of accounts no rule matches ("" for none: they are unmatched).
        missing: ``"reject"`` (a missing value a rule reads is an error naming the field and the
            row) or ``"no_match"`` (a predicate on a missing value is false, as SQL's NULL).

    Returns a SegmentAssignment. Raises kam.Error subclasses: UnknownNameError (a column the data
    does not have, listing those it has; a category a categorical column does not have; an unknown
    ``missing``), InvalidInputError (a condition that does not parse, a numeric test on text or
    the reverse, an empty rule set), NonFiniteValueError (a missing number under reject, naming
    the field and the row; ``label`` for a DataFrame).
    """
    fn = "kam.assign_segments"
    _check_choice(missing, _kam.enum_names()["rule_missing"], fn, "missing")
    items = _rule_tuples(rules, fn)
    names = _kam.rule_fields(items, str(fallback))
    numeric, open_, closed = _split_columns(data, names, fn)
    index = data.index if _is_frame(data) else None
    try:
        r = _kam.assign_segments(numeric, open_, closed, items, str(fallback), missing)
    except Error as err:
        if index is not None and err.row is not None and 0 <= err.row < len(index):
            err.label = index[err.row]
        raise
    segments = list(r["segments"])
    lookup = np.array(segments + [None], dtype=object)
    seg = lookup[r["segment"]]  # -1 picks the trailing None
    counts: Any = r["counts"]
    rule = r["rule"]
    if index is not None:
        import pandas as pd

        seg = pd.Series(seg, index=index, name="segment")
        rule = pd.Series(rule, index=index, name="rule")
        counts = pd.Series(counts, index=pd.Index(segments, name="segment"), name="accounts")
    return SegmentAssignment(seg, rule, segments, counts, r["rule_counts"], int(r["fallback"]),
                             int(r["unmatched"]), int(r["with_missing"]))


# --- k-means -----------------------------------------------------------------------------------


_KMEANS_PARAMS = ("n_clusters", "init", "n_init", "max_iter", "tol", "random_state",
                  "standardize", "n_local_trials", "threads")
_FITTED = ("cluster_centers_", "labels_", "inertia_", "n_iter_", "n_features_in_", "status_",
           "relocations_", "empty_clusters_", "cluster_sizes_", "cluster_weights_",
           "best_restart_", "restart_inertia_", "scaled_centers_", "feature_offset_",
           "feature_scale_", "feature_names_in_")


class KMeans:
    """Weighted k-means (kam::kmeans) as a scikit-learn style estimator: greedy k-means++
    seeding, Lloyd iterations, restarts, optional standardisation; deterministic for a seed and
    bit-identical for every thread count.

    Args:
        n_clusters: k, the number of clusters (1 <= k <= accounts with a positive weight).
        init: ``"k-means++"`` (kam's seeding from ``random_state``) or an array of k x features
            initial centres (in the units of the data; then one run, ``n_init`` unused).
        n_init: runs from different seedings; the one with the lowest inertia is kept.
        max_iter: Lloyd iterations per run.
        tol: a run stops when the centres move by at most tol x the mean variance of the features
            (scikit-learn's ``tol``); 0 stops only when no label changes.
        random_state: the seed (an integer >= 0; kam's own random stream, so not the rows
            scikit-learn's stream would pick).
        standardize: cluster z-scores per feature instead of raw values (centres are reported
            in raw units either way).
        n_local_trials: k-means++ candidates per centre (0: scikit-learn's 2 + ln k).
        threads: threads to spread the accounts over (None or 1: the calling thread; 0: all
            hardware threads); the results are the same bits whatever the number.

    Attributes after ``fit``: ``cluster_centers_`` (k x features), ``labels_``, ``inertia_``
    (weighted sum of squared distances, in the clustered space), ``n_iter_``, ``status_``
    (``"converged"`` or ``"iteration_limit"``, not an error), ``n_features_in_``,
    ``feature_names_in_`` (fitted on a DataFrame), ``cluster_sizes_``, ``cluster_weights_``,
    ``relocations_``, ``empty_clusters_``, ``restart_inertia_``.
    """

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", n_init: int = 1,
                 max_iter: int = 300, tol: float = 1e-4, random_state: int = 0,
                 standardize: bool = False, n_local_trials: int = 0,
                 threads: int | None = None) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.standardize = standardize
        self.n_local_trials = n_local_trials
        self.threads = threads
        self._output = "default"

    # -- scikit-learn's estimator protocol -------------------------------------------------------

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Returns the constructor's parameters by name (scikit-learn's ``get_params``)."""
        return {k: getattr(self, k) for k in _KMEANS_PARAMS}

    def set_params(self, **params: Any) -> "KMeans":
        """Sets constructor parameters by name; returns self. An unknown name raises
        kam.UnknownNameError listing the parameters."""
        for k, v in params.items():
            if k not in _KMEANS_PARAMS:
                err = UnknownNameError(
                    f"kam.KMeans.set_params: '{k}': unknown parameter; known: "
                    + ", ".join(_KMEANS_PARAMS), function="kam.KMeans.set_params", field=k)
                err.name = k
                err.known = list(_KMEANS_PARAMS)
                raise err
            setattr(self, k, v)
        return self

    def set_output(self, *, transform: str | None = None) -> "KMeans":
        """``transform="pandas"``: ``transform`` returns a DataFrame (columns ``cluster0``, ...);
        ``"default"``: numpy (or None: unchanged). Returns self."""
        if transform is not None:
            if transform not in ("default", "pandas"):
                err = UnknownNameError(
                    f"kam.KMeans.set_output: 'transform': unknown name '{transform}'; known: "
                    "'default', 'pandas'", function="kam.KMeans.set_output", field="transform")
                err.name = transform
                err.known = ["default", "pandas"]
                raise err
            self._output = transform
        return self

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.get_params().items()
                   if not _same(v, KMeans().get_params()[k])}
        return "KMeans(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    def __getstate__(self) -> dict[str, Any]:
        state = {k: getattr(self, k) for k in _KMEANS_PARAMS}
        state["_output"] = self._output
        for k in _FITTED:
            if hasattr(self, k):
                state[k] = getattr(self, k)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    # -- fitting and predicting ------------------------------------------------------------------

    def _options(self, function: str) -> Any:
        threads = 1 if self.threads is None else self.threads
        if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 0:
            raise OutOfBoundsError(
                f"{function}: 'threads': {threads!r} is not a thread count (None or 1: the "
                "calling thread, 0: all hardware threads)", function=function, field="threads")
        seed = self.random_state
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise OutOfBoundsError(
                f"{function}: 'random_state': {seed!r} is not a seed (an integer >= 0)",
                function=function, field="random_state")
        k = self.n_clusters
        if not isinstance(self.init, str):
            shape = np.shape(self.init)
            if len(shape) != 2 or shape[0] != k:
                raise ShapeMismatchError(
                    f"{function}: 'init': {shape} initial centres for n_clusters={k} (expected "
                    f"{k} x features)", function=function, field="init")
        elif self.init != "k-means++":
            err = UnknownNameError(
                f"{function}: 'init': unknown name '{self.init}'; known: 'k-means++' or an "
                "array of initial centres", function=function, field="init")
            err.name = self.init
            err.known = ["k-means++"]
            raise err
        return _kam.kmeans_options(int(k), int(self.n_init), int(self.max_iter), float(self.tol),
                                   int(seed), bool(self.standardize), int(self.n_local_trials),
                                   int(threads))

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "KMeans":
        """Clusters the accounts of ``X`` (a 2-D array or a DataFrame, all its columns numeric),
        each weighted by ``sample_weight`` (>= 0, e.g. revenue; None: 1 each); ``y`` is ignored.
        Returns self. Raises kam.Error subclasses naming the field and the row (``label`` for a
        DataFrame): NonFiniteValueError, OutOfBoundsError (k out of range, bad options),
        InvalidInputError (a negative weight), ShapeMismatchError."""
        fn = "kam.KMeans.fit"
        o = self._options(fn)
        d = _data(X, None, fn)
        w = None
        if sample_weight is not None:
            w = np.ascontiguousarray(_plain(sample_weight), dtype=d.matrix.dtype)
        init = None
        if not isinstance(self.init, str):
            init = np.asarray(self.init, dtype=d.matrix.dtype)
        try:
            r = _kam.kmeans(d.matrix, w, init, o)
        except Error as err:
            raise d.labelled(err)
        self.cluster_centers_ = r["centroids"]
        self.scaled_centers_ = r["scaled_centroids"]
        self.feature_offset_ = r["feature_offset"]
        self.feature_scale_ = r["feature_scale"]
        self.labels_ = r["labels"]
        self.inertia_ = float(r["inertia"])
        self.n_iter_ = int(r["iterations"])
        self.status_ = r["status"]
        self.relocations_ = int(r["relocations"])
        self.empty_clusters_ = int(r["empty_clusters"])
        self.cluster_sizes_ = r["sizes"]
        self.cluster_weights_ = r["cluster_weights"]
        self.best_restart_ = int(r["best_restart"])
        self.restart_inertia_ = r["restart_inertia"]
        self.n_features_in_ = int(d.matrix.shape[1])
        if d.frame:
            self.feature_names_in_ = np.asarray([str(c) for c in X.columns], dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return self

    def _check_fitted(self, function: str) -> None:
        if not hasattr(self, "cluster_centers_"):
            raise InvalidInputError(f"{function}: this KMeans is not fitted yet; call fit first",
                                    function=function, field="")

    def _rows(self, X: Any, function: str) -> Any:
        self._check_fitted(function)
        names = None
        if _is_frame(X) and hasattr(self, "feature_names_in_"):
            names = list(self.feature_names_in_)
        return _data(X, names, function)

    def predict(self, X: Any) -> Any:
        """Returns the cluster (0..k-1) of the nearest centre of every account of ``X`` (the
        fit's features; a DataFrame fitted by name picks them by name), ties to the lower
        cluster; a Series with ``X``'s index for a DataFrame."""
        fn = "kam.KMeans.predict"
        d = self._rows(X, fn)
        model = {"centroids": self.cluster_centers_, "scaled_centroids": self.scaled_centers_,
                 "feature_offset": self.feature_offset_, "feature_scale": self.feature_scale_}
        try:
            labels = _kam.kmeans_predict(model, d.matrix)
        except Error as err:
            raise d.labelled(err)
        return d.rows(labels, "cluster")

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> Any:
        """Fits and returns ``labels_`` (a Series with ``X``'s index for a DataFrame)."""
        self.fit(X, y, sample_weight)
        if not _is_frame(X):
            return self.labels_
        import pandas as pd

        return pd.Series(self.labels_, index=X.index, name="cluster")

    def transform(self, X: Any) -> Any:
        """Returns the Euclidean distance of every account of ``X`` to every centre (accounts x
        k), in the clustered space (z-scores when ``standardize``; raw units otherwise, as
        scikit-learn's): a numpy array, or after ``set_output(transform="pandas")`` a DataFrame
        with columns ``cluster0``, ... (and ``X``'s index for a DataFrame)."""
        fn = "kam.KMeans.transform"
        d = self._rows(X, fn)
        self.predict(X)  # validates the rows (non-finite values, shape) as kam does
        z = (np.asarray(d.matrix, dtype=np.float64) - self.feature_offset_) / self.feature_scale_
        c = np.asarray(self.scaled_centers_, dtype=np.float64)
        dist = np.sqrt(np.maximum(((z[:, None, :] - c[None, :, :]) ** 2).sum(axis=2), 0.0))
        if self._output == "pandas":
            import pandas as pd

            return pd.DataFrame(dist, index=d.index,
                                columns=[f"cluster{j}" for j in range(c.shape[0])])
        return dist

    def fit_transform(self, X: Any, y: Any = None, sample_weight: Any = None) -> Any:
        """Fits, then returns ``transform(X)``."""
        return self.fit(X, y, sample_weight).transform(X)

    def score(self, X: Any, y: Any = None, sample_weight: Any = None) -> float:
        """Returns minus the weighted sum of squared distances of ``X`` to its nearest centres
        (scikit-learn's ``score``: higher is better)."""
        dist = np.asarray(self.transform(X))
        w = np.ones(dist.shape[0]) if sample_weight is None else np.asarray(_plain(sample_weight),
                                                                            dtype=np.float64)
        return -float((w * dist.min(axis=1) ** 2).sum())


def _plain(x: Any) -> np.ndarray:
    return x.to_numpy() if _is_series(x) else np.asarray(x)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    return a == b


__all__ = [
    "quantiles", "BinField", "BinCodes", "QuantileBins", "fit_quantile_bins", "Rule",
    "parse_condition", "SegmentAssignment", "assign_segments", "KMeans",
]

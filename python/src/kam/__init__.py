"""kam for Python: key-account scoring from kam's C++ headers, for numpy arrays and pandas frames.

Rows are accounts and columns are criteria. Every function takes a 2-D numpy array (float32 or
float64, C or Fortran order, read in place without a copy) or a pandas DataFrame (columns picked
by criterion name; results keep its index and column names). Options that C++ takes as enums are
strings here (``method="topsis"``, ``missing="renormalize"``). Bad input raises a ``kam.Error``
subclass that names the function, the field and the row (see ``kam.Error``). Every call that does
real work releases the GIL, so threads can score in parallel.

Quick start::

    import kam
    criteria = [kam.benefit("revenue", 40), kam.benefit("growth", 35), kam.cost("effort", 25)]
    result = kam.score(frame, criteria)            # weighted sum, on [0, 1]
    result.scores                                  # a Series with the frame's index
    kam.ranks(result.scores)                       # 1 = best

Retention (kam/retention/ in C++; names as in lifetimes and lifelines): summarize_transactions,
fit_bgnbd (p_alive, conditional_expected_transactions), fit_gamma_gamma, clv_forecast (time units
required), fit_cox (a ``summary`` DataFrame by covariate; partial_hazard, survival),
logrank_test, kaplan_meier. They take vectors (arrays, Series, columns of a DataFrame) and give
per-account results with the input's index. Also fit_sbg (cohort survival), fit_bgbb
(discrete opportunities), fit_pareto_nbd, and revenue tables as DataFrames: cohorts,
revenue_retention (GRR, NRR, CRR per window), movements, rescale_churn.

Segmentation (kam/segmentation/ in C++): quantiles and fit_quantile_bins (RFM-style codes; a
fitted QuantileBins with ``transform``), assign_segments (ordered rules in kam's condition syntax
over named columns), and KMeans (weighted k-means, a scikit-learn style estimator).

Portfolio (kam/portfolio/ in C++): kraljic (our place in the customer's Kraljic matrix),
preferencing (Steele & Court), position (the two combined: relationship risk and posture),
maturity (purchasing stage and seller role), relationship (bow-tie to diamond from a contact map)
and focus (win / expand / protect / maintain); results keep a DataFrame's index, quadrants and
stages are categoricals.

Account plans (kam/plan/ in C++): score_plans (completeness, freshness, gaps in words),
whitespace (penetration, peer propensity, expected expansion, best openings) and next_best_play
(protect / expand / win with the reason in words); the review step: review_objectives (pace,
status, roll-up), review_kpi (EWMA, trend, forecast), track_health, explain_health_change and
find_at_risk; fit_trend (the least-squares trend of any KPI points, with its forecast); the
one-record helpers expected_progress, status_of and health_band; and the
programme's self-assessment, assess_programme (the deck's eight practices: maturity profile,
weakest practices, gaps in words). Tables in as DataFrames, dicts of columns or 2-D arrays.

Explanations (kam/scoring/compare.hpp, sensitivity.hpp): contributions (above), compare_accounts
(which criteria put one account above another), weight_sensitivity (how likely each account is to
stay in the key-account set when the weights move) and leave_one_criterion_out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from . import _kam
from ._errors import (
    DuplicateNameError,
    EmptyInputError,
    Error,
    InvalidInputError,
    NonFiniteValueError,
    OutOfBoundsError,
    ShapeMismatchError,
    UnknownNameError,
)

from ._retention import (
    BetaGeoFit,
    ClvForecast,
    CoxFit,
    GammaGammaFit,
    KaplanMeier,
    LogrankResult,
    clv_forecast,
    fit_bgnbd,
    fit_cox,
    fit_gamma_gamma,
    kaplan_meier,
    logrank_test,
    summarize_transactions,
)
from ._retention_models import (
    BetaGeoBetaBinomFit,
    CohortTable,
    ParetoNBDFit,
    ShiftedBetaGeoFit,
    cohorts,
    customer_retention_rate,
    fit_bgbb,
    fit_pareto_nbd,
    fit_sbg,
    movements,
    rescale_churn,
    rescale_retention,
    revenue_retention,
    share_of_wallet,
    wallet_allocation,
    wallet_allocation_share,
)
from ._explain import (
    ContributionGap,
    LeaveOneOutResult,
    compare_accounts,
    leave_one_criterion_out,
    weight_sensitivity,
)
from ._plan import (
    AssessmentResult,
    HealthChange,
    HealthHistory,
    KpiReview,
    NextPlayResult,
    ObjectiveReview,
    PlanScores,
    TrendFit,
    WhitespaceResult,
    assess_programme,
    expected_progress,
    explain_health_change,
    find_at_risk,
    fit_trend,
    health_band,
    next_best_play,
    plan_question,
    practice_text,
    review_kpi,
    review_objectives,
    score_plans,
    status_of,
    track_health,
    whitespace,
)
from ._portfolio import (
    FocusResult,
    KraljicResult,
    MaturityResult,
    PositionResult,
    PositionRule,
    PreferencingResult,
    QuadrantGuide,
    RelationshipResult,
    default_position_table,
    focus,
    kraljic,
    kraljic_from_scores,
    maturity,
    portfolio_catalogue,
    position,
    preferencing,
    quadrant_guide,
    relationship,
)
from ._segmentation import (
    BinCodes,
    BinField,
    KMeans,
    QuantileBins,
    Rule,
    SegmentAssignment,
    assign_segments,
    fit_quantile_bins,
    parse_condition,
    quantiles,
)

__version__ = _kam.version

#: The names each string option accepts, by option (e.g. ``ENUMS["missing"]``).
ENUMS: dict[str, list[str]] = _kam.enum_names()

METHODS = ("wsm", "wpm", "topsis")


@dataclass(frozen=True)
class Criterion:
    """One selection criterion: a column of the data.

    ``weight`` is relative (40/35/25 or 0.4/0.35/0.25; kam normalises the weights to sum 1).
    ``direction`` is ``"benefit"`` (more is better) or ``"cost"`` (more is worse).
    ``normalization`` (weighted sum only) is one of ``"min_max"``, ``"z_score"``, ``"vector"``,
    ``"fixed_range"`` (over ``[low, high]``, e.g. a 1-5 rating) or ``"percentile_rank"``.
    """

    name: str
    weight: float = 1.0
    direction: str = "benefit"
    normalization: str = "min_max"
    low: float = 0.0
    high: float = 0.0

    def on_scale(self, low: float, high: float) -> "Criterion":
        """Returns a copy normalised over the fixed scale ``[low, high]``."""
        return replace(self, normalization="fixed_range", low=low, high=high)

    def normalized_by(self, normalization: str) -> "Criterion":
        """Returns a copy that uses ``normalization``."""
        return replace(self, normalization=normalization)


def benefit(name: str, weight: float = 1.0) -> Criterion:
    """Returns a benefit criterion (more is better) with min-max normalisation."""
    return Criterion(name, weight, "benefit")


def cost(name: str, weight: float = 1.0) -> Criterion:
    """Returns a cost criterion (more is worse, e.g. effort) with min-max normalisation."""
    return Criterion(name, weight, "cost")


def selection_catalogue() -> list[Criterion]:
    """Returns kam's eight default key-account selection criteria (weights add up to 100).

    A starting point for a sales meeting, not a finding: current_revenue (percentile rank),
    growth_potential (1-5), cross_up_sell (0-1), win_expand (0-1), effort (cost, 1-5),
    relationship_strength (1-5), fit (1-5), logo_value (1-5).
    """
    return [Criterion(*item) for item in _kam.selection_catalogue()]


CriteriaLike = Iterable["Criterion | Mapping[str, Any]"]


def criteria_from(criteria: CriteriaLike) -> list[Criterion]:
    """Returns ``criteria`` as Criterion objects; each item is a Criterion or a dict with the
    same keys (``name`` required; ``weight``, ``direction``, ``normalization``, ``low``, ``high``
    optional)."""
    out = []
    for j, item in enumerate(criteria):
        if isinstance(item, Criterion):
            out.append(item)
        elif isinstance(item, Mapping):
            unknown = set(item) - {"name", "weight", "direction", "normalization", "low", "high"}
            if unknown or "name" not in item:
                bad = sorted(unknown)[0] if unknown else "name"
                err = UnknownNameError(
                    f"kam.criteria_from: 'criteria[{j}]': "
                    + (f"unknown key '{bad}'" if unknown else "a criterion needs a 'name'"),
                    function="kam.criteria_from", field="criteria", index=j)
                err.name = bad
                err.known = ["name", "weight", "direction", "normalization", "low", "high"]
                raise err
            out.append(Criterion(**item))
        else:
            raise InvalidInputError(
                f"kam.criteria_from: 'criteria[{j}]': expected a kam.Criterion or a dict, got "
                f"{type(item).__name__}", function="kam.criteria_from", field="criteria", index=j)
    return out


def with_weights(criteria: CriteriaLike, weights: Sequence[float] | Any) -> list[Criterion]:
    """Returns ``criteria`` with their weights replaced, in order (e.g. by ``ahp(...).weights``
    or ``entropy_weights(...).weights``); a pandas Series is matched by criterion name."""
    items = criteria_from(criteria)
    if _is_series(weights):
        return [replace(c, weight=float(weights[c.name])) for c in items]
    values = [float(w) for w in weights]
    if len(values) != len(items):
        raise ShapeMismatchError(
            f"kam.with_weights: 'weights': {len(values)} weights for {len(items)} criteria",
            function="kam.with_weights", field="weights")
    return [replace(c, weight=w) for c, w in zip(items, values)]


# --- data in and out ------------------------------------------------------------------------


def _is_frame(x: Any) -> bool:
    return type(x).__name__ == "DataFrame" and hasattr(x, "columns") and hasattr(x, "index")


def _is_series(x: Any) -> bool:
    return type(x).__name__ == "Series" and hasattr(x, "index")


def _viewable(a: np.ndarray) -> bool:
    """Whether kam can read the 2-D array in place: rows or columns with unit stride."""
    rows, cols = a.shape
    s0, s1 = a.strides
    item = a.itemsize
    if (cols <= 1 or s1 == item) and (rows <= 1 or (s0 % item == 0 and s0 // item >= cols)):
        return True
    return (rows <= 1 or s0 == item) and s1 % item == 0 and s1 // item >= rows


def _matrix(x: Any) -> np.ndarray:
    """Returns ``x`` as a 2-D float32/float64 array, the same memory when it already is one whose
    rows or columns are contiguous; other dtypes are converted to float64 (a copy)."""
    a = np.asarray(x)
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    if a.ndim == 2 and not _viewable(a):
        a = np.ascontiguousarray(a)
    return a


class _Data:
    """The matrix of a call, and what is needed to give results the caller's labels."""

    def __init__(self, data: Any, names: list[str] | None, function: str) -> None:
        self.frame = _is_frame(data)
        self.index = data.index if self.frame else None
        if self.frame:
            columns = list(data.columns)
            names = columns if names is None else names
            for name in names:
                if name not in data.columns:
                    err = UnknownNameError(
                        f"{function}: '{name}': no such column in the DataFrame; columns: "
                        + ", ".join(repr(str(c)) for c in columns),
                        function=function, field=name)
                    err.name = name
                    err.known = [str(c) for c in columns]
                    raise err
            # All the columns in order: the frame itself, whose single float block pandas hands
            # out without a copy; a selection of columns is gathered into a new array by pandas.
            sub = data if list(columns) == list(names) else data[names]
            dtypes = set(sub.dtypes)
            if len(dtypes) == 1 and next(iter(dtypes)) in (np.float32, np.float64):
                self.matrix = _matrix(sub.to_numpy())
            else:
                try:
                    self.matrix = _matrix(sub.to_numpy(dtype=np.float64, na_value=np.nan))
                except (TypeError, ValueError):
                    raise self.labelled(_not_a_number(sub, function)) from None
            self.columns = names
        else:
            try:
                self.matrix = _matrix(data)
            except (TypeError, ValueError) as exc:
                raise InvalidInputError(f"{function}: 'data': not numbers: {exc}",
                                        function=function, field="data") from None
            self.columns = names

    def rows(self, values: np.ndarray, name: str | None = None) -> Any:
        """Returns a per-account vector, as a Series with the frame's index for frame input."""
        if not self.frame:
            return values
        import pandas as pd

        return pd.Series(values, index=self.index, name=name)

    def table(self, values: np.ndarray) -> Any:
        """Returns a per-account x per-criterion matrix, as a DataFrame for frame input."""
        if not self.frame:
            return values
        import pandas as pd

        return pd.DataFrame(values, index=self.index, columns=self.columns)

    def per_column(self, values: np.ndarray, name: str | None = None) -> Any:
        """Returns a per-criterion vector, as a Series indexed by column name for frame input."""
        if not self.frame:
            return values
        import pandas as pd

        return pd.Series(values, index=list(self.columns), name=name)

    def labelled(self, err: Error) -> Error:
        """Adds the index label of the row at fault to ``err`` for frame input."""
        if self.frame and err.row is not None and 0 <= err.row < len(self.index):
            err.label = self.index[err.row]
        return err


def _not_a_number(frame: Any, function: str) -> InvalidInputError:
    """Returns the error naming the first column and row of ``frame`` that is not a number
    (missing values, None and pd.NA, are numbers here: NaN)."""
    import pandas as pd

    for j, name in enumerate(frame.columns):
        for i, v in enumerate(frame.iloc[:, j].tolist()):
            try:
                float(v)
            except (TypeError, ValueError):
                if v is None or v is pd.NA:
                    continue
                return InvalidInputError(
                    f"{function}: '{name}', row {i}: {v!r} is not a number", function=function,
                    field=str(name), row=i)
    return InvalidInputError(f"{function}: the columns are not all numbers", function=function)


def _vector(scores: Any) -> tuple[np.ndarray, Any]:
    """Returns scores as a 1-D float array (same memory when float32/float64) and the Series
    index, if any."""
    index = scores.index if _is_series(scores) else None
    a = np.asarray(scores)
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    return a, index


def _series(values: np.ndarray, index: Any, name: str) -> Any:
    if index is None:
        return values
    import pandas as pd

    return pd.Series(values, index=index, name=name)


def _tuples(criteria: list[Criterion]) -> list[tuple]:
    return [(c.name, float(c.weight), c.direction, c.normalization, float(c.low), float(c.high))
            for c in criteria]


def _unknown(function: str, field_name: str, value: str, known: Sequence[str]) -> UnknownNameError:
    err = UnknownNameError(
        f"{function}: '{field_name}': unknown name '{value}'; known: "
        + ", ".join(f"'{k}'" for k in known),
        function=function, field=field_name)
    err.name = value
    err.known = list(known)
    return err


def _check_threads(threads: int, function: str) -> None:
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 0:
        raise OutOfBoundsError(
            f"{function}: 'threads': {threads!r} is not a thread count (1: the calling thread, "
            "0: all hardware threads)", function=function, field="threads")


# --- scoring --------------------------------------------------------------------------------


@dataclass
class ScoreResult:
    """Scores of every account, aligned with the input rows (a Series for DataFrame input).

    Fields that do not apply to ``method`` are None.
    """

    method: str
    #: wsm: sum_j w_j v_ij; wpm: prod_j n_ij^w_j; topsis: the closeness D- / (D+ + D-).
    scores: Any
    #: wsm under missing="renormalize"/"impute": the share of weight each account has values for.
    coverage: Any = None
    #: wsm: accounts scored on partial data (coverage below 1).
    partial: int | None = None
    #: wsm, topsis: names of the criteria that were constant over the accounts.
    constant_criteria: list[str] = field(default_factory=list)
    #: wpm: accounts whose score is 0 because of a 0 on a benefit criterion.
    zero_scores: int | None = None
    distance_to_ideal: Any = None  #: topsis: D+
    distance_to_anti_ideal: Any = None  #: topsis: D-
    ideal: Any = None  #: topsis: the ideal weighted normalised value per criterion
    anti_ideal: Any = None  #: topsis: the anti-ideal weighted normalised value per criterion

    def to_frame(self) -> Any:
        """Returns the per-account results (scores and the other per-account fields) as a
        pandas DataFrame."""
        import pandas as pd

        cols = {"score": self.scores}
        for name in ("coverage", "distance_to_ideal", "distance_to_anti_ideal"):
            if getattr(self, name) is not None:
                cols[name] = getattr(self, name)
        index = self.scores.index if _is_series(self.scores) else None
        return pd.DataFrame({k: np.asarray(v) for k, v in cols.items()}, index=index)


#: kam::score_reference: what weighted-sum scores are relative to, per criterion (count, min,
#: max, mean, M2 and, for percentile_rank or median imputation, the sorted values). Fitted with
#: kam.fit_reference; ``merge(other)`` adds the reference of the rows after it (exact for counts,
#: min, max and sorted values; means and M2 to rounding); pickles; ``state()`` shows it.
ScoreReference = _kam.ScoreReference


def fit_reference(data: Any, criteria: CriteriaLike, *, missing: str = "reject",
                  impute: str = "mean", threads: int = 1) -> ScoreReference:
    """Returns the reference of ``data`` for ``criteria`` (kam::fit_reference): the statistics a
    weighted-sum score is relative to. Fit one per piece of a portfolio (partitions, files), merge
    them in row order (``a.merge(b)``), and score every piece against the merged reference with
    ``kam.score(piece, criteria, reference=merged)``: the scores are those of the whole portfolio
    scored at once, bit for bit where the criteria's normalisation reads only min, max or the
    sorted values (min_max, percentile_rank, fixed_range, none), to rounding where it reads the
    mean (z-score, mean imputation). ``data``, ``missing`` and ``impute`` as in kam.score.
    """
    items = criteria_from(criteria)
    fn = "kam.fit_reference"
    _check_threads(threads, fn)
    d = _Data(data, [c.name for c in items], fn)
    try:
        return _kam.fit_reference(d.matrix, _tuples(items), missing, impute, threads)
    except Error as err:
        raise d.labelled(err)


def score(data: Any, criteria: CriteriaLike, method: str = "wsm", *, missing: str = "reject",
          impute: str = "mean", scale: str = "unit", normalization: str | None = None,
          threads: int = 1, reference: ScoreReference | None = None,
          out: np.ndarray | tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
          ) -> ScoreResult:
    """Scores every account (row of ``data``) on ``criteria`` and returns a ScoreResult.

    Args:
        data: accounts x criteria. A numpy array (float32 or float64, C or Fortran order; read in
            place, no copy; other dtypes are converted to float64) with one column per criterion
            in order, or a pandas DataFrame whose columns are picked by criterion name (results
            are Series with its index).
        criteria: a list of kam.Criterion or of dicts with the same keys, e.g.
            ``{"name": "effort", "weight": 10, "direction": "cost"}``.
        method: ``"wsm"`` weighted sum (kam::score: each criterion normalised per its
            ``normalization``, cost criteria inverted, sum_j w_j v_ij); ``"wpm"`` weighted product
            (kam::weighted_product); ``"topsis"`` closeness to the ideal (kam::topsis).
        missing: wsm only: what a NaN does: ``"reject"`` (an error naming criterion and row),
            ``"renormalize"`` (score over the criteria present, weights re-normalised) or
            ``"impute"``. wpm and topsis always reject NaN.
        impute: wsm with missing="impute": ``"mean"``, ``"median"`` or ``"worst"``.
        scale: wsm: ``"unit"`` ([0, 1]) or ``"percent"`` ([0, 100]).
        normalization: wpm: ``"max"`` (default) or ``"none"``; topsis: ``"vector"`` (default,
            Hwang & Yoon), ``"min_max"`` or ``"none"``. Not used by wsm, whose criteria carry
            their own normalisation.
        threads: threads to spread the accounts over (1: the calling thread; 0: all hardware
            threads); results are the same, bit for bit, whatever the number.
        reference: wsm only: a kam.ScoreReference (kam.fit_reference, merged over the pieces of
            a portfolio) to score against, of the data's dtype. Default: fitted on ``data``.
        out: wsm and topsis: a numpy array to write the scores (topsis: the closeness) into,
            as numpy's ``out=``: 1-D, contiguous, writeable, of the matrix's dtype (float64, or
            float32 for float32 data), one element per account, not sharing memory with
            ``data``. The result's ``scores`` is then ``out`` itself (a Series over it for a
            DataFrame). For topsis, as for numpy's functions of several outputs, a tuple of
            three such arrays takes the closeness, distance_to_ideal and
            distance_to_anti_ideal. Pass the previous call's arrays to score portfolio after
            portfolio without allocating: at 10^7 accounts each fresh 80 MB result costs page
            faults that are a large part of the call. Default: new arrays per call.

    The reference (min, max, ... of each criterion) is fitted on ``data`` itself unless given.
    Raises kam.Error subclasses (ShapeMismatchError, NonFiniteValueError, OutOfBoundsError, ...)
    naming the function, criterion and row.
    """
    items = criteria_from(criteria)
    names = [c.name for c in items]
    fn = "kam.score"
    _check_threads(threads, fn)
    if method not in METHODS:
        raise _unknown(fn, "method", method, METHODS)
    if method == "wsm" and normalization is not None:
        raise InvalidInputError(
            f"{fn}: 'normalization': the weighted sum uses each criterion's own normalization",
            function=fn, field="normalization")
    if method != "wsm":
        for name, value, default in (("missing", missing, "reject"), ("impute", impute, "mean"),
                                     ("scale", scale, "unit")):
            if value != default:
                raise InvalidInputError(
                    f"{fn}: '{name}': applies to the weighted sum (method='wsm') only; "
                    f"{method} does not read it", function=fn, field=name)
    if reference is not None and method != "wsm":
        raise InvalidInputError(f"{fn}: 'reference': the weighted sum (method='wsm') only",
                                function=fn, field="reference")
    if out is not None and method == "wpm":
        raise InvalidInputError(f"{fn}: 'out': wsm and topsis only", function=fn, field="out")
    d = _Data(data, names, fn)
    outs = _outs(out, method, d.matrix, fn)
    try:
        if method == "wsm":
            if reference is None:
                r = _kam.wsm(d.matrix, _tuples(items), missing, impute, scale, threads, outs[0])
            else:
                r = _kam.wsm_against(d.matrix, _tuples(items), reference, missing, impute, scale,
                                     threads, outs[0])
            return ScoreResult(
                method, d.rows(r["scores"], "score"),
                coverage=None if r["coverage"] is None else d.rows(r["coverage"], "coverage"),
                partial=r["partial"],
                constant_criteria=[names[j] for j in r["constant_criteria"]])
        if method == "wpm":
            r = _kam.wpm(d.matrix, _tuples(items), normalization or "max", threads)
            return ScoreResult(method, d.rows(r["scores"], "score"),
                               zero_scores=r["zero_scores"])
        r = _kam.topsis(d.matrix, _tuples(items), normalization or "vector", threads, *outs)
        d.columns = names
        return ScoreResult(
            method, d.rows(r["scores"], "score"),
            constant_criteria=[names[j] for j in r["constant_criteria"]],
            distance_to_ideal=d.rows(r["distance_to_ideal"], "distance_to_ideal"),
            distance_to_anti_ideal=d.rows(r["distance_to_anti_ideal"], "distance_to_anti_ideal"),
            ideal=d.per_column(r["ideal"], "ideal"),
            anti_ideal=d.per_column(r["anti_ideal"], "anti_ideal"))
    except Error as err:
        raise d.labelled(err)


def _outs(out: Any, method: str, matrix: np.ndarray, fn: str) -> tuple:
    """Returns kam.score's ``out`` as (scores, distance_to_ideal, distance_to_anti_ideal), each
    checked, or None where not given."""
    if out is None:
        return (None, None, None)
    if isinstance(out, tuple):
        if method != "topsis" or len(out) != 3:
            raise InvalidInputError(
                f"{fn}: 'out': a tuple of three arrays is for topsis (closeness, "
                "distance_to_ideal, distance_to_anti_ideal)", function=fn, field="out")
        for a in out:
            _check_out(a, matrix, fn)
        if np.may_share_memory(out[0], out[1]) or np.may_share_memory(out[0], out[2]) \
                or np.may_share_memory(out[1], out[2]):
            raise InvalidInputError(f"{fn}: 'out': the three arrays share memory", function=fn,
                                    field="out")
        return out
    _check_out(out, matrix, fn)
    return (out, None, None)


def _check_out(out: Any, matrix: np.ndarray, fn: str) -> None:
    """Raises kam.InvalidInputError unless ``out`` can take one score per row of ``matrix``."""
    def bad(why: str) -> InvalidInputError:
        return InvalidInputError(f"{fn}: 'out': {why}", function=fn, field="out")

    if not isinstance(out, np.ndarray):
        raise bad(f"expected a numpy array, got {type(out).__name__}")
    if out.ndim != 1 or out.shape[0] != matrix.shape[0]:
        raise bad(f"expected shape ({matrix.shape[0]},), one score per account, got {out.shape}")
    if out.dtype != matrix.dtype:
        raise bad(f"expected {matrix.dtype}, the dtype of the data, got {out.dtype}")
    if not out.flags.c_contiguous:
        raise bad("not contiguous")
    if not out.flags.writeable:
        raise bad("read-only")
    if np.may_share_memory(out, matrix):
        raise bad("shares memory with the data")


def normalize(data: Any, criteria: CriteriaLike, *, missing: str = "reject",
              impute: str = "mean") -> Any:
    """Returns the directed, normalised value of every account on every criterion (N x K, on
    [0, 1], cost criteria inverted) as the weighted sum sees them, against ``data`` itself.

    ``data``, ``criteria``, ``missing`` and ``impute`` as in kam.score. Under
    missing="renormalize" a missing value stays NaN. A DataFrame in gives a DataFrame out (its
    index, the criterion names as columns).
    """
    items = criteria_from(criteria)
    d = _Data(data, [c.name for c in items], "kam.normalize")
    try:
        return d.table(_kam.normalize(d.matrix, _tuples(items), missing, impute))
    except Error as err:
        raise d.labelled(err)


def contributions(data: Any, criteria: CriteriaLike, *, missing: str = "reject",
                  impute: str = "mean", scale: str = "unit", threads: int = 1) -> Any:
    """Returns what each criterion adds to each account's weighted-sum score (N x K): w_j v_ij,
    scaled like the score; each row adds up to the account's ``score(...).scores`` with the same
    arguments. Arguments as in kam.score; a DataFrame in gives a DataFrame out."""
    items = criteria_from(criteria)
    _check_threads(threads, "kam.contributions")
    d = _Data(data, [c.name for c in items], "kam.contributions")
    try:
        return d.table(
            _kam.contributions(d.matrix, _tuples(items), missing, impute, scale, threads))
    except Error as err:
        raise d.labelled(err)


# --- ranks, selection, tiers ----------------------------------------------------------------


def ranks(scores: Any, ties: str = "min") -> Any:
    """Returns the rank of every account (1 = highest score), aligned with ``scores`` (an int64
    array, or a Series with the same index). ``ties``: ``"min"`` (1, 2, 2, 4), ``"dense"``
    (1, 2, 2, 3) or ``"ordinal"`` (input order breaks ties: 1, 2, 3, 4)."""
    a, index = _vector(scores)
    return _series(_kam.ranks(a, ties), index, "rank")


def top_k(scores: Any, k: int) -> Any:
    """Returns the positions of the ``k`` highest scores, best first (kam::top_k; equal scores in
    input order, the earlier row winning a place at the boundary; all of them when k exceeds the
    accounts): an int64 array, or the index labels for a Series. One read of the scores and
    O(k log k): at 10^7 accounts and k = 1000 several times faster than np.argpartition and a
    sort. Raises kam.InvalidInputError for k < 0 and for NaN scores."""
    a, index = _vector(scores)
    rows = _kam.top_k(a, int(k))
    return rows if index is None else index[rows]


@dataclass
class KeyAccountSelection:
    """The key accounts chosen by kam.select_key_accounts."""

    accounts: np.ndarray  #: 0-based positions of the key accounts, best first
    labels: Any  #: their index labels when the scores were a Series, else None
    eligible: int  #: accounts at or above the minimum score
    cut_by_cap: int  #: eligible accounts left out because of the cap
    tie_at_cap: bool  #: the cap cut through a tie (the earlier row was chosen)


def select_key_accounts(scores: Any, *, cap: int | None = None,
                        min_score: float | None = None) -> KeyAccountSelection:
    """Returns the key accounts: those scoring at least ``min_score`` (None: no minimum), best
    first, at most ``cap`` of them (None: no cap); ties at the cap go to the earlier row and are
    reported in ``tie_at_cap``."""
    a, index = _vector(scores)
    r = _kam.select_key_accounts(a, cap, min_score)
    labels = None if index is None else index[r["accounts"]]
    return KeyAccountSelection(r["accounts"], labels, r["eligible"], r["cut_by_cap"],
                               r["tie_at_cap"])


@dataclass
class Tiers:
    """Tiers by score bands: tier 1 is the top band."""

    tier: Any  #: per account, an int64 array or a Series with the scores' index
    counts: list[int]  #: counts[t - 1] = accounts in tier t


def tiers_by_bands(scores: Any, edges: Sequence[float]) -> Tiers:
    """Returns tiers by score bands: ``edges`` (strictly increasing) cut the score line into
    len(edges) + 1 bands, the top band being tier 1; a score exactly on an edge belongs to the
    band above it."""
    a, index = _vector(scores)
    r = _kam.tiers_by_bands(a, [float(e) for e in edges])
    return Tiers(_series(r["tier"], index, "tier"), r["counts"])


# --- weights --------------------------------------------------------------------------------


@dataclass
class AHPResult:
    """AHP priorities of one pairwise comparison matrix and its consistency."""

    weights: Any  #: priorities summing to 1 (a Series when the matrix was a labelled DataFrame)
    lambda_max: float  #: the principal eigenvalue
    consistency_index: float  #: CI = (lambda_max - n) / (n - 1); 0 for n <= 2
    random_index: float  #: the RI used
    consistency_ratio: float  #: CR = CI / RI
    consistent: bool  #: CR <= cr_threshold
    converged: bool  #: the power iteration met its tolerance
    iterations: int


def ahp(pairwise: Any, *, method: str = "eigenvector", cr_threshold: float = 0.10,
        random_index: Sequence[float] | None = None, reciprocal_tolerance: float = 0.05,
        max_iterations: int = 1000, tolerance: float = 1e-12) -> AHPResult:
    """Returns AHP priorities (Saaty) of the items compared in ``pairwise``.

    Args:
        pairwise: n x n, a_ij = how much more important item i is than item j (1-9 scale),
            a_ji = 1 / a_ij. A DataFrame's index labels the weights.
        method: ``"eigenvector"`` (principal eigenvector) or ``"geometric_mean"`` (row means).
        cr_threshold: a consistency ratio above this sets ``consistent=False`` (not an error).
        random_index: random_index[n - 1] is RI for n items; default Saaty's table
            (kam.saaty_random_index()).
        reciprocal_tolerance: |a_ij a_ji - 1| allowed (0.05 accepts 0.33 for 1/3).
        max_iterations, tolerance: the power iteration's limits.
    """
    labels = list(pairwise.index) if _is_frame(pairwise) else None
    m = _matrix(pairwise)
    r = _kam.ahp(m, method, cr_threshold, None if random_index is None else list(random_index),
                 reciprocal_tolerance, max_iterations, tolerance)
    weights = r.pop("weights")
    if labels is not None:
        import pandas as pd

        weights = pd.Series(weights, index=labels, name="weight")
    return AHPResult(weights=weights, **r)


def saaty_random_index() -> list[float]:
    """Returns Saaty's random consistency index for n = 1..15 (kam's default table)."""
    return _kam.saaty_random_index()


def rank_order_centroid(n: int) -> np.ndarray:
    """Returns the rank-order centroid weights of positions 1..n, most important first:
    w_k = (1/n) sum_{i=k..n} 1/i (Barron & Barrett 1996)."""
    return _kam.rank_order_centroid(n)


def rank_order_centroid_weights(ranks: Any) -> Any:
    """Returns ROC weights in criterion order from each criterion's importance rank (1 = most
    important); tied ranks share the weights of the positions they occupy. A Series of ranks
    (indexed by criterion name) gives a Series of weights."""
    index = ranks.index if _is_series(ranks) else None
    w = _kam.rank_order_centroid_weights([int(r) for r in np.asarray(ranks).tolist()])
    return _series(w, index, "weight")


@dataclass
class DerivedWeights:
    """Weights derived from data, one per column, summing to 1."""

    weights: Any  #: an array, or a Series indexed by column name for DataFrame input
    constant_criteria: list  #: columns whose values were all equal (weight 0), by name or position


def _derived(d: _Data, r: dict) -> DerivedWeights:
    const = r["constant_criteria"]
    if d.frame:
        const = [d.columns[j] for j in const]
    return DerivedWeights(d.per_column(r["weights"], "weight"), const)


def entropy_weights(data: Any, columns: Sequence[str] | None = None) -> DerivedWeights:
    """Returns Shannon-entropy weights of the columns of ``data`` (values >= 0): p_ij = x_ij /
    sum_i x_ij, e_j = -(1/ln m) sum_i p_ij ln p_ij, weights proportional to 1 - e_j.
    For a DataFrame, ``columns`` picks the columns (default all)."""
    d = _Data(data, None if columns is None else list(columns), "kam.entropy_weights")
    try:
        return _derived(d, _kam.entropy_weights(d.matrix))
    except Error as err:
        raise d.labelled(err)


def critic_weights(data: Any, criteria: CriteriaLike | Sequence[str]) -> DerivedWeights:
    """Returns CRITIC weights (Diakoulaki et al. 1995) of the columns of ``data``.

    ``criteria`` gives each column's direction: a list of criteria (their names pick a
    DataFrame's columns) or of direction strings ``"benefit"``/``"cost"``, one per column.
    """
    items = list(criteria)
    if items and all(isinstance(c, str) for c in items):
        names, directions = None, items
    else:
        crit = criteria_from(items)
        names, directions = [c.name for c in crit], [c.direction for c in crit]
    d = _Data(data, names if _is_frame(data) else None, "kam.critic_weights")
    try:
        return _derived(d, _kam.critic_weights(d.matrix, directions))
    except Error as err:
        raise d.labelled(err)


class WeightStatistics:
    """The mergeable sums entropy, CRITIC and standard-deviation weights need
    (kam::weight_statistics): per column ``count``, ``min``, ``max``, ``sum``, ``xlogx`` (sum of
    x ln x over x > 0) and ``mean``, and the K x K ``comoment`` matrix. Fit each piece of a
    portfolio with :func:`weight_statistics`, merge them in row order with :meth:`merge`, and
    derive the weights of the whole without holding it: equal to ``entropy_weights`` and
    ``critic_weights`` of the whole matrix to rounding (count, min and max exactly; the sums,
    means and co-moments to rounding, as Chan, Golub & LeVeque's pairwise update gives them).
    Pickles (its arrays); ``columns`` are a DataFrame's column names, else None."""

    def __init__(self, state: dict, dtype: str, columns: list | None = None) -> None:
        self._state = state
        self.dtype = dtype  #: "float64" or "float32", the dtype of the data
        self.columns = columns  #: the DataFrame's column names, or None

    def __getattr__(self, name: str) -> Any:
        if name in ("count", "min", "max", "sum", "xlogx", "mean", "comoment"):
            return self.__dict__["_state"][name]
        raise AttributeError(name)

    def __getstate__(self) -> dict:
        return {"state": self._state, "dtype": self.dtype, "columns": self.columns}

    def __setstate__(self, state: dict) -> None:
        self._state, self.dtype, self.columns = state["state"], state["dtype"], state["columns"]

    def __repr__(self) -> str:
        return f"WeightStatistics(count={self.count}, columns={len(self.mean)}, dtype={self.dtype})"

    def merge(self, other: "WeightStatistics") -> "WeightStatistics":
        """Merges the statistics of the rows after these (kam::weight_statistics::merge) into
        these; returns self. Raises ShapeMismatchError for another number of columns,
        InvalidInputError for another dtype or other column names."""
        fn = "kam.WeightStatistics.merge"
        if not isinstance(other, WeightStatistics):
            raise InvalidInputError(f"{fn}: 'other': not a WeightStatistics", function=fn,
                                    field="other")
        if other.dtype != self.dtype:
            raise InvalidInputError(f"{fn}: 'other': {other.dtype} statistics into {self.dtype} "
                                    "ones", function=fn, field="dtype")
        if self.columns is not None and other.columns is not None \
                and list(self.columns) != list(other.columns):
            raise InvalidInputError(f"{fn}: 'other': statistics of other columns", function=fn,
                                    field="columns")
        self._state = _kam.merge_weight_statistics(self._state, other._state, self.dtype)
        return self

    def _weights(self, kind: str, directions: list[str], ddof: int) -> DerivedWeights:
        r = _kam.weights_of_statistics(self._state, self.dtype, kind, directions, ddof)
        w = r["weights"]
        names = self.columns
        if names is not None:
            import pandas as pd

            w = pd.Series(w, index=list(names), name="weight")
        constant = [names[j] if names is not None else j for j in r["constant_criteria"]]
        return DerivedWeights(w, constant)

    def entropy_weights(self) -> DerivedWeights:
        """Shannon-entropy weights of the rows described (kam::entropy_weights of statistics):
        those of kam.entropy_weights on the whole matrix, to rounding."""
        return self._weights("entropy", [], 0)

    def critic_weights(self, criteria: CriteriaLike | Sequence[str]) -> DerivedWeights:
        """CRITIC weights of the rows described, one direction per column from ``criteria``
        (criteria or direction strings, as kam.critic_weights takes them)."""
        items = list(criteria)
        if items and all(isinstance(c, str) for c in items):
            directions = items
        else:
            directions = [c.direction for c in criteria_from(items)]
        return self._weights("critic", directions, 0)

    def std_dev_weights(self, ddof: int = 1) -> DerivedWeights:
        """Standard-deviation weights, w_j ~ sqrt(comoment_jj / (count - ddof))."""
        return self._weights("std_dev", [], int(ddof))


def weight_statistics(data: Any, columns: Sequence[str] | None = None) -> WeightStatistics:
    """Returns the WeightStatistics of the rows of ``data`` (a 2-D array, or a DataFrame whose
    ``columns``, default all, are read by name): kam::weight_statistics_builder, units of 4096
    rows merged in a fixed tree. Every value must be finite (NonFiniteValueError names the
    column and the row)."""
    fn = "kam.weight_statistics"
    d = _Data(data, None if columns is None else list(columns), fn)
    try:
        state = _kam.weight_statistics(d.matrix)
    except Error as err:
        raise d.labelled(err)
    return WeightStatistics(state, str(d.matrix.dtype), list(d.columns) if d.frame else None)


__all__ = [
    "Criterion", "benefit", "cost", "selection_catalogue", "criteria_from", "with_weights",
    "score", "ScoreResult", "ScoreReference", "fit_reference", "normalize", "contributions",
    "ranks", "top_k", "select_key_accounts",
    "KeyAccountSelection", "tiers_by_bands", "Tiers", "ahp", "AHPResult", "saaty_random_index",
    "rank_order_centroid", "rank_order_centroid_weights", "entropy_weights", "critic_weights",
    "DerivedWeights", "WeightStatistics", "weight_statistics", "ENUMS", "METHODS", "Error",
    "InvalidInputError", "ShapeMismatchError",
    "EmptyInputError", "NonFiniteValueError", "DuplicateNameError", "OutOfBoundsError",
    "UnknownNameError", "summarize_transactions", "fit_bgnbd", "BetaGeoFit", "fit_gamma_gamma",
    "GammaGammaFit", "clv_forecast", "ClvForecast", "fit_cox", "CoxFit", "logrank_test",
    "LogrankResult", "kaplan_meier", "KaplanMeier", "fit_sbg", "ShiftedBetaGeoFit", "fit_bgbb",
    "BetaGeoBetaBinomFit", "fit_pareto_nbd", "ParetoNBDFit", "cohorts", "CohortTable",
    "revenue_retention", "movements", "customer_retention_rate", "rescale_churn",
    "rescale_retention", "share_of_wallet", "wallet_allocation", "wallet_allocation_share",
    "quantiles", "BinField", "BinCodes", "QuantileBins",
    "fit_quantile_bins", "Rule", "parse_condition", "SegmentAssignment", "assign_segments",
    "KMeans", "portfolio_catalogue", "QuadrantGuide", "quadrant_guide", "KraljicResult",
    "kraljic", "kraljic_from_scores", "PreferencingResult", "preferencing", "PositionRule",
    "default_position_table", "PositionResult", "position", "MaturityResult", "maturity",
    "RelationshipResult", "relationship", "FocusResult", "focus", "plan_question",
    "PlanScores", "score_plans", "WhitespaceResult", "whitespace", "NextPlayResult",
    "next_best_play", "ObjectiveReview", "review_objectives", "KpiReview", "review_kpi",
    "HealthHistory", "track_health", "HealthChange", "explain_health_change", "find_at_risk",
    "expected_progress", "status_of", "health_band", "practice_text", "AssessmentResult",
    "assess_programme", "TrendFit", "fit_trend",
    "ContributionGap", "compare_accounts", "weight_sensitivity", "LeaveOneOutResult",
    "leave_one_criterion_out",
]

"""Retention models for Python: the transaction summary, BG/NBD, Gamma-Gamma and their CLV
forecast, Cox regression, the log-rank test and Kaplan-Meier (kam/retention/ in C++).

Vectors are numpy arrays, pandas Series or columns of a DataFrame; float32 and float64 are read in
place (the vectors of one call share a dtype: float32 when all are, else float64), other dtypes
are converted to float64. Per-account results follow the input: a Series in gives a Series with
the same index out. Names and conventions follow lifetimes and lifelines (``frequency``,
``recency``, ``T``, ``monetary_value``; ``summary`` with ``coef``, ``exp(coef)``, ...), so their
users can compare numbers directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from . import _kam
from ._errors import Error, InvalidInputError, ShapeMismatchError, UnknownNameError


def _is_frame(x: Any) -> bool:
    return type(x).__name__ == "DataFrame" and hasattr(x, "columns") and hasattr(x, "index")


def _is_series(x: Any) -> bool:
    return type(x).__name__ == "Series" and hasattr(x, "index")


def _index_of(*xs: Any) -> Any:
    """Returns the index of the first Series or DataFrame among ``xs``, else None."""
    for x in xs:
        if _is_series(x) or _is_frame(x):
            return x.index
    return None


def _raw(x: Any) -> np.ndarray:
    if _is_series(x):
        if x.dtype in (np.float32, np.float64):
            return x.to_numpy()
        return x.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.asarray(x)


def _floats(*xs: Any) -> list[np.ndarray]:
    """Returns the vectors as 1-D arrays of one dtype: float32 when every floating-point one is
    float32 (integer and bool vectors, e.g. event flags, are converted to it), else float64; an
    array of that dtype is the same memory (no copy)."""
    raws = [_raw(x) for x in xs]
    floats = [a.dtype for a in raws if np.issubdtype(a.dtype, np.floating)]
    dtype = np.float32 if floats and all(d == np.float32 for d in floats) else np.float64
    out = []
    for a in raws:
        if a.dtype == np.bool_ or a.dtype == object:
            a = a.astype(np.float64)
        out.append(np.asarray(a, dtype=dtype))
    return out


def _like(values: np.ndarray, index: Any, name: str) -> Any:
    if index is None:
        return values
    import pandas as pd

    return pd.Series(values, index=index, name=name)


def _labelled(err: Error, index: Any) -> Error:
    if index is not None and err.row is not None and 0 <= err.row < len(index):
        err.label = index[err.row]
    return err


def _codes(labels: Any, function: str, field_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Returns (int64 codes, the label of each code) of any labels: integers are their own codes;
    other labels (strings, categories, floats) are numbered in sorted order."""
    a = _raw(labels) if not _is_series(labels) else labels.to_numpy()
    if a.ndim != 1:
        raise ShapeMismatchError(f"{function}: '{field_name}': expected a 1-D vector of labels",
                                 function=function, field=field_name)
    if np.issubdtype(a.dtype, np.integer) or a.dtype == np.bool_:
        codes = a.astype(np.int64, copy=False)
        return codes, None
    try:
        uniques, codes = np.unique(a, return_inverse=True)
    except TypeError as exc:
        raise InvalidInputError(f"{function}: '{field_name}': labels that cannot be sorted: {exc}",
                                function=function, field=field_name) from None
    return codes.astype(np.int64), uniques


def _frame_columns(frame: Any, names: Sequence[str], function: str) -> list[Any]:
    out = []
    for name in names:
        if name not in frame.columns:
            err = UnknownNameError(
                f"{function}: '{name}': no such column in the DataFrame; columns: "
                + ", ".join(repr(str(c)) for c in frame.columns), function=function, field=name)
            err.name = name
            err.known = [str(c) for c in frame.columns]
            raise err
        out.append(frame[name])
    return out


def _check_choice(value: str, known: Sequence[str], function: str, field_name: str) -> None:
    if value not in known:
        err = UnknownNameError(
            f"{function}: '{field_name}': unknown name '{value}'; known: "
            + ", ".join(f"'{k}'" for k in known), function=function, field=field_name)
        err.name = value
        err.known = list(known)
        raise err


# --- the transaction summary ------------------------------------------------------------------


def _day_numbers(x: Any) -> tuple[Any, bool]:
    """Returns datetimes as days since 1970-01-01 (float64), and whether they were datetimes;
    time-zone aware ones are taken in UTC."""
    if _is_series(x) and getattr(x.dtype, "tz", None) is not None:
        x = x.dt.tz_convert("UTC").dt.tz_localize(None)
    a = x.to_numpy() if _is_series(x) else np.asarray(x)
    if np.issubdtype(a.dtype, np.datetime64):
        return (a - np.datetime64("1970-01-01")) / np.timedelta64(1, "D"), True
    return x, False


def _day_number(t: Any) -> float:
    if getattr(t, "tzinfo", None) is not None:  # an aware datetime or Timestamp: in UTC
        import pandas as pd

        t = pd.Timestamp(t).tz_convert("UTC").tz_localize(None)
    return float((np.datetime64(t, "ns") - np.datetime64("1970-01-01", "ns"))
                 / np.timedelta64(1, "D"))


def summarize_transactions(ids: Any, times: Any, amounts: Any, calibration_end: Any, *,
                           period: float = 1.0, unit: float = 1.0,
                           holdout_end: Any = None) -> Any:
    """Returns the per-account summary the repeat-buying models read (kam::summarize_transactions;
    lifetimes' ``summary_data_from_transaction_data`` / ``calibration_and_holdout_data``).

    Args:
        ids: the account of each transaction (integers, or any sortable labels: strings...).
        times: when (numbers in a unit of your choice, e.g. days; or numpy/pandas datetimes, read
            as days since 1970-01-01, so that ``period`` and ``unit`` are then in days).
        amounts: the value of each transaction (>= 0; net refunds out first).
        calibration_end: the end of the calibration period, in the unit of ``times`` (a date for
            datetimes: ``"1997-09-30"``); the period containing it is the last one summarised.
        period: the length of one purchase period in the unit of ``times`` (1 with days: several
            orders in one day are one transaction, as in the CDNOW data).
        unit: time units of ``times`` in one unit of the summary (7: days in, weeks out).
        holdout_end: optional end of a holdout period after ``calibration_end``: the summary then
            also counts each account's transactions in (calibration_end, holdout_end].

    Returns a pandas DataFrame indexed by account (ascending) with columns ``frequency`` (repeat
    purchase periods), ``recency`` (first to last period), ``T`` (first period to the calibration
    end's), ``monetary_value`` (mean repeat spend, 0 without a repeat) and, with a holdout,
    ``frequency_holdout``, ``monetary_value_holdout``, ``duration_holdout``; ``.attrs`` carries
    ``later_accounts`` (first purchase after the calibration end: not summarised),
    ``transactions``, ``same_period_orders`` and ``rows_after_end``. When no argument is a pandas
    object (and so pandas may be absent), the same as a dict of numpy arrays with an ``id`` key.
    Raises kam.Error subclasses naming the field and row (``label`` for Series input).
    """
    fn = "kam.summarize_transactions"
    use_pandas = any(_is_series(x) or _is_frame(x) for x in (ids, times, amounts))
    index = _index_of(ids, times, amounts)
    codes, uniques = _codes(ids, fn, "ids")
    times, dated = _day_numbers(times)
    if dated:
        calibration_end = _day_number(calibration_end)
        if holdout_end is not None:
            holdout_end = _day_number(holdout_end)
    t, m = _floats(times, amounts)
    t = np.ascontiguousarray(t, dtype=np.float64)
    m = np.ascontiguousarray(m, dtype=np.float64)
    try:
        r = _kam.summarize_transactions(np.ascontiguousarray(codes), t, m, float(calibration_end),
                                        float(period), float(unit),
                                        None if holdout_end is None else float(holdout_end))
    except Error as err:
        raise _labelled(err, index)
    if uniques is not None:
        r["id"] = uniques[r["id"]]
        r["later_accounts"] = list(uniques[np.asarray(r["later_accounts"], dtype=np.int64)])
    columns = ["frequency", "recency", "T", "monetary_value"]
    if holdout_end is not None:
        columns += ["frequency_holdout", "monetary_value_holdout"]
    if not use_pandas:
        out = {"id": r["id"], **{c: r[c] for c in columns}}
        if holdout_end is not None:
            out["duration_holdout"] = r["duration_holdout"]
        for k in ("later_accounts", "transactions", "same_period_orders", "rows_after_end"):
            out[k] = r[k]
        return out
    import pandas as pd

    name = ids.name if _is_series(ids) else "id"
    frame = pd.DataFrame({c: r[c] for c in columns}, index=pd.Index(r["id"], name=name))
    if holdout_end is not None:
        frame["duration_holdout"] = r["duration_holdout"]
    for k in ("later_accounts", "transactions", "same_period_orders", "rows_after_end"):
        frame.attrs[k] = r[k]
    return frame


# --- BG/NBD ------------------------------------------------------------------------------------


def _rfm(frequency: Any, recency: Any, T: Any, function: str) -> tuple[list[np.ndarray], Any]:
    if _is_frame(frequency) and recency is None and T is None:
        frequency, recency, T = _frame_columns(frequency, ["frequency", "recency", "T"], function)
    if recency is None or T is None:
        raise InvalidInputError(
            f"{function}: 'recency': pass frequency, recency and T (or one DataFrame with those "
            "columns)", function=function, field="recency")
    return _floats(frequency, recency, T), _index_of(frequency, recency, T)


@dataclass
class BetaGeoFit:
    """A fitted BG/NBD model (Fader, Hardie & Lee 2005; lifetimes' ``BetaGeoFitter``), in the
    time unit of the data it was fitted on."""

    r: float  #: shape of the transaction rate
    alpha: float  #: scale of the transaction rate (time units)
    a: float  #: first shape of the dropout probability
    b: float  #: second shape of the dropout probability
    log_likelihood: float
    status: str  #: "converged", "max_iterations" or "boundary" (see kam.ENUMS["fit_status"])
    converged: bool
    iterations: int
    gradient_norm: float
    #: asymptotic standard errors (None unless converged)
    std_error_r: float | None = None
    std_error_alpha: float | None = None
    std_error_a: float | None = None
    std_error_b: float | None = None
    accounts: int = 0

    @property
    def params(self) -> dict[str, float]:
        """``{"r": ..., "alpha": ..., "a": ..., "b": ...}`` (lifetimes' ``params_``)."""
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    def _tuple(self) -> tuple[float, float, float, float]:
        return (self.r, self.alpha, self.a, self.b)

    @property
    def summary(self) -> Any:
        """A DataFrame indexed by parameter with ``coef`` and ``se(coef)`` (lifetimes' summary)."""
        import pandas as pd

        se = [self.std_error_r, self.std_error_alpha, self.std_error_a, self.std_error_b]
        return pd.DataFrame({"coef": list(self._tuple()),
                             "se(coef)": [np.nan if s is None else s for s in se]},
                            index=pd.Index(["r", "alpha", "a", "b"], name="param"))

    def _per_account(self, what: int, t: float, frequency: Any, recency: Any, T: Any,
                     function: str, name: str) -> Any:
        (x, t_x, age), index = _rfm(frequency, recency, T, function)
        try:
            values = _kam.bgnbd_per_account(what, self._tuple(), float(t), x, t_x, age)
        except Error as err:
            raise _labelled(err, index)
        return _like(values, index, name)

    def p_alive(self, frequency: Any, recency: Any = None, T: Any = None) -> Any:
        """Returns, per account, P(still active at the end of observation) (kam::bgnbd_p_alive;
        lifetimes' ``conditional_probability_alive``). Arguments as for kam.fit_bgnbd."""
        return self._per_account(0, 0.0, frequency, recency, T, "kam.p_alive", "p_alive")

    def p_alive_ahead(self, t: float, frequency: Any, recency: Any = None, T: Any = None) -> Any:
        """Returns, per account, P(still active ``t`` time units after the end of observation,
        whatever it buys meanwhile) (kam::bgnbd_p_alive_ahead)."""
        return self._per_account(2, t, frequency, recency, T, "kam.p_alive_ahead",
                                 "p_alive_ahead")

    def conditional_expected_transactions(self, t: float, frequency: Any, recency: Any = None,
                                          T: Any = None) -> Any:
        """Returns, per account, the transactions expected in the next ``t`` time units given its
        history (kam::bgnbd_conditional_expected_transactions; lifetimes'
        ``conditional_expected_number_of_purchases_up_to_time``)."""
        return self._per_account(1, t, frequency, recency, T,
                                 "kam.conditional_expected_transactions", "expected_transactions")

    def expected_transactions(self, t: float) -> float:
        """Returns E[X(t)], the transactions a new account makes in its first ``t`` time units
        (kam::bgnbd_expected_transactions; lifetimes'
        ``expected_number_of_purchases_up_to_time``)."""
        return _kam.bgnbd_expected_transactions(self._tuple(), float(t))

    def log_likelihood_of(self, frequency: Any, recency: Any = None, T: Any = None) -> float:
        """Returns the BG/NBD log-likelihood of other accounts at these parameters."""
        (x, t_x, age), index = _rfm(frequency, recency, T, "kam.log_likelihood_of")
        try:
            return _kam.bgnbd_log_likelihood(self._tuple(), x, t_x, age)
        except Error as err:
            raise _labelled(err, index)


def fit_bgnbd(frequency: Any, recency: Any = None, T: Any = None, *, max_iterations: int = 200,
              tolerance: float = 1e-9) -> BetaGeoFit:
    """Fits the BG/NBD model by maximum likelihood (kam::fit_bgnbd; lifetimes' ``BetaGeoFitter``).

    Args:
        frequency: per account, repeat transactions x (whole numbers >= 0); or a DataFrame with
            columns ``frequency``, ``recency`` and ``T`` (kam.summarize_transactions' output), the
            other two arguments then omitted.
        recency: time from the first to the last transaction t_x (0 when x = 0).
        T: time from the first transaction to the end of observation (>= recency; the C++ field
            ``age``). recency and T in one unit (days, weeks): the fit's time unit.
        max_iterations: damped Newton iterations (>= 1).
        tolerance: convergence on the gradient per account in log-parameters (> 0).

    Returns a BetaGeoFit (r, alpha, a, b, log_likelihood, status, standard errors, and the
    predictions p_alive, conditional_expected_transactions, ...). Not converging is not an error:
    see ``status``. Raises kam.Error subclasses naming the field and row of bad input.
    """
    (x, t_x, age), index = _rfm(frequency, recency, T, "kam.fit_bgnbd")
    try:
        r = _kam.fit_bgnbd(x, t_x, age, int(max_iterations), float(tolerance))
    except Error as err:
        raise _labelled(err, index)
    return BetaGeoFit(**r)


# --- Gamma-Gamma and CLV ---------------------------------------------------------------------


def _spend(frequency: Any, monetary_value: Any, function: str) -> tuple[list[np.ndarray], Any]:
    if _is_frame(frequency) and monetary_value is None:
        frequency, monetary_value = _frame_columns(frequency, ["frequency", "monetary_value"],
                                                   function)
    if monetary_value is None:
        raise InvalidInputError(
            f"{function}: 'monetary_value': pass frequency and monetary_value (or one DataFrame "
            "with those columns)", function=function, field="monetary_value")
    return _floats(frequency, monetary_value), _index_of(frequency, monetary_value)


@dataclass
class GammaGammaFit:
    """A fitted Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; lifetimes'
    ``GammaGammaFitter``)."""

    p: float  #: shape of one transaction's value
    q: float  #: shape of the accounts' scale
    gamma: float  #: scale of the accounts' scale (money)
    log_likelihood: float
    status: str
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_p: float | None = None
    std_error_q: float | None = None
    std_error_gamma: float | None = None
    accounts: int = 0  #: accounts fitted: those with a repeat transaction
    skipped: int = 0  #: accounts with frequency 0 (no spend information)
    #: correlation of frequency and mean spend over the accounts fitted (the model assumes 0)
    frequency_spend_correlation: float = 0.0
    independence_doubtful: bool = False  #: |correlation| >= correlation_warning

    @property
    def params(self) -> dict[str, float]:
        """``{"p": ..., "q": ..., "v": ...}`` in lifetimes' names (v is gamma)."""
        return {"p": self.p, "q": self.q, "v": self.gamma}

    def _tuple(self) -> tuple[float, float, float]:
        return (self.p, self.q, self.gamma)

    def mean_spend(self) -> float:
        """Returns the population mean value of a transaction, p gamma / (q - 1)."""
        return _kam.gamma_gamma_mean_spend(self._tuple())

    def expected_spend(self, frequency: Any, monetary_value: Any = None) -> Any:
        """Returns, per account, the expected value of its future transactions
        (kam::gamma_gamma_expected_spend; lifetimes' ``conditional_expected_average_profit``);
        the population mean for frequency 0."""
        (x, m), index = _spend(frequency, monetary_value, "kam.expected_spend")
        try:
            return _like(_kam.gamma_gamma_expected_spend(self._tuple(), x, m), index,
                         "expected_spend")
        except Error as err:
            raise _labelled(err, index)


def fit_gamma_gamma(frequency: Any, monetary_value: Any = None, *, max_iterations: int = 200,
                    tolerance: float = 1e-9, correlation_warning: float = 0.3) -> GammaGammaFit:
    """Fits the Gamma-Gamma spend model by maximum likelihood (kam::fit_gamma_gamma).

    Args:
        frequency: per account, repeat transactions (whole numbers >= 0); accounts with 0 are
            skipped. Or a DataFrame with columns ``frequency`` and ``monetary_value``.
        monetary_value: the mean value of the repeat transactions (> 0 where frequency > 0).
        max_iterations, tolerance: the damped Newton search's limits.
        correlation_warning: |corr(frequency, monetary_value)| from which
            ``independence_doubtful`` is set (the model assumes independence).
    """
    (x, m), index = _spend(frequency, monetary_value, "kam.fit_gamma_gamma")
    try:
        r = _kam.fit_gamma_gamma(x, m, int(max_iterations), float(tolerance),
                                 float(correlation_warning))
    except Error as err:
        raise _labelled(err, index)
    return GammaGammaFit(**r)


@dataclass
class ClvForecast:
    """A CLV forecast per account (Series for pandas input) and in total."""

    value: Any  #: discounted margin x spend over the horizon
    expected_transactions: Any  #: over the whole horizon, undiscounted
    expected_spend: Any  #: per transaction
    total_value: float

    def to_frame(self) -> Any:
        """Returns the per-account columns as a DataFrame."""
        import pandas as pd

        index = self.value.index if _is_series(self.value) else None
        return pd.DataFrame({"value": np.asarray(self.value),
                             "expected_transactions": np.asarray(self.expected_transactions),
                             "expected_spend": np.asarray(self.expected_spend)}, index=index)


def clv_forecast(transactions: BetaGeoFit, spend: GammaGammaFit, frequency: Any,
                 recency: Any = None, T: Any = None, monetary_value: Any = None, *,
                 model_unit_days: float, period_days: float, periods: int = 12,
                 discount_rate: float = 0.0, margin: float = 1.0) -> ClvForecast:
    """Returns each account's lifetime value over a horizon (kam::clv_forecast): BG/NBD's expected
    transactions per discount period, valued at Gamma-Gamma's expected spend, discounted.

    Args:
        transactions: a BetaGeoFit (kam.fit_bgnbd).
        spend: a GammaGammaFit (kam.fit_gamma_gamma).
        frequency, recency, T, monetary_value: per account, as for the fits; or one DataFrame
            with those four columns (kam.summarize_transactions' output).
        model_unit_days: days in one time unit of recency and T (7 for weeks, 1 for days).
            Required, no default: a model fitted on weeks read as days is the classic silent
            error (lifetimes assumes days unless told).
        period_days: days in one discount period (30: lifetimes' month; 365.25 / 12; 7).
            Required.
        periods: the horizon in discount periods (1 to 1200).
        discount_rate: per discount period (> -1; 0.01 is 1 % a period).
        margin: the share of spend that is value (>= 0).

    With model_unit_days=1, period_days=30 this is lifetimes'
    ``customer_lifetime_value(..., time=periods, discount_rate=d, freq="D")``.
    """
    fn = "kam.clv_forecast"
    if _is_frame(frequency) and recency is None and T is None and monetary_value is None:
        frequency, recency, T, monetary_value = _frame_columns(
            frequency, ["frequency", "recency", "T", "monetary_value"], fn)
    if recency is None or T is None or monetary_value is None:
        raise InvalidInputError(
            f"{fn}: 'recency': pass frequency, recency, T and monetary_value (or one DataFrame "
            "with those columns)", function=fn, field="recency")
    x, t_x, age, m = _floats(frequency, recency, T, monetary_value)
    index = _index_of(frequency, recency, T, monetary_value)
    try:
        r = _kam.clv_forecast(transactions._tuple(), spend._tuple(), x, t_x, age, m,
                              float(model_unit_days), float(period_days), int(periods),
                              float(discount_rate), float(margin))
    except Error as err:
        raise _labelled(err, index)
    return ClvForecast(_like(r["value"], index, "clv"),
                       _like(r["expected_transactions"], index, "expected_transactions"),
                       _like(r["expected_spend"], index, "expected_spend"), r["total_value"])


# --- Cox -------------------------------------------------------------------------------------


def _covariate_matrix(covariates: Any, names: list[str] | None, function: str) -> np.ndarray:
    """Returns the covariates as a 2-D float32/float64 array read in place when possible."""
    from . import _Data

    return _Data(covariates, names, function).matrix


@dataclass
class CoxFit:
    """A fitted Cox proportional hazards model (kam::fit_cox; lifelines' ``CoxPHFitter``).

    Per-covariate vectors are Series indexed by covariate name (the DataFrame's columns, or
    ``x0, x1, ...`` for an array).
    """

    coefficients: Any  #: beta, the log hazard ratio per unit (per sd with standardize=True)
    std_error: Any
    z: Any
    p_value: Any
    lower: Any  #: confidence interval of beta
    upper: Any
    hazard_ratio: Any  #: exp(beta)
    covariance: Any  #: inverse information, a DataFrame covariate x covariate
    log_likelihood: float
    log_likelihood_null: float
    lr_chi_square: float  #: likelihood-ratio test against beta = 0
    lr_degrees_of_freedom: int
    lr_p_value: float
    concordance: float  #: Harrell's C
    status: str
    converged: bool
    iterations: int
    accounts: int
    events: float
    strata: int
    means: Any  #: covariate means (weighted): the baseline account
    scales: Any  #: the sds with standardize=True, else 1
    baseline_stratum: np.ndarray  #: stratum code of each baseline entry
    baseline_time: np.ndarray
    baseline_cumulative_hazard: np.ndarray
    names: list[str] = field(default_factory=list)  #: covariate names, in order
    ties: str = "efron"
    standardize: bool = False
    confidence: float = 0.95
    #: the stratum labels in code order when strata were not integers, else None
    strata_labels: Any = None

    @property
    def summary(self) -> Any:
        """A DataFrame indexed by covariate with columns ``coef``, ``exp(coef)``, ``se``, ``z``,
        ``p``, ``lower``, ``upper`` (the interval of coef at ``confidence``), like lifelines'
        ``CoxPHFitter.summary``."""
        import pandas as pd

        return pd.DataFrame({"coef": np.asarray(self.coefficients),
                             "exp(coef)": np.asarray(self.hazard_ratio),
                             "se": np.asarray(self.std_error), "z": np.asarray(self.z),
                             "p": np.asarray(self.p_value), "lower": np.asarray(self.lower),
                             "upper": np.asarray(self.upper)},
                            index=pd.Index(self.names, name="covariate"))

    def _model(self) -> dict:
        return {"coefficients": np.asarray(self.coefficients, dtype=np.float64),
                "means": np.asarray(self.means, dtype=np.float64),
                "scales": np.asarray(self.scales, dtype=np.float64),
                "baseline_time": self.baseline_time,
                "baseline_cumulative_hazard": self.baseline_cumulative_hazard,
                "baseline_stratum": self.baseline_stratum, "strata": self.strata}

    def _rows(self, covariates: Any, function: str) -> tuple[np.ndarray, Any]:
        if _is_frame(covariates):
            return _covariate_matrix(covariates, list(self.names), function), covariates.index
        return _covariate_matrix(covariates, None, function), None

    def partial_hazard(self, covariates: Any) -> Any:
        """Returns, per row of ``covariates`` (a DataFrame with the fit's columns, picked by
        name, or an array with them in order), exp(((x - means) / scales)' beta): its hazard
        relative to the mean account (lifelines' ``predict_partial_hazard``)."""
        x, index = self._rows(covariates, "kam.partial_hazard")
        try:
            return _like(_kam.cox_partial_hazard(self._model(), x), index, "partial_hazard")
        except Error as err:
            raise _labelled(err, index)

    def survival(self, covariates: Any, times: Any, strata: Any = None) -> Any:
        """Returns S(t | x) = exp(-H0(t) partial_hazard(x)): one row per account of
        ``covariates``, one column per time of ``times`` (>= 0). A stratified fit needs each
        account's stratum (labels as given to kam.fit_cox). An array, or a DataFrame (the
        accounts' index; the times as columns) for DataFrame covariates. Note: lifelines'
        ``predict_survival_function`` returns the transpose (times x accounts)."""
        fn = "kam.survival"
        x, index = self._rows(covariates, fn)
        (t,) = _floats(times)
        t = np.asarray(t, dtype=x.dtype)
        s = None
        if strata is not None:
            s = self._strata_codes(strata, fn)
        try:
            values = _kam.cox_survival(self._model(), x, t, s)
        except Error as err:
            raise _labelled(err, index)
        if index is None:
            return values
        import pandas as pd

        return pd.DataFrame(values, index=index, columns=np.asarray(times))

    def _strata_codes(self, strata: Any, function: str) -> np.ndarray:
        if self.strata_labels is None:
            codes, _ = _codes(strata, function, "strata")
            return codes
        lookup = {label: k for k, label in enumerate(self.strata_labels.tolist())}
        values = _raw(strata) if not _is_series(strata) else strata.to_numpy()
        out = np.empty(len(values), dtype=np.int64)
        for i, v in enumerate(values.tolist()):
            if v not in lookup:
                raise InvalidInputError(
                    f"{function}: 'strata', row {i}: stratum {v!r} is not one of the fit's",
                    function=function, field="strata", row=i)
            out[i] = lookup[v]
        return out


def fit_cox(times: Any, events: Any, covariates: Any, weights: Any = None, strata: Any = None,
            ties: str = "efron", standardize: bool = False, *, max_iterations: int = 100,
            tolerance: float = 1e-12, confidence: float = 0.95) -> CoxFit:
    """Fits a Cox proportional hazards model (kam::fit_cox, kam::fit_cox_stratified): the hazard
    of account i is h0(t) exp(x_i' beta); the same estimates as lifelines' CoxPHFitter, R's coxph
    and statsmodels' PHReg.

    Args:
        times: lifetimes (tenure in any unit, > 0), a vector; or, with a DataFrame
            ``covariates``, the name of its column (then left out of the covariates).
        events: 1 = churned at that time, 0 = still a customer when last seen (right-censored);
            bool or numbers; or a column name as for ``times``.
        covariates: accounts x covariates: a DataFrame (its columns by name, kept in the result:
            ``fit.summary`` is indexed by them) or a 2-D array (C or Fortran order, float32 or
            float64, read in place; names ``x0, x1, ...``).
        weights: optional case weight per account (>= 0), or a column name.
        strata: optional stratum per account (any labels: integers, strings) or a column name:
            each stratum gets its own baseline hazard, the coefficients are shared.
        ties: ``"efron"`` (lifelines' and R's default) or ``"breslow"`` (statsmodels' default).
        standardize: report coefficients per standard deviation of each covariate (the sds in
            ``fit.scales``); likelihood, tests and predictions do not change.
        max_iterations: Newton-Raphson iterations (1 to 10000).
        tolerance: convergence tolerance on the Newton decrement (> 0).
        confidence: level of the coefficients' confidence intervals, in (0, 1).

    Returns a CoxFit: coefficients, std_error, z, p_value, lower, upper, hazard_ratio (Series by
    covariate), ``summary`` (DataFrame), log-likelihoods, the likelihood-ratio test, concordance,
    the baseline cumulative hazard, and ``partial_hazard`` / ``survival`` for new accounts.
    Separation is not an error: ``status == "boundary"``, the standard errors are NaN. Raises
    kam.Error subclasses naming the function, field and row (``label``: the index label, for
    pandas input); for a covariate, ``index`` is its column position and ``field`` its name for
    a DataFrame (``"covariates"`` for an array).
    """
    fn = "kam.fit_cox"
    _check_choice(ties, _kam.enum_names()["cox_ties"], fn, "ties")
    frame = _is_frame(covariates)
    if frame:
        named = {k: v for k, v in (("times", times), ("events", events), ("weights", weights),
                                   ("strata", strata)) if isinstance(v, str)}
        taken = _frame_columns(covariates, list(named.values()), fn)
        picked = dict(zip(named, taken))
        times = picked.get("times", times)
        events = picked.get("events", events)
        weights = picked.get("weights", weights)
        strata = picked.get("strata", strata)
        names = [c for c in covariates.columns if c not in set(named.values())]
        x = _covariate_matrix(covariates, names, fn)
        index = covariates.index
    else:
        x = _covariate_matrix(covariates, None, fn)
        if x.ndim != 2:
            raise ShapeMismatchError(f"{fn}: 'covariates': expected a 2-D array, got "
                                     f"{x.ndim}-D", function=fn, field="covariates")
        names = [f"x{j}" for j in range(x.shape[1])]
        index = _index_of(times, events)
    vectors = [times, events] + ([] if weights is None else [weights])
    converted = [np.asarray(a, dtype=x.dtype) for a in _floats(*vectors)]
    t, e = converted[0], converted[1]
    w = converted[2] if weights is not None else None
    s, labels = (None, None) if strata is None else _codes(strata, fn, "strata")
    try:
        r = _kam.fit_cox(t, e, x, w, s, ties, bool(standardize), int(max_iterations),
                         float(tolerance), float(confidence))
    except Error as err:
        if frame and err.field == "covariates" and err.index is not None \
                and err.index < len(names):
            err.field = str(names[err.index])  # the column's name, as kam.score names criteria
        raise _labelled(err, index)
    per = {}
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional for array input
        pd = None
    for k in ("coefficients", "std_error", "z", "p_value", "lower", "upper", "hazard_ratio",
              "means", "scales"):
        per[k] = r.pop(k) if pd is None else pd.Series(r.pop(k), index=names, name=k)
    cov = r.pop("covariance")
    if pd is not None:
        cov = pd.DataFrame(cov, index=names, columns=names)
    return CoxFit(covariance=cov, names=list(names), ties=ties, standardize=bool(standardize),
                  confidence=float(confidence), strata_labels=labels, **per, **r)


# --- log-rank and Kaplan-Meier -----------------------------------------------------------------


@dataclass
class LogrankResult:
    """The k-sample log-rank test (or a weighted relative): per group and overall."""

    groups: Any  #: the group labels, sorted
    accounts: np.ndarray  #: accounts per group
    observed: np.ndarray  #: events per group (O)
    expected: np.ndarray  #: expected events per group under equal hazards (E)
    chi_square: float  #: the statistic (lifelines' ``test_statistic``)
    degrees_of_freedom: int
    p_value: float
    weighting: str = "logrank"

    @property
    def test_statistic(self) -> float:
        """The chi-square statistic, under lifelines' name."""
        return self.chi_square

    @property
    def summary(self) -> Any:
        """A DataFrame indexed by group with ``accounts``, ``observed`` and ``expected``."""
        import pandas as pd

        return pd.DataFrame({"accounts": self.accounts, "observed": self.observed,
                             "expected": self.expected},
                            index=pd.Index(list(self.groups), name="group"))


def logrank_test(times: Any, events: Any, groups: Any, weighting: str = "logrank", *,
                 rho: float = 1.0) -> LogrankResult:
    """Tests whether groups of accounts churn at the same rate over time (kam::logrank_test; the
    numbers of statsmodels' and R's survdiff; lifelines' ``multivariate_logrank_test``).

    Args:
        times: lifetimes (>= 0).
        events: 1 = churned at that time, 0 = censored.
        groups: the group of each account: any labels (integers, strings, a categorical), two or
            more distinct.
        weighting: ``"logrank"`` (w = 1), ``"gehan_breslow"`` (w = n at risk; the generalised
            Wilcoxon), ``"tarone_ware"`` (sqrt(n)) or ``"fleming_harrington"`` (S(t-)^rho).
        rho: Fleming-Harrington's rho (>= 0).

    Returns a LogrankResult (chi_square, degrees_of_freedom, p_value, and per group the
    accounts, observed and expected events; ``summary`` as a DataFrame).
    """
    fn = "kam.logrank_test"
    _check_choice(weighting, _kam.enum_names()["weighting"], fn, "weighting")
    index = _index_of(times, events, groups)
    t, e = _floats(times, events)
    codes, labels = _codes(groups, fn, "groups")
    try:
        r = _kam.logrank_test(t, e, codes, weighting, float(rho))
    except Error as err:
        raise _labelled(err, index)
    g = r.pop("groups")
    return LogrankResult(groups=g if labels is None else labels[g], weighting=weighting, **r)


@dataclass
class KaplanMeier:
    """A Kaplan-Meier curve, one entry per distinct event time (lifelines' ``KaplanMeierFitter``
    with its log-log band; R's survfit with conf.type = "log-log")."""

    time: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    survival: np.ndarray
    std_error: np.ndarray  #: Greenwood
    lower: np.ndarray  #: log-log band
    upper: np.ndarray
    median: float | None  #: the median lifetime (None if S never reaches 1/2)
    confidence: float
    total: float
    total_events: float

    def survival_at(self, t: Any) -> Any:
        """Returns S(t) (a float, or an array for an array of times): 1 before the first event
        time, else the survival at the last event time <= t."""
        k = np.searchsorted(self.time, np.asarray(t, dtype=self.time.dtype), side="right")
        values = np.where(k == 0, 1.0, self.survival[np.maximum(k - 1, 0)])
        return float(values) if np.ndim(values) == 0 else values

    def to_frame(self) -> Any:
        """Returns the curve as a DataFrame indexed by time (lifelines'
        ``survival_function_`` with at-risk counts, events, errors and the band)."""
        import pandas as pd

        return pd.DataFrame({"at_risk": self.at_risk, "events": self.events,
                             "survival": self.survival, "std_error": self.std_error,
                             "lower": self.lower, "upper": self.upper},
                            index=pd.Index(self.time, name="time"))


def kaplan_meier(times: Any, events: Any, weights: Any = None, *,
                 confidence: float = 0.95) -> KaplanMeier:
    """Returns the Kaplan-Meier estimate of survival (kam::kaplan_meier) from lifetimes ``times``
    (>= 0) and ``events`` (1 = churned, 0 = censored), optionally weighted (``weights`` >= 0:
    at-risk and event counts become sums of weights), with Greenwood standard errors and a
    pointwise log-log band at ``confidence``."""
    index = _index_of(times, events, weights)
    vectors = _floats(times, events) if weights is None else _floats(times, events, weights)
    try:
        r = _kam.kaplan_meier(vectors[0], vectors[1],
                              None if weights is None else vectors[2], float(confidence))
    except Error as err:
        raise _labelled(err, index)
    return KaplanMeier(**r)


__all__ = [
    "summarize_transactions", "fit_bgnbd", "BetaGeoFit", "fit_gamma_gamma", "GammaGammaFit",
    "clv_forecast", "ClvForecast", "fit_cox", "CoxFit", "logrank_test", "LogrankResult",
    "kaplan_meier", "KaplanMeier",
]

"""More retention models for Python: the shifted-beta-geometric model (sBG), BG/BB, Pareto/NBD,
revenue tables (cohorts, GRR/NRR/CRR per window, revenue movements, churn and retention
rates) and share of wallet as DataFrame in, DataFrame out (kam/retention/ in C++).

Vectors follow kam._retention's rules (one dtype per call, float32 or float64 read in place,
per-account results with the input's index). Revenue tables are accounts x periods: a DataFrame
(its columns are the periods, in order; its index the accounts) or a 2-D array.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _kam
from ._errors import Error, InvalidInputError
from ._retention import (
    _check_choice,
    _floats,
    _frame_columns,
    _index_of,
    _is_frame,
    _is_series,
    _labelled,
    _like,
    _rfm,
)


def _matrix(data: Any, function: str) -> tuple[np.ndarray, Any, Any]:
    """Returns (2-D float array read in place when possible, row index, column labels)."""
    from . import _Data

    d = _Data(data, None, function)
    columns = list(data.columns) if d.frame else None
    return d.matrix, d.index, columns


def _period_label(columns: Any, k: Any) -> Any:
    return k if columns is None else columns[int(k)]


# --- sBG -----------------------------------------------------------------------------------------


def _alive(alive: Any) -> tuple[np.ndarray, Any]:
    """Returns the cohorts as a 2-D array (one cohort per row) and the row index, if any."""
    if _is_series(alive):
        a = alive.to_numpy()
        return (a if a.dtype in (np.float32, np.float64) else a.astype(np.float64))[None, :], None
    if _is_frame(alive):
        m, index, _ = _matrix(alive, "kam.fit_sbg")
        return m, index
    a = np.asarray(alive)
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    return (a[None, :] if a.ndim == 1 else a), None


@dataclass
class ShiftedBetaGeoFit:
    """A fitted shifted-beta-geometric model (Fader & Hardie 2007, "How to project customer
    retention"): each account churns at the end of a period with its own probability theta ~
    Beta(alpha, beta). Periods are those of the cohort counts it was fitted on."""

    alpha: float
    beta: float
    log_likelihood: float
    status: str  #: "converged", "max_iterations" or "boundary" (not an error)
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_alpha: float | None = None  #: None unless converged
    std_error_beta: float | None = None
    cohorts: int = 0  #: cohorts fitted
    periods: int = 0  #: the longest cohort's observed renewals
    accounts: float = 0.0  #: accounts at age 0, over the cohorts
    #: E[T] = (alpha + beta - 1) / (alpha - 1) when alpha > 1; None: the mean is infinite
    mean_lifetime: float | None = None

    @property
    def params(self) -> dict[str, float]:
        """``{"alpha": ..., "beta": ...}``."""
        return {"alpha": self.alpha, "beta": self.beta}

    @property
    def summary(self) -> Any:
        """A DataFrame indexed by parameter with ``coef`` and ``se(coef)``."""
        import pandas as pd

        se = [self.std_error_alpha, self.std_error_beta]
        return pd.DataFrame({"coef": [self.alpha, self.beta],
                             "se(coef)": [np.nan if s is None else s for s in se]},
                            index=pd.Index(["alpha", "beta"], name="param"))

    def _pair(self) -> tuple[float, float]:
        return (self.alpha, self.beta)

    def survival(self, horizon: int) -> np.ndarray:
        """Returns S(0), ..., S(horizon): the share of a cohort alive after t periods
        (kam::sbg_survival; S(0) = 1). Multiply by the cohort's size for expected counts."""
        return _kam.sbg_curve(0, self._pair(), int(horizon))

    def retention(self, horizon: int) -> np.ndarray:
        """Returns r_1, ..., r_horizon, the retention rate of each period, (beta + t - 1) /
        (alpha + beta + t - 1) (kam::sbg_retention): it rises as churn-prone accounts leave."""
        return _kam.sbg_curve(1, self._pair(), int(horizon))

    def discounted_lifetime(self, discount: float) -> float:
        """Returns DEL, the discounted expected lifetime of a new account in payments (one at
        acquisition, one per renewal), at ``discount`` per period (> 0)
        (kam::sbg_discounted_lifetime; Fader & Hardie 2010). CLV = payment x DEL."""
        return _kam.sbg_lifetime(self._pair(), float(discount), 0, False)

    def discounted_residual_lifetime(self, discount: float, renewals: int) -> float:
        """Returns DERL of an account that has made ``renewals`` renewals, as it faces its next
        renewal decision (kam::sbg_discounted_residual_lifetime; Fader & Hardie 2010, eq. 6)."""
        return _kam.sbg_lifetime(self._pair(), float(discount), int(renewals), True)

    def log_likelihood_of(self, alive: Any) -> float:
        """Returns the sBG log-likelihood of cohorts (as for kam.fit_sbg) at these parameters."""
        a, index = _alive(alive)
        try:
            return _kam.sbg_log_likelihood(self._pair(), a)
        except Error as err:
            raise _labelled(err, index)


def fit_sbg(alive: Any, *, max_iterations: int = 200, tolerance: float = 1e-9) -> ShiftedBetaGeoFit:
    """Fits the shifted-beta-geometric model to cohort counts by maximum likelihood
    (kam::fit_sbg; Fader & Hardie 2007).

    Args:
        alive: accounts alive by age, n_0 (the cohort at acquisition), n_1, ..., n_T: a 1-D array
            or Series is one cohort; a 2-D array or DataFrame holds one cohort per row (columns
            ages 0, 1, ...), trailing NaN for periods not observed yet (Fader & Hardie's
            multi-cohort layout; kam.cohorts' ``survived`` table is such a frame). All cohorts
            share alpha and beta.
        max_iterations: Newton / Levenberg-Marquardt iterations (1 to 10000).
        tolerance: convergence on the gradient per account (> 0).

    Returns a ShiftedBetaGeoFit (alpha, beta, log_likelihood, status, standard errors;
    ``survival``, ``retention``, ``discounted_lifetime``). Not converging is not an error (see
    ``status``). Raises kam.Error subclasses naming the cohort (``row``; ``label`` for a
    DataFrame) and the period (``index``... in the message): EmptyInputError, InvalidInputError
    (counts that increase, are negative or have a gap), NonFiniteValueError.
    """
    a, index = _alive(alive)
    try:
        r = _kam.fit_sbg(a, int(max_iterations), float(tolerance))
    except Error as err:
        raise _labelled(err, index)
    return ShiftedBetaGeoFit(**r)


# --- BG/BB ---------------------------------------------------------------------------------------


def _bgbb_table(frequency: Any, recency: Any, n: Any, count: Any, function: str,
                with_count: bool) -> tuple[list[np.ndarray], Any]:
    if _is_frame(frequency) and recency is None and n is None:
        frame = frequency
        names = ["frequency", "recency", "n"]
        if "n" not in frame.columns and "periods" in frame.columns:
            names[2] = "periods"  # lifetimes' donation data
        frequency, recency, n = _frame_columns(frame, names, function)
        if with_count and count is None:
            for c in ("count", "weights"):
                if c in frame.columns:
                    count = frame[c]
                    break
    if recency is None or n is None:
        raise InvalidInputError(
            f"{function}: 'recency': pass frequency, recency and n (or one DataFrame with those "
            "columns)", function=function, field="recency")
    vectors = [frequency, recency, n]
    if with_count:
        if count is None:
            count = np.ones(len(_floats(frequency)[0]))
        vectors.append(count)
    return _floats(*vectors), _index_of(*vectors)


@dataclass
class BetaGeoBetaBinomFit:
    """A fitted BG/BB model (Fader, Hardie & Shang 2010; lifetimes' ``BetaGeoBetaBinomFitter``)
    of accounts with discrete opportunities to transact (a yearly renewal window, an annual
    event): p ~ Beta(alpha, beta) to transact at each opportunity while active, theta ~
    Beta(gamma, delta) to drop out before each."""

    alpha: float
    beta: float
    gamma: float
    delta: float
    log_likelihood: float
    status: str
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_alpha: float | None = None
    std_error_beta: float | None = None
    std_error_gamma: float | None = None
    std_error_delta: float | None = None
    accounts: float = 0.0  #: the sum of the counts

    @property
    def params(self) -> dict[str, float]:
        """``{"alpha": ..., "beta": ..., "gamma": ..., "delta": ...}`` (lifetimes' ``params_``)."""
        return dict(zip(("alpha", "beta", "gamma", "delta"), self._tuple()))

    def _tuple(self) -> tuple[float, float, float, float]:
        return (self.alpha, self.beta, self.gamma, self.delta)

    @property
    def summary(self) -> Any:
        """A DataFrame indexed by parameter with ``coef`` and ``se(coef)``."""
        import pandas as pd

        se = [self.std_error_alpha, self.std_error_beta, self.std_error_gamma,
              self.std_error_delta]
        return pd.DataFrame({"coef": list(self._tuple()),
                             "se(coef)": [np.nan if s is None else s for s in se]},
                            index=pd.Index(["alpha", "beta", "gamma", "delta"], name="param"))

    def _per_row(self, what: int, future: float, frequency: Any, recency: Any, n: Any,
                 function: str, name: str) -> Any:
        (x, t_x, opp), index = _bgbb_table(frequency, recency, n, None, function, False)
        try:
            values = _kam.bgbb_per_row(what, self._tuple(), float(future), x, t_x, opp)
        except Error as err:
            raise _labelled(err, index)
        return _like(values, index, name)

    def p_alive(self, frequency: Any, recency: Any = None, n: Any = None) -> Any:
        """Returns, per row, P(still active at opportunity n + 1) (kam::bgbb_p_alive; lifetimes'
        ``conditional_probability_alive(0, ...)``). Arguments as for kam.fit_bgbb."""
        return self._per_row(0, 0.0, frequency, recency, n, "kam.p_alive", "p_alive")

    def conditional_expected_transactions(self, future: int, frequency: Any, recency: Any = None,
                                          n: Any = None) -> Any:
        """Returns, per row, the transactions expected in the next ``future`` opportunities given
        its history (kam::bgbb_conditional_expected_transactions; Fader, Hardie & Shang eq. 13)."""
        return self._per_row(1, future, frequency, recency, n,
                             "kam.conditional_expected_transactions", "expected_transactions")

    def expected_transactions(self, n: int) -> float:
        """Returns E[X(n)], the transactions a new account makes in its first ``n``
        opportunities (kam::bgbb_expected_transactions)."""
        return _kam.bgbb_expected_transactions(self._tuple(), float(n))

    def log_likelihood_of(self, frequency: Any, recency: Any = None, n: Any = None,
                          count: Any = None) -> float:
        """Returns the BG/BB log-likelihood of a table at these parameters."""
        (x, t_x, opp, c), index = _bgbb_table(frequency, recency, n, count,
                                              "kam.log_likelihood_of", True)
        try:
            return _kam.bgbb_log_likelihood(self._tuple(), x, t_x, opp, c)
        except Error as err:
            raise _labelled(err, index)


def fit_bgbb(frequency: Any, recency: Any = None, n: Any = None, count: Any = None, *,
             max_iterations: int = 200, tolerance: float = 1e-9) -> BetaGeoBetaBinomFit:
    """Fits the BG/BB model by maximum likelihood (kam::fit_bgbb; lifetimes'
    ``BetaGeoBetaBinomFitter.fit(frequency, recency, n_periods, weights)``).

    Args:
        frequency: per row, transactions x in the first n opportunities (whole numbers); or a
            DataFrame with columns ``frequency``, ``recency``, ``n`` (or lifetimes' ``periods``)
            and optionally ``count`` (or ``weights``), the other arguments then omitted.
        recency: the opportunity t_x of the last transaction (0 when x = 0; x <= t_x <= n).
        n: the opportunities observed (>= 1).
        count: the number of accounts each row stands for (>= 0; None: 1 each), as in the
            compressed tables of the paper.
        max_iterations: damped Newton iterations (1 to 10000).
        tolerance: convergence on the gradient per account (> 0).

    Returns a BetaGeoBetaBinomFit (alpha, beta, gamma, delta, log_likelihood, status, standard
    errors; ``p_alive``, ``conditional_expected_transactions``, ``expected_transactions``).
    Raises kam.Error subclasses naming the field and the row (``label`` for pandas input).
    """
    fn = "kam.fit_bgbb"
    (x, t_x, opp, c), index = _bgbb_table(frequency, recency, n, count, fn, True)
    try:
        r = _kam.fit_bgbb(x, t_x, opp, c, int(max_iterations), float(tolerance))
    except Error as err:
        raise _labelled(err, index)
    return BetaGeoBetaBinomFit(**r)


# --- Pareto/NBD ----------------------------------------------------------------------------------


@dataclass
class ParetoNBDFit:
    """A fitted Pareto/NBD model (Schmittlein, Morrison & Colombo 1987; lifetimes'
    ``ParetoNBDFitter``): transactions at rate lambda ~ Gamma(r, alpha) while active, lifetimes
    exponential at rate mu ~ Gamma(s, beta); time in the unit of the data."""

    r: float
    alpha: float
    s: float
    beta: float
    log_likelihood: float
    status: str
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_r: float | None = None
    std_error_alpha: float | None = None
    std_error_s: float | None = None
    std_error_beta: float | None = None
    accounts: int = 0

    @property
    def params(self) -> dict[str, float]:
        """``{"r": ..., "alpha": ..., "s": ..., "beta": ...}`` (lifetimes' ``params_``)."""
        return dict(zip(("r", "alpha", "s", "beta"), self._tuple()))

    def _tuple(self) -> tuple[float, float, float, float]:
        return (self.r, self.alpha, self.s, self.beta)

    @property
    def summary(self) -> Any:
        """A DataFrame indexed by parameter with ``coef`` and ``se(coef)``."""
        import pandas as pd

        se = [self.std_error_r, self.std_error_alpha, self.std_error_s, self.std_error_beta]
        return pd.DataFrame({"coef": list(self._tuple()),
                             "se(coef)": [np.nan if v is None else v for v in se]},
                            index=pd.Index(["r", "alpha", "s", "beta"], name="param"))

    def _per_account(self, what: int, t: float, frequency: Any, recency: Any, T: Any,
                     function: str) -> tuple[np.ndarray, Any]:
        (x, t_x, age), index = _rfm(frequency, recency, T, function)
        try:
            return _kam.pareto_nbd_per_account(what, self._tuple(), float(t), x, t_x, age), index
        except Error as err:
            raise _labelled(err, index)

    def p_alive(self, frequency: Any, recency: Any = None, T: Any = None) -> Any:
        """Returns, per account, P(still active at the end of observation)
        (kam::pareto_nbd_p_alive; lifetimes' ``conditional_probability_alive``). Arguments as
        for kam.fit_pareto_nbd."""
        values, index = self._per_account(0, 0.0, frequency, recency, T, "kam.p_alive")
        return _like(values, index, "p_alive")

    def conditional_expected_transactions(self, t: float, frequency: Any, recency: Any = None,
                                          T: Any = None) -> Any:
        """Returns, per account, the transactions expected in the next ``t`` time units given its
        history (kam::pareto_nbd_conditional_expected_transactions)."""
        values, index = self._per_account(1, t, frequency, recency, T,
                                          "kam.conditional_expected_transactions")
        return _like(values, index, "expected_transactions")

    def expected_transactions(self, t: float) -> float:
        """Returns E[X(t)] of a new account (kam::pareto_nbd_expected_transactions)."""
        return _kam.pareto_nbd_expected_transactions(self._tuple(), float(t))

    def log_likelihood_of(self, frequency: Any, recency: Any = None, T: Any = None) -> float:
        """Returns the Pareto/NBD log-likelihood of accounts at these parameters."""
        values, _ = self._per_account(2, 0.0, frequency, recency, T, "kam.log_likelihood_of")
        return float(values[0])


def fit_pareto_nbd(frequency: Any, recency: Any = None, T: Any = None, *,
                   max_iterations: int = 200, tolerance: float = 1e-9) -> ParetoNBDFit:
    """Fits the Pareto/NBD model by maximum likelihood (kam::fit_pareto_nbd; lifetimes'
    ``ParetoNBDFitter``).

    Args:
        frequency: per account, repeat transactions x; or a DataFrame with columns
            ``frequency``, ``recency`` and ``T`` (kam.summarize_transactions' output), the other
            two arguments then omitted.
        recency: time from the first to the last transaction t_x.
        T: time from the first transaction to the end of observation (>= recency).
        max_iterations: damped Newton iterations (1 to 10000).
        tolerance: convergence on the gradient per account (> 0).

    Returns a ParetoNBDFit (r, alpha, s, beta, log_likelihood, status, standard errors;
    ``p_alive``, ``conditional_expected_transactions``, ``expected_transactions``). Raises
    kam.Error subclasses naming the field and the row (``label`` for pandas input).
    """
    (x, t_x, age), index = _rfm(frequency, recency, T, "kam.fit_pareto_nbd")
    try:
        r = _kam.fit_pareto_nbd(x, t_x, age, int(max_iterations), float(tolerance))
    except Error as err:
        raise _labelled(err, index)
    return ParetoNBDFit(**r)


# --- cohorts, revenue retention, movements, rates ------------------------------------------------


@dataclass
class CohortTable:
    """Accounts grouped by their first period with revenue (kam::cohorts), followed by age. Each
    table is a DataFrame indexed by cohort (its acquisition period: the column label of the
    revenue frame) with ages 0, 1, ... as columns; cells not observed yet are NaN."""

    size: Any  #: accounts per cohort (a Series)
    initial_revenue: Any  #: revenue at age 0 (a Series)
    active: Any  #: accounts with revenue at age a (returners count)
    survived: Any  #: accounts with revenue at every age 0..a: fit_sbg's input
    revenue: Any  #: revenue at age a
    logo_retention: Any  #: active / size
    revenue_retention: Any  #: revenue / initial_revenue
    never_active: int  #: accounts without revenue in any period (no cohort)


def cohorts(revenue: Any) -> CohortTable:
    """Returns the cohort table of ``revenue`` (kam::cohorts).

    Args:
        revenue: accounts x periods, values >= 0 (0: not a customer that period): a DataFrame
            (columns are the periods in order, e.g. months) or a 2-D array (periods 0, 1, ...).

    Returns a CohortTable of DataFrames (cohort x age). Accounts with revenue in the first period
    form its cohort whatever their true age (left-censored). Raises kam.Error subclasses naming
    the account (``row``; ``label``) and the period: EmptyInputError, NonFiniteValueError,
    InvalidInputError (a negative value).
    """
    import pandas as pd

    m, index, columns = _matrix(revenue, "kam.cohorts")
    try:
        r = _kam.cohorts(m)
    except Error as err:
        raise _labelled(err, index)
    cohort = pd.Index([_period_label(columns, k) for k in r["period"]], name="cohort")
    ages = pd.RangeIndex(r["active"].shape[1], name="age")

    def table(name: str) -> Any:
        return pd.DataFrame(r[name], index=cohort, columns=ages)

    return CohortTable(pd.Series(r["size"], index=cohort, name="size"),
                       pd.Series(r["initial_revenue"], index=cohort, name="initial_revenue"),
                       table("active"), table("survived"), table("revenue"),
                       table("logo_retention"), table("revenue_retention"),
                       int(r["never_active"]))


_WINDOW_COLUMNS = ["opening_revenue", "expansion", "contraction", "churned_revenue",
                   "new_revenue", "reactivated_revenue", "closing_revenue", "opening_accounts",
                   "retained_accounts", "churned_accounts", "new_accounts",
                   "reactivated_accounts", "closing_accounts", "grr", "nrr",
                   "customer_retention", "logo_churn"]


def revenue_retention(revenue: Any, *, step: int = 1, first: int = 0,
                      reactivation: str = "separate") -> Any:
    """Returns revenue and logo retention per window (kam::revenue_retention): GRR, NRR, CRR and
    logo churn over each window's opening cohort, and the revenue movements that explain them.

    Args:
        revenue: accounts x periods, values >= 0: a DataFrame (columns are the periods in order)
            or a 2-D array.
        step: periods per window (1: period on period; 3 over months: quarters; 12: years).
        first: the position of the opening period of the first window (>= 0).
        reactivation: how an account that returns after a period without revenue counts:
            ``"separate"`` (reactivated, neither new nor retained), ``"as_new"`` or
            ``"endpoints"`` (judged on the window's two end periods; ``kam.ENUMS["reactivation"]``).

    Returns a DataFrame with one row per window, indexed by (``opening``, ``closing``) period
    labels, columns ``opening_revenue``, ``expansion``, ``contraction``, ``churned_revenue``,
    ``new_revenue``, ``reactivated_revenue``, ``closing_revenue``, the account counts, ``grr``,
    ``nrr``, ``customer_retention`` and ``logo_churn`` (NaN for a window whose opening cohort is
    empty). Raises kam.Error subclasses naming the account (``row``, ``label``) and the period.
    """
    import pandas as pd

    fn = "kam.revenue_retention"
    _check_choice(reactivation, _kam.enum_names()["reactivation"], fn, "reactivation")
    m, index, columns = _matrix(revenue, fn)
    try:
        r = _kam.revenue_retention(m, int(step), int(first), reactivation)
    except Error as err:
        raise _labelled(err, index)
    windows = pd.MultiIndex.from_arrays(
        [[_period_label(columns, k) for k in r["opening_period"]],
         [_period_label(columns, k) for k in r["closing_period"]]], names=["opening", "closing"])
    return pd.DataFrame({c: r[c] for c in _WINDOW_COLUMNS}, index=windows)


def movements(revenue: Any) -> Any:
    """Returns what happened to each account between consecutive periods (kam::movements):
    ``"inactive"``, ``"new_account"``, ``"reactivated"``, ``"expansion"``, ``"contraction"``,
    ``"flat"`` or ``"churned"`` (``kam.ENUMS["movement"]``).

    Args:
        revenue: accounts x periods (at least 2), values >= 0.

    Returns accounts x (periods - 1): a DataFrame of categoricals (the revenue frame's index;
    column t is the move into period t) for a DataFrame, else an array of the names.
    """
    m, index, columns = _matrix(revenue, "kam.movements")
    try:
        codes = _kam.movements(m)
    except Error as err:
        raise _labelled(err, index)
    names = _kam.enum_names()["movement"]
    if columns is None:
        return np.asarray(names, dtype=object)[codes.astype(np.int64)]
    import pandas as pd

    cat = pd.CategoricalDtype(names)
    return pd.DataFrame({columns[t + 1]: pd.Categorical.from_codes(codes[:, t], dtype=cat)
                         for t in range(codes.shape[1])}, index=index)


def customer_retention_rate(start: int, end: int, acquired: int) -> float:
    """Returns CRR = (end - acquired) / start: the customers at the end of a period that were
    already customers at its start, over those at the start (kam::customer_retention_rate);
    churn is 1 - CRR. Raises kam.InvalidInputError for start <= 0, negative counts, acquired >
    end or more retained customers than there were."""
    return _kam.customer_retention_rate(int(start), int(end), int(acquired))


def rescale_churn(churn: float, periods: float) -> float:
    """Returns the churn over ``periods`` periods from a churn per period, 1 - (1 - churn) **
    periods (kam::rescale_churn): annual from monthly is ``rescale_churn(monthly, 12)``, never
    12 x monthly. Raises kam.OutOfBoundsError for churn outside [0, 1] or periods <= 0."""
    return _kam.rescale_churn(float(churn), float(periods))


def rescale_retention(retention: float, periods: float) -> float:
    """Returns the retention over ``periods`` periods, retention ** periods
    (kam::rescale_retention). Raises kam.OutOfBoundsError as rescale_churn."""
    return _kam.rescale_retention(float(retention), float(periods))


def share_of_wallet(revenue: Any, wallet: Any) -> Any:
    """Returns each account's share of wallet, revenue / wallet (kam::share_of_wallet).

    Args:
        revenue: per account, our revenue (>= 0): a vector, or a Series (the result keeps its
            index).
        wallet: per account, its total spend in our category (> 0, >= revenue).

    Raises kam.Error subclasses naming the field and the account (``row``, ``label``):
    InvalidInputError (negative revenue, a wallet <= 0), OutOfBoundsError (revenue above the
    wallet: the wallet estimate is wrong), NonFiniteValueError, ShapeMismatchError.
    """
    index = _index_of(revenue, wallet)
    r, w = _floats(revenue, wallet)
    try:
        return _like(_kam.share_of_wallet(r, w), index, "share_of_wallet")
    except Error as err:
        raise _labelled(err, index)


def wallet_allocation_share(rank: float, brands: int) -> float:
    """Returns the share of wallet the Wallet Allocation Rule expects for a brand ranked ``rank``
    (1 = the customer's favourite; a fractional rank for ties) among ``brands`` brands:
    (1 - rank / (brands + 1)) x 2 / brands (Keiningham et al., HBR 2011;
    kam::wallet_allocation_share). Raises kam.OutOfBoundsError for brands < 1 or a rank outside
    [1, brands]."""
    return _kam.wallet_allocation_share(float(rank), int(brands))


def wallet_allocation(scores: Any) -> Any:
    """Returns the Wallet Allocation Rule's expected share of wallet of every brand for every
    customer (kam::wallet_allocation).

    Args:
        scores: customers x brands, a satisfaction or recommendation score (higher = better);
            NaN marks a brand the customer does not use (share 0). A DataFrame keeps its index
            and columns. Brands are ranked per customer, ties sharing the average rank.

    Raises kam.Error subclasses naming the customer (``row``, ``label``): EmptyInputError,
    NonFiniteValueError (infinity), InvalidInputError (a customer who uses no brand).
    """
    m, index, columns = _matrix(scores, "kam.wallet_allocation")
    try:
        shares = _kam.wallet_allocation(m)
    except Error as err:
        raise _labelled(err, index)
    if columns is None:
        return shares
    import pandas as pd

    return pd.DataFrame(shares, index=index, columns=columns)


__all__ = [
    "fit_sbg", "ShiftedBetaGeoFit", "fit_bgbb", "BetaGeoBetaBinomFit", "fit_pareto_nbd",
    "ParetoNBDFit", "cohorts", "CohortTable", "revenue_retention", "movements",
    "customer_retention_rate", "rescale_churn", "rescale_retention", "share_of_wallet",
    "wallet_allocation_share", "wallet_allocation",
]

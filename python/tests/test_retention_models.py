"""sBG, BG/BB, Pareto/NBD and the revenue tables from Python, against published values, values
worked by hand, and numpy computations of the same formulas in the test (each source cited);
pandas in and out; bad input as kam.Error subclasses with function, field and row."""

import math
import pickle

import numpy as np
import pytest

import kam
from conftest import REPO

pd = pytest.importorskip("pandas")

DATA = REPO / "tests" / "data"

# Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1):
# customers of the "regular" and "high end" segments alive at the start of years 1..8 (the data
# of tests/retention/sbg_test.cpp).
REGULAR = np.array([1000, 631, 468, 382, 326, 289, 262, 241], dtype=float)
HIGH_END = np.array([1000, 869, 743, 653, 593, 551, 517, 491], dtype=float)


def lbeta(a, b):
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def sbg_ll(n, a, b):
    """Fader & Hardie (2007) eq. 5 with lgamma: sum (n_{t-1} - n_t) ln P(T = t) + n_T ln S(T)."""
    ll = 0.0
    for t in range(1, len(n)):
        ll += (n[t - 1] - n[t]) * (lbeta(a + 1, b + t - 1) - lbeta(a, b))
    return ll + n[-1] * (lbeta(a, b + len(n) - 1) - lbeta(a, b))


# --- sBG ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sbg_published_fits(dtype):
    # Fader & Hardie (2007): regular alpha 0.704, beta 1.182; high end alpha 0.668, beta 3.806.
    reg = kam.fit_sbg(REGULAR.astype(dtype))
    assert reg.status == "converged" and reg.converged
    assert abs(reg.alpha - 0.704) < 5e-4 and abs(reg.beta - 1.182) < 5e-4
    hi = kam.fit_sbg(pd.Series(HIGH_END.astype(dtype)))
    assert abs(hi.alpha - 0.668) < 5e-4 and abs(hi.beta - 3.806) < 5e-4
    # The log-likelihood at the optimum is the lgamma form's at the fitted parameters.
    assert abs(reg.log_likelihood - sbg_ll(REGULAR, reg.alpha, reg.beta)) < 2e-3
    assert reg.cohorts == 1 and reg.periods == 7 and reg.accounts == 1000
    # Both published fits have alpha < 1: the mean lifetime is infinite, not a number.
    assert reg.mean_lifetime is None and hi.mean_lifetime is None
    assert reg.std_error_alpha > 0 and list(reg.summary.index) == ["alpha", "beta"]


def test_sbg_projections_by_hand():
    fit = kam.fit_sbg(REGULAR)
    a, b = fit.alpha, fit.beta
    # S(t) = prod_{k < t} (b + k) / (a + b + k) and r_t = (b + t - 1) / (a + b + t - 1)
    # (Fader & Hardie 2007, eqs. 3 and 4), computed here.
    s = np.cumprod([1.0] + [(b + k) / (a + b + k) for k in range(12)])
    assert np.allclose(fit.survival(12), s, rtol=1e-14, atol=0)
    r = np.array([(b + t - 1) / (a + b + t - 1) for t in range(1, 13)])
    assert np.allclose(fit.retention(12), r, rtol=1e-14, atol=0)
    # DEL = sum_{t >= 0} S(t) / (1 + d)^t, summed here over 2000 terms (1.1^-2000 ~ 1e-83).
    d = 0.1
    ss = np.cumprod([1.0] + [(b + k) / (a + b + k) for k in range(2000)])
    del_sum = float((ss / (1 + d) ** np.arange(2001)).sum())
    assert abs(fit.discounted_lifetime(d) - del_sum) < 1e-9 * del_sum
    # DEL = 1 + DERL(0 renewals) / (1 + d) (kam::sbg_discounted_residual_lifetime's identity).
    assert abs(1 + fit.discounted_residual_lifetime(d, 0) / (1 + d) - del_sum) < 1e-9 * del_sum
    # The log-likelihood of other data at these parameters: the lgamma form.
    assert abs(fit.log_likelihood_of(HIGH_END) - sbg_ll(HIGH_END, a, b)) < 1e-8


def test_sbg_multi_cohort_frame_and_pickle():
    # Two cohorts, the younger observed for four renewals (trailing NaN): the pooled
    # log-likelihood is the sum of the two cohorts' (Fader & Hardie's multi-cohort note, 2007).
    frame = pd.DataFrame([REGULAR, np.r_[HIGH_END[:5], [np.nan] * 3]], index=["2001", "2002"])
    fit = kam.fit_sbg(frame)
    assert fit.cohorts == 2 and fit.accounts == 2000
    pooled = sbg_ll(REGULAR, fit.alpha, fit.beta) + sbg_ll(HIGH_END[:5], fit.alpha, fit.beta)
    assert abs(fit.log_likelihood - pooled) < 1e-6
    back = pickle.loads(pickle.dumps(fit))
    assert back == fit and np.array_equal(back.survival(3), fit.survival(3))


def test_sbg_errors_name_function_field_row():
    frame = pd.DataFrame([REGULAR, [1000, 900, 950, 800, np.nan, np.nan, np.nan, np.nan]],
                         index=["2001", "2002"])
    with pytest.raises(kam.InvalidInputError) as info:  # counts that increase
        kam.fit_sbg(frame)
    assert info.value.function == "kam::fit_sbg" and info.value.row == 1
    assert info.value.label == "2002"
    fit = kam.fit_sbg(REGULAR)
    with pytest.raises(kam.OutOfBoundsError) as info:
        fit.survival(-1)
    assert info.value.function == "kam::sbg_survival" and info.value.field == "horizon"
    with pytest.raises(kam.OutOfBoundsError) as info:  # d = 0: the mean lifetime, infinite
        fit.discounted_lifetime(0.0)
    assert info.value.function == "kam::sbg_discounted_lifetime"
    assert info.value.field == "discount"


# --- BG/BB ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def donations():
    """tests/data/lifetimes/donations.csv: 11,104 donors, six opportunities (1996-2001)."""
    return pd.read_csv(DATA / "lifetimes" / "donations.csv")


def test_bgbb_donations_published(donations):
    fit = kam.fit_bgbb(donations)  # the frame's frequency, recency, periods, weights
    assert fit.status == "converged" and fit.accounts == 11104
    # Fader, Hardie & Shang (2010), Marketing Science 29(6): alpha 1.204, beta 0.750,
    # gamma 0.657, delta 2.783, LL -33,225.6.
    for got, want in [(fit.alpha, 1.204), (fit.beta, 0.750), (fit.gamma, 0.657),
                      (fit.delta, 2.783)]:
        assert abs(got - want) < 5e-4
    assert abs(fit.log_likelihood - (-33225.6)) < 0.05
    # The same fit from vectors, counts named.
    same = kam.fit_bgbb(donations.frequency, donations.recency, donations.periods,
                        donations.weights)
    assert same.params == fit.params
    # The paper: a donor who gave in each of the six years is expected to give 3.75 times in
    # the next five (2002-2006).
    six = donations[(donations.frequency == 6)]
    assert abs(fit.conditional_expected_transactions(5, six).iloc[0] - 3.75) < 5e-3
    # scipy at the published optimum (tests/retention/bgbb_test.cpp): E[X(6)] of a new donor.
    assert abs(fit.expected_transactions(6) - 2.22016934792215) < 1e-5


def test_bgbb_one_row_by_hand():
    # tests/retention/bgbb_test.cpp, worked by hand: alpha = beta = gamma = delta = 1, n = 1.
    # Row (0, 0): L = 1/2 x 1/2 + 1/2 = 3/4; row (1, 1): L = 1/4. P(active at 2) = 2/9 and 2/3.
    uniform = kam.BetaGeoBetaBinomFit(1.0, 1.0, 1.0, 1.0, 0.0, "converged", True, 0, 0.0)
    x, t_x, n = np.array([0.0, 1.0]), np.array([0.0, 1.0]), np.array([1.0, 1.0])
    assert abs(uniform.log_likelihood_of(x, t_x, n) - (math.log(0.75) + math.log(0.25))) < 1e-14
    assert abs(uniform.log_likelihood_of(x, t_x, n, [3, 2])
               - (3 * math.log(0.75) + 2 * math.log(0.25))) < 1e-13
    assert np.allclose(uniform.p_alive(x, t_x, n), [2 / 9, 2 / 3], rtol=1e-14, atol=0)


def test_bgbb_errors_name_function_field_row(donations):
    bad = donations.copy()
    bad.index = [f"row{i}" for i in range(len(bad))]
    bad.loc["row1", "frequency"] = 4  # x = 4 > t_x = 1
    with pytest.raises(kam.InvalidInputError) as info:
        kam.fit_bgbb(bad)
    assert info.value.function == "kam::fit_bgbb" and info.value.field == "frequency"
    assert info.value.row == 1 and info.value.label == "row1"
    fit = kam.BetaGeoBetaBinomFit(1.2, 0.75, 0.66, 2.78, 0.0, "converged", True, 0, 0.0)
    with pytest.raises(kam.Error) as info:
        fit.p_alive(bad)
    assert info.value.function == "kam::bgbb_p_alive" and info.value.row == 1
    with pytest.raises(kam.OutOfBoundsError) as info:
        fit.expected_transactions(-1)
    assert info.value.function == "kam::bgbb_expected_transactions"


# --- Pareto/NBD -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cdnow():
    """tests/data/lifetimes/cdnow_customers_summary.csv: 2,357 CDNOW customers, weeks."""
    return pd.read_csv(DATA / "lifetimes" / "cdnow_customers_summary.csv", index_col="ID")


def test_pareto_nbd_cdnow_published(cdnow):
    fit = kam.fit_pareto_nbd(cdnow)
    assert fit.status == "converged" and fit.accounts == 2357
    # Fader, Hardie & Lee (2005), "Counting your customers the easy way": r 0.55, alpha 10.58,
    # s 0.61, beta 11.67, LL -9595.0.
    for got, want in [(fit.r, 0.55), (fit.alpha, 10.58), (fit.s, 0.61), (fit.beta, 11.67)]:
        assert abs(got - want) < 5e-3
    assert abs(fit.log_likelihood - (-9595.0)) < 0.05
    alive = fit.p_alive(cdnow)
    assert list(alive.index[:3]) == [1, 2, 3] and alive.name == "p_alive"
    # scipy at scipy's optimum (tests/retention/pareto_nbd_test.cpp): customers 1 and 2.
    assert abs(alive.iloc[0] - 0.8691186905179499) < 1e-6
    assert abs(alive.iloc[1] - 0.16787198288357125) < 1e-6
    assert abs(fit.expected_transactions(39) - 1.2134080972660515) < 1e-6
    assert pickle.loads(pickle.dumps(fit)) == fit


def test_pareto_nbd_one_account_by_hand():
    # tests/retention/pareto_nbd_test.cpp, worked by hand: r = alpha = s = beta = 1, x = 0,
    # t_x = 0, T = 1: L = 1/4 (active) + 3/8 (gone) = 5/8; P(active) = (1/4) / (5/8) = 2/5.
    ones = kam.ParetoNBDFit(1.0, 1.0, 1.0, 1.0, 0.0, "converged", True, 0, 0.0)
    assert abs(ones.log_likelihood_of([0.0], [0.0], [1.0]) - math.log(0.625)) < 1e-14
    assert abs(ones.p_alive([0.0], [0.0], [1.0])[0] - 0.4) < 1e-14
    # s = 1: E[X(t)] = r beta / alpha ln((beta + t) / beta) = 2 ln(3/2) for beta = 2, t = 1.
    s1 = kam.ParetoNBDFit(1.0, 1.0, 1.0, 2.0, 0.0, "converged", True, 0, 0.0)
    assert abs(s1.expected_transactions(1.0) - 2 * math.log(1.5)) < 1e-13


def test_pareto_nbd_errors_name_function_field_row(cdnow):
    bad = cdnow.head(5).copy()
    bad.loc[3, "recency"] = bad.loc[3, "T"] + 1
    with pytest.raises(kam.InvalidInputError) as info:
        kam.fit_pareto_nbd(bad)
    assert info.value.function == "kam::fit_pareto_nbd" and info.value.field == "recency"
    assert info.value.row == 2 and info.value.label == 3
    fit = kam.ParetoNBDFit(0.55, 10.58, 0.61, 11.67, 0.0, "converged", True, 0, 0.0)
    with pytest.raises(kam.Error) as info:
        fit.conditional_expected_transactions(39, bad)
    assert info.value.function == "kam::pareto_nbd_conditional_expected_transactions"
    assert info.value.row == 2


# --- cohorts, revenue retention, movements, rates -------------------------------------------------

# Three accounts over four months, worked by hand below.
REVENUE = pd.DataFrame([[10, 12, 0, 5], [0, 8, 8, 4], [5, 5, 5, 0]], index=["a", "b", "c"],
                       columns=["2024-01", "2024-02", "2024-03", "2024-04"], dtype=float)


def test_revenue_retention_by_hand():
    t = kam.revenue_retention(REVENUE)
    assert list(t.index) == [("2024-01", "2024-02"), ("2024-02", "2024-03"),
                             ("2024-03", "2024-04")]
    # Jan -> Feb: opening cohort a (10), c (5) = 15; a grows by 2; b is new (8).
    # GRR = (15 - 0 - 0) / 15 = 1; NRR = (15 + 2) / 15; CRR = (E - N) / S = (3 - 1) / 2 = 1.
    w = t.iloc[0]
    assert (w.opening_revenue, w.expansion, w.new_revenue, w.closing_revenue) == (15, 2, 8, 25)
    assert w.grr == 1 and abs(w.nrr - 17 / 15) < 1e-15 and w.customer_retention == 1
    # Feb -> Mar: opening a 12, b 8, c 5 = 25; a churns (12). GRR = NRR = 13 / 25; CRR = 2 / 3.
    w = t.iloc[1]
    assert w.churned_revenue == 12 and w.grr == 13 / 25 and w.nrr == 13 / 25
    assert abs(w.customer_retention - 2 / 3) < 1e-15 and abs(w.logo_churn - 1 / 3) < 1e-15
    # Mar -> Apr: opening b 8, c 5 = 13; b contracts by 4, c churns (5), a comes back (5).
    # GRR = (13 - 4 - 5) / 13; CRR = (2 - 1) / 2 (a is reactivated, not retained).
    w = t.iloc[2]
    assert (w.contraction, w.churned_revenue, w.reactivated_revenue) == (4, 5, 5)
    assert abs(w.grr - 4 / 13) < 1e-15 and w.customer_retention == 0.5
    # Quarters of a quarter's step: one window, Jan -> Apr, over the 3-step.
    q = kam.revenue_retention(REVENUE, step=3)
    assert list(q.index) == [("2024-01", "2024-04")]


def test_cohorts_and_movements_by_hand():
    c = kam.cohorts(REVENUE)
    # a and c start in January, b in February.
    assert c.size.to_dict() == {"2024-01": 2, "2024-02": 1}
    assert c.initial_revenue.to_dict() == {"2024-01": 15.0, "2024-02": 8.0}
    # January's cohort: survived 2, 2, 1 (a lapses in March), 0; active 2, 2, 1, 1 (a returns).
    assert c.survived.loc["2024-01"].tolist() == [2, 2, 1, 0]
    assert c.active.loc["2024-01"].tolist() == [2, 2, 1, 1]
    assert c.revenue.loc["2024-01"].tolist() == [15, 17, 5, 5]
    assert np.isnan(c.survived.loc["2024-02", 3])  # not observed yet
    assert c.logo_retention.loc["2024-01", 2] == 0.5
    assert c.never_active == 0
    m = kam.movements(REVENUE)
    assert list(m.columns) == ["2024-02", "2024-03", "2024-04"]
    assert m.loc["a"].tolist() == ["expansion", "churned", "reactivated"]
    assert m.loc["b"].tolist() == ["new_account", "flat", "contraction"]
    assert m.loc["c"].tolist() == ["flat", "flat", "churned"]
    assert kam.movements(REVENUE.to_numpy())[1, 0] == "new_account"


def test_rates_by_hand():
    assert kam.customer_retention_rate(200, 190, 30) == 0.8  # (190 - 30) / 200
    assert abs(kam.rescale_churn(0.02, 12) - (1 - 0.98 ** 12)) < 1e-15  # never 12 x 2 %
    assert abs(kam.rescale_retention(0.9, 2) - 0.81) < 1e-15


def test_revenue_tables_errors_name_function_field_row():
    bad = REVENUE.copy()
    bad.loc["b", "2024-03"] = -1.0
    for function, call in [("kam::cohorts", kam.cohorts),
                           ("kam::revenue_retention", kam.revenue_retention),
                           ("kam::movements", kam.movements)]:
        with pytest.raises(kam.InvalidInputError) as info:
            call(bad)
        assert info.value.function == function
        assert info.value.row == 1 and info.value.label == "b"
    with pytest.raises(kam.UnknownNameError) as info:
        kam.revenue_retention(REVENUE, reactivation="later")
    assert info.value.field == "reactivation" and "as_new" in info.value.known
    with pytest.raises(kam.InvalidInputError) as info:
        kam.customer_retention_rate(10, 5, 6)
    assert info.value.function == "kam::customer_retention_rate"
    assert info.value.field == "acquired"
    with pytest.raises(kam.OutOfBoundsError) as info:
        kam.rescale_churn(1.5, 12)
    assert info.value.function == "kam::rescale_churn" and info.value.field == "churn"
    with pytest.raises(kam.OutOfBoundsError) as info:
        kam.rescale_retention(0.9, 0)
    assert info.value.field == "periods"


def test_share_of_wallet_and_the_wallet_allocation_rule_by_hand():
    share = kam.share_of_wallet(pd.Series([20.0, 0.0, 50.0], index=["a", "b", "c"]),
                                [100.0, 10.0, 50.0])
    assert share.to_dict() == {"a": 0.2, "b": 0.0, "c": 1.0}
    # (1 - rank / (brands + 1)) x 2 / brands: 3 brands give 1/2, 1/3, 1/6 (they sum to 1).
    assert [kam.wallet_allocation_share(r, 3) for r in (1, 2, 3)] == [0.5, 1 / 3, 1 / 6]
    scores = pd.DataFrame({"us": [9.0, 7.0, 5.0], "them": [7.0, 7.0, np.nan],
                           "other": [3.0, 1.0, 8.0]}, index=["x", "y", "z"])
    war = kam.wallet_allocation(scores)
    # x ranks us 1, them 2, other 3; y ties us and them (rank 1.5 each: 5/12) and other is 3
    # (1/6); z uses two brands: other first (2/3), us second (1/3), them not at all.
    assert np.allclose(war.loc["x"], [0.5, 1 / 3, 1 / 6], rtol=1e-15)
    assert np.allclose(war.loc["y"], [5 / 12, 5 / 12, 1 / 6], rtol=1e-15)
    assert np.allclose(war.loc["z"], [1 / 3, 0, 2 / 3], rtol=1e-15)
    assert list(war.columns) == ["us", "them", "other"]


def test_wallet_errors_name_function_field_row():
    with pytest.raises(kam.OutOfBoundsError) as info:  # revenue above the wallet
        kam.share_of_wallet(pd.Series([20.0, 60.0], index=["a", "b"]), [100.0, 50.0])
    assert info.value.function == "kam::share_of_wallet" and info.value.field == "revenue"
    assert info.value.row == 1 and info.value.label == "b"
    with pytest.raises(kam.OutOfBoundsError) as info:
        kam.wallet_allocation_share(4, 3)
    assert info.value.field == "rank"
    with pytest.raises(kam.InvalidInputError) as info:  # a customer who uses no brand
        kam.wallet_allocation(pd.DataFrame({"us": [1.0, np.nan]}, index=["x", "y"]))
    assert info.value.function == "kam::wallet_allocation" and info.value.label == "y"


SBG = kam.ShiftedBetaGeoFit(0.704, 1.182, 0.0, "converged", True, 0, 0.0)
BGBB = kam.BetaGeoBetaBinomFit(1.204, 0.750, 0.657, 2.783, 0.0, "converged", True, 0, 0.0)
PNBD = kam.ParetoNBDFit(0.55, 10.58, 0.61, 11.67, 0.0, "converged", True, 0, 0.0)
# One bad row (index label "bad"): x = 3 > t_x = 2 for BG/BB; t_x = 6 > T = 5 for Pareto/NBD.
BAD_BGBB = pd.DataFrame({"frequency": [1.0, 3.0], "recency": [1.0, 2.0], "n": [6.0, 6.0]},
                        index=["ok", "bad"])
BAD_RFM = pd.DataFrame({"frequency": [1.0, 2.0], "recency": [2.0, 6.0], "T": [5.0, 5.0]},
                       index=["ok", "bad"])


@pytest.mark.parametrize("call, function, field", [
    (lambda: SBG.retention(-1), "kam::sbg_retention", "horizon"),
    (lambda: SBG.discounted_residual_lifetime(0.1, -1), "kam::sbg_discounted_residual_lifetime",
     "renewals"),
    (lambda: BGBB.conditional_expected_transactions(5, BAD_BGBB),
     "kam::bgbb_conditional_expected_transactions", "frequency"),
    (lambda: BGBB.log_likelihood_of(BAD_BGBB), "kam::bgbb_log_likelihood", "frequency"),
    (lambda: PNBD.p_alive(BAD_RFM), "kam::pareto_nbd_p_alive", "recency"),
    (lambda: PNBD.log_likelihood_of(BAD_RFM), "kam::pareto_nbd_log_likelihood", "recency"),
    (lambda: PNBD.expected_transactions(-1.0), "kam::pareto_nbd_expected_transactions", "t"),
])
def test_every_prediction_names_function_field_row(call, function, field):
    with pytest.raises(kam.Error) as info:
        call()
    assert info.value.function == function and info.value.field == field
    if info.value.row is not None:
        assert info.value.row == 1 and info.value.label == "bad"


def test_sbg_log_likelihood_of_labels_the_cohort():
    frame = pd.DataFrame([REGULAR, [1000, 900, 950, 800, 700, 600, 500, 400]],
                         index=["2001", "2002"])
    with pytest.raises(kam.InvalidInputError) as info:
        SBG.log_likelihood_of(frame)
    assert info.value.function == "kam::sbg_log_likelihood" and info.value.label == "2002"


@pytest.mark.parametrize("function", [kam.fit_sbg, kam.fit_bgbb, kam.fit_pareto_nbd, kam.cohorts,
                                      kam.revenue_retention, kam.movements, kam.share_of_wallet,
                                      kam.wallet_allocation])
def test_help_explains_every_argument(function):
    import inspect

    doc = inspect.getdoc(function)
    for name in inspect.signature(function).parameters:
        assert name in doc, (function.__name__, name)

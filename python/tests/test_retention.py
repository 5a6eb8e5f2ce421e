"""Retention models from Python against the published and reference values kam's C++ tests use
(each test cites the C++ test its numbers come from), pandas in and out, and errors as kam.Error
subclasses with function, field and row."""

import numpy as np
import pytest

import kam
from conftest import REPO

pd = pytest.importorskip("pandas")

DATA = REPO / "tests" / "data"


def rel(a, b, tol):
    return abs(a - b) <= tol * abs(b)


@pytest.fixture(scope="module")
def cdnow():
    """tests/data/lifetimes/cdnow_customers_summary.csv: 2,357 CDNOW customers, weeks."""
    return pd.read_csv(DATA / "lifetimes" / "cdnow_customers_summary.csv", index_col="ID")


@pytest.fixture(scope="module")
def cdnow_spend():
    """tests/data/lifetimes/cdnow_customers_summary_with_transactions.csv, in lifetimes' names."""
    d = pd.read_csv(DATA / "lifetimes" / "cdnow_customers_summary_with_transactions.csv",
                    index_col="ID")
    return d.rename(columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"})


@pytest.fixture(scope="module")
def rossi():
    """tests/data/lifelines/rossi.csv: 432 released prisoners, weeks to arrest."""
    return pd.read_csv(DATA / "lifelines" / "rossi.csv")


ROSSI = ["fin", "age", "race", "wexp", "mar", "paro", "prio"]

# tests/retention/bgnbd_test.cpp: scipy's optimum on CDNOW (cdnow_fit) and the predictions there.
CDNOW_BGNBD = (0.24259290753060947, 4.413531739018903, 0.7928861710000462, 2.4257539249547944)
# tests/retention/clv_forecast_test.cpp and gamma_gamma_test.cpp: the fits the CLV test uses.
CLV_BGNBD = kam.BetaGeoFit(0.24259290497711014, 4.413531596954177, 0.7928861524222862,
                           2.425753726544981, 0.0, "converged", True, 0, 0.0)
CLV_SPEND = kam.GammaGammaFit(6.24880269493029, 3.744588439303857, 15.447747217815113, 0.0,
                              "converged", True, 0, 0.0)


# --- transaction summary ---------------------------------------------------------------------


def test_summary_of_a_log_worked_by_hand():
    # tests/retention/transaction_summary_test.cpp, "a log worked by hand": days in, weeks out,
    # calibration to day 30, holdout to day 60.
    ids = [7, 3, 9, 7, 7, 7, 7, 7]
    times = [21, 35, 28, 0, 40, 14, 100, 0]
    amounts = [30, 4, 12, 10, 8, 20, 1, 5]
    s = kam.summarize_transactions(np.array(ids), np.array(times, float), np.array(amounts, float),
                                   30, unit=7, holdout_end=60)
    assert isinstance(s, dict)
    assert s["id"].tolist() == [7, 9]
    assert s["frequency"].tolist() == [2, 0]
    assert s["recency"][0] == pytest.approx(3.0, abs=1e-15)
    assert s["T"].tolist() == pytest.approx([30 / 7, 2 / 7], abs=1e-15)
    assert s["monetary_value"].tolist() == [25, 0]
    assert s["frequency_holdout"].tolist() == [1, 0]
    assert s["monetary_value_holdout"].tolist() == [8, 0]
    assert s["duration_holdout"] == pytest.approx(30 / 7, abs=1e-15)
    assert s["later_accounts"] == [3]
    assert (s["transactions"], s["same_period_orders"], s["rows_after_end"]) == (8, 1, 1)
    # pandas in: a DataFrame indexed by account; string ids keep their labels.
    log = pd.DataFrame({"customer": [f"c{i}" for i in ids], "day": times, "amount": amounts})
    f = kam.summarize_transactions(log.customer, log.day, log.amount, 30, unit=7, holdout_end=60)
    assert list(f.index) == ["c7", "c9"] and f.index.name == "customer"
    assert list(f.columns) == ["frequency", "recency", "T", "monetary_value",
                               "frequency_holdout", "monetary_value_holdout", "duration_holdout"]
    assert f.loc["c7", "monetary_value"] == 25 and f.attrs["later_accounts"] == ["c3"]
    # Datetimes are days since 1970-01-01 (aware ones in UTC); the ends are dates then.
    day0 = pd.Timestamp("2024-01-01", tz="Europe/Paris")
    log["when"] = day0 + pd.to_timedelta(log.day, unit="D")
    d = kam.summarize_transactions(log.customer, log.when, log.amount,
                                   day0 + pd.Timedelta(days=30), unit=7,
                                   holdout_end=day0 + pd.Timedelta(days=60))
    pd.testing.assert_frame_equal(d, f)


def test_cdnow_log_gives_the_published_summary(cdnow_spend):
    # tests/retention/transaction_summary_test.cpp, "the CDNOW log gives the published CDNOW
    # summary": purchase days, weeks = days / 7, calibration to 1997-09-30, holdout to
    # 1998-06-30; published summary rounded to 2 decimals.
    log = pd.read_csv(DATA / "lifetimes" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["id_total", "id", "date", "cds", "dollars"])
    log["date"] = pd.to_datetime(log["date"].astype(str), format="%Y%m%d")
    assert len(log) == 6919
    s = kam.summarize_transactions(log["id"], log["date"], log["dollars"], "1997-09-30", unit=7,
                                   holdout_end="1998-06-30")
    assert len(s) == 2357 and (s.index.to_numpy() == cdnow_spend.index.to_numpy()).all()
    assert (s["frequency"] == cdnow_spend["frequency"]).all()
    for col in ("recency", "T", "monetary_value"):
        assert (s[col] - cdnow_spend[col]).abs().max() <= 0.005 + 1e-9
    assert s["frequency"].sum() == 2457 and s["frequency_holdout"].sum() == 1882
    spend = (s["frequency_holdout"] * s["monetary_value_holdout"]).sum()
    assert spend == pytest.approx(70976.39, abs=1e-6)
    assert s.attrs["same_period_orders"] == 146 + 77 and s.attrs["rows_after_end"] == 0
    assert s["duration_holdout"].iloc[0] == pytest.approx(273 / 7, abs=1e-12)


# --- BG/NBD, Gamma-Gamma, CLV ----------------------------------------------------------------


def test_bgnbd_on_cdnow(cdnow):
    # tests/retention/bgnbd_test.cpp, "fit_bgnbd: the CDNOW data of Fader, Hardie & Lee (2005)".
    fit = kam.fit_bgnbd(cdnow)  # the DataFrame's frequency, recency and T columns
    assert fit.status == "converged" and fit.converged and fit.accounts == 2357
    for got, want in zip((fit.r, fit.alpha, fit.a, fit.b), CDNOW_BGNBD):
        assert rel(got, want, 1e-6)
    assert (round(fit.r, 4), round(fit.alpha, 4), round(fit.a, 4), round(fit.b, 4)) == (
        0.2426, 4.4135, 0.7929, 2.4258)
    assert rel(fit.log_likelihood, -9582.425560567362, 1e-11)
    ses = (fit.std_error_r, fit.std_error_alpha, fit.std_error_a, fit.std_error_b)
    for got, want in zip(ses, (0.012557, 0.378221, 0.185719, 0.705345)):
        assert abs(got - want) <= 2e-6
    assert list(fit.summary.index) == ["r", "alpha", "a", "b"]
    assert fit.summary.loc["alpha", "se(coef)"] == fit.std_error_alpha
    # The same from three arrays, and from Series (float32 is fitted too).
    again = kam.fit_bgnbd(cdnow.frequency.to_numpy(), cdnow.recency.to_numpy(),
                          cdnow["T"].to_numpy())
    assert again.params == fit.params
    f32 = kam.fit_bgnbd(*(cdnow[c].to_numpy(np.float32) for c in ("frequency", "recency", "T")))
    assert rel(f32.r, fit.r, 1e-3)


def test_bgnbd_predictions(cdnow):
    # tests/retention/bgnbd_test.cpp, "bgnbd predictions: P(active) and expected transactions".
    fit = kam.BetaGeoFit(*CDNOW_BGNBD, 0.0, "converged", True, 0, 0.0)
    x, t_x, age = np.array([2.0, 10, 10]), np.array([30.43, 35, 10]), np.full(3, 38.86)
    alive = fit.p_alive(x, t_x, age)
    assert rel(alive[0], 0.7266091745661124, 1e-12)
    assert rel(alive[1], 0.846960747094269, 1e-12)
    assert rel(alive[2], 0.00018545890630394584, 1e-10)
    nxt = fit.conditional_expected_transactions(39.0, x, t_x, age)
    assert rel(nxt[0], 1.2259104993970995, 1e-10)
    assert rel(fit.expected_transactions(39.0), 1.1950163211443174, 1e-10)
    assert fit.expected_transactions(0.0) == 0.0
    whole = fit.conditional_expected_transactions(39.0, cdnow)
    assert isinstance(whole, pd.Series) and (whole.index == cdnow.index).all()
    assert rel(whole.sum(), 1653.4233079691553, 1e-10)
    assert (fit.p_alive_ahead(0.0, cdnow) - fit.p_alive(cdnow)).abs().max() < 1e-12


def test_gamma_gamma_on_cdnow(cdnow_spend):
    # tests/retention/gamma_gamma_test.cpp, "fit_gamma_gamma: the CDNOW repeat buyers" and
    # "gamma_gamma predictions".
    fit = kam.fit_gamma_gamma(cdnow_spend.frequency, cdnow_spend.monetary_value)
    assert (fit.accounts, fit.skipped) == (946, 1411) and fit.converged
    for got, want in zip((fit.p, fit.q, fit.gamma), CLV_SPEND._tuple()):
        assert rel(got, want, 1e-6)
    assert rel(fit.log_likelihood, -4055.9232435028575, 1e-11)
    assert rel(fit.std_error_p, 1.1896797180412282, 1e-4)
    assert rel(fit.frequency_spend_correlation, 0.11388391048600499, 1e-12)
    e = CLV_SPEND.expected_spend(np.array([2.0, 1, 7, 0]), np.array([22.35, 11.77, 73.74, 0]))
    for got, want in zip(e, (24.658616018221363, 18.9114795104592, 71.46285085816643,
                             35.17100162010775)):
        assert rel(got, want, 1e-13)
    assert rel(CLV_SPEND.mean_spend(), 35.17100162010775, 1e-13)


def test_clv_forecast_lifetimes_example(cdnow_spend):
    # tests/retention/clv_forecast_test.cpp, "lifetimes' documented example, weeks taken for
    # days": model_unit_days=1, period_days=30, 12 periods, 1 % a period.
    f = kam.clv_forecast(CLV_BGNBD, CLV_SPEND, cdnow_spend, model_unit_days=1, period_days=30,
                         periods=12, discount_rate=0.01)
    assert isinstance(f.value, pd.Series) and f.value.index.equals(cdnow_spend.index)
    assert rel(f.value.iloc[0], 140.09621876528075, 1e-10)
    assert rel(f.value.iloc[1], 18.94346979255667, 1e-10)
    assert rel(f.value.iloc[2], 38.180573486944866, 1e-10)
    assert rel(f.total_value, 266621.59093731997, 1e-10)
    assert list(f.to_frame().columns) == ["value", "expected_transactions", "expected_spend"]
    # The units are required: no default to get silently wrong.
    with pytest.raises(TypeError):
        kam.clv_forecast(CLV_BGNBD, CLV_SPEND, cdnow_spend, period_days=30)
    with pytest.raises(kam.InvalidInputError) as info:
        kam.clv_forecast(CLV_BGNBD, CLV_SPEND, cdnow_spend, model_unit_days=0, period_days=30)
    assert (info.value.function, info.value.field) == ("kam::clv_forecast", "model_unit_days")


# --- Cox -------------------------------------------------------------------------------------

# tests/retention/cox_test.cpp, "lifelines' rossi example, Efron's method" (statsmodels' values).
ROSSI_COEF = [-0.379422166871, -0.057437743014, 0.313899785949, -0.149795697223, -0.43370387669,
              -0.084871082991, 0.091497079351]
ROSSI_SE = [0.191379480713, 0.021999470628, 0.307992776393, 0.212224296158, 0.381868057465,
            0.195756671921, 0.028648550073]


def test_cox_rossi_efron(rossi):
    fit = kam.fit_cox(rossi.week, rossi.arrest, rossi[ROSSI])
    assert fit.status == "converged" and fit.accounts == 432 and fit.events == 114
    s = fit.summary
    assert list(s.index) == ROSSI and s.index.name == "covariate"
    assert list(s.columns) == ["coef", "exp(coef)", "se", "z", "p", "lower", "upper"]
    np.testing.assert_allclose(s["coef"], ROSSI_COEF, rtol=1e-9)
    np.testing.assert_allclose(s["se"], ROSSI_SE, rtol=1e-9)
    np.testing.assert_allclose(s["exp(coef)"], np.exp(ROSSI_COEF), rtol=1e-9)
    np.testing.assert_allclose(s["lower"], s["coef"] - 1.959963984540054 * s["se"], rtol=1e-13)
    assert rel(fit.log_likelihood, -658.747659446086, 1e-12)
    assert rel(fit.log_likelihood_null, -675.380632346870, 1e-12)
    assert fit.lr_degrees_of_freedom == 7
    assert rel(fit.concordance, 0.6403292470997135, 1e-14)
    assert fit.coefficients["prio"] == s.loc["prio", "coef"]
    assert list(fit.covariance.columns) == ROSSI
    # lifelines' calling convention: duration and event columns named in the frame.
    same = kam.fit_cox("week", "arrest", rossi)
    np.testing.assert_array_equal(same.summary["coef"], s["coef"])
    # A Fortran-order float64 array and a C-order one give the same fit, named x0..x6.
    arr = kam.fit_cox(rossi.week.to_numpy(float), rossi.arrest.to_numpy(),
                      np.asfortranarray(rossi[ROSSI].to_numpy(float)))
    assert list(arr.summary.index) == [f"x{j}" for j in range(7)]
    np.testing.assert_allclose(arr.summary["coef"].to_numpy(), ROSSI_COEF, rtol=1e-9)


def test_cox_breslow_standardize_and_strata(rossi):
    # tests/retention/cox_test.cpp, "rossi with Breslow's method", "standardised covariates
    # report coefficients per standard deviation", "fit_cox_stratified: rossi stratified by race".
    b = kam.fit_cox(rossi.week, rossi.arrest, rossi[ROSSI], ties="breslow")
    np.testing.assert_allclose(
        b.coefficients, [-0.379021887795, -0.057245925364, 0.314129765068, -0.151114599627,
                         -0.432782572549, -0.084982835752, 0.0911115405], rtol=1e-9)
    assert rel(b.log_likelihood, -659.120605677328, 1e-12)
    z = kam.fit_cox(rossi.week, rossi.arrest, rossi[ROSSI], standardize=True)
    np.testing.assert_allclose(
        z.scales, [0.500579710339634, 6.113375216293327, 0.328455872668541, 0.495397524792645,
                   0.328455872668541, 0.486426351582958, 2.896067649154303], rtol=1e-14)
    np.testing.assert_allclose(z.scales, rossi[ROSSI].std(ddof=1), rtol=1e-14)
    np.testing.assert_allclose(
        z.coefficients, [-0.189931038388826, -0.351138474620153, 0.103102228124444,
                         -0.074208417628756, -0.142452585298026, -0.041283531254127,
                         0.264981731500885], rtol=1e-9)
    assert z.standardize
    others = ["fin", "age", "wexp", "mar", "paro", "prio"]
    labels = rossi.race.map({0: "other", 1: "black"})
    s = kam.fit_cox(rossi.week, rossi.arrest, rossi[others], strata=labels)
    assert s.strata == 2
    np.testing.assert_allclose(
        s.coefficients, [-0.3787673746405, -0.0576397455683, -0.14274992542, -0.4388166856383,
                         -0.0857639546001, 0.092213839431], rtol=1e-9)
    assert rel(s.log_likelihood, -620.5636085143757, 1e-12)
    assert rel(s.concordance, 0.6312036845679194, 1e-14)
    # Survival of new accounts follows their own stratum's baseline, labels as given.
    surv = s.survival(rossi[others].head(2), [10.0, 52.0], strata=labels.head(2))
    assert surv.shape == (2, 2) and (surv.to_numpy() < 1).all()
    with pytest.raises(kam.InvalidInputError) as info:
        s.survival(rossi[others].head(2), [10.0], strata=["other", "martian"])
    assert info.value.field == "strata" and info.value.row == 1


def test_cox_predictions(rossi):
    # tests/retention/cox_test.cpp, "baseline cumulative hazard, partial hazards and survival".
    fit = kam.fit_cox(rossi.week, rossi.arrest, rossi[ROSSI])
    assert len(fit.baseline_time) == 49
    assert rel(fit.baseline_cumulative_hazard[48], 0.274372836830596, 1e-9)
    new = pd.DataFrame([[0, 20, 1, 0, 0, 0, 3], [1, 35, 0, 1, 1, 1, 0]], columns=ROSSI,
                       index=["ann", "bob"])
    ph = fit.partial_hazard(new[list(reversed(ROSSI))])  # columns are picked by name
    assert list(ph.index) == ["ann", "bob"]
    assert rel(ph["ann"], 1.98391022552033, 1e-9) and rel(ph["bob"], 0.163216092651713, 1e-9)
    s = fit.survival(new, [0.5, 1, 25.5, 52, 60])
    assert s.shape == (2, 5) and list(s.index) == ["ann", "bob"]
    assert s.iloc[0, 0] == 1 and s.iloc[1, 0] == 1
    assert rel(s.iloc[0, 2], 0.805754357040421, 1e-9)
    assert rel(s.iloc[1, 3], 0.956205852375828, 1e-9)
    assert s.iloc[0, 4] == s.iloc[0, 3]
    arr = fit.survival(new.to_numpy(np.float32), np.array([25.5], np.float32))
    assert arr.dtype == np.float32 and rel(float(arr[0, 0]), 0.805754357040421, 1e-5)


def test_cox_errors_name_function_field_row(rossi):
    x = rossi[ROSSI].astype(float)
    x.index = [f"p{i}" for i in range(len(x))]
    x.iloc[5, 1] = np.nan
    with pytest.raises(kam.NonFiniteValueError) as info:
        kam.fit_cox(rossi.week.to_numpy(), rossi.arrest.to_numpy(), x)
    e = info.value
    assert (e.function, e.field, e.index, e.row, e.label) == ("kam::fit_cox", "age", 1, 5, "p5")
    with pytest.raises(kam.InvalidInputError) as info:
        kam.fit_cox(rossi.week, rossi.arrest, rossi[ROSSI].assign(one=1.0).to_numpy())
    assert (info.value.field, info.value.index) == ("covariates", 7)
    assert "constant" in info.value.reason
    with pytest.raises(kam.UnknownNameError) as info:
        kam.fit_cox(rossi.week, rossi.arrest, rossi[ROSSI], ties="exact")
    assert info.value.known == ["efron", "breslow"] and info.value.field == "ties"
    times = rossi.week.astype(float).copy()
    times.iloc[3] = -1
    with pytest.raises(kam.InvalidInputError) as info:
        kam.fit_cox(times, rossi.arrest, rossi[ROSSI])
    assert info.value.field == "times" and info.value.row == 3
    with pytest.raises(kam.UnknownNameError):
        kam.fit_cox("weeks", "arrest", rossi)


# --- log-rank and Kaplan-Meier ---------------------------------------------------------------


def test_logrank_rossi_and_lymphoma(rossi):
    # Rossi by financial aid: statsmodels 0.13.5 survdiff(week, arrest, fin) = 3.8375695765490487,
    # p 0.0501161174090059 (run with ../shared/tools/peer-python; R's survdiff prints 3.8).
    r = kam.logrank_test(rossi.week, rossi.arrest, rossi.fin)
    assert rel(r.chi_square, 3.8375695765490487, 1e-12) and round(r.test_statistic, 2) == 3.84
    assert rel(r.p_value, 0.0501161174090059, 1e-10) and r.degrees_of_freedom == 1
    assert list(r.groups) == [0, 1]
    # tests/retention/logrank_test.cpp, "rossi's recidivism data by prior convictions (four
    # groups)", with string labels.
    prio = rossi.prio.clip(0, 3).map({0: "none", 1: "one", 2: "two", 3: "three+"})
    r = kam.logrank_test(rossi.week, rossi.arrest, prio)
    assert list(r.groups) == ["none", "one", "three+", "two"]
    assert r.summary.loc["three+", "accounts"] == 181 and r.degrees_of_freedom == 3
    assert rel(r.chi_square, 13.583870920492224, 1e-12)
    gb = kam.logrank_test(rossi.week, rossi.arrest, prio, "gehan_breslow")
    assert rel(gb.chi_square, 14.302613485442885, 1e-12)
    # tests/retention/logrank_test.cpp, "lifelines' lymphoma data (two groups)".
    ly = pd.read_csv(DATA / "lifelines" / "lymphoma.csv")
    r = kam.logrank_test(ly.Time, ly.Censor, ly.Stage_group)
    assert list(r.observed) == [8, 46] and rel(r.chi_square, 6.709710357613141, 1e-12)
    fh = kam.logrank_test(ly.Time, ly.Censor, ly.Stage_group, "fleming_harrington", rho=0.5)
    assert rel(fh.chi_square, 6.22032611952251, 1e-12)
    with pytest.raises(kam.UnknownNameError) as info:
        kam.logrank_test(ly.Time, ly.Censor, ly.Stage_group, "wilcoxon")
    assert info.value.field == "weighting"
    with pytest.raises(kam.InvalidInputError) as info:
        kam.logrank_test(ly.Time, ly.Censor, np.zeros(len(ly), int))
    assert info.value.function == "kam::logrank_test"


SIX_MP_T = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
SIX_MP_E = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_kaplan_meier_six_mp(dtype):
    # tests/retention/survival_test.cpp, "the 6-MP group of Freireich et al. (1963)": Kleinbaum &
    # Klein and R's survfit (log-log band), published to 3-4 decimals.
    km = kam.kaplan_meier(np.array(SIX_MP_T, dtype), np.array(SIX_MP_E, bool))
    assert km.time.dtype == dtype
    assert km.time.tolist() == [6, 7, 10, 13, 16, 22, 23]
    assert km.at_risk.tolist() == [21, 17, 15, 12, 11, 7, 6]
    np.testing.assert_allclose(km.survival, [0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448],
                               atol=0.0005)
    np.testing.assert_allclose(km.std_error,
                               [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346],
                               atol=0.00005)
    np.testing.assert_allclose(km.lower, [0.620, 0.563, 0.503, 0.432, 0.368, 0.268, 0.188],
                               atol=0.0005)
    np.testing.assert_allclose(km.upper, [0.952, 0.923, 0.889, 0.849, 0.805, 0.747, 0.680],
                               atol=0.0005)
    assert km.median == 23 and km.total == 21 and km.total_events == 9
    assert km.survival_at(5) == 1 and km.survival_at(9) == km.survival[1]
    assert km.to_frame().index.name == "time"
    # Strided and reversed views are read in place and give the same curve as copies.
    t, e = np.array(SIX_MP_T, dtype), np.array(SIX_MP_E, dtype)
    np.testing.assert_array_equal(kam.kaplan_meier(t[::-1], e[::-1]).survival, km.survival)
    np.testing.assert_array_equal(kam.kaplan_meier(t[::2], e[::2]).survival,
                                  kam.kaplan_meier(t[::2].copy(), e[::2].copy()).survival)


def test_kaplan_meier_weights_and_errors():
    # Integer weights equal the expanded data (survival_test.cpp, "integer weights equal the
    # expanded data").
    t = np.array(SIX_MP_T, float)
    e = np.array(SIX_MP_E, float)
    w = np.arange(1, 22, dtype=float) % 3 + 1
    weighted = kam.kaplan_meier(t, e, w)
    expanded = kam.kaplan_meier(np.repeat(t, w.astype(int)), np.repeat(e, w.astype(int)))
    np.testing.assert_allclose(weighted.survival, expanded.survival, rtol=1e-12)
    bad = pd.Series(t, index=[f"a{i}" for i in range(21)])
    bad.iloc[4] = np.nan
    with pytest.raises(kam.NonFiniteValueError) as info:
        kam.kaplan_meier(bad, e)
    assert (info.value.function, info.value.field, info.value.row) == (
        "kam::kaplan_meier", "times", 4)
    assert info.value.label == "a4"


def test_no_copy_of_the_input_and_pickled_fits(rossi):
    # Float64 vectors and a Fortran-order covariate block are read in place: Python allocates
    # nothing near the input's size (kam's C++ keeps its own working copy, not traced here).
    import pickle
    import tracemalloc

    rng = np.random.default_rng(5)
    n = 200_000
    x = np.asfortranarray(rng.normal(size=(n, 3)))
    times = rng.exponential(10.0, n) + 0.01
    events = (rng.random(n) < 0.7).astype(np.float64)
    tracemalloc.start()
    fit = kam.fit_cox(times, events, x, max_iterations=20)
    km = kam.kaplan_meier(times, events)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < times.nbytes // 2, peak
    assert fit.accounts == n and km.total == n
    # Fitted results are plain dataclasses: they pickle, and predict after a round trip.
    cox = kam.fit_cox("week", "arrest", rossi)
    back = pickle.loads(pickle.dumps(cox))
    np.testing.assert_array_equal(back.partial_hazard(rossi.head(3)),
                                  cox.partial_hazard(rossi.head(3)))
    bg = pickle.loads(pickle.dumps(CLV_BGNBD))
    assert bg.expected_transactions(39.0) == CLV_BGNBD.expected_transactions(39.0)


def test_threads_fit_at_once(rossi):
    # The GIL is released while kam fits: fits from several threads agree with one alone.
    from concurrent.futures import ThreadPoolExecutor

    one = kam.fit_cox("week", "arrest", rossi).summary
    with ThreadPoolExecutor(4) as pool:
        many = list(pool.map(lambda _: kam.fit_cox("week", "arrest", rossi).summary, range(8)))
    for m in many:
        pd.testing.assert_frame_equal(m, one)


def test_cox_float32_c_order_weights_and_confidence(rossi):
    # tests/retention/cox_test.cpp, "float, row-major maps and options" and "case weights":
    # float32 in C order is fitted in float32 (coefficients to 1e-5); a 90 % interval.
    x32 = np.ascontiguousarray(rossi[ROSSI].to_numpy(np.float32))
    f = kam.fit_cox(rossi.week.to_numpy(np.float32), rossi.arrest.to_numpy(), x32)
    assert f.status == "converged" and f.coefficients.dtype == np.float32
    assert rel(float(f.coefficients["x0"]), -0.379422166871, 1e-5)
    assert rel(f.log_likelihood, -658.747659446086, 1e-6)
    h = kam.fit_cox(rossi.week, rossi.arrest, rossi[ROSSI], confidence=0.9)
    assert rel(h.upper["fin"], h.coefficients["fin"] + 1.6448536269514722 * h.std_error["fin"],
               1e-12)
    # Integer weights with Breslow's ties equal repeated accounts exactly.
    w = (np.arange(len(rossi)) % 3 + 1).astype(float)
    weighted = kam.fit_cox(rossi.week, rossi.arrest, rossi[ROSSI], weights=w, ties="breslow")
    rep = rossi.loc[rossi.index.repeat(w.astype(int))]
    repeated = kam.fit_cox("week", "arrest", rep, ties="breslow")
    np.testing.assert_allclose(weighted.coefficients, repeated.coefficients, rtol=1e-9)


def test_bgnbd_errors_name_function_field_row(cdnow):
    bad = cdnow.copy()
    bad.index = [f"c{i}" for i in bad.index]
    bad.iloc[7, bad.columns.get_loc("recency")] = bad["T"].iloc[7] + 1
    with pytest.raises(kam.InvalidInputError) as info:
        kam.fit_bgnbd(bad)
    e = info.value
    assert (e.function, e.row, e.label) == ("kam::fit_bgnbd", 7, "c8")
    assert e.field in ("recency", "age")
    with pytest.raises(kam.ShapeMismatchError):
        kam.fit_bgnbd(cdnow.frequency, cdnow.recency, cdnow["T"].iloc[:-1])
    with pytest.raises(kam.UnknownNameError) as info:
        kam.fit_bgnbd(cdnow.drop(columns="T"))
    assert info.value.field == "T"
    with pytest.raises(kam.OutOfBoundsError) as info:
        CLV_BGNBD.expected_transactions(-1.0)
    assert info.value.function == "kam::bgnbd_expected_transactions"


@pytest.mark.parametrize("function", [kam.summarize_transactions, kam.fit_bgnbd,
                                      kam.fit_gamma_gamma, kam.clv_forecast, kam.fit_cox,
                                      kam.logrank_test, kam.kaplan_meier])
def test_help_explains_every_argument(function):
    import inspect

    doc = inspect.getdoc(function)
    for name in inspect.signature(function).parameters:
        assert name in doc, (function.__name__, name)

"""Account plans from Python: plan scores, whitespace and the next best play, on cases worked by
hand (the C++ tests in tests/plan/ show the same arithmetic); DataFrames in and out, pickling,
and bad input as kam.Error subclasses with function, field and row."""

import datetime
import math
import pickle

import numpy as np
import pytest

import kam

pd = pytest.importorskip("pandas")


# --- plan scores (tests/plan/plan_scores_test.cpp) ----------------------------------------------

SECTIONS = ["our_team", "customer_team", "trends", "needs", "insights", "competitors", "value",
            "unknowns"]


def plans():
    # ACME: every section written, owned, dated 2026-06-01 (29 days before as_of) but
    # competitors, 2026-01-15 (166 days: (date(2026,6,30) - date(2026,1,15)).days); economic
    # buyer, champion and user named; an account lead; one objective.
    # BETA: trends (content, no owner, no date), needs (owner, 2026-03-31: 91 days), value
    # (owner, 2026-04-01: 90 days, on the interval); nobody named, no team, no objectives.
    rows = {}
    for name in ("ACME", "BETA"):
        rows[name] = {}
    for s in SECTIONS:
        rows["ACME"].update({s: True, f"{s}_owner": "ana", f"{s}_updated": "2026-06-01"})
        rows["BETA"].update({s: False, f"{s}_owner": None, f"{s}_updated": None})
    rows["ACME"].update(competitors_owner="bo", competitors_updated="2026-01-15",
                        customer_team=["economic_buyer", "champion", "user"],
                        our_team=["account_lead"], objectives=1)
    rows["BETA"].update(trends=True, needs=True, needs_owner="cy", needs_updated="2026-03-31",
                        value=True, value_owner="cy", value_updated="2026-04-01",
                        customer_team=[], our_team="", objectives=0)
    return pd.DataFrame.from_dict(rows, orient="index")


def test_score_plans_by_hand():
    r = kam.score_plans(plans(), datetime.date(2026, 6, 30))
    t = r.table
    # Total weight 14 = 8 sections + roles (1 + .5 + 1 + .5 + .5 + .5) + team (1 + .5) + .5.
    # ACME: 8 + 1 + 1 + .5 + 1 + .5 = 12 -> 12/14; fresh 7 of 8 sections. BETA: 3/14; fresh:
    # value only (90 days, on the interval) of 3 -> 1/3.
    assert t.loc["ACME", "completeness"] == pytest.approx(12 / 14, abs=1e-15)
    assert t.loc["ACME", "freshness"] == pytest.approx(0.875, abs=1e-15)
    assert t.loc["BETA", "completeness"] == pytest.approx(3 / 14, abs=1e-15)
    assert t.loc["BETA", "freshness"] == pytest.approx(1 / 3, abs=1e-15)
    assert t.loc["ACME", "stale_sections"] == ["competitors"]
    assert t.loc["ACME", "missing_customer_roles"] == ["sponsor", "influencer", "blocker"]
    assert t.loc["ACME", "missing_team_roles"] == ["executive_sponsor"]
    assert t.loc["BETA", "missing_sections"] == ["our_team", "customer_team", "insights",
                                                 "competitors", "unknowns"]
    assert t.loc["BETA", "unowned_sections"] == ["trends"]
    assert t.missing_objectives.tolist() == [False, True]
    assert t.loc["ACME", "gaps"] == [
        "the 'competitors' section is 166 days old (review every 90 days)",
        "no sponsor named on the customer's side", "no influencer named on the customer's side",
        "no blocker named on the customer's side", "no executive sponsor on our team"]
    assert len(t.loc["BETA", "gaps"]) == 17
    assert r.section_age_days.loc["ACME", "competitors"] == 166
    assert r.section_age_days.loc["BETA", "trends"] == -1
    assert pickle.loads(pickle.dumps(r)).table.equals(t)
    assert kam.plan_question("trends") == "which trends affect this account?"


def test_score_plans_bad_input():
    x = plans()
    x.loc["BETA", "value_updated"] = "2026-07-01"  # after as_of
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.score_plans(x, "2026-06-30")
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::score_plans", "section_updated", 1, "BETA")
    assert e.value.index == 6  # the value section
    x = plans()
    x.at["ACME", "customer_team"] = ["economic_buyer", "boss"]
    with pytest.raises(kam.UnknownNameError) as e:
        kam.score_plans(x, "2026-06-30")
    assert (e.value.function, e.value.field, e.value.row) == ("kam.score_plans",
                                                             "customer_team", 0)
    x = plans()
    x["step"] = ["plan", "pitch"]
    with pytest.raises(kam.UnknownNameError) as e:
        kam.score_plans(x, "2026-06-30")
    assert (e.value.function, e.value.field, e.value.row) == ("kam::score_plans", "step", 1)


# --- whitespace (tests/plan/whitespace_test.cpp) ------------------------------------------------


def holdings():
    # a0 (group g0): o o .   a1 (g0): o . n   a2 (g0): . p .   a3 (g0): o . o
    # a4 (g1): . o .         a5 (g1): n o .
    o, p, x, n = "owned", "pipeline", "open", "not_eligible"
    return pd.DataFrame([[o, o, x], [o, x, n], [x, p, x], [o, x, o], [x, o, x], [n, o, x]],
                        index=[f"a{i}" for i in range(6)], columns=["X", "Y", "Z"])


GROUPS = ["g0", "g0", "g0", "g0", "g1", "g1"]


def test_whitespace_by_price_by_hand():
    r = kam.whitespace(holdings(), GROUPS, price=pd.Series({"Z": 200.0, "X": 100.0, "Y": 50.0}))
    a = r.accounts
    assert a.owned.tolist() == [2, 1, 0, 2, 1, 1]
    assert a.open.tolist() == [1, 1, 2, 1, 2, 1]
    assert a.account_penetration["a0"] == pytest.approx(2 / 3, abs=1e-15)
    # X: 3 owners of 5 eligible = .6; Y: 3 of 6 = .5; Z: 1 of 5 = .2.
    assert r.offerings.penetration.tolist() == pytest.approx([0.6, 0.5, 0.2], abs=1e-15)
    # (k + m p_j) / (n + m), m = 2: a0 Z (1 + .4) / 4 = .35 -> 200 x .35 = 70; a2: X (3 + 1.2) / 5
    # = .84 -> 84, Z .35 -> 70: 154; a4: X .6 -> 60, Z .4/3 -> 80/3.
    assert a.expected_expansion.tolist() == pytest.approx(
        [70, 20, 154, a.expected_expansion["a3"], 60 + 80 / 3, 80 / 3], abs=1e-12)
    assert a.loc["a2", "best_openings"] == ["X", "Z"]  # X 84 before Z 70
    assert a.loc["a0", "best_openings"] == ["Z"]
    assert r.group_propensity.loc["g0", "Z"] == pytest.approx(0.35, abs=1e-15)
    q = r.cell_propensity(holdings(), GROUPS)
    assert q.loc["a2", "X"] == pytest.approx(0.84, abs=1e-15)
    assert math.isnan(q.loc["a0", "X"])  # owned
    raw = kam.whitespace(holdings(), GROUPS, price=[100, 50, 200], smoothing=0)
    assert raw.group_propensity.loc["g0", "X"] == 1.0  # 3 / 3, no smoothing
    assert pickle.loads(pickle.dumps(r)).accounts.equals(a)


def test_whitespace_by_peer_revenue_by_hand():
    revenue = pd.DataFrame(np.nan, index=holdings().index, columns=["X", "Y", "Z"])
    # X owners (120 + 80 + 100) / 3 = 100; Y (40 + 60 + 50) / 3 = 50; Z 300.
    for (i, j), v in {("a0", "X"): 120, ("a1", "X"): 80, ("a3", "X"): 100, ("a0", "Y"): 40,
                      ("a4", "Y"): 60, ("a5", "Y"): 50, ("a3", "Z"): 300}.items():
        revenue.loc[i, j] = v
    r = kam.whitespace(holdings(), GROUPS, revenue=revenue, threads=2)
    assert r.offerings.value.tolist() == [100, 50, 300]
    assert r.accounts.expected_expansion["a2"] == pytest.approx(189, abs=1e-12)  # 84 + 105
    assert r.accounts.loc["a2", "best_openings"] == ["Z", "X"]
    # The same bits on 1 thread as on 2.
    assert r.accounts.equals(kam.whitespace(holdings(), GROUPS, revenue=revenue).accounts)


def test_whitespace_bad_input():
    h = holdings()
    h.iloc[3, 1] = "maybe"
    with pytest.raises(kam.UnknownNameError) as e:
        kam.whitespace(h, GROUPS, price=[1, 2, 3])
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam.whitespace", "Y", 3, "a3")
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.whitespace(holdings(), GROUPS, price=[1, -2, 3])
    assert (e.value.function, e.value.field) == ("kam::whitespace_by_price", "price")
    revenue = np.full((6, 3), np.nan)
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.whitespace(holdings(), GROUPS, revenue=revenue)
    assert (e.value.function, e.value.row, e.value.label) == (
        "kam::whitespace_by_peer_revenue", 0, "a0")
    with pytest.raises(kam.ShapeMismatchError) as e:
        kam.whitespace(holdings(), GROUPS[:5], price=[1, 2, 3])
    assert e.value.function == "kam::whitespace_by_price"
    with pytest.raises(kam.InvalidInputError):
        kam.whitespace(holdings(), GROUPS)


# --- next best play (tests/plan/next_play_test.cpp) ---------------------------------------------


def play_inputs():
    na = np.nan
    return pd.DataFrame({"churn_probability": [0.3, na, 0.5, na, 0.0],
                         "clv": [100000, 50000, 10000, na, 1000],
                         "expansion": [12000, 5000, 5000, na, 0],
                         "gap": [0.4, 0.5, na, na, 0.25],
                         "value_to_win": [20000, 8000, na, na, 4000]}, index=list("vwxyz"))


def test_next_best_play_by_hand():
    # v: protect .3 x 100000 = 30000 > expand 12000 > win .4 x 20000. w: P(churn) missing,
    # expand 5000 > win 4000. x: protect 5000 = expand 5000, a tie: protect first. y: nothing
    # assessed: maintain. z: protect 0 and expand 0 not above 0; win .25 x 4000 = 1000.
    r = kam.next_best_play(play_inputs())
    t = r.table
    assert t.play.tolist() == ["protect", "expand", "protect", "maintain", "win"]
    assert t.value.tolist() == pytest.approx([30000, 5000, 5000, 0, 1000], abs=1e-9)
    assert t.tied.tolist() == [False, False, True, False, False]
    assert math.isnan(t.loc["w", "protect_value"])
    assert t.loc["v", "reason"] == (
        "protect: expected value 30000 = P(churn) 0.3 x CLV 100000; expand 12000; win 8000")
    assert r.counts == {"win": 1, "expand": 1, "protect": 2, "maintain": 1}
    assert list(t.index) == list("vwxyz")
    # Expand first in the tie order: x's tie goes to expand.
    again = kam.next_best_play(play_inputs(), tie_order=("expand", "protect", "win"))
    assert again.table.loc["x", "play"] == "expand"
    # A win weight of 10: v's win is 80000 and beats protect 30000.
    assert kam.next_best_play(play_inputs(), win=(10, 0)).table.loc["v", "play"] == "win"


def test_next_best_play_bad_input():
    x = play_inputs()
    x.loc["x", "gap"] = 1.5
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.next_best_play(x)
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::next_best_play", "gap", 2, "x")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.next_best_play(play_inputs().drop(columns="clv"))
    assert (e.value.function, e.value.field) == ("kam.next_best_play", "clv")
    with pytest.raises(kam.DuplicateNameError) as e:
        kam.next_best_play(play_inputs(), tie_order=("win", "win", "expand"))
    assert e.value.field == "tie_order"


# --- objectives (tests/plan/objectives_test.cpp) ------------------------------------------------


def objectives():
    # As of 2026-07-02: rev-acme 50 -> 100 over 2026-01-01 .. 12-31 (364 days), 182 elapsed: .5;
    # latest actual 70. dso-acme (decreasing, weight 3): 200 -> 100, actual 150. nps-beta:
    # 10 -> 40 over 2026-04-02 .. 10-01 (182 days), 91 elapsed; actual 12. new-beta starts
    # 2026-08-01, after the as-of date.
    o = pd.DataFrame({
        "account": ["ACME", "ACME", "BETA", "BETA"], "start_value": [50.0, 200, 10, 0],
        "target": [100.0, 100, 40, 5],
        "start_date": ["2026-01-01", "2026-01-01", "2026-04-02", "2026-08-01"],
        "due_date": ["2026-12-31", "2026-12-31", "2026-10-01", "2026-12-01"],
        "weight": [1.0, 3, 1, 1]}, index=["rev-acme", "dso-acme", "nps-beta", "new-beta"])
    a = pd.DataFrame({"id": ["rev-acme", "rev-acme", "dso-acme", "nps-beta"],
                      "date": ["2026-06-15", "2026-03-31", "2026-05-01", "2026-06-01"],
                      "value": [70.0, 60, 150, 12]})
    return o, a


def test_review_objectives_by_hand():
    o, a = objectives()
    r = kam.review_objectives(o, a, "2026-07-02")
    t = r.objectives
    # rev-acme: (70 - 50) / 50 = .4; expected .5; .35 <= .4 < .45: at risk; gap -.1; value 75.
    assert t.loc["rev-acme", "attainment"] == pytest.approx(0.4, abs=1e-15)
    assert t.loc["rev-acme", "expected_value"] == pytest.approx(75, abs=1e-12)
    assert t.loc["rev-acme", "pace_gap"] == pytest.approx(-0.1, abs=1e-15)
    # dso-acme: (150 - 200) / (100 - 200) = .5: on track. nps-beta: 2/30 < .35: off track.
    assert t.loc["dso-acme", "attainment"] == pytest.approx(0.5, abs=1e-15)
    assert t.loc["nps-beta", "attainment"] == pytest.approx(2 / 30, abs=1e-15)
    assert t.status.tolist() == ["at_risk", "on_track", "off_track", "on_track"]
    assert t.measured.tolist() == [True, True, True, False]
    # ACME rolled up with weights 1 and 3: (.4 + 3 x .5) / 4 = .475 against .5: on track.
    assert r.accounts.loc["ACME", "attainment"] == pytest.approx(0.475, abs=1e-15)
    assert r.accounts.loc["ACME", "status"] == "on_track"
    back = kam.review_objectives(o, a, "2026-07-02", curve="back_loaded")
    assert back.objectives.loc["rev-acme", "expected"] == pytest.approx(0.25, abs=1e-15)


def test_review_objectives_bad_input():
    o, a = objectives()
    o.loc["nps-beta", "target"] = 10.0  # equal to its start value
    with pytest.raises(kam.InvalidInputError) as e:
        kam.review_objectives(o, a, "2026-07-02")
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::review_objectives", "target", 2, "nps-beta")
    o, a = objectives()
    a.loc[3, "date"] = "2026-08-01"  # after as_of
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.review_objectives(o, a, "2026-07-02")
    assert (e.value.field, e.value.row, e.value.index) == ("actuals", 2, 0)
    o, a = objectives()
    a.loc[0, "id"] = "rev-acne"
    with pytest.raises(kam.UnknownNameError) as e:
        kam.review_objectives(o, a, "2026-07-02")
    assert (e.value.function, e.value.field, e.value.row) == ("kam.review_objectives", "id", 0)


# --- one KPI series (tests/plan/kpi_series_test.cpp; statsmodels' interval) ---------------------


def kpi():
    # Days 0, 30, 60, 90, 120.
    dates = pd.to_datetime(["2026-01-01", "2026-01-31", "2026-03-02", "2026-04-01",
                            "2026-05-01"])
    return pd.Series([100.0, 104, 111, 113, 121], index=dates)


def test_review_kpi_by_hand():
    r = kam.review_kpi(kpi(), "2026-05-15", "2026-07-01")
    # EWMA alpha .3: 100, 101.2, 104.14, 106.798, 111.0586 (pandas ewm(adjust=False)).
    assert r.table.ewma.tolist() == pytest.approx([100, 101.2, 104.14, 106.798, 111.0586],
                                                  abs=1e-12)
    assert np.allclose(r.table.ewma, kpi().ewm(alpha=0.3, adjust=False).mean(), atol=1e-12)
    assert r.table.relative_change.iloc[1] == pytest.approx(0.04, abs=1e-15)
    assert math.isnan(r.table.change.iloc[0])
    assert r.trend["slope"] == pytest.approx(0.17, abs=1e-14)
    assert r.trend["status"] == "ok"
    # At day 181: 130.37 within [122.3738, 138.3662] at 95 % (statsmodels).
    assert r.forecast["time"] == 181
    assert r.forecast["value"] == pytest.approx(130.37, abs=1e-11)
    assert r.forecast["low"] == pytest.approx(122.37379917045146, rel=1e-12)
    assert r.forecast["high"] == pytest.approx(138.36620082954855, rel=1e-12)


def test_review_kpi_bad_input():
    s = kpi()
    s.iloc[3] = np.nan
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.review_kpi(s, "2026-05-15", "2026-07-01")
    assert (e.value.function, e.value.field, e.value.row) == ("kam::review_kpi", "values", 3)
    assert e.value.label == pd.Timestamp("2026-04-01")
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.review_kpi(kpi(), "2026-04-15", "2026-07-01")
    assert (e.value.field, e.value.row) == ("dates", 4)


# --- health over time (tests/plan/health_history_test.cpp) --------------------------------------


def contributions():
    # Revenue and relationship contributions of A, B, C at three dates (binary fractions):
    #   0: A .5 + .25 = .75     B .25 + .25 = .5        C .125 + .25 = .375
    #   1: A .375 + .25 = .625  B .25 + .25 = .5        C .25 + .25 = .5
    #   2: A .25 + .125 = .375  B .25 + .265625         C .5 + .25 = .75
    parts = [[[0.5, 0.25], [0.25, 0.25], [0.125, 0.25]],
             [[0.375, 0.25], [0.25, 0.25], [0.25, 0.25]],
             [[0.25, 0.125], [0.25, 0.265625], [0.5, 0.25]]]
    return [pd.DataFrame(p, index=list("ABC"), columns=["revenue", "relationship"])
            for p in parts]


def health_scores():
    return pd.DataFrame({d: c.sum(axis=1) for d, c in zip(["q1", "q2", "q3"], contributions())})


def test_track_health_by_hand():
    h = kam.track_health(health_scores())
    # Period q2: A -.125 (fell), B 0, C +.125; q3: A -.25, B +.015625 (flat: <= .02), C +.25.
    assert h.change.loc["A", "q2"] == -0.125
    assert h.direction.loc["B", "q3"] == 0 and h.direction.loc["C", "q3"] == 1
    assert h.band["q1"].tolist() == ["green", "amber", "red"]
    assert h.band["q3"].tolist() == ["red", "amber", "green"]
    # q1 -> q2: red -> amber (C), amber stays (B), green -> amber (A).
    assert h.transitions[0].loc["red", "amber"] == 1 and h.transitions[0].loc["green",
                                                                              "amber"] == 1
    assert h.band_changes.tolist() == [2, 0, 2]
    assert h.periods.fell.tolist() == [1, 1]


def test_explain_health_change_and_at_risk_by_hand():
    c = kam.explain_health_change(health_scores(), contributions(), "q1", "q3")
    # A: revenue .25 - .5 = -.25, relationship -.125; C: revenue +.375.
    assert c.delta.loc["A"].tolist() == [-0.25, -0.125]
    assert c.table.loc["A", "words"] == (
        "health fell 0.375 (0.75 to 0.375, green to red): revenue -0.25, relationship -0.125")
    assert c.table.loc["B", "words"] == (
        "health flat (0.5 to 0.5156, still amber): relationship +0.01563")
    churn = pd.DataFrame([[0.1, 0.1, 0.1], [0.125, 0.125, 0.25], [0.25, 0.25, 0.5]],
                         index=list("ABC"), columns=["q1", "q2", "q3"])
    revenue = pd.Series({"A": 100.0, "B": 300.0, "C": 300.0})
    r = kam.find_at_risk(health_scores(), revenue, churn)
    # A fell .625 -> .375; B and C churn rose; by revenue, ties in row order: B, C, A.
    assert list(r.index) == ["B", "C", "A"]
    assert r.health_fell.tolist() == [False, False, True]
    assert r.loc["A", "reason"] == (
        "health fell 0.25 (0.625 to 0.375, amber to red); revenue at stake 100")
    assert r.attrs["revenue_at_stake"] == 700
    assert list(kam.find_at_risk(health_scores(), revenue, window=2).index) == ["A"]


def test_health_bad_input():
    s = health_scores()
    s.loc["B", "q2"] = np.inf
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.track_health(s)
    assert (e.value.function, e.value.field, e.value.row, e.value.label, e.value.index) == (
        "kam::track_health", "scores", 1, "B", 1)
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.find_at_risk(health_scores(), [100.0, -1.0, 5.0])
    assert (e.value.function, e.value.field, e.value.row) == ("kam::find_at_risk", "revenue", 1)
    bad = contributions()
    bad[2].loc["C", "revenue"] = 0.75  # no longer adds up to C's score
    with pytest.raises(kam.InvalidInputError) as e:
        kam.explain_health_change(health_scores(), bad, "q1", "q3")
    assert (e.value.function, e.value.field, e.value.row) == (
        "kam::explain_health_change", "contributions", 2)


# --- other input forms: dicts of columns and numpy arrays give what DataFrames give ------------


def test_health_functions_take_arrays_and_dicts():
    frame = health_scores()
    array = frame.to_numpy()
    columns = {d: frame[d].tolist() for d in frame.columns}
    h = kam.track_health(frame)
    for other in (kam.track_health(array), kam.track_health(columns)):
        assert np.array_equal(other.change.to_numpy(), h.change.to_numpy())
        assert np.array_equal(other.direction.to_numpy(), h.direction.to_numpy())
        assert other.band_changes.tolist() == h.band_changes.tolist()
    assert kam.track_health(array).band[2].tolist() == ["red", "amber", "green"]  # date 2
    assert list(kam.track_health(columns).change.columns) == ["q2", "q3"]
    c = kam.explain_health_change(frame, contributions(), "q1", "q3")
    arrays = [p.to_numpy() for p in contributions()]
    ca = kam.explain_health_change(array, arrays, 0, 2, criteria=["revenue", "relationship"])
    assert np.array_equal(ca.delta.to_numpy(), c.delta.to_numpy())
    assert ca.table.words.tolist() == c.table.words.tolist()
    assert list(kam.explain_health_change(array, arrays, 0, 2).delta.columns) == ["0", "1"]
    churn = np.array([[0.1, 0.1, 0.1], [0.125, 0.125, 0.25], [0.25, 0.25, 0.5]])
    revenue = [100.0, 300.0, 300.0]
    r = kam.find_at_risk(frame, pd.Series(revenue, index=list("ABC")),
                         pd.DataFrame(churn, index=list("ABC"), columns=frame.columns))
    ra = kam.find_at_risk(array, np.asarray(revenue), churn)
    # Rows B, C, A of the frame are rows 1, 2, 0 of the array.
    assert list(ra.index) == [1, 2, 0] and list(r.index) == ["B", "C", "A"]
    assert ra.reason.tolist() == r.reason.tolist()
    assert ra.attrs["revenue_at_stake"] == r.attrs["revenue_at_stake"] == 700
    with pytest.raises(kam.NonFiniteValueError) as e:
        bad = array.copy()
        bad[1, 1] = np.nan
        kam.track_health(bad)
    assert (e.value.function, e.value.field, e.value.row, e.value.index, e.value.label) == (
        "kam::track_health", "scores", 1, 1, 1)  # a RangeIndex labels row 1 as 1
    with pytest.raises(kam.ShapeMismatchError) as e:
        kam.track_health(np.zeros(3))
    assert (e.value.function, e.value.field) == ("kam.track_health", "scores")


def test_objectives_kpi_plans_whitespace_take_dicts():
    o, a = objectives()
    r = kam.review_objectives(o, a, "2026-07-02")
    od = {"id": list(o.index), **{k: o[k].tolist() for k in o.columns}}
    ad = {k: a[k].tolist() for k in a.columns}
    rd = kam.review_objectives(od, ad, "2026-07-02")
    assert rd.objectives.equals(r.objectives.rename_axis("id"))
    assert rd.accounts.equals(r.accounts) and rd.portfolio == r.portfolio
    with pytest.raises(kam.UnknownNameError) as e:
        kam.review_objectives({k: v for k, v in od.items() if k != "id"}, ad, "2026-07-02")
    assert (e.value.function, e.value.field) == ("kam.review_objectives", "id")
    od["target"][2] = 10.0  # equal to its start value, as in test_review_objectives_bad_input
    with pytest.raises(kam.InvalidInputError) as e:
        kam.review_objectives(od, ad, "2026-07-02")
    assert (e.value.field, e.value.row, e.value.label) == ("target", 2, "nps-beta")

    s = kpi()
    k = kam.review_kpi(s, "2026-05-15", "2026-07-01")
    for form in ({"date": list(s.index), "value": s.tolist()},
                 {str(d.date()): v for d, v in s.items()}):
        other = kam.review_kpi(form, "2026-05-15", "2026-07-01")
        assert other.table.ewma.tolist() == k.table.ewma.tolist()
        assert other.forecast == k.forecast and other.trend == k.trend

    p = plans()
    pd_ = {"account": list(p.index), **{c: p[c].tolist() for c in p.columns}}
    assert kam.score_plans(pd_, "2026-06-30").table.equals(
        kam.score_plans(p, "2026-06-30").table.rename_axis("account"))

    h = holdings()
    w = kam.whitespace(h, GROUPS, price=[100.0, 50, 200])
    wd = kam.whitespace({c: h[c].tolist() for c in h.columns}, GROUPS, price=[100.0, 50, 200])
    assert wd.accounts.reset_index(drop=True).equals(w.accounts.reset_index(drop=True))
    wa = kam.whitespace(h.to_numpy(), GROUPS, price=[100.0, 50, 200])
    assert wa.accounts.expected_expansion.tolist() == w.accounts.expected_expansion.tolist()
    assert wa.accounts.loc[2, "best_openings"] == ["0", "2"]  # X and Z, by position


# --- the one-record helpers (tests/plan/objectives_test.cpp, health_history_test.cpp) ----------


def test_expected_progress_by_hand():
    # As objectives_test.cpp: f = .3 gives .3 linear, .3^2 = .09 back-loaded, 1 - .7^2 = .51
    # front-loaded; past the due date (1.5) clamps to 1, before the start (-1) to 0.
    assert kam.expected_progress(0.3) == pytest.approx(0.3, abs=1e-15)
    assert kam.expected_progress(0.3, "back_loaded") == pytest.approx(0.09, abs=1e-15)
    assert kam.expected_progress(0.3, "front_loaded") == pytest.approx(0.51, abs=1e-15)
    assert kam.expected_progress(1.5) == 1.0
    assert kam.expected_progress(-1, "front_loaded") == 0.0
    v = kam.expected_progress(np.array([0.0, 0.25, 0.5, 1.0]), "back_loaded")
    assert isinstance(v, np.ndarray) and v.tolist() == [0.0, 0.0625, 0.25, 1.0]
    s = kam.expected_progress(pd.Series([0.5, 2.0], index=["x", "y"]), "front_loaded")
    assert s.to_dict() == {"x": 0.75, "y": 1.0}  # 1 - .5^2; clamped
    # review_objectives's expected share is this function of the elapsed share.
    o, a = objectives()
    t = kam.review_objectives(o, a, "2026-07-02", curve="front_loaded").objectives
    assert np.array_equal(kam.expected_progress(t.elapsed, "front_loaded").to_numpy(),
                          t.expected.to_numpy())


def test_status_of_by_hand():
    # rev-acme of test_review_objectives_by_hand: .4 against .5: .35 <= .4 < .45, at risk.
    assert kam.status_of(0.4, 0.5) == "at_risk"
    # nps-beta: 2/30 < .7 x .5: off track. On a threshold the better status: .75 x .5 = .375.
    assert kam.status_of(2 / 30, 0.5) == "off_track"
    assert kam.status_of(0.375, 0.5, on_track_from=0.75, at_risk_from=0.5) == "on_track"
    assert kam.status_of(0.25, 0.5, on_track_from=0.75, at_risk_from=0.5) == "at_risk"
    v = kam.status_of([0.4, 0.5, 0.1], 0.5)  # expected broadcast to the three
    assert v.tolist() == ["at_risk", "on_track", "off_track"]
    s = kam.status_of(pd.Series([0.5, 0.1], index=["p", "q"]), np.array([0.5, 0.5]))
    assert s.astype(str).to_dict() == {"p": "on_track", "q": "off_track"}
    o, a = objectives()
    t = kam.review_objectives(o, a, "2026-07-02").objectives
    assert kam.status_of(t.attainment, t.expected).astype(str).tolist() == t.status.astype(
        str).tolist()


def test_health_band_by_hand():
    # Edges .4 and .7 (health_history_test.cpp): below .4 red, on an edge the upper band.
    assert kam.health_band(0.39) == "red"
    assert kam.health_band(0.4) == "amber"
    assert kam.health_band(0.69) == "amber"
    assert kam.health_band(0.7) == "green"
    assert kam.health_band([0.75, 0.5, 0.375]).tolist() == ["green", "amber", "red"]
    b = kam.health_band(pd.Series([0.2, 0.9], index=["A", "B"]), band_edges=[0.5],
                        band_names=["low", "high"])
    assert b.astype(str).to_dict() == {"A": "low", "B": "high"}
    assert list(b.cat.categories) == ["low", "high"]
    # An infinite score is an error, as a NaN one is (kam::health_band checks that the score is
    # finite: health_history_test.cpp).
    for score in (-np.inf, np.inf):
        with pytest.raises(kam.NonFiniteValueError) as e:
            kam.health_band(score)
        assert (e.value.function, e.value.field) == ("kam::health_band", "score")
    # track_health's bands are this function of each score.
    h = kam.track_health(health_scores())
    assert kam.health_band(health_scores()["q3"]).astype(str).tolist() == h.band["q3"].astype(
        str).tolist()


def test_helpers_bad_input():
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.expected_progress(pd.Series([0.1, np.nan], index=["a", "b"]))
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::expected_progress", "elapsed", 1, "b")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.expected_progress(0.5, "sideways")
    assert (e.value.function, e.value.field, e.value.name) == (
        "kam.expected_progress", "curve", "sideways")
    with pytest.raises(kam.InvalidInputError) as e:
        kam.status_of(0.5, 0.5, at_risk_from=0.95)  # above on_track_from
    assert (e.value.function, e.value.field) == ("kam::validate", "at_risk_from")
    with pytest.raises(kam.ShapeMismatchError) as e:
        kam.status_of([0.1, 0.2, 0.3], [0.1, 0.2])
    assert (e.value.function, e.value.field) == ("kam::status_of", "expected")
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.status_of([0.1, 0.2], [0.5, np.nan])
    assert (e.value.function, e.value.field, e.value.row) == ("kam::status_of", "expected", 1)
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.health_band([0.5, 0.6, np.nan])
    assert (e.value.function, e.value.field, e.value.row) == ("kam::health_band", "score", 2)
    with pytest.raises(kam.InvalidInputError) as e:
        kam.health_band(0.5, band_edges=[0.7, 0.4])
    assert (e.value.function, e.value.field, e.value.index) == ("kam::validate", "band_edges", 1)
    with pytest.raises(kam.ShapeMismatchError):
        kam.health_band(0.5, band_names=["red", "green"])  # two edges need three names


# --- the programme's self-assessment (tests/plan/self_assessment_test.cpp) ----------------------

PRACTICES = ["definition", "identification", "planning", "process", "people",
             "selling_vs_management", "collaboration", "management_support"]


def answers():
    # self_assessment_test.cpp's two respondents on the five default levels (0 absent ... 4
    # leading); NaN: not answered.
    na = np.nan
    return pd.DataFrame([[4, 3, 2, 1, 0, 2, 3, na], [4, 1, 2, 2, 1, na, 3, na]],
                        index=["ann", "bo"], columns=PRACTICES)


def test_assess_programme_by_hand():
    r = kam.assess_programme(answers())
    p = r.practices
    # Mean levels: 4, (3 + 1) / 2 = 2, 2, (1 + 2) / 2 = 1.5, .5, 2 (one answer), 3, none;
    # scores = mean / 4: 1, .5, .5, .375, .125, .5, .75, NaN.
    assert p.score.tolist()[:7] == [1, 0.5, 0.5, 0.375, 0.125, 0.5, 0.75]
    assert math.isnan(p.loc["management_support", "score"])
    assert p.answered.tolist() == [2, 2, 2, 2, 2, 1, 2, 0]
    # Levels of the rounded mean (half up): 1.5 -> developing, .5 -> initial.
    assert p.loc["process", "level"] == "developing" and p.loc["people", "level"] == "initial"
    assert p.loc["management_support", "level"] == ""
    # Maturity over the 7 answered practices: 3.75 / 7; coverage 7/8; 3.75/7 x 4 = 2.14.
    assert r.maturity == pytest.approx(3.75 / 7, abs=1e-15)
    assert r.coverage == 0.875 and r.maturity_level == "developing"
    assert r.weakest == ["people", "process", "identification", "planning",
                         "selling_vs_management", "collaboration", "definition"]
    assert r.weak == ["people", "process"] and r.unanswered == ["management_support"]
    assert p.weak.tolist() == [False, False, False, True, True, False, False, False]
    assert r.gaps == ["weak: the right people in the right roles scores 0.125 (initial)",
                      "weak: a structured account process scores 0.375 (developing)",
                      "not answered: management support"]
    assert kam.practice_text("selling_vs_management") == (
        "knowing the difference between selling and account management")
    assert p.loc["process", "text"] == "a structured account process"
    # Planning weighs 3: (1 + .5 + 3 x .5 + .375 + .125 + .5 + .75) / 9 = 4.75 / 9; coverage
    # 9 / 10; .375 is not below .375, so only people is weak.
    w = kam.assess_programme(answers(), weights={"planning": 3}, weak_below=0.375)
    assert w.maturity == pytest.approx(4.75 / 9, abs=1e-15)
    assert w.coverage == pytest.approx(0.9, abs=1e-15) and w.weak == ["people"]
    assert kam.assess_programme(answers(), weights=[1, 1, 3, 1, 1, 1, 1, 1]).maturity == (
        w.maturity)
    # Yes / no: 1 of 8 practices at "yes" is .125, which rounds to "no".
    yes_no = np.zeros((1, 8))
    yes_no[0, 0] = 1
    y = kam.assess_programme(yes_no, levels=["no", "yes"])
    assert y.maturity == 0.125 and y.maturity_level == "no"
    assert pickle.loads(pickle.dumps(r)).practices.equals(p)


def test_assess_programme_input_forms_agree():
    r = kam.assess_programme(answers())
    levels = ["absent", "initial", "developing", "established", "leading"]
    named = answers().applymap(lambda v: None if v != v else levels[int(v)])
    forms = [answers().to_numpy(), np.asfortranarray(answers().to_numpy(dtype=np.float32)),
             {c: answers()[c].tolist() for c in PRACTICES}, named,
             named.to_numpy(dtype=object),
             answers().assign(respondent=["ann", "bo"])]  # other columns are ignored
    for form in forms:
        other = kam.assess_programme(form)
        assert other.practices.equals(r.practices)
        assert (other.maturity, other.weakest, other.gaps) == (r.maturity, r.weakest, r.gaps)


def test_assess_programme_bad_input():
    a = answers()
    a.loc["bo", "process"] = 2.5
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.assess_programme(a)
    assert (e.value.function, e.value.field, e.value.row, e.value.index, e.value.label) == (
        "kam::assess_programme", "process", 1, 3, "bo")
    assert "answer 2.5 is not a level 0 to 4" in str(e.value)
    a.loc["bo", "process"] = -np.inf
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.assess_programme(a.to_numpy())
    assert (e.value.field, e.value.row, e.value.index, e.value.label) == ("process", 1, 3, None)
    named = answers().astype(object)
    named.loc["ann", "people"] = "great"
    with pytest.raises(kam.UnknownNameError) as e:
        kam.assess_programme(named)
    assert (e.value.function, e.value.field, e.value.row, e.value.index, e.value.label) == (
        "kam.assess_programme", "people", 0, 4, "ann")
    assert e.value.name == "great" and e.value.known[0] == "absent"
    with pytest.raises(kam.ShapeMismatchError) as e:
        kam.assess_programme(answers().to_numpy()[:, :7])
    assert (e.value.function, e.value.field) == ("kam::assess_programme", "answers")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.assess_programme(answers().drop(columns="planning"))
    assert (e.value.function, e.value.field) == ("kam.assess_programme", "planning")
    with pytest.raises(kam.EmptyInputError):
        kam.assess_programme(np.zeros((0, 8)))
    with pytest.raises(kam.InvalidInputError) as e:
        kam.assess_programme(answers(), levels=["only"])
    assert (e.value.function, e.value.field) == ("kam::assess_programme", "levels")
    with pytest.raises(kam.DuplicateNameError) as e:
        kam.assess_programme(answers(), levels=["a", "b", "a"])
    assert (e.value.field, e.value.index) == ("levels", 2)
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.assess_programme(answers(), weights={"people": -1})
    assert (e.value.field, e.value.index) == ("weights", 4)
    with pytest.raises(kam.UnknownNameError) as e:
        kam.assess_programme(answers(), weights={"pepole": 2})
    assert e.value.field == "weights"
    with pytest.raises(kam.UnknownNameError) as e:
        kam.practice_text("speed")
    assert (e.value.function, e.value.field) == ("kam::practice_text", "practice")


# --- a trend of any points (tests/plan/kpi_trend_test.cpp) ------------------------------------


def test_fit_trend_by_hand():
    # kpi_trend_test.cpp: times 0, 30, 60, 90, 120; Stt = 9000, Sty = 1530, slope .17,
    # intercept 109.8 - .17 x 60 = 99.6, SSE 6.7, se(slope) = sqrt(6.7 / 3 / 9000).
    times, values = [0, 30, 60, 90, 120], [100.0, 104, 111, 113, 121]
    f = kam.fit_trend(times, values)
    assert (f.count, f.status) == (5, "ok")
    assert f.slope == pytest.approx(0.17, abs=1e-14)
    assert f.intercept == pytest.approx(99.6, abs=1e-12)
    assert f.slope_se == pytest.approx(math.sqrt(6.7 / 3 / 9000), rel=1e-12)
    assert f.time_ss == pytest.approx(9000, abs=1e-9)
    # At 181: 99.6 + .17 x 181 = 130.37; t(.975, 3) = 3.182446305284263 (scipy).
    p = f.forecast(181)
    assert p["value"] == pytest.approx(130.37, abs=1e-11)
    assert p["low"] == pytest.approx(122.37379917045146, rel=1e-12)
    assert p["high"] == pytest.approx(138.36620082954855, rel=1e-12)
    # numpy and a Series give the same fit; dates count as days since 1970 (2026-01-01 is day
    # 20454), the same slope, the intercept at day 0: 99.6 - .17 x 20454; and the forecast
    # at review_kpi's due date is review_kpi's.
    assert kam.fit_trend(np.asarray(times, dtype=float), np.asarray(values)) == f
    assert kam.fit_trend(pd.Series(values, index=times)) == f
    d = kam.fit_trend(kpi())
    assert d.slope == pytest.approx(0.17, abs=1e-12)
    assert d.intercept == pytest.approx(99.6 - 0.17 * 20454, abs=1e-8)
    due = kam.review_kpi(kpi(), "2026-05-15", "2026-07-01").forecast
    assert d.forecast("2026-07-01")["value"] == pytest.approx(due["value"], abs=1e-9)
    assert d.forecast("2026-07-01")["high"] == pytest.approx(due["high"], rel=1e-9)
    # Two points: the slope, no standard error; said by the status, not raised.
    two = kam.fit_trend([0, 2], [1.0, 5])
    assert (two.status, two.slope) == ("too_few_points", 2.0) and math.isnan(two.slope_se)
    assert kam.fit_trend([3, 3, 3], [1.0, 2, 3]).status == "no_time_spread"
    assert pickle.loads(pickle.dumps(f)) == f


def test_trend_fit_merge_by_hand():
    # kpi_trend_test.cpp ("sums out and back in"): (0, 1), (1, 3), (2, 2) | (3, 5), (4, 4), (5, 6).
    # Halves: means (1, 2) and (4, 5), Stt = Syy = 2, Sty = 1 each. Whole: means 2.5, 3.5,
    # Stt = Syy = 17.5, Sty = 15.5, slope 31/35, intercept 9/7, SSE 132/35, s = sqrt(33/35).
    first = kam.fit_trend([0, 1, 2], [1.0, 3, 2])
    second = kam.fit_trend([3, 4, 5], [5.0, 4, 6])
    assert first.sums == pytest.approx((3, 1.0, 2.0, 2.0, 2.0, 1.0), abs=1e-15)
    m = first.merge(second)
    assert (m.count, m.status) == (6, "ok")
    assert m.sums == pytest.approx((6, 2.5, 3.5, 17.5, 17.5, 15.5), abs=1e-14)
    assert m.slope == pytest.approx(31 / 35, abs=1e-15)
    assert m.intercept == pytest.approx(9 / 7, abs=1e-14)
    assert m.residual_sd == pytest.approx(math.sqrt(33 / 35), rel=1e-14)
    assert m.slope_se == pytest.approx(math.sqrt(33 / 35) / math.sqrt(17.5), rel=1e-14)
    assert m.time_ss == pytest.approx(17.5, abs=1e-14) and m.mean_time == pytest.approx(2.5)
    whole = kam.fit_trend([0, 1, 2, 3, 4, 5], [1.0, 3, 2, 5, 4, 6])
    assert m.slope == pytest.approx(whole.slope, rel=1e-14)
    assert m.forecast(7)["high"] == pytest.approx(whole.forecast(7)["high"], rel=1e-13)
    # Three at once, in chunks of dates (days since 1970: a large offset), and empty fits.
    a, b, c = (kam.fit_trend(pd.Series(v, index=pd.to_datetime(d))) for d, v in (
        (["2026-01-01", "2026-01-31"], [100.0, 104]), (["2026-03-02"], [111.0]),
        (["2026-04-01", "2026-05-01"], [113.0, 121])))
    e = kam.fit_trend([], [])
    t = a.merge(e, b, c)
    assert t.count == 5 and t.slope == pytest.approx(0.17, abs=1e-12)   # kpi_trend_test.cpp
    assert e.merge(e).count == 0 and e.merge(e).status == "too_few_points"
    assert pickle.loads(pickle.dumps(t)).merge(e) == t


def test_trend_fit_merge_bad_input():
    f = kam.fit_trend([0, 1, 2], [1.0, 3, 2])
    with pytest.raises(kam.InvalidInputError) as e:
        f.merge(f, "not a fit")
    assert (e.value.function, e.value.field, e.value.index) == ("kam.TrendFit.merge", "others", 1)
    hand = kam.TrendFit(3, 0.5, 1.5, 0.0, 0.0, 0.0, 1.0, 2.0, "ok")   # no sums
    with pytest.raises(kam.InvalidInputError) as e:
        hand.merge(f)
    assert (e.value.function, e.value.field) == ("kam.TrendFit.merge", "sums")
    forged = kam.TrendFit(*[getattr(f, k) for k in ("count", "slope", "intercept", "slope_se",
                                                    "intercept_se", "residual_sd", "mean_time",
                                                    "time_ss", "status")],
                          sums=(3, 1.0, 2.0, -2.0, 2.0, 1.0))
    with pytest.raises(kam.InvalidInputError) as e:
        forged.merge(f)
    assert (e.value.function, e.value.field) == ("kam::trend_builder::from_sums", "time_ss")


def test_fit_trend_bad_input():
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.fit_trend([10, 20, 30], pd.Series([1.0, np.nan, 3], index=["a", "b", "c"]))
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::trend_builder::add", "value", 1, "b")
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.fit_trend([0, np.inf], [1.0, 2])
    assert (e.value.field, e.value.row) == ("time", 1)
    with pytest.raises(kam.ShapeMismatchError) as e:
        kam.fit_trend([0, 1, 2], [1.0, 2])
    assert (e.value.function, e.value.field) == ("kam.fit_trend", "values")
    with pytest.raises(kam.InvalidInputError) as e:
        kam.fit_trend([0, 2], [1.0, 5]).forecast(3)
    assert (e.value.function, e.value.field) == ("kam::forecast", "fit")
    with pytest.raises(kam.InvalidInputError) as e:
        kam.fit_trend(["2026-01-01", None, "2026-03-01"], [1.0, 2, 3])
    assert (e.value.function, e.value.field, e.value.row) == ("kam.fit_trend", "times", 1)

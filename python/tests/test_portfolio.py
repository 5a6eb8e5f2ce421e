"""Portfolio position from Python: Kraljic, supplier preferencing, the combined position,
purchasing maturity, relationship structure and account focus, on cases worked by hand (the same
cases as the C++ tests in tests/portfolio/, whose comments show the arithmetic); pandas in and out,
pickling, and bad input as kam.Error subclasses with function, field and row."""

import pickle

import numpy as np
import pytest

import kam

pd = pytest.importorskip("pandas")


# --- Kraljic (tests/portfolio/kraljic_test.cpp, "one account per quadrant") ---------------------


def kraljic_frame(dtype=np.float64):
    # impact = .4 (si-1)/4 + .3 (sc-1)/4 + .3 (qi-1)/4; risk = .4 (1 - alt/8) + .35 (sw-1)/4
    # + .25 (1 - (sub-1)/4), alternative_suppliers min-max over 0..8.
    #   A: impact (5,5,5) = 1;    risk (0,5,1) = 1                      -> strategic
    #   B: impact (5,4,4) = .85;  risk (8,1,5) = 0                      -> leverage
    #   C: impact (1,1,2) = .075; risk (4,4,2) = .2 + .2625 + .1875     -> bottleneck
    #   D: impact (2,2,2) = .25;  risk (4,2,4) = .2 + .0875 + .0625     -> non_critical
    return pd.DataFrame({
        "strategic_importance": [5, 5, 1, 2], "share_of_their_cost": [5, 4, 1, 2],
        "quality_impact": [5, 4, 2, 2], "alternative_suppliers": [0, 8, 4, 4],
        "switching_cost": [5, 1, 4, 2], "substitutability": [1, 5, 2, 4],
    }, index=pd.Index(list("ABCD"), name="account"), dtype=dtype)


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-6)])
def test_kraljic_one_account_per_quadrant_by_hand(dtype, tol):
    r = kam.kraljic(kraljic_frame(dtype))
    assert np.allclose(r.impact, [1, 0.85, 0.075, 0.25], atol=tol, rtol=0)
    assert np.allclose(r.risk, [1, 0, 0.65, 0.35], atol=tol, rtol=0)
    assert r.impact.dtype == dtype
    assert r.quadrant.tolist() == ["strategic", "leverage", "bottleneck", "non_critical"]
    assert list(r.quadrant.cat.categories) == kam.ENUMS["kraljic_quadrant"]
    assert list(r.quadrant.index) == list("ABCD")
    assert r.counts == {"strategic": 1, "leverage": 1, "bottleneck": 1, "non_critical": 1}
    assert r.impact_cut == 0.5 and r.risk_cut == 0.5 and r.on_impact_cut == 0
    frame = r.to_frame()
    assert list(frame.columns) == ["impact", "risk", "quadrant"]
    assert list(frame.index) == list("ABCD")
    again = pickle.loads(pickle.dumps(r))
    assert again.quadrant.tolist() == r.quadrant.tolist() and again.counts == r.counts


def test_kraljic_arrays_in_catalogue_order():
    x = kraljic_frame()
    impact = [c.name for c in kam.portfolio_catalogue("profit_impact")]
    risk = [c.name for c in kam.portfolio_catalogue("replaceability")]
    r = kam.kraljic(x[impact].to_numpy(), np.asfortranarray(x[risk].to_numpy()))
    assert r.quadrant.tolist() == ["strategic", "leverage", "bottleneck", "non_critical"]
    assert isinstance(r.impact, np.ndarray)


def test_kraljic_lines_corner_and_median_cuts():
    # kraljic_test.cpp, "the lines and the corner follow the on-cut rule".
    impact = [0.5, 0.5, 0.49, 0.7, 0.5, 0.2]
    risk = [0.5, 0.3, 0.5, 0.5, 0.9, 0.5]
    r = kam.kraljic_from_scores(impact, risk)
    assert r.quadrant.tolist() == ["strategic", "leverage", "bottleneck", "strategic",
                                   "strategic", "bottleneck"]
    assert (r.on_impact_cut, r.on_risk_cut) == (3, 4)
    low = kam.kraljic_from_scores(impact, risk, on_cut="low")
    assert low.quadrant.tolist() == ["non_critical", "non_critical", "non_critical", "leverage",
                                     "bottleneck", "non_critical"]
    # Median cuts: impact .1 .2 .3 .4 and risk .1 .2 .3 .3 both have median .25.
    m = kam.kraljic_from_scores(pd.Series([0.1, 0.2, 0.3, 0.4], index=list("wxyz")),
                                [0.1, 0.2, 0.3, 0.3], impact_cut="median", risk_cut="median")
    assert m.impact_cut == pytest.approx(0.25, abs=1e-15)
    assert m.quadrant.tolist() == ["non_critical", "non_critical", "strategic", "strategic"]
    assert list(m.quadrant.index) == list("wxyz")
    fixed = kam.kraljic_from_scores([0.3, 0.2], [0.3, 0.2], impact_cut=0.25, risk_cut=0.25)
    assert fixed.quadrant.tolist() == ["strategic", "non_critical"]


def test_kraljic_bad_input_names_function_field_row():
    x = kraljic_frame()
    x.loc["C", "switching_cost"] = 7  # off the 1-5 scale
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.kraljic(x)
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::kraljic", "switching_cost", 2, "C")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.kraljic(kraljic_frame().drop(columns="quality_impact"))
    assert (e.value.function, e.value.field) == ("kam.kraljic", "quality_impact")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.kraljic(kraljic_frame(), on_cut="middle")
    assert e.value.field == "on_cut"
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.kraljic_from_scores([0.2, 1.5], [0.1, 0.1])
    assert (e.value.function, e.value.field, e.value.row) == ("kam::kraljic_from_scores",
                                                             "impact", 1)
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.kraljic_from_scores([0.2], [0.1], impact_cut=2.0)
    assert e.value.field == "impact_cut"
    with pytest.raises(kam.InvalidInputError) as e:
        kam.kraljic(np.ones((2, 3)))
    assert e.value.field == "risk_data"


def test_quadrant_guides_and_catalogues():
    g = kam.quadrant_guide("kraljic", "strategic")
    assert "Kraljic" in g.source and g.play
    assert kam.quadrant_guide("maturity", "passive").behaviour
    names = [c.name for c in kam.portfolio_catalogue("attractiveness")]
    assert names == ["payment_reliability", "margin", "ease_of_business", "growth_potential",
                     "logo_value"]
    with pytest.raises(kam.UnknownNameError) as e:
        kam.quadrant_guide("kraljic", "core")
    assert (e.value.function, e.value.field) == ("kam.quadrant_guide", "name")
    with pytest.raises(kam.UnknownNameError):
        kam.portfolio_catalogue("impact")


# --- preferencing (tests/portfolio/preferencing_test.cpp) ---------------------------------------


def preferencing_frame():
    # Attractiveness = .25 (pay-1)/4 + .25 margin_minmax + .2 (ease-1)/4 + .2 (growth-1)/4
    # + .1 (logo-1)/4, margin min-max over .10 .. .40:
    #   A 1, B 0, C .5 (on the cut: attractive), D .825, E .1875.
    # Revenue 500, 300, 150, 50, 5 of our 10 000: shares .05 (on the high edge), .03, .015,
    # .005, .0005 -> high, medium, medium, low, negligible.
    return pd.DataFrame({
        "payment_reliability": [5, 1, 3, 5, 2], "margin": [0.40, 0.10, 0.25, 0.25, 0.10],
        "ease_of_business": [5, 1, 3, 5, 2], "growth_potential": [5, 1, 3, 4, 2],
        "logo_value": [5, 1, 3, 5, 2], "revenue": [500.0, 300, 150, 50, 5],
    }, index=list("ABCDE"))


def test_preferencing_by_hand():
    r = kam.preferencing(preferencing_frame(), "revenue", our_revenue=10_000)
    assert np.allclose(r.attractiveness, [1, 0, 0.5, 0.825, 0.1875], atol=1e-12, rtol=0)
    assert np.allclose(r.relative_value, [0.05, 0.03, 0.015, 0.005, 0.0005], rtol=1e-12)
    assert r.band.tolist() == ["high", "medium", "medium", "low", "negligible"]
    assert r.quadrant.tolist() == ["core", "exploitable", "core", "development", "nuisance"]
    assert r.counts == {"core": 2, "development": 1, "exploitable": 1, "nuisance": 1}
    assert r.on_attractiveness_cut == 1 and r.our_revenue == 10_000
    assert list(r.to_frame().index) == list("ABCDE")
    # Our revenue defaults to the accounts' total, 1005: D's 50/1005 = 4.98 % is medium: core.
    assert kam.preferencing(preferencing_frame(), "revenue").quadrant.tolist()[3] == "core"
    s = kam.preferencing([0.9, 0.1], [10.0, 90.0], scores=True)
    assert s.quadrant.tolist() == ["core", "exploitable"]


def test_preferencing_bad_input():
    x = preferencing_frame()
    x.loc["D", "revenue"] = -1
    with pytest.raises(kam.InvalidInputError) as e:
        kam.preferencing(x, "revenue")
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::preferencing", "revenue", 3, "D")
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.preferencing(preferencing_frame(), "revenue", our_revenue=100)
    assert (e.value.field, e.value.row) == ("revenue", 0)
    with pytest.raises(kam.UnknownNameError) as e:
        kam.preferencing(preferencing_frame(), "turnover")
    assert e.value.field == "turnover"
    with pytest.raises(kam.InvalidInputError) as e:
        kam.preferencing(preferencing_frame(), "revenue", value_edges=(0.01, 0.001, 0.05))
    assert e.value.field == "value_edges"


# --- the combined position (kam::default_position_table's documented cells) ---------------------


def test_position_from_results_and_names():
    k = kam.kraljic(kraljic_frame())  # strategic, leverage, bottleneck, non_critical
    p = kam.preferencing(preferencing_frame().iloc[:4], "revenue", our_revenue=10_000)
    # core, exploitable, core, development -> (low, partner), (high, harvest_cautiously),
    # (moderate, secure_and_broaden), (low, develop): position.hpp's table.
    p.quadrant.index = k.quadrant.index
    r = kam.position(k, p)
    assert r.risk.tolist() == ["low", "high", "moderate", "low"]
    assert r.posture.tolist() == ["partner", "harvest_cautiously", "secure_and_broaden",
                                  "develop"]
    assert list(r.risk.index) == list("ABCD")
    assert r.risk_counts == {"low": 2, "moderate": 1, "high": 1, "critical": 0}
    named = kam.position(["strategic"], ["nuisance"])
    assert named.risk.tolist() == ["critical"] and named.posture.tolist() == ["commit_or_exit"]
    table = kam.default_position_table()
    assert len(table) == 16
    table = [kam.PositionRule(t.kraljic, t.preferencing, "low", "partner") for t in table]
    assert kam.position(["strategic"], ["nuisance"], table).posture.tolist() == ["partner"]


def test_position_bad_input():
    with pytest.raises(kam.UnknownNameError) as e:
        kam.position(["strategic", "leverag"], ["core", "core"])
    assert (e.value.function, e.value.field, e.value.row) == ("kam::position", "kraljic", 1)
    with pytest.raises(kam.ShapeMismatchError) as e:
        kam.position(["strategic"], ["core", "core"])
    assert e.value.function == "kam::position"
    with pytest.raises(kam.InvalidInputError) as e:
        kam.position(["strategic"], ["core"], kam.default_position_table()[:15])
    assert e.value.function == "kam::position"


# --- maturity (tests/portfolio/maturity_test.cpp) -----------------------------------------------


def test_maturity_index_stages_roles_by_hand():
    dims = [c.name for c in kam.portfolio_catalogue("maturity")]
    x = pd.DataFrame([[2, 2, 2, 2, 1], [2, 2, 2, 2, 2], [3, 4, 3, 4, 3], [4, 4, 4, 4, 4]],
                     columns=dims, index=["p", "q", "r", "s"])
    # Equal weights: the mean rating. 1.8 passive; 2.0 on the edge: independent; 3.4 supportive;
    # 4.0 on the edge: integrative.
    r = kam.maturity(x, served=["informer", "informer", "entertainer", "business_partner"])
    assert np.allclose(r.index, [1.8, 2.0, 3.4, 4.0], atol=1e-12, rtol=0)
    assert r.stage.tolist() == ["passive", "independent", "supportive", "integrative"]
    assert r.matched.tolist() == ["entertainer", "informer", "problem_solver",
                                  "business_partner"]
    assert r.fit.tolist() == ["ahead", "matched", "behind", "matched"]
    assert r.gap.tolist() == [1, 0, -2, 0] and (r.behind, r.ahead) == (1, 1)
    assert list(r.to_frame().columns) == ["index", "stage", "matched", "served", "fit", "gap"]
    assert list(r.stage.index) == ["p", "q", "r", "s"]


def test_maturity_weights_and_column_order():
    # maturity_test.cpp: performance_measurement weighted 5 of 9, columns reordered:
    # (5 * 5 + 4) / 9 = 29/9 supportive; (5 + 20) / 9 = 25/9 independent.
    dims = kam.portfolio_catalogue("maturity")
    dims = [kam.Criterion(c.name, 5 if c.name == "performance_measurement" else 1,
                          c.direction, c.normalization, c.low, c.high) for c in dims]
    cols = ["performance_measurement", "cost_focus", "cross_functional", "supplier_orientation",
            "purchasing_integration"]
    x = pd.DataFrame([[5, 1, 1, 1, 1], [1, 5, 5, 5, 5]], columns=cols)
    r = kam.maturity(x, dimensions=dims)
    assert np.allclose(r.index, [29 / 9, 25 / 9], atol=1e-12, rtol=0)
    assert r.stage.tolist() == ["supportive", "independent"] and r.fit is None


def test_maturity_bad_input():
    dims = [c.name for c in kam.portfolio_catalogue("maturity")]
    x = pd.DataFrame([[2, 2, 2, 2, 2], [2, 2, 6, 2, 2]], columns=dims, index=["p", "q"])
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.maturity(x)
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::maturity", dims[2], 1, "q")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.maturity(x.clip(upper=5), served=["informer", "salesman"])
    assert (e.value.function, e.value.field, e.value.row) == ("kam::maturity", "served", 1)


# --- relationship (tests/portfolio/relationship_test.cpp) ---------------------------------------


def diamond(account):
    # Four of ours, four of theirs, eight pairs of equal weight: HHI 1/8; roles 4/6, levels 4/4,
    # functions 4/5; score = .3 * 4/6.8 + .3 * 4/6 + .2 + .2 * .8: interdependent.
    theirs = {"t1": ("decider", "executive", "general_management"),
              "t2": ("buyer", "middle", "purchasing"), "t3": ("user", "operational", "operations"),
              "t4": ("influencer", "senior", "engineering")}
    pairs = [("o1", "t1"), ("o1", "t2"), ("o2", "t2"), ("o2", "t3"), ("o3", "t3"), ("o3", "t4"),
             ("o4", "t4"), ("o4", "t1")]
    return [dict(account=account, our_person=o, their_person=t, role=theirs[t][0],
                 level=theirs[t][1], function=theirs[t][2], weight=1.0, days_since_contact=10)
            for o, t in pairs]


def test_relationship_bow_tie_diamond_and_no_contact():
    bow = dict(account="acme", our_person="kam", their_person="buyer", role="buyer",
               level="middle", function="purchasing", weight=3.0, days_since_contact=10)
    contacts = pd.DataFrame([bow] + diamond("globex"))
    r = kam.relationship(contacts, ["acme", "globex", "initech"])
    p = r.profiles
    assert list(p.index) == ["acme", "globex", "initech"]
    assert p.loc["acme", "hhi"] == 1.0 and bool(p.loc["acme", "single_threaded"])
    assert p.loc["acme", "shape"] == "bow_tie"
    assert p.loc["acme", "score"] == pytest.approx(0.3 / 6.8 + 0.05 + 0.05 + 0.04, abs=1e-12)
    assert p.loc["acme", "stage"] == "exploratory"
    assert p.loc["acme", "missing_roles"] == ["initiator", "user", "influencer", "decider",
                                              "gatekeeper"]
    assert p.loc["globex", "hhi"] == pytest.approx(0.125, abs=1e-15)
    assert p.loc["globex", "effective_their_people"] == pytest.approx(4.0, abs=1e-12)
    assert p.loc["globex", "shape"] == "diamond"
    assert p.loc["globex", "score"] == pytest.approx(0.3 * 4 / 6.8 + 0.2 + 0.2 + 0.16, abs=1e-12)
    assert p.loc["globex", "stage"] == "interdependent"
    assert p.loc["initech", "shape"] == "no_contact"
    assert r.shape_counts == {"no_contact": 1, "bow_tie": 1, "intermediate": 0, "diamond": 1}
    assert r.single_threaded == 1
    assert pickle.loads(pickle.dumps(r)).profiles.equals(p)


def test_relationship_bad_input():
    c = pd.DataFrame(diamond("globex"))
    c.loc[5, "weight"] = -1.0
    with pytest.raises(kam.InvalidInputError) as e:
        kam.relationship(c, ["acme", "globex"])
    # The row is the account's (kam::relationship's convention), its label the account's.
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::relationship", "weight", 1, "globex")
    c = pd.DataFrame(diamond("globex"))
    c.loc[2, "role"] = "boss"
    with pytest.raises(kam.UnknownNameError) as e:
        kam.relationship(c)
    assert (e.value.function, e.value.field, e.value.row, e.value.index, e.value.label) == (
        "kam.relationship", "role", 0, 2, "globex")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.relationship(pd.DataFrame(diamond("globex")), ["acme"])
    assert (e.value.function, e.value.field, e.value.index) == ("kam.relationship", "account",
                                                               0)
    # A diamond needs 4 people a side by default; at 5 the same map is intermediate.
    five = kam.relationship(pd.DataFrame(diamond("g")), shape_thresholds=(2, 5, 5, .5, .75, .6))
    assert five.profiles.loc["g", "shape"] == "intermediate"


# --- focus (tests/portfolio/focus_test.cpp) -----------------------------------------------------


def focus_frame():
    # N = 6, round(.2 * 6) = 1 large account (row 3). 0: .10, growth 5 -> win; 1: .50, growth 3
    # -> expand; 2: .90 -> maintain; 3: large, churn .5 -> protect; 4: .05, growth 3 -> maintain;
    # 5: .25 on the edge, growth 4 -> expand, not win.
    return pd.DataFrame({"revenue": [100.0, 500, 900, 2000, 50, 250],
                         "wallet": [1000.0, 1000, 1000, 4000, 1000, 1000],
                         "growth_potential": [5.0, 3, 5, 4, 3, 4],
                         "churn_risk": [0.1, 0.1, 0.1, 0.5, 0.6, 0.1]}, index=list("abcdef"))


def test_focus_by_hand_with_key_accounts():
    r = kam.focus(focus_frame(), key_accounts=["a", "d"])
    assert r.focus.tolist() == ["win", "expand", "maintain", "protect", "maintain", "expand"]
    assert r.counts == {"win": 1, "expand": 2, "protect": 1, "maintain": 2}
    assert r.large == 1 and r.revenue_rank["d"] == 1
    assert r.share_of_wallet["f"] == pytest.approx(0.25)
    # The two largest by revenue are d (2000) and c (900): a is key but not largest, c the reverse.
    assert r.key_not_largest == ["a"] and r.largest_not_key == ["c"]
    assert list(r.to_frame().columns) == ["share_of_wallet", "revenue_rank", "focus"]


def test_focus_bad_input():
    x = focus_frame()
    x.loc["e", "revenue"] = 5000  # above its wallet
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.focus(x)
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::focus", "revenue", 4, "e")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.focus(focus_frame().drop(columns="churn_risk"))
    assert (e.value.function, e.value.field) == ("kam.focus", "churn_risk")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.focus(focus_frame(), key_accounts=["a", "zz"])
    assert (e.value.function, e.value.field, e.value.index) == ("kam.focus", "key_accounts", 1)
    with pytest.raises(kam.InvalidInputError) as e:
        kam.focus(focus_frame(), key_accounts=["a", "a"])
    assert (e.value.function, e.value.field) == ("kam::focus", "key_accounts")

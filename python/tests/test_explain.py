"""Explanations from Python: compare_accounts, weight_sensitivity and leave_one_criterion_out on
the issue #2 reference case worked by hand (tests/scoring/compare_test.cpp and
sensitivity_test.cpp show the arithmetic), and bad input as kam.Error subclasses."""

import numpy as np
import pytest

import kam

pd = pytest.importorskip("pandas")

CRITERIA = [kam.benefit("revenue", 40), kam.benefit("growth", 35), kam.cost("effort", 25)]


def four():
    return pd.DataFrame({"revenue": [100.0, 400, 250, 50], "growth": [0.10, 0.05, 0.20, 0.25],
                         "effort": [3.0, 5, 2, 2]}, index=list("ABCD"))


def test_compare_accounts_by_hand():
    # A = (.4 x 50/350, .35 x .25, .25 x 2/3); C = (.4 x 200/350, .35 x .75, .25 x 1):
    # C - A = (.171429, .175, .083333): growth, revenue, effort; scores .741071 and .311310.
    g = kam.compare_accounts(four(), CRITERIA, "C", "A")
    assert list(g.difference.index) == ["growth", "revenue", "effort"]
    assert g.difference.tolist() == pytest.approx([0.175, 0.4 * 150 / 350, 0.25 / 3], abs=1e-12)
    assert g.first_score - g.second_score == pytest.approx(g.difference.sum(), abs=1e-15)
    assert g.first_score == pytest.approx(0.741071, abs=1e-6)
    # B vs D: revenue for B, then effort and growth against it.
    h = kam.compare_accounts(four().to_numpy(), CRITERIA, 1, 3)
    assert list(h.difference.index) == ["revenue", "effort", "growth"]
    assert h.difference["growth"] == pytest.approx(-0.35, abs=1e-12)


def test_leave_one_criterion_out_by_hand():
    # Base ranks 4, 3, 1, 2. Without revenue: A .4236, B 0, C .8542, D 1 -> 3, 4, 2, 1 (rho .6);
    # without effort: 4, 2, 1, 3 (B and D swap).
    r = kam.leave_one_criterion_out(four(), CRITERIA)
    assert r.base_rank.tolist() == [4, 3, 1, 2]
    assert r.rank_without["revenue"].tolist() == [3, 4, 2, 1]
    assert r.rank_without["effort"].tolist() == [4, 2, 1, 3]
    assert r.criteria.loc["revenue", "spearman"] == pytest.approx(0.6, abs=1e-15)
    assert r.criteria.changed.tolist()[0::2] == [4, 2]
    assert r.criteria.loc["revenue", "max_shift"] == 1


def test_weight_sensitivity_dominance():
    # F is best on every criterion, E worst: F is in the top 2 and rank 1 in every draw, E last.
    x = pd.concat([four(), pd.DataFrame({"revenue": [40.0, 450], "growth": [0.04, 0.30],
                                         "effort": [5.0, 1]}, index=["E", "F"])])
    r = kam.weight_sensitivity(x, CRITERIA, cap=2, draws=400)
    assert r.loc["F"].tolist()[2:] == [1.0, 1, 1, 1.0]
    assert r.loc["E", "probability_in_set"] == 0 and r.loc["E", "best_rank"] == 6
    assert r.base_in_set[r.base_in_set].index.tolist() == ["C", "F"]
    assert r.attrs["draws"] == 400
    # A huge concentration leaves the weights where they are: every draw is the base ranking.
    still = kam.weight_sensitivity(x, CRITERIA, cap=2, draws=50, concentration=1e12, threads=2)
    assert (still.probability_in_set == still.base_in_set.astype(float)).all()
    assert (still.worst_rank == still.base_rank).all()


def test_explanations_bad_input():
    with pytest.raises(kam.OutOfBoundsError) as e:
        kam.compare_accounts(four(), CRITERIA, "A", "Z")
    assert (e.value.function, e.value.field) == ("kam.compare_accounts", "second")
    x = four()
    x.loc["D", "growth"] = np.nan
    with pytest.raises(kam.NonFiniteValueError) as e:
        kam.compare_accounts(x, CRITERIA, "A", "D")
    assert (e.value.function, e.value.field, e.value.row, e.value.label) == (
        "kam::compare_accounts", "growth", 3, "D")
    with pytest.raises(kam.InvalidInputError) as e:
        kam.weight_sensitivity(four(), CRITERIA, cap=2, draws=0)
    assert (e.value.function, e.value.field) == ("kam::weight_sensitivity", "draws")
    with pytest.raises(kam.UnknownNameError) as e:
        kam.weight_sensitivity(four(), CRITERIA, distribution="uniform")
    assert e.value.field == "distribution"
    lopsided = [kam.benefit("revenue", 1), kam.benefit("growth", 0), kam.cost("effort", 0)]
    with pytest.raises(kam.InvalidInputError) as e:
        kam.leave_one_criterion_out(four(), lopsided)
    assert (e.value.function, e.value.field) == ("kam::leave_one_criterion_out", "revenue")

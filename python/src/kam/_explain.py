"""Explanations of a weighted-sum score, beyond kam.contributions (kam/scoring/compare.hpp and
sensitivity.hpp in C++): which criteria put one account above another, how likely each account
is to stay in (or enter) the key-account set when the weights move, and the ranking with each
criterion left out. Like kam.score, every function scores against the accounts passed; a
DataFrame's columns are picked by criterion name and its index labels the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _kam
from ._errors import Error, OutOfBoundsError
from ._retention import _check_choice


def _prepare(data: Any, criteria: Any, function: str) -> tuple:
    from . import _Data, _tuples, criteria_from

    items = criteria_from(criteria)
    names = [c.name for c in items]
    return _Data(data, names, function), _tuples(items), names


def _row(d: Any, account: Any, function: str, field_name: str) -> int:
    """Returns the position of ``account``: an index label for a DataFrame, else a row."""
    if d.frame and account in d.index:
        return int(d.index.get_loc(account))
    if d.frame or not isinstance(account, (int, np.integer)):
        raise OutOfBoundsError(f"{function}: '{field_name}': {account!r} is not an account of "
                               "the data", function=function, field=field_name)
    return int(account)


@dataclass
class ContributionGap:
    """Which criteria put ``first`` above ``second`` (kam::contribution_gap): ``difference`` is,
    per criterion, its contribution to the first's score minus to the second's, sorted from the
    most in favour of ``first`` to the most against; the differences add up to
    ``first_score - second_score``."""

    first: Any
    second: Any
    first_score: float
    second_score: float
    difference: Any  #: a Series by criterion name, sorted (most in favour of ``first`` first)


def compare_accounts(data: Any, criteria: Any, first: Any, second: Any, *,
                     missing: str = "reject", impute: str = "mean",
                     scale: str = "unit") -> ContributionGap:
    """Returns which criteria put account ``first`` above ``second`` (kam::compare_accounts):
    ``first`` and ``second`` are index labels of a DataFrame (or rows of an array). Raises
    OutOfBoundsError for an account that is not in ``data``, and as kam.score for the values,
    naming the original row."""
    fn = "kam.compare_accounts"
    d, tuples, names = _prepare(data, criteria, fn)
    i, j = _row(d, first, fn, "first"), _row(d, second, fn, "second")
    try:
        r = _kam.compare_accounts(d.matrix, tuples, i, j, missing, impute, scale)
    except Error as err:
        raise d.labelled(err)
    import pandas as pd

    order = np.asarray(r["order"], dtype=np.int64)
    diff = pd.Series(np.asarray(r["difference"])[order], index=[names[k] for k in order],
                     name="difference")
    return ContributionGap(first, second, float(r["first_score"]), float(r["second_score"]),
                           diff)


def weight_sensitivity(data: Any, criteria: Any, *, cap: int | None = None,
                       min_score: float | None = None, draws: int = 1000, seed: int = 1,
                       distribution: str = "dirichlet", concentration: float = 100.0,
                       sigma: float = 0.2, threads: int = 1, missing: str = "reject",
                       impute: str = "mean", scale: str = "unit") -> Any:
    """Returns how stable each account's rank and key-account status are when the weights move
    (kam::weight_sensitivity): ``draws`` weight vectors around the criteria's weights
    (``"dirichlet"`` with ``concentration`` kappa, or ``"lognormal"`` with ``sigma``), each
    scoring, ranking and choosing the key accounts (``cap``, ``min_score`` as in
    kam.select_key_accounts). A DataFrame per account: base_rank, base_in_set,
    probability_in_set (the share of draws in the key-account set), best_rank, worst_rank,
    mean_rank; ``attrs["draws"]``. Same ``seed``, same answer, whatever ``threads``. Raises
    kam.Error subclasses: OutOfBoundsError or InvalidInputError for bad options (naming the
    field), and as kam.score for the data."""
    fn = "kam.weight_sensitivity"
    _check_choice(distribution, _kam.enum_names()["weight_perturbation"], fn, "distribution")
    d, tuples, _ = _prepare(data, criteria, fn)
    try:
        r = _kam.weight_sensitivity(d.matrix, tuples, cap, min_score, int(draws), int(seed),
                                    distribution, float(concentration), float(sigma),
                                    int(threads), missing, impute, scale)
    except Error as err:
        raise d.labelled(err)
    import pandas as pd

    out = pd.DataFrame({"base_rank": r["base_rank"],
                        "base_in_set": np.asarray(r["base_in_set"]).astype(bool),
                        "probability_in_set": r["probability_in_set"],
                        "best_rank": r["best_rank"], "worst_rank": r["worst_rank"],
                        "mean_rank": r["mean_rank"]}, index=d.index)
    out.attrs["draws"] = int(r["draws"])
    return out


@dataclass
class LeaveOneOutResult:
    """The ranking with each criterion left out (kam::leave_one_out_result): ``base_rank`` per
    account, ``rank_without`` (accounts x criteria: the rank with that criterion left out and the
    other weights re-normalised) and ``criteria`` (per criterion: Spearman's rho against the
    base ranking, accounts whose rank changed, the largest shift)."""

    base_rank: Any
    rank_without: Any
    criteria: Any

    def to_frame(self) -> Any:
        """Returns ``criteria``."""
        return self.criteria


def leave_one_criterion_out(data: Any, criteria: Any, *, missing: str = "reject",
                            impute: str = "mean", scale: str = "unit") -> LeaveOneOutResult:
    """Returns the rank changes of the weighted-sum ranking when each criterion in turn is left
    out (kam::leave_one_criterion_out). Raises InvalidInputError for fewer than 2 criteria or a
    criterion that carries all the weight (naming it), and as kam.score for the data."""
    fn = "kam.leave_one_criterion_out"
    d, tuples, names = _prepare(data, criteria, fn)
    try:
        r = _kam.leave_one_criterion_out(d.matrix, tuples, missing, impute, scale)
    except Error as err:
        raise d.labelled(err)
    import pandas as pd

    per = pd.DataFrame({"spearman": r["spearman"], "changed": r["changed"],
                        "max_shift": r["max_shift"]}, index=pd.Index(names, name="criterion"))
    return LeaveOneOutResult(pd.Series(r["base_rank"], index=d.index, name="rank"),
                             pd.DataFrame(r["rank_without"], index=d.index, columns=names), per)


__all__ = ["ContributionGap", "compare_accounts", "weight_sensitivity", "LeaveOneOutResult",
           "leave_one_criterion_out"]

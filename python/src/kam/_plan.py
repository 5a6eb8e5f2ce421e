"""Account plans for Python (kam/plan/ in C++): plan scores (completeness, freshness and the gaps
in words), whitespace (the account x offering matrix: penetration, the value of open cells, their
propensity from peers, expected expansion and the best openings per account) and the next best
play (protect, expand or win, with its expected value and the reason in words).

DataFrames in (columns by name), DataFrames out (the accounts' index kept); enumerators are
strings. Dates are anything numpy reads as a day: ``"2026-06-30"``, ``datetime.date``,
``pandas.Timestamp``, ``numpy.datetime64``; kam never reads the clock, so ``as_of`` is required.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from . import _kam
from ._errors import Error, InvalidInputError, UnknownNameError
from ._retention import _check_choice, _floats, _index_of, _is_frame, _is_series, _labelled

_NO_DATE = np.iinfo(np.int32).min


def _days(values: Any, function: str, field_name: str) -> np.ndarray:
    """Returns dates as int64 days since 1970-01-01 (NaT/None: no date, _NO_DATE)."""
    a = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values, dtype=object)
    a = np.atleast_1d(a)
    if np.issubdtype(a.dtype, np.datetime64):
        d = a.astype("datetime64[D]")
    else:
        import pandas as pd

        try:
            d = pd.to_datetime(pd.Series(a), errors="raise").to_numpy().astype("datetime64[D]")
        except (TypeError, ValueError) as exc:
            bad = next((i for i, v in enumerate(a) if not _is_date(v)), None)
            raise InvalidInputError(f"{function}: '{field_name}': not a date: {exc}",
                                    function=function, field=field_name, row=bad) from None
    out = d.astype(np.int64)
    out[np.isnat(d)] = _NO_DATE
    return out


def _is_date(v: Any) -> bool:
    import pandas as pd

    try:
        pd.Timestamp(v)
        return True
    except (TypeError, ValueError):
        return v is None


def _day(value: Any, function: str, field_name: str) -> int:
    d = _days([value], function, field_name)[0]
    if d == _NO_DATE:
        raise InvalidInputError(f"{function}: '{field_name}': a date is required",
                                function=function, field=field_name)
    return int(d)


def plan_question(section: str) -> str:
    """Returns the account plan's question that ``section`` answers (kam::plan_question), e.g.
    ``plan_question("trends")`` is "which trends affect this account?". Sections:
    ``kam.ENUMS["plan_section"]``."""
    return _kam.plan_question(str(section))


# --- plan scores -------------------------------------------------------------------------------


@dataclass
class PlanScores:
    """The scores of every account plan (kam::plan_scores): ``table`` is a DataFrame indexed by
    account with completeness and freshness on [0, 1], the missing, unowned and stale sections,
    the stakeholder and team roles not named (lists of names), ``missing_objectives`` and
    ``gaps`` (what the plan lacks, one sentence per gap, as kam::plan_gaps words it)."""

    table: Any
    section_age_days: Any  #: accounts x sections, days since the last update (-1: none)

    def to_frame(self) -> Any:
        """Returns ``table``."""
        return self.table


def _role_bits(values: Any, names: list[str], function: str, field_name: str) -> list[int]:
    """Returns per account the bits of the roles named in its list (or comma-separated text)."""
    out = []
    for row, v in enumerate(values):
        if v is None or (isinstance(v, float) and v != v):
            v = []
        if isinstance(v, str):
            v = [s.strip() for s in v.split(",") if s.strip()]
        bits = 0
        for name in v:
            if name not in names:
                err = UnknownNameError(
                    f"{function}: '{field_name}': unknown role '{name}' in row {row}; known: "
                    + ", ".join(f"'{k}'" for k in names), function=function, field=field_name,
                    row=row)
                err.name, err.known = str(name), list(names)
                raise err
            bits |= 1 << names.index(name)
        out.append(bits)
    return out


def score_plans(plans: Any, as_of: Any, *, section_weights: Sequence[float] | None = None,
                customer_role_weights: Sequence[float] | None = None,
                team_role_weights: Sequence[float] | None = None,
                objectives_weight: float = 0.5, review_interval_days: int = 90) -> PlanScores:
    """Scores account plans as of ``as_of`` (kam::score_plans): completeness = weight present
    over total weight (sections with content, stakeholder roles named, team roles staffed, at
    least one objective), freshness = weight of the sections with content updated at most
    ``review_interval_days`` before ``as_of`` over the weight of the sections with content (on
    the interval: fresh; undated: stale), and what each plan lacks in words.

    ``plans`` is a DataFrame, one row per account (its index are the account ids), with for each
    section of ``kam.ENUMS["plan_section"]`` (``our_team``, ``trends``, ...) a bool column
    ``<section>`` (has content), and optionally ``<section>_owner`` (text; empty or None: no
    owner) and ``<section>_updated`` (a date; None/NaT: undated); ``customer_team`` (per account,
    a list of stakeholder role names, or comma-separated text), ``our_team`` (team role names),
    ``objectives`` (the number of objectives) and ``step`` (``kam.ENUMS["process_step"]``,
    default "plan"). A section without a column has no content.

    Weights default to kam::plan_config's (sections 1 each; economic buyer and champion 1, the
    other stakeholder roles 0.5; account lead 1, executive sponsor 0.5, other team roles 0;
    objectives 0.5). Raises kam.Error subclasses naming the field and the row (``label`` the
    account): InvalidInputError (a duplicate account id, a date that is not one),
    OutOfBoundsError (a section updated after ``as_of``), UnknownNameError (a role or step).
    """
    fn = "kam.score_plans"
    names = _kam.enum_names()
    sections = names["plan_section"]
    n = len(plans)
    index = plans.index
    flags = np.zeros((n, len(sections)), dtype=np.uint8)
    updated = np.full((n, len(sections)), _NO_DATE, dtype=np.int64)
    for s, section in enumerate(sections):
        if section in plans.columns:
            flags[:, s] |= np.asarray(plans[section].fillna(False), dtype=bool).astype(np.uint8)
        if f"{section}_owner" in plans.columns:
            owner = plans[f"{section}_owner"]
            has = np.asarray([isinstance(v, str) and v != "" for v in owner], dtype=np.uint8)
            flags[:, s] |= has << 1
        if f"{section}_updated" in plans.columns:
            updated[:, s] = _days(plans[f"{section}_updated"], fn, f"{section}_updated")

    def column(name: str, default: Any) -> list:
        return list(plans[name]) if name in plans.columns else [default] * n

    customer = _role_bits(column("customer_team", []), names["stakeholder_role"], fn,
                          "customer_team")
    team = _role_bits(column("our_team", []), names["team_role"], fn, "our_team")
    objectives = [int(v) for v in column("objectives", 0)]
    steps = [str(v) for v in column("step", "plan")]
    cols = _kam.PlanColumns([str(a) for a in index], flags.ravel().tolist(),
                            updated.ravel().astype(np.int32).tolist(), customer, team,
                            objectives, steps)
    config = (list(section_weights or [1.0] * 8),
              list(customer_role_weights or [1.0, 0.5, 1.0, 0.5, 0.5, 0.5]),
              list(team_role_weights or [1.0, 0.5, 0.0, 0.0, 0.0, 0.0]),
              float(objectives_weight), int(review_interval_days))
    try:
        r = _kam.score_plans(cols, _day(as_of, fn, "as_of"), config)
    except Error as err:
        raise _labelled(err, index)
    import pandas as pd

    table = pd.DataFrame({
        "completeness": r["completeness"], "freshness": r["freshness"],
        "missing_sections": r["missing_sections"], "unowned_sections": r["unowned_sections"],
        "stale_sections": r["stale_sections"],
        "missing_customer_roles": r["missing_customer_roles"],
        "missing_team_roles": r["missing_team_roles"],
        "missing_objectives": np.asarray(r["missing_objectives"], dtype=bool),
        "gaps": r["gaps"]}, index=index)
    ages = pd.DataFrame(np.asarray(r["section_age_days"]).reshape(n, len(sections)),
                        index=index, columns=sections)
    return PlanScores(table, ages)


# --- whitespace --------------------------------------------------------------------------------


@dataclass
class WhitespaceResult:
    """The whitespace of every account (kam::whitespace_result) as DataFrames: ``accounts``
    (owned, pipeline, open, eligible, account_penetration, open_value, expected_expansion and
    ``best_openings``, the open offerings of most expected value first), ``offerings`` (owners,
    eligible, penetration, value) and ``group_propensity`` (peer group x offering: the smoothed
    propensity of an open cell; NaN where no account of the group has it open)."""

    accounts: Any
    offerings: Any
    group_propensity: Any

    def to_frame(self) -> Any:
        """Returns ``accounts``."""
        return self.accounts

    def cell_propensity(self, holdings: Any, peer_group: Any) -> Any:
        """Returns the accounts x offerings propensity of every open cell (NaN elsewhere), for
        the ``holdings`` and ``peer_group`` this result was computed from (as
        kam::cell_propensity)."""
        states = holdings.to_numpy(dtype=object)
        groups = [str(g) for g in np.asarray(peer_group, dtype=object)]
        q = self.group_propensity.loc[groups].to_numpy()
        q = np.where(states == "open", q, np.nan)
        import pandas as pd

        return pd.DataFrame(q, index=holdings.index, columns=holdings.columns)


def _cells(holdings: Any, function: str) -> np.ndarray:
    """Returns the N x M uint8 codes of the cell states (names; an unknown name raises)."""
    states = _kam.enum_names()["cell_state"]
    a = holdings.to_numpy(dtype=object)
    codes = np.full(a.shape, 255, dtype=np.uint8)
    for k, name in enumerate(states):
        codes[a == name] = k
    bad = np.argwhere(codes == 255)
    if len(bad):
        i, j = (int(v) for v in bad[0])
        err = UnknownNameError(
            f"{function}: '{holdings.columns[j]}': unknown cell state {a[i, j]!r} in row {i}; "
            "known: " + ", ".join(f"'{s}'" for s in states), function=function,
            field=str(holdings.columns[j]), row=i)
        err.name, err.known, err.label = str(a[i, j]), list(states), holdings.index[i]
        raise err
    return codes


def whitespace(holdings: Any, peer_group: Any, *, price: Any = None, revenue: Any = None,
               smoothing: float = 2.0, top: int = 3, threads: int = 1) -> WhitespaceResult:
    """Returns the whitespace of every account (kam::whitespace_by_price with ``price``,
    kam::whitespace_by_peer_revenue with ``revenue``): per account the offerings owned, in
    pipeline and open, penetration (owned / eligible), the value of its open cells and the
    expected expansion = sum over open cells of value x propensity, where the propensity of an
    open cell is the share of the account's peers (same ``peer_group``, itself excluded) that own
    the offering, smoothed toward its overall ownership rate p_j with ``smoothing`` = m
    pseudo-peers: (k + m p_j) / (n + m).

    Args:
        holdings: a DataFrame, accounts x offerings (the columns name the offerings), of cell
            states ``"owned"``, ``"pipeline"``, ``"open"``, ``"not_eligible"``.
        peer_group: one label per account (a segment, a k-means cluster; any values, compared as
            text), e.g. a column of the accounts' data.
        price: the value of one open cell per offering (a Series by offering name, or a
            sequence in column order); or
        revenue: accounts x offerings revenue, read where owned: each offering is valued at the
            mean revenue of its owners.
        top: how many best openings to list per account.
        threads: 1 (the calling thread) or more; 0: all hardware threads. Same bits whatever.

    Returns a WhitespaceResult. Raises kam.Error subclasses: UnknownNameError (a cell state,
    naming the offering and the row), OutOfBoundsError or NonFiniteValueError (a negative or NaN
    price, naming the offering; a revenue of an owned cell, naming the offering and the row),
    ShapeMismatchError, EmptyInputError, DuplicateNameError (an offering twice).
    """
    fn = "kam.whitespace"
    if (price is None) == (revenue is None):
        raise InvalidInputError(f"{fn}: give exactly one of 'price' and 'revenue'", function=fn,
                                field="price")
    offerings = [str(c) for c in holdings.columns]
    cells = _cells(holdings, fn)
    labels = [str(g) for g in (peer_group.tolist() if hasattr(peer_group, "tolist")
                               else list(peer_group))]
    codes = np.asarray(_kam.label_codes(labels), dtype=np.int64)
    groups = list(dict.fromkeys(labels))
    p = r = None
    if price is not None:
        if _is_series(price):
            price = price.reindex(holdings.columns)
        p = np.asarray(price, dtype=np.float64)
    else:
        if _is_frame(revenue):
            revenue = revenue.reindex(index=holdings.index, columns=holdings.columns)
        r = np.asfortranarray(np.asarray(revenue, dtype=np.float64))
    try:
        w = _kam.whitespace(cells, offerings, codes, p, r, float(smoothing), 0, int(threads),
                            int(top))
    except Error as err:
        raise _labelled(err, holdings.index)
    import pandas as pd

    best = [[offerings[j] for j in row if j >= 0] for row in w["best_openings"]]
    accounts = pd.DataFrame({
        "owned": w["owned"], "pipeline": w["pipeline"], "open": w["open"],
        "eligible": w["eligible"], "account_penetration": w["account_penetration"],
        "open_value": w["open_value"], "expected_expansion": w["expected_expansion"],
        "best_openings": best}, index=holdings.index)
    per_offering = pd.DataFrame({
        "owners": w["offering_owners"], "eligible": w["offering_eligible"],
        "penetration": w["offering_penetration"], "value": w["offering_value"]},
        index=pd.Index(offerings, name="offering"))
    propensity = pd.DataFrame(w["group_propensity"], index=pd.Index(groups, name="peer_group"),
                              columns=offerings)
    return WhitespaceResult(accounts, per_offering, propensity)


# --- next best play ----------------------------------------------------------------------------


@dataclass
class NextPlayResult:
    """The next best play of every account (kam::next_play_result): ``table`` has ``play``
    (win, expand, protect, or maintain when no play qualifies), its weighted expected ``value``,
    ``protect_value``, ``expand_value`` and ``win_value`` (NaN when an input is missing),
    ``tied`` (tie_order chose) and ``reason`` (in words, as kam::play_reason)."""

    table: Any
    counts: dict[str, int]

    def to_frame(self) -> Any:
        """Returns ``table``."""
        return self.table


def next_best_play(data: Any, *, churn_probability: str = "churn_probability",
                   clv: str = "clv", expansion: str = "expansion", gap: str = "gap",
                   value_to_win: str = "value_to_win", protect: tuple = (1.0, 0.0),
                   expand: tuple = (1.0, 0.0), win: tuple = (1.0, 0.0),
                   tie_order: Sequence[str] = ("protect", "expand", "win")) -> NextPlayResult:
    """Returns the next best play of every account (kam::next_best_play): protect =
    P(churn) x CLV, expand = expected expansion (e.g. kam.whitespace's ``expected_expansion``),
    win = gap x value to win, each times its rule's weight; the play is the qualifying play of
    the highest value (a play qualifies when its weighted value is above its minimum), ties by
    ``tie_order``; none qualifies: maintain. NaN inputs are missing: the plays that need them
    are not assessed, and the reason says so.

    ``data`` is a DataFrame (or dict of vectors) with the five columns named by the keyword
    arguments; ``protect``, ``expand`` and ``win`` are (weight, min_value) rules. Raises
    kam.Error subclasses naming the input and the row (``label`` for a DataFrame):
    OutOfBoundsError (a probability or gap outside [0, 1], a negative value),
    NonFiniteValueError (an infinite value), ShapeMismatchError, EmptyInputError,
    UnknownNameError (a missing column, a play of tie_order).
    """
    fn = "kam.next_best_play"
    names = [churn_probability, clv, expansion, gap, value_to_win]
    if _is_frame(data):
        from ._retention import _frame_columns

        columns = _frame_columns(data, names, fn)
    else:
        columns = [data[n] for n in names]
    index = _index_of(*columns)
    vectors = [np.asarray(v, dtype=np.float64) for v in _floats(*columns)]
    for t in tie_order:
        _check_choice(t, ["protect", "expand", "win"], fn, "tie_order")
    try:
        r = _kam.next_best_play(*vectors, tuple(map(float, protect)), tuple(map(float, expand)),
                                tuple(map(float, win)), list(tie_order))
    except Error as err:
        raise _labelled(err, index)
    import pandas as pd

    cat = pd.CategoricalDtype(_kam.enum_names()["account_focus"])
    table = pd.DataFrame({
        "play": pd.Categorical(r["play"], dtype=cat), "value": r["value"],
        "protect_value": r["protect_value"], "expand_value": r["expand_value"],
        "win_value": r["win_value"], "tied": np.asarray(r["tied"], dtype=bool),
        "reason": r["reason"]}, index=index)
    counts = {name: int((table["play"] == name).sum()) for name in cat.categories}
    return NextPlayResult(table, counts)


__all__ = [
    "plan_question", "PlanScores", "score_plans", "WhitespaceResult", "whitespace",
    "NextPlayResult", "next_best_play",
]

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
    default = _kam.option_defaults()["plan"]  # kam::plan_config's, not a copy of them
    config = tuple(list(default[k] if v is None else v) for k, v in (
        ("section_weights", section_weights), ("customer_role_weights", customer_role_weights),
        ("team_role_weights", team_role_weights))) + (float(objectives_weight),
                                                     int(review_interval_days))
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
        price: the value of one open cell per offering (a Series or dict by offering name, or
            a sequence in column order; a missing offering is NaN, an error); or
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
        if isinstance(price, dict):
            price = [price.get(o, np.nan) for o in holdings.columns]
        elif _is_series(price):
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


# --- objectives --------------------------------------------------------------------------------


@dataclass
class ObjectiveReview:
    """The review of objectives as of a date (kam::objective_review and kam::objective_rollup):
    ``objectives`` by objective id (actual, attainment, elapsed, expected, expected_value,
    pace_gap, status, measured), ``accounts`` rolled up by account (objectives, weight, weighted
    attainment and expected share, status) and the ``portfolio`` (attainment, expected, status)."""

    objectives: Any
    accounts: Any
    portfolio: dict[str, Any]

    def to_frame(self) -> Any:
        """Returns ``objectives``."""
        return self.objectives


def review_objectives(objectives: Any, actuals: Any, as_of: Any, *, curve: str = "linear",
                      on_track_from: float = 0.9, at_risk_from: float = 0.7) -> ObjectiveReview:
    """Reviews objectives as of ``as_of`` (kam::review_objectives, kam::roll_up): the latest
    actual on or before it, attainment (actual - start) / (target - start) (decreasing goals
    too), the share of time elapsed f, the progress expected by now g(f) under ``curve``
    (``"linear"`` f, ``"back_loaded"`` f^2, ``"front_loaded"`` 1 - (1 - f)^2), the pace gap and the
    status: on track when attainment >= on_track_from x expected, at risk from at_risk_from x
    expected (on a threshold: the better status), else off track.

    Args:
        objectives: a DataFrame, one row per objective, indexed by objective id, with the
            columns ``account``, ``start_value``, ``target``, ``start_date``, ``due_date`` and
            optionally ``weight`` (default 1).
        actuals: a DataFrame of measurements with the columns ``id`` (an objective's id),
            ``date`` and ``value``; or None.

    Raises kam.Error subclasses naming the field, the row (``label`` the objective id) and, for
    actuals, the element (the measurement's position among that objective's actuals):
    InvalidInputError (a target equal to the start, a due date not after the start date, an
    actual before the start date), DuplicateNameError, NonFiniteValueError, OutOfBoundsError (a
    weight <= 0, an actual after ``as_of``), UnknownNameError (an actual of an unknown id).
    """
    fn = "kam.review_objectives"
    _check_choice(curve, _kam.enum_names()["pace_curve"], fn, "curve")
    ids = [str(i) for i in objectives.index]
    from ._retention import _frame_columns

    account, start, target, start_date, due_date = _frame_columns(
        objectives, ["account", "start_value", "target", "start_date", "due_date"], fn)
    n = len(ids)
    weight = objectives["weight"] if "weight" in objectives.columns else [1.0] * n
    per: dict[str, list] = {i: [] for i in ids}
    if actuals is not None and len(actuals):
        aid, adate, avalue = _frame_columns(actuals, ["id", "date", "value"], fn)
        days = _days(adate, fn, "date")
        for k, (i, d, v) in enumerate(zip(aid, days, avalue)):
            if str(i) not in per:
                err = UnknownNameError(f"{fn}: 'id': actual {k} is of objective {i!r}, which is "
                                       "not among the objectives", function=fn, field="id", row=k)
                err.name, err.known = str(i), ids
                raise err
            per[str(i)].append((int(d), float(v)))
    cols = _kam.ObjectiveColumns(
        ids, [str(a) for a in account], [float(v) for v in start], [float(v) for v in target],
        _days(start_date, fn, "start_date").tolist(), _days(due_date, fn, "due_date").tolist(),
        [float(v) for v in weight], [per[i] for i in ids])
    try:
        r = _kam.review_objectives(cols, _day(as_of, fn, "as_of"), curve, float(on_track_from),
                                   float(at_risk_from))
    except Error as err:
        raise _labelled(err, objectives.index)
    import pandas as pd

    status = pd.CategoricalDtype(_kam.enum_names()["objective_status"])
    table = pd.DataFrame({
        "actual": r["actual"], "attainment": r["attainment"], "elapsed": r["elapsed"],
        "expected": r["expected"], "expected_value": r["expected_value"],
        "pace_gap": r["pace_gap"], "status": pd.Categorical(r["status"], dtype=status),
        "measured": np.asarray(r["measured"], dtype=bool)}, index=objectives.index)
    accounts = pd.DataFrame({
        "objectives": r["account_objectives"], "weight": r["account_weight"],
        "attainment": r["account_attainment"], "expected": r["account_expected"],
        "status": pd.Categorical(r["account_status"], dtype=status)},
        index=pd.Index(r["account"], name="account"))
    a, e, s = r["portfolio"]
    return ObjectiveReview(table, accounts, {"attainment": a, "expected": e, "status": s})


# --- one KPI series ----------------------------------------------------------------------------


@dataclass
class KpiReview:
    """The review of one KPI series (kam::kpi_review): ``table`` by date (value, ewma, change,
    relative_change), the least-squares ``trend`` (slope per day, standard errors, status) and
    the ``forecast`` at the due date with its prediction interval (NaN unless the trend is
    ok)."""

    table: Any
    trend: dict[str, Any]
    forecast: dict[str, float]

    def to_frame(self) -> Any:
        """Returns ``table``."""
        return self.table


def review_kpi(series: Any, as_of: Any, due: Any, *, ewma_alpha: float = 0.3,
               level: float = 0.95) -> KpiReview:
    """Reviews a KPI series (kam::review_kpi): ``series`` is a Series of values indexed by their
    dates (strictly increasing, none after ``as_of``). The EWMA is pandas'
    ``ewm(alpha=ewma_alpha, adjust=False)``; the relative change is relative to |previous|; the
    trend is the least-squares line in days since the first date; the forecast at ``due`` has the
    OLS prediction interval at ``level`` (Student t). Raises kam.Error subclasses naming 'dates'
    or 'values' and the row (``label`` the date): InvalidInputError (dates not increasing),
    OutOfBoundsError (a date after ``as_of``), NonFiniteValueError, EmptyInputError."""
    fn = "kam.review_kpi"
    days = _days(series.index, fn, "dates")
    values = np.asarray(series, dtype=np.float64)
    try:
        r = _kam.review_kpi(days.tolist(), values, _day(as_of, fn, "as_of"),
                            _day(due, fn, "due"), float(ewma_alpha), float(level))
    except Error as err:
        raise _labelled(err, series.index)
    import pandas as pd

    table = pd.DataFrame({"value": values, "ewma": r["ewma"], "change": r["change"],
                          "relative_change": r["relative_change"]}, index=series.index)
    keys = ("time", "value", "standard_error", "low", "high", "level")
    return KpiReview(table, dict(r["trend"]), dict(zip(keys, r["forecast"])))


# --- health over time --------------------------------------------------------------------------


def _health(band_edges: Sequence[float], band_names: Sequence[str], dead_band: float,
            window: int, fall_threshold: float, churn_rise_threshold: float,
            tolerance: float) -> tuple:
    return ([float(e) for e in band_edges], [str(n) for n in band_names], float(dead_band),
            int(window), float(fall_threshold), float(churn_rise_threshold), float(tolerance))


def _bands(codes: Any, names: Sequence[str]) -> Any:
    import pandas as pd

    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=list(names))


@dataclass
class HealthHistory:
    """Health over time (kam::health_history): ``change`` and ``direction`` (-1 fell, 0 flat,
    +1 rose) per account and period (columns: each period's later date), ``band`` per account
    and date (categoricals of the band names), ``transitions`` per period (a band x band
    DataFrame of account counts, rows from, columns to), ``band_changes`` per account and
    ``rose``/``flat``/``fell`` counts per period."""

    change: Any
    direction: Any
    band: Any
    transitions: list
    band_changes: Any
    periods: Any  #: rose, flat and fell accounts per period

    def to_frame(self) -> Any:
        """Returns ``change``."""
        return self.change


def track_health(scores: Any, *, band_edges: Sequence[float] = (0.4, 0.7),
                 band_names: Sequence[str] = ("red", "amber", "green"),
                 dead_band: float = 0.02) -> HealthHistory:
    """Tracks health over time (kam::track_health): ``scores`` is a DataFrame, accounts x dates
    (oldest first; e.g. kam.score at successive as-of dates), of scores. A change with |change|
    <= ``dead_band`` is flat; bands cut by ``band_edges`` (a score on an edge is in the upper
    band), named worst first. Raises kam.Error subclasses: NonFiniteValueError naming 'scores',
    the row (``label``) and the date (``index``), InvalidInputError (fewer than 2 dates, bad
    bands), EmptyInputError."""
    fn = "kam.track_health"
    import pandas as pd

    x = np.asfortranarray(scores.to_numpy(dtype=np.float64))
    try:
        h = _kam.track_health(x, _health(band_edges, band_names, dead_band, 1, 0.1, 0.1, 1e-9))
    except Error as err:
        raise _labelled(err, scores.index)
    later = scores.columns[1:]
    band = pd.DataFrame({c: _bands(h["band"][:, t], band_names)
                         for t, c in enumerate(scores.columns)}, index=scores.index)
    names = list(band_names)
    transitions = [pd.DataFrame(m, index=pd.Index(names, name="from"),
                                columns=pd.Index(names, name="to")) for m in h["transitions"]]
    periods = pd.DataFrame({"rose": h["rose"], "flat": h["flat"], "fell": h["fell"]},
                           index=later)
    return HealthHistory(pd.DataFrame(h["change"], index=scores.index, columns=later),
                         pd.DataFrame(h["direction"], index=scores.index, columns=later), band,
                         transitions, pd.Series(h["band_changes"], index=scores.index,
                                                name="band_changes"), periods)


def _date_position(scores: Any, date: Any, function: str, field_name: str) -> int:
    if date in scores.columns:
        return int(scores.columns.get_loc(date))
    if isinstance(date, (int, np.integer)):
        return int(date)
    err = UnknownNameError(f"{function}: '{field_name}': {date!r} is not a date (column) of "
                           "'scores'", function=function, field=field_name)
    err.name, err.known = str(date), [str(c) for c in scores.columns]
    raise err


@dataclass
class HealthChange:
    """Why health changed between two dates (kam::health_change): ``delta`` (accounts x
    criteria: contribution at the later date minus at the earlier; each row adds up to the
    change) and ``table`` (change, score_from, score_to, band_from, band_to and ``words``, as
    kam::health_change_words)."""

    delta: Any
    table: Any

    def to_frame(self) -> Any:
        """Returns ``table``."""
        return self.table


def explain_health_change(scores: Any, contributions: Sequence[Any], start: Any, end: Any, *,
                          top: int = 3, band_edges: Sequence[float] = (0.4, 0.7),
                          band_names: Sequence[str] = ("red", "amber", "green"),
                          dead_band: float = 0.02, tolerance: float = 1e-9) -> HealthChange:
    """Explains the change of health from date ``start`` to ``end`` (columns of ``scores``, or
    positions) by criterion (kam::explain_health_change): ``contributions`` holds one DataFrame
    per date of ``scores`` (accounts x criteria, as kam.contributions gives, adding up to the
    scores within ``tolerance``). Raises kam.Error subclasses naming the field, the row and the
    date: InvalidInputError (contributions that do not add up, start not before end),
    ShapeMismatchError, OutOfBoundsError, NonFiniteValueError, UnknownNameError."""
    fn = "kam.explain_health_change"
    import pandas as pd

    criteria = [str(c) for c in contributions[0].columns]
    mats = [np.asarray(c, dtype=np.float64) for c in contributions]
    f = _date_position(scores, start, fn, "from")
    t = _date_position(scores, end, fn, "to")
    try:
        r = _kam.explain_health_change(np.asfortranarray(scores.to_numpy(dtype=np.float64)),
                                       mats, criteria, f, t, int(top),
                                       _health(band_edges, band_names, dead_band, 1, 0.1, 0.1,
                                               tolerance))
    except Error as err:
        raise _labelled(err, scores.index)
    table = pd.DataFrame({"change": r["change"], "score_from": r["score_from"],
                          "score_to": r["score_to"],
                          "band_from": _bands(r["band_from"], band_names),
                          "band_to": _bands(r["band_to"], band_names), "words": r["words"]},
                         index=scores.index)
    return HealthChange(pd.DataFrame(r["delta"], index=scores.index, columns=criteria), table)


def find_at_risk(scores: Any, revenue: Any, churn: Any = None, *, window: int = 1,
                 fall_threshold: float = 0.1, churn_rise_threshold: float = 0.1,
                 band_edges: Sequence[float] = (0.4, 0.7),
                 band_names: Sequence[str] = ("red", "amber", "green")) -> Any:
    """Returns the accounts at risk at the last date of ``scores`` (kam::find_at_risk): health
    fell by more than ``fall_threshold`` over the last ``window`` periods, or the churn
    probability (``churn``, accounts x dates like ``scores``; None: not used) rose by more than
    ``churn_rise_threshold`` (on a threshold: not at risk). A DataFrame indexed by the accounts'
    labels, most revenue at stake first (equal revenues in input order), with revenue,
    health_from, health_to, churn_from, churn_to, band_from, band_to, health_fell, churn_rose and
    ``reason`` (kam::at_risk_reason); ``attrs["revenue_at_stake"]`` is the sum. Raises kam.Error
    subclasses naming the field, the row (``label``) and the date: NonFiniteValueError,
    OutOfBoundsError (a negative revenue, a churn probability outside [0, 1]),
    ShapeMismatchError, InvalidInputError (fewer dates than window + 1)."""
    fn = "kam.find_at_risk"
    import pandas as pd

    x = np.asfortranarray(scores.to_numpy(dtype=np.float64))
    rev = np.asarray(revenue.reindex(scores.index) if _is_series(revenue) else revenue,
                     dtype=np.float64)
    c = np.zeros((x.shape[0], 0)) if churn is None else np.asfortranarray(
        np.asarray(churn, dtype=np.float64))
    try:
        r = _kam.find_at_risk(x, rev, c, _health(band_edges, band_names, 0.02, window,
                                                 fall_threshold, churn_rise_threshold, 1e-9))
    except Error as err:
        raise _labelled(err, scores.index)
    reasons = np.asarray(r["reasons"], dtype=np.uint8)
    out = pd.DataFrame({
        "revenue": r["revenue"], "health_from": r["health_from"], "health_to": r["health_to"],
        "churn_from": r["churn_from"], "churn_to": r["churn_to"],
        "band_from": _bands(r["band_from"], band_names),
        "band_to": _bands(r["band_to"], band_names), "health_fell": (reasons & 1) > 0,
        "churn_rose": (reasons & 2) > 0, "reason": r["reason"]},
        index=scores.index[np.asarray(r["row"], dtype=np.int64)])
    out.attrs["revenue_at_stake"] = float(r["revenue_at_stake"])
    out.attrs["from"] = scores.columns[r["from"]]
    out.attrs["to"] = scores.columns[r["to"]]
    return out


__all__ = [
    "plan_question", "PlanScores", "score_plans", "WhitespaceResult", "whitespace",
    "NextPlayResult", "next_best_play", "ObjectiveReview", "review_objectives", "KpiReview",
    "review_kpi", "HealthHistory", "track_health", "HealthChange", "explain_health_change",
    "find_at_risk",
]

"""Account plans for Python (kam/plan/ in C++): plan scores (completeness, freshness and the gaps
in words), whitespace (the account x offering matrix: penetration, the value of open cells, their
propensity from peers, expected expansion and the best openings per account) and the next best
play (protect, expand or win, with its expected value and the reason in words); the review step
(objectives, one KPI series, health over time), the one-record helpers (expected_progress,
status_of, health_band) and the programme's self-assessment (assess_programme).

Tables come as DataFrames (columns by name), as dicts of columns (``{"name": values, ...}``, as
pandas would build the DataFrame) or, where a table is a matrix of numbers (health scores,
contributions, answers), as 2-D numpy arrays; DataFrames out, keeping a DataFrame's index (a
RangeIndex for dicts and arrays). Enumerators are strings. Dates are anything numpy reads as a
day: ``"2026-06-30"``, ``datetime.date``, ``pandas.Timestamp``, ``numpy.datetime64``; kam never
reads the clock, so ``as_of`` is required.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from . import _kam
from ._errors import Error, InvalidInputError, ShapeMismatchError, UnknownNameError
from ._retention import (_check_choice, _floats, _index_of, _is_frame, _is_series, _labelled,
                         _like)

_NO_DATE = np.iinfo(np.int32).min


def _as_frame(data: Any, function: str, field_name: str, index: str | None = None) -> Any:
    """Returns ``data`` as a DataFrame: a DataFrame as it is; a dict of columns (or anything else
    pandas builds a DataFrame from: a 2-D array, a list of rows) as pandas builds it, indexed by
    its column ``index`` when given (which must then be there)."""
    if _is_frame(data):
        return data
    import pandas as pd

    try:
        frame = pd.DataFrame(dict(data) if isinstance(data, Mapping) else data)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{function}: '{field_name}': not a table: {exc}",
                                function=function, field=field_name) from None
    if index is not None:
        if isinstance(data, Mapping) or index in frame.columns:
            from ._retention import _frame_columns

            _frame_columns(frame, [index], function)  # UnknownNameError when it is missing
            frame = frame.set_index(index)
    return frame


def _number_table(data: Any, function: str, field_name: str) -> Any:
    """Returns a table of numbers (a DataFrame, a dict of columns, a 2-D array) as a DataFrame;
    a 2-D array keeps its memory (pandas wraps it without a copy)."""
    if isinstance(data, np.ndarray) and data.ndim != 2:
        raise ShapeMismatchError(f"{function}: '{field_name}': expected a 2-D array, got "
                                 f"{data.ndim}-D", function=function, field=field_name)
    return _as_frame(data, function, field_name)


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

    ``plans`` is a DataFrame, one row per account (its index are the account ids), or a dict of
    columns with the ids under ``"account"``, with for each
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
    plans = _as_frame(plans, fn, "plans", index="account")
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
            states ``"owned"``, ``"pipeline"``, ``"open"``, ``"not_eligible"``; or a dict of
            columns (offering: states) or a 2-D array of states (offerings named "0", "1", ...).
        peer_group: one label per account (a segment, a k-means cluster; any values, compared as
            text), e.g. a column of the accounts' data.
        price: the value of one open cell per offering (a Series or dict by offering name, or
            a sequence in column order; a missing offering is NaN, an error); or
        revenue: accounts x offerings revenue (a DataFrame, a dict of columns by offering or a
            2-D array), read where owned: each offering is valued at the mean revenue of its
            owners.
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
    holdings = _as_frame(holdings, fn, "holdings")
    if isinstance(revenue, Mapping):
        revenue = _as_frame(revenue, fn, "revenue")
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
            optionally ``weight`` (default 1); or a dict of those columns and ``id``.
        actuals: a DataFrame (or a dict of columns) of measurements with the columns ``id``
            (an objective's id), ``date`` and ``value``; or None.

    Raises kam.Error subclasses naming the field, the row (``label`` the objective id) and, for
    actuals, the element (the measurement's position among that objective's actuals):
    InvalidInputError (a target equal to the start, a due date not after the start date, an
    actual before the start date), DuplicateNameError, NonFiniteValueError, OutOfBoundsError (a
    weight <= 0, an actual after ``as_of``), UnknownNameError (an actual of an unknown id).
    """
    fn = "kam.review_objectives"
    objectives = _as_frame(objectives, fn, "objectives", index="id")
    if actuals is not None:
        actuals = _as_frame(actuals, fn, "actuals")
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
    dates (strictly increasing, none after ``as_of``), a dict ``{date: value}`` or a dict of
    columns ``{"date": dates, "value": values}``. The EWMA is pandas'
    ``ewm(alpha=ewma_alpha, adjust=False)``; the relative change is relative to |previous|; the
    trend is the least-squares line in days since the first date; the forecast at ``due`` has the
    OLS prediction interval at ``level`` (Student t). Raises kam.Error subclasses naming 'dates'
    or 'values' and the row (``label`` the date): InvalidInputError (dates not increasing),
    OutOfBoundsError (a date after ``as_of``), NonFiniteValueError, EmptyInputError."""
    fn = "kam.review_kpi"
    if isinstance(series, Mapping):
        import pandas as pd

        if set(series) == {"date", "value"}:
            series = pd.Series(list(series["value"]), index=list(series["date"]), dtype=float)
        else:
            series = pd.Series(dict(series), dtype=float)
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


# --- a straight-line trend of any points -------------------------------------------------------

_TREND_FIELDS = ("count", "slope", "intercept", "slope_se", "intercept_se", "residual_sd",
                 "mean_time", "time_ss", "status")


def _times(values: Any, function: str, field_name: str) -> np.ndarray:
    """Returns numbers as float64, dates (datetime64, Timestamps, date strings) as float64 days
    since 1970-01-01; a missing date raises naming its row."""
    a = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    a = np.atleast_1d(a)
    if np.issubdtype(a.dtype, np.number) or a.dtype == np.bool_:
        return np.asarray(a, dtype=np.float64)
    days = _days(a, function, field_name)
    missing = np.flatnonzero(days == _NO_DATE)
    if len(missing):
        raise InvalidInputError(f"{function}: '{field_name}', row {missing[0]}: no date",
                                function=function, field=field_name, row=int(missing[0]))
    return days.astype(np.float64)


@dataclass(frozen=True)
class TrendFit:
    """The least-squares line value = intercept + slope x time (kam::trend_fit): the textbook
    OLS estimates and standard errors (as statsmodels' OLS reports them), ``residual_sd`` s,
    ``mean_time`` and ``time_ss`` (the sum of squared deviations of the times), and ``status``:
    ``"ok"`` (3 or more points at 2 or more times), ``"too_few_points"`` (2 points: a slope but
    no standard errors, NaN; fewer: nothing) or ``"no_time_spread"``. Times in the unit given;
    dates count as days since 1970-01-01. ``sums`` are the sums the fit was made from
    (kam::trend_sums: count, mean time, mean value, sums of squared deviations of the times and
    of the values, the sum of their cross products); ``merge`` adds another fit's points."""

    count: int
    slope: float
    intercept: float
    slope_se: float
    intercept_se: float
    residual_sd: float
    mean_time: float
    time_ss: float
    status: str
    sums: tuple = field(default=(), repr=False)

    def merge(self, *others: "TrendFit") -> "TrendFit":
        """Returns the fit of this fit's points and ``others``' together (kam::trend_builder's
        merge of their ``sums``, left to right: Chan, Golub & LeVeque's update, so the fit of
        the whole up to rounding, whatever the points' times). Fits of chunks of a series,
        made apart (other processes, other days), merge into the fit of the series. Raises
        InvalidInputError for a TrendFit not made by kam.fit_trend or merge (no ``sums``) or
        whose sums no points give (kam::trend_builder::from_sums's checks)."""
        fn = "kam.TrendFit.merge"
        parts = []
        for k, fit in enumerate((self,) + others):
            if not isinstance(fit, TrendFit) or len(fit.sums) != 6:
                where = ("'sums'", "sums", None) if k == 0 else (f"'others[{k - 1}]'", "others",
                                                                  k - 1)
                raise InvalidInputError(
                    f"{fn}: {where[0]}: {type(fit).__name__} without sums is not a TrendFit made "
                    "by kam.fit_trend or merge", function=fn, field=where[1], index=where[2])
            c, *rest = fit.sums
            parts.append((int(c), *(float(v) for v in rest)))
        return _trend_fit(_kam.merge_trends(parts))

    def forecast(self, time: Any, level: float = 0.95) -> dict[str, float]:
        """Returns the line at ``time`` (a number, or a date when the fit was of dates) with its
        prediction interval for a new observation (kam::forecast): ``value``,
        ``standard_error`` s sqrt(1 + 1/n + (time - mean_time)^2 / time_ss), ``low`` and
        ``high`` = value -+ q x standard_error, q the two-sided Student-t quantile with n - 2
        degrees of freedom at ``level``. Raises InvalidInputError (a fit whose status is not
        ok, naming 'fit'; a level outside (0, 1)), NonFiniteValueError (a non-finite time)."""
        fn = "kam.TrendFit.forecast"
        t = float(_times([time], fn, "time")[0])
        values = tuple(getattr(self, name) for name in _TREND_FIELDS)
        return dict(_kam.forecast(values, t, float(level)))


def fit_trend(times: Any, values: Any = None) -> TrendFit:
    """Fits the least-squares line through the points (``times[i]``, ``values[i]``) (a
    kam::trend_builder fed point by point, merged sums as Welford and Chan et al. keep them, so
    large time offsets lose no precision): the trend review_kpi reports, for any series.

    Args:
        times: numbers in any unit (the slope is per that unit), or dates (numpy datetime64,
            Timestamps, date strings: days since 1970-01-01); or a Series of values indexed by
            their times or dates when ``values`` is None.
        values: the KPI at each time (a list, numpy array or Series).

    Returns a TrendFit (its ``forecast(time, level)`` gives the prediction interval). What
    cannot be fitted is said by ``status``, not raised. Raises NonFiniteValueError (a NaN or
    infinite time or value, naming 'time' or 'value' and the row; ``label`` for a Series),
    OutOfBoundsError (sums beyond the range of double: rescale), ShapeMismatchError (lengths
    that differ), InvalidInputError (a missing date).
    """
    fn = "kam.fit_trend"
    index = None
    if values is None:
        if not _is_series(times):
            raise InvalidInputError(f"{fn}: 'values': give the values, or a Series of values "
                                    "indexed by time", function=fn, field="values")
        index = times.index
        times, values = times.index, times
    elif _is_series(values):
        index = values.index
    t = _times(times, fn, "times")
    v = np.asarray(values.to_numpy(dtype=np.float64) if _is_series(values) else values,
                   dtype=np.float64)
    if v.ndim != 1 or t.ndim != 1 or v.shape != t.shape:
        raise ShapeMismatchError(f"{fn}: 'values': {v.size} values for {t.size} times",
                                 function=fn, field="values")
    try:
        r = _kam.fit_trend(t, v)
    except Error as err:
        raise _labelled(err, index)
    return _trend_fit(r)


def _trend_fit(r: Mapping[str, Any]) -> TrendFit:
    """The TrendFit of _kam.fit_trend's or _kam.merge_trends' dict."""
    c, *rest = r["sums"]
    return TrendFit(int(r["count"]), *(float(r[k]) for k in _TREND_FIELDS[1:-1]),
                    str(r["status"]), (int(c), *(float(v) for v in rest)))


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
    (oldest first; e.g. kam.score at successive as-of dates), of scores; or a dict of columns
    (date: scores) or a 2-D array (dates 0, 1, ...). A change with |change|
    <= ``dead_band`` is flat; bands cut by ``band_edges`` (a score on an edge is in the upper
    band), named worst first. Raises kam.Error subclasses: NonFiniteValueError naming 'scores',
    the row (``label``) and the date (``index``), InvalidInputError (fewer than 2 dates, bad
    bands), EmptyInputError."""
    fn = "kam.track_health"
    import pandas as pd

    scores = _number_table(scores, fn, "scores")
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
                          criteria: Sequence[str] | None = None, top: int = 3,
                          band_edges: Sequence[float] = (0.4, 0.7),
                          band_names: Sequence[str] = ("red", "amber", "green"),
                          dead_band: float = 0.02, tolerance: float = 1e-9) -> HealthChange:
    """Explains the change of health from date ``start`` to ``end`` (columns of ``scores``, or
    positions) by criterion (kam::explain_health_change): ``contributions`` holds one DataFrame
    per date of ``scores`` (accounts x criteria, as kam.contributions gives, adding up to the
    scores within ``tolerance``). ``scores`` and each contribution are DataFrames, dicts of
    columns or 2-D arrays; ``criteria`` names the criteria (default: the columns of the first
    contribution table). Raises kam.Error subclasses naming the field, the row and the
    date: InvalidInputError (contributions that do not add up, start not before end),
    ShapeMismatchError, OutOfBoundsError, NonFiniteValueError, UnknownNameError."""
    fn = "kam.explain_health_change"
    import pandas as pd

    scores = _number_table(scores, fn, "scores")
    parts = [_number_table(c, fn, "contributions") for c in contributions]
    if criteria is None:
        criteria = [str(c) for c in parts[0].columns] if parts else []
    criteria = [str(c) for c in criteria]
    mats = [np.asarray(c, dtype=np.float64) for c in parts]
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
    fell by more than ``fall_threshold`` over the last ``window`` periods (``scores``: a
    DataFrame, a dict of columns or a 2-D array, accounts x dates), or the churn
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

    scores = _number_table(scores, fn, "scores")
    if churn is not None:
        churn = _number_table(churn, fn, "churn")
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


# --- one objective, one score: the helpers -----------------------------------------------------


def _elementwise(values: Any, function: str, field_name: str) -> tuple[np.ndarray, Any, bool]:
    """Returns (float64 vector, the Series' index or None, whether ``values`` was a scalar)."""
    index = values.index if _is_series(values) else None
    scalar = np.ndim(values) == 0
    try:
        a = np.atleast_1d(np.asarray(values, dtype=np.float64))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{function}: '{field_name}': not numbers: {exc}",
                                function=function, field=field_name) from None
    if a.ndim != 1:
        raise ShapeMismatchError(f"{function}: '{field_name}': expected a number or a 1-D "
                                 f"vector, got {a.ndim}-D", function=function, field=field_name)
    return a, index, scalar


def _names_out(names: Sequence[str], categories: Sequence[str], index: Any, scalar: bool,
               name: str) -> Any:
    """Returns enumerator names as one string, a Categorical Series (for Series input) or an
    object array."""
    if scalar:
        return str(names[0])
    if index is None:
        return np.asarray(names, dtype=object)
    import pandas as pd

    return pd.Series(pd.Categorical(list(names), categories=list(categories)), index=index,
                     name=name)


def expected_progress(elapsed: Any, curve: str = "linear") -> Any:
    """Returns the share of the way to target expected when a share ``elapsed`` of the
    objective's time has passed (kam::expected_progress, as review_objectives computes it):
    ``"linear"`` f, ``"back_loaded"`` f^2, ``"front_loaded"`` 1 - (1 - f)^2, with f = elapsed
    clamped to [0, 1].

    Args:
        elapsed: a number, or a vector (list, numpy array, Series) of them.
        curve: one of ``kam.ENUMS["pace_curve"]``.

    Returns a float for a number, a float64 array for a vector, a Series (same index) for a
    Series. Raises UnknownNameError (``curve``) and NonFiniteValueError (a NaN, naming
    'elapsed' and its row; +-inf is clamped).
    """
    fn = "kam.expected_progress"
    _check_choice(curve, _kam.enum_names()["pace_curve"], fn, "curve")
    a, index, scalar = _elementwise(elapsed, fn, "elapsed")
    try:
        out = _kam.expected_progress(a, str(curve))
    except Error as err:
        raise _labelled(err, index)
    if scalar:
        return float(out[0])
    return _like(out, index, "expected")


def status_of(attainment: Any, expected: Any, *, on_track_from: float = 0.9,
              at_risk_from: float = 0.7) -> Any:
    """Returns the status of an attainment against the share of the way expected by now
    (kam::status_of, as review_objectives decides it): ``"on_track"`` when attainment >=
    on_track_from x expected, ``"at_risk"`` when >= at_risk_from x expected (on a threshold: the
    better status), else ``"off_track"``.

    Args:
        attainment: (actual - start) / (target - start); a number or a vector.
        expected: the share expected by now (e.g. expected_progress); a number or a vector,
            broadcast against ``attainment``.
        on_track_from, at_risk_from: the thresholds, 0 <= at_risk_from <= on_track_from.

    Returns a string for two numbers, else an object array of names (a Categorical Series with
    the index of a Series argument). Raises NonFiniteValueError (a NaN, naming the argument
    and the row; an infinite or non-finite threshold), InvalidInputError (thresholds out of
    order, naming 'at_risk_from'), ShapeMismatchError (vectors of two lengths).
    """
    fn = "kam.status_of"
    a, index, scalar_a = _elementwise(attainment, fn, "attainment")
    e, index_e, scalar_e = _elementwise(expected, fn, "expected")
    if index is None:
        index = index_e
    if a.size != e.size and (a.size == 1 or e.size == 1):
        a, e = np.broadcast_arrays(a, e)
    try:
        names = _kam.status_of(np.ascontiguousarray(a), np.ascontiguousarray(e),
                               float(on_track_from), float(at_risk_from))
    except Error as err:
        raise _labelled(err, index)
    return _names_out(names, _kam.enum_names()["objective_status"], index,
                      scalar_a and scalar_e, "status")


def health_band(score: Any, *, band_edges: Sequence[float] = (0.4, 0.7),
                band_names: Sequence[str] = ("red", "amber", "green")) -> Any:
    """Returns the health band of a score (kam::health_band, as track_health bands every
    score): below ``band_edges[0]`` the first (worst) band, at or above ``band_edges[k - 1]`` and
    below ``band_edges[k]`` band k; a score on an edge is in the upper band.

    Args:
        score: a number, or a vector (list, numpy array, Series) of them.
        band_edges: strictly increasing finite cut points.
        band_names: one more than the edges, worst first, non-empty and unique.

    Returns the band's name for a number, an object array of names for a vector, a Categorical
    Series (same index) for a Series. Raises NonFiniteValueError (a NaN or infinite score, naming
    'score' and its row), and what the bands' check raises naming kam::validate: InvalidInputError,
    ShapeMismatchError, DuplicateNameError.
    """
    fn = "kam.health_band"
    a, index, scalar = _elementwise(score, fn, "score")
    try:
        codes = _kam.health_band(a, _health(band_edges, band_names, 0.02, 1, 0.1, 0.1, 1e-9))
    except Error as err:
        raise _labelled(err, index)
    names = list(band_names)
    return _names_out([names[c] for c in codes], names, index, scalar, "band")


# --- the programme's self-assessment -----------------------------------------------------------

_LEVELS = ("absent", "initial", "developing", "established", "leading")


def practice_text(practice: str) -> str:
    """Returns the deck's wording of a KAM practice (kam::practice_text), e.g.
    ``practice_text("process")`` is "a structured account process". Practices:
    ``kam.ENUMS["kam_practice"]``."""
    return _kam.practice_text(str(practice))


@dataclass
class AssessmentResult:
    """The maturity profile of a KAM programme (kam::assessment_result): ``practices`` is a
    DataFrame indexed by practice (in kam_practice order) with the deck's ``text``, ``score``
    (mean answer level / (L - 1), NaN when nobody answered), ``mean_level``, ``answered``
    (respondents), ``level`` (the name of the rounded mean level; "" when unanswered) and
    ``weak``; ``maturity`` is the weighted mean score over the answered practices, ``coverage``
    their share of the weight, ``maturity_level`` its level name; ``weakest`` lists the answered
    practices lowest score first, ``weak`` those below weak_below, ``unanswered`` the rest, and
    ``gaps`` says it in words (kam::assessment_gaps)."""

    practices: Any
    maturity: float
    coverage: float
    maturity_level: str
    weakest: list[str]
    weak: list[str]
    unanswered: list[str]
    gaps: list[str]

    def to_frame(self) -> Any:
        """Returns ``practices``."""
        return self.practices


def _answer_levels(frame: Any, practices: list[str], levels: list[str],
                   function: str) -> np.ndarray:
    """Returns the R x 8 float64 answers (level indices, NaN unanswered) of the practice
    columns of ``frame``; level names become their index, an unknown name raises."""
    from ._retention import _frame_columns

    columns = _frame_columns(frame, practices, function)
    out = np.empty((len(frame), len(practices)), dtype=np.float64, order="F")
    for p, column in enumerate(columns):
        values = column.to_numpy()
        if np.issubdtype(values.dtype, np.number) or values.dtype == np.bool_:
            out[:, p] = values
            continue
        for i, v in enumerate(values):
            if v is None or (isinstance(v, float) and v != v):
                out[i, p] = np.nan
            elif isinstance(v, str):
                if v not in levels:
                    err = UnknownNameError(
                        f"{function}: '{practices[p]}', row {i}: unknown level '{v}'; known: "
                        + ", ".join(f"'{k}'" for k in levels), function=function,
                        field=practices[p], row=i, index=p)
                    err.name, err.known = v, list(levels)
                    raise _labelled(err, frame.index)
                out[i, p] = levels.index(v)
            else:
                try:
                    out[i, p] = float(v)
                except (TypeError, ValueError):
                    raise _labelled(InvalidInputError(
                        f"{function}: '{practices[p]}', row {i}: {v!r} is neither a level name "
                        "nor a level number", function=function, field=practices[p], row=i,
                        index=p), frame.index) from None
    return out


def assess_programme(answers: Any, *, levels: Sequence[str] = _LEVELS,
                     weights: Any = None, weak_below: float = 0.5) -> AssessmentResult:
    """Scores the KAM programme's self-assessment (kam::assess_programme): the deck's eight
    practices of those who succeed at KAM (``kam.ENUMS["kam_practice"]``: definition,
    identification, planning, process, people, selling_vs_management, collaboration,
    management_support), each answered by respondents on the scale ``levels`` (lowest first;
    level l scores l / (L - 1)). A practice scores the mean of its answers / (L - 1); the
    maturity is the weighted mean over the answered practices.

    Args:
        answers: one row per respondent, one column per practice: a DataFrame or a dict of
            columns (picked by practice name; other columns are ignored) or an R x 8 array in
            kam_practice order. Answers are level indices 0 .. L - 1 or level names; NaN or None
            where a respondent did not answer.
        levels: the answer levels, lowest first (at least 2, non-empty, unique).
        weights: each practice's weight in the maturity (finite, >= 0, not all 0): a dict by
            practice name (the others weigh 1) or 8 numbers in kam_practice order; None: 1 each.
        weak_below: a practice scoring below this (in [0, 1]) is weak.

    Returns an AssessmentResult. Raises kam.Error subclasses naming the practice, the row
    (``label`` for a DataFrame) and the column (``index``): OutOfBoundsError (an answer that is
    not a whole level in [0, L)), NonFiniteValueError (an infinite answer), UnknownNameError (a
    level name that is not in ``levels``, a missing practice column, an unknown practice in
    ``weights``), ShapeMismatchError (not 8 columns), EmptyInputError (no respondents); and
    for the configuration, naming kam::validate and the field: InvalidInputError,
    DuplicateNameError, NonFiniteValueError, OutOfBoundsError.
    """
    fn = "kam.assess_programme"
    practices = list(_kam.enum_names()["kam_practice"])
    levels = [str(v) for v in levels]
    if isinstance(answers, np.ndarray):
        if answers.ndim != 2:
            raise ShapeMismatchError(f"{fn}: 'answers': expected a 2-D array, got "
                                     f"{answers.ndim}-D", function=fn, field="answers")
        index = None
        if np.issubdtype(answers.dtype, np.number):
            matrix = np.asfortranarray(answers, dtype=np.float64)
        else:
            import pandas as pd

            frame = pd.DataFrame(answers)
            if frame.shape[1] != len(practices):
                raise ShapeMismatchError(
                    f"{fn}: 'answers': {frame.shape[1]} columns; one per practice, 8, in "
                    "kam_practice order", function=fn, field="answers")
            frame.columns = practices
            matrix = _answer_levels(frame, practices, levels, fn)
    else:
        frame = _as_frame(answers, fn, "answers")
        index = frame.index
        matrix = _answer_levels(frame, practices, levels, fn)
    if weights is None:
        w = [1.0] * len(practices)
    elif isinstance(weights, Mapping) or _is_series(weights):
        given = dict(weights)
        for name in given:
            _check_choice(str(name), practices, fn, "weights")
        w = [float(given.get(p, 1.0)) for p in practices]
    else:
        w = [float(v) for v in weights]
        if len(w) != len(practices):
            raise ShapeMismatchError(f"{fn}: 'weights': {len(w)} weights; one per practice, 8",
                                     function=fn, field="weights")
    try:
        r = _kam.assess_programme(matrix, levels, w, float(weak_below))
    except Error as err:
        raise _labelled(err, index)
    import pandas as pd

    weak = set(r["weak"])
    table = pd.DataFrame({
        "text": [_kam.practice_text(p) for p in practices], "score": r["score"],
        "mean_level": r["mean_level"], "answered": r["answered"], "level": r["level"],
        "weak": [p in weak for p in practices]}, index=pd.Index(practices, name="practice"))
    return AssessmentResult(table, float(r["maturity"]), float(r["coverage"]),
                            str(r["maturity_level"]), list(r["weakest"]), list(r["weak"]),
                            list(r["unanswered"]), list(r["gaps"]))


__all__ = [
    "plan_question", "PlanScores", "score_plans", "WhitespaceResult", "whitespace",
    "NextPlayResult", "next_best_play", "ObjectiveReview", "review_objectives", "KpiReview",
    "review_kpi", "HealthHistory", "track_health", "HealthChange", "explain_health_change",
    "find_at_risk", "expected_progress", "status_of", "health_band", "practice_text",
    "AssessmentResult", "assess_programme", "TrendFit", "fit_trend",
]

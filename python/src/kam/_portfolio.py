"""Portfolio position for Python (kam/portfolio/ in C++): Kraljic's matrix read from the
supplier's side, Steele & Court's supplier preferencing, the two combined into a relationship risk
and a posture, purchasing maturity and the seller role it needs, the relationship structure
(bow-tie to diamond) from a contact map, and the account focus (win / expand / protect).

Accounts come as a DataFrame whose columns are picked by name (or 2-D arrays in the criteria's
order); per-account results keep the DataFrame's index. Enumerators are strings: a pandas
Categorical in enumerator order for DataFrame input, an object array otherwise. Every result is a
plain dataclass (it pickles) with ``to_frame()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from . import _kam
from ._errors import Error, InvalidInputError, ShapeMismatchError, UnknownNameError
from ._retention import _check_choice, _floats, _index_of, _is_frame, _labelled


def _criteria(criteria: Any, catalogue: str) -> list:
    """Returns ``criteria`` (None: the catalogue ``catalogue``) as kam.Criterion objects."""
    from . import Criterion, criteria_from

    if criteria is None:
        return [Criterion(*t) for t in _kam.portfolio_catalogue(catalogue)]
    return criteria_from(criteria)


def portfolio_catalogue(name: str) -> list:
    """Returns the default sub-criteria of a portfolio axis as kam.Criterion objects: ``name`` is
    ``"profit_impact"`` (Kraljic's impact: strategic_importance 40, share_of_their_cost 30,
    quality_impact 30, 1-5 ratings), ``"replaceability"`` (Kraljic's risk from the supplier's
    side: alternative_suppliers (cost, min-max) 40, switching_cost 35, substitutability (cost)
    25), ``"attractiveness"`` (preferencing: payment_reliability 25, margin (min-max) 25,
    ease_of_business 20, growth_potential 20, logo_value 10), ``"maturity"`` (five 1-5
    dimensions, equal weights) or ``"relationship"`` (breadth 30, role_coverage 30,
    level_coverage 20, function_coverage 20). Starting points for discussion, not findings.
    Raises UnknownNameError for another name."""
    return _criteria(None, name)


@dataclass(frozen=True)
class QuadrantGuide:
    """What a quadrant or stage means: the other side's likely ``behaviour`` (after ``source``)
    and kam's suggested ``play`` for the seller."""

    behaviour: str
    play: str
    source: str


def quadrant_guide(kind: str, name: str) -> QuadrantGuide:
    """Returns the guide of a Kraljic quadrant (``kind="kraljic"``), a preferencing quadrant
    (``"preferencing"``) or a purchasing stage (``"maturity"``) named ``name``
    (kam::kraljic_guide, preferencing_guide, maturity_guide). Raises UnknownNameError."""
    return QuadrantGuide(*_kam.quadrant_guide(str(kind), str(name)))


def _cut(cut: Any, on_cut: str, function: str, field_name: str) -> tuple[str, float, str]:
    """Returns (basis, value, on_cut) of ``cut``: "midpoint", "median" or a number (fixed)."""
    if isinstance(cut, str):
        _check_choice(cut, ["midpoint", "median"], function, field_name)
        return cut, 0.5, on_cut
    try:
        return "fixed", float(cut), on_cut
    except (TypeError, ValueError):
        raise InvalidInputError(
            f"{function}: '{field_name}': expected 'midpoint', 'median' or a number, got "
            f"{cut!r}", function=function, field=field_name) from None


def _enum_column(values: list[str], index: Any, name: str, kind: str) -> Any:
    """Returns enumerator names as a Categorical Series (enumerator order) for a DataFrame's
    index, else as an object array."""
    if index is None:
        return np.asarray(values, dtype=object)
    import pandas as pd

    dtype = pd.CategoricalDtype(_kam.enum_names()[kind])
    return pd.Series(pd.Categorical(values, dtype=dtype), index=index, name=name)


def _per_account(values: Any, index: Any, name: str) -> Any:
    if index is None:
        return values
    import pandas as pd

    return pd.Series(values, index=index, name=name)


def _frame(columns: dict[str, Any], index: Any) -> Any:
    import pandas as pd

    return pd.DataFrame(columns, index=index)


class _Result:
    """to_frame() over the per-account fields listed in ``_columns``."""

    _columns: tuple[str, ...] = ()

    def to_frame(self) -> Any:
        """Returns the per-account results as a DataFrame (the input's index, if any)."""
        cols = {name: getattr(self, name) for name in self._columns}
        index = next((c.index for c in cols.values() if hasattr(c, "index")), None)
        return _frame({k: np.asarray(v) if not hasattr(v, "index") else v
                       for k, v in cols.items()}, index)


def _matrix(data: Any, names: list[str] | None, function: str, field_name: str) -> Any:
    from . import _Data

    d = _Data(data, names, function)
    d.field = field_name
    return d


def _same_dtype(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    if a.dtype == b.dtype:
        return a, b
    return np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)


# --- Kraljic -----------------------------------------------------------------------------------


@dataclass
class KraljicResult(_Result):
    """Our position in each customer's Kraljic matrix (kam::kraljic_result), per account."""

    impact: Any  #: profit impact score per account (a Series for DataFrame input)
    risk: Any  #: replaceability risk score per account
    quadrant: Any  #: "strategic", "leverage", "bottleneck" or "non_critical" per account
    impact_cut: float  #: the resolved cut point of the impact axis
    risk_cut: float  #: the resolved cut point of the risk axis
    counts: dict[str, int]  #: accounts per quadrant, by name
    on_impact_cut: int = 0  #: accounts exactly on the impact cut (placed by the on-cut rule)
    on_risk_cut: int = 0  #: accounts exactly on the risk cut
    impact_constant: list[str] = field(default_factory=list)  #: constant impact sub-criteria
    risk_constant: list[str] = field(default_factory=list)  #: constant risk sub-criteria
    partial: int = 0  #: accounts scored on partial data (missing="renormalize")

    _columns = ("impact", "risk", "quadrant")


def _kraljic_result(r: dict, index: Any, impact_names: list[str] | None = None,
                    risk_names: list[str] | None = None) -> KraljicResult:
    return KraljicResult(
        _per_account(r["impact"], index, "impact"), _per_account(r["risk"], index, "risk"),
        _enum_column(r["quadrant"], index, "quadrant", "kraljic_quadrant"),
        float(r["impact_cut"]), float(r["risk_cut"]), dict(r["counts"]),
        int(r["on_impact_cut"]), int(r["on_risk_cut"]),
        [impact_names[j] for j in r["impact_constant"]] if impact_names else [],
        [risk_names[j] for j in r["risk_constant"]] if risk_names else [], int(r["partial"]))


def kraljic(data: Any, risk_data: Any = None, *, impact: Any = None, risk: Any = None,
            impact_cut: Any = "midpoint", risk_cut: Any = "midpoint", on_cut: str = "high",
            missing: str = "reject", impute: str = "mean", scale: str = "unit") -> KraljicResult:
    """Places every account in Kraljic's (1983) matrix read from the supplier's side
    (kam::kraljic): profit impact (how much our offering matters to the customer) x
    replaceability risk (how hard it is for them to replace us), each a weighted score of its
    sub-criteria, cut into low and high.

    Args:
        data: a DataFrame holding both axes' sub-criteria as columns (picked by name), or a 2-D
            array of the impact sub-criteria in ``impact``'s order (then ``risk_data`` too).
        risk_data: for array input, the risk sub-criteria in ``risk``'s order.
        impact, risk: the sub-criteria of each axis (kam.Criterion objects or dicts); None: the
            catalogues ``portfolio_catalogue("profit_impact")`` / ``("replaceability")``.
        impact_cut, risk_cut: ``"midpoint"`` of the score scale (default), ``"median"`` of the
            accounts' scores, or a number (a fixed cut on the score scale).
        on_cut: ``"high"`` (a score on the cut is high, the default) or ``"low"``.
        missing, impute, scale: as in kam.score.

    Returns a KraljicResult. Raises kam.Error subclasses naming the function, the criterion or
    cut, and the row (``label`` for a DataFrame): UnknownNameError (a missing column, an unknown
    option), OutOfBoundsError (a rating off its scale, a cut off the score scale),
    NonFiniteValueError, ShapeMismatchError, EmptyInputError.
    """
    fn = "kam.kraljic"
    _check_choice(on_cut, _kam.enum_names()["on_cut"], fn, "on_cut")
    ic, rc = _criteria(impact, "profit_impact"), _criteria(risk, "replaceability")
    inames, rnames = [c.name for c in ic], [c.name for c in rc]
    if _is_frame(data):
        di, dr = _matrix(data, inames, fn, "impact"), _matrix(data, rnames, fn, "risk")
    else:
        if risk_data is None:
            raise InvalidInputError(f"{fn}: 'risk_data': array input needs the risk sub-criteria "
                                    "as a second array", function=fn, field="risk_data")
        di, dr = _matrix(data, None, fn, "impact"), _matrix(risk_data, None, fn, "risk")
    from . import _tuples

    xi, xr = _same_dtype(di.matrix, dr.matrix)
    try:
        r = _kam.kraljic(xi, xr, _tuples(ic), _tuples(rc), _cut(impact_cut, on_cut, fn,
                         "impact_cut"), _cut(risk_cut, on_cut, fn, "risk_cut"), missing, impute,
                         scale)
    except Error as err:
        raise di.labelled(err)
    return _kraljic_result(r, di.index, inames, rnames)


def kraljic_from_scores(impact: Any, risk: Any, *, impact_cut: Any = "midpoint",
                        risk_cut: Any = "midpoint", on_cut: str = "high",
                        scale: str = "unit") -> KraljicResult:
    """Places accounts whose axis scores are known (one impact and one risk score per account,
    on ``scale``; Series keep their index) in Kraljic's matrix (kam::kraljic_from_scores). Cuts
    and ``on_cut`` as in kam.kraljic. Raises OutOfBoundsError (a score off the scale, naming the
    axis and row), ShapeMismatchError, EmptyInputError, NonFiniteValueError."""
    fn = "kam.kraljic_from_scores"
    _check_choice(on_cut, _kam.enum_names()["on_cut"], fn, "on_cut")
    index = _index_of(impact, risk)
    i, k = _floats(impact, risk)
    try:
        r = _kam.kraljic_from_scores(i, k, _cut(impact_cut, on_cut, fn, "impact_cut"),
                                     _cut(risk_cut, on_cut, fn, "risk_cut"), scale)
    except Error as err:
        raise _labelled(err, index)
    return _kraljic_result(r, index)


# --- supplier preferencing ---------------------------------------------------------------------


@dataclass
class PreferencingResult(_Result):
    """The customer's position in our supplier preferencing (kam::preferencing_result)."""

    attractiveness: Any  #: attractiveness score per account
    relative_value: Any  #: revenue as a share of ours, on [0, 1]
    band: Any  #: "negligible", "low", "medium" or "high" relative value per account
    quadrant: Any  #: "core", "development", "exploitable" or "nuisance" per account
    attractiveness_cut: float  #: the resolved attractiveness cut
    our_revenue: float  #: the total the shares are relative to
    counts: dict[str, int]  #: accounts per quadrant
    band_counts: dict[str, int]  #: accounts per value band
    on_attractiveness_cut: int = 0  #: accounts exactly on the attractiveness cut
    attractiveness_constant: list[str] = field(default_factory=list)
    partial: int = 0  #: accounts scored on partial data

    _columns = ("attractiveness", "relative_value", "band", "quadrant")


def preferencing(data: Any, revenue: Any, *, criteria: Any = None, cut: Any = "midpoint",
                 on_cut: str = "high", value_edges: Sequence[float] = (0.001, 0.01, 0.05),
                 high_value_from: str = "medium", our_revenue: float | None = None,
                 scores: bool = False, missing: str = "reject", impute: str = "mean",
                 scale: str = "unit") -> PreferencingResult:
    """Places every account in Steele & Court's (1996) supplier preferencing matrix
    (kam::preferencing): account attractiveness (to us) x relative value (its revenue as a share
    of ours) -> core, development, exploitable, nuisance.

    Args:
        data: a DataFrame with the attractiveness sub-criteria as columns (picked by name) or a
            2-D array in ``criteria``'s order; with ``scores=True``, one attractiveness score per
            account instead (a vector on ``scale``).
        revenue: each account's revenue with us: a vector, or the name of a column of ``data``.
        criteria: the attractiveness sub-criteria; None: ``portfolio_catalogue("attractiveness")``.
        cut, on_cut: the attractiveness cut, as in kam.kraljic.
        value_edges: the three shares where low, medium and high relative value start (strictly
            increasing on (0, 1]; a share on an edge belongs to the band above).
        high_value_from: the lowest band that counts as high value (``kam.ENUMS["value_band"]``).
        our_revenue: our total revenue; None: the sum of ``revenue``.

    Returns a PreferencingResult. Raises kam.Error subclasses naming the field and the row:
    InvalidInputError (negative revenue, edges that do not increase), OutOfBoundsError (a revenue
    above ``our_revenue``, a rating off its scale), NonFiniteValueError, ShapeMismatchError,
    UnknownNameError.
    """
    fn = "kam.preferencing"
    _check_choice(on_cut, _kam.enum_names()["on_cut"], fn, "on_cut")
    _check_choice(high_value_from, _kam.enum_names()["value_band"], fn, "high_value_from")
    if isinstance(revenue, str) and _is_frame(data):
        revenue = data[revenue] if revenue in data.columns else _matrix(data, [revenue], fn, "")
    crit = [] if scores else _criteria(criteria, "attractiveness")
    names = [c.name for c in crit]
    if scores:
        index = _index_of(data, revenue)
        x, rev = _floats(data, revenue)
    else:
        d = _matrix(data, names if _is_frame(data) else None, fn, "attractiveness")
        index = d.index if d.frame else _index_of(revenue)
        x = d.matrix
        rev = np.asarray(_floats(revenue)[0], dtype=x.dtype)
    edges = [float(e) for e in value_edges]
    if len(edges) != 3:
        raise ShapeMismatchError(f"{fn}: 'value_edges': expected 3 edges, got {len(edges)}",
                                 function=fn, field="value_edges")
    from . import _tuples

    try:
        r = _kam.preferencing(x, rev, bool(scores), _tuples(crit), _cut(cut, on_cut, fn, "cut"),
                              missing, impute, scale, edges, high_value_from,
                              None if our_revenue is None else float(our_revenue))
    except Error as err:
        raise _labelled(err, index)
    return PreferencingResult(
        _per_account(r["attractiveness"], index, "attractiveness"),
        _per_account(r["relative_value"], index, "relative_value"),
        _enum_column(r["band"], index, "band", "value_band"),
        _enum_column(r["quadrant"], index, "quadrant", "preferencing_quadrant"),
        float(r["attractiveness_cut"]), float(r["our_revenue"]), dict(r["counts"]),
        dict(r["band_counts"]), int(r["on_attractiveness_cut"]),
        [names[j] for j in r["attractiveness_constant"]] if names else [], int(r["partial"]))


# --- the combined position ---------------------------------------------------------------------


@dataclass(frozen=True)
class PositionRule:
    """One cell of the 4 x 4 position table: the relationship ``risk`` and ``posture`` of a
    Kraljic quadrant x preferencing quadrant, and why."""

    kraljic: str
    preferencing: str
    risk: str
    posture: str
    rationale: str = ""


def default_position_table() -> list[PositionRule]:
    """Returns kam's default 4 x 4 table (kam::default_position_table): e.g. strategic x core is
    (low, partner), strategic x nuisance (critical, commit_or_exit). Edit and pass it to
    kam.position; every one of the 16 cells must appear exactly once."""
    return [PositionRule(*t) for t in _kam.default_position_table()]


@dataclass
class PositionResult(_Result):
    """The combined position of every account (kam::position_result)."""

    risk: Any  #: "low", "moderate", "high" or "critical" per account
    posture: Any  #: the recommended posture per account (``kam.ENUMS["posture"]``)
    risk_counts: dict[str, int]
    posture_counts: dict[str, int]

    _columns = ("risk", "posture")


def _names(x: Any) -> list[str]:
    if hasattr(x, "quadrant"):
        x = x.quadrant
    a = x.to_numpy() if hasattr(x, "to_numpy") else np.asarray(x, dtype=object)
    return [str(v) for v in a.tolist()]


def position(kraljic: Any, preferencing: Any,
             table: Sequence[PositionRule] | None = None) -> PositionResult:
    """Returns the relationship risk and recommended posture of every account from its quadrant
    in the customer's Kraljic matrix and in our preferencing (kam::position), through ``table``
    (None: kam.default_position_table()).

    ``kraljic`` and ``preferencing`` are a KraljicResult and a PreferencingResult over the same
    accounts, or sequences/Series of quadrant names. Raises UnknownNameError (an unknown quadrant,
    naming the field and the row), ShapeMismatchError, EmptyInputError, InvalidInputError or
    DuplicateNameError (a table that lacks or repeats a cell)."""
    fn = "kam.position"
    qk = kraljic.quadrant if hasattr(kraljic, "quadrant") else kraljic
    qp = preferencing.quadrant if hasattr(preferencing, "quadrant") else preferencing
    index = _index_of(qk, qp)
    rules = None
    if table is not None:
        rules = [(r.kraljic, r.preferencing, r.risk, r.posture, r.rationale)
                 if isinstance(r, PositionRule) else tuple(str(v) for v in r) for r in table]
    try:
        r = _kam.position(_names(qk), _names(qp), rules)
    except Error as err:
        if err.function == "":
            err.function = fn
        raise _labelled(err, index)
    return PositionResult(_enum_column(r["risk"], index, "risk", "relationship_risk"),
                          _enum_column(r["posture"], index, "posture", "posture"),
                          dict(r["risk_counts"]), dict(r["posture_counts"]))


# --- purchasing maturity -----------------------------------------------------------------------


@dataclass
class MaturityResult(_Result):
    """The purchasing maturity of every account (kam::maturity_result)."""

    index: Any  #: weighted mean rating on the assessment scale
    stage: Any  #: "passive", "independent", "supportive" or "integrative"
    matched: Any  #: the seller role the stage needs
    stage_counts: dict[str, int]
    served: Any = None  #: the role served today (None if not given)
    fit: Any = None  #: "matched", "behind" or "ahead" (None without ``served``)
    gap: Any = None  #: served minus matched, in role steps (None without ``served``)
    behind: int = 0  #: accounts served with a less developed role than they need
    ahead: int = 0  #: accounts served with a more developed role than they ask for
    partial: int = 0  #: accounts assessed on partial data

    _columns = ("index", "stage", "matched")

    def to_frame(self) -> Any:
        """Returns index, stage, matched (and served, fit, gap when given) as a DataFrame."""
        frame = super().to_frame()
        if self.fit is not None:
            for name in ("served", "fit", "gap"):
                v = getattr(self, name)
                frame[name] = v if hasattr(v, "index") else np.asarray(v)
        return frame


def maturity(data: Any, served: Any = None, *, dimensions: Any = None, scale_low: float = 1.0,
             scale_high: float = 5.0, stage_edges: Sequence[float] = (2.0, 3.0, 4.0),
             missing: str = "reject", impute: str = "mean") -> MaturityResult:
    """Estimates each account's stage of purchasing evolution (Reck & Long; Paesbrugghe et al.
    2017) and the seller role it needs (kam::maturity): the index is the weighted mean of the
    dimension ratings; the stage follows ``stage_edges`` (an index on an edge reaches the later
    stage); passive -> entertainer, independent -> informer, supportive -> problem_solver,
    integrative -> business_partner.

    Args:
        data: a DataFrame with the dimensions as columns (picked by name) or a 2-D array in
            ``dimensions``' order.
        served: the role each account is served with today (names, ``kam.ENUMS["seller_role"]``,
            or the name of a column of ``data``); gives fit, gap and the mismatch counts.
        dimensions: the assessment dimensions (kam.Criterion objects rated on
            [scale_low, scale_high], e.g. ``kam.benefit("x", 2).on_scale(1, 5)``); None:
            ``portfolio_catalogue("maturity")``.

    Returns a MaturityResult. Raises kam.Error subclasses naming the dimension and the row:
    OutOfBoundsError (a rating off the scale), UnknownNameError (a missing column, an unknown
    role, naming 'served' and its row), ShapeMismatchError, NonFiniteValueError.
    """
    fn = "kam.maturity"
    dims = _criteria(dimensions, "maturity")
    names = [c.name for c in dims]
    if isinstance(served, str) and _is_frame(data):
        served = data[served]
    d = _matrix(data, names if _is_frame(data) else None, fn, "assessment")
    roles = [] if served is None else _names(served)
    from . import _tuples

    try:
        r = _kam.maturity(d.matrix, names, roles, _tuples(dims), float(scale_low),
                          float(scale_high), [float(e) for e in stage_edges], missing, impute)
    except Error as err:
        raise d.labelled(err)
    index = d.index
    given = served is not None
    return MaturityResult(
        _per_account(r["index"], index, "index"),
        _enum_column(r["stage"], index, "stage", "purchasing_stage"),
        _enum_column(r["matched"], index, "matched", "seller_role"), dict(r["stage_counts"]),
        _enum_column(roles, index, "served", "seller_role") if given else None,
        _enum_column(r["fit"], index, "fit", "role_fit") if given else None,
        _per_account(np.asarray(r["gap"], dtype=np.int64), index, "gap") if given else None,
        int(r["behind"]), int(r["ahead"]), int(r["partial"]))


# --- relationship structure --------------------------------------------------------------------

_PROFILE = ("contacts", "active_contacts", "stale_contacts", "our_people", "their_people",
            "role_coverage", "level_coverage", "function_coverage", "hhi", "effective_contacts",
            "effective_their_people", "single_threaded", "shape", "score", "stage",
            "missing_roles")


@dataclass
class RelationshipResult:
    """The relationship structure of every account (kam::relationship_result): ``profiles`` is a
    DataFrame with one row per account (the accounts' labels as index) and the columns of
    kam::relationship_profile (``shape`` and ``stage`` as categoricals, ``missing_roles`` as
    lists of role names; read the shape as ``profiles["shape"]``: ``profiles.shape`` is pandas'
    own attribute)."""

    profiles: Any
    shape_counts: dict[str, int]
    stage_counts: dict[str, int]
    single_threaded: int

    def to_frame(self) -> Any:
        """Returns ``profiles``."""
        return self.profiles


def _column(contacts: Any, name: str, default: Any, n: int, function: str) -> list:
    if name in contacts:
        col = contacts[name]
        return [v for v in (col.tolist() if hasattr(col, "tolist") else list(col))]
    if default is None:
        from ._retention import _frame_columns

        _frame_columns(contacts, [name], function)  # raises UnknownNameError
    return [default] * n


def relationship(contacts: Any, accounts: Any = None, *, account: str = "account",
                 active_days: float = 180.0, required_roles: Sequence[str] | None = None,
                 required_levels: Sequence[str] | None = None,
                 required_functions: Sequence[str] | None = None,
                 breadth_target: float = 6.8,
                 stage_edges: Sequence[float] = (0.2, 0.4, 0.6, 0.8),
                 criteria: Any = None,
                 shape_thresholds: Sequence[float] | None = None) -> RelationshipResult:
    """Returns the relationship structure of every account from its contact map
    (kam::relationship): active contacts, people on each side, coverage of the buying-group
    roles, hierarchy levels and functions, HHI of the active pairs' weights and effective
    contacts 1/HHI, the single-threaded flag, the shape (no_contact, bow_tie, intermediate,
    diamond), the relationship score on [0, 1] and its Cranfield stage.

    Args:
        contacts: a DataFrame, one row per contact line, with the columns ``account`` (the
            account's label), ``our_person``, ``their_person``, ``role`` (buying role, default
            "buyer"), ``level`` (default "middle"), ``function`` (default "purchasing"),
            ``weight`` (default 1) and ``days_since_contact`` (default 0).
        accounts: the account labels, in output order (accounts without contacts get
            no_contact); None: the distinct labels of ``contacts[account]`` in order of first use.
        account: the name of the account column.
        active_days, required_roles, required_levels, required_functions, breadth_target,
        stage_edges, criteria: kam::relationship_config (None: kam's defaults, all roles and
            levels, five functions; ``criteria`` defaults to
            ``portfolio_catalogue("relationship")``).
        shape_thresholds: kam::shape_thresholds in its member order (bow_tie_effective_below,
            diamond_people, diamond_effective, diamond_role_coverage, diamond_level_coverage,
            diamond_function_coverage); None: kam's (2, 4, 5, .5, .75, .6).

    Raises kam.Error subclasses naming the field, the account's row in ``accounts`` (``label``
    its label) and, for a contact's enumerators, the contact line (``index``), as
    kam::relationship names a contact's errors: InvalidInputError (a negative weight or age, an
    empty person id), UnknownNameError (an unknown role, level or function; an account label
    not in ``accounts``, naming the line as ``index``), NonFiniteValueError, EmptyInputError.
    """
    fn = "kam.relationship"
    names = _kam.enum_names()
    n = len(contacts[account]) if account in contacts else 0
    labels = _column(contacts, account, None, n, fn)
    if accounts is None:
        accounts = list(dict.fromkeys(labels))
    accounts = list(accounts)
    rows = {a: i for i, a in enumerate(accounts)}
    for i, a in enumerate(labels):
        if a not in rows:
            err = UnknownNameError(f"{fn}: '{account}': contact line {i} names account {a!r}, "
                                   "which is not in 'accounts'", function=fn, field=account,
                                   index=i)
            err.name, err.known = str(a), [str(v) for v in accounts]
            raise err
    account_rows = [rows[a] for a in labels]
    enums = {}
    for name, kind, default in (("role", "buying_role", "buyer"),
                                ("level", "hierarchy_level", "middle"),
                                ("function", "business_function", "purchasing")):
        enums[name] = [str(v) for v in _column(contacts, name, default, n, fn)]
        for i, v in enumerate(enums[name]):
            if v not in names[kind]:
                # As kam::relationship names a contact's errors: the account row, the line.
                err = UnknownNameError(
                    f"{fn}: '{name}', row {account_rows[i]}: contact line {i}: unknown name "
                    f"'{v}'; known: " + ", ".join(f"'{k}'" for k in names[kind]), function=fn,
                    field=name, row=account_rows[i], index=i)
                err.name, err.known, err.label = v, list(names[kind]), labels[i]
                raise err
    cols = _kam.ContactColumns(
        account_rows, [str(v) for v in _column(contacts, "our_person", None, n, fn)],
        [str(v) for v in _column(contacts, "their_person", None, n, fn)], enums["role"],
        enums["level"], enums["function"],
        [float(v) for v in _column(contacts, "weight", 1.0, n, fn)],
        [float(v) for v in _column(contacts, "days_since_contact", 0.0, n, fn)])
    from . import _tuples

    crit = [] if criteria is None else _criteria(criteria, "relationship")
    config = _kam.relationship_config(
        float(active_days), None if required_roles is None else list(required_roles),
        None if required_levels is None else list(required_levels),
        None if required_functions is None else list(required_functions),
        float(breadth_target), [float(e) for e in stage_edges],
        None if shape_thresholds is None else tuple(shape_thresholds), _tuples(crit))
    try:
        r = _kam.relationship(cols, len(accounts), config)
    except Error as err:
        if err.row is not None and 0 <= err.row < len(accounts):
            err.label = accounts[err.row]
        raise
    import pandas as pd

    frame = pd.DataFrame([list(t) for t in r["rows"]], columns=list(_PROFILE),
                         index=pd.Index(accounts, name=account))
    frame["shape"] = pd.Categorical(frame["shape"], names["relationship_shape"])
    frame["stage"] = pd.Categorical(frame["stage"], names["relationship_stage"])
    return RelationshipResult(frame, dict(r["shape_counts"]), dict(r["stage_counts"]),
                              int(r["single_threaded"]))


# --- account focus -----------------------------------------------------------------------------


@dataclass
class FocusResult(_Result):
    """The account focus of every account (kam::focus_result)."""

    share_of_wallet: Any  #: revenue / category wallet
    revenue_rank: Any  #: 1 = highest revenue (ties share the better rank)
    focus: Any  #: "win", "expand", "protect" or "maintain" per account
    counts: dict[str, int]
    large: int  #: accounts that count as large
    key_not_largest: list = field(default_factory=list)  #: key accounts not among the largest
    largest_not_key: list = field(default_factory=list)  #: largest accounts that are not key

    _columns = ("share_of_wallet", "revenue_rank", "focus")


def focus(data: Any, *, revenue: str = "revenue", wallet: str = "wallet",
          growth_potential: str = "growth_potential", churn_risk: str = "churn_risk",
          key_accounts: Sequence[Any] = (), win_below_share: float = 0.25,
          expand_below_share: float = 0.75, win_growth: float = 4.0,
          expand_growth: float = 3.0, at_risk: float = 0.3, large_share: float = 0.2,
          growth_low: float = 1.0, growth_high: float = 5.0) -> FocusResult:
    """Returns each account's focus (kam::focus): protect (a large account, among the
    ``large_share`` with the highest revenue, with churn risk >= ``at_risk``), else win (share of
    wallet < ``win_below_share`` and growth potential >= ``win_growth``), else expand (share of
    wallet in [win_below_share, expand_below_share) and growth >= ``expand_growth``), else
    maintain; every threshold is "at or above". ``key_accounts`` (index labels of ``data``, or
    rows for a dict of arrays) are compared with the largest accounts.

    ``data`` is a DataFrame (or a dict of vectors) with the four columns named by ``revenue``,
    ``wallet``, ``growth_potential`` and ``churn_risk``. Raises kam.Error subclasses naming the
    field and the row: OutOfBoundsError (revenue above the wallet, growth or churn off its
    scale, a key account that is not an account), InvalidInputError (negative revenue, a wallet
    <= 0, a key account twice), NonFiniteValueError, ShapeMismatchError, UnknownNameError.
    """
    fn = "kam.focus"
    names = [revenue, wallet, growth_potential, churn_risk]
    if _is_frame(data):
        from ._retention import _frame_columns

        columns = _frame_columns(data, names, fn)
        index = data.index
        missing = [k for k in key_accounts if k not in index]
        if missing:
            err = UnknownNameError(f"{fn}: 'key_accounts': {missing[0]!r} is not an index label "
                                   "of the data", function=fn, field="key_accounts",
                                   index=list(key_accounts).index(missing[0]))
            err.name = str(missing[0])
            raise err
        keys = [int(index.get_loc(k)) for k in key_accounts]
    else:
        columns = [data[n] for n in names]
        index = _index_of(*columns)
        keys = [int(k) for k in key_accounts]
    vectors = _floats(*columns)
    config = _kam.focus_config(float(win_below_share), float(expand_below_share),
                               float(win_growth), float(expand_growth), float(at_risk),
                               float(large_share), float(growth_low), float(growth_high))
    try:
        r = _kam.focus(*vectors, keys, config)
    except Error as err:
        raise _labelled(err, index)

    def labels(rows: np.ndarray) -> list:
        return [index[i] for i in rows] if index is not None else [int(i) for i in rows]

    return FocusResult(_per_account(r["share_of_wallet"], index, "share_of_wallet"),
                       _per_account(r["revenue_rank"], index, "revenue_rank"),
                       _enum_column(r["focus"], index, "focus", "account_focus"),
                       dict(r["counts"]), int(r["large"]), labels(r["key_not_largest"]),
                       labels(r["largest_not_key"]))


__all__ = [
    "portfolio_catalogue", "QuadrantGuide", "quadrant_guide", "KraljicResult", "kraljic",
    "kraljic_from_scores", "PreferencingResult", "preferencing", "PositionRule",
    "default_position_table", "PositionResult", "position", "MaturityResult", "maturity",
    "RelationshipResult", "relationship", "FocusResult", "focus",
]

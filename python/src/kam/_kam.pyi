"""Type stubs of kam._kam, the compiled half of kam's Python module (use the package kam).

Every function takes float32 or float64 arrays whose rows or columns are contiguous (the package
kam converts anything else first), reads them in place, releases the GIL while it computes, and
raises kam.Error subclasses for bad input. Enum arguments are strings (kam.ENUMS lists them).
"""

from typing import Optional, TypedDict

import numpy as np
import numpy.typing as npt

_Float = np.float32 | np.float64
_Matrix = npt.NDArray[_Float]
_Vector = npt.NDArray[_Float]
_Index = npt.NDArray[np.int64]
CriterionTuple = tuple[str, float, str, str, float, float]

version: str

class WsmResult(TypedDict):
    scores: _Vector
    coverage: Optional[_Vector]
    partial: int
    constant_criteria: list[int]

class WpmResult(TypedDict):
    scores: _Vector
    zero_scores: int

class TopsisResult(TypedDict):
    scores: _Vector
    distance_to_ideal: _Vector
    distance_to_anti_ideal: _Vector
    ideal: _Vector
    anti_ideal: _Vector
    constant_criteria: list[int]

class AhpResult(TypedDict):
    weights: _Vector
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    consistent: bool
    converged: bool
    iterations: int

class DerivedWeights(TypedDict):
    weights: _Vector
    constant_criteria: list[int]

class Selection(TypedDict):
    accounts: _Index
    eligible: int
    cut_by_cap: int
    tie_at_cap: bool

class Tiers(TypedDict):
    tier: _Index
    counts: list[int]

def enum_names() -> dict[str, list[str]]: ...
def selection_catalogue() -> list[CriterionTuple]: ...
def wsm(data: _Matrix, criteria: list[CriterionTuple], missing: str, impute: str, scale: str,
        threads: int, out: Optional[_Vector] = None) -> WsmResult: ...
def normalize(data: _Matrix, criteria: list[CriterionTuple], missing: str,
              impute: str) -> _Matrix: ...
def contributions(data: _Matrix, criteria: list[CriterionTuple], missing: str, impute: str,
                  scale: str, threads: int) -> _Matrix: ...
def wpm(data: _Matrix, criteria: list[CriterionTuple], normalization: str,
        threads: int) -> WpmResult: ...
def topsis(data: _Matrix, criteria: list[CriterionTuple], normalization: str,
           threads: int, out: Optional[_Vector] = None, out_ideal: Optional[_Vector] = None,
           out_anti: Optional[_Vector] = None) -> TopsisResult: ...
def ahp(pairwise: _Matrix, method: str, cr_threshold: float, random_index: Optional[list[float]],
        reciprocal_tolerance: float, max_iterations: int, tolerance: float) -> AhpResult: ...
def saaty_random_index() -> list[float]: ...
def entropy_weights(data: _Matrix) -> DerivedWeights: ...
def critic_weights(data: _Matrix, directions: list[str]) -> DerivedWeights: ...
def weight_statistics(data: _Matrix) -> dict: ...
def merge_weight_statistics(first: dict, second: dict, dtype: str) -> dict: ...
def weights_of_statistics(statistics: dict, dtype: str, kind: str, directions: list[str],
                          ddof: int) -> DerivedWeights: ...
def rank_order_centroid(n: int) -> npt.NDArray[np.float64]: ...
def rank_order_centroid_weights(ranks: list[int]) -> npt.NDArray[np.float64]: ...
def ranks(scores: _Vector, ties: str) -> _Index: ...
def top_k(scores: _Vector, k: int) -> _Index: ...
def select_key_accounts(scores: _Vector, cap: Optional[int],
                        min_score: Optional[float]) -> Selection: ...
def tiers_by_bands(scores: _Vector, edges: list[float]) -> Tiers: ...

# --- retention (csrc/retention.cpp) ------------------------------------------------------------
# The vectors of one call share one dtype (float32 or float64); labels are int64. Model
# parameters travel as tuples: BG/NBD (r, alpha, a, b), Gamma-Gamma (p, q, gamma).

_Labels = npt.NDArray[np.int64]
BgnbdParams = tuple[float, float, float, float]
GammaGammaParams = tuple[float, float, float]

class TransactionSummary(TypedDict):
    id: _Labels
    frequency: npt.NDArray[np.float64]
    recency: npt.NDArray[np.float64]
    T: npt.NDArray[np.float64]
    monetary_value: npt.NDArray[np.float64]
    frequency_holdout: npt.NDArray[np.float64]
    monetary_value_holdout: npt.NDArray[np.float64]
    duration_holdout: float
    later_accounts: list[int]
    transactions: int
    same_period_orders: int
    rows_after_end: int

class BgnbdFit(TypedDict):
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    status: str
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_r: Optional[float]
    std_error_alpha: Optional[float]
    std_error_a: Optional[float]
    std_error_b: Optional[float]
    accounts: int

class GammaGammaFit(TypedDict):
    p: float
    q: float
    gamma: float
    log_likelihood: float
    status: str
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_p: Optional[float]
    std_error_q: Optional[float]
    std_error_gamma: Optional[float]
    accounts: int
    skipped: int
    frequency_spend_correlation: float
    independence_doubtful: bool

class ClvForecast(TypedDict):
    value: _Vector
    expected_transactions: _Vector
    expected_spend: _Vector
    total_value: float

class CoxFit(TypedDict):
    coefficients: _Vector
    std_error: _Vector
    z: _Vector
    p_value: _Vector
    lower: _Vector
    upper: _Vector
    hazard_ratio: _Vector
    covariance: _Matrix
    log_likelihood: float
    log_likelihood_null: float
    lr_chi_square: float
    lr_degrees_of_freedom: int
    lr_p_value: float
    concordance: float
    status: str
    converged: bool
    iterations: int
    accounts: int
    events: float
    strata: int
    means: _Vector
    scales: _Vector
    baseline_stratum: _Labels
    baseline_time: _Vector
    baseline_cumulative_hazard: _Vector

class CoxModel(TypedDict):
    """What cox_partial_hazard and cox_survival read of a CoxFit."""
    coefficients: npt.NDArray[np.float64]
    means: npt.NDArray[np.float64]
    scales: npt.NDArray[np.float64]
    baseline_time: _Vector
    baseline_cumulative_hazard: _Vector
    baseline_stratum: _Labels
    strata: int

class LogrankResult(TypedDict):
    groups: _Labels
    accounts: _Labels
    observed: _Vector
    expected: _Vector
    chi_square: float
    degrees_of_freedom: int
    p_value: float

class KaplanMeierResult(TypedDict):
    time: _Vector
    at_risk: _Vector
    events: _Vector
    survival: _Vector
    std_error: _Vector
    lower: _Vector
    upper: _Vector
    median: Optional[float]
    confidence: float
    total: float
    total_events: float

def summarize_transactions(ids: _Labels, times: npt.NDArray[np.float64],
                           amounts: npt.NDArray[np.float64], calibration_end: float,
                           period: float, unit: float,
                           holdout_end: Optional[float]) -> TransactionSummary: ...
def fit_bgnbd(frequency: _Vector, recency: _Vector, age: _Vector, max_iterations: int,
              tolerance: float) -> BgnbdFit: ...
def bgnbd_per_account(what: int, params: BgnbdParams, t: float, frequency: _Vector,
                      recency: _Vector, age: _Vector) -> _Vector: ...
def bgnbd_expected_transactions(params: BgnbdParams, t: float) -> float: ...
def bgnbd_log_likelihood(params: BgnbdParams, frequency: _Vector, recency: _Vector,
                         age: _Vector) -> float: ...
def fit_gamma_gamma(frequency: _Vector, mean_spend: _Vector, max_iterations: int,
                    tolerance: float, correlation_warning: float) -> GammaGammaFit: ...
def gamma_gamma_expected_spend(params: GammaGammaParams, frequency: _Vector,
                               mean_spend: _Vector) -> _Vector: ...
def gamma_gamma_mean_spend(params: GammaGammaParams) -> float: ...
def clv_forecast(transactions: BgnbdParams, spend: GammaGammaParams, frequency: _Vector,
                 recency: _Vector, age: _Vector, mean_spend: _Vector, model_unit_days: float,
                 period_days: float, periods: int, discount_rate: float,
                 margin: float) -> ClvForecast: ...
def fit_cox(times: _Vector, events: _Vector, covariates: _Matrix, weights: Optional[_Vector],
            strata: Optional[_Labels], ties: str, standardize: bool, max_iterations: int,
            tolerance: float, confidence: float) -> CoxFit: ...
def cox_partial_hazard(model: CoxModel, covariates: _Matrix) -> _Vector: ...
def cox_survival(model: CoxModel, covariates: _Matrix, times: _Vector,
                 strata: Optional[_Labels]) -> _Matrix: ...
def logrank_test(times: _Vector, events: _Vector, groups: _Labels, weighting: str,
                 rho: float) -> LogrankResult: ...
def kaplan_meier(times: _Vector, events: _Vector, weights: Optional[_Vector],
                 confidence: float) -> KaplanMeierResult: ...

# --- more retention models (csrc/retention_models.cpp) -----------------------------------------
# sBG parameters travel as (alpha, beta), BG/BB as (alpha, beta, gamma, delta), Pareto/NBD as
# (r, alpha, s, beta). Revenue matrices are accounts x periods.

SbgParams = tuple[float, float]
BgbbParams = tuple[float, float, float, float]
ParetoNbdParams = tuple[float, float, float, float]

class SbgFit(TypedDict):
    alpha: float
    beta: float
    log_likelihood: float
    status: str
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_alpha: Optional[float]
    std_error_beta: Optional[float]
    cohorts: int
    periods: int
    accounts: float
    mean_lifetime: Optional[float]

class BgbbFit(TypedDict):
    alpha: float
    beta: float
    gamma: float
    delta: float
    log_likelihood: float
    status: str
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_alpha: Optional[float]
    std_error_beta: Optional[float]
    std_error_gamma: Optional[float]
    std_error_delta: Optional[float]
    accounts: float

class ParetoNbdFit(TypedDict):
    r: float
    alpha: float
    s: float
    beta: float
    log_likelihood: float
    status: str
    converged: bool
    iterations: int
    gradient_norm: float
    std_error_r: Optional[float]
    std_error_alpha: Optional[float]
    std_error_s: Optional[float]
    std_error_beta: Optional[float]
    accounts: int

class CohortTable(TypedDict):
    period: _Labels
    size: _Labels
    initial_revenue: _Vector
    active: _Matrix
    survived: _Matrix
    revenue: _Matrix
    logo_retention: _Matrix
    revenue_retention: _Matrix
    never_active: int

class RetentionTable(TypedDict):
    undefined_windows: list[int]
    opening_period: _Labels
    closing_period: _Labels
    opening_revenue: _Vector
    expansion: _Vector
    contraction: _Vector
    churned_revenue: _Vector
    new_revenue: _Vector
    reactivated_revenue: _Vector
    closing_revenue: _Vector
    opening_accounts: _Labels
    retained_accounts: _Labels
    churned_accounts: _Labels
    new_accounts: _Labels
    reactivated_accounts: _Labels
    closing_accounts: _Labels
    grr: _Vector
    nrr: _Vector
    customer_retention: _Vector
    logo_churn: _Vector

def fit_sbg(alive: _Matrix, max_iterations: int, tolerance: float) -> SbgFit: ...
def sbg_log_likelihood(params: SbgParams, alive: _Matrix) -> float: ...
def sbg_curve(what: int, params: SbgParams, horizon: int) -> npt.NDArray[np.float64]: ...
def sbg_lifetime(params: SbgParams, discount: float, renewals: int, residual: bool) -> float: ...
def fit_bgbb(frequency: _Vector, recency: _Vector, opportunities: _Vector, count: _Vector,
             max_iterations: int, tolerance: float) -> BgbbFit: ...
def bgbb_per_row(what: int, params: BgbbParams, future: float, frequency: _Vector,
                 recency: _Vector, opportunities: _Vector) -> _Vector: ...
def bgbb_expected_transactions(params: BgbbParams, n: float) -> float: ...
def bgbb_log_likelihood(params: BgbbParams, frequency: _Vector, recency: _Vector,
                        opportunities: _Vector, count: _Vector) -> float: ...
def fit_pareto_nbd(frequency: _Vector, recency: _Vector, age: _Vector, max_iterations: int,
                   tolerance: float) -> ParetoNbdFit: ...
def pareto_nbd_per_account(what: int, params: ParetoNbdParams, t: float, frequency: _Vector,
                           recency: _Vector, age: _Vector) -> _Vector: ...
def pareto_nbd_expected_transactions(params: ParetoNbdParams, t: float) -> float: ...
def cohorts(revenue: _Matrix) -> CohortTable: ...
def revenue_retention(revenue: _Matrix, step: int, first: int,
                      reactivation: str) -> RetentionTable: ...
def movements(revenue: _Matrix) -> npt.NDArray[np.int8]: ...
def customer_retention_rate(start: int, end: int, acquired: int) -> float: ...
def rescale_churn(churn: float, periods: float) -> float: ...
def rescale_retention(retention: float, periods: float) -> float: ...
def share_of_wallet(revenue: _Vector, wallet: _Vector) -> _Vector: ...
def wallet_allocation_share(rank: float, brands: int) -> float: ...
def wallet_allocation(scores: _Matrix) -> _Matrix: ...

# --- segmentation (csrc/segmentation.cpp) ------------------------------------------------------
# Fields travel as (name, bins, direction), rules as (segment, condition text, name).

BinFieldTuple = tuple[str, int, str]
RuleTuple = tuple[str, str, str]

class QuantileBinsFit(TypedDict):
    edges: list[_Vector]
    bins: _Labels
    accounts: int

class BinCodes(TypedDict, total=False):
    codes: npt.NDArray[np.int64]
    counts: list[_Labels]
    outside: _Labels
    combined: list[str]

class SegmentAssignment(TypedDict):
    segment: _Labels
    rule: _Labels
    segments: list[str]
    counts: _Labels
    rule_counts: _Labels
    fallback: int
    unmatched: int
    with_missing: int

class KmeansOptions:
    """kam::kmeans_options, opaque (made by kmeans_options)."""

class KmeansResult(TypedDict):
    status: str
    inertia: float
    iterations: int
    relocations: int
    empty_clusters: int
    best_restart: int
    centroids: _Matrix
    scaled_centroids: _Matrix
    labels: _Labels
    sizes: _Labels
    cluster_weights: _Vector
    restart_inertia: _Vector
    feature_offset: _Vector
    feature_scale: _Vector

class KmeansModel(TypedDict):
    """What kmeans_predict reads of a fitted KMeans."""
    centroids: _Matrix
    scaled_centroids: _Matrix
    feature_offset: _Vector
    feature_scale: _Vector

def quantiles(values: _Vector, probs: list[float], method: str) -> _Vector: ...
def fit_quantile_bins(data: _Matrix, fields: list[BinFieldTuple], method: str,
                      duplicates: str) -> QuantileBinsFit: ...
def assign_quantile_bins(data: _Matrix, fields: list[BinFieldTuple], edges: list[list[float]],
                         bins: list[int], combined: bool, separator: str) -> BinCodes: ...
def rule_fields(rules: list[RuleTuple], fallback: str) -> list[str]: ...
def assign_segments(numeric: list[tuple[str, _Vector]],
                    open: list[tuple[str, list[Optional[str]]]],
                    closed: list[tuple[str, list[str], list[int]]], rules: list[RuleTuple],
                    fallback: str, missing: str) -> SegmentAssignment: ...
def parse_condition(text: str) -> str: ...
def kmeans_options(k: int, restarts: int, max_iterations: int, tolerance: float, seed: int,
                   standardize: bool, local_trials: int, threads: int) -> KmeansOptions: ...
def kmeans(data: _Matrix, weights: Optional[_Vector], initial: Optional[_Matrix],
           options: KmeansOptions) -> KmeansResult: ...
def kmeans_predict(model: KmeansModel, data: _Matrix) -> _Labels: ...

# --- portfolio (csrc/portfolio.cpp) ---------------------------------------------------------

CutTuple = tuple[str, float, str]  # (basis, value, on_cut)
PositionRuleTuple = tuple[str, str, str, str, str]  # (kraljic, preferencing, risk, posture, why)

class KraljicResult(TypedDict):
    impact: _Vector
    risk: _Vector
    impact_cut: float
    risk_cut: float
    quadrant: list[str]
    counts: dict[str, int]
    on_impact_cut: int
    on_risk_cut: int
    impact_constant: list[int]
    risk_constant: list[int]
    partial: int

class PreferencingResult(TypedDict):
    attractiveness: _Vector
    attractiveness_cut: float
    relative_value: _Vector
    our_revenue: float
    band: list[str]
    quadrant: list[str]
    counts: dict[str, int]
    band_counts: dict[str, int]
    on_attractiveness_cut: int
    attractiveness_constant: list[int]
    partial: int

class PositionResult(TypedDict):
    risk: list[str]
    posture: list[str]
    risk_counts: dict[str, int]
    posture_counts: dict[str, int]

class MaturityResult(TypedDict):
    index: _Vector
    stage: list[str]
    matched: list[str]
    fit: list[str]
    gap: list[int]
    stage_counts: dict[str, int]
    behind: int
    ahead: int
    partial: int

class ContactColumns:
    """The contact map as columns (opaque)."""
    def __init__(self, account: list[int], ours: list[str], theirs: list[str], role: list[str],
                 level: list[str], function: list[str], weight: list[float],
                 days: list[float]) -> None: ...

class RelationshipConfig:
    """kam::relationship_config (opaque)."""

class RelationshipResult(TypedDict):
    rows: list[tuple]
    shape_counts: dict[str, int]
    stage_counts: dict[str, int]
    single_threaded: int

class FocusConfig:
    """kam::focus_config (opaque)."""

class FocusResult(TypedDict):
    share_of_wallet: _Vector
    revenue_rank: _Index
    focus: list[str]
    counts: dict[str, int]
    large: int
    key_not_largest: _Index
    largest_not_key: _Index

def portfolio_catalogue(name: str) -> list[CriterionTuple]: ...
def quadrant_guide(kind: str, name: str) -> tuple[str, str, str]: ...
def kraljic(impact_x: _Matrix, risk_x: _Matrix, impact: list[CriterionTuple],
            risk: list[CriterionTuple], impact_cut: CutTuple, risk_cut: CutTuple, missing: str,
            impute: str, scale: str) -> KraljicResult: ...
def kraljic_from_scores(impact: _Vector, risk: _Vector, impact_cut: CutTuple,
                        risk_cut: CutTuple, scale: str) -> KraljicResult: ...
def preferencing(x: _Matrix | _Vector, revenue: _Vector, scores: bool,
                 criteria: list[CriterionTuple], cut: CutTuple, missing: str, impute: str,
                 scale: str, value_edges: list[float], high_value_from: str,
                 our_revenue: Optional[float]) -> PreferencingResult: ...
def default_position_table() -> list[PositionRuleTuple]: ...
def position(kraljic: list[str], preferencing: list[str],
             table: Optional[list[PositionRuleTuple]]) -> PositionResult: ...
def maturity(assessment: _Matrix, dimensions: list[str], served: list[str],
             criteria: list[CriterionTuple], scale_low: float, scale_high: float,
             stage_edges: list[float], missing: str, impute: str) -> MaturityResult: ...
def relationship_config(active_days: float, required_roles: Optional[list[str]],
                        required_levels: Optional[list[str]],
                        required_functions: Optional[list[str]],
                        breadth_target: float, stage_edges: list[float],
                        shape: Optional[tuple[float, int, float, float, float, float]],
                        criteria: list[CriterionTuple]) -> RelationshipConfig: ...
def relationship(contacts: ContactColumns, accounts: int,
                 config: RelationshipConfig) -> RelationshipResult: ...
def focus_config(win_below_share: float, expand_below_share: float, win_growth: float,
                 expand_growth: float, at_risk: float, large_share: float, growth_low: float,
                 growth_high: float) -> FocusConfig: ...
def focus(revenue: _Vector, wallet: _Vector, growth_potential: _Vector, churn_risk: _Vector,
          key_accounts: list[int], config: FocusConfig) -> FocusResult: ...

# --- account plans (csrc/plan.cpp) ----------------------------------------------------------

class PlanColumns:
    """The columns of a kam::plan_table (opaque); dates in days since 1970-01-01."""
    def __init__(self, account: list[str], section_flags: list[int], section_updated: list[int],
                 customer_roles: list[int], team_roles: list[int], objectives: list[int],
                 step: list[str]) -> None: ...

class PlanScores(TypedDict):
    completeness: _Vector
    freshness: _Vector
    missing_sections: list[list[str]]
    unowned_sections: list[list[str]]
    stale_sections: list[list[str]]
    missing_customer_roles: list[list[str]]
    missing_team_roles: list[list[str]]
    missing_objectives: list[int]
    section_age_days: list[int]
    gaps: list[list[str]]

class WhitespaceResult(TypedDict):
    best_openings: npt.NDArray[np.int64]
    owned: _Index
    pipeline: _Index
    open: _Index
    eligible: _Index
    account_penetration: _Vector
    offering_owners: _Index
    offering_eligible: _Index
    offering_penetration: _Vector
    offering_value: _Vector
    group_propensity: _Matrix
    open_value: _Vector
    expected_expansion: _Vector

class NextPlayResult(TypedDict):
    play: list[str]
    reason: list[str]
    missing: list[int]
    tied: list[int]
    value: _Vector
    protect_value: _Vector
    expand_value: _Vector
    win_value: _Vector

def score_plans(plans: PlanColumns, as_of: int,
                config: tuple[list[float], list[float], list[float], float, int]) -> PlanScores: ...
def plan_question(section: str) -> str: ...
def label_codes(labels: list[str]) -> _Index: ...
def whitespace(cells: npt.NDArray[np.uint8], offerings: list[str], peer_group: _Index,
               price: Optional[_Vector], revenue: Optional[_Matrix], smoothing: float,
               groups: int, threads: int, top: int) -> WhitespaceResult: ...
def next_best_play(churn_probability: _Vector, clv: _Vector, expansion: _Vector, gap: _Vector,
                   value_to_win: _Vector, protect: tuple[float, float],
                   expand: tuple[float, float], win: tuple[float, float],
                   tie_order: list[str]) -> NextPlayResult: ...

# --- the review step of account plans (csrc/plan_review.cpp) ---------------------------------

HealthTuple = tuple[list[float], list[str], float, int, float, float, float]

class ObjectiveColumns:
    """Objectives as columns (opaque); dates in days since 1970-01-01."""
    def __init__(self, id: list[str], account: list[str], start_value: list[float],
                 target: list[float], start_day: list[int], due_day: list[int],
                 weight: list[float], actuals: list[list[tuple[int, float]]]) -> None: ...

def review_objectives(objectives: ObjectiveColumns, as_of: int, curve: str, on_track_from: float,
                      at_risk_from: float) -> dict: ...
def review_kpi(days: list[int], values: _Vector, as_of: int, due: int, ewma_alpha: float,
               level: float) -> dict: ...
TrendTuple = tuple[int, float, float, float, float, float, float, float, str]

def fit_trend(times: npt.NDArray[np.float64], values: npt.NDArray[np.float64]) -> dict: ...
def merge_trends(parts: list[tuple[int, float, float, float, float, float]]) -> dict: ...
def forecast(fit: TrendTuple, time: float, level: float) -> dict: ...
def track_health(scores: _Matrix, options: HealthTuple) -> dict: ...
def explain_health_change(scores: _Matrix, contributions: list[_Matrix], criteria: list[str],
                          start: int, end: int, top: int, options: HealthTuple) -> dict: ...
def find_at_risk(scores: _Matrix, revenue: _Vector, churn: _Matrix,
                 options: HealthTuple) -> dict: ...
def expected_progress(elapsed: npt.NDArray[np.float64], curve: str) -> npt.NDArray[np.float64]: ...
def status_of(attainment: npt.NDArray[np.float64], expected: npt.NDArray[np.float64],
              on_track_from: float, at_risk_from: float) -> list[str]: ...
def health_band(scores: npt.NDArray[np.float64], options: HealthTuple) -> npt.NDArray[np.uint8]: ...

class AssessmentDict(TypedDict):
    level: list[str]
    maturity: float
    coverage: float
    maturity_level: str
    weakest: list[str]
    weak: list[str]
    unanswered: list[str]
    gaps: list[str]
    score: npt.NDArray[np.float64]
    mean_level: npt.NDArray[np.float64]
    answered: _Index

def assess_programme(answers: npt.NDArray[np.float64], levels: list[str], weights: list[float],
                     weak_below: float) -> AssessmentDict: ...
def practice_text(practice: str) -> str: ...

# --- explanations (csrc/explain.cpp) ---------------------------------------------------------

def compare_accounts(data: _Matrix, criteria: list[CriterionTuple], first: int, second: int,
                     missing: str, impute: str, scale: str) -> dict: ...
def weight_sensitivity(data: _Matrix, criteria: list[CriterionTuple], cap: Optional[int],
                       min_score: Optional[float], draws: int, seed: int, distribution: str,
                       concentration: float, sigma: float, threads: int, missing: str,
                       impute: str, scale: str) -> dict: ...
def leave_one_criterion_out(data: _Matrix, criteria: list[CriterionTuple], missing: str,
                            impute: str, scale: str) -> dict: ...

# --- defaults (csrc/defaults.cpp) ------------------------------------------------------------

def option_defaults() -> dict[str, dict]: ...

# --- reference statistics (csrc/reference.cpp) ---------------------------------------------

class ScoreReference:
    @property
    def dtype(self) -> str: ...
    def merge(self, other: ScoreReference) -> ScoreReference: ...
    def state(self) -> tuple: ...

def fit_reference(data: npt.ArrayLike, criteria: list, missing: str, impute: str,
                  threads: int) -> ScoreReference: ...
def wsm_against(data: npt.ArrayLike, criteria: list, reference: ScoreReference, missing: str,
                impute: str, scale: str, threads: int,
                out: Optional[_Vector] = None) -> dict: ...

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
        threads: int) -> WsmResult: ...
def normalize(data: _Matrix, criteria: list[CriterionTuple], missing: str,
              impute: str) -> _Matrix: ...
def contributions(data: _Matrix, criteria: list[CriterionTuple], missing: str, impute: str,
                  scale: str, threads: int) -> _Matrix: ...
def wpm(data: _Matrix, criteria: list[CriterionTuple], normalization: str,
        threads: int) -> WpmResult: ...
def topsis(data: _Matrix, criteria: list[CriterionTuple], normalization: str,
           threads: int) -> TopsisResult: ...
def ahp(pairwise: _Matrix, method: str, cr_threshold: float, random_index: Optional[list[float]],
        reciprocal_tolerance: float, max_iterations: int, tolerance: float) -> AhpResult: ...
def saaty_random_index() -> list[float]: ...
def entropy_weights(data: _Matrix) -> DerivedWeights: ...
def critic_weights(data: _Matrix, directions: list[str]) -> DerivedWeights: ...
def rank_order_centroid(n: int) -> npt.NDArray[np.float64]: ...
def rank_order_centroid_weights(ranks: list[int]) -> npt.NDArray[np.float64]: ...
def ranks(scores: _Vector, ties: str) -> _Index: ...
def select_key_accounts(scores: _Vector, cap: Optional[int],
                        min_score: Optional[float]) -> Selection: ...
def tiers_by_bands(scores: _Vector, edges: list[float]) -> Tiers: ...

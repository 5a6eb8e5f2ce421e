"""kam on Dask: score a portfolio held as a ``dask.dataframe`` partition by partition, as if it
were one pandas frame.

Scoring needs the statistics of the whole portfolio (the minimum and maximum of each criterion,
its sorted values for percentile ranks, its mean for z-scores and mean imputation). kam's
statistics merge, so::

    import dask.dataframe as dd
    import kam, kam.dask

    frame = dd.read_csv("accounts-*.csv")             # or dd.from_pandas(df, npartitions=8)
    criteria = [kam.benefit("revenue", 40), kam.cost("effort", 25)]
    scores = kam.dask.score(frame, criteria)          # a lazy dask Series, the frame's index
    scores.compute()

``fit_reference`` fits kam.fit_reference on every partition (in parallel on the workers) and
merges the partitions' references in a binary tree fixed by their order (partition 2k with
2k + 1, then pairs of pairs, ...); ``score`` scores each partition against that reference with
``map_partitions``. The result is the single-machine ``kam.score(frame.compute(), criteria)``:

- **bit for bit**, for any partitioning, where every criterion's normalisation reads only counts,
  minima, maxima or sorted values (``min_max``, ``percentile_rank``, ``fixed_range``, ``none``;
  missing values rejected, renormalised, or imputed with the median or the worst value): those
  statistics merge exactly;
- **equal to rounding** (a relative difference of a few units in the last place) where one reads
  the mean (``z_score``; mean imputation): a mean merged from partitions adds in another order.

Partitions may be empty. Errors are kam.Error subclasses raised by ``compute()``; their ``row``
counts from the first row of the partition at fault, and ``label`` is the row's index label.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from . import CriteriaLike, ScoreReference, criteria_from, fit_reference as _fit_frame, score as _score

__all__ = ["fit_reference", "score"]


def _fit_partition(part: Any, criteria: list, missing: str, impute: str) -> ScoreReference:
    return _fit_frame(part, criteria, missing=missing, impute=impute)


def _merged(first: ScoreReference, second: ScoreReference) -> ScoreReference:
    """The reference of ``first``'s rows followed by ``second``'s (the inputs are not changed)."""
    out = copy.deepcopy(first)
    out.merge(second)
    return out


def _tree(parts: list) -> Any:
    """Merges the delayed references of ``parts`` (in partition order) in a fixed binary tree."""
    from dask import delayed

    level = list(parts)
    while len(level) > 1:
        level = [delayed(_merged)(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
                 for i in range(0, len(level), 2)]
    return level[0]


def fit_reference(frame: Any, criteria: CriteriaLike, *, missing: str = "reject",
                  impute: str = "mean") -> ScoreReference:
    """Returns the kam.ScoreReference of the dask DataFrame ``frame`` (columns picked by
    criterion name): kam.fit_reference of each partition, merged in partition order (see the
    module's docstring for what is exact). Computes it (one pass over the partitions).
    ``missing`` and ``impute`` as in kam.score, and the same for scoring with the result."""
    from dask import delayed

    items = criteria_from(criteria)
    names = [c.name for c in items]
    parts = [delayed(_fit_partition)(p, items, missing, impute)
             for p in frame[names].to_delayed()]
    return _tree(parts).compute()


def _score_partition(part: Any, criteria: list, reference: ScoreReference, missing: str,
                     impute: str, scale: str) -> Any:
    import pandas as pd

    if len(part) == 0:
        return pd.Series(np.empty(0, dtype=np.float64), index=part.index, name="score")
    result = _score(part, criteria, missing=missing, impute=impute, scale=scale,
                    reference=reference)
    return result.scores.astype(np.float64, copy=False)


def score(frame: Any, criteria: CriteriaLike, *, missing: str = "reject", impute: str = "mean",
          scale: str = "unit", reference: ScoreReference | None = None) -> Any:
    """Returns the weighted-sum scores of every account of the dask DataFrame ``frame`` as a
    lazy dask Series (the frame's index, named "score"): each partition scored with kam.score
    against ``reference`` (default: ``fit_reference(frame, ...)``, computed first). The values
    are those of kam.score on the whole frame (see the module's docstring)."""
    import pandas as pd

    items = criteria_from(criteria)
    names = [c.name for c in items]
    if reference is None:
        reference = fit_reference(frame, items, missing=missing, impute=impute)
    meta = pd.Series(np.empty(0, dtype=np.float64), name="score")
    return frame[names].map_partitions(_score_partition, items, reference, missing, impute, scale,
                                       meta=meta)

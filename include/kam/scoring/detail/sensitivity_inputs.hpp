// Not API. What the sensitivity analyses share: the normalised values and base scores of the
// accounts, their scores under other weights, and the integer tallies of draws.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/transforms.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/wsm.hpp>
#include <limits>
#include <vector>

namespace kam::detail {

/// The normalised, directed values of every account (NaN marks a missing value under
/// renormalize) and the base scores, validated exactly as kam::score validates.
template <typename Scalar>
struct sensitivity_inputs {
  matrix_of<Scalar> values;   ///< N x K, missing values as 0
  matrix_of<Scalar> present;  ///< N x K of 1/0 under renormalize, else empty
  vector_of<Scalar> base_scores;
  Scalar factor = 1;
};

/// Returns the inputs of the sensitivity analyses of `xd` (shape and bounds checked, direct
/// access) against `reference`; errors name `fn`.
template <typename X, typename Scalar>
sensitivity_inputs<Scalar> prepare_sensitivity(const X& xd, const criteria_set& criteria,
                                               const score_reference<Scalar>& reference,
                                               const score_options& options, const char* fn) {
  sensitivity_inputs<Scalar> in;
  in.base_scores = score_checked(xd, criteria, reference, options, fn).scores;
  const auto t = make_transforms(criteria, reference.stats, reference.samples, options, fn);
  in.factor = options.scale == score_scale::percent ? Scalar(100) : Scalar(1);
  const bool renormalize = options.missing == missing_policy::renormalize;
  in.values.resize(xd.rows(), xd.cols());
  if (renormalize) in.present.resize(xd.rows(), xd.cols());
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    const auto& tj = t.columns[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      Scalar v = xd.coeff(i, j);
      const bool missing = std::isnan(v);
      if (missing && !renormalize) v = tj.impute;  // reject has thrown already
      in.values(i, j) = missing && renormalize ? Scalar(0) : tj(v);
      if (renormalize) in.present(i, j) = missing ? Scalar(0) : Scalar(1);
    }
  }
  return in;
}

/// Scores under weights `w` (summing to 1): sum_j w_j v_ij, divided by the weight present under
/// renormalize; an account with no weight on its present criteria scores 0.
template <typename Scalar>
void scores_for(const sensitivity_inputs<Scalar>& in, const Eigen::VectorXd& w,
                vector_of<Scalar>& s) {
  const Eigen::Index n = in.values.rows();
  s.setZero(n);
  for (Eigen::Index j = 0; j < in.values.cols(); ++j) {
    const auto wj = static_cast<Scalar>(w(j));
    if (wj == Scalar(0)) continue;
    s += wj * in.values.col(j);
  }
  if (in.present.size() > 0) {
    vector_of<Scalar> covered = vector_of<Scalar>::Zero(n);
    for (Eigen::Index j = 0; j < in.present.cols(); ++j)
      covered += static_cast<Scalar>(w(j)) * in.present.col(j);
    for (Eigen::Index i = 0; i < n; ++i) s(i) = covered(i) > Scalar(0) ? s(i) / covered(i) : 0;
  }
  s *= in.factor;
}

/// Integer tallies of a range of draws; merged by addition, min and max, so the totals do not
/// depend on how the draws are split between threads.
struct sensitivity_tally {
  std::vector<Eigen::Index> in_set, best, worst, rank_sum;
  /// Returns the tallies of no draw for `n` accounts.
  explicit sensitivity_tally(Eigen::Index n)
      : in_set(static_cast<std::size_t>(n), 0),
        best(static_cast<std::size_t>(n), std::numeric_limits<Eigen::Index>::max()),
        worst(static_cast<std::size_t>(n), 0),
        rank_sum(static_cast<std::size_t>(n), 0) {}
  /// Adds draws whose ranks are `r` (one per account).
  template <typename Ranks>
  void add_ranks(const Ranks& r) {
    for (std::size_t i = 0; i < rank_sum.size(); ++i) {
      const auto v = r[static_cast<Eigen::Index>(i)];
      rank_sum[i] += v;
      best[i] = std::min(best[i], v);
      worst[i] = std::max(worst[i], v);
    }
  }
  /// Adds the tallies of other draws.
  void merge(const sensitivity_tally& o) {
    for (std::size_t i = 0; i < rank_sum.size(); ++i) {
      in_set[i] += o.in_set[i];
      rank_sum[i] += o.rank_sum[i];
      best[i] = std::min(best[i], o.best[i]);
      worst[i] = std::max(worst[i], o.worst[i]);
    }
  }
};

}  // namespace kam::detail

// Contributions: what each criterion adds to each account's weighted-sum score.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <kam/scoring/detail/percentile_ranks.hpp>
#include <kam/scoring/detail/transforms.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/wsm.hpp>
#include <vector>

namespace kam {

/// Returns each criterion's contribution to each account's score (N x K, aligned with `x`):
/// w_j v_ij, the normalised weight times the directed normalised value, divided by the account's
/// coverage under missing_policy::renormalize, and scaled like the score. A missing value
/// contributes 0 under renormalize; under impute the imputed value contributes. Each row adds up
/// to the account's score from kam::score with the same arguments (up to rounding).
/// To explain a shortlist only, pass its rows, e.g. `x(rows, Eigen::all)`.
/// Throws as kam::score does.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] matrix_of<typename Derived::Scalar> contributions(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, const score_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::contributions";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_bounds(xd, criteria, fn);
  // Scoring first validates every value exactly as kam::score does and yields the coverage.
  const auto scored = detail::score_checked(xd, criteria, reference, options, fn);
  const auto t = detail::make_transforms(criteria, reference.stats, reference.samples, options, fn);
  const Scalar factor = options.scale == score_scale::percent ? Scalar(100) : Scalar(1);
  matrix_of<Scalar> out(xd.rows(), xd.cols());
  std::vector<Scalar> ranked;  // a percentile column's directed values, found in one walk
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    const auto& tj = t.columns[static_cast<std::size_t>(j)];
    const bool percentile = tj.k == detail::column_transform<Scalar>::kind::percentile;
    if (percentile) detail::rank_segment(xd, j, tj, 0, xd.rows(), ranked);
    // reject has already thrown for NaN; renormalize leaves a missing value out
    const Scalar missing =
        options.missing == missing_policy::renormalize ? Scalar(0) : tj.weight * tj(tj.impute);
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      const Scalar v = xd.coeff(i, j);
      if (std::isnan(v)) {
        out(i, j) = missing * factor;
        continue;
      }
      Scalar c = tj.weight * (percentile ? ranked[static_cast<std::size_t>(i)] : tj(v)) * factor;
      if (options.missing == missing_policy::renormalize) c /= scored.coverage(i);
      out(i, j) = c;
    }
  }
  return out;
}

}  // namespace kam

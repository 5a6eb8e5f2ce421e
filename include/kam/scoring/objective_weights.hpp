// Objective weight sources, derived from the data: standard deviation, entropy and CRITIC.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/direction.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/weight_checks.hpp>
#include <limits>
#include <utility>
#include <vector>

namespace kam {

/// Weights derived from data (standard deviation, entropy, CRITIC), one per criterion (column),
/// summing to 1, and the criteria that carried no information. Pass `weights` to
/// `criteria_set::with_weights`.
template <real_scalar Scalar>
struct derived_weights {
  vector_of<Scalar> weights;  ///< one per column, non-negative, summing to 1
  /// Columns whose values were all equal: they get weight 0 (they cannot tell accounts apart).
  std::vector<Eigen::Index> constant_criteria;
  BOOST_DESCRIBE_CLASS(derived_weights, (), (weights, constant_criteria), (), ())
};

/// Returns standard-deviation weights from column statistics: w_j = sd_j / sum_k sd_k, with
/// sd_j = sqrt(M2_j / (count_j - ddof)). `ddof` is explicit because peers differ (scikit-criteria
/// and pymcdm use 1, numpy's default is 0); with complete data every column has the same count and
/// ddof does not change the weights. A column with sd 0 gets weight 0 and is listed as constant.
/// Standard deviations are in the criteria's own units: use this on normalised values (for example
/// kam::normalize's output) unless the criteria share one scale.
/// Throws kam::empty_input if a column has no more than `ddof` finite values, kam::invalid_input
/// for a negative ddof, when every column is constant, or naming the column when its standard
/// deviation is beyond the range of the type (values near its limits: normalise first).
template <real_scalar Scalar>
[[nodiscard]] derived_weights<Scalar> std_dev_weights(const column_stats<Scalar>& stats,
                                                      Eigen::Index ddof = 1) {
  constexpr const char* fn = "kam::std_dev_weights";
  if (ddof < 0) {
    throw invalid_input({fn, "ddof", std::nullopt}, detail::cat({"ddof ", ddof, " is negative"}));
  }
  if (stats.cols() == 0) throw empty_input({fn, "criteria", std::nullopt}, "no criteria");
  vector_of<Scalar> sd(stats.cols());
  std::vector<Eigen::Index> constant;
  for (Eigen::Index j = 0; j < stats.cols(); ++j) {
    if (stats.count(j) <= ddof) {
      throw empty_input(
          {fn, detail::column_name(j), std::nullopt},
          detail::cat({"needs more than ddof = ", ddof, " finite values, has ", stats.count(j)}));
    }
    sd(j) = std::sqrt(stats.m2(j) / static_cast<Scalar>(stats.count(j) - ddof));
    if (!std::isfinite(sd(j))) {
      throw invalid_input({fn, detail::column_name(j), std::nullopt},
                          "the spread of the column is beyond the range of the type (values near "
                          "its limits); normalise the column first (kam::normalize)");
    }
    if (!(stats.max(j) > stats.min(j))) {
      sd(j) = Scalar(0);
      constant.push_back(j);
    }
  }
  return {detail::normalized_weights(std::move(sd), fn), std::move(constant)};
}

/// Returns standard-deviation weights of the columns of `x` (rows are accounts); see the
/// column_stats overload. Throws kam::non_finite_value (naming the column and row) for NaN or
/// infinity, and as the other overload. Complexity: one pass over `x`.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] derived_weights<typename Derived::Scalar> std_dev_weights(
    const Eigen::MatrixBase<Derived>& x, Eigen::Index ddof = 1) {
  using Scalar = typename Derived::Scalar;
  const auto stats = column_stats<Scalar>::of(x);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (stats.non_finite(j) > 0) detail::check_finite_matrix(x, "kam::std_dev_weights");
  }
  return std_dev_weights(stats, ddof);
}

/// Returns Shannon-entropy weights of the columns of `x` (rows are the m accounts). The variant:
/// proportions p_ij = x_ij / sum_i x_ij; entropy e_j = -(1 / ln m) sum_i p_ij ln p_ij with
/// 0 ln 0 = 0, so e_j is on [0, 1]; weights proportional to the divergence 1 - e_j. A column whose
/// values are all equal (all zero included) has e_j = 1 and weight 0, and is listed as constant.
/// (pymcdm sets e_j = 0 — the largest weight — for a column holding any zero; kam keeps 0 ln 0 =
/// 0.) Throws kam::empty_input for fewer than 2 accounts or no columns, kam::non_finite_value and
/// kam::invalid_input (a negative value: proportions need x >= 0) naming the column and the row,
/// kam::invalid_input when every column is constant. Complexity: two passes over `x`.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] derived_weights<typename Derived::Scalar> entropy_weights(
    const Eigen::MatrixBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::entropy_weights";
  detail::check_data_matrix(x, 2, fn);
  const Scalar log_m = std::log(static_cast<Scalar>(x.rows()));
  vector_of<Scalar> divergence(x.cols());
  std::vector<Eigen::Index> constant;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    Scalar sum = 0;
    Scalar lo = std::numeric_limits<Scalar>::infinity();
    Scalar hi = -lo;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar v = x.coeff(i, j);
      if (v < Scalar(0)) {
        throw invalid_input(
            {fn, detail::column_name(j), i},
            detail::cat({"value ", v, " is negative; entropy weights need x >= 0"}));
      }
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (!(hi > lo)) {
      divergence(j) = Scalar(0);
      constant.push_back(j);
      continue;
    }
    Scalar h = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar p = x.coeff(i, j) / sum;
      if (p > Scalar(0)) h -= p * std::log(p);
    }
    divergence(j) = std::max(Scalar(0), Scalar(1) - h / log_m);
  }
  return {detail::normalized_weights(std::move(divergence), fn), std::move(constant)};
}

/// Returns CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995) of the columns of `x`:
/// each column is mapped to [0, 1] by min-max with its direction (benefit (x - min)/(max - min),
/// cost (max - x)/(max - min), so 1 is always the best value, as in the paper); sd_j is the
/// standard deviation of the mapped column (ddof 1; ddof does not change the weights); r_jk the
/// Pearson correlation of mapped columns; C_j = sd_j sum_k (1 - r_jk); w_j = C_j / sum_k C_k.
/// A constant column has C_j = 0 (weight 0, listed as constant) and is left out of the other
/// columns' sums, where its correlation is undefined. Passing every direction as benefit gives
/// pymcdm's `critic_weights`, which ignores directions (it matters: inverting a column flips the
/// sign of its correlations). Throws kam::shape_mismatch if `directions` does not have one entry
/// per column, kam::empty_input for fewer than 2 accounts, kam::non_finite_value naming the
/// column and row, kam::invalid_input when every column is constant.
/// Complexity: O(N K^2) (a K x K correlation matrix), one N x K temporary.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] derived_weights<typename Derived::Scalar> critic_weights(
    const Eigen::MatrixBase<Derived>& x, const std::vector<direction>& directions) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::critic_weights";
  if (static_cast<Eigen::Index>(directions.size()) != x.cols()) {
    throw shape_mismatch(
        {fn, "directions", std::nullopt},
        detail::cat({directions.size(), " directions for ", x.cols(), " columns"}));
  }
  detail::check_data_matrix(x, 2, fn);
  const Eigen::Index n = x.rows();
  const Eigen::Index k = x.cols();
  matrix_of<Scalar> centred(n, k);
  vector_of<Scalar> sd(k);
  std::vector<bool> is_constant(static_cast<std::size_t>(k), false);
  std::vector<Eigen::Index> constant;
  for (Eigen::Index j = 0; j < k; ++j) {
    const Scalar lo = x.col(j).minCoeff();
    const Scalar hi = x.col(j).maxCoeff();
    if (!(hi > lo)) {
      is_constant[static_cast<std::size_t>(j)] = true;
      constant.push_back(j);
      centred.col(j).setZero();
      sd(j) = 0;
      continue;
    }
    const bool cost = directions[static_cast<std::size_t>(j)] == direction::cost;
    // hi - lo overflows for a column from near -max to near +max; halving both sides first
    // cannot, and gives the same r (halving is exact for normal numbers).
    const bool halve = !std::isfinite(hi - lo);
    const Scalar range = halve ? hi / 2 - lo / 2 : hi - lo;
    for (Eigen::Index i = 0; i < n; ++i) {
      const Scalar v = x.coeff(i, j);
      const Scalar r = halve ? (v / 2 - lo / 2) / range : (v - lo) / range;
      centred(i, j) = cost ? Scalar(1) - r : r;
    }
    centred.col(j).array() -= centred.col(j).mean();
    sd(j) = std::sqrt(centred.col(j).squaredNorm() / static_cast<Scalar>(n - 1));
  }
  const matrix_of<Scalar> gram = centred.transpose() * centred;
  vector_of<Scalar> information(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    information(j) = 0;
    if (is_constant[static_cast<std::size_t>(j)]) continue;
    Scalar conflict = 0;
    for (Eigen::Index m = 0; m < k; ++m) {
      if (is_constant[static_cast<std::size_t>(m)]) continue;
      const Scalar r = gram(j, m) / std::sqrt(gram(j, j) * gram(m, m));
      conflict += Scalar(1) - std::clamp(r, Scalar(-1), Scalar(1));
    }
    information(j) = sd(j) * conflict;
  }
  return {detail::normalized_weights(std::move(information), fn), std::move(constant)};
}

/// Returns CRITIC weights using the directions of `criteria` (one criterion per column, in
/// order); see the overload taking directions.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] derived_weights<typename Derived::Scalar> critic_weights(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria) {
  std::vector<direction> directions;
  directions.reserve(static_cast<std::size_t>(criteria.size()));
  for (const auto& c : criteria) directions.push_back(c.direction);
  return critic_weights(x, directions);
}

}  // namespace kam

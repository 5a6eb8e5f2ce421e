// Normalisation: the reference portfolio's statistics, and the mapping of raw values onto [0, 1].
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/radix_sort.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <kam/scoring/detail/transforms.hpp>
#include <kam/scoring/options.hpp>
#include <optional>
#include <vector>

namespace kam {

/// What scores are relative to: the statistics of the reference portfolio's criteria columns and,
/// for the criteria that need them (percentile_rank normalisation, median imputation), the sorted
/// finite values. Like column_stats it is mergeable, so a file larger than memory, or shards on
/// several machines, can be fitted piece by piece and scored as if they were one portfolio.
template <real_scalar Scalar>
struct score_reference {
  column_stats<Scalar> stats;                ///< one column per criterion
  std::vector<std::vector<Scalar>> samples;  ///< per criterion: sorted finite values, or empty

  /// Returns the number of criteria described.
  [[nodiscard]] Eigen::Index cols() const noexcept { return stats.cols(); }

  /// Merges the reference of other rows into this one; returns `*this`. Exact for min, max,
  /// counts and samples; mean and M2 up to rounding (see column_stats).
  /// Throws kam::shape_mismatch if the two were fitted for different criteria.
  score_reference& merge(const score_reference& other) {
    if (other.cols() != cols() || other.samples.size() != samples.size()) {
      throw shape_mismatch({"kam::score_reference::merge", "cols", std::nullopt},
                           detail::cat({"cannot merge a reference of ", other.cols(),
                                        " criteria into one of ", cols()}));
    }
    for (std::size_t j = 0; j < samples.size(); ++j) {
      const auto col = static_cast<Eigen::Index>(j);
      const bool mine = samples[j].size() == static_cast<std::size_t>(stats.count(col));
      const bool theirs =
          other.samples[j].size() == static_cast<std::size_t>(other.stats.count(col));
      // A side without finite values has an empty sample either way: it fits both kinds.
      if (mine != theirs && stats.count(col) > 0 && other.stats.count(col) > 0) {
        throw shape_mismatch(
            {"kam::score_reference::merge", detail::cat({"criterion ", j}), std::nullopt},
            "one reference keeps the sorted values of this criterion and the "
            "other does not; fit both with the same criteria and options");
      }
      std::vector<Scalar> merged;
      merged.reserve(samples[j].size() + other.samples[j].size());
      std::merge(samples[j].begin(), samples[j].end(), other.samples[j].begin(),
                 other.samples[j].end(), std::back_inserter(merged));
      samples[j] = std::move(merged);
    }
    stats.merge(other.stats);
    return *this;
  }

  BOOST_DESCRIBE_CLASS(score_reference, (), (stats, samples), (), ())
};

/// Returns whether scoring criterion `c` under `options` needs the sorted reference values.
[[nodiscard]] inline bool needs_sample(const criterion& c, const score_options& options) noexcept {
  return detail::keeps_sample(c, options);
}

namespace detail {

/// Returns the column statistics of `xd` (shape already checked, direct access) after checking
/// its values and the thread count as kam::fit_reference does; errors name `fn`.
template <typename X>
column_stats<typename X::Scalar> checked_stats(const X& xd, const criteria_set& criteria,
                                               const score_options& options, const char* fn) {
  auto stats = column_stats<typename X::Scalar>::of(xd, resolve_threads(options.threads, fn));
  detail::check_values(xd, stats, criteria, options, fn);
  return stats;
}

/// Fits the reference of `xd` (shape already checked, direct access) for `criteria`; errors and
/// the thread count check name `fn`.
template <typename X>
score_reference<typename X::Scalar> fit_reference_checked(const X& xd, const criteria_set& criteria,
                                                          const score_options& options,
                                                          const char* fn) {
  using Scalar = typename X::Scalar;
  score_reference<Scalar> ref;
  ref.stats = checked_stats(xd, criteria, options, fn);
  ref.samples.resize(static_cast<std::size_t>(criteria.size()));
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    if (!needs_sample(criteria[j], options)) continue;
    auto& sample = ref.samples[static_cast<std::size_t>(j)];
    sample.reserve(static_cast<std::size_t>(ref.stats.count(j)));
    for (Eigen::Index i = 0; i < xd.rows(); ++i)
      if (std::isfinite(xd.coeff(i, j))) sample.push_back(xd.coeff(i, j));
    detail::sort_values(sample);
  }
  return ref;
}

}  // namespace detail

/// Returns the reference of the accounts `x` (rows) for `criteria` (columns, in set order):
/// their column statistics, and sorted values where `needs_sample` says so. An empty `x` gives
/// an empty reference, the identity of `merge`.
/// Throws kam::shape_mismatch if the column count differs from the criteria; under
/// missing_policy::reject kam::non_finite_value for a NaN, and under every policy for an
/// infinity; kam::out_of_bounds for a fixed_range value outside its scale; kam::invalid_input for
/// a negative value under vector normalisation. Complexity: O(N K), plus O(N log N) per sampled
/// criterion.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] score_reference<typename Derived::Scalar> fit_reference(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_options& options = {}) {
  constexpr const char* fn = "kam::fit_reference";
  detail::check_shape(x, criteria, fn, true);
  return detail::fit_reference_checked(detail::direct(x), criteria, options, fn);
}

/// Returns the directed, normalised value of every account on every criterion (N x K, aligned
/// with `x`): each column normalised against `reference`, then cost criteria inverted (1 - v).
/// Under missing_policy::impute a missing value is imputed first; under renormalize it stays NaN,
/// the explicit marker of a missing value. Throws as kam::score does.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] matrix_of<typename Derived::Scalar> normalize(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const score_reference<typename Derived::Scalar>& reference, const score_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::normalize";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_values(xd, column_stats<Scalar>::of(xd), criteria, options, fn);
  const auto t = detail::make_transforms(criteria, reference.stats, reference.samples, options, fn);
  matrix_of<Scalar> out(xd.rows(), xd.cols());
  for (Eigen::Index j = 0; j < xd.cols(); ++j) {
    const auto& tj = t.columns[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < xd.rows(); ++i) {
      Scalar v = xd.coeff(i, j);
      if (std::isnan(v) && options.missing == missing_policy::impute) v = tj.impute;
      out(i, j) = std::isnan(v) ? v : tj(v);
    }
  }
  return out;
}

}  // namespace kam

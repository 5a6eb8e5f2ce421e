// Weighted k-means (Lloyd) with greedy k-means++ seeding, restarts and standardisation: the entry
// points kam::kmeans and kam::kmeans_plus_plus. Options and result have headers of their own,
// included here; the engine is in kam/segmentation/detail/.
#pragma once

#include <Eigen/Core>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/random.hpp>
#include <kam/segmentation/detail/kmeans_checks.hpp>
#include <kam/segmentation/detail/kmeans_engine.hpp>
#include <kam/segmentation/detail/kmeans_fit.hpp>
#include <kam/segmentation/kmeans_options.hpp>
#include <kam/segmentation/kmeans_result.hpp>
#include <optional>
#include <type_traits>
#include <vector>

namespace kam {

/// Returns weighted k-means clusters of the accounts in `x` (rows are accounts, columns are
/// features; any number of features, chosen at run time), each account weighted by `weights`
/// (e.g. its revenue, so that large accounts pull centroids harder).
///
/// Each of `options.restarts` runs seeds k centroids by greedy k-means++ (kam::kmeans_plus_plus)
/// from its own random stream, then runs Lloyd's algorithm: assign every account to its nearest
/// centroid (squared Euclidean distance), move every centroid to the weighted mean of its
/// accounts, until no label changes, the centroids move by at most the tolerance, or
/// `max_iterations`. A cluster left without accounts of positive weight is moved onto the
/// account farthest from its centroid (scikit-learn's relocation) and reported. The run with the
/// lowest inertia is kept. Same data, options and seed give the same bits for every thread count.
///
/// Throws kam::empty_input (no accounts or features), kam::out_of_bounds (k < 1, k > accounts or
/// > accounts with positive weight, k > 2^24 in float; restarts, max_iterations, tolerance,
/// local_trials or threads out of range; values so large that squared distances, weighted sums
/// or the inertia would overflow Scalar, naming the feature's farthest row or the weights),
/// kam::non_finite_value (NaN or infinity in features or weights, naming the row),
/// kam::shape_mismatch (one weight per account), kam::invalid_input (a negative weight, naming
/// the row; all weights zero). Complexity: O(N k d) per iteration plus O(N
/// k d log k) seeding, O(N) extra memory; one read of `x` per iteration.
template <typename Derived, typename Weights>
requires real_scalar<typename Derived::Scalar> &&
    std::same_as<typename Derived::Scalar, typename Weights::Scalar>
[[nodiscard]] kmeans_result<typename Derived::Scalar> kmeans(
    const Eigen::MatrixBase<Derived>& x, const Eigen::MatrixBase<Weights>& weights,
    const kmeans_options& options) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::kmeans";
  const auto& xd = detail::evaluated(x);
  const auto ws = detail::check_weights(weights, x.rows(), fn);
  const auto s = detail::prepare_kmeans<Scalar>(xd, options, options.k, ws, fn);
  std::vector<Scalar> copy;
  const Scalar* w = detail::weight_data(weights, copy);
  return detail::fit_kmeans<Scalar>(xd, w, options, options.k, s, nullptr);
}

/// Returns k-means clusters of the accounts in `x`, every account with weight 1. Throws as the
/// weighted overload.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] kmeans_result<typename Derived::Scalar> kmeans(const Eigen::MatrixBase<Derived>& x,
                                                             const kmeans_options& options) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::kmeans";
  const auto& xd = detail::evaluated(x);
  const detail::kmeans_weight_summary ws{x.rows(), static_cast<double>(x.rows())};
  const auto s = detail::prepare_kmeans<Scalar>(xd, options, options.k, ws, fn);
  return detail::fit_kmeans<Scalar>(xd, static_cast<const Scalar*>(nullptr), options, options.k, s,
                                    nullptr);
}

/// Returns weighted k-means clusters from the given initial centroids (k x d, in the units of
/// `x`; e.g. to reproduce another tool's run, or to continue from an earlier result): one Lloyd
/// run, no seeding. k is the number of rows of `initial`; `options.k` and `options.restarts` are
/// not used. Throws as kam::kmeans, and kam::shape_mismatch (centroid columns),
/// kam::non_finite_value (a centroid value, naming the row) and kam::out_of_bounds (a centroid
/// so far from the accounts that squared distances would overflow Scalar, naming the row) for
/// bad centroids.
template <typename Derived, typename Weights, typename Initial>
requires real_scalar<typename Derived::Scalar> &&
    std::same_as<typename Derived::Scalar, typename Weights::Scalar> &&
    std::same_as<typename Derived::Scalar, typename Initial::Scalar>
[[nodiscard]] kmeans_result<typename Derived::Scalar> kmeans(
    const Eigen::MatrixBase<Derived>& x, const Eigen::MatrixBase<Weights>& weights,
    const Eigen::MatrixBase<Initial>& initial, const kmeans_options& options) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::kmeans";
  const auto& xd = detail::evaluated(x);
  const auto ws = detail::check_weights(weights, x.rows(), fn);
  if (initial.rows() == 0) {
    throw empty_input({fn, "initial", std::nullopt}, "no initial centroids (k = 0)");
  }
  if (initial.cols() != x.cols()) {
    throw shape_mismatch({fn, "initial", std::nullopt},
                         detail::cat({"the initial centroids have ", initial.cols(),
                                      " features, the accounts ", x.cols()}));
  }
  const auto s = detail::prepare_kmeans<Scalar>(xd, options, initial.rows(), ws, fn);
  const detail::kmeans_centres c = detail::scaled_initial_centres(initial, s, fn);
  std::vector<Scalar> copy;
  const Scalar* w = detail::weight_data(weights, copy);
  return detail::fit_kmeans<Scalar>(xd, w, options, initial.rows(), s, &c);
}

/// Returns k = options.k initial centroids chosen from the accounts of `x` by greedy k-means++,
/// as scikit-learn's `_kmeans_plusplus` (with sample weights, as scikit-learn >= 1.3): the first
/// centre is an account drawn with probability proportional to its weight; each next one is the
/// best of `local_trials` (default 2 + floor(ln k)) accounts drawn with probability proportional
/// to weight x squared distance to the nearest centre so far, the best being the one that leaves
/// the lowest total weighted squared distance (ties: the earlier draw). Distances are taken in
/// the clustered space (standardised if options.standardize). The random stream is
/// std::mt19937_64 seeded through std::seed_seq with (options.seed, run 0), uniforms from its
/// top 53 bits, so the same seed gives the same rows everywhere (not the rows scikit-learn's
/// random stream gives). An account of zero mass is never drawn. The centroids are rows of `x`,
/// copied exactly. Throws as kam::kmeans.
template <typename Derived, typename Weights>
requires real_scalar<typename Derived::Scalar> &&
    std::same_as<typename Derived::Scalar, typename Weights::Scalar>
[[nodiscard]] matrix_of<typename Derived::Scalar> kmeans_plus_plus(
    const Eigen::MatrixBase<Derived>& x, const Eigen::MatrixBase<Weights>& weights,
    const kmeans_options& options) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::kmeans_plus_plus";
  const auto& xd = detail::evaluated(x);
  const auto ws = detail::check_weights(weights, x.rows(), fn);
  const auto s = detail::prepare_kmeans<Scalar>(xd, options, options.k, ws, fn);
  std::vector<Scalar> copy;
  const Scalar* w = detail::weight_data(weights, copy);
  detail::kmeans_engine<Scalar, std::remove_cvref_t<decltype(xd)>> e(xd, w, s.offset, s.inv,
                                                                     options.k, s.threads);
  auto rng = random_stream(options.seed, 0);
  const auto rows = e.seed(rng, s.trials);
  matrix_of<Scalar> out(options.k, x.cols());
  for (Eigen::Index c = 0; c < options.k; ++c)
    out.row(c) = xd.row(rows[static_cast<std::size_t>(c)]);
  return out;
}

}  // namespace kam

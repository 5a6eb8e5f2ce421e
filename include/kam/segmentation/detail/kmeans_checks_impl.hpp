// Not API. Definitions of kam/segmentation/detail/kmeans_checks.hpp (compiled once in compiled
// mode): the checks of k-means' options and of the range of its sums.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/segmentation/detail/kmeans_checks.hpp>
#include <limits>
#include <optional>
#include <vector>

namespace kam::detail {

KAM_INLINE void check_reach(const std::vector<double>& zx, const std::vector<Eigen::Index>& zrow,
                            const std::vector<double>& zc, const char* fn, const char* field,
                            std::optional<std::ptrdiff_t> row, const kmeans_scalar& scalar) {
  double r2 = 0;
  std::size_t worst = 0;
  for (std::size_t j = 0; j < zx.size(); ++j) {
    const double reach = zx[j] + zc[j];
    r2 += reach * reach;
    if (zx[j] + zc[j] > zx[worst] + zc[worst]) worst = j;
  }
  if (r2 < scalar.limit) return;
  if (!row) row = zrow[worst];
  throw out_of_bounds(
      {fn, field, row},
      detail::cat(
          {"column ", worst, " is ", zx[worst],
           std::string_view(" from its mean (in the clustered space): squared distances up to "),
           r2, " would overflow ", scalar.name, "; rescale the features (or standardize)",
           scalar.single ? ", or use double" : ""}));
}

KAM_INLINE void check_kmeans_options(const kmeans_options& o, Eigen::Index k, Eigen::Index rows,
                                     Eigen::Index positive, const kmeans_scalar& scalar,
                                     const char* fn) {
  if (k < 1 || k > rows) {
    throw out_of_bounds(
        {fn, "k", std::nullopt},
        detail::cat({"k = ", k, " must be between 1 and the number of accounts (", rows, ")"}));
  }
  // The distance kernel carries cluster numbers in Scalar lanes: exact up to 2^24 in float.
  if (scalar.single && k > (Eigen::Index{1} << 24)) {
    throw out_of_bounds(
        {fn, "k", std::nullopt},
        detail::cat({"k = ", k, " exceeds 2^24, the most clusters float supports"}));
  }
  if (k > positive) {
    throw out_of_bounds({fn, "k", std::nullopt}, detail::cat({"k = ", k, " exceeds the ", positive,
                                                              " accounts with a positive weight"}));
  }
  if (o.restarts < 1) {
    throw out_of_bounds({fn, "restarts", std::nullopt},
                        detail::cat({"restarts = ", o.restarts, "; at least 1 run is needed"}));
  }
  if (o.restarts > kmeans_max_restarts) {
    throw out_of_bounds({fn, "restarts", std::nullopt},
                        detail::cat({"restarts = ", o.restarts,
                                     "; at most kmeans_max_restarts = ", kmeans_max_restarts}));
  }
  if (o.max_iterations < 1 || o.max_iterations > kmeans_max_iterations) {
    throw out_of_bounds({fn, "max_iterations", std::nullopt},
                        detail::cat({"max_iterations = ", o.max_iterations, "; must be in 1..",
                                     kmeans_max_iterations, " (kmeans_max_iterations)"}));
  }
  if (!(o.tolerance >= 0) || !std::isfinite(o.tolerance)) {
    throw out_of_bounds({fn, "tolerance", std::nullopt},
                        detail::cat({"tolerance = ", o.tolerance, "; must be finite and >= 0"}));
  }
  if (o.local_trials < 0 || o.local_trials > kmeans_max_local_trials) {
    throw out_of_bounds({fn, "local_trials", std::nullopt},
                        detail::cat({"local_trials = ", o.local_trials, "; must be in 0..",
                                     kmeans_max_local_trials, " (kmeans_max_local_trials)"}));
  }
}

KAM_INLINE void check_weighted_reach(double total_weight, const std::vector<double>& reach,
                                     const kmeans_scalar& scalar, const char* fn) {
  const double far = std::max(1.0, *std::max_element(reach.begin(), reach.end()));
  double r2 = 0;
  for (const double r : reach) r2 += 4 * r * r;
  constexpr double double_limit = std::numeric_limits<double>::max() / 16;
  if (!(total_weight * far < scalar.limit) || !(total_weight * r2 < double_limit)) {
    throw out_of_bounds(
        {fn, "weights", std::nullopt},
        detail::cat({"the total weight ", total_weight, " times feature values up to ", far,
                     " (in the clustered space) would overflow ", scalar.name,
                     " in the cluster sums; rescale the weights"}));
  }
}

}  // namespace kam::detail

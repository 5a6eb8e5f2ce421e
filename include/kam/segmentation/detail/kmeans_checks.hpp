// Not API. What k-means checks at its entry points (features, weights, options, initial and
// fitted centroids, the range of squared distances) and the clustered space it then sets up.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <kam/segmentation/detail/kmeans_engine.hpp>
#include <kam/segmentation/kmeans_options.hpp>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kam::detail {

/// Returns `x` itself when its coefficients can be read in place (a matrix, a map, a block),
/// else the expression evaluated into a plain matrix.
template <typename Derived>
decltype(auto) evaluated(const Eigen::MatrixBase<Derived>& x) {
  if constexpr (static_cast<bool>(Derived::Flags & Eigen::DirectAccessBit)) {
    return (x.derived());
  } else {
    return matrix_of<typename Derived::Scalar>(x);
  }
}

/// Returns the weights as a contiguous array: the caller's own storage when it is one, else a
/// copy in `copy`.
template <typename Scalar, typename W>
const Scalar* weight_data(const Eigen::MatrixBase<W>& w, std::vector<Scalar>& copy) {
  if constexpr (static_cast<bool>(W::Flags & Eigen::DirectAccessBit) &&
                W::InnerStrideAtCompileTime == 1) {
    return w.derived().data();
  } else {
    copy.resize(static_cast<std::size_t>(w.size()));
    for (Eigen::Index i = 0; i < w.size(); ++i) copy[static_cast<std::size_t>(i)] = w.coeff(i);
    return copy.data();
  }
}

/// What the range checks need to know of the scalar type k-means computes in.
struct kmeans_scalar {
  const char* name;  ///< "float" or "double", for messages
  /// The largest magnitude kam lets a squared distance or a weighted sum reach: a sixteenth of
  /// the largest finite value, a margin for rounding and for the expanded distance.
  double limit;
  bool single;  ///< float: messages suggest double
};

/// Returns kmeans_scalar for Scalar.
template <typename Scalar>
constexpr kmeans_scalar kmeans_scalar_of() {
  return {scalar_name<Scalar>(), static_cast<double>(std::numeric_limits<Scalar>::max()) / 16,
          std::is_same_v<Scalar, float>};
}

/// Per-feature statistics of the input (unweighted, ddof 0), from the validating pass, and how
/// far the values reach from the mean (or a given centre): max_dev[j] = max_i |x_ij - mean_j|,
/// reached first at row max_row[j].
struct kmeans_feature_stats {
  std::vector<double> mean;           ///< per feature
  std::vector<double> var;            ///< per feature, ddof 0
  std::vector<double> max_dev;        ///< per feature: the farthest reach
  std::vector<Eigen::Index> max_row;  ///< per feature: the row that reaches it
};

/// Checks that every value is finite (naming the row and column otherwise) and returns the
/// per-feature mean, variance and reach from the mean, two passes in double.
template <typename X>
kmeans_feature_stats check_and_describe(const X& x, const char* fn) {
  kmeans_feature_stats s;
  const Eigen::Index n = x.rows();
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto v = static_cast<double>(x.coeff(i, j));
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "features", i},
                               detail::cat({"column ", j, " is ", v, "; features must be finite"}));
      }
      sum += v;
    }
    const double mean = sum / static_cast<double>(n);
    double m2 = 0;
    double reach = 0;
    Eigen::Index row = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double dv = static_cast<double>(x.coeff(i, j)) - mean;
      m2 += dv * dv;
      if (!(std::abs(dv) <= reach)) {  // also catches an overflowed (infinite) mean
        reach = std::abs(dv);
        row = i;
      }
    }
    s.mean.push_back(mean);
    s.var.push_back(m2 / static_cast<double>(n));
    s.max_dev.push_back(reach);
    s.max_row.push_back(row);
  }
  return s;
}

/// Checks that every value is finite (naming the row and column otherwise) and returns, in
/// max_dev and max_row, how far the values reach from `centre` (one pass; no mean or variance).
template <typename X>
kmeans_feature_stats check_and_reach(const X& x, const char* fn,
                                     const std::vector<double>& centre) {
  kmeans_feature_stats s;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double from = centre[static_cast<std::size_t>(j)];
    double reach = 0;
    Eigen::Index row = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const auto v = static_cast<double>(x.coeff(i, j));
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "features", i},
                               detail::cat({"column ", j, " is ", v, "; features must be finite"}));
      }
      if (std::abs(v - from) > reach) {
        reach = std::abs(v - from);
        row = i;
      }
    }
    s.max_dev.push_back(reach);
    s.max_row.push_back(row);
  }
  return s;
}

/// Throws kam::out_of_bounds unless squared distances between accounts that reach up to
/// `zx[j]` from the feature mean (in the clustered space; the farthest in row `zrow[j]`) and
/// centroids that reach up to `zc[j]` stay well inside the scalar's range (beyond it the distance
/// kernel would compare infinities, and the labels and centroids would be garbage or NaN).
void check_reach(const std::vector<double>& zx, const std::vector<Eigen::Index>& zrow,
                 const std::vector<double>& zc, const char* fn, const char* field,
                 std::optional<std::ptrdiff_t> row, const kmeans_scalar& scalar);

/// What check_weights learns about the sample weights.
struct kmeans_weight_summary {
  Eigen::Index positive = 0;  ///< accounts with a positive weight
  double total = 0;           ///< the sum of the weights
};

/// Checks the sample weights: one per account, finite, non-negative, positive sum; returns the
/// number of accounts with a positive weight and the total.
template <typename W>
kmeans_weight_summary check_weights(const W& w, Eigen::Index n, const char* fn) {
  if ((w.rows() != 1 && w.cols() != 1) || w.size() != n) {
    throw shape_mismatch(
        {fn, "weights", std::nullopt},
        detail::cat({"expects one weight per account (", n, "), got ", w.rows(), " x ", w.cols()}));
  }
  Eigen::Index positive = 0;
  double sum = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto v = static_cast<double>(w.coeff(i));
    if (!std::isfinite(v)) {
      throw non_finite_value({fn, "weights", i}, detail::cat({"weight is ", v}));
    }
    if (v < 0) throw invalid_input({fn, "weights", i}, detail::cat({"weight ", v, " is negative"}));
    positive += v > 0 ? 1 : 0;
    sum += v;
  }
  if (!(sum > 0)) {
    throw invalid_input({fn, "weights", std::nullopt},
                        "all weights are zero; at least one account must have a positive weight");
  }
  if (!std::isfinite(sum)) {
    throw invalid_input({fn, "weights", std::nullopt}, "the weights overflow when summed");
  }
  return {positive, sum};
}

/// Checks k (against the `rows` accounts, the `positive` ones and, in float, 2^24) and the other
/// options of kam::kmeans (restarts, max_iterations, tolerance, local_trials).
void check_kmeans_options(const kmeans_options& o, Eigen::Index k, Eigen::Index rows,
                          Eigen::Index positive, const kmeans_scalar& scalar, const char* fn);

/// Throws kam::out_of_bounds (naming the weights) if `total_weight` times the accounts' reach
/// (per feature, in the clustered space) could overflow the cluster sums or the k-means++
/// potentials.
void check_weighted_reach(double total_weight, const std::vector<double>& reach,
                          const kmeans_scalar& scalar, const char* fn);

/// The validated setup shared by the entry points: clustered space, thread count, trials.
template <typename Scalar>
struct kmeans_setup {
  std::vector<Scalar> offset, inv, scale;  ///< per feature: z = (x - offset) * inv, scale = 1/inv
  std::vector<double> reach;               ///< per feature: max |z| of the accounts
  std::vector<Eigen::Index> reach_row;     ///< per feature: the account that reaches it
  double total_weight = 0;                 ///< the sum of the weights
  double tolerance = 0;                    ///< the tolerance on squared centroid moves
  unsigned threads = 1;                    ///< as kam::resolve_threads returned it
  Eigen::Index trials = 1;                 ///< k-means++ candidates per centre
};

/// Checks the features and options and returns the setup for k clusters of the accounts of `x`.
template <typename Scalar, typename X>
kmeans_setup<Scalar> prepare_kmeans(const X& x, const kmeans_options& o, Eigen::Index k,
                                    const kmeans_weight_summary& weights, const char* fn) {
  if (x.rows() == 0) throw empty_input({fn, "features", std::nullopt}, "no accounts");
  if (x.cols() == 0) throw empty_input({fn, "features", std::nullopt}, "no features");
  constexpr kmeans_scalar scalar = kmeans_scalar_of<Scalar>();
  check_kmeans_options(o, k, x.rows(), weights.positive, scalar, fn);
  const auto stats = check_and_describe(x, fn);
  kmeans_setup<Scalar> s;
  double mean_var = 0;
  constexpr std::string_view overflow =
      " from its mean: its variance overflows double; rescale the feature";
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto js = static_cast<std::size_t>(j);
    if (!std::isfinite(stats.var[js])) {
      throw out_of_bounds({fn, "features", stats.max_row[js]},
                          detail::cat({"column ", j, " is ", stats.max_dev[js], overflow}));
    }
    const double sd = std::sqrt(stats.var[js]);
    const double scale = o.standardize && sd > 0 ? sd : 1.0;
    s.offset.push_back(static_cast<Scalar>(stats.mean[js]));
    s.scale.push_back(static_cast<Scalar>(scale));
    s.inv.push_back(Scalar(1) / s.scale.back());
    const auto inv = static_cast<double>(s.inv.back());
    mean_var += stats.var[js] * inv * inv;
    s.reach.push_back(stats.max_dev[js] * inv);
    s.reach_row.push_back(stats.max_row[js]);
  }
  // Centroids stay inside the accounts' hull (means, or accounts after seeding and relocation),
  // so no squared distance exceeds sum_j (2 reach_j)^2; the weighted sums of z stay below
  // total weight x max reach; the k-means++ potentials (in double) below total weight x that.
  s.total_weight = weights.total;
  check_reach(s.reach, s.reach_row, s.reach, fn, "features", std::nullopt, scalar);
  check_weighted_reach(s.total_weight, s.reach, scalar, fn);
  s.tolerance = o.tolerance * mean_var / static_cast<double>(x.cols());
  s.threads = resolve_threads(o.threads, fn);
  s.trials = o.local_trials > 0 ? o.local_trials
                                : 2 + static_cast<Eigen::Index>(std::log(static_cast<double>(k)));
  return s;
}

/// Returns the initial centroids (k x d, in the units of the accounts) in the clustered space of
/// `s`, checking that they are finite and that their distances to the accounts fit the scalar.
template <typename Scalar, typename Initial>
kmeans_centres scaled_initial_centres(const Initial& initial, const kmeans_setup<Scalar>& s,
                                      const char* fn) {
  kmeans_centres c(initial.rows(), initial.cols());
  for (Eigen::Index i = 0; i < initial.rows(); ++i) {
    for (Eigen::Index j = 0; j < initial.cols(); ++j) {
      const Scalar v = initial.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "initial", i},
                               detail::cat({"column ", j, " of the centroid is ", v}));
      }
      const auto js = static_cast<std::size_t>(j);
      c(i, j) = static_cast<double>((v - s.offset[js]) * s.inv[js]);
    }
  }
  // Initial centroids may lie outside the accounts' hull: their distances must fit too.
  for (Eigen::Index i = 0; i < c.rows(); ++i) {
    std::vector<double> ci(static_cast<std::size_t>(c.cols()));
    for (Eigen::Index j = 0; j < c.cols(); ++j) ci[static_cast<std::size_t>(j)] = std::abs(c(i, j));
    check_reach(s.reach, s.reach_row, ci, fn, "initial", i, kmeans_scalar_of<Scalar>());
  }
  return c;
}

/// Checks the members of a k-means result that predict uses (built by hand or read back from
/// configuration): k x d scaled centroids, d offsets and d scales, all finite, scales positive.
/// Returns, per feature, the largest |scaled centroid|.
template <typename Scalar>
std::vector<double> check_fitted_centroids(const matrix_of<Scalar>& scaled_centroids,
                                           const vector_of<Scalar>& feature_offset,
                                           const vector_of<Scalar>& feature_scale, Eigen::Index k,
                                           Eigen::Index d, const char* fn) {
  if (scaled_centroids.rows() != k || scaled_centroids.cols() != d || feature_offset.size() != d ||
      feature_scale.size() != d) {
    throw invalid_input({fn, "scaled_centroids", std::nullopt},
                        detail::cat({"expects ", k, " x ", d, " scaled centroids and ", d,
                                     " feature offsets and scales, got ", scaled_centroids.rows(),
                                     " x ", scaled_centroids.cols(), ", ", feature_offset.size(),
                                     " and ", feature_scale.size()}));
  }
  std::vector<double> reach(static_cast<std::size_t>(d), 0.0);
  for (Eigen::Index j = 0; j < d; ++j) {
    const Scalar o = feature_offset(j);
    const Scalar sc = feature_scale(j);
    if (!std::isfinite(o)) {
      throw invalid_input({fn, "feature_offset", std::nullopt},
                          detail::cat({"feature ", j, ": offset ", o, " is not finite"}));
    }
    if (!(std::isfinite(sc) && sc > 0)) {
      throw invalid_input(
          {fn, "feature_scale", std::nullopt},
          detail::cat({"feature ", j, ": scale ", sc, " is not a finite positive number"}));
    }
    for (Eigen::Index c = 0; c < k; ++c) {
      const Scalar v = scaled_centroids(c, j);
      if (!std::isfinite(v)) {
        throw invalid_input({fn, "scaled_centroids", c},
                            detail::cat({"feature ", j, " of the centroid is ", v}));
      }
      reach[static_cast<std::size_t>(j)] =
          std::max(reach[static_cast<std::size_t>(j)], std::abs(static_cast<double>(v)));
    }
  }
  return reach;
}

}  // namespace kam::detail

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/segmentation/detail/kmeans_checks_impl.hpp>
#endif

// Normalisation: the reference portfolio's statistics, and the mapping of raw values onto [0, 1].
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/options.hpp>
#include <limits>
#include <string>
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
                           detail::cat("cannot merge a reference of ", other.cols(),
                                       " criteria into one of ", cols()));
    }
    for (std::size_t j = 0; j < samples.size(); ++j) {
      const auto col = static_cast<Eigen::Index>(j);
      const bool mine = samples[j].size() == static_cast<std::size_t>(stats.count(col));
      const bool theirs =
          other.samples[j].size() == static_cast<std::size_t>(other.stats.count(col));
      // A side without finite values has an empty sample either way: it fits both kinds.
      if (mine != theirs && stats.count(col) > 0 && other.stats.count(col) > 0) {
        throw shape_mismatch(
            {"kam::score_reference::merge", detail::cat("criterion ", j), std::nullopt},
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
template <typename = void>
[[nodiscard]] bool needs_sample(const criterion& c, const score_options& options) noexcept {
  return c.normalization == normalization::percentile_rank ||
         (options.missing == missing_policy::impute && options.impute == imputation::median);
}

namespace detail {

/// Throws the error for the first value of column `j` (in row order) that `bad` accepts.
template <typename Derived, typename Pred, typename Throw>
void find_and_throw(const Eigen::MatrixBase<Derived>& x, Eigen::Index j, Pred bad, Throw raise) {
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    if (bad(x.coeff(i, j))) raise(i, x.coeff(i, j));
  }
}

/// Returns whether a value `v` of criterion `c` is outside what its normalisation accepts under
/// every missing-value policy: outside a fixed_range scale, or negative under vector. NaN is not.
/// The bounds are compared in the values' precision: 0.3f is on the scale [0, 0.3], although the
/// float nearest 0.3 is a little above the double nearest it.
template <typename Scalar>
bool outside_domain(const criterion& c, Scalar v) {
  switch (c.normalization) {
    case normalization::fixed_range:
      return v < static_cast<Scalar>(c.low) || v > static_cast<Scalar>(c.high);
    case normalization::vector:
      return v < Scalar(0);
    default:
      return false;
  }
}

/// Throws for the first value of column `j` (in row order) that `outside_domain` rejects.
template <typename Derived>
void check_domain(const Eigen::MatrixBase<Derived>& x, Eigen::Index j, const criterion& c,
                  const char* fn) {
  using Scalar = typename Derived::Scalar;
  if (c.normalization != normalization::fixed_range && c.normalization != normalization::vector)
    return;
  find_and_throw(
      x, j, [&](Scalar v) { return outside_domain(c, v); },
      [&](Eigen::Index i, Scalar v) {
        if (c.normalization == normalization::fixed_range) {
          throw out_of_bounds({fn, c.name, i}, detail::cat("value ", v, " is outside the scale [",
                                                           c.low, ", ", c.high, "]"));
        }
        throw invalid_input(
            {fn, c.name, i},
            detail::cat("value ", v, " is negative; vector normalisation needs values >= 0"));
      });
}

/// Checks the values of `x` that no policy accepts, plus NaN under `reject`, using the column
/// statistics of `x` to skip the columns that are known to be clean.
template <typename Derived, typename Scalar>
void check_values(const Eigen::MatrixBase<Derived>& x, const column_stats<Scalar>& s,
                  const criteria_set& criteria, const score_options& options, const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const criterion& c = criteria[j];
    if (s.non_finite(j) > 0) {
      const bool reject = options.missing == missing_policy::reject;
      find_and_throw(
          x, j, [&](Scalar v) { return reject ? !std::isfinite(v) : std::isinf(v); },
          [&](Eigen::Index i, Scalar v) {
            throw non_finite_value(
                {fn, c.name, i},
                std::isnan(v)
                    ? "value is NaN (missing) and missing_policy is reject"
                    : detail::cat("value is ", v, "; infinity is never a valid criterion value"));
          });
    }
    // The finite values lie in [min, max]: only a column whose extremes fail needs a scan.
    if (s.count(j) > 0 && (outside_domain(c, s.min(j)) || outside_domain(c, s.max(j))))
      check_domain(x, j, c, fn);
  }
}

/// Checks, for scoring against a given reference, the values no policy accepts that only a scan
/// finds: fixed_range values outside their scale and negative values under vector normalisation.
/// (Non-finite values are caught by the scoring kernel itself, at no extra pass.)
template <typename Derived>
void check_bounds(const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
                  const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) check_domain(x, j, criteria[j], fn);
}

/// How one criterion's raw value becomes its directed, normalised value on [0, 1].
template <typename Scalar>
struct column_transform {
  enum class kind { linear, normal_cdf, percentile };
  kind k = kind::linear;
  bool invert = false;  ///< cost criterion: v -> 1 - v after normalising
  Scalar origin = 0;    ///< linear: (x - origin) * scale + offset, clamped; normal_cdf: the mean
  Scalar scale = 0;     ///< linear: 1 / range; normal_cdf: 1 / sd
  Scalar offset = 0;    ///< 0.5 for a constant column (with scale 0), else 0
  const Scalar* sorted = nullptr;  ///< percentile: the sorted reference values
  Eigen::Index n = 0;              ///< percentile: how many
  Scalar impute = 0;               ///< the value that replaces NaN under missing_policy::impute
  Scalar weight = 0;               ///< the normalised weight

  /// Returns the normalised value before inversion.
  [[nodiscard]] Scalar normalized(Scalar x) const {
    switch (k) {
      case kind::linear:
        return clamp01((x - origin) * scale + offset);
      case kind::normal_cdf:
        // Phi(z) = erfc(-z / sqrt 2) / 2.
        return Scalar(0.5) * std::erfc(-((x - origin) * scale) * Scalar(0.70710678118654752440));
      case kind::percentile:
        return percentile(x);
    }
    return x;
  }
  /// Returns the directed, normalised value (cost criteria inverted).
  [[nodiscard]] Scalar operator()(Scalar x) const {
    const Scalar v = normalized(x);
    return invert ? Scalar(1) - v : v;
  }

  [[nodiscard]] static Scalar clamp01(Scalar v) {
    // Written so that NaN passes through (it marks a missing or invalid value upstream).
    v = v < Scalar(0) ? Scalar(0) : v;
    return v > Scalar(1) ? Scalar(1) : v;
  }
  [[nodiscard]] Scalar percentile(Scalar x) const {
    const auto below = std::lower_bound(sorted, sorted + n, x) - sorted;
    const auto at_or_below = std::upper_bound(sorted, sorted + n, x) - sorted;
    return clamp01(static_cast<Scalar>(below + at_or_below - 1) / static_cast<Scalar>(2 * (n - 1)));
  }
};

/// The transforms of every criterion, and which criteria are constant in the reference.
template <typename Scalar>
struct transforms {
  std::vector<column_transform<Scalar>> columns;
  std::vector<Eigen::Index> constant;
};

/// Throws unless `scale` (and `origin`) of a non-constant criterion are finite and the scale is
/// positive: a range, norm or standard deviation that overflows `Scalar` gives a scale of 0 (the
/// criterion would silently count the same for everyone), one that underflows an infinite scale
/// (0 * inf = NaN). `quantity` names what was inverted.
template <typename Scalar>
void check_scale(Scalar origin, Scalar scale, const char* quantity, const criterion& c, Scalar lo,
                 Scalar hi, const char* fn) {
  if (std::isfinite(origin) && std::isfinite(scale) && scale > Scalar(0)) return;
  throw invalid_input({fn, c.name, std::nullopt},
                      detail::cat(quantity, " of this criterion overflows or underflows ",
                                  scalar_name<Scalar>(), " (values from ", lo, " to ", hi,
                                  "), so it cannot be normalised; rescale the values (e.g. to "
                                  "thousands) or compute in double"));
}

/// Builds the per-criterion transforms from the reference; validates that the reference fits the
/// criteria and the options, and that each transform can be computed in `Scalar`.
template <typename Scalar>
transforms<Scalar> make_transforms(const criteria_set& criteria, const score_reference<Scalar>& ref,
                                   const score_options& options, const char* fn) {
  if (ref.cols() != criteria.size() || ref.samples.size() != static_cast<std::size_t>(ref.cols())) {
    throw shape_mismatch({fn, "reference", std::nullopt},
                         detail::cat("the reference describes ", ref.cols(),
                                     " criteria, the set has ", criteria.size()));
  }
  if (!is_enumerator(options.missing) || !is_enumerator(options.impute) ||
      !is_enumerator(options.scale)) {
    throw invalid_input({fn, "options", std::nullopt}, "an option is not one of its enumerators");
  }
  transforms<Scalar> out;
  out.columns.resize(static_cast<std::size_t>(criteria.size()));
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    const criterion& c = criteria[j];
    const auto& s = ref.stats;
    auto& t = out.columns[static_cast<std::size_t>(j)];
    t.invert = c.direction == direction::cost;
    t.weight = static_cast<Scalar>(criteria.weights()(j));
    if (s.count(j) == 0) {
      throw empty_input({fn, c.name, std::nullopt},
                        "the reference has no finite value for this criterion");
    }
    const auto& sample = ref.samples[static_cast<std::size_t>(j)];
    if (needs_sample(c, options) && sample.size() != static_cast<std::size_t>(s.count(j))) {
      throw invalid_input({fn, c.name, std::nullopt},
                          "the reference keeps no sorted values for this criterion; fit it with "
                          "the same criteria and options you score with");
    }
    const bool constant = !(s.max(j) > s.min(j));
    switch (c.normalization) {
      case normalization::fixed_range:
        t.origin = static_cast<Scalar>(c.low);
        t.scale = static_cast<Scalar>(1.0 / (c.high - c.low));
        if (!(static_cast<Scalar>(c.high) > t.origin)) t.scale = Scalar(0);  // collapsed in Scalar
        check_scale(t.origin, t.scale, "the scale's range", c, t.origin,
                    static_cast<Scalar>(c.high), fn);
        break;
      case normalization::min_max:
        t.origin = s.min(j);
        t.scale = constant ? Scalar(0) : Scalar(1) / (s.max(j) - s.min(j));
        if (!constant) check_scale(t.origin, t.scale, "the range", c, s.min(j), s.max(j), fn);
        break;
      case normalization::vector:
        t.scale = constant ? Scalar(0) : Scalar(1) / std::sqrt(s.sum_of_squares(j));
        if (!constant) {
          check_scale(t.origin, t.scale, "the norm sqrt(sum of x^2)", c, s.min(j), s.max(j), fn);
        }
        break;
      case normalization::z_score:
        if (!constant) {
          t.k = column_transform<Scalar>::kind::normal_cdf;
          t.origin = s.mean(j);
          t.scale = Scalar(1) / std::sqrt(s.m2(j) / static_cast<Scalar>(s.count(j)));
          check_scale(t.origin, t.scale, "the standard deviation", c, s.min(j), s.max(j), fn);
        }
        break;
      case normalization::percentile_rank:
        if (!constant) {
          t.k = column_transform<Scalar>::kind::percentile;
          t.sorted = sample.data();
          t.n = static_cast<Eigen::Index>(sample.size());
        }
        break;
    }
    if (constant && c.normalization != normalization::fixed_range) {
      t.k = column_transform<Scalar>::kind::linear;
      t.origin = 0;
      t.scale = 0;
      t.offset = Scalar(0.5);
      out.constant.push_back(j);
    }
    switch (options.impute) {
      case imputation::mean:
        t.impute = s.mean(j);
        break;
      case imputation::median: {
        const auto n = sample.size();
        t.impute = n == 0
                       ? s.mean(j)
                       : (n % 2 == 1 ? sample[n / 2] : sample[n / 2 - 1] / 2 + sample[n / 2] / 2);
        break;
      }
      case imputation::worst:
        t.impute = t.invert ? s.max(j) : s.min(j);
        break;
    }
  }
  return out;
}

/// Returns `x` as a plain matrix when it is an expression without direct access, else a
/// reference to it (no copy).
template <typename Derived>
decltype(auto) direct(const Eigen::MatrixBase<Derived>& x) {
  if constexpr (Eigen::internal::traits<Derived>::Flags & Eigen::DirectAccessBit) {
    return (x.derived());
  } else {
    return matrix_of<typename Derived::Scalar>(x);
  }
}

template <typename Derived>
void check_shape(const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria, const char* fn,
                 bool allow_empty) {
  if (x.cols() != criteria.size()) {
    throw shape_mismatch({fn, "columns", std::nullopt},
                         detail::cat("the matrix has ", x.cols(), " columns for ", criteria.size(),
                                     " criteria (", detail::quoted_list(criteria.names()), ")"));
  }
  if (!allow_empty && x.rows() == 0) {
    throw empty_input({fn, "accounts", std::nullopt}, "no accounts (the matrix has no rows)");
  }
}

}  // namespace detail

namespace detail {
template <typename X>
score_reference<typename X::Scalar> fit_reference_checked(const X& xd, const criteria_set& criteria,
                                                          const score_options& options,
                                                          const char* fn);
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

namespace detail {
template <typename X>
score_reference<typename X::Scalar> fit_reference_checked(const X& xd, const criteria_set& criteria,
                                                          const score_options& options,
                                                          const char* fn) {
  using Scalar = typename X::Scalar;
  score_reference<Scalar> ref;
  ref.stats = column_stats<Scalar>::of(xd, options.threads);
  detail::check_values(xd, ref.stats, criteria, options, fn);
  ref.samples.resize(static_cast<std::size_t>(criteria.size()));
  for (Eigen::Index j = 0; j < criteria.size(); ++j) {
    if (!needs_sample(criteria[j], options)) continue;
    auto& sample = ref.samples[static_cast<std::size_t>(j)];
    sample.reserve(static_cast<std::size_t>(ref.stats.count(j)));
    for (Eigen::Index i = 0; i < xd.rows(); ++i)
      if (std::isfinite(xd.coeff(i, j))) sample.push_back(xd.coeff(i, j));
    std::sort(sample.begin(), sample.end());
  }
  return ref;
}
}  // namespace detail

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
  const auto t = detail::make_transforms(criteria, reference, options, fn);
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

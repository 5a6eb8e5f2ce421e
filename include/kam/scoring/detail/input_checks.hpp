// Not API. The checks every weighted-sum entry point makes on its accounts x criteria matrix:
// its shape, and the values no missing-value policy accepts.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/options.hpp>
#include <optional>

namespace kam::detail {

/// Throws kam::shape_mismatch unless a rows x cols matrix has one column per criterion, and
/// kam::empty_input for no rows unless `allow_empty`; errors name `fn`.
void check_shape(Eigen::Index rows, Eigen::Index cols, const criteria_set& criteria, const char* fn,
                 bool allow_empty);

/// Checks the shape of `x` as check_shape(rows, cols, ...) does.
template <typename Derived>
void check_shape(const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria, const char* fn,
                 bool allow_empty) {
  check_shape(x.rows(), x.cols(), criteria, fn, allow_empty);
}

/// Returns `x` as a plain matrix when it is an expression without direct access, else a
/// reference to it (no copy).
template <typename Derived>
decltype(auto) direct(const Eigen::MatrixBase<Derived>& x) {
  if constexpr (static_cast<bool>(Derived::Flags & Eigen::DirectAccessBit)) {
    return (x.derived());
  } else {
    return matrix_of<typename Derived::Scalar>(x);
  }
}

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
          throw out_of_bounds({fn, c.name, i}, detail::cat({"value ", v, " is outside the scale [",
                                                            c.low, ", ", c.high, "]"}));
        }
        throw invalid_input(
            {fn, c.name, i},
            detail::cat({"value ", v, " is negative; vector normalisation needs values >= 0"}));
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
                    : detail::cat({"value is ", v, "; infinity is never a valid criterion value"}));
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

}  // namespace kam::detail

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/scoring/detail/input_checks_impl.hpp>
#endif

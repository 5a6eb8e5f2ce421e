// Not API. The checks the weighted product and TOPSIS share: finite values, values within the
// reference's range, a reference that fits the criteria.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <optional>
#include <string>

namespace kam::detail {

/// Rows per block of the weighted-product and TOPSIS kernels.
inline constexpr Eigen::Index method_block_rows = 256;

/// Throws for the first value of `x` in row `i` (criteria order) that `bad` accepts.
template <typename X, typename Pred, typename Raise>
void find_in_row(const X& x, Eigen::Index i, Pred bad, Raise raise) {
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    if (bad(j, x.coeff(i, j))) raise(j, x.coeff(i, j));
}

/// Throws the error of TOPSIS and the weighted product for a NaN or infinite value `v`.
template <typename Scalar>
[[noreturn]] void throw_non_finite(const char* fn, const std::string& criterion, Eigen::Index row,
                                   Scalar v) {
  throw non_finite_value(
      {fn, criterion, row},
      detail::cat({"value is ", v,
                   "; this method has no missing-value policy (NaN and infinity are errors)"}));
}

/// Throws if a column of rows [first, first + rows) of `x` has a value outside the reference's
/// [min, max] (NaN is caught elsewhere): one vectorised min and max per column, then a search for
/// the row only when the block fails.
template <typename X, typename Scalar>
void check_in_reference(const X& x, const column_stats<Scalar>& ref, const criteria_set& criteria,
                        Eigen::Index first, Eigen::Index rows, const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto block = x.col(j).segment(first, rows);
    if (!(block.minCoeff() < ref.min(j) || block.maxCoeff() > ref.max(j))) continue;
    for (Eigen::Index i = first; i < first + rows; ++i) {
      const Scalar v = x.coeff(i, j);
      if (v < ref.min(j) || v > ref.max(j)) {
        throw out_of_bounds(
            {fn, criteria[j].name, i},
            detail::cat({"value ", v, " is outside the reference's [", ref.min(j), ", ", ref.max(j),
                         "]; fit the reference on every account you score"}));
      }
    }
  }
}

/// Returns whether the values col[j][offset .. offset + rows) of every column j are within the
/// reference's [min, max] of column j (NaN is caught elsewhere): contiguous minima and maxima,
/// also for row-major input copied into column blocks. check_in_reference then finds the row.
template <typename Scalar>
bool columns_within(const Scalar* const* col, Eigen::Index offset, Eigen::Index rows,
                    const column_stats<Scalar>& ref) {
  for (Eigen::Index j = 0; j < ref.cols(); ++j) {
    const Eigen::Map<const Eigen::Array<Scalar, Eigen::Dynamic, 1>> a(col[j] + offset, rows);
    if (a.minCoeff() < ref.min(j) || a.maxCoeff() > ref.max(j)) return false;
  }
  return true;
}

/// Throws unless the column statistics `ref` describe the criteria, with at least one finite
/// value per criterion.
template <typename Scalar>
void check_method_reference(const column_stats<Scalar>& ref, const criteria_set& criteria,
                            const char* fn) {
  if (ref.cols() != criteria.size()) {
    throw shape_mismatch({fn, "reference", std::nullopt},
                         detail::cat({"the reference describes ", ref.cols(),
                                      " criteria, the set has ", criteria.size()}));
  }
  for (Eigen::Index j = 0; j < ref.cols(); ++j) {
    if (ref.count(j) == 0) {
      throw empty_input({fn, criteria[j].name, std::nullopt},
                        "the reference has no finite value for this criterion");
    }
  }
}

/// Throws for the first non-finite value of `x`, in row order, when the statistics saw one.
template <typename X, typename Scalar>
void check_finite_values(const X& x, const column_stats<Scalar>& s, const criteria_set& criteria,
                         const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (s.non_finite(j) == 0) continue;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar v = x.coeff(i, j);
      if (!std::isfinite(v)) {
        throw_non_finite(fn, criteria[j].name, i, v);
      }
    }
  }
}

}  // namespace kam::detail

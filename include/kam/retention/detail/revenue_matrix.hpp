// Not API. An accounts x periods revenue matrix: its checks, and the blocks of accounts that
// movements, revenue_retention and cohorts walk it in.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <kam/core/error.hpp>
#include <optional>
#include <type_traits>

namespace kam::detail {

/// Checks the shape of an account x period revenue matrix: at least one account and
/// `min_periods` periods.
template <typename Derived>
void check_revenue_shape(const Eigen::MatrixBase<Derived>& r, Eigen::Index min_periods,
                         const char* fn) {
  if (r.rows() == 0) throw empty_input({fn, "revenue", std::nullopt}, "no accounts");
  if (r.cols() < min_periods) {
    throw shape_mismatch(
        {fn, "revenue", std::nullopt},
        detail::cat({"needs at least ", min_periods, " periods (columns), got ", r.cols()}));
  }
}

/// Checks rows [first, first + rows) of a revenue matrix: every value finite and >= 0. Throws
/// naming the account (row) and the period of the first bad value in period order.
template <typename Derived>
void check_revenue_rows(const Eigen::MatrixBase<Derived>& r, Eigen::Index first, Eigen::Index rows,
                        const char* fn) {
  const auto block = r.middleRows(first, rows);
  // Fast path (vectorised, and the block is then in cache for the caller's pass).
  if (block.allFinite() && block.minCoeff() >= 0) return;
  for (Eigen::Index j = 0; j < r.cols(); ++j) {
    for (Eigen::Index i = first; i < first + rows; ++i) {
      const auto v = r.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, "revenue", i}, detail::cat({"period ", j, ": value is ", v}));
      }
      if (v < 0) {
        throw invalid_input({fn, "revenue", i},
                            detail::cat({"period ", j, ": revenue ", v, " is negative"}));
      }
    }
  }
}

/// Accounts per block of the retention passes: a block of 36 periods of doubles is 288 KiB, so
/// each value is read from memory once however many windows use it, and the per-account state
/// lives on the stack.
inline constexpr Eigen::Index retention_block_rows = 1024;

/// The accumulator type of sums over accounts: double for float data, so that totals over
/// millions of accounts do not lose the float's few digits.
template <typename Scalar>
using sum_t = std::conditional_t<(sizeof(Scalar) < sizeof(double)), double, Scalar>;

/// Sets `seen[i] |= revenue(first + i, j) > 0` for the rows of a block.
template <typename Derived>
void fold_active(const Eigen::MatrixBase<Derived>& r, Eigen::Index first, Eigen::Index rows,
                 Eigen::Index j, std::uint8_t* seen) {
  for (Eigen::Index i = 0; i < rows; ++i)
    seen[i] = static_cast<std::uint8_t>(seen[i] | (r.coeff(first + i, j) > 0 ? 1 : 0));
}

/// What an error says of a revenue sum beyond the largest value of the type.
inline constexpr const char* overflowing_sum_advice =
    " sums beyond the largest value of the type; express the revenue in larger units "
    "(thousands, millions)";

}  // namespace kam::detail

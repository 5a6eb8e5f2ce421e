// Not API. Packed rows: a row-major accounts x criteria matrix without padding (numpy's C order,
// what CSV readers produce), which the scoring kernels read in place for small criteria counts.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <kam/core/detail/blocks.hpp>
#include <kam/core/stats.hpp>
#include <type_traits>

namespace kam::detail {

/// The criteria counts K whose packed rows have kernels of their own, with K known at compile
/// time: the compiler then vectorises across accounts, de-interleaving the rows in registers.
/// Other counts (and other layouts) are copied block by block into columns, which works for any K.
inline constexpr Eigen::Index min_packed_width = 2;
inline constexpr Eigen::Index max_packed_width = 8;

/// Returns the number of criteria K when `x` stores them in packed rows (row-major, unit inner
/// stride, outer stride K), and 0 otherwise.
template <typename X>
Eigen::Index packed_width(const X& x) {
  if constexpr (rows_contiguous<X>()) {
    const Eigen::Index k = x.cols();
    return x.innerStride() == 1 && x.outerStride() == k ? k : 0;
  } else {
    return 0;
  }
}

/// The compile-time criteria count K handed to a packed-row kernel.
template <std::size_t K>
using packed_width_constant = std::integral_constant<std::size_t, K>;

/// Calls `kernel(packed_width_constant<K>{})` with K = k and returns true when k has a kernel of
/// its own (min_packed_width <= k <= max_packed_width); returns false otherwise.
template <typename Kernel>
bool with_packed_width(Eigen::Index k, Kernel&& kernel) {
  switch (k) {
    case 2:
      kernel(packed_width_constant<2>{});
      return true;
    case 3:
      kernel(packed_width_constant<3>{});
      return true;
    case 4:
      kernel(packed_width_constant<4>{});
      return true;
    case 5:
      kernel(packed_width_constant<5>{});
      return true;
    case 6:
      kernel(packed_width_constant<6>{});
      return true;
    case 7:
      kernel(packed_width_constant<7>{});
      return true;
    case 8:
      kernel(packed_width_constant<8>{});
      return true;
    default:
      return false;
  }
}

/// Returns whether every value of `rows` (>= 1) packed rows of K values from `x` is within the
/// reference's [min, max] of its column: one pass over the rows, which the compiler vectorises
/// (check_in_reference reads a row-major matrix column by column, with a stride).
template <std::size_t K, typename Scalar>
bool packed_rows_within(const Scalar* x, Eigen::Index rows, const column_stats<Scalar>& ref) {
  Scalar lo[K];
  Scalar hi[K];
  std::copy_n(x, K, lo);
  std::copy_n(x, K, hi);
  constexpr auto stride = static_cast<Eigen::Index>(K);
  for (Eigen::Index b = 1; b < rows; ++b) {
    const Scalar* row = x + b * stride;
    for (std::size_t j = 0; j < K; ++j) {
      lo[j] = row[j] < lo[j] ? row[j] : lo[j];
      hi[j] = row[j] > hi[j] ? row[j] : hi[j];
    }
  }
  for (std::size_t j = 0; j < K; ++j) {
    const auto c = static_cast<Eigen::Index>(j);
    if (lo[j] < ref.min(c) || hi[j] > ref.max(c)) return false;
  }
  return true;
}

}  // namespace kam::detail

// Not API. Packed rows: a row-major accounts x criteria matrix without padding (numpy's C order,
// what CSV readers produce), which the scoring kernels read in place for 2 to 16 criteria.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <kam/core/detail/blocks.hpp>
#include <kam/core/stats.hpp>
#include <type_traits>

namespace kam::detail {

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

/// Calls `kernel(packed_width_constant<K>{})`; returns true.
template <std::size_t K, typename Kernel>
bool run_packed(Kernel& kernel) {
  kernel(packed_width_constant<K>{});
  return true;
}

/// The dispatch to the packed-row kernels: calls `kernel(packed_width_constant<K>{})` with K = k
/// and returns true when k criteria have a kernel of their own, 2 <= k <= 16; returns false for
/// any other k, which the caller then copies block by block into columns (any k works there).
/// With K known at compile time the compiler unrolls the criteria and vectorises across
/// accounts, de-interleaving the rows in registers: for 2 to 16 criteria that reads row-major
/// data about twice as fast as the copy (one criterion is a contiguous column already).
template <typename Kernel>
bool with_packed_width(Eigen::Index k, Kernel&& kernel) {
  switch (k) {
    case 2:
      return run_packed<2>(kernel);
    case 3:
      return run_packed<3>(kernel);
    case 4:
      return run_packed<4>(kernel);
    case 5:
      return run_packed<5>(kernel);
    case 6:
      return run_packed<6>(kernel);
    case 7:
      return run_packed<7>(kernel);
    case 8:
      return run_packed<8>(kernel);
    case 9:
      return run_packed<9>(kernel);
    case 10:
      return run_packed<10>(kernel);
    case 11:
      return run_packed<11>(kernel);
    case 12:
      return run_packed<12>(kernel);
    case 13:
      return run_packed<13>(kernel);
    case 14:
      return run_packed<14>(kernel);
    case 15:
      return run_packed<15>(kernel);
    case 16:
      return run_packed<16>(kernel);
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

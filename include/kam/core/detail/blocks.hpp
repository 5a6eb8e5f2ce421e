// Not API. Walking an accounts x criteria matrix in fixed segments and blocks of rows, column by
// column, on one thread or several, with results that do not depend on the number of threads.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <kam/core/detail/parallel.hpp>
#include <vector>

namespace kam::detail {

/// Rows per block: a block of one double column is 4 KiB, of eight columns 32 KiB. The unit of
/// the statistics' merges, and of the copy of a block of a row-major matrix (which stays in L1).
inline constexpr Eigen::Index block_rows = 512;
/// Rows per block when the columns are contiguous and read in place: 32 KiB of each double
/// column. One page per column per block left the hardware prefetcher restarting at every page
/// (it does not cross 4 KiB boundaries); eight pages per column stream at close to the plain
/// read's speed (column statistics of 10^7 x 8 doubles: 70 ms at 512 rows, 48 ms at 4096).
inline constexpr Eigen::Index contiguous_block_rows = 8 * block_rows;

/// Rows per segment: the unit of work of a thread. Segment boundaries are fixed multiples of this
/// number, so results never depend on how many threads share the segments.
inline constexpr Eigen::Index segment_rows = Eigen::Index{1} << 16;
static_assert(segment_rows % contiguous_block_rows == 0 && contiguous_block_rows % block_rows == 0);

/// Whether column j of `x` is a contiguous array (column-major storage with unit inner stride).
template <typename Derived>
constexpr bool columns_contiguous() {
  return (Derived::Flags & Eigen::DirectAccessBit) && !(Derived::Flags & Eigen::RowMajorBit);
}

/// Whether row i of `Derived` is a contiguous array (row-major storage with direct access).
template <typename Derived>
constexpr bool rows_contiguous() {
  return (Derived::Flags & Eigen::DirectAccessBit) && (Derived::Flags & Eigen::RowMajorBit);
}

/// Calls `f(first, rows, cols)` for consecutive blocks of rows [first, first + rows) within
/// [begin, end), where `cols[j]` points to the block's `rows` values of column j, contiguous. For
/// column-major `x` the pointers point into `x` and blocks have up to contiguous_block_rows rows;
/// otherwise the block (up to block_rows rows) is copied into `scratch` first (a row-major block
/// of eight double criteria is 32 KiB: it stays in cache). Blocks start at `begin` plus a
/// multiple of block_rows either way.
template <typename Derived, typename F>
void for_each_block(const Eigen::MatrixBase<Derived>& x, Eigen::Index begin, Eigen::Index end,
                    std::vector<typename Derived::Scalar>& scratch,
                    std::vector<const typename Derived::Scalar*>& cols, F&& f) {
  using Scalar = typename Derived::Scalar;
  const Eigen::Index k = x.cols();
  cols.resize(static_cast<std::size_t>(k));
  if constexpr (columns_contiguous<Derived>()) {
    if (x.derived().innerStride() == 1) {
      const Scalar* base = x.derived().data();
      const Eigen::Index stride = x.derived().outerStride();
      for (Eigen::Index first = begin; first < end; first += contiguous_block_rows) {
        const Eigen::Index rows = std::min(contiguous_block_rows, end - first);
        for (Eigen::Index j = 0; j < k; ++j)
          cols[static_cast<std::size_t>(j)] = base + first + j * stride;
        f(first, rows, cols.data());
      }
      return;
    }
  }
  for (Eigen::Index first = begin; first < end; first += block_rows) {
    const Eigen::Index rows = std::min(block_rows, end - first);
    scratch.resize(static_cast<std::size_t>(block_rows * k));
    Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>> block(scratch.data(), rows,
                                                                            k);
    block = x.middleRows(first, rows);
    for (Eigen::Index j = 0; j < k; ++j)
      cols[static_cast<std::size_t>(j)] = scratch.data() + j * rows;
    f(first, rows, cols.data());
  }
}

/// Returns the number of fixed segments of segment_rows rows that cover n rows.
constexpr Eigen::Index segment_count(Eigen::Index n) noexcept {
  return (n + segment_rows - 1) / segment_rows;
}

/// Runs `f(segment, begin, end)` for the fixed segments of rows [begin, end) that cover [0, n),
/// on up to `threads` threads (as kam::resolve_threads returns them), with parallel_for's
/// guarantees: the error reported is that of the lowest segment that fails.
template <typename F>
void for_each_row_segment(Eigen::Index n, unsigned threads, F&& f) {
  parallel_for(segment_count(n), threads, [&](Eigen::Index seg) {
    f(seg, seg * segment_rows, std::min(n, (seg + 1) * segment_rows));
  });
}

}  // namespace kam::detail

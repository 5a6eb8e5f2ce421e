// Not API. Walking an accounts x criteria matrix in blocks of rows, column by column, on one
// thread or several, with results that do not depend on the number of threads.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <exception>
#include <kam/detail/std_thread.hpp>
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
  using traits = Eigen::internal::traits<Derived>;
  return (traits::Flags & Eigen::DirectAccessBit) && !(traits::Flags & Eigen::RowMajorBit);
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

/// Runs `f(segment)` for segments 0 .. count - 1 on up to `threads` threads (0 or 1: the calling
/// thread only). Each segment runs exactly once. If any `f` throws, the exception of the lowest
/// segment that threw is rethrown after all threads have joined, so the error a caller sees is
/// the same whatever the thread count (segments are visited in order on each thread, and a thread
/// stops at its first failure).
template <typename F>
void for_each_segment(Eigen::Index count, unsigned threads, F&& f) {
  if (threads <= 1 || count <= 1) {
    for (Eigen::Index s = 0; s < count; ++s) f(s);
    return;
  }
  const auto workers =
      static_cast<Eigen::Index>(std::min<Eigen::Index>(static_cast<Eigen::Index>(threads), count));
  std::vector<std::exception_ptr> failure(static_cast<std::size_t>(workers));
  std::vector<Eigen::Index> failed_at(static_cast<std::size_t>(workers), count);
  auto work = [&](Eigen::Index w) {
    // Thread w takes segments w, w + workers, w + 2 workers, ...: interleaved, so a slow region
    // of the data does not leave one thread with all of it.
    for (Eigen::Index s = w; s < count; s += workers) {
      try {
        f(s);
      } catch (...) {
        failure[static_cast<std::size_t>(w)] = std::current_exception();
        failed_at[static_cast<std::size_t>(w)] = s;
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(workers - 1));
  for (Eigen::Index w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  const auto first = std::min_element(failed_at.begin(), failed_at.end()) - failed_at.begin();
  if (failure[static_cast<std::size_t>(first)])
    std::rethrow_exception(failure[static_cast<std::size_t>(first)]);
}

}  // namespace kam::detail

// Mergeable column statistics (count, min, max, mean, M2, non-finite count) over the accounts.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/detail/blocks.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <limits>
#include <vector>

namespace kam {

/// The most columns kam::column_stats::empty allocates for (six values per column: 768 MB).
inline constexpr Eigen::Index column_stats_max_columns = Eigen::Index{1} << 24;

/// Statistics of every column of an accounts x criteria matrix, over its finite values:
/// count, min, max, mean and M2 (the sum of squared deviations from the mean), plus the count of
/// non-finite values (NaN and +-infinity), which are left out of everything else.
///
/// The statistics are mergeable: `column_stats::of(a).merge(column_stats::of(b))` describes the
/// rows of `a` and `b` together (Chan, Golub & LeVeque's parallel update). `count`, `non_finite`,
/// `min` and `max` merge exactly; `mean` and `m2` agree with a one-piece computation up to
/// rounding. This is what lets a caller compute statistics chunk by chunk, or shard by shard, and
/// score as if the data had been in one piece.
///
/// A column with no finite values has count 0, mean 0, m2 0, min +infinity and max -infinity
/// (the identities of merging).
template <real_scalar Scalar>
struct column_stats {
  index_vector count;       ///< finite values per column
  index_vector non_finite;  ///< NaN and +-infinity values per column
  vector_of<Scalar> min;    ///< smallest finite value
  vector_of<Scalar> max;    ///< largest finite value
  vector_of<Scalar> mean;   ///< mean of the finite values
  vector_of<Scalar> m2;     ///< sum of squared deviations of the finite values from `mean`

  /// Returns the statistics of `cols` columns and no rows: the identity of `merge`. Throws
  /// kam::out_of_bounds unless 0 <= cols <= kam::column_stats_max_columns.
  [[nodiscard]] static column_stats empty(Eigen::Index cols) {
    if (cols < 0 || cols > column_stats_max_columns) {
      throw out_of_bounds({"kam::column_stats::empty", "cols", std::nullopt},
                          detail::cat({"cols is ", cols, "; it must be in 0..",
                                       column_stats_max_columns, " (column_stats_max_columns)"}));
    }
    column_stats s;
    s.count = index_vector::Zero(cols);
    s.non_finite = index_vector::Zero(cols);
    s.min = vector_of<Scalar>::Constant(cols, std::numeric_limits<Scalar>::infinity());
    s.max = vector_of<Scalar>::Constant(cols, -std::numeric_limits<Scalar>::infinity());
    s.mean = vector_of<Scalar>::Zero(cols);
    s.m2 = vector_of<Scalar>::Zero(cols);
    return s;
  }

  /// Returns the statistics of every column of `x` (rows are accounts). An empty `x` is allowed
  /// and gives `empty(x.cols())`. `threads` follows kam's convention (kam::resolve_threads: 1 the
  /// caller's thread, 0 every hardware thread); the result is the same, bit for bit, whatever
  /// the thread count. Throws kam::out_of_bounds for threads above kam::max_threads. Complexity:
  /// one read of `x` from memory (a second read of each block comes from cache), O(N K).
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar>
  [[nodiscard]] static column_stats of(const Eigen::MatrixBase<Derived>& x, unsigned threads = 1);

  /// Returns the number of columns described.
  [[nodiscard]] Eigen::Index cols() const noexcept { return count.size(); }

  /// Adds the rows of `chunk` to these statistics; returns `*this`.
  /// Throws kam::shape_mismatch if `chunk` has a different number of columns.
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar> column_stats& update(
      const Eigen::MatrixBase<Derived>& chunk) {
    return merge(of(chunk));
  }

  /// Merges the statistics of other rows into these (Chan et al.'s pairwise update); returns
  /// `*this`. Throws kam::shape_mismatch if the column counts differ.
  column_stats& merge(const column_stats& other) {
    if (other.cols() != cols()) {
      throw shape_mismatch({"kam::column_stats::merge", "cols", std::nullopt},
                           detail::cat({"cannot merge statistics of ", other.cols(),
                                        " columns into statistics of ", cols(), " columns"}));
    }
    for (Eigen::Index j = 0; j < cols(); ++j)
      merge_column(j, other.count(j), other.mean(j), other.m2(j), other.min(j), other.max(j));
    non_finite += other.non_finite;
    return *this;
  }

  /// Returns the variance of column `j`, M2 / (count - ddof): ddof 0 is the population variance
  /// (numpy's and scikit-learn StandardScaler's default), ddof 1 the sample variance.
  /// Throws kam::out_of_bounds (naming 'j' and the range [0, cols()), in every build type) unless
  /// 0 <= j < cols(), kam::empty_input if column `j` has no more than `ddof` finite values.
  [[nodiscard]] Scalar variance(Eigen::Index j, Eigen::Index ddof = 0) const {
    check_column(j, "kam::column_stats::variance");
    if (count(j) <= ddof) {
      throw empty_input({"kam::column_stats::variance", detail::cat({"column ", j}), std::nullopt},
                        detail::cat({"needs more than ", ddof, " finite values, has ", count(j)}));
    }
    return m2(j) / static_cast<Scalar>(count(j) - ddof);
  }

  /// Returns the standard deviation of column `j` (the square root of `variance(j, ddof)`).
  /// Throws as variance, in the name of kam::column_stats::stddev for a column out of range.
  [[nodiscard]] Scalar stddev(Eigen::Index j, Eigen::Index ddof = 0) const {
    check_column(j, "kam::column_stats::stddev");
    return std::sqrt(variance(j, ddof));
  }

  /// Returns the sum of squares of the finite values of column `j`, M2 + count * mean^2.
  /// Throws kam::out_of_bounds (naming 'j' and the range [0, cols()), in every build type) unless
  /// 0 <= j < cols().
  [[nodiscard]] Scalar sum_of_squares(Eigen::Index j) const {
    check_column(j, "kam::column_stats::sum_of_squares");
    return m2(j) + static_cast<Scalar>(count(j)) * mean(j) * mean(j);
  }

  BOOST_DESCRIBE_CLASS(column_stats, (), (count, non_finite, min, max, mean, m2), (), ())

 private:
  void check_column(Eigen::Index j, const char* fn) const {
    detail::check_index(fn, "j", j, cols(), "column");
  }

  // Chan, Golub & LeVeque (1979): merging (n_b, mean_b, M2_b) into (n_a, mean_a, M2_a).
  void merge_column(Eigen::Index j, Eigen::Index nb, Scalar mean_b, Scalar m2_b, Scalar min_b,
                    Scalar max_b) {
    min(j) = std::min(min(j), min_b);
    max(j) = std::max(max(j), max_b);
    if (nb == 0) return;
    const Eigen::Index na = count(j);
    if (na == 0) {
      count(j) = nb;
      mean(j) = mean_b;
      m2(j) = m2_b;
      return;
    }
    const Eigen::Index n = na + nb;
    const Scalar delta = mean_b - mean(j);
    const Scalar fb = static_cast<Scalar>(nb) / static_cast<Scalar>(n);
    mean(j) += delta * fb;
    m2(j) += m2_b + delta * delta * static_cast<Scalar>(na) * fb;
    count(j) = n;
  }

  // Adds the block whose column j is the contiguous array column[j][0 .. rows).
  void add_block(const Scalar* const* column, Eigen::Index rows);
  // Adds a[0 .. rows) (rows <= detail::block_rows) to column j as one merge.
  void add_column_block(Eigen::Index j, const Scalar* a, Eigen::Index rows);
};

// The definition of column_stats::of, documented at its declaration. Hidden from Doxygen (cond),
// which does not match a definition with a requires-clause to its declaration.
/// \cond
template <real_scalar Scalar>
template <typename Derived>
requires std::same_as<typename Derived::Scalar, Scalar> column_stats<Scalar>
column_stats<Scalar>::of(const Eigen::MatrixBase<Derived>& x, unsigned threads) {
  if constexpr (!(Derived::Flags & Eigen::DirectAccessBit)) {
    // An expression (a product, a scaled matrix...): evaluate it once.
    const matrix_of<Scalar> plain = x;
    return of(plain, threads);
  } else {
    // Each fixed segment of rows is summarised block by block, then the segments are merged in
    // order: the same merges, in the same order, on one thread or many.
    const Eigen::Index n = x.rows();
    std::vector<column_stats> parts(static_cast<std::size_t>(detail::segment_count(n)),
                                    empty(x.cols()));
    detail::for_each_row_segment(n, resolve_threads(threads, "kam::column_stats::of"),
                                 [&](Eigen::Index seg, Eigen::Index begin, Eigen::Index end) {
                                   std::vector<Scalar> scratch;
                                   std::vector<const Scalar*> cols;
                                   auto& part = parts[static_cast<std::size_t>(seg)];
                                   detail::for_each_block(
                                       x, begin, end, scratch, cols,
                                       [&](Eigen::Index, Eigen::Index rows,
                                           const Scalar* const* c) { part.add_block(c, rows); });
                                 });
    column_stats total = empty(x.cols());
    for (const auto& part : parts) total.merge(part);
    return total;
  }
}
/// \endcond

namespace detail {

/// Lanes of the block reductions: one 64-byte vector of Scalar. Partial results are kept per lane
/// and combined in a fixed pairwise order, so the arithmetic is the same on every machine and the
/// compiler can vectorise without reassociating anything.
template <typename Scalar>
inline constexpr std::size_t stat_lanes = 64 / sizeof(Scalar);

/// Sum, min and max of a[0 .. n), all values assumed finite (a non-finite sum says otherwise).
/// The lanes are an Eigen fixed-size array so that the loop is vectorised for certain: written
/// as eight scalar lanes, GCC 12 unrolled them into scalar min/max/add instructions, and this
/// pass ran at a fifth of the speed of block_m2's.
template <typename Scalar>
void block_sum_min_max(const Scalar* a, Eigen::Index n, Scalar& sum, Scalar& lo, Scalar& hi) {
  constexpr auto lanes = static_cast<Eigen::Index>(stat_lanes<Scalar>);
  using lane_array = Eigen::Array<Scalar, lanes, 1>;
  lane_array s = lane_array::Zero();
  lane_array mn = lane_array::Constant(std::numeric_limits<Scalar>::infinity());
  lane_array mx = lane_array::Constant(-std::numeric_limits<Scalar>::infinity());
  Eigen::Index i = 0;
  for (; n - i >= lanes; i += lanes) {
    const Eigen::Map<const lane_array> v(a + i);
    s += v;
    // min(v, mn) keeps mn on a tie, as v < mn ? v : mn does; the values are finite here.
    mn = mn.min(v);
    mx = mx.max(v);
  }
  for (Eigen::Index l = 0; i < n; ++i, ++l) {
    const Scalar v = a[i];
    s(l) += v;
    mn(l) = v < mn(l) ? v : mn(l);
    mx(l) = v > mx(l) ? v : mx(l);
  }
  for (Eigen::Index w = lanes / 2; w > 0; w /= 2) {
    for (Eigen::Index l = 0; l < w; ++l) {
      s(l) += s(l + w);
      mn(l) = mn(l + w) < mn(l) ? mn(l + w) : mn(l);
      mx(l) = mx(l + w) > mx(l) ? mx(l + w) : mx(l);
    }
  }
  sum = s(0);
  lo = mn(0);
  hi = mx(0);
}

/// Sum of squared deviations of a[0 .. n) from `mean`, all values finite.
template <typename Scalar>
Scalar block_m2(const Scalar* a, Eigen::Index n, Scalar mean) {
  constexpr std::size_t lanes = stat_lanes<Scalar>;
  Scalar s[lanes];
  for (std::size_t l = 0; l < lanes; ++l) s[l] = 0;
  const Scalar* end = a + n;
  const Scalar* p = a;
  for (; end - p >= static_cast<std::ptrdiff_t>(lanes); p += lanes) {
    for (std::size_t l = 0; l < lanes; ++l) {
      const Scalar d = p[l] - mean;
      s[l] += d * d;
    }
  }
  for (std::size_t l = 0; p < end; ++p, ++l) {
    const Scalar d = *p - mean;
    s[l] += d * d;
  }
  for (std::size_t w = lanes / 2; w > 0; w /= 2)
    for (std::size_t l = 0; l < w; ++l) s[l] += s[l + w];
  return s[0];
}

}  // namespace detail

template <real_scalar Scalar>
void column_stats<Scalar>::add_block(const Scalar* const* column, Eigen::Index rows) {
  // Merged in sub-blocks of detail::block_rows whatever the size of the block handed in (a
  // column-major matrix is walked in longer blocks, which stream faster), so the merges and
  // their bits are the same for every layout and thread count.
  for (Eigen::Index j = 0; j < cols(); ++j) {
    for (Eigen::Index sub = 0; sub < rows; sub += detail::block_rows)
      add_column_block(j, column[j] + sub, std::min(detail::block_rows, rows - sub));
  }
}

template <real_scalar Scalar>
void column_stats<Scalar>::add_column_block(Eigen::Index j, const Scalar* a, Eigen::Index rows) {
  Scalar sum = 0;
  Scalar lo = 0;
  Scalar hi = 0;
  detail::block_sum_min_max(a, rows, sum, lo, hi);
  if (std::isfinite(sum)) {  // every value finite, and their sum too: the fast path
    const Scalar block_mean = sum / static_cast<Scalar>(rows);
    merge_column(j, rows, block_mean, detail::block_m2(a, rows, block_mean), lo, hi);
    return;
  }
  // Careful path: skip non-finite values; finite values near the largest Scalar can overflow
  // the sum, their mean is then taken as the sum of v / n.
  Eigen::Index n = 0;
  sum = 0;
  lo = std::numeric_limits<Scalar>::infinity();
  hi = -lo;
  for (Eigen::Index i = 0; i < rows; ++i) {
    const Scalar v = a[i];
    if (!std::isfinite(v)) continue;
    ++n;
    sum += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  non_finite(j) += rows - n;
  if (n == 0) return;
  Scalar block_mean = sum / static_cast<Scalar>(n);
  if (!std::isfinite(block_mean)) {
    block_mean = 0;
    for (Eigen::Index i = 0; i < rows; ++i)
      if (std::isfinite(a[i])) block_mean += a[i] / static_cast<Scalar>(n);
  }
  Scalar block_m2 = 0;
  for (Eigen::Index i = 0; i < rows; ++i)
    if (std::isfinite(a[i])) block_m2 += (a[i] - block_mean) * (a[i] - block_mean);
  merge_column(j, n, block_mean, block_m2, lo, hi);
}

}  // namespace kam

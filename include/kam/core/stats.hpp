// Mergeable column statistics (count, min, max, mean, M2, non-finite count) over the accounts.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <limits>

namespace kam {

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

  /// Returns the statistics of `cols` columns and no rows: the identity of `merge`.
  [[nodiscard]] static column_stats empty(Eigen::Index cols) {
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
  /// and gives `empty(x.cols())`. Complexity: two reads of each value, in blocks that stay in
  /// cache.
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar>
  [[nodiscard]] static column_stats of(const Eigen::MatrixBase<Derived>& x);

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
                           detail::cat("cannot merge statistics of ", other.cols(),
                                       " columns into statistics of ", cols(), " columns"));
    }
    for (Eigen::Index j = 0; j < cols(); ++j)
      merge_column(j, other.count(j), other.mean(j), other.m2(j), other.min(j), other.max(j));
    non_finite += other.non_finite;
    return *this;
  }

  /// Returns the variance of column `j`, M2 / (count - ddof): ddof 0 is the population variance
  /// (numpy's and scikit-learn StandardScaler's default), ddof 1 the sample variance.
  /// Throws kam::empty_input if column `j` has no more than `ddof` finite values.
  [[nodiscard]] Scalar variance(Eigen::Index j, Eigen::Index ddof = 0) const {
    check_column(j, "kam::column_stats::variance");
    if (count(j) <= ddof) {
      throw empty_input({"kam::column_stats::variance", detail::cat("column ", j), std::nullopt},
                        detail::cat("needs more than ", ddof, " finite values, has ", count(j)));
    }
    return m2(j) / static_cast<Scalar>(count(j) - ddof);
  }

  /// Returns the standard deviation of column `j` (the square root of `variance(j, ddof)`).
  [[nodiscard]] Scalar stddev(Eigen::Index j, Eigen::Index ddof = 0) const {
    return std::sqrt(variance(j, ddof));
  }

  /// Returns the sum of squares of the finite values of column `j`, M2 + count * mean^2.
  [[nodiscard]] Scalar sum_of_squares(Eigen::Index j) const {
    check_column(j, "kam::column_stats::sum_of_squares");
    return m2(j) + static_cast<Scalar>(count(j)) * mean(j) * mean(j);
  }

  BOOST_DESCRIBE_CLASS(column_stats, (), (count, non_finite, min, max, mean, m2), (), ())

 private:
  void check_column(Eigen::Index j, const char* fn) const {
    if (j < 0 || j >= cols()) {
      throw out_of_bounds({fn, "column", std::nullopt},
                          detail::cat("column ", j, " is outside [0, ", cols(), ")"));
    }
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

  template <typename Derived>
  void add_block(const Eigen::MatrixBase<Derived>& x, Eigen::Index first, Eigen::Index rows);
};

namespace detail {
/// Rows per block in the statistics pass: a block of 8 double criteria is 16 KiB, inside L1.
inline constexpr Eigen::Index stats_block_rows = 256;
}  // namespace detail

template <real_scalar Scalar>
template <typename Derived>
requires std::same_as<typename Derived::Scalar, Scalar> column_stats<Scalar>
column_stats<Scalar>::of(const Eigen::MatrixBase<Derived>& x) {
  column_stats s = empty(x.cols());
  if constexpr (!(Eigen::internal::traits<Derived>::Flags & Eigen::DirectAccessBit)) {
    // An expression (a product, a scaled matrix...): evaluate once rather than per block.
    const matrix_of<Scalar> plain = x;
    for (Eigen::Index first = 0; first < plain.rows(); first += detail::stats_block_rows)
      s.add_block(plain, first, std::min(detail::stats_block_rows, plain.rows() - first));
  } else {
    for (Eigen::Index first = 0; first < x.rows(); first += detail::stats_block_rows)
      s.add_block(x, first, std::min(detail::stats_block_rows, x.rows() - first));
  }
  return s;
}

template <real_scalar Scalar>
template <typename Derived>
void column_stats<Scalar>::add_block(const Eigen::MatrixBase<Derived>& x, Eigen::Index first,
                                     Eigen::Index rows) {
  const auto& d = x.derived();
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    // First pass: sum, min, max. A non-finite sum sends the block to the careful path.
    Scalar sum = 0;
    Scalar lo = std::numeric_limits<Scalar>::infinity();
    Scalar hi = -lo;
    for (Eigen::Index i = first; i < first + rows; ++i) {
      const Scalar v = d.coeff(i, j);
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    Eigen::Index n = rows;
    Eigen::Index bad = 0;
    if (!std::isfinite(sum) || !std::isfinite(lo) || !std::isfinite(hi)) {
      sum = 0;
      lo = std::numeric_limits<Scalar>::infinity();
      hi = -lo;
      for (Eigen::Index i = first; i < first + rows; ++i) {
        const Scalar v = d.coeff(i, j);
        if (!std::isfinite(v)) {
          ++bad;
          continue;
        }
        sum += v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      n = rows - bad;
    }
    non_finite(j) += bad;
    if (n == 0) continue;
    // Second pass (in cache): squared deviations from the block mean. Finite values near the
    // largest Scalar can overflow the sum; their mean is then taken as the sum of v / n.
    Scalar block_mean = sum / static_cast<Scalar>(n);
    if (!std::isfinite(block_mean)) {
      block_mean = 0;
      for (Eigen::Index i = first; i < first + rows; ++i) {
        const Scalar v = d.coeff(i, j);
        if (std::isfinite(v)) block_mean += v / static_cast<Scalar>(n);
      }
    }
    Scalar block_m2 = 0;
    if (bad == 0) {
      for (Eigen::Index i = first; i < first + rows; ++i) {
        const Scalar dv = d.coeff(i, j) - block_mean;
        block_m2 += dv * dv;
      }
    } else {
      for (Eigen::Index i = first; i < first + rows; ++i) {
        const Scalar v = d.coeff(i, j);
        if (!std::isfinite(v)) continue;
        block_m2 += (v - block_mean) * (v - block_mean);
      }
    }
    merge_column(j, n, block_mean, block_m2, lo, hi);
  }
}

}  // namespace kam

// kam::weight_statistics: mergeable sums from which entropy, CRITIC and standard-deviation weights
// follow, so that weights can be derived from a portfolio read piece by piece.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/direction.hpp>
#include <kam/core/error.hpp>
#include <kam/core/merge_tree.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/row_units.hpp>
#include <kam/scoring/weights.hpp>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace kam {

/// The most columns (criteria) kam::weight_statistics and kam::weight_statistics_builder take:
/// the K x K co-moment matrix is then at most 128 MB of doubles.
inline constexpr Eigen::Index weight_statistics_max_columns = 4096;

namespace detail {

/// Returns `cols` after checking 0 <= cols <= weight_statistics_max_columns, before anything of
/// that size is allocated. Throws kam::out_of_bounds naming `fn` and 'cols'.
inline Eigen::Index checked_weight_columns(Eigen::Index cols, const char* fn) {
  if (cols < 0 || cols > weight_statistics_max_columns) {
    throw out_of_bounds(
        {fn, "cols", std::nullopt},
        detail::cat({"cols is ", cols, "; it must be in 0..", weight_statistics_max_columns,
                     " (weight_statistics_max_columns)"}));
  }
  return cols;
}

}  // namespace detail

/// The sums over the accounts (rows) of an accounts x criteria matrix that entropy, CRITIC and
/// standard-deviation weights need: per column the count, minimum, maximum, sum, sum of
/// x ln x (0 ln 0 = 0) and mean, and the K x K co-moment matrix sum_i (x_ij - mean_j)(x_ik -
/// mean_k). Every value must be finite.
///
/// The statistics are mergeable: `of(a).merge(of(b))` describes the rows of `a` and `b` together
/// (means and co-moments by Chan, Golub & LeVeque's pairwise update). Merged in a kam::merge_tree
/// over fixed units of rows, as kam::weight_statistics_builder does, they are the same bits
/// however the rows were cut into pieces. Every sum is a plain loop in row order (no vectorised
/// reduction, whose order would change with the instruction set), so the bits are also the same
/// on every machine for a given compiler setting of floating-point contraction.
template <real_scalar Scalar>
struct weight_statistics {
  Eigen::Index count = 0;      ///< accounts (rows)
  vector_of<Scalar> min;       ///< per column: smallest value
  vector_of<Scalar> max;       ///< per column: largest value
  vector_of<Scalar> sum;       ///< per column: sum of the values
  vector_of<Scalar> xlogx;     ///< per column: sum of x ln x over the values > 0
  vector_of<Scalar> mean;      ///< per column: mean of the values
  matrix_of<Scalar> comoment;  ///< K x K: sum over rows of (x_j - mean_j)(x_k - mean_k)

  /// Returns the statistics of `cols` columns and no rows: the identity of `merge`. Throws
  /// kam::out_of_bounds unless 0 <= cols <= kam::weight_statistics_max_columns.
  [[nodiscard]] static weight_statistics empty(Eigen::Index cols) {
    detail::checked_weight_columns(cols, "kam::weight_statistics::empty");
    weight_statistics s;
    s.min = vector_of<Scalar>::Constant(cols, std::numeric_limits<Scalar>::infinity());
    s.max = vector_of<Scalar>::Constant(cols, -std::numeric_limits<Scalar>::infinity());
    s.sum = vector_of<Scalar>::Zero(cols);
    s.xlogx = vector_of<Scalar>::Zero(cols);
    s.mean = vector_of<Scalar>::Zero(cols);
    s.comoment = matrix_of<Scalar>::Zero(cols, cols);
    return s;
  }

  /// Returns the statistics of the rows of `x`. Throws kam::non_finite_value naming
  /// kam::weight_statistics::of, 'columns[j]' and the row for NaN or infinity (the first in
  /// column order), kam::out_of_bounds for more than kam::weight_statistics_max_columns columns.
  /// Complexity: O(N K^2).
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar>
  [[nodiscard]] static weight_statistics of(const Eigen::MatrixBase<Derived>& x) {
    detail::checked_weight_columns(x.cols(), "kam::weight_statistics::of");
    check_finite(x, "kam::weight_statistics::of");
    weight_statistics s = empty(x.cols());
    s.count = x.rows();
    for (Eigen::Index j = 0; j < x.cols(); ++j) s.add_column(x, j);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      for (Eigen::Index k = 0; k <= j; ++k) {
        Scalar c = 0;
        for (Eigen::Index i = 0; i < x.rows(); ++i)
          c += (x.coeff(i, j) - s.mean(j)) * (x.coeff(i, k) - s.mean(k));
        s.comoment(j, k) = c;
        s.comoment(k, j) = c;
      }
    }
    return s;
  }

  /// Returns the number of columns described.
  [[nodiscard]] Eigen::Index cols() const noexcept { return mean.size(); }

  /// Merges the statistics of other rows (after these) into these; returns `*this`.
  /// Throws kam::shape_mismatch if the column counts differ.
  weight_statistics& merge(const weight_statistics& other) {
    if (other.cols() != cols()) {
      throw shape_mismatch({"kam::weight_statistics::merge", "cols"},
                           detail::cat({"cannot merge statistics of ", other.cols(),
                                        " columns into statistics of ", cols()}));
    }
    if (other.count == 0) return *this;
    if (count == 0) return *this = other;
    const auto na = static_cast<Scalar>(count);
    const auto nb = static_cast<Scalar>(other.count);
    const Scalar f = na * nb / (na + nb);
    for (Eigen::Index j = 0; j < cols(); ++j) {
      const Scalar dj = other.mean(j) - mean(j);
      for (Eigen::Index k = 0; k < cols(); ++k)
        comoment(j, k) += other.comoment(j, k) + dj * (other.mean(k) - mean(k)) * f;
    }
    for (Eigen::Index j = 0; j < cols(); ++j) {
      mean(j) += (other.mean(j) - mean(j)) * (nb / (na + nb));
      min(j) = std::min(min(j), other.min(j));
      max(j) = std::max(max(j), other.max(j));
      sum(j) += other.sum(j);
      xlogx(j) += other.xlogx(j);
    }
    count += other.count;
    return *this;
  }

  /// Throws kam::non_finite_value naming `fn`, 'columns[j]' and the row (plus `first_row`) for
  /// the first NaN or infinity of `x` in column order.
  template <typename Derived>
  static void check_finite(const Eigen::MatrixBase<Derived>& x, const char* fn,
                           Eigen::Index first_row = 0) {
    if (x.allFinite()) return;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        if (std::isfinite(x.coeff(i, j))) continue;
        throw non_finite_value({fn, "columns", i + first_row, j},
                               std::isnan(x.coeff(i, j)) ? "value is NaN" : "value is infinite");
      }
    }
  }

  BOOST_DESCRIBE_CLASS(weight_statistics, (), (count, min, max, sum, xlogx, mean, comoment), (), ())

 private:
  template <typename Derived>
  void add_column(const Eigen::MatrixBase<Derived>& x, Eigen::Index j) {
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar v = x.coeff(i, j);
      min(j) = std::min(min(j), v);
      max(j) = std::max(max(j), v);
      sum(j) += v;
      if (v > Scalar(0)) xlogx(j) += v * std::log(v);
    }
    mean(j) = x.rows() > 0 ? sum(j) / static_cast<Scalar>(x.rows()) : Scalar(0);
  }
};

/// Builds the kam::weight_statistics of rows fed piece by piece, with the same bits for every way
/// of cutting them: the rows are cut into consecutive units of `unit_rows` rows, each unit's
/// statistics are computed alone and merged in a kam::merge_tree (as kam::reference_builder does
/// for the score reference). Memory: one unit of rows plus one set of statistics per tree level.
template <real_scalar Scalar>
class weight_statistics_builder {
 public:
  /// Rows per unit: fixed, so that results are the same for every caller and every cutting.
  static constexpr Eigen::Index unit_rows = 4096;

  /// Starts with no rows, for pieces of `cols` columns. Throws kam::out_of_bounds unless
  /// 0 <= cols <= kam::weight_statistics_max_columns (checked before a unit of rows is allocated).
  explicit weight_statistics_builder(Eigen::Index cols)
      : cols_(detail::checked_weight_columns(cols, "kam::weight_statistics_builder")),
        units_(cols_, unit_rows) {}

  /// Adds the rows of `piece` after those added so far; returns `*this`. Throws
  /// kam::shape_mismatch for another number of columns, kam::non_finite_value naming
  /// kam::weight_statistics_builder::add, 'columns[j]' and the row counted from the first row
  /// added (since construction or the last finish()); the builder is then left as it was.
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar> weight_statistics_builder& add(
      const Eigen::MatrixBase<Derived>& piece) {
    constexpr const char* fn = "kam::weight_statistics_builder::add";
    if (piece.cols() != cols_) {
      throw shape_mismatch({fn, "cols"}, detail::cat({"the piece has ", piece.cols(),
                                                      " columns, the statistics ", cols_}));
    }
    weight_statistics<Scalar>::check_finite(piece, fn, rows());
    units_.add(piece, [this](const auto& unit) { tree_.add(weight_statistics<Scalar>::of(unit)); });
    return *this;
  }

  /// Returns the number of rows added since construction or the last finish().
  [[nodiscard]] Eigen::Index rows() const noexcept { return units_.rows(); }

  /// Returns the statistics of every row added (empty ones when none was) and starts over.
  [[nodiscard]] weight_statistics<Scalar> finish() {
    units_.flush([this](const auto& unit) { tree_.add(weight_statistics<Scalar>::of(unit)); });
    std::optional<weight_statistics<Scalar>> all = tree_.finish();
    return all ? std::move(*all) : weight_statistics<Scalar>::empty(cols_);
  }

 private:
  Eigen::Index cols_;
  detail::row_units<Scalar> units_;
  merge_tree<weight_statistics<Scalar>> tree_;
};

namespace detail {

/// Throws kam::empty_input naming `fn` unless `s` has columns and more than `min_count` - 1 rows,
/// and kam::out_of_bounds naming 'columns[j]' when a column's sums (of values near the limit of
/// the type) are not finite.
template <typename Scalar>
void check_weight_statistics(const weight_statistics<Scalar>& s, Eigen::Index min_count,
                             const char* fn) {
  if (s.cols() == 0) throw empty_input({fn, "criteria"}, "no criteria (no columns)");
  if (s.count < min_count) {
    throw empty_input({fn, "accounts"}, detail::cat({"needs at least ", min_count,
                                                     " accounts (rows), got ", s.count}));
  }
  for (Eigen::Index j = 0; j < s.cols(); ++j) {
    if (!(std::isfinite(s.sum(j)) && std::isfinite(s.xlogx(j)) && s.comoment.col(j).allFinite() &&
          std::isfinite(s.max(j) - s.min(j)))) {
      throw out_of_bounds({fn, "columns", std::nullopt, j},
                          "the sums of the column exceed the range of the floating-point type; "
                          "rescale it");
    }
  }
}

/// Returns `raw / sum(raw)` with the constant columns, or throws when every column is constant.
template <typename Scalar>
derived_weights<Scalar> weights_from_raw(vector_of<Scalar> raw, std::vector<Eigen::Index> constant,
                                         const char* fn) {
  Scalar total = 0;
  for (Eigen::Index j = 0; j < raw.size(); ++j) total += raw(j);
  if (!(total > Scalar(0))) {
    throw invalid_input({fn, "x"},
                        "every criterion is constant: the data cannot tell the accounts apart, so "
                        "no criterion can be weighted above another");
  }
  for (Eigen::Index j = 0; j < raw.size(); ++j) raw(j) /= total;
  return {std::move(raw), std::move(constant)};
}

/// Returns the columns of `s` whose values are all equal.
template <typename Scalar>
std::vector<Eigen::Index> constant_columns(const weight_statistics<Scalar>& s) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index j = 0; j < s.cols(); ++j)
    if (!(s.max(j) > s.min(j))) out.push_back(j);
  return out;
}

}  // namespace detail

/// Returns standard-deviation weights from weight statistics: w_j ~ sqrt(C_jj / (count - ddof))
/// (as kam::std_dev_weights on the whole matrix, up to rounding). A constant column gets weight
/// 0 and is listed. Throws kam::invalid_input for a negative ddof or when every column is
/// constant, kam::empty_input for no columns or no more than `ddof` rows, and kam::out_of_bounds
/// naming 'columns[j]' when a column's sums exceed the range of the type (rescale it).
template <real_scalar Scalar>
[[nodiscard]] derived_weights<Scalar> std_dev_weights(const weight_statistics<Scalar>& s,
                                                      Eigen::Index ddof = 1) {
  constexpr const char* fn = "kam::std_dev_weights";
  if (ddof < 0) throw invalid_input({fn, "ddof"}, detail::cat({"ddof ", ddof, " is negative"}));
  detail::check_weight_statistics(s, ddof + 1, fn);
  auto constant = detail::constant_columns(s);
  vector_of<Scalar> raw = vector_of<Scalar>::Zero(s.cols());
  for (Eigen::Index j = 0; j < s.cols(); ++j) {
    if (s.max(j) > s.min(j))
      raw(j) = std::sqrt(s.comoment(j, j) / static_cast<Scalar>(s.count - ddof));
  }
  return detail::weights_from_raw(std::move(raw), std::move(constant), fn);
}

/// Returns Shannon-entropy weights from weight statistics (as kam::entropy_weights on the whole
/// matrix, up to rounding): with S_j = sum x_ij and T_j = sum x_ij ln x_ij, the entropy is
/// e_j = -(1 / ln m) sum_i p_ij ln p_ij = -(T_j / S_j - ln S_j) / ln m for p_ij = x_ij / S_j,
/// and w_j ~ max(0, 1 - e_j). A constant column gets weight 0 and is listed. Throws
/// kam::invalid_input naming 'columns[j]' for a column with a negative value (proportions need
/// x >= 0) and when every column is constant, kam::empty_input for no columns or fewer than 2
/// rows, and kam::out_of_bounds naming 'columns[j]' when a column's sums exceed the range of the
/// type (rescale it).
template <real_scalar Scalar>
[[nodiscard]] derived_weights<Scalar> entropy_weights(const weight_statistics<Scalar>& s) {
  constexpr const char* fn = "kam::entropy_weights";
  detail::check_weight_statistics(s, 2, fn);
  const Scalar log_m = std::log(static_cast<Scalar>(s.count));
  auto constant = detail::constant_columns(s);
  vector_of<Scalar> raw = vector_of<Scalar>::Zero(s.cols());
  for (Eigen::Index j = 0; j < s.cols(); ++j) {
    if (s.min(j) < Scalar(0)) {
      throw invalid_input({fn, "columns", std::nullopt, j},
                          detail::cat({"the smallest value is ", s.min(j),
                                       ", negative; entropy weights need x >= 0"}));
    }
    if (!(s.max(j) > s.min(j))) continue;
    const Scalar h = -(s.xlogx(j) / s.sum(j) - std::log(s.sum(j))) / log_m;
    raw(j) = std::max(Scalar(0), Scalar(1) - h);
  }
  return detail::weights_from_raw(std::move(raw), std::move(constant), fn);
}

/// Returns CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995) from weight statistics (as
/// kam::critic_weights on the whole matrix, up to rounding). The min-max mapping with direction
/// is affine, so the mapped column's standard deviation is sqrt(C_jj / (count - 1)) /
/// (max_j - min_j) and the correlation of mapped columns is s_j s_k C_jk / sqrt(C_jj C_kk), with
/// s = -1 for a cost column; C_j = sd_j sum_k (1 - r_jk) over the non-constant columns k. Throws
/// kam::shape_mismatch if `directions` has not one entry per column, and as entropy_weights.
template <real_scalar Scalar>
[[nodiscard]] derived_weights<Scalar> critic_weights(const weight_statistics<Scalar>& s,
                                                     const std::vector<direction>& directions) {
  constexpr const char* fn = "kam::critic_weights";
  if (static_cast<Eigen::Index>(directions.size()) != s.cols()) {
    throw shape_mismatch({fn, "directions"}, detail::cat({directions.size(), " directions for ",
                                                          s.cols(), " columns"}));
  }
  detail::check_weight_statistics(s, 2, fn);
  auto constant = detail::constant_columns(s);
  const auto varies = [&](Eigen::Index j) { return s.max(j) > s.min(j); };
  const auto sign = [&](Eigen::Index j) {
    return directions[static_cast<std::size_t>(j)] == direction::cost ? Scalar(-1) : Scalar(1);
  };
  vector_of<Scalar> raw = vector_of<Scalar>::Zero(s.cols());
  for (Eigen::Index j = 0; j < s.cols(); ++j) {
    if (!varies(j)) continue;
    const Scalar sd =
        std::sqrt(s.comoment(j, j) / static_cast<Scalar>(s.count - 1)) / (s.max(j) - s.min(j));
    Scalar conflict = 0;
    for (Eigen::Index k = 0; k < s.cols(); ++k) {
      if (!varies(k)) continue;
      const Scalar r =
          sign(j) * sign(k) * s.comoment(j, k) / std::sqrt(s.comoment(j, j) * s.comoment(k, k));
      conflict += Scalar(1) - std::clamp(r, Scalar(-1), Scalar(1));
    }
    raw(j) = sd * conflict;
  }
  return detail::weights_from_raw(std::move(raw), std::move(constant), fn);
}

/// Returns CRITIC weights from weight statistics with the directions of `criteria` (one per
/// column, in order); see the overload taking directions.
template <real_scalar Scalar>
[[nodiscard]] derived_weights<Scalar> critic_weights(const weight_statistics<Scalar>& s,
                                                     const criteria_set& criteria) {
  std::vector<direction> directions;
  for (const auto& c : criteria) directions.push_back(c.direction);
  return critic_weights(s, directions);
}

}  // namespace kam

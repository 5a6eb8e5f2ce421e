// kam::reference_builder: a kam::score_reference fitted from rows fed piece by piece, the same
// bits for every way of cutting them.
#pragma once

#include <Eigen/Core>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/merge_tree.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <kam/scoring/detail/row_units.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <optional>
#include <utility>

namespace kam {

/// Fits the kam::score_reference of a portfolio whose rows arrive piece by piece: chunks of a
/// file larger than memory, partitions of a data frame, shards read one after another. The rows
/// are cut into consecutive units of `unit_rows` rows whatever the pieces, each unit is fitted
/// with kam::fit_reference, and the units are merged in a kam::merge_tree, a tree fixed by the
/// number of units. So every way of cutting the same rows gives the same bits: one piece, pieces
/// of one row, or pieces of any sizes. The result equals kam::fit_reference on all rows in one
/// piece exactly in counts, minima, maxima and sorted samples, and up to rounding (a relative
/// difference of a few units in the last place) in means and M2.
///
/// Memory: one unit of rows (`unit_rows` x criteria values) plus one reference per tree level.
/// The result does not depend on `options.threads`.
template <real_scalar Scalar>
class reference_builder {
 public:
  /// Rows per unit: fixed, so that results are the same for every caller and every cutting.
  static constexpr Eigen::Index unit_rows = 4096;

  /// Starts with no rows, for `criteria` (the columns of every piece, in set order) under
  /// `options` (as kam::fit_reference takes them).
  explicit reference_builder(criteria_set criteria, score_options options = {})
      : criteria_(std::move(criteria)), options_(options), units_(criteria_.size(), unit_rows) {}

  /// Adds the rows of `piece` (accounts x criteria) after those added so far; returns `*this`.
  /// The piece is checked as kam::fit_reference checks its input, before any row is kept: an
  /// error names kam::reference_builder::add, the criterion, and the row counted from the first
  /// row added since construction or the last finish() (add the piece's own first row to map it
  /// back), and leaves the builder as it was. Throws kam::shape_mismatch for a piece with another
  /// number of columns, kam::non_finite_value, kam::out_of_bounds or kam::invalid_input for
  /// values kam::fit_reference rejects. Complexity: O(N K), plus the sort of sampled criteria.
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar> reference_builder& add(
      const Eigen::MatrixBase<Derived>& piece) {
    check(piece);
    units_.add(piece, [this](const auto& unit) { this->fit_unit(unit); });
    return *this;
  }

  /// Returns the number of rows added since construction or the last finish().
  [[nodiscard]] Eigen::Index rows() const noexcept { return units_.rows(); }

  /// Returns the reference of every row added (an empty reference, the identity of
  /// score_reference::merge, when none was) and starts over with no rows.
  [[nodiscard]] score_reference<Scalar> finish() {
    units_.flush([this](const auto& unit) { this->fit_unit(unit); });
    std::optional<score_reference<Scalar>> all = tree_.finish();
    if (all) return std::move(*all);
    return fit_reference(matrix_of<Scalar>(0, criteria_.size()), criteria_, options_);
  }

  /// Returns the criteria the rows are fitted for.
  [[nodiscard]] const criteria_set& criteria() const noexcept { return criteria_; }

 private:
  template <typename Derived>
  void check(const Eigen::MatrixBase<Derived>& piece) const {
    constexpr const char* fn = "kam::reference_builder::add";
    try {  // what kam::fit_reference checks, without fitting the samples
      constexpr const char* checked_as = "kam::fit_reference";
      detail::check_shape(piece, criteria_, checked_as, true);
      (void)detail::checked_stats(detail::direct(piece), criteria_, options_, checked_as);
    } catch (const error& e) {
      std::optional<std::ptrdiff_t> row;
      if (e.row()) row = *e.row() + rows();
      e.rethrow_at({fn, e.field(), row, e.index()});
    }
  }

  template <typename Unit>
  void fit_unit(const Unit& unit) {
    tree_.add(fit_reference(unit, criteria_, options_));
  }

  criteria_set criteria_;
  score_options options_;
  detail::row_units<Scalar> units_;
  merge_tree<score_reference<Scalar>> tree_;
};

}  // namespace kam

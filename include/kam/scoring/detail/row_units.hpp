// Not API. Rows fed piece by piece, handed on in units of a fixed number of rows (the builders of
// kam/scoring/reference_builder.hpp and kam/scoring/weight_statistics.hpp).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <kam/core/concepts.hpp>

namespace kam::detail {

/// Rows appended in pieces of any size and handed on in consecutive units of exactly
/// `unit_rows` rows (the last one shorter), so that what is computed per unit does not depend on
/// how the rows were cut into pieces. Holds one unit of rows.
template <typename Scalar>
class row_units {
 public:
  row_units(Eigen::Index cols, Eigen::Index unit_rows) : buffer_(unit_rows, cols) {}

  /// Appends the rows of `piece` (same number of columns); calls `on_unit(block)` for every unit
  /// completed, with the unit's rows as a block of a column-major matrix.
  template <typename Derived, typename OnUnit>
  void add(const Eigen::MatrixBase<Derived>& piece, OnUnit&& on_unit) {
    for (Eigen::Index r = 0; r < piece.rows();) {
      const Eigen::Index take = std::min(piece.rows() - r, buffer_.rows() - filled_);
      // Without columns there is nothing to copy, and a block of rows past the first of a matrix
      // without storage would offset its null data pointer (undefined behaviour).
      if (buffer_.cols() > 0) buffer_.middleRows(filled_, take) = piece.middleRows(r, take);
      filled_ += take;
      r += take;
      if (filled_ == buffer_.rows()) {
        on_unit(buffer_.topRows(filled_));
        filled_ = 0;
      }
    }
    rows_ += piece.rows();
  }

  /// Hands on the last, partial unit (if any) and starts over with no rows.
  template <typename OnUnit>
  void flush(OnUnit&& on_unit) {
    if (filled_ > 0) on_unit(buffer_.topRows(filled_));
    filled_ = 0;
    rows_ = 0;
  }

  /// Returns the number of rows appended since construction or the last flush.
  [[nodiscard]] Eigen::Index rows() const noexcept { return rows_; }

 private:
  matrix_of<Scalar> buffer_;
  Eigen::Index filled_ = 0;
  Eigen::Index rows_ = 0;
};

}  // namespace kam::detail

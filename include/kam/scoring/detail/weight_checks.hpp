// Not API. The checks and the last step shared by the objective weight sources.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <optional>
#include <string>

namespace kam::detail {

/// Returns the field name of column `j`: "column 2".
[[nodiscard]] inline std::string column_name(Eigen::Index j) { return detail::cat({"column ", j}); }

/// Throws for the first non-finite value of `x` (column by column, then row by row).
template <typename Derived>
void check_finite_matrix(const Eigen::MatrixBase<Derived>& x, const char* fn) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      if (!std::isfinite(x.coeff(i, j))) {
        throw non_finite_value({fn, column_name(j), i}, detail::cat({"value is ", x.coeff(i, j)}));
      }
    }
  }
}

/// Throws unless `x` has columns, at least `min_rows` rows and finite values only.
template <typename Derived>
void check_data_matrix(const Eigen::MatrixBase<Derived>& x, Eigen::Index min_rows, const char* fn) {
  if (x.cols() == 0) throw empty_input({fn, "criteria", std::nullopt}, "no criteria (no columns)");
  if (x.rows() < min_rows) {
    throw empty_input(
        {fn, "accounts", std::nullopt},
        detail::cat({"needs at least ", min_rows, " accounts (rows), got ", x.rows()}));
  }
  check_finite_matrix(x, fn);
}

/// Returns `raw / sum(raw)`, or throws when every criterion is constant (nothing to weight by).
template <typename Scalar>
vector_of<Scalar> normalized_weights(vector_of<Scalar> raw, const char* fn) {
  const Scalar sum = raw.sum();
  if (!(sum > Scalar(0))) {
    throw invalid_input({fn, "x", std::nullopt},
                        "every criterion is constant: the data cannot tell the accounts apart, so "
                        "no criterion can be weighted above another");
  }
  return raw / sum;
}

}  // namespace kam::detail

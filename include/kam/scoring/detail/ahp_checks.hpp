// Not API. Validation of AHP's pairwise comparison matrices.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <kam/core/error.hpp>
#include <optional>
#include <string>

namespace kam::detail {

/// Throws unless `a` is a pairwise comparison matrix: square, not empty, positive finite entries,
/// reciprocal within `tolerance` (a_ij a_ji = 1, so a diagonal of 1). Errors name `field` and the
/// row; the message names the entry.
template <typename Derived>
void check_pairwise(const Eigen::MatrixBase<Derived>& a, double tolerance, const char* fn,
                    const std::string& field) {
  using Scalar = typename Derived::Scalar;
  if (a.rows() != a.cols()) {
    throw shape_mismatch({fn, field, std::nullopt},
                         detail::cat({"a pairwise comparison matrix must be square, got ", a.rows(),
                                      " x ", a.cols()}));
  }
  if (a.rows() == 0) throw empty_input({fn, field, std::nullopt}, "no items to compare");
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      const Scalar v = a.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, field, i}, detail::cat({"entry (", i, ", ", j, ") is ", v}));
      }
      if (!(v > Scalar(0))) {
        throw invalid_input({fn, field, i},
                            detail::cat({"entry (", i, ", ", j, ") is ", v,
                                         "; pairwise comparisons must be positive"}));
      }
    }
  }
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = i; j < a.cols(); ++j) {
      const double product =
          static_cast<double>(a.coeff(i, j)) * static_cast<double>(a.coeff(j, i));
      if (!(std::abs(product - 1.0) <= tolerance + 1e-12)) {
        throw invalid_input(
            {fn, field, i},
            i == j ? detail::cat(
                         {"diagonal entry (", i, ", ", i, ") is ", a.coeff(i, i), "; it must be 1"})
                   : detail::cat({"entries (", i, ", ", j, ") = ", a.coeff(i, j), " and (", j, ", ",
                                  i, ") = ", a.coeff(j, i), " are not reciprocal (product ",
                                  product, ", tolerance ", tolerance, ")"}));
      }
    }
  }
}

}  // namespace kam::detail

// Not API. A plain Cholesky factorisation and solve for the small symmetric systems of the
// retention models (Newton steps, standard errors, the log-rank statistic); definitions in
// cholesky_impl.hpp. Written out rather than taken from <Eigen/Cholesky>, whose instantiation in
// non-template code tripled the compile time of <kam/retention.hpp> in header-only mode.
#pragma once

#include <cstddef>
#include <vector>

namespace kam::detail {

/// Replaces the symmetric n x n matrix `a` (row-major; only its lower triangle is read) by its
/// Cholesky factor L (lower triangle, a = L L'). Returns false, leaving `a` unspecified, unless
/// every pivot is finite and exceeds `relative_floor` times the largest diagonal entry: the
/// matrix is not positive definite to working precision.
bool cholesky_factor(std::vector<double>& a, std::size_t n, double relative_floor);

/// Solves L L' x = b in place, `l` being a factor from cholesky_factor.
void cholesky_solve(const std::vector<double>& l, std::size_t n, std::vector<double>& b);

}  // namespace kam::detail

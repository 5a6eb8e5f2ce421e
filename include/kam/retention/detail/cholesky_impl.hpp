// Not API. Definitions of kam/retention/detail/cholesky.hpp (compiled once in compiled mode).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/retention/detail/cholesky.hpp>
#include <vector>

namespace kam::detail {

KAM_INLINE bool cholesky_factor(std::vector<double>& a, std::size_t n, double relative_floor) {
  double largest = 0;
  for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, std::abs(a[i * n + i]));
  const double floor = relative_floor * largest;
  for (std::size_t j = 0; j < n; ++j) {
    double pivot = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) pivot -= a[j * n + k] * a[j * n + k];
    if (!(std::isfinite(pivot) && pivot > floor)) return false;
    const double d = std::sqrt(pivot);
    a[j * n + j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double v = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) v -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = v / d;
    }
  }
  return true;
}

KAM_INLINE void cholesky_solve(const std::vector<double>& l, std::size_t n,
                               std::vector<double>& b) {
  for (std::size_t i = 0; i < n; ++i) {  // L y = b
    double v = b[i];
    for (std::size_t k = 0; k < i; ++k) v -= l[i * n + k] * b[k];
    b[i] = v / l[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {  // L' x = y
    double v = b[i];
    for (std::size_t k = i + 1; k < n; ++k) v -= l[k * n + i] * b[k];
    b[i] = v / l[i * n + i];
  }
}

}  // namespace kam::detail

// Not API. Definitions of kam/plan/detail/student_t.hpp (compiled once in compiled mode).
#pragma once

#include <cmath>
#include <kam/core/detail/config.hpp>
#include <kam/plan/detail/student_t.hpp>
#include <numbers>

namespace kam::detail {

KAM_INLINE double student_t_central(double t, long df) {
  const double theta = std::atan(t / std::sqrt(static_cast<double>(df)));
  const double c2 = std::cos(theta) * std::cos(theta);
  if (df % 2 == 1) {
    // A = (2 / pi) [theta + sin cos (1 + 2/3 cos^2 + 2*4/(3*5) cos^4 + ... to cos^(df-3))]
    double sum = 0;
    if (df > 1) {
      double term = std::cos(theta);
      sum = term;
      for (long k = 3; k <= df - 2; k += 2) {
        term *= c2 * static_cast<double>(k - 1) / static_cast<double>(k);
        sum += term;
      }
    }
    return 2 / std::numbers::pi * (theta + std::sin(theta) * sum);
  }
  // A = sin [1 + 1/2 cos^2 + 1*3/(2*4) cos^4 + ... to cos^(df-2)]
  double term = 1;
  double sum = 1;
  for (long k = 2; k <= df - 2; k += 2) {
    term *= c2 * static_cast<double>(k - 1) / static_cast<double>(k);
    sum += term;
  }
  return std::sin(theta) * sum;
}

KAM_INLINE double student_t_two_sided(double level, long df) {
  const double root = std::sqrt(static_cast<double>(df));
  double low = 0;
  double high = std::numbers::pi / 2;
  for (int step = 0; step < 64; ++step) {
    const double mid = (low + high) / 2;
    if (student_t_central(root * std::tan(mid), df) < level) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return root * std::tan((low + high) / 2);
}

}  // namespace kam::detail

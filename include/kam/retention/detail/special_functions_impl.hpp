// Not API. Definitions of kam/retention/detail/special_functions.hpp (compiled once in compiled
// mode).
#pragma once

#include <cmath>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <optional>

namespace kam::detail {

KAM_INLINE double digamma(double x) {
  double shift = 0;
  for (; x < 10; x += 1) shift -= 1 / x;
  const double f = 1 / (x * x);
  // sum over k of B_2k / (2k x^2k), Bernoulli numbers B_2 .. B_14; the next term is below 1e-17.
  const double series =
      f * (1.0 / 12 -
           f * (1.0 / 120 -
                f * (1.0 / 252 -
                     f * (1.0 / 240 - f * (1.0 / 132 - f * (691.0 / 32760 - f * (1.0 / 12)))))));
  return shift + std::log(x) - 0.5 / x - series;
}

KAM_INLINE double hyp2f1(double a, double b, double c, double z, const char* fn, long max_terms) {
  double term = 1, sum = 1;
  for (long k = 0; k < max_terms; ++k) {
    const double kd = static_cast<double>(k);
    if (c + kd == 0) break;
    const double ratio = (a + kd) * (b + kd) / ((c + kd) * (kd + 1)) * z;
    term *= ratio;
    sum += term;
    if (std::abs(ratio) < 1 && std::abs(term) <= 1e-16 * std::abs(sum)) return sum;
  }
  throw out_of_bounds({fn, "t", std::nullopt},
                      cat({"the hypergeometric series does not converge in ", max_terms,
                           " terms; the horizon is too far beyond the data for these parameters"}));
}

/// P(a, x) = gamma(a, x) / Gamma(a) by its power series, for x < a + 1.
KAM_INLINE double lower_gamma_series(double a, double x) {
  double term = 1 / a;
  double sum = term;
  for (int n = 1; n < 100000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

/// Q(a, x) = Gamma(a, x) / Gamma(a) by its continued fraction (modified Lentz), for x >= a + 1.
KAM_INLINE double upper_gamma_fraction(double a, double x) {
  constexpr double tiny = 1e-300;
  double b = x + 1 - a;
  double c = 1 / tiny;
  double d = 1 / b;
  double h = d;
  for (int n = 1; n < 100000; ++n) {
    const double an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double step = d * c;
    h *= step;
    if (std::abs(step - 1) < 1e-16) break;
  }
  return h * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

KAM_INLINE double chi_square_upper_tail(double x, double df) {
  if (!(x > 0)) return 1;
  const double a = df / 2;
  const double half = x / 2;
  return half < a + 1 ? 1 - lower_gamma_series(a, half) : upper_gamma_fraction(a, half);
}

KAM_INLINE double log_beta(double x, double y) {
  return std::lgamma(x) + std::lgamma(y) - std::lgamma(x + y);
}

KAM_INLINE hyp2f1_derivatives hyp2f1_with_derivatives(double a, double b, double c, double z,
                                                      const char* fn, const char* field,
                                                      long max_terms) {
  hyp2f1_derivatives out;
  double term = 1, sum_a = 0, sum_b = 0, sum_c = 0;
  for (long k = 0; k < max_terms; ++k) {
    const double kd = static_cast<double>(k);
    if (c + kd == 0) break;
    const double ratio = (a + kd) * (b + kd) / ((c + kd) * (kd + 1)) * z;
    sum_a += 1 / (a + kd);
    sum_b += 1 / (b + kd);
    sum_c += 1 / (c + kd);
    term *= ratio;
    out.value += term;
    out.d_a += term * sum_a;
    out.d_b += term * sum_b;
    out.d_c -= term * sum_c;
    const double reach = std::abs(term) * (1 + std::abs(sum_a) + std::abs(sum_b) + std::abs(sum_c));
    if (std::abs(ratio) < 1 && reach <= 1e-16 * std::abs(out.value)) return out;
  }
  throw out_of_bounds({fn, field, std::nullopt},
                      cat({"the hypergeometric series does not converge in ", max_terms,
                           " terms for these parameters and data"}));
}

}  // namespace kam::detail

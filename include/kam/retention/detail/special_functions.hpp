// Not API. Special functions the retention models need, written out rather than taken from
// Boost.Math (whose special-functions headers cost more compile time than all of kam's retention
// area); definitions in special_functions_impl.hpp.
#pragma once

namespace kam::detail {

/// The digamma function psi(x) = d ln Gamma(x) / dx for x > 0: the recurrence psi(x) =
/// psi(x + 1) - 1 / x up to x >= 10, then the asymptotic series to the x^-14 term (Abramowitz &
/// Stegun 6.3.18), whose truncation error there is below 1e-17. (Stopping at x >= 6 and the
/// x^-10 term, as a first version did, leaves errors near 1e-11: enough to keep a fit's gradient
/// from vanishing to its tolerance.)
double digamma(double x);

/// The most terms of a 2F1 series kam sums (z too close to 1 beyond: an error).
inline constexpr long hyp2f1_max_terms = 10'000'000;

/// The Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 by its power series, summed
/// until a term no larger than 1e-16 of the sum follows a decreasing one. Throws
/// kam::out_of_bounds naming `fn` and 't' when c + k is 0 for some k or `max_terms` terms do not
/// suffice (z too close to 1: a horizon far beyond the data).
double hyp2f1(double a, double b, double c, double z, const char* fn,
              long max_terms = hyp2f1_max_terms);

/// P(X >= x) for X chi-square with `df` > 0 degrees of freedom: the regularised upper incomplete
/// gamma function Q(df / 2, x / 2), by its power series below x / 2 = df / 2 + 1 and by its
/// continued fraction above (Abramowitz & Stegun 6.5.29 and 6.5.31; Press et al., "Numerical
/// Recipes", 6.2), to about 1e-14 relative. Written out rather than taken from Boost.Math.
double chi_square_upper_tail(double x, double df);

/// ln B(x, y) = ln Gamma(x) + ln Gamma(y) - ln Gamma(x + y) for x, y > 0.
double log_beta(double x, double y);

/// 2F1(a, b; c; z) and its partial derivatives with respect to a, b and c.
struct hyp2f1_derivatives {
  double value = 1, d_a = 0, d_b = 0, d_c = 0;
};

/// Returns 2F1(a, b; c; z) for 0 <= z < 1 and its derivatives in a, b and c, summing the series
/// and its term-by-term derivatives (the term k carries the factor sum over j < k of 1 / (a +
/// j), of 1 / (b + j), and minus that of 1 / (c + j)). Throws as hyp2f1, naming `field`.
hyp2f1_derivatives hyp2f1_with_derivatives(double a, double b, double c, double z, const char* fn,
                                           const char* field, long max_terms = hyp2f1_max_terms);

}  // namespace kam::detail

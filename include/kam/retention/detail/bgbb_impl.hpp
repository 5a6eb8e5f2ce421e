// Not API. Definitions of kam/retention/bgbb.hpp (compiled once in compiled mode): the
// likelihood as a log-sum-exp of beta-function terms with its exact gradient, its maximisation
// (detail/newton.hpp), and the predictions.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/bgbb.hpp>
#include <kam/retention/detail/bgbb.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/detail/newton_impl.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <kam/retention/detail/special_functions_impl.hpp>
#include <vector>

namespace kam {
namespace detail {

/// One term of a row's likelihood: B(alpha + x, beta + v) / B(alpha, beta) x B(gamma + g,
/// delta + e) / B(gamma, delta). The first term (v = n - x, g = 0, e = n) is "active through
/// opportunity n"; the others (v = t_x - x + i, g = 1, e = t_x + i) "dropped out after t_x + i".
struct bgbb_term {
  double v = 0, g = 0, e = 0;
};

/// ln of a term at p (x fixed by the row).
KAM_INLINE double bgbb_log_term(const bgbb_values& p, double x, const bgbb_term& t) {
  const double al = p[0], be = p[1], ga = p[2], de = p[3];
  return log_beta(al + x, be + t.v) - log_beta(al, be) + log_beta(ga + t.g, de + t.e) -
         log_beta(ga, de);
}

/// The gradient of ln of a term with respect to (alpha, beta, gamma, delta).
KAM_INLINE bgbb_values bgbb_term_gradient(const bgbb_values& p, double x, const bgbb_term& t) {
  const double al = p[0], be = p[1], ga = p[2], de = p[3];
  const double psi_ab = digamma(al + be + x + t.v), psi_gd = digamma(ga + de + t.g + t.e);
  return {digamma(al + x) - psi_ab - digamma(al) + digamma(al + be),
          digamma(be + t.v) - psi_ab - digamma(be) + digamma(al + be),
          digamma(ga + t.g) - psi_gd - digamma(ga) + digamma(ga + de),
          digamma(de + t.e) - psi_gd - digamma(de) + digamma(ga + de)};
}

/// The terms of row (x, t_x, n).
KAM_INLINE std::vector<bgbb_term> bgbb_terms(double x, double t_x, double n) {
  std::vector<bgbb_term> terms{{n - x, 0, n}};
  for (double i = 0; i < n - t_x; ++i) terms.push_back({t_x - x + i, 1, t_x + i});
  return terms;
}

KAM_INLINE double bgbb_row_log_likelihood(const bgbb_values& p, double x, double t_x, double n,
                                          bgbb_values* grad) {
  const std::vector<bgbb_term> terms = bgbb_terms(x, t_x, n);
  std::vector<double> logs(terms.size());
  for (std::size_t j = 0; j < terms.size(); ++j) logs[j] = bgbb_log_term(p, x, terms[j]);
  const double top = *std::max_element(logs.begin(), logs.end());
  double sum = 0;
  for (const double l : logs) sum += std::exp(l - top);
  const double ll = top + std::log(sum);
  if (grad != nullptr) {
    *grad = {0, 0, 0, 0};
    for (std::size_t j = 0; j < terms.size(); ++j) {
      const double weight = std::exp(logs[j] - ll);  // the term's share of the likelihood
      const bgbb_values g = bgbb_term_gradient(p, x, terms[j]);
      for (std::size_t k = 0; k < 4; ++k) (*grad)[k] += weight * g[k];
    }
  }
  return ll;
}

KAM_INLINE double bgbb_log_likelihood_of(const bgbb_data& data, const bgbb_values& p) {
  double ll = 0;
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    if (data.count[i] == 0) continue;
    ll += data.count[i] * bgbb_row_log_likelihood(p, data.x[i], data.t_x[i], data.n[i], nullptr);
  }
  return ll;
}

KAM_INLINE bgbb_estimate fit_bgbb_data(const bgbb_data& data, const bgbb_options& options) {
  const log_likelihood_function f = [&](const std::vector<double>& u,
                                        std::vector<double>* gradient) {
    const bgbb_values p{std::exp(u[0]), std::exp(u[1]), std::exp(u[2]), std::exp(u[3])};
    double ll = 0;
    bgbb_values g{0, 0, 0, 0}, row{};
    for (std::size_t i = 0; i < data.x.size(); ++i) {
      if (data.count[i] == 0) continue;
      ll += data.count[i] * bgbb_row_log_likelihood(p, data.x[i], data.t_x[i], data.n[i],
                                                    gradient != nullptr ? &row : nullptr);
      if (gradient == nullptr) continue;
      for (std::size_t k = 0; k < 4; ++k) g[k] += data.count[i] * row[k];
    }
    if (gradient != nullptr) *gradient = {g[0] * p[0], g[1] * p[1], g[2] * p[2], g[3] * p[3]};
    return ll;
  };
  double accounts = 0;
  for (const double c : data.count) accounts += c;
  const newton_search s =
      maximize_log_likelihood(f, std::vector<double>(4, 0.0), options.max_iterations,
                              options.tolerance * std::max(accounts, 1.0));
  return estimate_of<4>(s);
}

KAM_INLINE void check_bgbb_options(const bgbb_options& options, const char* fn) {
  check_search_options(options.max_iterations, bgbb_max_iterations, options.tolerance, fn);
}

/// Throws kam::non_finite_value or kam::invalid_input naming `field` and row `i` unless `v` is
/// a whole number 0 to bgbb_max_opportunities.
KAM_INLINE void check_bgbb_whole(double v, const char* field, Eigen::Index i, const char* fn) {
  if (!std::isfinite(v)) throw non_finite_value({fn, field, i}, cat({field, " is ", v}));
  if (v < 0 || v != std::floor(v) || v > static_cast<double>(bgbb_max_opportunities)) {
    throw invalid_input({fn, field, i}, cat({field, " ", v, " is not a whole number 0 to ",
                                             bgbb_max_opportunities}));
  }
}

KAM_INLINE void check_bgbb_row(double x, double t_x, double n, std::optional<double> count,
                               Eigen::Index i, const char* fn) {
  check_bgbb_whole(x, "frequency", i, fn);
  check_bgbb_whole(t_x, "recency", i, fn);
  check_bgbb_whole(n, "opportunities", i, fn);
  if (n < 1) throw invalid_input({fn, "opportunities", i}, "opportunities is 0; it must be >= 1");
  if (t_x > n) {
    throw invalid_input({fn, "recency", i}, cat({"recency ", t_x, " exceeds opportunities ", n}));
  }
  if (x > t_x) {
    throw invalid_input({fn, "frequency", i},
                        cat({"frequency ", x, " exceeds recency ", t_x,
                             " (x transactions need x opportunities up to the last)"}));
  }
  if (x == 0 && t_x > 0) {
    throw invalid_input({fn, "recency", i},
                        cat({"recency ", t_x, " with frequency 0: recency is 0 without any"}));
  }
  if (count && !(std::isfinite(*count) && *count >= 0)) {
    throw invalid_input({fn, "count", i},
                        cat({"count is ", *count, "; it must be finite and >= 0"}));
  }
}

KAM_INLINE double bgbb_p_alive_of(const bgbb_values& p, double x, double t_x, double n) {
  const double active_next = bgbb_log_term(p, x, {n - x, 0, n + 1});
  // One term of the likelihood over their sum: at most 1, though the difference of logs can
  // round above 0 (by 1e-13 when gamma is subnormal and the lgamma terms are large). NaN (from
  // parameters too extreme to evaluate) stays NaN for the caller's check.
  const double alive = std::exp(active_next - bgbb_row_log_likelihood(p, x, t_x, n, nullptr));
  return alive > 1 ? 1.0 : alive;
}

KAM_INLINE void check_bgbb_future(double future, const bgbb_values& p, const char* fn) {
  if (!std::isfinite(future) || future < 0 || future != std::floor(future) ||
      future > static_cast<double>(bgbb_max_opportunities)) {
    throw out_of_bounds({fn, "opportunities"},
                        cat({"the future opportunities ", future, " are not a whole number 0 to ",
                             bgbb_max_opportunities}));
  }
  if (p[2] == 1) {
    throw out_of_bounds({fn, "gamma"},
                        "gamma is 1, where the expected transactions have a removable singularity "
                        "(gamma - 1 in the denominator); kam does not evaluate it there");
  }
}

/// Gamma(1 + delta + m) / Gamma(gamma + delta + m) Gamma(gamma + delta) / Gamma(1 + delta).
KAM_INLINE double bgbb_gamma_ratio(const bgbb_values& p, double m) {
  const double ga = p[2], de = p[3];
  return std::exp(std::lgamma(1 + de + m) - std::lgamma(ga + de + m) + std::lgamma(ga + de) -
                  std::lgamma(1 + de));
}

KAM_INLINE double bgbb_expected_of(const bgbb_values& p, double n) {
  const double al = p[0], be = p[1], ga = p[2], de = p[3];
  return al / (al + be) * de / (ga - 1) * (1 - bgbb_gamma_ratio(p, n));
}

KAM_INLINE double bgbb_conditional_of(const bgbb_values& p, double future, double x, double t_x,
                                      double n) {
  const double al = p[0], be = p[1], ga = p[2], de = p[3];
  const double share = std::exp(log_beta(al + x + 1, be + n - x) - log_beta(al, be) -
                                bgbb_row_log_likelihood(p, x, t_x, n, nullptr));
  return share * de / (ga - 1) * (bgbb_gamma_ratio(p, n) - bgbb_gamma_ratio(p, n + future));
}

}  // namespace detail

KAM_INLINE void validate(const bgbb_options& options) {
  detail::check_bgbb_options(options, "kam::validate");
}

}  // namespace kam

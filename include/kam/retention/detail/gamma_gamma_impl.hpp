// Not API. Definitions of kam/retention/gamma_gamma.hpp (compiled once in compiled mode): the
// likelihood and its gradient, its maximisation (detail/newton.hpp), and the predictions.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/gamma_gamma.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/detail/newton_impl.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <kam/retention/detail/special_functions_impl.hpp>
#include <kam/retention/gamma_gamma.hpp>
#include <limits>
#include <vector>

namespace kam {
namespace detail {

/// The log-likelihood of `data` at (p, q, gamma) and, when `grad` is not null, its gradient with
/// respect to (ln p, ln q, ln gamma). Per account: ln Gamma(p x + q) - ln Gamma(p x) -
/// ln Gamma(q) + q ln gamma + (p x - 1) ln m + p x ln x - (p x + q) ln(gamma + x m).
KAM_INLINE double gamma_gamma_log_likelihood_grad(const spend_data& data,
                                                  const gamma_gamma_values& v,
                                                  gamma_gamma_values* grad) {
  const double p = v[0], q = v[1], g = v[2];
  const double shared = q * std::log(g) - std::lgamma(q);
  const double psi_q = grad != nullptr ? digamma(q) : 0;
  double ll = 0;
  gamma_gamma_values d{0, 0, 0};
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    const double x = data.x[i], m = data.m[i];
    // ln(gamma + x m) without overflow where x m passes the largest double (a mean spend near
    // it): ln x + ln m + ln(1 + gamma / (x m)), whose last term is then below 1e-300.
    const double total = g + x * m;
    const double log_total =
        std::isfinite(total) ? std::log(total) : std::log(x) + std::log(m) + std::log1p(g / x / m);
    const double px = p * x;
    ll += shared + std::lgamma(px + q) - std::lgamma(px) + (px - 1) * std::log(m) +
          px * std::log(x) - (px + q) * log_total;
    if (grad == nullptr) continue;
    const double psi_pxq = digamma(px + q);
    d[0] += x * (psi_pxq - digamma(px) + std::log(m) + std::log(x) - log_total);
    d[1] += psi_pxq - psi_q + std::log(g) - log_total;
    d[2] += q / g - (px + q) / total;
  }
  if (grad != nullptr) {
    for (std::size_t k = 0; k < 3; ++k) (*grad)[k] = d[k] * v[k];  // d/d ln v = v d/dv
  }
  return ll;
}

KAM_INLINE double gamma_gamma_log_likelihood_of(const spend_data& data,
                                                const gamma_gamma_values& p) {
  return gamma_gamma_log_likelihood_grad(data, p, nullptr);
}

/// Pearson's correlation of frequency and mean spend (NaN when either is constant).
KAM_INLINE double frequency_spend_correlation(const spend_data& data) {
  const auto n = static_cast<double>(data.x.size());
  double mean_x = 0, mean_m = 0;
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    mean_x += data.x[i] / n;
    mean_m += data.m[i] / n;
  }
  double sxx = 0, smm = 0, sxm = 0;
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    const double dx = data.x[i] - mean_x, dm = data.m[i] - mean_m;
    sxx += dx * dx;
    smm += dm * dm;
    sxm += dx * dm;
  }
  const double denominator = std::sqrt(sxx * smm);
  if (!(denominator > 0)) return std::numeric_limits<double>::quiet_NaN();
  return sxm / denominator;
}

KAM_INLINE gamma_gamma_estimate fit_gamma_gamma_data(const spend_data& data,
                                                     const gamma_gamma_options& options) {
  const log_likelihood_function f = [&](const std::vector<double>& u,
                                        std::vector<double>* gradient) {
    const gamma_gamma_values v{std::exp(u[0]), std::exp(u[1]), std::exp(u[2])};
    gamma_gamma_values g{};
    const double ll = gamma_gamma_log_likelihood_grad(data, v, gradient != nullptr ? &g : nullptr);
    if (gradient != nullptr) *gradient = {g[0], g[1], g[2]};
    return ll;
  };
  const double tolerance = options.tolerance * static_cast<double>(data.x.size());
  const newton_search s =
      maximize_log_likelihood(f, std::vector<double>(3, 0.0), options.max_iterations, tolerance);
  gamma_gamma_estimate out{estimate_of<3>(s), 0.0};
  out.correlation = frequency_spend_correlation(data);
  return out;
}

KAM_INLINE double gamma_gamma_expected_of(const gamma_gamma_values& v, double x, double m,
                                          const char* fn, std::optional<Eigen::Index> row) {
  const double p = v[0], q = v[1], g = v[2];
  if (!(p * x + q > 1)) {
    throw out_of_bounds(
        {fn, "params", row},
        cat({"p x + q is ", p * x + q, "; the expected spend is infinite unless it exceeds 1"}));
  }
  const double spend = (g + x * m) * p / (p * x + q - 1);
  if (!std::isfinite(spend)) {
    throw out_of_bounds(
        {fn, "mean_spend", row},
        cat({"the expected spend (", g, " + ", x, " x ", m, ") ", p, " / (", p, " x ", x, " + ", q,
             " - 1) exceeds the range of double; rescale ", "the spend"}));
  }
  return spend;
}

KAM_INLINE void check_spend_account(double x, double m, Eigen::Index i, const char* fn) {
  if (!std::isfinite(x)) throw non_finite_value({fn, "frequency", i}, cat({"frequency is ", x}));
  if (x < 0 || x != std::floor(x)) {
    throw invalid_input(
        {fn, "frequency", i},
        cat({"frequency ", x, " is not a whole number >= 0 (repeat transactions)"}));
  }
  if (x == 0) return;
  if (!std::isfinite(m)) throw non_finite_value({fn, "mean_spend", i}, cat({"mean spend is ", m}));
  if (!(m > 0)) {
    throw invalid_input({fn, "mean_spend", i}, cat({"mean spend ", m,
                                                    " is not positive (an account with repeat "
                                                    "transactions spent something)"}));
  }
}

KAM_INLINE void check_gamma_gamma_options(const gamma_gamma_options& options, const char* fn) {
  check_search_options(options.max_iterations, std::numeric_limits<int>::max(), options.tolerance,
                       fn);
  const double w = options.correlation_warning;
  if (!(w >= 0 && w <= 1)) {
    throw invalid_input({fn, "correlation_warning"},
                        cat({"correlation_warning is ", w, "; it must be in [0, 1]"}));
  }
}

}  // namespace detail

KAM_INLINE void validate(const gamma_gamma_options& options) {
  detail::check_gamma_gamma_options(options, "kam::validate");
}

}  // namespace kam

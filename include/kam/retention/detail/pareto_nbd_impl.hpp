// Not API. Definitions of kam/retention/pareto_nbd.hpp (compiled once in compiled mode).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/detail/newton_impl.hpp>
#include <kam/retention/detail/pareto_nbd.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <kam/retention/detail/special_functions_impl.hpp>
#include <kam/retention/pareto_nbd.hpp>
#include <limits>
#include <vector>

namespace kam {
namespace detail {

/// ln F(tau) = ln 2F1(a, b; a + 1; z) - a ln(rho + tau), with a = r + s + x and, when alpha >=
/// beta, rho = alpha, b = s + 1, z = (alpha - beta) / (alpha + tau); otherwise rho = beta, b = r +
/// x, z = (beta - alpha) / (beta + tau) (Fader & Hardie 2005, "A note on deriving the
/// Pareto/NBD model and related expressions", eq. 21-22). F(t_x) - F(T) is the gone part's
/// integral, and `grad` receives the gradient of ln F in (r, alpha, s, beta).
KAM_INLINE double pareto_nbd_log_f(const pareto_nbd_values& p, double x, double tau,
                                   pareto_nbd_values* grad, const char* fn, long max_terms) {
  const double r = p[0], al = p[1], s = p[2], be = p[3];
  const bool alpha_side = al >= be;
  const double a = r + s + x, b = alpha_side ? s + 1 : r + x, rho = alpha_side ? al : be;
  const double z = std::abs(al - be) / (rho + tau);
  const hyp2f1_derivatives h = hyp2f1_with_derivatives(a, b, a + 1, z, fn, "params", max_terms);
  const double log_rho = std::log(rho + tau);
  if (grad != nullptr) {
    const double h_z = a * b / (a + 1) * hyp2f1(a + 1, b + 1, a + 2, z, fn, max_terms) / h.value;
    const double h_a = (h.d_a + h.d_c) / h.value, h_b = h.d_b / h.value;
    // dz / d(alpha, beta) on each side; d a = d c = 1 for r and s.
    const double dz_al = alpha_side ? (be + tau) / ((al + tau) * (al + tau)) : -1 / (be + tau);
    const double dz_be = alpha_side ? -1 / (al + tau) : (al + tau) / ((be + tau) * (be + tau));
    (*grad)[0] = h_a + (alpha_side ? 0.0 : h_b) - log_rho;
    (*grad)[1] = h_z * dz_al - (alpha_side ? a / (al + tau) : 0.0);
    (*grad)[2] = h_a + (alpha_side ? h_b : 0.0) - log_rho;
    (*grad)[3] = h_z * dz_be - (alpha_side ? 0.0 : a / (be + tau));
  }
  return std::log(h.value) - a * log_rho;
}

KAM_INLINE pareto_nbd_parts pareto_nbd_account(const pareto_nbd_values& p, double x, double t_x,
                                               double age, pareto_nbd_values* grad, const char* fn,
                                               long max_terms) {
  const double r = p[0], al = p[1], s = p[2], be = p[3];
  const double a = r + s + x;
  pareto_nbd_parts out;
  out.head = std::lgamma(r + x) - std::lgamma(r) + r * std::log(al) + s * std::log(be);
  out.alive = -(r + x) * std::log(al + age) - s * std::log(be + age);
  out.gone = -std::numeric_limits<double>::infinity();
  pareto_nbd_values f_t{}, f_age{};
  double q = 1;  // F(T) / F(t_x)
  if (age > t_x) {
    const double log_f_t =
        pareto_nbd_log_f(p, x, t_x, grad != nullptr ? &f_t : nullptr, fn, max_terms);
    const double log_f_age =
        pareto_nbd_log_f(p, x, age, grad != nullptr ? &f_age : nullptr, fn, max_terms);
    q = std::exp(log_f_age - log_f_t);
    if (q < 1) out.gone = std::log(s / a) + log_f_t + std::log1p(-q);
  }
  if (grad == nullptr) return out;
  const double total = std::max(out.alive, out.gone);
  const double log_sum = total + std::log(std::exp(out.alive - total) + std::exp(out.gone - total));
  const double w_gone = std::exp(out.gone - log_sum), w_alive = 1 - w_gone;
  const pareto_nbd_values d_head{digamma(r + x) - digamma(r) + std::log(al), r / al, std::log(be),
                                 s / be};
  const pareto_nbd_values d_alive{-std::log(al + age), -(r + x) / (al + age), -std::log(be + age),
                                  -s / (be + age)};
  for (std::size_t k = 0; k < 4; ++k) {
    double d_gone = 0;
    if (w_gone > 0) {
      d_gone = (f_t[k] - q * f_age[k]) / (1 - q) - (k == 0 || k == 2 ? 1 / a : 0.0) +
               (k == 2 ? 1 / s : 0.0);
    }
    (*grad)[k] = d_head[k] + w_alive * d_alive[k] + w_gone * d_gone;
  }
  return out;
}

/// ln(e^u + e^v) for u, v of which at most one is -infinity.
KAM_INLINE double log_add(double u, double v) {
  const double top = std::max(u, v);
  return top + std::log(std::exp(u - top) + std::exp(v - top));
}

KAM_INLINE double pareto_nbd_log_likelihood_of(const rfm_data& data, const pareto_nbd_values& p,
                                               const char* fn) {
  double ll = 0;
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    const pareto_nbd_parts u =
        pareto_nbd_account(p, data.x[i], data.t_x[i], data.age[i], nullptr, fn);
    ll += u.head + log_add(u.alive, u.gone);
  }
  return ll;
}

KAM_INLINE pareto_nbd_estimate fit_pareto_nbd_data(const rfm_data& data,
                                                   const pareto_nbd_options& options,
                                                   const char* fn) {
  const rfm_groups groups = group_rfm(data);
  const log_likelihood_function f = [&](const std::vector<double>& u,
                                        std::vector<double>* gradient) {
    const pareto_nbd_values p{std::exp(u[0]), std::exp(u[1]), std::exp(u[2]), std::exp(u[3])};
    double ll = 0;
    pareto_nbd_values g{0, 0, 0, 0}, one{};
    for (std::size_t i = 0; i < groups.x.size(); ++i) {
      const double n = groups.count[i];
      pareto_nbd_parts v;
      try {
        v = pareto_nbd_account(p, groups.x[i], groups.t_x[i], groups.age[i],
                               gradient != nullptr ? &one : nullptr, fn, pareto_nbd_search_terms);
      } catch (const out_of_bounds&) {
        // A series too slow to sum (z near 1): a point the search does not take (NaN).
        if (gradient != nullptr) gradient->assign(4, std::numeric_limits<double>::quiet_NaN());
        return std::numeric_limits<double>::quiet_NaN();
      }
      ll += n * (v.head + log_add(v.alive, v.gone));
      if (gradient == nullptr) continue;
      for (std::size_t k = 0; k < 4; ++k) g[k] += n * one[k];
    }
    if (gradient != nullptr) *gradient = {g[0] * p[0], g[1] * p[1], g[2] * p[2], g[3] * p[3]};
    return ll;
  };
  const double tolerance = options.tolerance * static_cast<double>(data.x.size());
  return estimate_of<4>(
      maximize_log_likelihood(f, std::vector<double>(4, 0.0), options.max_iterations, tolerance));
}

KAM_INLINE void check_pareto_nbd_options(const pareto_nbd_options& options, const char* fn) {
  check_search_options(options.max_iterations, pareto_nbd_max_iterations, options.tolerance, fn);
}

KAM_INLINE double pareto_nbd_p_alive_of(const pareto_nbd_values& p, double x, double t_x,
                                        double age, const char* fn) {
  const pareto_nbd_parts u = pareto_nbd_account(p, x, t_x, age, nullptr, fn);
  return std::exp(u.alive - log_add(u.alive, u.gone));
}

KAM_INLINE double pareto_nbd_horizon_factor(double s, double b, double t) {
  const double log_ratio = std::log(b / (b + t));  // <= 0
  const double e = s - 1;
  if (std::abs(e * log_ratio) < 1e-8) return -log_ratio * (1 + e * log_ratio / 2);
  return -std::expm1(e * log_ratio) / e;
}

KAM_INLINE double pareto_nbd_conditional_of(const pareto_nbd_values& p, double t, double x,
                                            double t_x, double age, const char* fn) {
  const double rate = (p[0] + x) / (p[1] + age) * (p[3] + age);
  return rate * pareto_nbd_horizon_factor(p[2], p[3] + age, t) *
         pareto_nbd_p_alive_of(p, x, t_x, age, fn);
}

}  // namespace detail

KAM_INLINE void validate(const pareto_nbd_options& options) {
  detail::check_pareto_nbd_options(options, "kam::validate");
}

}  // namespace kam

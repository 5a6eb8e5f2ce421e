// Not API. Definitions of kam/retention/bgnbd_covariates.hpp (compiled once in compiled mode):
// each account's own (r, alpha_i, a_i, b_i) from log-linear links, its likelihood and gradient,
// and the fit by the shared damped Newton search.
#pragma once

#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/bgnbd_covariates.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/bgnbd_covariates.hpp>
#include <kam/retention/detail/bgnbd_impl.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/detail/newton_impl.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <kam/retention/detail/special_functions_impl.hpp>
#include <vector>

namespace kam {
namespace detail {

KAM_INLINE double bgnbd_account_log_likelihood(const bgnbd_values& p, double x, double t_x,
                                               double age, bgnbd_values* grad) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double log_alpha_age = std::log(al + age);
  const double log_ratio = x > 0 ? log_alpha_age - std::log(al + t_x) : 0.0;
  const mixture_weight m =
      x > 0 ? mixture_weight_of(std::log(a / (b + x - 1)) + (r + x) * log_ratio) : mixture_weight{};
  const double ll = std::lgamma(a + b) - std::lgamma(b) - std::lgamma(r) + r * std::log(al) +
                    std::lgamma(r + x) + std::lgamma(b + x) - std::lgamma(a + b + x) -
                    (r + x) * log_alpha_age + m.log_sum;
  if (grad != nullptr) {
    const double w2 = m.second, psi_ab = digamma(a + b), psi_abx = digamma(a + b + x);
    (*grad)[0] = r * (digamma(r + x) - digamma(r) + std::log(al) - log_alpha_age + w2 * log_ratio);
    (*grad)[1] =
        al * (r / al - (r + x) / (al + age) + w2 * (r + x) * (1 / (al + age) - 1 / (al + t_x)));
    (*grad)[2] = a * (psi_ab - psi_abx + w2 / a);
    (*grad)[3] =
        b * (digamma(b + x) - psi_abx - digamma(b) + psi_ab - (x > 0 ? w2 / (b + x - 1) : 0.0));
  }
  return ll;
}

/// The dot product of `coefficients` with `row`.
KAM_INLINE double dot(const std::vector<double>& coefficients, const double* row) {
  double sum = 0;
  for (std::size_t k = 0; k < coefficients.size(); ++k) sum += coefficients[k] * row[k];
  return sum;
}

KAM_INLINE bgnbd_values bgnbd_account_values(const bgnbd_covariate_values& p,
                                             const covariate_rows& purchase,
                                             const covariate_rows& dropout, std::size_t i) {
  const double* z = purchase.row(i);
  const double* w = dropout.row(i);
  return {p.base[0], p.base[1] * std::exp(-dot(p.purchase, z)),
          p.base[2] * std::exp(dot(p.dropout_a, w)), p.base[3] * std::exp(dot(p.dropout_b, w))};
}

KAM_INLINE bgnbd_values checked_account_values(const bgnbd_covariate_values& p,
                                               const covariate_rows& purchase,
                                               const covariate_rows& dropout, std::size_t i,
                                               const char* fn) {
  const bgnbd_values v = bgnbd_account_values(p, purchase, dropout, i);
  const auto fits = [](double x) { return std::isfinite(x) && x > 0; };
  if (!fits(v[1]) || !fits(v[2]) || !fits(v[3])) {
    throw out_of_bounds({fn, fits(v[1]) ? "dropout_covariates" : "purchase_covariates",
                         static_cast<std::ptrdiff_t>(i)},
                        cat({"the account's own parameters (alpha ", v[1], ", a ", v[2], ", b ",
                             v[3], ") are not positive and finite: its covariates times the ",
                             "coefficients exceed the range of exp"}));
  }
  return v;
}

KAM_INLINE double bgnbd_covariate_log_likelihood_of(const rfm_data& data,
                                                    const covariate_rows& purchase,
                                                    const covariate_rows& dropout,
                                                    const bgnbd_covariate_values& p) {
  double ll = 0;
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    ll += bgnbd_account_log_likelihood(bgnbd_account_values(p, purchase, dropout, i), data.x[i],
                                       data.t_x[i], data.age[i], nullptr);
  }
  return ll;
}

/// The search variables u = (ln r, ln alpha, ln a, ln b, purchase, dropout_a, dropout_b) as
/// parameters.
KAM_INLINE bgnbd_covariate_values decode_covariate_search(const std::vector<double>& u,
                                                          std::size_t kp, std::size_t kd) {
  bgnbd_covariate_values p;
  for (std::size_t k = 0; k < 4; ++k) p.base[k] = std::exp(u[k]);
  const auto begin = u.begin() + 4;
  p.purchase.assign(begin, begin + static_cast<std::ptrdiff_t>(kp));
  p.dropout_a.assign(begin + static_cast<std::ptrdiff_t>(kp),
                     begin + static_cast<std::ptrdiff_t>(kp + kd));
  p.dropout_b.assign(begin + static_cast<std::ptrdiff_t>(kp + kd),
                     begin + static_cast<std::ptrdiff_t>(kp + 2 * kd));
  return p;
}

/// Adds account i's gradient in the log-parameters of its own values, `g`, to the gradient in
/// u: alpha_i = alpha e^(-purchase . z), a_i = a e^(dropout_a . w), b_i = b e^(dropout_b . w).
KAM_INLINE void add_covariate_gradient(const bgnbd_values& g, const double* z, std::size_t kp,
                                       const double* w, std::size_t kd, std::vector<double>& out) {
  for (std::size_t k = 0; k < 4; ++k) out[k] += g[k];
  for (std::size_t k = 0; k < kp; ++k) out[4 + k] -= z[k] * g[1];
  for (std::size_t k = 0; k < kd; ++k) {
    out[4 + kp + k] += w[k] * g[2];
    out[4 + kp + kd + k] += w[k] * g[3];
  }
}

KAM_INLINE bgnbd_covariate_estimate fit_bgnbd_covariates_data(const rfm_data& data,
                                                              const covariate_rows& purchase,
                                                              const covariate_rows& dropout,
                                                              const bgnbd_options& options) {
  const std::size_t kp = purchase.cols, kd = dropout.cols, dims = 4 + kp + 2 * kd;
  const log_likelihood_function f = [&](const std::vector<double>& u,
                                        std::vector<double>* gradient) {
    const bgnbd_covariate_values p = decode_covariate_search(u, kp, kd);
    if (gradient != nullptr) gradient->assign(dims, 0.0);
    double ll = 0;
    bgnbd_values g{};
    for (std::size_t i = 0; i < data.x.size(); ++i) {
      const bgnbd_values own = bgnbd_account_values(p, purchase, dropout, i);
      ll += bgnbd_account_log_likelihood(own, data.x[i], data.t_x[i], data.age[i],
                                         gradient != nullptr ? &g : nullptr);
      if (gradient != nullptr)
        add_covariate_gradient(g, purchase.row(i), kp, dropout.row(i), kd, *gradient);
    }
    return ll;
  };
  const double tolerance = options.tolerance * static_cast<double>(data.x.size());
  const newton_search s =
      maximize_log_likelihood(f, std::vector<double>(dims, 0.0), options.max_iterations, tolerance);
  bgnbd_covariate_estimate out;
  out.params = decode_covariate_search(s.u, kp, kd);
  out.log_likelihood = s.log_likelihood;
  out.status = s.status;
  out.iterations = s.iterations;
  out.gradient_norm = euclidean_norm(s.gradient);
  out.std_error = log_standard_errors(s);
  if (out.std_error) {  // the four base parameters are e^u: delta method
    for (std::size_t k = 0; k < 4; ++k) (*out.std_error)[k] *= out.params.base[k];
  }
  return out;
}

KAM_INLINE void check_covariate_count(std::size_t cols, const char* field, const char* fn) {
  if (cols > static_cast<std::size_t>(bgnbd_max_covariates)) {
    throw invalid_input({fn, field}, cat({"has ", cols, " columns; at most ", bgnbd_max_covariates,
                                          " covariates are fitted"}));
  }
}

}  // namespace detail
}  // namespace kam

// Not API. Definitions of kam/retention/bgnbd.hpp (compiled once in compiled mode): the
// likelihood and its gradient, the damped Newton search, and the predictions.
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/detail/bgnbd.hpp>

namespace kam {
namespace detail {

/// The digamma function psi(x) = d ln Gamma(x) / dx for x > 0: the recurrence psi(x) =
/// psi(x + 1) - 1 / x up to x >= 6, then the asymptotic series (Abramowitz & Stegun 6.3.18),
/// accurate to about 1e-15 there.
KAM_INLINE double digamma(double x) {
  double shift = 0;
  for (; x < 6; x += 1) shift -= 1 / x;
  const double f = 1 / (x * x);
  const double series =
      f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
  return shift + std::log(x) - 0.5 / x - series;
}

/// log(1 + e^d) without overflow.
KAM_INLINE double softplus(double d) {
  return d > 0 ? d + std::log1p(std::exp(-d)) : std::log1p(std::exp(d));
}

/// The log-likelihood of `data` at p = (r, alpha, a, b) and, when `grad` is not null, its
/// gradient with respect to (ln r, ln alpha, ln a, ln b). One account's likelihood is
/// e^A (e^l1 + [x > 0] e^l2) with A = ln Gamma(r + x) - ln Gamma(r) + r ln alpha, l1 = C +
/// ln Gamma(b + x) - (r + x) ln(alpha + T), l2 = C + ln a + ln Gamma(b + x - 1) - (r + x)
/// ln(alpha + t_x) and C = ln Gamma(a + b) - ln Gamma(b) - ln Gamma(a + b + x) (the beta
/// functions of Fader, Hardie & Lee 2005, eq. 6, with ln Gamma(a) cancelled); ln(e^l1 + e^l2) =
/// l1 + softplus(D) with D = l2 - l1 = ln(a / (b + x - 1)) + (r + x) ln((alpha + T) / (alpha +
/// t_x)).
KAM_INLINE double bgnbd_log_likelihood_grad(const rfm_data& data, const bgnbd_values& p,
                                            bgnbd_values* grad) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double shared = std::lgamma(a + b) - std::lgamma(b) - std::lgamma(r) + r * std::log(al);
  const double psi_r = digamma(r), psi_ab = digamma(a + b), psi_b = digamma(b);
  double ll = 0;
  bgnbd_values g{0, 0, 0, 0};
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    const double x = data.x[i], log_alpha_age = std::log(al + data.age[i]);
    double l1 = shared + std::lgamma(r + x) + std::lgamma(b + x) - std::lgamma(a + b + x) -
                (r + x) * log_alpha_age;
    double d = 0, w2 = 0;
    if (x > 0) {
      d = std::log(a / (b + x - 1)) + (r + x) * (log_alpha_age - std::log(al + data.t_x[i]));
      ll += l1 + softplus(d);
      w2 = 1 / (1 + std::exp(-d));  // the weight of the second term
    } else {
      ll += l1;
    }
    if (grad == nullptr) continue;
    const double psi_abx = digamma(a + b + x);
    const double log_ratio = log_alpha_age - std::log(al + data.t_x[i]);
    g[0] += digamma(r + x) - psi_r + std::log(al) - log_alpha_age + w2 * log_ratio;
    g[1] += r / al - (r + x) / (al + data.age[i]) +
            w2 * (r + x) * (1 / (al + data.age[i]) - 1 / (al + data.t_x[i]));
    g[2] += psi_ab - psi_abx + w2 / a;
    g[3] += digamma(b + x) - psi_abx - psi_b + psi_ab - (x > 0 ? w2 / (b + x - 1) : 0.0);
  }
  if (grad != nullptr) {
    for (std::size_t k = 0; k < 4; ++k) (*grad)[k] = g[k] * p[k];  // d/d ln p = p d/dp
  }
  return ll;
}

KAM_INLINE double bgnbd_log_likelihood_of(const rfm_data& data, const bgnbd_values& p) {
  return bgnbd_log_likelihood_grad(data, p, nullptr);
}

/// Where the search over u = (ln r, ln alpha, ln a, ln b) stands.
struct bgnbd_search_state {
  Eigen::Vector4d u = Eigen::Vector4d::Zero();
  Eigen::Vector4d g = Eigen::Vector4d::Zero();  ///< the gradient at u
  Eigen::Matrix4d h = Eigen::Matrix4d::Zero();  ///< the Hessian at u
  double ll = 0;
  double lambda = 1e-3;
  double last_step = 1;
};

/// The parameters at log-parameters `u`.
KAM_INLINE bgnbd_values bgnbd_at(const Eigen::Vector4d& u) {
  return {std::exp(u(0)), std::exp(u(1)), std::exp(u(2)), std::exp(u(3))};
}

/// The log-likelihood and gradient at `u`, and the Hessian by central differences of the exact
/// gradient (step 1e-5 in log units), symmetrised.
KAM_INLINE double bgnbd_evaluate(const rfm_data& data, const Eigen::Vector4d& u, Eigen::Vector4d& g,
                                 Eigen::Matrix4d& h) {
  bgnbd_values gv{};
  const double ll = bgnbd_log_likelihood_grad(data, bgnbd_at(u), &gv);
  g = Eigen::Vector4d(gv[0], gv[1], gv[2], gv[3]);
  constexpr double step = 1e-5;
  for (Eigen::Index j = 0; j < 4; ++j) {
    Eigen::Vector4d up = u, down = u;
    up(j) += step;
    down(j) -= step;
    bgnbd_values gu{}, gd{};
    (void)bgnbd_log_likelihood_grad(data, bgnbd_at(up), &gu);
    (void)bgnbd_log_likelihood_grad(data, bgnbd_at(down), &gd);
    for (Eigen::Index k = 0; k < 4; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      h(k, j) = (gu[kk] - gd[kk]) / (2 * step);
    }
  }
  h = (0.5 * (h + h.transpose())).eval();
  return ll;
}

/// Takes one damped Newton step from `st` (Levenberg-Marquardt): solves (-H + lambda D) s = g
/// with D = diag(max(1, |H_kk|)), raising lambda until the step (at most 5 log units long)
/// improves the likelihood (at most 60 tries). Returns false, leaving `st`, if none does.
KAM_INLINE bool bgnbd_damped_step(const rfm_data& data, bgnbd_search_state& st) {
  for (int tries = 0; tries < 60; ++tries, st.lambda *= 10) {
    Eigen::Matrix4d m = -st.h;
    for (Eigen::Index k = 0; k < 4; ++k) m(k, k) += st.lambda * std::max(1.0, std::abs(st.h(k, k)));
    const Eigen::LLT<Eigen::Matrix4d> llt(m);
    if (llt.info() != Eigen::Success) continue;
    Eigen::Vector4d s = llt.solve(st.g);
    if (!s.allFinite()) continue;
    if (s.norm() > 5) s *= 5 / s.norm();
    const Eigen::Vector4d u = st.u + s;
    Eigen::Vector4d g;
    Eigen::Matrix4d h;
    const double ll = bgnbd_evaluate(data, u, g, h);
    if (std::isfinite(ll) && ll >= st.ll && g.allFinite() && h.allFinite()) {
      st.last_step = s.norm();
      st.u = u;
      st.g = g;
      st.h = h;
      st.ll = ll;
      st.lambda = std::max(st.lambda / 10, 1e-12);
      return true;
    }
  }
  return false;
}

/// |ln p| beyond this for any parameter: the estimate is degenerate (fit_status::boundary).
inline constexpr double bgnbd_edge = 15;

/// Steps from `st` until the gradient vanishes, the search leaves the edge, no step improves
/// the likelihood or the iterations run out; returns why it stopped and sets `iterations`.
KAM_INLINE fit_status bgnbd_search(const rfm_data& data, const bgnbd_options& options,
                                   bgnbd_search_state& st, int& iterations) {
  const double scale = options.tolerance * static_cast<double>(data.x.size());
  fit_status status = fit_status::max_iterations;
  int it = 0;
  for (; it < options.max_iterations; ++it) {
    const double gnorm = st.g.norm();
    if (gnorm <= scale && st.last_step <= 1e-9) {
      status = fit_status::converged;
      break;
    }
    if (st.u.cwiseAbs().maxCoeff() > bgnbd_edge) {
      status = fit_status::boundary;
      break;
    }
    if (!bgnbd_damped_step(data, st)) {
      if (gnorm <= scale) status = fit_status::converged;
      break;
    }
  }
  iterations = it;
  return status;
}

KAM_INLINE bgnbd_estimate fit_bgnbd_data(const rfm_data& data, const bgnbd_options& options) {
  bgnbd_search_state st;
  st.ll = bgnbd_evaluate(data, st.u, st.g, st.h);
  bgnbd_estimate out;
  out.status = bgnbd_search(data, options, st, out.iterations);
  out.params = bgnbd_at(st.u);
  out.log_likelihood = st.ll;
  out.gradient_norm = st.g.norm();
  if (out.status == fit_status::converged) {
    // Covariance of u = inverse of the observed information -H; delta method to p = e^u.
    const Eigen::LDLT<Eigen::Matrix4d> info(-st.h);
    if (info.info() == Eigen::Success && info.isPositive() && info.vectorD().minCoeff() > 0) {
      const Eigen::Matrix4d cov = info.solve(Eigen::Matrix4d::Identity());
      bgnbd_values se{};
      for (std::size_t k = 0; k < 4; ++k) {
        se[k] = out.params[k] *
                std::sqrt(cov(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)));
      }
      out.std_error = se;
    }
  }
  return out;
}

KAM_INLINE void check_bgnbd_options(const bgnbd_options& options, const char* fn) {
  if (options.max_iterations < 1) {
    throw invalid_input({fn, "max_iterations"},
                        cat({"max_iterations is ", options.max_iterations, "; it must be >= 1"}));
  }
  if (!(std::isfinite(options.tolerance) && options.tolerance > 0)) {
    throw invalid_input({fn, "tolerance"},
                        cat({"tolerance is ", options.tolerance, "; it must be positive"}));
  }
}

KAM_INLINE void check_rfm_account(double x, double t_x, double age, Eigen::Index i,
                                  const char* fn) {
  if (!std::isfinite(x)) throw non_finite_value({fn, "frequency", i}, cat({"frequency is ", x}));
  if (!std::isfinite(t_x)) throw non_finite_value({fn, "recency", i}, cat({"recency is ", t_x}));
  if (!std::isfinite(age)) throw non_finite_value({fn, "age", i}, cat({"age is ", age}));
  if (x < 0 || x != std::floor(x)) {
    throw invalid_input(
        {fn, "frequency", i},
        cat({"frequency ", x, " is not a whole number >= 0 (repeat transactions)"}));
  }
  if (t_x < 0) throw invalid_input({fn, "recency", i}, cat({"recency ", t_x, " is negative"}));
  if (x == 0 && t_x > 0) {
    throw invalid_input({fn, "recency", i}, cat({"recency ", t_x,
                                                 " with frequency 0: an account without a repeat "
                                                 "transaction has recency 0"}));
  }
  if (t_x > age) {
    throw invalid_input({fn, "recency", i},
                        cat({"recency ", t_x, " exceeds age ", age, " (the time observed)"}));
  }
}

KAM_INLINE double bgnbd_p_alive_of(const bgnbd_values& p, double x, double t_x, double age) {
  if (x == 0) return 1;
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double d = std::log(a / (b + x - 1)) + (r + x) * std::log((al + age) / (al + t_x));
  return 1 / (1 + std::exp(d));
}

KAM_INLINE void check_bgnbd_horizon(double t, const bgnbd_values& p, const char* fn) {
  if (!(std::isfinite(t) && t >= 0)) {
    throw out_of_bounds({fn, "t", std::nullopt}, cat({"t is ", t, "; it must be finite and >= 0"}));
  }
  if (p[2] == 1) {
    throw out_of_bounds({fn, "a", std::nullopt},
                        "a is 1, where the expected transactions have a removable singularity "
                        "(a - 1 in the denominator); kam does not evaluate it there");
  }
}

/// The Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 by its power series, summed
/// until a term no larger than 1e-16 of the sum follows a decreasing one. Throws
/// kam::out_of_bounds naming `fn` and 't' when c + k is 0 for some k or 1e7 terms do not suffice
/// (z too close to 1: a horizon far beyond the data).
KAM_INLINE double hyp2f1(double a, double b, double c, double z, const char* fn) {
  double term = 1, sum = 1;
  for (long k = 0; k < 10'000'000; ++k) {
    const double kd = static_cast<double>(k);
    if (c + kd == 0) break;
    const double ratio = (a + kd) * (b + kd) / ((c + kd) * (kd + 1)) * z;
    term *= ratio;
    sum += term;
    if (std::abs(ratio) < 1 && std::abs(term) <= 1e-16 * std::abs(sum)) return sum;
  }
  throw out_of_bounds({fn, "t", std::nullopt},
                      "the hypergeometric series does not converge in 1e7 terms; the horizon is "
                      "too far beyond the data for these parameters");
}

KAM_INLINE double bgnbd_expected_of(const bgnbd_values& p, double t, const char* fn) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double z = t / (al + t);
  return (a + b - 1) / (a - 1) * (1 - std::pow(al / (al + t), r) * hyp2f1(r, b, a + b - 1, z, fn));
}

KAM_INLINE double bgnbd_conditional_of(const bgnbd_values& p, double t, double x, double t_x,
                                       double age, const char* fn) {
  const double r = p[0], al = p[1], a = p[2], b = p[3];
  const double z = t / (al + age + t);
  const double f = hyp2f1(r + x, b + x, a + b + x - 1, z, fn);
  const double head =
      (a + b + x - 1) / (a - 1) * (1 - std::pow((al + age) / (al + age + t), r + x) * f);
  return head * bgnbd_p_alive_of(p, x, t_x, age);
}

}  // namespace detail

KAM_INLINE void validate(const bgnbd_options& options) {
  detail::check_bgnbd_options(options, "kam::validate");
}

}  // namespace kam

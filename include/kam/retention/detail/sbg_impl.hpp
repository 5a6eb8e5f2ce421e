// Not API. Definitions of kam/retention/sbg.hpp (compiled once in compiled mode): the
// log-likelihood, its maximisation by damped Newton steps, and the discounted-lifetime series.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/sbg.hpp>
#include <kam/retention/sbg.hpp>
#include <optional>

namespace kam::detail {

/// The sBG log-likelihood at (alpha, beta) = (e^u, e^v), with its gradient and Hessian in (u, v).
/// ln S(t) = sum_{k<=t} ln(b_k / a_k), a_k = alpha + beta + k - 1, b_k = beta + k - 1 (the
/// product form of B(alpha, beta + t) / B(alpha, beta)), and ln P(t) = ln S(t - 1) + ln alpha -
/// ln a_t: exact, and free of the cancellation of lgamma differences.
KAM_INLINE double sbg_log_likelihood_uv(const sbg_counts& n, double u, double v, double* grad,
                                        double* hess) {
  const double al = std::exp(u);
  const double be = std::exp(v);
  double ll = 0;
  double ls = 0;                     // ln S(t - 1)
  double sa = 0, sb = 0;             // d ln S / d alpha, d beta
  double saa = 0, sab = 0, sbb = 0;  // second derivatives
  double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
  for (std::size_t t = 1; t < n.churned.size(); ++t) {
    const double a = al + be + static_cast<double>(t) - 1;
    const double b = be + static_cast<double>(t) - 1;
    const double d = n.churned[t];
    if (d > 0) {
      ll += d * (ls + std::log(al) - std::log(a));
      ga += d * (sa + 1 / al - 1 / a);
      gb += d * (sb - 1 / a);
      haa += d * (saa - 1 / (al * al) + 1 / (a * a));
      hab += d * (sab + 1 / (a * a));
      hbb += d * (sbb + 1 / (a * a));
    }
    ls += std::log(b) - std::log(a);
    sa -= 1 / a;
    sb += 1 / b - 1 / a;
    saa += 1 / (a * a);
    sab += 1 / (a * a);
    sbb += 1 / (a * a) - 1 / (b * b);
    const double c = n.censored[t];
    if (c > 0) {
      ll += c * ls;
      ga += c * sa;
      gb += c * sb;
      haa += c * saa;
      hab += c * sab;
      hbb += c * sbb;
    }
  }
  if (grad != nullptr) {
    grad[0] = al * ga;
    grad[1] = be * gb;
  }
  if (hess != nullptr) {
    hess[0] = al * al * haa + al * ga;
    hess[1] = al * be * hab;
    hess[2] = be * be * hbb + be * gb;
  }
  return ll;
}

/// The maximum log-likelihood of the geometric model (every account churns with the same theta),
/// the limit of the sBG as alpha and beta grow with alpha / (alpha + beta) = theta fixed:
/// D ln theta + (E - D) ln(1 - theta) at theta = D / E, with D the churned accounts and E the
/// renewal decisions they all faced (t for an account that churned or was last seen at t).
KAM_INLINE double sbg_geometric_log_likelihood(const sbg_counts& n) {
  double churned = 0, decisions = 0;
  for (std::size_t t = 1; t < n.churned.size(); ++t) {
    churned += n.churned[t];
    decisions += static_cast<double>(t) * (n.churned[t] + n.censored[t]);
  }
  const double kept = decisions - churned;
  double ll = 0;
  if (churned > 0) ll += churned * std::log(churned / decisions);
  if (kept > 0) ll += kept * std::log(kept / decisions);
  return ll;
}

KAM_INLINE void check_sbg_options(const sbg_options& options, const char* fn) {
  if (options.max_iterations < 1) {
    throw invalid_input({fn, "max_iterations", std::nullopt}, "must be at least 1");
  }
  if (!(options.tolerance > 0) || !std::isfinite(options.tolerance)) {
    throw invalid_input({fn, "tolerance", std::nullopt}, "must be positive and finite");
  }
}

/// |ln alpha| or |ln beta| beyond this: the estimate is degenerate (fit_status::boundary).
inline constexpr double sbg_edge = 15;

/// Where the search over (u, v) = (ln alpha, ln beta) stands.
struct sbg_search_state {
  double x[2] = {0, 0};     ///< (u, v)
  double g[2] = {0, 0};     ///< the gradient of the log-likelihood at x
  double h[3] = {0, 0, 0};  ///< its Hessian at x: (uu, uv, vv)
  double ll = 0;            ///< the log-likelihood at x
  double lambda = 1e-3;     ///< the damping of the Newton step
  double last_step = 1;     ///< the length of the last step taken
};

/// Takes one damped Newton step from `st` (Levenberg-Marquardt on the exact Hessian): solves
/// (-H + lambda diag) step = g, raising lambda until the step improves the likelihood (at most
/// 60 tries). Returns false, leaving `st` where it was, if no step improves it.
KAM_INLINE bool sbg_damped_step(const sbg_counts& n, sbg_search_state& st) {
  for (int tries = 0; tries < 60; ++tries) {
    const double a = -st.h[0] + st.lambda * std::max(1.0, std::abs(st.h[0]));
    const double b = -st.h[1];
    const double c = -st.h[2] + st.lambda * std::max(1.0, std::abs(st.h[2]));
    const double det = a * c - b * b;
    if (a > 0 && det > 0) {
      double step[2] = {(c * st.g[0] - b * st.g[1]) / det, (a * st.g[1] - b * st.g[0]) / det};
      const double len = std::hypot(step[0], step[1]);
      if (len > 5) {  // at most 5 ln units (a factor e^5) per step
        step[0] *= 5 / len;
        step[1] *= 5 / len;
      }
      const double y[2] = {st.x[0] + step[0], st.x[1] + step[1]};
      double gy[2], hy[3];
      const double lly = sbg_log_likelihood_uv(n, y[0], y[1], gy, hy);
      if (std::isfinite(lly) && lly >= st.ll) {
        st.last_step = std::hypot(step[0], step[1]);
        st.x[0] = y[0];
        st.x[1] = y[1];
        st.ll = lly;
        std::copy(gy, gy + 2, st.g);
        std::copy(hy, hy + 3, st.h);
        st.lambda = std::max(st.lambda / 10, 1e-12);
        return true;
      }
    }
    st.lambda *= 10;
  }
  return false;
}

/// Steps from `st` until the gradient vanishes, the search leaves the edge, no step improves
/// the likelihood or `options.max_iterations` steps are taken; returns why it stopped and sets
/// `iterations`.
KAM_INLINE fit_status sbg_search(const sbg_counts& n, const sbg_options& options,
                                 sbg_search_state& st, int& iterations) {
  fit_status status = fit_status::max_iterations;
  int it = 0;
  for (; it < options.max_iterations; ++it) {
    const double gnorm = std::hypot(st.g[0], st.g[1]);
    if (gnorm <= options.tolerance * n.accounts && st.last_step <= 1e-9) {
      status = fit_status::converged;
      break;
    }
    if (std::abs(st.x[0]) > sbg_edge || std::abs(st.x[1]) > sbg_edge) {
      status = fit_status::boundary;
      break;
    }
    if (!sbg_damped_step(n, st)) {
      // No step improves the likelihood in floating point: a maximum to machine precision
      // if the gradient is small, otherwise stuck (max_iterations, with the best point found).
      if (gnorm <= options.tolerance * n.accounts) status = fit_status::converged;
      break;
    }
  }
  iterations = it;
  return status;
}

KAM_INLINE sbg_estimate fit_sbg_counts(const sbg_counts& n, const sbg_options& options) {
  sbg_search_state st;
  st.ll = sbg_log_likelihood_uv(n, st.x[0], st.x[1], st.g, st.h);
  sbg_estimate out;
  out.status = sbg_search(n, options, st, out.iterations);
  const double* x = st.x;
  const double* h = st.h;
  out.alpha = std::exp(x[0]);
  out.beta = std::exp(x[1]);
  out.log_likelihood = st.ll;
  out.gradient_norm = std::hypot(st.g[0], st.g[1]);
  if (std::abs(x[0]) > sbg_edge || std::abs(x[1]) > sbg_edge) out.status = fit_status::boundary;
  // Data without heterogeneity (1000, 500, 250, 125: theta = 1/2 for everybody) have their
  // supremum at the geometric limit, alpha and beta -> infinity together. The gradient fades like
  // 1 / alpha^2 along that ray, so the search "converged" at alpha ~ 2.6e6, inside the edge. A
  // fit that is no better than the geometric model is on its way there: report the boundary.
  if (out.status == fit_status::converged) {
    const double geometric = sbg_geometric_log_likelihood(n);
    if (st.ll <= geometric + 1e-12 * std::abs(geometric)) out.status = fit_status::boundary;
  }
  out.converged = out.status == fit_status::converged;
  if (out.converged) {
    // Covariance of (u, v) = inverse of the observed information -H.
    const double det = h[0] * h[2] - h[1] * h[1];
    if (-h[0] > 0 && det > 0) {
      const double var_u = -h[2] / det;
      const double var_v = -h[0] / det;
      out.std_error_alpha = std::exp(x[0]) * std::sqrt(var_u);
      out.std_error_beta = std::exp(x[1]) * std::sqrt(var_v);
    }
  }
  const double al = std::exp(x[0]);
  if (al > 1) out.mean_lifetime = (al + std::exp(x[1]) - 1) / (al - 1);
  return out;
}

KAM_INLINE double hyp2f1_one(double b, double c, double z, const char* fn) {
  constexpr long max_terms = 100'000'000;
  double term = 1, sum = 1;
  for (long k = 0; k < max_terms; ++k) {
    term *= z * (b + static_cast<double>(k)) / (c + static_cast<double>(k));
    sum += term;
    if (term <= 1e-17 * sum * (1 - z)) return sum;
  }
  throw out_of_bounds({fn, "discount", std::nullopt},
                      "the discount rate is too close to 0 for the series to converge in 1e8 "
                      "terms; use a larger rate (or the mean lifetime when alpha > 1)");
}

}  // namespace kam::detail

// Not API. Definitions of kam/retention/sbg.hpp (compiled once in compiled mode): the
// log-likelihood, its maximisation by damped Newton steps, and the discounted-lifetime series.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/newton_impl.hpp>
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
  if (options.max_iterations < 1 || options.max_iterations > sbg_max_iterations) {
    throw invalid_input({fn, "max_iterations", std::nullopt},
                        cat({"max_iterations is ", options.max_iterations, "; it must be in 1..",
                             sbg_max_iterations}));
  }
  if (!(options.tolerance > 0) || !std::isfinite(options.tolerance)) {
    throw invalid_input({fn, "tolerance", std::nullopt}, "must be positive and finite");
  }
}

KAM_INLINE void check_sbg_horizon(Eigen::Index horizon, const char* fn) {
  if (horizon < 0 || horizon > sbg_max_horizon) {
    throw out_of_bounds({fn, "horizon", std::nullopt},
                        cat({"horizon is ", horizon, "; it must be in 0..", sbg_max_horizon,
                             " (sbg_max_horizon)"}));
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

// The discounted lifetimes are F = 2F1(1, b; a + b; z) with z = 1 / (1 + d): sum_k (b)_k /
// (a + b)_k z^k (Fader & Hardie 2010). The series alone needs about 40 / d terms, 10^8 for
// d = 4e-7, so for small d the sum is taken from its transformation to w = 1 - z = d / (1 + d)
// (Abramowitz & Stegun 15.3.6, with a' = 1, b' = b, c' = a + b):
//   F = (a + b - 1) / (a - 1) 2F1(1, b; 2 - a; w)
//       + Gamma(a + b) Gamma(1 - a) / Gamma(b) w^(a - 1) z^(1 - a - b),
// whose series converges like w^k. At integer a both parts have a pole and the sum has a
// removable singularity: there F is interpolated (cubic, analytic in a) from a +- h, a +- 2h
// with h = 1e-3 / |ln w|, relative error about 1e-11. Every path has a bounded number of terms.

/// The series is used while its proven bound on terms (hyp2f1_one_terms) is at most this.
inline constexpr double sbg_cheap_series_terms = 1e5;

/// Returns an upper bound on the terms of hyp2f1_one at discount d: the ratio of terms is
/// z (b + k) / (c + k) <= z (b <= c), so term k <= z^k while the sum >= 1, and the stopping
/// rule term <= 1e-17 sum (1 - z) holds once z^k <= 1e-17 (1 - z).
KAM_INLINE double hyp2f1_one_terms(double d) {
  const double one_minus_z = d / (1 + d);
  return std::ceil(-std::log(1e-17 * one_minus_z) / std::log1p(d)) + 1;
}

/// Returns 2F1(1, b; c; z) for 0 <= z < 1 and b <= c by its series, sum_k (b)_k / (c)_k z^k,
/// summing at most `terms` terms (hyp2f1_one_terms, which the stopping rule never exceeds).
KAM_INLINE double hyp2f1_one(double b, double c, double z, double terms) {
  double term = 1, sum = 1;
  for (double k = 0; k < terms; ++k) {
    term *= z * (b + k) / (c + k);
    sum += term;
    if (term <= 1e-17 * sum * (1 - z)) break;
  }
  return sum;
}

/// Returns ln Gamma(b + a) - ln Gamma(b) for a, b > 0, without the cancellation of two large
/// lgamma values when b is large (Stirling's series to the x^-7 term for b >= 50).
KAM_INLINE double lgamma_ratio(double b, double a) {
  if (b < 50) return std::lgamma(b + a) - std::lgamma(b);
  const auto tail = [](double x) {
    const double f = 1 / (x * x);
    return (1.0 / 12 - f * (1.0 / 360 - f * (1.0 / 1260 - f / 1680))) / x;
  };
  return a * std::log(b + a) + (b - 0.5) * std::log1p(a / b) - a + (tail(b + a) - tail(b));
}

/// Returns F by the transformation to w (above) for a > 0 not an integer below
/// sbg_interpolated_alpha, w = d / (1 + d), ln z = -log1p(d). @pre w b <= 1, so the series in
/// w has at most a few hundred terms. At an integer a = m >= sbg_interpolated_alpha both parts
/// drop their pole: what remains of it is below (1 + 64 w)^63 / 63! ~ 1e-87 of F.
KAM_INLINE double sbg_lifetime_reflected(double a, double b, double w, double ln_z) {
  double term = 1, sum = 1;
  for (int k = 0; k < 1000; ++k) {
    const double den = 2 - a + k;
    if (den == 0) break;
    term *= w * (b + k) / den;
    sum += term;
    if (k + 2 - a > 0 && std::abs(term) <= 1e-17 * std::abs(sum)) break;
  }
  // Gamma(1 - a) = pi / (sin(pi a) Gamma(a)); sin(pi a) = (-1)^m sin(pi (a - m)) for the
  // nearest integer m, exact near every integer (sin(pi a) itself loses digits near 1, 2, ...).
  const double m = std::round(a);
  const double sine = std::sin(3.14159265358979323846 * (a - m));
  const double sign = (std::fmod(m, 2.0) == 0) == (sine > 0) ? 1.0 : -1.0;
  const double log_second = lgamma_ratio(b, a) + std::log(3.14159265358979323846 / std::abs(sine)) -
                            std::lgamma(a) + (a - 1) * std::log(w) + (1 - a - b) * ln_z;
  const double second = sine == 0 || log_second < -745 ? 0.0 : sign * std::exp(log_second);
  return (a + b - 1) / (a - 1) * sum + second;
}

/// Below this integer alpha the transformation is interpolated across the integer (above).
inline constexpr double sbg_interpolated_alpha = 64;

/// Returns F by the transformation to w for any a > 0: directly, or interpolated across an
/// integer a below sbg_interpolated_alpha (above). @pre w b <= 1.
KAM_INLINE double sbg_lifetime_small_discount(double a, double b, double d) {
  const double w = d / (1 + d);
  const double ln_z = -std::log1p(d);
  const double h = 1e-3 / std::abs(std::log(w));
  const double m = std::round(a);
  if (m < 1 || m >= sbg_interpolated_alpha || std::abs(a - m) >= h) {
    return sbg_lifetime_reflected(a, b, w, ln_z);
  }
  // Lagrange interpolation through m - 2h, m - h, m + h, m + 2h at a = m + x h.
  const double x = (a - m) / h;
  const double nodes[4] = {-2, -1, 1, 2};
  double out = 0;
  for (int i = 0; i < 4; ++i) {
    double weight = 1;
    for (int j = 0; j < 4; ++j)
      if (j != i) weight *= (x - nodes[j]) / (nodes[i] - nodes[j]);
    out += weight * sbg_lifetime_reflected(m + nodes[i] * h, b, w, ln_z);
  }
  return out;
}

KAM_INLINE double sbg_lifetime_2f1(double a, double b, double d, const char* fn) {
  const double terms = hyp2f1_one_terms(d);
  if (terms <= sbg_cheap_series_terms) return hyp2f1_one(b, a + b, 1 / (1 + d), terms);
  if (d / (1 + d) * b <= 1) return sbg_lifetime_small_discount(a, b, d);
  if (terms <= static_cast<double>(sbg_max_series_terms)) {
    return hyp2f1_one(b, a + b, 1 / (1 + d), terms);
  }
  throw out_of_bounds(
      {fn, "discount", std::nullopt},
      cat({"discount is ", d, "; with beta (plus renewals) = ", b,
           ", the series needs more than sbg_max_series_terms = ", sbg_max_series_terms,
           " terms and the closed form needs discount x beta <= 1"}));
}

}  // namespace kam::detail

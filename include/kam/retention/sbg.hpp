// The shifted-beta-geometric (sBG) retention model: fit, projections, discounted lifetimes.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <optional>
#include <vector>

namespace kam {

/// The parameters of the sBG model (Fader & Hardie 2007, "How to project customer retention",
/// Journal of Interactive Marketing 21(1)): each account churns at the end of a period with its
/// own probability theta, constant over time, and theta ~ Beta(alpha, beta) across accounts.
/// Then P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta), S(t) = B(alpha, beta + t) /
/// B(alpha, beta) and the retention rate of period t is r_t = (beta + t - 1) / (alpha + beta +
/// t - 1), which rises with t as the churn-prone accounts leave first.
template <real_scalar Scalar>
struct sbg_params {
  Scalar alpha = 1;  ///< > 0
  Scalar beta = 1;   ///< > 0
  BOOST_DESCRIBE_CLASS(sbg_params, (), (alpha, beta), (), ())
};

/// Why a fit stopped.
/// - `converged`: the gradient of the log-likelihood vanished at an interior maximum.
/// - `max_iterations`: the iteration limit came first; the estimates are the best point found.
/// - `boundary`: the likelihood keeps rising towards the edge of the parameter space (alpha or
///   beta runs to 0 or infinity, e.g. a cohort where nobody churned, or everybody at once, or
///   churn so homogeneous that alpha and beta grow together: the geometric limit): no finite
///   maximum-likelihood estimate exists; the estimates (beyond e^15 or below e^-15, or a fit no
///   better than the geometric model's) are where the search stopped.
enum class fit_status { converged, max_iterations, boundary };
BOOST_DESCRIBE_ENUM(fit_status, converged, max_iterations, boundary)

/// Options of fit_sbg.
struct sbg_options {
  int max_iterations = 200;  ///< Newton / Levenberg-Marquardt iterations, >= 1
  /// Convergence: the gradient of the log-likelihood with respect to (ln alpha, ln beta) is
  /// below tolerance x (accounts in the cohorts), and the last step below 1e-9 in ln units.
  double tolerance = 1e-9;
};
BOOST_DESCRIBE_STRUCT(sbg_options, (), (max_iterations, tolerance))

/// A fitted sBG model.
template <real_scalar Scalar>
struct sbg_fit {
  sbg_params<Scalar> params;  ///< the maximum-likelihood estimates (see status)
  Scalar log_likelihood = 0;  ///< at `params`
  fit_status status = fit_status::converged;
  bool converged = false;    ///< status == converged
  int iterations = 0;        ///< Newton / Levenberg-Marquardt iterations used
  Scalar gradient_norm = 0;  ///< |gradient| in (ln alpha, ln beta) at the end
  /// Asymptotic standard errors of alpha and beta from the observed information (delta method
  /// from ln alpha, ln beta); empty unless converged.
  std::optional<Scalar> std_error_alpha, std_error_beta;
  Eigen::Index cohorts = 0;  ///< cohorts used
  Eigen::Index periods = 0;  ///< the longest cohort's observed renewals
  Scalar accounts = 0;       ///< accounts at age 0, summed over cohorts
  /// The expected lifetime in periods, (alpha + beta - 1) / (alpha - 1), finite only when
  /// alpha > 1; empty otherwise: the mean lifetime is infinite (both of Fader & Hardie's
  /// published fits have alpha < 1). Use a discounted lifetime instead.
  std::optional<Scalar> mean_lifetime;

  BOOST_DESCRIBE_CLASS(sbg_fit, (),
                       (params, log_likelihood, status, converged, iterations, gradient_norm,
                        std_error_alpha, std_error_beta, cohorts, periods, accounts, mean_lifetime),
                       (), ())
};

namespace detail {

/// Churn and censoring counts of all cohorts, by period: churned[t] accounts left at the end of
/// period t (t = 1..T), censored[t] were still alive at their last observed period t.
struct sbg_counts {
  std::vector<double> churned, censored;
  double accounts = 0;
  Eigen::Index cohorts = 0;
  Eigen::Index periods = 0;
};

/// Reads the cohorts of `alive` (a vector: one cohort; a matrix: one cohort per row, trailing
/// NaN = not observed yet) and checks them. Throws naming the cohort (row) and the period.
template <typename Derived>
sbg_counts read_cohorts(const Eigen::MatrixBase<Derived>& alive, const char* fn) {
  const bool single = alive.rows() == 1 || alive.cols() == 1;
  const Eigen::Index k = single ? 1 : alive.rows();
  const Eigen::Index len = single ? alive.size() : alive.cols();
  if (len == 0) throw empty_input({fn, "alive", std::nullopt}, "no cohort");
  if (len < 2) {
    throw shape_mismatch({fn, "alive", std::nullopt},
                         "needs the count at age 0 and at least one later period");
  }
  const auto at = [&](Eigen::Index c, Eigen::Index t) {
    return static_cast<double>(single ? alive.coeff(t) : alive.coeff(c, t));
  };
  sbg_counts out;
  out.churned.assign(static_cast<std::size_t>(len), 0.0);
  out.censored.assign(static_cast<std::size_t>(len), 0.0);
  for (Eigen::Index c = 0; c < k; ++c) {
    const double n0 = at(c, 0);
    if (!std::isfinite(n0)) {
      throw non_finite_value({fn, "alive", c}, cat("period 0: the cohort size is ", n0));
    }
    if (n0 <= 0) {
      throw empty_input({fn, "alive", c}, cat("period 0: the cohort is empty (", n0, " accounts)"));
    }
    Eigen::Index last = 0;
    for (Eigen::Index t = 1; t < len; ++t) {
      const double v = at(c, t);
      if (std::isnan(v)) {
        for (Eigen::Index u = t + 1; u < len; ++u) {
          if (!std::isnan(at(c, u))) {
            throw invalid_input({fn, "alive", c},
                                cat("period ", u, ": a count after the missing period ", t,
                                    " (only trailing periods may be missing)"));
          }
        }
        break;
      }
      if (!std::isfinite(v)) throw non_finite_value({fn, "alive", c}, cat("period ", t, ": ", v));
      if (v < 0) throw invalid_input({fn, "alive", c}, cat("period ", t, ": count ", v, " < 0"));
      if (v > n0) {
        throw invalid_input({fn, "alive", c},
                            cat("period ", t, ": ", v, " alive exceeds the cohort's ", n0));
      }
      const double prev = at(c, t - 1);
      if (v > prev) {
        throw invalid_input({fn, "alive", c}, cat("period ", t, ": ", v, " alive after ", prev,
                                                  "; counts alive must not increase"));
      }
      out.churned[static_cast<std::size_t>(t)] += prev - v;
      last = t;
    }
    out.censored[static_cast<std::size_t>(last)] += at(c, last);
    out.accounts += n0;
    out.periods = std::max(out.periods, last);
  }
  out.cohorts = k;
  if (out.periods == 0) {
    throw empty_input({fn, "alive", std::nullopt}, "no cohort is observed beyond period 0");
  }
  return out;
}

/// The sBG log-likelihood at (alpha, beta) = (e^u, e^v), with its gradient and Hessian in (u, v).
/// ln S(t) = sum_{k<=t} ln(b_k / a_k), a_k = alpha + beta + k - 1, b_k = beta + k - 1 (the
/// product form of B(alpha, beta + t) / B(alpha, beta)), and ln P(t) = ln S(t - 1) + ln alpha -
/// ln a_t: exact, and free of the cancellation of lgamma differences.
template <typename = void>
double sbg_log_likelihood_uv(const sbg_counts& n, double u, double v, double* grad, double* hess) {
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
template <typename = void>
double sbg_geometric_log_likelihood(const sbg_counts& n) {
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

template <typename Scalar>
void check_sbg_params(const sbg_params<Scalar>& p, const char* fn) {
  if (!(std::isfinite(p.alpha) && p.alpha > 0)) {
    throw out_of_bounds({fn, "alpha", std::nullopt},
                        cat("alpha is ", p.alpha, "; it must be positive and finite"));
  }
  if (!(std::isfinite(p.beta) && p.beta > 0)) {
    throw out_of_bounds({fn, "beta", std::nullopt},
                        cat("beta is ", p.beta, "; it must be positive and finite"));
  }
}

/// 2F1(1, b; c; z) for 0 <= z < 1 by its series, sum_k (b)_k / (c)_k z^k. The ratio of terms
/// is z (b + k) / (c + k) <= z when b <= c, so the tail after a term is at most term / (1 - z):
/// the sum stops when that bound is below 1e-17 of the sum. O(log(eps) / ln z) terms.
template <typename = void>
double hyp2f1_one(double b, double c, double z, const char* fn) {
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

template <typename Scalar>
double check_del_discount(Scalar d, const char* fn) {
  if (!std::isfinite(d))
    throw non_finite_value({fn, "discount", std::nullopt}, cat("value is ", d));
  if (d <= -1) {
    throw out_of_bounds({fn, "discount", std::nullopt},
                        cat("discount is ", d, "; it must be greater than -1"));
  }
  if (d <= 0) {
    throw out_of_bounds({fn, "discount", std::nullopt},
                        cat("discount is ", d,
                            "; the discounted lifetime is infinite unless "
                            "discount > 0 (use sbg_mean_lifetime for d = 0)"));
  }
  return 1.0 / (1.0 + static_cast<double>(d));
}

}  // namespace detail

/// Returns the sBG log-likelihood of the cohorts in `alive` at `params`:
/// sum over t of (n_{t-1} - n_t) ln P(T = t) + n_T ln S(T) per cohort (Fader & Hardie 2007,
/// eq. 5). `alive` holds counts alive by age: a vector is one cohort (n_0, n_1, ..., n_T); a
/// matrix holds one cohort per row, trailing NaN marking periods not observed yet.
/// Throws as fit_sbg, and kam::out_of_bounds for alpha or beta not positive and finite.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] typename Derived::Scalar sbg_log_likelihood(
    const Eigen::MatrixBase<Derived>& alive, const sbg_params<typename Derived::Scalar>& params) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::sbg_log_likelihood";
  detail::check_sbg_params(params, fn);
  const auto counts = detail::read_cohorts(alive, fn);
  return static_cast<Scalar>(
      detail::sbg_log_likelihood_uv(counts, std::log(static_cast<double>(params.alpha)),
                                    std::log(static_cast<double>(params.beta)), nullptr, nullptr));
}

/// Returns the maximum-likelihood fit of the sBG model to the cohorts in `alive` (counts alive
/// by age, n_0 = the cohort at acquisition; a vector is one cohort, a matrix one cohort per row
/// with trailing NaN for periods not observed yet: all cohorts share alpha and beta, as in
/// Fader & Hardie's note "Fitting the sBG model to multi-cohort data", 2007). The search runs
/// over (ln alpha, ln beta) from (0, 0) with damped Newton steps (Levenberg-Marquardt on the
/// exact Hessian), computing in double whatever Scalar is. Non-convergence is not an error: see
/// `status` (data without heterogeneity, which the geometric model fits as well, are
/// `boundary`). Throws kam::empty_input for an empty cohort (n_0 = 0) or no period beyond 0,
/// kam::invalid_input for counts that are negative, increase, exceed the cohort or have a gap,
/// kam::non_finite_value, each naming the cohort (row) and the period; kam::invalid_input for
/// max_iterations < 1 or a tolerance that is not positive. Complexity O(cohorts x periods +
/// iterations x periods).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] sbg_fit<typename Derived::Scalar> fit_sbg(const Eigen::MatrixBase<Derived>& alive,
                                                        const sbg_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::fit_sbg";
  if (options.max_iterations < 1) {
    throw invalid_input({fn, "max_iterations", std::nullopt}, "must be at least 1");
  }
  if (!(options.tolerance > 0) || !std::isfinite(options.tolerance)) {
    throw invalid_input({fn, "tolerance", std::nullopt}, "must be positive and finite");
  }
  const auto n = detail::read_cohorts(alive, fn);
  constexpr double edge = 15;  // |ln alpha| or |ln beta| beyond this: the estimate is degenerate
  double x[2] = {0, 0};
  double g[2], h[3];
  double ll = detail::sbg_log_likelihood_uv(n, x[0], x[1], g, h);
  double lambda = 1e-3;
  double last_step = 1;
  sbg_fit<Scalar> out;
  out.status = fit_status::max_iterations;
  int it = 0;
  for (; it < options.max_iterations; ++it) {
    const double gnorm = std::hypot(g[0], g[1]);
    if (gnorm <= options.tolerance * n.accounts && last_step <= 1e-9) {
      out.status = fit_status::converged;
      break;
    }
    if (std::abs(x[0]) > edge || std::abs(x[1]) > edge) {
      out.status = fit_status::boundary;
      break;
    }
    // Solve (-H + lambda diag) step = g; raise lambda until the step improves the likelihood.
    bool moved = false;
    for (int tries = 0; tries < 60; ++tries) {
      const double a = -h[0] + lambda * std::max(1.0, std::abs(h[0]));
      const double b = -h[1];
      const double c = -h[2] + lambda * std::max(1.0, std::abs(h[2]));
      const double det = a * c - b * b;
      if (a > 0 && det > 0) {
        double step[2] = {(c * g[0] - b * g[1]) / det, (a * g[1] - b * g[0]) / det};
        const double len = std::hypot(step[0], step[1]);
        if (len > 5) {  // at most 5 ln units (a factor e^5) per step
          step[0] *= 5 / len;
          step[1] *= 5 / len;
        }
        const double y[2] = {x[0] + step[0], x[1] + step[1]};
        double gy[2], hy[3];
        const double lly = detail::sbg_log_likelihood_uv(n, y[0], y[1], gy, hy);
        if (std::isfinite(lly) && lly >= ll) {
          last_step = std::hypot(step[0], step[1]);
          x[0] = y[0];
          x[1] = y[1];
          ll = lly;
          std::copy(gy, gy + 2, g);
          std::copy(hy, hy + 3, h);
          lambda = std::max(lambda / 10, 1e-12);
          moved = true;
          break;
        }
      }
      lambda *= 10;
    }
    if (!moved) {
      // No step improves the likelihood in floating point: a maximum to machine precision
      // if the gradient is small, otherwise stuck.
      last_step = 0;
      if (std::hypot(g[0], g[1]) <= options.tolerance * n.accounts) {
        out.status = fit_status::converged;
        break;
      }
      break;  // stuck: report max_iterations with the best point found
    }
  }
  out.iterations = it;
  out.params.alpha = static_cast<Scalar>(std::exp(x[0]));
  out.params.beta = static_cast<Scalar>(std::exp(x[1]));
  out.log_likelihood = static_cast<Scalar>(ll);
  out.gradient_norm = static_cast<Scalar>(std::hypot(g[0], g[1]));
  if (std::abs(x[0]) > edge || std::abs(x[1]) > edge) out.status = fit_status::boundary;
  // Data without heterogeneity (1000, 500, 250, 125: theta = 1/2 for everybody) have their
  // supremum at the geometric limit, alpha and beta -> infinity together. The gradient fades like
  // 1 / alpha^2 along that ray, so the search "converged" at alpha ~ 2.6e6, inside the edge. A
  // fit that is no better than the geometric model is on its way there: report the boundary.
  if (out.status == fit_status::converged) {
    const double geometric = detail::sbg_geometric_log_likelihood(n);
    if (ll <= geometric + 1e-12 * std::abs(geometric)) out.status = fit_status::boundary;
  }
  out.converged = out.status == fit_status::converged;
  if (out.converged) {
    // Covariance of (u, v) = inverse of the observed information -H.
    const double det = h[0] * h[2] - h[1] * h[1];
    if (-h[0] > 0 && det > 0) {
      const double var_u = -h[2] / det;
      const double var_v = -h[0] / det;
      out.std_error_alpha = static_cast<Scalar>(std::exp(x[0]) * std::sqrt(var_u));
      out.std_error_beta = static_cast<Scalar>(std::exp(x[1]) * std::sqrt(var_v));
    }
  }
  out.cohorts = n.cohorts;
  out.periods = n.periods;
  out.accounts = static_cast<Scalar>(n.accounts);
  const double al = std::exp(x[0]);
  if (al > 1) out.mean_lifetime = static_cast<Scalar>((al + std::exp(x[1]) - 1) / (al - 1));
  return out;
}

/// Returns S(0), S(1), ..., S(horizon): the share of a cohort still alive after t periods under
/// `params` (S(0) = 1). Multiply by n_0 for expected counts. Throws kam::out_of_bounds for
/// parameters that are not positive and finite or horizon < 0.
template <real_scalar Scalar>
[[nodiscard]] vector_of<Scalar> sbg_survival(const sbg_params<Scalar>& params,
                                             Eigen::Index horizon) {
  constexpr const char* fn = "kam::sbg_survival";
  detail::check_sbg_params(params, fn);
  if (horizon < 0) throw out_of_bounds({fn, "horizon", std::nullopt}, "must be >= 0");
  vector_of<Scalar> s(horizon + 1);
  const double al = static_cast<double>(params.alpha);
  const double be = static_cast<double>(params.beta);
  double v = 1;
  s(0) = 1;
  for (Eigen::Index t = 1; t <= horizon; ++t) {
    const double k = static_cast<double>(t) - 1;
    v *= (be + k) / (al + be + k);
    s(t) = static_cast<Scalar>(v);
  }
  return s;
}

/// Returns r_1, ..., r_horizon: the retention rate of each period, (beta + t - 1) /
/// (alpha + beta + t - 1) (the share of those alive at t - 1 still alive at t).
/// Throws as sbg_survival.
template <real_scalar Scalar>
[[nodiscard]] vector_of<Scalar> sbg_retention(const sbg_params<Scalar>& params,
                                              Eigen::Index horizon) {
  constexpr const char* fn = "kam::sbg_retention";
  detail::check_sbg_params(params, fn);
  if (horizon < 0) throw out_of_bounds({fn, "horizon", std::nullopt}, "must be >= 0");
  vector_of<Scalar> r(horizon);
  const double al = static_cast<double>(params.alpha);
  const double be = static_cast<double>(params.beta);
  for (Eigen::Index t = 1; t <= horizon; ++t) {
    const double k = static_cast<double>(t) - 1;
    r(t - 1) = static_cast<Scalar>((be + k) / (al + be + k));
  }
  return r;
}

/// Returns the mean lifetime in periods, E[T] = (alpha + beta - 1) / (alpha - 1), when
/// alpha > 1; empty when alpha <= 1, where the mean is infinite (the heavy tail of accounts with
/// theta near 0 never leaves). Throws kam::out_of_bounds for invalid parameters.
template <real_scalar Scalar>
[[nodiscard]] std::optional<Scalar> sbg_mean_lifetime(const sbg_params<Scalar>& params) {
  detail::check_sbg_params(params, "kam::sbg_mean_lifetime");
  if (params.alpha <= 1) return std::nullopt;
  return (params.alpha + params.beta - 1) / (params.alpha - 1);
}

/// Returns the discounted expected lifetime of a new account, DEL = sum over t >= 0 of
/// S(t) / (1 + d)^t = 2F1(1, beta; alpha + beta; 1 / (1 + d)) (Fader & Hardie 2010,
/// "Customer-base valuation in a contractual setting: the perils of ignoring heterogeneity",
/// Marketing Science 29(1)): payments at acquisition (t = 0, undiscounted) and at every renewal.
/// A new account's CLV is the payment per period times DEL. Throws kam::out_of_bounds for
/// invalid parameters, discount <= -1, discount <= 0 (the sum is infinite for d < 0, and for
/// d = 0 it is the mean lifetime), or a discount so close to 0 that the series needs more than
/// 1e8 terms (d below about 4e-7); kam::non_finite_value for a NaN discount.
template <real_scalar Scalar>
[[nodiscard]] Scalar sbg_discounted_lifetime(const sbg_params<Scalar>& params, Scalar discount) {
  constexpr const char* fn = "kam::sbg_discounted_lifetime";
  detail::check_sbg_params(params, fn);
  const double z = detail::check_del_discount(discount, fn);
  const double al = static_cast<double>(params.alpha);
  const double be = static_cast<double>(params.beta);
  return static_cast<Scalar>(detail::hyp2f1_one(be, al + be, z, fn));
}

/// Returns the discounted expected residual lifetime of an account that has made `renewals`
/// renewals (n - 1 in Fader & Hardie 2010, eq. 6), valued as it faces its next renewal decision:
/// DERL = (beta + n - 1) / (alpha + beta + n - 1) 2F1(1, beta + n; alpha + beta + n;
/// 1 / (1 + d)) = sum over t >= n of S(t) / S(n - 1) / (1 + d)^(t - n), the next payment (if it
/// renews) undiscounted. DEL = 1 + DERL(0 renewals) / (1 + d). Throws as
/// sbg_discounted_lifetime, and kam::out_of_bounds for renewals < 0.
template <real_scalar Scalar>
[[nodiscard]] Scalar sbg_discounted_residual_lifetime(const sbg_params<Scalar>& params,
                                                      Scalar discount, Eigen::Index renewals) {
  constexpr const char* fn = "kam::sbg_discounted_residual_lifetime";
  detail::check_sbg_params(params, fn);
  if (renewals < 0) {
    throw out_of_bounds({fn, "renewals", std::nullopt},
                        detail::cat("renewals is ", renewals, "; it must be >= 0"));
  }
  const double z = detail::check_del_discount(discount, fn);
  const double al = static_cast<double>(params.alpha);
  const double be = static_cast<double>(params.beta);
  const double n = static_cast<double>(renewals) + 1;
  const double r = (be + n - 1) / (al + be + n - 1);
  return static_cast<Scalar>(r * detail::hyp2f1_one(be + n, al + be + n, z, fn));
}

/// Checks a discount rate per period as kam::sbg_discounted_lifetime does: finite, and > 0 (the
/// discounted lifetime is infinite otherwise). Throws kam::non_finite_value or
/// kam::out_of_bounds naming kam::validate_lifetime_discount and 'discount'.
inline void validate_lifetime_discount(double discount) {
  (void)detail::check_del_discount(discount, "kam::validate_lifetime_discount");
}

}  // namespace kam

// Not API. Definitions of kam/retention/detail/newton.hpp (compiled once in compiled mode).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/detail/message.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/cholesky.hpp>
#include <kam/retention/detail/cholesky_impl.hpp>
#include <kam/retention/detail/newton.hpp>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace kam::detail {

/// |u_k| beyond this: the estimate is degenerate (fit_status::boundary).
inline constexpr double newton_edge = 15;

KAM_INLINE double euclidean_norm(const std::vector<double>& v) {
  double sum = 0;
  for (const double x : v) sum += x * x;
  return std::sqrt(sum);
}

/// Whether every value of `v` is finite.
KAM_INLINE bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

/// The log-likelihood and gradient of `f` at `u`, and the Hessian (row-major) by central
/// differences of the exact gradient (step 1e-5 in log units), symmetrised.
KAM_INLINE double newton_evaluate(const log_likelihood_function& f, const std::vector<double>& u,
                                  std::vector<double>& g, std::vector<double>& h) {
  const std::size_t n = u.size();
  g.assign(n, 0.0);
  const double ll = f(u, &g);
  h.assign(n * n, 0.0);
  constexpr double step = 1e-5;
  std::vector<double> gu(n), gd(n);
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> up = u, down = u;
    up[j] += step;
    down[j] -= step;
    (void)f(up, &gu);
    (void)f(down, &gd);
    for (std::size_t k = 0; k < n; ++k) h[k * n + j] = (gu[k] - gd[k]) / (2 * step);
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < i; ++j)
      h[i * n + j] = h[j * n + i] = 0.5 * (h[i * n + j] + h[j * n + i]);
  }
  return ll;
}

/// The damped Newton step (-H + lambda D)^-1 g, at most 5 long; empty if that matrix is not
/// positive definite.
KAM_INLINE std::optional<std::vector<double>> newton_step(const newton_search& s, double lambda) {
  const std::size_t n = s.u.size();
  std::vector<double> m(n * n);
  for (std::size_t i = 0; i < n * n; ++i) m[i] = -s.hessian[i];
  for (std::size_t k = 0; k < n; ++k)
    m[k * n + k] += lambda * std::max(1.0, std::abs(s.hessian[k * n + k]));
  if (!cholesky_factor(m, n, 0.0)) return std::nullopt;
  std::vector<double> step = s.gradient;
  cholesky_solve(m, n, step);
  if (!all_finite(step)) return std::nullopt;
  const double length = euclidean_norm(step);
  if (length > 5) {
    for (double& x : step) x *= 5 / length;
  }
  return step;
}

/// How far below the current log-likelihood, relative to it, a step may land and still count as
/// a tie (64 units of double rounding).
inline constexpr double rounding_allowance = 64 * std::numeric_limits<double>::epsilon();

/// Takes one damped Newton step from `s`; returns false, leaving `s`, if no step improves the
/// likelihood in 60 tries. `lambda` is the damping, kept between calls.
KAM_INLINE bool newton_damped_step(const log_likelihood_function& f, newton_search& s,
                                   double& lambda, double& last_step) {
  for (int tries = 0; tries < 60; ++tries, lambda *= 10) {
    const auto step = newton_step(s, lambda);
    if (!step) continue;
    std::vector<double> u = s.u, g, h;
    for (std::size_t k = 0; k < u.size(); ++k) u[k] += (*step)[k];
    // Near the top the likelihood is flat to the rounding of its sum (a few units in the last
    // place of each account's term, adding up): a step that keeps it within that and shrinks the
    // gradient is progress too; one that only ties would let the search spin.
    const double noise = rounding_allowance * std::abs(s.log_likelihood);
    // The likelihood alone first: a step that lowers it costs one evaluation, not nine.
    const double trial = f(u, nullptr);
    if (!(std::isfinite(trial) && trial >= s.log_likelihood - noise)) continue;
    const double ll = newton_evaluate(f, u, g, h);
    const bool better = ll > s.log_likelihood || (ll >= s.log_likelihood - noise &&
                                                  euclidean_norm(g) < euclidean_norm(s.gradient));
    if (std::isfinite(ll) && better && all_finite(g) && all_finite(h)) {
      last_step = euclidean_norm(*step);
      s.u = std::move(u);
      s.gradient = std::move(g);
      s.hessian = std::move(h);
      s.log_likelihood = ll;
      lambda = std::max(lambda / 10, 1e-12);
      return true;
    }
  }
  return false;
}

KAM_INLINE newton_search maximize_log_likelihood(const log_likelihood_function& f,
                                                 std::vector<double> start, int max_iterations,
                                                 double gradient_tolerance) {
  newton_search s;
  s.u = std::move(start);
  s.log_likelihood = newton_evaluate(f, s.u, s.gradient, s.hessian);
  s.status = fit_status::max_iterations;
  double lambda = 1e-3, last_step = 1;
  int it = 0;
  for (; it < max_iterations; ++it) {
    const double gnorm = euclidean_norm(s.gradient);
    if (gnorm <= gradient_tolerance && last_step <= 1e-9) {
      s.status = fit_status::converged;
      break;
    }
    const bool outside =
        std::any_of(s.u.begin(), s.u.end(), [](double x) { return std::abs(x) > newton_edge; });
    if (outside) {
      s.status = fit_status::boundary;
      break;
    }
    if (!newton_damped_step(f, s, lambda, last_step)) {
      if (gnorm <= gradient_tolerance) s.status = fit_status::converged;
      break;
    }
  }
  s.iterations = it;
  return s;
}

KAM_INLINE std::optional<std::vector<double>> log_standard_errors(const newton_search& s) {
  if (s.status != fit_status::converged) return std::nullopt;
  const std::size_t n = s.u.size();
  std::vector<double> info(n * n);  // the observed information -H
  for (std::size_t i = 0; i < n * n; ++i) info[i] = -s.hessian[i];
  if (!cholesky_factor(info, n, 0.0)) return std::nullopt;
  std::vector<double> se(n);
  for (std::size_t k = 0; k < n; ++k) {  // column k of (-H)^-1, of which entry k is needed
    std::vector<double> e(n, 0.0);
    e[k] = 1;
    cholesky_solve(info, n, e);
    se[k] = std::sqrt(e[k]);
  }
  return se;
}

KAM_INLINE std::optional<std::vector<double>> standard_errors(const newton_search& s) {
  auto se = log_standard_errors(s);
  if (se) {
    for (std::size_t k = 0; k < se->size(); ++k) (*se)[k] *= std::exp(s.u[k]);
  }
  return se;
}

KAM_INLINE void check_search_options(int max_iterations, int most, double tolerance,
                                     const char* fn) {
  if (max_iterations < 1 || max_iterations > most) {
    throw invalid_input(
        {fn, "max_iterations"},
        most == std::numeric_limits<int>::max()
            ? cat({"max_iterations is ", max_iterations, "; it must be >= 1"})
            : cat({"max_iterations is ", max_iterations, "; it must be 1 to ", most}));
  }
  if (!(std::isfinite(tolerance) && tolerance > 0)) {
    throw invalid_input({fn, "tolerance"},
                        cat({"tolerance is ", tolerance, "; it must be positive"}));
  }
}

KAM_INLINE void check_fitted_log_likelihood(double log_likelihood, const largest_datum& largest,
                                            bool with_column, const char* fn) {
  if (std::isfinite(log_likelihood)) return;
  const error_site site = with_column ? error_site(fn, largest.field, largest.row, largest.column)
                                      : error_site(fn, largest.field, largest.row);
  constexpr std::string_view beyond =
      " at the start of the search: the data are beyond what the model can take in double; the "
      "largest value is ";
  throw out_of_bounds(site, cat({"the log-likelihood is ", log_likelihood, beyond,
                                 largest.magnitude, " here (rescale, or drop the account)"}));
}

}  // namespace kam::detail

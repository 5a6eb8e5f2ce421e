// Not API. The engine of kam/retention/sbg.hpp: the cohorts read into churn and censoring counts,
// the log-likelihood and its maximum (in sbg_impl.hpp), and the discounted-lifetime series.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <optional>
#include <vector>

namespace kam {

template <real_scalar Scalar>
struct sbg_params;  // kam/retention/sbg.hpp
template <real_scalar Scalar>
struct sbg_fit;         // kam/retention/sbg.hpp
struct sbg_options;     // kam/retention/sbg.hpp
enum class fit_status;  // kam/retention/sbg.hpp

namespace detail {

/// Churn and censoring counts of all cohorts, by period: churned[t] accounts left at the end of
/// period t (t = 1..T), censored[t] were still alive at their last observed period t.
struct sbg_counts {
  std::vector<double> churned, censored;
  double accounts = 0;
  Eigen::Index cohorts = 0;
  Eigen::Index periods = 0;
};

/// Adds cohort `c` of `alive` (row c, or the vector when `single`; `len` periods) to `out`
/// after checking it. Throws naming the cohort (row) and the period.
template <typename Derived>
void read_cohort(const Eigen::MatrixBase<Derived>& alive, bool single, Eigen::Index c,
                 Eigen::Index len, sbg_counts& out, const char* fn) {
  // (row, column) indices even for one cohort: a strided Map has no linear coeff(t)
  const bool one_row = alive.rows() == 1;
  const auto at = [&](Eigen::Index t) {
    if (!single) return static_cast<double>(alive.coeff(c, t));
    return static_cast<double>(one_row ? alive.coeff(0, t) : alive.coeff(t, 0));
  };
  const double n0 = at(0);
  if (!std::isfinite(n0)) {
    throw non_finite_value({fn, "alive", c}, cat({"period 0: the cohort size is ", n0}));
  }
  if (n0 <= 0) {
    throw empty_input({fn, "alive", c}, cat({"period 0: the cohort is empty (", n0, " accounts)"}));
  }
  Eigen::Index last = 0;
  for (Eigen::Index t = 1; t < len; ++t) {
    const double v = at(t);
    if (std::isnan(v)) {
      for (Eigen::Index u = t + 1; u < len; ++u) {
        if (!std::isnan(at(u))) {
          throw invalid_input({fn, "alive", c},
                              cat({"period ", u, ": a count after the missing period ", t,
                                   " (only trailing periods may be missing)"}));
        }
      }
      break;
    }
    if (!std::isfinite(v)) throw non_finite_value({fn, "alive", c}, cat({"period ", t, ": ", v}));
    if (v < 0) throw invalid_input({fn, "alive", c}, cat({"period ", t, ": count ", v, " < 0"}));
    if (v > n0) {
      throw invalid_input({fn, "alive", c},
                          cat({"period ", t, ": ", v, " alive exceeds the cohort's ", n0}));
    }
    const double prev = at(t - 1);
    if (v > prev) {
      throw invalid_input({fn, "alive", c}, cat({"period ", t, ": ", v, " alive after ", prev,
                                                 "; counts alive must not increase"}));
    }
    out.churned[static_cast<std::size_t>(t)] += prev - v;
    last = t;
  }
  out.censored[static_cast<std::size_t>(last)] += at(last);
  out.accounts += n0;
  out.periods = std::max(out.periods, last);
}

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
  sbg_counts out;
  out.churned.assign(static_cast<std::size_t>(len), 0.0);
  out.censored.assign(static_cast<std::size_t>(len), 0.0);
  for (Eigen::Index c = 0; c < k; ++c) read_cohort(alive, single, c, len, out, fn);
  out.cohorts = k;
  if (out.periods == 0) {
    throw empty_input({fn, "alive", std::nullopt}, "no cohort is observed beyond period 0");
  }
  return out;
}

/// The sBG log-likelihood at (alpha, beta) = (e^u, e^v), with its gradient and Hessian in (u, v)
/// when `grad` and `hess` are not null.
double sbg_log_likelihood_uv(const sbg_counts& n, double u, double v, double* grad, double* hess);

/// Throws unless max_iterations >= 1 and the tolerance is positive and finite.
void check_sbg_options(const sbg_options& options, const char* fn);

/// The maximum-likelihood estimate of the sBG model, in double (see kam::sbg_fit).
struct sbg_estimate {
  double alpha = 1;
  double beta = 1;
  double log_likelihood = 0;
  fit_status status{};
  bool converged = false;  ///< status == fit_status::converged
  int iterations = 0;
  double gradient_norm = 0;
  std::optional<double> std_error_alpha, std_error_beta, mean_lifetime;
};

/// Returns the maximum-likelihood estimate of the sBG model for the counts.
sbg_estimate fit_sbg_counts(const sbg_counts& n, const sbg_options& options);

/// Returns 2F1(1, b; a + b; 1 / (1 + d)) for a, b, d > 0: the discounted lifetime sums of the
/// sBG (see sbg_impl.hpp for the method and its bounds). Throws kam::out_of_bounds naming `fn`
/// and 'discount' when d (b) > 1 and the series would need more than sbg_max_series_terms terms.
double sbg_lifetime_2f1(double a, double b, double d, const char* fn);

/// Throws kam::out_of_bounds unless alpha and beta are positive and finite.
template <typename Scalar>
void check_sbg_params(const sbg_params<Scalar>& p, const char* fn) {
  if (!(std::isfinite(p.alpha) && p.alpha > 0)) {
    throw out_of_bounds({fn, "alpha", std::nullopt},
                        cat({"alpha is ", p.alpha, "; it must be positive and finite"}));
  }
  if (!(std::isfinite(p.beta) && p.beta > 0)) {
    throw out_of_bounds({fn, "beta", std::nullopt},
                        cat({"beta is ", p.beta, "; it must be positive and finite"}));
  }
}

/// Throws kam::out_of_bounds unless 0 <= horizon <= sbg_max_horizon (checked before the
/// horizon + 1 values are allocated).
void check_sbg_horizon(Eigen::Index horizon, const char* fn);

/// Returns the discount rate d, in double, after checking that it is finite and positive.
template <typename Scalar>
double check_del_discount(Scalar d, const char* fn) {
  if (!std::isfinite(d))
    throw non_finite_value({fn, "discount", std::nullopt}, cat({"value is ", d}));
  if (d <= -1) {
    throw out_of_bounds({fn, "discount", std::nullopt},
                        cat({"discount is ", d, "; it must be greater than -1"}));
  }
  if (d <= 0) {
    throw out_of_bounds({fn, "discount", std::nullopt},
                        cat({"discount is ", d,
                             "; the discounted lifetime is infinite unless "
                             "discount > 0 (use sbg_mean_lifetime for d = 0)"}));
  }
  return static_cast<double>(d);
}

/// Returns the fit of the estimate `e` for the counts `n`, in Scalar.
template <typename Scalar>
sbg_fit<Scalar> sbg_fit_of(const sbg_estimate& e, const sbg_counts& n) {
  sbg_fit<Scalar> out;
  out.params.alpha = static_cast<Scalar>(e.alpha);
  out.params.beta = static_cast<Scalar>(e.beta);
  out.log_likelihood = static_cast<Scalar>(e.log_likelihood);
  out.status = e.status;
  out.converged = e.converged;
  out.iterations = e.iterations;
  out.gradient_norm = static_cast<Scalar>(e.gradient_norm);
  if (e.std_error_alpha) out.std_error_alpha = static_cast<Scalar>(*e.std_error_alpha);
  if (e.std_error_beta) out.std_error_beta = static_cast<Scalar>(*e.std_error_beta);
  out.cohorts = n.cohorts;
  out.periods = n.periods;
  out.accounts = static_cast<Scalar>(n.accounts);
  if (e.mean_lifetime) out.mean_lifetime = static_cast<Scalar>(*e.mean_lifetime);
  return out;
}

}  // namespace detail
}  // namespace kam

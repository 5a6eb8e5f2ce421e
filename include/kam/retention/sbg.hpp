// The shifted-beta-geometric (sBG) retention model: fit, projections, discounted lifetimes.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/newton.hpp>
#include <kam/retention/detail/sbg.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>

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

/// The most iterations fit_sbg accepts in sbg_options::max_iterations (the default is 200; a
/// fit converges in a few dozen). Each iteration costs O(periods), at most 60 times when it
/// has to shrink its step, so this bounds the time of a fit.
inline constexpr int sbg_max_iterations = 10'000;

/// The most terms kam sums for one discounted lifetime (sbg_discounted_lifetime and
/// sbg_discounted_residual_lifetime): about 20 ms.
inline constexpr long long sbg_max_series_terms = 10'000'000;

/// The longest horizon sbg_survival and sbg_retention project (periods; 80 MB of doubles).
inline constexpr Eigen::Index sbg_max_horizon = 10'000'000;

/// Options of fit_sbg.
struct sbg_options {
  int max_iterations = 200;  ///< Newton / Levenberg-Marquardt iterations, 1..sbg_max_iterations
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
  /// Why the fit stopped; the estimates are maximum-likelihood only when converged.
  fit_status status = fit_status::converged;
  bool converged = false;    ///< status == converged
  int iterations = 0;        ///< Newton / Levenberg-Marquardt iterations used
  Scalar gradient_norm = 0;  ///< |gradient| in (ln alpha, ln beta) at the end
  /// Asymptotic standard errors of alpha and beta from the observed information (delta method
  /// from ln alpha, ln beta); empty unless converged.
  std::optional<Scalar> std_error_alpha,
      /// The asymptotic standard error of beta; empty unless converged.
      std_error_beta;
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

/// Returns the sBG log-likelihood of the cohorts in `alive` at `params`:
/// sum over t of (n_{t-1} - n_t) ln P(T = t) + n_T ln S(T) per cohort (Fader & Hardie 2007,
/// eq. 5). `alive` holds counts alive by age: a vector is one cohort (n_0, n_1, ..., n_T); a
/// matrix holds one cohort per row, trailing NaN marking periods not observed yet.
/// Throws as fit_sbg, kam::out_of_bounds for alpha or beta not positive and finite, and
/// kam::out_of_bounds naming 'params' when the log-likelihood is not finite (parameters near the
/// limits of double, or counts so large that the sum passes them).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] typename Derived::Scalar sbg_log_likelihood(
    const Eigen::MatrixBase<Derived>& alive, const sbg_params<typename Derived::Scalar>& params) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::sbg_log_likelihood";
  detail::check_sbg_params(params, fn);
  const auto counts = detail::read_cohorts(alive, fn);
  const auto ll = static_cast<Scalar>(
      detail::sbg_log_likelihood_uv(counts, std::log(static_cast<double>(params.alpha)),
                                    std::log(static_cast<double>(params.beta)), nullptr, nullptr));
  if (!std::isfinite(ll)) {
    throw out_of_bounds({fn, "params", std::nullopt},
                        detail::cat({"the log-likelihood is ", ll, " at alpha ", params.alpha,
                                     ", beta ", params.beta,
                                     ": beyond the range of the type at these parameters and "
                                     "counts"}));
  }
  return ll;
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
/// max_iterations outside 1..kam::sbg_max_iterations or a tolerance that is not positive;
/// kam::out_of_bounds naming the largest count (its cohort and period) when the log-likelihood
/// is not finite even at the start of the search (counts near the limit of double).
/// Complexity O(cohorts x periods + iterations x periods).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] sbg_fit<typename Derived::Scalar> fit_sbg(const Eigen::MatrixBase<Derived>& alive,
                                                        const sbg_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::fit_sbg";
  detail::check_sbg_options(options, fn);
  const detail::sbg_counts counts = detail::read_cohorts(alive, fn);
  const detail::sbg_estimate e = detail::fit_sbg_counts(counts, options);
  detail::largest_datum largest;  // named as the counts are: the cohort (row) and the period
  detail::find_largest_datum(largest, alive, "alive");
  if (alive.rows() == 1 || alive.cols() == 1)
    largest = {"alive", 0, largest.row, largest.magnitude};
  detail::check_fitted_log_likelihood(e.log_likelihood, largest, true, fn);
  return detail::sbg_fit_of<Scalar>(e, counts);
}

/// Returns S(0), S(1), ..., S(horizon): the share of a cohort still alive after t periods under
/// `params` (S(0) = 1). Multiply by n_0 for expected counts. Throws kam::out_of_bounds for
/// parameters that are not positive and finite or a horizon outside 0..kam::sbg_max_horizon.
template <real_scalar Scalar>
[[nodiscard]] vector_of<Scalar> sbg_survival(const sbg_params<Scalar>& params,
                                             Eigen::Index horizon) {
  constexpr const char* fn = "kam::sbg_survival";
  detail::check_sbg_params(params, fn);
  detail::check_sbg_horizon(horizon, fn);
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
  detail::check_sbg_horizon(horizon, fn);
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
  constexpr const char* fn = "kam::sbg_mean_lifetime";
  detail::check_sbg_params(params, fn);
  if (params.alpha <= 1) return std::nullopt;
  const Scalar mean = (params.alpha + params.beta - 1) / (params.alpha - 1);
  if (!std::isfinite(mean)) {  // alpha + beta beyond the type, or alpha a hair above 1
    throw out_of_bounds(
        {fn, "params", std::nullopt},
        detail::cat({"the mean lifetime (alpha + beta - 1) / (alpha - 1) exceeds ",
                     "the range of the type at alpha ", params.alpha, ", beta ", params.beta}));
  }
  return mean;
}

/// Returns the discounted expected lifetime of a new account, DEL = sum over t >= 0 of
/// S(t) / (1 + d)^t = 2F1(1, beta; alpha + beta; 1 / (1 + d)) (Fader & Hardie 2010,
/// "Customer-base valuation in a contractual setting: the perils of ignoring heterogeneity",
/// Marketing Science 29(1)): payments at acquisition (t = 0, undiscounted) and at every renewal.
/// A new account's CLV is the payment per period times DEL. Bounded time for every discount:
/// the series for d >= about 4e-4, else the closed form in 1 - z (Abramowitz & Stegun 15.3.6),
/// relative error below about 1e-11. Throws kam::out_of_bounds for invalid parameters,
/// discount <= -1, discount <= 0 (the sum is infinite for d < 0, and for d = 0 it is the mean
/// lifetime), or, only when d x beta > 1 and d < about 4e-6, a series that would need more
/// than kam::sbg_max_series_terms terms; kam::non_finite_value for a NaN discount.
template <real_scalar Scalar>
[[nodiscard]] Scalar sbg_discounted_lifetime(const sbg_params<Scalar>& params, Scalar discount) {
  constexpr const char* fn = "kam::sbg_discounted_lifetime";
  detail::check_sbg_params(params, fn);
  const double d = detail::check_del_discount(discount, fn);
  const double al = static_cast<double>(params.alpha);
  const double be = static_cast<double>(params.beta);
  const auto del = static_cast<Scalar>(detail::sbg_lifetime_2f1(al, be, d, fn));
  if (!std::isfinite(del)) {
    throw out_of_bounds({fn, "params", std::nullopt},
                        "the discounted lifetime exceeds the range of the type at these "
                        "parameters");
  }
  return del;
}

/// Returns the discounted expected residual lifetime of an account that has made `renewals`
/// renewals (n - 1 in Fader & Hardie 2010, eq. 6), valued as it faces its next renewal decision:
/// DERL = (beta + n - 1) / (alpha + beta + n - 1) 2F1(1, beta + n; alpha + beta + n;
/// 1 / (1 + d)) = sum over t >= n of S(t) / S(n - 1) / (1 + d)^(t - n), the next payment (if it
/// renews) undiscounted. DEL = 1 + DERL(0 renewals) / (1 + d). Throws as
/// sbg_discounted_lifetime (with beta + renewals + 1 for beta), and kam::out_of_bounds for
/// renewals < 0.
template <real_scalar Scalar>
[[nodiscard]] Scalar sbg_discounted_residual_lifetime(const sbg_params<Scalar>& params,
                                                      Scalar discount, Eigen::Index renewals) {
  constexpr const char* fn = "kam::sbg_discounted_residual_lifetime";
  detail::check_sbg_params(params, fn);
  if (renewals < 0) {
    throw out_of_bounds({fn, "renewals", std::nullopt},
                        detail::cat({"renewals is ", renewals, "; it must be >= 0"}));
  }
  const double d = detail::check_del_discount(discount, fn);
  const double al = static_cast<double>(params.alpha);
  const double be = static_cast<double>(params.beta);
  const double n = static_cast<double>(renewals) + 1;
  const double r = (be + n - 1) / (al + be + n - 1);
  const auto derl = static_cast<Scalar>(r * detail::sbg_lifetime_2f1(al, be + n, d, fn));
  if (!std::isfinite(derl)) {
    throw out_of_bounds({fn, "params", std::nullopt},
                        "the discounted residual lifetime exceeds the range of the type at these "
                        "parameters");
  }
  return derl;
}

/// Checks a discount rate per period as kam::sbg_discounted_lifetime does: finite, and > 0 (the
/// discounted lifetime is infinite otherwise). Throws kam::non_finite_value or
/// kam::out_of_bounds naming kam::validate_lifetime_discount and 'discount'.
inline void validate_lifetime_discount(double discount) {
  (void)detail::check_del_discount(discount, "kam::validate_lifetime_discount");
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/sbg_impl.hpp>
#endif

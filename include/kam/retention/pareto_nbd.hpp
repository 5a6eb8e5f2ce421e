// The Pareto/NBD model of accounts that reorder when they like (non-contractual) and may leave
// at any time: fit from each account's frequency, recency and age, the probability that it is
// still active, and the transactions to expect from it.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/pareto_nbd.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>

namespace kam {

/// The parameters of the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, "Counting your
/// customers: who are they and what will they do next?", Management Science 33(1)): while
/// active, an account transacts as a Poisson process with rate lambda ~ Gamma(r, alpha); its
/// lifetime is exponential with rate mu ~ Gamma(s, beta), independent of lambda. Time is in the
/// unit of the data.
template <real_scalar Scalar>
struct pareto_nbd_params {
  Scalar r = 1;      ///< shape of the transaction rate, > 0
  Scalar alpha = 1;  ///< scale (in time units) of the transaction rate, > 0
  Scalar s = 1;      ///< shape of the dropout rate, > 0
  Scalar beta = 1;   ///< scale (in time units) of the dropout rate, > 0
  BOOST_DESCRIBE_CLASS(pareto_nbd_params, (), (r, alpha, s, beta), (), ())
};

/// The most damped Newton iterations fit_pareto_nbd accepts.
inline constexpr int pareto_nbd_max_iterations = 10000;

/// Options of fit_pareto_nbd.
struct pareto_nbd_options {
  int max_iterations = 200;  ///< damped Newton iterations, 1 to pareto_nbd_max_iterations
  /// Convergence: the gradient of the log-likelihood with respect to the log-parameters is
  /// below tolerance x (accounts), and the last step below 1e-9 in log units.
  double tolerance = 1e-9;
};
BOOST_DESCRIBE_STRUCT(pareto_nbd_options, (), (max_iterations, tolerance))

/// A fitted Pareto/NBD model.
template <real_scalar Scalar>
struct pareto_nbd_fit {
  pareto_nbd_params<Scalar> params;  ///< the maximum-likelihood estimates (see status)
  Scalar log_likelihood = 0;         ///< at `params`
  /// Why the fit stopped; the estimates are maximum-likelihood only when converged.
  fit_status status = fit_status::converged;
  bool converged = false;    ///< status == converged
  int iterations = 0;        ///< damped Newton iterations used
  Scalar gradient_norm = 0;  ///< |gradient| in the log-parameters at the end
  /// Asymptotic standard errors from the observed information; empty unless converged.
  std::optional<Scalar> std_error_r,
      /// The asymptotic standard error of alpha; empty unless converged.
      std_error_alpha,
      /// The asymptotic standard error of s; empty unless converged.
      std_error_s,
      /// The asymptotic standard error of beta; empty unless converged.
      std_error_beta;
  Eigen::Index accounts = 0;  ///< accounts fitted
  BOOST_DESCRIBE_CLASS(pareto_nbd_fit, (),
                       (params, log_likelihood, status, converged, iterations, gradient_norm,
                        std_error_r, std_error_alpha, std_error_s, std_error_beta, accounts),
                       (), ())
};

/// Returns the maximum-likelihood fit of the Pareto/NBD model to accounts with `frequency` x,
/// `recency` t_x and `age` T (as fit_bgnbd). One account's likelihood (Fader & Hardie 2005, "A
/// note on deriving the Pareto/NBD model and related expressions", eq. 22) is summed in logs: the
/// part of an account still active at T, and the part of one that left between t_x and T, whose
/// two Gauss hypergeometric terms are taken on the side (alpha >= beta or not) where their
/// argument is below 1 and subtracted as F(t_x) (1 - F(T) / F(t_x)), with log1p. The exact
/// gradient differentiates the 2F1 series term by term; the search is damped Newton over the
/// log-parameters from (0, 0, 0, 0), accounts with equal (x, t_x, T) fitted as one. Throws as
/// fit_bgnbd (naming kam::fit_pareto_nbd), and kam::out_of_bounds when a hypergeometric series
/// does not converge.
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] pareto_nbd_fit<typename Frequency::Scalar> fit_pareto_nbd(
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age, const pareto_nbd_options& options = {}) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::fit_pareto_nbd";
  detail::check_pareto_nbd_options(options, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  const detail::pareto_nbd_estimate e = detail::fit_pareto_nbd_data(data, options, fn);
  detail::check_rfm_fit(e.log_likelihood, frequency, recency, age, fn);
  pareto_nbd_fit<Scalar> out;
  out.params = {static_cast<Scalar>(e.params[0]), static_cast<Scalar>(e.params[1]),
                static_cast<Scalar>(e.params[2]), static_cast<Scalar>(e.params[3])};
  detail::copy_search_outcome(e, out);
  if (e.std_error) {
    out.std_error_r = static_cast<Scalar>((*e.std_error)[0]);
    out.std_error_alpha = static_cast<Scalar>((*e.std_error)[1]);
    out.std_error_s = static_cast<Scalar>((*e.std_error)[2]);
    out.std_error_beta = static_cast<Scalar>((*e.std_error)[3]);
  }
  out.accounts = static_cast<Eigen::Index>(data.x.size());
  return out;
}

/// Returns the Pareto/NBD log-likelihood of the accounts at `params` (the sum fit_pareto_nbd
/// maximises). Throws as fit_pareto_nbd, kam::out_of_bounds for a parameter that is not
/// positive and finite, and kam::out_of_bounds naming 'params' when the log-likelihood is not
/// finite (parameters near the limits of double, or accounts whose terms pass them).
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] typename Frequency::Scalar pareto_nbd_log_likelihood(
    const pareto_nbd_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age) {
  constexpr const char* fn = "kam::pareto_nbd_log_likelihood";
  const auto p = detail::check_pareto_nbd_params(params, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  return detail::finite_log_likelihood(
      static_cast<typename Frequency::Scalar>(detail::pareto_nbd_log_likelihood_of(data, p, fn)),
      "accounts", fn);
}

/// Returns, per account, the probability that it is still active at the end of observation: the
/// active part of its likelihood over the whole (Fader & Hardie 2005, eq. 18). Throws as
/// pareto_nbd_log_likelihood.
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] vector_of<typename Frequency::Scalar> pareto_nbd_p_alive(
    const pareto_nbd_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::pareto_nbd_p_alive";
  const auto p = detail::check_pareto_nbd_params(params, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  return detail::per_rfm_account<Scalar>(
      data, [&](double x, double t_x, double age_i, std::ptrdiff_t) {
        return detail::pareto_nbd_p_alive_of(p, x, t_x, age_i, fn);
      });
}

/// Returns E[X(t)], the transactions a new account is expected to make in its first `t` time
/// units: r beta / (alpha (s - 1)) (1 - (beta / (beta + t))^(s - 1)), with its limit r beta /
/// alpha ln((beta + t) / beta) at s = 1 (Fader & Hardie 2005, eq. 17). Throws as
/// pareto_nbd_log_likelihood for the parameters, kam::out_of_bounds for t negative or not
/// finite, and kam::out_of_bounds naming 'params' when the value exceeds the range of double
/// (alpha near 0: r beta / alpha beyond it).
template <real_scalar Scalar>
[[nodiscard]] Scalar pareto_nbd_expected_transactions(const pareto_nbd_params<Scalar>& params,
                                                      Scalar t) {
  constexpr const char* fn = "kam::pareto_nbd_expected_transactions";
  const auto p = detail::check_pareto_nbd_params(params, fn);
  detail::check_bgnbd_time(static_cast<double>(t), fn);
  return static_cast<Scalar>(detail::finite_prediction(
      p[0] * p[3] / p[1] * detail::pareto_nbd_horizon_factor(p[2], p[3], static_cast<double>(t)),
      fn));
}

/// Returns, per account, the transactions it is expected to make in the next `t` time units
/// given its history: (r + x) (beta + T) / (alpha + T) (1 - ((beta + T) / (beta + T + t))^(s -
/// 1)) / (s - 1) x P(active) (Fader & Hardie 2005, eq. 24; the limit at s = 1 as above). Throws
/// as pareto_nbd_expected_transactions and pareto_nbd_p_alive, and kam::out_of_bounds naming
/// 'params' and the account when its value exceeds the range of double.
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] vector_of<typename Frequency::Scalar> pareto_nbd_conditional_expected_transactions(
    const pareto_nbd_params<typename Frequency::Scalar>& params, typename Frequency::Scalar t,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::pareto_nbd_conditional_expected_transactions";
  const auto p = detail::check_pareto_nbd_params(params, fn);
  detail::check_bgnbd_time(static_cast<double>(t), fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  return detail::per_rfm_account<Scalar>(data, [&](double x, double t_x, double age_i,
                                                   std::ptrdiff_t row) {
    return detail::finite_prediction(
        detail::pareto_nbd_conditional_of(p, static_cast<double>(t), x, t_x, age_i, fn), fn, row);
  });
}

/// Checks `options` as fit_pareto_nbd would, without data. Throws kam::invalid_input naming
/// kam::validate and the field.
void validate(const pareto_nbd_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
// the definitions of BG/NBD's shared checks (detail::check_bgnbd_time) are there
#include <kam/retention/detail/bgnbd_impl.hpp>
#include <kam/retention/detail/pareto_nbd_impl.hpp>
#endif

// The Gamma-Gamma model of spend per transaction: fit from each account's repeat transactions
// and their mean value, and the spend to expect from an account's future transactions.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/gamma_gamma.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>

namespace kam {

/// The parameters of the Gamma-Gamma spend model (Colombo & Jiang 1999; Fader, Hardie & Lee
/// 2005, "RFM and CLV: using iso-value curves for customer base analysis", Journal of Marketing
/// Research 42(4)): an account's transaction values are Gamma(p, nu) around its own mean p / nu,
/// and nu ~ Gamma(q, gamma) across accounts, independent of how often the account buys.
template <real_scalar Scalar>
struct gamma_gamma_params {
  Scalar p = 1;      ///< shape of the value of one transaction, > 0
  Scalar q = 1;      ///< shape of the accounts' scale nu, > 0
  Scalar gamma = 1;  ///< scale of nu (in the unit of money), > 0
  BOOST_DESCRIBE_CLASS(gamma_gamma_params, (), (p, q, gamma), (), ())
};

/// Options of fit_gamma_gamma.
struct gamma_gamma_options {
  int max_iterations = 200;  ///< damped Newton iterations, >= 1
  /// Convergence: the gradient of the log-likelihood with respect to the log-parameters is
  /// below tolerance x (accounts fitted), and the last step below 1e-9 in log units.
  double tolerance = 1e-9;
  /// |correlation| between frequency and mean spend from which the fit reports that the model's
  /// independence assumption is doubtful (0.3: "moderate" in Cohen's convention).
  double correlation_warning = 0.3;
};
BOOST_DESCRIBE_STRUCT(gamma_gamma_options, (), (max_iterations, tolerance, correlation_warning))

/// A fitted Gamma-Gamma model.
template <real_scalar Scalar>
struct gamma_gamma_fit {
  gamma_gamma_params<Scalar> params;  ///< the maximum-likelihood estimates (see status)
  Scalar log_likelihood = 0;          ///< at `params`, over the accounts fitted
  /// Why the fit stopped; the estimates are maximum-likelihood only when converged.
  fit_status status = fit_status::converged;
  bool converged = false;    ///< status == converged
  int iterations = 0;        ///< damped Newton iterations used
  Scalar gradient_norm = 0;  ///< |gradient| in the log-parameters at the end
  /// Asymptotic standard errors (delta method from the log-parameters); empty unless converged.
  std::optional<Scalar> std_error_p,
      /// The asymptotic standard error of q; empty unless converged.
      std_error_q,
      /// The asymptotic standard error of gamma; empty unless converged.
      std_error_gamma;
  Eigen::Index accounts = 0;  ///< accounts fitted: those with a repeat transaction
  Eigen::Index skipped = 0;   ///< accounts without one (frequency 0), which carry no spend
  /// Pearson correlation of frequency and mean spend over the accounts fitted; the model assumes
  /// they are independent (check it before trusting the fit; NaN when either is constant).
  Scalar frequency_spend_correlation = 0;
  /// |frequency_spend_correlation| >= options.correlation_warning: the independence the model
  /// assumes is doubtful, and spend predictions may be biased.
  bool independence_doubtful = false;
  BOOST_DESCRIBE_CLASS(gamma_gamma_fit, (),
                       (params, log_likelihood, status, converged, iterations, gradient_norm,
                        std_error_p, std_error_q, std_error_gamma, accounts, skipped,
                        frequency_spend_correlation, independence_doubtful),
                       (), ())
};

/// Returns the maximum-likelihood fit of the Gamma-Gamma model to the accounts' `frequency` x
/// (repeat transactions, a whole number >= 0) and `mean_spend` m (the mean value of those
/// repeat transactions, > 0), one value per account (lifetimes' "frequency, monetary_value").
/// Accounts with x = 0 carry no spend information and are skipped (counted in `skipped`; their
/// mean spend is not read). The likelihood of an account is that of its mean spend (Fader,
/// Hardie & Lee 2005, appendix): Gamma(p x + q) / (Gamma(p x) Gamma(q)) gamma^q m^(p x - 1)
/// x^(p x) / (gamma + x m)^(p x + q). The search runs over the logarithms of (p, q, gamma)
/// from (0, 0, 0) with damped Newton steps on the exact gradient. Throws kam::empty_input
/// without accounts or when none has x > 0, kam::shape_mismatch for vectors of other lengths,
/// kam::non_finite_value or kam::invalid_input naming the account for a frequency that is not
/// a whole number >= 0 or a mean spend that is not finite and positive where x > 0, and
/// kam::invalid_input for bad options (see validate); kam::out_of_bounds naming the largest
/// value (its field and account) when the log-likelihood is not finite even at the start of the
/// search (values near the limit of double). Complexity O(accounts) per likelihood.
template <typename Frequency, typename Spend>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Spend::Scalar>
[[nodiscard]] gamma_gamma_fit<typename Frequency::Scalar> fit_gamma_gamma(
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Spend>& mean_spend,
    const gamma_gamma_options& options = {}) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::fit_gamma_gamma";
  detail::check_gamma_gamma_options(options, fn);
  const detail::spend_data data = detail::read_spend(frequency, mean_spend, fn);
  if (data.x.empty()) {
    throw empty_input({fn, "frequency", std::nullopt},
                      "no account has a repeat transaction (frequency > 0): no spend to fit");
  }
  const detail::gamma_gamma_estimate e = detail::fit_gamma_gamma_data(data, options);
  detail::largest_datum largest;
  detail::find_largest_datum(largest, frequency, "frequency");
  // The spend of accounts without a repeat transaction is not fitted: not the culprit.
  const auto repeat = [&frequency](std::ptrdiff_t k) {
    return frequency.cols() == 1 ? frequency.coeff(k, 0) > 0 : frequency.coeff(0, k) > 0;
  };
  detail::find_largest_datum(largest, mean_spend, "mean_spend", repeat);
  detail::check_fitted_log_likelihood(e.log_likelihood, largest, false, fn);
  gamma_gamma_fit<Scalar> out;
  out.params = {static_cast<Scalar>(e.params[0]), static_cast<Scalar>(e.params[1]),
                static_cast<Scalar>(e.params[2])};
  detail::copy_search_outcome(e, out);
  if (e.std_error) {
    out.std_error_p = static_cast<Scalar>((*e.std_error)[0]);
    out.std_error_q = static_cast<Scalar>((*e.std_error)[1]);
    out.std_error_gamma = static_cast<Scalar>((*e.std_error)[2]);
  }
  out.accounts = static_cast<Eigen::Index>(data.x.size());
  out.skipped = data.skipped;
  out.frequency_spend_correlation = static_cast<Scalar>(e.correlation);
  out.independence_doubtful = std::abs(e.correlation) >= options.correlation_warning;
  return out;
}

/// Returns the Gamma-Gamma log-likelihood of the accounts with x > 0 at `params` (the sum
/// fit_gamma_gamma maximises). Throws as fit_gamma_gamma, kam::out_of_bounds for a parameter
/// that is not positive and finite, and kam::out_of_bounds naming 'params' when the
/// log-likelihood is not finite (parameters near the limits of double, or mean spends so large
/// that their terms pass them).
template <typename Frequency, typename Spend>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Spend::Scalar>
[[nodiscard]] typename Frequency::Scalar gamma_gamma_log_likelihood(
    const gamma_gamma_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Spend>& mean_spend) {
  constexpr const char* fn = "kam::gamma_gamma_log_likelihood";
  const auto p = detail::check_gamma_gamma_params(params, fn);
  const detail::spend_data data = detail::read_spend(frequency, mean_spend, fn);
  return detail::finite_log_likelihood(
      static_cast<typename Frequency::Scalar>(detail::gamma_gamma_log_likelihood_of(data, p)),
      "mean spends", fn);
}

/// Returns the mean value of a transaction across accounts, E[Z] = p gamma / (q - 1): what an
/// account without repeat transactions is expected to spend per transaction. Throws
/// kam::out_of_bounds for invalid parameters or q <= 1 (the mean is infinite).
template <real_scalar Scalar>
[[nodiscard]] Scalar gamma_gamma_mean_spend(const gamma_gamma_params<Scalar>& params) {
  constexpr const char* fn = "kam::gamma_gamma_mean_spend";
  const auto p = detail::check_gamma_gamma_params(params, fn);
  return static_cast<Scalar>(detail::gamma_gamma_expected_of(p, 0, 0, fn));
}

/// Returns, per account, the expected value of its future transactions given its frequency x
/// and mean spend m (Fader, Hardie & Lee 2005, eq. 2): (gamma + x m) p / (p x + q - 1), a
/// weighted mean of the population mean p gamma / (q - 1) and the account's own m, the weight of
/// m growing with x; the population mean for x = 0. Throws as gamma_gamma_log_likelihood, and
/// kam::out_of_bounds naming the account when p x + q <= 1 (the expectation is infinite).
template <typename Frequency, typename Spend>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Spend::Scalar>
[[nodiscard]] vector_of<typename Frequency::Scalar> gamma_gamma_expected_spend(
    const gamma_gamma_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Spend>& mean_spend) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::gamma_gamma_expected_spend";
  const auto p = detail::check_gamma_gamma_params(params, fn);
  const detail::spend_data all = detail::read_spend(frequency, mean_spend, fn, true);
  vector_of<Scalar> out(static_cast<Eigen::Index>(all.x.size()));
  for (std::size_t i = 0; i < all.x.size(); ++i) {
    out(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(
        detail::gamma_gamma_expected_of(p, all.x[i], all.m[i], fn, static_cast<Eigen::Index>(i)));
  }
  return out;
}

/// Checks `options` as fit_gamma_gamma would, without data. Throws kam::invalid_input naming
/// kam::validate and the field.
void validate(const gamma_gamma_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/gamma_gamma_impl.hpp>
#endif

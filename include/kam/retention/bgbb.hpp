// The BG/BB model of accounts with discrete opportunities to transact (a yearly renewal window, an
// annual event, a monthly order cycle): fit from the compressed (frequency, recency,
// opportunities, count) table, the probability that an account is still active, and the
// transactions to expect from it.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/bgbb.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>

namespace kam {

/// The parameters of the BG/BB model (Fader, Hardie & Shang 2010, "Customer-base analysis in a
/// discrete-time noncontractual setting", Marketing Science 29(6)): while active, an account
/// transacts at each opportunity with probability p ~ Beta(alpha, beta) across accounts; before
/// each opportunity it becomes inactive, for good, with probability theta ~ Beta(gamma, delta).
template <real_scalar Scalar>
struct bgbb_params {
  Scalar alpha = 1;  ///< first shape of the transaction probability, > 0
  Scalar beta = 1;   ///< second shape of the transaction probability, > 0
  Scalar gamma = 1;  ///< first shape of the dropout probability, > 0
  Scalar delta = 1;  ///< second shape of the dropout probability, > 0
  BOOST_DESCRIBE_CLASS(bgbb_params, (), (alpha, beta, gamma, delta), (), ())
};

/// The most damped Newton iterations fit_bgbb accepts.
inline constexpr int bgbb_max_iterations = 10000;

/// The most opportunities (n, and future opportunities) kam evaluates: the likelihood of a row
/// has n - t_x + 1 terms.
inline constexpr Eigen::Index bgbb_max_opportunities = 100000;

/// Options of fit_bgbb.
struct bgbb_options {
  int max_iterations = 200;  ///< damped Newton iterations, 1 to bgbb_max_iterations
  /// Convergence: the gradient of the log-likelihood with respect to the log-parameters is
  /// below tolerance x (accounts, the sum of the counts), and the last step below 1e-9.
  double tolerance = 1e-9;
};
BOOST_DESCRIBE_STRUCT(bgbb_options, (), (max_iterations, tolerance))

/// A fitted BG/BB model.
template <real_scalar Scalar>
struct bgbb_fit {
  bgbb_params<Scalar> params;  ///< the maximum-likelihood estimates (see status)
  Scalar log_likelihood = 0;   ///< at `params`, rows weighted by their counts
  /// Why the fit stopped; the estimates are maximum-likelihood only when converged.
  fit_status status = fit_status::converged;
  bool converged = false;    ///< status == converged
  int iterations = 0;        ///< damped Newton iterations used
  Scalar gradient_norm = 0;  ///< |gradient| in the log-parameters at the end
  /// Asymptotic standard errors from the observed information; empty unless converged.
  std::optional<Scalar> std_error_alpha,
      /// The asymptotic standard error of beta; empty unless converged.
      std_error_beta,
      /// The asymptotic standard error of gamma; empty unless converged.
      std_error_gamma,
      /// The asymptotic standard error of delta; empty unless converged.
      std_error_delta;
  Scalar accounts = 0;  ///< the sum of the counts
  BOOST_DESCRIBE_CLASS(bgbb_fit, (),
                       (params, log_likelihood, status, converged, iterations, gradient_norm,
                        std_error_alpha, std_error_beta, std_error_gamma, std_error_delta,
                        accounts),
                       (), ())
};

/// Returns the maximum-likelihood fit of the BG/BB model to a table whose rows are accounts, or
/// groups of `count` accounts alike: `frequency` x (transactions in the first n opportunities),
/// `recency` t_x (the opportunity of the last one; 0 when x = 0) and `opportunities` n, whole
/// numbers with 0 <= x <= t_x <= n and n >= 1. One row's likelihood (Fader, Hardie & Shang 2010,
/// eq. 5) is a log-sum-exp of its n - t_x + 1 beta-function terms; the search runs over the
/// logarithms of the parameters from (0, 0, 0, 0) with damped Newton steps on the exact gradient
/// (digamma functions). Non-convergence is not an error: see `status`. Throws kam::empty_input
/// without rows, kam::shape_mismatch for vectors of other lengths, kam::non_finite_value or
/// kam::invalid_input naming the row for values outside those rules or n above
/// bgbb_max_opportunities, a count that is negative or not finite, kam::invalid_input for
/// options outside their ranges, and kam::out_of_bounds naming 'count' when the counts are so
/// large that the log-likelihood or their sum exceeds the floating-point type. O(sum over rows of n
/// - t_x) per likelihood.
template <typename Frequency, typename Recency, typename Opportunities, typename Count>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Opportunities::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Count::Scalar>
[[nodiscard]] bgbb_fit<typename Frequency::Scalar> fit_bgbb(
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Opportunities>& opportunities, const Eigen::MatrixBase<Count>& count,
    const bgbb_options& options = {}) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::fit_bgbb";
  detail::check_bgbb_options(options, fn);
  const detail::bgbb_data data = detail::read_bgbb(frequency, recency, opportunities, &count, fn);
  const detail::bgbb_estimate e = detail::fit_bgbb_data(data, options);
  bgbb_fit<Scalar> out;
  out.params = {static_cast<Scalar>(e.params[0]), static_cast<Scalar>(e.params[1]),
                static_cast<Scalar>(e.params[2]), static_cast<Scalar>(e.params[3])};
  detail::copy_search_outcome(e, out);
  if (e.std_error) {
    out.std_error_alpha = static_cast<Scalar>((*e.std_error)[0]);
    out.std_error_beta = static_cast<Scalar>((*e.std_error)[1]);
    out.std_error_gamma = static_cast<Scalar>((*e.std_error)[2]);
    out.std_error_delta = static_cast<Scalar>((*e.std_error)[3]);
  }
  for (const double c : data.count) out.accounts += static_cast<Scalar>(c);
  if (!(std::isfinite(out.accounts) && std::isfinite(out.log_likelihood))) {
    throw out_of_bounds({fn, "count", std::nullopt},
                        "the counts are too large for the log-likelihood (or their sum) in this "
                        "floating-point type; rescale the counts");
  }
  return out;
}

/// Returns the BG/BB log-likelihood of the table at `params` (the sum fit_bgbb maximises).
/// Throws as fit_bgbb, and kam::out_of_bounds for a parameter that is not positive and finite.
template <typename Frequency, typename Recency, typename Opportunities, typename Count>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Opportunities::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Count::Scalar>
[[nodiscard]] typename Frequency::Scalar bgbb_log_likelihood(
    const bgbb_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Opportunities>& opportunities, const Eigen::MatrixBase<Count>& count) {
  constexpr const char* fn = "kam::bgbb_log_likelihood";
  const auto p = detail::check_bgbb_params(params, fn);
  const detail::bgbb_data data = detail::read_bgbb(frequency, recency, opportunities, &count, fn);
  const auto ll = static_cast<typename Frequency::Scalar>(detail::bgbb_log_likelihood_of(data, p));
  if (!std::isfinite(ll)) {
    throw out_of_bounds({fn, "count", std::nullopt},
                        "the log-likelihood exceeds the range of the floating-point type; "
                        "rescale the counts");
  }
  return ll;
}

/// Returns, per row, the probability that the account is still active at the next opportunity
/// n + 1 (Fader, Hardie & Shang 2010, eq. 11). Throws as bgbb_log_likelihood.
template <typename Frequency, typename Recency, typename Opportunities>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Opportunities::Scalar>
[[nodiscard]] vector_of<typename Frequency::Scalar> bgbb_p_alive(
    const bgbb_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Opportunities>& opportunities) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::bgbb_p_alive";
  const auto p = detail::check_bgbb_params(params, fn);
  const detail::bgbb_data data =
      detail::read_bgbb(frequency, recency, opportunities,
                        static_cast<const Eigen::MatrixBase<Frequency>*>(nullptr), fn);
  vector_of<Scalar> out(static_cast<Eigen::Index>(data.x.size()));
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    out(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(
        detail::finite_prediction(detail::bgbb_p_alive_of(p, data.x[i], data.t_x[i], data.n[i]), fn,
                                  static_cast<std::ptrdiff_t>(i)));
  }
  return out;
}

/// Returns E[X(n)], the transactions a new account is expected to make in its first `n`
/// opportunities: alpha / (alpha + beta) delta / (gamma - 1) (1 - Gamma(gamma + delta) Gamma(1 +
/// delta + n) / (Gamma(gamma + delta + n) Gamma(1 + delta))) (Fader, Hardie & Shang 2010,
/// eq. 8). Throws as bgbb_log_likelihood for the parameters, and kam::out_of_bounds for n not a
/// whole number 0 to bgbb_max_opportunities or gamma = 1 (a removable singularity kam does not
/// evaluate).
template <real_scalar Scalar>
[[nodiscard]] Scalar bgbb_expected_transactions(const bgbb_params<Scalar>& params, Scalar n) {
  constexpr const char* fn = "kam::bgbb_expected_transactions";
  const auto p = detail::check_bgbb_params(params, fn);
  detail::check_bgbb_future(static_cast<double>(n), p, fn);
  return static_cast<Scalar>(
      detail::finite_prediction(detail::bgbb_expected_of(p, static_cast<double>(n)), fn));
}

/// Returns, per row, the transactions the account is expected to make in the next `future`
/// opportunities (n + 1 .. n + future) given its history (Fader, Hardie & Shang 2010, eq. 13).
/// Throws as bgbb_p_alive and bgbb_expected_transactions.
template <typename Frequency, typename Recency, typename Opportunities>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Opportunities::Scalar>
[[nodiscard]] vector_of<typename Frequency::Scalar> bgbb_conditional_expected_transactions(
    const bgbb_params<typename Frequency::Scalar>& params, typename Frequency::Scalar future,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Opportunities>& opportunities) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::bgbb_conditional_expected_transactions";
  const auto p = detail::check_bgbb_params(params, fn);
  detail::check_bgbb_future(static_cast<double>(future), p, fn);
  const detail::bgbb_data data =
      detail::read_bgbb(frequency, recency, opportunities,
                        static_cast<const Eigen::MatrixBase<Frequency>*>(nullptr), fn);
  vector_of<Scalar> out(static_cast<Eigen::Index>(data.x.size()));
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    out(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(
        detail::finite_prediction(detail::bgbb_conditional_of(p, static_cast<double>(future),
                                                              data.x[i], data.t_x[i], data.n[i]),
                                  fn, static_cast<std::ptrdiff_t>(i)));
  }
  return out;
}

/// Checks `options` as fit_bgbb would, without data. Throws kam::invalid_input naming
/// kam::validate and the field.
void validate(const bgbb_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/bgbb_impl.hpp>
#endif

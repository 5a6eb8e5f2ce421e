// The BG/NBD model of accounts that reorder when they like (non-contractual): fit from each
// account's frequency, recency and age, the probability that it is still active, and the
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
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/fit_status.hpp>
#include <optional>

namespace kam {

/// The parameters of the BG/NBD model (Fader, Hardie & Lee 2005, "'Counting your customers' the
/// easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)): while active, an
/// account transacts as a Poisson process with rate lambda ~ Gamma(r, alpha) across accounts;
/// after each transaction it becomes inactive with probability p ~ Beta(a, b), for good. Time is
/// in the unit of the data (days, weeks: whatever recency and age were measured in).
template <real_scalar Scalar>
struct bgnbd_params {
  Scalar r = 1;      ///< shape of the transaction rate, > 0
  Scalar alpha = 1;  ///< scale (in time units) of the transaction rate, > 0
  Scalar a = 1;      ///< first shape of the dropout probability, > 0
  Scalar b = 1;      ///< second shape of the dropout probability, > 0
  BOOST_DESCRIBE_CLASS(bgnbd_params, (), (r, alpha, a, b), (), ())
};

/// Options of fit_bgnbd.
struct bgnbd_options {
  int max_iterations = 200;  ///< damped Newton iterations, >= 1
  /// Convergence: the gradient of the log-likelihood with respect to the log-parameters is
  /// below tolerance x (accounts), and the last step below 1e-9 in log units.
  double tolerance = 1e-9;
};
BOOST_DESCRIBE_STRUCT(bgnbd_options, (), (max_iterations, tolerance))

/// A fitted BG/NBD model.
template <real_scalar Scalar>
struct bgnbd_fit {
  bgnbd_params<Scalar> params;  ///< the maximum-likelihood estimates (see status)
  Scalar log_likelihood = 0;    ///< at `params`
  /// Why the fit stopped; the estimates are maximum-likelihood only when converged.
  fit_status status = fit_status::converged;
  bool converged = false;    ///< status == converged
  int iterations = 0;        ///< damped Newton iterations used
  Scalar gradient_norm = 0;  ///< |gradient| in the log-parameters at the end
  /// Asymptotic standard errors of r, alpha, a, b from the observed information (delta method
  /// from the log-parameters); empty unless converged.
  std::optional<Scalar> std_error_r,
      /// The asymptotic standard error of alpha; empty unless converged.
      std_error_alpha,
      /// The asymptotic standard error of a; empty unless converged.
      std_error_a,
      /// The asymptotic standard error of b; empty unless converged.
      std_error_b;
  Eigen::Index accounts = 0;  ///< accounts fitted
  BOOST_DESCRIBE_CLASS(bgnbd_fit, (),
                       (params, log_likelihood, status, converged, iterations, gradient_norm,
                        std_error_r, std_error_alpha, std_error_a, std_error_b, accounts),
                       (), ())
};

/// Returns the maximum-likelihood fit of the BG/NBD model to accounts with `frequency` x (repeat
/// transactions: all but the first, a whole number >= 0), `recency` t_x (the time of the last
/// transaction, measured from the first; 0 when x = 0) and `age` T (the time from the first
/// transaction to the end of observation, >= t_x), one value per account (lifetimes' and
/// CLVTools' "frequency, recency, T"). The likelihood of one account (Fader, Hardie & Lee 2005,
/// eq. 6) is summed as a log-sum-exp of its two terms, so it does not overflow for large x. The
/// search runs over the logarithms of (r, alpha, a, b) from (0, 0, 0, 0) with damped Newton
/// steps (Levenberg-Marquardt) on the exact gradient (digamma functions) and a Hessian from
/// central differences of it, in double whatever Scalar is. Non-convergence is not an error: see
/// `status`. Throws kam::empty_input without accounts, kam::shape_mismatch for vectors of other
/// lengths, and kam::non_finite_value or kam::invalid_input naming the account for a value that is
/// not finite, a frequency that is negative or not whole, a negative recency, recency > 0 with
/// frequency 0, or recency > age; kam::invalid_input for max_iterations < 1 or a tolerance that
/// is not positive; kam::out_of_bounds naming the largest value (its field and account) when
/// the log-likelihood is not finite even at the start of the search (values near the limit of
/// double). Complexity O(accounts) per likelihood, about ten per iteration.
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] bgnbd_fit<typename Frequency::Scalar> fit_bgnbd(
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age, const bgnbd_options& options = {}) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::fit_bgnbd";
  detail::check_bgnbd_options(options, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  const detail::bgnbd_estimate e = detail::fit_bgnbd_data(data, options);
  detail::check_rfm_fit(e.log_likelihood, frequency, recency, age, fn);
  bgnbd_fit<Scalar> out;
  out.params = {static_cast<Scalar>(e.params[0]), static_cast<Scalar>(e.params[1]),
                static_cast<Scalar>(e.params[2]), static_cast<Scalar>(e.params[3])};
  detail::copy_search_outcome(e, out);
  if (e.std_error) {
    out.std_error_r = static_cast<Scalar>((*e.std_error)[0]);
    out.std_error_alpha = static_cast<Scalar>((*e.std_error)[1]);
    out.std_error_a = static_cast<Scalar>((*e.std_error)[2]);
    out.std_error_b = static_cast<Scalar>((*e.std_error)[3]);
  }
  out.accounts = static_cast<Eigen::Index>(data.x.size());
  return out;
}

/// Returns the BG/NBD log-likelihood of the accounts at `params` (the sum fit_bgnbd maximises).
/// Throws as fit_bgnbd, kam::out_of_bounds for a parameter that is not positive and finite, and
/// kam::out_of_bounds naming 'params' when the log-likelihood is not finite (parameters near the
/// limits of double, or accounts whose terms pass them).
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] typename Frequency::Scalar bgnbd_log_likelihood(
    const bgnbd_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age) {
  constexpr const char* fn = "kam::bgnbd_log_likelihood";
  const auto p = detail::check_bgnbd_params(params, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  return detail::finite_log_likelihood(
      static_cast<typename Frequency::Scalar>(detail::bgnbd_log_likelihood_of(data, p)), "accounts",
      fn);
}

/// Returns, per account, the probability that it is still active at the end of observation:
/// 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)) (Fader, Hardie & Lee
/// 2005, eq. 11; 1 for an account with no repeat transaction, which the model cannot have lost).
/// For "how likely is it still active if it stays silent for another t?", pass age + t: the
/// formula is the same with T moved on. Throws as bgnbd_log_likelihood.
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] vector_of<typename Frequency::Scalar> bgnbd_p_alive(
    const bgnbd_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::bgnbd_p_alive";
  const auto p = detail::check_bgnbd_params(params, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  return detail::per_rfm_account<Scalar>(
      data, [&](double x, double t_x, double age_i, std::ptrdiff_t row) {
        return detail::finite_prediction(detail::bgnbd_p_alive_of(p, x, t_x, age_i), fn, row);
      });
}

/// Returns E[X(t)], the transactions a new account (at its first transaction) is expected to
/// make in the next `t` time units: (a + b - 1) / (a - 1) (1 - (alpha / (alpha + t))^r
/// 2F1(r, b; a + b - 1; t / (alpha + t))) (Fader, Hardie & Lee 2005, eq. 7). Throws as
/// bgnbd_log_likelihood, and kam::out_of_bounds for t negative or not finite or a = 1 (where the
/// formula has a removable singularity kam does not evaluate).
template <real_scalar Scalar>
[[nodiscard]] Scalar bgnbd_expected_transactions(const bgnbd_params<Scalar>& params, Scalar t) {
  constexpr const char* fn = "kam::bgnbd_expected_transactions";
  const auto p = detail::check_bgnbd_params(params, fn);
  detail::check_bgnbd_horizon(static_cast<double>(t), p, fn);
  return static_cast<Scalar>(
      detail::finite_prediction(detail::bgnbd_expected_of(p, static_cast<double>(t), fn), fn));
}

/// Returns, per account, the transactions it is expected to make in the next `t` time units
/// given its frequency x, recency t_x and age T (Fader, Hardie & Lee 2005, eq. 10):
/// (a + b + x - 1) / (a - 1) (1 - ((alpha + T) / (alpha + T + t))^(r + x) 2F1(r + x, b + x;
/// a + b + x - 1; t / (alpha + T + t))) / (1 + [x > 0] a / (b + x - 1) ((alpha + T) /
/// (alpha + t_x))^(r + x)). Throws as bgnbd_expected_transactions.
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] vector_of<typename Frequency::Scalar> bgnbd_conditional_expected_transactions(
    const bgnbd_params<typename Frequency::Scalar>& params, typename Frequency::Scalar t,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::bgnbd_conditional_expected_transactions";
  const auto p = detail::check_bgnbd_params(params, fn);
  detail::check_bgnbd_horizon(static_cast<double>(t), p, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  return detail::per_rfm_account<Scalar>(
      data, [&](double x, double t_x, double age_i, std::ptrdiff_t row) {
        return detail::finite_prediction(
            detail::bgnbd_conditional_of(p, static_cast<double>(t), x, t_x, age_i, fn), fn, row);
      });
}

/// Returns, per account, the probability that it is still active `t` time units after the end
/// of observation, whatever it buys meanwhile: P(active now) x ((alpha + T) / (alpha + T +
/// t))^(r + x) 2F1(r + x, b + x; a + b + x; t / (alpha + T + t)) (given active now, lambda ~
/// Gamma(r + x, alpha + T) and p ~ Beta(a, b + x), and an active account drops out at rate
/// lambda p; kam's derivation, checked against numerical integration in the tests). At t = 0
/// it is bgnbd_p_alive. Throws as bgnbd_conditional_expected_transactions.
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] vector_of<typename Frequency::Scalar> bgnbd_p_alive_ahead(
    const bgnbd_params<typename Frequency::Scalar>& params, typename Frequency::Scalar t,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::bgnbd_p_alive_ahead";
  const auto p = detail::check_bgnbd_params(params, fn);
  detail::check_bgnbd_horizon(static_cast<double>(t), p, fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  vector_of<Scalar> out(static_cast<Eigen::Index>(data.x.size()));
  for (std::size_t i = 0; i < data.x.size(); ++i) {
    out(static_cast<Eigen::Index>(i)) = static_cast<Scalar>(detail::finite_prediction(
        detail::bgnbd_p_alive_ahead_of(p, static_cast<double>(t), data.x[i], data.t_x[i],
                                       data.age[i], fn),
        fn, static_cast<std::ptrdiff_t>(i)));
  }
  return out;
}

/// The largest transaction count bgnbd_probability_of_transactions evaluates (its cost is
/// linear in the count).
inline constexpr Eigen::Index bgnbd_max_count = 1000000;

/// Returns P(X(t) = n): the probability that a new account (at its first transaction) makes
/// exactly n transactions in the next t time units (Fader, Hardie & Lee 2005, eq. 8). The
/// negative-binomial tail in the formula is 1 minus its first n terms, accurate to about 1e-16
/// absolute (not relative, for tiny probabilities). Throws as bgnbd_log_likelihood for the
/// parameters, kam::out_of_bounds for t negative or not finite, or n outside 0 ..
/// bgnbd_max_count - 1. O(n).
template <real_scalar Scalar>
[[nodiscard]] Scalar bgnbd_probability_of_transactions(const bgnbd_params<Scalar>& params, Scalar t,
                                                       Eigen::Index n) {
  constexpr const char* fn = "kam::bgnbd_probability_of_transactions";
  const auto p = detail::check_bgnbd_params(params, fn);
  detail::check_bgnbd_time(static_cast<double>(t), fn);
  if (n < 0 || n >= bgnbd_max_count) {  // checked before n + 1, which overflows at the limit
    throw out_of_bounds({fn, "n"}, detail::cat({"n is ", n, "; it must be 0 to ",
                                                bgnbd_max_count - 1, " (bgnbd_max_count - 1)"}));
  }
  const auto all = detail::bgnbd_count_probabilities_of(p, static_cast<double>(t),
                                                        static_cast<std::size_t>(n + 1));
  return static_cast<Scalar>(detail::finite_prediction(all.back(), fn));
}

/// The most histogram buckets bgnbd_repeat_count_check accepts.
inline constexpr Eigen::Index bgnbd_max_buckets = 1000;

/// The population check of a BG/NBD fit: how many accounts made 0, 1, 2, ... repeat
/// transactions in their own observation time, against how many the model expects.
template <real_scalar Scalar>
struct bgnbd_count_check {
  /// Accounts with k repeat transactions, k = 0 .. buckets - 2, and with buckets - 1 or more.
  vector_of<Scalar> actual;
  /// The model's expectation of each: the sum over accounts of P(X(T_i) = k); the last bucket is
  /// the rest (accounts minus the others).
  vector_of<Scalar> expected;
  /// Pearson's sum of (actual - expected)^2 / expected over the buckets.
  Scalar chi_square = 0;
  /// buckets - 1 - 4 (the four fitted parameters); empty with 5 buckets or fewer.
  std::optional<Eigen::Index> degrees_of_freedom;
  /// P(chi-square >= chi_square) on those degrees of freedom: a guide rather than a test when
  /// expected counts are below 5 or the parameters were not fitted to these accounts.
  std::optional<Scalar> p_value;
  BOOST_DESCRIBE_CLASS(bgnbd_count_check, (),
                       (actual, expected, chi_square, degrees_of_freedom, p_value), (), ())
};

/// Returns the repeat-transaction histogram of the accounts against the model's (Fader, Hardie
/// & Lee 2005, figure 3: the calibration-period fit). Throws as bgnbd_log_likelihood, and
/// kam::out_of_bounds for buckets outside 2 .. bgnbd_max_buckets. O(accounts x buckets).
template <typename Frequency, typename Recency, typename Age>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar>
[[nodiscard]] bgnbd_count_check<typename Frequency::Scalar> bgnbd_repeat_count_check(
    const bgnbd_params<typename Frequency::Scalar>& params,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age, Eigen::Index buckets = 8) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::bgnbd_repeat_count_check";
  const auto p = detail::check_bgnbd_params(params, fn);
  detail::check_bgnbd_count(buckets - 1, bgnbd_max_buckets - 1, "buckets - 1", fn);
  const detail::rfm_data data = detail::read_rfm(frequency, recency, age, fn);
  const detail::count_check c =
      detail::bgnbd_count_check_of(p, data, static_cast<std::size_t>(buckets));
  bgnbd_count_check<Scalar> out;
  out.actual = detail::to_vector<Scalar>(c.actual);
  out.expected = detail::to_vector<Scalar>(c.expected);
  for (const double e : c.expected) (void)detail::finite_prediction(e, fn);
  out.chi_square = static_cast<Scalar>(detail::finite_prediction(c.chi_square, fn));
  if (buckets > 5) {
    out.degrees_of_freedom = buckets - 5;
    out.p_value = static_cast<Scalar>(c.p_value);
  }
  return out;
}

/// Checks `options` as fit_bgnbd would, without data. Throws kam::invalid_input naming
/// kam::validate and the field.
void validate(const bgnbd_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/bgnbd_impl.hpp>
#endif

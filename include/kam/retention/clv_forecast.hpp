// Customer lifetime value from the repeat-buying models: the transactions BG/NBD expects of each
// account over a horizon, valued at the spend Gamma-Gamma expects, discounted per period, with
// the time unit of the data and of the discount rate stated, never assumed.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/clv_forecast.hpp>
#include <kam/retention/detail/gamma_gamma.hpp>
#include <kam/retention/detail/pareto_nbd.hpp>
#include <kam/retention/gamma_gamma.hpp>
#include <kam/retention/pareto_nbd.hpp>

namespace kam {

/// The longest horizon clv_forecast accepts, in discount periods (a century of months).
inline constexpr int clv_forecast_max_periods = 1200;

/// The horizon, discounting and time units of a CLV forecast. Both units are in days and have no
/// default: a model fitted on weeks with a monthly discount rate is the classic silent error
/// (lifetimes' `customer_lifetime_value` assumes the data are in days unless told), so kam makes
/// the caller say what each is.
struct clv_forecast_options {
  /// Days in one time unit of the model's data (recency and age): 7 for weeks, 1 for days; > 0.
  double model_unit_days = 0;
  /// Days in one discount period: 30 (lifetimes' month), 365.25 / 12, 7, 365.25; > 0.
  double period_days = 0;
  int periods = 12;          ///< the horizon in discount periods, 1 to clv_forecast_max_periods
  double discount_rate = 0;  ///< per discount period, > -1 and finite (0.01: 1 % a period)
  double margin = 1;         ///< the share of spend that is value (a profit margin), finite >= 0
  BOOST_DESCRIBE_CLASS(clv_forecast_options, (),
                       (model_unit_days, period_days, periods, discount_rate, margin), (), ())
};

/// A CLV forecast, per account and in total.
template <real_scalar Scalar>
struct clv_forecast_result {
  /// Discounted value over the horizon: the sum over periods k = 1..K of margin x expected spend
  /// x (E[transactions by the end of k] - E[by the end of k - 1]) / (1 + discount_rate)^k.
  vector_of<Scalar> value;
  vector_of<Scalar> expected_transactions;  ///< over the whole horizon, undiscounted
  vector_of<Scalar> expected_spend;         ///< per transaction (Gamma-Gamma; x = 0: the mean)
  Scalar total_value = 0;                   ///< the sum of `value`
  BOOST_DESCRIBE_CLASS(clv_forecast_result, (),
                       (value, expected_transactions, expected_spend, total_value), (), ())
};

/// Returns each account's lifetime value over the horizon from a BG/NBD model of its
/// transactions and a Gamma-Gamma model of its spend (Fader, Hardie & Lee 2005, "RFM and CLV",
/// in discrete periods as lifetimes computes it): period k ends k x period_days / model_unit_days
/// model time units from the end of observation, and the transactions expected in it come from
/// bgnbd_conditional_expected_transactions. With model_unit_days = 1 and period_days = 30 this is
/// lifetimes' `customer_lifetime_value(..., time=K, discount_rate=d, freq='D')`. Throws as
/// bgnbd_conditional_expected_transactions and gamma_gamma_expected_spend (naming
/// kam::clv_forecast), and kam::invalid_input naming the option for a unit that is not positive
/// and finite, periods outside 1..clv_forecast_max_periods, a discount rate <= -1 or a margin < 0
/// or not finite. O(accounts x periods) 2F1 evaluations.
template <typename Frequency, typename Recency, typename Age, typename Spend>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Spend::Scalar>
[[nodiscard]] clv_forecast_result<typename Frequency::Scalar> clv_forecast(
    const bgnbd_params<typename Frequency::Scalar>& transactions,
    const gamma_gamma_params<typename Frequency::Scalar>& spend,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age, const Eigen::MatrixBase<Spend>& mean_spend,
    const clv_forecast_options& options) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::clv_forecast";
  detail::check_clv_forecast_options(options, fn);
  const auto bg = detail::check_bgnbd_params(transactions, fn);
  detail::check_bgnbd_horizon(0.0, bg, fn);
  const auto gg = detail::check_gamma_gamma_params(spend, fn);
  const detail::rfm_data accounts = detail::read_rfm(frequency, recency, age, fn);
  const detail::spend_data spends = detail::read_spend(frequency, mean_spend, fn, true);
  const auto expected = [&](std::size_t i, double t) {
    return detail::bgnbd_conditional_of(bg, t, accounts.x[i], accounts.t_x[i], accounts.age[i], fn);
  };
  return detail::clv_result<Scalar, clv_forecast_result>(
      detail::clv_forecast_of(expected, gg, spends, options, fn));
}

/// Returns each account's lifetime value over the horizon from a Pareto/NBD model of its
/// transactions and a Gamma-Gamma model of its spend, as the BG/NBD overload (the transactions
/// expected in each period from pareto_nbd_conditional_expected_transactions). Throws as that
/// overload and pareto_nbd_conditional_expected_transactions.
template <typename Frequency, typename Recency, typename Age, typename Spend>
requires real_scalar<typename Frequency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Recency::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Age::Scalar> &&
    std::same_as<typename Frequency::Scalar, typename Spend::Scalar>
[[nodiscard]] clv_forecast_result<typename Frequency::Scalar> clv_forecast(
    const pareto_nbd_params<typename Frequency::Scalar>& transactions,
    const gamma_gamma_params<typename Frequency::Scalar>& spend,
    const Eigen::MatrixBase<Frequency>& frequency, const Eigen::MatrixBase<Recency>& recency,
    const Eigen::MatrixBase<Age>& age, const Eigen::MatrixBase<Spend>& mean_spend,
    const clv_forecast_options& options) {
  using Scalar = typename Frequency::Scalar;
  constexpr const char* fn = "kam::clv_forecast";
  detail::check_clv_forecast_options(options, fn);
  const auto pn = detail::check_pareto_nbd_params(transactions, fn);
  const auto gg = detail::check_gamma_gamma_params(spend, fn);
  const detail::rfm_data accounts = detail::read_rfm(frequency, recency, age, fn);
  const detail::spend_data spends = detail::read_spend(frequency, mean_spend, fn, true);
  const auto expected = [&](std::size_t i, double t) {
    return detail::pareto_nbd_conditional_of(pn, t, accounts.x[i], accounts.t_x[i], accounts.age[i],
                                             fn);
  };
  return detail::clv_result<Scalar, clv_forecast_result>(
      detail::clv_forecast_of(expected, gg, spends, options, fn));
}

/// Checks `options` as clv_forecast would, without data. Throws kam::invalid_input naming
/// kam::validate and the field.
void validate(const clv_forecast_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/clv_forecast_impl.hpp>
#endif

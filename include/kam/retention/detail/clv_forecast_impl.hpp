// Not API. Definitions of kam/retention/clv_forecast.hpp (compiled once in compiled mode).
#pragma once

#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/clv_forecast.hpp>
#include <kam/retention/detail/clv_forecast.hpp>
#include <kam/retention/detail/gamma_gamma.hpp>
#include <kam/retention/detail/gamma_gamma_impl.hpp>

namespace kam {
namespace detail {

/// Throws kam::invalid_input naming `fn` and `field` unless `days` is positive and finite.
KAM_INLINE void check_unit_days(double days, const char* field, const char* fn) {
  if (!(std::isfinite(days) && days > 0)) {
    throw invalid_input({fn, field},
                        cat({field, " is ", days,
                             "; say how many days one unit is (7 for weeks, 30 for lifetimes' "
                             "month): it must be positive and finite"}));
  }
}

KAM_INLINE void check_clv_forecast_options(const clv_forecast_options& options, const char* fn) {
  check_unit_days(options.model_unit_days, "model_unit_days", fn);
  check_unit_days(options.period_days, "period_days", fn);
  if (options.periods < 1 || options.periods > clv_forecast_max_periods) {
    throw invalid_input({fn, "periods"}, cat({"periods is ", options.periods, "; it must be 1 to ",
                                              clv_forecast_max_periods}));
  }
  if (!(std::isfinite(options.discount_rate) && options.discount_rate > -1)) {
    throw invalid_input({fn, "discount_rate"}, cat({"discount_rate is ", options.discount_rate,
                                                    "; it must be finite and > -1"}));
  }
  if (!(std::isfinite(options.margin) && options.margin >= 0)) {
    throw invalid_input({fn, "margin"},
                        cat({"margin is ", options.margin, "; it must be finite and >= 0"}));
  }
}

/// The discounted transactions of account i: the sum over k of (E[Y(t_k)] - E[Y(t_k-1)]) / (1 +
/// d)^k, and E[Y(t_K)] in `expected_total`.
KAM_INLINE double discounted_transactions(const conditional_expectation& expected, std::size_t i,
                                          const clv_forecast_options& options,
                                          double& expected_total) {
  const double step = options.period_days / options.model_unit_days;
  double previous = 0, sum = 0;
  for (int k = 1; k <= options.periods; ++k) {
    const double e = expected(i, k * step);
    sum += (e - previous) / std::pow(1 + options.discount_rate, k);
    previous = e;
  }
  expected_total = previous;
  return sum;
}

KAM_INLINE clv_columns clv_forecast_of(const conditional_expectation& expected,
                                       const gamma_gamma_values& spend, const spend_data& spends,
                                       const clv_forecast_options& options, const char* fn) {
  const std::size_t n = spends.x.size();
  clv_columns out;
  out.value.resize(n);
  out.transactions.resize(n);
  out.spend.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.spend[i] =
        gamma_gamma_expected_of(spend, spends.x[i], spends.m[i], fn, static_cast<Eigen::Index>(i));
    const double discounted = discounted_transactions(expected, i, options, out.transactions[i]);
    out.value[i] = options.margin * out.spend[i] * discounted;
    out.total += out.value[i];
  }
  if (!std::isfinite(out.total)) {
    throw out_of_bounds({fn, "mean_spend"},
                        "the total value overflows double (spend or horizon too large)");
  }
  return out;
}

}  // namespace detail

KAM_INLINE void validate(const clv_forecast_options& options) {
  detail::check_clv_forecast_options(options, "kam::validate");
}

}  // namespace kam

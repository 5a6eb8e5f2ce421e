// Not API. The engine of kam/retention/clv_forecast.hpp (definitions in clv_forecast_impl.hpp).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <functional>
#include <kam/retention/detail/bgnbd.hpp>
#include <kam/retention/detail/gamma_gamma.hpp>
#include <vector>

namespace kam {

struct clv_forecast_options;  // kam/retention/clv_forecast.hpp

namespace detail {

/// A CLV forecast in double, per account, and the total value.
struct clv_columns {
  std::vector<double> value, transactions, spend;
  double total = 0;
};

/// Throws kam::invalid_input (naming `fn` and the field) unless both units are positive and
/// finite, periods is in 1..clv_forecast_max_periods, the discount rate is finite and > -1 and
/// the margin is finite and >= 0.
void check_clv_forecast_options(const clv_forecast_options& options, const char* fn);

/// The transactions account i is expected to make in the next t time units (from BG/NBD or
/// Pareto/NBD).
using conditional_expectation = std::function<double(std::size_t i, double t)>;

/// The forecast of every account of `spends`, whose expected transactions `expected` gives.
clv_columns clv_forecast_of(const conditional_expectation& expected,
                            const gamma_gamma_values& spend, const spend_data& spends,
                            const clv_forecast_options& options, const char* fn);

/// Returns the forecast in Scalar.
template <real_scalar Scalar, template <typename> typename Result>
Result<Scalar> clv_result(const clv_columns& c) {
  Result<Scalar> out;
  out.value = to_vector<Scalar>(c.value);
  out.expected_transactions = to_vector<Scalar>(c.transactions);
  out.expected_spend = to_vector<Scalar>(c.spend);
  out.total_value = static_cast<Scalar>(c.total);
  return out;
}

}  // namespace detail
}  // namespace kam

// Not API. The engine of kam/retention/clv_forecast.hpp (definitions in clv_forecast_impl.hpp).
#pragma once

#include <Eigen/Core>
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

/// The forecast of every account (`accounts` and `spends` describe the same accounts).
clv_columns clv_forecast_of(const bgnbd_values& transactions, const gamma_gamma_values& spend,
                            const rfm_data& accounts, const spend_data& spends,
                            const clv_forecast_options& options, const char* fn);

}  // namespace detail
}  // namespace kam

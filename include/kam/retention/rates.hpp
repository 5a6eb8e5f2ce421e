// Retention and churn rates: the customer retention rate, and rates rescaled between periods.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <optional>

namespace kam {

/// Returns the customer retention rate CRR = (E - N) / S: `end` customers at the end of the
/// period, `acquired` of them new during it, `start` at its start. Churn is 1 - CRR.
/// Throws kam::invalid_input if start <= 0, any count is negative, acquired > end, or
/// end - acquired > start (more retained customers than there were).
template <real_scalar Scalar = double>
[[nodiscard]] Scalar customer_retention_rate(Eigen::Index start, Eigen::Index end,
                                             Eigen::Index acquired) {
  constexpr const char* fn = "kam::customer_retention_rate";
  if (start <= 0) {
    throw invalid_input({fn, "start", std::nullopt},
                        detail::cat({"start is ", start, "; retention needs customers to retain"}));
  }
  if (end < 0 || acquired < 0) {
    throw invalid_input({fn, end < 0 ? "end" : "acquired", std::nullopt},
                        "counts must not be negative");
  }
  if (acquired > end) {
    throw invalid_input({fn, "acquired", std::nullopt},
                        detail::cat({acquired, " acquired but only ", end, " at the end"}));
  }
  if (end - acquired > start) {
    throw invalid_input(
        {fn, "end", std::nullopt},
        detail::cat({end - acquired, " retained customers but only ", start, " at the start"}));
  }
  return static_cast<Scalar>(end - acquired) / static_cast<Scalar>(start);
}

/// Returns the churn rate over `periods` periods from a churn rate per period, assuming the
/// same per-period churn throughout: 1 - (1 - churn)^periods. Annual from monthly is
/// `rescale_churn(monthly, 12)` (never 12 x monthly); monthly from annual is
/// `rescale_churn(annual, 1.0 / 12)`. Throws kam::out_of_bounds if churn is outside [0, 1] or
/// periods is not a positive finite number.
template <real_scalar Scalar>
[[nodiscard]] Scalar rescale_churn(Scalar churn, Scalar periods) {
  constexpr const char* fn = "kam::rescale_churn";
  if (!(churn >= 0 && churn <= 1)) {
    throw out_of_bounds({fn, "churn", std::nullopt},
                        detail::cat({"churn is ", churn, "; it must be in [0, 1]"}));
  }
  if (!(periods > 0) || !std::isfinite(periods)) {
    throw out_of_bounds({fn, "periods", std::nullopt},
                        detail::cat({"periods is ", periods, "; it must be positive and finite"}));
  }
  // -expm1(periods * log1p(-churn)) keeps small rates exact (1 - (1 - c)^k cancels otherwise).
  if (churn == 1) return Scalar(1);
  return -std::expm1(periods * std::log1p(-churn));
}

/// Returns the retention rate over `periods` periods from a per-period retention rate:
/// retention^periods (annual from monthly: `rescale_retention(monthly, 12)`).
/// Throws kam::out_of_bounds if retention is outside [0, 1] or periods is not positive finite.
template <real_scalar Scalar>
[[nodiscard]] Scalar rescale_retention(Scalar retention, Scalar periods) {
  constexpr const char* fn = "kam::rescale_retention";
  if (!(retention >= 0 && retention <= 1)) {
    throw out_of_bounds({fn, "retention", std::nullopt},
                        detail::cat({"retention is ", retention, "; it must be in [0, 1]"}));
  }
  if (!(periods > 0) || !std::isfinite(periods)) {
    throw out_of_bounds({fn, "periods", std::nullopt},
                        detail::cat({"periods is ", periods, "; it must be positive and finite"}));
  }
  return std::pow(retention, periods);
}

}  // namespace kam

// Not API. The checks and sums of kam/retention/clv.hpp.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <optional>

namespace kam {

template <real_scalar Scalar>
struct retention_scenario;  // kam/retention/clv.hpp

namespace detail {

/// Throws kam::non_finite_value (naming `fn` and `field`) unless `v` is finite.
template <typename Scalar>
void check_finite_arg(Scalar v, const char* fn, const char* field) {
  if (!std::isfinite(v)) throw non_finite_value({fn, field, std::nullopt}, cat({"value is ", v}));
}

/// Throws unless the retention rate `r` is finite and in [0, 1].
template <typename Scalar>
void check_retention_arg(Scalar r, const char* fn, std::optional<std::ptrdiff_t> row = {}) {
  if (!std::isfinite(r)) throw non_finite_value({fn, "retention", row}, cat({"value is ", r}));
  if (r < 0 || r > 1) {
    throw out_of_bounds({fn, "retention", row},
                        cat({"retention is ", r, "; it must be in [0, 1]"}));
  }
}

/// Throws unless the discount rate `d` is finite and greater than -1.
template <typename Scalar>
void check_discount_arg(Scalar d, const char* fn) {
  if (!std::isfinite(d))
    throw non_finite_value({fn, "discount", std::nullopt}, cat({"value is ", d}));
  if (d <= -1) {
    throw out_of_bounds({fn, "discount", std::nullopt},
                        cat({"discount is ", d, "; it must be greater than -1"}));
  }
}

/// Returns `value`; throws kam::out_of_bounds if it overflowed to infinity (or is NaN).
template <typename Scalar>
Scalar checked_value(Scalar value, const char* fn) {
  if (!std::isfinite(value)) {
    throw out_of_bounds({fn, "margin", std::nullopt},
                        cat({"the lifetime value is ", value, ": too large for the scalar type"}));
  }
  return value;
}

/// Returns m r / (1 + d - r) after checking the arguments (see kam::clv).
template <typename Scalar>
Scalar clv_perpetuity(Scalar margin, Scalar retention, Scalar discount, const char* fn) {
  check_finite_arg(margin, fn, "margin");
  check_retention_arg(retention, fn);
  check_discount_arg(discount, fn);
  if (retention >= 1 + discount) {
    throw out_of_bounds({fn, "retention", std::nullopt},
                        cat({"retention ", retention, " >= 1 + discount ", 1 + discount,
                             ": the lifetime value is infinite; give a horizon"}));
  }
  return checked_value(margin * retention / (1 + discount - retention), fn);
}

/// Returns the lifetime value over `horizon` periods after checking the arguments (see kam::clv).
template <typename Scalar>
Scalar clv_horizon(Scalar margin, Scalar retention, Scalar discount, Eigen::Index horizon,
                   const char* fn) {
  check_finite_arg(margin, fn, "margin");
  check_retention_arg(retention, fn);
  check_discount_arg(discount, fn);
  if (horizon < 0) {
    throw out_of_bounds({fn, "horizon", std::nullopt},
                        cat({"horizon is ", horizon, "; it must be >= 0"}));
  }
  const double q = static_cast<double>(retention) / (1.0 + static_cast<double>(discount));
  const double t = static_cast<double>(horizon);
  // q (1 - q^T) / (1 - q), with q^T - 1 as expm1(T ln q) so q close to 1 keeps its digits.
  double sum = 0;
  if (q == 0) {
    sum = 0;
  } else if (q == 1) {
    sum = t;
  } else {
    sum = q * std::expm1(t * std::log(q)) / (q - 1.0);
  }
  return checked_value(static_cast<Scalar>(static_cast<double>(margin) * sum), fn);
}

/// Throws unless the scenario's margins, retention, discount, improvement and unit are valid.
template <typename Scalar>
void check_retention_scenario(const retention_scenario<Scalar>& s, const char* fn) {
  const Eigen::Index horizon = s.margin.size();
  if (horizon == 0) throw empty_input({fn, "margin", std::nullopt}, "no periods");
  if (s.retention.size() != 1 && s.retention.size() != horizon) {
    throw shape_mismatch({fn, "retention", std::nullopt},
                         detail::cat({s.retention.size(), " retention values for ", horizon,
                                      " margins; give one, or one per period"}));
  }
  for (Eigen::Index t = 0; t < horizon; ++t) {
    if (!std::isfinite(s.margin(t))) {
      throw non_finite_value({fn, "margin", t}, detail::cat({"period ", t + 1, ": ", s.margin(t)}));
    }
  }
  for (Eigen::Index t = 0; t < s.retention.size(); ++t) check_retention_arg(s.retention(t), fn, t);
  check_discount_arg(s.discount, fn);
  check_finite_arg(s.improvement, fn, "improvement");
  if (!is_enumerator(s.unit)) throw invalid_input({fn, "unit", std::nullopt}, "not a unit");
}

}  // namespace detail
}  // namespace kam

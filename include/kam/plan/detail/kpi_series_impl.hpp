// Not API. Definitions of kam/plan/kpi_series.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/dates.hpp>
#include <kam/plan/kpi_series.hpp>
#include <kam/plan/kpi_trend.hpp>
#include <limits>
#include <vector>

namespace kam {
namespace detail {

KAM_INLINE void check_kpi_options(const kpi_options& o, const char* fn) {
  if (!(o.ewma_alpha > 0 && o.ewma_alpha <= 1)) {
    throw invalid_input({fn, "ewma_alpha"}, cat({"alpha ", o.ewma_alpha, " is outside (0, 1]"}));
  }
  if (!(o.level > 0 && o.level < 1)) {
    throw invalid_input({fn, "level"}, cat({"level ", o.level, " is outside (0, 1)"}));
  }
}

KAM_INLINE void check_kpi_series(const std::vector<std::chrono::sys_days>& dates,
                                 const Eigen::Ref<const Eigen::VectorXd>& values,
                                 std::chrono::sys_days as_of, const char* fn) {
  if (dates.empty()) throw empty_input({fn, "dates"}, "the series has no points");
  if (static_cast<Eigen::Index>(dates.size()) != values.size()) {
    throw shape_mismatch({fn, "values"},
                         cat({values.size(), " values for ", dates.size(), " dates"}));
  }
  for (std::size_t k = 0; k < dates.size(); ++k) {
    const auto row = static_cast<std::ptrdiff_t>(k);
    if (!std::isfinite(values(row))) {
      throw non_finite_value({fn, "values", row}, cat({"value ", values(row), " is not finite"}));
    }
    if (dates[k] > as_of) {
      throw out_of_bounds({fn, "dates", row}, cat({"the point is dated ", format_date(dates[k]),
                                                   ", after the as-of date ", format_date(as_of)}));
    }
    if (k > 0 && dates[k] <= dates[k - 1]) {
      throw invalid_input({fn, "dates", row},
                          cat({"the date ", format_date(dates[k]), " is not after the date ",
                               format_date(dates[k - 1]), " before it"}));
    }
  }
}

}  // namespace detail

KAM_INLINE kpi_review review_kpi(const std::vector<std::chrono::sys_days>& dates,
                                 const Eigen::Ref<const Eigen::VectorXd>& values,
                                 std::chrono::sys_days as_of, std::chrono::sys_days due,
                                 const kpi_options& options) {
  constexpr const char* fn = "kam::review_kpi";
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  detail::check_kpi_options(options, fn);
  detail::check_kpi_series(dates, values, as_of, fn);
  const Eigen::Index n = values.size();
  kpi_review r;
  r.ewma.resize(n);
  r.change.resize(n);
  r.relative_change.resize(n);
  trend_builder trend;
  const double a = options.ewma_alpha;
  for (Eigen::Index k = 0; k < n; ++k) {
    const double y = values(k);
    r.ewma(k) = k == 0 ? y : a * y + (1 - a) * r.ewma(k - 1);
    const double previous = k == 0 ? nan : values(k - 1);
    r.change(k) = y - previous;
    if (k > 0 && !std::isfinite(r.change(k))) {
      throw out_of_bounds({fn, "values", k},
                          detail::cat({"the change from ", previous, " to ", y,
                                       " exceeds the range of double; rescale the series"}));
    }
    // NaN after a zero, and where the change relative to a tiny previous value exceeds double.
    const double relative = previous != 0 ? (y - previous) / std::abs(previous) : nan;
    r.relative_change(k) = std::isfinite(relative) ? relative : nan;
    const auto t =
        static_cast<double>(days_between(dates.front(), dates[static_cast<std::size_t>(k)]));
    try {
      trend.add(t, y);
    } catch (const error& e) {
      e.rethrow_at({fn, "values", k});
    }
  }
  const double at = static_cast<double>(days_between(dates.front(), due));
  try {
    r.trend = trend.fit();
    if (r.trend.status == trend_status::ok) r.forecast = forecast(r.trend, at, options.level);
  } catch (const error& e) {
    e.rethrow_at({fn, e.function() == "kam::forecast" ? "due" : "values"});
  }
  if (r.trend.status != trend_status::ok) {
    r.forecast = {at, nan, nan, nan, nan, options.level};
  }
  return r;
}

KAM_INLINE void validate(const kpi_options& options) {
  detail::check_kpi_options(options, "kam::validate");
}

}  // namespace kam

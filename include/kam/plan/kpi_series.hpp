// The review of one KPI series of an account: smoothing (EWMA), period-over-period change, the
// trend and a forecast to the due date with a prediction interval.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <chrono>
#include <kam/plan/kpi_trend.hpp>
#include <vector>

namespace kam {

/// Options of review_kpi.
struct kpi_options {
  /// EWMA weight of the newest point, in (0, 1]: s_0 = y_0, s_k = alpha y_k + (1 - alpha)
  /// s_(k-1) (pandas' ewm(alpha=..., adjust=False)).
  double ewma_alpha = 0.3;
  double level = 0.95;  ///< coverage of the forecast's prediction interval, in (0, 1)
};
BOOST_DESCRIBE_STRUCT(kpi_options, (), (ewma_alpha, level))

/// The review of a KPI series, aligned with its points (point 0 first).
struct kpi_review {
  Eigen::VectorXd ewma;    ///< the smoothed series
  Eigen::VectorXd change;  ///< y_k - y_(k-1); NaN for point 0
  /// (y_k - y_(k-1)) / |y_(k-1)|; NaN for point 0, after a zero, and where the ratio exceeds
  /// the range of double (after a value so near zero, e.g. subnormal, that the change is
  /// infinitely many times it) (pandas' pct_change, but relative to |y_(k-1)| so that a rise
  /// from -10 to -5 is +50 %, not -50 %).
  Eigen::VectorXd relative_change;
  /// The least-squares line with time in days since the first point: slope per day.
  trend_fit trend;
  /// The line at the due date (days since the first point) with its prediction interval; every
  /// field NaN unless trend.status is ok.
  trend_forecast forecast;
};
BOOST_DESCRIBE_STRUCT(kpi_review, (), (ewma, change, relative_change, trend, forecast))

/// Reviews the KPI series of `values` measured on `dates` as of `as_of`, with a forecast at
/// `due` (any date, usually an objective's due date). Complexity O(N).
///
/// Throws, naming kam::review_kpi: kam::empty_input without points; kam::shape_mismatch when
/// `dates` and `values` differ in length; kam::non_finite_value naming 'values' and the row;
/// kam::invalid_input naming 'dates' and the row for a date not after the one before (dates
/// increase strictly); kam::out_of_bounds for a date after `as_of` (in the future);
/// kam::out_of_bounds naming 'values' (and the row) when a change or the trend's sums exceed the
/// range of double (values near 1e154 and beyond: rescale the series), or 'due' when the
/// forecast does; and kam::invalid_input for ewma_alpha outside (0, 1] or level outside (0, 1).
[[nodiscard]] kpi_review review_kpi(const std::vector<std::chrono::sys_days>& dates,
                                    const Eigen::Ref<const Eigen::VectorXd>& values,
                                    std::chrono::sys_days as_of, std::chrono::sys_days due,
                                    const kpi_options& options = {});

/// Checks `options` as review_kpi does. Throws kam::invalid_input naming kam::validate and the
/// field.
void validate(const kpi_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/kpi_series_impl.hpp>
#endif

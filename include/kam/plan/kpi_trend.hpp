// The straight-line trend of a KPI: ordinary least squares from mergeable sums, its standard
// errors, and a forecast with a prediction interval.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstdint>

namespace kam {

/// Whether a trend could be fitted: `ok` (at least 3 points at two or more distinct times);
/// `too_few_points` (2 points: the slope, but no standard errors; fewer: nothing);
/// `no_time_spread` (every point at the same time: no slope).
enum class trend_status : std::uint8_t { ok, too_few_points, no_time_spread };
BOOST_DESCRIBE_ENUM(trend_status, ok, too_few_points, no_time_spread)

/// The least-squares line value = intercept + slope * time through n points, with
/// s^2 = SSE / (n - 2), se(slope) = s / sqrt(Stt), se(intercept) = s sqrt(1/n + mean_time^2 / Stt)
/// where Stt = sum (t - mean_time)^2 (the textbook formulas, as statsmodels' OLS reports them).
/// Values that cannot be computed (see trend_status) are NaN.
struct trend_fit {
  Eigen::Index count = 0;   ///< points fitted
  double slope = 0;         ///< change of the KPI per unit of time
  double intercept = 0;     ///< the line at time 0
  double slope_se = 0;      ///< standard error of the slope
  double intercept_se = 0;  ///< standard error of the intercept
  double residual_sd = 0;   ///< s, the residual standard deviation
  double mean_time = 0;     ///< mean of the times
  double time_ss = 0;       ///< Stt, the sum of squared deviations of the times
  trend_status status = trend_status::too_few_points;  ///< see trend_status
};
BOOST_DESCRIBE_STRUCT(trend_fit, (),
                      (count, slope, intercept, slope_se, intercept_se, residual_sd, mean_time,
                       time_ss, status))

/// The sums a kam::trend_builder keeps, as trend_builder::sums returns them and
/// trend_builder::from_sums takes them back: what a builder in another process sends to be
/// merged (kam.dask's per-partition trends, a trend stored between runs).
struct trend_sums {
  Eigen::Index count = 0;  ///< points added
  double mean_time = 0;    ///< mean of the times (0 when count is 0)
  double mean_value = 0;   ///< mean of the values (0 when count is 0)
  double time_ss = 0;      ///< sum (t - mean_time)^2
  double value_ss = 0;     ///< sum (y - mean_value)^2
  double cross = 0;        ///< sum (t - mean_time)(y - mean_value)
};
BOOST_DESCRIBE_STRUCT(trend_sums, (), (count, mean_time, mean_value, time_ss, value_ss, cross))

/// The sums of a least-squares line, fed point by point or merged from chunks: count, means and
/// co-moments, updated as Welford does and merged as Chan, Golub & LeVeque (1979) do, so that
/// chunks merged give the fit of the whole (up to rounding) and large time offsets (days since
/// 1970) lose no precision. Time is in any unit the caller picks, the same for every point.
class trend_builder {
 public:
  /// Adds one point. Throws kam::non_finite_value naming kam::trend_builder::add, the field
  /// ('time' or 'value') and the point's row (the number of points added before it), and
  /// kam::out_of_bounds, naming the same, when the point would take the sums of squares beyond
  /// the range of double (times or values near 1e154 and beyond: rescale them); either leaves
  /// the builder as it was.
  void add(double time, double value);
  /// Adds the points of `other` (their sums: no point is stored).
  void merge(const trend_builder& other) noexcept;
  /// Returns the number of points added.
  [[nodiscard]] Eigen::Index count() const noexcept { return n_; }
  /// Returns the builder's sums: from_sums(sums()) is a builder with the same bits.
  [[nodiscard]] trend_sums sums() const noexcept {
    return {n_, mean_t_, mean_y_, ctt_, cyy_, cty_};
  }
  /// Returns a builder holding `sums` (as sums() gave them), to merge or fit. Throws
  /// kam::out_of_bounds naming kam::trend_builder::from_sums and 'count' for a negative count,
  /// kam::non_finite_value naming the field for a NaN or infinite sum, and kam::invalid_input
  /// naming the field for a negative sum of squares, or for means or sums other than 0 with
  /// count 0 (no points) or sums of squares other than 0 with count 1 (one point).
  [[nodiscard]] static trend_builder from_sums(const trend_sums& sums);
  /// Returns the least-squares line of the points added (see trend_fit). Throws
  /// kam::out_of_bounds naming kam::trend_builder::fit when the sums (of builders merged), the
  /// slope, the intercept or a standard error exceed the range of double (rescale the times or
  /// the values), rather than returning an infinity.
  [[nodiscard]] trend_fit fit() const;

 private:
  Eigen::Index n_ = 0;
  double mean_t_ = 0;
  double mean_y_ = 0;
  double ctt_ = 0;  // sum (t - mean_t)^2
  double cyy_ = 0;  // sum (y - mean_y)^2
  double cty_ = 0;  // sum (t - mean_t)(y - mean_y)
};

/// The line's value at a time, with its prediction interval for a new observation.
struct trend_forecast {
  double time = 0;            ///< when
  double value = 0;           ///< intercept + slope * time
  double standard_error = 0;  ///< s sqrt(1 + 1/n + (time - mean_time)^2 / Stt)
  double low = 0;             ///< value - q * standard_error
  double high = 0;            ///< value + q * standard_error
  double level = 0.95;        ///< the interval's coverage
};
BOOST_DESCRIBE_STRUCT(trend_forecast, (), (time, value, standard_error, low, high, level))

/// Returns the forecast of `fit` at `time` with the OLS prediction interval value +- q * se,
/// q the two-sided Student-t quantile with n - 2 degrees of freedom at `level` (computed
/// exactly from the finite sums of Abramowitz & Stegun 26.7.3-4, not a normal approximation:
/// 2.2281 for 10 degrees of freedom at 0.95, where the normal would give 1.96). Throws
/// kam::invalid_input naming kam::forecast for a fit whose status is not ok ('fit'), a level
/// outside (0, 1) ('level'), kam::non_finite_value for a non-finite time, and
/// kam::out_of_bounds naming 'time' when the forecast or its interval exceeds the range of
/// double.
[[nodiscard]] trend_forecast forecast(const trend_fit& fit, double time, double level = 0.95);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/kpi_trend_impl.hpp>
#endif

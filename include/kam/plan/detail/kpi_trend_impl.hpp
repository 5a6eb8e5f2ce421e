// Not API. Definitions of kam/plan/kpi_trend.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/detail/student_t.hpp>
#include <kam/plan/kpi_trend.hpp>
#include <limits>
#include <utility>

namespace kam {

KAM_INLINE void trend_builder::add(double time, double value) {
  if (!std::isfinite(time)) {
    throw non_finite_value({"kam::trend_builder::add", "time", n_},
                           detail::cat({"time ", time, " is not finite"}));
  }
  if (!std::isfinite(value)) {
    throw non_finite_value({"kam::trend_builder::add", "value", n_},
                           detail::cat({"value ", value, " is not finite"}));
  }
  // The new sums in temporaries: a point whose squares exceed the range of double is an error
  // that leaves the builder as it was, never an infinity in the fit.
  const double n = static_cast<double>(n_ + 1);
  const double dt = time - mean_t_;
  const double dy = value - mean_y_;
  const double mean_t = mean_t_ + dt / n;
  const double mean_y = mean_y_ + dy / n;
  const double ctt = ctt_ + dt * (time - mean_t);
  const double cyy = cyy_ + dy * (value - mean_y);
  const double cty = cty_ + dt * (value - mean_y);
  if (!(std::isfinite(mean_t) && std::isfinite(ctt))) {
    throw out_of_bounds({"kam::trend_builder::add", "time", n_},
                        detail::cat({"time ", time, ": the sums of squares of the times would ",
                                     "exceed the range of double; rescale the times"}));
  }
  if (!(std::isfinite(mean_y) && std::isfinite(cyy) && std::isfinite(cty))) {
    throw out_of_bounds({"kam::trend_builder::add", "value", n_},
                        detail::cat({"value ", value, ": the sums of squares of the values would ",
                                     "exceed the range of double; rescale the values"}));
  }
  ++n_;
  mean_t_ = mean_t;
  mean_y_ = mean_y;
  ctt_ = ctt;
  cyy_ = cyy;
  cty_ = cty;
}

KAM_INLINE void trend_builder::merge(const trend_builder& other) noexcept {
  if (other.n_ == 0) return;
  if (n_ == 0) {
    *this = other;
    return;
  }
  const double na = static_cast<double>(n_);
  const double nb = static_cast<double>(other.n_);
  const double n = na + nb;
  const double dt = other.mean_t_ - mean_t_;
  const double dy = other.mean_y_ - mean_y_;
  ctt_ += other.ctt_ + dt * dt * na * nb / n;
  cyy_ += other.cyy_ + dy * dy * na * nb / n;
  cty_ += other.cty_ + dt * dy * na * nb / n;
  mean_t_ += dt * nb / n;
  mean_y_ += dy * nb / n;
  n_ += other.n_;
}

KAM_INLINE trend_builder trend_builder::from_sums(const trend_sums& sums) {
  constexpr const char* fn = "kam::trend_builder::from_sums";
  if (sums.count < 0) {
    throw out_of_bounds({fn, "count"}, detail::cat({"count ", sums.count, " is negative"}));
  }
  const std::pair<const char*, double> fields[] = {{"mean_time", sums.mean_time},
                                                   {"mean_value", sums.mean_value},
                                                   {"time_ss", sums.time_ss},
                                                   {"value_ss", sums.value_ss},
                                                   {"cross", sums.cross}};
  for (const auto& [field, v] : fields) {
    if (!std::isfinite(v))
      throw non_finite_value({fn, field}, detail::cat({field, " ", v, " is not finite"}));
  }
  for (const auto& [field, v] : {fields[2], fields[3]}) {
    if (v < 0) {
      throw invalid_input({fn, field},
                          detail::cat({field, " ", v, " is negative (a sum of squares)"}));
    }
  }
  // No points: every sum is 0. One point: its time and value are the means, no spread.
  if (sums.count <= 1) {
    for (std::size_t k = sums.count == 0 ? 0 : 2; k < std::size(fields); ++k) {
      const auto& [field, v] = fields[k];
      if (v != 0) {
        throw invalid_input(
            {fn, field}, detail::cat({field, " ", v, " with ", sums.count,
                                      sums.count == 1 ? " point" : " points", " (it is 0 then)"}));
      }
    }
  }
  trend_builder b;
  b.n_ = sums.count;
  b.mean_t_ = sums.mean_time;
  b.mean_y_ = sums.mean_value;
  b.ctt_ = sums.time_ss;
  b.cyy_ = sums.value_ss;
  b.cty_ = sums.cross;
  return b;
}

KAM_INLINE trend_fit trend_builder::fit() const {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  trend_fit f;
  f.count = n_;
  f.mean_time = n_ > 0 ? mean_t_ : nan;
  f.time_ss = ctt_;
  f.slope = f.intercept = f.slope_se = f.intercept_se = f.residual_sd = nan;
  if (n_ < 2) {
    f.status = trend_status::too_few_points;
    return f;
  }
  if (!(ctt_ > 0)) {
    f.status = trend_status::no_time_spread;
    return f;
  }
  // Sums merged from builders, or a slope over times closer than double resolves, can exceed
  // the range of double: an error, never an infinity or a NaN the status does not explain.
  const auto too_large = [](const char* what) {
    throw out_of_bounds({"kam::trend_builder::fit", "time"},
                        detail::cat({"the ", what, " of the trend exceeds the range of double; ",
                                     "rescale the times or the values"}));
  };
  if (!(std::isfinite(mean_t_) && std::isfinite(mean_y_) && std::isfinite(ctt_) &&
        std::isfinite(cyy_) && std::isfinite(cty_)))
    too_large("sums of squares");
  f.slope = cty_ / ctt_;
  f.intercept = mean_y_ - f.slope * mean_t_;
  if (!(std::isfinite(f.slope) && std::isfinite(f.intercept))) too_large("slope or intercept");
  if (n_ < 3) {
    f.status = trend_status::too_few_points;
    return f;
  }
  const double n = static_cast<double>(n_);
  const double sse = std::max(0.0, cyy_ - f.slope * cty_);  // rounding can leave -0.0...1
  const double s = std::sqrt(sse / (n - 2));
  f.residual_sd = s;
  f.slope_se = s / std::sqrt(ctt_);
  f.intercept_se = s * std::sqrt(1 / n + mean_t_ * mean_t_ / ctt_);
  if (!(std::isfinite(f.residual_sd) && std::isfinite(f.slope_se) && std::isfinite(f.intercept_se)))
    too_large("standard error");
  f.status = trend_status::ok;
  return f;
}

KAM_INLINE trend_forecast forecast(const trend_fit& fit, double time, double level) {
  constexpr const char* fn = "kam::forecast";
  if (fit.status != trend_status::ok) {
    throw invalid_input({fn, "fit"}, detail::cat({"a forecast needs a fitted trend of at least 3 "
                                                  "points at distinct times; the fit has ",
                                                  fit.count, " points"}));
  }
  if (!std::isfinite(time)) {
    throw non_finite_value({fn, "time"}, detail::cat({"time ", time, " is not finite"}));
  }
  if (!(level > 0 && level < 1)) {
    throw invalid_input({fn, "level"}, detail::cat({"level ", level, " is outside (0, 1)"}));
  }
  const double n = static_cast<double>(fit.count);
  const double d = time - fit.mean_time;
  trend_forecast out;
  out.time = time;
  out.level = level;
  out.value = fit.intercept + fit.slope * time;
  out.standard_error = fit.residual_sd * std::sqrt(1 + 1 / n + d * d / fit.time_ss);
  const double q = detail::student_t_two_sided(level, static_cast<long>(fit.count - 2));
  out.low = out.value - q * out.standard_error;
  out.high = out.value + q * out.standard_error;
  if (!(std::isfinite(out.value) && std::isfinite(out.low) && std::isfinite(out.high))) {
    throw out_of_bounds({fn, "time"},
                        detail::cat({"the forecast at time ", time,
                                     " or its interval exceeds the range of double"}));
  }
  return out;
}

}  // namespace kam

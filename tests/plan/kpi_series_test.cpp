// Tests of kam/plan/kpi_series.hpp: EWMA and changes against pandas, the trend in days, bad input.
#include <Eigen/Core>
#include <chrono>
#include <cmath>
#include <kam/core/error.hpp>
#include <kam/plan/dates.hpp>
#include <kam/plan/kpi_series.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
// 2026-01-01, -01-31, -03-02, -04-01, -05-01: days 0, 30, 60, 90, 120 (Python date arithmetic).
std::vector<std::chrono::sys_days> dates() {
  return {kam::parse_date("2026-01-01"), kam::parse_date("2026-01-31"),
          kam::parse_date("2026-03-02"), kam::parse_date("2026-04-01"),
          kam::parse_date("2026-05-01")};
}
Eigen::VectorXd values() { return (Eigen::VectorXd(5) << 100, 104, 111, 113, 121).finished(); }
const auto as_of = kam::parse_date("2026-05-15");
const auto due = kam::parse_date("2026-07-01");  // day 181
}  // namespace

TEST_CASE("kpi_series: EWMA, changes, trend and forecast to the due date", "[kpi_series]") {
  const auto r = kam::review_kpi(dates(), values(), as_of, due);
  // EWMA, alpha 0.3: 100; 0.3*104 + 0.7*100 = 101.2; 0.3*111 + 0.7*101.2 = 104.14;
  // 0.3*113 + 0.7*104.14 = 106.798; 0.3*121 + 0.7*106.798 = 111.0586
  // (pandas: Series(y).ewm(alpha=0.3, adjust=False).mean()).
  const double ewma[] = {100, 101.2, 104.14, 106.798, 111.0586};
  for (Eigen::Index k = 0; k < 5; ++k) CHECK_THAT(r.ewma(k), WithinAbs(ewma[k], 1e-12));
  CHECK(std::isnan(r.change(0)));
  CHECK(r.change(2) == 7);
  // Relative: 4 / 100 = 0.04, 7 / 104 = 0.0673077, 2 / 111, 8 / 113 (pandas pct_change).
  CHECK(std::isnan(r.relative_change(0)));
  CHECK_THAT(r.relative_change(1), WithinAbs(0.04, 1e-15));
  CHECK_THAT(r.relative_change(2), WithinAbs(0.06730769230769229, 1e-15));
  CHECK_THAT(r.relative_change(4), WithinAbs(0.07079646017699126, 1e-15));
  // The trend of kpi_trend_test.cpp: slope 0.17 a day, forecast at day 181 = 130.37 with the
  // 95 % prediction interval [122.3738, 138.3662] (statsmodels).
  CHECK_THAT(r.trend.slope, WithinAbs(0.17, 1e-14));
  CHECK_THAT(r.trend.slope_se, WithinRel(0.015752718754175395, 1e-12));
  CHECK(r.forecast.time == 181);
  CHECK_THAT(r.forecast.value, WithinAbs(130.37, 1e-11));
  CHECK_THAT(r.forecast.low, WithinRel(122.37379917045146, 1e-12));
  CHECK_THAT(r.forecast.high, WithinRel(138.36620082954855, 1e-12));
}

TEST_CASE("kpi_series: short series, a fall from a negative value, options", "[kpi_series]") {
  const std::vector<std::chrono::sys_days> two{kam::parse_date("2026-01-01"),
                                               kam::parse_date("2026-02-01")};
  const Eigen::Vector2d y(-10, -5);
  kam::kpi_options o;
  o.ewma_alpha = 1;  // no smoothing
  const auto r = kam::review_kpi(two, y, as_of, due, o);
  CHECK(r.ewma(1) == -5);
  CHECK(r.relative_change(1) == 0.5);  // (-5 - -10) / |-10|
  CHECK(r.trend.status == kam::trend_status::too_few_points);
  CHECK(std::isnan(r.forecast.value));
  CHECK(std::isnan(r.forecast.low));
  const Eigen::Vector2d zero(0, 3);
  CHECK(std::isnan(kam::review_kpi(two, zero, as_of, due).relative_change(1)));  // after a zero
}

TEST_CASE("kpi_series: bad input names the function, the field and the row",
          "[kpi_series][bad-input]") {
  CHECK(kam_test::message_of<kam::empty_input>([] {
          (void)kam::review_kpi({}, Eigen::VectorXd(0), as_of, due);
        }) == "kam::review_kpi: 'dates': the series has no points");
  CHECK(kam_test::message_of<kam::shape_mismatch>([] {
          (void)kam::review_kpi(dates(), values().head(4), as_of, due);
        }) == "kam::review_kpi: 'values': 4 values for 5 dates");
  auto y = values();
  y(3) = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::review_kpi(dates(), y, as_of, due);
        }) == "kam::review_kpi: 'values', row 3: value nan is not finite");
  auto d = dates();
  d[2] = d[1];
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { (void)kam::review_kpi(d, values(), as_of, due); }) ==
        "kam::review_kpi: 'dates', row 2: the date 2026-01-31 is not after the date "
        "2026-01-31 before it");
  CHECK(kam_test::message_of<kam::out_of_bounds>(
            [] { (void)kam::review_kpi(dates(), values(), kam::parse_date("2026-04-30"), due); }) ==
        "kam::review_kpi: 'dates', row 4: the point is dated 2026-05-01, after the as-of "
        "date 2026-04-30");
  kam::kpi_options o;
  o.ewma_alpha = 0;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::validate(o); }) ==
        "kam::validate: 'ewma_alpha': alpha 0 is outside (0, 1]");
  o = {};
  o.level = 1.5;
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::review_kpi(dates(), values(), as_of, due, o);
        }) == "kam::review_kpi: 'level': level 1.5 is outside (0, 1)");
}

// Found by the property suite (#20 item 6): a change from -1e308 to 1e308 was +infinity, and
// a change relative to a subnormal previous value was infinite. By hand: 1e308 - (-1e308) =
// 2e308 > 1.8e308 (the largest double): an error naming the row; (1 - 4.9e-324) / 4.9e-324 is
// about 2e323, beyond double: NaN, as after a zero.
TEST_CASE("kpi_series: changes beyond double", "[kpi_series][bad-input]") {
  const std::vector<std::chrono::sys_days> d{
      kam::parse_date("2026-01-01"), kam::parse_date("2026-02-01"), kam::parse_date("2026-03-01")};
  const auto end_of_march = kam::parse_date("2026-03-31");
  Eigen::VectorXd huge(3);
  huge << 0, -1e308, 1e308;
  CHECK_THROWS_AS(kam::review_kpi(d, huge, end_of_march, end_of_march), kam::out_of_bounds);
  Eigen::VectorXd tiny(3);
  tiny << 2, std::numeric_limits<double>::denorm_min(), 1;
  const auto r = kam::review_kpi(d, tiny, end_of_march, end_of_march);
  CHECK(std::isnan(r.relative_change(2)));
  CHECK(std::isfinite(r.change(2)));
}

// Tests of kam/plan/kpi_trend.hpp: OLS slope and standard errors against statsmodels, merging
// chunks, forecasts with the exact Student-t quantile.
#include <cmath>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/detail/student_t.hpp>
#include <kam/plan/kpi_trend.hpp>
#include <limits>
#include <string>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

// The reference values come from statsmodels 0.13 (Debian 12), run with
// /work/shared/tools/peer-python:
//   t = np.array([0, 30, 60, 90, 120.]); y = np.array([100, 104, 111, 113, 121.])
//   fit = sm.OLS(y, sm.add_constant(t)).fit()       # params 99.6, 0.17
//   fit.bse                                         # 1.1575836902790246, 0.015752718754175395
//   p = fit.get_prediction(np.array([[1.0, 181]])).summary_frame(alpha=0.05)
//   p.obs_ci_lower, p.obs_ci_upper                  # 122.37379917045146, 138.36620082954855
//   np.sqrt(fit.scale)                              # 1.4944341180973304
// By hand: mean t 60, mean y 109.8, Stt = 3600 + 900 + 0 + 900 + 3600 = 9000,
// Sty = 60*9.8 + 30*5.8 + 0 + 30*3.2 + 60*11.2 = 1530, slope = 1530 / 9000 = 0.17,
// intercept = 109.8 - 0.17 * 60 = 99.6, residuals 0.4, -0.7, 1.2, -1.9, 1.0, SSE = 6.7,
// s^2 = 6.7 / 3, se(slope) = sqrt(6.7 / 3 / 9000) = 0.0157527.
namespace {
constexpr double times[] = {0, 30, 60, 90, 120};
constexpr double values[] = {100, 104, 111, 113, 121};
}  // namespace

TEST_CASE("kpi_trend: OLS slope, intercept and standard errors", "[kpi_trend]") {
  kam::trend_builder b;
  for (int k = 0; k < 5; ++k) b.add(times[k], values[k]);
  const kam::trend_fit f = b.fit();
  CHECK(f.status == kam::trend_status::ok);
  CHECK(f.count == 5);
  CHECK_THAT(f.slope, WithinAbs(0.17, 1e-14));
  CHECK_THAT(f.intercept, WithinAbs(99.6, 1e-12));
  CHECK_THAT(f.slope_se, WithinRel(0.015752718754175395, 1e-12));
  CHECK_THAT(f.intercept_se, WithinRel(1.1575836902790246, 1e-12));
  CHECK_THAT(f.residual_sd, WithinRel(1.4944341180973304, 1e-12));
  CHECK_THAT(f.time_ss, WithinAbs(9000, 1e-9));
  CHECK(kam::to_string(f).find("status: ok") != std::string::npos);
}

TEST_CASE("kpi_trend: chunks merged give the fit of the whole", "[kpi_trend]") {
  // Times as days since 1970 (2026-01-01 is day 20454): a large offset loses no precision.
  kam::trend_builder whole, first, second, empty;
  for (int k = 0; k < 5; ++k) whole.add(20454 + times[k], values[k]);
  for (int k = 0; k < 2; ++k) first.add(20454 + times[k], values[k]);
  for (int k = 2; k < 5; ++k) second.add(20454 + times[k], values[k]);
  first.merge(empty);
  empty.merge(first);  // into an empty builder: a copy
  empty.merge(second);
  const auto a = whole.fit();
  const auto b = empty.fit();
  CHECK(b.count == 5);
  CHECK_THAT(b.slope, WithinAbs(0.17, 1e-12));
  CHECK_THAT(b.slope_se, WithinRel(a.slope_se, 1e-9));
  CHECK_THAT(b.slope_se, WithinRel(0.015752718754175395, 1e-9));
  // intercept at day 0 (1970): 99.6 - 0.17 * 20454 = -3377.58.
  CHECK_THAT(b.intercept, WithinAbs(99.6 - 0.17 * 20454, 1e-8));
}

TEST_CASE("kpi_trend: what cannot be fitted is said, not thrown", "[kpi_trend]") {
  kam::trend_builder b;
  CHECK(b.fit().status == kam::trend_status::too_few_points);
  CHECK(std::isnan(b.fit().slope));
  b.add(0, 1);
  b.add(0, 3);
  CHECK(b.fit().status == kam::trend_status::no_time_spread);
  kam::trend_builder two;
  two.add(0, 1);
  two.add(2, 5);  // slope (5 - 1) / 2 = 2, no standard error with n - 2 = 0
  CHECK(two.fit().status == kam::trend_status::too_few_points);
  CHECK(two.fit().slope == 2);
  CHECK(std::isnan(two.fit().slope_se));
}

TEST_CASE("kpi_trend: forecast with the OLS prediction interval", "[kpi_trend]") {
  kam::trend_builder b;
  for (int k = 0; k < 5; ++k) b.add(times[k], values[k]);
  // At t = 181: 99.6 + 0.17 * 181 = 130.37; t(0.975, 3) = 3.182446305284263 (scipy).
  const auto f = kam::forecast(b.fit(), 181);
  CHECK_THAT(f.value, WithinAbs(130.37, 1e-11));
  CHECK_THAT(f.standard_error, WithinRel(2.5125956771906353, 1e-12));
  CHECK_THAT(f.low, WithinRel(122.37379917045146, 1e-12));
  CHECK_THAT(f.high, WithinRel(138.36620082954855, 1e-12));
  CHECK(f.level == 0.95);
}

TEST_CASE("kpi_trend: the Student-t quantile is exact", "[kpi_trend]") {
  // scipy.stats.t.ppf(0.975, df) and t.ppf(0.95, df) (two-sided 0.95 and 0.90). Debian 12's
  // scipy ppf is itself only good to about 1e-9: its own cdf at t.ppf(0.975, 5) gives
  // 0.9500000000593666. So the quantiles are compared to 1e-8, and A(q | df) to the level
  // to 1e-14 (A by the sums of Abramowitz & Stegun 26.7.3-4 agrees with scipy's
  // 2 * t.cdf(q, df) - 1 to 1e-16 at the same q).
  const double q975[] = {12.706204736432095, 4.302652729911275, 3.182446305284263,
                         2.7764451051977987, 2.5705818366147395};
  for (long df = 1; df <= 5; ++df) {
    const double q = kam::detail::student_t_two_sided(0.95, df);
    CHECK_THAT(q, WithinRel(q975[static_cast<std::size_t>(df - 1)], 1e-8));
    CHECK_THAT(kam::detail::student_t_central(q, df), WithinAbs(0.95, 1e-14));
  }
  CHECK_THAT(kam::detail::student_t_two_sided(0.95, 10), WithinRel(2.2281388519649385, 1e-8));
  CHECK_THAT(kam::detail::student_t_two_sided(0.95, 30), WithinRel(2.0422724563012373, 1e-8));
  CHECK_THAT(kam::detail::student_t_two_sided(0.90, 10), WithinRel(1.8124611228107335, 1e-8));
  CHECK_THAT(kam::detail::student_t_two_sided(0.90, 30), WithinRel(1.6972608943617378, 1e-8));
  CHECK_THAT(kam::detail::student_t_central(kam::detail::student_t_two_sided(0.90, 30), 30),
             WithinAbs(0.90, 1e-14));
  // df = 2 in closed form: A(t) = t / sqrt(2 + t^2); A(2) = 2 / sqrt(6). df = 1 (Cauchy):
  // A(1) = 2 atan(1) / pi = 0.5.
  CHECK_THAT(kam::detail::student_t_central(2, 2), WithinAbs(2 / std::sqrt(6.0), 1e-15));
  CHECK_THAT(kam::detail::student_t_central(1, 1), WithinAbs(0.5, 1e-15));
}

TEST_CASE("kpi_trend: bad input names the function and the field", "[kpi_trend][bad-input]") {
  kam::trend_builder b;
  b.add(0, 1);
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          b.add(1, std::numeric_limits<double>::quiet_NaN());
        }) == "kam::trend_builder::add: 'value', row 1: value nan is not finite");
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          b.add(std::numeric_limits<double>::infinity(), 2);
        }) == "kam::trend_builder::add: 'time', row 1: time inf is not finite");
  CHECK(b.count() == 1);  // as it was
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::forecast(b.fit(), 3); }) ==
        "kam::forecast: 'fit': a forecast needs a fitted trend of at least 3 points at distinct "
        "times; the fit has 1 points");
  for (int k = 1; k < 4; ++k) b.add(k, k * 2.0 + (k % 2));
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::forecast(b.fit(), 3, 1.0); }) ==
        "kam::forecast: 'level': level 1 is outside (0, 1)");
  CHECK_THROWS_AS(kam::forecast(b.fit(), 3, 0.0), kam::invalid_input);
  CHECK_THROWS_AS(kam::forecast(b.fit(), std::numeric_limits<double>::quiet_NaN()),
                  kam::non_finite_value);
}

// Found by the property suite (#20 item 6): values near 1e308 took the sums of squares to
// infinity and the fit to a slope of NaN with status ok. By hand: two points (0, 1e308) and
// (1, -1e308) have mean 0 and deviations +-1e308, whose square 1e616 exceeds double (max
// 1.8e308), so the second point is refused and the builder keeps the first.
TEST_CASE("kpi_trend: sums beyond double are an error, not an infinite fit",
          "[kpi_trend][bad-input]") {
  kam::trend_builder b;
  b.add(0, 1e308);
  CHECK_THROWS_AS(b.add(1, -1e308), kam::out_of_bounds);
  CHECK(b.count() == 1);  // as it was
  // Times 1e300 apart: (1e300)^2 / 2 is beyond double.
  kam::trend_builder t;
  t.add(0, 1);
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          t.add(1e300, 2);
        }).find("kam::trend_builder::add: 'time', row 1:") == 0);
  // Each builder finite, their merge not: the fit says so.
  kam::trend_builder a, c;
  a.add(0, 1e200);
  a.add(1, 1e200);
  c.add(2, -1e200);
  c.add(3, -1e200);
  a.merge(c);
  CHECK_THROWS_AS(a.fit(), kam::out_of_bounds);
}

// By hand: the points (0, 1), (1, 3), (2, 2) | (3, 5), (4, 4), (5, 6), split into two halves.
// First half: mean t 1, mean y 2, Stt = 1 + 0 + 1 = 2, Syy = 1 + 1 + 0 = 2, Sty = 1 + 0 + 0 = 1.
// Second half: mean t 4, mean y 5, Stt = 2, Syy = 0 + 1 + 1 = 2, Sty = 0 + 0 + 1 = 1.
// Whole: mean t 2.5, mean y 3.5, deviations t -2.5 -1.5 -0.5 0.5 1.5 2.5 and
// y -2.5 -0.5 -1.5 1.5 0.5 2.5: Stt = 17.5, Syy = 17.5, Sty = 6.25 + 4 * 0.75 + 6.25 = 15.5
// (Chan et al.: 2 + 2 + 3^2 * 3 * 3 / 6 = 17.5 and 1 + 1 + 13.5 = 15.5). slope = 15.5 / 17.5 =
// 31/35, intercept = 3.5 - 31/35 * 2.5 = 9/7, SSE = 17.5 - 31/35 * 15.5 = 132/35,
// s = sqrt(132/35 / 4) = sqrt(33/35), se(slope) = s / sqrt(17.5).
TEST_CASE("kpi_trend: sums out and back in, the merged halves are the whole", "[kpi_trend]") {
  constexpr double t[] = {0, 1, 2, 3, 4, 5};
  constexpr double y[] = {1, 3, 2, 5, 4, 6};
  kam::trend_builder first, second;
  for (int k = 0; k < 3; ++k) first.add(t[k], y[k]);
  for (int k = 3; k < 6; ++k) second.add(t[k], y[k]);
  const kam::trend_sums a = first.sums();
  CHECK(a.count == 3);
  CHECK_THAT(a.mean_time, WithinAbs(1, 1e-15));
  CHECK_THAT(a.mean_value, WithinAbs(2, 1e-15));
  CHECK_THAT(a.time_ss, WithinAbs(2, 1e-15));
  CHECK_THAT(a.value_ss, WithinAbs(2, 1e-15));
  CHECK_THAT(a.cross, WithinAbs(1, 1e-15));
  // Through the sums alone, as another process would send them.
  kam::trend_builder merged = kam::trend_builder::from_sums(a);
  merged.merge(kam::trend_builder::from_sums(second.sums()));
  const kam::trend_sums m = merged.sums();
  CHECK(m.count == 6);
  CHECK_THAT(m.mean_time, WithinAbs(2.5, 1e-15));
  CHECK_THAT(m.mean_value, WithinAbs(3.5, 1e-15));
  CHECK_THAT(m.time_ss, WithinAbs(17.5, 1e-14));
  CHECK_THAT(m.value_ss, WithinAbs(17.5, 1e-14));
  CHECK_THAT(m.cross, WithinAbs(15.5, 1e-14));
  const kam::trend_fit f = merged.fit();
  CHECK(f.status == kam::trend_status::ok);
  CHECK(f.count == 6);
  CHECK_THAT(f.slope, WithinAbs(31.0 / 35, 1e-15));
  CHECK_THAT(f.intercept, WithinAbs(9.0 / 7, 1e-14));
  CHECK_THAT(f.residual_sd, WithinRel(std::sqrt(33.0 / 35), 1e-14));
  CHECK_THAT(f.slope_se, WithinRel(std::sqrt(33.0 / 35) / std::sqrt(17.5), 1e-14));
  // from_sums(sums()) keeps the bits.
  const kam::trend_sums again = kam::trend_builder::from_sums(m).sums();
  CHECK(again.count == m.count);
  CHECK(again.mean_time == m.mean_time);
  CHECK(again.mean_value == m.mean_value);
  CHECK(again.time_ss == m.time_ss);
  CHECK(again.value_ss == m.value_ss);
  CHECK(again.cross == m.cross);
  // An empty builder's sums are all 0 and come back as an empty builder.
  CHECK(kam::trend_builder::from_sums(kam::trend_builder{}.sums()).count() == 0);
  // One point: its own time and value as the means, no spread.
  kam::trend_builder one;
  one.add(7, 9);
  CHECK(kam::trend_builder::from_sums(one.sums()).sums().mean_value == 9);
}

TEST_CASE("kpi_trend: from_sums refuses sums no points give", "[kpi_trend][bad-input]") {
  const auto bad = [](auto change) {
    kam::trend_sums s{3, 1, 2, 2, 2, 1};  // the first half above
    change(s);
    (void)kam::trend_builder::from_sums(s);
  };
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          bad([](kam::trend_sums& s) { s.count = -1; });
        }) == "kam::trend_builder::from_sums: 'count': count -1 is negative");
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          bad([](kam::trend_sums& s) { s.cross = std::numeric_limits<double>::quiet_NaN(); });
        }) == "kam::trend_builder::from_sums: 'cross': cross nan is not finite");
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { bad([](kam::trend_sums& s) { s.value_ss = -1; }); }) ==
        "kam::trend_builder::from_sums: 'value_ss': value_ss -1 is negative (a sum of "
        "squares)");
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { bad([](kam::trend_sums& s) { s.count = 0; }); }) ==
        "kam::trend_builder::from_sums: 'mean_time': mean_time 1 with 0 points (it is 0 "
        "then)");
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          bad([](kam::trend_sums& s) { s.count = 1; });
        }) == "kam::trend_builder::from_sums: 'time_ss': time_ss 2 with 1 point (it is 0 then)");
}

// Tests of kam/portfolio/axis.hpp: cut points (midpoint, fixed, median), the on-cut rule, scoring.
#include <Eigen/Core>
#include <cmath>
#include <kam/portfolio/axis.hpp>
#include <limits>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;

TEST_CASE("cut_point: midpoint, fixed and median", "[axis]") {
  Eigen::VectorXd s(4);
  s << 0.1, 0.9, 0.2, 0.6;
  kam::axis_cut cut;
  CHECK(kam::cut_point(s, cut) == 0.5);                            // the middle of [0, 1]
  CHECK(kam::cut_point(s, cut, kam::score_scale::percent) == 50);  // the middle of [0, 100]
  cut.basis = kam::cut_basis::fixed;
  cut.value = 0.3;
  CHECK(kam::cut_point(s, cut) == 0.3);
  cut.basis = kam::cut_basis::median;
  // Even count: the mean of the two middle values, (0.2 + 0.6) / 2 = 0.4.
  CHECK_THAT(kam::cut_point(s, cut), WithinAbs(0.4, 1e-15));
  const Eigen::VectorXf odd = (Eigen::VectorXf(3) << 0.7f, 0.1f, 0.4f).finished();
  CHECK(kam::cut_point(odd, cut) == 0.4f);  // odd count: the middle value
}

TEST_CASE("is_high: on the cut counts as high by default, as low on request", "[axis]") {
  CHECK(kam::is_high(0.5, 0.5));
  CHECK_FALSE(kam::is_high(0.5, 0.5, kam::on_cut_rule::low));
  CHECK(kam::is_high(0.50001, 0.5, kam::on_cut_rule::low));
  CHECK_FALSE(kam::is_high(0.49999, 0.5));
  // The double just below 0.5 is 0.5 up to rounding (a weighted mean of ratings that sums to
  // 0.5 in exact arithmetic may land there): it is on the cut.
  const double below = std::nextafter(0.5, 0.0);
  CHECK(kam::is_high(below, 0.5));
  CHECK_FALSE(kam::is_high(std::nextafter(0.5, 1.0), 0.5, kam::on_cut_rule::low));
  CHECK(kam::is_high(50.0f, 50.0f, kam::on_cut_rule::high, kam::score_scale::percent));
}

TEST_CASE("score_axis: the issue #2 reference case through the scoring engine", "[axis]") {
  // Criteria revenue (benefit, 40), growth (benefit, 35), effort (cost, 25), min-max; the scores
  // 0.311310, 0.4, 0.741071, 0.6 are hand-computed in tests/scoring/score_test.cpp.
  const kam::portfolio_axis axis{
      {kam::benefit("revenue", 40), kam::benefit("growth", 35), kam::cost("effort", 25)}};
  Eigen::MatrixXd x(4, 3);
  x << 100, 0.10, 3, 400, 0.05, 5, 250, 0.20, 2, 50, 0.25, 2;
  const auto r = kam::score_axis(x, axis);
  CHECK_THAT(r.scores(0), WithinAbs(0.311310, 5e-7));
  CHECK_THAT(r.scores(2), WithinAbs(0.741071, 5e-7));
  const auto ref = kam::fit_reference(x, axis.criteria);
  const auto one = kam::score_axis(x.row(2), axis, ref);  // one account against the portfolio
  CHECK_THAT(one.scores(0), WithinAbs(0.741071, 5e-7));
}

TEST_CASE("cut_point: bad cut points", "[axis][bad-input]") {
  const Eigen::VectorXd s = Eigen::VectorXd::Constant(3, 0.5);
  kam::axis_cut cut;
  cut.basis = kam::cut_basis::fixed;
  cut.value = 1.5;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::cut_point(s, cut); }) ==
        "kam::cut_point: 'cut': cut point 1.5 is outside the score scale [0, 1]");
  cut.value = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(kam::cut_point(s, cut), kam::out_of_bounds);
  cut.value = 0.5;
  cut.basis = static_cast<kam::cut_basis>(9);
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::cut_point(s, cut);
        }).find("kam::cut_point: 'cut'") == 0);
  cut.basis = kam::cut_basis::median;
  CHECK_THROWS_AS(kam::cut_point(Eigen::VectorXd(0), cut), kam::empty_input);
}

TEST_CASE("cut_point and is_high: scores off the scale are errors, not a side",
          "[axis][bad-input]") {
  // A NaN compares false with everything: unchecked, it would be "low" under every rule.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  kam::axis_cut median;
  median.basis = kam::cut_basis::median;
  const Eigen::VectorXd s = (Eigen::VectorXd(3) << 0.2, nan, 0.6).finished();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::cut_point(s, median); }) ==
        "kam::cut_point: 'scores', row 1: score is nan");
  const Eigen::VectorXd off = (Eigen::VectorXd(2) << 0.2, 1.5).finished();
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::cut_point(off, median); }) ==
        "kam::cut_point: 'scores', row 1: score 1.5 is outside the score scale [0, 1]");
  CHECK(kam::cut_point(off, kam::axis_cut{}) == 0.5);  // the midpoint does not read the scores
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::is_high(nan, 0.5); }) ==
        "kam::is_high: 'score': is nan");
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::is_high(0.5, 1.5); }) ==
        "kam::is_high: 'cut': value 1.5 is outside the score scale [0, 1]");
  CHECK(kam::is_high(60.0, 50.0, kam::on_cut_rule::high, kam::score_scale::percent));
  CHECK_THROWS_AS(kam::is_high(60.0, 50.0), kam::out_of_bounds);  // 60 is not on [0, 1]
}

TEST_CASE("validate: an axis cut without scores", "[validate]") {
  CHECK_NOTHROW(kam::validate(kam::axis_cut{}));
  CHECK_NOTHROW(kam::validate(kam::axis_cut{kam::cut_basis::fixed, 60, kam::on_cut_rule::high},
                              kam::score_scale::percent));
  try {
    kam::validate(kam::axis_cut{kam::cut_basis::fixed, 2.0, kam::on_cut_rule::high});
    FAIL("expected kam::out_of_bounds");
  } catch (const kam::out_of_bounds& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "cut");
    CHECK(e.reason() == "cut point 2 is outside the score scale [0, 1]");
  }
  // A value outside the scale does not matter for a midpoint or median cut.
  CHECK_NOTHROW(kam::validate(kam::axis_cut{kam::cut_basis::median, 2.0, kam::on_cut_rule::low}));
}

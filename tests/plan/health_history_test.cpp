// Tests of kam/plan/health_history.hpp: change, dead band, bands, why it changed, at risk; by hand.
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/health_history.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// Contributions of two criteria (revenue, relationship) for accounts A, B, C at three dates, in
/// binary fractions so that every sum below is exact:
///   date 0: A 0.5 + 0.25 = 0.75   B 0.25 + 0.25 = 0.5        C 0.125 + 0.25 = 0.375
///   date 1: A 0.375 + 0.25 = 0.625 B 0.25 + 0.25 = 0.5       C 0.25 + 0.25 = 0.5
///   date 2: A 0.25 + 0.125 = 0.375 B 0.25 + 0.265625 = 0.515625 C 0.5 + 0.25 = 0.75
std::vector<Eigen::MatrixXd> contributions() {
  Eigen::MatrixXd d0(3, 2), d1(3, 2), d2(3, 2);
  d0 << 0.5, 0.25, 0.25, 0.25, 0.125, 0.25;
  d1 << 0.375, 0.25, 0.25, 0.25, 0.25, 0.25;
  d2 << 0.25, 0.125, 0.25, 0.265625, 0.5, 0.25;
  return {d0, d1, d2};
}

Eigen::MatrixXd scores() {
  Eigen::MatrixXd s(3, 3);
  for (Eigen::Index t = 0; t < 3; ++t)
    s.col(t) = contributions()[static_cast<std::size_t>(t)].rowwise().sum();
  return s;
}

const std::vector<std::string> criteria{"revenue", "relationship"};

}  // namespace

TEST_CASE("health_history: bands, edges on the upper band", "[health_history]") {
  const kam::health_options o;  // red < 0.4 <= amber < 0.7 <= green
  CHECK(kam::health_band(0.3999, o) == 0);
  CHECK(kam::health_band(0.4, o) == 1);  // on the edge: the upper band
  CHECK(kam::health_band(0.6999, o) == 1);
  CHECK(kam::health_band(0.7, o) == 2);
  CHECK(kam::health_band(-5, o) == 0);
  CHECK(kam::to_string(o).find("band_names: [\"red\", \"amber\", \"green\"]") != std::string::npos);
}

TEST_CASE("health_history: change, dead band and transitions", "[health_history]") {
  const auto h = kam::track_health(scores());
  // Period 0: A 0.625 - 0.75 = -0.125 (fell), B 0 (flat), C 0.5 - 0.375 = +0.125 (rose).
  // Period 1: A 0.375 - 0.625 = -0.25, B 0.515625 - 0.5 = +0.015625 <= 0.02 (flat), C +0.25.
  CHECK(h.change(0, 0) == -0.125);
  CHECK(h.change(1, 1) == 0.015625);
  CHECK(h.change(2, 1) == 0.25);
  CHECK(h.direction(0, 0) == -1);
  CHECK(h.direction(1, 0) == 0);
  CHECK(h.direction(1, 1) == 0);  // inside the dead band
  CHECK(h.direction(2, 1) == 1);
  CHECK(h.rose == kam::index_vector::Ones(2));
  CHECK(h.flat == kam::index_vector::Ones(2));
  CHECK(h.fell == kam::index_vector::Ones(2));
  // Bands: A green (0.75), amber (0.625), red (0.375); B amber throughout; C red, amber, green.
  CHECK(h.band(0, 0) == 2);
  CHECK(h.band(0, 1) == 1);
  CHECK(h.band(0, 2) == 0);
  CHECK(h.band(1, 2) == 1);
  CHECK(h.band(2, 0) == 0);
  CHECK(h.band(2, 2) == 2);
  REQUIRE(h.transitions.size() == 2);
  Eigen::Matrix<Eigen::Index, 3, 3> p0, p1;
  p0 << 0, 1, 0,  // red -> amber: C
      0, 1, 0,    // amber stays: B
      0, 1, 0;    // green -> amber: A
  p1 << 0, 0, 0,  //
      1, 1, 1,    // amber -> red: A, stays: B, -> green: C
      0, 0, 0;
  CHECK(h.transitions[0] == p0);
  CHECK(h.transitions[1] == p1);
  CHECK(h.band_changes == (kam::index_vector(3) << 2, 0, 2).finished());
  // A wider dead band makes period 0 flat for A and C (|0.125| <= 0.125: on the band is flat).
  kam::health_options wide;
  wide.dead_band = 0.125;
  const auto w = kam::track_health(scores(), wide);
  CHECK(w.direction(0, 0) == 0);
  CHECK(w.direction(2, 0) == 0);
  CHECK(w.direction(0, 1) == -1);
}

TEST_CASE("health_history: why it changed, parts that add up", "[health_history]") {
  const auto c = kam::explain_health_change(scores(), contributions(), criteria, 0, 2);
  // A: revenue 0.25 - 0.5 = -0.25, relationship 0.125 - 0.25 = -0.125; total -0.375
  //    = 0.375 - 0.75. B: 0 and 0.265625 - 0.25 = +0.015625. C: 0.5 - 0.125 = +0.375 and 0.
  CHECK(c.delta(0, 0) == -0.25);
  CHECK(c.delta(0, 1) == -0.125);
  CHECK(c.delta(1, 1) == 0.015625);
  CHECK(c.delta(2, 0) == 0.375);
  for (Eigen::Index i = 0; i < 3; ++i) {
    CHECK(c.delta.row(i).sum() == c.change(i));  // the parts add up to the change
    CHECK(c.change(i) == c.score_to(i) - c.score_from(i));
  }
  CHECK(c.change(0) == -0.375);
  CHECK(c.band_from == std::vector<std::uint8_t>{2, 1, 0});
  CHECK(c.band_to == std::vector<std::uint8_t>{0, 1, 2});
  CHECK(kam::health_change_words(c, 0) ==
        "health fell 0.375 (0.75 to 0.375, green to red): revenue -0.25, relationship -0.125");
  CHECK(kam::health_change_words(c, 0, 1) ==
        "health fell 0.375 (0.75 to 0.375, green to red): revenue -0.25, 1 more criterion -0.125");
  // B: 0.015625 is inside the dead band; 4 significant digits: 0.01563 (half away from zero)
  // and 0.5156; revenue did not change and is left out.
  CHECK(kam::health_change_words(c, 1) ==
        "health flat (0.5 to 0.5156, still amber): relationship +0.01563");
  // B from date 0 to 1: nothing changed.
  const auto same = kam::explain_health_change(scores(), contributions(), criteria, 0, 1);
  CHECK(kam::health_change_words(same, 1) ==
        "health flat (0.5 to 0.5, still amber): no criterion changed");
  CHECK(kam::health_change_words(c, 0, 0) ==
        "health fell 0.375 (0.75 to 0.375, green to red): 2 more criteria -0.375");
  CHECK(kam::health_change_words(c, 2) ==
        "health rose 0.375 (0.375 to 0.75, red to green): revenue +0.375");

  // Contributions that differ from the score by rounding pass, with the sum in criterion order.
  auto near = contributions();
  near[1](0, 0) += 1e-12;
  const auto d = kam::explain_health_change(scores(), near, criteria, 1, 2);
  CHECK(d.delta.row(0).sum() == d.change(0));
  CHECK_THAT(d.change(0), Catch::Matchers::WithinAbs(-0.25, 1e-11));
}

TEST_CASE("health_history: at risk by revenue at stake, with reasons", "[health_history]") {
  Eigen::MatrixXd churn(3, 3);
  churn << 0.1, 0.1, 0.1,  // A: no rise
      0.125, 0.125, 0.25,  // B: +0.125 > 0.1
      0.25, 0.25, 0.5;     // C: +0.25
  const Eigen::Vector3d revenue(100, 300, 300);
  const auto l = kam::find_at_risk(scores(), revenue, churn);
  // Window 1 (date 1 to 2): A fell 0.625 - 0.375 = 0.25 > 0.1; B and C churn rose. Sorted by
  // revenue, B and C tie at 300 and keep row order: B, C, A. At stake 300 + 300 + 100 = 700.
  CHECK(l.row == (kam::index_vector(3) << 1, 2, 0).finished());
  CHECK(l.reasons == std::vector<std::uint8_t>{kam::at_risk_churn_rose, kam::at_risk_churn_rose,
                                               kam::at_risk_health_fell});
  CHECK(l.revenue_at_stake == 700);
  CHECK(l.from == 1);
  CHECK(l.to == 2);
  CHECK(kam::at_risk_reason(l, 0) ==
        "churn probability rose 0.125 (0.125 to 0.25); revenue at stake 300");
  CHECK(kam::at_risk_reason(l, 2) ==
        "health fell 0.25 (0.625 to 0.375, amber to red); revenue at stake 100");
  // Exactly on a threshold is not at risk: A's fall is 0.25, B's rise 0.125.
  kam::health_options on;
  on.fall_threshold = 0.25;
  on.churn_rise_threshold = 0.125;
  const auto e = kam::find_at_risk(scores(), revenue, churn, on);
  CHECK(e.row == (kam::index_vector(1) << 2).finished());
  // Without churn, over two periods: A fell 0.75 - 0.375 = 0.375 (both reasons never set).
  kam::health_options two;
  two.window = 2;
  const auto w = kam::find_at_risk(scores(), revenue, two);  // no churn
  CHECK(w.row == (kam::index_vector(1) << 0).finished());
  CHECK(std::isnan(w.churn_to(0)));
  CHECK(kam::at_risk_reason(w, 0) ==
        "health fell 0.375 (0.75 to 0.375, green to red); revenue at stake 100");
  // Both reasons at once: A's churn rises too.
  churn(0, 2) = 0.5;
  const auto b = kam::find_at_risk(scores(), revenue, churn);
  CHECK(b.reasons[2] == (kam::at_risk_health_fell | kam::at_risk_churn_rose));
  CHECK(kam::at_risk_reason(b, 2) ==
        "health fell 0.25 (0.625 to 0.375, amber to red); churn probability rose 0.4 (0.1 to "
        "0.5); revenue at stake 100");
}

TEST_CASE("health_history: bad input names the function, the field and the row",
          "[health_history][bad-input]") {
  using kam_test::message_of;
  Eigen::MatrixXd s = scores();
  s(1, 2) = not_a_number;
  CHECK(message_of<kam::non_finite_value>([&] { (void)kam::track_health(s); }) ==
        "kam::track_health: 'scores[2]', row 1: score nan at date 2 is not finite");
  CHECK(message_of<kam::invalid_input>([&] { (void)kam::track_health(scores().leftCols(1)); }) ==
        "kam::track_health: 'scores': scores on 1 date; at least 2 are needed");
  CHECK_THROWS_AS(kam::track_health(Eigen::MatrixXd(0, 3)), kam::empty_input);

  const auto bad = [](auto change) {
    kam::health_options o;
    change(o);
    return [o] { kam::validate(o); };
  };
  CHECK(message_of<kam::invalid_input>(bad([](auto& o) {
          o.band_edges = {0.7, 0.4};
        })) ==
        "kam::validate: 'band_edges[1]': edge 0.4 is not above the edge before it, 0.7 (edges "
        "increase strictly)");
  CHECK(message_of<kam::non_finite_value>(bad([](auto& o) { o.band_edges[0] = not_a_number; })) ==
        "kam::validate: 'band_edges[0]': edge nan is not finite");
  CHECK(message_of<kam::shape_mismatch>(bad([](auto& o) { o.band_names.pop_back(); })) ==
        "kam::validate: 'band_names': 2 names for 2 edges (one more name than edges)");
  CHECK(message_of<kam::duplicate_name>(bad([](auto& o) { o.band_names[2] = "red"; })) ==
        "kam::validate: 'band_names[2]': band 'red' is named at 0 already");
  CHECK(message_of<kam::invalid_input>(bad([](auto& o) { o.band_names[1].clear(); })) ==
        "kam::validate: 'band_names[1]': the band name is empty");
  CHECK(message_of<kam::out_of_bounds>(bad([](auto& o) { o.dead_band = -0.1; })) ==
        "kam::validate: 'dead_band': dead band -0.1 is negative");
  CHECK(message_of<kam::out_of_bounds>(bad([](auto& o) { o.window = 0; })) ==
        "kam::validate: 'window': window 0 is below 1 period");
  CHECK(message_of<kam::out_of_bounds>(bad([](auto& o) { o.fall_threshold = 0; })) ==
        "kam::validate: 'fall_threshold': threshold 0 is not above 0");
  CHECK(message_of<kam::out_of_bounds>(bad([](auto& o) { o.churn_rise_threshold = 1.5; })) ==
        "kam::validate: 'churn_rise_threshold': threshold 1.5 is outside (0, 1]");
  CHECK(message_of<kam::non_finite_value>(bad([](auto& o) { o.tolerance = not_a_number; })) ==
        "kam::validate: 'tolerance': value nan is not finite");
  kam::health_options bad_window;
  bad_window.window = 3;
  CHECK(message_of<kam::invalid_input>([&] {
          (void)kam::find_at_risk(scores(), Eigen::Vector3d(1, 1, 1), Eigen::MatrixXd(3, 0),
                                  bad_window);
        }) == "kam::find_at_risk: 'scores': scores on 3 dates; at least 4 are needed");

  // explain_health_change
  const auto explain = [](const std::vector<Eigen::MatrixXd>& c,
                          const std::vector<std::string>& names, Eigen::Index from,
                          Eigen::Index to) {
    return [c, names, from, to] { (void)kam::explain_health_change(scores(), c, names, from, to); };
  };
  auto c = contributions();
  c[2](0, 0) = 0.3;  // 0.3 + 0.125 = 0.425, not 0.375
  CHECK(message_of<kam::invalid_input>(explain(c, criteria, 0, 2)) ==
        "kam::explain_health_change: 'contributions[2]', row 0: the contributions at date 2 add "
        "up to 0.425, not to the score 0.375");
  c = contributions();
  c[0](2, 1) = not_a_number;
  CHECK(message_of<kam::non_finite_value>(explain(c, criteria, 0, 2)) ==
        "kam::explain_health_change: 'relationship[0]', row 2: contribution nan at date 0 is not "
        "finite");
  CHECK(message_of<kam::duplicate_name>(explain(contributions(), {"revenue", "revenue"}, 0, 2)) ==
        "kam::explain_health_change: 'criteria[1]': criterion 'revenue' is named at 0 already");
  CHECK(message_of<kam::shape_mismatch>(explain(contributions(), {"revenue"}, 0, 2)) ==
        "kam::explain_health_change: 'contributions[0]': the matrix of date 0 is 3 x 2; "
        "expected 3 x 1 (accounts x criteria)");
  c = contributions();
  c.pop_back();
  CHECK(message_of<kam::shape_mismatch>(explain(c, criteria, 0, 1)) ==
        "kam::explain_health_change: 'contributions': 2 matrices for 3 dates (one per date)");
  CHECK(message_of<kam::out_of_bounds>(explain(contributions(), criteria, 0, 3)) ==
        "kam::explain_health_change: 'to': date 3 is outside the 3 dates");
  CHECK(message_of<kam::invalid_input>(explain(contributions(), criteria, 2, 1)) ==
        "kam::explain_health_change: 'to': date 1 is not after the date from, 2");
  CHECK_THROWS_AS(explain(contributions(), {}, 0, 1)(), kam::empty_input);
  const auto change = kam::explain_health_change(scores(), contributions(), criteria, 0, 1);
  CHECK_THROWS_AS(kam::health_change_words(change, 3), kam::out_of_bounds);

  // find_at_risk
  const Eigen::Vector3d revenue(100, 300, 300);
  CHECK(message_of<kam::shape_mismatch>([&] {
          (void)kam::find_at_risk(scores(), Eigen::Vector2d(1, 2), Eigen::MatrixXd(3, 0));
        }) == "kam::find_at_risk: 'revenue': 2 revenues for 3 accounts");
  CHECK(message_of<kam::out_of_bounds>([&] {
          (void)kam::find_at_risk(scores(), Eigen::Vector3d(1, -2, 3), Eigen::MatrixXd(3, 0));
        }) == "kam::find_at_risk: 'revenue', row 1: revenue -2 is negative");
  CHECK_THROWS_AS(
      kam::find_at_risk(scores(), Eigen::Vector3d(1, not_a_number, 3), Eigen::MatrixXd(3, 0)),
      kam::non_finite_value);
  CHECK(message_of<kam::shape_mismatch>(
            [&] { (void)kam::find_at_risk(scores(), revenue, Eigen::MatrixXd::Zero(3, 2)); }) ==
        "kam::find_at_risk: 'churn': churn is 3 x 2; expected 3 x 3 (accounts x dates), or "
        "no columns");
  Eigen::MatrixXd churn = Eigen::MatrixXd::Zero(3, 3);
  churn(2, 1) = 1.25;
  CHECK(
      message_of<kam::out_of_bounds>([&] { (void)kam::find_at_risk(scores(), revenue, churn); }) ==
      "kam::find_at_risk: 'churn[1]', row 2: churn probability 1.25 at date 1 is outside [0, 1]");
  churn(2, 1) = not_a_number;
  CHECK_THROWS_AS(kam::find_at_risk(scores(), revenue, churn), kam::non_finite_value);
  const auto l = kam::find_at_risk(scores(), revenue, Eigen::MatrixXd(3, 0));
  CHECK_THROWS_AS(kam::at_risk_reason(l, l.row.size()), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6). By hand: a score going from -1e308 to 1e308
// changes by 2e308, beyond the largest double (1.8e308); two revenues of 1e308 at stake add up
// to 2e308 too; a window of INT64_MAX asked for INT64_MAX + 1 dates, which overflowed to a
// negative count, passed the check and read before the scores.
TEST_CASE("health_history: sums beyond double and a huge window are errors",
          "[health_history][bad-input]") {
  Eigen::MatrixXd scores(2, 2);
  scores << -1e308, 1e308, 0.9, 0.5;
  CHECK_THROWS_AS(kam::track_health(scores), kam::out_of_bounds);
  Eigen::MatrixXd fell(2, 2);
  fell << 0.9, 0.5, 0.8, 0.4;  // both fell 0.4 > 0.1: both at risk
  const Eigen::Vector2d revenue(1e308, 1e308);
  CHECK_THROWS_AS(kam::find_at_risk(fell, revenue), kam::out_of_bounds);
  kam::health_options o;
  o.window = std::numeric_limits<Eigen::Index>::max();
  CHECK_THROWS_AS(kam::find_at_risk(fell, Eigen::Vector2d(1, 2), o), kam::invalid_input);
  // Contributions of -1e308 then 1e308 (each row adds up to its score): the change is 2e308.
  Eigen::MatrixXd s(1, 2);
  s << -1e308, 1e308;
  const std::vector<Eigen::MatrixXd> parts{Eigen::MatrixXd::Constant(1, 1, -1e308),
                                           Eigen::MatrixXd::Constant(1, 1, 1e308)};
  CHECK_THROWS_AS(kam::explain_health_change(s, parts, {"revenue"}, 0, 1), kam::out_of_bounds);
}

// #20, found by the property suite's fourth round (health_band, the first case): a NaN score
// compares below no edge, so std::upper_bound put it past every edge, in the best band (green
// under the default bands): a missing health score reported as healthy. Now an error, as
// track_health already gives for a NaN in its scores.
TEST_CASE("health_history: health_band refuses a score that is not finite", "[health_history]") {
  const kam::health_options o;
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::health_band(std::numeric_limits<double>::quiet_NaN(), o);
        }) == "kam::health_band: 'score': score nan is not finite");
  CHECK_THROWS_AS(kam::health_band(std::numeric_limits<double>::infinity(), o),
                  kam::non_finite_value);
  CHECK(kam::health_band(1, o) == 2);  // 1 >= 0.7: green, the last finite score still banded
}

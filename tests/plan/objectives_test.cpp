// Tests of kam/plan/objectives.hpp: attainment, pace, status and roll-up, computed by hand.
#include <chrono>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/dates.hpp>
#include <kam/plan/objectives.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using status = kam::objective_status;

namespace {

const auto as_of = kam::parse_date("2026-07-02");

kam::objective make(const char* id, const char* account, double start, double target,
                    const char* from, const char* due, double weight,
                    std::vector<kam::dated_value> actuals) {
  kam::objective o;
  o.id = id;
  o.account = account;
  o.start_value = start;
  o.target = target;
  o.start_date = kam::parse_date(from);
  o.due_date = kam::parse_date(due);
  o.weight = weight;
  o.actuals = std::move(actuals);
  return o;
}

kam::dated_value at(const char* date, double value) { return {kam::parse_date(date), value}; }

/// As of 2026-07-02:
/// - rev-acme (ACME, increasing): 50 -> 100 from 2026-01-01 to 2026-12-31 (364 days), 182 days
///   elapsed: 0.5. Latest actual 70 (2026-06-15; 60 on 2026-03-31, given after it).
/// - dso-acme (ACME, decreasing, weight 3): 200 -> 100, same dates, actual 150.
/// - nps-beta (BETA): 10 -> 40 from 2026-04-02 to 2026-10-01 (182 days), 91 elapsed: 0.5;
///   actual 12.
/// - new-beta (BETA): starts 2026-08-01, after the as-of date; no actuals.
std::vector<kam::objective> sample() {
  return {
      make("rev-acme", "ACME", 50, 100, "2026-01-01", "2026-12-31", 1,
           {at("2026-06-15", 70), at("2026-03-31", 60)}),
      make("dso-acme", "ACME", 200, 100, "2026-01-01", "2026-12-31", 3, {at("2026-05-01", 150)}),
      make("nps-beta", "BETA", 10, 40, "2026-04-02", "2026-10-01", 1, {at("2026-06-01", 12)}),
      make("new-beta", "BETA", 0, 5, "2026-08-01", "2026-12-01", 1, {})};
}

}  // namespace

TEST_CASE("objectives: attainment, pace and status, increasing and decreasing", "[objectives]") {
  const auto r = kam::review_objectives(sample(), as_of);
  // rev-acme: attainment = (70 - 50) / (100 - 50) = 0.4; expected (linear) 182 / 364 = 0.5;
  // 0.4 < 0.9 * 0.5 = 0.45 but >= 0.7 * 0.5 = 0.35 -> at risk; gap 0.4 - 0.5 = -0.1;
  // expected value 50 + 50 * 0.5 = 75.
  CHECK(r.actual(0) == 70);
  CHECK_THAT(r.attainment(0), WithinAbs(0.4, 1e-15));
  CHECK_THAT(r.elapsed(0), WithinAbs(0.5, 1e-15));
  CHECK_THAT(r.expected(0), WithinAbs(0.5, 1e-15));
  CHECK_THAT(r.expected_value(0), WithinAbs(75, 1e-12));
  CHECK_THAT(r.pace_gap(0), WithinAbs(-0.1, 1e-15));
  // dso-acme (decreasing): (150 - 200) / (100 - 200) = 0.5 >= 0.45 -> on track; expected value
  // 200 - 100 * 0.5 = 150.
  CHECK_THAT(r.attainment(1), WithinAbs(0.5, 1e-15));
  CHECK_THAT(r.expected_value(1), WithinAbs(150, 1e-12));
  // nps-beta: (12 - 10) / (40 - 10) = 0.0667; 91 / 182 = 0.5; 0.0667 < 0.35 -> off track.
  CHECK_THAT(r.attainment(2), WithinAbs(2.0 / 30.0, 1e-15));
  CHECK_THAT(r.expected(2), WithinAbs(0.5, 1e-15));
  // new-beta: not started: elapsed 0, expected 0, actual = start 0, attainment 0 >= 0 -> on track.
  CHECK(r.elapsed(3) == 0);
  CHECK(r.attainment(3) == 0);
  CHECK(r.actual(3) == 0);
  CHECK(r.status == std::vector<status>{status::at_risk, status::on_track, status::off_track,
                                        status::on_track});
  CHECK(r.measured == std::vector<std::uint8_t>{1, 1, 1, 0});
  CHECK(r.status_counts == std::array<Eigen::Index, 3>{2, 1, 1});
  CHECK(kam::to_string(r).find("status: [at_risk, on_track, off_track, on_track]") !=
        std::string::npos);
  CHECK(kam::enum_from_name<kam::pace_curve>("back_loaded") == kam::pace_curve::back_loaded);
}

TEST_CASE("objectives: the pace curves and the thresholds", "[objectives]") {
  // f = 0.3: linear 0.3, back-loaded 0.3^2 = 0.09, front-loaded 1 - 0.7^2 = 0.51.
  CHECK_THAT(kam::expected_progress(0.3, kam::pace_curve::linear), WithinAbs(0.3, 1e-15));
  CHECK_THAT(kam::expected_progress(0.3, kam::pace_curve::back_loaded), WithinAbs(0.09, 1e-15));
  CHECK_THAT(kam::expected_progress(0.3, kam::pace_curve::front_loaded), WithinAbs(0.51, 1e-15));
  CHECK(kam::expected_progress(1.5, kam::pace_curve::linear) == 1);  // past the due date
  CHECK(kam::expected_progress(-1, kam::pace_curve::front_loaded) == 0);
  CHECK_THROWS_AS(kam::expected_progress(0.5, kam::pace_curve{3}), kam::invalid_input);
  // rev-acme at f = 0.5: back-loaded expects 0.25, 0.4 >= 0.9 * 0.25 -> on track; front-loaded
  // expects 0.75: 0.4 < 0.7 * 0.75 = 0.525 -> off track.
  kam::review_options o;
  o.curve = kam::pace_curve::back_loaded;
  auto r = kam::review_objectives(sample(), as_of, o);
  CHECK_THAT(r.expected(0), WithinAbs(0.25, 1e-15));
  CHECK(r.status[0] == status::on_track);
  o.curve = kam::pace_curve::front_loaded;
  r = kam::review_objectives(sample(), as_of, o);
  CHECK_THAT(r.expected(0), WithinAbs(0.75, 1e-15));
  CHECK(r.status[0] == status::off_track);
  // On a threshold, the better status: 0.45 = 0.9 * 0.5 is on track, 0.35 = 0.7 * 0.5 at risk.
  CHECK(kam::status_of(0.45, 0.5) == status::on_track);
  CHECK(kam::status_of(0.35, 0.5) == status::at_risk);
  CHECK(kam::status_of(0.3499, 0.5) == status::off_track);
  CHECK(kam::status_of(-0.01, 0) == status::off_track);  // moved away before any expectation
  // Thresholds 1 and 0.5: 0.4 >= 0.5 * 0.5 -> at risk.
  o = {};
  o.on_track_from = 1;
  o.at_risk_from = 0.5;
  CHECK(kam::status_of(0.4, 0.5, o) == status::at_risk);
  // After the due date: as of 2027-03-01 rev-acme's elapsed share is clamped to 1.
  r = kam::review_objectives(sample(), kam::parse_date("2027-03-01"));
  CHECK(r.elapsed(0) == 1);
  CHECK(r.expected(0) == 1);
  CHECK(kam::to_string(r.options) == "{curve: linear, on_track_from: 0.9, at_risk_from: 0.7}");
}

TEST_CASE("objectives: roll-up to accounts and the portfolio", "[objectives]") {
  const auto objectives = sample();
  const auto u = kam::roll_up(objectives, kam::review_objectives(objectives, as_of));
  CHECK(u.account == std::vector<std::string>{"ACME", "BETA"});
  CHECK(u.objectives(0) == 2);
  // ACME: weights 1 and 3: attainment (0.4 + 3 * 0.5) / 4 = 0.475, expected (0.5 + 1.5) / 4 =
  // 0.5; 0.475 >= 0.45 -> on track.
  CHECK_THAT(u.weight(0), WithinAbs(4, 1e-15));
  CHECK_THAT(u.attainment(0), WithinAbs(0.475, 1e-15));
  CHECK_THAT(u.expected(0), WithinAbs(0.5, 1e-15));
  // BETA: (0.0667 + 0) / 2 = 0.0333, expected (0.5 + 0) / 2 = 0.25; 0.0333 < 0.7 * 0.25 = 0.175
  // -> off track.
  CHECK_THAT(u.attainment(1), WithinAbs(1.0 / 30.0, 1e-15));
  CHECK_THAT(u.expected(1), WithinAbs(0.25, 1e-15));
  CHECK(u.status == std::vector<status>{status::on_track, status::off_track});
  // Portfolio, weight 6: (0.4 + 1.5 + 0.0667 + 0) / 6 = 0.32778; expected 2.5 / 6 = 0.41667;
  // 0.32778 < 0.9 * 0.41667 = 0.375 but >= 0.7 * 0.41667 = 0.29167 -> at risk.
  CHECK_THAT(u.portfolio_attainment, WithinAbs((1.9 + 2.0 / 30.0) / 6, 1e-15));
  CHECK_THAT(u.portfolio_expected, WithinAbs(2.5 / 6, 1e-15));
  CHECK(u.portfolio_status == status::at_risk);
  CHECK(kam::to_string(u).find("account: [\"ACME\", \"BETA\"]") != std::string::npos);
}

TEST_CASE("objectives: bad input names the function, the field, the row and the element",
          "[objectives][bad-input]") {
  const auto fn = [](const std::vector<kam::objective>& o) {
    return [o] { (void)kam::review_objectives(o, as_of); };
  };
  CHECK(kam_test::message_of<kam::empty_input>(fn({})) ==
        "kam::review_objectives: 'objectives': no objectives to review");
  auto o = sample();
  o[2].id = "rev-acme";
  CHECK(kam_test::message_of<kam::duplicate_name>(fn(o)) ==
        "kam::review_objectives: 'id', row 2: objective 'rev-acme' is also row 0");
  o = sample();
  o[1].id.clear();
  CHECK(kam_test::message_of<kam::invalid_input>(fn(o)) ==
        "kam::review_objectives: 'id', row 1: the objective id is empty");
  o = sample();
  o[1].account.clear();
  CHECK(kam_test::message_of<kam::invalid_input>(fn(o)) ==
        "kam::review_objectives: 'account', row 1: the account id is empty");
  o = sample();
  o[2].target = 10;
  CHECK(kam_test::message_of<kam::invalid_input>(fn(o)) ==
        "kam::review_objectives: 'target', row 2: the target equals the start value 10: there "
        "is no way to measure attainment along");
  o = sample();
  o[0].start_value = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>(fn(o)) ==
        "kam::review_objectives: 'start_value', row 0: value nan is not finite");
  o = sample();
  o[0].target = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(fn(o)(), kam::non_finite_value);
  o = sample();
  o[3].weight = 0;
  CHECK(kam_test::message_of<kam::out_of_bounds>(fn(o)) ==
        "kam::review_objectives: 'weight', row 3: weight 0 must be positive");
  o = sample();
  o[3].due_date = o[3].start_date;
  CHECK(kam_test::message_of<kam::invalid_input>(fn(o)) ==
        "kam::review_objectives: 'due_date', row 3: the due date 2026-08-01 is not after the "
        "start date 2026-08-01");
  o = sample();
  o[0].actuals[1].date = kam::parse_date("2026-07-03");  // the day after as_of
  CHECK(kam_test::message_of<kam::out_of_bounds>(fn(o)) ==
        "kam::review_objectives: 'actuals[1]', row 0: the actual is dated 2026-07-03, after the "
        "as-of date 2026-07-02");
  o = sample();
  o[2].actuals[0].date = kam::parse_date("2026-04-01");  // the day before the start
  CHECK(kam_test::message_of<kam::invalid_input>(fn(o)) ==
        "kam::review_objectives: 'actuals[0]', row 2: the actual is dated 2026-04-01, before the "
        "objective's start date 2026-04-02");
  o = sample();
  o[0].actuals[1].value = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>(fn(o)) ==
        "kam::review_objectives: 'actuals[1]', row 0: value nan is not finite");
  o = sample();
  o[0].actuals[1].date = o[0].actuals[0].date;
  CHECK(kam_test::message_of<kam::invalid_input>(fn(o)) ==
        "kam::review_objectives: 'actuals', row 0: two actuals are dated 2026-06-15");
  // Options.
  kam::review_options bad;
  bad.at_risk_from = 0.95;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::validate(bad); }) ==
        "kam::validate: 'at_risk_from': thresholds at_risk_from 0.95 and on_track_from 0.9 must "
        "satisfy 0 <= at_risk_from <= on_track_from");
  bad = {};
  bad.at_risk_from = -0.1;
  CHECK_THROWS_AS(kam::validate(bad), kam::invalid_input);
  bad = {};
  bad.on_track_from = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::review_objectives(sample(), as_of, bad);
        }) == "kam::review_objectives: 'on_track_from': the threshold must be finite");
  bad = {};
  bad.at_risk_from = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(kam::validate(bad), kam::non_finite_value);
  bad = {};
  bad.curve = kam::pace_curve{5};
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::validate(bad); }) ==
        "kam::validate: 'curve': value 5 is not a pace_curve");
  // Roll-up of another list than the one reviewed.
  const auto r = kam::review_objectives(sample(), as_of);
  o = sample();
  o.pop_back();
  CHECK(kam_test::message_of<kam::shape_mismatch>([&] { (void)kam::roll_up(o, r); }) ==
        "kam::roll_up: 'review': a review of 4 objectives for 3 objectives");
  o = sample();
  o[1].weight = -2;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::roll_up(o, r); }) ==
        "kam::roll_up: 'weight', row 1: weight -2 must be positive");
}

// Found by the property suite (#20 item 6). By hand: from 1 to target 1 + 4.9e-324 (the
// smallest step), an actual of 2 is (2 - 1) / 4.9e-324 = 2e323 of the way, beyond double; two
// weights of 1e308 add up to 2e308, beyond it too.
TEST_CASE("objectives: attainment and weights beyond double are errors",
          "[objectives][bad-input]") {
  const double step = std::numeric_limits<double>::denorm_min();
  const std::vector<kam::objective> tiny{
      make("o", "a", 0, step, "2026-01-01", "2026-12-31", 1, {at("2026-06-01", 1)})};
  CHECK_THROWS_AS(kam::review_objectives(tiny, as_of), kam::out_of_bounds);
  const std::vector<kam::objective> heavy{
      make("o1", "a", 0, 10, "2026-01-01", "2026-12-31", 1e308, {}),
      make("o2", "a", 0, 10, "2026-01-01", "2026-12-31", 1e308, {})};
  const auto r = kam::review_objectives(heavy, as_of);
  CHECK_THROWS_AS(kam::roll_up(heavy, r), kam::out_of_bounds);
}

// #20, found by the property suite's fourth round (expected_progress, case 284): std::clamp
// returns a NaN elapsed share unchanged, so expected_progress returned NaN; and status_of
// compares NaN false with both thresholds, so a NaN attainment was "off track" without a word.
// Both are errors now; status_of also checks its options as review_objectives does.
TEST_CASE("objectives: expected_progress and status_of refuse NaN", "[objectives]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::expected_progress(nan, kam::pace_curve::linear);
        }) == "kam::expected_progress: 'elapsed': elapsed is NaN");
  CHECK(kam::expected_progress(std::numeric_limits<double>::infinity(),
                               kam::pace_curve::back_loaded) == 1);  // clamped to 1: 1^2
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::status_of(nan, 0.5); }) ==
        "kam::status_of: 'attainment': attainment is nan");
  CHECK_THROWS_AS(kam::status_of(0.5, nan), kam::non_finite_value);
  kam::review_options bad;
  bad.at_risk_from = 0.95;  // above on_track_from 0.9
  CHECK_THROWS_AS(kam::status_of(0.5, 0.5, bad), kam::invalid_input);
  // 0.46 >= 0.9 x 0.5 = 0.45: on track; 0.36 >= 0.7 x 0.5 = 0.35: at risk; 0.34: off track.
  CHECK(kam::status_of(0.46, 0.5) == kam::objective_status::on_track);
  CHECK(kam::status_of(0.36, 0.5) == kam::objective_status::at_risk);
  CHECK(kam::status_of(0.34, 0.5) == kam::objective_status::off_track);
}

// Tests of kam/plan/next_play.hpp: the play, its value, ties and missing inputs; by hand.
#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/next_play.hpp>
#include <kam/portfolio/focus.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using play = kam::account_focus;

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

/// Five accounts: P(churn), CLV, expected expansion, gap, value to win (NaN: missing).
struct inputs {
  Eigen::VectorXd churn{{0.3, na, 0.5, na, 0.0}};
  Eigen::VectorXd clv{{100000, 50000, 10000, na, 1000}};
  Eigen::VectorXd expansion{{12000, 5000, 5000, na, 0}};
  Eigen::VectorXd gap{{0.4, 0.5, na, na, 0.25}};
  Eigen::VectorXd win{{20000, 8000, na, na, 4000}};

  [[nodiscard]] kam::next_play_result run(const kam::play_rules& rules = {}) const {
    return kam::next_best_play(churn, clv, expansion, gap, win, rules);
  }
};

}  // namespace

TEST_CASE("next_play: the play of the highest expected value", "[next_play]") {
  const auto r = inputs{}.run();
  // 0: protect 0.3 x 100000 = 30000, expand 12000, win 0.4 x 20000 = 8000 -> protect.
  // 1: P(churn) missing -> protect not assessed; expand 5000, win 0.5 x 8000 = 4000 -> expand.
  // 2: protect 0.5 x 10000 = 5000 = expand 5000 (tie; protect first), win missing.
  // 3: every input missing -> maintain. 4: protect 0 x 1000 = 0 and expand 0 are not above
  //    their minimum 0; win 0.25 x 4000 = 1000.
  CHECK(r.play ==
        std::vector<play>{play::protect, play::expand, play::protect, play::maintain, play::win});
  CHECK_THAT(r.value(0), WithinAbs(30000, 1e-9));
  CHECK(r.value(1) == 5000);
  CHECK(r.value(2) == 5000);
  CHECK(r.value(3) == 0);
  CHECK(r.value(4) == 1000);
  CHECK_THAT(r.win_value(0), WithinAbs(8000, 1e-9));
  CHECK(std::isnan(r.protect_value(1)));
  CHECK(r.missing == std::vector<std::uint8_t>{0, kam::play_missing_churn,
                                               kam::play_missing_gap | kam::play_missing_win_value,
                                               31, 0});
  CHECK(r.tied == std::vector<std::uint8_t>{0, 0, 1, 0, 0});
  CHECK(r.counts == std::array<Eigen::Index, 4>{1, 1, 2, 1});  // win, expand, protect, maintain
  CHECK(kam::to_string(r).find("play: [protect, expand, protect, maintain, win]") !=
        std::string::npos);
}

TEST_CASE("next_play: the reasons in words", "[next_play]") {
  const auto r = inputs{}.run();
  CHECK(kam::play_reason(r, 0) ==
        "protect: expected value 30000 = P(churn) 0.3 x CLV 100000; expand 12000; win 8000");
  CHECK(kam::play_reason(r, 1) ==
        "expand: expected value 5000 = expected expansion 5000; protect not assessed (P(churn) "
        "missing); win 4000");
  CHECK(kam::play_reason(r, 2) ==
        "protect: expected value 5000 = P(churn) 0.5 x CLV 10000; expand 5000, a tie: protect "
        "comes first in the tie order; win not assessed (gap and value to win missing)");
  CHECK(kam::play_reason(r, 3) ==
        "maintain: no play qualifies; protect not assessed (P(churn) and CLV missing); expand not "
        "assessed (expected expansion missing); win not assessed (gap and value to win missing)");
  CHECK(kam::play_reason(r, 4) ==
        "win: expected value 1000 = gap 0.25 x value to win 4000; protect 0, not above its "
        "minimum 0; expand 0, not above its minimum 0");
}

TEST_CASE("next_play: a replaced rule table", "[next_play]") {
  kam::play_rules tie;
  tie.tie_order = {play::expand, play::protect, play::win};
  kam::validate(tie);
  CHECK(inputs{}.run(tie).play[2] == play::expand);  // 5000 = 5000, expand first now

  kam::play_rules weighted;
  weighted.win.weight = 4;  // account 0: win 4 x 0.4 x 20000 = 32000 > protect 30000
  const auto w = inputs{}.run(weighted);
  CHECK(w.play[0] == play::win);
  CHECK(kam::play_reason(w, 0) ==
        "win: expected value 32000 = 4 x gap 0.4 x value to win 20000; protect 30000; expand "
        "12000");

  kam::play_rules floor;
  floor.protect.min_value = 30001;  // account 0's protect 30000 no longer qualifies: expand
  const auto f = inputs{}.run(floor);
  CHECK(f.play[0] == play::expand);
  CHECK(kam::play_reason(f, 0) ==
        "expand: expected value 12000 = expected expansion 12000; protect 30000, not above its "
        "minimum 30001; win 8000");

  kam::play_rules off;
  off.expand.weight = 0;  // account 1: expand off, win 4000
  const auto o = inputs{}.run(off);
  CHECK(o.play[1] == play::win);
  CHECK(kam::play_reason(o, 1) ==
        "win: expected value 4000 = gap 0.5 x value to win 8000; protect not assessed (P(churn) "
        "missing); expand off (weight 0)");
}

TEST_CASE("next_play: bad input names the function, the field and the row",
          "[next_play][bad-input]") {
  using kam_test::message_of;
  auto in = inputs{};
  in.clv = in.clv.head(4).eval();
  CHECK(message_of<kam::shape_mismatch>([&] { (void)in.run(); }) ==
        "kam::next_best_play: 'clv': 4 values for 5 accounts");
  in = inputs{};
  in.churn(2) = 1.5;
  CHECK(message_of<kam::out_of_bounds>([&] { (void)in.run(); }) ==
        "kam::next_best_play: 'churn_probability', row 2: value 1.5 is outside [0, 1]");
  in = inputs{};
  in.win(0) = -1;
  CHECK(message_of<kam::out_of_bounds>([&] { (void)in.run(); }) ==
        "kam::next_best_play: 'value_to_win', row 0: value -1 is negative");
  in = inputs{};
  in.expansion(4) = std::numeric_limits<double>::infinity();
  CHECK(message_of<kam::non_finite_value>([&] { (void)in.run(); }) ==
        "kam::next_best_play: 'expansion', row 4: value inf is infinite (NaN marks a missing "
        "value)");
  in = inputs{};
  in.gap(0) = -0.1;
  CHECK_THROWS_AS(in.run(), kam::out_of_bounds);
  const Eigen::VectorXd none(0);
  CHECK_THROWS_AS(kam::next_best_play(none, none, none, none, none), kam::empty_input);

  const auto bad = [](auto change) {
    kam::play_rules r;
    change(r);
    return [r] { kam::validate(r); };
  };
  CHECK(message_of<kam::out_of_bounds>(bad([](auto& r) { r.expand.weight = -1; })) ==
        "kam::validate: 'expand': weight -1 is negative");
  CHECK(message_of<kam::non_finite_value>(bad([](auto& r) { r.win.min_value = na; })) ==
        "kam::validate: 'win': minimum value nan is not finite");
  CHECK(message_of<kam::invalid_input>(bad([](auto& r) {
          r.protect.weight = r.expand.weight = r.win.weight = 0;
        })) == "kam::validate: 'weight': every weight is zero: no play could ever qualify");
  CHECK(message_of<kam::duplicate_name>(bad([](auto& r) { r.tie_order[2] = play::protect; })) ==
        "kam::validate: 'tie_order[2]': 'protect' is at 0 already");
  CHECK(message_of<kam::invalid_input>(bad([](auto& r) { r.tie_order[1] = play::maintain; })) ==
        "kam::validate: 'tie_order[1]': value 3 is not a play; the tie order holds 'protect', "
        "'expand' and 'win', once each");
  CHECK_THROWS_AS(bad([](auto& r) { r.tie_order[0] = static_cast<play>(9); })(),
                  kam::invalid_input);
  kam::play_rules neg;
  neg.protect.min_value = -5;
  CHECK_THROWS_AS(inputs{}.run(neg), kam::out_of_bounds);
  const auto r = inputs{}.run();
  CHECK_THROWS_AS(kam::play_reason(r, 5), kam::out_of_bounds);
}

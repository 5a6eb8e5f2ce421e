// Tests of kam/portfolio/focus.hpp: win, expand, protect, maintain; key versus largest accounts.
#include <Eigen/Core>
#include <kam/core/describe.hpp>
#include <kam/portfolio/focus.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

using Catch::Matchers::WithinAbs;
using f = kam::account_focus;

namespace {
// revenue, category wallet, growth potential (1-5), churn risk; N = 6, so round(.2 * 6) = 1
// account is large (row 3, revenue 2000).
//   0: 100 / 1000 = .10, growth 5         -> win (low share, high potential)
//   1: 500 / 1000 = .50, growth 3         -> expand (in, room to grow)
//   2: 900 / 1000 = .90, growth 5         -> maintain (little room left)
//   3: 2000 / 4000 = .50, churn .5, large -> protect (before expand)
//   4: 50 / 1000 = .05, growth 3          -> maintain (low share, too little potential)
//   5: 250 / 1000 = .25 (on the edge), growth 4 -> expand, not win
template <typename Scalar>
struct rows {
  kam::vector_of<Scalar> revenue =
      (kam::vector_of<Scalar>(6) << 100, 500, 900, 2000, 50, 250).finished();
  kam::vector_of<Scalar> wallet =
      (kam::vector_of<Scalar>(6) << 1000, 1000, 1000, 4000, 1000, 1000).finished();
  kam::vector_of<Scalar> growth = (kam::vector_of<Scalar>(6) << 5, 3, 5, 4, 3, 4).finished();
  kam::vector_of<Scalar> churn = (kam::vector_of<Scalar>(6) << Scalar(0.1), Scalar(0.1),
                                  Scalar(0.1), Scalar(0.5), Scalar(0.6), Scalar(0.1))
                                     .finished();
};
}  // namespace

TEMPLATE_TEST_CASE("focus: the four strategies and the edges", "[focus]", float, double) {
  const rows<TestType> d;
  const auto r = kam::focus(d.revenue, d.wallet, d.growth, d.churn);
  CHECK(r.focus ==
        std::vector<f>{f::win, f::expand, f::maintain, f::protect, f::maintain, f::expand});
  CHECK_THAT(r.share_of_wallet(5), WithinAbs(0.25, 1e-7));
  CHECK(r.large == 1);
  CHECK(r.revenue_rank(3) == 1);
  CHECK(r.counts == std::array<Eigen::Index, 4>{1, 2, 1, 2});
  CHECK(r.key_not_largest.size() == 0);
}

TEST_CASE("focus: key accounts that are not the largest, and the largest that are not key",
          "[focus]") {
  const rows<double> d;
  const kam::index_vector key = (kam::index_vector(2) << 0, 3).finished();
  const auto r = kam::focus(d.revenue, d.wallet, d.growth, d.churn, key);
  // The two largest by revenue: rows 3 (2000) and 2 (900).
  CHECK(std::vector<Eigen::Index>(r.key_not_largest.begin(), r.key_not_largest.end()) ==
        std::vector<Eigen::Index>{0});
  CHECK(std::vector<Eigen::Index>(r.largest_not_key.begin(), r.largest_not_key.end()) ==
        std::vector<Eigen::Index>{2});
}

TEST_CASE("focus: a key account tied with the largest is among the largest", "[focus]") {
  // Revenues 100, 80, 80, 50; key accounts {2, 3}: revenue ranks 1, 2, 2, 4, so the largest two
  // are rows 0, 1 and 2 (row 2 ties row 1 for second place). Row 2 is key and as large as row 1:
  // it is not "key, not largest" because of its row; row 3 (rank 4) is.
  const Eigen::VectorXd revenue = (Eigen::VectorXd(4) << 100, 80, 80, 50).finished();
  const Eigen::VectorXd wallet = Eigen::VectorXd::Constant(4, 1000);
  const Eigen::VectorXd growth = Eigen::VectorXd::Constant(4, 3);
  const Eigen::VectorXd churn = Eigen::VectorXd::Zero(4);
  const kam::index_vector key = (kam::index_vector(2) << 2, 3).finished();
  const auto r = kam::focus(revenue, wallet, growth, churn, key);
  CHECK(std::vector<Eigen::Index>(r.key_not_largest.begin(), r.key_not_largest.end()) ==
        std::vector<Eigen::Index>{3});
  CHECK(std::vector<Eigen::Index>(r.largest_not_key.begin(), r.largest_not_key.end()) ==
        std::vector<Eigen::Index>{0, 1});
  // Three equal revenues and one key account: all three are the largest (rank 1); the two that
  // are not key are listed, in input order.
  const Eigen::VectorXd flat = (Eigen::VectorXd(4) << 50, 100, 100, 100).finished();
  const auto t = kam::focus(flat, wallet, growth, churn, (kam::index_vector(1) << 2).finished());
  CHECK(t.key_not_largest.size() == 0);
  CHECK(std::vector<Eigen::Index>(t.largest_not_key.begin(), t.largest_not_key.end()) ==
        std::vector<Eigen::Index>{1, 3});
}

TEST_CASE("focus: one account, and configurable rules", "[focus]") {
  CHECK(kam::focus_of(0.1, 4.0, 0.9, true) == f::protect);
  CHECK(kam::focus_of(0.1, 4.0, 0.29, true) == f::win);  // not at risk
  CHECK(kam::focus_of(0.1f, 3.9f, 0.0f, false) == f::maintain);
  kam::focus_config c;
  c.large_share = 0.5;  // round(.5 * 6) = 3 large: rows 3, 2, 1
  c.at_risk = 0.1;      // churn .1 counts as at risk (on the threshold)
  const rows<double> d;
  const auto r = kam::focus(d.revenue, d.wallet, d.growth, d.churn, {}, c);
  CHECK(r.focus ==
        std::vector<f>{f::win, f::protect, f::protect, f::protect, f::maintain, f::expand});
  CHECK(kam::enum_name(f::protect) == "protect");
  CHECK(kam::to_string(kam::focus_config{}) ==
        "{win_below_share: 0.25, expand_below_share: 0.75, win_growth: 4, expand_growth: 3, "
        "at_risk: 0.3, large_share: 0.2, growth_low: 1, growth_high: 5}");
  CHECK(kam::to_string(r).find("focus: [win, protect, protect, protect, maintain, expand]") !=
        std::string::npos);
}

TEST_CASE("focus: bad input names the function, the field and the row", "[focus][bad-input]") {
  rows<double> d;
  d.revenue(2) = 1100;
  CHECK(kam_test::message_of<kam::out_of_bounds>(
            [&] { (void)kam::focus(d.revenue, d.wallet, d.growth, d.churn); }) ==
        "kam::focus: 'revenue', row 2: revenue 1100 exceeds the customer's category wallet "
        "1000 (share of wallet above 1)");
  d = {};
  d.churn(4) = 1.5;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::focus(d.revenue, d.wallet, d.growth, d.churn);
        }) == "kam::focus: 'churn_risk', row 4: value 1.5 is outside the scale [0, 1]");
  d = {};
  d.growth(0) = 6;
  CHECK_THROWS_AS(kam::focus(d.revenue, d.wallet, d.growth, d.churn), kam::out_of_bounds);
  d = {};
  d.wallet(1) = 0;
  CHECK_THROWS_AS(kam::focus(d.revenue, d.wallet, d.growth, d.churn), kam::invalid_input);
  d = {};
  CHECK_THROWS_AS(kam::focus(d.revenue, d.wallet.head(5), d.growth, d.churn), kam::shape_mismatch);
  kam::focus_config c;
  c.at_risk = 1.2;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::focus(d.revenue, d.wallet, d.growth, d.churn, {}, c);
        }) == "kam::focus: 'at_risk': cut point 1.2 is outside the scale [0, 1]");
  const kam::index_vector twice = (kam::index_vector(2) << 1, 1).finished();
  CHECK_THROWS_AS(kam::focus(d.revenue, d.wallet, d.growth, d.churn, twice), kam::invalid_input);
  const kam::index_vector outside = (kam::index_vector(1) << 9).finished();
  CHECK_THROWS_AS(kam::focus(d.revenue, d.wallet, d.growth, d.churn, outside), kam::out_of_bounds);
}

TEST_CASE("focus: float values on a threshold reach it, as in double", "[focus]") {
  // 0.7 has no exact float: 0.7f = 0.699999988 < 0.7 as doubles. A churn risk of 0.7 and a share
  // of wallet of 7 / 10 = 0.7 given as floats must meet at_risk = 0.7 and expand_below_share = 0.7
  // as they do in double (the thresholds are compared in the data's type).
  kam::focus_config c;
  c.at_risk = 0.7;
  c.expand_below_share = 0.7;
  CHECK(kam::focus_of(0.5, 3.0, 0.7, true, c) == f::protect);
  CHECK(kam::focus_of(0.5f, 3.0f, 0.7f, true, c) == f::protect);
  // Row 0: 7 / 10 = .7, on expand_below_share: little room left -> maintain, not expand.
  // Row 1: 30 / 100 = .3, growth 3 -> expand. Row 2: large (revenue rank 1 of 3, round(.6) = 1),
  // churn .7 on at_risk -> protect.
  const Eigen::VectorXf revenue = (Eigen::VectorXf(3) << 7, 30, 900).finished();
  const Eigen::VectorXf wallet = (Eigen::VectorXf(3) << 10, 100, 1000).finished();
  const Eigen::VectorXf growth = (Eigen::VectorXf(3) << 3, 3, 3).finished();
  const Eigen::VectorXf churn = (Eigen::VectorXf(3) << 0.0f, 0.0f, 0.7f).finished();
  const auto r = kam::focus(revenue, wallet, growth, churn, {}, c);
  CHECK(r.focus == std::vector<f>{f::maintain, f::expand, f::protect});
}

TEST_CASE("focus_of: values off their scales are errors, not a focus", "[focus][bad-input]") {
  // Unchecked, a NaN churn risk is never "at risk" and a large account would not be protected.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::focus_of(0.5, 3.0, nan, true);
        }) == "kam::focus_of: 'churn_risk': is nan");
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::focus_of(1.2, 3.0, 0.1, true);
        }) == "kam::focus_of: 'share_of_wallet': value 1.2 is outside the scale [0, 1]");
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::focus_of(0.5, 7.0, 0.1, true);
        }) == "kam::focus_of: 'growth_potential': value 7 is outside the scale [1, 5]");
  kam::focus_config c;
  c.at_risk = 1.2;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::focus_of(0.5, 3.0, 0.1, true, c);
        }) == "kam::focus_of: 'at_risk': cut point 1.2 is outside the scale [0, 1]");
}

TEST_CASE("validate: a focus configuration without accounts", "[validate]") {
  CHECK_NOTHROW(kam::validate(kam::focus_config{}));
  kam::focus_config c;
  c.at_risk = 1.5;
  try {
    kam::validate(c);
    FAIL("expected kam::out_of_bounds");
  } catch (const kam::out_of_bounds& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "at_risk");
  }
  c = {};
  c.growth_low = 5;
  CHECK_THROWS_AS(kam::validate(c), kam::invalid_input);
}

TEST_CASE("focus_result::count checks the focus in every build type", "[focus][bad-input][index]") {
  const kam::focus_result<double> r;  // no accounts: every count is 0
  CHECK(r.count(kam::account_focus::protect) == 0);
  for (const int v : {4, 255}) {
    kam_test::check_index_error([&] { (void)r.count(static_cast<kam::account_focus>(v)); },
                                "kam::focus_result::count", "f", v, "[0, 4)");
  }
}

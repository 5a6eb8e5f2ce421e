// Tests of kam/retention/revenue_retention.hpp: GRR, NRR, CRR and the movements per window.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/revenue_retention.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "retention/revenue_book.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEMPLATE_TEST_CASE("revenue_retention: period on period, hand-computed", "[revenue_retention]",
                   float, double) {
  const auto t = kam::revenue_retention(kam_test::book<TestType>());
  REQUIRE(t.size() == 3);
  const double e = kam_test::tol<TestType>();
  // Window 0 -> 1: cohort {A0, A1, A3} = 380; A0 +20, A1 -50, A2 new 50; closing 400.
  CHECK(t.opening_revenue(0) == 380);
  CHECK(t.expansion(0) == 20);
  CHECK(t.contraction(0) == 50);
  CHECK(t.churned_revenue(0) == 0);
  CHECK(t.new_revenue(0) == 50);
  CHECK(t.closing_revenue(0) == 400);
  CHECK_THAT(t.grr(0), WithinRel(330.0 / 380.0, e));  // (380 - 50 - 0) / 380
  CHECK_THAT(t.nrr(0), WithinRel(350.0 / 380.0, e));  // (380 + 20 - 50 - 0) / 380
  CHECK(t.customer_retention(0) == 1);                // (E - N) / S = (4 - 1) / 3
  // Window 1 -> 2: cohort 400; A1 churns 150, A2 +10, A3 +10: GRR 250/400, NRR 270/400.
  CHECK_THAT(t.grr(1), WithinRel(0.625, e));
  CHECK_THAT(t.nrr(1), WithinRel(0.675, e));
  CHECK_THAT(t.customer_retention(1), WithinRel(0.75, e));  // (3 - 0) / 4
  CHECK_THAT(t.logo_churn(1), WithinRel(0.25, e));
  // Window 2 -> 3: cohort {A0 120, A2 60, A3 90} = 270; A0 churns 120, A3 -50; A1 returns with
  // 180 (reactivated), A5 is new with 70; closing 350. GRR = NRR = 100/270; CRR = (4 - 2) / 3.
  CHECK(t.reactivated_revenue(2) == 180);
  CHECK(t.reactivated_accounts(2) == 1);
  CHECK(t.new_revenue(2) == 70);
  CHECK_THAT(t.grr(2), WithinRel(100.0 / 270.0, e));
  CHECK_THAT(t.nrr(2), WithinRel(100.0 / 270.0, e));
  CHECK_THAT(t.customer_retention(2), WithinRel(2.0 / 3.0, e));
  CHECK(t.undefined_windows.empty());
  // The revenue and logo identities hold in every window.
  for (Eigen::Index w = 0; w < t.size(); ++w) {
    CHECK(t.closing_revenue(w) == t.opening_revenue(w) + t.new_revenue(w) +
                                      t.reactivated_revenue(w) + t.expansion(w) - t.contraction(w) -
                                      t.churned_revenue(w));
    CHECK(t.closing_accounts(w) ==
          t.retained_accounts(w) + t.new_accounts(w) + t.reactivated_accounts(w));
    CHECK(t.opening_accounts(w) == t.retained_accounts(w) + t.churned_accounts(w));
  }
}

TEST_CASE("revenue_retention: one three-period window under each reactivation rule",
          "[revenue_retention]") {
  const auto r = kam_test::book<double>();
  kam::retention_options o;
  o.step = 3;
  // separate: A1 (200 -> gap -> 180) churned with 200 and is reactivated with 180; A0 churned
  // 100; A3 80 -> 40. GRR = NRR = (380 - 40 - 300) / 380.
  auto t = kam::revenue_retention(r, o);
  REQUIRE(t.size() == 1);
  CHECK(t.opening_period(0) == 0);
  CHECK(t.closing_period(0) == 3);
  CHECK(t.churned_revenue(0) == 300);
  CHECK(t.reactivated_revenue(0) == 180);
  CHECK(t.new_revenue(0) == 130);  // A2 60 + A5 70
  CHECK_THAT(t.grr(0), WithinRel(40.0 / 380.0, 1e-14));
  CHECK_THAT(t.customer_retention(0), WithinRel(1.0 / 3.0, 1e-14));
  // as_new: the same, but A1's 180 counts as new.
  o.reactivation = kam::reactivation_rule::as_new;
  t = kam::revenue_retention(r, o);
  CHECK(t.new_revenue(0) == 310);
  CHECK(t.reactivated_revenue(0) == 0);
  CHECK(t.new_accounts(0) == 3);
  CHECK_THAT(t.grr(0), WithinRel(40.0 / 380.0, 1e-14));
  // endpoints: A1 is judged 200 -> 180, a contraction of 20: GRR = (380 - 60 - 100) / 380.
  o.reactivation = kam::reactivation_rule::endpoints;
  t = kam::revenue_retention(r, o);
  CHECK(t.contraction(0) == 60);
  CHECK(t.churned_revenue(0) == 100);
  CHECK_THAT(t.grr(0), WithinRel(220.0 / 380.0, 1e-14));
  CHECK_THAT(t.nrr(0), WithinRel(220.0 / 380.0, 1e-14));
  CHECK_THAT(t.customer_retention(0), WithinRel(2.0 / 3.0, 1e-14));
  CHECK(t.closing_revenue(0) == 350);
}

TEST_CASE("revenue_retention: windows from an offset, and an empty opening cohort",
          "[revenue_retention]") {
  kam::matrix_of<double> r(2, 7);
  r << 0, 0, 10, 10, 12, 0, 0,  //
      0, 0, 0, 5, 5, 5, 9;
  kam::retention_options o;
  o.step = 2;
  o.first = 0;
  const auto t = kam::revenue_retention(r, o);
  REQUIRE(t.size() == 3);  // (0,2), (2,4), (4,6)
  CHECK(t.undefined_windows == std::vector<Eigen::Index>{0});
  CHECK(std::isnan(t.nrr(0)));  // nobody to retain in period 0
  CHECK(t.new_revenue(0) == 10);
  // (2,4): cohort {row 0: 10} -> 12: NRR 1.2, GRR 1.
  CHECK_THAT(t.nrr(1), WithinRel(1.2, 1e-15));
  CHECK(t.grr(1) == 1);
  o.first = 1;
  CHECK(kam::revenue_retention(r, o).size() == 2);  // (1,3), (3,5)
}

TEST_CASE("revenue_retention: bad input names the account and the period",
          "[revenue_retention][errors]") {
  auto r = kam_test::book<double>();
  r(3, 2) = -5;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::revenue_retention(r); }) ==
        "kam::revenue_retention: 'revenue', row 3: period 2: revenue -5 is negative");
  CHECK(kam_test::message_of<kam::empty_input>([] {
          (void)kam::revenue_retention(kam::matrix_of<double>(0, 4));
        }) == "kam::revenue_retention: 'revenue': no accounts");
  kam::retention_options o;
  o.step = 4;
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::revenue_retention(kam_test::book<double>(), o);
        }) == "kam::revenue_retention: 'revenue': no complete window: periods 4, first 0, step 4");
  // A step so large that first + step overflows is no complete window either (it used to wrap
  // around to a negative closing period and return a table without windows).
  o.first = 1;
  o.step = std::numeric_limits<Eigen::Index>::max();
  // Appended rather than "literal" + std::to_string(...): GCC 12 at -O3 warns falsely on that form
  // (-Warray-bounds, GCC bug 105329).
  std::string expected =
      "kam::revenue_retention: 'revenue': no complete window: periods 4, first 1, step ";
  expected += std::to_string(std::numeric_limits<Eigen::Index>::max());
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { (void)kam::revenue_retention(kam_test::book<double>(), o); }) == expected);
  o.first = 0;
  o.step = 0;
  CHECK_THROWS_AS(kam::revenue_retention(kam_test::book<double>(), o), kam::invalid_input);
}

TEST_CASE("validate: a negative number of periods does not overflow", "[validate]") {
  // periods - first overflowed for periods near INT64_MIN.
  const auto least = std::numeric_limits<Eigen::Index>::min();
  try {
    kam::validate(kam::retention_options{1, 5}, least);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "periods");
    CHECK(e.reason() == "periods is -9223372036854775808; it must be >= 0");
  }
  CHECK_THROWS_AS(kam::validate(kam::retention_options{std::numeric_limits<Eigen::Index>::max(), 0},
                                std::numeric_limits<Eigen::Index>::max()),
                  kam::invalid_input);
}

TEST_CASE("validate: retention windows for a number of periods, without revenue", "[validate]") {
  // 4 periods, first 0, step 1: windows 0->1, 1->2, 2->3. Step 3 still fits one (0->3); step 4
  // none; first 2 with step 2 none (2->4 is past the last period, 3).
  CHECK_NOTHROW(kam::validate(kam::retention_options{}, 4));
  CHECK_NOTHROW(kam::validate(kam::retention_options{3, 0}, 4));
  try {
    kam::validate(kam::retention_options{2, 2}, 4);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "periods");
    CHECK(e.reason() == "no complete window: periods 4, first 2, step 2");
  }
  try {
    kam::validate(kam::retention_options{0, 0}, 4);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "step");
  }
  try {
    kam::validate(kam::retention_options{1, -1}, 4);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "first");
  }
}

TEST_CASE("revenue_retention: revenue near the limits of double", "[revenue_retention][errors]") {
  // #20: every value finite, sums that are not. Account A grows from 1e308 to 1.5e308, B
  // (0.7e308) churns: opening 1.7e308, expansion 0.5e308, churned 0.7e308, closing 1.5e308 are
  // all finite, but open + expansion is not; by hand GRR = 1.0 / 1.7 and NRR = 1.5 / 1.7.
  Eigen::MatrixXd r(2, 2);
  r << 1e308, 1.5e308,  //
      0.7e308, 0;
  const auto t = kam::revenue_retention(r);
  CHECK_THAT(t.grr(0), WithinRel(1.0 / 1.7, 1e-15));
  CHECK_THAT(t.nrr(0), WithinRel(1.5 / 1.7, 1e-15));
  CHECK(t.undefined_windows.empty());
  // Two accounts of 1e308 each: the opening revenue itself is beyond double; an error naming
  // the window and the sum, never an infinite total or a NaN rate.
  Eigen::MatrixXd big(2, 2);
  big << 1e308, 1e308,  //
      1e308, 1e308;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::revenue_retention(big); }) ==
        "kam::revenue_retention: 'revenue': the opening revenue of the window from period 0 to 1 "
        "sums beyond the largest value of the type; express the revenue in larger units "
        "(thousands, millions)");
  // An opening revenue of the smallest subnormal growing to 1: NRR = 1 / 4.9e-324 is beyond
  // double (found by the property suite, tests/property): an error, not an infinite NRR.
  Eigen::MatrixXd tiny(1, 2);
  tiny << std::numeric_limits<double>::denorm_min(), 1;
  CHECK_THROWS_WITH(kam::revenue_retention(tiny),
                    Catch::Matchers::Contains("NRR of the window from period 0 to 1 is beyond"));
  // float data are summed in double: 2 x 3e38 is finite there but not as a float.
  Eigen::MatrixXf f(2, 2);
  f << 3e38f, 1, 3e38f, 1;
  CHECK_THROWS_AS(kam::revenue_retention(f), kam::invalid_input);
}

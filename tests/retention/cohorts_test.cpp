// Tests of kam/retention/cohorts.hpp: accounts grouped by their first period with revenue.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/cohorts.hpp>
#include <limits>
#include <string>

#include "catch.hpp"
#include "retention/revenue_book.hpp"

using Catch::Matchers::WithinRel;

TEMPLATE_TEST_CASE("cohorts: grouped by first period, hand-computed", "[cohorts]", float, double) {
  const auto c = kam::cohorts(kam_test::book<TestType>());
  // Cohorts: period 0 {A0, A1, A3}, period 1 {A2}, period 3 {A5}; A4 never active.
  REQUIRE(c.period.size() == 3);
  CHECK(c.period(0) == 0);
  CHECK(c.period(1) == 1);
  CHECK(c.period(2) == 3);
  CHECK(c.size(0) == 3);
  CHECK(c.never_active == 1);
  CHECK(c.initial_revenue(0) == 380);
  // Cohort 0 by age: active 3, 3, 2, 2 (A1 returns at age 3, A0 has left); survived 3, 3, 2, 1
  // (A1 lapses at age 2, A0 at age 3); revenue 380, 350, 210, 220.
  const Eigen::Vector4d active(3, 3, 2, 2), survived(3, 3, 2, 1), money(380, 350, 210, 220);
  for (Eigen::Index a = 0; a < 4; ++a) {
    CHECK(c.active(0, a) == static_cast<TestType>(active(a)));
    CHECK(c.survived(0, a) == static_cast<TestType>(survived(a)));
    CHECK(c.revenue(0, a) == static_cast<TestType>(money(a)));
    CHECK_THAT(c.logo_retention(0, a), WithinRel(active(a) / 3, kam_test::tol<TestType>()));
    CHECK_THAT(c.revenue_retention(0, a), WithinRel(money(a) / 380, kam_test::tol<TestType>()));
  }
  // Cohort 1 (A2: 50, 60, 60) is observed for three ages; the fourth is not observed yet.
  CHECK(c.revenue_retention(1, 2) == static_cast<TestType>(1.2));
  CHECK(std::isnan(c.logo_retention(1, 3)));
  CHECK(c.active(2, 0) == 1);
  CHECK(std::isnan(c.survived(2, 1)));
}

TEST_CASE("cohorts: bad input names the account and the period", "[cohorts][errors]") {
  auto r = kam_test::book<double>();
  r(3, 2) = -5;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::cohorts(r); }) ==
        "kam::cohorts: 'revenue', row 3: period 2: revenue -5 is negative");
  r(3, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::cohorts(r); }) ==
        "kam::cohorts: 'revenue', row 3: period 2: value is nan");
}

TEST_CASE("cohorts: revenue near the limits of double", "[cohorts][errors]") {
  // #20: one account of 1e308 is a cohort like any other (retention 1 when it stays); two in
  // the same cohort sum beyond double: an error naming the cohort and the age, never an
  // infinite revenue or a NaN retention.
  Eigen::MatrixXd one(1, 2);
  one << 1e308, 1e308;
  const auto t = kam::cohorts(one);
  CHECK(t.revenue_retention(0, 1) == 1.0);
  Eigen::MatrixXd two(2, 2);
  two << 0, 1e308,  //
      0, 1e308;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::cohorts(two); }) ==
        "kam::cohorts: 'revenue': the revenue of the cohort of period 1 at age 0 sums beyond the "
        "largest value of the type; express the revenue in larger units (thousands, millions)");
}

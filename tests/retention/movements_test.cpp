// Tests of kam/retention/movements.hpp: the movement of every account between two periods.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/describe.hpp>
#include <kam/retention/movements.hpp>
#include <limits>
#include <string>

#include "catch.hpp"
#include "retention/revenue_book.hpp"

TEST_CASE("movements: every kind, reactivation told apart from new", "[movements]") {
  const auto m = kam::movements(kam_test::book<double>());
  REQUIRE(m.codes.rows() == 6);
  REQUIRE(m.codes.cols() == 3);
  using mv = kam::movement;
  CHECK(m.at(0, 1) == mv::expansion);  // 100 -> 120
  CHECK(m.at(0, 2) == mv::flat);       // 120 -> 120
  CHECK(m.at(0, 3) == mv::churned);    // 120 -> 0
  CHECK(m.at(1, 1) == mv::contraction);
  CHECK(m.at(1, 2) == mv::churned);
  CHECK(m.at(1, 3) == mv::reactivated);  // had revenue in period 0
  CHECK(m.at(2, 1) == mv::new_account);  // first revenue ever
  CHECK(m.at(4, 2) == mv::inactive);
  CHECK(m.at(5, 3) == mv::new_account);
  CHECK(kam::enum_name(m.at(1, 3)) == "reactivated");
}

TEST_CASE("movements: bad input names the account and the period", "[movements][errors]") {
  auto r = kam_test::book<double>();
  r(3, 2) = -5;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::movements(r); }) ==
        "kam::movements: 'revenue', row 3: period 2: revenue -5 is negative");
  CHECK(kam_test::message_of<kam::shape_mismatch>([] {
          (void)kam::movements(kam::matrix_of<double>::Ones(3, 1));
        }) == "kam::movements: 'revenue': needs at least 2 periods (columns), got 1");
}

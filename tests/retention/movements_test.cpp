// Tests of kam/retention/movements.hpp: the movement of every account between two periods.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/describe.hpp>
#include <kam/retention/movements.hpp>
#include <limits>
#include <string>

#include "catch.hpp"
#include "index_checks.hpp"
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

TEST_CASE("movement_table::at checks the account and the period in every build type",
          "[movements][errors][index]") {
  const auto m = kam::movements(kam_test::book<double>());
  const Eigen::Index accounts = m.codes.rows();
  const Eigen::Index periods = m.codes.cols() + 1;
  CHECK(m.at(0, 1) == kam::movement::expansion);
  CHECK(m.at(accounts - 1, periods - 1) == kam::movement::new_account);
  const std::string account_range = kam_test::numbered("[0, ", accounts) + ")";
  for (const std::ptrdiff_t i : {std::ptrdiff_t{-1}, std::ptrdiff_t{accounts}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)m.at(i, 1); }, "kam::movement_table::at", "account", i,
                                account_range, true);
  }
  // Periods count from 1 (the movement into period t): 0 is out, and so is `periods`.
  const std::string period_range = kam_test::numbered("[1, ", periods) + ")";
  for (const std::ptrdiff_t t : {std::ptrdiff_t{0}, std::ptrdiff_t{-1}, std::ptrdiff_t{periods},
                                 kam_test::huge_index, kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)m.at(0, t); }, "kam::movement_table::at", "period", t,
                                period_range);
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)m.at(0, 0); }) ==
        "kam::movement_table::at: 'period': period 0 is outside " + period_range);
}

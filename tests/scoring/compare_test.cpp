// Tests of kam/scoring/compare.hpp: which criteria put one account above another.
#include <Eigen/Core>
#include <kam/scoring/compare.hpp>
#include <kam/scoring/normalize.hpp>
#include <limits>

#include "catch.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {
kam::criteria_set reference_set() {
  return {kam::benefit("revenue", 40), kam::benefit("growth", 35), kam::cost("effort", 25)};
}
Eigen::MatrixXd reference_rows() {
  Eigen::MatrixXd x(4, 3);
  x << 100, 0.10, 3, 400, 0.05, 5, 250, 0.20, 2, 50, 0.25, 2;
  return x;
}
}  // namespace

TEST_CASE("compare_accounts: which criteria put C above A", "[compare]") {
  // Issue #2 reference case, contributions by hand: A = (0.057143, 0.0875, 0.166667);
  // C = (.4 * 200/350, .35 * 0.75, .25 * 1) = (0.228571, 0.2625, 0.25). C - A = (0.171429,
  // 0.175, 0.083333): growth first, then revenue, then effort; they add up to 0.741071 - 0.311310.
  const auto x = reference_rows();
  const auto ref = kam::fit_reference(x, reference_set());
  const auto g = kam::compare_accounts(x, reference_set(), ref, 2, 0);
  CHECK(g.first == 2);
  CHECK(g.second == 0);
  CHECK_THAT(g.difference(0), WithinAbs(0.171429, 5e-7));
  CHECK_THAT(g.difference(1), WithinAbs(0.175, 1e-12));
  CHECK_THAT(g.difference(2), WithinAbs(0.083333, 5e-7));
  CHECK(g.order == (kam::index_vector(3) << 1, 0, 2).finished());
  CHECK_THAT(g.first_score - g.second_score, WithinAbs(0.741071 - 0.311310, 1e-6));
  CHECK_THAT(g.difference.sum(), WithinAbs(g.first_score - g.second_score, 1e-15));
  // B vs D: B leads on revenue (.4 vs 0) and trails on growth (0 vs .35) and effort (0 vs .25):
  // order revenue, effort, growth (most in favour of B first, most against last).
  const auto h = kam::compare_accounts(x, reference_set(), ref, 1, 3);
  CHECK(h.order == (kam::index_vector(3) << 0, 2, 1).finished());
  CHECK_THAT(h.difference(1), WithinAbs(-0.35, 1e-12));
}

TEST_CASE("compare_accounts: bad rows name the original row", "[compare]") {
  Eigen::MatrixXd x = reference_rows();
  const auto ref = kam::fit_reference(x, reference_set());
  auto msg = kam_test::message_of<kam::out_of_bounds>(
      [&] { (void)kam::compare_accounts(x, reference_set(), ref, 0, 4); });
  CHECK_THAT(msg, Contains("kam::compare_accounts: 'second'") && Contains("outside [0, 4)"));
  x(3, 1) = std::numeric_limits<double>::quiet_NaN();
  msg = kam_test::message_of<kam::non_finite_value>(
      [&] { (void)kam::compare_accounts(x, reference_set(), ref, 0, 3); });
  CHECK_THAT(msg, Contains("kam::compare_accounts: 'growth', row 3") && Contains("missing"));
  // An error that is about neither row (here a reference fitted for other criteria) names this
  // function too, and keeps its type.
  const kam::criteria_set two{kam::benefit("revenue", 1), kam::benefit("growth", 1)};
  x = reference_rows();
  msg = kam_test::message_of<kam::shape_mismatch>([&] {
    (void)kam::compare_accounts(x, reference_set(), kam::fit_reference(x.leftCols(2), two), 0, 1);
  });
  CHECK(msg ==
        "kam::compare_accounts: 'reference': the reference describes 2 criteria, the set has 3");
}

TEST_CASE("compare_accounts in float agrees with double", "[compare]") {
  const Eigen::MatrixXf xf = reference_rows().cast<float>();
  const auto ref = kam::fit_reference(xf, reference_set());
  const auto g = kam::compare_accounts(xf, reference_set(), ref, 2, 0);
  CHECK_THAT(g.difference(1), WithinAbs(0.175, 1e-6));  // hand value, as in the double case
  CHECK(g.order == (kam::index_vector(3) << 1, 0, 2).finished());
}

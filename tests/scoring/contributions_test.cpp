// Tests of kam/scoring/contributions.hpp: what each criterion adds to each score.
#include <Eigen/Core>
#include <kam/scoring/contributions.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/wsm.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"

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

TEST_CASE("contributions: the issue #2 reference case, account A", "[contributions]") {
  // A: revenue .4 * 50/350 = 0.057143, growth .35 * .25 = 0.0875, effort .25 * 2/3 = 0.166667.
  const auto x = reference_rows();
  const auto ref = kam::fit_reference(x, reference_set());
  const auto c = kam::contributions(x, reference_set(), ref);
  CHECK_THAT(c(0, 0), WithinAbs(0.057143, 5e-7));
  CHECK_THAT(c(0, 1), WithinAbs(0.0875, 1e-12));
  CHECK_THAT(c(0, 2), WithinAbs(0.166667, 5e-7));
  const auto s = kam::score(x, reference_set(), ref).scores;
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(c.row(i).sum(), WithinAbs(s(i), 1e-12));
}

TEST_CASE("contributions: a shortlist only, and renormalised missing values", "[contributions]") {
  Eigen::MatrixXd x = reference_rows();
  x(1, 1) = std::numeric_limits<double>::quiet_NaN();
  kam::score_options o;
  o.missing = kam::missing_policy::renormalize;
  o.scale = kam::score_scale::percent;
  const auto ref = kam::fit_reference(x, reference_set(), o);
  const std::vector<Eigen::Index> rows{1, 2};
  const auto c = kam::contributions(x(rows, Eigen::all), reference_set(), ref, o);
  REQUIRE(c.rows() == 2);
  // B: revenue .4 * 1 / .65 = 61.5385 %, growth missing -> 0, effort 0.
  CHECK_THAT(c(0, 0), WithinAbs(61.5385, 5e-5));
  CHECK(c(0, 1) == 0.0);
  const auto s = kam::score(x, reference_set(), ref, o).scores;
  CHECK_THAT(c.row(0).sum(), WithinAbs(s(1), 1e-10));
  CHECK_THAT(c.row(1).sum(), WithinAbs(s(2), 1e-10));
}

TEST_CASE("contributions: percentile-rank criteria, ties, a cost and imputed missing values",
          "[contributions]") {
  // Percentile rank (kam's definition, transforms.hpp): (below + at_or_below - 1) / (2 (n - 1)),
  // n = 5 finite reference values of `revenue` {10, 20, 20, 40, 50}. Accounts (revenue, effort):
  //   10 -> (0 + 1 - 1) / 8 = 0;  20 -> (1 + 3 - 1) / 8 = 0.375 (a tie);  50 -> (4 + 5 - 1) / 8 =
  //   1; NaN -> the median 20 imputed -> 0.375.
  // `effort` is a percentile-rank cost over {1, 2, 3, 4, 5} (the sixth account's 3 imputed):
  //   1 - (below + at_or_below - 1) / 8; 5 -> 0, 3 -> 1 - 4/8 = 0.5, 1 -> 1.
  // Weights 3:1 -> 0.75 and 0.25.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd x(6, 2);
  x << 10, 5, 20, 3, 20, 1, 40, 4, 50, 2, nan, nan;
  const kam::criteria_set set{
      kam::benefit("revenue", 3).normalized_by(kam::normalization::percentile_rank),
      kam::cost("effort", 1).normalized_by(kam::normalization::percentile_rank)};
  kam::score_options o;
  o.missing = kam::missing_policy::impute;
  o.impute = kam::imputation::median;
  const auto ref = kam::fit_reference(x, set, o);
  const auto c = kam::contributions(x, set, ref, o);
  CHECK(c(0, 0) == 0.0);
  CHECK_THAT(c(1, 0), WithinAbs(0.75 * 0.375, 1e-15));
  CHECK(c(2, 0) == c(1, 0));  // the tie gives the same rank
  CHECK_THAT(c(4, 0), WithinAbs(0.75, 1e-15));
  CHECK_THAT(c(5, 0), WithinAbs(0.75 * 0.375, 1e-15));  // imputed median 20
  CHECK(c(0, 1) == 0.0);                                // effort 5: the worst
  CHECK_THAT(c(1, 1), WithinAbs(0.25 * 0.5, 1e-15));
  CHECK_THAT(c(2, 1), WithinAbs(0.25, 1e-15));
  CHECK_THAT(c(5, 1), WithinAbs(0.25 * 0.5, 1e-15));  // imputed median 3
  // Each row adds up to the score, and each value is the weight times kam::normalize's value
  // (which transforms one value at a time): the same bits.
  const auto s = kam::score(x, set, ref, o).scores;
  const auto v = kam::normalize(x, set, ref, o);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    CHECK_THAT(c.row(i).sum(), WithinAbs(s(i), 1e-15));
    for (Eigen::Index j = 0; j < 2; ++j) CHECK(c(i, j) == set.weights()[j] * v(i, j));
  }
}

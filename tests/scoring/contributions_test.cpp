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

// Tests of kam/scoring/reference_builder.hpp: a reference fed piece by piece, the same bits for
// every cutting, equal to kam::fit_reference on the whole up to rounding.
#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/random.hpp>
#include <kam/scoring/reference_builder.hpp>
#include <kam/scoring/score.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// The reference case of issue #2 (tests/scoring/score_test.cpp): revenue (benefit, 40), growth
// (benefit, 35), effort (cost, 25), min-max; rows A..D.
kam::criteria_set reference_set() {
  return {kam::benefit("revenue", 40), kam::benefit("growth", 35), kam::cost("effort", 25)};
}
Eigen::MatrixXd reference_rows() {
  Eigen::MatrixXd x(4, 3);
  x << 100, 0.10, 3,  // A
      400, 0.05, 5,   // B
      250, 0.20, 2,   // C
      50, 0.25, 2;    // D
  return x;
}

// 10000 accounts, with a percentile-rank criterion so that the sorted samples are kept too.
kam::criteria_set large_set() {
  return {kam::benefit("revenue", 40),
          kam::benefit("growth", 35).normalized_by(kam::normalization::percentile_rank),
          kam::cost("effort", 25)};
}
Eigen::MatrixXd large_rows() {
  auto rng = kam::random_stream(2024, 0);
  Eigen::MatrixXd x(10000, 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    x(i, 0) = std::exp(7 + 2 * kam::standard_normal(rng));  // spans several orders of magnitude
    x(i, 1) = kam::uniform01(rng) - 0.3;
    x(i, 2) = std::floor(1 + 5 * kam::uniform01(rng));
  }
  return x;
}

// Feeds `x` to a builder in pieces of the given sizes, cycling through them.
kam::score_reference<double> built(const Eigen::MatrixXd& x, const kam::criteria_set& set,
                                   const std::vector<Eigen::Index>& sizes) {
  kam::reference_builder<double> b(set);
  Eigen::Index at = 0;
  for (std::size_t k = 0; at < x.rows(); ++k) {
    const Eigen::Index n = std::min(sizes[k % sizes.size()], x.rows() - at);
    b.add(x.middleRows(at, n));
    at += n;
  }
  CHECK(b.rows() == x.rows());
  return b.finish();
}

void check_same_bits(const kam::score_reference<double>& a, const kam::score_reference<double>& b) {
  CHECK(a.stats.count == b.stats.count);
  CHECK(a.stats.non_finite == b.stats.non_finite);
  CHECK(a.stats.min == b.stats.min);
  CHECK(a.stats.max == b.stats.max);
  CHECK(a.stats.mean == b.stats.mean);  // == on Eigen vectors: every coefficient, exactly
  CHECK(a.stats.m2 == b.stats.m2);
  CHECK(a.samples == b.samples);
}

}  // namespace

TEST_CASE("reference_builder: the issue #2 reference, fed one account at a time", "[builder]") {
  // Hand computation: revenue 100, 400, 250, 50: min 50, max 400, mean 200, M2 = 100^2 + 200^2 +
  // 50^2 + 150^2 = 75000; effort 3, 5, 2, 2: mean 3, M2 = 0 + 4 + 1 + 1 = 6. Scored against it,
  // A = .4 * 50/350 + .35 * .25 + .25 * 2/3 = 0.3113095 and C = 0.7410714 (issue #2).
  const Eigen::MatrixXd x = reference_rows();
  kam::reference_builder<double> b(reference_set());
  for (Eigen::Index i = 0; i < 4; ++i) b.add(x.row(i));
  const auto ref = b.finish();
  CHECK(ref.stats.count(0) == 4);
  CHECK(ref.stats.min(0) == 50);
  CHECK(ref.stats.max(0) == 400);
  CHECK_THAT(ref.stats.mean(0), WithinAbs(200, 1e-12));
  CHECK_THAT(ref.stats.m2(0), WithinAbs(75000, 1e-9));
  CHECK_THAT(ref.stats.mean(2), WithinAbs(3, 1e-15));
  CHECK_THAT(ref.stats.m2(2), WithinAbs(6, 1e-14));
  const auto s = kam::score(x, reference_set(), ref).scores;
  CHECK_THAT(s(0), WithinAbs(0.3113095, 5e-8));
  CHECK_THAT(s(2), WithinAbs(0.7410714, 5e-8));
  CHECK(b.rows() == 0);  // finish() starts over
}

TEST_CASE("reference_builder: every cutting of the rows gives the same bits", "[builder]") {
  // 10000 rows are 3 units (4096, 4096, 1808) whatever the pieces.
  const Eigen::MatrixXd x = large_rows();
  const auto set = large_set();
  const auto whole = built(x, set, {x.rows()});
  for (const auto& sizes : std::vector<std::vector<Eigen::Index>>{
           {1}, {7}, {999}, {4096}, {4095}, {5000}, {1, 4096, 333, 2}}) {
    INFO("pieces of " << sizes.front() << "...");
    check_same_bits(built(x, set, sizes), whole);
  }
  // The same rows in a row-major layout, through a Map: the same bits again.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = x;
  kam::reference_builder<double> b(set);
  b.add(Eigen::Map<const decltype(rm)>(rm.data(), rm.rows(), rm.cols()));
  check_same_bits(b.finish(), whole);
}

TEST_CASE("reference_builder: equals fit_reference on the whole up to rounding", "[builder]") {
  // Counts, extremes and sorted samples merge exactly; means and M2 merge by Chan et al.'s
  // update, whose rounding differs from a one-piece pass by a few units in the last place.
  const Eigen::MatrixXd x = large_rows();
  const auto set = large_set();
  const auto ref = built(x, set, {777});
  const auto one = kam::fit_reference(x, set);
  CHECK(ref.stats.count == one.stats.count);
  CHECK(ref.stats.min == one.stats.min);
  CHECK(ref.stats.max == one.stats.max);
  CHECK(ref.samples == one.samples);
  CHECK(ref.samples[1].size() == 10000);
  for (Eigen::Index j = 0; j < 3; ++j) {
    CHECK_THAT(ref.stats.mean(j), WithinRel(one.stats.mean(j), 1e-12));
    CHECK_THAT(ref.stats.m2(j), WithinRel(one.stats.m2(j), 1e-12));
  }
}

TEST_CASE("reference_builder: no rows give the empty reference; float works", "[builder]") {
  kam::reference_builder<double> b(reference_set());
  const auto none = b.finish();
  CHECK(none.cols() == 3);
  CHECK(none.stats.count.sum() == 0);
  // A merge with the empty reference changes nothing.
  auto ref = kam::fit_reference(reference_rows(), reference_set());
  const auto before = ref.stats.mean;
  ref.merge(none);
  CHECK(ref.stats.mean == before);

  kam::reference_builder<float> f(reference_set());
  const Eigen::MatrixXf xf = reference_rows().cast<float>();
  f.add(xf.topRows(3)).add(xf.bottomRows(1));
  const auto rf = f.finish();
  CHECK(rf.stats.count(1) == 4);
  CHECK(rf.stats.max(0) == 400.0f);
}

TEST_CASE("reference_builder: bad rows name the row counted from the first row added",
          "[builder]") {
  const auto set =
      kam::criteria_set{kam::benefit("revenue", 1), kam::cost("effort", 1).on_scale(1, 5)};
  Eigen::MatrixXd good(3, 2);
  good << 10, 1, 20, 2, 30, 3;
  Eigen::MatrixXd bad(2, 2);
  bad << 40, 4, 50, 7;  // 7 is off the effort scale [1, 5]: row 1 of the piece, row 4 of all
  kam::reference_builder<double> b(set);
  b.add(good);
  try {
    b.add(bad);
    FAIL("expected kam::out_of_bounds");
  } catch (const kam::out_of_bounds& e) {
    CHECK(e.function() == "kam::reference_builder::add");
    CHECK(e.field() == "effort");
    CHECK(e.row() == 4);
    CHECK(std::string(e.what()) ==
          "kam::reference_builder::add: 'effort', row 4: value 7 is outside the scale [1, 5]");
  }
  // Nothing of the rejected piece was kept.
  CHECK(b.rows() == 3);
  Eigen::MatrixXd nan(1, 2);
  nan << std::numeric_limits<double>::quiet_NaN(), 2;
  CHECK_THROWS_AS(b.add(nan), kam::non_finite_value);  // missing_policy::reject
  CHECK_THROWS_AS(b.add(Eigen::MatrixXd::Zero(1, 3)), kam::shape_mismatch);
  const auto ref = b.finish();
  CHECK(ref.stats.count(0) == 3);
  CHECK(ref.stats.max(0) == 30);
}

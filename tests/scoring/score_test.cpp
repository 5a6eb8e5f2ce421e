// Tests of kam/scoring/score.hpp: the weighted-sum score, missing values, chunking, bad input.
#include <Eigen/Core>
#include <cmath>
#include <kam/scoring/score.hpp>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

// The reference case of issue #2 (hand-computed there): criteria revenue (benefit, 40), growth
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

}  // namespace

TEST_CASE("score: the issue #2 reference case", "[score]") {
  // A = .4 * 50/350 + .35 * .25 + .25 * (1 - 1/3) = 0.311310; B = .4; C = 0.741071; D = 0.6.
  const auto r = kam::score(reference_rows(), reference_set());
  REQUIRE(r.scores.size() == 4);
  CHECK_THAT(r.scores(0), WithinAbs(0.311310, 5e-7));
  CHECK_THAT(r.scores(1), WithinAbs(0.4, 1e-12));
  CHECK_THAT(r.scores(2), WithinAbs(0.741071, 5e-7));
  CHECK_THAT(r.scores(3), WithinAbs(0.6, 1e-12));
  CHECK(r.coverage.size() == 0);  // reject: every account is complete
  CHECK(r.coverage_of(2) == 1.0);
  CHECK(r.partial == 0);
  CHECK(r.constant_criteria.empty());
}

TEST_CASE("score: percent scale", "[score]") {
  kam::score_options o;
  o.scale = kam::score_scale::percent;
  const auto r = kam::score(reference_rows(), reference_set(), o);
  CHECK_THAT(r.scores(2), WithinAbs(74.1071, 5e-5));
  CHECK_THAT(r.scores(3), WithinAbs(60.0, 1e-10));
}

TEST_CASE("score: row-major Maps, Blocks and float give the same scores", "[score]") {
  const Eigen::MatrixXd x = reference_rows();
  const auto expected = kam::score(x, reference_set()).scores;
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = x;
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
      map(rm.data(), 4, 3);
  CHECK(kam::score(map, reference_set()).scores == expected);
  Eigen::MatrixXd wide(4, 5);
  wide.setZero();
  wide.middleCols(1, 3) = x;
  CHECK(kam::score(wide.middleCols(1, 3), reference_set()).scores == expected);
  const Eigen::MatrixXf xf = x.cast<float>();
  const auto rf = kam::score(xf, reference_set());
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(rf.scores(i), WithinAbs(expected(i), 1e-6));
}

TEST_CASE("score: a constant criterion adds the same 0.5 * weight to everyone", "[score]") {
  Eigen::MatrixXd x = reference_rows();
  x.col(2).setConstant(3.0);  // effort constant: 0.25 * 0.5 = 0.125 for every account
  const auto r = kam::score(x, reference_set());
  CHECK(r.constant_criteria == std::vector<Eigen::Index>{2});
  CHECK_THAT(r.scores(3), WithinAbs(0.35 + 0.125, 1e-12));  // D: revenue 0, growth 1
}

TEST_CASE("score: renormalise over the criteria an account has", "[score]") {
  // B's growth is missing. Growth over A, C, D: min .10, max .25 -> A 0, C 2/3, D 1.
  // A = .4 * 1/7 + .25 * 2/3 = 0.223810; B = (.4 * 1 + .25 * 0) / .65 = 0.615385 (coverage .65);
  // C = .4 * 4/7 + .35 * 2/3 + .25 = 0.711905; D = .35 + .25 = 0.6.
  Eigen::MatrixXd x = reference_rows();
  x(1, 1) = missing;
  kam::score_options o;
  o.missing = kam::missing_policy::renormalize;
  const auto r = kam::score(x, reference_set(), o);
  CHECK_THAT(r.scores(0), WithinAbs(0.223810, 5e-7));
  CHECK_THAT(r.scores(1), WithinAbs(0.615385, 5e-7));
  CHECK_THAT(r.scores(2), WithinAbs(0.711905, 5e-7));
  CHECK_THAT(r.scores(3), WithinAbs(0.6, 1e-12));
  REQUIRE(r.coverage.size() == 4);
  CHECK_THAT(r.coverage(1), WithinAbs(0.65, 1e-15));
  CHECK_THAT(r.coverage(0), WithinAbs(1.0, 1e-15));
  CHECK(r.partial == 1);
}

TEST_CASE("score: impute the mean, the median or the worst value", "[score]") {
  // B's growth is missing; growth of A, C, D = .10, .20, .25 (min .10, range .15).
  Eigen::MatrixXd x = reference_rows();
  x(1, 1) = missing;
  kam::score_options o;
  o.missing = kam::missing_policy::impute;
  o.impute =
      kam::imputation::mean;  // .183333 -> (.183333 - .1) / .15 = .555556 -> .4 + .35 * .555556
  auto r = kam::score(x, reference_set(), o);
  CHECK_THAT(r.scores(1), WithinAbs(0.594444, 5e-7));
  CHECK_THAT(r.coverage(1), WithinAbs(0.65, 1e-15));  // what was observed, not imputed
  CHECK(r.partial == 1);
  o.impute = kam::imputation::median;  // .20 -> 2/3 -> .4 + .35 * 2/3
  r = kam::score(x, reference_set(), o);
  CHECK_THAT(r.scores(1), WithinAbs(0.633333, 5e-7));
  o.impute = kam::imputation::worst;  // .10 -> 0 -> .4
  r = kam::score(x, reference_set(), o);
  CHECK_THAT(r.scores(1), WithinAbs(0.4, 1e-12));
}

TEST_CASE("score: chunks scored with the merged reference equal the whole, bit for bit",
          "[score]") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> revenue(11.0, 1.2);
  std::uniform_real_distribution<double> rating(1.0, 5.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  const Eigen::Index n = 5000;
  Eigen::MatrixXd x(n, 5);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = revenue(rng);
    x(i, 1) = rating(rng);
    x(i, 2) = normal(rng);
    x(i, 3) = revenue(rng);
    x(i, 4) = rating(rng);
  }
  const kam::criteria_set set{
      kam::benefit("revenue", 30).normalized_by(kam::normalization::percentile_rank),
      kam::benefit("rating", 20).on_scale(1, 5),
      kam::benefit("z", 10).normalized_by(kam::normalization::z_score),
      kam::cost("spend", 15).normalized_by(kam::normalization::vector), kam::cost("effort", 25)};
  const Eigen::Index cuts[] = {0, 1234, 1500, 4999, n};
  kam::score_reference<double> merged = kam::fit_reference(x.topRows(0), set);
  for (int c = 0; c + 1 < 5; ++c)
    merged.merge(kam::fit_reference(x.middleRows(cuts[c], cuts[c + 1] - cuts[c]), set));
  const Eigen::VectorXd whole = kam::score(x, set, merged).scores;
  Eigen::VectorXd pieces(n);
  for (int c = 0; c + 1 < 5; ++c) {
    const Eigen::Index len = cuts[c + 1] - cuts[c];
    if (len > 0)
      pieces.segment(cuts[c], len) = kam::score(x.middleRows(cuts[c], len), set, merged).scores;
  }
  CHECK(pieces == whole);  // exact equality: each row is a pure function of its values
  // With min-max, fixed-range and percentile criteria only, the merged reference is exact, so
  // chunked scoring also equals scoring against the reference fitted in one piece.
  const kam::criteria_set exact{set[0], set[1], set[4]};
  Eigen::MatrixXd xe(n, 3);
  xe << x.col(0), x.col(1), x.col(4);
  auto ref = kam::fit_reference(xe.topRows(2000), exact);
  ref.merge(kam::fit_reference(xe.bottomRows(n - 2000), exact));
  CHECK(kam::score(xe, exact, ref).scores == kam::score(xe, exact).scores);
}

TEST_CASE("score: bad input is a clear error naming the criterion and the row", "[score]") {
  const auto set = reference_set();
  Eigen::MatrixXd x = reference_rows();
  x(2, 1) = missing;
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(x, set); }) ==
        "kam::score: 'growth', row 2: value is NaN (missing) and missing_policy is reject");
  // Against a given reference the kernel itself catches it, with the same message.
  const auto ref = kam::fit_reference(reference_rows(), set);
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(x, set, ref); }) ==
        "kam::score: 'growth', row 2: value is NaN (missing) and missing_policy is reject");
  x(2, 1) = std::numeric_limits<double>::infinity();
  kam::score_options o;
  o.missing = kam::missing_policy::renormalize;
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(x, set, ref, o); }) ==
        "kam::score: 'growth', row 2: value is inf; infinity is never a valid criterion value");
  Eigen::MatrixXd empty_row = reference_rows();
  empty_row.row(3).setConstant(missing);
  CHECK(
      kam_test::message_of<kam::invalid_input>([&] { (void)kam::score(empty_row, set, ref, o); }) ==
      "kam::score: row 3: the account has no value for any criterion with a positive weight");
  CHECK(kam_test::message_of<kam::shape_mismatch>(
            [&] { (void)kam::score(Eigen::MatrixXd(reference_rows().leftCols(2)), set); }) ==
        "kam::score: 'columns': the matrix has 2 columns for 3 criteria ('revenue', 'growth', "
        "'effort')");
  CHECK(kam_test::message_of<kam::empty_input>([&] {
          (void)kam::score(Eigen::MatrixXd(0, 3), set);
        }) == "kam::score: 'accounts': no accounts (the matrix has no rows)");
  // A range that overflows double (1e308 - -1e308) is an error naming the criterion, not a
  // score that is not finite for lack of a better explanation.
  Eigen::MatrixXd wide_range = reference_rows();
  wide_range(0, 0) = -1e308;
  wide_range(1, 0) = 1e308;
  CHECK_THAT(
      kam_test::message_of<kam::invalid_input>([&] { (void)kam::score(wide_range, set); }),
      Contains(
          "kam::score: 'revenue': the range of this criterion overflows or underflows double"));
  const kam::criteria_set rated{kam::benefit("rating", 1).on_scale(1, 5)};
  Eigen::MatrixXd ratings(3, 1);
  ratings << 1, 5, 5.5;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::score(ratings, rated); }) ==
        "kam::score: 'rating', row 2: value 5.5 is outside the scale [1, 5]");
  // The reference of one set does not fit another.
  ratings(2, 0) = 4.5;
  CHECK_THROWS_AS(kam::score(ratings, rated, ref), kam::shape_mismatch);
  Eigen::MatrixXd all_missing(2, 1);
  all_missing << missing, missing;
  o.missing = kam::missing_policy::impute;
  CHECK_THROWS_AS(kam::score(all_missing, kam::criteria_set{kam::benefit("x", 1)}, o),
                  kam::empty_input);
}

TEST_CASE("score_into: same scores, and the storage is reused", "[score]") {
  const auto x = reference_rows();
  const auto ref = kam::fit_reference(x, reference_set());
  kam::score_result<double> r;
  kam::score_into(r, x, reference_set(), ref);
  CHECK(r.scores == kam::score(x, reference_set(), ref).scores);
  const double* storage = r.scores.data();
  Eigen::MatrixXd other = x;
  other(0, 0) = 300;  // A's revenue: (300 - 50) / 350 -> .4 * 5/7 + .0875 + .166667 = 0.539881
  kam::score_into(r, other, reference_set(), ref);
  CHECK(r.scores.data() == storage);
  CHECK_THAT(r.scores(0), WithinAbs(0.539881, 5e-7));
  // A previous renormalize run's coverage does not leak into a reject run.
  kam::score_options o;
  o.missing = kam::missing_policy::renormalize;
  kam::score_into(r, x, reference_set(), ref, o);
  CHECK(r.coverage.size() == 4);
  kam::score_into(r, x, reference_set(), ref);
  CHECK(r.coverage.size() == 0);
  CHECK(r.missing == kam::missing_policy::reject);
}

TEST_CASE("score: threads change nothing, not even the error reported", "[score]") {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd x(300'000, 3);
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < 3; ++j) x(i, j) = u(rng);
  kam::score_options one;
  kam::score_options many;
  many.threads = 3;
  const auto set = reference_set();
  CHECK(kam::score(x, set, one).scores == kam::score(x, set, many).scores);
  // Two bad rows in different segments: the first one (in row order) is reported either way.
  x(250'000, 0) = missing;
  x(70'000, 2) = missing;
  const auto expected =
      "kam::score: 'effort', row 70000: value is NaN (missing) and missing_policy is reject";
  const auto ref = kam::fit_reference(x.topRows(60'000), set);
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(x, set, ref, one); }) ==
        expected);
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(x, set, ref, many); }) ==
        expected);
}

// ---------------------------------------------------------------------------------------------
// TOPSIS

namespace {

// pymcdm's README example: 4 alternatives, 3 criteria, weights 0.3/0.5/0.2, the second a cost.
Eigen::MatrixXd pymcdm_rows() {
  Eigen::MatrixXd x(4, 3);
  x << 4, 4, 0.2, 1, 5, 0.5, 3, 2, 0.3, 4, 3, 0.5;
  return x;
}
kam::criteria_set pymcdm_set() {
  return {kam::benefit("c1", 0.3), kam::cost("c2", 0.5), kam::benefit("c3", 0.2)};
}
kam::topsis_options with(kam::topsis_normalization n) {
  kam::topsis_options o;
  o.normalization = n;
  return o;
}

}  // namespace

TEST_CASE("topsis: min-max, pymcdm's README example", "[topsis]") {
  // pymcdm README: closeness 0.469, 0.255, 0.765, 0.747 (issue #3: 0.468888, 0.255397, 0.765025,
  // 0.746591). Hand: ideal = (0.3, 0, 0.2) (best weighted value: max for benefits, min for the
  // cost), anti-ideal = (0, 0.5, 0); for C = (3, 2, 0.3): v = (0.2, 0, 0.2/3), D+ = sqrt(0.1^2 +
  // (0.4/3)^2) = 0.166667.
  const auto r = kam::topsis(pymcdm_rows(), pymcdm_set(), with(kam::topsis_normalization::min_max));
  const double expected[] = {0.468888, 0.255397, 0.765025, 0.746591};
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(r.closeness(i), WithinAbs(expected[i], 5e-7));
  CHECK_THAT(r.ideal(0), WithinAbs(0.3, 1e-15));
  CHECK(r.ideal(1) == 0.0);
  CHECK_THAT(r.ideal(2), WithinAbs(0.2, 1e-15));
  CHECK(r.anti_ideal(0) == 0.0);
  CHECK_THAT(r.anti_ideal(1), WithinAbs(0.5, 1e-15));
  CHECK_THAT(r.distance_to_ideal(2), WithinAbs(1.0 / 6.0, 1e-15));
  CHECK_THAT(r.distance_to_anti_ideal(1), WithinAbs(0.2, 1e-15));  // B: (0, 0.5, 0.2) vs (0, .5, 0)
  CHECK(r.normalization == kam::topsis_normalization::min_max);
  const Eigen::MatrixXf xf = pymcdm_rows().cast<float>();
  const auto rf = kam::topsis(xf, pymcdm_set(), with(kam::topsis_normalization::min_max));
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(rf.closeness(i), WithinAbs(expected[i], 1e-6));
  // The same published values with two threads.
  auto two = with(kam::topsis_normalization::min_max);
  two.threads = 2;
  const auto r2 = kam::topsis(pymcdm_rows(), pymcdm_set(), two);
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(r2.closeness(i), WithinAbs(expected[i], 5e-7));
  CHECK_THAT(r2.distance_to_ideal(2), WithinAbs(1.0 / 6.0, 1e-15));
  const auto rf2 = kam::topsis(xf, pymcdm_set(), two);
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(rf2.closeness(i), WithinAbs(expected[i], 1e-6));
}

TEST_CASE("topsis: vector normalisation, JMcDM's test", "[topsis]") {
  // JMcDM (Julia), test/mcdm/testtopsis.jl: 3 alternatives x 4 benefit criteria, weights 4, 2, 6,
  // 8, vector normalisation -> 0.3876870, 0.6503238, 0.0834767.
  Eigen::MatrixXd x(3, 4);
  x << 9, 7, 6, 7, 8, 7, 9, 6, 7, 8, 6, 6;
  const kam::criteria_set c{kam::benefit("a", 4), kam::benefit("b", 2), kam::benefit("c", 6),
                            kam::benefit("d", 8)};
  const auto r = kam::topsis(x, c);  // vector is the default
  CHECK(r.normalization == kam::topsis_normalization::vector);
  const double expected[] = {0.3876870, 0.6503238, 0.0834767};
  for (Eigen::Index i = 0; i < 3; ++i) CHECK_THAT(r.closeness(i), WithinAbs(expected[i], 5e-8));
  // Ideal of criterion a: 0.2 * 9 / sqrt(81 + 64 + 49) = 0.129232.
  CHECK_THAT(r.ideal(0), WithinAbs(0.2 * 9 / std::sqrt(194.0), 1e-15));
  const Eigen::MatrixXf xf = x.cast<float>();
  const auto rf = kam::topsis(xf, c);
  for (Eigen::Index i = 0; i < 3; ++i) CHECK_THAT(rf.closeness(i), WithinAbs(expected[i], 1e-6));
  // The same published values with two threads.
  kam::topsis_options two;
  two.threads = 2;
  const auto r2 = kam::topsis(x, c, two);
  for (Eigen::Index i = 0; i < 3; ++i) CHECK_THAT(r2.closeness(i), WithinAbs(expected[i], 5e-8));
  CHECK_THAT(r2.ideal(0), WithinAbs(0.2 * 9 / std::sqrt(194.0), 1e-15));
  const auto rf2 = kam::topsis(xf, c, two);
  for (Eigen::Index i = 0; i < 3; ++i) CHECK_THAT(rf2.closeness(i), WithinAbs(expected[i], 1e-6));
}

TEST_CASE("topsis: vector normalisation with a cost criterion (Hwang & Yoon)", "[topsis]") {
  // pymcdm's data under Hwang & Yoon's vector normalisation, ideal = min for the cost: numpy
  // (benchmarks/peers/reference_values.py) 0.498352, 0.234412, 0.767232, 0.754055; ideal
  // (0.185164, 0.136083, 0.125988): 0.3 * 4 / sqrt(42) = 0.185164, 0.5 * 2 / sqrt(54) = 0.136083.
  const auto r = kam::topsis(pymcdm_rows(), pymcdm_set());
  const double expected[] = {0.498352, 0.234412, 0.767232, 0.754055};
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(r.closeness(i), WithinAbs(expected[i], 5e-7));
  CHECK_THAT(r.ideal(0), WithinAbs(1.2 / std::sqrt(42.0), 1e-15));
  CHECK_THAT(r.ideal(1), WithinAbs(1.0 / std::sqrt(54.0), 1e-15));
  CHECK_THAT(r.anti_ideal(1), WithinAbs(2.5 / std::sqrt(54.0), 1e-15));
  kam::topsis_options two;
  two.threads = 2;
  const auto r2 = kam::topsis(pymcdm_rows(), pymcdm_set(), two);
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(r2.closeness(i), WithinAbs(expected[i], 5e-7));
}

TEST_CASE("topsis: none uses the values as given; constant criteria", "[topsis]") {
  // `none` on min-max-normalised values (cost column inverted, every criterion a benefit) is
  // min-max TOPSIS: the same closeness as pymcdm's example.
  Eigen::MatrixXd v = pymcdm_rows();
  for (Eigen::Index j = 0; j < 3; ++j) {
    const double lo = v.col(j).minCoeff();
    const double hi = v.col(j).maxCoeff();
    v.col(j) = (v.col(j).array() - lo) / (hi - lo);
  }
  v.col(1) = (1.0 - v.col(1).array()).matrix();
  const kam::criteria_set benefits{kam::benefit("c1", 0.3), kam::benefit("c2", 0.5),
                                   kam::benefit("c3", 0.2)};
  const auto r = kam::topsis(v, benefits, with(kam::topsis_normalization::none));
  CHECK_THAT(r.closeness(2), WithinAbs(0.765025, 5e-7));
  // A constant criterion adds nothing to either distance: same closeness as without it.
  Eigen::MatrixXd x(4, 4);
  x << pymcdm_rows(), Eigen::Vector4d::Constant(7.0);
  const auto with_const = kam::topsis(x, pymcdm_set().with(kam::benefit("flat", 0.0)),
                                      with(kam::topsis_normalization::min_max));
  CHECK(with_const.constant_criteria == std::vector<Eigen::Index>{3});
  CHECK_THAT(with_const.closeness(0), WithinAbs(0.468888, 5e-7));
  // Every criterion constant: every account is both ideal and anti-ideal -> 0.5 (the rule).
  const Eigen::MatrixXd flat = Eigen::MatrixXd::Constant(3, 3, 2.0);
  const auto f = kam::topsis(flat, pymcdm_set());
  CHECK(f.closeness(1) == 0.5);
  CHECK(f.constant_criteria.size() == 3);
}

TEST_CASE("topsis: chunks against merged statistics give the same bits", "[topsis]") {
  const Eigen::MatrixXd x = pymcdm_rows();
  auto stats = kam::column_stats<double>::of(x.topRows(2));
  stats.merge(kam::column_stats<double>::of(x.bottomRows(2)));
  for (auto n : {kam::topsis_normalization::min_max, kam::topsis_normalization::vector}) {
    const auto whole = kam::topsis(x, pymcdm_set(), stats, with(n));
    const auto top = kam::topsis(x.topRows(2), pymcdm_set(), stats, with(n));
    const auto bottom = kam::topsis(x.bottomRows(2), pymcdm_set(), stats, with(n));
    CHECK(top.closeness(1) == whole.closeness(1));
    CHECK(bottom.closeness(0) == whole.closeness(2));
    CHECK(top.ideal == whole.ideal);
  }
  // Row-major Maps are read without a copy and give the same answer.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = x;
  CHECK(kam::topsis(rm, pymcdm_set()).closeness == kam::topsis(x, pymcdm_set()).closeness);
}

TEST_CASE("topsis: bad input names the criterion and the row", "[topsis]") {
  Eigen::MatrixXd x = pymcdm_rows();
  x(2, 1) = missing;
  auto msg =
      kam_test::message_of<kam::non_finite_value>([&] { (void)kam::topsis(x, pymcdm_set()); });
  CHECK_THAT(msg, Contains("kam::topsis: 'c2', row 2") && Contains("NaN and infinity"));
  x = pymcdm_rows();
  x(3, 0) = -1;
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::topsis(x, pymcdm_set()); });
  CHECK_THAT(msg, Contains("kam::topsis: 'c1', row 3") && Contains("negative"));
  CHECK_NOTHROW(kam::topsis(x, pymcdm_set(), with(kam::topsis_normalization::min_max)));
  // Against a reference that does not cover the value.
  const auto stats = kam::column_stats<double>::of(pymcdm_rows());
  x = pymcdm_rows();
  x(1, 2) = 0.9;
  msg =
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::topsis(x, pymcdm_set(), stats); });
  CHECK_THAT(msg, Contains("kam::topsis: 'c3', row 1") && Contains("outside the reference"));
  x(1, 2) = missing;
  msg = kam_test::message_of<kam::non_finite_value>(
      [&] { (void)kam::topsis(x, pymcdm_set(), stats); });
  CHECK_THAT(msg, Contains("'c3', row 1"));
  msg = kam_test::message_of<kam::shape_mismatch>([&] {
    (void)kam::topsis(pymcdm_rows().leftCols(2),
                      kam::criteria_set{kam::benefit("a", 1), kam::benefit("b", 1)}, stats);
  });
  CHECK_THAT(msg, Contains("'reference'"));
  CHECK_THROWS_AS(kam::topsis(Eigen::MatrixXd(0, 3), pymcdm_set()), kam::empty_input);
  // A norm that overflows float (squares of 1e20..3e20 sum to 1.4e41 > 3.4e38) made the
  // criterion's scale 0: it silently dropped out of both distances.
  Eigen::MatrixXf big(3, 2);
  big << 1e20f, 1, 2e20f, 2, 3e20f, 3;
  const kam::criteria_set two{kam::benefit("a", 1), kam::benefit("b", 1)};
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::topsis(big, two); });
  CHECK_THAT(msg, Contains("kam::topsis: 'a': the norm") && Contains("float"));
}

// ---------------------------------------------------------------------------------------------
// Weighted product

namespace {

// JMcDM's documented WPM example (src/wpm.jl; from Zavadskas et al. 2012, "Optimization of
// weighted aggregated sum product assessment", Elektronika ir Elektrotechnika 122(6)): benefit
// x / max, cost min / x, then prod n^w -> 0.7975224, 0.7532541, 0.7647464, 0.7873957, 0.7674279.
Eigen::MatrixXd zavadskas_rows() {
  Eigen::MatrixXd x(5, 6);
  x << 3, 12.5, 2, 120, 14, 3, 5, 15, 3, 110, 38, 4, 3, 13, 2, 120, 19, 3, 4, 14, 2, 100, 31, 4, 3,
      15, 1.5, 125, 40, 4;
  return x;
}
kam::criteria_set zavadskas_set() {
  return {kam::benefit("c1", 0.221), kam::cost("c2", 0.159), kam::cost("c3", 0.175),
          kam::benefit("c4", 0.127), kam::cost("c5", 0.117), kam::benefit("c6", 0.201)};
}

}  // namespace

TEST_CASE("weighted_product: JMcDM's documented example", "[wpm]") {
  const double expected[] = {0.7975224331331, 0.7532541470585, 0.7647463553356, 0.7873956894791,
                             0.7674278741782};
  const auto r = kam::weighted_product(zavadskas_rows(), zavadskas_set());
  CHECK(r.normalization == kam::product_normalization::max);
  for (Eigen::Index i = 0; i < 5; ++i) CHECK_THAT(r.scores(i), WithinAbs(expected[i], 1e-12));
  CHECK(r.zero_scores == 0);
  const Eigen::MatrixXf xf = zavadskas_rows().cast<float>();
  const auto rf = kam::weighted_product(xf, zavadskas_set());
  for (Eigen::Index i = 0; i < 5; ++i) CHECK_THAT(rf.scores(i), WithinAbs(expected[i], 2e-6));
  // The same published values with two threads.
  kam::weighted_product_options two;
  two.threads = 2;
  const auto r2 = kam::weighted_product(zavadskas_rows(), zavadskas_set(), two);
  for (Eigen::Index i = 0; i < 5; ++i) CHECK_THAT(r2.scores(i), WithinAbs(expected[i], 1e-12));
  const auto rf2 = kam::weighted_product(xf, zavadskas_set(), two);
  for (Eigen::Index i = 0; i < 5; ++i) CHECK_THAT(rf2.scores(i), WithinAbs(expected[i], 2e-6));
}

TEST_CASE("weighted_product: raw values, Triantaphyllou's ratios", "[wpm]") {
  // The WPM example of Triantaphyllou (2000), as in Wikipedia's "Weighted product model": weights
  // 0.20, 0.15, 0.40, 0.25; P(A1/A2) = 1.007, P(A1/A3) = 1.067, P(A2/A3) = 1.059.
  Eigen::MatrixXd x(3, 4);
  x << 25, 20, 15, 30, 10, 30, 20, 30, 30, 10, 30, 10;
  const kam::criteria_set c{kam::benefit("a", 0.20), kam::benefit("b", 0.15),
                            kam::benefit("c", 0.40), kam::benefit("d", 0.25)};
  kam::weighted_product_options o;
  o.normalization = kam::product_normalization::none;
  const auto raw = kam::weighted_product(x, c, o);
  CHECK_THAT(raw.scores(0) / raw.scores(1), WithinAbs(1.007, 5e-4));
  o.threads = 2;
  const auto raw2 = kam::weighted_product(x, c, o);
  CHECK_THAT(raw2.scores(0) / raw2.scores(2), WithinAbs(1.067, 5e-4));
  CHECK_THAT(raw.scores(0) / raw.scores(2), WithinAbs(1.067, 5e-4));
  CHECK_THAT(raw.scores(1) / raw.scores(2), WithinAbs(1.059, 5e-4));
  // Scaling columns changes no ratio: the max-normalised scores have the same ratios.
  const auto scaled = kam::weighted_product(x, c);
  CHECK_THAT(scaled.scores(0) / scaled.scores(1), WithinAbs(raw.scores(0) / raw.scores(1), 1e-14));
  CHECK(scaled.scores.maxCoeff() <= 1.0);
}

TEST_CASE("weighted_product: zeros and negatives", "[wpm]") {
  Eigen::MatrixXd x = zavadskas_rows();
  x(3, 3) = 0;  // a 0 on a benefit criterion vetoes the account
  const auto r = kam::weighted_product(x, zavadskas_set());
  CHECK(r.scores(3) == 0.0);
  CHECK(r.zero_scores == 1);
  CHECK(r.scores(0) > 0.0);
  x = zavadskas_rows();
  x(2, 4) = 0;  // a 0 on a cost criterion cannot be divided by
  auto msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::weighted_product(x, zavadskas_set()); });
  CHECK_THAT(msg, Contains("kam::weighted_product: 'c5', row 2") && Contains("cost"));
  kam::weighted_product_options raw;
  raw.normalization = kam::product_normalization::none;
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::weighted_product(x, zavadskas_set(), raw); });
  CHECK_THAT(msg, Contains("'c5', row 2"));
  x = zavadskas_rows();
  x(4, 0) = -3;
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::weighted_product(x, zavadskas_set(), raw); });
  CHECK_THAT(msg, Contains("'c1', row 4") && Contains("negative"));
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::weighted_product(x, zavadskas_set()); });
  CHECK_THAT(msg, Contains("'c1', row 4") && Contains("negative"));
  x = zavadskas_rows();
  x(1, 5) = std::numeric_limits<double>::infinity();
  msg = kam_test::message_of<kam::non_finite_value>(
      [&] { (void)kam::weighted_product(x, zavadskas_set(), raw); });
  CHECK_THAT(msg, Contains("'c6', row 1"));
  x = zavadskas_rows();
  x.col(3).setZero();
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::weighted_product(x, zavadskas_set()); });
  CHECK_THAT(msg, Contains("'c4'") && Contains("every reference value is 0"));
}

TEST_CASE("weighted_product: weight-0 criteria are checked too; overflow is an error", "[wpm]") {
  // A weight-0 criterion is left out of the product, but its values are validated like the
  // others under every normalisation and against a reference (they were read only under `max`
  // without a reference, so a NaN or a negative value passed silently).
  Eigen::MatrixXd x = zavadskas_rows();
  x(2, 5) = missing;
  const auto set = zavadskas_set().reweighted("c6", 0);
  kam::weighted_product_options raw;
  raw.normalization = kam::product_normalization::none;
  auto msg = kam_test::message_of<kam::non_finite_value>(
      [&] { (void)kam::weighted_product(x, set, raw); });
  CHECK_THAT(msg, Contains("kam::weighted_product: 'c6', row 2"));
  const auto stats = kam::column_stats<double>::of(zavadskas_rows());
  msg = kam_test::message_of<kam::non_finite_value>(
      [&] { (void)kam::weighted_product(x, set, stats); });
  CHECK_THAT(msg, Contains("kam::weighted_product: 'c6', row 2"));
  x(2, 5) = -1;
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::weighted_product(x, set, raw); });
  CHECK_THAT(msg, Contains("'c6', row 2") && Contains("negative"));
  // Without the bad value the weight-0 criterion changes nothing: the scores equal those of the
  // set without it.
  const Eigen::MatrixXd five = zavadskas_rows().leftCols(5);
  CHECK(kam::weighted_product(zavadskas_rows(), set, raw).scores ==
        kam::weighted_product(five, zavadskas_set().without("c6"), raw).scores);
  // Raw values whose product exceeds float: 1 / 1e-40 = 1e40 > 3.4e38 on a cost criterion of
  // weight 1. It was returned as infinity (or, in a vectorised block, as a clamped finite value).
  Eigen::MatrixXf tiny(2, 1);
  tiny << 1e-40f, 1.0f;
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::weighted_product(tiny, kam::criteria_set{kam::cost("c", 1)}, raw); });
  CHECK_THAT(msg, Contains("kam::weighted_product: row 0: the product overflows float"));
}

TEST_CASE("weighted_product: chunks against merged statistics give the same bits", "[wpm]") {
  const Eigen::MatrixXd x = zavadskas_rows();
  auto stats = kam::column_stats<double>::of(x.topRows(3));
  stats.merge(kam::column_stats<double>::of(x.bottomRows(2)));
  const auto whole = kam::weighted_product(x, zavadskas_set(), stats);
  const auto part = kam::weighted_product(x.bottomRows(2), zavadskas_set(), stats);
  CHECK(part.scores(1) == whole.scores(4));
  CHECK(whole.scores == kam::weighted_product(x, zavadskas_set()).scores);
  Eigen::MatrixXd y = x.bottomRows(2);
  y(0, 1) = 11;  // below the reference's min 12.5 of the cost criterion c2
  const auto msg = kam_test::message_of<kam::out_of_bounds>(
      [&] { (void)kam::weighted_product(y, zavadskas_set(), stats); });
  CHECK_THAT(msg, Contains("'c2', row 0") && Contains("outside the reference"));
}

TEST_CASE("topsis_into and weighted_product_into reuse the result's storage", "[topsis][wpm]") {
  kam::topsis_result<double> t;
  kam::topsis_into(t, pymcdm_rows(), pymcdm_set(), with(kam::topsis_normalization::min_max));
  const double* before = t.closeness.data();
  kam::topsis_into(t, pymcdm_rows(), pymcdm_set(), with(kam::topsis_normalization::min_max));
  CHECK(t.closeness.data() == before);
  CHECK_THAT(t.closeness(3), WithinAbs(0.746591, 5e-7));  // pymcdm's README
  kam::weighted_product_result<double> w;
  const auto stats = kam::column_stats<double>::of(zavadskas_rows());
  kam::weighted_product_into(w, zavadskas_rows(), zavadskas_set(), stats);
  const double* scores = w.scores.data();
  kam::weighted_product_into(w, zavadskas_rows(), zavadskas_set(), stats);
  CHECK(w.scores.data() == scores);
  CHECK_THAT(w.scores(0), WithinAbs(0.7975224331331, 1e-12));  // JMcDM's documented example
}

// ---------------------------------------------------------------------------------------------
// Threads in TOPSIS and the weighted product

namespace {

// Eight criteria, three of them costs, weights as the default catalogue's (25 .. 5).
kam::criteria_set eight_criteria() {
  return {kam::benefit("a", 25), kam::benefit("b", 20), kam::cost("c", 15),   kam::benefit("d", 10),
          kam::cost("e", 10),    kam::benefit("f", 10), kam::benefit("g", 5), kam::cost("h", 5)};
}

// Three full segments of kam::detail::segment_rows (65536) accounts and a partial fourth one,
// whose length is not a multiple of any block size; values on [0.5, 10), seeded.
template <typename Scalar>
kam::matrix_of<Scalar> segmented_accounts() {
  const Eigen::Index rows = 3 * kam::detail::segment_rows + 1234;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.5, 10.0);
  kam::matrix_of<Scalar> x(rows, 8);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < 8; ++j) x(i, j) = static_cast<Scalar>(u(rng));
  return x;
}

template <typename Scalar>
using row_major_of = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

kam::topsis_options topsis_with(kam::topsis_normalization n, unsigned threads) {
  kam::topsis_options o;
  o.normalization = n;
  o.threads = threads;
  return o;
}

template <typename Scalar>
void check_same_bits(const kam::topsis_result<Scalar>& a, const kam::topsis_result<Scalar>& b) {
  CHECK(a.closeness == b.closeness);
  CHECK(a.distance_to_ideal == b.distance_to_ideal);
  CHECK(a.distance_to_anti_ideal == b.distance_to_anti_ideal);
  CHECK(a.ideal == b.ideal);
  CHECK(a.anti_ideal == b.anti_ideal);
  CHECK(a.constant_criteria == b.constant_criteria);
}

}  // namespace

TEMPLATE_TEST_CASE("topsis: threads and layouts change no bit", "[topsis][threads]", float,
                   double) {
  // Reference: one thread on the column-major matrix. Every other thread count (2 and 3 threads
  // share the four segments differently) and the row-major copy must give exactly its bits,
  // fitted on the data (statistics merged per segment) and against a reference.
  const auto x = segmented_accounts<TestType>();
  REQUIRE(x.rows() > 3 * kam::detail::segment_rows);
  const row_major_of<TestType> rm = x;
  const auto set = eight_criteria();
  const auto stats = kam::column_stats<TestType>::of(x);
  for (auto n : {kam::topsis_normalization::vector, kam::topsis_normalization::min_max}) {
    const auto one = kam::topsis(x, set, topsis_with(n, 1));
    const auto one_ref = kam::topsis(x, set, stats, topsis_with(n, 1));
    // The closeness is a closeness: on [0, 1], not all equal (the data are not degenerate).
    CHECK(one.closeness.minCoeff() >= TestType(0));
    CHECK(one.closeness.maxCoeff() <= TestType(1));
    CHECK(one.closeness.minCoeff() < one.closeness.maxCoeff());
    for (unsigned threads : {0U, 2U, 3U}) {
      check_same_bits(one, kam::topsis(x, set, topsis_with(n, threads)));
      check_same_bits(one_ref, kam::topsis(x, set, stats, topsis_with(n, threads)));
    }
    for (unsigned threads : {1U, 2U, 3U}) {
      check_same_bits(one, kam::topsis(rm, set, topsis_with(n, threads)));
      check_same_bits(one_ref, kam::topsis(rm, set, stats, topsis_with(n, threads)));
    }
  }
  // Packed rows of eight criteria are read in place; other row-major shapes (seven of eight
  // columns: rows with a stride) are copied block by block. Both give the column-major bits.
  const auto seven = set.without("h");
  const auto one = kam::topsis(x.leftCols(7), seven);
  for (unsigned threads : {1U, 3U}) {
    check_same_bits(one, kam::topsis(rm.leftCols(7), seven,
                                     topsis_with(kam::topsis_normalization::vector, threads)));
  }
}

TEMPLATE_TEST_CASE("weighted_product: threads and layouts change no bit", "[wpm][threads]", float,
                   double) {
  // Reference: one thread on the column-major matrix; row-major input and every thread count
  // give its bits (row-major columns used to go through Eigen's scalar log, off by an ulp in a
  // fifth of the accounts). A 0 on a benefit criterion in three accounts of three different
  // segments vetoes exactly those three (zero_scores = 3 whatever the thread count).
  auto x = segmented_accounts<TestType>();
  for (const Eigen::Index i : {Eigen::Index{5}, Eigen::Index{70'000}, Eigen::Index{190'000}})
    x(i, 0) = 0;
  const row_major_of<TestType> rm = x;
  const auto set = eight_criteria();
  const auto stats = kam::column_stats<TestType>::of(x);
  for (auto n : {kam::product_normalization::max, kam::product_normalization::none}) {
    kam::weighted_product_options o;
    o.normalization = n;
    const auto one = kam::weighted_product(x, set, o);
    const auto one_ref = kam::weighted_product(x, set, stats, o);
    CHECK(kam::weighted_product(rm, set, o).scores == one.scores);
    CHECK(kam::weighted_product(rm, set, stats, o).scores == one_ref.scores);
    CHECK(one.zero_scores == 3);
    CHECK(one.scores(70'000) == TestType(0));
    CHECK(one.scores(70'001) > TestType(0));
    for (unsigned threads : {0U, 2U, 3U}) {
      o.threads = threads;
      const auto many = kam::weighted_product(x, set, o);
      CHECK(many.scores == one.scores);
      CHECK(many.zero_scores == 3);
      CHECK(kam::weighted_product(x, set, stats, o).scores == one_ref.scores);
      CHECK(kam::weighted_product(rm, set, o).scores == one.scores);
    }
  }
}

TEST_CASE("topsis and weighted_product: threads report the same error", "[topsis][wpm][threads]") {
  // Two bad accounts in different segments, scored against a reference: the first one in row
  // order is reported whatever the thread count (the exception of the lowest segment wins).
  auto x = segmented_accounts<double>();
  const auto set = eight_criteria();
  const auto stats = kam::column_stats<double>::of(x);
  x(190'000, 1) = 20;  // above the reference's max (< 10): out of bounds, later row
  x(70'000, 3) = missing;
  const row_major_of<double> rm = x;
  for (unsigned threads : {1U, 2U, 3U}) {
    auto msg = kam_test::message_of<kam::non_finite_value>([&] {
      (void)kam::topsis(x, set, stats, topsis_with(kam::topsis_normalization::vector, threads));
    });
    CHECK_THAT(msg, Contains("kam::topsis: 'd', row 70000: value is nan"));
    msg = kam_test::message_of<kam::non_finite_value>([&] {
      (void)kam::topsis(rm, set, stats, topsis_with(kam::topsis_normalization::vector, threads));
    });
    CHECK_THAT(msg, Contains("kam::topsis: 'd', row 70000: value is nan"));
    kam::weighted_product_options o;
    o.threads = threads;
    msg = kam_test::message_of<kam::non_finite_value>(
        [&] { (void)kam::weighted_product(x, set, stats, o); });
    CHECK_THAT(msg, Contains("kam::weighted_product: 'd', row 70000: value is nan"));
  }
  x(70'000, 3) = 5;
  const row_major_of<double> rm_in_range_but_one = x;
  for (unsigned threads : {1U, 3U}) {
    auto msg = kam_test::message_of<kam::out_of_bounds>([&] {
      (void)kam::topsis(x, set, stats, topsis_with(kam::topsis_normalization::vector, threads));
    });
    CHECK_THAT(msg, Contains("kam::topsis: 'b', row 190000") && Contains("outside the reference"));
    msg = kam_test::message_of<kam::out_of_bounds>([&] {
      (void)kam::topsis(rm_in_range_but_one, set, stats,
                        topsis_with(kam::topsis_normalization::vector, threads));
    });
    CHECK_THAT(msg, Contains("kam::topsis: 'b', row 190000") && Contains("outside the reference"));
  }
  // Below the reference's min (>= 0.5) in the first account of a block of 512 (3 x 512 = 1536).
  x(1536, 0) = 0.25;
  const row_major_of<double> rm_below = x;
  const auto expected = "kam::topsis: 'a', row 1536: value 0.25 is outside the reference's";
  CHECK_THAT(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::topsis(x, set, stats); }),
             Contains(expected));
  CHECK_THAT(
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::topsis(rm_below, set, stats); }),
      Contains(expected));
}

TEMPLATE_TEST_CASE("score: packed row-major rows give the column-major bits", "[score][threads]",
                   float, double) {
  // Eight criteria in packed rows are read in place when every transform is linear (min-max,
  // vector, fixed range, constant) under reject; anything else is copied block by block. Both
  // must give the bits of the column-major matrix, on any thread count and either scale.
  auto x = segmented_accounts<TestType>();
  x.col(5).setConstant(TestType(3));  // constant: 0.5 for every account
  const auto fixed = [](std::string name, kam::direction d) {
    kam::criterion c = kam::benefit(std::move(name), 10);
    c.direction = d;
    c.normalization = kam::normalization::fixed_range;
    c.low = 0;
    c.high = 10;
    return c;
  };
  auto vec = [](kam::criterion c) {
    c.normalization = kam::normalization::vector;
    return c;
  };
  const kam::criteria_set linear{kam::benefit("a", 25),
                                 kam::cost("b", 20),
                                 vec(kam::benefit("c", 15)),
                                 fixed("d", kam::direction::benefit),
                                 fixed("e", kam::direction::cost),
                                 kam::benefit("f", 10),
                                 vec(kam::cost("g", 5)),
                                 kam::benefit("h", 5)};
  const row_major_of<TestType> rm = x;
  const auto ref = kam::fit_reference(x, linear);
  kam::score_options o;
  const auto one = kam::score(x, linear, ref, o);
  CHECK(one.constant_criteria == std::vector<Eigen::Index>{5});
  CHECK(one.scores.minCoeff() >= TestType(0));
  CHECK(one.scores.maxCoeff() <= TestType(1));
  for (unsigned threads : {1U, 3U}) {
    o.threads = threads;
    o.scale = kam::score_scale::unit;
    CHECK(kam::score(rm, linear, ref, o).scores == one.scores);
    CHECK(kam::score(rm, linear, o).scores == kam::score(x, linear, o).scores);
    o.scale = kam::score_scale::percent;
    CHECK(kam::score(rm, linear, ref, o).scores == kam::score(x, linear, ref, o).scores);
  }
  // A z-score criterion is not linear: the copied blocks, the same bits.
  kam::criterion z = kam::benefit("h", 5);
  z.normalization = kam::normalization::z_score;
  std::vector<kam::criterion> items = linear.items();
  items.back() = z;
  const kam::criteria_set with_z(std::move(items));
  CHECK(kam::score(rm, with_z).scores == kam::score(x, with_z).scores);
  // The same error, naming the same account, from packed rows.
  x(70'000, 6) = std::numeric_limits<TestType>::quiet_NaN();
  const row_major_of<TestType> bad = x;
  const auto expected =
      "kam::score: 'g', row 70000: value is NaN (missing) and missing_policy is reject";
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(x, linear, ref); }) ==
        expected);
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(bad, linear, ref); }) ==
        expected);
}

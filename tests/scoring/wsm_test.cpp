// Tests of kam/scoring/wsm.hpp: the weighted-sum score, missing values, chunking, bad input,
// threads and layouts.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/parallel.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/wsm.hpp>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"
#include "scoring/method_test_data.hpp"

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

TEST_CASE("score: percentile ranks, ranked a segment at a time, are the transform's values",
          "[score]") {
  // The kernel ranks the accounts of each segment (65,536 rows) together, sorted by value, walking
  // the sorted reference once; kam::normalize applies the transform value by value (two binary
  // searches each). With one criterion of weight 1 on the unit scale the score is that value
  // itself, so the two must agree bit for bit: 140,000 accounts (two full segments and a partial
  // one) of revenue in steps of 10 (many ties, -0 among the zeros), for a benefit and a cost
  // criterion, under reject and (every 97th value missing) impute, against a reference of all of
  // them, of the first 50 (most accounts beyond its ends) and, for 7 accounts, of all 140,000 (long
  // strides through the reference).
  std::mt19937_64 rng(11);
  std::lognormal_distribution<double> revenue(8.0, 1.5);
  const Eigen::Index n = 140'000;
  Eigen::MatrixXd full(n, 1), gaps(n, 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    full(i, 0) = i % 1000 == 3 ? -0.0 : 10.0 * std::floor(revenue(rng) / 10.0);
    gaps(i, 0) = i % 97 == 5 ? missing : full(i, 0);
  }
  for (const auto dir : {kam::direction::benefit, kam::direction::cost}) {
    kam::criterion c =
        kam::benefit("revenue", 1).normalized_by(kam::normalization::percentile_rank);
    c.direction = dir;
    const kam::criteria_set set{c};
    for (const auto policy : {kam::missing_policy::reject, kam::missing_policy::impute}) {
      kam::score_options o;
      o.missing = policy;
      const Eigen::MatrixXd& x = policy == kam::missing_policy::reject ? full : gaps;
      for (const Eigen::Index fitted : {n, Eigen::Index{50}}) {
        const auto ref = kam::fit_reference(x.topRows(fitted), set, o);
        const Eigen::VectorXd scores = kam::score(x, set, ref, o).scores;
        const Eigen::VectorXd values = kam::normalize(x, set, ref, o).col(0);
        REQUIRE(scores.size() == n);
        for (Eigen::Index i = 0; i < n; ++i) REQUIRE(scores(i) == values(i));
      }
      const auto ref = kam::fit_reference(x, set, o);
      const auto few = x.middleRows(70'000, 7);
      CHECK(kam::score(few, set, ref, o).scores == kam::normalize(few, set, ref, o).col(0));
    }
  }
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

TEST_CASE("score_into: against the portfolio itself, the storage reused", "[score]") {
  // The self-reference overload scores as kam::score(x, criteria, options) does: the issue #2
  // reference case, A = 0.311310 and C = 0.741071 by hand.
  const auto x = reference_rows();
  kam::score_result<double> r;
  kam::score_into(r, x, reference_set());
  CHECK(r.scores == kam::score(x, reference_set()).scores);
  CHECK_THAT(r.scores(0), WithinAbs(0.311310, 5e-7));
  CHECK_THAT(r.scores(2), WithinAbs(0.741071, 5e-7));
  const double* storage = r.scores.data();
  kam::score_options o;
  o.scale = kam::score_scale::percent;
  kam::score_into(r, x, reference_set(), o);
  CHECK(r.scores.data() == storage);
  CHECK_THAT(r.scores(2), WithinAbs(74.1071, 5e-5));
  // Errors name kam::score_into, the criterion and the row.
  Eigen::MatrixXd bad = x;
  bad(2, 1) = missing;
  CHECK(kam_test::message_of<kam::non_finite_value>(
            [&] { kam::score_into(r, bad, reference_set()); }) ==
        "kam::score_into: 'growth', row 2: value is NaN (missing) and missing_policy is reject");
  CHECK_THROWS_AS(kam::score_into(r, x.leftCols(2), reference_set()), kam::shape_mismatch);
}

TEST_CASE("score_into: spans the caller owns, the values of kam::score", "[score]") {
  // The issue #2 reference case by hand (A = 0.311310, C = 0.741071), written into the caller's
  // storage, then the renormalise case (B's growth missing: B = 0.615385 on coverage .65).
  const auto x = reference_rows();
  std::vector<double> scores(4, -1.0);
  const kam::score_summary plain = kam::score_into(scores, {}, x, reference_set());
  CHECK_THAT(scores[0], WithinAbs(0.311310, 5e-7));
  CHECK_THAT(scores[2], WithinAbs(0.741071, 5e-7));
  CHECK(Eigen::Map<const Eigen::VectorXd>(scores.data(), 4) ==
        kam::score(x, reference_set()).scores);
  CHECK(plain.partial == 0);
  CHECK(plain.constant_criteria.empty());
  Eigen::MatrixXd gap = x;
  gap(1, 1) = missing;
  kam::score_options o;
  o.missing = kam::missing_policy::renormalize;
  std::vector<double> coverage(4, -1.0);
  const auto ref = kam::fit_reference(gap, reference_set(), o);
  const auto summary = kam::score_into(scores, coverage, gap, reference_set(), ref, o);
  CHECK_THAT(scores[1], WithinAbs(0.615385, 5e-7));
  CHECK_THAT(coverage[1], WithinAbs(0.65, 1e-15));
  CHECK_THAT(coverage[0], WithinAbs(1.0, 1e-15));
  CHECK(summary.partial == 1);
  const auto whole = kam::score(gap, reference_set(), ref, o);
  CHECK(Eigen::Map<const Eigen::VectorXd>(scores.data(), 4) == whole.scores);
  CHECK(Eigen::Map<const Eigen::VectorXd>(coverage.data(), 4) == whole.coverage);
}

TEST_CASE("score_into: spans of another length or over the values are errors", "[score]") {
  Eigen::MatrixXd x = reference_rows();
  std::vector<double> three(3);
  std::vector<double> four(4);
  CHECK(kam_test::message_of<kam::shape_mismatch>([&] {
          (void)kam::score_into(three, {}, x, reference_set());
        }) == "kam::score_into: 'scores': holds 3 values; the accounts are 4");
  kam::score_options o;
  o.missing = kam::missing_policy::impute;
  CHECK(kam_test::message_of<kam::shape_mismatch>([&] {
          (void)kam::score_into(four, three, x, reference_set(), o);
        }) == "kam::score_into: 'coverage': holds 3 values; the accounts are 4");
  // The scores written over the column of effort (the last four values of x) while it is read.
  const std::span<double> last_column(x.data() + 8, 4);
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { (void)kam::score_into(last_column, {}, x, reference_set()); }) ==
        "kam::score_into: 'scores': shares memory with the accounts' values; give separate "
        "storage");
  std::vector<double> both(5);
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::score_into(std::span<double>(both.data(), 4),
                                std::span<double>(both.data() + 1, 4), x, reference_set(), o);
        }) == "kam::score_into: 'coverage': shares memory with the scores; give separate storage");
  // Under reject the coverage is not written, whatever its length.
  CHECK_NOTHROW((void)kam::score_into(four, three, x, reference_set()));
}

TEST_CASE("score: threads follow kam::resolve_threads", "[score][threads]") {
  // 0 is one thread per hardware thread (the same bits); above kam::max_threads is an error
  // naming the function and the option, fitted or against a reference.
  const auto x = reference_rows();
  kam::score_options o;
  const auto one = kam::score(x, reference_set(), o).scores;
  o.threads = 0;
  CHECK(kam::score(x, reference_set(), o).scores == one);
  o.threads = kam::max_threads + 1;
  const auto ref = kam::fit_reference(x, reference_set());
  CHECK_THAT(
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::score(x, reference_set(), o); }),
      Contains("kam::score: 'threads': threads = 1025 is above kam::max_threads"));
  CHECK_THAT(kam_test::message_of<kam::out_of_bounds>(
                 [&] { (void)kam::score(x, reference_set(), ref, o); }),
             Contains("kam::score: 'threads'"));
  CHECK_THAT(kam_test::message_of<kam::out_of_bounds>(
                 [&] { (void)kam::fit_reference(x, reference_set(), o); }),
             Contains("kam::fit_reference: 'threads'"));
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

TEMPLATE_TEST_CASE("score: packed row-major rows give the column-major bits", "[score][threads]",
                   float, double) {
  // Eight criteria in packed rows are read in place when every transform is linear (min-max,
  // vector, fixed range, constant) under reject; anything else is copied block by block. Both
  // must give the bits of the column-major matrix, on any thread count and either scale.
  auto x = kam_test::segmented_accounts<TestType>();
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
  const kam_test::row_major_of<TestType> rm = x;
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
  const kam_test::row_major_of<TestType> bad = x;
  const auto expected =
      "kam::score: 'g', row 70000: value is NaN (missing) and missing_policy is reject";
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(x, linear, ref); }) ==
        expected);
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::score(bad, linear, ref); }) ==
        expected);
}

TEMPLATE_TEST_CASE("score: packed rows of any width give the column-major bits", "[score]", float,
                   double) {
  // 2 to 16 criteria in packed rows have kernels of their own (read in place); 1 and 17 are
  // copied block by block. Every width gives the bits of the column-major matrix. 1101 accounts:
  // two full blocks of 512 and a partial one.
  for (Eigen::Index k = 1; k <= 17; ++k) {
    CAPTURE(k);
    const auto x = kam_test::segmented_accounts<TestType>(k).topRows(1101).eval();
    const kam_test::row_major_of<TestType> rm = x;
    const auto set = kam_test::numbered_criteria(k);
    const auto ref = kam::fit_reference(x, set);
    const auto column_major = kam::score(x, set, ref);
    CHECK(column_major.scores.minCoeff() >= TestType(0));
    CHECK(column_major.scores.maxCoeff() <= TestType(1));
    CHECK(kam::score(rm, set, ref).scores == column_major.scores);
    CHECK(kam::score(rm, set).scores == kam::score(x, set).scores);
  }
}

TEST_CASE("score_result::coverage_of checks the account in every build type",
          "[score][bad-input][index]") {
  // Under reject (no coverage stored) and under renormalize (coverage stored): [0, 4) both.
  Eigen::MatrixXd x = reference_rows();
  x(1, 1) = missing;
  kam::score_options o;
  o.missing = kam::missing_policy::renormalize;
  const auto partial = kam::score(x, reference_set(), o);
  const auto complete = kam::score(reference_rows(), reference_set());
  CHECK_THAT(partial.coverage_of(1), WithinAbs(0.65, 1e-15));
  CHECK(complete.coverage_of(3) == 1.0);
  for (const auto* r : {&partial, &complete}) {
    for (const std::ptrdiff_t i : {std::ptrdiff_t{-1}, std::ptrdiff_t{4}, kam_test::huge_index,
                                   kam_test::most_negative_index}) {
      kam_test::check_index_error([&] { (void)r->coverage_of(i); },
                                  "kam::score_result::coverage_of", "i", i, "[0, 4)", true);
    }
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)complete.coverage_of(4); }) ==
        "kam::score_result::coverage_of: 'i', row 4: account 4 is outside [0, 4)");
}

// Tests of kam/scoring/topsis.hpp: TOPSIS against published examples, chunks, bad input,
// threads and layouts.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/parallel.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/topsis.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "scoring/method_test_data.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {
constexpr double missing = std::numeric_limits<double>::quiet_NaN();
}  // namespace

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

TEST_CASE("topsis_into reuses the result's storage", "[topsis]") {
  kam::topsis_result<double> t;
  kam::topsis_into(t, pymcdm_rows(), pymcdm_set(), with(kam::topsis_normalization::min_max));
  const double* before = t.closeness.data();
  kam::topsis_into(t, pymcdm_rows(), pymcdm_set(), with(kam::topsis_normalization::min_max));
  CHECK(t.closeness.data() == before);
  CHECK_THAT(t.closeness(3), WithinAbs(0.746591, 5e-7));  // pymcdm's README
}

TEST_CASE("topsis_into: spans the caller owns, the values of kam::topsis", "[topsis]") {
  // pymcdm's README example (min-max): closeness 0.468888, 0.255397, 0.765025, 0.746591, C's
  // D+ = 1/6 and B's D- = 0.2 by hand (see the first test), the ideal (0.3, 0, 0.2).
  const auto o = with(kam::topsis_normalization::min_max);
  std::vector<double> closeness(4), to_ideal(4), to_anti(4);
  const auto summary =
      kam::topsis_into(closeness, to_ideal, to_anti, pymcdm_rows(), pymcdm_set(), o);
  CHECK_THAT(closeness[0], WithinAbs(0.468888, 5e-7));
  CHECK_THAT(closeness[3], WithinAbs(0.746591, 5e-7));
  CHECK_THAT(to_ideal[2], WithinAbs(1.0 / 6.0, 1e-15));
  CHECK_THAT(to_anti[1], WithinAbs(0.2, 1e-15));
  CHECK_THAT(summary.ideal(0), WithinAbs(0.3, 1e-15));
  CHECK(summary.normalization == kam::topsis_normalization::min_max);
  const auto whole = kam::topsis(pymcdm_rows(), pymcdm_set(), o);
  CHECK(Eigen::Map<const Eigen::VectorXd>(closeness.data(), 4) == whole.closeness);
  CHECK(Eigen::Map<const Eigen::VectorXd>(to_ideal.data(), 4) == whole.distance_to_ideal);
  CHECK(Eigen::Map<const Eigen::VectorXd>(to_anti.data(), 4) == whole.distance_to_anti_ideal);
  CHECK(summary.anti_ideal == whole.anti_ideal);
  CHECK(summary.constant_criteria == whole.constant_criteria);
  // Storage of another length, or shared, is an error naming the span.
  std::vector<double> three(3);
  CHECK(kam_test::message_of<kam::shape_mismatch>([&] {
          (void)kam::topsis_into(closeness, three, to_anti, pymcdm_rows(), pymcdm_set(), o);
        }) == "kam::topsis: 'distance_to_ideal': holds 3 values; the accounts are 4");
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::topsis_into(closeness, to_ideal, closeness, pymcdm_rows(), pymcdm_set(), o);
        }) ==
        "kam::topsis: 'closeness': the closeness and the two distances share memory; give "
        "each its own storage");
}

// ---------------------------------------------------------------------------------------------
// Threads and layouts

namespace {

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
  const auto x = kam_test::segmented_accounts<TestType>();
  REQUIRE(x.rows() > 3 * kam::detail::segment_rows);
  const kam_test::row_major_of<TestType> rm = x;
  const auto set = kam_test::eight_criteria();
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

TEST_CASE("topsis: threads report the same error", "[topsis][threads]") {
  // Two bad accounts in different segments, scored against a reference: the first one in row
  // order is reported whatever the thread count (the exception of the lowest segment wins).
  auto x = kam_test::segmented_accounts<double>();
  const auto set = kam_test::eight_criteria();
  const auto stats = kam::column_stats<double>::of(x);
  x(190'000, 1) = 20;  // above the reference's max (< 10): out of bounds, later row
  x(70'000, 3) = missing;
  const kam_test::row_major_of<double> rm = x;
  for (unsigned threads : {1U, 2U, 3U}) {
    auto msg = kam_test::message_of<kam::non_finite_value>([&] {
      (void)kam::topsis(x, set, stats, topsis_with(kam::topsis_normalization::vector, threads));
    });
    CHECK_THAT(msg, Contains("kam::topsis: 'd', row 70000: value is nan"));
    msg = kam_test::message_of<kam::non_finite_value>([&] {
      (void)kam::topsis(rm, set, stats, topsis_with(kam::topsis_normalization::vector, threads));
    });
    CHECK_THAT(msg, Contains("kam::topsis: 'd', row 70000: value is nan"));
  }
  x(70'000, 3) = 5;
  const kam_test::row_major_of<double> rm_in_range_but_one = x;
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
  const kam_test::row_major_of<double> rm_below = x;
  const auto expected = "kam::topsis: 'a', row 1536: value 0.25 is outside the reference's";
  CHECK_THAT(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::topsis(x, set, stats); }),
             Contains(expected));
  CHECK_THAT(
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::topsis(rm_below, set, stats); }),
      Contains(expected));
}

TEMPLATE_TEST_CASE("topsis: packed rows of any width give the column-major bits", "[topsis]", float,
                   double) {
  // As for kam::score: 2 to 16 criteria in packed rows are read in place, 1 and 17 copied; every
  // width gives the column-major bits, fitted or against a reference (with its range check).
  for (Eigen::Index k = 1; k <= 17; ++k) {
    CAPTURE(k);
    const auto x = kam_test::segmented_accounts<TestType>(k).topRows(1101).eval();
    const kam_test::row_major_of<TestType> rm = x;
    const auto set = kam_test::numbered_criteria(k);
    const auto stats = kam::column_stats<TestType>::of(x);
    for (auto n : {kam::topsis_normalization::vector, kam::topsis_normalization::min_max}) {
      check_same_bits(kam::topsis(x, set, topsis_with(n, 1)),
                      kam::topsis(rm, set, topsis_with(n, 1)));
      check_same_bits(kam::topsis(x, set, stats, topsis_with(n, 1)),
                      kam::topsis(rm, set, stats, topsis_with(n, 1)));
    }
  }
}

TEST_CASE("topsis: threads above kam::max_threads are an error", "[topsis][threads]") {
  const auto o = topsis_with(kam::topsis_normalization::vector, kam::max_threads + 1);
  CHECK_THAT(kam_test::message_of<kam::out_of_bounds>(
                 [&] { (void)kam::topsis(pymcdm_rows(), pymcdm_set(), o); }),
             Contains("kam::topsis: 'threads'") && Contains("kam::max_threads"));
}

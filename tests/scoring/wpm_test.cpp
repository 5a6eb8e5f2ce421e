// Tests of kam/scoring/wpm.hpp: the weighted product against published examples, zeros and
// negatives, overflow, chunks, threads and layouts.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/parallel.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/wpm.hpp>
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

TEST_CASE("weighted_product_into reuses the result's storage", "[wpm]") {
  kam::weighted_product_result<double> w;
  const auto stats = kam::column_stats<double>::of(zavadskas_rows());
  kam::weighted_product_into(w, zavadskas_rows(), zavadskas_set(), stats);
  const double* scores = w.scores.data();
  kam::weighted_product_into(w, zavadskas_rows(), zavadskas_set(), stats);
  CHECK(w.scores.data() == scores);
  CHECK_THAT(w.scores(0), WithinAbs(0.7975224331331, 1e-12));  // JMcDM's documented example
}

// ---------------------------------------------------------------------------------------------
// Threads and layouts

TEMPLATE_TEST_CASE("weighted_product: threads and layouts change no bit", "[wpm][threads]", float,
                   double) {
  // Reference: one thread on the column-major matrix; row-major input and every thread count
  // give its bits (row-major columns used to go through Eigen's scalar log, off by an ulp in a
  // fifth of the accounts). A 0 on a benefit criterion in three accounts of three different
  // segments vetoes exactly those three (zero_scores = 3 whatever the thread count).
  auto x = kam_test::segmented_accounts<TestType>();
  for (const Eigen::Index i : {Eigen::Index{5}, Eigen::Index{70'000}, Eigen::Index{190'000}})
    x(i, 0) = 0;
  const kam_test::row_major_of<TestType> rm = x;
  const auto set = kam_test::eight_criteria();
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

TEST_CASE("weighted_product: threads report the same error", "[wpm][threads]") {
  // Two bad accounts in different segments, scored against a reference: the first one in row
  // order is reported whatever the thread count (the exception of the lowest segment wins).
  auto x = kam_test::segmented_accounts<double>();
  const auto set = kam_test::eight_criteria();
  const auto stats = kam::column_stats<double>::of(x);
  x(190'000, 1) = 20;  // above the reference's max (< 10): out of bounds, later row
  x(70'000, 3) = missing;
  for (unsigned threads : {1U, 2U, 3U}) {
    kam::weighted_product_options o;
    o.threads = threads;
    const auto msg = kam_test::message_of<kam::non_finite_value>(
        [&] { (void)kam::weighted_product(x, set, stats, o); });
    CHECK_THAT(msg, Contains("kam::weighted_product: 'd', row 70000: value is nan"));
  }
}

TEST_CASE("weighted_product: threads above kam::max_threads are an error", "[wpm][threads]") {
  kam::weighted_product_options o;
  o.threads = kam::max_threads + 1;
  CHECK_THAT(kam_test::message_of<kam::out_of_bounds>(
                 [&] { (void)kam::weighted_product(zavadskas_rows(), zavadskas_set(), o); }),
             Contains("kam::weighted_product: 'threads'") && Contains("kam::max_threads"));
}

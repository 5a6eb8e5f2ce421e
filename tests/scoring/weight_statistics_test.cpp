// Tests of kam/scoring/weight_statistics.hpp: mergeable sums that give entropy, CRITIC and
// standard-deviation weights, equal to the library's on the whole matrix, chunk by chunk alike.
#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <kam/core/random.hpp>
#include <kam/scoring/weight_statistics.hpp>
#include <kam/scoring/weights.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// The raw values of the issue #2 reference case: revenue, growth, effort (a cost) of A..D.
Eigen::MatrixXd reference_rows() {
  Eigen::MatrixXd x(4, 3);
  x << 100, 0.10, 3,  // A
      400, 0.05, 5,   // B
      250, 0.20, 2,   // C
      50, 0.25, 2;    // D
  return x;
}
const std::vector<kam::direction> directions{kam::direction::benefit, kam::direction::benefit,
                                             kam::direction::cost};

Eigen::MatrixXd large_rows() {
  auto rng = kam::random_stream(7, 1);
  Eigen::MatrixXd x(9000, 4);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double size = kam::uniform01(rng);
    x(i, 0) = 1000 * size + 10 * kam::uniform01(rng);          // correlated with column 3
    x(i, 1) = std::exp(2 * kam::standard_normal(rng));         // skewed, > 0
    x(i, 2) = std::floor(1 + 5 * kam::uniform01(rng));         // ratings 1..5
    x(i, 3) = 5 - 4 * size + 0.5 * kam::standard_normal(rng);  // anti-correlated with column 0
  }
  x.col(3) = x.col(3).cwiseMax(0.0);
  return x;
}

kam::weight_statistics<double> built(const Eigen::MatrixXd& x, Eigen::Index piece) {
  kam::weight_statistics_builder<double> b(x.cols());
  for (Eigen::Index at = 0; at < x.rows(); at += piece)
    b.add(x.middleRows(at, std::min(piece, x.rows() - at)));
  return b.finish();
}

}  // namespace

TEST_CASE("weight_statistics: the reference case by hand", "[weights]") {
  // Revenue: sum 800, mean 200, co-moment (M2) 75000; growth: mean 0.15, M2 0.025; effort:
  // mean 3, M2 6; revenue x effort: (-100)(0) + 200(2) + 50(-1) + (-150)(-1) = 500.
  const auto s = kam::weight_statistics<double>::of(reference_rows());
  CHECK(s.count == 4);
  CHECK(s.sum(0) == 800);
  CHECK(s.mean(0) == 200);
  CHECK(s.min(1) == 0.05);
  CHECK(s.max(2) == 5);
  CHECK_THAT(s.comoment(0, 0), WithinAbs(75000, 1e-9));
  CHECK_THAT(s.comoment(1, 1), WithinAbs(0.025, 1e-15));
  CHECK_THAT(s.comoment(0, 2), WithinAbs(500, 1e-12));
  CHECK(s.comoment(2, 0) == s.comoment(0, 2));
  // x ln x summed: 100 ln 100 + 400 ln 400 + 250 ln 250 + 50 ln 50.
  CHECK_THAT(s.xlogx(0), WithinRel(100 * std::log(100.0) + 400 * std::log(400.0) +
                                       250 * std::log(250.0) + 50 * std::log(50.0),
                                   1e-14));
}

TEST_CASE("weight_statistics: weights as the library computes them on the whole matrix",
          "[weights]") {
  // Computed by hand from the textbook formulas (a plain Python transcription gives the same
  // digits): entropy (Shannon; Zeleny 1982) p = x / column sum, e = -sum p ln p / ln 4, w ~ 1 - e
  // = (0.5167128, 0.3181031, 0.1651841); CRITIC (Diakoulaki et al. 1995) with effort a cost =
  // (0.4793904, 0.2480779, 0.2725318); standard deviations 158.1139, 0.0912871, 1.4142136 ->
  // (0.9905682, 0.0005719, 0.0088599).
  const Eigen::MatrixXd x = reference_rows();
  const auto s = kam::weight_statistics<double>::of(x);
  const auto e = kam::entropy_weights(s);
  CHECK_THAT(e.weights(0), WithinAbs(0.5167128, 5e-8));
  CHECK_THAT(e.weights(1), WithinAbs(0.3181031, 5e-8));
  CHECK_THAT(e.weights(2), WithinAbs(0.1651841, 5e-8));
  const auto c = kam::critic_weights(s, directions);
  CHECK_THAT(c.weights(0), WithinAbs(0.4793904, 5e-8));
  CHECK_THAT(c.weights(1), WithinAbs(0.2480779, 5e-8));
  CHECK_THAT(c.weights(2), WithinAbs(0.2725318, 5e-8));
  const auto d = kam::std_dev_weights(s);
  CHECK_THAT(d.weights(0), WithinAbs(0.9905682, 5e-8));
  CHECK_THAT(d.weights(2), WithinAbs(0.0088599, 5e-8));
  // And the library's own functions on the matrix agree to rounding.
  for (Eigen::Index j = 0; j < 3; ++j) {
    CHECK_THAT(e.weights(j), WithinRel(kam::entropy_weights(x).weights(j), 1e-12));
    CHECK_THAT(c.weights(j), WithinRel(kam::critic_weights(x, directions).weights(j), 1e-12));
    CHECK_THAT(d.weights(j), WithinRel(kam::std_dev_weights(x).weights(j), 1e-12));
  }
}

TEST_CASE("weight_statistics: built in pieces, equal to the whole matrix's weights", "[weights]") {
  const Eigen::MatrixXd x = large_rows();
  const auto s = built(x, 1000);
  const std::vector<kam::direction> dirs(4, kam::direction::benefit);
  const auto e = kam::entropy_weights(s);
  const auto c = kam::critic_weights(s, dirs);
  const auto d = kam::std_dev_weights(s, 0);
  const auto e_lib = kam::entropy_weights(x);
  const auto c_lib = kam::critic_weights(x, dirs);
  const auto d_lib = kam::std_dev_weights(x, 0);
  for (Eigen::Index j = 0; j < 4; ++j) {
    CHECK_THAT(e.weights(j), WithinRel(e_lib.weights(j), 1e-10));
    CHECK_THAT(c.weights(j), WithinRel(c_lib.weights(j), 1e-10));
    CHECK_THAT(d.weights(j), WithinRel(d_lib.weights(j), 1e-10));
  }
}

TEST_CASE("weight_statistics: every cutting gives the same bits", "[weights]") {
  // 9000 rows are units of 4096, 4096 and 808 whatever the pieces.
  const Eigen::MatrixXd x = large_rows();
  const auto whole = built(x, x.rows());
  for (const Eigen::Index piece : {1, 13, 4096, 5000}) {
    INFO("pieces of " << piece);
    const auto s = built(x, piece);
    CHECK(s.count == whole.count);
    CHECK(s.min == whole.min);
    CHECK(s.max == whole.max);
    CHECK(s.sum == whole.sum);
    CHECK(s.xlogx == whole.xlogx);
    CHECK(s.mean == whole.mean);
    CHECK(s.comoment == whole.comoment);
  }
}

TEST_CASE("weight_statistics: merge describes both parts", "[weights]") {
  const Eigen::MatrixXd x = reference_rows();
  auto s = kam::weight_statistics<double>::of(x.topRows(1));
  s.merge(kam::weight_statistics<double>::of(x.bottomRows(3)));
  const auto whole = kam::weight_statistics<double>::of(x);
  CHECK(s.count == 4);
  CHECK(s.min == whole.min);
  CHECK(s.max == whole.max);
  CHECK_THAT(s.comoment(0, 2), WithinAbs(500, 1e-10));
  CHECK_THAT(s.mean(1), WithinAbs(0.15, 1e-15));
  // The empty statistics are the identity.
  s.merge(kam::weight_statistics<double>::empty(3));
  CHECK(s.count == 4);
  CHECK_THROWS_AS(s.merge(kam::weight_statistics<double>::empty(2)), kam::shape_mismatch);
}

TEST_CASE("weight_statistics: bad input", "[weights]") {
  Eigen::MatrixXd x = reference_rows();
  kam::weight_statistics_builder<double> b(3);
  b.add(x.topRows(2));
  x(3, 1) = std::numeric_limits<double>::quiet_NaN();
  try {
    b.add(x.bottomRows(2));
    FAIL("expected kam::non_finite_value");
  } catch (const kam::non_finite_value& e) {
    CHECK(e.function() == "kam::weight_statistics_builder::add");
    CHECK(e.field() == "columns");
    CHECK(e.index() == 1);
    CHECK(e.row() == 3);  // row 1 of the piece, after 2 rows
  }
  CHECK(b.rows() == 2);
  CHECK_THROWS_AS(b.add(Eigen::MatrixXd::Zero(1, 2)), kam::shape_mismatch);
  // One row is too few; entropy needs values >= 0; every column constant.
  CHECK_THROWS_AS(kam::entropy_weights(kam::weight_statistics<double>::empty(3)), kam::empty_input);
  Eigen::MatrixXd neg = reference_rows();
  neg(1, 2) = -1;
  try {
    (void)kam::entropy_weights(kam::weight_statistics<double>::of(neg));
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "columns");
    CHECK(e.index() == 2);
  }
  const auto flat = kam::weight_statistics<double>::of(Eigen::MatrixXd::Ones(5, 2));
  CHECK_THROWS_AS(kam::critic_weights(flat, {kam::direction::benefit, kam::direction::cost}),
                  kam::invalid_input);
  CHECK_THROWS_AS(kam::critic_weights(flat, {kam::direction::benefit}), kam::shape_mismatch);
  CHECK_THROWS_AS(kam::std_dev_weights(flat, -1), kam::invalid_input);
  // A constant column gets weight 0 and is listed.
  Eigen::MatrixXd some = reference_rows();
  some.col(1).setConstant(0.5);
  const auto w = kam::std_dev_weights(kam::weight_statistics<double>::of(some));
  CHECK(w.weights(1) == 0);
  CHECK(w.constant_criteria == std::vector<Eigen::Index>{1});
}

TEST_CASE("weight_statistics: the number of columns is bounded", "[weight_statistics]") {
  // The K x K co-moment matrix (and the builder's unit of 4096 rows) made a huge K a
  // std::bad_alloc, and a negative one an Eigen assertion; both are checked before allocating.
  CHECK(kam::weight_statistics<double>::empty(16).comoment.rows() == 16);
  for (const Eigen::Index cols : {Eigen::Index{-3}, kam::weight_statistics_max_columns + 1,
                                  std::numeric_limits<Eigen::Index>::max()}) {
    CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
            (void)kam::weight_statistics<double>::empty(cols);
          }) == kam_test::numbered("kam::weight_statistics::empty: 'cols': cols is ", cols) +
                    "; it must be in 0..4096 (weight_statistics_max_columns)");
    CHECK_THROWS_AS(kam::weight_statistics_builder<double>(cols), kam::out_of_bounds);
  }
  const Eigen::MatrixXd wide = Eigen::MatrixXd::Ones(2, kam::weight_statistics_max_columns + 1);
  CHECK_THROWS_AS(kam::weight_statistics<double>::of(wide), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6): statistics of values near the limit of double had
// an infinite comoment, and the weights from them were NaN. By hand: the column {1e308, -1e308}
// has mean 0 and deviations +-1e308, whose squares (1e616) exceed double (max 1.8e308).
TEST_CASE("weight_statistics: sums beyond double are an error", "[weight_statistics]") {
  Eigen::MatrixXd x(2, 2);
  x << 1e308, 1, -1e308, 2;
  kam::weight_statistics_builder<double> b(2);
  b.add(x);
  const auto s = b.finish();
  CHECK_THROWS_AS(kam::std_dev_weights(s), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::critic_weights(s, {kam::direction::benefit, kam::direction::cost}),
                  kam::out_of_bounds);
}

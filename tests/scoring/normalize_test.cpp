// Tests of kam/scoring/normalize.hpp: references, each normalisation, direction, constant columns.
#include <Eigen/Core>
#include <cmath>
#include <kam/scoring/normalize.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;

namespace {
Eigen::MatrixXd column(std::initializer_list<double> v) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(v.size()), 1);
  Eigen::Index i = 0;
  for (double d : v) x(i++, 0) = d;
  return x;
}
Eigen::VectorXd normalized(const Eigen::MatrixXd& x, const kam::criterion& c,
                           const kam::score_options& o = {}) {
  const kam::criteria_set set{c};
  return kam::normalize(x, set, kam::fit_reference(x, set, o), o).col(0);
}
}  // namespace

TEST_CASE("normalize: min-max, then cost inversion as a separate step", "[normalize]") {
  // Revenue of the issue #2 reference case: min 50, max 400, range 350.
  const auto x = column({100, 400, 250, 50});
  const auto b = normalized(x, kam::benefit("revenue", 1));
  CHECK_THAT(b(0), WithinAbs(50.0 / 350.0, 1e-15));
  CHECK(b(1) == 1.0);
  CHECK_THAT(b(2), WithinAbs(200.0 / 350.0, 1e-15));
  CHECK(b(3) == 0.0);
  const auto c = normalized(x, kam::cost("revenue", 1));
  for (Eigen::Index i = 0; i < 4; ++i) CHECK_THAT(c(i), WithinAbs(1.0 - b(i), 1e-15));
}

TEST_CASE("normalize: z-score through the normal CDF", "[normalize]") {
  // 1, 2, 3, 4: mean 2.5, sd (ddof 0) sqrt(1.25); z = -1.341641, -0.447214, ...
  // Phi(-1.341641) = 0.089856 and Phi(-0.447214) = 0.327360 (standard normal table:
  // Phi(1.34) = 0.90988, Phi(1.35) = 0.91149; Phi(0.44) = 0.67003, Phi(0.45) = 0.67364).
  const auto v = normalized(column({1, 2, 3, 4}),
                            kam::benefit("x", 1).normalized_by(kam::normalization::z_score));
  CHECK_THAT(v(0), WithinAbs(0.0898562, 1e-7));
  CHECK_THAT(v(1), WithinAbs(0.3273604, 1e-7));
  CHECK_THAT(v(2), WithinAbs(0.6726396, 1e-7));
  CHECK_THAT(v(3), WithinAbs(0.9101438, 1e-7));
}

TEST_CASE("normalize: vector normalisation (Hwang & Yoon)", "[normalize]") {
  // 3 / 5 and 4 / 5 with the norm sqrt(9 + 16) = 5.
  const auto v =
      normalized(column({3, 4}), kam::benefit("x", 1).normalized_by(kam::normalization::vector));
  CHECK_THAT(v(0), WithinAbs(0.6, 1e-15));
  CHECK_THAT(v(1), WithinAbs(0.8, 1e-15));
  CHECK_THROWS_AS(
      normalized(column({3, -4}), kam::benefit("x", 1).normalized_by(kam::normalization::vector)),
      kam::invalid_input);
}

TEST_CASE("normalize: fixed range uses the declared scale, not the data", "[normalize]") {
  // A 1-5 rating: (x - 1) / 4.
  const auto v = normalized(column({2, 3, 5}), kam::cost("effort", 1).on_scale(1, 5));
  CHECK(v(0) == 0.75);  // 1 - 0.25
  CHECK(v(1) == 0.5);
  CHECK(v(2) == 0.0);
  const auto msg = kam_test::message_of<kam::out_of_bounds>([] {
    (void)normalized(column({2, 7}), kam::cost("effort", 1).on_scale(1, 5));
  });
  CHECK(msg == "kam::fit_reference: 'effort', row 1: value 7 is outside the scale [1, 5]");
}

TEST_CASE("normalize: percentile rank with average ranks for ties", "[normalize]") {
  // 10, 20, 20, 40: average ranks 1, 2.5, 2.5, 4 -> (rank - 1) / 3 = 0, 0.5, 0.5, 1.
  const auto c = kam::benefit("revenue", 1).normalized_by(kam::normalization::percentile_rank);
  const auto v = normalized(column({20, 10, 40, 20}), c);
  CHECK(v(0) == 0.5);
  CHECK(v(1) == 0.0);
  CHECK(v(2) == 1.0);
  CHECK(v(3) == 0.5);
  // Against a frozen reference, new values between, below and above it: 15 has one value below
  // it and none equal, (1 + 1 - 1) / 6 = 1/6; below the minimum and above the maximum clamp.
  const kam::criteria_set set{c};
  const auto ref = kam::fit_reference(column({20, 10, 40, 20}), set);
  const auto n = kam::normalize(column({15, 5, 99}), set, ref);
  CHECK_THAT(n(0, 0), WithinAbs(1.0 / 6.0, 1e-15));
  CHECK(n(1, 0) == 0.0);
  CHECK(n(2, 0) == 1.0);
}

TEST_CASE("normalize: a constant column maps to 0.5 under every data-driven normalisation",
          "[normalize]") {
  const auto x = column({7, 7, 7});
  for (const auto n : {kam::normalization::min_max, kam::normalization::z_score,
                       kam::normalization::vector, kam::normalization::percentile_rank}) {
    for (const auto d : {kam::direction::benefit, kam::direction::cost}) {
      const kam::criterion c{"flat", 1.0, d, n, 0.0, 0.0};
      const auto v = normalized(x, c);
      CHECK(v(0) == 0.5);
      CHECK(v(2) == 0.5);
    }
  }
  // A single account is a constant column too.
  CHECK(normalized(column({3}), kam::benefit("x", 1))(0) == 0.5);
}

TEST_CASE("normalize: new accounts beyond a min-max reference are clamped", "[normalize]") {
  const kam::criteria_set set{kam::benefit("x", 1)};
  const auto ref = kam::fit_reference(column({0, 10}), set);
  const auto v = kam::normalize(column({-5, 5, 20}), set, ref);
  CHECK(v(0, 0) == 0.0);
  CHECK(v(1, 0) == 0.5);
  CHECK(v(2, 0) == 1.0);
}

TEST_CASE("normalize: missing values per policy", "[normalize]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto x = column({1, nan, 3});
  CHECK_THROWS_AS(normalized(x, kam::benefit("x", 1)), kam::non_finite_value);
  kam::score_options o;
  o.missing = kam::missing_policy::renormalize;
  CHECK(std::isnan(normalized(x, kam::benefit("x", 1), o)(1)));  // stays the missing marker
  o.missing = kam::missing_policy::impute;
  o.impute = kam::imputation::mean;  // mean of 1 and 3 = 2 -> 0.5
  CHECK(normalized(x, kam::benefit("x", 1), o)(1) == 0.5);
  o.impute = kam::imputation::worst;  // a benefit's worst is its minimum
  CHECK(normalized(x, kam::benefit("x", 1), o)(1) == 0.0);
  CHECK(normalized(x, kam::cost("x", 1), o)(1) == 0.0);  // a cost's worst is its maximum: 1 - 1
}

TEST_CASE("normalize: references merge exactly for extremes and samples", "[normalize]") {
  const kam::criteria_set set{
      kam::benefit("r", 1).normalized_by(kam::normalization::percentile_rank),
      kam::benefit("m", 1)};
  Eigen::MatrixXd a(2, 2), b(3, 2), all(5, 2);
  a << 5, 1, 1, 9;
  b << 3, 4, 8, 2, 1, 7;
  all << a, b;
  auto merged = kam::fit_reference(a, set);
  merged.merge(kam::fit_reference(b, set));
  const auto whole = kam::fit_reference(all, set);
  CHECK(merged.samples[0] == std::vector<double>{1, 1, 3, 5, 8});
  CHECK(merged.samples[0] == whole.samples[0]);
  CHECK(merged.samples[1].empty());  // min-max needs no sample
  // One side fitted with percentile ranks and one without cannot be merged.
  auto mixed = kam::fit_reference(a, set);
  CHECK_THROWS_AS(mixed.merge(kam::fit_reference(
                      b, kam::criteria_set{kam::benefit("r", 1), kam::benefit("m", 1)})),
                  kam::shape_mismatch);
  CHECK(merged.stats.min == whole.stats.min);
  CHECK(merged.stats.max == whole.stats.max);
  auto wrong =
      kam::fit_reference(Eigen::MatrixXd(a.leftCols(1)), kam::criteria_set{kam::benefit("x", 1)});
  CHECK_THROWS_AS(wrong.merge(whole), kam::shape_mismatch);
}

TEST_CASE("normalize: a reference that does not fit the criteria is an error", "[normalize]") {
  const auto x = column({1, 2, 3});
  const kam::criteria_set mm{kam::benefit("x", 1)};
  const kam::criteria_set pr{
      kam::benefit("x", 1).normalized_by(kam::normalization::percentile_rank)};
  // Fitted without percentile ranks, so no sorted values are kept.
  CHECK_THROWS_AS(kam::normalize(x, pr, kam::fit_reference(x, mm)), kam::invalid_input);
  const kam::criteria_set two{kam::benefit("x", 1), kam::benefit("y", 1)};
  CHECK_THROWS_AS(
      kam::normalize(x, mm, kam::fit_reference(Eigen::MatrixXd(x.replicate(1, 2)), two)),
      kam::shape_mismatch);
}

TEST_CASE("normalize: a range, norm or sd the scalar cannot hold is an error, not a constant",
          "[normalize]") {
  // float holds up to 3.4e38: the squares of 1e20..3e20 (sum 1.4e41) overflow, so 1 / norm was 0
  // and the criterion silently gave every account 0.
  Eigen::MatrixXf big(3, 1);
  big << 1e20f, 2e20f, 3e20f;
  const kam::criteria_set vec{kam::benefit("a", 1).normalized_by(kam::normalization::vector)};
  auto msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::normalize(big, vec, kam::fit_reference(big, vec)); });
  CHECK_THAT(msg, Catch::Matchers::StartsWith("kam::normalize: 'a': the norm sqrt(sum of x^2)") &&
                      Catch::Matchers::Contains("overflows or underflows float"));
  // The same values in double are fine: 1e20 / sqrt(14e40) = 0.267261 (1 / sqrt(14)).
  const Eigen::MatrixXd bigd = big.cast<double>();
  CHECK_THAT(kam::normalize(bigd, vec, kam::fit_reference(bigd, vec))(0, 0),
             WithinAbs(1.0 / std::sqrt(14.0), 1e-7));
  // double: the squared deviations of +-1e200 overflow (M2 = inf, 1 / sd = 0: everyone was 0.5).
  const auto huge = column({-1e200, 0, 1e200});
  const kam::criteria_set z{kam::benefit("z", 1).normalized_by(kam::normalization::z_score)};
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::normalize(huge, z, kam::fit_reference(huge, z)); });
  CHECK_THAT(msg, Catch::Matchers::StartsWith("kam::normalize: 'z': the standard deviation"));
  // A subnormal range: 1 / 1e-323 is infinite, and (0 - 0) * inf was a silent NaN.
  const auto tiny = column({0, 5e-324, 1e-323});
  const kam::criteria_set mm{kam::benefit("m", 1)};
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::normalize(tiny, mm, kam::fit_reference(tiny, mm)); });
  CHECK_THAT(msg, Catch::Matchers::StartsWith("kam::normalize: 'm': the range"));
  // Fixed-range bounds that collapse in float (1 and 1 + 1e-9 are the same float).
  Eigen::MatrixXf one(1, 1);
  one << 1.0f;
  const kam::criteria_set narrow{kam::benefit("r", 1).on_scale(1.0, 1.0 + 1e-9)};
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::normalize(one, narrow, kam::fit_reference(one, narrow)); });
  CHECK_THAT(msg, Catch::Matchers::StartsWith("kam::normalize: 'r': the scale's range"));
}

TEST_CASE("normalize: float values on a fixed scale are compared in float", "[normalize]") {
  // The float nearest 0.3 is 0.300000012, above the double nearest 0.3: it must still be on the
  // scale [0.1, 0.3] a user declared, and map to its top. (0.2f - 0.1f) / 0.2 = 0.5 to float
  // precision.
  Eigen::MatrixXf x(3, 1);
  x << 0.1f, 0.2f, 0.3f;
  const kam::criteria_set share{kam::benefit("share", 1).on_scale(0.1, 0.3)};
  const Eigen::MatrixXf v = kam::normalize(x, share, kam::fit_reference(x, share));
  CHECK(v(0, 0) == 0.0f);
  CHECK_THAT(v(1, 0), Catch::Matchers::WithinAbs(0.5f, 1e-6f));
  CHECK(v(2, 0) == 1.0f);
  // Against a given reference the same bounds apply; a value above the scale is still an error.
  x(1, 0) = 0.31f;
  const auto msg = kam_test::message_of<kam::out_of_bounds>(
      [&] { (void)kam::normalize(x, share, kam::fit_reference(x.topRows(1), share)); });
  CHECK_THAT(msg, Catch::Matchers::StartsWith("kam::normalize: 'share', row 1: value 0.31"));
}

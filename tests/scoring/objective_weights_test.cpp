// Tests of kam/scoring/objective_weights.hpp: standard deviation, entropy and CRITIC weights
// against published and peer-documented values, and bad input.
#include <Eigen/Core>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/objective_weights.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

template <typename V>
void check_all(const V& got, const std::vector<double>& expected, double tol) {
  REQUIRE(got.size() == static_cast<Eigen::Index>(expected.size()));
  for (Eigen::Index j = 0; j < got.size(); ++j)
    CHECK_THAT(static_cast<double>(got(j)), WithinAbs(expected[static_cast<std::size_t>(j)], tol));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Standard deviation

namespace {
// Jahan & Edwards (2013), Materials & Design 49, 1000-1008, via pymcdm's test of
// standard_deviation_weights: expected [0.35, 0.31, 0.34] to two decimals.
Eigen::MatrixXd jahan_edwards() {
  Eigen::MatrixXd x(7, 3);
  x << 0, 0, 0, 0.39, 0.3, 0.77, 0.17, 0.36, 0.8, 0.35, 0.29, 0.93, 0.3, 0.4, 0.94, 0.84, 0.71, 1,
      1, 1, 0.99;
  return x;
}
}  // namespace

TEST_CASE("std_dev_weights: Jahan & Edwards 2013 (pymcdm)", "[weights]") {
  const auto r = kam::std_dev_weights(jahan_edwards());
  check_all(r.weights, {0.35, 0.31, 0.34}, 0.005);
  // To four decimals (numpy, benchmarks/peers/reference_values.py): 0.3459, 0.3129, 0.3412.
  check_all(r.weights, {0.3459, 0.3129, 0.3412}, 5e-5);
  CHECK(r.constant_criteria.empty());
  // ddof scales every column's sd by the same factor when the data are complete.
  check_all(kam::std_dev_weights(jahan_edwards(), 0).weights, {0.3459, 0.3129, 0.3412}, 5e-5);
  const Eigen::MatrixXf xf = jahan_edwards().cast<float>();
  check_all(kam::std_dev_weights(xf).weights, {0.3459, 0.3129, 0.3412}, 1e-4);
  // The column_stats overload (mergeable: chunks give the statistics of the whole).
  auto stats = kam::column_stats<double>::of(jahan_edwards().topRows(3));
  stats.merge(kam::column_stats<double>::of(jahan_edwards().bottomRows(4)));
  check_all(kam::std_dev_weights(stats).weights, {0.3459, 0.3129, 0.3412}, 5e-5);
}

TEST_CASE("std_dev_weights: constant columns and bad input", "[weights]") {
  Eigen::MatrixXd x = jahan_edwards();
  x.col(1).setConstant(0.5);
  const auto r = kam::std_dev_weights(x);
  CHECK(r.constant_criteria == std::vector<Eigen::Index>{1});
  CHECK(r.weights(1) == 0.0);
  CHECK_THAT(r.weights.sum(), WithinAbs(1.0, 1e-15));
  x.col(0).setConstant(1.0);
  x.col(2).setConstant(2.0);
  auto msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::std_dev_weights(x); });
  CHECK_THAT(msg, Contains("kam::std_dev_weights") && Contains("every criterion is constant"));
  x = jahan_edwards();
  x(4, 2) = std::numeric_limits<double>::infinity();
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)kam::std_dev_weights(x); });
  CHECK_THAT(msg, Contains("'column 2', row 4"));
  msg = kam_test::message_of<kam::empty_input>(
      [&] { (void)kam::std_dev_weights(jahan_edwards().topRows(1), 1); });
  CHECK_THAT(msg, Contains("'column 0'") && Contains("more than ddof = 1"));
  CHECK_THROWS_AS(kam::std_dev_weights(jahan_edwards(), -1), kam::invalid_input);
}

// ---------------------------------------------------------------------------------------------
// Entropy

namespace {
// Elsayed, Dawood & Karthikeyan (2017), "Evaluating alternatives through the application of
// TOPSIS method with entropy weight", Int. J. Eng. Trends Technol. 46(2), 60-66, via pymcdm's test
// of entropy_weights: [0.104991, 0.069124, 0.071373, 0.449937, 0.304575].
Eigen::MatrixXd elsayed() {
  Eigen::MatrixXd x(12, 5);
  x << 7, 312, 1891, 6613, 163, 72, 88, 728, 941804, 1078, 10, 252, 2594, 3466, 117471, 10, 145,
      980, 2371, 86329, 65, 54, 350, 501, 29897, 29, 48, 380, 912, 34051, 7, 476, 3300, 78470, 2212,
      70, 87, 650, 733, 819000, 4, 86, 591, 3015, 103, 12, 79, 579, 3240, 96098, 21, 45, 261, 1253,
      453, 1, 72, 530, 4333, 0.104800;
  return x;
}
}  // namespace

TEST_CASE("entropy_weights: Elsayed et al. 2017 (pymcdm)", "[weights]") {
  const auto r = kam::entropy_weights(elsayed());
  check_all(r.weights, {0.104991, 0.069124, 0.071373, 0.449937, 0.304575}, 5e-7);
  const Eigen::MatrixXf xf = elsayed().cast<float>();
  check_all(kam::entropy_weights(xf).weights, {0.104991, 0.069124, 0.071373, 0.449937, 0.304575},
            2e-5);
}

TEST_CASE("entropy_weights: zeros, constant columns and bad input", "[weights]") {
  // Hand computation with 0 ln 0 = 0: column (0, 1, 1): p = 0, 1/2, 1/2, entropy ln 2 / ln 3 =
  // 0.630930; column (1, 2, 3): p = 1/6, 1/3, 1/2, entropy 1.011404 / ln 3 = 0.920620; column
  // (2, 2, 2) is constant (entropy 1). Divergences 0.369070, 0.079380, 0 -> weights 0.822990,
  // 0.177010, 0.
  Eigen::MatrixXd x(3, 3);
  x << 0, 1, 2, 1, 2, 2, 1, 3, 2;
  const auto r = kam::entropy_weights(x);
  check_all(r.weights, {0.822990, 0.177010, 0.0}, 5e-7);
  CHECK(r.constant_criteria == std::vector<Eigen::Index>{2});
  x(2, 1) = -3;
  auto msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::entropy_weights(x); });
  CHECK_THAT(msg, Contains("kam::entropy_weights: 'column 1', row 2") && Contains("negative"));
  msg = kam_test::message_of<kam::empty_input>(
      [&] { (void)kam::entropy_weights(elsayed().topRows(1)); });
  CHECK_THAT(msg, Contains("at least 2 accounts"));
  Eigen::MatrixXd flat = Eigen::MatrixXd::Constant(3, 2, 4.0);
  CHECK_THROWS_AS(kam::entropy_weights(flat), kam::invalid_input);
}

// ---------------------------------------------------------------------------------------------
// CRITIC

namespace {
// Tuş & Aytaç Adalı (2019), "The new combination with CRITIC and WASPAS methods for the time and
// attendance software selection problem", Opsearch 56(2), 528-538, via pymcdm's test of
// critic_weights (which treats every criterion as a benefit): [0.157, 0.249, 0.168, 0.121, 0.154,
// 0.151].
Eigen::MatrixXd tus_adali() {
  Eigen::MatrixXd x(5, 6);
  x << 5000, 3, 3, 4, 3, 2, 680, 5, 3, 2, 2, 1, 2000, 3, 2, 3, 4, 3, 600, 4, 3, 1, 2, 2, 800, 2, 4,
      3, 3, 4;
  return x;
}
std::vector<kam::direction> all_benefit(std::size_t n) {
  return std::vector<kam::direction>(n, kam::direction::benefit);
}
}  // namespace

TEST_CASE("critic_weights: Tus & Adali 2019 (pymcdm), every criterion a benefit", "[weights]") {
  const auto r = kam::critic_weights(tus_adali(), all_benefit(6));
  check_all(r.weights, {0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, 5e-4);
  const Eigen::MatrixXf xf = tus_adali().cast<float>();
  check_all(kam::critic_weights(xf, all_benefit(6)).weights,
            {0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, 5e-4);
}

TEST_CASE("critic_weights: directions, as Diakoulaki et al. map the best value to 1", "[weights]") {
  // Price (column 0) as a cost: its mapped column is 1 - r, which flips the sign of its
  // correlations. numpy (benchmarks/peers/reference_values.py): 0.1841, 0.2130, 0.1422, 0.1583,
  // 0.1684, 0.1340.
  auto d = all_benefit(6);
  d[0] = kam::direction::cost;
  check_all(kam::critic_weights(tus_adali(), d).weights,
            {0.1841, 0.2130, 0.1422, 0.1583, 0.1684, 0.1340}, 5e-5);
  // Inverting every column flips every correlation twice: the weights do not change.
  const std::vector<kam::direction> all_cost(6, kam::direction::cost);
  check_all(kam::critic_weights(tus_adali(), all_cost).weights,
            {0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, 5e-4);
  // The criteria_set overload reads the directions from the set.
  const kam::criteria_set c{kam::cost("price", 1), kam::benefit("b", 1), kam::benefit("c", 1),
                            kam::benefit("d", 1),  kam::benefit("e", 1), kam::benefit("f", 1)};
  CHECK_THAT(kam::critic_weights(tus_adali(), c).weights(0), WithinAbs(0.1841, 5e-5));
}

TEST_CASE("critic_weights: a constant column and bad input", "[weights]") {
  // A constant column carries no information (weight 0) and drops out of the other columns'
  // conflict sums; the result equals CRITIC on the other columns alone.
  Eigen::MatrixXd x(5, 7);
  x << tus_adali(), Eigen::VectorXd::Constant(5, 3.0);
  const auto r = kam::critic_weights(x, all_benefit(7));
  CHECK(r.constant_criteria == std::vector<Eigen::Index>{6});
  CHECK(r.weights(6) == 0.0);
  const auto without = kam::critic_weights(tus_adali(), all_benefit(6));
  for (Eigen::Index j = 0; j < 6; ++j)
    CHECK_THAT(r.weights(j), WithinAbs(without.weights(j), 1e-14));
  auto msg = kam_test::message_of<kam::shape_mismatch>(
      [&] { (void)kam::critic_weights(tus_adali(), all_benefit(5)); });
  CHECK_THAT(msg, Contains("kam::critic_weights: 'directions'") && Contains("5 directions for 6"));
  x = tus_adali();
  x(3, 4) = std::numeric_limits<double>::quiet_NaN();
  msg = kam_test::message_of<kam::non_finite_value>(
      [&] { (void)kam::critic_weights(x, all_benefit(6)); });
  CHECK_THAT(msg, Contains("'column 4', row 3"));
}

TEST_CASE("std_dev_weights and critic_weights: values near the limits of double", "[weights]") {
  // #20: a column from -1e308 to 1e308. Its standard deviation overflows: std_dev_weights says
  // so, naming the column, rather than returning NaN weights. CRITIC maps each column to
  // [0, 1] first, so the column is as good as any: it must equal the CRITIC weights of the same
  // column divided by 1e308 (the mapping is scale-free), not claim every column is constant.
  Eigen::MatrixXd x(4, 2);
  x << -1e308, 1,   //
      -0.5e308, 4,  //
      0.25e308, 2,  //
      1e308, 3;
  const auto msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::std_dev_weights(x); });
  CHECK_THAT(msg, Contains("kam::std_dev_weights") && Contains("'column 0'") &&
                      Contains("beyond the range of the type"));
  Eigen::MatrixXd scaled = x;
  scaled.col(0) /= 1e308;
  const std::vector<kam::direction> benefit(2, kam::direction::benefit);
  const auto huge = kam::critic_weights(x, benefit);
  const auto plain = kam::critic_weights(scaled, benefit);
  CHECK(huge.constant_criteria.empty());
  CHECK_THAT(huge.weights(0), WithinAbs(plain.weights(0), 1e-15));
  CHECK_THAT(huge.weights(1), WithinAbs(plain.weights(1), 1e-15));
}

// Tests of kam/scoring/weights.hpp: direct, equal, rank-order centroid, standard deviation,
// entropy, CRITIC and AHP weights against published and peer-documented values, and bad input.
#include <Eigen/Core>
#include <kam/scoring/weights.hpp>
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

// Saaty (1990), "How to make a decision: the Analytic Hierarchy Process", European Journal of
// Operational Research 48, 9-26: the house-buying example. Criteria: size, transportation,
// neighbourhood, age, yard, modern facilities, general condition, financing (Table 2). The data
// are also transcribed in LINDO's model AnaHierProc02 (which cites the paper).
Eigen::MatrixXd house_criteria() {
  Eigen::MatrixXd a(8, 8);
  a << 1, 5, 3, 7, 6, 6, 1. / 3, 1. / 4,                          //
      1. / 5, 1, 1. / 3, 5, 3, 3, 1. / 5, 1. / 7,                 //
      1. / 3, 3, 1, 6, 3, 4, 6, 1. / 5,                           //
      1. / 7, 1. / 5, 1. / 6, 1, 1. / 3, 1. / 4, 1. / 7, 1. / 8,  //
      1. / 6, 1. / 3, 1. / 3, 3, 1, 1. / 2, 1. / 5, 1. / 6,       //
      1. / 6, 1. / 3, 1. / 4, 4, 2, 1, 1. / 5, 1. / 6,            //
      3, 5, 1. / 6, 7, 5, 5, 1, 1. / 2,                           //
      4, 7, 5, 8, 6, 6, 2, 1;
  return a;
}

// The houses A, B, C compared under each criterion (Saaty 1990, Table 3; as in LINDO's model).
std::vector<Eigen::MatrixXd> house_alternatives() {
  const std::vector<std::vector<double>> upper{{6, 8, 4},             // size: A/B, A/C, B/C
                                               {7, 1. / 5, 1. / 8},   // transportation
                                               {8, 6, 1. / 4},        // neighbourhood
                                               {1, 1, 1},             // age
                                               {5, 4, 1. / 3},        // yard
                                               {8, 6, 1. / 5},        // modern facilities
                                               {1. / 2, 1. / 2, 1},   // general condition
                                               {1. / 7, 1. / 5, 3}};  // financing
  std::vector<Eigen::MatrixXd> out;
  for (const auto& u : upper) {
    Eigen::MatrixXd m(3, 3);
    m << 1, u[0], u[1], 1 / u[0], 1, u[2], 1 / u[1], 1 / u[2], 1;
    out.push_back(m);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Direct, equal, rank-order centroid

TEST_CASE("direct_weights: normalised to sum 1, float and double", "[weights]") {
  // 40/35/25 out of 100 (the issue #2 reference weights).
  Eigen::Vector3d w(40, 35, 25);
  check_all(kam::direct_weights(w), {0.40, 0.35, 0.25}, 1e-15);
  const Eigen::Vector3f wf(40, 35, 25);
  check_all(kam::direct_weights(wf), {0.40, 0.35, 0.25}, 1e-7);
  // They plug into a criteria set as they are.
  const kam::criteria_set c{kam::benefit("a", 1), kam::benefit("b", 1), kam::cost("c", 1)};
  CHECK_THAT(c.with_weights(kam::direct_weights(w)).weights()(1), WithinAbs(0.35, 1e-15));
}

TEST_CASE("direct_weights: bad weights", "[weights]") {
  Eigen::Vector3d w(1, -2, 3);
  auto msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::direct_weights(w); });
  CHECK_THAT(msg,
             Contains("kam::direct_weights") && Contains("'weights[1]'") && Contains("negative"));
  w << 1, std::numeric_limits<double>::quiet_NaN(), 1;
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)kam::direct_weights(w); });
  CHECK_THAT(msg, Contains("'weights[1]'"));
  w.setZero();
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::direct_weights(w); });
  CHECK_THAT(msg, Contains("all weights are zero"));
  CHECK_THROWS_AS(kam::direct_weights(Eigen::VectorXd()), kam::empty_input);
}

TEST_CASE("equal_weights", "[weights]") {
  check_all(kam::equal_weights(4), {0.25, 0.25, 0.25, 0.25}, 0.0);  // pymcdm's equal_weights test
  CHECK_THROWS_AS(kam::equal_weights(0), kam::empty_input);
}

TEST_CASE("rank_order_centroid: the n = 4 values of the issue", "[weights]") {
  // w_k = (1/4) sum_{i=k..4} 1/i: (1 + 1/2 + 1/3 + 1/4)/4 = 25/48 = 0.520833, 13/48 = 0.270833,
  // 7/48 = 0.145833, 1/16 = 0.0625 (Barron & Barrett 1996).
  check_all(kam::rank_order_centroid(4), {25. / 48, 13. / 48, 7. / 48, 1. / 16}, 1e-15);
  check_all(kam::rank_order_centroid(1), {1.0}, 0.0);
  CHECK_THROWS_AS(kam::rank_order_centroid(0), kam::empty_input);
}

TEST_CASE("rank_order_centroid_weights: criterion order, and the tie rule", "[weights]") {
  kam::index_vector ranks(4);
  ranks << 2, 1, 4, 3;  // criterion 1 is the most important
  check_all(kam::rank_order_centroid_weights(ranks), {13. / 48, 25. / 48, 1. / 16, 7. / 48}, 1e-15);
  ranks << 1, 2, 2, 4;  // the tied pair shares positions 2 and 3: (13/48 + 7/48) / 2 = 10/48
  check_all(kam::rank_order_centroid_weights(ranks), {25. / 48, 10. / 48, 10. / 48, 1. / 16},
            1e-15);
  ranks << 1, 2, 5, 3;
  const auto msg = kam_test::message_of<kam::out_of_bounds>(
      [&] { (void)kam::rank_order_centroid_weights(ranks); });
  CHECK_THAT(msg, Contains("kam::rank_order_centroid_weights") && Contains("'ranks[2]'") &&
                      Contains("outside [1, 4]"));
}

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

// ---------------------------------------------------------------------------------------------
// AHP

TEST_CASE("ahp: Saaty's house example, an inconsistent criteria matrix", "[weights][ahp]") {
  // Saaty 1990, Table 2: priorities .173 .054 .188 .018 .031 .036 .167 .333, lambda_max = 9.669,
  // CI = 0.238, CR = 0.169 (above 0.10: flagged, not thrown).
  const auto r = kam::ahp(house_criteria());
  check_all(r.weights, {0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333}, 5e-4);
  CHECK_THAT(r.lambda_max, WithinAbs(9.669, 5e-4));
  CHECK_THAT(r.consistency_index, WithinAbs(0.238, 5e-4));
  CHECK_THAT(r.consistency_ratio, WithinAbs(0.169, 5e-4));
  CHECK(r.random_index == 1.41);
  CHECK_FALSE(r.consistent);
  CHECK(r.converged);
  CHECK(r.method == kam::ahp_method::eigenvector);
  // A looser threshold accepts it; Tummala & Ling's RI for n = 8 (1.3952, pymcdm's table) gives
  // CR = 0.238412 / 1.3952 = 0.170880.
  kam::ahp_options o;
  o.cr_threshold = 0.2;
  CHECK(kam::ahp(house_criteria(), o).consistent);
  o.random_index = {0, 0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952};
  CHECK_THAT(kam::ahp(house_criteria(), o).consistency_ratio, WithinAbs(0.170880, 5e-6));
  // float
  const Eigen::MatrixXf af = house_criteria().cast<float>();
  check_all(kam::ahp(af).weights, {0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333}, 5e-4);
}

TEST_CASE("ahp: Wang & Chin 2011 (pymcdm's AHP test)", "[weights][ahp]") {
  // Wang & Chin (2011), Information Sciences 181(23), 5240-5248, via pymcdm's AHP test:
  // [0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391] (principal eigenvector).
  Eigen::MatrixXd a(6, 6);
  a << 1, 4, 3, 1, 3, 4, 1. / 4, 1, 7, 3, 1. / 5, 1, 1. / 3, 1. / 7, 1, 1. / 5, 1. / 5, 1. / 6, 1,
      1. / 3, 5, 1, 1, 1. / 3, 1. / 3, 5, 5, 1, 1, 3, 1. / 4, 1, 6, 3, 1. / 3, 1;
  check_all(kam::ahp(a).weights, {0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391}, 5e-5);
}

TEST_CASE("ahp: geometric mean, consistent matrices, n <= 2", "[weights][ahp]") {
  // Row geometric means of the house-size matrix (Saaty 1990, Table 3), by hand:
  // (1*6*8)^(1/3) = 3.634241, (1/6*1*4)^(1/3) = 0.873580, (1/8*1/4*1)^(1/3) = 0.314980; sum
  // 4.822801 -> 0.753554, 0.181135, 0.065311. The eigenvector gives .754 .181 .065, lambda_max
  // 3.136, CR .117 (numpy, benchmarks/peers/reference_values.py).
  kam::ahp_options o;
  o.method = kam::ahp_method::geometric_mean;
  const auto size = house_alternatives()[0];
  const auto g = kam::ahp(size, o);
  check_all(g.weights, {0.753554, 0.181135, 0.065311}, 5e-7);
  CHECK_THAT(g.lambda_max, WithinAbs(3.136, 5e-4));  // lambda_max is the Perron root either way
  const auto e = kam::ahp(size);
  check_all(e.weights, {0.754, 0.181, 0.065}, 5e-4);
  CHECK_THAT(e.consistency_ratio, WithinAbs(0.117, 5e-4));
  CHECK_FALSE(e.consistent);
  // A consistent matrix a_ij = w_i / w_j returns w exactly under both methods, CR 0.
  Eigen::VectorXd w(4);
  w << 0.4, 0.3, 0.2, 0.1;
  const Eigen::MatrixXd c = w * w.cwiseInverse().transpose();
  check_all(kam::ahp(c).weights, {0.4, 0.3, 0.2, 0.1}, 1e-12);
  check_all(kam::ahp(c, o).weights, {0.4, 0.3, 0.2, 0.1}, 1e-12);
  CHECK_THAT(kam::ahp(c).consistency_ratio, WithinAbs(0.0, 1e-12));
  CHECK(kam::ahp(c).consistent);
  // n = 2: always consistent, CR 0; 3 : 1 -> 0.75, 0.25.
  Eigen::Matrix2d two;
  two << 1, 3, 1. / 3, 1;
  const auto t = kam::ahp(two);
  check_all(t.weights, {0.75, 0.25}, 1e-12);
  CHECK(t.consistency_ratio == 0.0);
  CHECK(t.consistent);
}

TEST_CASE("ahp_hierarchy: Saaty's house example synthesised", "[weights][ahp]") {
  // Local priorities from the judgements of Saaty 1990, Table 3 (principal eigenvectors; numpy,
  // benchmarks/peers/reference_values.py): size .754 .181 .065; transportation .233 .054 .712;
  // neighbourhood .754 .065 .181; age 1/3 each; yard .674 .101 .226; modern .747 .060 .193;
  // condition .2 .4 .4; financing .072 .649 .279. Global = local x criteria weights: A .396,
  // B .341, C .263.
  const auto h = kam::ahp_hierarchy(house_criteria(), house_alternatives());
  check_all(h.local_priorities.col(1), {0.233, 0.054, 0.712}, 5e-4);
  check_all(h.local_priorities.col(6), {0.2, 0.4, 0.4}, 1e-12);
  check_all(h.local_priorities.col(7), {0.072, 0.649, 0.279}, 5e-4);
  check_all(h.global, {0.396, 0.341, 0.263}, 5e-4);
  CHECK_THAT(h.global.sum(), WithinAbs(1.0, 1e-12));
  // Inconsistent: the criteria (-1), size (0, CR .117), transportation (1, CR .213),
  // neighbourhood (2, .117) and modern facilities (5, .170); yard .074 and financing .056 pass.
  CHECK(h.inconsistent == std::vector<Eigen::Index>{-1, 0, 1, 2, 5});
}

TEST_CASE("ahp: bad matrices and options", "[weights][ahp]") {
  Eigen::MatrixXd a = house_criteria();
  auto msg = kam_test::message_of<kam::shape_mismatch>([&] { (void)kam::ahp(a.leftCols(7)); });
  CHECK_THAT(msg, Contains("kam::ahp: 'pairwise'") && Contains("square"));
  a(2, 5) = -4;
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::ahp(a); });
  CHECK_THAT(msg, Contains("kam::ahp: 'pairwise', row 2") && Contains("entry (2, 5) is -4") &&
                      Contains("positive"));
  a = house_criteria();
  a(1, 3) = 4;  // a(3, 1) is 1/5
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::ahp(a); });
  CHECK_THAT(msg, Contains("'pairwise', row 1") && Contains("not reciprocal"));
  a = house_criteria();
  a(4, 4) = 2;
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::ahp(a); });
  CHECK_THAT(msg, Contains("row 4") && Contains("it must be 1"));
  a = house_criteria();
  a(0, 1) = std::numeric_limits<double>::quiet_NaN();
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)kam::ahp(a); });
  CHECK_THAT(msg, Contains("'pairwise', row 0"));
  // 0.33 typed for 1/3 and 0.12 for 1/8 are within the default tolerance (0.99, 0.96).
  a = house_criteria();
  a(0, 6) = 0.33;
  a(7, 3) = 8;
  a(3, 7) = 0.12;
  CHECK_NOTHROW(kam::ahp(a));
  // n = 16 is beyond Saaty's table: it needs a user index.
  const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(16, 16);
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::ahp(ones); });
  CHECK_THAT(msg, Contains("'random_index'") && Contains("n = 16"));
  kam::ahp_options o;
  o.random_index = kam::saaty_random_index();
  o.random_index.push_back(1.60);
  CHECK(kam::ahp(ones, o).consistent);
  CHECK_THROWS_AS(kam::ahp(Eigen::MatrixXd()), kam::empty_input);
  // One alternatives matrix per criterion.
  auto alts = house_alternatives();
  alts.pop_back();
  msg = kam_test::message_of<kam::shape_mismatch>(
      [&] { (void)kam::ahp_hierarchy(house_criteria(), alts); });
  CHECK_THAT(msg, Contains("kam::ahp_hierarchy: 'alternatives'") && Contains("7 alternatives"));
  alts = house_alternatives();
  alts[3](0, 1) = 2;  // age: not reciprocal with a(1, 0) = 1
  msg = kam_test::message_of<kam::invalid_input>(
      [&] { (void)kam::ahp_hierarchy(house_criteria(), alts); });
  CHECK_THAT(msg, Contains("'alternatives[3]', row 0"));
}

TEST_CASE("ahp: results describe themselves", "[weights][ahp]") {
  Eigen::Matrix2d two;
  two << 1, 3, 1. / 3, 1;
  CHECK(kam::to_string(kam::ahp(two)) ==
        "{weights: [0.75, 0.25], lambda_max: 2, consistency_index: 0, random_index: 0, "
        "consistency_ratio: 0, consistent: true, converged: true, iterations: 2, method: "
        "eigenvector}");
  CHECK(kam::enum_from_name<kam::ahp_method>("geometric_mean") == kam::ahp_method::geometric_mean);
}

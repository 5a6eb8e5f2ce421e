// Tests of kam/scoring/subjective_weights.hpp: direct, equal and rank-order centroid weights.
#include <Eigen/Core>
#include <kam/core/concepts.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/subjective_weights.hpp>
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

TEST_CASE("equal_weights, rank_order_centroid: the number of weights is bounded", "[weights]") {
  // n = 1e12 was a std::bad_alloc; now an error naming n and the limit, before allocating.
  CHECK(kam::equal_weights(kam::max_generated_weights).size() == kam::max_generated_weights);
  for (const Eigen::Index n : {kam::max_generated_weights + 1, Eigen::Index{1'000'000'000'000},
                               std::numeric_limits<Eigen::Index>::max()}) {
    CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::equal_weights(n); }) ==
          kam_test::numbered("kam::equal_weights: 'n': n = ", n) +
              "; at most max_generated_weights = 1000000 weights");
    CHECK_THROWS_AS(kam::rank_order_centroid(n), kam::out_of_bounds);
  }
  CHECK_THROWS_AS(kam::rank_order_centroid(0), kam::empty_input);
}

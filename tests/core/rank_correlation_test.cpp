// Tests of kam/core/rank_correlation.hpp: Spearman's rho and Kendall's tau-b against scipy's
// documented examples, the pair-by-pair definition, and bad input.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/rank_correlation.hpp>
#include <limits>
#include <random>

#include "catch.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

TEST_CASE("spearman and kendall_tau_b: scipy's documented examples (with ties)",
          "[rank_correlation]") {
  // scipy.stats.kendalltau docs: x1 = [12, 2, 1, 12, 2], x2 = [1, 4, 7, 1, 0] -> tau-b
  // -0.47140452079103173.
  Eigen::VectorXd a(5);
  Eigen::VectorXd b(5);
  a << 12, 2, 1, 12, 2;
  b << 1, 4, 7, 1, 0;
  CHECK_THAT(kam::kendall_tau_b(a, b), WithinAbs(-0.47140452079103173, 1e-15));
  // scipy.stats.spearmanr docs: [1, 2, 3, 4, 5] vs [5, 6, 7, 8, 7] -> 0.8207826816681233.
  a << 1, 2, 3, 4, 5;
  b << 5, 6, 7, 8, 7;
  CHECK_THAT(kam::spearman(a, b), WithinAbs(0.8207826816681233, 1e-15));
  // Without ties, by hand: 1..5 against 3, 1, 2, 5, 4: 3 discordant pairs of 10 -> tau 0.4;
  // d = (2, 1, 1, 1, 1) -> rho = 1 - 6 * 8 / 120 = 0.6. Integer ranks are accepted as they are.
  kam::index_vector r(5);
  kam::index_vector s(5);
  r << 1, 2, 3, 4, 5;
  s << 3, 1, 2, 5, 4;
  CHECK_THAT(kam::kendall_tau_b(r, s), WithinAbs(0.4, 1e-15));
  CHECK_THAT(kam::spearman(r, s), WithinAbs(0.6, 1e-15));
  CHECK_THAT(kam::kendall_tau_b(r, (6 - r.array()).matrix()), WithinAbs(-1.0, 1e-15));
}

TEST_CASE("kendall_tau_b: the O(N log N) count agrees with the pair-by-pair definition",
          "[rank_correlation]") {
  // tau-b straight from its definition over all pairs (O(N^2)), on 300 values with many ties.
  std::mt19937_64 g(7);
  Eigen::VectorXd a(300);
  Eigen::VectorXd b(300);
  for (Eigen::Index i = 0; i < 300; ++i) {
    a(i) = static_cast<double>(g() % 12);
    b(i) = static_cast<double>(g() % 9) + 0.1 * a(i);
  }
  double concordant = 0, discordant = 0, ties_a = 0, ties_b = 0, pairs = 0;
  for (Eigen::Index i = 0; i < 300; ++i) {
    for (Eigen::Index j = i + 1; j < 300; ++j) {
      const double da = a(i) - a(j);
      const double db = b(i) - b(j);
      pairs += 1;
      if (da == 0) ties_a += 1;
      if (db == 0) ties_b += 1;
      if (da * db > 0) concordant += 1;
      if (da * db < 0) discordant += 1;
    }
  }
  const double expected =
      (concordant - discordant) / std::sqrt((pairs - ties_a) * (pairs - ties_b));
  CHECK_THAT(kam::kendall_tau_b(a, b), WithinAbs(expected, 1e-14));
}

TEST_CASE("spearman and kendall_tau_b: bad input", "[rank_correlation]") {
  Eigen::VectorXd a(3);
  Eigen::VectorXd b(4);
  a << 1, 2, 3;
  b << 1, 2, 3, 4;
  auto msg = kam_test::message_of<kam::shape_mismatch>([&] { (void)kam::spearman(a, b); });
  CHECK_THAT(msg, Contains("kam::spearman: 'b'") && Contains("3 and 4"));
  b.resize(3);
  b << 2, 2, 2;
  msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::kendall_tau_b(a, b); });
  CHECK_THAT(msg, Contains("kam::kendall_tau_b: 'b'") && Contains("undefined"));
  CHECK_THROWS_AS(kam::spearman(a, b), kam::invalid_input);
  b << 1, std::numeric_limits<double>::quiet_NaN(), 3;
  msg = kam_test::message_of<kam::non_finite_value>([&] { (void)kam::spearman(a, b); });
  CHECK_THAT(msg, Contains("'b', row 1"));
  CHECK_THROWS_AS(kam::kendall_tau_b(a.head(1), b.head(1)), kam::empty_input);
}

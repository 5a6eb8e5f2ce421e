// Tests of kam/retention/metrics.hpp, deprecated: it still gives every retention metric. The
// metrics themselves are tested with their headers (movements, revenue_retention, cohorts,
// rates, wallet).
#include <Eigen/Core>
#include <kam/retention/metrics.hpp>

#include "catch.hpp"
#include "retention/revenue_book.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("metrics.hpp (deprecated) forwards to the five retention metrics headers", "[metrics]") {
  const auto book = kam_test::book<double>();
  // The book's hand-computed figures (see revenue_book.hpp and the tests of each header).
  CHECK(kam::movements(book).at(0, 1) == kam::movement::expansion);  // A0: 100 -> 120
  CHECK_THAT(kam::revenue_retention(book).grr(0), WithinRel(330.0 / 380.0, 1e-14));
  CHECK(kam::cohorts(book).size(0) == 3);  // A0, A1 and A3 start in period 0
  CHECK_THAT(kam::customer_retention_rate(100, 110, 20), WithinAbs(0.9, 1e-15));
  CHECK_THAT(kam::rescale_churn(0.02, 12.0), WithinRel(0.21528327626520016, 1e-14));
  CHECK(kam::share_of_wallet(Eigen::Vector2d(20, 50), Eigen::Vector2d(100, 50))(0) == 0.2);
  CHECK_THAT(kam::wallet_allocation_share(1.0, 3), WithinAbs(0.5, 1e-15));  // Keiningham 2011
}

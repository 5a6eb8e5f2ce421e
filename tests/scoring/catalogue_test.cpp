// Tests of kam/scoring/catalogue.hpp: the default key-account selection criteria.
#include <kam/scoring/catalogue.hpp>
#include <string>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;

TEST_CASE("catalogue: the eight selection criteria of DESIGN.md", "[catalogue]") {
  const auto c = kam::selection_catalogue();
  CHECK(c.names() == std::vector<std::string>{"current_revenue", "growth_potential",
                                              "cross_up_sell", "win_expand", "effort",
                                              "relationship_strength", "fit", "logo_value"});
  // Starting weights 25/20/15/10/10/10/5/5 out of 100.
  CHECK_THAT(c.weights()(0), WithinAbs(0.25, 1e-15));
  CHECK_THAT(c.weights()(7), WithinAbs(0.05, 1e-15));
  CHECK_THAT(c.weights().sum(), WithinAbs(1.0, 1e-15));
  // Effort is the one cost criterion.
  for (Eigen::Index j = 0; j < c.size(); ++j)
    CHECK((c[j].direction == kam::direction::cost) == (c[j].name == "effort"));
  CHECK(c[0].normalization == kam::normalization::percentile_rank);
  CHECK(c[4].low == 1.0);
  CHECK(c[4].high == 5.0);
}

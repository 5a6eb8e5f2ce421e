// Tests of kam/segmentation/kmeans_options.hpp: the defaults the documentation states, and the
// member names a configuration file uses.
#include <kam/core/describe.hpp>
#include <kam/segmentation/kmeans_options.hpp>
#include <string>
#include <vector>

#include "catch.hpp"

TEST_CASE("kmeans_options: documented defaults", "[kmeans_options]") {
  // k = 8, one run, scikit-learn's max_iter = 300 and tol = 1e-4, seed 0, raw values,
  // scikit-learn's 2 + floor(ln k) local trials (0), the caller's thread only (1).
  const kam::kmeans_options o;
  CHECK(o.k == 8);
  CHECK(o.restarts == 1);
  CHECK(o.max_iterations == 300);
  CHECK(o.tolerance == 1e-4);
  CHECK(o.seed == 0);
  CHECK_FALSE(o.standardize);
  CHECK(o.local_trials == 0);
  CHECK(o.threads == 1U);
}

TEST_CASE("kmeans_options: described member names", "[kmeans_options]") {
  CHECK(kam::member_names<kam::kmeans_options>() ==
        std::vector<std::string>{"k", "restarts", "max_iterations", "tolerance", "seed",
                                 "standardize", "local_trials", "threads"});
}

// Tests of kam/segmentation/quantile_method.hpp: the method names configuration files use, and
// what each method reads between two order statistics (numpy.quantile's methods).
#include <Eigen/Core>
#include <kam/core/describe.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <kam/segmentation/quantile_method.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"

TEST_CASE("quantile_method: names in and out", "[quantile_method]") {
  CHECK(kam::enum_names<kam::quantile_method>() ==
        std::vector<std::string>{"linear", "lower", "higher", "midpoint", "nearest"});
  CHECK(kam::enum_from_name<kam::quantile_method>("midpoint") == kam::quantile_method::midpoint);
  CHECK(kam::enum_name(kam::quantile_method::nearest) == "nearest");
  CHECK_THROWS_AS(kam::enum_from_name<kam::quantile_method>("median"), kam::unknown_name);
}

TEST_CASE("quantile_method: each method between two order statistics", "[quantile_method]") {
  // Values 10, 20, 30, 40 (n = 4); p = 0.5 gives h = 1.5, between x_1 = 20 and x_2 = 30, so
  // numpy.quantile([10, 20, 30, 40], 0.5, method=m) is linear 25, lower 20, higher 30,
  // midpoint 25, and nearest 30 (np.around(1.5) = 2, the even index).
  Eigen::VectorXd v(4);
  v << 40, 10, 30, 20;
  const auto at = [&](kam::quantile_method m) { return kam::quantiles(v, {0.5}, m)(0); };
  CHECK(at(kam::quantile_method::linear) == 25.0);
  CHECK(at(kam::quantile_method::lower) == 20.0);
  CHECK(at(kam::quantile_method::higher) == 30.0);
  CHECK(at(kam::quantile_method::midpoint) == 25.0);
  CHECK(at(kam::quantile_method::nearest) == 30.0);
  // Values 10, 20, 30 (n = 3): p = 0.25 gives h = 0.5, which rounds to the even index 0 (10);
  // p = 0.75 gives h = 1.5, which rounds to the even index 2 (30).
  const Eigen::Vector3d w(10, 20, 30);
  CHECK(kam::quantiles(w, {0.25, 0.75}, kam::quantile_method::nearest) == Eigen::Vector2d(10, 30));
}

TEST_CASE("quantile_method: values near the limits of double give finite quantiles",
          "[quantile_method]") {
  // #20: b - a overflows for -1e308 and 1e308; the quantile is then a (1 - t) + b t: the
  // midpoint is 0, linear at p = 0.25 (h = 0.25) is -1e308 x 0.75 + 1e308 x 0.25 = -5e307.
  const Eigen::Vector2d v(1e308, -1e308);
  CHECK(kam::quantiles(v, {0.5}, kam::quantile_method::midpoint)(0) == 0.0);
  CHECK(kam::quantiles(v, {0.5}, kam::quantile_method::linear)(0) == 0.0);
  CHECK_THAT(kam::quantiles(v, {0.25}, kam::quantile_method::linear)(0),
             Catch::Matchers::WithinRel(-5e307, 1e-15));
  const Eigen::Vector2d top(std::numeric_limits<double>::max(),
                            -std::numeric_limits<double>::max());
  const Eigen::VectorXd q =
      kam::quantiles(top, {0.0, 0.1, 0.5, 0.9, 1.0}, kam::quantile_method::linear);
  CHECK(q.allFinite());
  CHECK(q(0) == -std::numeric_limits<double>::max());
  CHECK(q(4) == std::numeric_limits<double>::max());
}

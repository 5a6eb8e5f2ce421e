// Tests of kam/segmentation/quantile_method.hpp: the method names configuration files use, and
// what each method reads between two order statistics (numpy.quantile's methods).
#include <Eigen/Core>
#include <kam/core/describe.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <kam/segmentation/quantile_method.hpp>
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

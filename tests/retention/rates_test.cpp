// Tests of kam/retention/rates.hpp: the customer retention rate and rates rescaled between periods.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/rates.hpp>
#include <limits>
#include <string>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("customer_retention_rate: (E - N) / S", "[rates]") {
  // 100 customers at the start, 110 at the end of whom 20 are new: 90 of 100 retained.
  CHECK_THAT(kam::customer_retention_rate(100, 110, 20), WithinAbs(0.9, 1e-15));
  CHECK(kam::customer_retention_rate<float>(4, 4, 0) == 1.0f);
  CHECK(kam_test::message_of<kam::invalid_input>(
            [] { (void)kam::customer_retention_rate(100, 110, 5); }) ==
        "kam::customer_retention_rate: 'end': 105 retained customers but only 100 at the "
        "start");
  CHECK_THROWS_AS(kam::customer_retention_rate(0, 1, 1), kam::invalid_input);
  CHECK_THROWS_AS(kam::customer_retention_rate(10, 5, 6), kam::invalid_input);
}

TEMPLATE_TEST_CASE("rescale_churn: annual = 1 - (1 - monthly)^12, never 12 x monthly", "[rates]",
                   float, double) {
  const double e = std::is_same_v<TestType, float> ? 1e-6 : 1e-14;
  // 2 % a month: 1 - 0.98^12 = 0.2152832762652..., not 0.24.
  CHECK_THAT(kam::rescale_churn<TestType>(TestType(0.02), 12), WithinRel(0.21528327626520016, e));
  // 30 % a year: 1 - 0.7^(1/12) = 0.0292855303767776 a month.
  CHECK_THAT(kam::rescale_churn<TestType>(TestType(0.3), TestType(1) / 12),
             WithinRel(0.029285530376777613, e));
  // Round trip, and the edges 0 and 1.
  const TestType m = kam::rescale_churn<TestType>(kam::rescale_churn<TestType>(TestType(0.05), 12),
                                                  TestType(1) / 12);
  CHECK_THAT(m, WithinRel(0.05, e * 10));
  CHECK(kam::rescale_churn<TestType>(0, 12) == 0);
  CHECK(kam::rescale_churn<TestType>(1, 12) == 1);
  CHECK_THAT(kam::rescale_retention<TestType>(TestType(0.98), 12),
             WithinRel(1 - 0.21528327626520016, e));
  CHECK(kam_test::message_of<kam::out_of_bounds>([] {
          (void)kam::rescale_churn<double>(1.5, 12);
        }) == "kam::rescale_churn: 'churn': churn is 1.5; it must be in [0, 1]");
  CHECK(kam_test::message_of<kam::out_of_bounds>([] {
          (void)kam::rescale_retention<double>(-0.1, 12);
        }) == "kam::rescale_retention: 'retention': retention is -0.1; it must be in [0, 1]");
  CHECK_THROWS_AS(kam::rescale_churn<double>(0.1, 0), kam::out_of_bounds);
}

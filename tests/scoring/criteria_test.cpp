// Tests of kam/scoring/criteria.hpp: criteria, their validation, and set operations.
#include <cmath>
#include <kam/scoring/criteria.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

using Catch::Matchers::WithinAbs;

namespace {
kam::criteria_set reference_set() {
  // The reference case of issue #2: revenue 40, growth 35, effort 25 (a cost).
  return {kam::benefit("revenue", 40), kam::benefit("growth", 35), kam::cost("effort", 25)};
}
}  // namespace

TEST_CASE("criteria: relative weights are normalised to sum 1", "[criteria]") {
  const auto c = reference_set();
  REQUIRE(c.size() == 3);
  CHECK_THAT(c.weights()(0), WithinAbs(0.40, 1e-15));  // 40 / 100
  CHECK_THAT(c.weights()(1), WithinAbs(0.35, 1e-15));
  CHECK_THAT(c.weights()(2), WithinAbs(0.25, 1e-15));
  CHECK(c[0].weight == 40.0);  // as given
  CHECK(c[2].direction == kam::direction::cost);
  CHECK(c[2].normalization == kam::normalization::min_max);
  CHECK(c.names() == std::vector<std::string>{"revenue", "growth", "effort"});
  // A zero weight is allowed as long as another is positive.
  const kam::criteria_set z{kam::benefit("a", 0), kam::benefit("b", 3)};
  CHECK(z.weights()(0) == 0.0);
  CHECK(z.weights()(1) == 1.0);
}

TEST_CASE("criteria: fluent builders", "[criteria]") {
  const auto c = kam::cost("effort", 25).on_scale(1, 5);
  CHECK(c.normalization == kam::normalization::fixed_range);
  CHECK(c.low == 1.0);
  CHECK(c.high == 5.0);
  CHECK(kam::benefit("x", 1).normalized_by(kam::normalization::z_score).normalization ==
        kam::normalization::z_score);
}

TEST_CASE("criteria: lookups and value-semantic edits", "[criteria]") {
  const auto c = reference_set();
  CHECK(c.index_of("effort") == 2);
  CHECK(c.find("nope") == std::nullopt);
  const auto r = c.reweighted("effort", 0);  // 40 / 75 and 35 / 75
  CHECK_THAT(r.weights()(0), WithinAbs(40.0 / 75.0, 1e-15));
  CHECK(r.weights()(2) == 0.0);
  const auto w = c.without("growth");  // 40 / 65 and 25 / 65
  CHECK(w.names() == std::vector<std::string>{"revenue", "effort"});
  CHECK_THAT(w.weights()(1), WithinAbs(25.0 / 65.0, 1e-15));
  CHECK(c.with(kam::benefit("fit", 10)).size() == 4);
  const auto s = c.select({"effort", "revenue"});
  CHECK(s.names() == std::vector<std::string>{"effort", "revenue"});
  const auto e = c.with_weights(std::vector<double>{1, 1, 2});
  CHECK(e.weights()(2) == 0.5);
  CHECK(c == reference_set());
  CHECK_FALSE(c == e);
}

TEST_CASE("criteria: bad weights are clear errors naming the criterion", "[criteria]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::invalid_input>([] {
          (void)kam::criteria_set{kam::benefit("revenue", 40), kam::benefit("growth", -1)};
        }) == "kam::criteria_set: 'growth': weight -1 is negative");
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::criteria_set{kam::benefit("revenue", nan)};
        }) == "kam::criteria_set: 'revenue': weight is nan");
  CHECK(kam_test::message_of<kam::invalid_input>([] {
          (void)kam::criteria_set{kam::benefit("a", 0), kam::cost("b", 0)};
        }) == "kam::criteria_set: 'weight': all weights are zero; at least one must be positive");
  CHECK_THROWS_AS((kam::criteria_set{kam::benefit("a", 1e308), kam::benefit("b", 1e308)}),
                  kam::invalid_input);
  CHECK(kam_test::message_of<kam::shape_mismatch>([] {
          (void)reference_set().with_weights(std::vector<double>{1, 2});
        }) == "kam::criteria_set::with_weights: 'weights': 2 weights for 3 criteria");
}

TEST_CASE("criteria: bad names and scales are clear errors", "[criteria]") {
  CHECK_THROWS_AS(kam::criteria_set(std::vector<kam::criterion>{}), kam::empty_input);
  CHECK(kam_test::message_of<kam::duplicate_name>([] {
          (void)kam::criteria_set{kam::benefit("fit", 1), kam::cost("effort", 1),
                                  kam::benefit("fit", 2)};
        }) == "kam::criteria_set: 'fit': criterion name used twice (positions 0 and 2)");
  CHECK_THROWS_AS((kam::criteria_set{kam::benefit("", 1)}), kam::invalid_input);
  CHECK(kam_test::message_of<kam::invalid_input>([] {
          (void)kam::criteria_set{kam::benefit("rating", 1).on_scale(5, 1)};
        }) == "kam::criteria_set: 'rating': fixed_range bounds need finite low < high, got [5, 1]");
  CHECK_THROWS_AS((kam::criteria_set{kam::benefit("rating", 1).on_scale(3, 3)}),
                  kam::invalid_input);
  kam::criterion bad = kam::benefit("x", 1);
  bad.direction = static_cast<kam::direction>(5);
  CHECK_THROWS_AS((kam::criteria_set{bad}), kam::invalid_input);
  const auto unknown = kam_test::message_of<kam::unknown_name>(
      [] { (void)reference_set().reweighted("revnue", 3); });
  CHECK(unknown ==
        "kam::criteria_set::reweighted: 'criterion': unknown name 'revnue'; known: 'revenue', "
        "'growth', 'effort'");
  CHECK_THROWS_AS(reference_set().without("x"), kam::unknown_name);
  CHECK_THROWS_AS(reference_set().select({"revenue", "revenue"}), kam::duplicate_name);
}

TEST_CASE("criteria: enums convert to and from their names", "[criteria]") {
  CHECK(kam::enum_name(kam::normalization::percentile_rank) == "percentile_rank");
  CHECK(kam::enum_from_name<kam::direction>("cost") == kam::direction::cost);
  CHECK_THROWS_AS(kam::enum_from_name<kam::normalization>("minmax"), kam::unknown_name);
  CHECK(kam::to_string(kam::cost("effort", 25).on_scale(1, 5)) ==
        "{name: \"effort\", weight: 25, direction: cost, normalization: fixed_range, low: 1, high: "
        "5}");
}

TEST_CASE("criteria_set::operator[] checks the index in every build type",
          "[criteria][bad-input][index]") {
  const auto c = reference_set();
  CHECK(c[0].name == "revenue");
  CHECK(c[2].name == "effort");
  for (const std::ptrdiff_t j : {std::ptrdiff_t{-1}, std::ptrdiff_t{3}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)c[j]; }, "kam::criteria_set::operator[]", "j", j,
                                "[0, 3)");
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)c[3]; }) ==
        "kam::criteria_set::operator[]: 'j': criterion 3 is outside [0, 3)");
}

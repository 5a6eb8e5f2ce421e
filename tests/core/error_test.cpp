// Tests of kam/core/error.hpp: the hierarchy, the catch sites it supports, the message format.
#include <kam/core/error.hpp>
#include <stdexcept>
#include <string>

#include "catch.hpp"

TEST_CASE("error: message names the function, the field and the row", "[error]") {
  const kam::invalid_input e({"kam::score", "revenue", 3}, "value is NaN");
  CHECK(std::string(e.what()) == "kam::score: 'revenue', row 3: value is NaN");
  CHECK(e.function() == "kam::score");
  CHECK(e.field() == "revenue");
  REQUIRE(e.row());
  CHECK(*e.row() == 3);
}

TEST_CASE("error: parts that are absent are left out of the message", "[error]") {
  CHECK(std::string(kam::invalid_input({"kam::f", "", std::nullopt}, "bad").what()) ==
        "kam::f: bad");
  CHECK(std::string(kam::invalid_input({"kam::f", "", 7}, "bad").what()) == "kam::f: row 7: bad");
  CHECK(std::string(kam::invalid_input({"kam::f", "x", std::nullopt}, "bad").what()) ==
        "kam::f: 'x': bad");
}

TEST_CASE("error: each subtype is caught as kam::error and as its standard base", "[error]") {
  const auto throws = [](int which) {
    switch (which) {
      case 0:
        throw kam::shape_mismatch({"kam::f", "w", std::nullopt}, "m");
      case 1:
        throw kam::empty_input({"kam::f", "w", std::nullopt}, "m");
      case 2:
        throw kam::non_finite_value({"kam::f", "w", 1}, "m");
      case 3:
        throw kam::duplicate_name({"kam::f", "w", std::nullopt}, "m");
      case 4:
        throw kam::out_of_bounds({"kam::f", "w", 2}, "m");
      default:
        throw kam::unknown_name({"kam::f", "w", std::nullopt}, "zz", {"a", "b"});
    }
  };
  for (int which = 0; which < 6; ++which) {
    CHECK_THROWS_AS(throws(which), kam::error);
    CHECK_THROWS_AS(throws(which), std::exception);
    CHECK_THROWS_AS(throws(which), std::logic_error);
  }
  CHECK_THROWS_AS(throws(0), std::invalid_argument);
  CHECK_THROWS_AS(throws(0), kam::invalid_input);
  CHECK_THROWS_AS(throws(2), kam::invalid_input);
  CHECK_THROWS_AS(throws(4), std::out_of_range);
  CHECK_THROWS_AS(throws(5), std::out_of_range);
}

TEST_CASE("error: unknown_name lists the names that would have been accepted", "[error]") {
  const kam::unknown_name e({"kam::criteria_set::index_of", "criterion", std::nullopt}, "revnue",
                            {"revenue", "growth"});
  CHECK(std::string(e.what()) ==
        "kam::criteria_set::index_of: 'criterion': unknown name 'revnue'; known: 'revenue', "
        "'growth'");
  CHECK(e.known() == std::vector<std::string>{"revenue", "growth"});
}

TEST_CASE("error: what() through the kam::error interface is the same message", "[error]") {
  try {
    throw kam::out_of_bounds({"kam::score", "effort", 0}, "value 7 is outside the scale [1, 5]");
  } catch (const kam::error& e) {
    CHECK(std::string(e.what()) ==
          "kam::score: 'effort', row 0: value 7 is outside the scale [1, 5]");
    CHECK(e.row() == 0);
  }
}

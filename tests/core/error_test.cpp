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

TEST_CASE("error: an element of a list field is named as field[index]", "[error]") {
  const kam::invalid_input e({"kam::tiers_by_bands", "edges", std::nullopt, 2},
                             "edges must increase");
  CHECK(std::string(e.what()) == "kam::tiers_by_bands: 'edges[2]': edges must increase");
  CHECK(e.field() == "edges");
  CHECK(e.index() == 2);
  CHECK_FALSE(e.row());
  const kam::invalid_input with_row({"kam::f", "shares", 4, 0}, "bad");
  CHECK(std::string(with_row.what()) == "kam::f: 'shares[0]', row 4: bad");
}

TEST_CASE("error: reason() is the message without its site", "[error]") {
  const kam::non_finite_value e({"kam::score", "revenue", 3}, "value is NaN");
  CHECK(e.reason() == "value is NaN");
  const kam::unknown_name u({"kam::f", "criterion", std::nullopt}, "revnue", {"revenue"});
  CHECK(u.reason() == "unknown name 'revnue'; known: 'revenue'");
  CHECK(u.name() == "revnue");
  CHECK(u.site().field == "criterion");
}

TEST_CASE("error: rethrow_at keeps the type and the reason and replaces the site", "[error]") {
  // A chunk's row 2 is the caller's row 4098 when the chunk starts at row 4096.
  const kam::out_of_bounds chunk({"kam::fit_reference", "rating", 2}, "value 7 is outside [1, 5]");
  try {
    chunk.rethrow_at({"kam::reference_builder::add", "rating", 4098, std::nullopt});
  } catch (const kam::out_of_bounds& e) {
    CHECK(std::string(e.what()) ==
          "kam::reference_builder::add: 'rating', row 4098: value 7 is outside [1, 5]");
    CHECK(e.reason() == chunk.reason());
  }
  const kam::unknown_name u({"kam::f", "criterion", std::nullopt}, "zz", {"a", "b"});
  try {
    u.rethrow_at({"kam::g", "criteria[1]", std::nullopt, std::nullopt});
  } catch (const kam::unknown_name& e) {
    CHECK(std::string(e.what()) == "kam::g: 'criteria[1]': unknown name 'zz'; known: 'a', 'b'");
    CHECK(e.known() == std::vector<std::string>{"a", "b"});
  }
  const auto check_type = [](const kam::error& e, auto tag) {
    try {
      e.rethrow_at({"kam::g", "", std::nullopt, std::nullopt});
    } catch (const decltype(tag)&) {
      return true;
    } catch (...) {
      return false;
    }
    return false;  // not reached: rethrow_at always throws
  };
  CHECK(check_type(kam::shape_mismatch({"f", "", {}}, "m"), kam::shape_mismatch({"", "", {}}, "")));
  CHECK(check_type(kam::empty_input({"f", "", {}}, "m"), kam::empty_input({"", "", {}}, "")));
  CHECK(check_type(kam::duplicate_name({"f", "", {}}, "m"), kam::duplicate_name({"", "", {}}, "")));
  CHECK(check_type(kam::non_finite_value({"f", "", {}}, "m"),
                   kam::non_finite_value({"", "", {}}, "")));
  CHECK_FALSE(
      check_type(kam::invalid_input({"f", "", {}}, "m"), kam::shape_mismatch({"", "", {}}, "")));
}

TEST_CASE("error: numbers in messages are in their shortest round-trip form", "[error]") {
  // std::to_chars' shortest form: 0.1 reads back as the double nearest 0.1.
  CHECK(kam::detail::cat({"w = ", 0.1}) == "w = 0.1");
  CHECK(kam::detail::cat({-0.1, ' ', 1e20, ' ', 0.00025, ' ', 1000000.0}) ==
        "-0.1 1e+20 0.00025 1000000");
  CHECK(kam::detail::cat({std::ptrdiff_t{-3}, ' ', std::size_t{7}, ' ', true}) == "-3 7 true");
  CHECK(kam::detail::cat({0.1f}) == "0.1");
}

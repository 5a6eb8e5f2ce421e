// Tests of kam/segmentation/condition.hpp: building conditions with kam::field and the
// operators, the condition syntax (kam::parse_condition) and writing it back (kam::to_text).
#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/segmentation/condition.hpp>
#include <string>
#include <vector>

#include "catch.hpp"

TEST_CASE("condition operators: && and || flatten groups of their own kind", "[condition]") {
  // (a > 1 && b < 2) && c == 3: one `all` group of three predicates, in order.
  const auto all = (kam::field("a") > 1 && kam::field("b") < 2) && kam::field("c") == 3;
  CHECK(all.logic == kam::group_logic::all);
  REQUIRE(all.predicates.size() == 3);
  CHECK(all.predicates[0].field == "a");
  CHECK(all.predicates[1].op == kam::predicate_op::less);
  CHECK(all.predicates[2].value == 3.0);
  CHECK(all.groups.empty());
  // (a > 1 || b < 2) && c == 3: the `any` pair stays a nested group, c joins the `all` level.
  const auto mixed = (kam::field("a") > 1 || kam::field("b") < 2) && kam::field("c") == 3;
  CHECK(mixed.logic == kam::group_logic::all);
  REQUIRE(mixed.predicates.size() == 1);
  CHECK(mixed.predicates[0].field == "c");
  REQUIRE(mixed.groups.size() == 1);
  CHECK(mixed.groups[0].logic == kam::group_logic::any);
  CHECK(mixed.groups[0].predicates.size() == 2);
  // Category tests: == text is in({text}), != text is not_in({text}); between keeps both bounds.
  const auto cat = kam::field("region") != "DACH" || kam::field("x").between(1, 2);
  CHECK(cat.logic == kam::group_logic::any);
  REQUIRE(cat.predicates.size() == 2);
  CHECK(cat.predicates[0].op == kam::predicate_op::not_in);
  CHECK(cat.predicates[0].categories == std::vector<std::string>{"DACH"});
  CHECK(cat.predicates[1].value == 1.0);
  CHECK(cat.predicates[1].high == 2.0);
  CHECK(kam::to_text(cat) == "region != DACH or x between 1 and 2");
  CHECK(kam::to_text(cat.predicates[1]) == "x between 1 and 2");
}

TEST_CASE("parse_condition: precedence, grouping, quoting, round trip", "[condition]") {
  // and binds tighter than or: a or b and c == a or (b and c).
  const auto c = kam::parse_condition("employees > 100 OR revenue >= 1e6 And industry == energy");
  REQUIRE(c.logic == kam::group_logic::any);
  REQUIRE(c.predicates.size() == 1);
  CHECK(c.predicates[0].field == "employees");
  CHECK(c.predicates[0].op == kam::predicate_op::greater);
  CHECK(c.predicates[0].value == 100.0);
  REQUIRE(c.groups.size() == 1);
  CHECK(c.groups[0].logic == kam::group_logic::all);
  CHECK(c.groups[0].predicates[1].op == kam::predicate_op::in);
  CHECK(c.groups[0].predicates[1].categories == std::vector<std::string>{"energy"});

  const auto q = kam::parse_condition(
      "'annual revenue' between -2.5 and 3e3 and region not in [\"UK&I\", 'it\\'s']");
  REQUIRE(q.predicates.size() == 2);
  CHECK(q.predicates[0].field == "annual revenue");
  CHECK(q.predicates[0].op == kam::predicate_op::between);
  CHECK(q.predicates[0].value == -2.5);
  CHECK(q.predicates[0].high == 3000.0);
  CHECK(q.predicates[1].op == kam::predicate_op::not_in);
  CHECK(q.predicates[1].categories == std::vector<std::string>{"UK&I", "it's"});

  // to_text writes what parse_condition reads back to the same condition.
  for (const char* text :
       {"a > 1 and (b < 2 or c in (x, 'y z')) and d != 0.1",
        "(a <= 1 or b >= 2) and (c == 3 or e between 1 and 2)", "x not in (p, q) or y != w"}) {
    const auto parsed = kam::parse_condition(text);
    CHECK(kam::to_string(kam::parse_condition(kam::to_text(parsed))) == kam::to_string(parsed));
  }
  CHECK(kam::to_text(kam::parse_condition("a>1 and(b<2 or c=x)")) == "a > 1 and (b < 2 or c == x)");
  CHECK(kam::to_text(kam::field("region").in({"UK&I", "DACH"})) == "region in ('UK&I', DACH)");
}

TEST_CASE("parse_condition: errors name the column", "[condition]") {
  const auto err = [](const char* text) {
    return kam_test::message_of<kam::invalid_input>([&] { (void)kam::parse_condition(text); });
  };
  CHECK(err("revenue >= and x < 3") ==
        "kam::parse_condition: 'condition': column 12: expected a number in \"revenue >= and x "
        "< 3\"");
  CHECK(err("(a > 1") == "kam::parse_condition: 'condition': column 7: expected ')' in \"(a > 1\"");
  CHECK(err("a between 1 or 2") ==
        "kam::parse_condition: 'condition': column 13: expected 'and' between the two bounds of "
        "'between' in \"a between 1 or 2\"");
  CHECK(err("a in x") ==
        "kam::parse_condition: 'condition': column 6: expected '(' to open the "
        "list of categories in \"a in x\"");
  CHECK(err("a > 1 b") ==
        "kam::parse_condition: 'condition': column 7: unexpected 'b' in \"a > "
        "1 b\"");
  CHECK_THROWS_AS(kam::parse_condition("a ~ 1"), kam::invalid_input);
  CHECK_THROWS_AS(kam::parse_condition("'open"), kam::invalid_input);
  CHECK_THROWS_AS(kam::parse_condition(""), kam::invalid_input);
  CHECK_THROWS_AS(kam::parse_condition("and > 1"), kam::invalid_input);
}

TEST_CASE("parse_condition: nesting is bounded, not a stack overflow", "[condition]") {
  // 200000 nested parentheses crashed the recursive parser (stack overflow). The limit is
  // kam::max_condition_depth = 64: 64 levels parse, 65 are an error at the 65th '(' (column 65).
  const auto nested = [](std::size_t levels) {
    return std::string(levels, '(') + "x > 1" + std::string(levels, ')');
  };
  const auto ok = kam::parse_condition(nested(64));
  CHECK(kam::to_text(ok) == "x > 1");
  const auto msg =
      kam_test::message_of<kam::invalid_input>([&] { (void)kam::parse_condition(nested(200000)); });
  CHECK(msg.rfind("kam::parse_condition: 'condition': column 65: parentheses nested deeper than "
                  "64 levels in \"((((",
                  0) == 0);
}

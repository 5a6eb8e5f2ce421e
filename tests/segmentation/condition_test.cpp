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

TEST_CASE("parse_condition: many clauses parse in linear time, flattened", "[condition]") {
  // A rule of N `and` (or `or`) clauses took O(N^2) time (32000 clauses: 7 s, 64000: 23 s in a
  // release build) because each clause copied the group so far; it is merged in place now
  // (64000 clauses: 0.014 s). No timing is asserted here: the result must be one flat group.
  for (const long long n : {32000LL, 64000LL}) {
    for (const std::string join : {" and ", " or "}) {
      std::string text;
      for (long long i = 0; i < n; ++i) {
        if (i > 0) text += join;
        text += kam_test::numbered("f", i % 7);
        text += kam_test::numbered(" > ", i);
      }
      const auto c = kam::parse_condition(text);
      CHECK(c.logic == (join == " and " ? kam::group_logic::all : kam::group_logic::any));
      CHECK(c.groups.empty());
      REQUIRE(c.predicates.size() == static_cast<std::size_t>(n));
      CHECK(c.predicates.back().field == kam_test::numbered("f", (n - 1) % 7));
      CHECK(c.predicates.back().value == static_cast<double>(n - 1));
      CHECK(kam::to_text(c) == text);
    }
  }
  // Mixed: `and` binds tighter, so N/2 pairs give N/2 `all` groups under one `any`.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += i == 0 ? "a > 1 and b < 2" : " or a > 1 and b < 2";
  const auto c = kam::parse_condition(text);
  CHECK(c.logic == kam::group_logic::any);
  CHECK(c.predicates.empty());
  REQUIRE(c.groups.size() == 20000);
  CHECK(c.groups.back().predicates.size() == 2);
  const std::string written = kam::to_text(c);
  CHECK(written.size() == text.size() + 2 * 20000);  // each group in parentheses
  CHECK(written.rfind("(a > 1 and b < 2) or (a > 1 and b < 2) or (", 0) == 0);
}

TEST_CASE("to_text: nesting is bounded, not a stack overflow", "[condition]") {
  // Conditions built with the operators can nest without limit; writing one deeper than
  // kam::max_condition_depth = 64 is an error, not a stack overflow.
  // Each round nests two groups: (all (any (all ...) y) z).
  kam::condition deep = kam::field("x") > 1;
  for (int i = 0; i < 32; ++i)
    deep = (std::move(deep) || kam::field("y") > 2) && kam::field("z") < 3;
  deep = std::move(deep) || kam::field("y") > 2;  // 64 levels
  CHECK(kam::parse_condition(kam::to_text(deep)).groups.size() == 1);
  deep = std::move(deep) && kam::field("z") < 3;  // 65 levels
  const auto msg = kam_test::message_of<kam::invalid_input>([&] { (void)kam::to_text(deep); });
  CHECK(msg == "kam::to_text: 'condition': groups nested deeper than 64 levels");
}

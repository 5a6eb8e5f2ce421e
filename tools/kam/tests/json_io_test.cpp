// Tests of tools/kam/json_io.hpp: positions of JSON values and keys, every rejection with its
// line and column, described structs read from and written to JSON.
#include "json_io.hpp"

#include <Eigen/Core>
#include <boost/json/serialize.hpp>
#include <kam/scoring.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catch.hpp"
#include "command.hpp"
#include "output.hpp"

namespace {

using kam_tool::json_document;
using kam_tool::json_path;
using kam_tool::located_error;

located_error parse_error(const std::string& text) {
  try {
    json_document d(text, "c.json");
  } catch (const located_error& e) {
    return e;
  }
  FAIL("expected a located_error");
  return located_error("", "", {}, "");
}

template <typename T>
located_error read_error(const std::string& text) {
  const json_document d(text, "c.json");
  T out{};
  try {
    kam_tool::read_json(d, d.root(), json_path{}, out);
  } catch (const located_error& e) {
    return e;
  }
  FAIL("expected a located_error");
  return located_error("", "", {}, "");
}

// Positions as (line, column).
std::pair<std::size_t, std::size_t> at(const kam_tool::text_position& p) {
  return {p.line, p.column};
}
using lc = std::pair<std::size_t, std::size_t>;

}  // namespace

TEST_CASE("json_io: every value and key has its line and column", "[json]") {
  // Columns are counted by hand on these lines (1-based; "é" is one column although two bytes).
  const json_document d(
      "{\n"
      "  \"a\": [1, \"x\\\"y\", true],\n"
      "  \"é\": {\"n\": null, \"d\": -2.5e3}\n"
      "}",
      "c.json");
  CHECK(at(d.position("")) == lc{1, 1});
  CHECK(at(d.key_position("/a")) == lc{2, 3});
  CHECK(at(d.position("/a")) == lc{2, 8});
  CHECK(at(d.position("/a/0")) == lc{2, 9});
  CHECK(at(d.position("/a/1")) == lc{2, 12});  // the opening quote of "x\"y"
  CHECK(at(d.position("/a/2")) == lc{2, 20});
  CHECK(at(d.key_position("/é")) == lc{3, 3});
  CHECK(at(d.position("/é/n")) == lc{3, 14});
  CHECK(at(d.position("/é/d")) == lc{3, 25});
  // An absent path falls back to its nearest ancestor that exists.
  CHECK(at(d.position("/é/missing/0")) == lc{3, 8});
}

TEST_CASE("json_io: invalid JSON is rejected where it stops being JSON", "[json]") {
  const auto comma = parse_error("{\n  \"a\": 1\n  \"b\": 2\n}");  // missing comma
  CHECK(at(comma.where()) == lc{3, 3});
  CHECK_THAT(comma.detail(), Catch::Matchers::StartsWith("invalid JSON: "));
  CHECK(at(parse_error("{\"a\": [1, 2,]}").where()) == lc{1, 13});  // trailing comma
  CHECK(at(parse_error("{\"a\": 1} x").where()) == lc{1, 10});      // extra data
  CHECK(at(parse_error("12+3").where()) == lc{1, 3});               // found by the fuzzer
  CHECK_THAT(parse_error("{\"a\": \"open").detail(), Catch::Matchers::Contains("incomplete"));
  CHECK(at(parse_error("{\"a\": \"\xff\"}").where()) == lc{1, 8});  // invalid UTF-8
  const auto dup = parse_error("{\"a\": 1,\n \"a\": 2}");
  CHECK(at(dup.where()) == lc{2, 2});
  CHECK(dup.detail() == "duplicate key 'a' in this object");
  std::string deep(33, '[');  // Boost.JSON's default depth limit is 32
  deep += std::string(33, ']');
  CHECK_THAT(parse_error(deep).detail(), Catch::Matchers::Contains("invalid JSON"));
  CHECK(at(parse_error("").where()) == lc{1, 1});
  // Every rejection is a kam::error.
  CHECK_THROWS_AS(json_document("nul", "c.json"), kam::invalid_input);
}

TEST_CASE("json_io: described structs read member by member, defaults kept", "[json]") {
  const json_document d(R"({"name": "effort", "weight": 25, "direction": "cost"})", "c.json");
  kam::criterion c = kam::benefit("placeholder", 1).on_scale(1, 5);
  kam_tool::read_json(d, d.root(), json_path{}, c);
  CHECK(c.name == "effort");
  CHECK(c.weight == 25.0);
  CHECK(c.direction == kam::direction::cost);
  CHECK(c.normalization == kam::normalization::fixed_range);  // absent: unchanged
  CHECK(c.high == 5.0);

  const json_document p(R"({"cap": 1e3, "min_score": null})", "c.json");
  kam::key_account_policy policy{std::nullopt, 0.5};
  kam_tool::read_json(p, p.root(), json_path{}, policy);
  CHECK(policy.cap == 1000);  // a whole number written with an exponent is an integer
  CHECK_FALSE(policy.min_score);
}

TEST_CASE("json_io: wrong keys, kinds, names and ranges are located", "[json]") {
  const auto key = read_error<kam::criterion>("{\"name\": \"a\",\n \"wieght\": 2}");
  CHECK(at(key.where()) == lc{2, 2});  // at the key
  CHECK(key.detail() ==
        "unknown key 'wieght' in the document; did you mean 'weight'? known: 'name', 'weight', "
        "'direction', "
        "'normalization', 'low', 'high'");
  const auto kind = read_error<kam::criterion>("{\"name\": \"a\", \"weight\": \"heavy\"}");
  CHECK(at(kind.where()) == lc{1, 25});
  CHECK(kind.detail() == "expected a number for weight, got a string");
  const auto name = read_error<kam::criterion>("{\"direction\": \"costs\"}");
  CHECK(name.detail() ==
        "unknown name 'costs' for direction; did you mean 'cost'? known: 'benefit', 'cost'");
  CHECK(name.field() == "direction");
  const auto fraction = read_error<kam::key_account_policy>("{\"cap\": 2.5}");
  CHECK_THAT(fraction.detail(), Catch::Matchers::StartsWith("expected an integer in ["));
  const auto list = read_error<std::vector<double>>("[1, 2, \"x\"]");
  CHECK(at(list.where()) == lc{1, 8});
  CHECK(list.detail() == "expected a number for [2], got a string");
}

TEST_CASE("json_io: to_json writes described structs, enums, optionals and vectors", "[json]") {
  const kam::criterion c = kam::cost("effort", 25).on_scale(1, 5);
  CHECK(kam_tool::serialize_json(kam_tool::to_json(c)) ==
        R"({"name":"effort","weight":25,"direction":"cost","normalization":"fixed_range",)"
        R"("low":1,"high":5})");
  const kam::key_account_policy p{30, std::nullopt};
  CHECK(kam_tool::serialize_json(kam_tool::to_json(p)) == R"({"cap":30,"min_score":null})");
  kam::index_vector v(3);
  v << 3, 1, 2;
  CHECK(kam_tool::serialize_json(kam_tool::to_json(v)) == "[3,1,2]");
  const std::vector<std::pair<std::string, double>> named{{"b", 0.25}, {"a", 1.5}};
  CHECK(kam_tool::serialize_json(kam_tool::to_json(named)) ==
        R"({"b":0.25,"a":1.5})");  // order kept
  // Reading what was written gives the same value back.
  const json_document d(kam_tool::serialize_json(kam_tool::to_json(c)), "c.json");
  kam::criterion back;
  kam_tool::read_json(d, d.root(), json_path{}, back);
  CHECK(back == c);
}

TEST_CASE("json_io: configuration sections", "[json]") {
  const auto bad = kam_test::message_of<located_error>([] {
    kam_tool::configuration c(json_document("{\"input\": {},\n \"scroe\": {}}", "c.json"),
                              {"input", "score"});
  });
  CHECK_THAT(bad, Catch::Matchers::Contains(
                      "c.json:2:2: unknown section 'scroe'; did you mean 'score'? known: "
                      "'input', 'score'"));
  CHECK_THROWS_AS(kam_tool::configuration(json_document("[]", "c.json"), {"input"}), located_error);
}

// Tests of kam/segmentation/rules.hpp: predicates on numeric and categorical fields, and/or,
// first match wins with a fallback, described account structs, missing values, and the errors a
// configuration can cause.
#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <kam/core/describe.hpp>
#include <kam/segmentation/rules.hpp>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

namespace crm {

enum class tier { gold, silver, bronze };
BOOST_DESCRIBE_ENUM(tier, gold, silver, bronze)

struct account {
  std::string id;
  std::string industry;
  int employees = 0;
  double revenue = 0;
  std::optional<double> growth;
  tier level = tier::bronze;
  bool strategic = false;
  std::vector<int> contacts;  // neither numeric nor categorical
};
BOOST_DESCRIBE_STRUCT(account, (),
                      (id, industry, employees, revenue, growth, level, strategic, contacts))

std::vector<account> portfolio() {
  return {
      {"A", "energy", 12000, 2.5e6, 0.10, tier::gold, true, {}},
      {"B", "retail", 800, 4.0e5, 0.30, tier::silver, false, {}},
      {"C", "healthcare", 5000, 1.0e6, std::nullopt, tier::bronze, false, {}},
      {"D", "energy", 300, 9.0e4, 0.02, tier::bronze, false, {}},
      {"E", "technology", 5000, 3.0e5, 0.45, tier::silver, true, {}},
  };
}

}  // namespace crm

namespace {
std::vector<Eigen::Index> to_std(const kam::index_vector& v) { return {v.begin(), v.end()}; }
using idx = std::vector<Eigen::Index>;
}  // namespace

TEST_CASE("rules: first match wins, then the fallback", "[rules]") {
  // By hand, over the five accounts:
  //   rule 0 "key": revenue >= 1e6 and level == gold           -> A
  //   rule 1 "regulated": industry in (energy, healthcare) and employees >= 5000
  //                                                            -> A (taken), C
  //   rule 2 "growth": growth > 0.25 or strategic == 1        -> B (0.30), E (0.45, strategic)
  //   fallback "core"                                          -> D
  // C has no growth; under no_match its growth predicate is false (it matched rule 1 anyway).
  const kam::segment_rules rules(
      {
          {"key", kam::field("revenue") >= 1e6 && kam::field("level") == "gold"},
          {"regulated",
           kam::field("industry").in({"energy", "healthcare"}) && kam::field("employees") >= 5000},
          {"growth", kam::field("growth") > 0.25 || kam::field("strategic") == 1},
      },
      "core");
  CHECK(rules.segments() == std::vector<std::string>{"key", "regulated", "growth", "core"});
  CHECK(rules.fields() == std::vector<std::string>{"revenue", "level", "industry", "employees",
                                                   "growth", "strategic"});
  const auto r = kam::assign_segments(crm::portfolio(), rules, {kam::rule_missing::no_match});
  CHECK(to_std(r.segment) == idx{0, 2, 1, 3, 2});
  CHECK(to_std(r.rule) == idx{0, 2, 1, -1, 2});
  CHECK(to_std(r.counts) == idx{1, 1, 2, 1});
  CHECK(to_std(r.rule_counts) == idx{1, 1, 2});
  CHECK(r.fallback == 1);
  CHECK(r.unmatched == 0);
  CHECK(r.with_missing == 1);  // C
  CHECK(r.segment_of(3) == "core");
}

TEST_CASE("rules: no fallback leaves accounts unmatched, and says so", "[rules]") {
  // Only B (400000) and D (90000) are below 5e5: the others get no segment (-1).
  const kam::segment_rules rules({{"small", kam::field("revenue") < 5e5}});
  const auto r = kam::assign_segments(crm::portfolio(), rules);
  CHECK(to_std(r.segment) == idx{-1, 0, -1, 0, 0});  // E: 300000 too
  CHECK(r.unmatched == 2);
  CHECK(r.fallback == 0);
  CHECK(r.segment_of(0).empty());
}

TEST_CASE("rules: comparisons at the edges, between inclusive", "[rules]") {
  // employees: 12000, 800, 5000, 300, 5000.
  const auto accounts = crm::portfolio();
  const auto seg = [&](kam::condition c) {
    return to_std(
        kam::assign_segments(accounts, kam::segment_rules({{"x", std::move(c)}})).segment);
  };
  CHECK(seg(kam::field("employees") >= 5000) == idx{0, -1, 0, -1, 0});
  CHECK(seg(kam::field("employees") > 5000) == idx{0, -1, -1, -1, -1});
  CHECK(seg(kam::field("employees") <= 800) == idx{-1, 0, -1, 0, -1});
  CHECK(seg(kam::field("employees") < 800) == idx{-1, -1, -1, 0, -1});
  CHECK(seg(kam::field("employees") == 5000) == idx{-1, -1, 0, -1, 0});
  CHECK(seg(kam::field("employees") != 5000) == idx{0, 0, -1, 0, -1});
  CHECK(seg(kam::field("employees").between(800, 5000)) == idx{-1, 0, 0, -1, 0});
  CHECK(seg(kam::field("industry").not_in({"energy"})) == idx{-1, 0, 0, -1, 0});
  CHECK(seg(kam::field("industry") != "retail") == idx{0, -1, 0, 0, 0});
  // An open (text) field: a category nobody has matches nobody; it is not an error.
  CHECK(seg(kam::field("industry") == "mining") == idx{-1, -1, -1, -1, -1});
}

TEST_CASE("rules: missing values are rejected by default, or never match", "[rules]") {
  const auto accounts = crm::portfolio();
  const kam::segment_rules rules({{"flat", kam::field("growth") != 0.5}}, "rest");
  const auto msg = kam_test::message_of<kam::non_finite_value>(
      [&] { (void)kam::assign_segments(accounts, rules); });
  CHECK(msg ==
        "kam::assign_segments: 'growth', row 2: value is missing (NaN) and rule_missing "
        "is reject");
  // no_match: even != is false on a missing value (SQL's NULL), so C falls back.
  const auto r = kam::assign_segments(accounts, rules, {kam::rule_missing::no_match});
  CHECK(to_std(r.segment) == idx{0, 0, 1, 0, 0});
  CHECK(r.with_missing == 1);

  // A field table with a missing category (nullopt).
  kam::field_table t;
  t.add_categorical("region", std::vector<std::optional<std::string>>{"DACH", std::nullopt});
  const kam::segment_rules not_dach({{"abroad", kam::field("region") != "DACH"}});
  const auto m2 =
      kam_test::message_of<kam::invalid_input>([&] { (void)kam::assign_segments(t, not_dach); });
  CHECK(m2 ==
        "kam::assign_segments: 'region', row 1: category is missing and rule_missing is "
        "reject");
  CHECK(to_std(kam::assign_segments(t, not_dach, {kam::rule_missing::no_match}).segment) ==
        idx{-1, -1});
}

TEST_CASE("rules: configuration errors name the field and the rule", "[rules]") {
  const auto accounts = crm::portfolio();
  auto msg = kam_test::message_of<kam::empty_input>([] { (void)kam::segment_rules({}); });
  CHECK(msg ==
        "kam::segment_rules: 'rules': no rules and no fallback segment: no account could "
        "get a segment");
  // A fallback alone is a valid rule set: everyone gets it.
  const auto all = kam::assign_segments(accounts, kam::segment_rules({}, "everyone"));
  CHECK(to_std(all.segment) == idx{0, 0, 0, 0, 0});

  msg = kam_test::message_of<kam::unknown_name>([&] {
    (void)kam::assign_segments(accounts, kam::segment_rules({{"x", kam::field("revnue") > 1}}));
  });
  CHECK(msg ==
        "kam::assign_segments: 'fields': unknown name 'revnue'; known: 'id', 'industry', "
        "'employees', 'revenue', 'growth', 'level', 'strategic', 'contacts'");
  kam::field_table t;
  t.add_numeric("revenue", Eigen::VectorXd::Ones(2));
  msg = kam_test::message_of<kam::unknown_name>([&] {
    (void)kam::assign_segments(
        t, kam::segment_rules({{"a", kam::field("revenue") > 0}, {"b", kam::field("x") > 1}}));
  });
  CHECK(msg == "kam::assign_segments: 'rules[1]': unknown name 'x'; known: 'revenue'");

  msg = kam_test::message_of<kam::invalid_input>([&] {
    (void)kam::assign_segments(accounts, kam::segment_rules({{"x", kam::field("industry") >= 3}}));
  });
  CHECK(msg ==
        "kam::assign_segments: 'industry': type mismatch in rules[0]: the field is "
        "categorical, but 'greater_equal' needs a number");
  msg = kam_test::message_of<kam::invalid_input>([&] {
    (void)kam::assign_segments(accounts,
                               kam::segment_rules({{"x", kam::field("employees") == "many"}}));
  });
  CHECK(msg ==
        "kam::assign_segments: 'employees': type mismatch in rules[0]: the field is "
        "numeric, but 'in' tests categories");
  msg = kam_test::message_of<kam::invalid_input>([&] {
    (void)kam::assign_segments(accounts, kam::segment_rules({{"x", kam::field("contacts") > 1}}));
  });
  CHECK(msg ==
        "kam::assign_segments: 'contacts': member is neither numeric (arithmetic, optional "
        "arithmetic) nor categorical (text, described enum, or an optional of one)");

  msg = kam_test::message_of<kam::invalid_input>([] {
    (void)kam::segment_rules({{"x", kam::field("a").between(5, 3)}});
  });
  CHECK(msg == "kam::segment_rules: 'a': rules[0]: between needs low <= high, got [5, 3]");
  msg = kam_test::message_of<kam::invalid_input>([] {
    (void)kam::segment_rules({{"x", kam::condition{}}});
  });
  CHECK(msg ==
        "kam::segment_rules: 'rules[0]': empty condition or group; use the fallback "
        "segment for 'everything else'");
  msg = kam_test::message_of<kam::invalid_input>([] {
    (void)kam::segment_rules({{"", kam::field("a") > 1}});
  });
  CHECK(msg == "kam::segment_rules: 'rules[0]': the rule has an empty segment name");
  CHECK_THROWS_AS(kam::segment_rules({{"x", kam::field("a").in({})}}), kam::invalid_input);
  CHECK_THROWS_AS(kam::segment_rules({{"x", kam::field("a").in({"p", "p"})}}), kam::duplicate_name);
  CHECK_THROWS_AS(
      kam::segment_rules({{"x", kam::field("a") > std::numeric_limits<double>::infinity()}}),
      kam::non_finite_value);
  kam::predicate p{"a", kam::predicate_op::less, 3, 0, {"oops"}};
  CHECK_THROWS_AS(kam::segment_rules({{"x", kam::condition{kam::group_logic::all, {p}}}}),
                  kam::invalid_input);
}

TEST_CASE("rules: a rule set built from configuration by names", "[rules]") {
  // What a CRM plugin does: operators by name (kam::enum_from_name), fields by name, conditions
  // as text or as structs.
  kam::predicate big{"employees", kam::enum_from_name<kam::predicate_op>("greater_equal"), 5000};
  kam::condition when{kam::enum_from_name<kam::group_logic>("all"), {big}};
  when.groups.push_back(kam::parse_condition("level in (gold, silver) or strategic == 1"));
  const kam::segment_rules rules({{"enterprise", when, "big and valued"}}, "other");
  // employees >= 5000: A (gold), C (bronze, not strategic), E (silver) -> A, E.
  const auto r = kam::assign_segments(crm::portfolio(), rules);
  CHECK(to_std(r.segment) == idx{0, 1, 1, 1, 0});
  CHECK(rules.rules()[0].name == "big and valued");
  CHECK(kam::to_text(rules.rules()[0].when) ==
        "employees >= 5000 and (level in (gold, silver) or strategic == 1)");
}

namespace crm {
struct deal {
  std::string name;
  double value = 0;
};
BOOST_DESCRIBE_STRUCT(deal, (), (name, value))
}  // namespace crm

TEST_CASE("rules: a segment no account reaches is kept, with count 0", "[rules]") {
  // "mid" (revenue >= 5e5) is shadowed by "big" (revenue >= 1e5) for every account it would
  // take: first match wins. By hand over revenue 2.5e6, 4e5, 1e6, 9e4, 3e5: big A, B, C, E;
  // mid none; fallback D. The empty segment stays in `segments` with count 0.
  const kam::segment_rules rules(
      {{"big", kam::field("revenue") >= 1e5}, {"mid", kam::field("revenue") >= 5e5}}, "small");
  const auto r = kam::assign_segments(crm::portfolio(), rules);
  CHECK(r.segments == std::vector<std::string>{"big", "mid", "small"});
  CHECK(to_std(r.counts) == idx{4, 0, 1});
  CHECK(to_std(r.rule_counts) == idx{4, 0});
  CHECK(to_std(r.segment) == idx{0, 0, 0, 2, 0});
}

TEST_CASE("rules: errors reading described structs name assign_segments", "[rules]") {
  // An infinite member value is rejected as add_numeric would, but in the name of the function
  // the caller called.
  const std::vector<crm::deal> deals{{"a", 1}, {"b", std::numeric_limits<double>::infinity()}};
  const auto msg = kam_test::message_of<kam::non_finite_value>([&] {
    (void)kam::assign_segments(deals, kam::segment_rules({{"big", kam::field("value") > 5}}));
  });
  CHECK(msg == "kam::assign_segments: 'value', row 1: value is inf");
}

namespace crm {
struct rating {
  float loyalty = 0;
  std::optional<float> growth;
};
BOOST_DESCRIBE_STRUCT(rating, (), (loyalty, growth))
}  // namespace crm

TEST_CASE("rules: float fields are compared in float", "[rules]") {
  // 0.7f is 0.699999988 and 0.1f is 0.100000001 in double, so in double 0.7f >= 0.7 and
  // 0.1f <= 0.1 are false; a user who stored 0.7 in float means 0.7. Rounding the rule's values
  // to float (as kam's scoring and portfolio thresholds do): 0.7f >= float(0.7) and
  // 0.1f <= float(0.1) hold, and 0.1f == 0.1 holds.
  Eigen::VectorXf loyalty(3);
  loyalty << 0.7f, 0.1f, 0.5f;
  kam::field_table t;
  t.add_numeric("loyalty", loyalty);
  CHECK(t.single_precision(0));
  const kam::segment_rules rules(
      {{"loyal", kam::field("loyalty") >= 0.7}, {"lapsing", kam::field("loyalty") <= 0.1}},
      "middle");
  CHECK(to_std(kam::assign_segments(t, rules).segment) == idx{0, 1, 2});
  CHECK(to_std(kam::assign_segments(t, kam::segment_rules({{"x", kam::field("loyalty") == 0.1}}))
                   .segment) == idx{-1, 0, -1});
  CHECK(to_std(kam::assign_segments(
                   t, kam::segment_rules({{"x", kam::field("loyalty").between(0.1, 0.7)}}))
                   .segment) == idx{0, 0, 0});
  // A bound beyond float's range: every float is below 1e300 (no overflow in the rounding).
  CHECK(to_std(kam::assign_segments(t, kam::segment_rules({{"x", kam::field("loyalty") < 1e300}}))
                   .segment) == idx{0, 0, 0});
  // The same through a described struct with float members (optional too).
  const std::vector<crm::rating> rs{{0.7f, 0.1f}, {0.1f, std::nullopt}, {0.5f, 0.3f}};
  CHECK(to_std(kam::assign_segments(rs, rules).segment) == idx{0, 1, 2});
  const kam::segment_rules low_growth({{"low", kam::field("growth") <= 0.1}}, "other");
  CHECK(to_std(kam::assign_segments(rs, low_growth, {kam::rule_missing::no_match}).segment) ==
        idx{0, 1, 1});
  // A double column compares in double: 0.7f widened to double is below 0.7.
  kam::field_table d;
  d.add_numeric("loyalty", loyalty.cast<double>().eval());
  CHECK_FALSE(d.single_precision(0));
  CHECK(to_std(kam::assign_segments(d, rules).segment) == idx{2, 2, 2});
}

TEST_CASE("rules: nesting is bounded, not a stack overflow", "[rules]") {
  // kam::max_condition_depth = 64 bounds condition structs (from configuration) as it bounds
  // parentheses in kam::parse_condition: 65 nested groups are an error.
  kam::condition deep = kam::field("x") > 1;
  for (int i = 0; i < 65; ++i) {
    kam::condition outer;
    outer.groups.push_back(std::move(deep));
    deep = std::move(outer);
  }
  const auto m2 = kam_test::message_of<kam::invalid_input>([&] {
    (void)kam::segment_rules({{"x", deep}});
  });
  CHECK(m2 == "kam::segment_rules: 'rules[0]': groups nested deeper than 64 levels");
}

TEST_CASE("rules: many predicates and long category lists are checked in linear time", "[rules]") {
  // Fields and categories were deduplicated by linear search (32000 distinct fields and a list of
  // 32000 categories: 1.8 s in a release build); hash sets make it linear (0.01 s). No timing is
  // asserted: the fields must come out once each, in order of first use, and a category listed
  // twice at the end of a long list must still be found.
  constexpr int n = 32000;
  kam::condition c;
  kam::predicate in{"industry", kam::predicate_op::in, 0, 0, {}};
  for (int i = 0; i < n; ++i) {
    c.predicates.push_back({kam_test::numbered("f", i), kam::predicate_op::greater, 1.0, 0, {}});
    c.predicates.push_back({kam_test::numbered("f", i / 2), kam::predicate_op::less, 9.0, 0, {}});
    in.categories.push_back(kam_test::numbered("c", i));
  }
  c.predicates.push_back(in);
  const kam::segment_rules rules({{"a", c}, {"b", kam::field("f7") > 0}, {"a", c}}, "b");
  REQUIRE(rules.fields().size() == static_cast<std::size_t>(n) + 1);
  CHECK(rules.fields()[12345] == "f12345");
  CHECK(rules.fields().back() == "industry");
  CHECK(rules.segments() == std::vector<std::string>{"a", "b"});
  c.predicates.back().categories.push_back("c31999");
  const auto msg = kam_test::message_of<kam::duplicate_name>([&] {
    (void)kam::segment_rules({{"a", c}});
  });
  CHECK(msg == "kam::segment_rules: 'industry': rules[0]: category 'c31999' listed twice");
}

TEST_CASE("segment_assignment::segment_of checks the account in every build type",
          "[rules][bad-input][index]") {
  const kam::segment_rules rules({{"small", kam::field("revenue") < 5e5}});
  auto r = kam::assign_segments(crm::portfolio(), rules);  // 5 accounts, B, D and E small
  CHECK(r.segment_of(0).empty());
  CHECK(r.segment_of(1) == "small");
  CHECK(r.segment_of(4) == "small");
  for (const std::ptrdiff_t i : {std::ptrdiff_t{-1}, std::ptrdiff_t{5}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)r.segment_of(i); },
                                "kam::segment_assignment::segment_of", "i", i, "[0, 5)", true);
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)r.segment_of(5); }) ==
        "kam::segment_assignment::segment_of: 'i', row 5: account 5 is outside [0, 5)");
  // A code that names no segment (a result edited by hand) is reported, not read past the names.
  r.segment(2) = 7;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)r.segment_of(2); }) ==
        "kam::segment_assignment::segment_of: 'segment', row 2: segment code 7 is outside "
        "[-1, 1), the segment names");
  r.segment(2) = -2;
  CHECK_THROWS_AS(r.segment_of(2), kam::out_of_bounds);
}

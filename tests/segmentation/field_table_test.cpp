// Tests of kam/segmentation/field_table.hpp: numeric and dictionary-encoded categorical columns,
// closed columns from described enums, and tables read from described account structs.
#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstdint>
#include <kam/segmentation/field_table.hpp>
#include <kam/segmentation/rules.hpp>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

namespace crm {

enum class stage { passive, independent, supportive, integrative };
BOOST_DESCRIBE_ENUM(stage, passive, independent, supportive, integrative)

struct buyer {
  std::string region;
  std::optional<std::string> sector;
  stage maturity = stage::passive;
  std::optional<stage> target;
  int employees = 0;
  std::optional<double> growth;
  float loyalty = 0;
  bool strategic = false;
};
BOOST_DESCRIBE_STRUCT(buyer, (),
                      (region, sector, maturity, target, employees, growth, loyalty, strategic))

}  // namespace crm

namespace {
std::vector<Eigen::Index> to_std(const kam::index_vector& v) { return {v.begin(), v.end()}; }
using idx = std::vector<Eigen::Index>;
}  // namespace

TEST_CASE("field_table: numeric and categorical columns", "[field_table]") {
  kam::field_table t;
  Eigen::VectorXf loyalty(4);
  loyalty << 5, 2, 4, 1;
  t.add_numeric("loyalty", loyalty)
      .add_categorical("region", std::vector<std::string>{"DACH", "Nordics", "DACH", "UK&I"})
      .add_categorical("stage", {"passive", "independent", "supportive", "integrative"},
                       {0, 3, 2, -1});
  CHECK(t.rows() == 4);
  CHECK(t.cols() == 3);
  CHECK(t.kind(1) == kam::field_kind::categorical);
  // Categories in order of first appearance; codes index into them.
  CHECK(t.categories(1) == std::vector<std::string>{"DACH", "Nordics", "UK&I"});
  CHECK(t.codes(1) == std::vector<std::int32_t>{0, 1, 0, 2});
  CHECK(t.category(3, 2) == std::nullopt);
  CHECK(t.number(1, 0) == 2.0);
  // loyalty >= 4 and region in (DACH, 'UK&I') -> rows 0 and 2; stage == integrative -> row 1.
  const kam::segment_rules rules(
      {{"loyal_home", kam::parse_condition("loyalty >= 4 and region in (DACH, 'UK&I')")},
       {"integrated", kam::parse_condition("stage == integrative")}},
      "other");
  const auto r = kam::assign_segments(t, rules, {kam::rule_missing::no_match});
  CHECK(to_std(r.segment) == idx{0, 1, 0, 2});
  // A closed column knows its categories: a typo is an error listing them.
  const auto msg = kam_test::message_of<kam::unknown_name>([&] {
    (void)kam::assign_segments(t, kam::segment_rules({{"x", kam::field("stage") == "pasive"}}));
  });
  CHECK(msg ==
        "kam::assign_segments: 'stage': unknown name 'pasive'; known: 'passive', "
        "'independent', 'supportive', 'integrative'");

  CHECK_THROWS_AS(t.add_numeric("loyalty", loyalty), kam::duplicate_name);
  CHECK_THROWS_AS(t.add_numeric("short", Eigen::VectorXd::Zero(3)), kam::shape_mismatch);
  Eigen::VectorXd inf = Eigen::VectorXd::Zero(4);
  inf(1) = std::numeric_limits<double>::infinity();
  const auto m3 = kam_test::message_of<kam::non_finite_value>([&] { t.add_numeric("x", inf); });
  CHECK(m3 == "kam::field_table::add_numeric: 'x', row 1: value is inf");
  CHECK_THROWS_AS(t.add_categorical("bad", {"a", "b"}, {0, 2, 0, 0}), kam::out_of_bounds);
}

TEST_CASE("field_table::from_accounts: members by name, kinds by type", "[field_table]") {
  // By hand: texts are open categories in order of first appearance; enums are closed columns
  // with every enumerator name; optionals give -1 (categories) or NaN (numbers); bool is 0/1;
  // a float member stays single precision; the columns follow the order of `members`.
  const std::vector<crm::buyer> buyers{
      {"DACH", "energy", crm::stage::supportive, std::nullopt, 1200, 0.1, 0.5f, true},
      {"Nordics", std::nullopt, crm::stage::passive, crm::stage::integrative, 80, std::nullopt,
       0.25f, false},
      {"DACH", "retail", crm::stage::integrative, crm::stage::supportive, 15, -0.2, 1.0f, false}};
  const auto t = kam::field_table::from_accounts(
      buyers,
      {"maturity", "region", "sector", "target", "employees", "growth", "loyalty", "strategic"});
  CHECK(t.rows() == 3);
  CHECK(t.cols() == 8);
  CHECK(t.names() == std::vector<std::string>{"maturity", "region", "sector", "target", "employees",
                                              "growth", "loyalty", "strategic"});
  CHECK(t.find("growth") == 5);
  CHECK(t.find("revenue") == std::nullopt);
  CHECK(t.kind(0) == kam::field_kind::categorical);
  CHECK(t.closed(0));
  CHECK(t.categories(0) ==
        std::vector<std::string>{"passive", "independent", "supportive", "integrative"});
  CHECK(t.codes(0) == std::vector<std::int32_t>{2, 0, 3});
  CHECK_FALSE(t.closed(1));
  CHECK(t.categories(1) == std::vector<std::string>{"DACH", "Nordics"});
  CHECK(t.codes(1) == std::vector<std::int32_t>{0, 1, 0});
  CHECK(t.codes(2) == std::vector<std::int32_t>{0, -1, 1});
  CHECK(t.category(1, 2) == std::nullopt);
  CHECK(t.category(2, 2) == "retail");
  CHECK(t.codes(3) == std::vector<std::int32_t>{-1, 3, 2});
  CHECK(t.kind(4) == kam::field_kind::numeric);
  CHECK(t.numbers(4) == std::vector<double>{1200, 80, 15});
  CHECK_FALSE(t.single_precision(4));
  CHECK(std::isnan(t.number(1, 5)));
  CHECK(t.number(2, 5) == -0.2);
  CHECK(t.single_precision(6));
  CHECK(t.number(1, 6) == 0.25);
  CHECK(t.numbers(7) == std::vector<double>{1, 0, 0});
  // No members: no columns, but the rows are the accounts.
  const auto none = kam::field_table::from_accounts(buyers, {});
  CHECK(none.rows() == 3);
  CHECK(none.cols() == 0);
  // An unknown member is an error listing the members.
  const auto msg = kam_test::message_of<kam::unknown_name>(
      [&] { (void)kam::field_table::from_accounts(buyers, {"size"}); });
  CHECK(msg ==
        "kam::field_table::from_accounts: 'fields': unknown name 'size'; known: 'region', "
        "'sector', 'maturity', 'target', 'employees', 'growth', 'loyalty', 'strategic'");
}

TEST_CASE("field_table: many categories, in order of first appearance", "[field_table]") {
  // 1000 accounts cycling through 300 texts "c0" .. "c299" (the table of categories grows past
  // its first sizes several times): categories in order of first appearance, account i has code
  // i % 300; the empty text is a category too, a missing value (nullopt) is code -1.
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 1000; ++i) values.push_back(kam_test::numbered("c", i % 300));
  values.push_back(std::string());
  values.push_back(std::nullopt);
  values.push_back("c7");
  kam::field_table t;
  t.add_categorical("tag", values);
  REQUIRE(t.categories(0).size() == 301);
  for (int c = 0; c < 300; ++c)
    CHECK(t.categories(0)[static_cast<std::size_t>(c)] == kam_test::numbered("c", c));
  CHECK(t.categories(0)[300].empty());
  bool all = true;
  for (std::size_t i = 0; i < 1000; ++i) all = all && t.codes(0)[i] == static_cast<int>(i % 300);
  CHECK(all);
  CHECK(t.codes(0)[1000] == 300);
  CHECK(t.codes(0)[1001] == -1);
  CHECK(t.codes(0)[1002] == 7);
}

TEST_CASE("field_table: every accessor checks its indices in every build type",
          "[field_table][bad-input][index]") {
  kam::field_table t;
  t.add_numeric("revenue", Eigen::Vector3d(1.0, 2.0, std::nan("")))
      .add_categorical("region",
                       std::vector<std::optional<std::string>>{"DACH", std::nullopt, "UK&I"});
  // In range.
  CHECK(t.kind(0) == kam::field_kind::numeric);
  CHECK(t.kind(1) == kam::field_kind::categorical);
  CHECK(t.number(0, 0) == 1.0);
  CHECK(std::isnan(t.number(2, 0)));
  CHECK(t.category(2, 1) == "UK&I");
  CHECK(t.category(1, 1) == std::nullopt);
  CHECK(t.numbers(0).size() == 3);
  CHECK(t.codes(1).size() == 3);
  CHECK(t.categories(1).size() == 2);
  CHECK_FALSE(t.single_precision(0));
  CHECK_FALSE(t.closed(1));

  using kam_test::check_index_error;
  for (const std::ptrdiff_t j : {std::ptrdiff_t{-1}, std::ptrdiff_t{2}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    const std::string range = "[0, 2)";
    check_index_error([&] { (void)t.kind(j); }, "kam::field_table::kind", "j", j, range);
    check_index_error([&] { (void)t.categories(j); }, "kam::field_table::categories", "j", j,
                      range);
    check_index_error([&] { (void)t.numbers(j); }, "kam::field_table::numbers", "j", j, range);
    check_index_error([&] { (void)t.codes(j); }, "kam::field_table::codes", "j", j, range);
    check_index_error([&] { (void)t.single_precision(j); }, "kam::field_table::single_precision",
                      "j", j, range);
    check_index_error([&] { (void)t.closed(j); }, "kam::field_table::closed", "j", j, range);
    check_index_error([&] { (void)t.number(0, j); }, "kam::field_table::number", "j", j, range);
    check_index_error([&] { (void)t.category(0, j); }, "kam::field_table::category", "j", j, range);
  }
  for (const std::ptrdiff_t i : {std::ptrdiff_t{-1}, std::ptrdiff_t{3}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    check_index_error([&] { (void)t.number(i, 0); }, "kam::field_table::number", "i", i, "[0, 3)",
                      true);
    check_index_error([&] { (void)t.category(i, 1); }, "kam::field_table::category", "i", i,
                      "[0, 3)", true);
  }
  // The exact message of one of them.
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)t.number(3, 0); }) ==
        "kam::field_table::number: 'i', row 3: account 3 is outside [0, 3)");
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)t.kind(2); }) ==
        "kam::field_table::kind: 'j': field 2 is outside [0, 2)");
  // A cell of the other kind is not an index error but a wrong question, naming the field.
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)t.number(0, 1); }) ==
        "kam::field_table::number: 'region': field 1 is categorical, not numeric");
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)t.category(0, 0); }) ==
        "kam::field_table::category: 'revenue': field 0 is numeric, not categorical");
  // An empty table has no valid index.
  const kam::field_table empty;
  check_index_error([&] { (void)empty.kind(0); }, "kam::field_table::kind", "j", 0, "[0, 0)");
}

// Tests of kam/core/describe.hpp: enum names both ways, described structs to matrices and text.
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <kam/core/describe.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catch.hpp"

namespace demo {

enum class tier { gold, silver, bronze };
BOOST_DESCRIBE_ENUM(tier, gold, silver, bronze)

struct account {
  std::string id;
  double revenue = 0;
  int employees = 0;
  bool strategic = false;
  std::optional<double> growth;
  tier level = tier::bronze;
};
BOOST_DESCRIBE_STRUCT(account, (), (id, revenue, employees, strategic, growth, level))

struct base_info {
  double fit = 0;
};
BOOST_DESCRIBE_STRUCT(base_info, (), (fit))
struct derived_account : base_info {
  float effort = 0;
};
BOOST_DESCRIBE_STRUCT(derived_account, (base_info), (effort))

}  // namespace demo

TEST_CASE("describe: enum names round-trip", "[describe]") {
  CHECK(kam::enum_name(demo::tier::silver) == "silver");
  CHECK(kam::enum_from_name<demo::tier>("bronze") == demo::tier::bronze);
  CHECK(kam::enum_names<demo::tier>() == std::vector<std::string>{"gold", "silver", "bronze"});
  CHECK(kam::is_enumerator(demo::tier::gold));
  CHECK_FALSE(kam::is_enumerator(static_cast<demo::tier>(7)));
}

TEST_CASE("describe: an unknown enum name is an error listing the valid ones", "[describe]") {
  const auto msg = kam_test::message_of<kam::unknown_name>(
      [] { (void)kam::enum_from_name<demo::tier>("Gold", "tier", "kam::load_config"); });
  CHECK(msg == "kam::load_config: 'tier': unknown name 'Gold'; known: 'gold', 'silver', 'bronze'");
  CHECK_THROWS_AS((void)kam::enum_name(static_cast<demo::tier>(9)), kam::invalid_input);
}

TEST_CASE("describe: member names, and the ones that can be criteria", "[describe]") {
  CHECK(kam::member_names<demo::account>() ==
        std::vector<std::string>{"id", "revenue", "employees", "strategic", "growth", "level"});
  CHECK(kam::numeric_member_names<demo::account>() ==
        std::vector<std::string>{"revenue", "employees", "strategic", "growth"});
  CHECK(kam::member_names<demo::derived_account>() == std::vector<std::string>{"fit", "effort"});
}

TEST_CASE("describe: described accounts become a matrix by member names chosen at run time",
          "[describe]") {
  const std::vector<demo::account> accounts{
      {"A", 100.0, 12, true, 0.1, demo::tier::gold},
      {"B", 400.0, 300, false, std::nullopt, demo::tier::silver},
  };
  const std::vector<std::string> names{"employees", "revenue", "growth", "strategic"};
  const Eigen::MatrixXd x = kam::to_matrix(accounts, names);
  REQUIRE(x.rows() == 2);
  REQUIRE(x.cols() == 4);
  CHECK(x(0, 0) == 12.0);
  CHECK(x(0, 1) == 100.0);
  CHECK(x(0, 2) == 0.1);
  CHECK(x(0, 3) == 1.0);
  CHECK(x(1, 0) == 300.0);
  CHECK(std::isnan(x(1, 2)));  // an empty optional is a missing value
  CHECK(x(1, 3) == 0.0);
  const Eigen::MatrixXf xf = kam::to_matrix<float>(accounts, {"revenue"});
  CHECK(xf(1, 0) == 400.0f);
  const std::vector<demo::derived_account> derived{{{0.5}, 2.0f}};
  CHECK(kam::to_matrix(derived, {"effort", "fit"})(0, 1) == 0.5);
  CHECK(kam::to_matrix(std::vector<demo::account>{}, names).rows() == 0);
}

TEST_CASE("describe: bad member selections are clear errors", "[describe]") {
  const std::vector<demo::account> accounts(3);
  const auto unknown = kam_test::message_of<kam::unknown_name>([&] {
    (void)kam::to_matrix(accounts, {"revenue", "revnue"});
  });
  CHECK(unknown ==
        "kam::to_matrix: 'members': unknown name 'revnue'; known: 'id', 'revenue', 'employees', "
        "'strategic', 'growth', 'level'");
  const auto text =
      kam_test::message_of<kam::invalid_input>([&] { (void)kam::to_matrix(accounts, {"id"}); });
  CHECK(text ==
        "kam::to_matrix: 'id': member is not arithmetic; selectable members: 'revenue', "
        "'employees', 'strategic', 'growth'");
  CHECK_THROWS_AS((void)kam::to_matrix(accounts, {"level"}), kam::invalid_input);
  CHECK_THROWS_AS((void)kam::to_matrix(accounts, {"revenue", "revenue"}), kam::duplicate_name);
}

TEST_CASE("describe: to_string prints described structs and enums", "[describe]") {
  const demo::account a{"A \"1\"", 0.1, 12, true, std::nullopt, demo::tier::gold};
  CHECK(kam::to_string(a) ==
        "{id: \"A \\\"1\\\"\", revenue: 0.1, employees: 12, strategic: true, growth: null, level: "
        "gold}");
  CHECK(kam::to_string(demo::tier::silver) == "silver");
}

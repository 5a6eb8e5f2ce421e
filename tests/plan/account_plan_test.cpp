// Tests of kam/plan/account_plan.hpp: the plan record, its flat table, names and bad roles.
#include <chrono>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/account_plan.hpp>
#include <string>
#include <vector>

#include "catch.hpp"

using namespace std::chrono;

namespace {
/// Returns an empty plan of account `id`.
kam::account_plan named(const char* id) {
  kam::account_plan p;
  p.account = id;
  return p;
}
}  // namespace

TEST_CASE("account_plan: a plan becomes one row of the flat table", "[account_plan]") {
  kam::account_plan p;
  p.account = "ACME";
  p.sections[0] = {true, "ana", sys_days{days{20600}}};  // our_team
  p.sections[2] = {true, "", std::nullopt};              // trends: no owner, no date
  p.customer_team = {{"Kim", kam::stakeholder_role::economic_buyer},
                     {"Lee", kam::stakeholder_role::champion},
                     {"Max", kam::stakeholder_role::champion}};
  p.our_team = {{"Ana", kam::team_role::account_lead}, {"Bo", kam::team_role::delivery}};
  p.objectives = {"o1", "o2"};
  p.step = kam::process_step::execute;
  kam::plan_table t;
  kam::add_plan(t, p);
  kam::add_plan(t, named("BETA"));
  REQUIRE(t.size() == 2);
  CHECK(t.account == std::vector<std::string>{"ACME", "BETA"});
  // Flags: content 1 + owner 2 = 3 for our_team; 1 for trends; 0 elsewhere.
  CHECK(t.section_flags == std::vector<std::uint8_t>{3, 0, 1, 0, 0, 0, 0, 0,  //
                                                     0, 0, 0, 0, 0, 0, 0, 0});
  CHECK(t.section_updated[0] == 20600);
  CHECK(t.section_updated[2] == kam::plan_table::no_date);
  // Roles: economic_buyer is bit 0, champion bit 2 -> 1 + 4 = 5; account_lead bit 0, delivery
  // bit 4 -> 1 + 16 = 17.
  CHECK(t.customer_roles == std::vector<std::uint8_t>{5, 0});
  CHECK(t.team_roles == std::vector<std::uint8_t>{17, 0});
  CHECK(t.objectives == std::vector<std::int32_t>{2, 0});
  CHECK(t.step ==
        std::vector<kam::process_step>{kam::process_step::execute, kam::process_step::plan});
  const auto same = kam::make_plan_table({p, named("BETA")});
  CHECK(same.section_flags == t.section_flags);
  CHECK(same.customer_roles == t.customer_roles);
}

TEST_CASE("account_plan: names in and out, the deck's questions", "[account_plan]") {
  CHECK(kam::enum_names<kam::plan_section>() ==
        std::vector<std::string>{"our_team", "customer_team", "trends", "needs", "insights",
                                 "competitors", "value", "unknowns"});
  CHECK(kam::enum_from_name<kam::stakeholder_role>("economic_buyer") ==
        kam::stakeholder_role::economic_buyer);
  CHECK(kam::enum_from_name<kam::process_step>("business_case") ==
        kam::process_step::business_case);
  CHECK(kam::plan_question(kam::plan_section::trends) == "which trends affect this account?");
  CHECK(kam::plan_question(kam::plan_section::unknowns) ==
        "what else do we need to know about the customer and the relationship?");
  CHECK(kam::to_string(kam::team_member{"Ana", kam::team_role::executive_sponsor}) ==
        "{name: \"Ana\", role: executive_sponsor}");
  CHECK(kam::member_names<kam::plan_table>().size() == 7);
}

TEST_CASE("account_plan: unknown roles and steps name the field, row and element",
          "[account_plan][bad-input]") {
  kam::plan_table t;
  kam::add_plan(t, named("A"));
  kam::account_plan p = named("B");
  p.customer_team = {{"Kim", kam::stakeholder_role::user}, {"X", kam::stakeholder_role{9}}};
  const auto role = kam_test::message_of<kam::invalid_input>([&] { kam::add_plan(t, p); });
  CHECK(role.find("kam::add_plan: 'customer_team[1]', row 1: role 9 is not one of "
                  "'economic_buyer', 'sponsor'") == 0);
  CHECK(t.size() == 1);  // the table is as it was
  CHECK(t.section_flags.size() == 8);
  p.customer_team.clear();
  p.our_team = {{"Ana", kam::team_role{6}}};
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          kam::add_plan(t, p);
        }).find("kam::add_plan: 'our_team[0]', row 1: role 6") == 0);
  p.our_team.clear();
  p.step = kam::process_step{4};
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::add_plan(t, p); }) ==
        "kam::add_plan: 'step', row 1: value 4 is not a process_step");
  p.step = kam::process_step::plan;
  p.sections[5].updated = sys_days{days{3'000'000'000LL}};
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::add_plan(t, p); }) ==
        "kam::add_plan: 'updated[5]', row 1: the date is outside the range of plan_table");
  CHECK_THROWS_AS(kam::plan_question(kam::plan_section{8}), kam::invalid_input);
  // A role read by name: an unknown one lists the known roles.
  const auto unknown = kam_test::message_of<kam::unknown_name>(
      [] { (void)kam::enum_from_name<kam::stakeholder_role>("coach", "customer_team"); });
  CHECK(unknown ==
        "kam::enum_from_name: 'customer_team': unknown name 'coach'; known: 'economic_buyer', "
        "'sponsor', 'champion', 'influencer', 'user', 'blocker'");
  CHECK(t.size() == 1);
}

// Tests of kam/portfolio/position.hpp: the default 4 x 4 table, replacing it, incomplete tables.
#include <kam/core/describe.hpp>
#include <kam/portfolio/position.hpp>
#include <set>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

using k = kam::kraljic_quadrant;
using p = kam::preferencing_quadrant;
using risk = kam::relationship_risk;
using posture = kam::posture;

TEST_CASE("position: the default table has every cell once", "[position]") {
  const auto t = kam::default_position_table();
  CHECK(t.rules.size() == 16);
  CHECK_NOTHROW(kam::validate(t));
  std::set<std::pair<k, p>> cells;
  for (const auto& rule : t.rules) cells.insert({rule.kraljic, rule.preferencing});
  CHECK(cells.size() == 16);
}

TEST_CASE("position: the cells DESIGN.md names, and the rest of the default", "[position]") {
  // DESIGN.md: strategic x core = mutual partnership; strategic x nuisance = critical.
  auto cell = kam::position_of(k::strategic, p::core);
  CHECK(cell.risk == risk::low);
  CHECK(cell.posture == posture::partner);
  cell = kam::position_of(k::strategic, p::nuisance);
  CHECK(cell.risk == risk::critical);
  CHECK(cell.posture == posture::commit_or_exit);
  CHECK(kam::position_of(k::leverage, p::core).risk == risk::high);
  CHECK(kam::position_of(k::non_critical, p::nuisance).posture == posture::serve_at_low_cost);
  // The table's risk levels, row by row (kraljic_quadrant x preferencing_quadrant order).
  const std::vector<risk> expected{risk::low,      risk::moderate, risk::high, risk::critical,
                                   risk::high,     risk::moderate, risk::high, risk::moderate,
                                   risk::moderate, risk::low,      risk::high, risk::high,
                                   risk::moderate, risk::low,      risk::low,  risk::low};
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b)
      CHECK(kam::position_of(static_cast<k>(a), static_cast<p>(b)).risk ==
            expected[static_cast<std::size_t>(a * 4 + b)]);
}

TEST_CASE("position: batch over accounts, with counts", "[position]") {
  const std::vector<k> kr{k::strategic, k::strategic, k::leverage, k::non_critical};
  const std::vector<p> pr{p::core, p::nuisance, p::core, p::nuisance};
  const auto r = kam::position(kr, pr);
  CHECK(r.risk == std::vector<risk>{risk::low, risk::critical, risk::high, risk::low});
  CHECK(r.posture == std::vector<posture>{posture::partner, posture::commit_or_exit,
                                          posture::defend_on_value, posture::serve_at_low_cost});
  CHECK(r.risk_counts == std::array<Eigen::Index, 4>{2, 0, 1, 1});
  CHECK(r.posture_counts[static_cast<std::size_t>(posture::partner)] == 1);
  CHECK(kam::to_string(r).find("risk: [low, critical, high, low]") != std::string::npos);
  CHECK(kam::to_string(kam::default_position_table())
            .find("{rules: [{kraljic: strategic, preferencing: core, risk: low, posture: partner, "
                  "rationale: ") == 0);
}

TEST_CASE("position: a replaced table is used", "[position]") {
  auto t = kam::default_position_table();
  for (auto& rule : t.rules) {
    if (rule.kraljic == k::leverage && rule.preferencing == p::core) {
      rule.risk = risk::moderate;
      rule.posture = kam::enum_from_name<posture>("compete_on_cost");  // as from a config file
    }
  }
  const auto r = kam::position({k::leverage}, {p::core}, t);
  CHECK(r.risk == std::vector<risk>{risk::moderate});
  CHECK(r.posture == std::vector<posture>{posture::compete_on_cost});
}

TEST_CASE("position: incomplete or inconsistent tables and bad quadrants",
          "[position][bad-input]") {
  auto t = kam::default_position_table();
  t.rules.pop_back();  // drops (non_critical, nuisance)
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::validate(t); }) ==
        "kam::validate: 'rules': the 4 x 4 table is incomplete; missing (non_critical, nuisance)");
  CHECK_THROWS_AS(kam::position({k::strategic}, {p::core}, t), kam::invalid_input);
  t = kam::default_position_table();
  t.rules[15].kraljic = k::strategic;
  t.rules[15].preferencing = p::core;
  CHECK(kam_test::message_of<kam::duplicate_name>([&] { kam::validate(t); }) ==
        "kam::validate: 'rules[15]': (strategic, core) is given twice (rules 0 and 15)");
  t = kam::default_position_table();
  t.rules[3].posture = static_cast<posture>(42);
  CHECK_THROWS_AS(kam::validate(t), kam::invalid_input);
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::position({k::strategic, static_cast<k>(7)}, {p::core, p::core});
        }) == "kam::position: 'kraljic', row 1: the quadrant is not one of its enumerators");
  CHECK(kam_test::message_of<kam::shape_mismatch>([&] {
          (void)kam::position({k::strategic}, {p::core, p::core});
        }) == "kam::position: 'preferencing': 1 Kraljic quadrants, 2 preferencing quadrants");
  CHECK_THROWS_AS(kam::position(std::vector<k>{}, std::vector<p>{}), kam::empty_input);
}

TEST_CASE("position_result::count checks the risk level in every build type",
          "[position][bad-input][index]") {
  const kam::position_result r;  // no accounts: every count is 0
  CHECK(r.count(kam::relationship_risk::critical) == 0);
  for (const int v : {4, 255}) {
    kam_test::check_index_error([&] { (void)r.count(static_cast<kam::relationship_risk>(v)); },
                                "kam::position_result::count", "r", v, "[0, 4)");
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)r.count(static_cast<kam::relationship_risk>(9));
        }) == "kam::position_result::count: 'r': risk level 9 is outside [0, 4)");
}

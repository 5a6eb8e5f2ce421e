// Tests of kam/portfolio/relationship.hpp: bow-tie, intermediate and diamond maps, HHI, stages.
#include <cmath>
#include <kam/core/describe.hpp>
#include <kam/portfolio/relationship.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using role = kam::buying_role;
using level = kam::hierarchy_level;
using fn = kam::business_function;
using shape = kam::relationship_shape;
using stage = kam::relationship_stage;

namespace {

kam::contact line(Eigen::Index account, std::string ours, std::string theirs, role r, level l, fn f,
                  double weight, double days = 10) {
  return {account, std::move(ours), std::move(theirs), r, l, f, weight, days};
}

// A diamond: four of ours, four of theirs, eight pairs of equal weight (HHI 1/8, 8 effective
// contacts). Theirs: decider/executive/general management, buyer/middle/purchasing,
// user/operational/operations, influencer/senior/engineering. Role coverage 4/6, level 4/4,
// function coverage 4/5.
std::vector<kam::contact> diamond(Eigen::Index account) {
  const auto t1 = [&](std::string o) {
    return line(account, std::move(o), "t1", role::decider, level::executive,
                fn::general_management, 1);
  };
  const auto t2 = [&](std::string o) {
    return line(account, std::move(o), "t2", role::buyer, level::middle, fn::purchasing, 1);
  };
  const auto t3 = [&](std::string o) {
    return line(account, std::move(o), "t3", role::user, level::operational, fn::operations, 1);
  };
  const auto t4 = [&](std::string o) {
    return line(account, std::move(o), "t4", role::influencer, level::senior, fn::engineering, 1);
  };
  return {t1("o1"), t2("o1"), t2("o2"), t3("o2"), t3("o3"), t4("o3"), t4("o4"), t1("o4")};
}

}  // namespace

TEST_CASE("relationship: a single contact pair is a bow-tie with HHI 1", "[relationship]") {
  const auto p = kam::relationship_of(
      {line(0, "kam", "buyer", role::buyer, level::middle, fn::purchasing, 3)});
  CHECK(p.active_contacts == 1);
  CHECK(p.our_people == 1);
  CHECK(p.their_people == 1);
  CHECK(p.hhi == 1.0);
  CHECK(p.effective_contacts == 1.0);
  CHECK(p.single_threaded);
  CHECK(p.shape == shape::bow_tie);
  CHECK_THAT(p.role_coverage, WithinAbs(1.0 / 6.0, 1e-15));
  CHECK(p.level_coverage == 0.25);
  CHECK(p.function_coverage == 0.2);
  CHECK(p.missing_roles == std::vector<role>{role::initiator, role::user, role::influencer,
                                             role::decider, role::gatekeeper});
  // Score = .3 min(1, 1/6.8) + .3 (1/6) + .2 (1/4) + .2 (1/5) = .184118 -> below .2: exploratory.
  CHECK_THAT(p.score, WithinAbs(0.3 / 6.8 + 0.05 + 0.05 + 0.04, 1e-12));
  CHECK(p.stage == stage::exploratory);
}

TEST_CASE("relationship: a diamond", "[relationship]") {
  const auto p = kam::relationship_of(diamond(0));
  CHECK(p.active_contacts == 8);
  CHECK(p.our_people == 4);
  CHECK(p.their_people == 4);
  CHECK_THAT(p.hhi, WithinAbs(0.125, 1e-15));
  CHECK_THAT(p.effective_contacts, WithinAbs(8.0, 1e-12));
  // Each of their four people carries two of the eight equal lines: shares 1/4, 4 effective.
  CHECK_THAT(p.effective_their_people, WithinAbs(4.0, 1e-12));
  CHECK_FALSE(p.single_threaded);
  CHECK_THAT(p.role_coverage, WithinAbs(4.0 / 6.0, 1e-15));
  CHECK(p.level_coverage == 1.0);
  CHECK_THAT(p.function_coverage, WithinAbs(0.8, 1e-15));
  CHECK(p.shape == shape::diamond);
  // Score = .3 * 4 / 6.8 + .3 * 4/6 + .2 * 1 + .2 * .8 = .736471 -> in [.6, .8): interdependent.
  // (Breadth is measured over their people, as CEB's 6.8 is: four of them, not eight pairs.)
  CHECK_THAT(p.score, WithinAbs(0.3 * 4 / 6.8 + 0.2 + 0.2 + 0.16, 1e-12));
  CHECK(p.stage == stage::interdependent);
}

TEST_CASE("relationship: breadth counts their people, not the pairs that reach them",
          "[relationship]") {
  // Three of ours talk to the same buyer, equally: three pairs (HHI 1/3, 3 effective contacts),
  // but one person of theirs (1 effective person): breadth = 1 / 6.8, as for a single pair.
  // Score = .3 / 6.8 + .3 / 6 + .2 / 4 + .2 / 5 = .184118 -> exploratory.
  std::vector<kam::contact> c;
  for (const char* ours : {"kam", "engineer", "service"})
    c.push_back(line(0, ours, "buyer", role::buyer, level::middle, fn::purchasing, 1));
  const auto p = kam::relationship_of(c);
  CHECK_THAT(p.effective_contacts, WithinAbs(3.0, 1e-12));
  CHECK(p.effective_their_people == 1.0);
  CHECK(p.single_threaded);
  CHECK(p.shape == shape::bow_tie);  // one person on their side
  CHECK_THAT(p.score, WithinAbs(0.3 / 6.8 + 0.05 + 0.05 + 0.04, 1e-12));
  CHECK(p.stage == stage::exploratory);
  // Unequal weights: their people carry 3 and 1 -> shares .75, .25, HHI .625, 1.6 effective.
  c[1].their_person = "user";
  c[1].weight = 0.5;
  c[2].their_person = "user";
  c[2].weight = 0.5;
  c[0].weight = 3;
  CHECK_THAT(kam::relationship_of(c).effective_their_people, WithinAbs(1.6, 1e-12));
}

TEST_CASE("relationship: intermediate at the bow-tie threshold, stale and repeated lines",
          "[relationship]") {
  // Pairs (o1,t1) 4, (o1,t2) 1, (o2,t3) 1: shares 4/6, 1/6, 1/6, HHI = (16 + 1 + 1) / 36 = .5,
  // effective contacts exactly 2: not below the bow-tie threshold 2, and two of ours are fewer
  // than a diamond's four: intermediate.
  std::vector<kam::contact> c{
      line(0, "o1", "t1", role::buyer, level::middle, fn::purchasing, 3),
      line(0, "o1", "t2", role::user, level::operational, fn::operations, 1),
      line(0, "o2", "t3", role::decider, level::senior, fn::finance, 1),
      line(0, "o1", "t1", role::buyer, level::middle, fn::purchasing, 1),  // same pair: adds up
      line(0, "o3", "t4", role::gatekeeper, level::executive, fn::it, 5, 181),  // stale: too old
      line(0, "o4", "t5", role::initiator, level::executive, fn::it, 0),        // stale: no weight
  };
  const auto p = kam::relationship_of(c);
  CHECK(p.contacts == 6);
  CHECK(p.stale_contacts == 2);
  CHECK(p.active_contacts == 3);
  CHECK(p.our_people == 2);
  CHECK(p.their_people == 3);
  CHECK_THAT(p.hhi, WithinAbs(0.5, 1e-15));
  CHECK(p.shape == shape::intermediate);
  c[4].days_since_contact = 180;  // on the limit: active again
  const auto q = kam::relationship_of(c);
  CHECK(q.active_contacts == 4);
  CHECK(q.our_people == 3);
}

TEST_CASE("relationship: a score on a stage edge reaches the later stage", "[relationship]") {
  // Seven of ours, each with one of theirs, equal weights: 7 effective contacts (breadth
  // min(1, 7 / 6.8) = 1). All theirs are users at the operational level in quality (not a required
  // function): role coverage 1/6, level 1/4, function 0. Score = .3 * 1 + .3 / 6 + .2 / 4 + 0 = .4
  // exactly, the cooperative edge; the weighted sum comes out as 0.39999999999999997.
  std::vector<kam::contact> c;
  for (int k = 1; k <= 7; ++k) {
    // Appended rather than "o" + std::to_string(k): GCC 12 at -O3 warns falsely on that form
    // (-Wstringop-overflow, GCC bug 105651).
    std::string ours = "o", theirs = "t";
    ours += std::to_string(k);
    theirs += std::to_string(k);
    c.push_back(line(0, ours, theirs, role::user, level::operational, fn::quality, 1));
  }
  const auto p = kam::relationship_of(c);
  CHECK_THAT(p.score, WithinAbs(0.4, 1e-15));
  CHECK(p.stage == stage::cooperative);
  CHECK(kam::relationship_stage_of(std::nextafter(0.4, 0.0)) == stage::cooperative);
  CHECK(kam::relationship_stage_of(0.3999) == stage::basic);
  CHECK(kam::relationship_stage_of(0.0) == stage::exploratory);
  CHECK(kam::relationship_stage_of(1.0) == stage::integrated);
}

TEST_CASE("relationship: batch over accounts in any order, one without contacts",
          "[relationship]") {
  auto c = diamond(2);
  c.push_back(line(0, "kam", "buyer", role::buyer, level::middle, fn::purchasing, 2));
  std::swap(c.front(), c.back());
  const auto r = kam::relationship(c, 3);
  REQUIRE(r.accounts.size() == 3);
  CHECK(r.accounts[0].shape == shape::bow_tie);
  CHECK(r.accounts[1].shape == shape::no_contact);
  CHECK(r.accounts[1].score == 0.0);
  CHECK(r.accounts[1].stage == stage::exploratory);
  CHECK(r.accounts[2].shape == shape::diamond);
  CHECK(r.shape_counts == std::array<Eigen::Index, 4>{1, 1, 0, 1});
  CHECK(r.single_threaded == 1);
  CHECK(kam::to_string(r.accounts[0]).find("shape: bow_tie") != std::string::npos);
  CHECK(kam::to_string(kam::relationship_config{})
            .find("shape: {bow_tie_effective_below: 2, diamond_people: 4, diamond_effective: 5, "
                  "diamond_role_coverage: 0.5") != std::string::npos);
}

TEST_CASE("relationship: configurable required roles and thresholds", "[relationship]") {
  kam::relationship_config cfg;
  cfg.required_roles = {role::decider, role::buyer};  // the diamond covers both
  cfg.shape.diamond_effective = 9;                    // 8 effective contacts: not a diamond now
  const auto p = kam::relationship_of(diamond(0), cfg);
  CHECK(p.role_coverage == 1.0);
  CHECK(p.shape == shape::intermediate);
  cfg = {};
  cfg.score_criteria = kam::criteria_set{kam::benefit("level_coverage", 1).on_scale(0, 1)};
  CHECK(kam::relationship_of(diamond(0), cfg).score == 1.0);
  // A cost criterion counts 1 - v: 1/4 (1 - 4/6) + 3/4 (4/5) = 1/12 + 3/5 = 0.68333...,
  // interdependent (edges .2 .4 .6 .8).
  cfg.score_criteria = kam::criteria_set{kam::cost("role_coverage", 1).on_scale(0, 1),
                                         kam::benefit("function_coverage", 3).on_scale(0, 1)};
  const auto c = kam::relationship_of(diamond(0), cfg);
  CHECK_THAT(c.score, WithinAbs(1.0 / 12 + 0.6, 1e-15));
  CHECK(c.stage == stage::interdependent);
}

TEST_CASE("relationship: bad input names the function, the field and the account",
          "[relationship][bad-input]") {
  std::vector<kam::contact> c = diamond(1);
  c[2].weight = -1;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::relationship(c, 2); }) ==
        "kam::relationship: 'weight', row 1: contact 2 has a negative weight -1");
  c[2].weight = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(kam::relationship(c, 2), kam::non_finite_value);
  c[2].weight = 1;
  c[3].days_since_contact = -5;
  CHECK_THROWS_AS(kam::relationship(c, 2), kam::invalid_input);
  c[3].days_since_contact = 1;
  c[4].account = 7;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::relationship(c, 2); }) ==
        "kam::relationship: 'account': contact 4 belongs to account row 7, outside [0, 2)");
  c[4].account = 1;
  c[5].their_person.clear();
  CHECK_THROWS_AS(kam::relationship(c, 2), kam::invalid_input);
  CHECK_THROWS_AS(kam::relationship({}, 0), kam::empty_input);
  kam::relationship_config cfg;
  cfg.score_criteria = kam::criteria_set{kam::benefit("trust", 1)};
  CHECK(kam_test::message_of<kam::unknown_name>([&] {
          (void)kam::relationship_of({}, cfg);
        }).find("kam::relationship_of: 'score_criteria': unknown name 'trust'") == 0);
  // A min-max criterion would score one account against the others (alone: 0.5 whatever it is).
  cfg = {};
  cfg.score_criteria = kam::criteria_set{kam::benefit("breadth", 1)};
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::relationship_of({}, cfg); }) ==
        "kam::relationship_of: 'breadth': a relationship score criterion must be on the metrics' "
        "scale [0, 1] (fixed_range); use criterion::on_scale(0, 1)");
  cfg = {};
  cfg.required_roles = {role::buyer, role::buyer};
  CHECK_THROWS_AS(kam::relationship_of({}, cfg), kam::duplicate_name);
  cfg = {};
  cfg.stage_edges = {0.2, 0.4, 0.6, 1.2};
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::relationship_of({}, cfg); }) ==
        "kam::relationship_of: 'stage_edges[3]': edge 1.2 is outside the score scale [0, 1]");
  cfg.stage_edges = {0.25, 0.75, 0.5, 0.875};
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::relationship_of({}, cfg); }) ==
        "kam::relationship_of: 'stage_edges[2]': edges must strictly increase; got 0.5 after 0.75");
}

TEST_CASE("relationship_stage_of: a score off [0, 1] is an error", "[relationship][bad-input]") {
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::relationship_stage_of(1.2); }) ==
        "kam::relationship_stage_of: 'score': value 1.2 is outside the score scale [0, 1]");
  CHECK_THROWS_AS(kam::relationship_stage_of(std::numeric_limits<double>::quiet_NaN()),
                  kam::non_finite_value);
}

TEST_CASE("validate: a relationship configuration and contact lines without accounts",
          "[validate]") {
  CHECK_NOTHROW(kam::validate(kam::relationship_config{}));
  kam::relationship_config c;
  c.shape.diamond_effective = -1;
  try {
    kam::validate(c);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "diamond_effective");
  }
  c = {};
  c.stage_edges = {0.2, 0.4, 0.3, 0.8};
  try {
    kam::validate(c);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "stage_edges");
    CHECK(e.index() == 2);
  }

  kam::contact k;
  k.our_person = "kam-01";
  k.their_person = "cfo";
  CHECK_NOTHROW(kam::validate(k));
  k.weight = -2;
  try {
    kam::validate(k);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "weight");
    CHECK(e.reason() == "weight -2 is negative");
  }
  k.weight = 1;
  k.days_since_contact = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(kam::validate(k), kam::non_finite_value);
  k.days_since_contact = 3;
  k.their_person.clear();
  try {
    kam::validate(k);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "their_person");
  }
}

TEST_CASE("relationship: the number of accounts is bounded", "[relationship][bad-input]") {
  // `accounts` is a count, not data: accounts + 1 slots were allocated before any check (a
  // std::bad_alloc or std::length_error for a huge count). It is now bounded.
  const std::vector<kam::contact> c = diamond(0);
  for (const Eigen::Index n : {kam::relationship_max_accounts + 1, Eigen::Index{1} << 40,
                               std::numeric_limits<Eigen::Index>::max()}) {
    CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::relationship(c, n); }) ==
          kam_test::numbered("kam::relationship: 'accounts': accounts is ", n) +
              "; at most relationship_max_accounts = 10000000");
  }
  CHECK(kam::relationship(c, 3).accounts.size() == 3);
}

TEST_CASE("relationship: weights near the limits of double", "[relationship]") {
  // #20: the shares do not depend on the scale of the weights, so the diamond with every weight
  // 1e308 (their sum overflows) has the diamond's HHI 1/8 and 8 effective contacts, 4
  // effective people of theirs, not HHI 0 and infinitely many.
  std::vector<kam::contact> c = diamond(0);
  for (auto& l : c) l.weight = 1e308;
  const auto p = kam::relationship_of(c);
  CHECK_THAT(p.hhi, WithinAbs(1.0 / 8, 1e-15));
  CHECK_THAT(p.effective_contacts, WithinAbs(8.0, 1e-12));
  CHECK_THAT(p.effective_their_people, WithinAbs(4.0, 1e-12));
  CHECK(p.shape == shape::diamond);
}

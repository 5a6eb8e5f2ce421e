// Tests of kam/portfolio/maturity.hpp: stages from named dimensions, matched roles, mismatches.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/describe.hpp>
#include <kam/portfolio/maturity.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

using Catch::Matchers::WithinAbs;
using stage = kam::purchasing_stage;
using role = kam::seller_role;
using fit = kam::role_fit;

namespace {
std::vector<std::string> catalogue_order() { return kam::maturity_catalogue().names(); }
}  // namespace

TEMPLATE_TEST_CASE("maturity: the index is the mean rating, edges go to the later stage",
                   "[maturity]", float, double) {
  // Equal weights: index = mean of the five ratings. Edges 2, 3, 4.
  kam::matrix_of<TestType> x(6, 5);
  x << 2, 2, 2, 2, 1,  // 1.8 -> passive
      2, 2, 2, 2, 2,   // 2.0, on the edge -> independent
      2, 2, 2, 3, 1,   // 2.0 again, as a mean of unequal ratings -> independent
      3, 4, 3, 4, 3,   // 3.4 -> supportive
      4, 4, 4, 4, 4,   // 4.0, on the edge -> integrative
      5, 5, 5, 5, 5;   // 5.0 -> integrative
  const auto r = kam::maturity(x, catalogue_order());
  const double tol = std::is_same_v<TestType, float> ? 1e-5 : 1e-12;
  CHECK_THAT(r.index(0), WithinAbs(1.8, tol));
  CHECK_THAT(r.index(3), WithinAbs(3.4, tol));
  CHECK(r.stage == std::vector<stage>{stage::passive, stage::independent, stage::independent,
                                      stage::supportive, stage::integrative, stage::integrative});
  CHECK(r.matched == std::vector<role>{role::entertainer, role::informer, role::informer,
                                       role::problem_solver, role::business_partner,
                                       role::business_partner});
  CHECK(r.stage_counts == std::array<Eigen::Index, 4>{1, 2, 1, 2});
  CHECK(r.fit.empty());  // no served roles given
}

TEST_CASE("maturity: columns in any order, weights, served roles and mismatches", "[maturity]") {
  // Columns reordered; performance_measurement weighted 5 of 9: index = (5 * pm + others) / 9.
  const std::vector<std::string> cols{"performance_measurement", "cost_focus", "cross_functional",
                                      "supplier_orientation", "purchasing_integration"};
  Eigen::MatrixXd x(3, 5);
  x << 5, 1, 1, 1, 1,  // (25 + 4) / 9 = 3.2222 -> supportive
      1, 5, 5, 5, 5,   // (5 + 20) / 9 = 2.7778 -> independent
      1, 1, 1, 1, 1;   // 1 -> passive
  kam::maturity_config c;
  c.dimensions = c.dimensions.reweighted("performance_measurement", 5);
  const std::vector<role> served{role::problem_solver, role::entertainer, role::business_partner};
  const auto r = kam::maturity(x, cols, served, c);
  CHECK_THAT(r.index(0), WithinAbs(29.0 / 9.0, 1e-12));
  CHECK_THAT(r.index(1), WithinAbs(25.0 / 9.0, 1e-12));
  CHECK(r.stage == std::vector<stage>{stage::supportive, stage::independent, stage::passive});
  CHECK(r.fit == std::vector<fit>{fit::matched, fit::behind, fit::ahead});
  CHECK(r.gap == std::vector<int>{0, -1, 3});
  CHECK(r.behind == 1);
  CHECK(r.ahead == 1);
  CHECK_FALSE(r.mismatch(0));
  CHECK(r.mismatch(2));
  CHECK(kam::to_string(r).find("fit: [matched, behind, ahead]") != std::string::npos);
  CHECK(kam::to_string(c).find("stage_edges: [2, 3, 4]") != std::string::npos);
}

TEMPLATE_TEST_CASE("maturity: an index on an edge reaches the later stage in float too",
                   "[maturity]", float, double) {
  // Weights 1, 1, 4, 3, 1 (sum 10) over the catalogue's dimensions, in its order:
  //   (5 + 2 + 4 * 5 + 3 * 3 + 4) / 10 = 40 / 10 = 4 -> integrative (on the edge 4)
  //   (5 + 2 + 4 * 3 + 3 * 2 + 5) / 10 = 30 / 10 = 3 -> supportive (on the edge 3)
  // In float the weighted mean comes out one ulp below 4 (3.99999976) and below 3.
  kam::maturity_config c;
  c.dimensions =
      c.dimensions.reweighted("supplier_orientation", 4).reweighted("cross_functional", 3);
  kam::matrix_of<TestType> x(2, 5);
  x << 5, 2, 5, 3, 4,  //
      5, 2, 3, 2, 5;
  const auto r = kam::maturity(x, catalogue_order(), {}, c);
  CHECK(r.stage == std::vector<stage>{stage::integrative, stage::supportive});
  CHECK(kam::maturity_stage_of(std::nextafter(4.0f, 0.0f), {2.0, 3.0, 4.0}) == stage::integrative);
  CHECK(kam::maturity_stage_of(3.9999f, {2.0, 3.0, 4.0}) == stage::supportive);
}

TEST_CASE("maturity: one account, custom edges, the stage-role pairs", "[maturity]") {
  CHECK(kam::maturity_stage_of(2.5, {2.5, 3.5, 4.5}) == stage::independent);
  CHECK(kam::maturity_stage_of(2.4999, {2.5, 3.5, 4.5}) == stage::passive);
  CHECK(kam::matched_role(stage::passive) == role::entertainer);
  CHECK(kam::matched_role(stage::independent) == role::informer);
  CHECK(kam::matched_role(stage::supportive) == role::problem_solver);
  CHECK(kam::matched_role(stage::integrative) == role::business_partner);
  CHECK(kam::role_fit_of(stage::integrative, role::entertainer) == fit::behind);
  CHECK(kam::role_gap(stage::integrative, role::entertainer) == -3);
  CHECK(kam::enum_from_name<role>("problem_solver") == role::problem_solver);
  CHECK(kam::maturity_guide(stage::passive).behaviour.find("price focus") == 0);
  CHECK(kam::maturity_guide(stage::integrative).source.find("Paesbrugghe") == 0);
}

TEST_CASE("maturity: bad input names the function, the dimension and the row",
          "[maturity][bad-input]") {
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(2, 5, 3.0);
  auto cols = catalogue_order();
  x(1, 1) = 6;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::maturity(x, cols); }) ==
        "kam::maturity: 'cost_focus', row 1: value 6 is outside the scale [1, 5]");
  x(1, 1) = 3;
  cols[2] = "budget_authority";
  const auto unknown =
      kam_test::message_of<kam::unknown_name>([&] { (void)kam::maturity(x, cols); });
  CHECK(unknown.find("kam::maturity: 'dimensions': unknown name 'budget_authority'; known: "
                     "'purchasing_integration', 'cost_focus'") == 0);
  cols = catalogue_order();
  cols.pop_back();
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::maturity(x.leftCols(4), cols); })
            .find("kam::maturity: 'performance_measurement': the assessment has no column for this "
                  "dimension") == 0);
  cols = catalogue_order();
  cols[4] = "cost_focus";
  CHECK_THROWS_AS(kam::maturity(x, cols), kam::duplicate_name);
  CHECK_THROWS_AS(kam::maturity(x, catalogue_order(), {role::informer}), kam::shape_mismatch);
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::maturity(x, catalogue_order(), {role::informer, static_cast<role>(8)});
        }) == "kam::maturity: 'served', row 1: the served role is not a seller_role");
  kam::maturity_config c;
  c.stage_edges = {2.0, 3.0, 6.0};
  CHECK(kam_test::message_of<kam::out_of_bounds>(
            [&] { (void)kam::maturity(x, catalogue_order(), {}, c); }) ==
        "kam::maturity: 'stage_edges[2]': cut point 6 is outside the assessment scale [1, 5]");
  c = {};
  c.dimensions = c.dimensions.with(kam::benefit("budget", 1));  // min-max, not on the scale
  CHECK_THROWS_AS(kam::maturity(x, catalogue_order(), {}, c), kam::invalid_input);
}

TEST_CASE("maturity_stage_of: a missing index or bad edges are errors", "[maturity][bad-input]") {
  // Unchecked, a NaN index reaches no edge and is "passive".
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::maturity_stage_of(nan, {2.0, 3.0, 4.0});
        }) == "kam::maturity_stage_of: 'index': is nan");
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::maturity_stage_of(3.0, {2.0, 4.0, 3.0});
        }) == "kam::maturity_stage_of: 'edges[2]': edges must strictly increase; got 3 after 4");
  CHECK_THROWS_AS(kam::maturity_stage_of(3.0, {2.0, 3.0, 4.0}, 0.0), kam::invalid_input);
}

TEST_CASE("validate: a maturity configuration without assessments", "[validate]") {
  CHECK_NOTHROW(kam::validate(kam::maturity_config{}));
  kam::maturity_config c;
  c.stage_edges = {2.0, 6.0, 7.0};  // 6 is above the assessment scale [1, 5]
  try {
    kam::validate(c);
    FAIL("expected kam::out_of_bounds");
  } catch (const kam::out_of_bounds& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "stage_edges");
    CHECK(e.index() == 1);
  }
  c = {};
  c.scale_high = 10;  // the catalogue's dimensions are rated on [1, 5]
  try {
    kam::validate(c);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == c.dimensions[0].name);
  }
}

TEST_CASE("maturity_result::mismatch checks the account in every build type",
          "[maturity][bad-input][index]") {
  Eigen::MatrixXd x(3, 5);
  x << 5, 1, 1, 1, 1, 1, 5, 5, 5, 5, 1, 1, 1, 1, 1;
  const std::vector<std::string> cols{"performance_measurement", "cost_focus", "cross_functional",
                                      "supplier_orientation", "purchasing_integration"};
  const std::vector<role> served{role::entertainer, role::entertainer, role::entertainer};
  const auto r = kam::maturity(x, cols, served);
  CHECK_FALSE(r.mismatch(2));  // passive, served by an entertainer
  for (const std::ptrdiff_t i : {std::ptrdiff_t{-1}, std::ptrdiff_t{3}, kam_test::huge_index,
                                 kam_test::most_negative_index}) {
    kam_test::check_index_error([&] { (void)r.mismatch(i); }, "kam::maturity_result::mismatch", "i",
                                i, "[0, 3)", true);
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)r.mismatch(3); }) ==
        "kam::maturity_result::mismatch: 'i', row 3: account 3 is outside [0, 3)");
  // Without served roles there is nothing to compare: a wrong question, not an index error.
  const auto unserved = kam::maturity(x, cols);
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)unserved.mismatch(0); }) ==
        "kam::maturity_result::mismatch: 'served': no served roles were given, so there is no "
        "match to report");
}

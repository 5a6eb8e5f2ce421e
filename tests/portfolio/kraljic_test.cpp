// Tests of kam/portfolio/kraljic.hpp: catalogues, quadrants, the lines and the corner, bad input.
#include <Eigen/Core>
#include <kam/core/describe.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

using Catch::Matchers::WithinAbs;
using q = kam::kraljic_quadrant;

namespace {

// Four accounts, one per quadrant, under the default catalogues. Hand computation:
// impact = .4 (si-1)/4 + .3 (sc-1)/4 + .3 (qi-1)/4 over (strategic_importance,
// share_of_their_cost, quality_impact); risk = .4 (1 - (alt - 0)/8) + .35 (sw-1)/4
// + .25 (1 - (sub-1)/4) over (alternative_suppliers: min 0, max 8; switching_cost;
// substitutability).
//   A: impact (5,5,5) = 1;     risk (0,5,1) = .4 + .35 + .25 = 1          -> strategic
//   B: impact (5,4,4) = .85;   risk (8,1,5) = 0                           -> leverage
//   C: impact (1,1,2) = .075;  risk (4,4,2) = .2 + .2625 + .1875 = .65    -> bottleneck
//   D: impact (2,2,2) = .25;   risk (4,2,4) = .2 + .0875 + .0625 = .35    -> non_critical
template <typename Scalar>
kam::matrix_of<Scalar> impact_rows() {
  kam::matrix_of<Scalar> x(4, 3);
  x << 5, 5, 5, 5, 4, 4, 1, 1, 2, 2, 2, 2;
  return x;
}
template <typename Scalar>
kam::matrix_of<Scalar> risk_rows() {
  kam::matrix_of<Scalar> x(4, 3);
  x << 0, 5, 1, 8, 1, 5, 4, 4, 2, 4, 2, 4;
  return x;
}

}  // namespace

TEMPLATE_TEST_CASE("kraljic: one account per quadrant, hand-computed scores", "[kraljic]", float,
                   double) {
  const auto r = kam::kraljic(impact_rows<TestType>(), risk_rows<TestType>());
  const double tol = std::is_same_v<TestType, float> ? 1e-6 : 1e-12;
  CHECK_THAT(r.impact(1), WithinAbs(0.85, tol));
  CHECK_THAT(r.impact(2), WithinAbs(0.075, tol));
  CHECK_THAT(r.risk(0), WithinAbs(1.0, tol));
  CHECK_THAT(r.risk(2), WithinAbs(0.65, tol));
  CHECK_THAT(r.risk(3), WithinAbs(0.35, tol));
  CHECK(r.quadrant == std::vector<q>{q::strategic, q::leverage, q::bottleneck, q::non_critical});
  CHECK(r.count(q::strategic) == 1);
  CHECK(r.count(q::non_critical) == 1);
  CHECK(r.impact_cut == TestType(0.5));
  CHECK(r.risk_cut == TestType(0.5));
  CHECK(r.on_impact_cut == 0);
  CHECK(r.partial == 0);
}

TEST_CASE("kraljic: the default catalogues", "[kraljic]") {
  const auto impact = kam::profit_impact_catalogue();
  CHECK(impact.names() ==
        std::vector<std::string>{"strategic_importance", "share_of_their_cost", "quality_impact"});
  CHECK(impact.weights()(0) == 0.4);
  const auto risk = kam::replaceability_catalogue();
  CHECK(risk.names() ==
        std::vector<std::string>{"alternative_suppliers", "switching_cost", "substitutability"});
  CHECK(risk[0].direction == kam::direction::cost);  // more alternatives: easier to replace us
  CHECK(risk[1].direction == kam::direction::benefit);
  CHECK(risk[2].direction == kam::direction::cost);
}

TEST_CASE("kraljic: the lines and the corner follow the on-cut rule", "[kraljic]") {
  // (impact, risk): the corner, each line from both sides, and KraljicMatrix's NA hole
  // (x on the line, y below it: kraljic_quadrant() returns NA there).
  Eigen::VectorXd impact(6);
  Eigen::VectorXd risk(6);
  impact << 0.5, 0.5, 0.49, 0.7, 0.5, 0.2;
  risk << 0.5, 0.3, 0.5, 0.5, 0.9, 0.5;
  auto r = kam::kraljic_from_scores(impact, risk);
  CHECK(r.quadrant == std::vector<q>{q::strategic, q::leverage, q::bottleneck, q::strategic,
                                     q::strategic, q::bottleneck});
  CHECK(r.on_impact_cut == 3);
  CHECK(r.on_risk_cut == 4);
  kam::axis_cut low;
  low.on_cut = kam::on_cut_rule::low;
  r = kam::kraljic_from_scores(impact, risk, low, low);
  CHECK(r.quadrant == std::vector<q>{q::non_critical, q::non_critical, q::non_critical, q::leverage,
                                     q::bottleneck, q::non_critical});
  // One account, on scores: the same rule.
  CHECK(kam::kraljic_quadrant_of(0.5, 0.5, 0.5, 0.5) == q::strategic);
  CHECK(kam::kraljic_quadrant_of(0.5f, 0.5f, 0.5f, 0.5f, kam::on_cut_rule::low) == q::non_critical);
}

TEST_CASE("kraljic: ratings whose weighted mean is exactly the midpoint are on the cut",
          "[kraljic]") {
  // Ratings 3, 3, 3 normalise to .5 each: impact = .4 * .5 + .3 * .5 + .3 * .5 = .5 in exact
  // arithmetic, whatever the rounding of the sum.
  Eigen::MatrixXd impact(2, 3);
  impact << 3, 3, 3, 3, 3, 3;
  Eigen::MatrixXd risk(2, 3);
  risk << 0, 1, 5, 2, 1, 5;  // risk: .4 + 0 + 0 = .4 for row 0, 0 for row 1: both low
  const auto r = kam::kraljic(impact, risk);
  CHECK(r.on_impact_cut == 2);
  CHECK(r.quadrant == std::vector<q>{q::leverage, q::leverage});
}

TEST_CASE("kraljic: median cuts and the percent scale", "[kraljic]") {
  Eigen::VectorXd impact(4);
  Eigen::VectorXd risk(4);
  impact << 0.1, 0.2, 0.3, 0.4;  // median .25: rows 2 and 3 are high
  risk << 0.1, 0.2, 0.3, 0.3;    // median .25: rows 2 and 3 are high
  kam::axis_cut median;
  median.basis = kam::cut_basis::median;
  const auto r = kam::kraljic_from_scores(impact, risk, median, median);
  CHECK_THAT(r.impact_cut, WithinAbs(0.25, 1e-15));
  CHECK(r.quadrant == std::vector<q>{q::non_critical, q::non_critical, q::strategic, q::strategic});
  const Eigen::VectorXd odd = (Eigen::VectorXd(3) << 0.1, 0.2, 0.3).finished();
  // Odd count: the median 0.2 is itself on the cut and counts as high.
  const auto o = kam::kraljic_from_scores(odd, odd, median, median);
  CHECK(o.quadrant == std::vector<q>{q::non_critical, q::strategic, q::strategic});
  const Eigen::VectorXd pct = (Eigen::VectorXd(2) << 50.0, 49.0).finished();
  const auto p = kam::kraljic_from_scores(pct, pct, {}, {}, kam::score_scale::percent);
  CHECK(p.impact_cut == 50.0);
  CHECK(p.quadrant == std::vector<q>{q::strategic, q::non_critical});
}

TEST_CASE("kraljic: one account against a portfolio reference, and storage reuse", "[kraljic]") {
  const Eigen::MatrixXd im = impact_rows<double>();
  const Eigen::MatrixXd rk = risk_rows<double>();
  const kam::kraljic_config config;
  const auto impact_ref = kam::fit_reference(im, config.impact.criteria);
  const auto risk_ref = kam::fit_reference(rk, config.risk.criteria);
  // Account C alone: alternative_suppliers is min-max over the portfolio (0..8), so C's risk is
  // still .65 and it is a bottleneck.
  const auto c = kam::kraljic(im.row(2), rk.row(2), config, impact_ref, risk_ref);
  CHECK_THAT(c.risk(0), WithinAbs(0.65, 1e-12));
  CHECK(c.quadrant == std::vector<q>{q::bottleneck});
  kam::kraljic_result<double> r;
  kam::kraljic_into(r, im, rk);
  const double* storage = r.impact.data();
  kam::kraljic_into(r, im, rk);
  CHECK(r.impact.data() == storage);  // no fresh allocation for the same number of accounts
  CHECK(r.quadrant == kam::kraljic(im, rk).quadrant);
  // Chunk by chunk against the portfolio's references: rows 0-1, then rows 2-3, into one result.
  kam::kraljic_result<double> chunk;
  kam::kraljic_into(chunk, im.topRows(2), rk.topRows(2), config, impact_ref, risk_ref);
  CHECK(chunk.quadrant == std::vector<q>{q::strategic, q::leverage});
  kam::kraljic_into(chunk, im.bottomRows(2), rk.bottomRows(2), config, impact_ref, risk_ref);
  CHECK(chunk.quadrant == std::vector<q>{q::bottleneck, q::non_critical});
  CHECK_THAT(chunk.risk(1), WithinAbs(0.35, 1e-12));  // D, alternatives min-max over 0..8
  CHECK(kam_test::message_of<kam::shape_mismatch>([&] {
          kam::kraljic_into(chunk, im.leftCols(2), rk, config, impact_ref, risk_ref);
        }).find("kam::kraljic_into: 'columns'") == 0);
}

TEST_CASE("kraljic: results and guides are described", "[kraljic]") {
  CHECK(kam::enum_from_name<q>("non_critical") == q::non_critical);
  const auto r = kam::kraljic_from_scores((Eigen::VectorXd(2) << 0.9, 0.1).finished(),
                                          (Eigen::VectorXd(2) << 0.9, 0.1).finished());
  const std::string text = kam::to_string(r);
  CHECK(text.find("quadrant: [strategic, non_critical]") != std::string::npos);
  CHECK(text.find("counts: [1, 0, 0, 1]") != std::string::npos);
  for (const auto quadrant : {q::strategic, q::leverage, q::bottleneck, q::non_critical}) {
    const auto g = kam::kraljic_guide(quadrant);
    CHECK(g.source.find("Kraljic (1983)") == 0);
    CHECK_FALSE(g.behaviour.empty());
  }
  CHECK(kam::kraljic_guide(q::leverage).behaviour.find("tenders") != std::string::npos);
  CHECK_THROWS_AS(kam::kraljic_guide(static_cast<q>(9)), kam::invalid_input);
  // The configuration is described too (the command-line tool prints and reads it).
  const std::string config = kam::to_string(kam::kraljic_config{});
  CHECK(config.find("impact: {criteria: [{name: \"strategic_importance\", weight: 40, direction: "
                    "benefit, normalization: fixed_range, low: 1, high: 5}") == 1);
  CHECK(config.find("cut: {basis: midpoint, value: 0.5, on_cut: high}") != std::string::npos);
}

TEST_CASE("kraljic: bad input names the function, the field and the row", "[kraljic][bad-input]") {
  Eigen::MatrixXd im = impact_rows<double>();
  const Eigen::MatrixXd rk = risk_rows<double>();
  im(2, 0) = 7;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kraljic(im, rk); }) ==
        "kam::kraljic: 'strategic_importance', row 2: value 7 is outside the scale [1, 5]");
  im(2, 0) = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::kraljic(im, rk);
        }).find("kam::kraljic: 'strategic_importance', row 2:") == 0);
  im(2, 0) = 1;
  kam::kraljic_config config;
  config.impact.cut.basis = kam::cut_basis::fixed;
  config.impact.cut.value = 1.5;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kraljic(im, rk, config); }) ==
        "kam::kraljic: 'impact_cut': cut point 1.5 is outside the score scale [0, 1]");
  CHECK(kam_test::message_of<kam::shape_mismatch>([&] { (void)kam::kraljic(im, rk.topRows(3)); }) ==
        "kam::kraljic: 'risk': the impact matrix has 4 accounts (rows), the risk matrix has 3");
  CHECK_THROWS_AS(kam::kraljic(im.leftCols(2), rk), kam::shape_mismatch);
  const Eigen::VectorXd ok = Eigen::VectorXd::Constant(2, 0.5);
  const Eigen::VectorXd bad = (Eigen::VectorXd(2) << 0.5, 1.2).finished();
  CHECK(
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::kraljic_from_scores(ok, bad); }) ==
      "kam::kraljic_from_scores: 'risk', row 1: score 1.2 is outside the score scale [0, 1]");
  CHECK_THROWS_AS(kam::kraljic_from_scores(ok, Eigen::VectorXd::Constant(3, 0.5)),
                  kam::shape_mismatch);
  CHECK_THROWS_AS(kam::kraljic_from_scores(Eigen::VectorXd(0), Eigen::VectorXd(0)),
                  kam::empty_input);
}

TEST_CASE("kraljic_quadrant_of: a missing score is an error, not a quadrant",
          "[kraljic][bad-input]") {
  // Unchecked, NaN impact is "low" and the account would be filed as a bottleneck.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::kraljic_quadrant_of(nan, 0.9, 0.5, 0.5);
        }) == "kam::kraljic_quadrant_of: 'impact': is nan");
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::kraljic_quadrant_of(0.9, 0.9, 0.5, 1.2);
        }) == "kam::kraljic_quadrant_of: 'risk_cut': value 1.2 is outside the score scale [0, 1]");
  CHECK(kam::kraljic_quadrant_of(80.0f, 20.0f, 50.0f, 50.0f, kam::on_cut_rule::high,
                                 kam::score_scale::percent) == q::leverage);
}

TEST_CASE("kraljic_result::count checks the quadrant in every build type",
          "[kraljic][bad-input][index]") {
  const auto r = kam::kraljic(impact_rows<double>(), risk_rows<double>());
  CHECK(r.count(q::leverage) == 1);
  CHECK(r.count(q::bottleneck) == 1);
  // A value that is not an enumerator (a cast, a corrupted byte) is an error, not a read past
  // the counts.
  for (const int v : {4, 255}) {
    kam_test::check_index_error([&] { (void)r.count(static_cast<q>(v)); },
                                "kam::kraljic_result::count", "q", v, "[0, 4)");
  }
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)r.count(static_cast<q>(4)); }) ==
        "kam::kraljic_result::count: 'q': quadrant 4 is outside [0, 4)");
}

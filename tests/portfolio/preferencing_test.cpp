// Tests of kam/portfolio/preferencing.hpp: attractiveness x relative value, bands, bad input.
#include <Eigen/Core>
#include <array>
#include <kam/core/describe.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"
#include "index_checks.hpp"

using Catch::Matchers::WithinAbs;
using p = kam::preferencing_quadrant;
using band = kam::value_band;

namespace {

// Attractiveness under the default catalogue: .25 (pay-1)/4 + .25 margin_minmax + .2 (ease-1)/4
// + .2 (growth-1)/4 + .1 (logo-1)/4, margin min-max over {.40, .10, .25, .25, .10} (.10 .. .40).
//   A (5, .40, 5, 5, 5) = 1
//   B (1, .10, 1, 1, 1) = 0
//   C (3, .25, 3, 3, 3) = .5 (on the midpoint cut: attractive)
//   D (5, .25, 5, 4, 5) = .25 + .125 + .2 + .15 + .1 = .825
//   E (2, .10, 2, 2, 2) = .0625 + 0 + .05 + .05 + .025 = .1875
// Revenue 500, 300, 150, 50, 5 of our 10 000: shares .05 (on the high edge), .03, .015, .005,
// .0005 -> bands high, medium, medium, low, negligible; high value from medium (1 %).
template <typename Scalar>
kam::matrix_of<Scalar> attractiveness_rows() {
  kam::matrix_of<Scalar> x(5, 5);
  x << 5, Scalar(0.40), 5, 5, 5,  //
      1, Scalar(0.10), 1, 1, 1,   //
      3, Scalar(0.25), 3, 3, 3,   //
      5, Scalar(0.25), 5, 4, 5,   //
      2, Scalar(0.10), 2, 2, 2;
  return x;
}
template <typename Scalar>
kam::vector_of<Scalar> revenue() {
  return (kam::vector_of<Scalar>(5) << 500, 300, 150, 50, 5).finished();
}
kam::preferencing_config ours() {
  kam::preferencing_config c;
  c.our_revenue = 10'000;
  return c;
}

}  // namespace

TEMPLATE_TEST_CASE("preferencing: hand-computed attractiveness, shares and quadrants",
                   "[preferencing]", float, double) {
  const auto r = kam::preferencing(attractiveness_rows<TestType>(), revenue<TestType>(), ours());
  const double tol = std::is_same_v<TestType, float> ? 1e-6 : 1e-12;
  CHECK_THAT(r.attractiveness(0), WithinAbs(1.0, tol));
  CHECK_THAT(r.attractiveness(2), WithinAbs(0.5, tol));
  CHECK_THAT(r.attractiveness(3), WithinAbs(0.825, tol));
  CHECK_THAT(r.attractiveness(4), WithinAbs(0.1875, tol));
  CHECK_THAT(r.relative_value(0), WithinAbs(0.05, tol));
  CHECK(r.band ==
        std::vector<band>{band::high, band::medium, band::medium, band::low, band::negligible});
  CHECK(r.quadrant ==
        std::vector<p>{p::core, p::exploitable, p::core, p::development, p::nuisance});
  CHECK(r.counts == std::array<Eigen::Index, 4>{2, 1, 1, 1});
  CHECK(r.band_counts == std::array<Eigen::Index, 4>{1, 1, 2, 1});
  CHECK(r.our_revenue == 10'000);
  CHECK(r.on_attractiveness_cut == 1);  // C
}

TEST_CASE("preferencing: our revenue defaults to the accounts' total", "[preferencing]") {
  // Total 1005: A's share 500/1005 = .4975 (high), E's 5/1005 = .004975 (low).
  const auto r = kam::preferencing(attractiveness_rows<double>(), revenue<double>());
  CHECK(r.our_revenue == 1005);
  CHECK_THAT(r.relative_value(4), WithinAbs(5.0 / 1005.0, 1e-15));
  CHECK(r.band[4] == band::low);
  CHECK(r.quadrant[3] == p::core);  // D: 50/1005 = 4.98 %, medium band: high value now
}

TEST_CASE("preferencing: band edges, the high-value band and the single-account rule",
          "[preferencing]") {
  const std::array<double, 3> edges{0.001, 0.01, 0.05};
  CHECK(kam::value_band_of(0.01, edges) == band::medium);  // on an edge: the band above
  CHECK(kam::value_band_of(0.0099, edges) == band::low);
  CHECK(kam::value_band_of(0.0, edges) == band::negligible);
  kam::preferencing_config c = ours();
  c.high_value_from = band::high;
  const auto r = kam::preferencing(attractiveness_rows<double>(), revenue<double>(), c);
  CHECK(r.quadrant ==
        std::vector<p>{p::core, p::nuisance, p::development, p::development, p::nuisance});
  CHECK(kam::preferencing_quadrant_of(0.5, 0.5, 0.01) == p::core);
  CHECK(kam::preferencing_quadrant_of(0.49, 0.5, 0.01) == p::exploitable);
  CHECK(kam::preferencing_quadrant_of(0.9f, 0.5f, 0.0099) == p::development);
  const auto s = kam::preferencing_from_scores((Eigen::VectorXd(2) << 0.5, 0.2).finished(),
                                               (Eigen::VectorXd(2) << 5.0, 995.0).finished());
  CHECK(s.quadrant == std::vector<p>{p::development, p::exploitable});
}

TEST_CASE("preferencing: chunks against the portfolio's reference, into one result",
          "[preferencing]") {
  // Margin is min-max over the whole portfolio (.10 .. .40): rows 3-4 alone would span .10 .. .25
  // and D's margin .25 would normalise to 1. Against the portfolio's reference D is still .825.
  const Eigen::MatrixXd x = attractiveness_rows<double>();
  const Eigen::VectorXd rev = revenue<double>();
  const auto config = ours();
  const auto ref = kam::fit_reference(x, config.attractiveness.criteria);
  kam::preferencing_result<double> r;
  kam::preferencing_into(r, x.bottomRows(2), rev.tail(2), config, ref);
  CHECK_THAT(r.attractiveness(0), WithinAbs(0.825, 1e-12));
  CHECK(r.quadrant == std::vector<p>{p::development, p::nuisance});
  CHECK(r.our_revenue == 10'000);
  const double* storage = r.attractiveness.data();
  kam::preferencing_into(r, x.topRows(2), rev.head(2), config, ref);
  CHECK(r.attractiveness.data() == storage);
  CHECK(r.quadrant == std::vector<p>{p::core, p::exploitable});
}

TEST_CASE("preferencing: guides and descriptions", "[preferencing]") {
  CHECK(kam::preferencing_guide(p::nuisance).source.find("Steele & Court (1996)") == 0);
  CHECK(kam::enum_name(p::exploitable) == "exploitable");
  const auto r = kam::preferencing(attractiveness_rows<double>(), revenue<double>(), ours());
  CHECK(kam::to_string(r).find("band: [high, medium, medium, low, negligible]") !=
        std::string::npos);
  CHECK(kam::attractiveness_catalogue().names() ==
        std::vector<std::string>{"payment_reliability", "margin", "ease_of_business",
                                 "growth_potential", "logo_value"});
  const std::string config = kam::to_string(kam::preferencing_config{});
  CHECK(config.find(
            "value_edges: [0.001, 0.01, 0.05], high_value_from: medium, our_revenue: null}") !=
        std::string::npos);
}

TEST_CASE("preferencing: bad input names the function, the field and the row",
          "[preferencing][bad-input]") {
  const Eigen::MatrixXd x = attractiveness_rows<double>();
  Eigen::VectorXd rev = revenue<double>();
  kam::preferencing_config c = ours();
  c.our_revenue = 400;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::preferencing(x, rev, c); }) ==
        "kam::preferencing: 'revenue', row 0: the account's revenue 500 exceeds our revenue 400");
  rev(3) = -1;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::preferencing(x, rev); }) ==
        "kam::preferencing: 'revenue', row 3: revenue -1 is negative");
  rev(3) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(kam::preferencing(x, rev), kam::non_finite_value);
  CHECK_THROWS_AS(kam::preferencing(x, Eigen::VectorXd::Zero(5)), kam::invalid_input);
  CHECK_THROWS_AS(kam::preferencing(x, Eigen::VectorXd::Ones(4)), kam::shape_mismatch);
  c = ours();
  c.value_edges = {0.001, 0.01, 1.5};
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::preferencing(x, revenue<double>(), c);
        }) == "kam::preferencing: 'value_edges[2]': edge 1.5 is outside the share scale (0, 1]");
  c.value_edges = {0.001, 0.05, 0.01};
  CHECK_THROWS_AS(kam::preferencing(x, revenue<double>(), c), kam::invalid_input);
  c = ours();
  c.attractiveness.cut.basis = kam::cut_basis::fixed;
  c.attractiveness.cut.value = -0.1;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::preferencing(x, revenue<double>(), c);
        }).find("kam::preferencing: 'attractiveness_cut': cut point -0.1") == 0);
  Eigen::MatrixXd y = x;
  y(1, 0) = 0;  // payment_reliability rated 0 on a 1-5 scale
  CHECK(kam_test::message_of<kam::out_of_bounds>(
            [&] { (void)kam::preferencing(y, revenue<double>(), ours()); }) ==
        "kam::preferencing: 'payment_reliability', row 1: value 0 is outside the scale [1, 5]");
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::preferencing_from_scores((Eigen::VectorXd(1) << 1.5).finished(),
                                              (Eigen::VectorXd(1) << 1.0).finished());
        }) ==
        "kam::preferencing_from_scores: 'attractiveness', row 0: score 1.5 is outside the "
        "score scale [0, 1]");
}

TEST_CASE("preferencing one account: shares and scores off their scales are errors",
          "[preferencing][bad-input]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::array<double, 3> edges{0.001, 0.01, 0.05};
  // Unchecked, a NaN share is in no band above the lowest: "negligible".
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::value_band_of(nan, edges);
        }) == "kam::value_band_of: 'share': is nan");
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::value_band_of(1.5, edges); }) ==
        "kam::value_band_of: 'share': value 1.5 is outside the share scale [0, 1]");
  CHECK_THROWS_AS(kam::value_band_of(0.01, {0.01, 0.001, 0.05}), kam::invalid_input);
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::preferencing_quadrant_of(0.5, 0.5, 2.0);
        }) == "kam::preferencing_quadrant_of: 'share': value 2 is outside the share scale [0, 1]");
  CHECK(kam_test::message_of<kam::non_finite_value>([&] {
          (void)kam::preferencing_quadrant_of(nan, 0.5, 0.01);
        }) == "kam::preferencing_quadrant_of: 'attractiveness': is nan");
  kam::preferencing_config c;
  c.value_edges = {0.001, 0.01, 1.5};
  CHECK(kam_test::message_of<kam::out_of_bounds>(
            [&] { (void)kam::preferencing_quadrant_of(0.5, 0.5, 0.01, c); }) ==
        "kam::preferencing_quadrant_of: 'value_edges[2]': edge 1.5 is outside the share "
        "scale (0, 1]");
}

TEST_CASE("validate: a preferencing configuration without accounts", "[validate]") {
  CHECK_NOTHROW(kam::validate(kam::preferencing_config{}));
  kam::preferencing_config c;
  c.value_edges = {0.05, 0.3, 0.1};
  try {
    kam::validate(c);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "value_edges");
    CHECK(e.index() == 2);  // structured: the message still reads 'value_edges[2]'
    CHECK(std::string(e.what()).find("'value_edges[2]'") != std::string::npos);
  }
  c = {};
  c.our_revenue = -5.0;
  try {
    kam::validate(c);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "our_revenue");
  }
}

TEST_CASE("preferencing_result::count checks the quadrant in every build type",
          "[preferencing][bad-input][index]") {
  const auto r = kam::preferencing(attractiveness_rows<double>(), revenue<double>(), ours());
  Eigen::Index total = 0;
  for (const auto quadrant : {p::core, p::development, p::exploitable, p::nuisance})
    total += r.count(quadrant);
  CHECK(total == 5);
  for (const int v : {4, 255}) {
    kam_test::check_index_error([&] { (void)r.count(static_cast<p>(v)); },
                                "kam::preferencing_result::count", "q", v, "[0, 4)");
  }
}

// Tests of kam/retention/bgbb.hpp: the BG/BB model against Fader, Hardie & Shang (2010) on the
// donation data, scipy, and a row worked by hand.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/bgbb.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "reference_data.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// The 22 rows of donations.csv (frequency, recency, periods, weights; provenance in
/// tests/data/PROVENANCE.md): 11,104 donors, six opportunities (1996-2001).
struct donation_table {
  Eigen::VectorXd x, t_x, n, count;
};

donation_table donations() {
  const auto t = kam_test::read_reference_csv("lifetimes/donations.csv");
  return {t.column("frequency"), t.column("recency"), t.column("periods"), t.column("weights")};
}

/// The maximum-likelihood estimates from scipy 1.10.1 (Nelder-Mead, then BFGS with gtol 1e-9,
/// on the same log-likelihood with scipy.special.betaln). Fader, Hardie & Shang (2010) report
/// alpha 1.204, beta 0.750, gamma 0.657, delta 2.783 and a log-likelihood of -33,225.6.
const kam::bgbb_params<double> donation_fit{1.2035222355307598, 0.7497162930366407,
                                            0.6567183717741175, 2.7834431690315817};

}  // namespace

TEST_CASE("bgbb: one row's likelihood by hand", "[bgbb]") {
  // alpha = beta = gamma = delta = 1 (p and theta uniform), n = 1. Row x = 0, t_x = 0: active
  // and no transaction, B(1, 2) / B(1, 1) x B(1, 2) / B(1, 1) = 1/2 x 1/2, or dropped out before
  // opportunity 1, B(1, 1) / B(1, 1) x B(2, 1) / B(1, 1) = 1/2: L = 1/4 + 1/2 = 3/4. Row x = 1,
  // t_x = 1: active and bought, B(2, 1) / B(1, 1) x B(1, 2) / B(1, 1) = 1/4.
  const kam::bgbb_params<double> uniform{1, 1, 1, 1};
  const Eigen::VectorXd x{{0, 1}}, t_x{{0, 1}}, n{{1, 1}}, count{{1, 1}};
  CHECK_THAT(kam::bgbb_log_likelihood(uniform, x, t_x, n, count),
             WithinRel(std::log(0.75) + std::log(0.25), 1e-14));
  // Counts weight the rows: 3 of the first and 2 of the second.
  const Eigen::VectorXd weights{{3, 2}};
  CHECK_THAT(kam::bgbb_log_likelihood(uniform, x, t_x, n, weights),
             WithinRel(3 * std::log(0.75) + 2 * std::log(0.25), 1e-14));
  // P(active at opportunity 2) for x = 1: B(2, 1) / B(1, 1) x B(1, 3) / B(1, 1) / L
  // = (1/2 x 1/3) / (1/4) = 2/3; for x = 0: (B(1, 2) x B(1, 3)) / (3/4) = (1/6) / (3/4) = 2/9.
  const auto alive = kam::bgbb_p_alive(uniform, x, t_x, n);
  CHECK_THAT(alive(0), WithinRel(2.0 / 9, 1e-14));
  CHECK_THAT(alive(1), WithinRel(2.0 / 3, 1e-14));
}

TEST_CASE("fit_bgbb: the donation data of Fader, Hardie & Shang (2010)", "[bgbb]") {
  const donation_table d = donations();
  REQUIRE(d.count.sum() == 11104);
  const auto fit = kam::fit_bgbb(d.x, d.t_x, d.n, d.count);
  CHECK(fit.status == kam::fit_status::converged);
  CHECK(fit.converged);
  CHECK(fit.accounts == 11104);
  // scipy's optimum to 1e-6 relative (both stop on a gradient tolerance); the paper's 3 decimals.
  CHECK_THAT(fit.params.alpha, WithinRel(donation_fit.alpha, 1e-6));
  CHECK_THAT(fit.params.beta, WithinRel(donation_fit.beta, 1e-6));
  CHECK_THAT(fit.params.gamma, WithinRel(donation_fit.gamma, 1e-6));
  CHECK_THAT(fit.params.delta, WithinRel(donation_fit.delta, 1e-6));
  CHECK_THAT(fit.params.alpha, WithinAbs(1.204, 5e-4));
  CHECK_THAT(fit.params.delta, WithinAbs(2.783, 5e-4));
  CHECK_THAT(fit.log_likelihood, WithinRel(-33225.581274346994, 1e-12));
  REQUIRE(fit.std_error_alpha);
  CHECK(*fit.std_error_alpha > 0);
  CHECK(*fit.std_error_delta > 0);
}

TEST_CASE("bgbb predictions: P(active), conditional and new-account expectations", "[bgbb]") {
  const donation_table d = donations();
  const auto alive = kam::bgbb_p_alive(donation_fit, d.x, d.t_x, d.n);
  const auto next5 =
      kam::bgbb_conditional_expected_transactions(donation_fit, 5.0, d.x, d.t_x, d.n);
  // scipy (betaln, gammaln) at the same parameters; row 0 is x = 0, row 21 is x = 6 of 6 (the
  // paper's 3.75 expected donations in 2002-2006 for a donor who gave every year).
  CHECK_THAT(alive(0), WithinRel(0.1081332915038469, 1e-12));
  CHECK_THAT(alive(1), WithinRel(0.069461805235202, 1e-12));
  CHECK_THAT(alive(21), WithinRel(0.9304335663181811, 1e-12));
  CHECK_THAT(next5(0), WithinRel(0.07286334090207237, 1e-12));
  CHECK_THAT(next5(8), WithinRel(0.536110699593053, 1e-12));
  CHECK_THAT(next5(21), WithinRel(3.752544144083321, 1e-12));
  CHECK_THAT(next5.dot(d.count), WithinRel(12884.1563463565, 1e-12));
  CHECK_THAT(kam::bgbb_expected_transactions(donation_fit, 6.0),
             WithinRel(2.22016934792215, 1e-12));
  CHECK_THAT(kam::bgbb_expected_transactions(donation_fit, 11.0),
             WithinRel(3.3886541779623123, 1e-12));
  CHECK(kam::bgbb_expected_transactions(donation_fit, 0.0) == 0);
}

TEST_CASE("bgbb: bad input names the field and the row", "[bgbb]") {
  const Eigen::VectorXd x{{0, 2}}, t_x{{0, 3}}, n{{6, 6}}, count{{1, 1}};
  Eigen::VectorXd bad = x;
  bad(1) = 4;  // more transactions than opportunities up to the last
  CHECK(
      kam_test::message_of<kam::invalid_input>([&] { (void)kam::fit_bgbb(bad, t_x, n, count); }) ==
      "kam::fit_bgbb: 'frequency', row 1: frequency 4 exceeds recency 3 (x transactions "
      "need x opportunities up to the last)");
  bad = t_x;
  bad(1) = 7;
  CHECK_THROWS_AS(kam::fit_bgbb(x, bad, n, count), kam::invalid_input);
  bad = t_x;
  bad(0) = 1;  // recency without a transaction
  CHECK_THROWS_AS(kam::fit_bgbb(x, bad, n, count), kam::invalid_input);
  bad = n;
  bad(0) = 0.5;
  CHECK_THROWS_AS(kam::fit_bgbb(x, t_x, bad, count), kam::invalid_input);
  bad(0) = 1e9;  // beyond bgbb_max_opportunities: no billion-term sums
  CHECK_THROWS_AS(kam::fit_bgbb(x, t_x, bad, count), kam::invalid_input);
  bad = count;
  bad(1) = -1;
  CHECK_THROWS_WITH(kam::fit_bgbb(x, t_x, n, bad),
                    "kam::fit_bgbb: 'count', row 1: count is -1; it must be finite and >= 0");
  bad(1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(kam::fit_bgbb(x, t_x, n, bad), kam::invalid_input);
  const Eigen::VectorXd short_n{{6}};
  CHECK_THROWS_AS(kam::fit_bgbb(x, t_x, short_n, count), kam::shape_mismatch);
  const Eigen::VectorXd none(0);
  CHECK_THROWS_AS(kam::fit_bgbb(none, none, none, none), kam::empty_input);
  kam::bgbb_params<double> p = donation_fit;
  p.gamma = 1;
  CHECK_THROWS_AS(kam::bgbb_expected_transactions(p, 5.0), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::bgbb_expected_transactions(donation_fit, 2.5), kam::out_of_bounds);
  p.gamma = -1;
  CHECK_THROWS_AS(kam::bgbb_p_alive(p, x, t_x, n), kam::out_of_bounds);
  kam::bgbb_options o;
  o.max_iterations = 0;
  CHECK_THROWS_AS(kam::validate(o), kam::invalid_input);
  o.max_iterations = kam::bgbb_max_iterations + 1;
  CHECK_THROWS_AS(kam::fit_bgbb(x, t_x, n, count, o), kam::invalid_input);
  CHECK_NOTHROW(kam::validate(kam::bgbb_options{}));
}

// Found by the property suite (#20 item 6). By hand: two rows of 1e308 accounts each add up
// to 2e308, beyond double (and the log-likelihood, a count times a negative log, with them).
TEST_CASE("fit_bgbb: counts beyond double are an error", "[bgbb]") {
  const Eigen::Vector2d x(1, 0), tx(1, 0), n(2, 2), count(1e308, 1e308);
  CHECK_THROWS_AS(kam::fit_bgbb(x, tx, n, count), kam::out_of_bounds);
  const kam::bgbb_params<double> p{1, 1, 1, 1};
  CHECK_THROWS_AS(kam::bgbb_log_likelihood(p, x, tx, n, count), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6): alpha = 1e308 is positive and finite, but
// ln B(alpha, beta) needs lgamma(1e308) = infinity, and infinity - infinity made P(alive) NaN.
// Now an error naming the parameters.
TEST_CASE("bgbb predictions: parameters too extreme to evaluate are an error", "[bgbb]") {
  const kam::bgbb_params<double> p{1e308, 1, 1, 1};
  const Eigen::Vector2d x(0, 1), tx(0, 2), n(5, 5);
  CHECK_THROWS_AS(kam::bgbb_p_alive(p, x, tx, n), kam::out_of_bounds);
}

// Found by the property suite's long run (#20 item 6). gamma = 1e-300 puts the dropout
// probability theta ~ Beta(gamma, delta) at 0 (its mean gamma / (gamma + delta) is 2.6e-301):
// nobody drops out, and P(alive) is 1 to double precision. It came out as 1.0000000000001137
// (a difference of logs of lgamma terms rounding above 0), a probability above 1.
TEST_CASE("bgbb_p_alive: at most 1 when gamma is nearly 0", "[bgbb]") {
  const kam::bgbb_params<double> p{3.8453994393676392, 2.4846172674264175, 1e-300,
                                   3.7933023615114916};
  const Eigen::Vector2d x(0, 2), t_x(0, 2), n(3, 3);
  const Eigen::VectorXd alive = kam::bgbb_p_alive(p, x, t_x, n);
  for (Eigen::Index i = 0; i < alive.size(); ++i) {
    CHECK(alive(i) <= 1.0);
    CHECK_THAT(alive(i), WithinAbs(1.0, 1e-15));
  }
}

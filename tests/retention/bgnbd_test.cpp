// Tests of kam/retention/bgnbd.hpp: the BG/NBD fit, P(active) and expected transactions against
// Fader, Hardie & Lee (2005) on the CDNOW data, lifetimes' published summary, and scipy.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/detail/special_functions.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "reference_data.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// The CDNOW calibration data (tests/data/lifetimes/cdnow_customers_summary.csv; provenance in
/// tests/data/PROVENANCE.md): frequency, recency and age T in weeks of 2,357 customers.
struct cdnow_data {
  Eigen::VectorXd x, t_x, age;
};

cdnow_data cdnow() {
  const auto t = kam_test::read_reference_csv("lifetimes/cdnow_customers_summary.csv");
  REQUIRE(t.names == std::vector<std::string>{"ID", "frequency", "recency", "T"});
  return {t.column("frequency"), t.column("recency"), t.column("T")};
}

/// The maximum-likelihood estimates on CDNOW to 1e-9, from scipy 1.10.1 (Nelder-Mead, then BFGS
/// with gtol 1e-9, on the same log-likelihood in numpy): Fader, Hardie & Lee (2005) report
/// r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 and a log-likelihood of -9582.4.
const kam::bgnbd_params<double> cdnow_fit{0.24259290753060947, 4.413531739018903,
                                          0.7928861710000462, 2.4257539249547944};

}  // namespace

TEST_CASE("digamma and 2F1: against exact values and scipy", "[bgnbd]") {
  // psi(1) = -Euler's gamma, psi(1/2) = -gamma - 2 ln 2, psi(10) = H_9 - gamma (Abramowitz &
  // Stegun 6.3.2, 6.3.3); psi(7.5) from scipy.special.digamma: 1.9467574842460866; psi(250.25):
  // 5.520461085528791.
  using kam::detail::digamma;
  constexpr double euler = 0.57721566490153286061;
  CHECK_THAT(digamma(1.0), WithinRel(-euler, 1e-15));
  CHECK_THAT(digamma(0.5), WithinRel(-euler - 2 * std::log(2.0), 1e-15));
  CHECK_THAT(digamma(10.0), WithinRel(7129.0 / 2520 - euler, 1e-15));
  CHECK_THAT(digamma(7.5), WithinRel(1.9467574842460866, 1e-15));
  CHECK_THAT(digamma(250.25), WithinRel(5.520461085528791, 1e-15));
  // 2F1(1, 1; 2; z) = -ln(1 - z) / z (A & S 15.1.3); 2F1(0.5, 2; 1.5; 0.3) from
  // scipy.special.hyp2f1: 1.275812710232266.
  using kam::detail::hyp2f1;
  CHECK_THAT(hyp2f1(1, 1, 2, 0.5, "test"), WithinRel(2 * std::log(2.0), 1e-14));
  CHECK_THAT(hyp2f1(0.5, 2, 1.5, 0.3, "test"), WithinRel(1.275812710232266, 1e-14));
}

TEST_CASE("fit_bgnbd: the CDNOW data of Fader, Hardie & Lee (2005)", "[bgnbd]") {
  const auto d = cdnow();
  REQUIRE(d.x.size() == 2357);
  const auto fit = kam::fit_bgnbd(d.x, d.t_x, d.age);
  CHECK(fit.status == kam::fit_status::converged);
  CHECK(fit.converged);
  CHECK(fit.accounts == 2357);
  // The paper's estimates to its three decimals, and scipy's optimum to 1e-6 relative (the
  // likelihood is flat at the top: 1e-6 in a parameter moves it by about 1e-9).
  CHECK_THAT(fit.params.r, WithinAbs(0.243, 0.0005));
  CHECK_THAT(fit.params.alpha, WithinAbs(4.414, 0.0005));
  CHECK_THAT(fit.params.a, WithinAbs(0.793, 0.0005));
  CHECK_THAT(fit.params.b, WithinAbs(2.426, 0.0005));
  CHECK_THAT(fit.params.r, WithinRel(cdnow_fit.r, 1e-6));
  CHECK_THAT(fit.params.alpha, WithinRel(cdnow_fit.alpha, 1e-6));
  CHECK_THAT(fit.params.a, WithinRel(cdnow_fit.a, 1e-6));
  CHECK_THAT(fit.params.b, WithinRel(cdnow_fit.b, 1e-6));
  // scipy: -9582.425560567362 at its optimum (the paper: -9582.4).
  CHECK_THAT(fit.log_likelihood, WithinRel(-9582.425560567362, 1e-11));
  // lifetimes' documented summary of BetaGeoFitter on this file: standard errors 0.012557,
  // 0.378221, 0.185719, 0.705345 (scipy, central differences of the same likelihood:
  // 0.01255732, 0.37822144, 0.18571915, 0.70534580).
  REQUIRE(fit.std_error_r);
  CHECK_THAT(*fit.std_error_r, WithinAbs(0.012557, 2e-6));
  CHECK_THAT(*fit.std_error_alpha, WithinAbs(0.378221, 2e-6));
  CHECK_THAT(*fit.std_error_a, WithinAbs(0.185719, 2e-6));
  CHECK_THAT(*fit.std_error_b, WithinAbs(0.705345, 2e-6));
}

TEST_CASE("bgnbd_log_likelihood: at the paper's estimates and at the start", "[bgnbd]") {
  const auto d = cdnow();
  // scipy (the same sum in numpy): -9582.426831182365 at the paper's rounded estimates,
  // -13887.694644463423 at r = alpha = a = b = 1.
  const kam::bgnbd_params<double> paper{0.243, 4.414, 0.793, 2.426};
  CHECK_THAT(kam::bgnbd_log_likelihood(paper, d.x, d.t_x, d.age),
             WithinRel(-9582.426831182365, 1e-12));
  CHECK_THAT(kam::bgnbd_log_likelihood(kam::bgnbd_params<double>{}, d.x, d.t_x, d.age),
             WithinRel(-13887.694644463423, 1e-12));
  // One account by hand at (1, 1, 1, 1), x = 0, T = 1: e^A e^l1 = (alpha / (alpha + T))^r =
  // 1/2 (nobody transacted in (0, 1]: the Gamma-Poisson zero term), so ln L = -ln 2.
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(1), one = Eigen::VectorXd::Ones(1);
  CHECK_THAT(kam::bgnbd_log_likelihood(kam::bgnbd_params<double>{}, zero, zero, one),
             WithinRel(-std::log(2.0), 1e-15));
}

TEST_CASE("bgnbd predictions: P(active) and expected transactions", "[bgnbd]") {
  // Fader, Hardie & Lee (2005), section 5: customer 1 of CDNOW (x = 2, t_x = 30.43, T = 38.86)
  // is expected to make 1.226 transactions in the next 39 weeks. Full precision, and the other
  // values, from scipy 1.10.1 (scipy.special.hyp2f1) at cdnow_fit.
  const Eigen::Vector3d x(2, 10, 10), t_x(30.43, 35, 10), age(38.86, 38.86, 38.86);
  const auto alive = kam::bgnbd_p_alive(cdnow_fit, x, t_x, age);
  CHECK_THAT(alive(0), WithinRel(0.7266091745661124, 1e-12));
  CHECK_THAT(alive(1), WithinRel(0.846960747094269, 1e-12));
  CHECK_THAT(alive(2), WithinRel(0.00018545890630394584, 1e-10));
  const auto next = kam::bgnbd_conditional_expected_transactions(cdnow_fit, 39.0, x, t_x, age);
  CHECK_THAT(next(0), WithinAbs(1.226, 0.0005));
  CHECK_THAT(next(0), WithinRel(1.2259104993970995, 1e-10));
  // An account with no repeat transaction is active for sure (P = 1) and expects 0.1948.
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(1), t = Eigen::VectorXd::Constant(1, 38.86);
  CHECK(kam::bgnbd_p_alive(cdnow_fit, zero, zero, t)(0) == 1.0);
  CHECK_THAT(kam::bgnbd_conditional_expected_transactions(cdnow_fit, 39.0, zero, zero, t)(0),
             WithinRel(0.19478084911194973, 1e-10));
  // E[X(t)] for a new customer: 0.05318473899062626 in a week, 1.1950163211443174 in 39,
  // 1.8579718427127498 in 78; E[X(0)] = 0.
  CHECK_THAT(kam::bgnbd_expected_transactions(cdnow_fit, 1.0),
             WithinRel(0.05318473899062626, 1e-10));
  CHECK_THAT(kam::bgnbd_expected_transactions(cdnow_fit, 39.0),
             WithinRel(1.1950163211443174, 1e-10));
  CHECK_THAT(kam::bgnbd_expected_transactions(cdnow_fit, 78.0),
             WithinRel(1.8579718427127498, 1e-10));
  CHECK(kam::bgnbd_expected_transactions(cdnow_fit, 0.0) == 0.0);
  // Summed over all 2,357 customers, the next 39 weeks: 1653.4233079691553.
  const auto d = cdnow();
  CHECK_THAT(kam::bgnbd_conditional_expected_transactions(cdnow_fit, 39.0, d.x, d.t_x, d.age).sum(),
             WithinRel(1653.4233079691553, 1e-10));
}

TEST_CASE("fit_bgnbd: float data, a fit that runs out of iterations", "[bgnbd]") {
  const auto d = cdnow();
  const Eigen::VectorXf xf = d.x.cast<float>(), tf = d.t_x.cast<float>(), af = d.age.cast<float>();
  const auto f = kam::fit_bgnbd(xf, tf, af);
  CHECK(f.converged);
  CHECK_THAT(f.params.r, WithinRel(0.24259291f, 1e-4f));  // the data rounded to float
  kam::bgnbd_options o;
  o.max_iterations = 2;
  const auto early = kam::fit_bgnbd(d.x, d.t_x, d.age, o);
  CHECK(early.status == kam::fit_status::max_iterations);
  CHECK(early.iterations == 2);
  CHECK_FALSE(early.std_error_r);
}

TEST_CASE("bgnbd: bad input names the field and the account", "[bgnbd]") {
  const Eigen::Vector3d x(2, 0, 1), t_x(3, 0, 1), age(5, 5, 5);
  CHECK(kam_test::message_of<kam::empty_input>([] {
          (void)kam::fit_bgnbd(Eigen::VectorXd(0), Eigen::VectorXd(0), Eigen::VectorXd(0));
        }) == "kam::fit_bgnbd: 'frequency': no accounts");
  CHECK_THROWS_AS(kam::fit_bgnbd(x, t_x, Eigen::VectorXd(2)), kam::shape_mismatch);
  Eigen::Vector3d bad = x;
  bad(1) = 1.5;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::fit_bgnbd(bad, t_x, age); }) ==
        "kam::fit_bgnbd: 'frequency', row 1: frequency 1.5 is not a whole number >= 0 (repeat "
        "transactions)");
  bad = t_x;
  bad(1) = 2;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::fit_bgnbd(x, bad, age); }) ==
        "kam::fit_bgnbd: 'recency', row 1: recency 2 with frequency 0: an account without a "
        "repeat transaction has recency 0");
  bad = t_x;
  bad(0) = 6;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::fit_bgnbd(x, bad, age); }) ==
        "kam::fit_bgnbd: 'recency', row 0: recency 6 exceeds age 5 (the time observed)");
  bad = age;
  bad(2) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(kam::fit_bgnbd(x, t_x, bad), kam::non_finite_value);
  kam::bgnbd_params<double> p;
  p.alpha = -1;
  CHECK(kam_test::message_of<kam::out_of_bounds>([&] {
          (void)kam::bgnbd_p_alive(p, x, t_x, age);
        }) == "kam::bgnbd_p_alive: 'alpha': alpha is -1; it must be positive and finite");
  CHECK_THROWS_AS(kam::bgnbd_expected_transactions(cdnow_fit, -1.0), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::bgnbd_expected_transactions(kam::bgnbd_params<double>{}, 1.0),
                  kam::out_of_bounds);  // a = 1
  kam::bgnbd_options o;
  o.tolerance = 0;
  CHECK_THROWS_AS(kam::fit_bgnbd(x, t_x, age, o), kam::invalid_input);
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::validate(o); }) ==
        "kam::validate: 'tolerance': tolerance is 0; it must be positive");
  CHECK_NOTHROW(kam::validate(kam::bgnbd_options{}));
}

TEST_CASE("bgnbd_probability_of_transactions: eq. 8 of Fader, Hardie & Lee (2005)", "[bgnbd]") {
  // The scipy parameters of the CDNOW fit (clv_forecast_test.cpp); values from the same formula
  // in numpy/scipy (betaln, gammaln): P(X(39) = 0..3) and P(X(1) = 5).
  const kam::bgnbd_params<double> p{0.24259290497711014, 4.413531596954177, 0.7928861524222862,
                                    2.425753726544981};
  CHECK_THAT(kam::bgnbd_probability_of_transactions(p, 39.0, 0),
             WithinRel(0.5743072950479011, 1e-12));
  CHECK_THAT(kam::bgnbd_probability_of_transactions(p, 39.0, 1),
             WithinRel(0.19919303489298806, 1e-12));
  CHECK_THAT(kam::bgnbd_probability_of_transactions(p, 39.0, 2),
             WithinRel(0.08532240798569647, 1e-12));
  CHECK_THAT(kam::bgnbd_probability_of_transactions(p, 39.0, 3),
             WithinRel(0.045797194288677984, 1e-12));
  CHECK_THAT(kam::bgnbd_probability_of_transactions(p, 1.0, 5),
             WithinRel(7.335995370140847e-06, 1e-9));
  // The probabilities of 0..199 transactions add up to 1 (scipy: 1 - 3.8e-13).
  double total = 0;
  for (Eigen::Index n = 0; n < 200; ++n)
    total += kam::bgnbd_probability_of_transactions(p, 39.0, n);
  CHECK_THAT(total, WithinAbs(1.0, 1e-12));
  // By hand at t = 0: nothing has happened yet.
  CHECK(kam::bgnbd_probability_of_transactions(p, 0.0, 0) == 1);
  CHECK(kam::bgnbd_probability_of_transactions(p, 0.0, 3) == 0);
  CHECK_THROWS_AS(kam::bgnbd_probability_of_transactions(p, 1.0, -1), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::bgnbd_probability_of_transactions(p, 1.0, kam::bgnbd_max_count),
                  kam::out_of_bounds);
  CHECK_THROWS_AS(kam::bgnbd_probability_of_transactions(p, -1.0, 0), kam::out_of_bounds);
  // The largest count: an error, not the signed overflow of n + 1 (UBSan found it).
  CHECK_THROWS_AS(
      kam::bgnbd_probability_of_transactions(p, 1.0, std::numeric_limits<Eigen::Index>::max()),
      kam::out_of_bounds);
}

TEST_CASE("bgnbd_repeat_count_check: the CDNOW calibration histogram", "[bgnbd]") {
  const cdnow_data d = cdnow();
  const kam::bgnbd_params<double> p{0.24259290497711014, 4.413531596954177, 0.7928861524222862,
                                    2.425753726544981};
  const auto c = kam::bgnbd_repeat_count_check(p, d.x, d.t_x, d.age);
  // Counted with pandas on cdnow_customers_summary.csv: 0..6 and 7+ repeat purchases.
  const std::vector<double> actual{1411, 439, 214, 100, 62, 38, 29, 64};
  // numpy/scipy: the sum over customers of P(X(T_i) = k), the rest in 7+; Pearson chi-square
  // 4.8217 on 8 - 1 - 4 = 3 degrees of freedom, p = 0.18533 (scipy.stats.chi2.sf). Fader, Hardie
  // & Lee's figure 3 shows the same close fit.
  const std::vector<double> expected{1407.6846374944662, 460.32449490155574, 192.4602793483326,
                                     101.1634417855505,  59.84670405305844,  38.11956155299901,
                                     25.549091342626728, 71.85178952141041};
  REQUIRE(c.actual.size() == 8);
  for (Eigen::Index k = 0; k < 8; ++k) {
    CHECK(c.actual(k) == actual[static_cast<std::size_t>(k)]);
    CHECK_THAT(c.expected(k), WithinRel(expected[static_cast<std::size_t>(k)], 1e-10));
  }
  CHECK_THAT(c.chi_square, WithinRel(4.821709899472342, 1e-9));
  REQUIRE(c.degrees_of_freedom == 3);
  CHECK_THAT(*c.p_value, WithinRel(0.18532772732922526, 1e-8));
  const auto few = kam::bgnbd_repeat_count_check(p, d.x, d.t_x, d.age, 3);
  CHECK(few.actual(2) == 2357 - 1411 - 439);  // 2 or more
  CHECK_FALSE(few.p_value);                   // 3 - 1 - 4 degrees of freedom: none
  CHECK_THROWS_AS(kam::bgnbd_repeat_count_check(p, d.x, d.t_x, d.age, 1), kam::out_of_bounds);
}

TEST_CASE("bgnbd_p_alive_ahead: P(active) a year on, against numerical integration", "[bgnbd]") {
  const cdnow_data d = cdnow();
  const kam::bgnbd_params<double> p{0.24259290497711014, 4.413531596954177, 0.7928861524222862,
                                    2.425753726544981};
  const Eigen::VectorXd x = d.x.head(3), t_x = d.t_x.head(3), age = d.age.head(3);
  const auto ahead = kam::bgnbd_p_alive_ahead(p, 52.0, x, t_x, age);
  // scipy.integrate.quad of P(active now) x E_p[((alpha + T) / (alpha + T + p t))^(r + x)] over
  // p ~ Beta(a, b + x), t = 52 weeks (epsrel 1e-13), for customers 1-3 (x = 2, 1, 0):
  CHECK_THAT(ahead(0), WithinRel(0.5317073810887225, 1e-12));
  CHECK_THAT(ahead(1), WithinRel(0.17044679477822183, 1e-12));
  CHECK_THAT(ahead(2), WithinRel(0.943962887601693, 1e-12));
  // At t = 0 it is P(active now); it can only fall as t grows.
  const auto now = kam::bgnbd_p_alive(p, x, t_x, age);
  const auto zero = kam::bgnbd_p_alive_ahead(p, 0.0, x, t_x, age);
  for (Eigen::Index i = 0; i < 3; ++i) {
    CHECK_THAT(zero(i), WithinRel(now(i), 1e-15));
    CHECK(ahead(i) < now(i));
  }
  CHECK_THROWS_AS(kam::bgnbd_p_alive_ahead(p, -1.0, x, t_x, age), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6): at a subnormal t, t / (alpha + t) underflowed to 0
// and the term k = 0 was 0 x ln 0 = NaN. By hand: over t = 4.9e-324 almost surely nothing
// happens: P(X(t) = 0) = (alpha / (alpha + t))^r = 1 to double precision.
TEST_CASE("bgnbd: P(X(t) = n) at a subnormal t", "[bgnbd]") {
  const kam::bgnbd_params<double> p{0.24, 4.41, 0.79, 2.43};
  const double t = std::numeric_limits<double>::denorm_min();
  CHECK_THAT(kam::bgnbd_probability_of_transactions(p, t, 0), WithinAbs(1.0, 1e-15));
  CHECK_THAT(kam::bgnbd_probability_of_transactions(p, t, 1), WithinAbs(0.0, 1e-15));
}

// Found by the property suite (#20 item 6): a = 1e308 is positive and finite, but
// ln B(a, b + k) - ln B(a, b) is infinity - infinity (lgamma(1e308) overflows): P(X(t) = n)
// was NaN. Now an error naming the parameters.
TEST_CASE("bgnbd predictions: parameters too extreme to evaluate are an error", "[bgnbd]") {
  const kam::bgnbd_params<double> p{3.39, 2.9, 1e308, 1.6};
  CHECK_THROWS_AS(kam::bgnbd_probability_of_transactions(p, 19.9, 15), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6). At r = alpha = a = b = 1 the likelihood of x = 2,
// t_x = 1, T = 2 is, by hand from Fader, Hardie & Lee (2005) eq. 6,
// B(1, 3) Gamma(3) / (Gamma(1) 3^3) + B(2, 2) Gamma(3) / (Gamma(1) 2^3) = 2/81 + 1/24 = 43/648.
// A frequency of 1e308 makes ln Gamma(r + x) about 1e308 (ln 1e308 - 1) = 7.08e310, beyond
// double: the log-likelihood was NaN (infinity - infinity) and fit_bgnbd returned it with
// status max_iterations; now errors, the fit's naming the frequency and the account.
TEST_CASE("bgnbd: a log-likelihood beyond double is an error", "[bgnbd]") {
  const kam::bgnbd_params<double> p{1, 1, 1, 1};
  const Eigen::VectorXd x1 = Eigen::VectorXd::Constant(1, 2.0);
  const Eigen::VectorXd t1 = Eigen::VectorXd::Constant(1, 1.0);
  const Eigen::VectorXd age1 = Eigen::VectorXd::Constant(1, 2.0);
  CHECK_THAT(kam::bgnbd_log_likelihood(p, x1, t1, age1), WithinRel(std::log(43.0 / 648), 1e-12));
  const Eigen::Vector2d x(2, 1e308), t_x(1, 1), age(2, 2);
  CHECK_THROWS_AS(kam::bgnbd_log_likelihood(p, x, t_x, age), kam::out_of_bounds);
  const std::string message =
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::fit_bgnbd(x, t_x, age); });
  CHECK(message.rfind("kam::fit_bgnbd: 'frequency', row 1: the log-likelihood is", 0) == 0);
}

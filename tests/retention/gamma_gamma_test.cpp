// Tests of kam/retention/gamma_gamma.hpp: the Gamma-Gamma spend model against Fader, Hardie & Lee
// (2005) on the CDNOW data, and scipy.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/gamma_gamma.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "reference_data.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// Frequency and mean repeat spend (zbar, dollars) of the 2,357 CDNOW customers
/// (tests/data/lifetimes/cdnow_customers_summary_with_transactions.csv; provenance in
/// tests/data/PROVENANCE.md; zbar is 0 for the 1,411 without a repeat purchase).
struct spend_data {
  Eigen::VectorXd x, m;
};

spend_data cdnow_spend() {
  const auto t =
      kam_test::read_reference_csv("lifetimes/cdnow_customers_summary_with_transactions.csv");
  REQUIRE(t.names == std::vector<std::string>{"ID", "x", "t_x", "T", "zbar"});
  return {t.column("x"), t.column("zbar")};
}

/// The maximum-likelihood estimates on CDNOW's 946 repeat buyers, from scipy 1.10.1
/// (Nelder-Mead, then BFGS with gtol 1e-9, on the same log-likelihood in numpy). Fader, Hardie &
/// Lee (2005, "RFM and CLV") report p = 6.25, q = 3.74, gamma = 15.44.
const kam::gamma_gamma_params<double> cdnow_fit{6.24880269493029, 3.744588439303857,
                                                15.447747217815113};

}  // namespace

TEST_CASE("fit_gamma_gamma: the CDNOW repeat buyers", "[gamma_gamma]") {
  const auto d = cdnow_spend();
  REQUIRE(d.x.size() == 2357);
  const auto fit = kam::fit_gamma_gamma(d.x, d.m);
  CHECK(fit.converged);
  CHECK(fit.accounts == 946);
  CHECK(fit.skipped == 1411);
  CHECK_THAT(fit.params.p, WithinAbs(6.25, 0.005));
  CHECK_THAT(fit.params.q, WithinAbs(3.74, 0.005));
  CHECK_THAT(fit.params.gamma, WithinAbs(15.44, 0.01));
  CHECK_THAT(fit.params.p, WithinRel(cdnow_fit.p, 1e-6));
  CHECK_THAT(fit.params.q, WithinRel(cdnow_fit.q, 1e-6));
  CHECK_THAT(fit.params.gamma, WithinRel(cdnow_fit.gamma, 1e-6));
  // scipy: -4055.9232435028575 at its optimum.
  CHECK_THAT(fit.log_likelihood, WithinRel(-4055.9232435028575, 1e-11));
  // Standard errors from scipy's central differences of the same likelihood (delta method):
  // 1.18968, 0.290164, 4.15997 (lifetimes' summary of GammaGammaFitter: 1.19, 0.29, 4.16).
  REQUIRE(fit.std_error_p);
  CHECK_THAT(*fit.std_error_p, WithinRel(1.1896797180412282, 1e-4));
  CHECK_THAT(*fit.std_error_q, WithinRel(0.29016449065836397, 1e-4));
  CHECK_THAT(*fit.std_error_gamma, WithinRel(4.1599677884639625, 1e-4));
  // numpy corrcoef(x, zbar) over the 946: 0.11388391048600499, below the 0.3 warning.
  CHECK_THAT(fit.frequency_spend_correlation, WithinRel(0.11388391048600499, 1e-12));
  CHECK_FALSE(fit.independence_doubtful);
  kam::gamma_gamma_options strict;
  strict.correlation_warning = 0.1;
  CHECK(kam::fit_gamma_gamma(d.x, d.m, strict).independence_doubtful);
}

TEST_CASE("gamma_gamma predictions: expected spend and the population mean", "[gamma_gamma]") {
  // (gamma + x m) p / (p x + q - 1) at cdnow_fit, computed in numpy: customer 1 (x = 2,
  // m = 22.35) 24.658616018221363, customer 2 (1, 11.77) 18.9114795104592, customer 6 (7, 73.74)
  // 71.46285085816643; the population mean p gamma / (q - 1) = 35.17100162010775 (also what
  // an account without repeat purchases gets).
  const Eigen::Vector4d x(2, 1, 7, 0), m(22.35, 11.77, 73.74, 0);
  const auto e = kam::gamma_gamma_expected_spend(cdnow_fit, x, m);
  CHECK_THAT(e(0), WithinRel(24.658616018221363, 1e-13));
  CHECK_THAT(e(1), WithinRel(18.9114795104592, 1e-13));
  CHECK_THAT(e(2), WithinRel(71.46285085816643, 1e-13));
  CHECK_THAT(e(3), WithinRel(35.17100162010775, 1e-13));
  CHECK_THAT(kam::gamma_gamma_mean_spend(cdnow_fit), WithinRel(35.17100162010775, 1e-13));
  // The mean over the 946 repeat buyers: 35.375199017479936.
  const auto d = cdnow_spend();
  const auto all = kam::gamma_gamma_expected_spend(cdnow_fit, d.x, d.m);
  double sum = 0;
  for (Eigen::Index i = 0; i < d.x.size(); ++i)
    if (d.x(i) > 0) sum += all(i);
  CHECK_THAT(sum / 946, WithinRel(35.375199017479936, 1e-12));
  // By hand at p = q = gamma = 2, x = 1, m = 4: (2 + 4) 2 / (2 + 2 - 1) = 4.
  const kam::gamma_gamma_params<double> two{2, 2, 2};
  CHECK_THAT(kam::gamma_gamma_expected_spend(two, Eigen::VectorXd::Ones(1),
                                             Eigen::VectorXd::Constant(1, 4.0))(0),
             WithinRel(4.0, 1e-15));
  // One account by hand at p = q = gamma = 1, x = 1, m = 1: ln[Gamma(2) / (Gamma(1) Gamma(1))
  // 1 1 1 / 2^2] = -2 ln 2.
  CHECK_THAT(kam::gamma_gamma_log_likelihood(kam::gamma_gamma_params<double>{},
                                             Eigen::VectorXd::Ones(1), Eigen::VectorXd::Ones(1)),
             WithinRel(-2 * std::log(2.0), 1e-15));
}

TEST_CASE("gamma_gamma: bad input names the field and the account", "[gamma_gamma]") {
  const Eigen::Vector3d x(2, 0, 1), m(10, 0, 5);
  CHECK(kam_test::message_of<kam::empty_input>([] {
          (void)kam::fit_gamma_gamma(Eigen::VectorXd(0), Eigen::VectorXd(0));
        }) == "kam::fit_gamma_gamma: 'frequency': no accounts");
  CHECK(kam_test::message_of<kam::empty_input>([] {
          (void)kam::fit_gamma_gamma(Eigen::VectorXd::Zero(3), Eigen::VectorXd::Zero(3));
        }) ==
        "kam::fit_gamma_gamma: 'frequency': no account has a repeat transaction "
        "(frequency > 0): no spend to fit");
  CHECK_THROWS_AS(kam::fit_gamma_gamma(x, Eigen::VectorXd(2)), kam::shape_mismatch);
  Eigen::Vector3d bad = m;
  bad(2) = -5;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::fit_gamma_gamma(x, bad); }) ==
        "kam::fit_gamma_gamma: 'mean_spend', row 2: mean spend -5 is not positive (an account "
        "with repeat transactions spent something)");
  bad(2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(kam::fit_gamma_gamma(x, bad), kam::non_finite_value);
  bad = x;
  bad(0) = 0.5;
  CHECK_THROWS_AS(kam::fit_gamma_gamma(bad, m), kam::invalid_input);
  // q <= 1: the population mean is infinite; account 0 has p x + q = 0.1 * 2 + 0.5 = 0.7.
  const kam::gamma_gamma_params<double> heavy{0.1, 0.5, 1};
  CHECK_THROWS_AS(kam::gamma_gamma_mean_spend(heavy), kam::out_of_bounds);
  CHECK(kam_test::message_of<kam::out_of_bounds>(
            [&] { (void)kam::gamma_gamma_expected_spend(heavy, x, m); }) ==
        "kam::gamma_gamma_expected_spend: 'params', row 0: p x + q is 0.7; the expected "
        "spend is infinite unless it exceeds 1");
  kam::gamma_gamma_params<double> p;
  p.gamma = 0;
  CHECK_THROWS_AS(kam::gamma_gamma_log_likelihood(p, x, m), kam::out_of_bounds);
  kam::gamma_gamma_options o;
  o.correlation_warning = 2;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::validate(o); }) ==
        "kam::validate: 'correlation_warning': correlation_warning is 2; it must be in [0, 1]");
  CHECK_NOTHROW(kam::validate(kam::gamma_gamma_options{}));
}

// Found by the property suite (#20 item 6). By hand: p = 1, q = 2, gamma = 1, x = 2 and a mean
// spend of 1e308: (1 + 2 x 1e308) x 1 / (1 x 2 + 2 - 1) needs 2e308 on the way, beyond double.
TEST_CASE("gamma_gamma: an expected spend beyond double is an error", "[gamma_gamma]") {
  const kam::gamma_gamma_params<double> g{1, 2, 1};
  const Eigen::Vector2d x(1, 2), spend(10, 1e308);  // row 1: x = 2, m = 1e308
  CHECK_THROWS_AS(kam::gamma_gamma_expected_spend(g, x, spend), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6). At p = q = gamma = 1, one account with x = 6 and a
// mean spend m = 1e308, by hand: ln Gamma(7) - ln Gamma(6) - ln Gamma(1) + 1 ln 1 + 5 ln m +
// 6 ln 6 - 7 ln(1 + 6 m) = ln 6 + 5 ln m + 6 ln 6 - 7 ln 6 - 7 ln m = -2 ln(1e308) = -1418.392
// (the 1 in 1 + 6 m is below the last digit). 6 m passes the largest double: it was -infinity,
// and fit_gamma_gamma returned that with status max_iterations. A frequency of 1.7e308 makes
// p x ln x = 1.2e311, truly beyond double: now an error naming the frequency and the account.
TEST_CASE("gamma_gamma: a mean spend near the largest double and a frequency beyond it",
          "[gamma_gamma]") {
  const kam::gamma_gamma_params<double> p{1, 1, 1};
  const Eigen::VectorXd x1 = Eigen::VectorXd::Constant(1, 6.0);
  const Eigen::VectorXd m1 = Eigen::VectorXd::Constant(1, 1e308);
  CHECK_THAT(kam::gamma_gamma_log_likelihood(p, x1, m1), WithinRel(-2 * std::log(1e308), 1e-12));
  const Eigen::Vector2d x(2, 1.7e308), m(10, 20);
  CHECK_THROWS_AS(kam::gamma_gamma_log_likelihood(p, x, m), kam::out_of_bounds);
  const std::string message =
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::fit_gamma_gamma(x, m); });
  CHECK(message.rfind("kam::fit_gamma_gamma: 'frequency', row 1: the log-likelihood is", 0) == 0);
}

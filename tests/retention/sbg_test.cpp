// Tests of kam/retention/sbg.hpp: the sBG fit against Fader & Hardie's published cohorts,
// projections, DEL/DERL, the mean lifetime, degenerate data and bad input.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/sbg.hpp>
#include <limits>
#include <string>
#include <utility>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Fader & Hardie (2007), "How to project customer retention", Journal of Interactive Marketing
// 21(1), 76-90: customers of the "regular" and "high end" segments still active at the start of
// years 1..8, each a cohort of 1000 acquired at the start of year 1 (the same counts are in
// Fader & Hardie's 2014 BG note, PyMC-Marketing's sBG tests and public replications).
template <typename Scalar>
kam::vector_of<Scalar> regular(Eigen::Index years = 8) {
  kam::vector_of<Scalar> v(8);
  v << 1000, 631, 468, 382, 326, 289, 262, 241;
  return v.head(years);
}
template <typename Scalar>
kam::vector_of<Scalar> high_end() {
  kam::vector_of<Scalar> v(8);
  v << 1000, 869, 743, 653, 593, 551, 517, 491;
  return v;
}

// ln B(a, b) through lgamma: the textbook form, to check the product form the fit uses.
double lbeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }
double ll_lgamma(const Eigen::VectorXd& n, double a, double b) {
  double ll = 0;
  const auto t_max = n.size() - 1;
  for (Eigen::Index t = 1; t <= t_max; ++t) {
    ll += (n(t - 1) - n(t)) *
          (lbeta(a + 1, b + static_cast<double>(t) - 1) - lbeta(a, b));  // ln P(T = t)
  }
  return ll + n(t_max) * (lbeta(a, b + static_cast<double>(t_max)) - lbeta(a, b));  // ln S(T)
}

}  // namespace

TEMPLATE_TEST_CASE("fit_sbg: the regular cohort's first four renewals", "[sbg]", float, double) {
  // The reference, computed from Fader & Hardie's regular cohort, years 1-5:
  // alpha = 0.7637, beta = 1.2958, LL = -1401.559 (scipy Nelder-Mead on the same likelihood:
  // 0.763665, 1.295830, -1401.55942).
  const auto fit = kam::fit_sbg(regular<TestType>(5));
  REQUIRE(fit.converged);
  CHECK(fit.status == kam::fit_status::converged);
  CHECK_THAT(fit.params.alpha, WithinAbs(0.7637, 5e-5));
  CHECK_THAT(fit.params.beta, WithinAbs(1.2958, 5e-5));
  CHECK_THAT(fit.log_likelihood, WithinAbs(-1401.559, 5e-4));
  CHECK(fit.cohorts == 1);
  CHECK(fit.periods == 4);
  CHECK(fit.accounts == 1000);
  CHECK_FALSE(fit.mean_lifetime);  // alpha < 1: the mean lifetime is infinite
  REQUIRE(fit.std_error_alpha);
  CHECK(*fit.std_error_alpha > 0);
}

TEMPLATE_TEST_CASE("fit_sbg: Fader & Hardie's published fits over seven years", "[sbg]", float,
                   double) {
  // Fader & Hardie (2007) report, for the seven renewal opportunities of years 1-8: regular
  // alpha = 0.704, beta = 1.182; high end alpha = 0.668, beta = 3.806. (A public scipy replication,
  // abdullahau/customer-analytics, gets 0.7041, 1.1820 and 0.6678, 3.8040 with the
  // log-likelihoods below.)
  const auto reg = kam::fit_sbg(regular<TestType>());
  REQUIRE(reg.converged);
  CHECK_THAT(reg.params.alpha, WithinAbs(0.704, 5e-4));
  CHECK_THAT(reg.params.beta, WithinAbs(1.182, 5e-4));
  const auto hi = kam::fit_sbg(high_end<TestType>());
  REQUIRE(hi.converged);
  CHECK_THAT(hi.params.alpha, WithinAbs(0.668, 5e-4));
  CHECK_THAT(hi.params.beta, WithinAbs(3.806, 5e-4));
  // Log-likelihoods at the optimum (scipy on the same data: -1680.26519, -1611.15815).
  CHECK_THAT(reg.log_likelihood, WithinAbs(-1680.2652, 2e-3));
  CHECK_THAT(hi.log_likelihood, WithinAbs(-1611.1581, 2e-3));
}

TEST_CASE("fit_sbg: to machine precision, and the likelihood equals the lgamma form", "[sbg]") {
  const auto fit = kam::fit_sbg(regular<double>());
  // scipy Nelder-Mead (xatol 1e-12) on the lgamma likelihood: 0.70407732, 1.18204307.
  CHECK_THAT(fit.params.alpha, WithinAbs(0.70407732, 2e-7));
  CHECK_THAT(fit.params.beta, WithinAbs(1.18204307, 2e-7));
  CHECK(fit.gradient_norm < 1e-6);
  const Eigen::VectorXd n = regular<double>();
  for (const auto& [a, b] : {std::pair{0.704, 1.182}, std::pair{2.0, 0.5}, std::pair{0.1, 9.0}}) {
    CHECK_THAT(kam::sbg_log_likelihood(n, kam::sbg_params<double>{a, b}),
               WithinRel(ll_lgamma(n, a, b), 1e-12));
  }
  // At the published (rounded) parameters: -1680.26519 (scipy betaln).
  CHECK_THAT(kam::sbg_log_likelihood(n, kam::sbg_params<double>{0.704, 1.182}),
             WithinAbs(-1680.2651905533528, 1e-9));
}

TEST_CASE("fit_sbg: a cohort read through a strided Map", "[sbg]") {
  // DESIGN: Maps over a caller's buffers work. Row 0 of a column-major 2 x 8 table (a 1 x 8
  // matrix Map, columns 2 apart) and column 0 of a row-major 8 x 2 table (an 8 x 1 matrix Map,
  // rows 2 apart) hold the regular cohort: the fit and the likelihood are those of the plain
  // vector, Fader & Hardie's 0.704 / 1.182 (see above). Such a matrix Map has no linear
  // coeff(t); this once failed to compile (found by the Python bindings).
  Eigen::Matrix<double, 2, 8> wide;
  wide.row(0) = regular<double>().transpose();
  wide.row(1).setZero();
  using strided =
      Eigen::Map<const Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
  const strided row(wide.data(), 1, 8, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(2, 1));
  Eigen::Matrix<double, 8, 2, Eigen::RowMajor> tall;
  tall.col(0) = regular<double>();
  tall.col(1).setZero();
  const strided col(tall.data(), 8, 1, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(16, 2));
  const auto plain = kam::fit_sbg(regular<double>());
  for (const auto& fit : {kam::fit_sbg(row), kam::fit_sbg(col)}) {
    CHECK(fit.params.alpha == plain.params.alpha);
    CHECK(fit.params.beta == plain.params.beta);
    CHECK_THAT(fit.params.alpha, WithinAbs(0.704, 5e-4));
  }
  const kam::sbg_params<double> published{0.704, 1.182};
  CHECK(kam::sbg_log_likelihood(col, published) ==
        kam::sbg_log_likelihood(regular<double>(), published));
}

TEST_CASE("fit_sbg: several cohorts at once share alpha and beta", "[sbg]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Two copies of the regular cohort: the same estimates, twice the log-likelihood.
  Eigen::MatrixXd two(2, 8);
  two.row(0) = regular<double>().transpose();
  two.row(1) = regular<double>().transpose();
  const auto one = kam::fit_sbg(regular<double>());
  const auto both = kam::fit_sbg(two);
  CHECK(both.cohorts == 2);
  CHECK_THAT(both.params.alpha, WithinAbs(one.params.alpha, 1e-7));
  CHECK_THAT(both.log_likelihood, WithinRel(2 * one.log_likelihood, 1e-12));
  // A younger cohort observed for four renewals only (trailing NaN), Fader & Hardie's
  // multi-cohort layout: the pooled likelihood is the sum of the two cohorts'.
  Eigen::MatrixXd mixed(2, 8);
  mixed.row(0) = regular<double>().transpose();
  mixed.row(1) << 1000, 869, 743, 653, 593, nan, nan, nan;
  const auto pooled = kam::fit_sbg(mixed);
  REQUIRE(pooled.converged);
  const kam::sbg_params<double> p = pooled.params;
  const Eigen::VectorXd young = high_end<double>().head(5);
  CHECK_THAT(pooled.log_likelihood, WithinRel(ll_lgamma(regular<double>(), p.alpha, p.beta) +
                                                  ll_lgamma(young, p.alpha, p.beta),
                                              1e-12));
  // ... and it is a maximum: every nearby point is worse.
  for (const double da : {-1e-3, 1e-3}) {
    for (const double db : {-1e-3, 1e-3}) {
      CHECK(kam::sbg_log_likelihood(mixed, kam::sbg_params<double>{p.alpha + da, p.beta + db}) <
            pooled.log_likelihood);
    }
  }
  CHECK(pooled.periods == 7);
}

TEMPLATE_TEST_CASE("sbg projections: survival, retention, DEL, DERL and the mean", "[sbg]", float,
                   double) {
  const double e = std::is_same_v<TestType, float> ? 1e-6 : 1e-12;
  const kam::sbg_params<TestType> reg{TestType(0.704), TestType(1.182)};
  // r_t = (beta + t - 1) / (alpha + beta + t - 1): r_1 = 1.182 / 1.886, rising with t.
  const auto r = kam::sbg_retention(reg, 12);
  CHECK_THAT(r(0), WithinRel(1.182 / 1.886, e));
  CHECK_THAT(r(11), WithinRel(12.182 / 12.886, e));
  const auto s = kam::sbg_survival(reg, 12);
  CHECK(s(0) == 1);
  // S(12) = B(alpha, beta + 12) / B(alpha, beta) through lgamma.
  CHECK_THAT(s(12), WithinRel(std::exp(lbeta(0.704, 13.182) - lbeta(0.704, 1.182)), 10 * e));
  // DEL = 2F1(1, beta; alpha + beta; 1 / 1.1): scipy.special.hyp2f1 gives 3.6951474055745748 for
  // the regular segment and 5.922596407612753 for the high end (alpha 0.668, beta 3.806).
  const TestType d = TestType(0.1);
  CHECK_THAT(kam::sbg_discounted_lifetime(reg, d), WithinRel(3.6951474055745748, e));
  const kam::sbg_params<TestType> hi{TestType(0.668), TestType(3.806)};
  CHECK_THAT(kam::sbg_discounted_lifetime(hi, d), WithinRel(5.922596407612753, e));
  // DERL (Fader & Hardie 2010, eq. 6); scipy: 2.9646621461320284 after 0 renewals, and
  // 5.894422859844158 after 4; DEL = 1 + DERL(0) / (1 + d) (the acquisition payment, then the
  // rest one period later).
  CHECK_THAT(kam::sbg_discounted_residual_lifetime(reg, d, 0), WithinRel(2.9646621461320284, e));
  CHECK_THAT(kam::sbg_discounted_residual_lifetime(reg, d, 4), WithinRel(5.894422859844158, e));
  CHECK_THAT(1 + kam::sbg_discounted_residual_lifetime(reg, d, 0) / (1 + d),
             WithinRel(static_cast<double>(kam::sbg_discounted_lifetime(reg, d)), e));
  // The direct sum of S(t) / 1.1^t over 600 periods agrees with the series.
  const auto long_s = kam::sbg_survival(kam::sbg_params<double>{0.704, 1.182}, 600);
  double direct = 0;
  for (Eigen::Index t = 0; t <= 600; ++t) direct += long_s(t) / std::pow(1.1, t);
  CHECK_THAT(direct, WithinRel(3.6951474055745748, 1e-12));
  // The mean lifetime: none when alpha <= 1; (alpha + beta - 1) / (alpha - 1) otherwise.
  CHECK_FALSE(kam::sbg_mean_lifetime(reg));
  const auto mean = kam::sbg_mean_lifetime(kam::sbg_params<TestType>{2, 3});
  REQUIRE(mean);
  CHECK(*mean == 4);  // (2 + 3 - 1) / (2 - 1)
}

TEST_CASE("fit_sbg: degenerate cohorts are reported, not thrown", "[sbg]") {
  // Nobody churns: the likelihood rises towards theta = 0; no finite estimate exists.
  const auto none = kam::fit_sbg(Eigen::Vector3d(100, 100, 100));
  CHECK_FALSE(none.converged);
  CHECK(none.status == kam::fit_status::boundary);
  // Everybody churns at the first renewal: theta = 1.
  const auto all = kam::fit_sbg(Eigen::Vector2d(100, 0));
  CHECK(all.status == kam::fit_status::boundary);
  // Homogeneous churn: every account leaves with theta = 1/2 each period. By hand the geometric
  // model fits exactly, theta = 875 churned / 1750 renewal decisions, LL = 1750 ln(1/2) =
  // -1213.00757, and the sBG only approaches it as alpha = beta -> infinity. (The search used to
  // stop there as "converged" at alpha = beta = 2.6e6, where the gradient had faded.) The same at
  // a thousand times the scale, and with eight accounts.
  for (const double scale : {1.0, 1000.0, 0.008}) {
    const auto geo = kam::fit_sbg(Eigen::Vector4d(1000, 500, 250, 125) * scale);
    CHECK(geo.status == kam::fit_status::boundary);
    CHECK_FALSE(geo.converged);
    CHECK_FALSE(geo.std_error_alpha);
    CHECK_THAT(geo.log_likelihood, WithinRel(1750 * scale * std::log(0.5), 1e-9));
  }
  // Nearly homogeneous (two more accounts stay at each of the last two renewals): a finite
  // maximum exists (scipy Nelder-Mead on the lgamma likelihood: alpha 89.837, beta 89.782,
  // LL -1213.67940470), above the geometric model's 873 ln(873/1751) + 878 ln(878/1751).
  const auto near = kam::fit_sbg(Eigen::Vector4d(1000, 500, 251, 127));
  REQUIRE(near.converged);
  CHECK_THAT(near.params.alpha, WithinRel(89.837, 1e-3));
  CHECK_THAT(near.params.beta, WithinRel(89.782, 1e-3));
  CHECK_THAT(near.log_likelihood, WithinAbs(-1213.6794047, 1e-6));
  // An iteration limit that is too small.
  kam::sbg_options o;
  o.max_iterations = 1;
  const auto early = kam::fit_sbg(regular<double>(), o);
  CHECK(early.status == kam::fit_status::max_iterations);
  CHECK_FALSE(early.converged);
  CHECK(early.iterations == 1);
  CHECK(kam::to_string(early.status) == "max_iterations");
}

TEST_CASE("sbg: bad input names the cohort and the period", "[sbg][errors]") {
  CHECK(kam_test::message_of<kam::invalid_input>(
            [] { (void)kam::fit_sbg(Eigen::Vector4d(1000, 631, 640, 500)); }) ==
        "kam::fit_sbg: 'alive', row 0: period 2: 640 alive after 631; counts alive must not "
        "increase");
  Eigen::MatrixXd two(2, 3);
  two << 100, 80, 70,  //
      50, 60, 40;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::fit_sbg(two); }) ==
        "kam::fit_sbg: 'alive', row 1: period 1: 60 alive exceeds the cohort's 50");
  two(1, 0) = 0;
  CHECK(kam_test::message_of<kam::empty_input>([&] { (void)kam::fit_sbg(two); }) ==
        "kam::fit_sbg: 'alive', row 1: period 0: the cohort is empty (0 accounts)");
  two << 100, 80, 70,  //
      50, std::numeric_limits<double>::quiet_NaN(), 40;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::fit_sbg(two); }) ==
        "kam::fit_sbg: 'alive', row 1: period 2: a count after the missing period 1 (only "
        "trailing periods may be missing)");
  CHECK_THROWS_AS(kam::fit_sbg(Eigen::Vector3d(100, -1, 0)), kam::invalid_input);
  CHECK_THROWS_AS(kam::fit_sbg(Eigen::VectorXd(0)), kam::empty_input);
  CHECK_THROWS_AS(kam::fit_sbg(Eigen::VectorXd::Constant(1, 5)), kam::shape_mismatch);
  const kam::sbg_params<double> p{0.7, 1.2};
  CHECK(kam_test::message_of<kam::out_of_bounds>(
            [&] { (void)kam::sbg_discounted_lifetime(p, -1.0); }) ==
        "kam::sbg_discounted_lifetime: 'discount': discount is -1; it must be greater than "
        "-1");
  CHECK_THROWS_AS(kam::sbg_discounted_lifetime(p, 0.0), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::sbg_discounted_residual_lifetime(p, 0.1, -1), kam::out_of_bounds);
  CHECK(kam_test::message_of<kam::out_of_bounds>([] {
          (void)kam::sbg_survival(kam::sbg_params<double>{0, 1}, 3);
        }) == "kam::sbg_survival: 'alpha': alpha is 0; it must be positive and finite");
}

TEST_CASE("validate_lifetime_discount: the rates the discounted lifetime accepts", "[validate]") {
  CHECK_NOTHROW(kam::validate_lifetime_discount(0.1));
  try {
    kam::validate_lifetime_discount(0.0);
    FAIL("expected kam::out_of_bounds");
  } catch (const kam::out_of_bounds& e) {
    CHECK(e.function() == "kam::validate_lifetime_discount");
    CHECK(e.field() == "discount");
  }
  CHECK_THROWS_AS(kam::validate_lifetime_discount(-1.0), kam::out_of_bounds);
  CHECK_THROWS_AS(kam::validate_lifetime_discount(std::numeric_limits<double>::quiet_NaN()),
                  kam::non_finite_value);
}

TEST_CASE("sbg_discounted_lifetime: tiny discount rates in bounded time", "[sbg]") {
  // The series needs about 40 / d terms: it summed 10^8 terms and then failed for d below 4e-7
  // (#20). Small rates now use the closed form in 1 - z (A&S 15.3.6), interpolated across
  // integer alpha. Reference values: scipy.integrate.quad of DEL = (1 + d) E[1 / (theta + d)],
  // theta ~ Beta(alpha, beta), run with /work/shared/tools/peer-python:
  //   lb = special.betaln(a, b); q = lambda *x, **k: integrate.quad(*x, epsabs=0,
  //       epsrel=2e-14, limit=1000, **k)[0]
  //   s = q(lambda t: exp((b-1)*log1p(-t) - lb) / (t+d), 0, d, weight="alg", wvar=(a-1, 0))
  //   s += q(lambda u: exp(a*u + (b-1)*log1p(-exp(u)) - lb) / (exp(u)+d), log(d), log(0.5))
  //   s += q(lambda t: exp((a-1)*log(t) - lb) / (t+d), 0.5, 1, weight="alg", wvar=(0, b-1))
  //   DEL = (1 + d) * s
  // (scipy.special.hyp2f1 loses digits here: 11208.83 instead of 11209.13 at d = 1e-12.)
  struct reference {
    double alpha, beta, discount, del;
  };
  const reference cases[] = {
      {0.704, 1.182, 1e-3, 21.337313275266538},   {0.704, 1.182, 1e-6, 184.80355944734154},
      {0.704, 1.182, 1e-9, 1448.0744982213801},   {0.704, 1.182, 1e-12, 11209.125458422212},
      {0.668, 3.806, 1e-5, 281.35416636580726},   {0.5, 10.0, 1e-8, 55334.941949478714},
      {1.0, 2.0, 1e-6, 25.631076378001406},       {1.0, 2.0, 1e-9, 39.446531756785873},
      {1.0000001, 2.0, 1e-8, 34.841333389817379}, {1.0, 1.0, 1e-10, 23.02585093234304},
      {2.0, 3.0, 1e-9, 3.9999997733208095},       {2.9999999, 1.5, 1e-8, 1.7500000112500114},
      {3.5, 0.8, 1e-7, 1.3199999296000327},       {4.0, 2.5, 1e-4, 1.8331042695198008},
  };
  for (const auto& c : cases) {
    const kam::sbg_params<double> p{c.alpha, c.beta};
    CHECK_THAT(kam::sbg_discounted_lifetime(p, c.discount), WithinRel(c.del, 1e-11));
  }
  // Exact at alpha = 1, beta = 2: DEL = 2 (1 + d) ((1 + d) ln(1 + 1 / d) - 1).
  const double d = 1e-9;
  CHECK_THAT(kam::sbg_discounted_lifetime(kam::sbg_params<double>{1, 2}, d),
             WithinRel(2 * (1 + d) * ((1 + d) * std::log1p(1 / d) - 1), 1e-11));
  // DERL after 4 renewals = (beta + 4) / (alpha + beta + 4) DEL(alpha, beta + 5); quad gives
  // DEL(0.704, 6.182, 1e-9) = 4943.1618446081. DEL = 1 + DERL(0) / (1 + d) still holds.
  const kam::sbg_params<double> reg{0.704, 1.182};
  CHECK_THAT(kam::sbg_discounted_residual_lifetime(reg, d, 4),
             WithinRel(5.182 / 5.886 * 4943.1618446081, 1e-11));
  CHECK_THAT(1 + kam::sbg_discounted_residual_lifetime(reg, d, 0) / (1 + d),
             WithinRel(1448.0744982213801, 1e-11));
  // Integer and huge alpha (> 1): DEL tends to the mean lifetime (alpha + beta - 1) / (alpha - 1)
  // from below as d -> 0; finite and continuous across integers (no pole at alpha = 64).
  for (const double alpha : {63.0, 63.5, 64.0, 64.0000001, 1e6, 1e15, 1e300}) {
    for (const double beta : {0.5, 100.0}) {
      const double del = kam::sbg_discounted_lifetime(kam::sbg_params<double>{alpha, beta}, d);
      const double mean = (alpha + beta - 1) / (alpha - 1);
      CHECK(del <= mean);
      CHECK_THAT(del, WithinRel(mean, 1e-8));
    }
  }
  // Float parameters and rate, down to the smallest positive float.
  const kam::sbg_params<float> f{0.704f, 1.182f};
  CHECK(std::isfinite(kam::sbg_discounted_lifetime(f, std::numeric_limits<float>::denorm_min())));
}

TEST_CASE("sbg_discounted_residual_lifetime: huge renewal counts are bounded", "[sbg]") {
  // beta + renewals near 9.2e18: the series (d >= 4e-4) tends to 1 / (1 - z) = (1 + d) / d.
  const kam::sbg_params<double> reg{0.704, 1.182};
  const auto most = std::numeric_limits<Eigen::Index>::max();
  CHECK_THAT(kam::sbg_discounted_residual_lifetime(reg, 0.01, most), WithinRel(101.0, 1e-9));
  // A tiny rate with such a count would need > 10^7 terms (d beta > 1 rules out the closed
  // form): an error naming the limit, at once.
  const auto msg = kam_test::message_of<kam::out_of_bounds>(
      [&] { (void)kam::sbg_discounted_residual_lifetime(reg, 1e-9, most); });
  CHECK(msg.rfind("kam::sbg_discounted_residual_lifetime: 'discount': discount is 1e-09; with "
                  "beta (plus renewals) = ",
                  0) == 0);
  CHECK(msg.find("sbg_max_series_terms = 10000000 terms") != std::string::npos);
}

TEST_CASE("fit_sbg: the iteration limit is bounded", "[sbg][errors]") {
  kam::sbg_options o;
  o.max_iterations = kam::sbg_max_iterations;
  CHECK(kam::fit_sbg(regular<double>(), o).converged);
  for (const int bad : {0, -5, kam::sbg_max_iterations + 1, std::numeric_limits<int>::max()}) {
    o.max_iterations = bad;
    const auto msg =
        kam_test::message_of<kam::invalid_input>([&] { (void)kam::fit_sbg(regular<double>(), o); });
    CHECK(msg == kam_test::numbered("kam::fit_sbg: 'max_iterations': max_iterations is ", bad) +
                     "; it must be in 1..10000");
  }
}

TEST_CASE("sbg_survival, sbg_retention: the horizon is bounded", "[sbg][errors]") {
  // horizon + 1 overflowed for INT64_MAX, and a horizon of 1e12 was a bad_alloc.
  const kam::sbg_params<double> reg{0.704, 1.182};
  for (const Eigen::Index h : {kam::sbg_max_horizon + 1, Eigen::Index{1'000'000'000'000},
                               std::numeric_limits<Eigen::Index>::max()}) {
    const auto msg =
        kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::sbg_survival(reg, h); });
    CHECK(msg == kam_test::numbered("kam::sbg_survival: 'horizon': horizon is ", h) +
                     "; it must be in 0..10000000 (sbg_max_horizon)");
    CHECK_THROWS_AS(kam::sbg_retention(reg, h), kam::out_of_bounds);
  }
  CHECK(kam::sbg_survival(reg, 0).size() == 1);
  CHECK_THROWS_AS(kam::sbg_survival(reg, -1), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6). By hand: alpha = beta = 1e308 give a mean lifetime
// (alpha + beta - 1) / (alpha - 1) whose numerator, 2e308, exceeds double: it was +infinity,
// for a mean that is about 2. Now an error naming the parameters.
TEST_CASE("sbg: a mean lifetime beyond double is an error", "[sbg]") {
  const kam::sbg_params<double> p{1e308, 1e308};
  CHECK_THROWS_AS(kam::sbg_mean_lifetime(p), kam::out_of_bounds);
}

// Found by the property suite (#20 item 6). One cohort of 1.5e308 accounts that all churn in
// period 1: ln L = 1.5e308 ln P(T = 1), P(T = 1) = alpha / (alpha + beta). By hand: at
// alpha = beta = 1, 1.5e308 x ln(1/2) = -1.0397e308, in range; at alpha = 1, beta = 3,
// 1.5e308 x ln(1/4) = -2.0794e308, beyond double: it was -infinity, now an error.
TEST_CASE("sbg_log_likelihood: a log-likelihood beyond double is an error", "[sbg]") {
  const Eigen::Vector2d alive(1.5e308, 0);
  CHECK_THAT(kam::sbg_log_likelihood(alive, kam::sbg_params<double>{1, 1}),
             WithinRel(1.5e308 * std::log(0.5), 1e-12));
  CHECK_THROWS_AS(kam::sbg_log_likelihood(alive, kam::sbg_params<double>{1, 3}),
                  kam::out_of_bounds);
}

// Found by the property suite (#20 item 6). Two such cohorts: 3e308 accounts churn in period 1,
// a count beyond double, so ln L = 3e308 ln P(T = 1) is -infinity at every (alpha, beta) and
// the search cannot leave its start. fit_sbg returned status max_iterations with a
// log-likelihood of -infinity; now an error naming the largest count (cohort 0, period 0).
TEST_CASE("fit_sbg: counts whose log-likelihood passes double are an error", "[sbg]") {
  Eigen::Matrix2d alive;
  alive << 1.5e308, 0, 1.5e308, 0;
  const std::string message =
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::fit_sbg(alive); });
  CHECK(message.rfind("kam::fit_sbg: 'alive[0]', row 0: the log-likelihood is -inf", 0) == 0);
}

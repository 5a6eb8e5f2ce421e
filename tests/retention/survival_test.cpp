// Tests of kam/retention/survival.hpp: Kaplan-Meier, Greenwood, log-log bands, median, weights.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/survival.hpp>
#include <limits>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;

namespace {

// Freireich et al. (1963), remission times in weeks of 21 leukaemia patients on 6-MP
// ("+" = censored), as tabulated in Kleinbaum & Klein, Survival Analysis: A Self-Learning Text,
// 3rd ed. (2012), ch. 2: 6, 6, 6, 6+, 7, 9+, 10, 10+, 11+, 13, 16, 17+, 19+, 20+, 22, 23, 25+,
// 32+, 32+, 34+, 35+.
template <typename Scalar>
void six_mp(kam::vector_of<Scalar>& t, Eigen::VectorXi& e) {
  const std::vector<int> times{6,  6,  6,  6,  7,  9,  10, 10, 11, 13, 16,
                               17, 19, 20, 22, 23, 25, 32, 32, 34, 35};
  const std::vector<int> event{1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
  t.resize(21);
  e.resize(21);
  for (Eigen::Index i = 0; i < 21; ++i) {
    t(i) = static_cast<Scalar>(times[static_cast<std::size_t>(i)]);
    e(i) = event[static_cast<std::size_t>(i)];
  }
}

}  // namespace

TEMPLATE_TEST_CASE("kaplan_meier: the 6-MP group of Freireich et al. (1963)", "[survival]", float,
                   double) {
  kam::vector_of<TestType> t;
  Eigen::VectorXi e;
  six_mp(t, e);
  const auto km = kam::kaplan_meier(t, e);
  // Kleinbaum & Klein (2012), ch. 2, for the 6-MP group, and R survival's
  // summary(survfit(Surv(time, status) ~ 1, conf.type = "log-log")) for the same data:
  // time n.risk n.event survival std.err lower 95% CI upper 95% CI
  //    6     21       3    0.857  0.0764       0.620        0.952
  //    7     17       1    0.807  0.0869       0.563        0.923
  //   10     15       1    0.753  0.0963       0.503        0.889
  //   13     12       1    0.690  0.1068       0.432        0.849
  //   16     11       1    0.627  0.1141       0.368        0.805
  //   22      7       1    0.538  0.1282       0.268        0.747
  //   23      6       1    0.448  0.1346       0.188        0.680
  // (The first row by hand: S = 18/21; se = S sqrt(3 / (21 x 18)) = 0.07636; log-log:
  // theta = 1.96 x sqrt(3/378) / |ln S| = 1.1327, bounds S^e^theta = 0.6197, S^e^-theta = 0.9516.)
  const double time[] = {6, 7, 10, 13, 16, 22, 23};
  const double risk[] = {21, 17, 15, 12, 11, 7, 6};
  const double dead[] = {3, 1, 1, 1, 1, 1, 1};
  const double s[] = {0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448};
  const double se[] = {0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346};
  const double lo[] = {0.620, 0.563, 0.503, 0.432, 0.368, 0.268, 0.188};
  const double up[] = {0.952, 0.923, 0.889, 0.849, 0.805, 0.747, 0.680};
  REQUIRE(km.size() == 7);
  for (Eigen::Index k = 0; k < 7; ++k) {
    const auto i = static_cast<std::size_t>(k);
    CHECK(km.time(k) == static_cast<TestType>(time[i]));
    CHECK(km.at_risk(k) == static_cast<TestType>(risk[i]));
    CHECK(km.events(k) == static_cast<TestType>(dead[i]));
    CHECK_THAT(km.survival(k), WithinAbs(s[i], 0.0005));  // published to 3 decimals
    CHECK_THAT(km.std_error(k), WithinAbs(se[i], 0.00005));
    CHECK_THAT(km.lower(k), WithinAbs(lo[i], 0.0005));
    CHECK_THAT(km.upper(k), WithinAbs(up[i], 0.0005));
  }
  CHECK_THAT(km.survival(0), WithinAbs(18.0 / 21.0, 1e-6));
  // The median remission of the 6-MP group is 23 weeks (Kleinbaum & Klein): S first <= 0.5 there.
  REQUIRE(km.median);
  CHECK(*km.median == 23);
  CHECK(km.survival_at(5) == 1);
  CHECK(km.survival_at(9) == km.survival(1));  // the step holds until the next event time
  CHECK(km.survival_at(100) == km.survival(6));
  CHECK(km.total == 21);
  CHECK(km.total_events == 9);
}

TEST_CASE("kaplan_meier: the placebo group reaches zero; median 8 weeks", "[survival]") {
  // Freireich et al. (1963) placebo group, no censoring (Kleinbaum & Klein, ch. 2): median 8.
  const std::vector<double> times{1, 1, 2,  2,  3,  4,  4,  5,  5,  8, 8,
                                  8, 8, 11, 11, 12, 12, 15, 17, 22, 23};
  Eigen::VectorXd t(21);
  for (Eigen::Index i = 0; i < 21; ++i) t(i) = times[static_cast<std::size_t>(i)];
  const Eigen::VectorXd e = Eigen::VectorXd::Ones(21);
  const auto km = kam::kaplan_meier(t, e);
  REQUIRE(km.size() == 12);
  CHECK_THAT(km.survival(0), WithinAbs(19.0 / 21, 1e-15));  // t = 1
  CHECK_THAT(km.survival(4), WithinAbs(12.0 / 21, 1e-15));  // t = 5
  CHECK_THAT(km.survival(5), WithinAbs(8.0 / 21, 1e-15));   // t = 8: first S <= 0.5
  CHECK(*km.median == 8);
  // At t = 23 the last patient relapses: S = 0, and the band collapses to [0, 0] (not NaN).
  CHECK(km.survival(11) == 0);
  CHECK(km.std_error(11) == 0);
  CHECK(km.lower(11) == 0);
  CHECK(km.upper(11) == 0);
}

TEMPLATE_TEST_CASE("kaplan_meier: an S of exactly 1/2 is the median, whatever the rounding",
                   "[survival]", float, double) {
  // n accounts, one churning in each period 1..n, none censored: by hand S(k) = (n - k) / n, so
  // S(n / 2) = 1/2 exactly and the median (first time S <= 0.5) is n / 2. The product of the
  // factors (1 - 1/n)(1 - 1/(n - 1))... rounds to 0.50000000000000011 for n = 24, 28, 30 and
  // to 0.50000000000000033 for n = 44, which put the median one period late (13 for 24).
  for (const int n : {4, 24, 28, 30, 38, 44, 200}) {
    const kam::vector_of<TestType> t = kam::vector_of<TestType>::LinSpaced(n, 1, TestType(n));
    const auto km = kam::kaplan_meier(t, Eigen::VectorXi::Ones(n));
    REQUIRE(km.median);
    CHECK(*km.median == TestType(n / 2));
  }
}

TEST_CASE("kaplan_meier: integer weights equal the expanded data; no median if never 0.5",
          "[survival]") {
  // Two distinct accounts, one churned at 2 with weight 3, one censored at 5 with weight 2:
  // the same as three churned at 2 and two censored at 5.
  const Eigen::Vector2d t(2, 5), w(3, 2);
  const Eigen::Vector2i e(1, 0);
  const auto weighted = kam::kaplan_meier(t, e, w);
  Eigen::VectorXd t5(5);
  t5 << 2, 2, 2, 5, 5;
  Eigen::VectorXi e5(5);
  e5 << 1, 1, 1, 0, 0;
  const auto expanded = kam::kaplan_meier(t5, e5);
  CHECK(weighted.survival(0) == expanded.survival(0));  // 1 - 3/5
  CHECK(weighted.std_error(0) == expanded.std_error(0));
  CHECK(weighted.lower(0) == expanded.lower(0));
  CHECK(weighted.at_risk(0) == 5);
  // Fractional weights where the last accounts at risk all churn: by hand, at risk 0.75 + 0.46 +
  // 0.31 + 0.33 = 1.85 at t = 2 (0.75 churn), 0.64 at t = 4 (0.31 churn), 0.33 at t = 5 (all
  // churn): S = 1.1/1.85, then x 0.33/0.64, then 0 with a [0, 0] band. Subtracting each time's
  // weight from the total left 0.33 + 1e-17 at risk at t = 5: S = 1e-16 with a band of [0, 1].
  const Eigen::VectorXd tf = Eigen::VectorXd::LinSpaced(5, 1, 5);
  Eigen::VectorXd ef(5), wf(5);
  ef << 0, 1, 0, 1, 1;
  wf << 0.29, 0.75, 0.46, 0.31, 0.33;
  const auto fractional = kam::kaplan_meier(tf, ef, wf);
  REQUIRE(fractional.size() == 3);
  CHECK_THAT(fractional.at_risk(0), WithinAbs(1.85, 1e-15));
  CHECK_THAT(fractional.survival(0), WithinAbs(1.1 / 1.85, 1e-15));
  CHECK_THAT(fractional.survival(1), WithinAbs(1.1 / 1.85 * 0.33 / 0.64, 1e-15));
  CHECK(fractional.at_risk(2) == 0.33);
  CHECK(fractional.events(2) == 0.33);
  CHECK(fractional.survival(2) == 0);
  CHECK(fractional.std_error(2) == 0);
  CHECK(fractional.upper(2) == 0);
  CHECK_THAT(fractional.total, WithinAbs(2.14, 1e-15));
  // Censored at a tied time stays at risk: 4 accounts at time 3, one churns, one censored.
  Eigen::Vector4d t4(3, 3, 4, 9);
  Eigen::Vector4i e4(1, 0, 0, 0);
  const auto km = kam::kaplan_meier(t4, e4);
  CHECK(km.at_risk(0) == 4);
  CHECK(km.survival(0) == 0.75);
  CHECK_FALSE(km.median);  // S never falls to 0.5
  // A 90 % band is narrower than the 95 % one.
  kam::kaplan_meier_options<double> o;
  o.confidence = 0.9;
  const auto narrow = kam::kaplan_meier(t5, e5, o);
  CHECK(narrow.lower(0) > expanded.lower(0));
}

TEST_CASE("kaplan_meier: the band's normal quantile", "[survival]") {
  // Upper-tail quantiles of the standard normal, from scipy.stats.norm.isf (scipy 1.10, Debian
  // 12): isf(0.025) = 1.9599639845400545, isf(0.05) = 1.6448536269514729, isf(0.005) =
  // 2.575829303548901, isf(1e-10) = 6.361340902404056, isf(0.4) = 0.2533471031357997,
  // isf(5e-17) = 8.304785425194112, isf(0.5) = 0.
  using kam::detail::normal_upper_quantile;
  CHECK_THAT(normal_upper_quantile(0.025), WithinAbs(1.9599639845400545, 1e-14));
  CHECK_THAT(normal_upper_quantile(0.05), WithinAbs(1.6448536269514729, 1e-14));
  CHECK_THAT(normal_upper_quantile(0.005), WithinAbs(2.575829303548901, 1e-14));
  CHECK_THAT(normal_upper_quantile(1e-10), WithinAbs(6.361340902404056, 1e-13));
  CHECK_THAT(normal_upper_quantile(0.4), WithinAbs(0.2533471031357997, 1e-14));
  CHECK_THAT(normal_upper_quantile(5e-17), WithinAbs(8.304785425194112, 1e-13));
  CHECK(normal_upper_quantile(0.5) == 0.0);  // never a rounding error below 0
}

TEST_CASE("kaplan_meier: bad input names the account", "[survival][errors]") {
  Eigen::Vector3d t(1, 2, 3);
  Eigen::Vector3d e(1, 2, 0);
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::kaplan_meier(t, e); }) ==
        "kam::kaplan_meier: 'events', row 1: event flag is 2; it must be 1 (churned) or 0 "
        "(censored)");
  e(1) = 0.5;
  CHECK_THROWS_AS(kam::kaplan_meier(t, e), kam::invalid_input);
  e(1) = 1;
  t(2) = -1;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::kaplan_meier(t, e); }) ==
        "kam::kaplan_meier: 'times', row 2: time -1 is negative");
  t(2) = std::numeric_limits<double>::infinity();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::kaplan_meier(t, e); }) ==
        "kam::kaplan_meier: 'times', row 2: time is inf");
  t(2) = 3;
  CHECK(kam_test::message_of<kam::shape_mismatch>(
            [&] { (void)kam::kaplan_meier(t, Eigen::Vector2d(1, 0)); }) ==
        "kam::kaplan_meier: 'events': expects a vector of 3 values (one per account), got "
        "2 x 1");
  CHECK_THROWS_AS(kam::kaplan_meier(t, e, Eigen::Vector3d(1, -1, 1)), kam::invalid_input);
  CHECK_THROWS_AS(kam::kaplan_meier(t, e, Eigen::Vector3d(0, 0, 0)), kam::invalid_input);
  CHECK_THROWS_AS(kam::kaplan_meier(Eigen::VectorXd(0), Eigen::VectorXd(0)), kam::empty_input);
  kam::kaplan_meier_options<double> o;
  o.confidence = 1;
  CHECK_THROWS_AS(kam::kaplan_meier(t, e, o), kam::out_of_bounds);
}

TEST_CASE("kaplan_meier: weights near the limits of the type", "[survival][errors]") {
  // #20: the curve does not depend on the scale of the weights, so weights of 1e307 give the
  // curve of weights 1 (Greenwood's product n (n - d) overflows; it is taken in two steps), and
  // weights summing beyond the type are an error, not an infinite at-risk count.
  const Eigen::Vector3d t(1, 2, 3);
  const Eigen::Vector3i e(1, 1, 0);
  const auto plain = kam::kaplan_meier(t, e, Eigen::Vector3d(1, 1, 1));
  const auto huge = kam::kaplan_meier(t, e, Eigen::Vector3d(1e307, 1e307, 1e307));
  REQUIRE(huge.size() == plain.size());
  for (Eigen::Index k = 0; k < plain.size(); ++k) {
    CHECK_THAT(huge.survival(k), Catch::Matchers::WithinRel(plain.survival(k), 1e-15));
    CHECK(std::isfinite(huge.std_error(k)));
  }
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { (void)kam::kaplan_meier(t, e, Eigen::Vector3d(1e308, 1e308, 1e308)); }) ==
        "kam::kaplan_meier: 'weights': the weights sum beyond the largest double; divide "
        "them by a common factor (the survival curve does not change)");
  // Subnormal weights (found by the property suite, tests/property): Greenwood's variance of
  // weights that small overflows; an error that says to rescale, not an infinite error band.
  const double tiny = std::numeric_limits<double>::denorm_min();
  CHECK_THROWS_WITH(kam::kaplan_meier(t, e, Eigen::Vector3d(tiny, tiny, tiny)),
                    Catch::Matchers::Contains("Greenwood's variance is beyond the largest double"));
  const Eigen::Vector3f tf(1, 2, 3);
  CHECK_THROWS_AS(kam::kaplan_meier(tf, e, Eigen::Vector3f(2e38f, 2e38f, 1)), kam::invalid_input);
}

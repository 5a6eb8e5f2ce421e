// Tests of kam/retention/logrank.hpp: the k-sample log-rank test, its weighted relatives and the
// chi-square tail, against a hand computation, a textbook and statsmodels on bundled data.
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <kam/retention/detail/special_functions.hpp>
#include <kam/retention/logrank.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "reference_data.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// Lifetimes, event flags and group labels of a test.
struct survival_data {
  Eigen::VectorXd times;
  Eigen::VectorXi events;
  Eigen::VectorXi groups;
};

survival_data make_data(const std::vector<double>& t, const std::vector<int>& e,
                        const std::vector<int>& g) {
  survival_data d{Eigen::VectorXd(static_cast<Eigen::Index>(t.size())),
                  Eigen::VectorXi(static_cast<Eigen::Index>(t.size())),
                  Eigen::VectorXi(static_cast<Eigen::Index>(t.size()))};
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    d.times(r) = t[i];
    d.events(r) = e[i];
    d.groups(r) = g[i];
  }
  return d;
}

// Freireich et al. (1963), remission times in weeks of 42 leukaemia patients, 21 on 6-MP (group
// 0; "+" = censored: 6, 6, 6, 6+, 7, 9+, 10, 10+, 11+, 13, 16, 17+, 19+, 20+, 22, 23, 25+, 32+,
// 32+, 34+, 35+) and 21 on placebo (group 1, no censoring), as tabulated in Kleinbaum & Klein,
// Survival Analysis: A Self-Learning Text, 3rd ed. (2012), ch. 2.
survival_data freireich() {
  const std::vector<double> t{6,  6,  6,  6,  7,  9,  10, 10, 11, 13, 16, 17, 19, 20,
                              22, 23, 25, 32, 32, 34, 35, 1,  1,  2,  2,  3,  4,  4,
                              5,  5,  8,  8,  8,  8,  11, 11, 12, 12, 15, 17, 22, 23};
  std::vector<int> e{1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
  e.resize(42, 1);
  std::vector<int> g(21, 0);
  g.resize(42, 1);
  return make_data(t, e, g);
}

/// Reads columns `time`, `event` and `group` (by header name) of a CSV of numbers under
/// tests/data; `group` may be "" for none, and `clip_group` caps the group label (rossi's prior
/// convictions 0, 1, 2, 3 or more).
survival_data read_csv(const std::string& file, const std::string& time, const std::string& event,
                       const std::string& group, int clip_group) {
  const auto table = kam_test::read_reference_csv(file);
  const Eigen::VectorXd tc = table.column(time), ec = table.column(event), gc = table.column(group);
  std::vector<double> t;
  std::vector<int> e, g;
  for (Eigen::Index i = 0; i < table.rows(); ++i) {
    t.push_back(tc(i));
    e.push_back(static_cast<int>(ec(i)));
    g.push_back(std::min(static_cast<int>(gc(i)), clip_group));
  }
  return make_data(t, e, g);
}

}  // namespace

TEST_CASE("chi_square_upper_tail: against scipy.stats.chi2.sf", "[logrank]") {
  // scipy 1.10.1, chi2.sf(x, df): the 5 % critical value of df = 1, a df = 2 value (exactly
  // exp(-x / 2)), both branches (series below x / 2 = df / 2 + 1, continued fraction above) and a
  // far tail.
  using kam::detail::chi_square_upper_tail;
  CHECK_THAT(chi_square_upper_tail(3.841458820694124, 1), WithinRel(0.04999999999999989, 1e-12));
  CHECK_THAT(chi_square_upper_tail(5.0, 2), WithinRel(std::exp(-2.5), 1e-13));
  CHECK_THAT(chi_square_upper_tail(10.0, 3), WithinRel(0.01856613546304325, 1e-12));
  CHECK_THAT(chi_square_upper_tail(0.5, 4), WithinRel(0.9735009788392561, 1e-12));
  CHECK_THAT(chi_square_upper_tail(1e-3, 1), WithinRel(0.9747728793699604, 1e-12));
  CHECK_THAT(chi_square_upper_tail(200.0, 7), WithinRel(1.147781224014262e-39, 1e-10));
  CHECK(chi_square_upper_tail(0.0, 3) == 1.0);
}

TEST_CASE("logrank_test: a four-account example computed by hand", "[logrank]") {
  // Group 0: churn at 1 and 3. Group 1: churn at 2, censored at 4.
  // t = 1: n = 4 (2 + 2), d = 1 in group 0: E0 = 1/2, V = 1 * 3/3 * 1/2 * 1/2 = 1/4.
  // t = 2: n = 3 (1 + 2), d = 1 in group 1: E0 = 1/3, V = 1 * 2/2 * 1/3 * 2/3 = 2/9.
  // t = 3: n = 2 (1 + 1), d = 1 in group 0: E0 = 1/2, V = 1 * 1/1 * 1/2 * 1/2 = 1/4.
  // O0 = 2, E0 = 4/3, O1 = 1, E1 = 5/3; chi-square = (2/3)^2 / (13/18) = 8/13, and with one
  // degree of freedom p = erfc(sqrt(4/13)) = 0.43276758066778465 (scipy chi2.sf(8/13, 1)).
  const auto d = make_data({1, 3, 2, 4}, {1, 1, 1, 0}, {0, 0, 1, 1});
  const auto r = kam::logrank_test(d.times, d.events, d.groups);
  CHECK(r.groups == (kam::index_vector(2) << 0, 1).finished());
  CHECK(r.accounts == (kam::index_vector(2) << 2, 2).finished());
  CHECK_THAT(r.observed(0), WithinAbs(2, 1e-15));
  CHECK_THAT(r.observed(1), WithinAbs(1, 1e-15));
  CHECK_THAT(r.expected(0), WithinRel(4.0 / 3, 1e-14));
  CHECK_THAT(r.expected(1), WithinRel(5.0 / 3, 1e-14));
  CHECK_THAT(r.chi_square, WithinRel(8.0 / 13, 1e-14));
  CHECK(r.degrees_of_freedom == 1);
  CHECK_THAT(r.p_value, WithinRel(0.43276758066778465, 1e-12));
  // Swapping the two groups' labels changes nothing but the order of the per-group results.
  const auto swapped = make_data({1, 3, 2, 4}, {1, 1, 1, 0}, {7, 7, -3, -3});
  const auto s = kam::logrank_test(swapped.times, swapped.events, swapped.groups);
  CHECK(s.groups == (kam::index_vector(2) << -3, 7).finished());
  CHECK_THAT(s.expected(1), WithinRel(4.0 / 3, 1e-14));
  CHECK_THAT(s.chi_square, WithinRel(8.0 / 13, 1e-14));
}

TEST_CASE("logrank_test: Freireich's 6-MP and placebo groups", "[logrank]") {
  // Kleinbaum & Klein (2012), ch. 2: 6-MP O = 9, E = 19.25; placebo O = 21, E = 10.75; log-rank
  // chi-square 16.79 on 1 degree of freedom. Full precision from statsmodels 0.13.5
  // survdiff(time, status, group) on the same data: 16.792940989216532, p 4.1688091093394775e-05,
  // E = 19.25050094803113 and 10.74949905196887; with weight_type "gb" 13.45785204963107
  // (p 0.00024398292189053983), "tw" 15.123575301872688 (p 0.00010069788442401695), "fh" with
  // fh_p = 1 14.457150818717137 (p 0.0001433844448194277).
  const auto d = freireich();
  const auto r = kam::logrank_test(d.times, d.events, d.groups);
  CHECK(r.observed(0) == 9);
  CHECK(r.observed(1) == 21);
  CHECK_THAT(r.expected(0), WithinRel(19.25050094803113, 1e-13));
  CHECK_THAT(r.expected(1), WithinRel(10.74949905196887, 1e-13));
  CHECK_THAT(r.chi_square, WithinRel(16.792940989216532, 1e-12));
  CHECK_THAT(r.p_value, WithinRel(4.1688091093394775e-05, 1e-10));
  kam::logrank_options o;
  o.weighting = kam::logrank_weighting::gehan_breslow;
  auto w = kam::logrank_test(d.times, d.events, d.groups, o);
  CHECK_THAT(w.chi_square, WithinRel(13.45785204963107, 1e-12));
  CHECK_THAT(w.p_value, WithinRel(0.00024398292189053983, 1e-10));
  o.weighting = kam::logrank_weighting::tarone_ware;
  w = kam::logrank_test(d.times, d.events, d.groups, o);
  CHECK_THAT(w.chi_square, WithinRel(15.123575301872688, 1e-12));
  CHECK_THAT(w.p_value, WithinRel(0.00010069788442401695, 1e-10));
  o.weighting = kam::logrank_weighting::fleming_harrington;
  w = kam::logrank_test(d.times, d.events, d.groups, o);
  CHECK_THAT(w.chi_square, WithinRel(14.457150818717137, 1e-12));
  CHECK_THAT(w.p_value, WithinRel(0.0001433844448194277, 1e-10));
  // Fleming-Harrington with rho = 0 is the log-rank test.
  o.fleming_harrington_rho = 0;
  w = kam::logrank_test(d.times, d.events, d.groups, o);
  CHECK_THAT(w.chi_square, WithinRel(16.792940989216532, 1e-12));
  // float times give the same test to float precision.
  const Eigen::VectorXf tf = d.times.cast<float>();
  const auto f = kam::logrank_test(tf, d.events, d.groups);
  CHECK_THAT(f.chi_square, WithinRel(16.792940989216532f, 1e-6f));
}

TEST_CASE("logrank_test: lifelines' lymphoma data (two groups)", "[logrank]") {
  // tests/data/lifelines/lymphoma.csv (provenance in tests/data/PROVENANCE.md). lifelines'
  // documentation of logrank_test reports test statistic 6.71, p 0.01 for the two stage groups;
  // statsmodels 0.13.5 survdiff: 6.709710357613141, p 0.009588929834755455; "gb"
  // 5.099788999557935, "tw" 6.081964979230381, "fh" with fh_p = 0.5 6.22032611952251
  // (p 0.01262918482685138). O = 8 and 46, E = 16.687031480739673 and 37.312968519260345.
  const auto d = read_csv("lifelines/lymphoma.csv", "Time", "Censor", "Stage_group", 99);
  REQUIRE(d.times.size() == 80);
  const auto r = kam::logrank_test(d.times, d.events, d.groups);
  CHECK(r.groups == (kam::index_vector(2) << 1, 2).finished());
  CHECK(r.accounts == (kam::index_vector(2) << 19, 61).finished());
  CHECK(r.observed(0) == 8);
  CHECK(r.observed(1) == 46);
  CHECK_THAT(r.expected(0), WithinRel(16.687031480739673, 1e-13));
  CHECK_THAT(r.chi_square, WithinRel(6.709710357613141, 1e-12));
  CHECK_THAT(r.p_value, WithinRel(0.009588929834755455, 1e-10));
  kam::logrank_options o;
  o.weighting = kam::logrank_weighting::gehan_breslow;
  CHECK_THAT(kam::logrank_test(d.times, d.events, d.groups, o).chi_square,
             WithinRel(5.099788999557935, 1e-12));
  o.weighting = kam::logrank_weighting::tarone_ware;
  CHECK_THAT(kam::logrank_test(d.times, d.events, d.groups, o).chi_square,
             WithinRel(6.081964979230381, 1e-12));
  o.weighting = kam::logrank_weighting::fleming_harrington;
  o.fleming_harrington_rho = 0.5;
  const auto fh = kam::logrank_test(d.times, d.events, d.groups, o);
  CHECK_THAT(fh.chi_square, WithinRel(6.22032611952251, 1e-12));
  CHECK_THAT(fh.p_value, WithinRel(0.01262918482685138, 1e-10));
}

TEST_CASE("logrank_test: rossi's recidivism data by prior convictions (four groups)", "[logrank]") {
  // tests/data/lifelines/rossi.csv, weeks to arrest by prior convictions 0, 1, 2, 3 or more
  // (38, 113, 100 and 181 people). statsmodels 0.13.5 survdiff(week, arrest, prio.clip(0, 3)):
  // 13.583870920492224 on 3 degrees of freedom, p 0.00352994474469126; "gb"
  // 14.302613485442885 (p 0.002520885857692834), "tw" 13.971471813641777. Everyone still free is
  // censored at week 52, after the last arrest, so the pooled survival just before t is n(t) / N
  // and Fleming-Harrington with rho = 1 equals Gehan-Breslow (statsmodels: 14.30261348544289).
  const auto d = read_csv("lifelines/rossi.csv", "week", "arrest", "prio", 3);
  REQUIRE(d.times.size() == 432);
  const auto r = kam::logrank_test(d.times, d.events, d.groups);
  CHECK(r.accounts == (kam::index_vector(4) << 38, 113, 100, 181).finished());
  CHECK(r.degrees_of_freedom == 3);
  CHECK_THAT(r.chi_square, WithinRel(13.583870920492224, 1e-12));
  CHECK_THAT(r.p_value, WithinRel(0.00352994474469126, 1e-10));
  CHECK_THAT(r.observed.sum(), WithinRel(r.expected.sum(), 1e-13));  // sum O = sum E
  kam::logrank_options o;
  o.weighting = kam::logrank_weighting::gehan_breslow;
  const auto gb = kam::logrank_test(d.times, d.events, d.groups, o);
  CHECK_THAT(gb.chi_square, WithinRel(14.302613485442885, 1e-12));
  CHECK_THAT(gb.p_value, WithinRel(0.002520885857692834, 1e-10));
  o.weighting = kam::logrank_weighting::tarone_ware;
  CHECK_THAT(kam::logrank_test(d.times, d.events, d.groups, o).chi_square,
             WithinRel(13.971471813641777, 1e-12));
  o.weighting = kam::logrank_weighting::fleming_harrington;
  CHECK_THAT(kam::logrank_test(d.times, d.events, d.groups, o).chi_square,
             WithinRel(14.302613485442885, 1e-12));
}

TEST_CASE("logrank_test: bad input names the field and the account", "[logrank]") {
  const auto d = make_data({1, 3, 2, 4}, {1, 1, 1, 0}, {0, 0, 1, 1});
  CHECK(kam_test::message_of<kam::empty_input>([] {
          (void)kam::logrank_test(Eigen::VectorXd(0), Eigen::VectorXi(0), Eigen::VectorXi(0));
        }) == "kam::logrank_test: 'times': no accounts");
  CHECK_THROWS_AS(kam::logrank_test(d.times, d.events, Eigen::VectorXi(3)), kam::shape_mismatch);
  Eigen::VectorXd t = d.times;
  t(2) = -1;
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::logrank_test(t, d.events, d.groups);
        }) == "kam::logrank_test: 'times', row 2: time -1 is negative");
  t(2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(kam::logrank_test(t, d.events, d.groups), kam::non_finite_value);
  Eigen::VectorXi e = d.events;
  e(1) = 2;
  CHECK_THROWS_AS(kam::logrank_test(d.times, e, d.groups), kam::invalid_input);
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { (void)kam::logrank_test(d.times, d.events, Eigen::VectorXi::Constant(4, 5)); }) ==
        "kam::logrank_test: 'groups': every account is in group 5; the test compares two "
        "or more groups");
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { (void)kam::logrank_test(d.times, Eigen::VectorXi::Zero(4), d.groups); }) ==
        "kam::logrank_test: 'events': no account churned; the test needs at least one "
        "event");
  // Group 9 leaves (censored at 0.5) before the first event at 1: never at risk at an event.
  const auto gone = make_data({1, 3, 2, 4, 0.5}, {1, 1, 1, 0, 0}, {0, 0, 1, 1, 9});
  CHECK(kam_test::message_of<kam::invalid_input>(
            [&] { (void)kam::logrank_test(gone.times, gone.events, gone.groups); }) ==
        "kam::logrank_test: 'groups': group 9 has no account at risk at any event time; "
        "the test cannot compare it");
  // Everybody churns at the same instant: d = n, so d (n - d) / (n - 1) = 0.
  const auto at_once = make_data({2, 2, 2}, {1, 1, 1}, {0, 1, 1});
  CHECK_THROWS_AS(kam::logrank_test(at_once.times, at_once.events, at_once.groups),
                  kam::invalid_input);
  // Unsigned labels beyond long long are refused, naming the account.
  Eigen::Matrix<std::uint64_t, Eigen::Dynamic, 1> big(4);
  big << 0, 0, 1, std::numeric_limits<std::uint64_t>::max();
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::logrank_test(d.times, d.events, big);
        }) == "kam::logrank_test: 'groups', row 3: group label is beyond the range of long long");
  kam::logrank_options o;
  o.fleming_harrington_rho = -1;
  CHECK_THROWS_AS(kam::logrank_test(d.times, d.events, d.groups, o), kam::invalid_input);
  CHECK(kam_test::message_of<kam::invalid_input>([&] { kam::validate(o); }) ==
        "kam::validate: 'fleming_harrington_rho': rho is -1; it must be finite and at least 0");
  o.fleming_harrington_rho = 1;
  o.weighting = static_cast<kam::logrank_weighting>(17);
  CHECK_THROWS_AS(kam::validate(o), kam::invalid_input);
  CHECK_NOTHROW(kam::validate(kam::logrank_options{}));
}

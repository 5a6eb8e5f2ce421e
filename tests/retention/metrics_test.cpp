// Tests of kam/retention/metrics.hpp: movements, GRR/NRR, CRR, period conversion, cohorts, wallet.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/metrics.hpp>
#include <limits>
#include <string>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Six accounts over four periods (rows accounts, columns periods 0..3), every movement once:
//   A0: 100 120 120   0   expansion, flat, churn
//   A1: 200 150   0 180   contraction, churn, reactivation
//   A2:   0  50  60  60   new, expansion, flat
//   A3:  80  80  90  40   flat, expansion, contraction
//   A4:   0   0   0   0   never a customer
//   A5:   0   0   0  70   new in period 3
template <typename Scalar>
kam::matrix_of<Scalar> book() {
  kam::matrix_of<Scalar> r(6, 4);
  r << 100, 120, 120, 0,  //
      200, 150, 0, 180,   //
      0, 50, 60, 60,      //
      80, 80, 90, 40,     //
      0, 0, 0, 0,         //
      0, 0, 0, 70;
  return r;
}

template <typename Scalar>
double tol() {
  return std::is_same_v<Scalar, float> ? 1e-6 : 1e-14;
}

}  // namespace

TEST_CASE("movements: every kind, reactivation told apart from new", "[metrics]") {
  const auto m = kam::movements(book<double>());
  REQUIRE(m.codes.rows() == 6);
  REQUIRE(m.codes.cols() == 3);
  using mv = kam::movement;
  CHECK(m.at(0, 1) == mv::expansion);  // 100 -> 120
  CHECK(m.at(0, 2) == mv::flat);       // 120 -> 120
  CHECK(m.at(0, 3) == mv::churned);    // 120 -> 0
  CHECK(m.at(1, 1) == mv::contraction);
  CHECK(m.at(1, 2) == mv::churned);
  CHECK(m.at(1, 3) == mv::reactivated);  // had revenue in period 0
  CHECK(m.at(2, 1) == mv::new_account);  // first revenue ever
  CHECK(m.at(4, 2) == mv::inactive);
  CHECK(m.at(5, 3) == mv::new_account);
  CHECK(kam::enum_name(m.at(1, 3)) == "reactivated");
}

TEMPLATE_TEST_CASE("revenue_retention: period on period, hand-computed", "[metrics]", float,
                   double) {
  const auto t = kam::revenue_retention(book<TestType>());
  REQUIRE(t.size() == 3);
  const double e = tol<TestType>();
  // Window 0 -> 1: cohort {A0, A1, A3} = 380; A0 +20, A1 -50, A2 new 50; closing 400.
  CHECK(t.opening_revenue(0) == 380);
  CHECK(t.expansion(0) == 20);
  CHECK(t.contraction(0) == 50);
  CHECK(t.churned_revenue(0) == 0);
  CHECK(t.new_revenue(0) == 50);
  CHECK(t.closing_revenue(0) == 400);
  CHECK_THAT(t.grr(0), WithinRel(330.0 / 380.0, e));  // (380 - 50 - 0) / 380
  CHECK_THAT(t.nrr(0), WithinRel(350.0 / 380.0, e));  // (380 + 20 - 50 - 0) / 380
  CHECK(t.customer_retention(0) == 1);                // (E - N) / S = (4 - 1) / 3
  // Window 1 -> 2: cohort 400; A1 churns 150, A2 +10, A3 +10: GRR 250/400, NRR 270/400.
  CHECK_THAT(t.grr(1), WithinRel(0.625, e));
  CHECK_THAT(t.nrr(1), WithinRel(0.675, e));
  CHECK_THAT(t.customer_retention(1), WithinRel(0.75, e));  // (3 - 0) / 4
  CHECK_THAT(t.logo_churn(1), WithinRel(0.25, e));
  // Window 2 -> 3: cohort {A0 120, A2 60, A3 90} = 270; A0 churns 120, A3 -50; A1 returns with
  // 180 (reactivated), A5 is new with 70; closing 350. GRR = NRR = 100/270; CRR = (4 - 2) / 3.
  CHECK(t.reactivated_revenue(2) == 180);
  CHECK(t.reactivated_accounts(2) == 1);
  CHECK(t.new_revenue(2) == 70);
  CHECK_THAT(t.grr(2), WithinRel(100.0 / 270.0, e));
  CHECK_THAT(t.nrr(2), WithinRel(100.0 / 270.0, e));
  CHECK_THAT(t.customer_retention(2), WithinRel(2.0 / 3.0, e));
  CHECK(t.undefined_windows.empty());
  // The revenue and logo identities hold in every window.
  for (Eigen::Index w = 0; w < t.size(); ++w) {
    CHECK(t.closing_revenue(w) == t.opening_revenue(w) + t.new_revenue(w) +
                                      t.reactivated_revenue(w) + t.expansion(w) - t.contraction(w) -
                                      t.churned_revenue(w));
    CHECK(t.closing_accounts(w) ==
          t.retained_accounts(w) + t.new_accounts(w) + t.reactivated_accounts(w));
    CHECK(t.opening_accounts(w) == t.retained_accounts(w) + t.churned_accounts(w));
  }
}

TEST_CASE("revenue_retention: one three-period window under each reactivation rule", "[metrics]") {
  const auto r = book<double>();
  kam::retention_options o;
  o.step = 3;
  // separate: A1 (200 -> gap -> 180) churned with 200 and is reactivated with 180; A0 churned
  // 100; A3 80 -> 40. GRR = NRR = (380 - 40 - 300) / 380.
  auto t = kam::revenue_retention(r, o);
  REQUIRE(t.size() == 1);
  CHECK(t.opening_period(0) == 0);
  CHECK(t.closing_period(0) == 3);
  CHECK(t.churned_revenue(0) == 300);
  CHECK(t.reactivated_revenue(0) == 180);
  CHECK(t.new_revenue(0) == 130);  // A2 60 + A5 70
  CHECK_THAT(t.grr(0), WithinRel(40.0 / 380.0, 1e-14));
  CHECK_THAT(t.customer_retention(0), WithinRel(1.0 / 3.0, 1e-14));
  // as_new: the same, but A1's 180 counts as new.
  o.reactivation = kam::reactivation_rule::as_new;
  t = kam::revenue_retention(r, o);
  CHECK(t.new_revenue(0) == 310);
  CHECK(t.reactivated_revenue(0) == 0);
  CHECK(t.new_accounts(0) == 3);
  CHECK_THAT(t.grr(0), WithinRel(40.0 / 380.0, 1e-14));
  // endpoints: A1 is judged 200 -> 180, a contraction of 20: GRR = (380 - 60 - 100) / 380.
  o.reactivation = kam::reactivation_rule::endpoints;
  t = kam::revenue_retention(r, o);
  CHECK(t.contraction(0) == 60);
  CHECK(t.churned_revenue(0) == 100);
  CHECK_THAT(t.grr(0), WithinRel(220.0 / 380.0, 1e-14));
  CHECK_THAT(t.nrr(0), WithinRel(220.0 / 380.0, 1e-14));
  CHECK_THAT(t.customer_retention(0), WithinRel(2.0 / 3.0, 1e-14));
  CHECK(t.closing_revenue(0) == 350);
}

TEST_CASE("revenue_retention: windows from an offset, and an empty opening cohort", "[metrics]") {
  kam::matrix_of<double> r(2, 7);
  r << 0, 0, 10, 10, 12, 0, 0,  //
      0, 0, 0, 5, 5, 5, 9;
  kam::retention_options o;
  o.step = 2;
  o.first = 0;
  const auto t = kam::revenue_retention(r, o);
  REQUIRE(t.size() == 3);  // (0,2), (2,4), (4,6)
  CHECK(t.undefined_windows == std::vector<Eigen::Index>{0});
  CHECK(std::isnan(t.nrr(0)));  // nobody to retain in period 0
  CHECK(t.new_revenue(0) == 10);
  // (2,4): cohort {row 0: 10} -> 12: NRR 1.2, GRR 1.
  CHECK_THAT(t.nrr(1), WithinRel(1.2, 1e-15));
  CHECK(t.grr(1) == 1);
  o.first = 1;
  CHECK(kam::revenue_retention(r, o).size() == 2);  // (1,3), (3,5)
}

TEST_CASE("customer_retention_rate: (E - N) / S", "[metrics]") {
  // 100 customers at the start, 110 at the end of whom 20 are new: 90 of 100 retained.
  CHECK_THAT(kam::customer_retention_rate(100, 110, 20), WithinAbs(0.9, 1e-15));
  CHECK(kam::customer_retention_rate<float>(4, 4, 0) == 1.0f);
  CHECK(kam_test::message_of<kam::invalid_input>(
            [] { (void)kam::customer_retention_rate(100, 110, 5); }) ==
        "kam::customer_retention_rate: 'end': 105 retained customers but only 100 at the "
        "start");
  CHECK_THROWS_AS(kam::customer_retention_rate(0, 1, 1), kam::invalid_input);
  CHECK_THROWS_AS(kam::customer_retention_rate(10, 5, 6), kam::invalid_input);
}

TEMPLATE_TEST_CASE("rescale_churn: annual = 1 - (1 - monthly)^12, never 12 x monthly", "[metrics]",
                   float, double) {
  const double e = std::is_same_v<TestType, float> ? 1e-6 : 1e-14;
  // 2 % a month: 1 - 0.98^12 = 0.2152832762652..., not 0.24.
  CHECK_THAT(kam::rescale_churn<TestType>(TestType(0.02), 12), WithinRel(0.21528327626520016, e));
  // 30 % a year: 1 - 0.7^(1/12) = 0.0292855303767776 a month.
  CHECK_THAT(kam::rescale_churn<TestType>(TestType(0.3), TestType(1) / 12),
             WithinRel(0.029285530376777613, e));
  // Round trip, and the edges 0 and 1.
  const TestType m = kam::rescale_churn<TestType>(kam::rescale_churn<TestType>(TestType(0.05), 12),
                                                  TestType(1) / 12);
  CHECK_THAT(m, WithinRel(0.05, e * 10));
  CHECK(kam::rescale_churn<TestType>(0, 12) == 0);
  CHECK(kam::rescale_churn<TestType>(1, 12) == 1);
  CHECK_THAT(kam::rescale_retention<TestType>(TestType(0.98), 12),
             WithinRel(1 - 0.21528327626520016, e));
  CHECK(kam_test::message_of<kam::out_of_bounds>([] {
          (void)kam::rescale_churn<double>(1.5, 12);
        }) == "kam::rescale_churn: 'churn': churn is 1.5; it must be in [0, 1]");
  CHECK(kam_test::message_of<kam::out_of_bounds>([] {
          (void)kam::rescale_retention<double>(-0.1, 12);
        }) == "kam::rescale_retention: 'retention': retention is -0.1; it must be in [0, 1]");
  CHECK_THROWS_AS(kam::rescale_churn<double>(0.1, 0), kam::out_of_bounds);
}

TEMPLATE_TEST_CASE("cohorts: grouped by first period, hand-computed", "[metrics]", float, double) {
  const auto c = kam::cohorts(book<TestType>());
  // Cohorts: period 0 {A0, A1, A3}, period 1 {A2}, period 3 {A5}; A4 never active.
  REQUIRE(c.period.size() == 3);
  CHECK(c.period(0) == 0);
  CHECK(c.period(1) == 1);
  CHECK(c.period(2) == 3);
  CHECK(c.size(0) == 3);
  CHECK(c.never_active == 1);
  CHECK(c.initial_revenue(0) == 380);
  // Cohort 0 by age: active 3, 3, 2, 2 (A1 returns at age 3, A0 has left); survived 3, 3, 2, 1
  // (A1 lapses at age 2, A0 at age 3); revenue 380, 350, 210, 220.
  const Eigen::Vector4d active(3, 3, 2, 2), survived(3, 3, 2, 1), money(380, 350, 210, 220);
  for (Eigen::Index a = 0; a < 4; ++a) {
    CHECK(c.active(0, a) == static_cast<TestType>(active(a)));
    CHECK(c.survived(0, a) == static_cast<TestType>(survived(a)));
    CHECK(c.revenue(0, a) == static_cast<TestType>(money(a)));
    CHECK_THAT(c.logo_retention(0, a), WithinRel(active(a) / 3, tol<TestType>()));
    CHECK_THAT(c.revenue_retention(0, a), WithinRel(money(a) / 380, tol<TestType>()));
  }
  // Cohort 1 (A2: 50, 60, 60) is observed for three ages; the fourth is not observed yet.
  CHECK(c.revenue_retention(1, 2) == static_cast<TestType>(1.2));
  CHECK(std::isnan(c.logo_retention(1, 3)));
  CHECK(c.active(2, 0) == 1);
  CHECK(std::isnan(c.survived(2, 1)));
}

TEST_CASE("share_of_wallet and the Wallet Allocation Rule", "[metrics]") {
  Eigen::Vector3d rev(20, 0, 50), wallet(100, 40, 50);
  const auto s = kam::share_of_wallet(rev, wallet);
  CHECK(s(0) == 0.2);
  CHECK(s(1) == 0);
  CHECK(s(2) == 1);
  // Keiningham et al. (2011): share = (1 - rank / (brands + 1)) x 2 / brands.
  // Three brands: ranks 1, 2, 3 get 3/4 x 2/3 = 1/2, 2/4 x 2/3 = 1/3, 1/4 x 2/3 = 1/6.
  CHECK_THAT(kam::wallet_allocation_share(1.0, 3), WithinAbs(0.5, 1e-15));
  CHECK_THAT(kam::wallet_allocation_share(2.0, 3), WithinAbs(1.0 / 3, 1e-15));
  CHECK_THAT(kam::wallet_allocation_share(3.0, 3), WithinAbs(1.0 / 6, 1e-15));
  CHECK(kam::wallet_allocation_share(1.0, 1) == 1);  // a single brand gets the whole wallet
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::Matrix<double, 3, 4> scores;
  scores << 9, 7, nan, 8,  // ranks 1, 3, -, 2
      nan, 6, 6, nan,      // a tie: both get the average rank 1.5 -> 1/2 each
      nan, nan, 4, nan;    // one brand
  const auto w = kam::wallet_allocation(scores);
  CHECK_THAT(w(0, 0), WithinAbs(0.5, 1e-15));
  CHECK_THAT(w(0, 1), WithinAbs(1.0 / 6, 1e-15));
  CHECK(w(0, 2) == 0);
  CHECK_THAT(w(0, 3), WithinAbs(1.0 / 3, 1e-15));
  CHECK_THAT(w(1, 1), WithinAbs(0.5, 1e-15));
  CHECK_THAT(w(1, 2), WithinAbs(0.5, 1e-15));
  CHECK(w(2, 2) == 1);
  CHECK_THAT(w.rowwise().sum().minCoeff(), WithinAbs(1.0, 1e-15));
  scores(1, 1) = scores(1, 2) = nan;
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::wallet_allocation(scores); }) ==
        "kam::wallet_allocation: 'scores', row 1: the customer uses no brand (all NaN)");
  CHECK_THROWS_AS(kam::wallet_allocation_share(4.0, 3), kam::out_of_bounds);
}

TEST_CASE("metrics: bad input names the account and the period", "[metrics][errors]") {
  auto r = book<double>();
  r(3, 2) = -5;
  const std::string neg = "'revenue', row 3: period 2: revenue -5 is negative";
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::revenue_retention(r); }) ==
        "kam::revenue_retention: " + neg);
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::cohorts(r); }) ==
        "kam::cohorts: " + neg);
  CHECK(kam_test::message_of<kam::invalid_input>([&] { (void)kam::movements(r); }) ==
        "kam::movements: " + neg);
  r(3, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK(kam_test::message_of<kam::non_finite_value>([&] { (void)kam::cohorts(r); }) ==
        "kam::cohorts: 'revenue', row 3: period 2: value is nan");
  CHECK(kam_test::message_of<kam::empty_input>([] {
          (void)kam::revenue_retention(kam::matrix_of<double>(0, 4));
        }) == "kam::revenue_retention: 'revenue': no accounts");
  kam::retention_options o;
  o.step = 4;
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::revenue_retention(book<double>(), o);
        }) == "kam::revenue_retention: 'revenue': no complete window: periods 4, first 0, step 4");
  // A step so large that first + step overflows is no complete window either (it used to wrap
  // around to a negative closing period and return a table without windows).
  o.first = 1;
  o.step = std::numeric_limits<Eigen::Index>::max();
  CHECK(kam_test::message_of<kam::invalid_input>([&] {
          (void)kam::revenue_retention(book<double>(), o);
        }) == "kam::revenue_retention: 'revenue': no complete window: periods 4, first 1, step " +
                  std::to_string(std::numeric_limits<Eigen::Index>::max()));
  o.first = 0;
  o.step = 0;
  CHECK_THROWS_AS(kam::revenue_retention(book<double>(), o), kam::invalid_input);
  CHECK(kam_test::message_of<kam::shape_mismatch>([] {
          (void)kam::movements(kam::matrix_of<double>::Ones(3, 1));
        }) == "kam::movements: 'revenue': needs at least 2 periods (columns), got 1");
  Eigen::Vector3d rev(20, 60, 50), wallet(100, 40, 50);
  CHECK(
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::share_of_wallet(rev, wallet); }) ==
      "kam::share_of_wallet: 'revenue', row 1: revenue 60 exceeds the wallet 40; the share of "
      "wallet would exceed 1");
  CHECK_THROWS_AS(kam::share_of_wallet(rev, Eigen::Vector2d(1, 2)), kam::shape_mismatch);
}

TEST_CASE("validate: retention windows for a number of periods, without revenue", "[validate]") {
  // 4 periods, first 0, step 1: windows 0->1, 1->2, 2->3. Step 3 still fits one (0->3); step 4
  // none; first 2 with step 2 none (2->4 is past the last period, 3).
  CHECK_NOTHROW(kam::validate(kam::retention_options{}, 4));
  CHECK_NOTHROW(kam::validate(kam::retention_options{3, 0}, 4));
  try {
    kam::validate(kam::retention_options{2, 2}, 4);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.function() == "kam::validate");
    CHECK(e.field() == "periods");
    CHECK(e.reason() == "no complete window: periods 4, first 2, step 2");
  }
  try {
    kam::validate(kam::retention_options{0, 0}, 4);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "step");
  }
  try {
    kam::validate(kam::retention_options{1, -1}, 4);
    FAIL("expected kam::invalid_input");
  } catch (const kam::invalid_input& e) {
    CHECK(e.field() == "first");
  }
}

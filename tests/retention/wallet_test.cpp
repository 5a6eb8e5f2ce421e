// Tests of kam/retention/wallet.hpp: share of wallet and the Wallet Allocation Rule.
#include <Eigen/Core>
#include <cmath>
#include <kam/retention/wallet.hpp>
#include <limits>
#include <string>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;

TEST_CASE("share_of_wallet and the Wallet Allocation Rule", "[wallet]") {
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

TEST_CASE("share_of_wallet: bad input names the account", "[wallet][errors]") {
  Eigen::Vector3d rev(20, 60, 50), wallet(100, 40, 50);
  CHECK(
      kam_test::message_of<kam::out_of_bounds>([&] { (void)kam::share_of_wallet(rev, wallet); }) ==
      "kam::share_of_wallet: 'revenue', row 1: revenue 60 exceeds the wallet 40; the share of "
      "wallet would exceed 1");
  CHECK_THROWS_AS(kam::share_of_wallet(rev, Eigen::Vector2d(1, 2)), kam::shape_mismatch);
}

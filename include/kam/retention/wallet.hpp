// Share of wallet, and the share of wallet the Wallet Allocation Rule expects from a brand's rank.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <optional>

namespace kam {

/// Returns each account's share of wallet, revenue / wallet (the account's total spend in our
/// category). Throws kam::shape_mismatch if the vectors differ in length or are not vectors,
/// kam::empty_input if empty, kam::non_finite_value for NaN or infinity, kam::invalid_input for
/// negative revenue or a wallet <= 0, and kam::out_of_bounds when revenue exceeds the wallet
/// (a share above 1 means the wallet estimate is wrong), each naming the account.
template <typename Revenue, typename Wallet>
requires real_scalar<typename Revenue::Scalar> &&
    std::same_as<typename Revenue::Scalar, typename Wallet::Scalar>
[[nodiscard]] vector_of<typename Revenue::Scalar> share_of_wallet(
    const Eigen::MatrixBase<Revenue>& revenue, const Eigen::MatrixBase<Wallet>& wallet) {
  using Scalar = typename Revenue::Scalar;
  constexpr const char* fn = "kam::share_of_wallet";
  if ((revenue.cols() != 1 && revenue.rows() != 1) || (wallet.cols() != 1 && wallet.rows() != 1) ||
      revenue.size() != wallet.size()) {
    throw shape_mismatch(
        {fn, "wallet", std::nullopt},
        detail::cat({"expects two vectors of equal length, got ", revenue.rows(), " x ",
                     revenue.cols(), " and ", wallet.rows(), " x ", wallet.cols()}));
  }
  if (revenue.size() == 0) throw empty_input({fn, "revenue", std::nullopt}, "no accounts");
  vector_of<Scalar> share(revenue.size());
  for (Eigen::Index i = 0; i < revenue.size(); ++i) {
    const Scalar r = revenue.coeff(i);
    const Scalar w = wallet.coeff(i);
    if (!std::isfinite(r))
      throw non_finite_value({fn, "revenue", i}, detail::cat({"value is ", r}));
    if (!std::isfinite(w)) throw non_finite_value({fn, "wallet", i}, detail::cat({"value is ", w}));
    if (r < 0)
      throw invalid_input({fn, "revenue", i}, detail::cat({"revenue ", r, " is negative"}));
    if (w <= 0) {
      throw invalid_input({fn, "wallet", i}, detail::cat({"wallet ", w, " must be positive"}));
    }
    if (r > w) {
      throw out_of_bounds({fn, "revenue", i},
                          detail::cat({"revenue ", r, " exceeds the wallet ", w,
                                       "; the share of wallet would exceed 1"}));
    }
    share(i) = r / w;
  }
  return share;
}

/// Returns the share of wallet the Wallet Allocation Rule expects for a brand ranked `rank`
/// (1 = the customer's favourite) among the `brands` brands a customer uses:
/// (1 - rank / (brands + 1)) x 2 / brands (Keiningham, Aksoy, Buoye & Cooil, "Customer loyalty
/// isn't enough. Grow your share of wallet", Harvard Business Review 89(10), 2011; Keiningham
/// et al., The Wallet Allocation Rule, Wiley 2015). The shares of ranks 1..brands sum to 1; a
/// fractional (average) rank is allowed for ties. Throws kam::out_of_bounds if brands < 1 or
/// rank is outside [1, brands].
template <real_scalar Scalar = double>
[[nodiscard]] Scalar wallet_allocation_share(Scalar rank, Eigen::Index brands) {
  constexpr const char* fn = "kam::wallet_allocation_share";
  if (brands < 1) {
    throw out_of_bounds({fn, "brands", std::nullopt},
                        detail::cat({"brands is ", brands, "; a customer uses at least one"}));
  }
  const auto b = static_cast<Scalar>(brands);
  if (!(rank >= 1 && rank <= b)) {
    throw out_of_bounds({fn, "rank", std::nullopt},
                        detail::cat({"rank is ", rank, "; it must be in [1, ", brands, "]"}));
  }
  return (Scalar(1) - rank / (b + 1)) * Scalar(2) / b;
}

/// Returns the Wallet Allocation Rule's expected share of wallet of every brand for every
/// customer: `scores` has customers in rows and brands in columns (a satisfaction or
/// recommendation score, higher = better); NaN marks a brand the customer does not use (its
/// share is 0). Brands are ranked per customer by score, 1 = highest; tied scores share the
/// average of their ranks, so each customer's shares still sum to 1.
/// Throws kam::empty_input for no customers or brands, kam::non_finite_value for infinity and
/// kam::invalid_input for a customer who uses no brand, naming the customer (row).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] matrix_of<typename Derived::Scalar> wallet_allocation(
    const Eigen::MatrixBase<Derived>& scores) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::wallet_allocation";
  if (scores.rows() == 0 || scores.cols() == 0) {
    throw empty_input({fn, "scores", std::nullopt}, "no customers or no brands");
  }
  matrix_of<Scalar> share = matrix_of<Scalar>::Zero(scores.rows(), scores.cols());
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    Eigen::Index used = 0;
    for (Eigen::Index j = 0; j < scores.cols(); ++j) {
      const Scalar v = scores.coeff(i, j);
      if (std::isinf(v)) {
        throw non_finite_value({fn, "scores", i},
                               detail::cat({"brand ", j, ": score is ", v, " (NaN marks unused)"}));
      }
      if (!std::isnan(v)) ++used;
    }
    if (used == 0) throw invalid_input({fn, "scores", i}, "the customer uses no brand (all NaN)");
    for (Eigen::Index j = 0; j < scores.cols(); ++j) {
      const Scalar v = scores.coeff(i, j);
      if (std::isnan(v)) continue;
      Eigen::Index better = 0, equal = 0;
      for (Eigen::Index k = 0; k < scores.cols(); ++k) {
        const Scalar u = scores.coeff(i, k);
        if (std::isnan(u)) continue;
        better += u > v ? 1 : 0;
        equal += u == v ? 1 : 0;
      }
      // Tied brands occupy ranks better + 1 .. better + equal: their average.
      const Scalar rank = static_cast<Scalar>(better) + static_cast<Scalar>(equal + 1) / Scalar(2);
      share(i, j) = wallet_allocation_share(rank, used);
    }
  }
  return share;
}

}  // namespace kam
